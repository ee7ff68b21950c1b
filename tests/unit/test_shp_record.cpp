// The .shp record sizes the shapefile plan sums (issue 16's size limit, issue 20's WKB counting):
// 8 header + 44 (type, box, part and point counts) + 4 per ring + 16 per point, the same whether the
// shape is held as GEOS objects or packed as WKB.
#include <gdal_priv.h>
#include <gtest/gtest.h>
#include <ogrsf_frmts.h>
#include <cpl_vsi.h>

#include <string>
#include <tuple>

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
