#include "landeff/overlap_area.hpp"

#include <tbb/parallel_for.h>

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstring>
#include <limits>

#include "landeff/geometry.hpp"
#include "landeff/spatial_index.hpp"

namespace landeff {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kMaxPairs = 4e6;  // edge pairs one walk tests at most (shared_area: NaN beyond)

// Error-free transformations: a + b = s + e and a · b = p + e exactly (no overflow or underflow).
inline void two_sum(double a, double b, double& s, double& e) {
    s = a + b;
    const double bv = s - a;
    const double av = s - bv;
    e = (a - av) + (b - bv);
}
inline void two_product(double a, double b, double& p, double& e) {
    p = a * b;
    e = std::fma(a, b, -p);
}

// The exact sign of a sum of doubles: the terms are added into a non-overlapping expansion (each
// addition exact), whose sign is that of its largest non-zero component.
int exact_sign(const double* terms, size_t n) {
    double h[40];
    size_t m = 0;
    for (size_t k = 0; k < n; ++k) {
        double q = terms[k];
        size_t out = 0;
        for (size_t i = 0; i < m; ++i) {
            double s, e;
            two_sum(q, h[i], s, e);
            if (e != 0) h[out++] = e;
            q = s;
        }
        if (q != 0) h[out++] = q;
        m = out;
    }
    return m == 0 ? 0 : (h[m - 1] > 0 ? 1 : -1);
}

// The exact sign of (b − a) × (c − a), for points far from the origin too.
int orientation_exact(double ax, double ay, double bx, double by, double cx, double cy) {
    double d[4][2];  // the four differences, each exactly as a sum of two doubles
    two_sum(bx, -ax, d[0][0], d[0][1]);
    two_sum(cy, -ay, d[1][0], d[1][1]);
    two_sum(by, -ay, d[2][0], d[2][1]);
    two_sum(cx, -ax, d[3][0], d[3][1]);
    double terms[16];
    size_t n = 0;
    for (int i = 0; i < 2; ++i)
        for (int j = 0; j < 2; ++j) {
            two_product(d[0][i], d[1][j], terms[n], terms[n + 1]);
            n += 2;
            double p, e;
            two_product(d[2][i], d[3][j], p, e);
            terms[n++] = -p;
            terms[n++] = -e;
        }
    return exact_sign(terms, n);
}

// Twice the signed area of the closed ring of vertices [first, end) (shoelace, relative to its first
// vertex for precision).
double twice_ring_area(const std::vector<double>& x, const std::vector<double>& y, size_t first, size_t end) {
    double twice = 0;
    const double ox = x[first], oy = y[first];
    for (size_t v = first; v + 1 < end; ++v) twice += (x[v] - ox) * (y[v + 1] - oy) - (y[v] - oy) * (x[v + 1] - ox);
    return twice;
}

// The box {x0, y0, x1, y1} of vertices [first, last] (inclusive).
std::array<double, 4> box_of(const std::vector<double>& x, const std::vector<double>& y, size_t first, size_t last) {
    std::array<double, 4> b{x[first], y[first], x[first], y[first]};
    for (size_t v = first; v <= last; ++v) {
        b[0] = std::min(b[0], x[v]);
        b[1] = std::min(b[1], y[v]);
        b[2] = std::max(b[2], x[v]);
        b[3] = std::max(b[3], y[v]);
    }
    return b;
}

constexpr size_t kGridMinEdges = 256;  // a set this large gets its grid (RingSet::index)

// b's perturbation (ε, ε²) decides the zero orientations (see the header):
//   orient(a1, a2, b + δ) = orient(a1, a2, b) + ε (a1y − a2y) + ε² (a2x − a1x)
//   orient(b1 + δ, b2 + δ, a) = orient(b1, b2, a) + ε (b2y − b1y) − ε² (b2x − b1x)
inline int side_of_a_edge(double a1x, double a1y, double a2x, double a2y, double bx, double by) {
    const int o = orientation(a1x, a1y, a2x, a2y, bx, by);
    if (o != 0) return o;
    if (a1y != a2y) return a1y > a2y ? 1 : -1;
    return a2x > a1x ? 1 : -1;
}
inline int side_of_b_edge(double b1x, double b1y, double b2x, double b2y, double ax, double ay) {
    const int o = orientation(b1x, b1y, b2x, b2y, ax, ay);
    if (o != 0) return o;
    if (b2y != b1y) return b2y > b1y ? 1 : -1;
    return b1x > b2x ? 1 : -1;
}

// Whether the point (px, py) of a lies inside b moved by δ: a ray along x, counting b's edges it
// crosses. An edge's end is above the ray when y ≥ py (b is moved up by ε²), and a point on the
// edge counts as left of it (the ε term, the edge going up). b's edges crossing the line y = py
// are as many on either side of the point (each ring crosses it an even number of times), so the
// ray goes to the nearer side of b's box (a park's enclaves far east of the point are not read):
// to +x it counts the edges the point is left of (or on), to −x those it is strictly right of.
bool ray_in(double px, double py, const RingSet& b, std::vector<uint32_t>& scratch) {
    const bool east = b.box()[2] - px <= px - b.box()[0];
    if (east) b.edges_near(px, py, b.box()[2], py, scratch);
    else b.edges_near(b.box()[0], py, px, py, scratch);
    bool in = false;
    for (uint32_t v : scratch) {
        const double y1 = b.m_y[v], y2 = b.m_y[v + 1];
        const bool up1 = y1 >= py, up2 = y2 >= py;
        if (up1 == up2) continue;
        const uint32_t lo = up2 ? v : v + 1, hi = up2 ? v + 1 : v;
        const int o = orientation(b.m_x[lo], b.m_y[lo], b.m_x[hi], b.m_y[hi], px, py);
        if ((o >= 0) == east) in = !in;
    }
    return in;
}

// Whether the segment from (cx, cy) to (px, py), two points of a, crosses b's boundary (b moved by
// δ) an odd number of times — whether the two points lie on different sides of it — counting only
// b's edges `near` (every edge of b whose box meets a box holding the segment). With b moved by δ no
// vertex of b lies on the segment's line and neither point on an edge of b (unless the points are the
// same, and then nothing crosses), so each crossing is proper and the count's parity is the answer.
bool segment_crosses_odd(double cx, double cy, double px, double py, const RingSet& b, const std::vector<uint32_t>& near) {
    const double x0 = std::min(cx, px), x1 = std::max(cx, px), y0 = std::min(cy, py), y1 = std::max(cy, py);
    bool odd = false;
    for (uint32_t w : near) {
        const double b1x = b.m_x[w], b1y = b.m_y[w], b2x = b.m_x[w + 1], b2y = b.m_y[w + 1];
        if (std::max(b1x, b2x) < x0 || std::min(b1x, b2x) > x1 || std::max(b1y, b2y) < y0 || std::min(b1y, b2y) > y1) continue;
        if (side_of_a_edge(cx, cy, px, py, b1x, b1y) == side_of_a_edge(cx, cy, px, py, b2x, b2y)) continue;
        if (side_of_b_edge(b1x, b1y, b2x, b2y, cx, cy) == side_of_b_edge(b1x, b1y, b2x, b2y, px, py)) continue;
        odd = !odd;
    }
    return odd;
}

}  // namespace

