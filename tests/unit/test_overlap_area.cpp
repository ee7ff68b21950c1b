// shared_area (overlap_area.hpp): the area two polygons share, from their boundaries, against GEOS's
// intersection — hand-computed cases first, then many random pairs built to touch, share edges and
// vertices and cross (cadastral data's degenerate cases), far from the origin as projected
// coordinates are.
#include <gtest/gtest.h>

#include <cmath>
#include <random>
#include <string>

#include "landeff/geos.hpp"
#include "landeff/overlap_area.hpp"

using namespace landeff;

namespace {

SharedArea shared(const std::string& a, const std::string& b, bool index_b = false) {
    const GeomPtr ga = from_wkt(a), gb = from_wkt(b);
    const RingSet ra(ga.get());
    RingSet rb(gb.get());
    if (index_b) rb.index();
    EXPECT_TRUE(ra.ok()) << a;
    EXPECT_TRUE(rb.ok()) << b;
    return shared_area(ra, rb);
}

std::string num(double v) {
    char buf[40];
    std::snprintf(buf, sizeof buf, "%.17g", v);
    return buf;
}

double geos_shared(const GEOSGeometry* a, const GEOSGeometry* b) {
    const GeomPtr i = intersection(a, b);
    return i ? area(i.get()) : std::nan("");
}

}  // namespace

TEST(SharedArea, OrientationIsExactWhereFloatingPointIsNot) {
    // Three points on the line y = x far from the origin: exactly collinear.
    EXPECT_EQ(orientation(3e6, 3e6, 3e6 + 1, 3e6 + 1, 3e6 + 0.5, 3e6 + 0.5), 0);
    // c one ulp (2^-31 at 3·10^6… here 4.66e-10) above that line: left.
    const double up = std::nextafter(3e6 + 0.5, 4e6);
    EXPECT_EQ(orientation(3e6, 3e6, 3e6 + 1, 3e6 + 1, 3e6 + 0.5, up), 1);
    EXPECT_EQ(orientation(3e6 + 1, 3e6 + 1, 3e6, 3e6, 3e6 + 0.5, up), -1);
    // The classic: 0.5 + k·2^-53 steps near (12, 12), (24, 24) — the float determinant's sign is wrong
    // for some of these; the exact one agrees with the collinearity test done in integers.
    for (int i = 0; i < 64; ++i) {
        const double px = 0.5 + i * std::ldexp(1.0, -53), py = 0.5;
        // (px, py) against the line through (12, 12) and (24, 24): left iff py > px, i.e. never for i > 0.
        EXPECT_EQ(orientation(12, 12, 24, 24, px, py), i == 0 ? 0 : -1) << i;
    }
}

