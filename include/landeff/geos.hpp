#pragma once
// The one thin RAII layer over the GEOS C API. Each thread gets its own context handle;
// geometries are owned by GeomPtr, prepared geometries by PreparedPtr. Raw pointers never own.
#include <geos_c.h>

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

class OGRGeometry;

namespace landeff {

GEOSContextHandle_t geos();           // this thread's context
std::string geos_last_error();        // last GEOS error message on this thread

struct GeomDeleter {
    void operator()(GEOSGeometry* g) const;
};
struct PreparedDeleter {
    void operator()(const GEOSPreparedGeometry* g) const;
};
using GeomPtr = std::unique_ptr<GEOSGeometry, GeomDeleter>;
using PreparedPtr = std::unique_ptr<const GEOSPreparedGeometry, PreparedDeleter>;

GeomPtr clone(const GEOSGeometry* g);
PreparedPtr prepare(const GEOSGeometry* g);
GeomPtr from_wkt(const std::string& wkt);  // tests and fixtures; throws std::runtime_error
std::string to_wkt(const GEOSGeometry* g, int decimals = 3);
std::string type_name(const GEOSGeometry* g);       // "Point", "MultiPolygon", …
std::string invalid_reason(const GEOSGeometry* g);  // GEOS isValidReason ("Self-intersection[…]")
double area(const GEOSGeometry* g);       // in CRS units²; 0 for null
GeomPtr intersection(const GEOSGeometry* a, const GEOSGeometry* b);
GeomPtr difference(const GEOSGeometry* a, const GEOSGeometry* b);
// g ∩ other, clipping `other` to g's box first so a large polygon costs only its local part.
GeomPtr clipped_intersection(const GEOSGeometry* g, const GEOSGeometry* other);
// g clipped to the rectangle [x0, x1] × [y0, y1] (GEOS ClipByRect: fast; cuts a large polygon down
// to its local part before an overlay). A copy of g when GEOS cannot clip it; null for null.
GeomPtr clip_by_rect(const GEOSGeometry* g, double x0, double y0, double x1, double y1);
// A collection of `type` (GEOS_MULTIPOLYGON, GEOS_GEOMETRYCOLLECTION) made of the parts, which it
// takes: no copy, and nothing leaks whatever happens.
GeomPtr collection(int type, std::vector<GeomPtr>&& parts);
// The union of the given geometries (taking them, no copy); null for none.
GeomPtr unary_union(std::vector<GeomPtr>&& parts);
// The union of one geometry's own parts (a multipolygon whose polygons overlap).
GeomPtr unary_union(const GEOSGeometry* g);
// GEOS MakeValid; null when GEOS cannot repair it (geos_last_error() says why).
GeomPtr make_valid(const GEOSGeometry* g);
// GEOS TopologyPreserveSimplify (for display: report.html's map); null on a GEOS error.
GeomPtr simplify_preserve_topology(const GEOSGeometry* g, double tolerance);
// Whether simplify_preserve_topology(g, tolerance) would keep every vertex of `g` (a polygon or
// multipolygon whose rings have at most 32 points): true when, for every section (i, j) of a ring
// that Douglas–Peucker could look at (two points with one or more between them), some point
// between lies farther than the tolerance (with a margin of 1e-6 of it) from the segment i–j, and
// the ring's first point farther than that from the segment joining its neighbours (GEOS ≥ 3.12
// also tries to drop a ring's endpoint). Then no section is flattened and the result is `g`'s
// vertices as they are: the caller may use `g` itself (issue 20: report.html's parcels, most of
// them a few dozen metres wide against a tolerance of metres). False otherwise, or for anything
// else (the caller simplifies).
bool simplify_keeps_every_vertex(const GEOSGeometry* g, double tolerance);
GeomPtr empty_polygon();
// The polygon of the ring `shell` with the rings `holes` as its holes (all linear rings, copied; the
// caller makes sure the holes lie inside the shell and apart); null when GEOS cannot build it.
GeomPtr polygon_of_rings(const GEOSGeometry* shell, const std::vector<const GEOSGeometry*>& holes);
// The polygons of any geometry (nested collections included), as clones.
std::vector<GeomPtr> polygons_of(const GEOSGeometry* g);
bool envelope(const GEOSGeometry* g, double& minx, double& miny, double& maxx, double& maxy);

// GEOS's little-endian 2-D WKB of g, `n` bytes; null when GEOS cannot write it.
struct WkbDeleter {
    void operator()(unsigned char* p) const;
};
using WkbPtr = std::unique_ptr<unsigned char, WkbDeleter>;
WkbPtr wkb_2d(const GEOSGeometry* g, size_t& n);

// Conversions with OGR (through WKB, the exchange GDAL itself uses).
GeomPtr from_ogr(const OGRGeometry& g);
std::unique_ptr<OGRGeometry> to_ogr(const GEOSGeometry* g);

// A GEOS geometry for as long as it is needed: borrowed from a Shape held as GEOS objects, or made
// from a packed Shape's WKB and owned here.
class GeomHold {
public:
    GeomHold() = default;
    explicit GeomHold(const GEOSGeometry* borrowed) : m_g(borrowed) {}
    explicit GeomHold(GeomPtr owned) : m_own(std::move(owned)), m_g(m_own.get()) {}
    const GEOSGeometry* get() const { return m_g; }
    explicit operator bool() const { return m_g != nullptr; }

private:
    GeomPtr m_own;
    const GEOSGeometry* m_g = nullptr;
};

// A feature's geometry (issue 20), held either as GEOS's objects or packed as the WKB GEOS writes of
// it (little-endian, 2-D) in one block. A parcels layer is packed as it is read (read_features), a
// 批而未供 polygon as it is made (assess_unsupplied): a parcel of five vertices is about 350 bytes of
// GEOS objects — polygon, ring, a sequence of XYZ coordinates and their cached envelopes — and a
// 112-byte block packed. A stage that reads a packed shape takes hold() of it (made again from the
// WKB, the same coordinates, so every figure stays the same), and the writers copy the WKB straight
// into their files. One pointer: the low bit says packed.
class Shape {
public:
    Shape() = default;
    Shape(GeomPtr g) noexcept : m_bits(reinterpret_cast<uintptr_t>(g.release())) {}  // NOLINT: implicit, as GeomPtr's moves
    Shape(Shape&& o) noexcept : m_bits(o.m_bits) { o.m_bits = 0; }
    Shape& operator=(Shape&& o) noexcept;
    Shape& operator=(GeomPtr g) noexcept { return *this = Shape(std::move(g)); }
    Shape(const Shape&) = delete;
    Shape& operator=(const Shape&) = delete;
    ~Shape() { reset(); }
    void reset() noexcept;

