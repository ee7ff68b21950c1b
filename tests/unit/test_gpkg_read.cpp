// The GeoPackage read straight from the geometry blobs (issue 20, src/read/source.cpp GpkgGeoms)
// against GDAL's own geometries (LANDEFF_GPKG_BLOBS=NO, the path every other format takes): the same
// features in the same order, the same geometries to the byte, the same findings — on a layer of odd
// features written by GDAL (empty, null, multipart, holes, invalid, Z, M, curved, lines, points,
// coordinates out of range, an unclosed ring, an empty part) with a gap in the fids.
#include <gtest/gtest.h>

#include <cpl_conv.h>
#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include <sqlite3.h>
#include <tbb/task_arena.h>
#include <unistd.h>

#include <cmath>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <limits>
#include <set>
#include <string>
#include <vector>

#include "temp_dir.hpp"

#include "landeff/config.hpp"
#include "landeff/crs.hpp"
#include "landeff/error.hpp"
#include "landeff/findings.hpp"
#include "landeff/geometry.hpp"
#include "landeff/geos.hpp"
#include "landeff/schema.hpp"
#include "landeff/source.hpp"

using namespace landeff;
namespace fs = std::filesystem;

namespace {

// The odd features; `plain` marks those whose blob the new path must decode itself (the rest go
// through GDAL's geometry there too).
struct Odd {
    const char* wkt;  // nullptr: no geometry
    bool plain;
};
const std::vector<Odd> kOdd = {
    {"POLYGON((0 0,10 0,10 10,0 10,0 0))", true},
    {"MULTIPOLYGON(((0 0,10 0,10 10,0 10,0 0),(2 2,2 4,4 4,4 2,2 2)),((20 0,30 0,30 10,20 10,20 0)))", true},
    {"POLYGON((0 0,10 10,10 0,0 10,0 0))", true},                                         // bow-tie: repaired
    {"MULTIPOLYGON(((0 0,10 0,10 10,0 10,0 0)),((5 5,15 5,15 15,5 15,5 5)))", true},    // overlapping parts
    {"POLYGON((0 0,10 0,10 10))", true},                                                  // unclosed: GEOS cannot read it
    {"POLYGON((0 0,10 0,10 10,0 10,0 0),(20 20,21 20,21 21,20 20))", true},              // a hole outside the shell
    {nullptr, false},
    {"POLYGON EMPTY", false},
    {"MULTIPOLYGON EMPTY", false},
    {"MULTIPOLYGON(EMPTY,((0 0,1 0,1 1,0 1,0 0)))", false},
    {"POLYGON Z((0 0 1,10 0 1,10 10 1,0 10 1,0 0 1))", false},
    {"POLYGON M((0 0 1,10 0 1,10 10 1,0 10 1,0 0 1))", false},
    {"POLYGON ZM((0 0 1 2,10 0 1 2,10 10 1 2,0 10 1 2,0 0 1 2))", false},
    {"CURVEPOLYGON(CIRCULARSTRING(0 0,1 1,2 0,1 -1,0 0))", false},
    {"LINESTRING(0 0,10 0,10 10,0 0)", false},
    {"POINT(1 1)", false},
    {"POLYGON((0 0,1e16 0,1e16 10,0 10,0 0))", false},                                     // bad_coordinates
    {"GEOMETRYCOLLECTION(POLYGON((0 0,1 0,1 1,0 1,0 0)),LINESTRING(0 0,5 5))", false},   // mixed
};

std::string wkb_hex(const GEOSGeometry* g) {
    if (!g) return "null";
    auto* w = GEOSWKBWriter_create_r(geos());
    GEOSWKBWriter_setByteOrder_r(geos(), w, GEOS_WKB_NDR);
    size_t n = 0;
    unsigned char* buf = GEOSWKBWriter_writeHEX_r(geos(), w, g, &n);
    GEOSWKBWriter_destroy_r(geos(), w);
    std::string s(reinterpret_cast<const char*>(buf), n);
    GEOSFree_r(geos(), buf);
    return s;
}

struct Read {
    LayerData layer;
    std::vector<Finding> findings;
};

// blobs false: GDAL reads everything; rows false: the fields through GDAL, the blobs from SQLite.
Read read_with(const fs::path& gpkg, bool blobs, bool rows = true, const char* layer = "parcels") {
    CPLSetConfigOption("LANDEFF_GPKG_BLOBS", blobs ? "YES" : "NO");
    CPLSetConfigOption("LANDEFF_GPKG_ROWS", rows ? "YES" : "NO");
    InputSpec in;
    in.name = "parcels";
    in.path = gpkg.string();
    in.path_as_written = "odd.gpkg";
    in.layer = layer;
    Config cfg;
    const WorkingCrs crs = make_working_crs("EPSG:4549", 0, 0);
    Findings f;
    Read r;
    r.layer = read_layer(in, LayerKind::Parcels, cfg, crs, f);
    r.findings = f.items();
    CPLSetConfigOption("LANDEFF_GPKG_BLOBS", nullptr);
    CPLSetConfigOption("LANDEFF_GPKG_ROWS", nullptr);
    return r;
}

}  // namespace

