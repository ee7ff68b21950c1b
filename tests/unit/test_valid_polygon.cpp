// proven_valid_simple_polygon (geometry.hpp): the shortcut that spares GEOS's validity check for a
// plain parcel must never call valid what GEOS calls invalid — hand cases first, then many random
// rings on a small integer grid (touching, collinear, repeated and folding vertices everywhere) at
// projected coordinates, each against GEOSisValid.
#include <gtest/gtest.h>

#include <random>
#include <string>

#include "landeff/geometry.hpp"
#include "landeff/geos.hpp"

using namespace landeff;

namespace {

bool proven(const std::string& wkt) {
    const GeomPtr g = from_wkt(wkt);
    EXPECT_TRUE(g) << wkt;
    return g && proven_valid_simple_polygon(g.get());
}

}  // namespace

TEST(ValidPolygon, HandCases) {
    EXPECT_TRUE(proven("POLYGON((0 0,10 0,10 10,0 10,0 0))"));
    EXPECT_TRUE(proven("MULTIPOLYGON(((0 0,10 0,10 10,0 10,0 0)))"));
    EXPECT_TRUE(proven("POLYGON((0 0,10 0,10 0,10 10,0 10,0 0,0 0))"));  // repeated points: valid
    EXPECT_TRUE(proven("POLYGON((0 0,5 0,10 0,10 10,0 10,0 0))"));       // a straight vertex: valid
    EXPECT_TRUE(proven("POLYGON((0 0,1 0,0 1,0 0))"));
    // Invalid, or not for this shortcut to say:
    EXPECT_FALSE(proven("POLYGON((0 0,10 10,10 0,0 10,0 0))"));           // a bow tie
    EXPECT_FALSE(proven("POLYGON((0 0,10 0,10 10,5 0,0 10,0 0))"));       // touching itself at (5 0)
    EXPECT_FALSE(proven("POLYGON((0 0,10 0,10 10,10 5,10 12,0 10,0 0))"));  // a spike folding back
    EXPECT_FALSE(proven("POLYGON((0 0,2 0,1 0,0 0))"));                   // collinear: no area
    EXPECT_FALSE(proven("POLYGON((0 0,10 0,10 10,0 10,0 0),(2 2,3 2,3 3,2 2))"));  // a hole: GEOS decides
    EXPECT_FALSE(proven("MULTIPOLYGON(((0 0,1 0,1 1,0 0)),((5 5,6 5,6 6,5 5)))"));  // two parts: GEOS decides
    EXPECT_FALSE(proven("POLYGON EMPTY"));
    // At projected coordinates, a vertex 1e-9 m inside an edge's line (crossing it) and exactly on it.
    EXPECT_FALSE(proven("POLYGON((480000 3090000,480010 3090000,480010 3090010,480005 3089999.999999999,480000 3090010,480000 3090000))"));
    EXPECT_FALSE(proven("POLYGON((480000 3090000,480010 3090000,480010 3090010,480005 3090000,480000 3090010,480000 3090000))"));
    EXPECT_TRUE(proven("POLYGON((480000 3090000,480010 3090000,480010 3090010,480005 3090000.000000001,480000 3090010,480000 3090000))"));
}

TEST(ValidPolygon, NeverValidWhereGeosSaysInvalid) {
    std::mt19937_64 rng(20261205);
    int proven_n = 0, geos_valid_n = 0, checked = 0;
    for (int round = 0; round < 20000; ++round) {
        const int n = 3 + round % 8;
        const int span = 2 + round % 4;
        std::uniform_int_distribution<int> c(0, span);
        // A third of the rings 2⁻³³ off the grid at one vertex (after a reprojection).
        const double jitter = round % 3 == 0 ? std::ldexp(1.0, -33) : 0;
        std::string wkt = "POLYGON((", first;
        for (int k = 0; k < n; ++k) {
            char buf[80];
            std::snprintf(buf, sizeof buf, "%.17g %.17g", 480000.0 + c(rng) + (k == 1 ? jitter : 0), 3090000.0 + c(rng));
            if (k == 0) first = buf;
            wkt += std::string(buf) + ",";
        }
        wkt += first + "))";
        const GeomPtr g = from_wkt(wkt);
        if (!g) continue;
        ++checked;
        const bool p = proven_valid_simple_polygon(g.get());
        const bool v = GEOSisValid_r(geos(), g.get()) == 1;
        ASSERT_TRUE(!p || v) << wkt;
        proven_n += p;
        geos_valid_n += v;
        // Every ring GEOS finds valid is one this shortcut proves (no holes, a few edges).
        EXPECT_EQ(p, v) << wkt;
    }
    EXPECT_GT(checked, 19000);
    EXPECT_GT(geos_valid_n, 2000);  // the cases are not all invalid
    EXPECT_EQ(proven_n, geos_valid_n);
}

