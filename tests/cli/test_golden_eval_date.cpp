// Golden cases for "everything as at the evaluation date T" (issue 13 items 1-3, 8, 9):
// tests/data/golden/{eval_date,no_supply_dates,built_unsupplied_off}. The expected figures and
// their hand arithmetic are in each folder's expect.tsv (checked by test_golden_data.cpp); this
// file checks what expect.tsv cannot say: rows that must not exist.
#include <gtest/gtest.h>

#include "cli_util.hpp"

namespace fs = std::filesystem;
using namespace landeff::test;

namespace {

const fs::path kGolden = fs::path(LANDEFF_TEST_DATA) / "golden";

fs::path run_case(const TempDir& tmp, const std::string& name) {
    auto r = run_landeff({"run", (kGolden / name / "landeff.toml").string(), "--out", (tmp.path() / "o").string(), "--quiet",
                          "--formats", "gpkg"});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(r.err, "");
    return tmp.path() / "o" / "landeff.gpkg";
}

// What expect.tsv cannot say: rows that must not exist.
TEST(GoldenEvalDate, ApprovalAfterTHasNoUnsuppliedRow) {
    TempDir tmp;
    auto u = read_rows(run_case(tmp, "eval_date"), "unsupplied");
    EXPECT_EQ(u.count("AP_AFTER"), 0u);  // approved 2025-01-01 > T 2024-12-31
    EXPECT_EQ(u.count("AP_ON"), 1u);     // approved on T
}

TEST(GoldenEvalDate, BuiltUnsuppliedOffLeavesNothingUnsuppliedUnderBU) {
    TempDir tmp;
    auto u = read_rows(run_case(tmp, "built_unsupplied_off"), "unsupplied");
    // AP_BUILT 20000 m² − BU 10000 − SP 10000 = 0.
    EXPECT_EQ(u.count("AP_BUILT"), 0u);
}

}  // namespace