    explicit operator bool() const { return m_bits != 0; }
    bool packed() const { return (m_bits & 1u) != 0; }
    // The GEOS geometry of a shape held as one (null for none). A packed shape has none to lend:
    // this throws std::logic_error, a landeff bug — the caller should have taken hold().
    const GEOSGeometry* get() const;
    // Its GEOS geometry however it is held (null for none).
    GeomHold hold() const;
    // A packed shape's WKB; empty when not packed.
    std::string_view wkb() const;
    // Its envelope (as GEOS gives it: the outer rings' extent); false for none or an empty one.
    bool envelope(double& minx, double& miny, double& maxx, double& maxy) const;
    // Packs a shape held as GEOS objects into its WKB (nothing for none, an empty geometry, or one
    // packed already). Throws std::bad_alloc, or std::runtime_error when GEOS cannot write it.
    void pack();
    // A shape packed from WKB as pack() would write it (little-endian, 2-D: the caller knows — a
    // proven-valid Polygon read as it is, proven_valid_simple_wkb). Throws std::bad_alloc.
    static Shape packed_from(const unsigned char* wkb, size_t n);
    // Asks the processor to fetch the start of what the shape points at (a hint: nothing changes).
    void prefetch() const { __builtin_prefetch(reinterpret_cast<const void*>(m_bits & ~uintptr_t{1})); }

private:
    uintptr_t m_bits = 0;
};

// A row's geometry for the writers: a GEOS geometry (not owned), or a packed Shape, whose WKB they
// copy as it is (gpkg_geometry_blob, to_ogr).
class GeomRef {
public:
    GeomRef() = default;
    GeomRef(const GEOSGeometry* g) : m_g(g) {}  // NOLINT: implicit, rows are made of either
    GeomRef(const Shape& s) : m_g(s.packed() ? nullptr : s.get()), m_s(s.packed() ? &s : nullptr) {}  // NOLINT
    explicit operator bool() const { return m_g || m_s; }
    GeomHold hold() const { return m_s ? m_s->hold() : GeomHold(m_g); }
    const Shape* packed() const { return m_s; }   // the packed shape, or null
    const GEOSGeometry* geos_geom() const { return m_g; }  // the GEOS geometry when not packed

private:
    const GEOSGeometry* m_g = nullptr;
    const Shape* m_s = nullptr;
};
bool envelope(const Shape& s, double& minx, double& miny, double& maxx, double& maxy);
std::unique_ptr<OGRGeometry> to_ogr(GeomRef g);

}  // namespace landeff
