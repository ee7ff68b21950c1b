#include "landeff/crs.hpp"

#include <cmath>

#include "landeff/error.hpp"

namespace landeff {

bool inside_china_bbox(double lon, double lat) {
    // The CGCS2000 3° zones 25–45 cover 73.5°E–136.5°E; China spans about 3°N–54°N.
    return lon >= 73.5 && lon <= 136.5 && lat >= 3.0 && lat <= 54.0;
}

std::string auto_crs_for(double lon, double lat) {
    if (inside_china_bbox(lon, lat)) {
        const int zone = static_cast<int>(std::lround(lon / 3.0));  // DOMAIN.md §1: zone = round(L/3)
        return "EPSG:" + std::to_string(4488 + zone);                // 4513 (zone 25) … 4533 (zone 45)
    }
    int zone = static_cast<int>(std::floor((lon + 180.0) / 6.0)) + 1;
    zone = std::max(1, std::min(60, zone));
    return "EPSG:" + std::to_string((lat >= 0 ? 32600 : 32700) + zone);
}

std::shared_ptr<OGRSpatialReference> parse_crs(const std::string& definition, const std::string& what) {
    auto srs = std::make_shared<OGRSpatialReference>();
    if (srs->SetFromUserInput(definition.c_str(), OGRSpatialReference::SET_FROM_USER_INPUT_LIMITATIONS) !=
        OGRERR_NONE)
        throw ConfigError(what + " = \"" + definition + "\" is not a CRS PROJ knows; write it as \"EPSG:4549\" or a WKT/PROJ string");
    srs->SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    return srs;
}

WorkingCrs make_working_crs(const std::string& definition, double center_lon, double center_lat) {
    WorkingCrs w;
    w.definition = definition == "auto" ? auto_crs_for(center_lon, center_lat) : definition;
    w.srs = parse_crs(w.definition, "crs");
    if (w.srs->IsGeographic() || !w.srs->IsProjected())
        throw ConfigError("crs = \"" + w.definition +
                          "\" is a geographic CRS (degrees); areas need a projected one: use crs = \"auto\" or a "
                          "Gauss-Krüger CRS such as \"EPSG:4549\" (CGCS2000, CM 120E)");
    w.unit_m = w.srs->GetLinearUnits();
    const char* name = w.srs->GetName();
    w.name = name ? name : w.definition;
    return w;
}

}  // namespace landeff
