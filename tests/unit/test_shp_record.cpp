// The .shp record sizes the shapefile plan sums (issue 16's size limit, issue 20's WKB counting):
// 8 header + 44 (type, box, part and point counts) + 4 per ring + 16 per point, the same whether the
// shape is held as GEOS objects or packed as WKB.
#include <gdal_priv.h>
#include <gtest/gtest.h>
#include <ogrsf_frmts.h>
#include <cpl_vsi.h>

#include <string>
#include <tuple>

#include "landeff/geometry.hpp"
#include "landeff/geos.hpp"
#include "landeff/writer.hpp"

using namespace landeff;

namespace {

// The record bytes of `wkt` held as GEOS objects, then packed.
std::pair<uint64_t, uint64_t> both(const std::string& wkt) {
    Shape s(from_wkt(wkt));
    const uint64_t held = shp_record_bytes(GeomRef(s));
    s.pack();
    EXPECT_TRUE(s.packed()) << wkt;
    return {held, shp_record_bytes(GeomRef(s))};
}

}  // namespace

TEST(Shapefile, RecordBytesOfAPolygonCountItsRingsAndPoints) {
    // A square: 1 ring, 5 points: 52 + 4 + 80 = 136.
    auto [a, b] = both("POLYGON((0 0,10 0,10 10,0 10,0 0))");
    EXPECT_EQ(a, 136u);
    EXPECT_EQ(b, 136u);
    // With a triangular hole: 2 rings, 5 + 4 points: 52 + 8 + 144 = 204.
    std::tie(a, b) = both("POLYGON((0 0,10 0,10 10,0 10,0 0),(2 2,4 2,3 4,2 2))");
    EXPECT_EQ(a, 204u);
    EXPECT_EQ(b, 204u);
}

TEST(Shapefile, RecordBytesOfAMultipolygonCountEveryPartsRings) {
    // Two parts, the second holed: 3 rings, 5 + 5 + 4 points: 52 + 12 + 224 = 288.
    auto [a, b] = both("MULTIPOLYGON(((0 0,1 0,1 1,0 1,0 0)),((5 5,9 5,9 9,5 9,5 5),(6 6,7 6,6 7,6 6)))");
    EXPECT_EQ(a, 288u);
    EXPECT_EQ(b, 288u);
}

namespace {

// GDAL's shapefile driver's record and index entry for `wkt` (empty: a feature without geometry),
// written as the only feature of a polygon layer in /vsimem.
std::pair<std::string, std::string> drivers(const std::string& wkt) {
    GDALAllRegister();
    static int serial = 0;
    const std::string dir = "/vsimem/shp-record-" + std::to_string(++serial);
    const std::string path = dir + "/x.shp";
    GDALDriver* drv = GetGDALDriverManager()->GetDriverByName("ESRI Shapefile");
    GDALDataset* ds = drv->Create(path.c_str(), 0, 0, 0, GDT_Unknown, nullptr);
    EXPECT_TRUE(ds);
    if (!ds) return {};
    OGRLayer* layer = ds->CreateLayer("x", nullptr, wkbPolygon, nullptr);
    OGRFeature f(layer->GetLayerDefn());
    if (!wkt.empty()) {
        OGRGeometry* g = nullptr;
        EXPECT_EQ(OGRGeometryFactory::createFromWkt(wkt.c_str(), nullptr, &g), OGRERR_NONE) << wkt;
        f.SetGeometryDirectly(g);
    }
    EXPECT_EQ(layer->CreateFeature(&f), OGRERR_NONE) << wkt;
    GDALClose(ds);
    const auto body = [&](const char* ext) {
        vsi_l_offset n = 0;
        const std::string p = dir + "/x" + ext;
        GByte* b = VSIGetMemFileBuffer(p.c_str(), &n, FALSE);
        std::string all = b ? std::string(reinterpret_cast<const char*>(b), static_cast<size_t>(n)) : std::string();
        return all.size() > 100 ? all.substr(100) : std::string();
    };
    std::pair<std::string, std::string> out{body(".shp"), body(".shx")};
    VSIRmdirRecursive(dir.c_str());
    return out;
}

std::pair<std::string, std::string> ours(const std::string& wkt) {
    std::string shp, shx;
    std::string wkb;
    if (!wkt.empty()) {
        const GeomPtr g = from_wkt(wkt);
        size_t n = 0;
        const WkbPtr w = wkb_2d(g.get(), n);
        wkb.assign(reinterpret_cast<const char*>(w.get()), n);
    }
    EXPECT_TRUE(append_shp_record(shp, shx, 1, wkb)) << wkt;
    return {shp, shx};
}

}  // namespace

