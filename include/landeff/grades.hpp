#pragma once
// 亩均效益综合评价 (rules.md §5): enterprise scores and A/B/C/D grades, each explained.
#include "landeff/findings.hpp"
#include "landeff/model.hpp"
#include "landeff/params.hpp"

namespace landeff {

// Needs measure() first (enterprise land). Fills EntResult score/rank/grade, Analysis::grade_scales
// and ParcelResult grade.
void grade_enterprises(const Dataset& ds, const GradingRules& rules, Analysis& an, Findings& findings);

// Why the enterprise has its grade (or none): each item's points, the score, rank and band, or the
// reason it was not graded. Derived again from the inputs and the scales, so nothing is stored.
std::string grade_why(const Dataset& ds, const Analysis& an, const EntResult& e);

// One item of a scored enterprise's grade, as grade_why explains it (the 一企一单 confirmation sheet,
// issue 17): the value (NaN without the figures; +inf for an emission of 0), the list's benchmark and
// weight, and the points counted in the score. how: 'p' points from value ÷ benchmark × weight
// (capped at grading.item_cap × weight), 'c' the emission cap, 'm' the population's mean points (no
// emission figure), 'z' 0 points (a figure missing).
struct GradeItem {
    std::string label;  // 亩均税收, …
    double value, bench, weight, points;
    char how;
};
// Empty when the enterprise is not scored (grade_why says why).
std::vector<GradeItem> grade_items(const Dataset& ds, const Analysis& an, const EntResult& e);

// Cumulative band cut-offs: with n ranked and percentages p (A, B, C, D), position i (0-based)
// gets the first band whose cumulative count round_half_up(Σp·n/100) exceeds i.
// grading.band_rounding = "cumulative" (the default).
std::vector<size_t> band_cutoffs(const std::vector<double>& percents, size_t n);

// grading.band_rounding = "per_band": the counts of A, B and D are each round_half_up(p·n/100), D at
// least 1 once n ≥ min_for_d (0 = never forced); C takes the rest. When the rounded counts exceed n
// (tiny populations), D is kept first, then A, then B. Returns the same cut-offs as band_cutoffs:
// {A, A+B, A+B+C}. Throws ConfigError unless there are four shares.
std::vector<size_t> band_cutoffs_per_band(const std::vector<double>& percents, size_t n, size_t min_for_d);

}  // namespace landeff