// The same proof on WKB (a parcel's blob, read without GEOS): it agrees with the GEOS-side one on the
// random rings, a MultiPolygon of one part proves as its Polygon, and a shape packed from the proven
// bytes is the one GEOS's reading and writing packs (the same bytes, the same envelope).
TEST(ValidPolygon, WkbProofAgreesAndPacksWhatGeosWould) {
    std::mt19937_64 rng(20261206);
    int proven_n = 0;
    for (int round = 0; round < 5000; ++round) {
        const int n = 3 + round % 8;
        std::uniform_int_distribution<int> c(0, 2 + round % 4);
        std::string ring, first;
        for (int k = 0; k < n; ++k) {
            char buf[80];
            std::snprintf(buf, sizeof buf, "%.17g %.17g", 480000.0 + c(rng) + (k == 1 && round % 3 == 0 ? std::ldexp(1.0, -33) : 0),
                          3090000.0 + c(rng));
            if (k == 0) first = buf;
            ring += std::string(buf) + ",";
        }
        ring += first;
        for (const std::string& wkt : {"POLYGON((" + ring + "))", "MULTIPOLYGON(((" + ring + ")))"}) {
            const GeomPtr g = from_wkt(wkt);
            ASSERT_TRUE(g);
            size_t wn = 0;
            const WkbPtr wkb = wkb_2d(g.get(), wn);
            ASSERT_TRUE(wkb);
            size_t pn = 0;
            const unsigned char* p = proven_valid_simple_wkb(wkb.get(), wn, &pn);
            EXPECT_EQ(p != nullptr, proven_valid_simple_polygon(g.get())) << wkt;
            if (!p) continue;
            ++proven_n;
            Shape direct = Shape::packed_from(p, pn);
            const GeomPtr single = from_wkt("POLYGON((" + ring + "))");
            Shape via_geos(clone(single.get()));
            via_geos.pack();
            EXPECT_EQ(direct.wkb(), via_geos.wkb()) << wkt;
            double a[4], b[4];
            ASSERT_TRUE(direct.envelope(a[0], a[1], a[2], a[3]));
            ASSERT_TRUE(via_geos.envelope(b[0], b[1], b[2], b[3]));
            for (int k = 0; k < 4; ++k) EXPECT_EQ(a[k], b[k]);
        }
    }
    EXPECT_GT(proven_n, 1000);
    // A polygon with a hole, or two parts, or bytes left over: not proven here.
    size_t wn = 0, pn = 0;
    const GeomPtr holed = from_wkt("POLYGON((0 0,10 0,10 10,0 10,0 0),(2 2,3 2,3 3,2 2))");
    const WkbPtr hw = wkb_2d(holed.get(), wn);
    EXPECT_EQ(proven_valid_simple_wkb(hw.get(), wn, &pn), nullptr);
    const GeomPtr square = from_wkt("POLYGON((0 0,10 0,10 10,0 10,0 0))");
    const WkbPtr sw = wkb_2d(square.get(), wn);
    std::vector<unsigned char> longer(sw.get(), sw.get() + wn);
    EXPECT_NE(proven_valid_simple_wkb(longer.data(), longer.size(), &pn), nullptr);
    longer.push_back(0);
    EXPECT_EQ(proven_valid_simple_wkb(longer.data(), longer.size(), &pn), nullptr);
}