TEST(SharedArea, HandComputedCases) {
    // Two 10 × 10 squares overlapping in a 5 × 10 strip: 50.
    auto s = shared("POLYGON((0 0,10 0,10 10,0 10,0 0))", "POLYGON((5 0,15 0,15 10,5 10,5 0))");
    EXPECT_EQ(s.kind, SharedArea::Partial);
    EXPECT_NEAR(s.area, 50, 1e-12);
    // Sharing only an edge: 0; sharing only a corner: 0.
    EXPECT_NEAR(shared("POLYGON((0 0,10 0,10 10,0 10,0 0))", "POLYGON((10 0,20 0,20 10,10 10,10 0))").area, 0, 1e-12);
    EXPECT_NEAR(shared("POLYGON((0 0,10 0,10 10,0 10,0 0))", "POLYGON((10 10,20 10,20 20,10 20,10 10))").area, 0, 1e-12);
    // a inside b with two edges on b's boundary: a's 4 × 4 = 16, all of it.
    EXPECT_NEAR(shared("POLYGON((0 0,4 0,4 4,0 4,0 0))", "POLYGON((0 0,10 0,10 10,0 10,0 0))").area, 16, 1e-12);
    // The same square: 100. Clockwise input is turned.
    EXPECT_NEAR(shared("POLYGON((0 0,0 10,10 10,10 0,0 0))", "POLYGON((0 0,10 0,10 10,0 10,0 0))").area, 100, 1e-12);
    // Strictly inside: Inside, a's area.
    s = shared("POLYGON((2 2,4 2,4 4,2 4,2 2))", "POLYGON((0 0,10 0,10 10,0 10,0 0))");
    EXPECT_EQ(s.kind, SharedArea::Inside);
    EXPECT_NEAR(s.area, 4, 1e-12);
    // Apart (boxes meet, shapes do not): Outside.
    s = shared("POLYGON((0 0,10 0,0 10,0 0))", "POLYGON((9 9,10 9,10 10,9 10,9 9))");
    EXPECT_EQ(s.kind, SharedArea::Outside);
    EXPECT_EQ(s.area, 0);
    // b a park with a 2 × 2 hole inside a (a 6 × 6 square in a 20 × 20 park): 36 − 4 = 32.
    s = shared("POLYGON((2 2,8 2,8 8,2 8,2 2))", "POLYGON((0 0,20 0,20 20,0 20,0 0),(4 4,6 4,6 6,4 6,4 4))");
    EXPECT_EQ(s.kind, SharedArea::Partial);
    EXPECT_NEAR(s.area, 32, 1e-12);
    // a across the hole's edge: a = [5, 9] × [3, 5] = 8, the hole takes [5, 6] × [4, 5] = 1: 7.
    EXPECT_NEAR(shared("POLYGON((5 3,9 3,9 5,5 5,5 3))", "POLYGON((0 0,20 0,20 20,0 20,0 0),(4 4,6 4,6 6,4 6,4 4))").area, 7,
                1e-12);
    // a exactly the hole: 0.
    EXPECT_NEAR(shared("POLYGON((4 4,6 4,6 6,4 6,4 4))", "POLYGON((0 0,20 0,20 20,0 20,0 0),(4 4,6 4,6 6,4 6,4 4))").area, 0,
                1e-12);
    // A triangle across a square's corner at projected coordinates: the triangle (500000, 3000000),
    // (500010, 3000000), (500000, 3000010) against [500005, 500020] × [3000000, 3000020]: the part with
    // x ≥ 500005 is the triangle (5,0), (10,0), (5,5): 12.5.
    EXPECT_NEAR(shared("POLYGON((500000 3000000,500010 3000000,500000 3000010,500000 3000000))",
                       "POLYGON((500005 3000000,500020 3000000,500020 3000020,500005 3000020,500005 3000000))")
                    .area,
                12.5, 1e-9);
    // Multipolygons: two unit squares against a 1 × 3 bar over both: 1 + 1 = 2.
    EXPECT_NEAR(shared("MULTIPOLYGON(((0 0,1 0,1 1,0 1,0 0)),((2 0,3 0,3 1,2 1,2 0)))", "POLYGON((0 0,3 0,3 1,0 1,0 0))").area, 2,
                1e-12);
}

TEST(SharedArea, NotOkForWhatItCannotWalk) {
    EXPECT_FALSE(RingSet(from_wkt("LINESTRING(0 0,1 1)").get()).ok());
    EXPECT_FALSE(RingSet(nullptr).ok());
    const RingSet empty(from_wkt("POLYGON EMPTY").get());
    EXPECT_TRUE(empty.ok());
    EXPECT_EQ(shared_area(empty, RingSet(from_wkt("POLYGON((0 0,1 0,1 1,0 0))").get())).area, 0);
}