int orientation(double ax, double ay, double bx, double by, double cx, double cy) {
    const double left = (bx - ax) * (cy - ay);
    const double right = (by - ay) * (cx - ax);
    const double det = left - right;
    // The error bound of this evaluation in floating point (Shewchuk 1997, orient2d's first stage).
    constexpr double eps = 1.1102230246251565e-16;  // 2^-53
    const double bound = (3.0 + 16.0 * eps) * eps * (std::fabs(left) + std::fabs(right));
    if (det > bound) return 1;
    if (-det > bound) return -1;
    // Two of the points the same (a shared vertex: the common case here): exactly 0.
    if ((cx == ax && cy == ay) || (cx == bx && cy == by) || (ax == bx && ay == by)) return 0;
    return orientation_exact(ax, ay, bx, by, cx, cy);
}

RingSet::RingSet() = default;
RingSet::~RingSet() = default;
RingSet::RingSet(RingSet&&) noexcept = default;
RingSet& RingSet::operator=(RingSet&&) noexcept = default;

// Appends a ring of n points (x, y, little-endian doubles at `xy`, as GEOS's buffer and WKB hold
// them), turned to have its polygon's interior on its left; false when it has no area.
bool RingSet::add_ring(const unsigned char* xy, size_t n, bool shell) {
    if (n == 0) return true;  // an empty ring adds nothing
    const size_t first = m_x.size();
    for (size_t k = 0; k < n; ++k) {
        double x, y;
        std::memcpy(&x, xy + 16 * k, 8);
        std::memcpy(&y, xy + 16 * k + 8, 8);
        if (!std::isfinite(x) || !std::isfinite(y)) return false;
        if (m_x.size() > first && m_x.back() == x && m_y.back() == y) continue;  // repeated point
        m_x.push_back(x);
        m_y.push_back(y);
    }
    if (m_x.back() != m_x[first] || m_y.back() != m_y[first]) {
        m_x.push_back(m_x[first]);
        m_y.push_back(m_y[first]);
    }
    const size_t end = m_x.size();
    if (end - first < 4) return false;
    const double twice = twice_ring_area(m_x, m_y, first, end);
    if (twice == 0 || std::isnan(twice)) return false;
    if ((twice > 0) != shell) {
        std::reverse(m_x.begin() + static_cast<std::ptrdiff_t>(first), m_x.end());
        std::reverse(m_y.begin() + static_cast<std::ptrdiff_t>(first), m_y.end());
    }
    m_ring.push_back(static_cast<uint32_t>(end));
    m_ring_box.push_back(box_of(m_x, m_y, first, end - 1));
    return true;
}