TEST(GpkgRead, BlobsGiveGdalsGeometriesAndFindings) {
    GDALAllRegister();
    const test_support::TempDir dir("landeff_gpkg_read");
    const fs::path gpkg = dir / "odd.gpkg";
    {
        GDALDriver* drv = GetGDALDriverManager()->GetDriverByName("GPKG");
        ASSERT_NE(drv, nullptr);
        GDALDatasetUniquePtr ds(drv->Create(gpkg.string().c_str(), 0, 0, 0, GDT_Unknown, nullptr));
        ASSERT_TRUE(ds);
        OGRSpatialReference srs;
        srs.importFromEPSG(4549);
        OGRLayer* l = ds->CreateLayer("parcels", &srs, wkbUnknown, nullptr);
        ASSERT_NE(l, nullptr);
        OGRFieldDefn id("parcel_id", OFTString);
        ASSERT_EQ(l->CreateField(&id), OGRERR_NONE);
        // Every odd feature twice, the copy after a feature that is then deleted (a gap in the fids).
        for (int round = 0; round < 2; ++round)
            for (size_t i = 0; i < kOdd.size(); ++i) {
                OGRFeature f(l->GetLayerDefn());
                f.SetField("parcel_id", ("P" + std::to_string(round) + "_" + std::to_string(i)).c_str());
                if (kOdd[i].wkt) {
                    OGRGeometry* g = nullptr;
                    ASSERT_EQ(OGRGeometryFactory::createFromWkt(kOdd[i].wkt, nullptr, &g), OGRERR_NONE) << kOdd[i].wkt;
                    f.SetGeometryDirectly(g);
                }
                ASSERT_EQ(l->CreateFeature(&f), OGRERR_NONE) << i;
                if (round == 1 && i == 3) {
                    OGRFeature gap(l->GetLayerDefn());
                    gap.SetField("parcel_id", "gone");
                    ASSERT_EQ(l->CreateFeature(&gap), OGRERR_NONE);
                    ASSERT_EQ(l->DeleteFeature(gap.GetFID()), OGRERR_NONE);
                }
            }
    }
    const Read gdal = read_with(gpkg, false);
    const Read blobs = read_with(gpkg, true);
    size_t n_plain = 0;
    for (const auto& o : kOdd) n_plain += o.plain ? 1 : 0;
    // The switch works: GDAL's path decodes nothing itself, the new one every plain blob (and nothing else).
    EXPECT_EQ(gdal.layer.direct_geoms, 0u);
    EXPECT_EQ(blobs.layer.direct_geoms, 2 * n_plain);
    ASSERT_EQ(gdal.layer.features.size(), 2 * kOdd.size());
    ASSERT_EQ(blobs.layer.features.size(), gdal.layer.features.size());
    for (size_t i = 0; i < gdal.layer.features.size(); ++i) {
        const Feature& a = gdal.layer.features[i];
        const Feature& b = blobs.layer.features[i];
        const Odd& o = kOdd[i % kOdd.size()];
        const std::string what = o.wkt ? o.wkt : "no geometry";
        EXPECT_EQ(a.fid, b.fid) << what;
        EXPECT_EQ(std::string(a.rec.text(0)), std::string(b.rec.text(0))) << what;
        EXPECT_EQ(wkb_hex(a.geom.hold().get()), wkb_hex(b.geom.hold().get())) << what;
    }
    // Some features keep a geometry, some do not: the comparison above compared something.
    EXPECT_NE(wkb_hex(gdal.layer.features[0].geom.hold().get()), "null");
    // A parcels layer is held packed as read, either way (issue 20); each compared above through hold().
    EXPECT_TRUE(gdal.layer.features[0].geom.packed());
    EXPECT_TRUE(blobs.layer.features[0].geom.packed());
    EXPECT_EQ(wkb_hex(gdal.layer.features[6].geom.hold().get()), "null");
    ASSERT_EQ(gdal.findings.size(), blobs.findings.size());
    EXPECT_GT(gdal.findings.size(), 10u);  // null, empty, repaired, unreadable, bad coordinates …
    for (size_t i = 0; i < gdal.findings.size(); ++i) {
        EXPECT_EQ(gdal.findings[i].fid, blobs.findings[i].fid);
        EXPECT_EQ(gdal.findings[i].code, blobs.findings[i].code);
        EXPECT_EQ(gdal.findings[i].message, blobs.findings[i].message);
    }
}

