// Annual comparison (issue 9) on a hand-made two-year city; every expected change is derived in
// the comments from tests/data/golden/years/{2023,2024}.
#include <gtest/gtest.h>

#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include <cmath>
#include <map>

#include "cli_util.hpp"

namespace fs = std::filesystem;
using namespace landeff::test;

namespace {

const fs::path kYears = fs::path(LANDEFF_TEST_DATA) / "golden" / "years";

class Compare : public ::testing::Test {
protected:
    static void SetUpTestSuite() {
        s_tmp = new TempDir();
        for (const char* y : {"2023", "2024"}) {
            auto r = run_landeff({"run", (kYears / y / "landeff.toml").string(), "--out", (s_tmp->path() / y).string(), "--quiet",
                                  "--formats", "gpkg"});
            ASSERT_EQ(r.exit_code, 0) << r.err;
        }
        s_result = run_landeff({"compare", (s_tmp->path() / "2023").string(), (s_tmp->path() / "2024").string(), "--out",
                                (s_tmp->path() / "changes").string(), "--quiet"});
    }
    static void TearDownTestSuite() { delete s_tmp; }
    static fs::path gpkg() { return s_tmp->path() / "changes" / "changes.gpkg"; }
    static TempDir* s_tmp;
    static CliResult s_result;
};
TempDir* Compare::s_tmp = nullptr;
CliResult Compare::s_result;

TEST_F(Compare, ParcelStateChanges) {
    ASSERT_EQ(s_result.exit_code, 0) << s_result.err;
    auto p = read_rows(gpkg(), "parcel_changes");
    auto kind = [&](const std::string& id) { return p.count(id) ? p.find(id)->second.at("change") : std::string("(none)"); };
    // S1: idle at 2023-12-31 (due 2021-01-01, not started), started 2024-03-01 → idle disposed.
    EXPECT_EQ(kind("S1"), "idle_disposed");
    // S3: due 2023-06-01, overdue in 2023 (0 full years); at 2024-12-31 one full year → newly idle.
    EXPECT_EQ(kind("S3"), "newly_idle");
    // S4: built, in production in 2023; in 2024 completed but in_prod 0 (建而未投) → newly inefficient.
    EXPECT_EQ(kind("S4"), "newly_inefficient");
    // S5: supplied 2024-03-01: after 2023's evaluation date, before 2024's → supplied.
    EXPECT_EQ(kind("S5"), "supplied");
    // S2 did not change state.
    EXPECT_EQ(p.count("S2"), 0u);
}

TEST_F(Compare, SplitMergedGoneAndNewParcels) {
    ASSERT_EQ(s_result.exit_code, 0) << s_result.err;
    auto p = read_rows(gpkg(), "parcel_changes");
    // S6 (100..200) became S6A (100..150) and S6B (150..200).
    ASSERT_EQ(p.count("S6A"), 1u);
    EXPECT_EQ(p.find("S6A")->second.at("change"), "split");
    EXPECT_EQ(p.find("S6A")->second.at("prev_ids"), "S6");
    EXPECT_EQ(p.find("S6A")->second.at("cur_ids"), "S6A,S6B");
    // S7 (200..300) and S8 (300..400) became S78 (200..400).
    ASSERT_EQ(p.count("S78"), 1u);
    EXPECT_EQ(p.find("S78")->second.at("change"), "merged");
    EXPECT_EQ(p.find("S78")->second.at("prev_ids"), "S7,S8");
    // S9 vanished with nothing drawn in its place; S10 appeared where nothing was.
    EXPECT_EQ(p.find("S9")->second.at("change"), "gone");
    EXPECT_EQ(p.find("S10")->second.at("change"), "new");
}

// Enterprises (above-scale, tax only, all 15 mu; population benchmarks): 2023 E1 20/mu, E2 10,
// E3 2 → n = 3: A round(0.6) = 1, B round(1.8) = 2 → E1 A, E2 B, E3 C. 2024 E2 20, E4 10, E1 6 →
// E2 A, E4 B, E1 C. So E1 down (A → C), E2 up (B → A), E3 gone, E4 new.
TEST_F(Compare, EnterpriseGradeMoves) {
    ASSERT_EQ(s_result.exit_code, 0) << s_result.err;
    auto e = read_rows(gpkg(), "enterprise_changes");
    EXPECT_EQ(e.find("E1")->second.at("move"), "down");
    EXPECT_EQ(e.find("E1")->second.at("grade_p"), "A");
    EXPECT_EQ(e.find("E1")->second.at("grade_c"), "C");
    EXPECT_EQ(e.find("E2")->second.at("move"), "up");
    EXPECT_EQ(e.find("E3")->second.at("move"), "gone");
    EXPECT_EQ(e.find("E4")->second.at("move"), "new");
    EXPECT_FALSE(e.find("E1")->second.at("score_p").empty());
    EXPECT_FALSE(e.find("E1")->second.at("score_c").empty());
}

// Park P: 2023 (T 2023-12-31) land 8 × 15 = 120 mu — S5, supplied 2024-03-01, after T, is nobody's
// land in 2023 (DOMAIN.md §4) — tax 300 + 150 + 30 = 480 → 4.0/mu. 2024: S1–S5 75 mu + S6A, S6B 7.5
// each + S78 30 + S10 15 = 135 mu, tax 90 + 300 + 150 = 540 → 4.0/mu: +0.0 %, which misses the 5 %
// target.
TEST_F(Compare, ParkChangesAndTargets) {
    ASSERT_EQ(s_result.exit_code, 0) << s_result.err;
    auto p = read_rows(gpkg(), "park_changes");
    const auto& r = p.find("P")->second;
    EXPECT_NEAR(std::stod(r.at("mu_tax_p")), 480.0 / 120.0, 1e-9);
    EXPECT_NEAR(std::stod(r.at("mu_tax_c")), 540.0 / 135.0, 1e-9);
    EXPECT_NEAR(std::stod(r.at("mu_tax_d")), 0.0, 1e-9);
    EXPECT_NEAR(std::stod(r.at("mu_tax_r")), 0.0, 1e-9);
    EXPECT_EQ(r.at("tgt_met"), "0");
    EXPECT_NE(r.at("targets").find("亩均税收 目标 +5.0 %: +0.0 % 未达标"), std::string::npos) << r.at("targets");
}

// Approval AP (800..1000 × 100..200, 30 mu): in 2023 nothing supplied (S5 came in 2024) → 30 mu
// unsupplied; in 2024 S5 (15 mu) is supplied → 15 mu unsupplied; 15 mu newly supplied.
TEST_F(Compare, UnsuppliedLandSupplied) {
    ASSERT_EQ(s_result.exit_code, 0) << s_result.err;
    auto a = read_rows(gpkg(), "approval_changes");
    ASSERT_EQ(a.count("AP"), 1u);
    EXPECT_NEAR(std::stod(a.find("AP")->second.at("unsup_p")), 30.0, 1e-9);
    EXPECT_NEAR(std::stod(a.find("AP")->second.at("unsup_c")), 15.0, 1e-9);
    EXPECT_NEAR(std::stod(a.find("AP")->second.at("supplied")), 15.0, 1e-9);
    EXPECT_TRUE(fs::exists(s_tmp->path() / "changes" / "changes.xlsx"));
}

TEST(SynthNextYear, MakesARealChangeReport) {
    TempDir tmp;
    ASSERT_EQ(run_landeff({"synth", "--parcels", "300", "--seed", "1", "--out", (tmp.path() / "a").string(), "--quiet"}).exit_code, 0);
    auto r = run_landeff({"synth", "--from", (tmp.path() / "a").string(), "--out", (tmp.path() / "b").string(), "--quiet"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_NE(read_file(tmp.path() / "b" / "landeff.toml").find("year = 2025"), std::string::npos);
    for (const char* y : {"a", "b"})
        ASSERT_EQ(run_landeff({"run", (tmp.path() / y / "landeff.toml").string(), "--out", (tmp.path() / (std::string("o") + y)).string(),
                               "--quiet", "--formats", "gpkg"}).exit_code, 0);
    r = run_landeff({"compare", (tmp.path() / "oa").string(), (tmp.path() / "ob").string(), "--out", (tmp.path() / "c").string()});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    // The generator splits parcel 20 and merges parcels 30 and 31.
    auto p = read_rows(tmp.path() / "c" / "changes.gpkg", "parcel_changes");
    size_t split = 0, merged = 0;
    for (const auto& [id, row] : p) {
        split += row.at("change") == "split";
        merged += row.at("change") == "merged";
    }
    EXPECT_EQ(split, 2u);
    EXPECT_EQ(merged, 1u);
}

}  // namespace

namespace {

// One config listing [years.2023] and [years.2024]: each year into OUT/<year>/, the later year
// compared with the earlier (OUT/2024/changes/), its report with a trend table, and a change map.
TEST(MultiYear, OneRunEvaluatesEachYearAndTheChanges) {
    TempDir tmp;
    auto r = run_landeff({"run", (kYears / "landeff.toml").string(), "--out", (tmp.path() / "o").string(), "--quiet",
                          "--formats", "gpkg,html,maps"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    for (const char* f : {"2023/landeff.gpkg", "2024/landeff.gpkg", "2024/changes/changes.gpkg", "2024/changes/changes.xlsx",
                          "2024/maps/changes.png", "2024/maps/changes.pdf", "2024/report.html"})
        EXPECT_TRUE(fs::exists(tmp.path() / "o" / f)) << f;
    EXPECT_FALSE(fs::exists(tmp.path() / "o" / "2023" / "changes")) << "the first year has nothing to compare with";
    // The same changes as the standalone compare (e.g. S78 merged from S7 and S8).
    auto p = read_rows(tmp.path() / "o" / "2024" / "changes" / "changes.gpkg", "parcel_changes");
    ASSERT_EQ(p.count("S78"), 1u);
    EXPECT_EQ(p.find("S78")->second.at("change"), "merged");
    // The report's trend table shows P's per-mu tax for both years: 480/120 = 4.00 (S5, supplied
    // after 2023-12-31, is not 2023 land) and 540/135 = 4.00.
    const std::string html = read_file(tmp.path() / "o" / "2024" / "report.html");
    const auto trend = html.substr(html.find("id=\"t-trend\""));
    EXPECT_NE(trend.find("<td class=n>4.00</td><td class=n>4.00</td>"), std::string::npos);
    // The change map's legend: merged S78 200 m × 100 m = 30 mu; the split S6A + S6B 15 mu.
    auto side = read_file(tmp.path() / "o" / "2024" / "maps" / "changes.json");
    EXPECT_NE(side.find("\"label\": \"宗地合并\",\n      \"mu\": 30.0"), std::string::npos) << side;
}

}  // namespace
