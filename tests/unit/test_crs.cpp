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
