// Golden CLI tests on tiny hand-made inputs. Every expected value is worked out by hand in the
// comment beside it. The figures of golden/basic are checked from its expect.tsv (test_golden_data.cpp).
// 1 亩 = 10000/15 m² = 666.666… m².
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

const fs::path kBasic = fs::path(LANDEFF_TEST_DATA) / "golden" / "basic";

class GoldenBasic : public ::testing::Test {
protected:
    static void SetUpTestSuite() {
        s_tmp = new TempDir();
        s_before = fingerprint(kBasic);
        s_result = run_landeff({"run", (kBasic / "landeff.toml").string(), "--out", (s_tmp->path() / "out").string(),
                                "--quiet", "--formats", "gpkg,geojson,shp"});
    }
    static void TearDownTestSuite() {
        delete s_tmp;
        s_tmp = nullptr;
    }
    static fs::path out() { return s_tmp->path() / "out"; }
    static TempDir* s_tmp;
    static CliResult s_result;
    static std::map<std::string, std::string> s_before;
};
TempDir* GoldenBasic::s_tmp = nullptr;
CliResult GoldenBasic::s_result;
std::map<std::string, std::string> GoldenBasic::s_before;

TEST_F(GoldenBasic, RunsCleanlyAndQuietly) {
    EXPECT_EQ(s_result.exit_code, 0) << s_result.err;
    EXPECT_EQ(s_result.err, "") << "--quiet must print nothing on success";
    EXPECT_EQ(fingerprint(kBasic), s_before) << "inputs changed";
    for (const char* f : {"landeff.gpkg", "run.json", "geojson/parks.geojson", "geojson/parcels.geojson",
                          "geojson/unsupplied.geojson", "shp/parcels.shp", "shp/parcels.dbf", "shp/parcels.prj",
                          "shp/parcels.cpg", "shp/parks.shp"})
        EXPECT_TRUE(fs::exists(out() / f)) << f;
    EXPECT_EQ(read_file(out() / "shp/parcels.cpg"), "UTF-8");
}

TEST_F(GoldenBasic, RegionRowHasNoGeometry) {
    // The region's figures are checked in golden/basic/expect.tsv; here only that the row carries
    // no geometry (it would send "zoom to layer" to (0,0)).
    auto parks = read_rows(out() / "landeff.gpkg", "parks");
    ASSERT_TRUE(parks.count("*"));
    EXPECT_EQ(parks["*"]["#geom"], "");
}

TEST_F(GoldenBasic, FindingsNameFeatureAndField) {
    bool mismatch = false, outside = false;
    GDALAllRegister();
    GDALDatasetUniquePtr ds(GDALDataset::Open((out() / "landeff.gpkg").c_str(), GDAL_OF_VECTOR));
    for (auto& feat : *ds->GetLayerByName("findings")) {
        const std::string code = feat->GetFieldAsString("code");
        const std::string msg = feat->GetFieldAsString("message");
        // C: registered 12000 vs measured 10000 → |10000−12000|/12000 = 16.7 % > 5 %.
        if (code == "area_mismatch") {
            mismatch = true;
            EXPECT_EQ(std::string(feat->GetFieldAsString("id")), "C");
            EXPECT_NE(msg.find("differ by 16.7 %"), std::string::npos) << msg;
        }
        if (code == "outside_parks") outside = std::string(feat->GetFieldAsString("id")) == "C";
    }
    EXPECT_TRUE(mismatch);
    EXPECT_TRUE(outside);
}

TEST_F(GoldenBasic, RunJsonRecordsInputs) {
    const std::string j = read_file(out() / "run.json");
    EXPECT_NE(j.find("\"sha256\""), std::string::npos);
    EXPECT_NE(j.find("\"parcel_id\": \"ZDDM\""), std::string::npos) << "field mapping recorded";
    EXPECT_NE(j.find("\"land_mu\": 67.5"), std::string::npos) << "10000+15000+10000+10000 m² = 67.5 mu";
}

TEST(Golden, TwoRunsAreByteIdentical) {
    TempDir tmp;
    for (const char* o : {"a", "b"}) {
        auto r = run_landeff({"run", (kBasic / "landeff.toml").string(), "--out", (tmp.path() / o).string(), "--quiet",
                              "--formats", "gpkg,geojson,shp"});
        ASSERT_EQ(r.exit_code, 0) << r.err;
    }
    for (const char* f : {"landeff.gpkg", "geojson/parcels.geojson", "geojson/parks.geojson", "shp/parcels.shp",
                          "shp/parcels.dbf", "shp/parks.dbf", "shp/parks.shx"})
        EXPECT_EQ(read_file(tmp.path() / "a" / f), read_file(tmp.path() / "b" / f)) << f;
}