// Random unions of cells of a small integer grid (shared edges, shared vertices, holes, several
// polygons), shifted far from the origin, against GEOS; the same pairs with b indexed.
TEST(SharedArea, AgreesWithGeosOnGridPolygonsSharingEdgesAndVertices) {
    std::mt19937_64 rng(20261204);
    int checked = 0, partial = 0;
    for (int round = 0; round < 1500; ++round) {
        // b nearly on a's lines in a third of the rounds (1e-9 off: coordinates after a reprojection).
        const double base_x = 480000 + 200.0 * static_cast<double>(round % 7), base_y = 3090000;
        const double jitter = round % 3 == 0 ? 0 : round % 3 == 1 ? std::ldexp(1.0, -33) : 1e-9 * (round % 2 ? 1 : -1);
        double ox = base_x, oy = base_y;
        auto blob = [&](int cells, int n) {
            std::vector<GeomPtr> parts;
            std::uniform_int_distribution<int> c(0, cells - 1);
            std::uniform_int_distribution<int> shape(0, 3);
            for (int k = 0; k < n; ++k) {
                const double x = ox + c(rng), y = oy + c(rng);
                const int s = shape(rng);
                std::string wkt;
                if (s == 0) {
                    wkt = "POLYGON((" + num(x) + " " + num(y) + "," + num(x + 1) + " " +
                                  num(y) + "," + num(x + 1) + " " + num(y + 1) + "," +
                                  num(x) + " " + num(y + 1) + "," + num(x) + " " +
                                  num(y) + "))";
                } else if (s == 1) {  // a triangle half of the cell
                    wkt = "POLYGON((" + num(x) + " " + num(y) + "," + num(x + 1) + " " +
                          num(y) + "," + num(x) + " " + num(y + 1) + "," + num(x) +
                          " " + num(y) + "))";
                } else if (s == 2) {  // a 2 × 1 bar
                    wkt = "POLYGON((" + num(x) + " " + num(y) + "," + num(x + 2) + " " +
                          num(y) + "," + num(x + 2) + " " + num(y + 1) + "," +
                          num(x) + " " + num(y + 1) + "," + num(x) + " " +
                          num(y) + "))";
                } else {  // a half-cell square
                    wkt = "POLYGON((" + num(x + 0.25) + " " + num(y + 0.25) + "," + num(x + 0.75) +
                          " " + num(y + 0.25) + "," + num(x + 0.75) + " " + num(y + 0.75) +
                          "," + num(x + 0.25) + " " + num(y + 0.75) + "," + num(x + 0.25) +
                          " " + num(y + 0.25) + "))";
                }
                parts.push_back(from_wkt(wkt));
            }
            return unary_union(std::move(parts));
        };
        const GeomPtr a = blob(5, 1 + round % 4);
        ox = base_x + jitter;
        oy = base_y - jitter;
        const GeomPtr b = blob(6, 2 + round % 9);
        if (!a || !b) continue;
        const double expected = geos_shared(a.get(), b.get());
        const RingSet ra(a.get());
        RingSet rb(b.get());
        ASSERT_TRUE(ra.ok()) << to_wkt(a.get());
        ASSERT_TRUE(rb.ok()) << to_wkt(b.get());
        for (int indexed = 0; indexed < 2; ++indexed) {
            if (indexed) rb.index();
            const SharedArea s = shared_area(ra, rb);
            ASSERT_FALSE(std::isnan(s.area)) << to_wkt(a.get()) << " / " << to_wkt(b.get());
            EXPECT_NEAR(s.area, expected, 1e-7) << to_wkt(a.get()) << " / " << to_wkt(b.get());
            if (s.kind == SharedArea::Inside) {
                EXPECT_NEAR(s.area, area(a.get()), 1e-7);
            }
            if (s.kind == SharedArea::Outside) {
                EXPECT_EQ(s.area, 0);
            }
            partial += s.kind == SharedArea::Partial;
            ++checked;
        }
    }
    EXPECT_EQ(checked, 3000);
    EXPECT_GT(partial, 1000);  // most pairs cross or touch, as intended
}

// Random polygons in general position (vertices anywhere), star-shaped so they are valid, against GEOS.
TEST(SharedArea, AgreesWithGeosOnRandomStarPolygons) {
    std::mt19937_64 rng(7);
    std::uniform_real_distribution<double> u(0, 1);
    auto star = [&](double cx, double cy, double r, int n) {
        std::string wkt = "POLYGON((";
        std::string first;
        for (int k = 0; k < n; ++k) {
            const double ang = 2 * M_PI * (k + 0.8 * u(rng)) / n, rad = r * (0.3 + 0.7 * u(rng));
            char buf[80];
            std::snprintf(buf, sizeof buf, "%.9f %.9f", cx + rad * std::cos(ang), cy + rad * std::sin(ang));
            if (k == 0) first = buf;
            wkt += std::string(buf) + ",";
        }
        return from_wkt(wkt + first + "))");
    };
    int checked = 0;
    for (int round = 0; round < 2000; ++round) {
        const GeomPtr a = star(500000 + u(rng) * 20, 3000000 + u(rng) * 20, 10 + 30 * u(rng), 3 + round % 20);
        const GeomPtr b = star(500000 + u(rng) * 20, 3000000 + u(rng) * 20, 10 + 30 * u(rng), 3 + round % 17);
        if (GEOSisValid_r(geos(), a.get()) != 1 || GEOSisValid_r(geos(), b.get()) != 1) continue;
        const double expected = geos_shared(a.get(), b.get());
        const SharedArea s = shared_area(RingSet(a.get()), RingSet(b.get()));
        ASSERT_FALSE(std::isnan(s.area));
        EXPECT_NEAR(s.area, expected, 1e-6 + 1e-12 * expected) << to_wkt(a.get(), 9) << " / " << to_wkt(b.get(), 9);
        ++checked;
    }
    EXPECT_GT(checked, 1900);
}

