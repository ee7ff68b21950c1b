// Readers for every OGR source the issue names. Fixtures are converted from the hand-made
// golden case with ogr2ogr, so the expected figures are those of test_golden.cpp: parcel A is
// 10000 m² (15 mu) in park P1, and the city's four parcels are 67.5 mu.
#include <gtest/gtest.h>

#include <gdal_priv.h>
#include <ogr_spatialref.h>
#include <ogrsf_frmts.h>

#include <sqlite3.h>

#include <array>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <functional>
#include <map>
#include <memory>
#include <vector>

#include <nlohmann/json.hpp>

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
CliResult run_shp(const fs::path& out, uint64_t limit, const std::string& lang = "") {
    if (limit) setenv("LANDEFF_TEST_SHP_MAX_BYTES", std::to_string(limit).c_str(), 1);
    std::vector<std::string> args = {"run", (kBasic / "landeff.toml").string(), "--out", out.string(), "--quiet", "--formats", "gpkg,shp"};
    if (!lang.empty()) args.insert(args.end(), {"--lang", lang});
    auto r = run_landeff(args);
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

    // In Chinese by default (issue 16), in English with --lang en; the file and the numbers stay.
    const std::string limit = std::to_string(largest - 1);
    r = run_shp(tmp.path() / "over", largest - 1);
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_NE(r.err.find("landeff: warning: shp/"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("超过 Shapefile 的文件大小上限 " + limit + " 字节; 未写出 Shapefile(请使用 GeoPackage)"), std::string::npos)
        << r.err;
    EXPECT_EQ(r.err.find("more than the shapefile limit"), std::string::npos) << r.err;
    EXPECT_FALSE(fs::exists(tmp.path() / "over" / "shp" / "parcels.shp"));
    EXPECT_TRUE(fs::exists(tmp.path() / "over" / "landeff.gpkg"));
    GDALAllRegister();
    std::string messages;
    {
        GDALDatasetUniquePtr ds(GDALDataset::Open((tmp.path() / "over" / "landeff.gpkg").string().c_str(), GDAL_OF_VECTOR));
        ASSERT_TRUE(ds);
        for (auto& feat : *ds->GetLayerByName("findings"))
            if (std::string(feat->GetFieldAsString("code")) == "shapefile_limit") messages += feat->GetFieldAsString("message");
    }
    EXPECT_NE(messages.find("超过 Shapefile 的文件大小上限 " + limit + " 字节; 未写出 Shapefile"), std::string::npos)
        << "a shapefile_limit finding in Chinese: " << messages;

    // English text is shorter than Chinese (1 byte a letter, 3 a character): a 100-byte limit, which every .dbf passes.
    r = run_shp(tmp.path() / "over_en", 100, "en");
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_NE(r.err.find("more than the shapefile limit of 100 bytes; the shapefiles were not written (use the GeoPackage)"),
              std::string::npos)
        << r.err;
    EXPECT_EQ(r.err.find("文件大小上限"), std::string::npos) << r.err;
    EXPECT_FALSE(fs::exists(tmp.path() / "over_en" / "shp" / "parcels.shp"));
}

// ---- The GeoPackage rows written through SQLite (issue 20) ----------------------------------
namespace {

struct Db {
    sqlite3* db = nullptr;
    explicit Db(const fs::path& p) { sqlite3_open_v2(p.c_str(), &db, SQLITE_OPEN_READONLY, nullptr); }
    ~Db() { sqlite3_close(db); }
    // The first column of the first row: as text ("" for none or NULL).
    std::string text(const std::string& sql) const {
        sqlite3_stmt* st = nullptr;
        std::string out;
        if (sqlite3_prepare_v2(db, sql.c_str(), -1, &st, nullptr) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW &&
            sqlite3_column_type(st, 0) != SQLITE_NULL) {
            const void* b = sqlite3_column_blob(st, 0);
            out.assign(static_cast<const char*>(b), static_cast<size_t>(sqlite3_column_bytes(st, 0)));
        }
        sqlite3_finalize(st);
        return out;
    }
    double number(const std::string& sql) const {
        sqlite3_stmt* st = nullptr;
        double v = -1;
        if (sqlite3_prepare_v2(db, sql.c_str(), -1, &st, nullptr) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW)
            v = sqlite3_column_double(st, 0);
        sqlite3_finalize(st);
        return v;
    }
};

double le_double(const std::string& b, size_t at) {
    double v = 0;
    std::memcpy(&v, b.data() + at, sizeof v);  // the machine is little-endian, as the blob
    return v;
}

// The layers of a GeoPackage with a geometry, by name.
std::vector<std::string> geometry_layers(const Db& db) {
    std::vector<std::string> layers;
    sqlite3_stmt* st = nullptr;
    if (sqlite3_prepare_v2(db.db, "SELECT table_name FROM gpkg_geometry_columns ORDER BY table_name", -1, &st, nullptr) != SQLITE_OK)
        return layers;
    while (sqlite3_step(st) == SQLITE_ROW) layers.emplace_back(reinterpret_cast<const char*>(sqlite3_column_text(st, 0)));
    sqlite3_finalize(st);
    return layers;
}

// Layer t's R-tree passes SQLite's rtreecheck and has one entry per row with a non-empty geometry
// (flags 0x03; an empty one has 0x11).
void expect_rtree_whole(const Db& db, const std::string& t) {
    const std::string rt = "rtree_" + t + "_geom";
    EXPECT_EQ(db.text("SELECT rtreecheck('" + rt + "')"), "ok") << rt;
    EXPECT_EQ(db.number("SELECT count(*) FROM \"" + rt + "\""),
              db.number("SELECT count(*) FROM \"" + t + "\" WHERE geom IS NOT NULL AND hex(substr(geom, 4, 1)) = '03'"))
        << t;
}

}  // namespace

// Same bytes with one thread and two; GDAL's own GeoPackage validator accepts the file; the blob,
// the counts, the extent and the R-tree are what GDAL writes. Hand values from golden/basic's
// parcels (rectangles): A = [500100, 500200] × [3100100, 3100200], B = [500900, 501050] ×
// [3100100, 3100200], C = [502100, 502200] × [3100100, 3100200], D = [501950, 502050] ×
// [3100300, 3100400]; the layer's extent is min x 500100 (A), min y 3100100 (A, B, C), max x 502200
// (C), max y 3100400 (D).
TEST(GeoPackage, RowsWrittenThroughSqliteAreValidAndAsGdalWritesThem) {
    TempDir tmp;
    for (const char* jobs : {"1", "2"}) {
        auto r = run_landeff({"run", (kBasic / "landeff.toml").string(), "--out", (tmp.path() / jobs).string(), "--quiet",
                              "--formats", "gpkg", "--jobs", jobs});
        ASSERT_EQ(r.exit_code, 0) << r.err;
    }
    const fs::path gpkg = tmp.path() / "1" / "landeff.gpkg";
    EXPECT_EQ(read_file(gpkg), read_file(tmp.path() / "2" / "landeff.gpkg")) << "--jobs 1 and --jobs 2 differ";
    const std::string validate =
        "/usr/bin/python3 /usr/lib/python3/dist-packages/osgeo_utils/samples/validate_gpkg.py " + q(gpkg) + " 2>&1";
    EXPECT_EQ(std::system((validate + " >" + q(tmp.path() / "validate.txt")).c_str()), 0) << read_file(tmp.path() / "validate.txt");

    Db db(gpkg);
    ASSERT_NE(db.db, nullptr);
    // Parcel A's blob: "GP", version 0, flags 0x03 (little-endian, xy envelope), srs_id 4549 =
    // 0x11C5 little-endian, then the envelope minx, maxx, miny, maxy, then the WKB (01 = little-endian).
    const std::string a = db.text("SELECT geom FROM parcels WHERE parcel_id = 'A'");
    ASSERT_GE(a.size(), 41u);
    EXPECT_EQ(a.substr(0, 8), std::string("GP\x00\x03\xC5\x11\x00\x00", 8));
    EXPECT_EQ(le_double(a, 8), 500100.0);
    EXPECT_EQ(le_double(a, 16), 500200.0);
    EXPECT_EQ(le_double(a, 24), 3100100.0);
    EXPECT_EQ(le_double(a, 32), 3100200.0);
    EXPECT_EQ(a[40], '\x01');
    // Four parcels: the count GDAL keeps, the rows, the R-tree entries.
    EXPECT_EQ(db.number("SELECT feature_count FROM gpkg_ogr_contents WHERE table_name = 'parcels'"), 4.0);
    EXPECT_EQ(db.number("SELECT count(*) FROM parcels"), 4.0);
    EXPECT_EQ(db.number("SELECT count(*) FROM rtree_parcels_geom"), 4.0);
    // Every layer's kept count is its row count (the tables without geometry too).
    EXPECT_EQ(db.number("SELECT count(*) FROM gpkg_ogr_contents"), db.number("SELECT count(*) FROM gpkg_contents"));
    sqlite3_stmt* st = nullptr;
    ASSERT_EQ(sqlite3_prepare_v2(db.db, "SELECT table_name, feature_count FROM gpkg_ogr_contents", -1, &st, nullptr), SQLITE_OK);
    while (sqlite3_step(st) == SQLITE_ROW) {
        const std::string t = reinterpret_cast<const char*>(sqlite3_column_text(st, 0));
        EXPECT_EQ(sqlite3_column_double(st, 1), db.number("SELECT count(*) FROM \"" + t + "\"")) << t;
    }
    sqlite3_finalize(st);
    // The layer's extent in gpkg_contents.
    EXPECT_EQ(db.number("SELECT min_x FROM gpkg_contents WHERE table_name = 'parcels'"), 500100.0);
    EXPECT_EQ(db.number("SELECT min_y FROM gpkg_contents WHERE table_name = 'parcels'"), 3100100.0);
    EXPECT_EQ(db.number("SELECT max_x FROM gpkg_contents WHERE table_name = 'parcels'"), 502200.0);
    EXPECT_EQ(db.number("SELECT max_y FROM gpkg_contents WHERE table_name = 'parcels'"), 3100400.0);
    // Parcel A in the R-tree (single precision holds these integers, all below 2^24, exactly).
    const std::string fid = "(SELECT ogc_fid FROM parcels WHERE parcel_id = 'A')";
    EXPECT_EQ(db.number("SELECT minx FROM rtree_parcels_geom WHERE id = " + fid), 500100.0);
    EXPECT_EQ(db.number("SELECT maxx FROM rtree_parcels_geom WHERE id = " + fid), 500200.0);
    EXPECT_EQ(db.number("SELECT miny FROM rtree_parcels_geom WHERE id = " + fid), 3100100.0);
    EXPECT_EQ(db.number("SELECT maxy FROM rtree_parcels_geom WHERE id = " + fid), 3100200.0);
    EXPECT_EQ(db.text("SELECT scope FROM gpkg_extensions WHERE table_name = 'parcels' AND extension_name = 'gpkg_rtree_index'"),
              "write-only");
    // GDAL's triggers stay: the feature count (taken out while the rows went in) and the R-tree's.
    EXPECT_EQ(db.number("SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND name = 'trigger_insert_feature_count_parcels'"), 1.0);
    EXPECT_EQ(db.number("SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND name = 'rtree_parcels_geom_insert'"), 1.0);
    // Numbers bound as numbers, text as text.
    EXPECT_EQ(db.text("SELECT typeof(area_m2) FROM parcels WHERE parcel_id = 'A'"), "real");
    EXPECT_EQ(db.text("SELECT typeof(parcel_id) FROM parcels WHERE parcel_id = 'A'"), "text");
    EXPECT_EQ(db.number("SELECT area_m2 FROM parcels WHERE parcel_id = 'A'"), 10000.0);  // 100 m × 100 m
}

// landeff.gpkg is made with SQLite pages of 16 384 bytes (GDAL's default is 4 096; issue 20, README
// "Performance"): the file is whole (integrity_check, rtreecheck) and GDAL's validator accepts it. A
// page size the user set through GDAL's OGR_SQLITE_PRAGMA (in any case, beside other pragmas) is
// theirs: 8 192 stays 8 192.
TEST(GeoPackage, PagesOf16KiBUnlessTheUserChoseASize) {
    TempDir tmp;
    for (const char* pragma : {"", "cache_size=-4000,Page_Size=8192"}) {
        if (*pragma) setenv("OGR_SQLITE_PRAGMA", pragma, 1);
        const fs::path out = tmp.path() / (*pragma ? "user" : "default");
        auto r = run_landeff({"run", (kBasic / "landeff.toml").string(), "--out", out.string(), "--quiet", "--formats", "gpkg"});
        unsetenv("OGR_SQLITE_PRAGMA");
        ASSERT_EQ(r.exit_code, 0) << r.err;
    }
    const fs::path gpkg = tmp.path() / "default" / "landeff.gpkg";
    {
        Db db(gpkg);
        ASSERT_NE(db.db, nullptr);
        EXPECT_EQ(db.number("PRAGMA page_size"), 16384.0);
        EXPECT_EQ(db.text("PRAGMA integrity_check"), "ok");
        EXPECT_EQ(db.text("SELECT rtreecheck('rtree_parcels_geom')"), "ok");
        EXPECT_EQ(db.number("SELECT count(*) FROM parcels"), 4.0);
    }
    const std::string validate =
        "/usr/bin/python3 /usr/lib/python3/dist-packages/osgeo_utils/samples/validate_gpkg.py " + q(gpkg) + " 2>&1";
    EXPECT_EQ(std::system((validate + " >" + q(tmp.path() / "validate.txt")).c_str()), 0) << read_file(tmp.path() / "validate.txt");
    Db user(tmp.path() / "user" / "landeff.gpkg");
    ASSERT_NE(user.db, nullptr);
    EXPECT_EQ(user.number("PRAGMA page_size"), 8192.0);
    EXPECT_EQ(user.text("PRAGMA integrity_check"), "ok");
}

// A city of `parcels` from `landeff synth --seed seed` in tmp/city, run with --jobs 1 and 2 into
// tmp/1 and tmp/2 with `formats` (call it inside ASSERT_NO_FATAL_FAILURE).
static void synth_and_run_with_jobs_1_and_2(const TempDir& tmp, const char* parcels, const char* seed, const char* formats) {
    auto s = run_landeff({"synth", "--parcels", parcels, "--seed", seed, "--out", (tmp.path() / "city").string(), "--quiet"});
    ASSERT_EQ(s.exit_code, 0) << s.err;
    for (const char* jobs : {"1", "2"}) {
        auto r = run_landeff({"run", (tmp.path() / "city" / "landeff.toml").string(), "--out", (tmp.path() / jobs).string(),
                              "--quiet", "--formats", formats, "--jobs", jobs});
        ASSERT_EQ(r.exit_code, 0) << r.err;
    }
}

// Each layer's R-tree is written between the batches of the layers written after it (issue 20,
// RtreeWrite): from when a quarter as many rows as it has entries are in, spread over the rows still
// to come, the tables (enterprises) written last. 12 000 parcels are six batches of 2 048 rows and
// their R-tree is written among the findings', worklist's and enterprises' rows. The file is the same
// with --jobs 1 and 2; every R-tree is whole (rtreecheck, one entry per row with a non-empty
// geometry); GDAL's triggers are all back, as GDAL itself makes them for the same layers (an ogr2ogr
// copy); and a feature GDAL adds afterwards goes into the R-tree through them.
TEST(GeoPackage, RtreesWrittenBetweenLaterRowsAreWholeWhateverTheJobs) {
    GDALAllRegister();
    TempDir tmp;
    ASSERT_NO_FATAL_FAILURE(synth_and_run_with_jobs_1_and_2(tmp, "12000", "5", "gpkg"));
    const fs::path gpkg = tmp.path() / "2" / "landeff.gpkg";
    EXPECT_TRUE(read_file(tmp.path() / "1" / "landeff.gpkg") == read_file(gpkg)) << "--jobs 1 and --jobs 2 differ";
    auto triggers = [](const Db& db) {
        std::map<std::string, std::string> out;
        sqlite3_stmt* st = nullptr;
        if (sqlite3_prepare_v2(db.db, "SELECT name, sql FROM sqlite_master WHERE type = 'trigger'", -1, &st, nullptr) != SQLITE_OK) return out;
        while (sqlite3_step(st) == SQLITE_ROW)
            out[reinterpret_cast<const char*>(sqlite3_column_text(st, 0))] = reinterpret_cast<const char*>(sqlite3_column_text(st, 1));
        sqlite3_finalize(st);
        return out;
    };
    std::map<std::string, std::string> ours;
    {
        Db db(gpkg);
        ASSERT_NE(db.db, nullptr);
        EXPECT_EQ(db.number("SELECT count(*) FROM parcels"), 12000.0);
        EXPECT_GE(db.number("SELECT count(*) FROM enterprises"), 2048.0);  // a layer of several batches written last
        EXPECT_EQ(db.text("PRAGMA integrity_check"), "ok");
        const std::vector<std::string> layers = geometry_layers(db);
        EXPECT_GE(layers.size(), 5u);
        for (const auto& t : layers) expect_rtree_whole(db, t);
        ours = triggers(db);
    }
    ASSERT_EQ(sh("ogr2ogr -f GPKG " + q(tmp.path() / "copy.gpkg") + " " + q(gpkg)), 0);
    {
        Db copy(tmp.path() / "copy.gpkg");
        ASSERT_NE(copy.db, nullptr);
        const auto gdals = triggers(copy);
        EXPECT_GE(gdals.size(), 20u);
        EXPECT_TRUE(ours == gdals) << ours.size() << " triggers in landeff.gpkg, " << gdals.size() << " in GDAL's copy";
    }
    // A parcel GDAL adds to a copy of the file: its R-tree entry comes from the insert trigger.
    fs::copy_file(gpkg, tmp.path() / "added.gpkg");
    {
        GDALDatasetUniquePtr ds(GDALDataset::Open((tmp.path() / "added.gpkg").c_str(), GDAL_OF_VECTOR | GDAL_OF_UPDATE));
        ASSERT_TRUE(ds);
        OGRLayer* layer = ds->GetLayerByName("parcels");
        ASSERT_NE(layer, nullptr);
        OGRFeature f(layer->GetLayerDefn());
        OGRGeometry* g = nullptr;
        ASSERT_EQ(OGRGeometryFactory::createFromWkt("POLYGON ((1 2, 3 2, 3 4, 1 4, 1 2))", nullptr, &g), OGRERR_NONE);
        f.SetGeometryDirectly(g);
        ASSERT_EQ(layer->CreateFeature(&f), OGRERR_NONE);
    }
    Db added(tmp.path() / "added.gpkg");
    EXPECT_EQ(added.number("SELECT count(*) FROM rtree_parcels_geom"), 12001.0);
    EXPECT_EQ(added.number("SELECT count(*) FROM rtree_parcels_geom WHERE minx = 1 AND maxx = 3 AND miny = 2 AND maxy = 4"), 1.0);
}

// Several rows per INSERT (issue 20) give the same file as one INSERT per row: the same rows, rowids,
// R-tree and bytes. 3 000 parcels: 3000 = 93 × 32 + 24, so the parcels layer ends with 24 rows
// inserted one by one after 93 statements of 32; 7 rows per statement leaves 3000 − 428 × 7 = 4.
TEST(GeoPackage, SeveralRowsPerInsertGiveTheSameFile) {
    TempDir tmp;
    auto s = run_landeff({"synth", "--parcels", "3000", "--seed", "7", "--out", (tmp.path() / "city").string(), "--quiet"});
    ASSERT_EQ(s.exit_code, 0) << s.err;
    std::map<std::string, std::string> files;
    for (const char* rows : {"1", "7", ""}) {  // "" = the default (32)
        if (*rows) setenv("LANDEFF_TEST_GPKG_ROWS_PER_INSERT", rows, 1);
        const fs::path out = tmp.path() / (std::string("rows") + rows);
        auto r = run_landeff({"run", (tmp.path() / "city" / "landeff.toml").string(), "--out", out.string(), "--quiet",
                              "--formats", "gpkg"});
        unsetenv("LANDEFF_TEST_GPKG_ROWS_PER_INSERT");
        ASSERT_EQ(r.exit_code, 0) << r.err;
        files[rows] = read_file(out / "landeff.gpkg");
    }
    ASSERT_GT(files[""].size(), 100000u);
    EXPECT_TRUE(files["1"] == files[""]) << "one row per INSERT and 32 differ";
    EXPECT_TRUE(files["7"] == files[""]) << "7 rows per INSERT and 32 differ";
    Db db(tmp.path() / "rows" / "landeff.gpkg");
    ASSERT_NE(db.db, nullptr);
    EXPECT_EQ(db.number("SELECT count(*) FROM parcels"), 3000.0);
    EXPECT_EQ(db.number("SELECT min(ogc_fid) FROM parcels"), 1.0);
    EXPECT_EQ(db.number("SELECT max(ogc_fid) FROM parcels"), 3000.0);
    EXPECT_EQ(db.number("SELECT seq FROM sqlite_sequence WHERE name = 'parcels'"), 3000.0);
}

// The R-trees are packed in one pass and written into SQLite's rtree tables directly (issue 20):
// SQLite's own rtreecheck() accepts every one, each row with a non-empty geometry has exactly one
// entry whose box holds the row's envelope (from the blob header) within SQLite's float rounding
// (2^-23 relative), and a box query through the tree finds what a scan of the entries finds. 3 000
// parcels need three levels: ⌈3000 / 51⌉ = 59 leaves (51 cells in SQLite's 1228-byte nodes of a
// 4096-byte page: (1228 − 4) / 24 = 51), ⌈59 / 51⌉ = 2 nodes above them, then the root: depth 2.
TEST(GeoPackage, RtreePackedInOnePassIsSqlitesOwn) {
    TempDir tmp;
    auto s = run_landeff({"synth", "--parcels", "3000", "--seed", "7", "--out", (tmp.path() / "city").string(), "--quiet"});
    ASSERT_EQ(s.exit_code, 0) << s.err;
    auto r = run_landeff({"run", (tmp.path() / "city" / "landeff.toml").string(), "--out", (tmp.path() / "out").string(),
                          "--quiet", "--formats", "gpkg"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    Db db(tmp.path() / "out" / "landeff.gpkg");
    ASSERT_NE(db.db, nullptr);
    EXPECT_EQ(db.text("SELECT hex(substr(data, 1, 2)) FROM rtree_parcels_geom_node WHERE nodeno = 1"), "0002");
    EXPECT_EQ(db.number("SELECT length(data) FROM rtree_parcels_geom_node WHERE nodeno = 1"), 1228.0);
    EXPECT_EQ(db.number("SELECT count(*) FROM rtree_parcels_geom_node"), 59.0 + 2.0 + 1.0);
    // The (row, leaf) pairs go in in row order (issue 20): SQLite then fills each page of the
    // _rowid table before starting the next (3 000 pairs: one page full, the last part-full).
    // In the nodes' order every insert landed on a random page, each page split about half-full,
    // and at 1 M parcels SQLite wrote the file about three times over.
    EXPECT_LE(db.number("SELECT count(*) FROM dbstat WHERE name = 'rtree_parcels_geom_rowid' AND pagetype = 'leaf' "
                        "AND (pgsize - unused) < 0.99 * pgsize"),
              1.0);
    EXPECT_GE(db.number("SELECT count(*) FROM dbstat WHERE name = 'rtree_parcels_geom_rowid' AND pagetype = 'leaf'"), 2.0);
    const std::vector<std::string> layers = geometry_layers(db);
    ASSERT_GE(layers.size(), 4u);
    for (const auto& t : layers) {
        expect_rtree_whole(db, t);
        const std::string rt = "rtree_" + t + "_geom";
        sqlite3_stmt* st = nullptr;
        ASSERT_EQ(sqlite3_prepare_v2(db.db,
                                     ("SELECT r.minx, r.maxx, r.miny, r.maxy, t.geom FROM \"" + rt + "\" r JOIN \"" + t +
                                      "\" t ON t.ogc_fid = r.id")
                                         .c_str(),
                                     -1, &st, nullptr),
                  SQLITE_OK);
        size_t joined = 0;
        std::vector<std::array<double, 4>> boxes;
        while (sqlite3_step(st) == SQLITE_ROW) {
            ++joined;
            const std::string g(static_cast<const char*>(sqlite3_column_blob(st, 4)), static_cast<size_t>(sqlite3_column_bytes(st, 4)));
            ASSERT_GE(g.size(), 40u);
            std::array<double, 4> box{};
            for (int c = 0; c < 4; ++c) {
                const double stored = sqlite3_column_double(st, c), exact = le_double(g, 8 + 8 * static_cast<size_t>(c));
                const double slack = std::abs(exact) / 4194304.0;  // 2^-22: beyond SQLite's rounding
                if (c % 2 == 0) EXPECT_TRUE(stored <= exact && stored > exact - slack) << t << " min " << stored << " " << exact;
                else EXPECT_TRUE(stored >= exact && stored < exact + slack) << t << " max " << stored << " " << exact;
                box[static_cast<size_t>(c)] = stored;
            }
            boxes.push_back(box);
        }
        sqlite3_finalize(st);
        EXPECT_EQ(static_cast<double>(joined), db.number("SELECT count(*) FROM \"" + rt + "\"")) << t << ": an entry without its row";
        // Box queries through the tree against a scan of the entries: the middle third of the
        // layer's extent, and each quadrant of it.
        if (boxes.empty()) continue;
        const double x0 = db.number("SELECT min(minx) FROM \"" + rt + "\""), x1 = db.number("SELECT max(maxx) FROM \"" + rt + "\"");
        const double y0 = db.number("SELECT min(miny) FROM \"" + rt + "\""), y1 = db.number("SELECT max(maxy) FROM \"" + rt + "\"");
        const double w = x1 - x0, h = y1 - y0;
        const std::array<std::array<double, 4>, 5> queries{{{x0 + w / 3, x0 + 2 * w / 3, y0 + h / 3, y0 + 2 * h / 3},
                                                            {x0, x0 + w / 2, y0, y0 + h / 2},
                                                            {x0 + w / 2, x1, y0, y0 + h / 2},
                                                            {x0, x0 + w / 2, y0 + h / 2, y1},
                                                            {x0 + w / 2, x1, y0 + h / 2, y1}}};
        for (const auto& q : queries) {
            double scan = 0;
            for (const auto& b : boxes) scan += (b[1] >= q[0] && b[0] <= q[1] && b[3] >= q[2] && b[2] <= q[3]) ? 1 : 0;
            char sql[512];
            std::snprintf(sql, sizeof sql, "SELECT count(*) FROM \"%s\" WHERE maxx >= %.17g AND minx <= %.17g AND maxy >= %.17g AND miny <= %.17g",
                          rt.c_str(), q[0], q[1], q[2], q[3]);
            EXPECT_EQ(db.number(sql), scan) << t << ": " << sql;
        }
    }
}

// ---- GeoJSON written in parallel batches (issue 20) ------------------------------------------
namespace {

// What GDAL's GeoJSON driver writes for a layer of `gpkg` in one CreateFeature loop, with landeff's
// layer options (RFC 7946: WGS 84 longitude/latitude, 7 decimals, right-hand rings; no layer name):
// the reference a file written in batches must equal byte for byte.
std::string gdal_geojson_of(const fs::path& gpkg, const std::string& layer) {
    GDALDatasetUniquePtr in(GDALDataset::Open(gpkg.c_str(), GDAL_OF_VECTOR));
    if (!in) return "no " + gpkg.string();
    OGRLayer* src = in->GetLayerByName(layer.c_str());
    if (!src) return "no layer " + layer;
    const std::string path = "/vsimem/reference_" + layer + ".geojson";
    {
        GDALDatasetUniquePtr out(GetGDALDriverManager()->GetDriverByName("GeoJSON")->Create(path.c_str(), 0, 0, 0, GDT_Unknown, nullptr));
        const char* lco[] = {"RFC7946=YES", "WRITE_NAME=NO", nullptr};
        OGRLayer* dst = out->CreateLayer(layer.c_str(), src->GetSpatialRef(), src->GetGeomType() == wkbNone ? wkbNone : wkbMultiPolygon,
                                         const_cast<char**>(lco));
        OGRFeatureDefn* d = src->GetLayerDefn();
        for (int i = 0; i < d->GetFieldCount(); ++i) {
            OGRFieldDefn fd(d->GetFieldDefn(i)->GetNameRef(), d->GetFieldDefn(i)->GetType());
            dst->CreateField(&fd);
        }
        src->ResetReading();
        for (auto& f : *src) {
            OGRFeature g(dst->GetLayerDefn());
            g.SetFrom(f.get());  // no FID: landeff's features carry none
            for (int i = 0; i < d->GetFieldCount(); ++i)
                if (f->IsFieldNull(i)) g.UnsetField(i);  // landeff leaves a null unset: the member is left out
            if (dst->CreateFeature(&g) != OGRERR_NONE) return "CreateFeature failed";
        }
    }
    vsi_l_offset n = 0;
    GByte* b = VSIGetMemFileBuffer(path.c_str(), &n, TRUE);
    std::string text(reinterpret_cast<const char*>(b), static_cast<size_t>(n));
    CPLFree(b);
    return text;
}

// At most `max` bytes of `s`, cut at a UTF-8 character boundary (landeff's utf8_prefix, which cuts a
// shapefile's text at output.max_string = 254 bytes).
std::string utf8_cut(const std::string& s, size_t max) {
    if (s.size() <= max) return s;
    size_t n = max;
    while (n > 0 && (static_cast<unsigned char>(s[n]) & 0xC0u) == 0x80u) --n;
    return s.substr(0, n);
}

// What GDAL's shapefile driver writes for a layer of `gpkg` in one CreateFeature loop, with landeff's
// layer options and field definitions (text widths as landeff's .dbf has them, reals 24.6, integers
// GDAL's default): the .shp, .shx, .dbf, .prj and .cpg bytes, by extension.
std::map<std::string, std::string> gdal_shapefile_of(const fs::path& gpkg, const std::string& layer, const fs::path& landeff_dbf) {
    std::map<std::string, std::string> files;
    GDALDatasetUniquePtr in(GDALDataset::Open(gpkg.c_str(), GDAL_OF_VECTOR));
    GDALDatasetUniquePtr widths(GDALDataset::Open(landeff_dbf.c_str(), GDAL_OF_VECTOR));
    if (!in || !widths) return files;
    OGRLayer* src = in->GetLayerByName(layer.c_str());
    if (!src) return files;
    OGRFeatureDefn* wd = widths->GetLayer(0)->GetLayerDefn();
    const std::string dir = "/vsimem/reference_shp_" + layer;
    VSIMkdir(dir.c_str(), 0755);
    {
        GDALDatasetUniquePtr out(GetGDALDriverManager()->GetDriverByName("ESRI Shapefile")
                                     ->Create((dir + "/" + layer + ".shp").c_str(), 0, 0, 0, GDT_Unknown, nullptr));
        CPLStringList lco;
        lco.AddString("ENCODING=UTF-8");
        lco.AddString("SPATIAL_INDEX=NO");
        const std::string head = read_file(landeff_dbf).substr(0, 4);  // bytes 1–3: year − 1900, month, day
        char date[64];
        std::snprintf(date, sizeof date, "DBF_DATE_LAST_UPDATE=%04d-%02d-%02d", 1900 + static_cast<unsigned char>(head[1]),
                      static_cast<unsigned char>(head[2]), static_cast<unsigned char>(head[3]));
        lco.AddString(date);
        OGRLayer* dst = out->CreateLayer(layer.c_str(), src->GetSpatialRef(), wkbMultiPolygon, lco.List());
        OGRFeatureDefn* d = src->GetLayerDefn();
        for (int i = 0; i < d->GetFieldCount(); ++i) {
            OGRFieldDefn fd(d->GetFieldDefn(i)->GetNameRef(), d->GetFieldDefn(i)->GetType());
            if (fd.GetType() == OFTString) fd.SetWidth(wd->GetFieldDefn(i)->GetWidth());
            if (fd.GetType() == OFTReal) { fd.SetWidth(24); fd.SetPrecision(6); }
            dst->CreateField(&fd);
        }
        src->ResetReading();
        for (auto& f : *src) {
            OGRFeature g(dst->GetLayerDefn());
            g.SetFrom(f.get());
            for (int i = 0; i < d->GetFieldCount(); ++i)
                if (d->GetFieldDefn(i)->GetType() == OFTString && f->IsFieldSetAndNotNull(i))
                    g.SetField(i, utf8_cut(f->GetFieldAsString(i), 254).c_str());
            if (dst->CreateFeature(&g) != OGRERR_NONE) return {};
        }
    }
    for (const char* ext : {".shp", ".shx", ".dbf", ".prj", ".cpg"}) {
        const std::string path = dir + "/" + layer + ext;
        vsi_l_offset n = 0;
        GByte* b = VSIGetMemFileBuffer(path.c_str(), &n, TRUE);
        if (b) files[ext] = std::string(reinterpret_cast<const char*>(b), static_cast<size_t>(n));
        CPLFree(b);
    }
    VSIRmdirRecursive(dir.c_str());
    return files;
}

}  // namespace

// The shapefiles too are GDAL's bytes although written in batches (writer.cpp, ShpWriter): each
// layer's .shp, .shx, .dbf, .prj and .cpg equal what GDAL's shapefile driver writes from the same rows
// in one loop — the records renumbered, the index offsets, the header's file lengths, bounds and
// record count, every attribute as the .dbf prints it.
TEST(Shapefile, WrittenInBatchesItIsGdalsOwnFile) {
    GDALAllRegister();
    TempDir tmp;
    auto s = run_landeff({"synth", "--parcels", "5000", "--seed", "3", "--out", (tmp.path() / "city").string(), "--quiet"});
    ASSERT_EQ(s.exit_code, 0) << s.err;
    const fs::path out = tmp.path() / "o";
    auto r = run_landeff({"run", (tmp.path() / "city" / "landeff.toml").string(), "--out", out.string(), "--quiet", "--formats", "gpkg,shp"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    size_t layers = 0;
    for (const auto& e : fs::directory_iterator(out / "shp")) {
        if (e.path().extension() != ".shp") continue;
        ++layers;
        const std::string name = e.path().stem().string();
        const auto ref = gdal_shapefile_of(out / "landeff.gpkg", name, fs::path(e.path()).replace_extension(".dbf"));
        ASSERT_EQ(ref.size(), 5u) << name;
        for (const auto& [ext, bytes] : ref)
            EXPECT_TRUE(read_file(fs::path(e.path()).replace_extension(ext)) == bytes) << name << ext << " is not the file GDAL writes in one loop";
    }
    EXPECT_GE(layers, 5u);
    // 5000 parcels: 5000 index entries after the 100-byte header.
    EXPECT_EQ(fs::file_size(out / "shp" / "parcels.shx"), 100u + 8u * 5000u);
}

// The GeoJSON files are GDAL's bytes although GDAL writes them in batches of 2048 features on
// several threads (writer.cpp, GeojsonWriter): 5000 parcels are three batches (2048 + 2048 + 904),
// and every layer's file equals what GDAL writes from the same rows (read back from landeff.gpkg,
// the same doubles and texts) in one loop. What a user sees is checked in the text itself: the
// FeatureCollection without a name or crs member, one feature per line, ",\n" between two, the
// coordinates WGS 84 longitude/latitude (inside China's 73–136°E, 18–54°N, not metres) with at most
// 7 decimals, and each feature's first exterior ring counter-clockwise (RFC 7946 §3.1.6: a positive
// signed area by the shoelace formula).
TEST(GeoJson, WrittenInBatchesItIsGdalsOwnFile) {
    GDALAllRegister();
    TempDir tmp;
    ASSERT_NO_FATAL_FAILURE(synth_and_run_with_jobs_1_and_2(tmp, "5000", "3", "gpkg,geojson"));
    const fs::path out = tmp.path() / "2";
    size_t files = 0;
    for (const auto& e : fs::directory_iterator(out / "geojson")) {
        if (e.path().extension() != ".geojson") continue;
        ++files;
        const std::string name = e.path().stem().string();
        const std::string text = read_file(e.path());
        EXPECT_EQ(text, read_file(tmp.path() / "1" / "geojson" / e.path().filename())) << name << ": --jobs 1 and 2 differ";
        EXPECT_TRUE(text == gdal_geojson_of(out / "landeff.gpkg", name)) << name << ": not the file GDAL writes in one loop";
        EXPECT_EQ(text.rfind("{\n\"type\": \"FeatureCollection\",\n\"features\": [\n", 0), 0u) << name;
        EXPECT_EQ(text.substr(text.size() - 5), "\n]\n}\n") << name;
        EXPECT_EQ(text.find("\"crs\""), std::string::npos) << name;
    }
    EXPECT_GE(files, 5u);
    // The parcels, line by line: 5000 features, each a line of its own.
    const std::string text = read_file(out / "geojson" / "parcels.geojson");
    std::vector<std::string> lines;
    for (size_t a = 0, b; a < text.size(); a = b + 1) {
        b = text.find('\n', a);
        if (b == std::string::npos) b = text.size();
        lines.push_back(text.substr(a, b - a));
    }
    ASSERT_EQ(lines.size(), 3u + 5000u + 2u);  // {, "type", "features": [ ; the features ; ], }
    size_t rings = 0;
    for (size_t k = 3; k < 3 + 5000; ++k) {
        const std::string& l = lines[k];
        ASSERT_EQ(l.rfind("{ \"type\": \"Feature\", \"properties\": { ", 0), 0u) << k;
        EXPECT_EQ(l.back(), k + 1 < 3 + 5000 ? ',' : '}') << k;
        const size_t at = l.find("\"geometry\": { \"type\": \"");
        ASSERT_NE(at, std::string::npos) << k;
        // Every number after "coordinates": at most 7 decimals, longitudes 119…121, latitudes 29…31.
        const size_t c = l.find("\"coordinates\": ", at);
        ASSERT_NE(c, std::string::npos) << k;
        const std::string coords = l.substr(c + 15, l.find(" }", c) - c - 15);
        std::vector<std::vector<std::pair<double, double>>> ring_list;
        std::vector<std::pair<double, double>> ring;
        int depth = 0, ring_depth = 0;
        for (size_t i = 0; i < coords.size();) {
            const char ch = coords[i];
            if (ch == '[') {
                ++depth;
                ++i;
                while (i < coords.size() && coords[i] == ' ') ++i;
                if (i < coords.size() && (coords[i] == '-' || std::isdigit(static_cast<unsigned char>(coords[i])))) {
                    // a position: [ lon, lat ]
                    char* end = nullptr;
                    const double lon = std::strtod(coords.c_str() + i, &end);
                    const std::string lon_text = coords.substr(i, static_cast<size_t>(end - coords.c_str()) - i);
                    i = static_cast<size_t>(end - coords.c_str()) + 2;  // ", "
                    const double lat = std::strtod(coords.c_str() + i, &end);
                    const std::string lat_text = coords.substr(i, static_cast<size_t>(end - coords.c_str()) - i);
                    i = static_cast<size_t>(end - coords.c_str());
                    for (const auto& t : {lon_text, lat_text}) {
                        const size_t dot = t.find('.');
                        EXPECT_TRUE(dot == std::string::npos || t.size() - dot - 1 <= 7) << k << ": " << t;
                    }
                    EXPECT_TRUE(lon > 73 && lon < 136 && lat > 18 && lat < 54) << k << ": " << lon << " " << lat;
                    ring.emplace_back(lon, lat);
                    ring_depth = depth - 1;
                }
            } else if (ch == ']') {
                if (depth == ring_depth && !ring.empty()) ring_list.push_back(std::move(ring)), ring = {};
                --depth;
                ++i;
            } else {
                ++i;
            }
        }
        // Rings in order: a polygon's exterior, then its holes. The exterior is counter-clockwise.
        ASSERT_FALSE(ring_list.empty()) << k;
        double first = 0;
        for (size_t i = 0; i + 1 < ring_list[0].size(); ++i)
            first += ring_list[0][i].first * ring_list[0][i + 1].second - ring_list[0][i + 1].first * ring_list[0][i].second;
        EXPECT_GT(first, 0) << k << ": the exterior ring is clockwise";
        rings += ring_list.size();
    }
    EXPECT_GE(rings, 5000u);
}

// The golden basic case with awkward values (issue 20's printed outputs): parcel ids and areas
// replaced as (text in the GeoJSON source, its replacement) pairs, E1's 2024 output 1234567.0000001.
fs::path awkward_basic(const fs::path& dir, const std::vector<std::pair<std::string, std::string>>& parcel_edits) {
    const fs::path golden = fs::path(LANDEFF_TEST_DATA) / "golden";
    const fs::path awk = dir / "awkward";
    fs::create_directories(awk);
    for (const char* f : {"landeff.toml", "parks.geojson"}) fs::copy_file(golden / "basic" / f, awk / f);
    std::string parcels = read_file(golden / "basic" / "parcels.geojson");
    for (const auto& [from, to] : parcel_edits) parcels.replace(parcels.find(from), from.size(), to);
    std::ofstream(awk / "parcels.geojson") << parcels;
    std::string ents = read_file(golden / "basic" / "enterprises.csv");
    ents.replace(ents.find(",1500"), 5, ",1234567.0000001");
    std::ofstream(awk / "enterprises.csv") << ents;
    return awk / "landeff.toml";
}

// Runs each config with `env`=GDAL (GDAL's driver writes every batch) and without, and compares every
// file of `sub` (geojson, shp) byte for byte; `each(path, bytes)` sees landeff's files.
template <class Each>
void compare_with_driver(const fs::path& dir, const std::vector<fs::path>& configs, const char* env, const char* formats,
                         const char* sub, Each each) {
    for (const fs::path& cfg : configs) {
        const std::string tag = cfg.parent_path().filename().string();
        for (const char* rows : {"GDAL", ""}) {
            if (*rows) setenv(env, rows, 1);
            auto r = run_landeff({"run", cfg.string(), "--out", (dir / "out" / (tag + rows)).string(), "--quiet", "--formats", formats});
            unsetenv(env);
            ASSERT_EQ(r.exit_code, 0) << tag << ": " << r.err;
        }
        for (const auto& e : fs::directory_iterator(dir / "out" / tag / sub)) {
            const std::string ours = read_file(e.path());
            EXPECT_TRUE(ours == read_file(dir / "out" / (tag + "GDAL") / sub / e.path().filename()))
                << tag << "/" << e.path().filename().string() << " is not the driver's file";
            each(e.path(), ours);
        }
    }
}

// The basic golden case moved to `epsg` by (dx, dy), with `extra` parcels (GeoJSON features) added.
fs::path moved_basic(const fs::path& dir, const std::string& name, int epsg, double dx, double dy,
                     const std::vector<nlohmann::json>& extra, const std::string& settings) {
    const fs::path golden = fs::path(LANDEFF_TEST_DATA) / "golden" / "basic";
    const fs::path out = dir / name;
    fs::create_directories(out);
    for (const char* f : {"parks.geojson", "parcels.geojson"}) {
        auto j = nlohmann::json::parse(read_file(golden / f));
        j["crs"]["properties"]["name"] = "urn:ogc:def:crs:EPSG::" + std::to_string(epsg);
        std::function<void(nlohmann::json&)> move = [&](nlohmann::json& c) {
            if (c[0].is_number()) {
                c[0] = c[0].get<double>() + dx;
                c[1] = c[1].get<double>() + dy;
            } else {
                for (auto& e : c) move(e);
            }
        };
        for (auto& feature : j["features"]) move(feature["geometry"]["coordinates"]);
        if (std::string(f) == "parcels.geojson")
            for (const auto& e : extra) j["features"].push_back(e);
        std::ofstream(out / f) << j.dump();
    }
    fs::copy_file(golden / "enterprises.csv", out / "enterprises.csv");
    std::string toml = read_file(golden / "landeff.toml");
    toml.replace(toml.find("EPSG:4549\""), 10, "EPSG:" + std::to_string(epsg) + "\"\n" + settings);
    std::ofstream(out / "landeff.toml") << toml;
    return out / "landeff.toml";
}

// The GeoJSON files' reprojection to WGS 84 takes a shortcut for polygons far from the antimeridian
// in a projection that is not polar (GeojsonReprojection, writer.cpp); the rest goes through GDAL's
// own call. Parks straddling the antimeridian in UTM zone 60N (GDAL cuts them into two parts at
// ±180°) and a parcel whose corner is the North Pole in the Arctic polar stereographic projection
// (GDAL replaces the pole by two points, one per side) come out as GDAL writes them.
TEST(GeoJson, ReprojectedAsGdalNearTheAntimeridianAndThePole) {
    TempDir tmp;
    // 180°E at 50°N is x = 714 984 m in EPSG:32660; the basic parks span x = 500 000 – 502 000.
    const fs::path anti = moved_basic(tmp.path(), "antimeridian", 32660, 214134, 2442444, {}, "");
    // EPSG:3995 puts the pole at (0, 0): a triangle from it 2 km south, ±2.9° of longitude wide.
    const nlohmann::json pole_parcel = nlohmann::json::parse(R"({"type": "Feature",
        "properties": {"ZDDM": "T", "QYDM": "E1", "ZDMJ": 200},
        "geometry": {"type": "Polygon", "coordinates": [[[0, 0], [100, -2000], [-100, -2000], [0, 0]]]}})");
    const fs::path polar = moved_basic(tmp.path(), "polar", 3995, -501000, -3101100, {pole_parcel},
                                       "area_mode = \"ellipsoidal\"");
    size_t files = 0;
    compare_with_driver(tmp.path(), {anti, polar}, "LANDEFF_GEOJSON_ROWS", "gpkg,geojson", "geojson",
                        [&](const fs::path& p, const std::string&) { files += p.extension() == ".geojson"; });
    EXPECT_GE(files, 8u);
    // The cases reach what they are here for: a park cut at the antimeridian, the pole split in two.
    const std::string parks = read_file(tmp.path() / "out" / "antimeridian" / "geojson" / "parks.geojson");
    EXPECT_NE(parks.find("\"MultiPolygon\""), std::string::npos);
    EXPECT_NE(parks.find("[ 180.0, "), std::string::npos);
    EXPECT_NE(parks.find("[ -180.0, "), std::string::npos);
    const std::string parcels = read_file(tmp.path() / "out" / "polar" / "geojson" / "parcels.geojson");
    const size_t t = parcels.find("\"parcel_id\": \"T\"");
    ASSERT_NE(t, std::string::npos);
    const std::string tri = parcels.substr(t, parcels.find('\n', t) - t);
    EXPECT_NE(tri.find("[ -2.8624052, 90.0 ], [ -2.8624052, 89.98"), std::string::npos) << tri;
}

// Coordinates whose seven decimals hold a run of 0s or 9s (GDAL's OGRFormatDouble rounds such
// runs its own way, so landeff hands them to it: writer.cpp, append_geojson_coord): a parcel whose
// corners in WGS 84 are 120.1000004 / 120.1020000 east and 30.2999996 / 30.3009999 north, placed in
// the working CRS (EPSG:4549) by the inverse transformation, comes out as GDAL's driver writes it.
TEST(GeoJson, CoordinatesWithRunsOfZerosAndNinesAsGdal) {
    TempDir tmp;
    OGRSpatialReference wgs, gk;
    wgs.importFromEPSG(4326);
    gk.importFromEPSG(4549);
    wgs.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    gk.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    std::unique_ptr<OGRCoordinateTransformation> to_gk(OGRCreateCoordinateTransformation(&wgs, &gk));
    ASSERT_TRUE(to_gk);
    double x[5] = {120.1000004, 120.1020000, 120.1020000, 120.1000004, 120.1000004};
    double y[5] = {30.2999996, 30.2999996, 30.3009999, 30.3009999, 30.2999996};
    ASSERT_TRUE(to_gk->Transform(5, x, y));
    nlohmann::json ring = nlohmann::json::array();
    for (int k = 0; k < 5; ++k) ring.push_back({x[k], y[k]});
    nlohmann::json parcel = {{"type", "Feature"},
                             {"properties", {{"ZDDM", "R"}, {"QYDM", "E1"}, {"ZDMJ", 21000}}},
                             {"geometry", {{"type", "Polygon"}, {"coordinates", {ring}}}}};
    const fs::path runs = moved_basic(tmp.path(), "runs", 4549, 0, 0, {parcel}, "");
    compare_with_driver(tmp.path(), {runs}, "LANDEFF_GEOJSON_ROWS", "gpkg,geojson", "geojson", [](const fs::path&, const std::string&) {});
    // The parcel is there with its corners (right-hand rule: counter-clockwise from the first).
    const std::string parcels = read_file(tmp.path() / "out" / "runs" / "geojson" / "parcels.geojson");
    const size_t r = parcels.find("\"parcel_id\": \"R\"");
    ASSERT_NE(r, std::string::npos);
    const std::string line = parcels.substr(r, parcels.find('\n', r) - r);
    EXPECT_NE(line.find("120.102"), std::string::npos) << line;
    EXPECT_NE(line.find("30.3009999"), std::string::npos) << line;
}

// The features of the GeoJSON files are printed by landeff, not by GDAL's driver (issue 20,
// writer.cpp): every file is the one GDAL's driver writes for the same rows
// (LANDEFF_GEOJSON_ROWS=GDAL) — parks of several parts and with holes, 批而未供 polygons with holes,
// text with quotes, backslashes, slashes and control characters, text that reads as JSON (which
// GDAL embeds as JSON: such a batch is left to the driver), numbers that print with runs of 0s or
// 9s, tables without geometry.
TEST(GeoJson, FeaturesPrintedHereAreTheDriversBytes) {
    TempDir tmp;
    const fs::path golden = fs::path(LANDEFF_TEST_DATA) / "golden";
    // Parcel A made a multipolygon whose second part has a hole: the parcels are written from their
    // WKB (GeojsonReprojection::from_wkb), parts and holes included.
    const fs::path awk = awkward_basic(tmp.path(), {{"\"ZDDM\": \"A\"", R"("ZDDM": "A/\"q\"\\b\u0001\u007f")"},
                                                    {"\"ZDDM\": \"B\"", R"("ZDDM": "{\"x\": 1}")"},
                                                    {"\"ZDMJ\": 12000", "\"ZDMJ\": 0.30000000000000004"},
                                                    {"\"type\": \"Polygon\",\n    \"coordinates\": [\n     [\n      [\n       500100,",
                                                     "\"type\": \"MultiPolygon\",\n    \"coordinates\": [ [ [ [501500, 3100100], [501600, 3100100], "
                                                     "[501600, 3100200], [501500, 3100200], [501500, 3100100] ] ], [\n     [\n      [\n       500100,"},
                                                    {"      ]\n     ]\n    ]\n   }",
                                                     "      ]\n     ], [ [500120, 3100120], [500120, 3100180], [500180, 3100180], "
                                                     "[500180, 3100120], [500120, 3100120] ]\n    ] ]\n   }"}});
    size_t multi = 0, holes = 0, json_text = 0, bytes = 0, files = 0;
    compare_with_driver(tmp.path(), {awk, golden / "overlay" / "landeff.toml", golden / "unsupplied_paths" / "landeff.toml",
                                     golden / "devzone" / "landeff.toml"},
                        "LANDEFF_GEOJSON_ROWS", "gpkg,geojson", "geojson", [&](const fs::path& p, const std::string& ours) {
                            if (p.extension() != ".geojson") return;
                            ++files;
                            bytes += ours.size();
                            for (size_t at = 0; (at = ours.find("\"MultiPolygon\"", at)) != std::string::npos; ++at) ++multi;
                            for (size_t at = 0; (at = ours.find(" ], [ [ ", at)) != std::string::npos; ++at) ++holes;
                            if (ours.find("\"parcel_id\": { \"x\": 1 }") != std::string::npos) ++json_text;
                        });
    // The cases reach what they are here for.
    EXPECT_GE(files, 16u);
    EXPECT_GE(multi, 2u);
    EXPECT_GE(holes, 4u);
    EXPECT_GE(json_text, 1u);
    EXPECT_GT(bytes, 20000u);
    const std::string parcels_out = read_file(tmp.path() / "out" / "awkward" / "geojson" / "parcels.geojson");
    EXPECT_NE(parcels_out.find(R"("parcel_id": "A/\"q\"\\b\u0001)"), std::string::npos);
    const size_t a = parcels_out.find(R"("parcel_id": "A/)");
    ASSERT_NE(a, std::string::npos);
    const std::string row_a = parcels_out.substr(a, parcels_out.find('\n', a) - a);
    EXPECT_NE(row_a.find("\"MultiPolygon\""), std::string::npos) << row_a;
    EXPECT_NE(row_a.find(" ], [ [ "), std::string::npos) << row_a;  // a hole after an exterior ring
}

// The shapefiles' .dbf records are printed by landeff, not by GDAL's driver (issue 20, writer.cpp):
// every file of every layer is the one the driver writes for the same rows (LANDEFF_SHP_ROWS=GDAL) —
// nulls ('*' in number fields), Chinese text filling its field, text with quotes and control
// characters, negative and tiny numbers, a number too wide for its 24-character field (GDAL cuts it
// with a warning: such a batch is left to the driver), tables without geometry, holes, several parts.
TEST(Shapefile, DbfRecordsPrintedHereAreTheDriversBytes) {
    TempDir tmp;
    const fs::path golden = fs::path(LANDEFF_TEST_DATA) / "golden";
    const fs::path awk = awkward_basic(tmp.path(), {{"\"ZDDM\": \"A\"", R"("ZDDM": "甲/\"q\"\\b\u0001宗地")"},
                                                    {"\"ZDMJ\": 12000", "\"ZDMJ\": -0.0000004"},
                                                    {"\"ZDMJ\": 15000", "\"ZDMJ\": 1e+20"}});
    size_t files = 0, stars = 0;
    compare_with_driver(tmp.path(), {awk, golden / "overlay" / "landeff.toml", golden / "unsupplied_paths" / "landeff.toml",
                                     golden / "states" / "landeff.toml"},
                        "LANDEFF_SHP_ROWS", "gpkg,shp", "shp", [&](const fs::path& p, const std::string& ours) {
                            ++files;
                            if (p.extension() == ".dbf") stars += static_cast<size_t>(std::count(ours.begin(), ours.end(), '*'));
                        });
    EXPECT_GE(files, 40u);
    EXPECT_GT(stars, 100u);  // null numbers in the records
    const std::string dbf = read_file(tmp.path() / "out" / "awkward" / "shp" / "parcels.dbf");
    EXPECT_NE(dbf.find("甲/\"q\"\\b\x01宗地"), std::string::npos);
    EXPECT_NE(dbf.find("               -0.000000"), std::string::npos);  // -4e-7 printed as %24.6f
}

// With the GeoPackage and the GeoJSON files the parcels' tests and violations and the worklist's
// details are made once and kept (output_layers' texts_once, issue 20); with the GeoPackage alone
// each read makes them. The two give the same texts on every row, in the worklist and compliance_control
// golden cases (items of every kind, parcels with several violations and tests) and basic.
TEST(GeoPackage, RowTextsMadeOnceAreTextsMadePerRow) {
    TempDir tmp;
    for (const char* golden : {"worklist", "compliance_control", "basic"}) {
        const fs::path cfg = fs::path(LANDEFF_TEST_DATA) / "golden" / golden / "landeff.toml";
        // formats → layer → field → row texts in order
        std::map<std::string, std::map<std::string, std::vector<std::string>>> texts;
        for (const char* formats : {"gpkg", "gpkg,geojson"}) {
            const fs::path out = tmp.path() / (std::string(golden) + (std::strchr(formats, ',') ? "_both" : "_one"));
            auto r = run_landeff({"run", cfg.string(), "--out", out.string(), "--quiet", "--formats", formats});
            ASSERT_EQ(r.exit_code, 0) << golden << " " << r.err;
            GDALAllRegister();
            GDALDatasetUniquePtr ds(GDALDataset::Open((out / "landeff.gpkg").string().c_str(), GDAL_OF_VECTOR));
            ASSERT_TRUE(ds);
            for (const auto& [layer, field] : std::vector<std::pair<std::string, std::string>>{
                     {"parcels", "tests"}, {"parcels", "violations"}, {"worklist", "detail"}})
                for (auto& f : *ds->GetLayerByName(layer.c_str()))
                    texts[formats][layer + "." + field].push_back(f->GetFieldAsString(field.c_str()));
        }
        EXPECT_EQ(texts["gpkg"], texts["gpkg,geojson"]) << golden;
        size_t said = 0;
        for (const auto& [what, rows] : texts["gpkg"])
            for (const auto& t : rows) said += !t.empty();
        EXPECT_GT(said, 3u) << golden << ": the texts compared say something";
    }
}

// With the GeoPackage and report.xlsx the enterprises' explanations are made once and kept
// (output_layers' whys_once, issue 20); with the GeoPackage alone each read makes them. The two give
// the same `why` of every enterprise, in the golden grades case (scored, ineligible and tied ones).
TEST(GeoPackage, EnterpriseWhyMadeOnceIsWhyMadePerRow) {
    TempDir tmp;
    const fs::path cfg = fs::path(LANDEFF_TEST_DATA) / "golden" / "grades" / "landeff.toml";
    std::map<std::string, std::map<std::string, std::string>> why;  // formats → ent_id → why
    for (const char* formats : {"gpkg", "gpkg,xlsx"}) {
        const fs::path out = tmp.path() / (std::string("o_") + (std::strchr(formats, ',') ? "both" : "one"));
        auto r = run_landeff({"run", cfg.string(), "--out", out.string(), "--quiet", "--formats", formats});
        ASSERT_EQ(r.exit_code, 0) << r.err;
        GDALAllRegister();
        GDALDatasetUniquePtr ds(GDALDataset::Open((out / "landeff.gpkg").string().c_str(), GDAL_OF_VECTOR));
        ASSERT_TRUE(ds);
        for (auto& f : *ds->GetLayerByName("enterprises")) why[formats][f->GetFieldAsString("ent_id")] = f->GetFieldAsString("why");
    }
    ASSERT_GE(why["gpkg"].size(), 5u);
    EXPECT_EQ(why["gpkg"], why["gpkg,xlsx"]);
    size_t said = 0;
    for (const auto& [id, w] : why["gpkg"]) said += !w.empty();
    EXPECT_EQ(said, why["gpkg"].size()) << "every enterprise's why says something";
}
