// Golden cases for the overlay and compliance (issue 3). Expected values are worked by hand
// beside each assertion; every parcel is a rectangle so the arithmetic is exact.
#include <gtest/gtest.h>

#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include <cmath>
#include <fstream>
#include <map>

#include "cli_util.hpp"

namespace fs = std::filesystem;
using namespace landeff::test;

namespace {

fs::path run_case(const TempDir& tmp, const fs::path& config) {
    auto r = run_landeff({"run", config.string(), "--out", (tmp.path() / "o").string(), "--quiet", "--formats", "gpkg"});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(r.err, "");
    return tmp.path() / "o" / "landeff.gpkg";
}

const fs::path kGolden = fs::path(LANDEFF_TEST_DATA) / "golden";

TEST(GoldenOverlay, HoleMultipolygonOverlapAndThreeParcelEnterprise) {
    TempDir tmp;
    const auto gpkg = run_case(tmp, kGolden / "overlay" / "landeff.toml");
    auto parcels = read_rows(gpkg, "parcels");
    auto parks = read_rows(gpkg, "parks");
    // H (120..180)² lies in PA's hole (100..200)²: outside every park.
    EXPECT_EQ(parcels["H"]["park_id"], "");
    EXPECT_DOUBLE_EQ(num(parcels["H"], "share"), 0.0);
    // M lies in PA's detached second polygon: wholly inside PA.
    EXPECT_EQ(parcels["M"]["park_id"], "PA");
    EXPECT_DOUBLE_EQ(num(parcels["M"], "share"), 1.0);
    // O (x 320..380) is in PA (0..400) and PB (300..700): 6000 m² in each; share over the union = 1;
    // a tie goes to the park listed first (PA).
    EXPECT_NEAR(num(parcels["O"], "share"), 1.0, 1e-12);
    EXPECT_EQ(parcels["O"]["park_id"], "PA");
    // E3 tax 130 over M 10000, O 6000, S 10000 m² (26000): M 50, O 30, S 50.
    EXPECT_NEAR(num(parcels["M"], "tax"), 50.0, 1e-9);
    EXPECT_NEAR(num(parcels["O"], "tax"), 30.0, 1e-9);
    EXPECT_NEAR(num(parcels["S"], "tax"), 50.0, 1e-9);
    // PA: land M 10000 + O 6000 = 16000 m² = 24 mu; tax 50 + 30 = 80 → 3.3333 万元/亩.
    EXPECT_NEAR(num(parks["PA"], "land_mu"), 24.0, 1e-9);
    EXPECT_NEAR(num(parks["PA"], "mu_tax"), 80.0 / 24.0, 1e-9);
    // PB: O 6000 + S 10000 = 16000 m² = 24 mu; tax 30 + 50 = 80. O counts in both parks.
    EXPECT_NEAR(num(parks["PB"], "land_mu"), 24.0, 1e-9);
    EXPECT_NEAR(num(parks["PB"], "tax"), 80.0, 1e-9);
    // PA's own area: 400² − 100² + 200² = 150000 + 40000 = 190000 m² = 285 mu.
    EXPECT_NEAR(num(parks["PA"], "area_mu"), 285.0, 1e-6);
    // Region counts O once: 3600 + 10000 + 6000 + 10000 = 29600 m² = 44.4 mu; tax 130.
    EXPECT_NEAR(num(parks["*"], "land_mu"), 44.4, 1e-9);
    EXPECT_NEAR(num(parks["*"], "tax"), 130.0, 1e-9);
    // The parks' overlap (x 300..400, y 0..400 = 40000 m²) is reported.
    bool overlap = false;
    GDALDatasetUniquePtr ds(GDALDataset::Open(gpkg.c_str(), GDAL_OF_VECTOR));
    for (auto& f : *ds->GetLayerByName("findings"))
        if (std::string(f->GetFieldAsString("code")) == "park_overlap") {
            overlap = true;
            EXPECT_NE(std::string(f->GetFieldAsString("message")).find("by 40000.0 m²"), std::string::npos)
                << f->GetFieldAsString("message");
        }
    EXPECT_TRUE(overlap);
}

TEST(GoldenCompliance, EveryRulePassesAndFails2008) {
    TempDir tmp;
    auto p = read_rows(run_case(tmp, kGolden / "compliance" / "cn-2008.toml"), "parcels");
    auto v = [&](const char* id) { return p[id]["violations"]; };
    // C_OK: 3411 is GB/T 4754-2017 division 34 (通用设备) → 2002 division 35 → FAR ≥ 0.7;
    // FAR 1.0, coverage 0.40, green 0.15, admin 0.05 all pass.
    EXPECT_EQ(p["C_OK"]["compliant"], "1");
    EXPECT_EQ(v("C_OK"), "");
    EXPECT_NE(p["C_OK"]["checked"].find("far_min (cn-2008, GB/T 4754-2002 35)"), std::string::npos) << p["C_OK"]["checked"];
    EXPECT_EQ(v("C_FAR"), "far_min(cn-2008): 0.5 vs 0.7");           // 5000 / 10000
    EXPECT_EQ(v("C_FARC"), "far_min(contract): 1 vs 1.2");  // breaks the contract's 1.2; meets the control 0.7
    EXPECT_EQ(v("C_FARMAX"), "far_max(contract): 2.5 vs 2");          // 25000 / 10000 > contract 2.0
    EXPECT_EQ(v("C_COV"), "coverage_min(cn-2008): 0.25 vs 0.3");     // 2500 / 10000 < 30 %
    EXPECT_EQ(v("C_GREEN"), "green_max(cn-2008): 0.25 vs 0.2");      // 2500 / 10000 > 20 %
    EXPECT_EQ(v("C_ADMIN"), "admin_max(cn-2008): 0.08 vs 0.07");     // 800 / 10000 > 7 %
    EXPECT_EQ(v("C_INV"), "inv_min(contract): 200 vs 300");           // 3000 万元 / 15 亩 < contract 300
    EXPECT_EQ(v("C_OUT"), "out_min(contract): 160 vs 200");           // 2400 / 15
    EXPECT_EQ(v("C_TAX"), "tax_min(contract): 8 vs 10");              // 120 / 15
    for (const char* id : {"C_FAR", "C_FARC", "C_FARMAX", "C_COV", "C_GREEN", "C_ADMIN", "C_INV", "C_OUT", "C_TAX"})
        EXPECT_EQ(p[id]["compliant"], "0") << id;
    EXPECT_EQ(p["C_NONE"]["compliant"], "");                // nothing to check
    EXPECT_EQ(p["C_RES"]["compliant"], "");                 // residential: the control indicators do not apply
    EXPECT_EQ(p["C_35"]["compliant"], "1");                 // 0.35 ≥ 0.30
    EXPECT_EQ(v("C_292"), "far_min(cn-2008): 0.9 vs 1");             // 2921 plastics → 2002 division 30 → 1.0
    EXPECT_EQ(p["C_291"]["compliant"], "1");                // 2911 rubber → 2002 division 29 → 0.8 ≤ 0.9
}

TEST(GoldenCompliance, Preset2023RaisesCoverageTo40Percent) {
    TempDir tmp;
    auto p = read_rows(run_case(tmp, kGolden / "compliance" / "cn-2023.toml"), "parcels");
    EXPECT_EQ(p["C_35"]["violations"], "coverage_min(cn-2023): 0.35 vs 0.4");
    EXPECT_EQ(p["C_OK"]["compliant"], "1");  // 0.40 ≥ 0.40
    EXPECT_EQ(p["C_COV"]["violations"], "coverage_min(cn-2023): 0.25 vs 0.4");
}

TEST(GoldenCompliance, ConfigOverridesAPresetThreshold) {
    TempDir tmp;
    std::string toml = read_file(kGolden / "compliance" / "cn-2008.toml");
    toml += "coverage_min = 0.36\n";  // inside [control]
    const fs::path cfg = tmp.path() / "c.toml";
    std::ofstream(cfg) << toml;
    for (const char* f : {"parks.geojson", "parcels.geojson"}) fs::copy_file(kGolden / "compliance" / f, tmp.path() / f);
    auto p = read_rows(run_case(tmp, cfg), "parcels");
    EXPECT_EQ(p["C_35"]["violations"], "coverage_min(cn-2008): 0.35 vs 0.36");
}

}  // namespace