namespace {

// A union of 1 × 1, triangle, 2 × 1 and half-cell pieces on the integer grid from (ox, oy).
GeomPtr grid_blob(std::mt19937_64& rng, double ox, double oy, int cells, int n) {
    std::vector<GeomPtr> parts;
    std::uniform_int_distribution<int> c(0, cells - 1), shape(0, 3);
    for (int k = 0; k < n; ++k) {
        const double x = ox + c(rng), y = oy + c(rng);
        const int sh = shape(rng);
        const double w = sh == 2 ? 2 : 1, inset = sh == 3 ? 0.25 : 0;
        std::string wkt;
        if (sh == 1) {
            wkt = "POLYGON((" + num(x) + " " + num(y) + "," + num(x + 1) + " " + num(y) + "," + num(x) + " " + num(y + 1) + "," +
                  num(x) + " " + num(y) + "))";
        } else {
            const double x0 = x + inset, y0 = y + inset, x1 = x + w - inset, y1 = y + 1 - inset;
            wkt = "POLYGON((" + num(x0) + " " + num(y0) + "," + num(x1) + " " + num(y0) + "," + num(x1) + " " + num(y1) + "," +
                  num(x0) + " " + num(y1) + "," + num(x0) + " " + num(y0) + "))";
        }
        parts.push_back(from_wkt(wkt));
    }
    return unary_union(std::move(parts));
}

}  // namespace

TEST(SharedArea, ThreeSquaresHandComputed) {
    // [0, 10]², [5, 15] × [0, 10], [0, 10] × [5, 15]: all three share [5, 10]² = 25.
    const GeomPtr a = from_wkt("POLYGON((0 0,10 0,10 10,0 10,0 0))"), b = from_wkt("POLYGON((5 0,15 0,15 10,5 10,5 0))"),
                  c = from_wkt("POLYGON((0 5,10 5,10 15,0 15,0 5))");
    const RingSet ra(a.get()), rb(b.get()), rc(c.get());
    const RingSet* sets[] = {&ra, &rb, &rc};
    EXPECT_NEAR(shared_area(sets, 3).area, 25, 1e-12);
    // A fourth meeting them only along x = 5 (a shared edge): 0.
    const RingSet rd(from_wkt("POLYGON((0 0,5 0,5 15,0 15,0 0))").get());
    const RingSet* four[] = {&ra, &rb, &rc, &rd};
    EXPECT_NEAR(shared_area(four, 4).area, 0, 1e-12);
    // Three overlapping pairwise but with nothing common to all three: 0.
    const RingSet p(from_wkt("POLYGON((0 0,2 0,2 1,0 1,0 0))").get()), q(from_wkt("POLYGON((1 0,3 0,3 1,1 1,1 0))").get()),
        r(from_wkt("POLYGON((2.5 0,4 0,4 1,2.5 1,2.5 0))").get());
    const RingSet* apart[] = {&p, &q, &r};
    EXPECT_NEAR(shared_area(apart, 3).area, 0, 1e-12);
}

