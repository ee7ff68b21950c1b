#include "landeff/rect_clip.hpp"

#include <tbb/parallel_for.h>

namespace landeff {

namespace {
size_t ring_count(const GEOSGeometry* g) {
    GEOSContextHandle_t h = geos();
    size_t n = 0;
    const int parts = GEOSGetNumGeometries_r(h, g);
    for (int i = 0; i < parts; ++i) {
        const GEOSGeometry* p = GEOSGetGeometryN_r(h, g, i);
        if (GEOSGeomTypeId_r(h, p) == GEOS_POLYGON) n += 1 + static_cast<size_t>(GEOSGetNumInteriorRings_r(h, p));
    }
    return n;
}

bool boxes_meet(const GEOSGeometry* g, double x0, double y0, double x1, double y1) {
    double a0, b0, a1, b1;
    return envelope(g, a0, b0, a1, b1) && a0 <= x1 && x0 <= a1 && b0 <= y1 && y0 <= b1;
}
}  // namespace

bool RectClipper::worth_it(const GEOSGeometry* g) {
    if (!g) return false;
    const int type = GEOSGeomTypeId_r(geos(), g);
    return (type == GEOS_POLYGON || type == GEOS_MULTIPOLYGON) && ring_count(g) > kMinRings;
}

RectClipper::RectClipper(const GEOSGeometry* g) : m_g(g) {
    GEOSContextHandle_t h = geos();
    const int parts = GEOSGetNumGeometries_r(h, g);
    std::vector<const GEOSGeometry*> polys;
    for (int i = 0; i < parts; ++i) {
        const GEOSGeometry* p = GEOSGetGeometryN_r(h, g, i);
        Part part;
        part.polygon = p;
        if (GEOSGeomTypeId_r(h, p) == GEOS_POLYGON) {
            const int n = GEOSGetNumInteriorRings_r(h, p);
            for (int k = 0; k < n; ++k) part.holes.push_back(GEOSGetInteriorRingN_r(h, p, k));
            if (part.holes.size() > kMinRings) part.hole_index = std::make_unique<EnvelopeIndex>(part.holes);
        }
        polys.push_back(p);
        m_parts.push_back(std::move(part));
    }
    m_part_index = std::make_unique<EnvelopeIndex>(polys);
}

RectClipper::~RectClipper() = default;

// g with only the parts and holes whose envelopes meet the rectangle, in g's order; null when
// nothing meets it.
GeomPtr RectClipper::reduced(double x0, double y0, double x1, double y1) const {
    GEOSContextHandle_t h = geos();
    std::vector<uint32_t> parts, holes;
    m_part_index->query(x0, y0, x1, y1, parts);
    std::vector<GeomPtr> polys;
    for (uint32_t i : parts) {
        const Part& part = m_parts[i];
        if (GEOSGeomTypeId_r(h, part.polygon) != GEOS_POLYGON) {
            polys.push_back(clone(part.polygon));
            continue;
        }
        if (part.hole_index) {
            part.hole_index->query(x0, y0, x1, y1, holes);
        } else {
            holes.clear();
            for (uint32_t k = 0; k < part.holes.size(); ++k)
                if (boxes_meet(part.holes[k], x0, y0, x1, y1)) holes.push_back(k);
        }
        std::vector<const GEOSGeometry*> rings;
        for (uint32_t k : holes) rings.push_back(part.holes[k]);
        GeomPtr made = polygon_of_rings(GEOSGetExteriorRing_r(h, part.polygon), rings);
        if (!made) return nullptr;
        polys.push_back(std::move(made));
    }
    if (polys.empty()) return nullptr;
    if (polys.size() == 1 && GEOSGeomTypeId_r(h, m_g) == GEOS_POLYGON) return std::move(polys[0]);
    return collection(GEOS_MULTIPOLYGON, std::move(polys));
}

GeomPtr RectClipper::clip(double x0, double y0, double x1, double y1) const {
    GeomPtr r = reduced(x0, y0, x1, y1);
    if (!r) return clip_by_rect(m_g, x0, y0, x1, y1);
    GeomPtr c(GEOSClipByRect_r(geos(), r.get(), x0, y0, x1, y1));
    return c ? std::move(c) : clone(m_g);  // as clip_by_rect: when GEOS fails, the whole of g
}

GeomPtr RectClipper::intersection_with(const GEOSGeometry* a) const {
    double x0, y0, x1, y1;
    if (!envelope(a, x0, y0, x1, y1)) return nullptr;
    GeomPtr r = reduced(x0, y0, x1, y1);
    GeomPtr clipped(r ? GEOSClipByRect_r(geos(), r.get(), x0, y0, x1, y1) : nullptr);
    GeomPtr inter = clipped ? intersection(a, clipped.get()) : nullptr;
    if (!inter) inter = intersection(a, m_g);  // as clipped_intersection: the whole of g when the clip fails
    return inter;
}

template <class Predicate>
char RectClipper::on_reduced(const GEOSGeometry* a, Predicate predicate) const {
    double x0, y0, x1, y1;
    if (!a || !envelope(a, x0, y0, x1, y1)) return predicate(m_g);  // empty a: GEOS answers for the whole g
    std::vector<uint32_t> parts;
    m_part_index->query(x0, y0, x1, y1, parts);
    if (parts.empty()) return 0;  // no part's envelope meets a's: disjoint
    GeomPtr r = reduced(x0, y0, x1, y1);
    return r ? predicate(r.get()) : predicate(m_g);
}

char RectClipper::contains(const GEOSGeometry* a) const {
    return on_reduced(a, [a](const GEOSGeometry* g) { return GEOSContains_r(geos(), g, a); });
}

char RectClipper::intersects(const GEOSGeometry* a) const {
    return on_reduced(a, [a](const GEOSGeometry* g) { return GEOSIntersects_r(geos(), g, a); });
}

char RectClipper::contains_properly(const GEOSGeometry* a) const {
    return on_reduced(a, [a](const GEOSGeometry* g) {
        const PreparedPtr p = prepare(g);  // GEOS has containsProperly only for prepared geometries
        return p ? GEOSPreparedContainsProperly_r(geos(), p.get(), a) : char(2);
    });
}

std::vector<std::unique_ptr<RectClipper>> rect_clippers(const std::vector<const GEOSGeometry*>& geoms) {
    std::vector<std::unique_ptr<RectClipper>> out(geoms.size());
    tbb::parallel_for(size_t(0), geoms.size(), [&](size_t i) {
        if (RectClipper::worth_it(geoms[i])) out[i] = std::make_unique<RectClipper>(geoms[i]);
    });
    return out;
}

GeomPtr clipped_intersection(const GEOSGeometry* a, const GEOSGeometry* g, const RectClipper* clipper) {
    return clipper ? clipper->intersection_with(a) : clipped_intersection(a, g);
}

}  // namespace landeff