// The blob check itself: plain polygonal WKB is handed back, anything else refused.
TEST(GpkgRead, PlainBlobCheck) {
    // GP, version 0, flags 0x01 (little-endian, no envelope), srs 0; POLYGON((0 0,1 0,1 1,0 0)).
    std::string wkb = {1, 3, 0, 0, 0, 1, 0, 0, 0, 4, 0, 0, 0};
    auto pt = [&](double x, double y) {
        wkb.append(reinterpret_cast<const char*>(&x), 8);
        wkb.append(reinterpret_cast<const char*>(&y), 8);
    };
    pt(0, 0), pt(1, 0), pt(1, 1), pt(0, 0);
    const std::string head = {'G', 'P', 0, 1, 0, 0, 0, 0};
    auto check = [](const std::string& blob) {
        size_t n = 0;
        const auto* p = plain_gpkg_polygonal_wkb(reinterpret_cast<const unsigned char*>(blob.data()), blob.size(), &n);
        return p ? n : size_t(0);
    };
    EXPECT_EQ(check(head + wkb), wkb.size());
    EXPECT_EQ(check(head + wkb + std::string(1, '\0')), 0u);              // trailing byte
    EXPECT_EQ(check(head + wkb.substr(0, wkb.size() - 1)), 0u);           // cut short
    std::string empty_flag = head;
    empty_flag[3] = 0x11;
    EXPECT_EQ(check(empty_flag + wkb), 0u);
    std::string extended = head;
    extended[3] = 0x21;
    EXPECT_EQ(check(extended + wkb), 0u);
    std::string z = wkb;
    z[1] = static_cast<char>(0xEB), z[2] = 0x03;  // 1003: Polygon Z
    EXPECT_EQ(check(head + z), 0u);
    std::string nan = wkb;
    const double q = std::nan("");
    std::memcpy(nan.data() + 13, &q, 8);
    EXPECT_EQ(check(head + nan), 0u);
    EXPECT_EQ(check(std::string("GP")), 0u);
}

