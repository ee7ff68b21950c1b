// The GeoPackage geometry blob landeff writes itself (issue 20), byte by byte from the GeoPackage
// 1.3 specification §2.1.3 (the expected bytes are written out by hand below, not taken from a run).
#include <gtest/gtest.h>

#include <string>

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
