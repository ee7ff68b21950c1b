// The maps.* settings as MapOptions (maps.hpp).
#include "landeff/maps.hpp"

namespace landeff {

MapOptions map_options(const Settings& s) {
    MapOptions mo;
    mo.page = s.str("maps.page");
    mo.orientation = s.str("maps.orientation");
    mo.dpi = static_cast<int>(s.integer("maps.dpi"));
    mo.breaks = s.str("maps.breaks");
    mo.classes = static_cast<int>(s.integer("maps.classes"));
    mo.region = s.str("maps.region");
    mo.unit = s.str("maps.unit");
    mo.source = s.str("maps.source");
    mo.outlier_km = s.number("maps.outlier_km");
    mo.atlas_min_parks = static_cast<int>(s.integer("maps.atlas_min_parks"));
    mo.atlas_max_pages = static_cast<int>(s.integer("maps.atlas_max_pages"));
    mo.max_labels = static_cast<int>(s.integer("maps.max_labels"));
    mo.overview_labels = static_cast<int>(s.integer("maps.overview_labels"));
    mo.atlas_by = s.str("maps.atlas_by");
    mo.lang = s.str("output.lang");
    return mo;
}

}  // namespace landeff