// The fields read straight from SQLite (GpkgRows, issue 20) against GDAL's OGRFeature
// (LANDEFF_GPKG_ROWS=NO, and LANDEFF_GPKG_BLOBS=NO): every parcel field kind (text, number, date,
// flag) over every column type GDAL's GeoPackage driver reads as text, integer (plain, boolean,
// 16-bit, 64-bit) or real, each column holding every awkward value SQLite's dynamic typing allows —
// NULL, empty and blank text, numbers in text columns, text and blobs in number columns, NUL bytes,
// GBK and invalid UTF-8, integers beyond 32 and 16 bits, non-dates — must give the same features,
// values, findings and geometries. A layer whose read fields include a DATE, DATETIME or BLOB column
// keeps GDAL's field read, and gives the same too.
namespace {

struct Col {
    const char* name;
    OGRFieldType type;
    OGRFieldSubType sub;
};
const std::vector<Col> kRowCols = {
    {"parcel_id", OFTString, OFSTNone},    // TEXT
    {"ent_id", OFTInteger64, OFSTNone},    // INTEGER, read as text
    {"land_use", OFTInteger, OFSTNone},    // MEDIUMINT, read as text
    {"ind_code", OFTReal, OFSTNone},       // REAL, read as text
    {"gov_cause", OFTInteger, OFSTBoolean},  // BOOLEAN, read as text
    {"area_reg", OFTString, OFSTNone},     // a number from text
    {"floor_m2", OFTInteger, OFSTNone},
    {"tall_m2", OFTInteger64, OFSTNone},
    {"footprint", OFTReal, OFSTNone},
    {"green_m2", OFTReal, OFSTFloat32},    // FLOAT
    {"admin_m2", OFTInteger, OFSTInt16},   // SMALLINT
    {"dev_m2", OFTInteger, OFSTBoolean},   // BOOLEAN, read as a number
    {"supply_dt", OFTString, OFSTNone},    // a date from text
    {"start_due", OFTInteger, OFSTNone},   // … from an integer
    {"start_dt", OFTReal, OFSTNone},       // … from a real
    {"done_due", OFTInteger64, OFSTNone},
    {"done_dt", OFTInteger, OFSTInt16},
    {"in_prod", OFTString, OFSTNone},      // a flag from text
    {"far_min", OFTString, OFSTNone},
    {"far_max", OFTInteger, OFSTInt16},
};
// SQL literals: every one lands in every column above (SQLite stores what it is given).
const std::vector<std::string> kAwkward = {
    "NULL", "''", "' '", "'  12.5 '", "'abc'", "'中文'", "CAST(X'D6D0CEC4' AS TEXT)" /* GBK */,
    "CAST(X'FF41' AS TEXT)" /* invalid UTF-8 */, "CAST(X'610062' AS TEXT)" /* a NUL byte */, "X'E4B8AD'", "X'00'",
    "X''", "42", "-7", "3000000000", "-3000000000", "9223372036854775807", "70000", "-40000", "5", "1", "0", "1.5", "2.0",
    "-0.0", "1e300", "0.1", "2021.5", "20210304", "2021", "12345678901234567", "'2021-03-04'", "'2020-02-30'",
    "'2021/3/4'", "'20210304'", "'2021-03-04T10:20:30Z'", "'1.0e3'", "'0x10'", "'1,234.5'", "'TRUE'", "'是'", "'否'",
    "'12abc'", "' 7 '", "'110101198001010011'", "'2021'", "'1e999'", "'-'"};

void exec(sqlite3* db, const std::string& sql) {
    char* err = nullptr;
    ASSERT_EQ(sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &err), SQLITE_OK) << (err ? err : "") << " in " << sql;
}

// A GeoPackage layer of `cols` (no spatial index: plain sqlite3 cannot run its triggers) with one
// square per awkward value, then every row's values set by SQL, column k of row r to kAwkward[(r + k) % n].
// A new layer in `gpkg` (created when missing), in EPSG:4549; null on failure.
OGRLayer* new_layer(GDALDatasetUniquePtr& ds, const fs::path& gpkg, const char* layer, OGRwkbGeometryType type, const char* const* opts) {
    GDALDriver* drv = GetGDALDriverManager()->GetDriverByName("GPKG");
    if (!drv) return nullptr;
    ds.reset(fs::exists(gpkg) ? GDALDataset::Open(gpkg.string().c_str(), GDAL_OF_VECTOR | GDAL_OF_UPDATE)
                              : drv->Create(gpkg.string().c_str(), 0, 0, 0, GDT_Unknown, nullptr));
    if (!ds) return nullptr;
    OGRSpatialReference srs;
    srs.importFromEPSG(4549);
    return ds->CreateLayer(layer, &srs, type, const_cast<char**>(opts));
}

