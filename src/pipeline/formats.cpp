// The output formats `run` knows, and what each format needs from the run's settings.
#include "landeff/error.hpp"
#include "parts.hpp"

namespace landeff {

const std::set<std::string>& known_formats() {
    static const std::set<std::string> f = {"gpkg", "geojson", "shp", "xlsx", "html", "maps", "docs"};
    return f;
}
const std::set<std::string>& vector_formats() {
    static const std::set<std::string> f = {"gpkg", "geojson", "shp"};
    return f;
}

namespace pipeline {

void check_formats(const std::set<std::string>& formats) {
    for (const auto& f : formats)
        if (!known_formats().count(f))
            throw ConfigError("--formats: unknown format \"" + f + "\"; known: gpkg, geojson, shp, xlsx, html, maps, docs");
}

MapOptions map_options(const Dataset& ds) {
    MapOptions mo = landeff::map_options(ds.cfg.settings);
    mo.year = ds.cfg.year;
    mo.eval_date = ds.cfg.eval_date.iso();
    mo.crs = ds.crs.definition;
    return mo;
}

}  // namespace pipeline
}  // namespace landeff