void RingSet::finish() {
    m_box = {kNaN, kNaN, kNaN, kNaN};
    for (const auto& b : m_ring_box) {
        if (std::isnan(m_box[0])) {
            m_box = b;
            continue;
        }
        m_box = {std::min(m_box[0], b[0]), std::min(m_box[1], b[1]), std::max(m_box[2], b[2]), std::max(m_box[3], b[3])};
    }
    m_ok = true;
}

// Room for `points` vertices in `rings` rings at once, not grown vertex by vertex (a RingSet is made
// for every pair walked: the reallocations were a good part of making one).
void RingSet::reserve(size_t points, size_t rings) {
    m_x.reserve(points);
    m_y.reserve(points);
    m_ring.reserve(rings + 1);
    m_ring_box.reserve(rings);
}

void RingSet::clear() {
    m_x.clear();
    m_y.clear();
    m_ring.clear();
    m_ring_box.clear();
    m_run_first.clear();
    m_run_end.clear();
    m_runs.reset();
    m_grid = 0;
    m_cell_in.clear();
    m_box = {kNaN, kNaN, kNaN, kNaN};
    m_ok = false;
}

void RingSet::fill(const GEOSGeometry* g) {
    if (!g) return;
    GEOSContextHandle_t h = geos();
    const int type = GEOSGeomTypeId_r(h, g);
    if (type != GEOS_POLYGON && type != GEOS_MULTIPOLYGON) return;
    const int points = GEOSGetNumCoordinates_r(h, g);
    if (points > 0) reserve(static_cast<size_t>(points) + 8, 8);  // rings: grown as found beyond 8
    m_ring.push_back(0);
    thread_local std::vector<double> buf;
    auto ring = [&](const GEOSGeometry* r, bool shell) {
        const GEOSCoordSequence* cs = GEOSGeom_getCoordSeq_r(h, r);
        unsigned n = 0;
        if (!cs || !GEOSCoordSeq_getSize_r(h, cs, &n)) return false;
        buf.resize(2 * static_cast<size_t>(n));
        if (n > 0 && !GEOSCoordSeq_copyToBuffer_r(h, cs, buf.data(), 0, 0)) return false;
        return add_ring(reinterpret_cast<const unsigned char*>(buf.data()), n, shell);
    };
    const int parts = type == GEOS_POLYGON ? 1 : GEOSGetNumGeometries_r(h, g);
    for (int i = 0; i < parts; ++i) {
        const GEOSGeometry* p = type == GEOS_POLYGON ? g : GEOSGetGeometryN_r(h, g, i);
        if (GEOSisEmpty_r(h, p)) continue;
        if (!ring(GEOSGetExteriorRing_r(h, p), true)) return;
        const int holes = GEOSGetNumInteriorRings_r(h, p);
        for (int k = 0; k < holes; ++k)
            if (!ring(GEOSGetInteriorRingN_r(h, p, k), false)) return;
    }
    finish();
}

void RingSet::fill(std::string_view wkb) {
    static_assert(std::endian::native == std::endian::little, "WKB coordinates are read as they lie");
    thread_local std::vector<WkbRing> rings;
    rings.clear();
    if (!wkb_rings(wkb, rings)) return;
    size_t points = 0;
    for (const WkbRing& r : rings) points += r.n + 1;  // + a closing point a ring may lack
    reserve(points, rings.size());
    m_ring.push_back(0);
    for (const WkbRing& r : rings)
        if (!add_ring(reinterpret_cast<const unsigned char*>(wkb.data()) + r.at, r.n, r.outer)) return;
    finish();
}

RingSet::RingSet(const GEOSGeometry* g) {
    clear();
    fill(g);
}

RingSet::RingSet(std::string_view wkb) {
    clear();
    fill(wkb);
}

