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

// Findings carry the geometry of the feature they are about (issue 16), so a user clicks through
// from a finding to the parcel. Golden case basic: parcel C is the rectangle x 502100..502200,
// y 3100100..3100200 (100 m × 100 m = 10000 m²), outside both parks, registered 12000 m²; its
// findings outside_parks and area_mismatch both carry exactly that rectangle. Before, the findings
// layer had no geometry at all (the GeoPackage table had no geometry column).
TEST(Formats, FindingCarriesItsParcelGeometry) {
    GDALAllRegister();
    TempDir tmp;
    const fs::path out = tmp.path() / "o";
    auto r = run_landeff({"run", (kBasic / "landeff.toml").string(), "--out", out.string(), "--quiet", "--formats", "gpkg,geojson,shp"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    GDALDatasetUniquePtr ds(GDALDataset::Open((out / "landeff.gpkg").c_str(), GDAL_OF_VECTOR));
    ASSERT_TRUE(ds);
    OGRLayer* parcels = ds->GetLayerByName("parcels");
    OGRLayer* findings = ds->GetLayerByName("findings");
    ASSERT_NE(parcels, nullptr);
    ASSERT_NE(findings, nullptr);
    ASSERT_EQ(findings->GetGeomType(), wkbMultiPolygon);
    parcels->SetAttributeFilter("parcel_id = 'C'");
    OGRFeatureUniquePtr c(parcels->GetNextFeature());
    ASSERT_TRUE(c && c->GetGeometryRef());
    findings->SetAttributeFilter("layer = 'parcels' AND id = 'C'");
    int n = 0;
    for (auto& f : *findings) {
        const OGRGeometry* g = f->GetGeometryRef();
        ASSERT_NE(g, nullptr) << f->GetFieldAsString("code");
        EXPECT_TRUE(g->Equals(c->GetGeometryRef())) << f->GetFieldAsString("code");
        EXPECT_DOUBLE_EQ(g->toMultiPolygon()->get_Area(), 10000.0);  // 100 m × 100 m
        OGREnvelope e;
        g->getEnvelope(&e);
        EXPECT_DOUBLE_EQ(e.MinX, 502100.0);
        EXPECT_DOUBLE_EQ(e.MaxY, 3100200.0);
        ++n;
    }
    EXPECT_GE(n, 2);  // outside_parks and area_mismatch
    // An enterprise's finding carries its parcels: E1 holds A (500100..500200 × 3100100..3100200,
    // 100 × 100 = 10000 m²) and B (500900..501050 × 3100100..3100200, 150 × 100 = 15000 m²), so a
    // MultiPolygon of 2 parts, 10000 + 15000 = 25000 m², spanning x 500100..501050.
    findings->SetAttributeFilter("layer = 'enterprises' AND id = 'E1'");
    int n_ent = 0;
    for (auto& f : *findings) {
        const OGRGeometry* g = f->GetGeometryRef();
        ASSERT_NE(g, nullptr) << f->GetFieldAsString("code");
        ASSERT_EQ(wkbFlatten(g->getGeometryType()), wkbMultiPolygon);
        EXPECT_EQ(g->toMultiPolygon()->getNumGeometries(), 2);
        EXPECT_DOUBLE_EQ(g->toMultiPolygon()->get_Area(), 25000.0);
        OGREnvelope e;
        g->getEnvelope(&e);
        EXPECT_DOUBLE_EQ(e.MinX, 500100.0);
        EXPECT_DOUBLE_EQ(e.MaxX, 501050.0);
        ++n_ent;
    }
    EXPECT_GE(n_ent, 1);  // grade_missing_figure (E1 reports no value_add, …)
    // A finding about no feature (config, run) or a table row without parcels has no geometry.
    findings->SetAttributeFilter("layer NOT IN ('parcels', 'parks', 'approvals', 'enterprises')");
    for (auto& f : *findings) EXPECT_EQ(f->GetGeometryRef(), nullptr) << f->GetFieldAsString("layer");
    // The layer is in the other vector formats too, with its geometry.
    GDALDatasetUniquePtr gj(GDALDataset::Open((out / "geojson" / "findings.geojson").c_str(), GDAL_OF_VECTOR));
    ASSERT_TRUE(gj);
    OGRLayer* l = gj->GetLayer(0);
    l->SetAttributeFilter("layer = 'parcels' AND id = 'C'");
    OGRFeatureUniquePtr f(l->GetNextFeature());
    ASSERT_TRUE(f && f->GetGeometryRef());
    OGREnvelope ll;  // RFC 7946: WGS 84 lon/lat, near 120°E (the CRS's central meridian; x 502100 is 2.1 km east of it)
    f->GetGeometryRef()->getEnvelope(&ll);
    EXPECT_NEAR(ll.MinX, 120.02, 0.01);
    EXPECT_TRUE(fs::exists(out / "shp" / "findings.shp"));
    EXPECT_TRUE(fs::exists(out / "shp" / "findings.qml"));
}

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