namespace {

TEST(GoldenStates, ApprovedButUnsupplied) {
    TempDir tmp;
    const auto gpkg = run_case(tmp, kGolden / "states" / "landeff.toml");
    auto u = read_rows(gpkg, "unsupplied");
    // AP1 (0..200 × 0..100 = 20000 m²) minus S1 (0..100) = 10000 m² = 15 mu; approved 2018-03-01,
    // 6 full years at 2024-12-31 → old (≥ 5).
    EXPECT_NEAR(num(u["AP1"], "area_mu"), 15.0, 1e-9);
    EXPECT_EQ(u["AP1"]["age_yrs"], "6");
    EXPECT_EQ(u["AP1"]["old"], "1");
    EXPECT_EQ(u["AP1"]["park_id"], "P");
    EXPECT_NEAR(num(u["AP1"], "sup_mu"), 15.0, 1e-9);  // 30 mu approved − 15 unsupplied
    // AP2 is covered by S2 and S3, which overlap each other: nothing unsupplied, no row.
    EXPECT_EQ(u.count("AP2"), 0u);
    // AP3 leaves a 100 m × 0.005 m = 0.5 m² sliver (< 1 m²): dropped, no row.
    EXPECT_EQ(u.count("AP3"), 0u);
    // AP4 leaves 100 m × 2 m = 200 m² (≥ 1 m²) = 0.3 mu.
    EXPECT_NEAR(num(u["AP4"], "area_mu"), 0.3, 1e-9);
    // AP5's only parcel S6 is supplied 2025-02-01, after T: all 10000 m² = 15 mu unsupplied.
    EXPECT_NEAR(num(u["AP5"], "area_mu"), 15.0, 1e-9);
    EXPECT_EQ(u["AP5"]["age_yrs"], "1");  // 2023-07-01 → 2024-07-01
    // AP6 (100..200) repeats AP1's unsupplied half: 15 mu.
    EXPECT_NEAR(num(u["AP6"], "area_mu"), 15.0, 1e-9);
    // Park: approved = union, AP6 inside AP1 counted once: 20000 + 4 × 10000 = 60000 m² = 90 mu.
    // Unsupplied union = 10000 + 200 + 10000 = 20200 m² = 30.3 mu; supply rate 39800/60000.
    auto parks = read_rows(gpkg, "parks");
    EXPECT_NEAR(num(parks["P"], "appr_mu"), 90.0, 1e-9);
    EXPECT_NEAR(num(parks["P"], "unsup_mu"), 30.3, 1e-9);
    EXPECT_NEAR(num(parks["P"], "supply_rt"), 39800.0 / 60000.0, 1e-12);
    EXPECT_NEAR(num(parks["*"], "supply_rt"), 39800.0 / 60000.0, 1e-12);
    auto parcels = read_rows(gpkg, "parcels");
    EXPECT_EQ(parcels["S6"]["state"], "not_supplied");
    // The overlapping approvals are a finding.
    GDALDatasetUniquePtr ds(GDALDataset::Open(gpkg.c_str(), GDAL_OF_VECTOR));
    bool overlap = false;
    for (auto& f : *ds->GetLayerByName("findings"))
        overlap = overlap || std::string(f->GetFieldAsString("code")) == "approval_overlap";
    EXPECT_TRUE(overlap);
}

}  // namespace