void RingSet::assign(const Shape& s) {
    clear();
    if (!s) return;
    if (!s.packed()) {
        fill(s.get());
        return;
    }
    fill(s.wkb());
    if (m_ok) return;
    clear();
    const GeomHold held = s.hold();
    fill(held.get());
}

RingSet RingSet::of(const Shape& s) {
    RingSet r;
    r.assign(s);
    return r;
}

RingSet RingSet::rectangle(double x0, double y0, double x1, double y1) {
    RingSet r;
    r.m_box = {x0, y0, x1, y1};
    if (!(x0 < x1 && y0 < y1)) return r;
    r.m_x = {x0, x1, x1, x0, x0};
    r.m_y = {y0, y0, y1, y1, y0};
    r.m_ring = {0, 5};
    r.m_ring_box = {r.m_box};
    r.m_ok = true;
    return r;
}

double RingSet::area() const {
    double sum = 0;
    for (size_t k = 0; k + 1 < m_ring.size(); ++k) sum += 0.5 * twice_ring_area(m_x, m_y, m_ring[k], m_ring[k + 1]);
    return sum;
}

void RingSet::index() {
    if (m_runs || !m_ok) return;
    std::vector<std::array<double, 4>> boxes;
    for (size_t k = 0; k + 1 < m_ring.size(); ++k)
        for (uint32_t v = m_ring[k]; v + 1 < m_ring[k + 1]; v += kRun) {
            const uint32_t end = std::min<uint32_t>(v + kRun, m_ring[k + 1] - 1);  // edges v … end − 1
            m_run_first.push_back(v);
            m_run_end.push_back(end);
            boxes.push_back(box_of(m_x, m_y, v, end));
        }
    m_runs = std::make_unique<EnvelopeIndex>(boxes);
    // The grid: about two runs' worth of edges a cell, at most 128 × 128 cells; each centre's side by a
    // ray (once per set, where every point asked of it went across the set before).
    const size_t edges = edge_count();
    if (edges < kGridMinEdges) return;
    const uint32_t g = static_cast<uint32_t>(std::clamp<double>(std::ceil(std::sqrt(static_cast<double>(edges) / (2.0 * kRun))), 4.0, 128.0));
    const double w = (m_box[2] - m_box[0]) / g, h = (m_box[3] - m_box[1]) / g;
    if (!(w > 0 && h > 0)) return;
    std::vector<uint8_t> cells(static_cast<size_t>(g) * g);
    std::vector<uint32_t> scratch;
    for (uint32_t j = 0; j < g; ++j)
        for (uint32_t i = 0; i < g; ++i)
            cells[static_cast<size_t>(j) * g + i] = ray_in(m_box[0] + (i + 0.5) * w, m_box[1] + (j + 0.5) * h, *this, scratch) ? 1 : 0;
    m_cell_in = std::move(cells);
    m_cell_w = w;
    m_cell_h = h;
    m_grid = g;
}

std::vector<RingSet> ring_sets(const std::vector<const GEOSGeometry*>& geoms) {
    std::vector<RingSet> out(geoms.size());
    tbb::parallel_for(size_t(0), geoms.size(), [&](size_t i) {
        out[i] = RingSet(geoms[i]);
        if (out[i].edge_count() > 64) out[i].index();
    });
    return out;
}

void RingSet::edges_near(double x0, double y0, double x1, double y1, std::vector<uint32_t>& out) const {
    out.clear();
    auto take = [&](uint32_t from, uint32_t to) {  // edges from vertices [from, to)
        for (uint32_t v = from; v < to; ++v) {
            const double ex0 = std::min(m_x[v], m_x[v + 1]), ex1 = std::max(m_x[v], m_x[v + 1]);
            const double ey0 = std::min(m_y[v], m_y[v + 1]), ey1 = std::max(m_y[v], m_y[v + 1]);
            if (ex0 <= x1 && x0 <= ex1 && ey0 <= y1 && y0 <= ey1) out.push_back(v);
        }
    };
    if (m_runs) {
        thread_local std::vector<uint32_t> runs;
        m_runs->query(x0, y0, x1, y1, runs);
        for (uint32_t r : runs) take(m_run_first[r], m_run_end[r]);
        return;
    }
    for (size_t k = 0; k + 1 < m_ring.size(); ++k) {
        const auto& b = m_ring_box[k];
        if (b[0] <= x1 && x0 <= b[2] && b[1] <= y1 && y0 <= b[3]) take(m_ring[k], m_ring[k + 1] - 1);
    }
}

