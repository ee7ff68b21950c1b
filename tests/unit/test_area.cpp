// Ellipsoidal area (2008 land-survey series) against GeographicLib's geodesic polygon area.
#include <gtest/gtest.h>

#include <GeographicLib/Geodesic.hpp>
#include <GeographicLib/PolygonArea.hpp>
#include <ogr_spatialref.h>

#include <cmath>
#include <memory>
#include <vector>

#include "landeff/area.hpp"
#include "landeff/crs.hpp"

using namespace landeff;

namespace {

struct Square {
    double cx, cy, side;
};

// Forward-projects (lon, lat) into EPSG:4549 (CGCS2000 GK CM 120E).
std::pair<double, double> to_gk(const WorkingCrs& w, double lon, double lat) {
    OGRSpatialReference geo;
    geo.importFromEPSG(4490);
    geo.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    std::unique_ptr<OGRCoordinateTransformation> ct(OGRCreateCoordinateTransformation(&geo, w.srs.get()));
    double x = lon, y = lat;
    ct->Transform(1, &x, &y);
    return {x, y};
}

GeomPtr square_geom(const Square& s) {
    const double h = s.side / 2;
    char wkt[512];
    std::snprintf(wkt, sizeof wkt, "POLYGON((%.6f %.6f,%.6f %.6f,%.6f %.6f,%.6f %.6f,%.6f %.6f))", s.cx - h, s.cy - h,
                  s.cx + h, s.cy - h, s.cx + h, s.cy + h, s.cx - h, s.cy + h, s.cx - h, s.cy - h);
    return from_wkt(wkt);
}

// GeographicLib's area of the same boundary: the square's edges split every ≤ 10 m in the plane,
// inverse-projected, joined by geodesics.
double geodesic_area(const WorkingCrs& w, const Square& s) {
    OGRSpatialReference geo;
    geo.importFromEPSG(4490);
    geo.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    std::unique_ptr<OGRCoordinateTransformation> ct(OGRCreateCoordinateTransformation(w.srs.get(), &geo));
    const double h = s.side / 2;
    const double corners[5][2] = {{s.cx - h, s.cy - h}, {s.cx + h, s.cy - h}, {s.cx + h, s.cy + h}, {s.cx - h, s.cy + h},
                                  {s.cx - h, s.cy - h}};
    const GeographicLib::Geodesic g(6378137.0, 1 / 298.257222101);  // CGCS2000
    GeographicLib::PolygonArea poly(g);
    for (int e = 0; e < 4; ++e) {
        const int parts = std::max(1, static_cast<int>(std::ceil(s.side / 10.0)));
        for (int k = 0; k < parts; ++k) {
            const double t = static_cast<double>(k) / parts;
            double x = corners[e][0] + (corners[e + 1][0] - corners[e][0]) * t;
            double y = corners[e][1] + (corners[e + 1][1] - corners[e][1]) * t;
            ct->Transform(1, &x, &y);
            poly.AddPoint(y, x);
        }
    }
    double perimeter = 0, area = 0;
    poly.Compute(false, true, perimeter, area);
    return std::fabs(area);
}

}  // namespace

TEST(EllipsoidalArea, AgreesWithGeographicLibFromOneMuToTenSquareKilometres) {
    const WorkingCrs w = make_working_crs("EPSG:4549", 0, 0);
    const AreaMeter ellipsoidal(w, AreaMode::Ellipsoidal, 10.0);
    const AreaMeter planar(w, AreaMode::Planar, 10.0);
    // 1 mu = 666.67 m² (side 25.82 m) … 10 km² (side 3162.3 m).
    const double sides[] = {std::sqrt(10000.0 / 15.0), 100.0, 1000.0, std::sqrt(1e7)};
    for (double lat : {20.0, 30.0, 40.0, 50.0}) {
        // 0.5° east of the central meridian, where GK's scale error is ~(0.5°·cos φ)²/2.
        const auto [cx, cy] = to_gk(w, 120.5, lat);
        for (double side : sides) {
            const Square s{cx, cy, side};
            const auto g = square_geom(s);
            const double ours = ellipsoidal.area_m2(g.get());
            const double ref = geodesic_area(w, s);
            const double ha = ref / 10000.0;
            // "Well under 1 m² per hectare": within 0.01 m²/ha (and 0.01 m² absolute for small ones).
            EXPECT_NEAR(ours, ref, std::max(0.01, 0.01 * ha)) << "lat " << lat << " side " << side;
            // The planar GK area is larger by about (Δλ·cos φ)² = (0.00873·cos φ)²: at 10 km² and
            // 20° that is 7.6e-5·0.883·1e7 = 6.7e2 m² — far outside the tolerance above, so the
            // comparison does tell the two modes apart.
            if (side > 3000) {
                const double expected_excess = std::pow(0.5 * M_PI / 180 * std::cos(lat * M_PI / 180), 2) * ref;
                EXPECT_NEAR(planar.area_m2(g.get()) - ours, expected_excess, 0.05 * expected_excess) << "lat " << lat;
            }
        }
    }
}

TEST(EllipsoidalArea, HolesAreSubtracted) {
    const WorkingCrs w = make_working_crs("EPSG:4549", 0, 0);
    const AreaMeter m(w, AreaMode::Ellipsoidal, 10.0);
    const auto [cx, cy] = to_gk(w, 120.0, 30.0);  // on the central meridian: scale factor 1
    char wkt[512];
    std::snprintf(wkt, sizeof wkt,
                  "POLYGON((%f %f,%f %f,%f %f,%f %f,%f %f),(%f %f,%f %f,%f %f,%f %f,%f %f))", cx, cy, cx + 200, cy,
                  cx + 200, cy + 200, cx, cy + 200, cx, cy, cx + 50, cy + 50, cx + 50, cy + 150, cx + 150, cy + 150,
                  cx + 150, cy + 50, cx + 50, cy + 50);
    // 200² − 100² = 30000 m²; on the central meridian GK is true to scale to ~1e-6 here.
    EXPECT_NEAR(m.area_m2(from_wkt(wkt).get()), 30000.0, 0.5);
}
