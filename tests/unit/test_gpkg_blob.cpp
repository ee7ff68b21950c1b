// The GeoPackage geometry blob landeff writes itself (issue 20), byte by byte from the GeoPackage
// 1.3 specification §2.1.3 (the expected bytes are written out by hand below, not taken from a run).
#include <gdal_priv.h>
#include <gtest/gtest.h>
#include <ogrsf_frmts.h>
#include <sqlite3.h>
#include <unistd.h>

#include <cmath>
#include <filesystem>
#include <limits>
#include <string>
#include <vector>

#include "temp_dir.hpp"

#include "landeff/crs.hpp"
#include "landeff/geometry.hpp"
#include "landeff/geos.hpp"
#include "landeff/writer.hpp"

using namespace landeff;

namespace {

std::string bytes(std::initializer_list<unsigned> b) {
    std::string s;
    for (unsigned v : b) s.push_back(static_cast<char>(v));
    return s;
}

// IEEE 754 doubles, little-endian: 0.0 is eight zero bytes; 1.0 = 0x3FF0000000000000;
// 2.0 = 0x4000000000000000.
const std::string k0 = bytes({0, 0, 0, 0, 0, 0, 0, 0});
const std::string k1 = bytes({0, 0, 0, 0, 0, 0, 0xF0, 0x3F});
const std::string k2 = bytes({0, 0, 0, 0, 0, 0, 0, 0x40});

}  // namespace

// MULTIPOLYGON(((0 0, 2 0, 2 1, 0 1, 0 0))) in srs 4549:
//   "GP" = 0x47 0x50; version 0; flags 0x03 = bit 0 (little-endian) | envelope type 1 (xy) << 1;
//   srs_id 4549 = 0x000011C5 → C5 11 00 00; envelope minx 0, maxx 2, miny 0, maxy 1 (4 × 8 bytes);
//   WKB: 01 (little-endian), type 6 (MultiPolygon), 1 polygon, [01, type 3 (Polygon), 1 ring,
//   5 points × (x, y)]. Size: 8 + 32 + (1 + 4 + 4) + (1 + 4 + 4 + 4) + 5 × 16 = 142 bytes.
TEST(GpkgBlob, MultiPolygonHasLittleEndianXyEnvelope) {
    auto g = from_wkt("MULTIPOLYGON(((0 0, 2 0, 2 1, 0 1, 0 0)))");
    std::string blob;
    double env[4] = {-1, -1, -1, -1};
    ASSERT_TRUE(gpkg_geometry_blob(g.get(), 4549, blob, env));
    const std::string expected = bytes({0x47, 0x50, 0x00, 0x03, 0xC5, 0x11, 0x00, 0x00}) + k0 + k2 + k0 + k1 +
                                 bytes({0x01, 0x06, 0, 0, 0, 0x01, 0, 0, 0}) + bytes({0x01, 0x03, 0, 0, 0, 0x01, 0, 0, 0, 0x05, 0, 0, 0}) +
                                 k0 + k0 + k2 + k0 + k2 + k1 + k0 + k1 + k0 + k0;
    EXPECT_EQ(blob.size(), 142u);
    EXPECT_EQ(blob, expected);
    // The envelope handed back for the layer's extent: minx, miny, maxx, maxy.
    EXPECT_EQ(env[0], 0.0);
    EXPECT_EQ(env[1], 0.0);
    EXPECT_EQ(env[2], 2.0);
    EXPECT_EQ(env[3], 1.0);
}

// What the readers hold (issue 20): a MultiPolygon of one part as that Polygon, whether its WKB
// came straight from a GeoPackage blob (normalize_wkb) or through GDAL (normalize_polygonal: a
// shapefile's polygon, a MultiPolygon of another format); several parts stay a MultiPolygon.
TEST(GpkgBlob, ReadersHoldOnePartAsAPolygonAndSeveralAsAMultiPolygon) {
    auto read_both = [](const char* wkt) {
        OGRGeometry* g = nullptr;
        EXPECT_EQ(OGRGeometryFactory::createFromWkt(wkt, nullptr, &g), OGRERR_NONE);
        std::unique_ptr<OGRGeometry> own(g);
        std::vector<unsigned char> wkb(g->WkbSize());
        g->exportToWkb(wkbNDR, wkb.data(), wkbVariantIso);
        NormalizedGeom direct = normalize_wkb(wkb.data(), wkb.size());
        NormalizedGeom through_gdal = normalize_polygonal(g, nullptr);
        EXPECT_TRUE(direct.geom && through_gdal.geom) << wkt;
        if (direct.geom && through_gdal.geom) {
            EXPECT_EQ(GEOSGeomTypeId_r(geos(), direct.geom.get()), GEOSGeomTypeId_r(geos(), through_gdal.geom.get())) << wkt;
            EXPECT_EQ(GEOSEqualsExact_r(geos(), direct.geom.get(), through_gdal.geom.get(), 0), 1) << wkt;
        }
        return direct.geom ? GEOSGeomTypeId_r(geos(), direct.geom.get()) : -1;
    };
    EXPECT_EQ(read_both("MULTIPOLYGON(((0 0,2 0,2 1,0 1,0 0)))"), GEOS_POLYGON);
    EXPECT_EQ(read_both("POLYGON((0 0,2 0,2 1,0 1,0 0),(0.5 0.2,0.5 0.8,1 0.8,0.5 0.2))"), GEOS_POLYGON);
    EXPECT_EQ(read_both("MULTIPOLYGON(((0 0,1 0,1 1,0 1,0 0)),((5 5,6 5,6 6,5 6,5 5)))"), GEOS_MULTIPOLYGON);
    // A bow tie is repaired into two triangles: a MultiPolygon.
    EXPECT_EQ(read_both("MULTIPOLYGON(((0 0,2 2,2 0,0 2,0 0)))"), GEOS_MULTIPOLYGON);
}