namespace {

// Whether the point (px, py) of a lies inside b moved by δ: from the centre of b's grid cell holding
// it (RingSet::index), flipped by each edge of b between the two; else (no grid, or the point off b's
// box) by a ray.
bool a_point_in_b(double px, double py, const RingSet& b, std::vector<uint32_t>& scratch) {
    const auto& bb = b.box();
    if (b.m_grid == 0 || px < bb[0] || px > bb[2] || py < bb[1] || py > bb[3]) return ray_in(px, py, b, scratch);
    const uint32_t g = b.m_grid;
    const uint32_t i = std::min(g - 1, static_cast<uint32_t>((px - bb[0]) / b.m_cell_w));
    const uint32_t j = std::min(g - 1, static_cast<uint32_t>((py - bb[1]) / b.m_cell_h));
    const double cx = bb[0] + (i + 0.5) * b.m_cell_w, cy = bb[1] + (j + 0.5) * b.m_cell_h;
    b.edges_near(std::min(cx, px), std::min(cy, py), std::max(cx, px), std::max(cy, py), scratch);
    return (b.m_cell_in[static_cast<size_t>(j) * g + i] != 0) != segment_crosses_odd(cx, cy, px, py, b, scratch);
}

// Whether the point (px, py) of b, moved by δ, lies inside a: above the ray when y > py, and a point
// on an edge counts as right of it.
bool b_point_in_a(double px, double py, const RingSet& a) {
    bool in = false;
    for (size_t k = 0; k + 1 < a.m_ring.size(); ++k) {
        const auto& rb = a.m_ring_box[k];
        if (rb[1] > py || rb[3] <= py || rb[2] < px) continue;
        for (uint32_t v = a.m_ring[k]; v + 1 < a.m_ring[k + 1]; ++v) {
            const double y1 = a.m_y[v], y2 = a.m_y[v + 1];
            const bool up1 = y1 > py, up2 = y2 > py;
            if (up1 == up2) continue;
            const uint32_t lo = up2 ? v : v + 1, hi = up2 ? v + 1 : v;
            if (orientation(a.m_x[lo], a.m_y[lo], a.m_x[hi], a.m_y[hi], px, py) > 0) in = !in;
        }
    }
    return in;
}

// Where a's edge a1 → a2 crosses b's edge b1 → b2 (b moved by δ), if it does: the point, relative
// to (ox, oy), at parameter t along a's edge (computed the same way whichever walk asks, so the pieces
// of boundary close up), and whether each edge enters the other's set there (the set's interior
// lies left of its edges).
struct Crossing {
    double t, x, y;
    int enter_a, enter_b;
};
inline bool crossing_of(double a1x, double a1y, double a2x, double a2y, double b1x, double b1y, double b2x, double b2y,
                        double ox, double oy, Crossing& c) {
    const int s1 = side_of_a_edge(a1x, a1y, a2x, a2y, b1x, b1y);
    const int s2 = side_of_a_edge(a1x, a1y, a2x, a2y, b2x, b2y);
    if (s1 == s2) return false;
    const int s3 = side_of_b_edge(b1x, b1y, b2x, b2y, a1x, a1y);
    const int s4 = side_of_b_edge(b1x, b1y, b2x, b2y, a2x, a2y);
    if (s3 == s4) return false;
    const double dax = a2x - a1x, day = a2y - a1y, dbx = b2x - b1x, dby = b2y - b1y;
    double t = ((b1x - a1x) * dby - (b1y - a1y) * dbx) / (dax * dby - day * dbx);
    if (!(t >= 0)) t = 0;  // NaN too: edges so nearly parallel that any point of theirs will do
    if (t > 1) t = 1;
    c.t = t;
    c.x = (a1x - ox) + t * dax;
    c.y = (a1y - oy) + t * day;
    c.enter_a = s4 > 0 ? 1 : -1;
    c.enter_b = s2 > 0 ? 1 : -1;
    return true;
}

}  // namespace