namespace {

TEST(GoldenStates, IdleLandPerParkAndCounts) {
    TempDir tmp;
    const auto gpkg = run_case(tmp, kGolden / "states" / "landeff.toml");
    auto parcels = read_rows(gpkg, "parcels");
    // IDL: due 2022-01-01, not started → 2 full years at 2024-12-31 → idle, fee 20 % × 100 = 20, recover.
    EXPECT_EQ(parcels["IDL"]["state"], "idle");
    EXPECT_EQ(parcels["IDL"]["idle_yrs"], "2");
    EXPECT_NEAR(num(parcels["IDL"], "idle_fee"), 20.0, 1e-12);
    EXPECT_EQ(parcels["IDL"]["recover"], "1");
    // IDL2: due 2023-06-01 → 1 full year, no land price → fee null; recovery needs 2 years.
    EXPECT_EQ(parcels["IDL2"]["idle_yrs"], "1");
    EXPECT_EQ(parcels["IDL2"]["idle_fee"], "");
    EXPECT_EQ(parcels["IDL2"]["recover"], "0");
    auto parks = read_rows(gpkg, "parks");
    // Idle land in P: IDL 10000 + half of IDL2 (x 950..1000) 5000 = 15000 m² = 22.5 mu; region 30 mu.
    EXPECT_NEAR(num(parks["P"], "idle_mu"), 22.5, 1e-9);
    EXPECT_NEAR(num(parks["*"], "idle_mu"), 30.0, 1e-9);
    // States by main park: S1–S5 have no start_due → no_data (5); S6 not_supplied; IDL and IDL2 idle
    // (IDL2's main park is P: 5000 m² inside, the only park it meets).
    EXPECT_EQ(parks["P"]["n_nodata"], "5");
    EXPECT_EQ(parks["P"]["n_notsup"], "1");
    EXPECT_EQ(parks["P"]["n_idle"], "2");
}

}  // namespace

