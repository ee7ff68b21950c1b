// TD/T 1029 weighted score: the preset hierarchy (rules.md §6) and weight redistribution.
#include <gtest/gtest.h>

#include <cmath>

#include "landeff/score.hpp"

using namespace landeff;

namespace {
const double NaN = std::nan("");
}

// Indicator order: supply, built | ind | far, cov, far_ind, cov_ind | inv, tax, tax_all | idle.
TEST(TdtScore, PresetHierarchy) {
    const Settings s;
    const double S[11] = {80, 60, 50, 100, 100, 100, 100, 40, 60, 0, 90};
    // 程度 = 0.5·80 + 0.5·60 = 70; 结构 = 50; 强度 = 100 (weights 0.25+0.22+0.25+0.28 = 1);
    // 利用状况 = 0.25·70 + 0.25·50 + 0.5·100 = 80; 效益 = 0.5·40 + 0.5·60 = 50 (综合地均税收 weight 0);
    // 管理 = 90; total = 0.7·80 + 0.2·50 + 0.1·90 = 75.
    EXPECT_NEAR(weighted_score(ScoreRules(s), S, nullptr), 75.0, 1e-12);
}

TEST(TdtScore, MissingIndicatorWeightGoesToItsSiblings) {
    const Settings s;
    const double S[11] = {80, NaN, 50, 100, 100, 100, 100, 40, 60, 0, 90};
    // 程度 = 80 alone; 利用状况 = 0.25·80 + 0.25·50 + 50 = 82.5; total = 0.7·82.5 + 10 + 9 = 76.75.
    std::string why;
    EXPECT_NEAR(weighted_score(ScoreRules(s), S, &why), 76.75, 1e-12);
    EXPECT_NE(why.find("利用程度 80"), std::string::npos) << why;
}

TEST(TdtScore, MissingGroupWeightGoesToTheOtherGroups) {
    const Settings s;
    const double S[11] = {80, 60, 50, 100, 100, 100, 100, NaN, NaN, NaN, 90};
    // 效益 has nothing: total = (0.7·80 + 0.1·90) / 0.8 = 65 / 0.8 = 81.25.
    std::string why;
    EXPECT_NEAR(weighted_score(ScoreRules(s), S, &why), 81.25, 1e-12);
    EXPECT_NE(why.find("缺项的权重已按比例分配"), std::string::npos) << why;  // output.lang zh (the default)
}
