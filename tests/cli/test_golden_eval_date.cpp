// Golden cases for "everything as at the evaluation date T" (issue 13 items 1-3, 8, 9):
// tests/data/golden/{eval_date,no_supply_dates,built_unsupplied_off}. The expected figures and
// their hand arithmetic are in each folder's expect.tsv; this test checks every row of it (until the
// shared data-driven runner replaces it) and, below, the rows that must be absent.
#include <gtest/gtest.h>

#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include <cmath>
#include <fstream>
#include <sstream>

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

// Codes of the findings about one id ("" = about no single feature).
std::vector<std::string> finding_codes(const fs::path& gpkg, const std::string& id) {
    std::vector<std::string> codes;
    GDALDatasetUniquePtr ds(GDALDataset::Open(gpkg.c_str(), GDAL_OF_VECTOR));
    for (auto& f : *ds->GetLayerByName("findings"))
        if (id == f->GetFieldAsString("id")) codes.emplace_back(f->GetFieldAsString("code"));
    return codes;
}

void check_expectations(const std::string& name) {
    TempDir tmp;
    const fs::path gpkg = run_case(tmp, name);
    std::ifstream in(kGolden / name / "expect.tsv");
    ASSERT_TRUE(in) << name;
    std::string line;
    std::getline(in, line);
    ASSERT_EQ(line, "layer\tid\tfield\tvalue\ttolerance\tarithmetic");
    size_t rows = 0;
    while (std::getline(in, line)) {
        if (line.empty() || line[0] == '#') continue;
        std::vector<std::string> c;
        std::stringstream ss(line);
        for (std::string cell; std::getline(ss, cell, '\t');) c.push_back(cell);
        ASSERT_EQ(c.size(), 6u) << line;
        ++rows;
        const std::string &layer = c[0], &id = c[1], &field = c[2], &value = c[3], &tol = c[4];
        SCOPED_TRACE(name + ": " + line);
        if (layer == "findings") {
            const auto codes = finding_codes(gpkg, id);
            const bool has = std::find(codes.begin(), codes.end(), value) != codes.end();
            EXPECT_EQ(has, tol == "present");
            continue;
        }
        auto table = read_rows(gpkg, layer);
        ASSERT_EQ(table.count(id), 1u);
        const Row& r = table[id];
        ASSERT_EQ(r.count(field), 1u);
        if (tol == "=") EXPECT_EQ(r.at(field), value);
        else if (tol == "~") EXPECT_NE(r.at(field).find(value), std::string::npos) << r.at(field);
        else EXPECT_NEAR(num(r, field), std::stod(value), std::stod(tol));
    }
    EXPECT_GT(rows, 0u);  // an expect.tsv of comments only would prove nothing
}

TEST(GoldenEvalDate, EveryExpectationHolds) { check_expectations("eval_date"); }
TEST(GoldenEvalDate, NoSupplyDateFieldEveryExpectationHolds) { check_expectations("no_supply_dates"); }
TEST(GoldenEvalDate, BuiltUnsuppliedOffEveryExpectationHolds) { check_expectations("built_unsupplied_off"); }

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