namespace {

// Above-scale E_k: every item but tax scores its full weight (50/50·20 + 2/2·20 + 1000/1000·10 +
// 10/10·10 + 0.02/0.02·10 = 70); tax scores 30·(mu_tax/10), capped at 60. So score = 70 + 3·mu_tax:
// E01 73 … E15 115, E16 (mu_tax 17) 121 = E17 121, E18 124, E19 127, E20 (mu_tax 25 → 75, cap 60) 130;
// E06 (mu_tax 5) 85 = E05 85. E10 has no emission figure: it gets the item's mean points (10).
// Bands 20/40/35/5 of n = 20: cumulative round(4) = 4 A, round(12) = 12, round(19) = 19, then D.
TEST(GoldenGrades, RankedPopulationBandsTiesCapsAndMissingEmission) {
    TempDir tmp;
    auto e = read_rows(run_case(tmp, kGolden / "grades" / "landeff.toml"), "enterprises");
    EXPECT_NEAR(num(e["E20"], "score"), 130.0, 1e-9);
    EXPECT_NE(e["E20"]["why"].find("亩均税收 25 / 10 × 30 = 60 (cap)"), std::string::npos) << e["E20"]["why"];
    EXPECT_NEAR(num(e["E10"], "score"), 100.0, 1e-9);
    EXPECT_NE(e["E10"]["why"].find("单位排放增加值 no figure → population mean 10"), std::string::npos) << e["E10"]["why"];
    EXPECT_NEAR(num(e["E01"], "score"), 73.0, 1e-9);
    // Order: E20 130, E19 127, E18 124, E16 = E17 121 (E16 first by id), E15 115, …
    EXPECT_EQ(e["E20"]["rank"], "1");
    EXPECT_EQ(e["E16"]["rank"], "4");
    EXPECT_EQ(e["E17"]["rank"], "4");  // tie shares the better rank
    EXPECT_EQ(e["E15"]["rank"], "6");
    // E17 sits at position 5, a B by count, but ties E16's A.
    for (const char* id : {"E20", "E19", "E18", "E16", "E17"}) EXPECT_EQ(e[id]["grade"], "A") << id;
    for (const char* id : {"E15", "E14", "E13", "E12", "E11", "E10", "E09"}) EXPECT_EQ(e[id]["grade"], "B") << id;
    for (const char* id : {"E08", "E07", "E06", "E05", "E04", "E03", "E02"}) EXPECT_EQ(e[id]["grade"], "C") << id;
    EXPECT_EQ(e["E01"]["grade"], "D");
    EXPECT_EQ(e["E05"]["rank"], e["E06"]["rank"]);
    EXPECT_EQ(e["E01"]["ranked_of"], "20");
    EXPECT_NE(e["E17"]["why"].find("tied with a better-graded score"), std::string::npos) << e["E17"]["why"];
}

// Below-scale population E21 (5 mu, tax 5, elec 20), B1 (15 mu, tax 30, elec 60), B2 (15 mu, tax 0,
// elec 10): b7 = Σtax/Σmu = 35/35 = 1; b8 = Σtax/Σelec = 35/90.
// E21: 50·1/1 + 50·0.25/(35/90) = 50 + 32.142857 = 82.142857; B1: 50·2 = 100 (= cap) + 50·0.5/(35/90)
// = 64.285714 → 164.285714; B2: 0. n = 3: A round(0.6) = 1, B round(1.8) = 2, C round(2.85) = 3.
TEST(GoldenGrades, BelowScaleWithPopulationBenchmarks) {
    TempDir tmp;
    auto e = read_rows(run_case(tmp, kGolden / "grades" / "landeff.toml"), "enterprises");
    EXPECT_NEAR(num(e["E21"], "score"), 50.0 + 50.0 * 0.25 / (35.0 / 90.0), 1e-9);
    EXPECT_NEAR(num(e["B1"], "score"), 100.0 + 50.0 * 0.5 / (35.0 / 90.0), 1e-9);
    EXPECT_NEAR(num(e["B2"], "score"), 0.0, 1e-12);
    EXPECT_EQ(e["B1"]["grade"], "A");
    EXPECT_EQ(e["E21"]["grade"], "B");
    EXPECT_EQ(e["B2"]["grade"], "C");
}

TEST(GoldenGrades, FiveMuBoundaryExemptAndForcedD) {
    TempDir tmp;
    const auto gpkg = run_case(tmp, kGolden / "grades" / "landeff.toml");
    auto e = read_rows(gpkg, "enterprises");
    // E21 is 100 m × 33.333… m = 3333.33 m² = 5 mu: graded. E22 is 100 × 33.3 = 3330 m² = 4.995 mu: N.
    EXPECT_NE(e["E21"]["grade"], "N");
    EXPECT_EQ(e["E22"]["grade"], "N");
    EXPECT_NE(e["E22"]["why"].find("land 4.995 mu < 5 mu"), std::string::npos) << e["E22"]["why"];
    EXPECT_EQ(e["X1"]["grade"], "N");
    EXPECT_EQ(e["X1"]["why"], "not graded: 公用事业");
    EXPECT_EQ(e["X2"]["grade"], "D");
    EXPECT_EQ(e["X2"]["rank"], "");  // not ranked
    // A parcel inherits its enterprise's grade.
    auto p = read_rows(gpkg, "parcels");
    EXPECT_EQ(p["LE20"]["grade"], "A");
    EXPECT_EQ(p["LX2"]["grade"], "D");
}

}  // namespace

