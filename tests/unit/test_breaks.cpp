// Class breaks of the per-mu tax map and the class of a value (issue 16: a null is 无数据).
#include <gtest/gtest.h>

#include <cmath>

#include "landeff/maps.hpp"

using namespace landeff;

// Breaks {0.1, 1, 10}: four value classes 0 (< 0.1), 1 [0.1, 1), 2 [1, 10), 3 (≥ 10), and the
// 无数据 class 3 + 1 = 4 for a null.
TEST(Breaks, ValueOnABreakBelongsToTheClassAbove) {
    const std::vector<double> br = {0.1, 1, 10};
    EXPECT_EQ(value_class(0.0, br), 0u);     // 0 < 0.1
    EXPECT_EQ(value_class(0.0999, br), 0u);  // just below the first break
    EXPECT_EQ(value_class(0.1, br), 1u);     // exactly the first break: class above
    EXPECT_EQ(value_class(0.999, br), 1u);
    EXPECT_EQ(value_class(1.0, br), 2u);
    EXPECT_EQ(value_class(10.0, br), 3u);    // exactly the last break: the top class
    EXPECT_EQ(value_class(-5.0, br), 0u);    // a negative figure is a value, the lowest class
}

TEST(Breaks, NullIsTheNoDataClassNeverTheLowest) {
    const std::vector<double> br = {0.1, 1, 10};
    EXPECT_EQ(value_class(std::nan(""), br), 4u);  // 3 breaks → classes 0…3; 无数据 = 4
    EXPECT_EQ(value_class(std::nan(""), {}), 1u);  // no breaks: one class 0, 无数据 = 1
}

// Quantile breaks of {0.1, 1, 10} in 5 classes: positions k·3/5 = 0.6, 1.2, 1.8, 2.4 → sorted
// values[0], [1], [1], [2] = 0.1, 1, 1, 10 → duplicates dropped: {0.1, 1, 10}.
TEST(Breaks, QuantileBreaksOfThreeValues) {
    EXPECT_EQ(quantile_breaks({10, 0.1, 1}, 5), (std::vector<double>{0.1, 1, 10}));
}