// Three and four random grid polygons (shared edges and vertices everywhere), far from the origin,
// against GEOS's intersections taken in turn; the last set indexed every other round.
TEST(SharedArea, SeveralSetsAgreeWithGeosOnGridPolygons) {
    std::mt19937_64 rng(41);
    int checked = 0, nonzero = 0;
    for (int round = 0; round < 1200; ++round) {
        const size_t k = 3 + round % 2;
        std::vector<GeomPtr> geoms;
        for (size_t m = 0; m < k; ++m) {
            const double jitter = (round % 5 == 4 && m == 1) ? std::ldexp(1.0, -33) : 0;
            geoms.push_back(grid_blob(rng, 480000 + jitter, 3090000 - jitter, 4, 2 + static_cast<int>((round + m) % 6)));
        }
        GeomPtr inter = clone(geoms[0].get());
        for (size_t m = 1; m < k && inter; ++m) inter = intersection(inter.get(), geoms[m].get());
        ASSERT_TRUE(inter);
        const double expected = area(inter.get());
        std::vector<RingSet> rings;
        for (const auto& g : geoms) rings.emplace_back(g.get());
        if (round % 2) rings.back().index();
        std::vector<const RingSet*> sets;
        for (const auto& r : rings) sets.push_back(&r);
        const SharedArea s = shared_area(sets.data(), k);
        std::string what;
        for (const auto& g : geoms) what += to_wkt(g.get()) + " / ";
        ASSERT_FALSE(std::isnan(s.area)) << what;
        EXPECT_NEAR(s.area, expected, 1e-7) << what;
        nonzero += expected > 0;
        ++checked;
    }
    EXPECT_EQ(checked, 1200);
    EXPECT_GT(nonzero, 150);
}

TEST(SharedArea, TwoLargePolygonsAreLeftToGeos) {
    // Two 3 000-vertex polygons over each other: 3 000 × some 2 000 edges near > 4 000 000 — NaN (the
    // callers overlay them); one of 1 000 vertices against one of them (about 2 000 000) is measured: a
    // regular n-gon of radius 100 against its copy moved by 50, both inscribed, against GEOS.
    auto ngon = [](int n, double cx) {
        std::string wkt = "POLYGON((";
        for (int k = 0; k <= n; ++k) {
            const double ang = 2 * M_PI * (k % n) / n;
            wkt += num(cx + 100 * std::cos(ang)) + " " + num(100 * std::sin(ang)) + (k < n ? "," : "))");
        }
        return from_wkt(wkt);
    };
    const GeomPtr big = ngon(3000, 0), big2 = ngon(3000, 50), mid = ngon(1000, 50);
    EXPECT_TRUE(std::isnan(shared_area(RingSet(big.get()), RingSet(big2.get())).area));
    const SharedArea s = shared_area(RingSet(mid.get()), RingSet(big.get()));
    ASSERT_FALSE(std::isnan(s.area));
    EXPECT_NEAR(s.area, geos_shared(mid.get(), big.get()), 1e-6);
}

// A park of 1 928 edges — a 64 m square with 481 one-metre enclaves — indexed, so a point's side of
// it comes from the grid of RingSet::index (8 × 8 cells of 8 m: the cells' centres fall on enclave
// corners and edges, as a real grid can), against GEOS: random grid polygons inside it, across its
// enclaves and across its outer edge, alone and two at a time (the park last, as the callers put it).
TEST(SharedArea, AgreesWithGeosAgainstAParkWithManyEnclaves) {
    const double X = 480000, Y = 3090000;
    std::vector<GeomPtr> holes;
    for (int i = 1; i < 63; ++i)
        for (int j = 1; j < 63; ++j)
            if ((i * 7 + j * 3) % 8 == 0) {
                const double x = X + i, y = Y + j;
                holes.push_back(from_wkt("POLYGON((" + num(x) + " " + num(y) + "," + num(x + 1) + " " + num(y) + "," + num(x + 1) + " " +
                                         num(y + 1) + "," + num(x) + " " + num(y + 1) + "," + num(x) + " " + num(y) + "))"));
            }
    ASSERT_EQ(holes.size(), 481u);
    const GeomPtr square = from_wkt("POLYGON((" + num(X) + " " + num(Y) + "," + num(X + 64) + " " + num(Y) + "," + num(X + 64) + " " +
                                    num(Y + 64) + "," + num(X) + " " + num(Y + 64) + "," + num(X) + " " + num(Y) + "))");
    const GeomPtr all_holes = unary_union(std::move(holes));
    ASSERT_TRUE(all_holes);
    const GeomPtr park = difference(square.get(), all_holes.get());
    ASSERT_TRUE(park);
    RingSet indexed(park.get());
    const RingSet plain(park.get());
    ASSERT_TRUE(indexed.ok());
    ASSERT_EQ(indexed.edge_count(), 1928u);
    indexed.index();
    ASSERT_EQ(indexed.m_grid, 8u);  // the size this case was built for: centres at 4 + 8k
    std::mt19937_64 rng(20261205);
    std::uniform_int_distribution<int> at(-2, 62);
    int checked = 0, partial = 0, inside = 0;
    for (int round = 0; round < 800; ++round) {
        const double jitter = round % 4 == 3 ? std::ldexp(1.0, -33) : 0;
        const GeomPtr a = grid_blob(rng, X + at(rng) + jitter, Y + at(rng) - jitter, 4, 1 + round % 6);
        const GeomPtr b = grid_blob(rng, X + at(rng), Y + at(rng), 6, 2 + round % 5);
        ASSERT_TRUE(a && b);
        const RingSet ra(a.get()), rb(b.get());
        const double expected = geos_shared(a.get(), park.get());
        const SharedArea s = shared_area(ra, indexed);
        ASSERT_FALSE(std::isnan(s.area)) << to_wkt(a.get());
        EXPECT_NEAR(s.area, expected, 1e-7) << to_wkt(a.get());
        EXPECT_EQ(s.kind, shared_area(ra, plain).kind) << to_wkt(a.get());
        partial += s.kind == SharedArea::Partial;
        inside += s.kind == SharedArea::Inside;
        // Two of them and the park.
        GeomPtr ab = intersection(a.get(), b.get());
        ASSERT_TRUE(ab);
        const GeomPtr abp = intersection(ab.get(), park.get());
        ASSERT_TRUE(abp);
        const RingSet* three[] = {&ra, &rb, &indexed};
        const SharedArea t = shared_area(three, 3);
        ASSERT_FALSE(std::isnan(t.area)) << to_wkt(a.get()) << " / " << to_wkt(b.get());
        EXPECT_NEAR(t.area, area(abp.get()), 1e-7) << to_wkt(a.get()) << " / " << to_wkt(b.get());
        ++checked;
    }
    EXPECT_EQ(checked, 800);
    EXPECT_GT(partial, 300);  // across enclaves or the outer edge
    EXPECT_GT(inside, 50);
}