namespace {

// One 100 m × 100 m (15 mu) parcel per park; per-mu tax = tax/15: N1 10, H1 1, H2 20, RX 30, UI 3,
// P4 15, E5 40. Median of the seven platforms: {1, 3, 10, 15, 20, 30, 40} → 15.
TEST(GoldenPlatforms, EveryRuleFires) {
    TempDir tmp;
    auto p = read_rows(run_case(tmp, kGolden / "platforms" / "landeff.toml"), "parks");
    // Rule 1: RX lies wholly in the restricted zone → exit, although it would retain (30 ≥ 15).
    EXPECT_EQ(p["RX"]["category"], "exit");
    EXPECT_NE(p["RX"]["reasons"].find("rule 1: 100.0 % inside a restricted zone > 50.0 % → exit"), std::string::npos);
    // Rule 2: UI (municipal) lies wholly in the urban core → innovate.
    EXPECT_EQ(p["UI"]["category"], "innovate");
    // Rule 3: H1 is exactly 3000 m from the national N1 (≤ 3 km) → consolidate, hosted by N1; N1 hosts.
    EXPECT_EQ(p["H1"]["category"], "consolidate");
    EXPECT_EQ(p["H1"]["role"], "hosted");
    EXPECT_EQ(p["H1"]["host_id"], "N1");
    EXPECT_EQ(p["N1"]["category"], "consolidate");
    EXPECT_EQ(p["N1"]["role"], "host");
    // H2 is 3001 m away → not hosted; rule 4: 1 km², leading industry 100 %, 20 ≥ 15 → retain.
    EXPECT_EQ(p["H2"]["category"], "retain");
    EXPECT_EQ(p["H2"]["role"], "none");
    EXPECT_NEAR(num(p["H2"], "lead_shr"), 1.0, 1e-12);
    // P4 (provincial, hosting nothing): its only parcel is in division 39, not its leading 34 → exit.
    EXPECT_EQ(p["P4"]["category"], "exit");
    EXPECT_NEAR(num(p["P4"], "lead_shr"), 0.0, 1e-12);
    EXPECT_NE(p["P4"]["reasons"].find("leading-industry share 0.0 % < 50.0 %"), std::string::npos) << p["P4"]["reasons"];
    // E5: 0.25 km² < 1 km² → exit, although its per-mu tax is the highest.
    EXPECT_EQ(p["E5"]["category"], "exit");
    EXPECT_NE(p["E5"]["reasons"].find("area 0.25 km² < 1 km²"), std::string::npos) << p["E5"]["reasons"];
}

}  // namespace

