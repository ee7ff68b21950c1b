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

// grading.band_rounding = "cumulative" on small populations (issue 13 item 10). Cut-offs are
// round_half_up(20 %·n), round_half_up(60 %·n), round_half_up(95 %·n); D = n − the last.
TEST(Bands, CumulativeOnSmallPopulations) {
    const std::vector<double> p = {20, 40, 35, 5};
    // n = 1: 0.2 → 0, 0.6 → 1, 0.95 → 1: the one enterprise is B.
    EXPECT_EQ(band_cutoffs(p, 1), (std::vector<size_t>{0, 1, 1}));
    // n = 4: 0.8 → 1, 2.4 → 2, 3.8 → 4: A 1, B 1, C 2, no D.
    EXPECT_EQ(band_cutoffs(p, 4), (std::vector<size_t>{1, 2, 4}));
    // n = 10: 2, 6, 9.5 → 10: no D (the defect per_band addresses).
    EXPECT_EQ(band_cutoffs(p, 10), (std::vector<size_t>{2, 6, 10}));
    // n = 11: 2.2 → 2, 6.6 → 7, 10.45 → 10: the first population with a D.
    EXPECT_EQ(band_cutoffs(p, 11), (std::vector<size_t>{2, 7, 10}));
    // n = 20: 4, 12, 19: D 1.
    EXPECT_EQ(band_cutoffs(p, 20), (std::vector<size_t>{4, 12, 19}));
    // n = 21: 4.2 → 4, 12.6 → 13, 19.95 → 20: D 1.
    EXPECT_EQ(band_cutoffs(p, 21), (std::vector<size_t>{4, 13, 20}));
}

// grading.band_rounding = "per_band": A = round_half_up(20 %·n), B = round_half_up(40 %·n),
// D = round_half_up(5 %·n), at least 1 once n ≥ min_for_d; C the rest. Cut-offs {A, A+B, n − D}.
TEST(Bands, PerBandOnSmallPopulations) {
    const std::vector<double> p = {20, 40, 35, 5};
    const size_t min_for_d = 5;  // the default
    // n = 1: A 0.2 → 0, B 0.4 → 0, D 0.05 → 0 (1 < 5, not forced), C 1: the one enterprise is C.
    EXPECT_EQ(band_cutoffs_per_band(p, 1, min_for_d), (std::vector<size_t>{0, 0, 1}));
    // n = 4: A 0.8 → 1, B 1.6 → 2, D 0.2 → 0 (4 < 5), C = 4 − 3 = 1.
    EXPECT_EQ(band_cutoffs_per_band(p, 4, min_for_d), (std::vector<size_t>{1, 3, 4}));
    // n = 5: A 1, B 2, D 0.25 → 0 but 5 ≥ min_for_d → 1; C = 5 − 1 − 2 − 1 = 1.
    EXPECT_EQ(band_cutoffs_per_band(p, 5, min_for_d), (std::vector<size_t>{1, 3, 4}));
    // n = 10: A 2, B 4, D 0.5 → 1 (half up), C = 10 − 7 = 3.
    EXPECT_EQ(band_cutoffs_per_band(p, 10, min_for_d), (std::vector<size_t>{2, 6, 9}));
    // n = 11: A 2.2 → 2, B 4.4 → 4, D 0.55 → 1, C = 11 − 7 = 4.
    EXPECT_EQ(band_cutoffs_per_band(p, 11, min_for_d), (std::vector<size_t>{2, 6, 10}));
    // n = 20: A 4, B 8, D 1, C 7.
    EXPECT_EQ(band_cutoffs_per_band(p, 20, min_for_d), (std::vector<size_t>{4, 12, 19}));
    // n = 21: A 4.2 → 4, B 8.4 → 8, D 1.05 → 1, C = 21 − 13 = 8.
    EXPECT_EQ(band_cutoffs_per_band(p, 21, min_for_d), (std::vector<size_t>{4, 12, 20}));
}

TEST(Bands, PerBandMinimumDAndTinyPopulations) {
    const std::vector<double> p = {20, 40, 35, 5};
    // min_for_d = 4, n = 4: D forced to 1; A 1; B min(2, 4 − 1 − 1 = 2) = 2; C 0.
    EXPECT_EQ(band_cutoffs_per_band(p, 4, 4), (std::vector<size_t>{1, 3, 3}));
    // min_for_d = 1, n = 1: the one enterprise is D.
    EXPECT_EQ(band_cutoffs_per_band(p, 1, 1), (std::vector<size_t>{0, 0, 0}));
    // min_for_d = 0: never forced; n = 4 as without a minimum.
    EXPECT_EQ(band_cutoffs_per_band(p, 4, 0), (std::vector<size_t>{1, 3, 4}));
    // Rounded counts over n: 25|45|25|5 of 2 with min_for_d 2: D 1, A 0.5 → 1, B 0.9 → 1 but only
    // 2 − 1 − 1 = 0 left → 0, C 0: one A and one D.
    EXPECT_EQ(band_cutoffs_per_band({25, 45, 25, 5}, 2, 2), (std::vector<size_t>{1, 1, 1}));
    EXPECT_EQ(band_cutoffs_per_band(p, 0, 5), (std::vector<size_t>{0, 0, 0}));
}
