// RectClipper (issue 20): a park with many village enclaves clipped through its ring index gives
// exactly GEOS's clip of the whole park — the same coordinates in the same order, so the same
// areas to the last bit — for rectangles that miss it, cut holes, sit inside a hole, lie on a
// hole's edge, or cover everything.
#include <gtest/gtest.h>

#include <cstdint>
#include <sstream>

#include "landeff/rect_clip.hpp"

using namespace landeff;

namespace {

std::string square(double x, double y, double s) {
    std::ostringstream o;
    o.precision(17);
    o << "(" << x << " " << y << "," << x + s << " " << y << "," << x + s << " " << y + s << "," << x << " " << y + s << ","
      << x << " " << y << ")";
    return o.str();
}

// A 1000 m square park with 30 × 30 enclaves of 10 m and a triangular one.
std::string holed_park() {
    std::string wkt = "POLYGON(" + square(0, 0, 1000);
    for (int i = 0; i < 30; ++i)
        for (int j = 0; j < 30; ++j) wkt += "," + square(i * 33.0 + 5, j * 33.0 + 5, 10);
    wkt += ",(995 995,998 995,996 998,995 995))";
    return wkt;
}

// 100 small parks of one parcel, each with a hole, as one multipolygon.
std::string many_parts() {
    std::string wkt = "MULTIPOLYGON(";
    for (int i = 0; i < 10; ++i)
        for (int j = 0; j < 10; ++j) {
            if (i + j) wkt += ",";
            wkt += "(" + square(2000 + i * 50.0, j * 50.0, 40) + "," + square(2000 + i * 50.0 + 10, j * 50.0 + 10, 5) + ")";
        }
    return wkt + ")";
}

struct Lcg {
    uint64_t s = 12345;
    double next(double lo, double hi) {
        s = s * 6364136223846793005ULL + 1442695040888963407ULL;
        return lo + (hi - lo) * static_cast<double>(s >> 11) / 9007199254740992.0;
    }
};

void expect_same(const GEOSGeometry* want, const GEOSGeometry* got, const std::string& what) {
    ASSERT_TRUE(want) << what;
    ASSERT_TRUE(got) << what;
    const bool both_empty = GEOSisEmpty_r(geos(), want) == 1 && GEOSisEmpty_r(geos(), got) == 1;
    EXPECT_TRUE(both_empty || GEOSEqualsExact_r(geos(), want, got, 0.0) == 1)
        << what << "\nwhole: " << to_wkt(want, 6) << "\nindexed: " << to_wkt(got, 6);
    EXPECT_EQ(area(want), area(got)) << what;
}

std::vector<std::array<double, 4>> rectangles() {
    std::vector<std::array<double, 4>> r = {
        {-100, -100, -50, -50},      // misses the park
        {-10, -10, 1010, 1010},      // covers it all
        {6, 6, 9, 9},                // inside an enclave
        {5, 5, 15, 15},              // exactly an enclave
        {0, 0, 5, 5},                // the corner up to an enclave's corner
        {15, 5, 38, 15},             // from one enclave's edge to the next's
        {100, 100, 101, 101},        // between enclaves
        {994, 994, 999, 999},        // around the triangle
        {2000, 0, 2040, 40},         // the second geometry's first part
        {2005, 5, 2495, 495},        // most of its parts
    };
    Lcg rng;
    for (int k = 0; k < 400; ++k) {
        const double x = rng.next(-50, 2550), y = rng.next(-50, 1050), w = rng.next(0.5, 120), h = rng.next(0.5, 120);
        r.push_back({x, y, x + w, y + h});
    }
    return r;
}

}  // namespace

TEST(RectClip, IndexedClipIsGeosClipOfTheWholePolygon) {
    for (const std::string& wkt : {holed_park(), many_parts()}) {
        const GeomPtr g = from_wkt(wkt);
        ASSERT_TRUE(RectClipper::worth_it(g.get()));
        const RectClipper clipper(g.get());
        for (const auto& b : rectangles()) {
            const GeomPtr want = clip_by_rect(g.get(), b[0], b[1], b[2], b[3]);
            const GeomPtr got = clipper.clip(b[0], b[1], b[2], b[3]);
            std::ostringstream what;
            what << "rectangle " << b[0] << " " << b[1] << " " << b[2] << " " << b[3];
            expect_same(want.get(), got.get(), what.str());
        }
    }
}

TEST(RectClip, IntersectionIsClippedIntersectionWithTheWholePolygon) {
    const GeomPtr g = from_wkt(holed_park());
    const RectClipper clipper(g.get());
    Lcg rng;
    for (int k = 0; k < 300; ++k) {
        // A skewed quadrilateral parcel, sometimes over enclaves, sometimes over the park's edge.
        const double x = rng.next(-30, 1000), y = rng.next(-30, 1000), w = rng.next(2, 60), h = rng.next(2, 60), d = rng.next(-5, 5);
        std::ostringstream o;
        o.precision(17);
        o << "POLYGON((" << x << " " << y << "," << x + w << " " << y + d << "," << x + w + d << " " << y + h << "," << x << " "
          << y + h << "," << x << " " << y << "))";
        const GeomPtr a = from_wkt(o.str());
        expect_same(clipped_intersection(a.get(), g.get()).get(), clipper.intersection_with(a.get()).get(), o.str());
        expect_same(clipped_intersection(a.get(), g.get()).get(), clipped_intersection(a.get(), g.get(), &clipper).get(), o.str());
    }
}

