#include "landeff/crs.hpp"

#include <cmath>
#include <cstdio>


#include "landeff/error.hpp"
#include "landeff/messages.hpp"

namespace landeff {

bool inside_china_bbox(double lon, double lat) {
    // The CGCS2000 3° zones 25–45 cover 73.5°E–136.5°E; China spans about 3°N–54°N.
    return lon >= 73.5 && lon <= 136.5 && lat >= 3.0 && lat <= 54.0;
}

std::string auto_crs_for(double lon, double lat) {
    if (inside_china_bbox(lon, lat)) {
        const int zone = static_cast<int>(std::lround(lon / 3.0));  // rules.md §1: zone = round(L/3)
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
        throw ConfigError(Msg::ECrsUnknown, {what, definition});
    srs->SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    return srs;
}

WorkingCrs make_working_crs(const std::string& definition, double center_lon, double center_lat) {
    WorkingCrs w;
    w.definition = definition == "auto" ? auto_crs_for(center_lon, center_lat) : definition;
    w.srs = parse_crs(w.definition, "crs");
    if (w.srs->IsGeographic() || !w.srs->IsProjected())
        throw ConfigError(Msg::ECrsGeographic, {"crs", w.definition});
    w.unit_m = w.srs->GetLinearUnits();
    const char* name = w.srs->GetName();
    w.name = name ? name : w.definition;
    return w;
}

double areal_scale_at(const OGRSpatialReference& srs, double lon, double lat) {
    // PROJ 9.1's proj_factors() returns nonsense for a projected CRS with northing-first axes
    // (EPSG:4549: −1.0e14) or in feet (EPSG:2263: 4.4e14), so the factor is computed here from
    // PROJ's own forward transform: the Jacobian determinant of (λ, φ) → (x, y) in metres per
    // radian², by central differences, over the ellipsoid's area element M·N·cosφ.
    std::unique_ptr<OGRSpatialReference> geog(srs.CloneGeogCS());
    if (!geog || !srs.IsProjected()) return std::nan("");
    geog->SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    OGRSpatialReference proj(srs);
    proj.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    std::unique_ptr<OGRCoordinateTransformation> ct(OGRCreateCoordinateTransformation(geog.get(), &proj));
    if (!ct) return std::nan("");
    const double deg = 3.14159265358979323846 / 180.0, h = 1e-5;  // step in radians (about 64 m)
    double x[4] = {lon + h / deg, lon - h / deg, lon, lon}, y[4] = {lat, lat, lat + h / deg, lat - h / deg};
    if (!ct->Transform(4, x, y)) return std::nan("");
    const double u = proj.GetLinearUnits();  // metres per CRS unit
    const double dx_dl = (x[0] - x[1]) * u / (2 * h), dy_dl = (y[0] - y[1]) * u / (2 * h);
    const double dx_dp = (x[2] - x[3]) * u / (2 * h), dy_dp = (y[2] - y[3]) * u / (2 * h);
    const double a = geog->GetSemiMajor(), inv_f = geog->GetInvFlattening();
    const double f = inv_f > 0 ? 1.0 / inv_f : 0.0, e2 = f * (2 - f);
    const double phi = lat * deg, w2 = 1 - e2 * std::sin(phi) * std::sin(phi);
    const double N = a / std::sqrt(w2), M = a * (1 - e2) / (w2 * std::sqrt(w2));
    return std::fabs(dx_dl * dy_dp - dx_dp * dy_dl) / (M * N * std::cos(phi));
}

void check_area_distortion(const WorkingCrs& w, double lon, double lat, double max_error, const std::string& where) {
    const double s = areal_scale_at(*w.srs, lon, lat);
    char buf[512];
    if (std::isnan(s)) {
        std::snprintf(buf, sizeof buf, "%.4f°E %.4f°N", lon, lat);
        throw ConfigError(Msg::ECrsNoScale, {where, w.definition, w.name, std::string(buf), auto_crs_for(lon, lat)});
    }
    const double error = std::fabs(s - 1.0);
    if (!(error > max_error)) return;
    auto printed = [](const char* f, double v) {
        char b[64];
        std::snprintf(b, sizeof b, f, v);
        return std::string(b);
    };
    std::snprintf(buf, sizeof buf, "%.4f°E %.4f°N", lon, lat);
    throw ConfigError(Msg::ECrsNotEqualArea, {where, w.definition, w.name, std::string(buf), printed("%+.3f", (s - 1.0) * 100.0),
                                              printed("%.6f", s), printed("%.3f", max_error * 100.0), auto_crs_for(lon, lat)});
}

}  // namespace landeff