void write_awkward(const fs::path& gpkg, const char* layer, const std::vector<Col>& cols) {
    {
        GDALDatasetUniquePtr ds;
        const char* opts[] = {"SPATIAL_INDEX=NO", nullptr};
        OGRLayer* l = new_layer(ds, gpkg, layer, wkbMultiPolygon, opts);
        ASSERT_NE(l, nullptr);
        for (const Col& c : cols) {
            OGRFieldDefn fd(c.name, c.type);
            fd.SetSubType(c.sub);
            ASSERT_EQ(l->CreateField(&fd), OGRERR_NONE) << c.name;
        }
        for (size_t r = 0; r < kAwkward.size(); ++r) {
            OGRFeature f(l->GetLayerDefn());
            const double x = 100.0 * static_cast<double>(r);
            const std::string wkt = "MULTIPOLYGON(((" + std::to_string(x) + " 0," + std::to_string(x + 10) + " 0," +
                                    std::to_string(x + 10) + " 10," + std::to_string(x) + " 10," + std::to_string(x) + " 0)))";
            OGRGeometry* g = nullptr;
            ASSERT_EQ(OGRGeometryFactory::createFromWkt(wkt.c_str(), nullptr, &g), OGRERR_NONE);
            f.SetGeometryDirectly(g);
            ASSERT_EQ(l->CreateFeature(&f), OGRERR_NONE);
        }
    }
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(gpkg.string().c_str(), &db), SQLITE_OK);
    exec(db, "BEGIN");
    for (size_t r = 0; r < kAwkward.size(); ++r) {
        std::string sql = "UPDATE \"";
        sql.append(layer).append("\" SET ");
        for (size_t k = 0; k < cols.size(); ++k) {
            if (k) sql.append(", ");
            sql.append("\"").append(cols[k].name).append("\" = ").append(kAwkward[(r + k) % kAwkward.size()]);
        }
        sql.append(" WHERE fid = ").append(std::to_string(r + 1));
        exec(db, sql);
    }
    exec(db, "COMMIT");
    sqlite3_close(db);
}

bool same_number(double a, double b) { return std::memcmp(&a, &b, sizeof a) == 0; }

// Everything a read gives, feature by feature and finding by finding.
void expect_same(const Read& a, const Read& b, const std::string& what) {
    const LayerSchema& s = schema(LayerKind::Parcels);
    ASSERT_EQ(a.layer.features.size(), b.layer.features.size()) << what;
    for (size_t i = 0; i < a.layer.features.size(); ++i) {
        const Feature& fa = a.layer.features[i];
        const Feature& fb = b.layer.features[i];
        EXPECT_EQ(fa.fid, fb.fid) << what << " feature " << i;
        for (size_t c = 0; c < s.n_text; ++c)
            EXPECT_EQ(std::string(fa.rec.text(c)), std::string(fb.rec.text(c))) << what << " fid " << fa.fid << " " << s.fields[c].name;
        ASSERT_EQ(fa.rec.n_num(), fb.rec.n_num());
        for (size_t c = 0; c < fa.rec.n_num(); ++c)
            EXPECT_TRUE(same_number(fa.rec.num(c), fb.rec.num(c)))
                << what << " fid " << fa.fid << " " << s.fields[s.n_text + c].name << ": " << fa.rec.num(c) << " vs " << fb.rec.num(c);
        EXPECT_EQ(wkb_hex(fa.geom.hold().get()), wkb_hex(fb.geom.hold().get())) << what << " fid " << fa.fid;
    }
    EXPECT_EQ(a.layer.rounded_ids, b.layer.rounded_ids) << what;
    ASSERT_EQ(a.findings.size(), b.findings.size()) << what;
    for (size_t i = 0; i < a.findings.size(); ++i) {
        EXPECT_EQ(a.findings[i].fid, b.findings[i].fid) << what;
        EXPECT_EQ(a.findings[i].code, b.findings[i].code) << what;
        EXPECT_EQ(a.findings[i].message, b.findings[i].message) << what;
    }
}

}  // namespace