SharedArea shared_area(const RingSet& a, const RingSet& b) {
    SharedArea out;
    if (!a.ok() || !b.ok()) {
        out.area = kNaN;
        return out;
    }
    if (a.empty() || b.empty()) {
        out.kind = SharedArea::Outside;
        return out;
    }
    const auto& ab = a.box();
    const auto& bb = b.box();
    if (ab[0] > bb[2] || bb[0] > ab[2] || ab[1] > bb[3] || bb[1] > ab[3]) {
        out.kind = SharedArea::Outside;
        return out;
    }
    // Coordinates relative to a's corner for the products (the decisions use the raw coordinates).
    const double ox = ab[0], oy = ab[1];
    thread_local std::vector<uint32_t> near, scratch;
    b.edges_near(ab[0], ab[1], ab[2], ab[3], near);
    // Every edge of a is tested against every edge of b near it: past a few million pairs (two large
    // polygons over each other) GEOS's indexed overlay is the better way, and the caller takes it.
    if (static_cast<double>(a.edge_count()) * static_cast<double>(near.size()) > kMaxPairs) {
        out.area = kNaN;
        return out;
    }
    thread_local std::vector<double> b_share;  // per edge of `near`: Σ ±(X × b2) of its crossings
    b_share.assign(near.size(), 0.0);
    double twice = 0;
    bool crossed = false, all_in = true, any_in = false;
    bool have_known = false;  // a point of a whose side of b is known
    double known_x = 0, known_y = 0;
    int known_in = 0;
    for (size_t k = 0; k + 1 < a.m_ring.size(); ++k) {
        const auto& rb = a.m_ring_box[k];
        const uint32_t first = a.m_ring[k], last = a.m_ring[k + 1] - 1;
        if (rb[0] > bb[2] || bb[0] > rb[2] || rb[1] > bb[3] || bb[1] > rb[3]) {
            all_in = false;  // outside b's box: adds nothing
            continue;
        }
        // The first ring inside b's box by a ray through b; the others from it: a segment between
        // two points of a crosses only edges of b in `near` (a ray across a park with thousands of
        // enclaves reads many of them, once per hole of a 批而未供 polygon).
        int in;
        if (have_known) {
            in = known_in ^ (segment_crosses_odd(known_x, known_y, a.m_x[first], a.m_y[first], b, near) ? 1 : 0);
        } else {
            in = a_point_in_b(a.m_x[first], a.m_y[first], b, scratch) ? 1 : 0;
            have_known = true;
            known_x = a.m_x[first];
            known_y = a.m_y[first];
            known_in = in;
        }
        const int in_first = in;
        if (in) any_in = true;
        else all_in = false;
        for (uint32_t v = first; v < last; ++v) {
            const double a1x = a.m_x[v], a1y = a.m_y[v], a2x = a.m_x[v + 1], a2y = a.m_y[v + 1];
            const double l1x = a1x - ox, l1y = a1y - oy, l2x = a2x - ox, l2y = a2y - oy;
            if (in) twice += l1x * l2y - l1y * l2x;
            const double ex0 = std::min(a1x, a2x), ex1 = std::max(a1x, a2x), ey0 = std::min(a1y, a2y), ey1 = std::max(a1y, a2y);
            for (size_t m = 0; m < near.size(); ++m) {
                const uint32_t w = near[m];
                const double b1x = b.m_x[w], b1y = b.m_y[w], b2x = b.m_x[w + 1], b2y = b.m_y[w + 1];
                if (std::max(b1x, b2x) < ex0 || std::min(b1x, b2x) > ex1 || std::max(b1y, b2y) < ey0 || std::min(b1y, b2y) > ey1)
                    continue;
                Crossing c;
                if (!crossing_of(a1x, a1y, a2x, a2y, b1x, b1y, b2x, b2y, ox, oy, c)) continue;
                crossed = true;
                twice += c.enter_a * (c.x * l2y - c.y * l2x);
                b_share[m] += c.enter_b * (c.x * (b2y - oy) - c.y * (b2x - ox));
                in += c.enter_a;
            }
            if (in != 0 && in != 1) {
                out.area = kNaN;
                return out;
            }
        }
        if (in != in_first) {
            out.area = kNaN;
            return out;
        }
    }
    for (size_t m = 0; m < near.size(); ++m) {
        const uint32_t w = near[m];
        const double l1x = b.m_x[w] - ox, l1y = b.m_y[w] - oy, l2x = b.m_x[w + 1] - ox, l2y = b.m_y[w + 1] - oy;
        twice += b_share[m];
        if (b_point_in_a(b.m_x[w], b.m_y[w], a)) {
            twice += l1x * l2y - l1y * l2x;
            crossed = true;  // b's boundary reaches into a
        }
    }
    // No boundary crossing or reaching into a: each ring of a lies in b or out of it.
    if (!crossed && !any_in) {
        out.kind = SharedArea::Outside;
        return out;
    }
    out.kind = !crossed && all_in ? SharedArea::Inside : SharedArea::Partial;
    out.area = std::max(0.0, 0.5 * twice);
    return out;
}

namespace {

// Whether the point (px, py) of set `mine` lies inside set `other` (each moved by its infinitesimal).
bool point_in(double px, double py, size_t mine, const RingSet& other, size_t other_index, std::vector<uint32_t>& scratch) {
    return mine < other_index ? a_point_in_b(px, py, other, scratch) : b_point_in_a(px, py, other);
}

struct Event {
    double t;       // along the walked edge
    double x, y;    // the crossing (relative to the corner)
    uint32_t set;   // the set whose boundary it crosses
    int enter;      // +1 entering that set, −1 leaving it
};

}  // namespace

