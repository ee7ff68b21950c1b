#pragma once
// The area two polygonal geometries share, measured from their boundaries without building their
// intersection (issue 20: 批而未供's park sums had spent a third of the hostile city's run in GEOS
// overlays of small polygons, about 35 µs each, mostly GEOS's fixed cost).
//
// By Green's theorem the area of A ∩ B is ½∮ x dy − y dx over its boundary, which is made of the
// parts of A's boundary inside B and of B's boundary inside A. Walking an edge of A from a1 to a2,
// "inside B" starts as a1's side of B and flips at each crossing X of B's boundary, up when the edge
// enters B, down when it leaves; so the edge's share is [a1 in B]·(a1 × a2) + Σ ±(X × a2), with no
// sorting of the crossings. The same for B's edges. Each crossing point is computed once and used
// on both sides, so the pieces close up exactly and rounding moves the answer only by the rounding
// of the crossing points (about 1e-9 m² on a parcel in projected metres).
//
// The decisions — which side of an edge a vertex lies, whether two edges cross, whether a point is
// inside — are exact (an orientation determinant filtered by its error bound, else its exact sign
// from error-free products and sums). Shared edges and vertices, which cadastral data is full of,
// are decided as if B were moved by an infinitely small (ε, ε²): the limit of a continuous area, so
// the answer is the true one. An inconsistent walk (an invalid input) gives NaN, and the caller
// overlays as before.
#include <array>
#include <cstdint>
#include <memory>
#include <string_view>
#include <vector>

#include "landeff/geos.hpp"

namespace landeff {

class EnvelopeIndex;

// The rings of a polygon or multipolygon, each turned to have its polygon's interior on its left
// (shells counter-clockwise, holes clockwise); a large set keeps an R-tree of runs of its edges.
class RingSet {
public:
    RingSet();
    // Not ok() for a geometry of another type, or a ring of fewer than 3 distinct points or no area.
    explicit RingSet(const GEOSGeometry* g);
    // From little-endian 2-D Polygon or MultiPolygon WKB (a packed Shape's); not ok() for other WKB.
    explicit RingSet(std::string_view wkb);
    // A shape's rings however it is held (a packed one's from its WKB, without GEOS).
    static RingSet of(const Shape& s);
    // The same into this set, keeping its buffers (a loop over millions of parcels reuses one).
    void assign(const Shape& s);
    // The rectangle [x0, x1] × [y0, y1] (not ok() when it has no area).
    static RingSet rectangle(double x0, double y0, double x1, double y1);
    ~RingSet();
    RingSet(RingSet&&) noexcept;
    RingSet& operator=(RingSet&&) noexcept;

    bool ok() const { return m_ok; }
    bool empty() const { return m_ring.size() < 2; }
    size_t edge_count() const { return m_x.size() - (m_ring.empty() ? 0 : m_ring.size() - 1); }
    const std::array<double, 4>& box() const { return m_box; }
    // The area inside the rings (shells add, holes take off), in the coordinates' unit squared.
    double area() const;
    // Indexes the edges (worth it past a few dozen); read only afterwards, safe to share. A set of
    // several hundred edges also learns which side of it the centres of a grid over its box lie on,
    // so a point's side is found from the nearest centre rather than by a ray across the set.
    void index();

    // Edges (by the index of their first vertex) whose boxes meet [x0, x1] × [y0, y1].
    void edges_near(double x0, double y0, double x1, double y1, std::vector<uint32_t>& out) const;

    // Vertices, ring after ring, each ring closed (its last point is its first).
    std::vector<double> m_x, m_y;
    std::vector<uint32_t> m_ring;  // ring k is vertices [m_ring[k], m_ring[k + 1])
    std::vector<std::array<double, 4>> m_ring_box;
    // The grid of index(): m_grid × m_grid cells over the box, cell (i, j)'s centre inside the set
    // (moved by its infinitesimal, as a point of a lower set sees it) when m_cell_in[j * m_grid + i];
    // m_grid 0: none.
    uint32_t m_grid = 0;
    double m_cell_w = 0, m_cell_h = 0;
    std::vector<uint8_t> m_cell_in;

private:
    bool add_ring(const unsigned char* xy, size_t n, bool shell);
    void finish();
    void clear();
    void reserve(size_t points, size_t rings);
    void fill(const GEOSGeometry* g);
    void fill(std::string_view wkb);
    static constexpr uint32_t kRun = 16;  // edges per indexed run
    std::vector<uint32_t> m_run_first, m_run_end;  // run r: edges from vertices [first, end)
    std::unique_ptr<EnvelopeIndex> m_runs;
    std::array<double, 4> m_box{};
    bool m_ok = false;
};

// Two polygons sharing less than this share of one's area only touch: a shared edge comes out of
// the walk as an area of rounding, about 1e-15 of the polygon (a real overlap of a square centimetre
// in ten hectares is 1e-9). Compare with this, never with 0.
constexpr double kTouchShare = 1e-12;

// The rings of each geometry (null: a set that is not ok()), made on every core; those of more than
// 64 edges indexed (parks and zones, measured against many small polygons).
std::vector<RingSet> ring_sets(const std::vector<const GEOSGeometry*>& geoms);

struct SharedArea {
    enum Kind { Outside, Inside, Partial };
    Kind kind = Partial;  // Inside: a lies in b (the area is a's); Outside: interiors apart (0)
    double area = 0;      // in the coordinates' unit squared; NaN when the walk was inconsistent
};

// The area of a ∩ b. a is walked whole (keep it small); b's edges are found near a (index a large b).
// NaN too when a's edges times b's near a pass four million (two large polygons: overlay them).
SharedArea shared_area(const RingSet& a, const RingSet& b);

// The area of the intersection of sets[0] … sets[k − 1] (k ≥ 2; kind Partial or Outside). Each set
// is moved by a smaller infinitesimal than the next, so any two decide shared edges and vertices as
// shared_area(a, b) does with a the one of lower index. Every set's edges near the others' common box
// are walked, each with its crossings sorted along it: keep the sets small, but the last may be
// large (indexed).
SharedArea shared_area(const RingSet* const* sets, size_t k);

// The exact sign of the orientation determinant (b − a) × (c − a): +1 when c lies left of a → b,
// −1 right, 0 on the line. Exposed for tests.
int orientation(double ax, double ay, double bx, double by, double cx, double cy);

// Whether the closed segments p1 p2 and q1 q2 have a point in common (exact).
bool segments_meet(double p1x, double p1y, double p2x, double p2y, double q1x, double q1y, double q2x, double q2y);

// Whether `inner` lies in the interior of `outer` (GEOS's containsProperly): no point of their
// boundaries in common, a vertex of each ring of inner inside outer, and no ring of outer inside inner (a hole of
// outer would be land inner covers that outer does not). Exact; false when either set is not ok().
bool contains_properly(const RingSet& outer, const RingSet& inner);

}  // namespace landeff
