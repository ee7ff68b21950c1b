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
    return mo;
}

}  // namespace landeff