SharedArea shared_area(const RingSet* const* sets, size_t k) {
    SharedArea out;
    if (k == 2) return shared_area(*sets[0], *sets[1]);
    std::array<double, 4> common{};
    for (size_t m = 0; m < k; ++m) {
        if (!sets[m]->ok()) {
            out.area = kNaN;
            return out;
        }
        if (sets[m]->empty()) {
            out.kind = SharedArea::Outside;
            return out;
        }
        const auto& b = sets[m]->box();
        common = m == 0 ? b : std::array<double, 4>{std::max(common[0], b[0]), std::max(common[1], b[1]), std::min(common[2], b[2]),
                                                     std::min(common[3], b[3])};
    }
    if (!(common[0] < common[2] && common[1] < common[3])) {  // no common box with area: interiors apart
        out.kind = SharedArea::Outside;
        return out;
    }
    const double ox = common[0], oy = common[1];
    thread_local std::vector<uint32_t> walk, others, scratch;
    thread_local std::vector<Event> events;
    std::vector<int> status(k);
    double twice = 0;
    for (size_t m = 0; m < k; ++m) {
        const RingSet& s = *sets[m];
        s.edges_near(common[0], common[1], common[2], common[3], walk);
        uint32_t prev = 0;
        bool have_prev = false;
        for (uint32_t v : walk) {
            const double e1x = s.m_x[v], e1y = s.m_y[v], e2x = s.m_x[v + 1], e2y = s.m_y[v + 1];
            const double l1x = e1x - ox, l1y = e1y - oy, l2x = e2x - ox, l2y = e2y - oy;
            events.clear();
            int outside = 0;
            // The edge after the one just walked (the next of the same ring: a ring's closing vertex
            // starts no edge) starts where that one ended: inside the sets it ended inside, which its
            // crossings told — no ray through them (a park's, across its enclaves).
            const bool carried = have_prev && v == prev + 1;
            prev = v;
            have_prev = true;
            for (size_t n = 0; n < k; ++n) {
                if (n == m) continue;
                const RingSet& o = *sets[n];
                if (!carried) status[n] = point_in(e1x, e1y, m, o, n, scratch) ? 1 : 0;
                outside += status[n] == 0;
                o.edges_near(std::min(e1x, e2x), std::min(e1y, e2y), std::max(e1x, e2x), std::max(e1y, e2y), others);
                for (uint32_t w : others) {
                    const double f1x = o.m_x[w], f1y = o.m_y[w], f2x = o.m_x[w + 1], f2y = o.m_y[w + 1];
                    // The edge of the lower set is "a", the other "b" (moved by the larger infinitesimal).
                    const bool walked_is_a = m < n;
                    const double a1x = walked_is_a ? e1x : f1x, a1y = walked_is_a ? e1y : f1y;
                    const double a2x = walked_is_a ? e2x : f2x, a2y = walked_is_a ? e2y : f2y;
                    const double b1x = walked_is_a ? f1x : e1x, b1y = walked_is_a ? f1y : e1y;
                    const double b2x = walked_is_a ? f2x : e2x, b2y = walked_is_a ? f2y : e2y;
                    Crossing c;
                    if (!crossing_of(a1x, a1y, a2x, a2y, b1x, b1y, b2x, b2y, ox, oy, c)) continue;
                    Event ev{c.t, c.x, c.y, static_cast<uint32_t>(n), walked_is_a ? c.enter_a : c.enter_b};
                    if (!walked_is_a) {  // where along b's edge
                        const double dbx = b2x - b1x, dby = b2y - b1y, len2 = dbx * dbx + dby * dby;
                        ev.t = len2 > 0 ? ((c.x - l1x) * dbx + (c.y - l1y) * dby) / len2 : 0;
                    }
                    events.push_back(ev);
                }
            }
            std::sort(events.begin(), events.end(), [](const Event& p, const Event& q) { return p.t < q.t; });
            double px = l1x, py = l1y;
            for (size_t i = 0; i < events.size(); ++i) {
                // Crossings of one set's boundary alternate in and out along the edge; two computed at
                // the same point (the edge through a vertex of that set) may have sorted either way:
                // take the next one of that set that keeps the alternation.
                if ((events[i].enter > 0) == (status[events[i].set] == 1)) {
                    for (size_t j = i + 1; j < events.size(); ++j)
                        if (events[j].set == events[i].set) {
                            if (events[j].enter != events[i].enter) std::swap(events[i], events[j]);
                            break;
                        }
                }
                const Event& ev = events[i];
                if (outside == 0) twice += px * ev.y - py * ev.x;
                int& st = status[ev.set];
                const bool was_in = st == 1;
                st += ev.enter;
                if (st != 0 && st != 1) {
                    out.area = kNaN;
                    return out;
                }
                outside += was_in && st == 0 ? 1 : (!was_in && st == 1 ? -1 : 0);
                px = ev.x;
                py = ev.y;
            }
            if (outside == 0) twice += px * l2y - py * l2x;
        }
    }
    out.kind = SharedArea::Partial;
    out.area = std::max(0.0, 0.5 * twice);
    if (out.area == 0) out.kind = SharedArea::Outside;
    return out;
}

