// Golden cases for the overlay, compliance, states, grades, platforms and the TD/T score (issues 3, 13).
// Their expected figures, each with its hand arithmetic, are in the folders' expect.tsv files, checked
// by test_golden_data.cpp: tests/data/golden/{overlay,compliance (cn-2008, cn-2023, cn-2008-cov36),
// states,grades,platforms,platforms_grouped,tdt}. This file keeps only what expect.tsv cannot say:
// rows that must not exist, and a text that must start with a prefix.
#include <gtest/gtest.h>

#include "cli_util.hpp"

namespace fs = std::filesystem;
using namespace landeff::test;

namespace {

const fs::path kGolden = fs::path(LANDEFF_TEST_DATA) / "golden";

fs::path run_case(const TempDir& tmp, const fs::path& config) {
    auto r = run_landeff({"run", config.string(), "--out", (tmp.path() / "o").string(), "--quiet", "--formats", "gpkg"});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(r.err, "");
    return tmp.path() / "o" / "landeff.gpkg";
}

// golden/states: approvals with nothing unsupplied have no row at all.
TEST(GoldenStates, ApprovalsWithNothingUnsuppliedHaveNoRow) {
    TempDir tmp;
    auto u = read_rows(run_case(tmp, kGolden / "states" / "landeff.toml"), "unsupplied");
    // AP2 is covered by S2 and S3, which overlap each other: nothing unsupplied, no row.
    EXPECT_EQ(u.count("AP2"), 0u);
    // AP3 leaves a 100 m × 0.005 m = 0.5 m² sliver (< 1 m²): dropped, no row.
    EXPECT_EQ(u.count("AP3"), 0u);
    // The contrast: AP4's 100 m × 2 m = 200 m² (≥ 1 m²) has its row (its 0.3 mu is in expect.tsv).
    EXPECT_EQ(u.count("AP4"), 1u);
}

// golden/platforms_grouped: the grouped platform's reasons start with the platform, not a park.
TEST(GoldenPlatforms, GroupedReasonsStartWithThePlatform) {
    TempDir tmp;
    auto p = read_rows(run_case(tmp, kGolden / "platforms_grouped" / "landeff.toml"), "parks");
    EXPECT_EQ(p["P2"]["reasons"].rfind("平台 GRP(2 个园区)", 0), 0u) << p["P2"]["reasons"];
}

}  // namespace