TEST(GpkgRead, RowsGiveGdalsFieldsValuesAndFindings) {
    GDALAllRegister();
    const test_support::TempDir dir("landeff_gpkg_rows");
    const fs::path gpkg = dir / "awkward.gpkg";
    write_awkward(gpkg, "parcels", kRowCols);
    // A layer whose read fields include DATE, DATETIME and BLOB columns: GDAL reads its fields.
    std::vector<Col> dated = kRowCols;
    dated[1] = {"ent_id", OFTBinary, OFSTNone};
    dated[12] = {"supply_dt", OFTDate, OFSTNone};
    dated[14] = {"start_dt", OFTDateTime, OFSTNone};
    write_awkward(gpkg, "dated", dated);
    if (HasFatalFailure()) return;

    const Read gdal = read_with(gpkg, false);
    const Read blobs = read_with(gpkg, true, false);
    const Read rows = read_with(gpkg, true, true);
    // The switches work: only the last reads the fields itself, and every row of it.
    EXPECT_EQ(gdal.layer.direct_rows, 0u);
    EXPECT_EQ(blobs.layer.direct_rows, 0u);
    EXPECT_EQ(rows.layer.direct_rows, kAwkward.size());
    EXPECT_EQ(rows.layer.direct_geoms, kAwkward.size());
    ASSERT_EQ(gdal.layer.features.size(), kAwkward.size());
    expect_same(gdal, blobs, "GDAL vs blobs");
    expect_same(gdal, rows, "GDAL vs rows");
    // The comparison compared something: values set, values refused, text repaired.
    size_t set = 0;
    for (const auto& f : gdal.layer.features)
        for (size_t c = 0; c < f.rec.n_num(); ++c) set += std::isnan(f.rec.num(c)) ? 0 : 1;
    EXPECT_GT(set, kAwkward.size() * 5);
    std::set<std::string> codes;
    for (const auto& f : gdal.findings) codes.insert(f.code);
    for (const char* c : {"bad_number", "bad_date", "bad_flag", "text_encoding"}) EXPECT_TRUE(codes.count(c)) << c;

    const Read gdal_dated = read_with(gpkg, false, true, "dated");
    const Read rows_dated = read_with(gpkg, true, true, "dated");
    EXPECT_EQ(rows_dated.layer.direct_rows, 0u);
    EXPECT_EQ(rows_dated.layer.direct_geoms, kAwkward.size());
    expect_same(gdal_dated, rows_dated, "dated: GDAL vs blobs");
}

// Rows read in ranges of fids, each range on a SQLite connection of its own in the read's parallel
// stage (issue 20, GpkgRows::plan_ranges), against the one scan (LANDEFF_GPKG_RANGES=NO) and GDAL's
// read: the same features in the same order, the same values, geometries and findings — across range
// boundaries (a range is 8 192 fids: fids from 2, a gap 8 150–8 250 over the first boundary, the
// third range's first fid 16 386 missing), with geometries GDAL decodes (Z, read from a second
// dataset by several threads) and ones repaired (a bow-tie: a finding). Fids spread far apart read as
// the one scan; fids at the top of the int64 range, negative fids and exactly two ranges' worth read
// in ranges. A page of the
// table damaged in the second range stops the read naming the same feature as the one scan does.
namespace {

// `layer` with one 10 m square per fid (parcel_id "P<fid>", area_reg <fid> / 100), in one transaction;
// every fid divisible by 5 000 a Polygon Z, by 7 001 a bow-tie.
void write_fids(const fs::path& gpkg, const char* layer, const std::vector<int64_t>& fids) {
    GDALDatasetUniquePtr ds;
    OGRLayer* l = new_layer(ds, gpkg, layer, wkbUnknown, nullptr);
    ASSERT_NE(l, nullptr);
    OGRFieldDefn id("parcel_id", OFTString), area("area_reg", OFTReal);
    ASSERT_EQ(l->CreateField(&id), OGRERR_NONE);
    ASSERT_EQ(l->CreateField(&area), OGRERR_NONE);
    ASSERT_EQ(ds->StartTransaction(), OGRERR_NONE);
    for (int64_t fid : fids) {
        OGRFeature f(l->GetLayerDefn());
        f.SetFID(fid);
        f.SetField("parcel_id", ("P" + std::to_string(fid)).c_str());
        f.SetField("area_reg", static_cast<double>(fid) / 100);
        const double x = 20.0 * static_cast<double>(fid % 1000), y = 20.0 * static_cast<double>((fid / 1000) % 1000);
        char wkt[256];
        if (fid % 5000 == 0)
            std::snprintf(wkt, sizeof wkt, "POLYGON Z((%g %g 1,%g %g 1,%g %g 1,%g %g 1,%g %g 1))", x, y, x + 10, y, x + 10, y + 10, x, y + 10, x, y);
        else if (fid % 7001 == 0)
            std::snprintf(wkt, sizeof wkt, "POLYGON((%g %g,%g %g,%g %g,%g %g,%g %g))", x, y, x + 10, y + 10, x + 10, y, x, y + 10, x, y);
        else
            std::snprintf(wkt, sizeof wkt, "POLYGON((%g %g,%g %g,%g %g,%g %g,%g %g))", x, y, x + 10, y, x + 10, y + 10, x, y + 10, x, y);
        OGRGeometry* g = nullptr;
        ASSERT_EQ(OGRGeometryFactory::createFromWkt(wkt, nullptr, &g), OGRERR_NONE) << wkt;
        f.SetGeometryDirectly(g);
        ASSERT_EQ(l->CreateFeature(&f), OGRERR_NONE) << fid;
        ASSERT_EQ(f.GetFID(), fid);
    }
    ASSERT_EQ(ds->CommitTransaction(), OGRERR_NONE);
}

// read_with on `threads` threads, rows in ranges or not (LANDEFF_GPKG_RANGES).
Read read_ranged(const fs::path& gpkg, const char* layer, bool ranges, int threads, bool blobs = true) {
    CPLSetConfigOption("LANDEFF_GPKG_RANGES", ranges ? "YES" : "NO");
    tbb::task_arena arena(threads);
    Read r;
    arena.execute([&] { r = read_with(gpkg, blobs, true, layer); });
    CPLSetConfigOption("LANDEFF_GPKG_RANGES", nullptr);
    return r;
}

std::vector<int64_t> fid_range(int64_t from, int64_t to) {
    std::vector<int64_t> v;  // `to` may be the largest int64_t: counted, not compared past it
    for (int64_t n = to - from, k = 0; k <= n; ++k) v.push_back(from + k);
    return v;
}

// The message of the RunError reading `layer` throws ("" when it reads).
std::string read_error(const fs::path& gpkg, const char* layer, bool ranges) {
    try {
        read_ranged(gpkg, layer, ranges, 2);
    } catch (const RunError& e) {
        return e.what();
    }
    return "";
}

}  // namespace