namespace {

// Land classes in P: A (built) = parcels A + B = 20000 m²; A1 (residential) = B 10000; A2 = A 10000;
// D (supplied) = A..D 40000; G (idle) = C 10000 (due 2022-01-01, not started); B21 ≈ the approval's
// unsupplied 400 × 100 = 40000 m².
TEST(GoldenTdt, LandClassesIndicatorsAndScore) {
    TempDir tmp;
    auto p = read_rows(run_case(tmp, kGolden / "tdt" / "landeff.toml"), "parks")["P"];
    EXPECT_NEAR(num(p, "ld_supply"), 40000.0 / 60000.0, 1e-12);  // D / (A + B21)
    EXPECT_NEAR(num(p, "ld_built"), 0.5, 1e-12);                 // A / D
    EXPECT_NEAR(num(p, "ind_rt"), 0.5, 1e-12);                   // A2 / A
    EXPECT_NEAR(num(p, "far_a"), 1.6, 1e-12);                    // (12000 + 20000) / 20000
    EXPECT_NEAR(num(p, "cov_a"), 0.4, 1e-12);                    // (5000 + 3000) / 20000
    EXPECT_NEAR(num(p, "far_ind"), 1.2, 1e-12);                  // 12000 / 10000
    EXPECT_NEAR(num(p, "cov_ind"), 0.5, 1e-12);                  // 5000 / 10000
    EXPECT_NEAR(num(p, "inv_ind"), 3000.0, 1e-9);                // 3000 万元 / 1 ha
    EXPECT_NEAR(num(p, "tax_ind"), 300.0, 1e-9);                 // 300 万元 / 1 ha
    EXPECT_NEAR(num(p, "tax_a"), 200.0, 1e-9);                   // 400 万元 / 2 ha
    EXPECT_NEAR(num(p, "idle_rt"), 0.25, 1e-12);                 // G / D
    // A2/A = 0.5 > 0.30 but A1/A = 0.5 ≥ 0.25 → not industry-led.
    EXPECT_EQ(p["zone_type"], "integrated");
    // Scores (default ideals): supply 66.67, built 50, ind 0.5/0.6 = 83.33, far 100 (capped), cov 100,
    // far_ind 100, cov_ind 100, inv 3000/6000 = 50, tax 300/450 = 66.67, idle (1 − 0.25)/1 = 75.
    // 程度 = (66.67 + 50)/2; 结构 = 83.33; 强度 = 100; 利用状况 = 0.25·程度 + 0.25·结构 + 0.5·100;
    // 效益 = (50 + 66.67)/2; total = 0.7·利用状况 + 0.2·效益 + 0.1·75.
    const double degree = (200.0 / 3.0 + 50.0) / 2, structure = 500.0 / 6.0, benefit = (50.0 + 200.0 / 3.0) / 2;
    const double use = 0.25 * degree + 0.25 * structure + 0.5 * 100.0;
    EXPECT_NEAR(num(p, "score"), 0.7 * use + 0.2 * benefit + 0.1 * 75.0, 1e-9);
}

}  // namespace