TEST(Golden, OverwriteReplacesAndWithoutItRefuses) {
    TempDir tmp;
    const std::string out = (tmp.path() / "o").string();
    ASSERT_EQ(run_landeff({"run", (kBasic / "landeff.toml").string(), "--out", out, "--quiet", "--formats", "gpkg"}).exit_code, 0);
    std::ofstream(tmp.path() / "o" / "stale.txt") << "old";
    auto r = run_landeff({"run", (kBasic / "landeff.toml").string(), "--out", out, "--quiet", "--formats", "gpkg"});
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_TRUE(fs::exists(tmp.path() / "o" / "stale.txt"));
    r = run_landeff({"run", (kBasic / "landeff.toml").string(), "--out", out, "--quiet", "--formats", "gpkg", "--overwrite"});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    EXPECT_FALSE(fs::exists(tmp.path() / "o" / "stale.txt")) << "the old directory is replaced whole";
    EXPECT_TRUE(fs::exists(tmp.path() / "o" / "landeff.gpkg"));
}

// Areas are m² whatever the working CRS's unit: a 100 ft × 100 ft square in EPSG:2263 (US survey
// feet, 1 ft = 1200/3937 m) is 10000 ft² = 10000·(1200/3937)² = 929.0341 m².
TEST(Golden, SurveyFeetAreasAreSquareMetres) {
    TempDir tmp;
    auto sq = [](double x0, double y0, double s) {
        char buf[256];
        std::snprintf(buf, sizeof buf, "[[[%f,%f],[%f,%f],[%f,%f],[%f,%f],[%f,%f]]]", x0, y0, x0 + s, y0, x0 + s, y0 + s, x0,
                      y0 + s, x0, y0);
        return std::string(buf);
    };
    const std::string crs = R"("crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::2263"}})";
    std::ofstream(tmp.path() / "parks.geojson") << R"({"type":"FeatureCollection",)" << crs
        << R"(,"features":[{"type":"Feature","properties":{"park_id":"IBZ"},"geometry":{"type":"Polygon","coordinates":)"
        << sq(1000000, 200000, 1000) << "}}]}";
    std::ofstream(tmp.path() / "parcels.geojson") << R"({"type":"FeatureCollection",)" << crs
        << R"(,"features":[{"type":"Feature","properties":{"parcel_id":"L1"},"geometry":{"type":"Polygon","coordinates":)"
        << sq(1000100, 200100, 100) << "}}]}";
    std::ofstream(tmp.path() / "landeff.toml") << "year = 2024\ncrs = \"EPSG:2263\"\n[inputs.parks]\npath = \"parks.geojson\"\n"
                                                  "[inputs.parcels]\npath = \"parcels.geojson\"\n";
    auto r = run_landeff({"run", (tmp.path() / "landeff.toml").string(), "--out", (tmp.path() / "o").string(), "--quiet",
                          "--formats", "gpkg"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    auto parcels = read_rows(tmp.path() / "o" / "landeff.gpkg", "parcels");
    const double ft = 1200.0 / 3937.0;
    EXPECT_NEAR(num(parcels["L1"], "area_m2"), 10000 * ft * ft, 1e-6);
}

// Inputs in another CRS are transformed: the basic parcels given in EPSG:4326 keep their area
// within projection error (< 0.01 %) when the working CRS is the same GK zone.
TEST(Golden, InputsInAnotherCrsAreTransformed) {
    TempDir tmp;
    for (const char* f : {"parks.geojson", "enterprises.csv"}) fs::copy_file(kBasic / f, tmp.path() / f);
    const std::string cmd = "ogr2ogr -t_srs EPSG:4326 -lco RFC7946=NO '" + (tmp.path() / "parcels.geojson").string() + "' '" +
                            (kBasic / "parcels.geojson").string() + "' 2>/dev/null";
    ASSERT_EQ(std::system(cmd.c_str()), 0);
    fs::copy_file(kBasic / "landeff.toml", tmp.path() / "landeff.toml");
    auto r = run_landeff({"run", (tmp.path() / "landeff.toml").string(), "--out", (tmp.path() / "o").string(), "--quiet",
                          "--formats", "gpkg"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    auto parcels = read_rows(tmp.path() / "o" / "landeff.gpkg", "parcels");
    EXPECT_NEAR(num(parcels["A"], "area_m2"), 10000, 1.0);
    EXPECT_NEAR(num(parcels["D"], "share"), 0.5, 1e-4);
}

}  // namespace

namespace {

const fs::path kQuality = fs::path(LANDEFF_TEST_DATA) / "golden" / "quality";

std::multimap<std::string, std::string> findings_by_id(const fs::path& gpkg) {
    GDALAllRegister();
    std::multimap<std::string, std::string> out;  // id → code
    GDALDatasetUniquePtr ds(GDALDataset::Open(gpkg.c_str(), GDAL_OF_VECTOR));
    if (!ds) return out;
    for (auto& f : *ds->GetLayerByName("findings")) out.emplace(f->GetFieldAsString("id"), f->GetFieldAsString("code"));
    return out;
}

bool has(const std::multimap<std::string, std::string>& m, const std::string& id, const std::string& code) {
    auto [a, b] = m.equal_range(id);
    for (auto it = a; it != b; ++it)
        if (it->second == code) return true;
    return false;
}

TEST(GoldenQuality, ImpossibleValuesAreFindings) {
    TempDir tmp;
    const auto before = fingerprint(kQuality);
    auto r = run_landeff({"run", (kQuality / "landeff.toml").string(), "--out", (tmp.path() / "o").string(), "--quiet",
                          "--formats", "gpkg"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(fingerprint(kQuality), before);
    const auto f = findings_by_id(tmp.path() / "o" / "landeff.gpkg");
    EXPECT_TRUE(has(f, "NEG", "negative_value"));          // area_reg = −5
    EXPECT_TRUE(has(f, "FAR", "far_implausible"));         // 250000 / 10000 = FAR 25 > 20
    EXPECT_TRUE(has(f, "EARLY", "start_before_supply"));   // started 2020-04-30, supplied 2020-05-01
    EXPECT_TRUE(has(f, "FUTURE", "date_in_future"));       // 2150-01-01 (years past 2200 are not dates at all)
    EXPECT_FALSE(has(f, "EARLY", "date_in_future"));
    // The mapping parcel_id = "ZDDM" wins over the field literally named parcel_id.
    auto parcels = read_rows(tmp.path() / "o" / "landeff.gpkg", "parcels");
    EXPECT_EQ(parcels.count("decoy1"), 0u);
    ASSERT_EQ(parcels.count("Z3D"), 1u);
    // The 3-D polygon is flattened and kept: 100 m × 100 m = 10000 m².
    EXPECT_NEAR(num(parcels["Z3D"], "area_m2"), 10000, 1e-6);
}

// A curved parcel (CSV WKT): a circle of radius 50 m, linearized; its area is π·50² = 7853.98 m²
// within the linearization error (GDAL's default 4° step gives 90 segments: area
// = ½·90·50²·sin(4°) = 7848.2 m², 0.07 % below the circle).
TEST(GoldenQuality, CurvesAreLinearized) {
    TempDir tmp;
    fs::copy_file(kQuality / "parks.geojson", tmp.path() / "parks.geojson");
    std::ofstream(tmp.path() / "parcels.csv")
        << "parcel_id,wkt\nCIRCLE,\"CURVEPOLYGON(CIRCULARSTRING(500450 3100500,500550 3100500,500450 3100500))\"\n";
    std::ofstream(tmp.path() / "landeff.toml") << "year = 2024\ncrs = \"EPSG:4549\"\n[inputs.parks]\npath = \"parks.geojson\"\n"
                                                  "[inputs.parcels]\npath = \"parcels.csv\"\nwkt_field = \"wkt\"\ncrs_in = \"EPSG:4549\"\n";
    auto r = run_landeff({"run", (tmp.path() / "landeff.toml").string(), "--out", (tmp.path() / "o").string(), "--quiet",
                          "--formats", "gpkg"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    auto parcels = read_rows(tmp.path() / "o" / "landeff.gpkg", "parcels");
    EXPECT_NEAR(num(parcels["CIRCLE"], "area_m2"), 7853.98, 7853.98 * 0.002);
    EXPECT_EQ(parcels["CIRCLE"]["#geom"], "yes");
}

}  // namespace

namespace {

// Progress in GDAL's style on a terminal (a pseudo-terminal made by `script`), none in a pipe.
TEST(Progress, OnATerminalOnlyAndNotWithQuiet) {
    TempDir tmp;
    const std::string cfg = (kBasic / "landeff.toml").string();
    const std::string log = (tmp.path() / "tty.log").string();
    const std::string cmd = "script -qec \"'" + std::string(LANDEFF_BIN) + "' run '" + cfg + "' --out '" +
                            (tmp.path() / "a").string() + "' --formats gpkg\" '" + log + "' >/dev/null 2>&1";
    ASSERT_EQ(std::system(cmd.c_str()), 0);
    EXPECT_NE(read_file(log).find("0...10...20...30"), std::string::npos) << read_file(log);
    const std::string cmd_quiet = "script -qec \"'" + std::string(LANDEFF_BIN) + "' run '" + cfg + "' --out '" +
                                  (tmp.path() / "b").string() + "' --formats gpkg --quiet\" '" + log + "' >/dev/null 2>&1";
    ASSERT_EQ(std::system(cmd_quiet.c_str()), 0);
    EXPECT_EQ(read_file(log).find("0...10"), std::string::npos);
    // Through a pipe: the summary, but no progress.
    auto r = run_landeff({"run", cfg, "--out", (tmp.path() / "c").string(), "--formats", "gpkg"});
    ASSERT_EQ(r.exit_code, 0);
    EXPECT_NE(r.err.find("data quality:"), std::string::npos);
    EXPECT_EQ(r.err.find("0...10"), std::string::npos);
}

}  // namespace
