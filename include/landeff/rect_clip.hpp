#pragma once
// A polygon clipped by many small rectangles: a park with thousands of village enclaves (holes)
// meets tens of thousands of parcels, and GEOSClipByRect walks every ring of it each time. The
// rings are indexed once; a clip hands GEOS only the parts and holes whose envelopes meet the
// rectangle. Rings whose envelope misses the rectangle lie wholly outside it and add nothing to
// GEOS's clip, so the result is the clip of the whole polygon (rules.md §2, "How the overlay is
// computed"; test RectClip.*).
#include <array>
#include <memory>
#include <vector>

#include "landeff/geos.hpp"
#include "landeff/spatial_index.hpp"

namespace landeff {

class RectClipper {
public:
    // g (a polygon or multipolygon) must outlive the clipper; read only, safe to share between threads.
    explicit RectClipper(const GEOSGeometry* g);
    ~RectClipper();
    // clip_by_rect(g, x0, y0, x1, y1).
    GeomPtr clip(double x0, double y0, double x1, double y1) const;
    // clipped_intersection(a, g): a ∩ g with g clipped to a's envelope first.
    GeomPtr intersection_with(const GEOSGeometry* a) const;

    // GEOS's predicates of g against a (GEOSContains_r(g, a), …; 1 true, 0 false, 2 failure), on g
    // reduced to a's envelope: what is dropped lies outside that envelope, so it can neither meet a nor
    // hold part of it, and the answer is the whole g's. A prepared g answers them in time growing with
    // its rings (GEOS tests a point of every ring, hole or shell, against a); this in a's neighbourhood.
    char contains(const GEOSGeometry* a) const;
    char intersects(const GEOSGeometry* a) const;
    char contains_properly(const GEOSGeometry* a) const;

    // Worth indexing: more rings (shells and holes) than this.
    static constexpr size_t kMinRings = 64;
    static bool worth_it(const GEOSGeometry* g);

private:
    struct Part {
        const GEOSGeometry* polygon = nullptr;
        std::vector<const GEOSGeometry*> holes;
        std::unique_ptr<EnvelopeIndex> hole_index;
    };
    GeomPtr reduced(double x0, double y0, double x1, double y1) const;
    template <class Predicate>
    char on_reduced(const GEOSGeometry* a, Predicate predicate) const;
    const GEOSGeometry* m_g;
    std::vector<Part> m_parts;
    std::unique_ptr<EnvelopeIndex> m_part_index;
};

// One clipper per geometry worth it (null for the others, and for null geometries), built in parallel.
std::vector<std::unique_ptr<RectClipper>> rect_clippers(const std::vector<const GEOSGeometry*>& geoms);

// A prepared g's predicates against a, through g's clipper when it has one (the same answers).
inline char contains(const RectClipper* c, const GEOSPreparedGeometry* p, const GEOSGeometry* a) {
    return c ? c->contains(a) : GEOSPreparedContains_r(geos(), p, a);
}
inline char intersects(const RectClipper* c, const GEOSPreparedGeometry* p, const GEOSGeometry* a) {
    return c ? c->intersects(a) : GEOSPreparedIntersects_r(geos(), p, a);
}
inline char contains_properly(const RectClipper* c, const GEOSPreparedGeometry* p, const GEOSGeometry* a) {
    return c ? c->contains_properly(a) : GEOSPreparedContainsProperly_r(geos(), p, a);
}

// clipped_intersection(a, g) through g's clipper when it has one.
GeomPtr clipped_intersection(const GEOSGeometry* a, const GEOSGeometry* g, const RectClipper* clipper);

}  // namespace landeff