// The predicates the overlay, the 批而未供 sums and the development-zone check ask of a park:
// through the clipper the same answers as GEOS's prepared park, for parcels inside the park, inside
// an enclave, across an enclave's edge, on it, around an enclave, outside, and points.
TEST(RectClip, PredicatesAreThoseOfThePreparedWholePolygon) {
    for (const std::string& wkt : {holed_park(), many_parts()}) {
        const GeomPtr g = from_wkt(wkt);
        const RectClipper clipper(g.get());
        const PreparedPtr prepared = prepare(g.get());
        std::vector<std::string> tests = {
            "POLYGON((20 20,30 20,30 30,20 30,20 20))",   // between enclaves: contained
            "POLYGON((6 6,9 6,9 9,6 9,6 6))",             // inside an enclave: disjoint
            "POLYGON((5 5,15 5,15 15,5 15,5 5))",         // exactly an enclave: touches only
            "POLYGON((10 10,20 10,20 20,10 20,10 10))",   // across an enclave's corner
            "POLYGON((2 2,18 2,18 18,2 18,2 2))",         // around an enclave: not contained
            "POLYGON((-5 -5,5 -5,5 5,-5 5,-5 -5))",       // across the park's edge
            "POLYGON((-50 -50,-40 -50,-40 -40,-50 -40,-50 -50))",  // outside
            "POINT(20 20)", "POINT(7 7)", "POINT(5 10)", "POINT(0 500)",
            "POLYGON((2010 10,2015 10,2015 15,2010 15,2010 10))",  // a part's hole exactly
            "POLYGON((2001 1,2039 1,2039 39,2001 39,2001 1))",     // around a part's hole
            "POLYGON((2041 1,2049 1,2049 9,2041 9,2041 1))",       // between parts
        };
        Lcg rng;
        for (int k = 0; k < 300; ++k) {
            const bool park = wkt.rfind("POLYGON", 0) == 0;  // the holed park, else the parts
            const double x = park ? rng.next(-30, 1000) : rng.next(1990, 2500), y = park ? rng.next(-30, 1000) : rng.next(-10, 500);
            const double w = rng.next(1, 12), h = rng.next(1, 12);
            std::ostringstream o;
            o.precision(17);
            o << "POLYGON((" << x << " " << y << "," << x + w << " " << y << "," << x + w << " " << y + h << "," << x << " " << y + h
              << "," << x << " " << y << "))";
            tests.push_back(o.str());
        }
        int contained = 0, met = 0;
        for (const auto& t : tests) {
            const GeomPtr a = from_wkt(t);
            const char c = GEOSPreparedContains_r(geos(), prepared.get(), a.get());
            const char i = GEOSPreparedIntersects_r(geos(), prepared.get(), a.get());
            EXPECT_EQ(clipper.contains(a.get()), c) << t;
            EXPECT_EQ(clipper.intersects(a.get()), i) << t;
            EXPECT_EQ(clipper.contains_properly(a.get()), GEOSPreparedContainsProperly_r(geos(), prepared.get(), a.get())) << t;
            EXPECT_EQ(contains(&clipper, nullptr, a.get()), c) << t;
            EXPECT_EQ(intersects(nullptr, prepared.get(), a.get()), i) << t;
            contained += c == 1;
            met += i == 1;
        }
        // Both answers occur: the cases are not all alike.
        EXPECT_GT(contained, 10) << contained << " " << met << " of " << tests.size();
        EXPECT_GT(met - contained, 10);
        EXPECT_GT(static_cast<int>(tests.size()) - met, 10);
    }
}

TEST(RectClip, OnlyPolygonsWithManyRingsAreIndexed) {
    EXPECT_FALSE(RectClipper::worth_it(nullptr));
    EXPECT_FALSE(RectClipper::worth_it(from_wkt("POLYGON((0 0,1 0,1 1,0 1,0 0))").get()));
    EXPECT_FALSE(RectClipper::worth_it(from_wkt("LINESTRING(0 0,1 1)").get()));
    // 64 rings: a shell and 63 holes, at the limit, not indexed; one hole more is.
    std::string wkt = "POLYGON(" + square(0, 0, 1000);
    for (int i = 0; i < 63; ++i) wkt += "," + square(i * 15.0 + 1, 1, 10);
    EXPECT_FALSE(RectClipper::worth_it(from_wkt(wkt + ")").get()));
    EXPECT_TRUE(RectClipper::worth_it(from_wkt(wkt + "," + square(1, 500, 10) + ")").get()));
    const GeomPtr park = from_wkt(holed_park());
    const auto clippers = rect_clippers({nullptr, park.get()});
    EXPECT_FALSE(clippers[0]);
    EXPECT_TRUE(clippers[1]);
}
