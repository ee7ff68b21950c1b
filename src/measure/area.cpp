#include "landeff/area.hpp"

#include <ogr_spatialref.h>
#include <tbb/enumerable_thread_specific.h>

#include <cmath>
#include <vector>

#include "landeff/error.hpp"

namespace landeff {

double ellipsoidal_ring_area(const double* L, const double* B, size_t n, double a, double b) {
    if (n < 3) return 0.0;
    const double e2 = (a * a - b * b) / (a * a);
    const double e4 = e2 * e2, e6 = e4 * e2, e8 = e6 * e2;
    // Coefficients of the 2008 survey formula (series in e² up to e⁸).
    const double cA = 1 + (3.0 / 6) * e2 + (30.0 / 80) * e4 + (35.0 / 112) * e6 + (630.0 / 2304) * e8;
    const double cB = (1.0 / 6) * e2 + (15.0 / 80) * e4 + (21.0 / 112) * e6 + (420.0 / 2304) * e8;
    const double cC = (3.0 / 80) * e4 + (7.0 / 112) * e6 + (180.0 / 2304) * e8;
    const double cD = (1.0 / 112) * e6 + (45.0 / 2304) * e8;
    const double cE = (5.0 / 2304) * e8;
    const double L0 = L[0];
    double sum = 0;
    for (size_t i = 0; i < n; ++i) {
        const size_t j = (i + 1) % n;
        const double dB = B[j] - B[i];
        if (dB == 0) continue;
        const double Bm = (B[i] + B[j]) / 2;
        const double Lm = (L[i] + L[j]) / 2 - L0;
        const double dF = 2 * b * b *
                          (cA * std::sin(dB / 2) * std::cos(Bm) - cB * std::sin(3 * dB / 2) * std::cos(3 * Bm) +
                           cC * std::sin(5 * dB / 2) * std::cos(5 * Bm) - cD * std::sin(7 * dB / 2) * std::cos(7 * Bm) +
                           cE * std::sin(9 * dB / 2) * std::cos(9 * Bm));
        sum += Lm * dF;
    }
    return std::fabs(sum);
}

struct AreaMeter::Impl {
    std::shared_ptr<OGRSpatialReference> working, geographic;
    double a = 0, b = 0, densify = 50;
    tbb::enumerable_thread_specific<std::unique_ptr<OGRCoordinateTransformation>> ct;

    double ring_area(const GEOSGeometry* ring) const {
        const GEOSCoordSequence* seq = GEOSGeom_getCoordSeq_r(geos(), ring);
        unsigned int n = 0;
        if (!seq || !GEOSCoordSeq_getSize_r(geos(), seq, &n) || n < 4) return 0;
        std::vector<double> x, y;
        x.reserve(n);
        y.reserve(n);
        for (unsigned i = 0; i + 1 < n; ++i) {  // the closing point repeats the first
            double x0, y0, x1, y1;
            GEOSCoordSeq_getXY_r(geos(), seq, i, &x0, &y0);
            GEOSCoordSeq_getXY_r(geos(), seq, i + 1, &x1, &y1);
            // Split long edges so the boundary stays straight in the survey plane.
            const double len = std::hypot(x1 - x0, y1 - y0);
            const int parts = std::max(1, static_cast<int>(std::ceil(len / densify)));
            for (int k = 0; k < parts; ++k) {
                const double t = static_cast<double>(k) / parts;
                x.push_back(x0 + (x1 - x0) * t);
                y.push_back(y0 + (y1 - y0) * t);
            }
        }
        auto& tr = const_cast<Impl*>(this)->ct.local();
        if (!tr) tr.reset(OGRCreateCoordinateTransformation(working.get(), geographic.get()));
        if (!tr || !tr->Transform(static_cast<int>(x.size()), x.data(), y.data())) return std::nan("");
        constexpr double kDeg = 3.14159265358979323846 / 180.0;
        for (size_t i = 0; i < x.size(); ++i) {
            x[i] *= kDeg;
            y[i] *= kDeg;
        }
        return ellipsoidal_ring_area(x.data(), y.data(), x.size(), a, b);
    }

    double polygon_area(const GEOSGeometry* poly) const {
        double s = ring_area(GEOSGetExteriorRing_r(geos(), poly));
        const int holes = GEOSGetNumInteriorRings_r(geos(), poly);
        for (int h = 0; h < holes; ++h) s -= ring_area(GEOSGetInteriorRingN_r(geos(), poly, h));
        return s;
    }
};

AreaMeter::AreaMeter(const WorkingCrs& crs, AreaMode mode, double densify_m)
    : m_impl(std::make_unique<Impl>()), m_mode(mode), m_factor(crs.area_factor()) {
    if (mode == AreaMode::Planar) return;
    m_impl->working = crs.srs;
    m_impl->geographic.reset(crs.srs->CloneGeogCS());
    if (!m_impl->geographic) throw ConfigError("area_mode = \"ellipsoidal\": the working CRS " + crs.definition + " has no ellipsoid");
    m_impl->geographic->SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    m_impl->a = crs.srs->GetSemiMajor();
    m_impl->b = crs.srs->GetSemiMinor();
    m_impl->densify = densify_m / crs.unit_m;  // in working-CRS units
}

AreaMeter::~AreaMeter() = default;

double AreaMeter::area_m2(const GEOSGeometry* g) const {
    if (!g || GEOSisEmpty_r(geos(), g)) return 0.0;
    if (m_mode == AreaMode::Planar) return area(g) * m_factor;
    const int type = GEOSGeomTypeId_r(geos(), g);
    if (type == GEOS_POLYGON) return m_impl->polygon_area(g);
    double s = 0;
    const int n = GEOSGetNumGeometries_r(geos(), g);
    for (int i = 0; i < n; ++i) {
        const GEOSGeometry* part = GEOSGetGeometryN_r(geos(), g, i);
        if (GEOSGeomTypeId_r(geos(), part) == GEOS_POLYGON) s += m_impl->polygon_area(part);
        else s += area_m2(part);  // nested collections from overlay results
    }
    return s;
}

}  // namespace landeff
