#pragma once
// Areas in m², planar (in the working CRS, scaled by its linear unit) or ellipsoidal (rules.md
// §1: 椭球面积 by the 2008 land-survey series, 国土调查办发〔2008〕32号, on the working CRS's own
// ellipsoid — CGCS2000 for the Gauss-Krüger CRSs).
#include <memory>

#include "landeff/crs.hpp"
#include "landeff/geos.hpp"

namespace landeff {

enum class AreaMode { Planar, Ellipsoidal };

// The ellipsoidal area of one ring given in radians (longitude L, latitude B), by the series
//   ΔF = 2b²[A sin(ΔB/2)cos Bm − B sin(3ΔB/2)cos 3Bm + C sin(5ΔB/2)cos 5Bm − D sin(7ΔB/2)cos 7Bm
//        + E sin(9ΔB/2)cos 9Bm]   per edge, S = |Σ (Lm − L0)·ΔF|.
// a, b: semi-axes in metres. Exposed for tests.
double ellipsoidal_ring_area(const double* lon_rad, const double* lat_rad, size_t n, double a, double b);

class AreaMeter {
public:
    AreaMeter(const WorkingCrs& crs, AreaMode mode, double densify_m);
    ~AreaMeter();
    AreaMeter(const AreaMeter&) = delete;
    AreaMeter& operator=(const AreaMeter&) = delete;
    // Area of a (multi)polygon in m²; 0 for null or empty. Thread-safe.
    double area_m2(const GEOSGeometry* g) const;
    AreaMode mode() const { return m_mode; }
    // Planar mode: m² per squared unit of the working CRS (an area measured from coordinates times
    // this is area_m2's); ellipsoidal mode: 0, no such factor.
    double planar_factor() const { return m_mode == AreaMode::Planar ? m_factor : 0.0; }

private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
    AreaMode m_mode;
    double m_factor;
};

}  // namespace landeff
