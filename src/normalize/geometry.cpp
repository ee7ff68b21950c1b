#include "landeff/geometry.hpp"

#include <ogr_geometry.h>
#include <ogr_spatialref.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>

#include "landeff/format.hpp"
#include "landeff/overlap_area.hpp"

namespace landeff {
namespace {

// Collects the polygons of any geometry (nested collections included) into `out`.
void collect_polygons(const GEOSGeometry* g, std::vector<GeomPtr>& out, bool& dropped_other) {
    const int type = GEOSGeomTypeId_r(geos(), g);
    if (type == GEOS_POLYGON) {
        if (!GEOSisEmpty_r(geos(), g)) out.push_back(clone(g));
        return;
    }
    if (type == GEOS_MULTIPOLYGON || type == GEOS_GEOMETRYCOLLECTION) {
        const int n = GEOSGetNumGeometries_r(geos(), g);
        for (int i = 0; i < n; ++i) collect_polygons(GEOSGetGeometryN_r(geos(), g, i), out, dropped_other);
        return;
    }
    if (!GEOSisEmpty_r(geos(), g)) dropped_other = true;
}

bool all_finite(const OGRGeometry* g) {
    OGREnvelope e;
    g->getEnvelope(&e);
    return std::isfinite(e.MinX) && std::isfinite(e.MinY) && std::isfinite(e.MaxX) && std::isfinite(e.MaxY) &&
           std::fabs(e.MinX) < 1e15 && std::fabs(e.MaxX) < 1e15 && std::fabs(e.MinY) < 1e15 &&
           std::fabs(e.MaxY) < 1e15;
}

std::string fmt_area(double a) { return fmt::fixed(a, 2); }

uint32_t le32(const unsigned char* p) {
    return static_cast<uint32_t>(p[0]) | static_cast<uint32_t>(p[1]) << 8 | static_cast<uint32_t>(p[2]) << 16 | static_cast<uint32_t>(p[3]) << 24;
}

// GEOS's geometry of WKB, a MultiPolygon of one part read as that Polygon (issue 20): the part's
// bytes follow the collection's 9-byte head (byte order, type, count), and a parcel's MultiPolygon
// wrapper with its cached envelope is about a hundred bytes of a province's memory per feature.
// Every writer writes a Polygon back as a MultiPolygon of one part (to_ogr, gpkg_geometry_blob).
GeomPtr geos_from_wkb(const unsigned char* wkb, size_t size) {
    if (size > 18 && wkb[0] == 1 && le32(wkb + 1) == 6 && le32(wkb + 5) == 1 && wkb[9] == 1 && le32(wkb + 10) == 3)
        return GeomPtr(GEOSGeomFromWKB_buf_r(geos(), wkb + 9, size - 9));
    return GeomPtr(GEOSGeomFromWKB_buf_r(geos(), wkb, size));
}

constexpr int kMaxProvenEdges = 64;

// proven_valid_simple_polygon's test on a shell of n points, x and y at `xy` (2 n doubles, read
// with memcpy: WKB's are unaligned).
bool proven_simple_shell(const unsigned char* xy, size_t n) {
    if (n < 4 || n > 4 * kMaxProvenEdges) return false;
    // Consecutive repeated points dropped (GEOS ignores them too).
    double x[kMaxProvenEdges + 1], y[kMaxProvenEdges + 1];
    int m = 0;
    for (size_t k = 0; k < n; ++k) {
        double px, py;
        std::memcpy(&px, xy + 16 * k, 8);
        std::memcpy(&py, xy + 16 * k + 8, 8);
        if (!std::isfinite(px) || !std::isfinite(py)) return false;
        if (m > 0 && x[m - 1] == px && y[m - 1] == py) continue;
        if (m == kMaxProvenEdges + 1) return false;
        x[m] = px;
        y[m] = py;
        ++m;
    }
    if (m < 4 || x[0] != x[m - 1] || y[0] != y[m - 1]) return false;  // at least 3 distinct points, closed
    const int edges = m - 1;
    for (int i = 0; i < edges; ++i) {
        for (int j = i + 1; j < edges; ++j) {
            const bool next = j == i + 1, wrap = i == 0 && j == edges - 1;
            if (next || wrap) {
                // Consecutive edges share one vertex b (a → b → c): they must not fold back over each
                // other (collinear with c on b's side towards a); a triangle's three pairs are all here.
                const int a = next ? i : j, b = next ? j : i;  // edge a ends where edge b starts
                const double ax = x[a], ay = y[a], bx = x[b], by = y[b], cx = x[b + 1], cy = y[b + 1];
                // Collinear (exactly) and neither point b: c lies towards a when each coordinate's
                // difference from b has the same sign for both (a difference's sign is exact).
                auto sign = [](double d) { return (d > 0) - (d < 0); };
                if (orientation(ax, ay, bx, by, cx, cy) == 0 && sign(cx - bx) == sign(ax - bx) && sign(cy - by) == sign(ay - by))
                    return false;
                continue;
            }
            if (segments_meet(x[i], y[i], x[i + 1], y[i + 1], x[j], y[j], x[j + 1], y[j + 1])) return false;
        }
    }
    return true;
}

}  // namespace

bool proven_valid_simple_polygon(const GEOSGeometry* g) {
    GEOSContextHandle_t h = geos();
    if (!g) return false;
    int type = GEOSGeomTypeId_r(h, g);
    if (type == GEOS_MULTIPOLYGON) {
        if (GEOSGetNumGeometries_r(h, g) != 1) return false;
        g = GEOSGetGeometryN_r(h, g, 0);
        type = GEOSGeomTypeId_r(h, g);
    }
    if (type != GEOS_POLYGON || GEOSisEmpty_r(h, g) || GEOSGetNumInteriorRings_r(h, g) != 0) return false;
    const GEOSGeometry* ring = GEOSGetExteriorRing_r(h, g);
    const GEOSCoordSequence* cs = ring ? GEOSGeom_getCoordSeq_r(h, ring) : nullptr;
    unsigned int n = 0;
    if (!cs || !GEOSCoordSeq_getSize_r(h, cs, &n) || n < 4 || n > 4 * kMaxProvenEdges) return false;
    double buf[2 * 4 * kMaxProvenEdges];
    if (!GEOSCoordSeq_copyToBuffer_r(h, cs, buf, 0, 0)) return false;
    return proven_simple_shell(reinterpret_cast<const unsigned char*>(buf), n);
}

const unsigned char* proven_valid_simple_wkb(const unsigned char* wkb, size_t size, size_t* polygon_size) {
    // A MultiPolygon of one part is its Polygon (as geos_from_wkb reads it).
    if (size > 18 && wkb[0] == 1 && le32(wkb + 1) == 6 && le32(wkb + 5) == 1) {
        wkb += 9;
        size -= 9;
    }
    if (size < 13 || wkb[0] != 1 || le32(wkb + 1) != 3 || le32(wkb + 5) != 1) return nullptr;  // one ring
    const uint32_t n = le32(wkb + 9);
    if ((size - 13) / 16 < n || size != 13 + 16 * static_cast<size_t>(n)) return nullptr;  // nothing left over
    if (!proven_simple_shell(wkb + 13, n)) return nullptr;
    *polygon_size = size;
    return wkb;
}

NormalizedGeom normalize_geos(GeomPtr g) {
    NormalizedGeom out;
    if (!g) {
        out.notes.push_back({"null_geometry", true, Msg::GeomNull});
        return out;
    }
    if (GEOSisEmpty_r(geos(), g.get())) {
        out.notes.push_back({"empty_geometry", true, Msg::GeomEmpty});
        return out;
    }
    const int type = GEOSGeomTypeId_r(geos(), g.get());
    if (type == GEOS_POINT || type == GEOS_MULTIPOINT || type == GEOS_LINESTRING || type == GEOS_MULTILINESTRING) {
        out.notes.push_back({"wrong_geometry_type", true, Msg::GeomWrongType, {type_name(g.get())}});
        return out;
    }
    GeomPtr cur = std::move(g);
    const char valid = proven_valid_simple_polygon(cur.get()) ? 1 : GEOSisValid_r(geos(), cur.get());
    if (valid != 1) {
        const std::string why = invalid_reason(cur.get());
        const double before = area(cur.get());
        GeomPtr fixed = make_valid(cur.get());
        if (!fixed) {
            out.notes.push_back({"invalid_geometry", true, Msg::GeomUnrepaired, {why, geos_last_error()}});
            return out;
        }
        cur = std::move(fixed);
        out.notes.push_back({"invalid_geometry_repaired", false, Msg::GeomRepaired, {why, fmt_area(before), fmt_area(area(cur.get()))}});
    } else if (type == GEOS_POLYGON || type == GEOS_MULTIPOLYGON) {
        // Valid and already polygonal (issue 20): what the steps below would build is a copy of it
        // — a Polygon as the one part of a MultiPolygon, a MultiPolygon without empty parts as the
        // same parts in the same order, valid as the original was — so keep it instead of copying.
        bool whole = true;
        if (type == GEOS_MULTIPOLYGON) {
            const int n = GEOSGetNumGeometries_r(geos(), cur.get());
            for (int i = 0; i < n && whole; ++i) whole = !GEOSisEmpty_r(geos(), GEOSGetGeometryN_r(geos(), cur.get(), i));
            if (whole) {
                out.geom = std::move(cur);
                return out;
            }
        } else {
            out.geom = std::move(cur);  // a single polygon stays one (see geos_from_wkb)
            return out;
        }
    }
    std::vector<GeomPtr> polys;
    bool dropped = false;
    collect_polygons(cur.get(), polys, dropped);
    if (dropped)
        out.notes.push_back({"mixed_geometry", false, Msg::GeomMixed});
    if (polys.empty()) {
        out.notes.push_back({"empty_geometry", true, Msg::GeomNoPolygon});
        return out;
    }
    const size_t n_polys = polys.size();
    if (n_polys == 1) {
        out.geom = std::move(polys[0]);
        return out;
    }
    out.geom = collection(GEOS_MULTIPOLYGON, std::move(polys));
    // Parts of a repaired multipolygon may overlap each other; a union keeps the area honest.
    if (n_polys > 1 && GEOSisValid_r(geos(), out.geom.get()) != 1) {
        GeomPtr u = unary_union(out.geom.get());
        std::vector<GeomPtr> parts;
        bool d2 = false;
        if (u) collect_polygons(u.get(), parts, d2);
        if (!parts.empty()) {
            out.geom = collection(GEOS_MULTIPOLYGON, std::move(parts));
            out.notes.push_back({"invalid_geometry_repaired", false, Msg::GeomPartsMerged});
        }
    }
    return out;
}

NormalizedGeom normalize_polygonal(OGRGeometry* g, OGRCoordinateTransformation* ct) {
    if (!g) return normalize_geos(nullptr);
    if (g->IsEmpty()) return normalize_geos(empty_polygon());
    std::unique_ptr<OGRGeometry> linear;
    if (g->hasCurveGeometry(TRUE)) {
        linear.reset(g->getLinearGeometry());
        g = linear.get();
    }
    g->flattenTo2D();
    g->setMeasured(FALSE);
    NormalizedGeom pre;
    // Closed line rings (DXF, CAD exports) become polygons.
    const auto flat = wkbFlatten(g->getGeometryType());
    std::unique_ptr<OGRGeometry> polygonized;
    if (flat == wkbLineString || flat == wkbMultiLineString) {
        OGRGeometry* p = OGRGeometryFactory::forceTo(g->clone(), wkbMultiPolygon);
        if (p && wkbFlatten(p->getGeometryType()) == wkbMultiPolygon && !p->IsEmpty()) {
            polygonized.reset(p);
            g = p;
            pre.notes.push_back({"polygonized_lines", false, Msg::GeomPolygonized});
        } else {
            delete p;
        }
    }
    if (!all_finite(g)) {
        NormalizedGeom out;
        out.notes.push_back({"bad_coordinates", true, Msg::GeomBadCoords});
        return out;
    }
    if (ct && g->transform(ct) != OGRERR_NONE) {
        NormalizedGeom out;
        out.notes.push_back({"transform_failed", true, Msg::GeomTransformFailed});
        return out;
    }
    const size_t n = g->WkbSize();
    std::vector<unsigned char> wkb(n);
    GeomPtr gg;
    if (g->exportToWkb(wkbNDR, wkb.data(), wkbVariantIso) == OGRERR_NONE) gg = geos_from_wkb(wkb.data(), n);
    if (!gg) {
        NormalizedGeom out;
        out.notes.push_back({"invalid_geometry", true, Msg::GeomUnreadable, {geos_last_error()}});
        return out;
    }
    auto out = normalize_geos(std::move(gg));
    out.notes.insert(out.notes.begin(), pre.notes.begin(), pre.notes.end());
    return out;
}

NormalizedGeom normalize_wkb(const unsigned char* wkb, size_t size) {
    GeomPtr gg = geos_from_wkb(wkb, size);
    if (!gg) {  // as normalize_polygonal says it when from_ogr fails on the same bytes
        NormalizedGeom out;
        out.notes.push_back({"invalid_geometry", true, Msg::GeomUnreadable, {geos_last_error()}});
        return out;
    }
    return normalize_geos(std::move(gg));
}

namespace {

// A little-endian 2-D WKB Polygon at p (at most `left` bytes): its size, or 0 when it is not plain.
size_t plain_polygon(const unsigned char* p, size_t left) {
    if (left < 9 || p[0] != 1 || le32(p + 1) != 3) return 0;
    const uint32_t rings = le32(p + 5);
    if (rings == 0) return 0;
    size_t at = 9;
    for (uint32_t r = 0; r < rings; ++r) {
        if (left - at < 4) return 0;
        const uint32_t n = le32(p + at);
        at += 4;
        if (n == 0 || (left - at) / 16 < n) return 0;
        for (size_t k = 0; k < 2 * static_cast<size_t>(n); ++k) {
            double v;
            std::memcpy(&v, p + at + 8 * k, 8);
            if (!std::isfinite(v) || std::fabs(v) >= 1e15) return 0;
        }
        at += 16 * static_cast<size_t>(n);
    }
    return at;
}

}  // namespace

const unsigned char* plain_gpkg_polygonal_wkb(const unsigned char* blob, size_t size, size_t* wkb_size) {
    if (!blob || size < 8 || blob[0] != 'G' || blob[1] != 'P' || blob[2] != 0) return nullptr;
    const unsigned flags = blob[3];
    if (flags & 0xE0) return nullptr;  // extended geometry (bit 5) or reserved bits
    if (flags & 0x10) return nullptr;  // marked empty
    static constexpr size_t kEnvelope[8] = {0, 32, 48, 48, 64, 0, 0, 0};
    const unsigned env = (flags >> 1) & 7;
    if (env > 4) return nullptr;
    const size_t header = 8 + kEnvelope[env];
    if (size < header) return nullptr;
    const unsigned char* w = blob + header;
    const size_t n = size - header;
    size_t used = 0;
    if (n >= 5 && w[0] == 1 && le32(w + 1) == 3) {
        used = plain_polygon(w, n);
    } else if (n >= 9 && w[0] == 1 && le32(w + 1) == 6) {
        const uint32_t parts = le32(w + 5);
        if (parts == 0) return nullptr;
        size_t at = 9;
        for (uint32_t i = 0; i < parts; ++i) {
            const size_t k = plain_polygon(w + at, n - at);
            if (k == 0) return nullptr;
            at += k;
        }
        used = at;
    }
    if (used == 0 || used != n) return nullptr;
    *wkb_size = n;
    return w;
}

bool wkb_rings(std::string_view w, std::vector<WkbRing>& rings, size_t* left_out) {
    size_t at = 0;
    size_t left = 0;
    bool ok = true;
    const auto u32 = [&]() {
        if (at + 4 > w.size()) {
            ok = false;
            return uint32_t(0);
        }
        uint32_t v = 0;
        for (int k = 0; k < 4; ++k) v |= static_cast<uint32_t>(static_cast<unsigned char>(w[at + static_cast<size_t>(k)])) << (8 * k);
        at += 4;
        return v;
    };
    const auto header = [&]() {
        if (at >= w.size() || w[at] != 1) {
            ok = false;
            return uint32_t(0);
        }
        ++at;
        return u32();
    };
    const auto polygon = [&]() {
        const uint32_t n = u32();
        if (n == 0) ++left;  // an empty polygon
        for (uint32_t r = 0; r < n && ok; ++r) {
            const uint32_t pts = u32();
            if (!ok || pts > (w.size() - at) / 16) return ok = false;
            // A polygon whose exterior is empty is left out, and so is an empty ring.
            if (pts > 0) {
                rings.push_back({at, pts, r == 0});
            } else if (r > 0) {
                ++left;
            } else {  // an empty exterior: the polygon is skipped whole
                left += n;
                for (uint32_t q = 1; q < n && ok; ++q) {
                    const uint32_t more = u32();
                    if (!ok || more > (w.size() - at) / 16) return ok = false;
                    at += 16 * static_cast<size_t>(more);
                }
                return ok;
            }
            at += 16 * static_cast<size_t>(pts);
        }
        return ok;
    };
    const uint32_t type = header();
    if (!ok) return false;
    if (type == 3) {
        polygon();
    } else if (type == 6) {
        const uint32_t n = u32();
        for (uint32_t k = 0; k < n && ok; ++k)
            if (header() != 3 || !ok || !polygon()) return false;
    } else {
        return false;
    }
    if (left_out) *left_out = left;
    return ok && at == w.size();
}

}  // namespace landeff
