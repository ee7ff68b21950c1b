#pragma once
// The working CRS (rules.md §1): a projected CRS in which areas are measured.
#include <memory>
#include <string>

#include <ogr_spatialref.h>

namespace landeff {

struct WorkingCrs {
    std::shared_ptr<OGRSpatialReference> srs;  // axis order: traditional GIS (x = easting)
    std::string definition;  // as resolved, e.g. "EPSG:4549"
    std::string name;        // e.g. "CGCS2000 / 3-degree Gauss-Kruger CM 120E"
    double unit_m = 1.0;     // metres per linear unit (US survey foot = 0.3048006096…)
    double area_factor() const { return unit_m * unit_m; }  // CRS units² → m²
};

// The CGCS2000 3° Gauss-Krüger zone with zone prefix for a longitude/latitude inside China
// (EPSG:4488 + round(lon/3)), else the WGS 84 UTM zone. Returns "EPSG:NNNN".
std::string auto_crs_for(double lon, double lat);
bool inside_china_bbox(double lon, double lat);

// Resolves `definition` ("auto" needs the data's centre in lon/lat). Throws ConfigError for an
// unknown or geographic CRS.
WorkingCrs make_working_crs(const std::string& definition, double center_lon, double center_lat);

// The areal scale factor of a projected CRS at a longitude/latitude in degrees (from PROJ's transform):
// 1 for an equal-area projection, about 1.283 for Web Mercator at 28°N; NaN when PROJ cannot tell.
double areal_scale_at(const OGRSpatialReference& srs, double lon, double lat);

// Throws ConfigError (naming `where`, e.g. "c.toml:2: crs", the CRS, the distortion and the CGCS2000
// 3° zone to use instead) when |areal scale − 1| at lon/lat exceeds `max_error` (crs_max_area_error).
void check_area_distortion(const WorkingCrs& w, double lon, double lat, double max_error, const std::string& where);

// Parses a user CRS definition; throws ConfigError naming `what` when PROJ does not know it.
std::shared_ptr<OGRSpatialReference> parse_crs(const std::string& definition, const std::string& what);

}  // namespace landeff
