#include "landeff/geos.hpp"

#include <ogr_geometry.h>

#include <algorithm>
#include <cmath>
#include <cstdarg>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <stdexcept>
#include <vector>

namespace landeff {
namespace {

thread_local std::string t_last_error;

void on_error(const char* fmt, ...) {
    char buf[1024];
    va_list ap;
    va_start(ap, fmt);
    std::vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    t_last_error = buf;
}

void on_notice(const char*, ...) {}

struct Context {
    GEOSContextHandle_t h;
    Context() : h(GEOS_init_r()) {
        GEOSContext_setErrorHandler_r(h, on_error);
        GEOSContext_setNoticeHandler_r(h, on_notice);
    }
    ~Context() { GEOS_finish_r(h); }
};

}  // namespace

GEOSContextHandle_t geos() {
    thread_local Context ctx;
    return ctx.h;
}

std::string geos_last_error() { return t_last_error; }

void GeomDeleter::operator()(GEOSGeometry* g) const {
    if (g) GEOSGeom_destroy_r(geos(), g);
}
void PreparedDeleter::operator()(const GEOSPreparedGeometry* g) const {
    if (g) GEOSPreparedGeom_destroy_r(geos(), g);
}

GeomPtr clone(const GEOSGeometry* g) { return GeomPtr(g ? GEOSGeom_clone_r(geos(), g) : nullptr); }

PreparedPtr prepare(const GEOSGeometry* g) { return PreparedPtr(GEOSPrepare_r(geos(), g)); }

GeomPtr from_wkt(const std::string& wkt) {
    auto* reader = GEOSWKTReader_create_r(geos());
    GEOSGeometry* g = GEOSWKTReader_read_r(geos(), reader, wkt.c_str());
    GEOSWKTReader_destroy_r(geos(), reader);
    if (!g) throw std::runtime_error("bad WKT: " + wkt + ": " + geos_last_error());
    return GeomPtr(g);
}

std::string to_wkt(const GEOSGeometry* g, int decimals) {
    if (!g) return "";
    auto* w = GEOSWKTWriter_create_r(geos());
    GEOSWKTWriter_setRoundingPrecision_r(geos(), w, decimals);
    GEOSWKTWriter_setTrim_r(geos(), w, 1);
    char* s = GEOSWKTWriter_write_r(geos(), w, g);
    std::string out = s ? s : "";
    GEOSFree_r(geos(), s);
    GEOSWKTWriter_destroy_r(geos(), w);
    return out;
}

namespace {
// A string GEOS allocated, copied and freed; `fallback` for null.
std::string take_string(char* s, const char* fallback) {
    std::string out = s ? s : fallback;
    GEOSFree_r(geos(), s);
    return out;
}
}  // namespace

std::string type_name(const GEOSGeometry* g) { return g ? take_string(GEOSGeomType_r(geos(), g), "unknown geometry") : "null"; }

std::string invalid_reason(const GEOSGeometry* g) {
    return g ? take_string(GEOSisValidReason_r(geos(), g), "unknown reason") : "null geometry";
}

double area(const GEOSGeometry* g) {
    if (!g) return 0.0;
    double a = 0.0;
    if (!GEOSArea_r(geos(), g, &a)) return 0.0;
    return a;
}

GeomPtr intersection(const GEOSGeometry* a, const GEOSGeometry* b) {
    return GeomPtr(GEOSIntersection_r(geos(), a, b));
}

GeomPtr difference(const GEOSGeometry* a, const GEOSGeometry* b) {
    return GeomPtr(GEOSDifference_r(geos(), a, b));
}

GeomPtr clipped_intersection(const GEOSGeometry* g, const GEOSGeometry* other) {
    double x0, y0, x1, y1;
    if (!envelope(g, x0, y0, x1, y1)) return nullptr;
    GeomPtr clipped(other ? GEOSClipByRect_r(geos(), other, x0, y0, x1, y1) : nullptr);  // no copy when it fails
    GeomPtr inter = intersection(g, clipped ? clipped.get() : other);
    if (!inter) inter = intersection(g, other);  // robustness fallback
    return inter;
}

GeomPtr clip_by_rect(const GEOSGeometry* g, double x0, double y0, double x1, double y1) {
    if (!g) return nullptr;
    GeomPtr c(GEOSClipByRect_r(geos(), g, x0, y0, x1, y1));
    return c ? std::move(c) : clone(g);  // the clip only saves work: when GEOS fails, the whole of g
}

GeomPtr collection(int type, std::vector<GeomPtr>&& parts) {
    // GEOS wants a C array of owning pointers and takes the pointed-to geometries. The array is
    // allocated before anything is released, so a bad_alloc leaves `parts` owning them.
    std::vector<GEOSGeometry*> raw(parts.size());
    for (size_t i = 0; i < parts.size(); ++i) raw[i] = parts[i].release();
    parts.clear();
    return GeomPtr(GEOSGeom_createCollection_r(geos(), type, raw.data(), static_cast<unsigned>(raw.size())));
}

GeomPtr polygon_of_rings(const GEOSGeometry* shell, const std::vector<const GEOSGeometry*>& holes) {
    GEOSContextHandle_t h = geos();
    if (!shell) return nullptr;
    // Clones owned here until GEOS takes them all at once.
    GeomPtr outer(GEOSGeom_clone_r(h, shell));
    std::vector<GeomPtr> rings;
    rings.reserve(holes.size());
    for (const GEOSGeometry* r : holes) rings.emplace_back(r ? GEOSGeom_clone_r(h, r) : nullptr);
    std::vector<GEOSGeometry*> raw(rings.size());
    for (size_t i = 0; i < rings.size(); ++i) {
        if (!rings[i]) return nullptr;
        raw[i] = rings[i].get();
    }
    if (!outer) return nullptr;
    GEOSGeometry* made = GEOSGeom_createPolygon_r(h, outer.get(), raw.data(), static_cast<unsigned>(raw.size()));
    if (!made) return nullptr;
    outer.release();  // GEOS owns the rings now
    for (auto& r : rings) r.release();
    return GeomPtr(made);
}

GeomPtr unary_union(std::vector<GeomPtr>&& parts) {
    if (parts.empty()) return nullptr;
    GeomPtr coll = collection(GEOS_GEOMETRYCOLLECTION, std::move(parts));
    return coll ? unary_union(coll.get()) : nullptr;
}

GeomPtr unary_union(const GEOSGeometry* g) { return GeomPtr(g ? GEOSUnaryUnion_r(geos(), g) : nullptr); }

GeomPtr make_valid(const GEOSGeometry* g) { return GeomPtr(g ? GEOSMakeValid_r(geos(), g) : nullptr); }

GeomPtr simplify_preserve_topology(const GEOSGeometry* g, double tolerance) {
    return GeomPtr(g ? GEOSTopologyPreserveSimplify_r(geos(), g, tolerance) : nullptr);
}

namespace {

// The distance from p to the segment a–b, as GEOS's Distance::pointToSegment measures it.
double point_to_segment(double px, double py, double ax, double ay, double bx, double by) {
    if (ax == bx && ay == by) return std::hypot(px - ax, py - ay);
    const double dx = bx - ax, dy = by - ay, len2 = dx * dx + dy * dy;
    const double r = ((px - ax) * dx + (py - ay) * dy) / len2;
    if (r <= 0.0) return std::hypot(px - ax, py - ay);
    if (r >= 1.0) return std::hypot(px - bx, py - by);
    const double s = ((ay - py) * dx - (ax - px) * dy) / len2;
    return std::fabs(s) * std::sqrt(len2);
}

bool ring_keeps_every_vertex(const GEOSGeometry* ring, double tolerance) {
    GEOSContextHandle_t h = geos();
    const GEOSCoordSequence* seq = ring ? GEOSGeom_getCoordSeq_r(h, ring) : nullptr;
    unsigned int n = 0;
    if (!seq || !GEOSCoordSeq_getSize_r(h, seq, &n) || n < 4 || n > 32) return false;
    double x[32], y[32];
    for (unsigned int k = 0; k < n; ++k)
        if (!GEOSCoordSeq_getXY_r(h, seq, k, &x[k], &y[k]) || !std::isfinite(x[k]) || !std::isfinite(y[k])) return false;
    const double beyond = tolerance * (1 + 1e-6);
    for (unsigned int i = 0; i + 2 < n; ++i)
        for (unsigned int j = i + 2; j < n; ++j) {
            double far = -1;
            for (unsigned int k = i + 1; k < j && far <= beyond; ++k) far = std::max(far, point_to_segment(x[k], y[k], x[i], y[i], x[j], y[j]));
            if (!(far > beyond)) return false;
        }
    return point_to_segment(x[0], y[0], x[n - 2], y[n - 2], x[1], y[1]) > beyond;
}

bool polygon_keeps_every_vertex(const GEOSGeometry* p, double tolerance) {
    GEOSContextHandle_t h = geos();
    if (GEOSGeomTypeId_r(h, p) != GEOS_POLYGON || GEOSisEmpty_r(h, p) != 0) return false;
    if (!ring_keeps_every_vertex(GEOSGetExteriorRing_r(h, p), tolerance)) return false;
    const int holes = GEOSGetNumInteriorRings_r(h, p);
    if (holes < 0) return false;
    for (int k = 0; k < holes; ++k)
        if (!ring_keeps_every_vertex(GEOSGetInteriorRingN_r(h, p, k), tolerance)) return false;
    return true;
}

}  // namespace

bool simplify_keeps_every_vertex(const GEOSGeometry* g, double tolerance) {
    if (!g || !(tolerance > 0)) return false;
    GEOSContextHandle_t h = geos();
    const int type = GEOSGeomTypeId_r(h, g);
    if (type == GEOS_POLYGON) return polygon_keeps_every_vertex(g, tolerance);
    if (type != GEOS_MULTIPOLYGON) return false;
    const int n = GEOSGetNumGeometries_r(h, g);
    if (n <= 0) return false;
    for (int k = 0; k < n; ++k)
        if (!polygon_keeps_every_vertex(GEOSGetGeometryN_r(h, g, k), tolerance)) return false;
    return true;
}

GeomPtr empty_polygon() { return GeomPtr(GEOSGeom_createEmptyPolygon_r(geos())); }

std::vector<GeomPtr> polygons_of(const GEOSGeometry* g) {
    std::vector<GeomPtr> out;
    if (!g) return out;
    const int type = GEOSGeomTypeId_r(geos(), g);
    if (type == GEOS_POLYGON) {
        if (!GEOSisEmpty_r(geos(), g)) out.push_back(clone(g));
    } else if (type == GEOS_MULTIPOLYGON || type == GEOS_GEOMETRYCOLLECTION) {
        for (int i = 0; i < GEOSGetNumGeometries_r(geos(), g); ++i)
            for (auto& p : polygons_of(GEOSGetGeometryN_r(geos(), g, i))) out.push_back(std::move(p));
    }
    return out;
}

bool envelope(const GEOSGeometry* g, double& minx, double& miny, double& maxx, double& maxy) {
    if (!g || GEOSisEmpty_r(geos(), g)) return false;
    return GEOSGeom_getXMin_r(geos(), g, &minx) && GEOSGeom_getYMin_r(geos(), g, &miny) &&
           GEOSGeom_getXMax_r(geos(), g, &maxx) && GEOSGeom_getYMax_r(geos(), g, &maxy);
}

GeomPtr from_ogr(const OGRGeometry& g) {
    const size_t n = g.WkbSize();
    std::vector<unsigned char> buf(n);
    if (g.exportToWkb(wkbNDR, buf.data(), wkbVariantIso) != OGRERR_NONE) return nullptr;
    return GeomPtr(GEOSGeomFromWKB_buf_r(geos(), buf.data(), n));
}

std::unique_ptr<OGRGeometry> to_ogr(const GEOSGeometry* g) {
    if (!g) return nullptr;
    auto* w = GEOSWKBWriter_create_r(geos());
    GEOSWKBWriter_setByteOrder_r(geos(), w, GEOS_WKB_NDR);
    size_t n = 0;
    unsigned char* buf = GEOSWKBWriter_write_r(geos(), w, g, &n);
    GEOSWKBWriter_destroy_r(geos(), w);
    if (!buf) return nullptr;
    OGRGeometry* out = nullptr;
    OGRGeometryFactory::createFromWkb(buf, nullptr, &out, n);
    GEOSFree_r(geos(), buf);
    // A feature of one part is held as a Polygon (normalize_geos); every layer landeff writes is
    // of MultiPolygons, so it goes out as a MultiPolygon of that one part.
    if (out && wkbFlatten(out->getGeometryType()) == wkbPolygon) out = OGRGeometryFactory::forceToMultiPolygon(out);
    return std::unique_ptr<OGRGeometry>(out);
}

void WkbDeleter::operator()(unsigned char* p) const { GEOSFree_r(geos(), p); }

WkbPtr wkb_2d(const GEOSGeometry* g, size_t& n) {
    n = 0;
    GEOSWKBWriter* w = GEOSWKBWriter_create_r(geos());
    GEOSWKBWriter_setByteOrder_r(geos(), w, GEOS_WKB_NDR);
    GEOSWKBWriter_setOutputDimension_r(geos(), w, 2);
    unsigned char* wkb = GEOSWKBWriter_write_r(geos(), w, g, &n);
    GEOSWKBWriter_destroy_r(geos(), w);
    return WkbPtr(wkb);
}

// ---- Shape (issue 20) ----------------------------------------------------------------------
// A packed shape is one malloc'd block: the WKB's length (4 bytes) and the WKB; the pointer's low bit
// (malloc's blocks are aligned to 16) says packed.

namespace {

const unsigned char* block_of(uintptr_t bits) { return reinterpret_cast<const unsigned char*>(bits & ~uintptr_t{1}); }

uint32_t block_size(const unsigned char* b) {
    uint32_t n;
    std::memcpy(&n, b, 4);
    return n;
}

uint32_t wkb_u32(const unsigned char* p) {
    return static_cast<uint32_t>(p[0]) | static_cast<uint32_t>(p[1]) << 8 | static_cast<uint32_t>(p[2]) << 16 |
           static_cast<uint32_t>(p[3]) << 24;
}

// The extent of a little-endian 2-D WKB Polygon's outer ring at p, widening [x0, x1] × [y0, y1];
// returns the polygon's end, or null when the bytes are not such a polygon.
const unsigned char* shell_extent(const unsigned char* p, const unsigned char* end, double e[4], bool& any) {
    if (end - p < 9 || p[0] != 1 || wkb_u32(p + 1) != 3) return nullptr;
    const uint32_t rings = wkb_u32(p + 5);
    p += 9;
    for (uint32_t r = 0; r < rings; ++r) {
        if (end - p < 4) return nullptr;
        const uint32_t n = wkb_u32(p);
        p += 4;
        if (static_cast<size_t>(end - p) / 16 < n) return nullptr;
        if (r == 0)
            for (uint32_t k = 0; k < n; ++k) {
                double x, y;
                std::memcpy(&x, p + 16 * static_cast<size_t>(k), 8);
                std::memcpy(&y, p + 16 * static_cast<size_t>(k) + 8, 8);
                if (!any) {
                    e[0] = e[2] = x;
                    e[1] = e[3] = y;
                    any = true;
                } else {
                    e[0] = std::min(e[0], x);
                    e[1] = std::min(e[1], y);
                    e[2] = std::max(e[2], x);
                    e[3] = std::max(e[3], y);
                }
            }
        p += 16 * static_cast<size_t>(n);
    }
    return p;
}

}  // namespace

Shape& Shape::operator=(Shape&& o) noexcept {
    if (this != &o) {
        reset();
        m_bits = o.m_bits;
        o.m_bits = 0;
    }
    return *this;
}

void Shape::reset() noexcept {
    if (!m_bits) return;
    if (packed()) std::free(const_cast<unsigned char*>(block_of(m_bits)));
    else GEOSGeom_destroy_r(geos(), reinterpret_cast<GEOSGeometry*>(m_bits));
    m_bits = 0;
}

const GEOSGeometry* Shape::get() const {
    if (packed()) throw std::logic_error("a packed geometry was read without hold() (a landeff bug)");
    return reinterpret_cast<const GEOSGeometry*>(m_bits);
}

GeomHold Shape::hold() const {
    if (!packed()) return GeomHold(reinterpret_cast<const GEOSGeometry*>(m_bits));
    const std::string_view w = wkb();
    GeomPtr g(GEOSGeomFromWKB_buf_r(geos(), reinterpret_cast<const unsigned char*>(w.data()), w.size()));
    if (!g) throw std::runtime_error("GEOS could not read back a packed geometry: " + geos_last_error());
    return GeomHold(std::move(g));
}

std::string_view Shape::wkb() const {
    if (!packed()) return {};
    const unsigned char* b = block_of(m_bits);
    return {reinterpret_cast<const char*>(b + 4), block_size(b)};
}

bool Shape::envelope(double& minx, double& miny, double& maxx, double& maxy) const {
    if (!packed()) return landeff::envelope(reinterpret_cast<const GEOSGeometry*>(m_bits), minx, miny, maxx, maxy);
    const std::string_view w = wkb();
    const auto* p = reinterpret_cast<const unsigned char*>(w.data());
    const unsigned char* end = p + w.size();
    double e[4] = {0, 0, 0, 0};
    bool any = false;
    if (w.size() >= 9 && p[0] == 1 && wkb_u32(p + 1) == 6) {
        const uint32_t parts = wkb_u32(p + 5);
        p += 9;
        for (uint32_t i = 0; i < parts && p; ++i) p = shell_extent(p, end, e, any);
    } else {
        p = shell_extent(p, end, e, any);
    }
    if (!p || !any) return false;
    minx = e[0];
    miny = e[1];
    maxx = e[2];
    maxy = e[3];
    return true;
}

void Shape::pack() {
    if (!m_bits || packed()) return;
    const auto* g = reinterpret_cast<const GEOSGeometry*>(m_bits);
    if (GEOSisEmpty_r(geos(), g)) return;
    size_t n = 0;
    const WkbPtr wkb = wkb_2d(g, n);
    if (!wkb) throw std::runtime_error("GEOS could not write a geometry as WKB: " + geos_last_error());
    *this = packed_from(wkb.get(), n);
}

Shape Shape::packed_from(const unsigned char* wkb, size_t n) {
    static_assert(alignof(std::max_align_t) >= 2, "the packed bit needs aligned blocks");
    auto* b = static_cast<unsigned char*>(std::malloc(4 + n));
    if (!b) throw std::bad_alloc();
    const auto n32 = static_cast<uint32_t>(n);
    std::memcpy(b, &n32, 4);
    std::memcpy(b + 4, wkb, n);
    Shape s;
    s.m_bits = reinterpret_cast<uintptr_t>(b) | 1u;
    return s;
}

bool envelope(const Shape& s, double& minx, double& miny, double& maxx, double& maxy) {
    return s.envelope(minx, miny, maxx, maxy);
}

std::unique_ptr<OGRGeometry> to_ogr(GeomRef r) {
    if (!r.packed()) return to_ogr(r.geos_geom());
    const std::string_view w = r.packed()->wkb();
    OGRGeometry* out = nullptr;
    OGRGeometryFactory::createFromWkb(w.data(), nullptr, &out, w.size());
    if (out && wkbFlatten(out->getGeometryType()) == wkbPolygon) out = OGRGeometryFactory::forceToMultiPolygon(out);
    return std::unique_ptr<OGRGeometry>(out);
}

}  // namespace landeff
