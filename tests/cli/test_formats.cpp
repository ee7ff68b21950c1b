// Readers for every OGR source the issue names. Fixtures are converted from the hand-made
// golden case with ogr2ogr, so the expected figures are those of test_golden.cpp: parcel A is
// 10000 m² (15 mu) in park P1, and the city's four parcels are 67.5 mu.
#include <gtest/gtest.h>

#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include <cstdlib>
#include <fstream>

#include "cli_util.hpp"

namespace fs = std::filesystem;
using namespace landeff::test;

namespace {

const fs::path kBasic = fs::path(LANDEFF_TEST_DATA) / "golden" / "basic";

int sh(const std::string& cmd) { return std::system((cmd + " >/dev/null 2>&1").c_str()); }

std::string q(const fs::path& p) { return "'" + p.string() + "'"; }

// Runs the city with the parcels (or enterprises) layer replaced and returns run.json.
std::string run_with(const TempDir& tmp, const std::string& toml_body) {
    std::ofstream(tmp.path() / "landeff.toml") << "year = 2024\ncrs = \"EPSG:4549\"\n" << toml_body;
    auto r = run_landeff({"run", (tmp.path() / "landeff.toml").string(), "--out", (tmp.path() / "o").string(), "--quiet",
                          "--formats", "gpkg"});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return read_file(tmp.path() / "o" / "run.json");
}

const char* kParks = "[inputs.parks]\npath = \"parks.geojson\"\n";

TEST(Formats, FileGdb) {
    TempDir tmp;
    fs::copy_file(kBasic / "parks.geojson", tmp.path() / "parks.geojson");
    ASSERT_EQ(sh("ogr2ogr -f OpenFileGDB " + q(tmp.path() / "city.gdb") + " " + q(kBasic / "parcels.geojson") + " -nln parcels"), 0);
    const std::string j = run_with(tmp, std::string(kParks) + "[inputs.parcels]\npath = \"city.gdb\"\nlayer = \"parcels\"\n");
    EXPECT_NE(j.find("\"driver\": \"OpenFileGDB\""), std::string::npos);
    EXPECT_NE(j.find("\"land_mu\": 67.5"), std::string::npos) << j;
}

TEST(Formats, XlsxEnterpriseTable) {
    TempDir tmp;
    for (const char* f : {"parks.geojson", "parcels.geojson"}) fs::copy_file(kBasic / f, tmp.path() / f);
    ASSERT_EQ(sh("ogr2ogr -f XLSX " + q(tmp.path() / "ent.xlsx") + " " + q(kBasic / "enterprises.csv") + " -nln 企业"), 0);
    const std::string j = run_with(tmp, std::string(kParks) +
                                            "[inputs.parcels]\npath = \"parcels.geojson\"\n[inputs.enterprises]\npath = \"ent.xlsx\"\n");
    EXPECT_NE(j.find("\"driver\": \"XLSX\""), std::string::npos);
    // Two enterprises joined (E1, E2), as from the CSV.
    EXPECT_NE(j.find("\"enterprises\": 2"), std::string::npos) << j;
}

TEST(Formats, CsvWithWktGeometry) {
    TempDir tmp;
    fs::copy_file(kBasic / "parks.geojson", tmp.path() / "parks.geojson");
    ASSERT_EQ(sh("ogr2ogr -f CSV " + q(tmp.path() / "parcels.csv") + " " + q(kBasic / "parcels.geojson") +
                 " -lco GEOMETRY=AS_WKT -lco GEOMETRY_NAME=wkt"), 0);
    const std::string j = run_with(tmp, std::string(kParks) +
                                            "[inputs.parcels]\npath = \"parcels.csv\"\nwkt_field = \"wkt\"\ncrs_in = \"EPSG:4549\"\n");
    EXPECT_NE(j.find("\"land_mu\": 67.5"), std::string::npos) << j;
}

TEST(Formats, DxfClosedPolylinesBecomePolygons) {
    TempDir tmp;
    fs::copy_file(kBasic / "parks.geojson", tmp.path() / "parks.geojson");
    ASSERT_EQ(sh("ogr2ogr -f DXF " + q(tmp.path() / "parcels.dxf") + " " + q(kBasic / "parcels.geojson")), 0);
    const std::string j = run_with(tmp, std::string(kParks) + "[inputs.parcels]\npath = \"parcels.dxf\"\ncrs_in = \"EPSG:4549\"\n");
    EXPECT_NE(j.find("\"driver\": \"DXF\""), std::string::npos);
    EXPECT_NE(j.find("\"land_mu\": 67.5"), std::string::npos) << j;
}

// A GBK CSV decodes with encoding = "GBK"; without it, the bytes are sniffed as CP936.
TEST(Formats, GbkCsvEncoding) {
    TempDir tmp;
    for (const char* f : {"parks.geojson", "parcels.geojson"}) fs::copy_file(kBasic / f, tmp.path() / f);
    ASSERT_EQ(sh("iconv -f UTF-8 -t GBK -o " + q(tmp.path() / "ent.csv") + " " + q(kBasic / "enterprises.csv")), 0);
    for (const char* enc : {"encoding = \"GBK\"\n", ""}) {
        fs::remove_all(tmp.path() / "o");
        const std::string j = run_with(tmp, std::string(kParks) + "[inputs.parcels]\npath = \"parcels.geojson\"\n"
                                                                  "[inputs.enterprises]\npath = \"ent.csv\"\n" + enc);
        EXPECT_NE(j.find("\"encoding\": \"CP936\""), std::string::npos) << j;
        // The Chinese headers 企业代码/年度/税收 resolved, so both enterprises joined.
        EXPECT_NE(j.find("\"ent_id\": \"企业代码\""), std::string::npos) << j;
        EXPECT_NE(j.find("\"enterprises\": 2"), std::string::npos) << j;
    }
}

TEST(Formats, WhereFilterSelectsFeatures) {
    TempDir tmp;
    for (const char* f : {"parks.geojson", "parcels.geojson"}) fs::copy_file(kBasic / f, tmp.path() / f);
    // Only A and B: 10000 + 15000 m² = 37.5 mu.
    const std::string j =
        run_with(tmp, std::string(kParks) + "[inputs.parcels]\npath = \"parcels.geojson\"\nwhere = \"ZDDM IN ('A','B')\"\n");
    EXPECT_NE(j.find("\"land_mu\": 37.5"), std::string::npos) << j;
}

}  // namespace