// A feature of one part is held as a Polygon (normalize_geos, issue 20) and written as the
// MultiPolygon of that part: the same 142 bytes as the MultiPolygon above, and GDAL's geometry of it
// (to_ogr: GeoJSON, shapefiles, PostGIS, the HTML report) a MultiPolygon of one part.
TEST(GpkgBlob, PolygonIsWrittenAsTheMultiPolygonOfItsOnePart) {
    auto multi = from_wkt("MULTIPOLYGON(((0 0, 2 0, 2 1, 0 1, 0 0)))");
    auto poly = from_wkt("POLYGON((0 0, 2 0, 2 1, 0 1, 0 0))");
    std::string from_multi, from_poly;
    double env[4];
    ASSERT_TRUE(gpkg_geometry_blob(multi.get(), 4549, from_multi, env));
    ASSERT_TRUE(gpkg_geometry_blob(poly.get(), 4549, from_poly, env));
    EXPECT_EQ(from_poly.size(), 142u);
    EXPECT_EQ(from_poly, from_multi);
    auto o = to_ogr(poly.get());
    ASSERT_TRUE(o);
    ASSERT_EQ(wkbFlatten(o->getGeometryType()), wkbMultiPolygon);
    EXPECT_EQ(o->toMultiPolygon()->getNumGeometries(), 1);
    EXPECT_DOUBLE_EQ(o->toMultiPolygon()->get_Area(), 2.0);
    auto two = to_ogr(from_wkt("MULTIPOLYGON(((0 0,1 0,1 1,0 1,0 0)),((5 5,6 5,6 6,5 6,5 5)))").get());
    ASSERT_EQ(wkbFlatten(two->getGeometryType()), wkbMultiPolygon);
    EXPECT_EQ(two->toMultiPolygon()->getNumGeometries(), 2);
}

// An empty geometry: flags 0x11 = little-endian (bit 0) | empty (bit 4), no envelope (type 0),
// then the WKB of an empty MultiPolygon: 01, type 6, 0 polygons — 8 + 9 = 17 bytes (what GDAL 3.6
// writes for MULTIPOLYGON EMPTY). It has no envelope for the extent.
TEST(GpkgBlob, EmptyGeometrySetsTheEmptyFlagWithoutEnvelope) {
    auto g = from_wkt("MULTIPOLYGON EMPTY");
    std::string blob;
    double env[4] = {-1, -1, -1, -1};
    EXPECT_FALSE(gpkg_geometry_blob(g.get(), 4549, blob, env));
    EXPECT_EQ(blob, bytes({0x47, 0x50, 0x00, 0x11, 0xC5, 0x11, 0x00, 0x00, 0x01, 0x06, 0, 0, 0, 0, 0, 0, 0}));
    EXPECT_EQ(env[0], -1.0);
}

// No geometry: no blob (the row's geometry column is NULL, as GDAL writes a feature without one).
TEST(GpkgBlob, NullGeometryGivesNoBlob) {
    std::string blob = "stale";
    EXPECT_FALSE(gpkg_geometry_blob(nullptr, 4549, blob, nullptr));
    EXPECT_TRUE(blob.empty());
}