namespace {

// Two county parks of 600 m × 1000 m = 0.6 km² each: alone each fails rule 4's 1 km²; grouped by
// `platform` = GRP they are one 1.2 km² platform. Its per-mu tax is the only platform's, so the
// median equals it (≥ holds), and its one parcel is in its leading industry → retain.
TEST(GoldenPlatforms, ParksGroupedByPlatformFieldAreOnePlatform) {
    TempDir tmp;
    const auto& sq = geojson_rect;
    const std::string crs = kGeoJsonCrs4549;
    std::ofstream(tmp.path() / "parks.geojson")
        << "{\"type\":\"FeatureCollection\"," << crs << ",\"features\":["
        << "{\"type\":\"Feature\",\"properties\":{\"park_id\":\"P1\",\"level\":\"county\",\"industry\":\"34\",\"platform\":\"GRP\"},\"geometry\":" << sq(0, 0, 600, 1000) << "},"
        << "{\"type\":\"Feature\",\"properties\":{\"park_id\":\"P2\",\"level\":\"county\",\"industry\":\"34\",\"platform\":\"GRP\"},\"geometry\":" << sq(600, 0, 1200, 1000) << "}]}";
    std::ofstream(tmp.path() / "parcels.geojson")
        << "{\"type\":\"FeatureCollection\"," << crs << ",\"features\":["
        << "{\"type\":\"Feature\",\"properties\":{\"parcel_id\":\"L\",\"ind_code\":\"3411\",\"tax\":150},\"geometry\":" << sq(100, 100, 200, 200) << "}]}";
    std::ofstream(tmp.path() / "landeff.toml") << "year = 2024\ncrs = \"EPSG:4549\"\n[inputs.parks]\npath = \"parks.geojson\"\n"
                                                  "[inputs.parcels]\npath = \"parcels.geojson\"\n";
    auto p = read_rows(run_case(tmp, tmp.path() / "landeff.toml"), "parks");
    EXPECT_EQ(p["P1"]["category"], "retain");
    EXPECT_EQ(p["P2"]["category"], "retain");
    EXPECT_EQ(p["P2"]["reasons"].rfind("platform GRP (2 parks)", 0), 0u) << p["P2"]["reasons"];
    EXPECT_NE(p["P1"]["reasons"].find("area 1.2 km²"), std::string::npos) << p["P1"]["reasons"];
}

}  // namespace