// Shapefile limits (issue 16).
namespace {

// The width of a .dbf field as written (-1 when the file or field is missing).
int dbf_width(const fs::path& dbf, const char* field) {
    GDALAllRegister();
    GDALDatasetUniquePtr ds(GDALDataset::Open(dbf.string().c_str(), GDAL_OF_VECTOR));
    if (!ds) return -1;
    OGRFeatureDefn* d = ds->GetLayer(0)->GetLayerDefn();
    const int i = d->GetFieldIndex(field);
    return i < 0 ? -1 : d->GetFieldDefn(i)->GetWidth();
}

// Runs basic with --formats gpkg,shp and the test-only size limit (0 = none).
CliResult run_shp(const fs::path& out, uint64_t limit) {
    if (limit) setenv("LANDEFF_TEST_SHP_MAX_BYTES", std::to_string(limit).c_str(), 1);
    auto r = run_landeff({"run", (kBasic / "landeff.toml").string(), "--out", out.string(), "--quiet", "--formats", "gpkg,shp"});
    unsetenv("LANDEFF_TEST_SHP_MAX_BYTES");
    return r;
}

}  // namespace

// Text fields sized to their content, in UTF-8 bytes: park_id "P1"/"P2" → 2; name 甲园区/乙园区 →
// 3 characters × 3 bytes = 9 (it was 254 for every text field).
TEST(Shapefile, TextFieldsAreSizedToTheirContent) {
    TempDir tmp;
    auto r = run_shp(tmp.path() / "o", 0);
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(dbf_width(tmp.path() / "o" / "shp" / "parks.dbf", "park_id"), 2);
    EXPECT_EQ(dbf_width(tmp.path() / "o" / "shp" / "parks.dbf", "name"), 9);
}

// A limit exactly the size of the largest file written lets the shapefiles through (the plan's
// sizes are the files' sizes to the byte); one byte less skips them, says so on stderr and in a
// finding, and still writes the GeoPackage. LANDEFF_TEST_SHP_MAX_BYTES stands in for the 2 GiB limit.
TEST(Shapefile, OverTheSizeLimitTheShapefilesAreSkippedWithAFinding) {
    TempDir tmp;
    auto r = run_shp(tmp.path() / "full", 0);
    ASSERT_EQ(r.exit_code, 0) << r.err;
    uint64_t largest = 0;
    for (const auto& e : fs::directory_iterator(tmp.path() / "full" / "shp")) {
        const auto ext = e.path().extension();
        if (ext == ".dbf" || ext == ".shp") largest = std::max<uint64_t>(largest, fs::file_size(e.path()));
    }
    ASSERT_GT(largest, 0u);

    r = run_shp(tmp.path() / "on", largest);
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(r.err, "") << "at the limit exactly nothing is said";
    EXPECT_TRUE(fs::exists(tmp.path() / "on" / "shp" / "parcels.shp"));

    r = run_shp(tmp.path() / "over", largest - 1);
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_NE(r.err.find("landeff: warning: shp/"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("more than the shapefile limit of " + std::to_string(largest - 1) + " bytes"), std::string::npos) << r.err;
    EXPECT_FALSE(fs::exists(tmp.path() / "over" / "shp" / "parcels.shp"));
    EXPECT_TRUE(fs::exists(tmp.path() / "over" / "landeff.gpkg"));
    GDALAllRegister();
    GDALDatasetUniquePtr ds(GDALDataset::Open((tmp.path() / "over" / "landeff.gpkg").string().c_str(), GDAL_OF_VECTOR));
    ASSERT_TRUE(ds);
    int found = 0;
    for (auto& feat : *ds->GetLayerByName("findings"))
        if (std::string(feat->GetFieldAsString("code")) == "shapefile_limit") ++found;
    EXPECT_GE(found, 1) << "a shapefile_limit finding";
}