// The GeoPackage write binds each row's values without building an OGRFeature (issue 20): a value
// of the field's own type as OGR stores it, any other through OGR's own conversion. Every pairing of
// value and field type, with awkward values (a double into an integer field, digits and non-digits
// as text into numbers, an integer past 2^53 into a real, an embedded NUL byte, NaN, a field set
// twice, a field never set), is written and read back, and compared with what an OGRFeature of the
// layer filled the same way holds — read as the write reads it: GetFieldAsDouble of a real field,
// GetFieldAsInteger64 of an integer one, GetFieldAsString of a text one, NULL when not set.
TEST(GeoPackage, DirectCellsHoldWhatTheFeatureHolds) {
    GDALAllRegister();
    CPLPushErrorHandler(CPLQuietErrorHandler);  // OGR warns of "12abc" parsed into a number, in both paths
    using Setter = std::function<void(OutRow&, size_t)>;
    const double inf = std::numeric_limits<double>::infinity();
    const std::vector<Setter> values = {
        [](OutRow& r, size_t f) { r.set(f, 3.7); },
        [](OutRow& r, size_t f) { r.set(f, -2.5); },
        [](OutRow& r, size_t f) { r.set(f, 1e30); },
        [](OutRow& r, size_t f) { r.set(f, 0.1); },
        [](OutRow& r, size_t f) { r.set(f, -0.0); },
        [](OutRow& r, size_t f) { r.set(f, std::nan("")); },  // null
        [inf](OutRow& r, size_t f) { r.set(f, inf); },        // null
        [](OutRow& r, size_t f) { r.set(f, int64_t{9007199254740993}); },  // 2^53 + 1
        [](OutRow& r, size_t f) { r.set(f, int64_t{-5}); },
        [](OutRow& r, size_t f) { r.set(f, std::string("12abc")); },
        [](OutRow& r, size_t f) { r.set(f, std::string("3.5e2")); },
        [](OutRow& r, size_t f) { r.set(f, std::string()); },
        [](OutRow& r, size_t f) { r.set(f, std::string("a\0b", 3)); },
        [](OutRow& r, size_t f) { r.set(f, std::string("亩均税收")); },
        [](OutRow& r, size_t f) { r.set(f, Value{std::string_view("77")}); },
        [](OutRow& r, size_t f) { r.set(f, 1.5), r.set(f, std::string("9")); },  // set twice: the last wins
        [](OutRow& r, size_t f) { r.set(f, 2.0), r.set(f, std::nan("")); },      // NaN leaves the first
        [](OutRow&, size_t) {},                                                 // never set
    };
    OutLayer L;
    L.name = "cells";
    L.geometry = false;
    L.fields = {{"r", "实数", OutType::Real}, {"i", "整数", OutType::Int}, {"s", "文本", OutType::Text}};
    L.count = values.size();
    L.fill = [&](size_t k, OutRow& row) {
        for (size_t f = 0; f < L.fields.size(); ++f) values[k](row, f);
    };
    const test_support::TempDir tmp("landeff-cells");
    const std::filesystem::path& dir = tmp.path();
    WriteOptions opt;
    opt.formats = {"gpkg"};
    opt.stamp_date = "2025-01-01";
    write_vector_outputs({L}, make_working_crs("EPSG:4549", 0, 0), dir, opt);

    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open_v2((dir / "landeff.gpkg").c_str(), &db, SQLITE_OPEN_READONLY, nullptr), SQLITE_OK);
    sqlite3_stmt* st = nullptr;
    ASSERT_EQ(sqlite3_prepare_v2(db, "SELECT r, i, s FROM cells ORDER BY rowid", -1, &st, nullptr), SQLITE_OK);
    OGRFeatureDefn* defn = feature_defn_of(L);
    size_t k = 0, compared = 0;
    while (sqlite3_step(st) == SQLITE_ROW) {
        ASSERT_LT(k, values.size());
        OGRFeature feat(defn);
        OutRow row(feat, false, 0);
        L.fill(k, row);
        for (int c = 0; c < 3; ++c) {
            const int type = sqlite3_column_type(st, c);
            if (!feat.IsFieldSetAndNotNull(c)) {
                EXPECT_EQ(type, SQLITE_NULL) << "row " << k << " field " << c;
            } else if (c == 0) {
                ASSERT_EQ(type, SQLITE_FLOAT) << "row " << k;
                // (SQLite keeps a real of integral value as an integer in its record: -0.0 reads back 0.0.)
                EXPECT_EQ(sqlite3_column_double(st, c), feat.GetFieldAsDouble(c)) << "row " << k;
            } else if (c == 1) {
                ASSERT_EQ(type, SQLITE_INTEGER) << "row " << k;
                EXPECT_EQ(sqlite3_column_int64(st, c), feat.GetFieldAsInteger64(c)) << "row " << k;
            } else {
                ASSERT_EQ(type, SQLITE_TEXT) << "row " << k;
                const std::string got(reinterpret_cast<const char*>(sqlite3_column_text(st, c)),
                                      static_cast<size_t>(sqlite3_column_bytes(st, c)));
                EXPECT_EQ(got, std::string(feat.GetFieldAsString(c))) << "row " << k;
            }
            ++compared;
        }
        ++k;
    }
    sqlite3_finalize(st);
    sqlite3_close(db);
    defn->Release();
    CPLPopErrorHandler();
    EXPECT_EQ(k, values.size());
    EXPECT_EQ(compared, values.size() * 3);
}
