// The .shp record sizes the shapefile plan sums (issue 16's size limit, issue 20's WKB counting):
// 8 header + 44 (type, box, part and point counts) + 4 per ring + 16 per point, the same whether the
// shape is held as GEOS objects or packed as WKB.
#include <gtest/gtest.h>

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