TEST(GpkgRead, RangesReadTheOneScansRowsInItsOrder) {
    GDALAllRegister();
    const test_support::TempDir dir("landeff_gpkg_ranges");
    const fs::path gpkg = dir / "ranges.gpkg";
    std::vector<int64_t> dense;
    for (int64_t f = 2; f <= 20001; ++f)
        if ((f < 8150 || f > 8250) && f != 16386) dense.push_back(f);
    write_fids(gpkg, "dense", dense);
    write_fids(gpkg, "spread", {1, 2, 3, 1000000000000, 2000000000000});
    constexpr int64_t kTop = std::numeric_limits<int64_t>::max();
    write_fids(gpkg, "top", fid_range(kTop - 9, kTop));
    write_fids(gpkg, "negative", fid_range(-20000, -2));
    write_fids(gpkg, "exact", fid_range(1, 16384));  // two whole ranges, the last ending on the last fid
    if (HasFatalFailure()) return;

    struct Case {
        const char* layer;
        size_t n;
        bool ranged;  // read in ranges on two threads
    };
    for (const Case& c : {Case{"dense", dense.size(), true}, Case{"spread", 5, false}, Case{"top", 10, true},
                          Case{"negative", 19999, true}, Case{"exact", 16384, true}}) {
        SCOPED_TRACE(c.layer);
        const Read ranged = read_ranged(gpkg, c.layer, true, 2);
        const Read scan = read_ranged(gpkg, c.layer, false, 2);
        const Read one_thread = read_ranged(gpkg, c.layer, true, 1);
        // The switches work: only two threads with ranges on read in ranges, and every row then.
        EXPECT_EQ(ranged.layer.ranged_rows, c.ranged ? c.n : 0u);
        EXPECT_EQ(scan.layer.ranged_rows, 0u);
        EXPECT_EQ(one_thread.layer.ranged_rows, 0u);
        EXPECT_EQ(ranged.layer.direct_rows, c.n);
        ASSERT_EQ(ranged.layer.features.size(), c.n);
        expect_same(scan, ranged, "one scan vs ranges");
        expect_same(one_thread, ranged, "one thread vs ranges");
        // In fid order, each row its own.
        for (size_t i = 0; i < c.n; ++i) {
            const Feature& f = ranged.layer.features[i];
            if (i) {
                EXPECT_LT(ranged.layer.features[i - 1].fid, f.fid);
            }
            EXPECT_EQ(std::string(f.rec.text(0)), "P" + std::to_string(f.fid));
        }
    }
    // The dense layer against GDAL's own read: Z squares from GDAL's geometry, bow-ties repaired.
    const Read ranged = read_ranged(gpkg, "dense", true, 2);
    const Read gdal = read_ranged(gpkg, "dense", true, 2, false);
    EXPECT_EQ(gdal.layer.direct_rows, 0u);
    EXPECT_EQ(ranged.layer.direct_geoms, dense.size() - 4);  // Z at 5 000, 10 000, 15 000, 20 000
    expect_same(gdal, ranged, "GDAL vs ranges");
    EXPECT_EQ(ranged.layer.features[0].fid, 2);
    EXPECT_EQ(ranged.layer.features[8147].fid, 8149);    // the last before the gap
    EXPECT_EQ(ranged.layer.features[8148].fid, 8251);    // 8 148 features before it: 2 … 8 149
    std::set<std::string> codes;
    for (const auto& f : ranged.findings) codes.insert(f.code);
    EXPECT_GE(codes.size(), 1u);  // the bow-ties' repair
    EXPECT_EQ(ranged.findings.size(), gdal.findings.size());

    // A damaged leaf page of the dense layer's table, in its second range: the first leaf in key order
    // (dbstat lists a table's pages depth-first) with 10 000 rows or more before it, Σ ncell of the
    // leaves before it.
    const fs::path damaged = dir / "damaged.gpkg";
    fs::copy_file(gpkg, damaged);
    int64_t page = 0, page_size = 0;
    size_t rows_before = 0;
    {
        sqlite3* db = nullptr;
        ASSERT_EQ(sqlite3_open_v2(damaged.string().c_str(), &db, SQLITE_OPEN_READONLY, nullptr), SQLITE_OK);
        sqlite3_stmt* st = nullptr;
        ASSERT_EQ(sqlite3_prepare_v2(db, "SELECT pageno, ncell FROM dbstat WHERE name = 'dense' AND pagetype = 'leaf' ORDER BY path", -1, &st,
                                     nullptr),
                  SQLITE_OK)
            << sqlite3_errmsg(db);
        while (sqlite3_step(st) == SQLITE_ROW) {
            if (rows_before >= 10000) {
                page = sqlite3_column_int64(st, 0);
                break;
            }
            rows_before += static_cast<size_t>(sqlite3_column_int64(st, 1));
        }
        sqlite3_finalize(st);
        ASSERT_EQ(sqlite3_prepare_v2(db, "PRAGMA page_size", -1, &st, nullptr), SQLITE_OK);
        ASSERT_EQ(sqlite3_step(st), SQLITE_ROW);
        page_size = sqlite3_column_int64(st, 0);
        sqlite3_finalize(st);
        sqlite3_close(db);
    }
    ASSERT_GT(page, 0);
    ASSERT_GT(rows_before, 8192u);  // in the second range (the first holds 8 148 rows)
    ASSERT_LT(rows_before, 16000u);
    {
        std::FILE* f = std::fopen(damaged.string().c_str(), "r+b");
        ASSERT_NE(f, nullptr);
        ASSERT_EQ(std::fseek(f, static_cast<long>((page - 1) * page_size), SEEK_SET), 0);
        std::fputc(0xFF, f);  // a b-tree page type SQLite does not know
        std::fclose(f);
    }
    const std::string by_ranges = read_error(damaged, "dense", true);
    const std::string by_scan = read_error(damaged, "dense", false);
    EXPECT_EQ(by_ranges, by_scan);
    EXPECT_NE(by_ranges.find("malformed"), std::string::npos) << by_ranges;
    EXPECT_NE(by_ranges.find(std::to_string(rows_before + 1)), std::string::npos) << by_ranges << " (feature " << rows_before + 1 << ")";
}
