#include <gtest/gtest.h>

#include "landeff/crs.hpp"
#include "landeff/error.hpp"

using namespace landeff;

TEST(Crs, AutoPicksGaussKrugerZoneWithPrefix) {
    // Wenzhou 120.7E: zone round(120.7/3) = round(40.23) = 40 → EPSG 4488+40 = 4528.
    EXPECT_EQ(auto_crs_for(120.7, 28.0), "EPSG:4528");
    // Hefei 117.27E: round(39.09) = 39 → 4527 (the CRS the realdata notes use).
    EXPECT_EQ(auto_crs_for(117.27, 31.86), "EPSG:4527");
    // Kashgar 75.99E: round(25.33) = 25 → 4513, the first 3° zone.
    EXPECT_EQ(auto_crs_for(75.99, 39.47), "EPSG:4513");
}

TEST(Crs, AutoOutsideChinaIsUtm) {
    // New York −73.9: UTM zone floor((−73.9+180)/6)+1 = 18, north → 32618.
    EXPECT_EQ(auto_crs_for(-73.9, 40.7), "EPSG:32618");
    EXPECT_EQ(auto_crs_for(151.2, -33.9), "EPSG:32756");
}

TEST(Crs, GeographicWorkingCrsIsRefused) {
    EXPECT_THROW(make_working_crs("EPSG:4490", 0, 0), ConfigError);
    EXPECT_THROW(make_working_crs("EPSG:999999", 0, 0), ConfigError);
}

TEST(Crs, LinearUnitIsKnown) {
    EXPECT_DOUBLE_EQ(make_working_crs("EPSG:4549", 0, 0).unit_m, 1.0);
    // NAD83 / New York Long Island (ftUS): 1200/3937 m per foot.
    EXPECT_NEAR(make_working_crs("EPSG:2263", 0, 0).unit_m, 1200.0 / 3937.0, 1e-12);
}

// ---- issue 14: a working CRS must be equal-area-safe where the data is ----
// The demo city's centre, near Wenzhou: 120.7°E 28°N.
TEST(CrsDistortion, WebMercatorInflatesAreasBy29PercentAt28N) {
    // EPSG:3857 projects ellipsoidal latitudes with the spherical formulas on a = 6378137 m:
    // h = a·secφ/M, k = a·secφ/N, so the areal scale is sec²φ · a²/(M·N) = sec²φ · W⁴/(1−e²), W² = 1 − e² sin²φ.
    // φ = 28°: cos² = 0.779596 → sec² = 1.282715; e² = 0.00669438, sin² = 0.220404, W² = 0.998525,
    // W⁴/(1−e²) = 0.997051/0.993306 = 1.003771 → 1.282715 × 1.003771 = 1.287552.
    auto w = make_working_crs("EPSG:3857", 0, 0);
    EXPECT_NEAR(areal_scale_at(*w.srs, 120.7, 28.0), 1.287552, 2e-5);
    try {
        check_area_distortion(w, 120.7, 28.0, 0.003, "c.toml:2: crs");
        FAIL() << "EPSG:3857 accepted";
    } catch (const ConfigError& e) {
        const std::string m = e.what();
        EXPECT_NE(m.find("c.toml:2: crs = \"EPSG:3857\""), std::string::npos) << m;
        EXPECT_NE(m.find("+28.755 %"), std::string::npos) << m;  // (1.287552 − 1)·100
        // Suggested: the CGCS2000 3° zone of 120.7°E, round(120.7/3) = 40 → EPSG:4488+40 = 4528.
        EXPECT_NE(m.find("use crs = \"EPSG:4528\""), std::string::npos) << m;
    }
}

TEST(CrsDistortion, GaussKrugerZoneNearTheDataIsAccepted) {
    // EPSG:4549 (CM 120°E, k0 = 1) at 120.7°E 28°N: areal scale ≈ 1 + (Δλ·cosφ)²(1+η²),
    // Δλ = 0.7° = 0.0122173 rad, cosφ = 0.882948 → 0.0107873² = 0.00011637; η² = e'²cos²φ = 0.0067395·0.779596
    // = 0.005254 → 1 + 0.00011637·1.005254 = 1.000117.
    auto w = make_working_crs("EPSG:4549", 0, 0);
    EXPECT_NEAR(areal_scale_at(*w.srs, 120.7, 28.0), 1.000117, 1e-6);
    EXPECT_NO_THROW(check_area_distortion(w, 120.7, 28.0, 0.003, "crs"));
    // A 6° zone's edge at the equator, the worst case the default must still accept: UTM 51N (CM 123°E,
    // k0 = 0.9996) at 120°E 0°N: Δλ = 3° = 0.0523599 rad, η² = e'² = 0.0067395; k ≈ k0(1 + Δλ²(1+η²)/2 + Δλ⁴(5)/24)
    // = 0.9996·(1 + 0.0013800 + 0.0000016) = 0.9996·1.0013816 = 1.0009810 → areal k² = 1.0019630 (0.196 %).
    auto utm = make_working_crs("EPSG:32651", 0, 0);
    EXPECT_NEAR(areal_scale_at(*utm.srs, 120.0, 0.0), 1.001963, 5e-6);
    EXPECT_NO_THROW(check_area_distortion(utm, 120.0, 0.0, 0.003, "crs"));
}

TEST(CrsDistortion, FarAwayZoneIsRefused) {
    // UTM 49N (CM 111°E) for data at 120.7°E 28°N: Δλ = 9.7° → (Δλ·cosφ)² = (0.169297·0.882948)² = 0.022345:
    // areal ≈ 0.9992·(1 + 0.0225) ≈ 1.022, well beyond 0.3 %.
    auto w = make_working_crs("EPSG:32649", 0, 0);
    EXPECT_GT(areal_scale_at(*w.srs, 120.7, 28.0), 1.02);
    EXPECT_THROW(check_area_distortion(w, 120.7, 28.0, 0.003, "crs"), ConfigError);
    // Exactly at the limit is accepted (the test is "exceeds"): max_error = the distortion itself.
    auto gk = make_working_crs("EPSG:4549", 0, 0);
    const double err = areal_scale_at(*gk.srs, 120.7, 28.0) - 1.0;
    EXPECT_NO_THROW(check_area_distortion(gk, 120.7, 28.0, err, "crs"));
    EXPECT_THROW(check_area_distortion(gk, 120.7, 28.0, err * 0.999, "crs"), ConfigError);
}