// contains_properly against GEOS's prepared containsProperly: grid polygons (holes, shared edges and
// corners everywhere) holding or not small grid pieces, some 2⁻³³ off the grid.
TEST(SharedArea, ContainsProperlyAgreesWithGeos) {
    std::mt19937_64 rng(1205);
    int checked = 0, yes = 0;
    for (int round = 0; round < 3000; ++round) {
        const GeomPtr outer = grid_blob(rng, 480000, 3090000, 6, 10 + round % 15);
        const double jitter = round % 4 == 3 ? std::ldexp(1.0, -33) : 0;
        const GeomPtr inner = grid_blob(rng, 480000 + jitter, 3090000 - jitter, 6, 1 + (round % 3 == 0 ? 1 : 0));
        ASSERT_TRUE(outer && inner);
        const PreparedPtr prep = prepare(outer.get());
        const bool expected = GEOSPreparedContainsProperly_r(geos(), prep.get(), inner.get()) == 1;
        const RingSet ro(outer.get()), ri(inner.get());
        ASSERT_TRUE(ro.ok() && ri.ok());
        EXPECT_EQ(contains_properly(ro, ri), expected) << to_wkt(outer.get()) << " / " << to_wkt(inner.get());
        yes += expected;
        ++checked;
    }
    EXPECT_EQ(checked, 3000);
    EXPECT_GT(yes, 100) << yes;
    // By hand: a square inside another, touching its edge from inside, in a hole of it.
    const RingSet big(from_wkt("POLYGON((0 0,10 0,10 10,0 10,0 0),(4 4,6 4,6 6,4 6,4 4))").get());
    EXPECT_TRUE(contains_properly(big, RingSet(from_wkt("POLYGON((1 1,2 1,2 2,1 2,1 1))").get())));
    EXPECT_FALSE(contains_properly(big, RingSet(from_wkt("POLYGON((0 1,2 1,2 2,0 2,0 1))").get())));      // on the shell
    EXPECT_FALSE(contains_properly(big, RingSet(from_wkt("POLYGON((3 3,7 3,7 7,3 7,3 3))").get())));      // over the hole
    EXPECT_FALSE(contains_properly(big, RingSet(from_wkt("POLYGON((4.5 4.5,5 4.5,5 5,4.5 5,4.5 4.5))").get())));  // in the hole
    EXPECT_FALSE(contains_properly(big, RingSet(from_wkt("POLYGON((3 3,4 3,4 4,3 4,3 3))").get())));      // a corner on the hole's
}
