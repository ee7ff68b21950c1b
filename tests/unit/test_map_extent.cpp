// The maps' extent leaves out parcels far from every park (issue 16).
#include <gtest/gtest.h>

#include <cmath>

#include "landeff/maps.hpp"

using namespace landeff;

// One park [0, 1000]²; max distance 1000. Box distances: a parcel at x 2000 is 2000 − 1000 = 1000
// (on the limit: near); at x 2001, 1001 (an outlier); corner to corner dx 600, dy 800 → √(600² +
// 800²) = 1000 (near); dx 601 → √1001201 = 1000.6 (an outlier).
TEST(MapExtentBoxes, ParcelsBeyondTheDistanceAreOutliersAndDoNotStretchTheExtent) {
    const std::vector<std::array<double, 4>> parks = {{0, 0, 1000, 1000}};
    const std::vector<std::array<double, 4>> parcels = {{100, 100, 200, 200},      // 0 inside
                                                        {2000, 0, 2100, 100},      // 1 exactly 1000 east
                                                        {2001, 0, 2101, 100},      // 2 1001 east
                                                        {1600, 1800, 1700, 1900},  // 3 exactly 1000 diagonally
                                                        {1601, 1800, 1701, 1900},  // 4 1000.6 diagonally
                                                        {NAN, NAN, NAN, NAN}};     // 5 no geometry: skipped
    const MapExtent e = map_extent(parks, parcels, 1000);
    EXPECT_EQ(e.outliers, (std::vector<size_t>{2, 4}));
    ASSERT_FALSE(e.empty);
    // Park ∪ parcels 0, 1, 3: x 0 … max(1000, 2100, 1700) = 2100; y 0 … max(1000, 100, 1900) = 1900.
    EXPECT_EQ(e.box, (std::array<double, 4>{0, 0, 2100, 1900}));
}

TEST(MapExtentBoxes, WithoutParksEveryParcelCounts) {
    const MapExtent e = map_extent({}, {{0, 0, 10, 10}, {90000, 0, 90010, 10}}, 1000);
    EXPECT_TRUE(e.outliers.empty());
    EXPECT_EQ(e.box, (std::array<double, 4>{0, 0, 90010, 10}));
}
