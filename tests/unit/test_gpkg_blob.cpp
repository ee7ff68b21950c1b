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
#include <stdexcept>
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

// ---- A packed Shape (issue 20): a parcel held as the WKB GEOS writes of it ------------------------

namespace {

std::string wkb_of(const GEOSGeometry* g) {
    GEOSWKBWriter* w = GEOSWKBWriter_create_r(geos());
    GEOSWKBWriter_setByteOrder_r(geos(), w, GEOS_WKB_NDR);
    GEOSWKBWriter_setOutputDimension_r(geos(), w, 2);
    size_t n = 0;
    unsigned char* b = GEOSWKBWriter_write_r(geos(), w, g, &n);
    GEOSWKBWriter_destroy_r(geos(), w);
    std::string s(reinterpret_cast<const char*>(b), n);
    GEOSFree_r(geos(), b);
    return s;
}

// A plain polygon; coordinates a short decimal does not write exactly (a third, 0.1, a large easting
// with a last-bit difference); a hole; two parts, the second reaching further than the first and
// with a hole of its own (the envelope is the outer rings' extent). Each is packed and read back.
const char* const kShapes[] = {
    "POLYGON((0 0, 2 0, 2 1, 0 1, 0 0))",
    "POLYGON((500000.3333333333 3400000.1, 500100.0000000009 3400000.1, 500100 3400050.7, 500000.3333333333 3400000.1))",
    "POLYGON((0 0, 10 0, 10 10, 0 10, 0 0), (2 2, 2 4, 4 4, 4 2, 2 2))",
    "MULTIPOLYGON(((0 0, 1 0, 1 1, 0 1, 0 0)), ((5 -3, 9 -3, 9 6, 5 6, 5 -3), (6 0, 6 1, 7 1, 6 0)))",
};

}  // namespace

// What a packed shape gives back is the geometry it was, coordinate for coordinate: its type, its
// WKB, its area to the last bit, and its envelope as GEOS computes it (the outer rings' extent).
TEST(Shape, PackedGivesBackTheSameGeometryAndEnvelope) {
    for (const char* wkt : kShapes) {
        GeomPtr g = from_wkt(wkt);
        ASSERT_TRUE(g) << wkt;
        const std::string before = wkb_of(g.get());
        const int type = GEOSGeomTypeId_r(geos(), g.get());
        double area_before = 0;
        GEOSArea_r(geos(), g.get(), &area_before);
        double e0[4];
        ASSERT_TRUE(envelope(g.get(), e0[0], e0[1], e0[2], e0[3]));
        Shape s(std::move(g));
        EXPECT_FALSE(s.packed());
        s.pack();
        ASSERT_TRUE(s.packed()) << wkt;
        EXPECT_TRUE(static_cast<bool>(s));
        EXPECT_EQ(std::string(s.wkb()), before) << wkt;  // the bytes GEOS writes, kept as they are
        double e1[4] = {-1, -1, -1, -1};
        ASSERT_TRUE(s.envelope(e1[0], e1[1], e1[2], e1[3])) << wkt;
        for (int k = 0; k < 4; ++k) EXPECT_EQ(e1[k], e0[k]) << wkt << " " << k;
        const GeomHold h = s.hold();
        ASSERT_TRUE(h) << wkt;
        EXPECT_EQ(GEOSGeomTypeId_r(geos(), h.get()), type) << wkt;
        EXPECT_EQ(wkb_of(h.get()), before) << wkt;
        double area_after = -1;
        GEOSArea_r(geos(), h.get(), &area_after);
        EXPECT_EQ(area_after, area_before) << wkt;  // bit for bit: the same coordinates
        s.pack();  // packing again changes nothing
        EXPECT_EQ(std::string(s.wkb()), before);
    }
}

// A packed shape lends no GEOS geometry: a stage that forgot hold() fails loudly, never reads null
// (which would count the parcel as having no geometry — a silently wrong figure).
TEST(Shape, GetOnAPackedShapeThrows) {
    Shape s(from_wkt(kShapes[0]));
    EXPECT_NE(s.get(), nullptr);
    s.pack();
    EXPECT_THROW((void)s.get(), std::logic_error);
    Shape none;
    EXPECT_FALSE(none);
    EXPECT_EQ(none.get(), nullptr);
    none.pack();  // nothing to pack
    EXPECT_FALSE(none.packed());
    EXPECT_FALSE(none.hold());
    double e[4];
    EXPECT_FALSE(none.envelope(e[0], e[1], e[2], e[3]));
    // An empty geometry stays as GEOS holds it (it has no envelope to keep).
    Shape empty(from_wkt("POLYGON EMPTY"));
    empty.pack();
    EXPECT_FALSE(empty.packed());
    EXPECT_TRUE(static_cast<bool>(empty));
    // Moves hand the block over; the moved-from shape is none.
    Shape moved(std::move(s));
    EXPECT_TRUE(moved.packed());
    EXPECT_FALSE(s);  // NOLINT(bugprone-use-after-move): what a move leaves is part of the contract
    Shape assigned;
    assigned = std::move(moved);
    EXPECT_TRUE(assigned.packed());
    assigned = from_wkt(kShapes[1]);  // a GeomPtr replaces the block
    EXPECT_FALSE(assigned.packed());
}

// The writers copy a packed shape's WKB: the GeoPackage blob and GDAL's geometry are byte for byte
// those of the GEOS geometry it was (a Polygon written as the MultiPolygon of its one part).
TEST(Shape, WritersWriteAPackedShapeAsTheGeometryItWas) {
    for (const char* wkt : kShapes) {
        GeomPtr g = from_wkt(wkt);
        std::string from_geos, from_packed;
        double e0[4] = {0, 0, 0, 0}, e1[4] = {1, 1, 1, 1};
        const bool env0 = gpkg_geometry_blob(g.get(), 4549, from_geos, e0);
        auto o0 = to_ogr(g.get());
        ASSERT_TRUE(o0);
        std::vector<unsigned char> w0(o0->WkbSize());
        o0->exportToWkb(wkbNDR, w0.data(), wkbVariantIso);
        Shape s(std::move(g));
        s.pack();
        ASSERT_TRUE(s.packed());
        const bool env1 = gpkg_geometry_blob(GeomRef(s), 4549, from_packed, e1);
        EXPECT_EQ(env0, env1) << wkt;
        EXPECT_EQ(from_packed, from_geos) << wkt;
        for (int k = 0; k < 4; ++k) EXPECT_EQ(e1[k], e0[k]) << wkt;
        auto o1 = to_ogr(GeomRef(s));
        ASSERT_TRUE(o1);
        std::vector<unsigned char> w1(o1->WkbSize());
        o1->exportToWkb(wkbNDR, w1.data(), wkbVariantIso);
        EXPECT_EQ(w1, w0) << wkt;
        EXPECT_EQ(wkbFlatten(o1->getGeometryType()), wkbMultiPolygon) << wkt;
    }
}
