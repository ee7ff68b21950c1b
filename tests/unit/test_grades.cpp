#include <gtest/gtest.h>

#include "landeff/grades.hpp"

using namespace landeff;

TEST(Bands, CumulativeCountsRoundHalfUp) {
    // 20/40/35/5 of 20: 4, 12, 19.
    EXPECT_EQ(band_cutoffs({20, 40, 35, 5}, 20), (std::vector<size_t>{4, 12, 19}));
    // 25/45/25/5 of 10: 2.5 → 3, 7.0 → 7, 9.5 → 10 (half up), so no D.
    EXPECT_EQ(band_cutoffs({25, 45, 25, 5}, 10), (std::vector<size_t>{3, 7, 10}));
    // 20/40/35/5 of 7: 1.4 → 1, 4.2 → 4, 6.65 → 7.
    EXPECT_EQ(band_cutoffs({20, 40, 35, 5}, 7), (std::vector<size_t>{1, 4, 7}));
    EXPECT_EQ(band_cutoffs({20, 40, 35, 5}, 0), (std::vector<size_t>{0, 0, 0}));
}