// Whether the closed segments p1 p2 and q1 q2 have a point in common (exact).
bool segments_meet(double p1x, double p1y, double p2x, double p2y, double q1x, double q1y, double q2x, double q2y) {
    if (std::max(p1x, p2x) < std::min(q1x, q2x) || std::max(q1x, q2x) < std::min(p1x, p2x) ||
        std::max(p1y, p2y) < std::min(q1y, q2y) || std::max(q1y, q2y) < std::min(p1y, p2y))
        return false;
    const int d1 = orientation(q1x, q1y, q2x, q2y, p1x, p1y), d2 = orientation(q1x, q1y, q2x, q2y, p2x, p2y);
    const int d3 = orientation(p1x, p1y, p2x, p2y, q1x, q1y), d4 = orientation(p1x, p1y, p2x, p2y, q2x, q2y);
    if (d1 * d2 < 0 && d3 * d4 < 0) return true;  // a proper crossing
    // A point on the other segment (collinear with it and within its box, which the test above
    // leaves: the boxes overlap).
    auto within = [](double ax, double ay, double bx, double by, double x, double y) {
        return std::min(ax, bx) <= x && x <= std::max(ax, bx) && std::min(ay, by) <= y && y <= std::max(ay, by);
    };
    return (d1 == 0 && within(q1x, q1y, q2x, q2y, p1x, p1y)) || (d2 == 0 && within(q1x, q1y, q2x, q2y, p2x, p2y)) ||
           (d3 == 0 && within(p1x, p1y, p2x, p2y, q1x, q1y)) || (d4 == 0 && within(p1x, p1y, p2x, p2y, q2x, q2y));
}

bool contains_properly(const RingSet& outer, const RingSet& inner) {
    if (!outer.ok() || !inner.ok() || inner.empty() || outer.empty()) return false;
    const auto& ob = outer.box();
    const auto& ib = inner.box();
    if (ib[0] < ob[0] || ib[2] > ob[2] || ib[1] < ob[1] || ib[3] > ob[3]) return false;
    // No boundary point in common: every edge of inner against outer's edges near it.
    thread_local std::vector<uint32_t> near;
    for (size_t k = 0; k + 1 < inner.m_ring.size(); ++k)
        for (uint32_t v = inner.m_ring[k]; v + 1 < inner.m_ring[k + 1]; ++v) {
            const double p1x = inner.m_x[v], p1y = inner.m_y[v], p2x = inner.m_x[v + 1], p2y = inner.m_y[v + 1];
            outer.edges_near(std::min(p1x, p2x), std::min(p1y, p2y), std::max(p1x, p2x), std::max(p1y, p2y), near);
            for (uint32_t w : near)
                if (segments_meet(p1x, p1y, p2x, p2y, outer.m_x[w], outer.m_y[w], outer.m_x[w + 1], outer.m_y[w + 1])) return false;
        }
    // The boundaries apart, a vertex off the other's boundary is inside it or not whatever the
    // infinitesimal moves: each ring of inner (each part's) inside outer, and no ring of outer
    // inside inner.
    thread_local std::vector<uint32_t> scratch;
    for (size_t k = 0; k + 1 < inner.m_ring.size(); ++k) {
        const uint32_t first = inner.m_ring[k];
        if (!a_point_in_b(inner.m_x[first], inner.m_y[first], outer, scratch)) return false;
    }
    for (size_t k = 0; k + 1 < outer.m_ring.size(); ++k) {
        const auto& rb = outer.m_ring_box[k];
        if (rb[0] < ib[0] || rb[2] > ib[2] || rb[1] < ib[1] || rb[3] > ib[3]) continue;  // not within inner's box
        const uint32_t first = outer.m_ring[k];
        if (a_point_in_b(outer.m_x[first], outer.m_y[first], inner, scratch)) return false;
    }
    return true;
}

}  // namespace landeff