// Rings either way round (the driver writes exteriors clockwise, holes counter-clockwise), holes,
// several polygons, a null shape: the record and index entry written here are the driver's bytes.
TEST(Shapefile, RecordsAreTheDriversBytes) {
    for (const std::string wkt : {
             "POLYGON((0 0,10 0,10 10,0 10,0 0))",                                  // counter-clockwise
             "POLYGON((0 0,0 10,10 10,10 0,0 0))",                                  // clockwise
             "POLYGON((0 0,10 0,10 10,0 10,0 0),(2 2,4 2,3 4,2 2))",                // hole counter-clockwise
             "POLYGON((0 0,0 10,10 10,10 0,0 0),(2 2,3 4,4 2,2 2))",                // hole clockwise
             "MULTIPOLYGON(((0 0,1 0,1 1,0 1,0 0)),((5 5,5 9,9 9,9 5,5 5),(6 6,7 6,6 7,6 6)))",
             "POLYGON((500000.123456789 3300000.987654321,500100.5 3300000.25,500050.75 3300080.125,500000.123456789 3300000.987654321))",
             "",  // no geometry
         }) {
        const auto want = drivers(wkt);
        const auto got = ours(wkt);
        EXPECT_FALSE(want.first.empty()) << wkt;
        EXPECT_TRUE(got.first == want.first) << wkt << ": the .shp record differs from the driver's";
        EXPECT_TRUE(got.second == want.second) << wkt << ": the .shx entry differs from the driver's";
    }
}

// What the driver is left to write: a ring without area has no orientation to keep.
TEST(Shapefile, RecordsOfRingsWithoutAreaAreLeftToTheDriver) {
    std::string shp, shx;
    const GeomPtr g = from_wkt("POLYGON((0 0,10 0,20 0,0 0))");
    ASSERT_TRUE(g);
    size_t n = 0;
    const WkbPtr w = wkb_2d(g.get(), n);
    EXPECT_FALSE(append_shp_record(shp, shx, 1, std::string_view(reinterpret_cast<const char*>(w.get()), n)));
    EXPECT_FALSE(append_shp_record(shp, shx, 1, "not wkb"));
}

// wkb_rings leaves out an empty ring and a polygon whose exterior is empty (as the shapefile driver
// does) and counts what it left out (`left_out`: the GeoJSON rows take only WKB with nothing left
// out). The WKB is written by hand: GEOS's reader makes no empty ring inside a polygon.
TEST(WkbRings, CountsWhatItLeavesOut) {
    auto u32 = [](std::string& b, uint32_t v) {
        for (int k = 0; k < 4; ++k) b.push_back(static_cast<char>(v >> (8 * k) & 0xff));
    };
    auto square = [&](std::string& b) {  // a ring of 4 points
        u32(b, 4);
        for (double d : {0.0, 0.0, 1.0, 0.0, 1.0, 1.0, 0.0, 0.0}) b.append(reinterpret_cast<const char*>(&d), 8);
    };
    auto head = [&](std::string& b, uint32_t type) {
        b.push_back(1);
        u32(b, type);
    };
    std::vector<WkbRing> rings;
    size_t left = 99;
    // POLYGON(square, square): nothing left out.
    std::string two;
    head(two, 3), u32(two, 2), square(two), square(two);
    ASSERT_TRUE(wkb_rings(two, rings, &left));
    EXPECT_EQ(rings.size(), 2u);
    EXPECT_EQ(left, 0u);
    // POLYGON(square, EMPTY): the empty hole left out.
    std::string hole;
    head(hole, 3), u32(hole, 2), square(hole), u32(hole, 0);
    rings.clear();
    ASSERT_TRUE(wkb_rings(hole, rings, &left));
    EXPECT_EQ(rings.size(), 1u);
    EXPECT_EQ(left, 1u);
    // MULTIPOLYGON(EMPTY, (EMPTY, square), (square)): an empty polygon (1) and a polygon of an empty
    // exterior with its hole (2) left out; the last polygon's exterior kept.
    std::string multi;
    head(multi, 6), u32(multi, 3);
    head(multi, 3), u32(multi, 0);
    head(multi, 3), u32(multi, 2), u32(multi, 0), square(multi);
    head(multi, 3), u32(multi, 1), square(multi);
    rings.clear();
    ASSERT_TRUE(wkb_rings(multi, rings, &left));
    ASSERT_EQ(rings.size(), 1u);
    EXPECT_TRUE(rings[0].outer);
    EXPECT_EQ(left, 3u);
    rings.clear();
    EXPECT_TRUE(wkb_rings(multi, rings));  // without the count, as before
}
