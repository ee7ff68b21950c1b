#include "landeff/geos.hpp"

#include <ogr_geometry.h>

#include <cstdarg>
#include <cstdio>
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

}  // namespace landeff
