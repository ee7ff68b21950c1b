#include "landeff/overlay.hpp"

#include <tbb/combinable.h>
#include <tbb/enumerable_thread_specific.h>
#include <tbb/parallel_for.h>

#include <algorithm>
#include <cstdio>

#include "landeff/format.hpp"
#include "landeff/area.hpp"
#include "landeff/ordered_batches.hpp"
#include "landeff/overlap_area.hpp"
#include "landeff/progress.hpp"
#include "landeff/rect_clip.hpp"
#include "landeff/spatial_index.hpp"


namespace landeff {
namespace {

// Prepared geometries are not safe to share between threads (GEOS builds their indexes
// lazily), so each thread prepares the ones it needs once.
class PreparedCache {
public:
    explicit PreparedCache(const std::vector<Feature>& f) : m_features(f) {}
    const GEOSPreparedGeometry* get(uint32_t i) {
        auto& v = m_local.local();
        if (v.empty()) v.resize(m_features.size());
        if (!v[i]) v[i] = prepare(m_features[i].geom.get());
        return v[i].get();
    }

private:
    const std::vector<Feature>& m_features;
    tbb::enumerable_thread_specific<std::vector<PreparedPtr>> m_local;
};

double intersection_area(const GEOSGeometry* g, const GEOSGeometry* other) {
    return area(clipped_intersection(g, other).get());
}

}  // namespace

void overlay_parks(const Dataset& ds, const AreaRules& area, const QualityRules& quality, Analysis& an, Findings& findings) {
    const auto& parks = ds.parks.features;
    const auto& parcels = ds.parcels.features;
    const AreaMeter meter(ds.crs, area.mode, area.densify_m);
    an.parks.assign(parks.size(), ParkResult{});
    an.parcels.resize(parcels.size());
    for (size_t i = 0; i < parks.size(); ++i) an.parks[i].area_m2 = parks[i].geom ? meter.area_m2(parks[i].geom.get()) : kNaN;

    // Overlapping parks: a parcel's land then counts once per park it lies in (said in the report).
    an.parks_overlap = report_overlaps(ds, ds.parks, "park_overlap",
                                       say(findings.lang(), Msg::ParkOverlapConsequence),
                                       quality.overlap_min_m2, findings) > 0;

    const EnvelopeIndex index(geometries_of(parks));
    const auto clippers = rect_clippers(geometries_of(parks));  // parks with many enclaves
    PreparedCache prepared(parks);
    // Planar areas: each park's rings, for the area a parcel shares with it measured from the
    // boundaries (shared_area, issue 20) instead of GEOS's predicates and intersection.
    const double factor = meter.planar_factor();
    const std::vector<RingSet> park_rings = factor > 0 ? ring_sets(geometries_of(parks)) : std::vector<RingSet>(parks.size());
    Progress progress(tr(Msg::POverlay), parcels.size());
    std::atomic<size_t> done{0};
    tbb::parallel_for(tbb::blocked_range<size_t>(0, parcels.size(), 1024), [&](const tbb::blocked_range<size_t>& r) {
        std::vector<uint32_t> hits;
        for (size_t i = r.begin(); i != r.end(); ++i) {
            ParcelResult& pr = an.parcels[i];
            const GeomHold held = parcels[i].geom.hold();  // packed as read (issue 20)
            const GEOSGeometry* g = held.get();
            if (!g) continue;
            pr.area_m2 = meter.area_m2(g);
            double x0, y0, x1, y1;
            if (!envelope(g, x0, y0, x1, y1)) continue;
            index.query(x0, y0, x1, y1, hits);
            std::vector<uint32_t> pieces_parks;
            // The parcel's rings, when a park's rings are there to measure against (one set a thread,
            // its buffers reused parcel after parcel).
            thread_local RingSet rings;
            bool have_rings = false;
            for (const uint32_t h : hits) {
                if (park_rings[h].ok()) {
                    if (!have_rings) {
                        rings.assign(parcels[i].geom);
                        have_rings = true;
                    }
                    const SharedArea s = rings.ok() ? shared_area(rings, park_rings[h]) : SharedArea{SharedArea::Partial, kNaN};
                    if (!std::isnan(s.area)) {
                        if (s.kind == SharedArea::Outside) continue;
                        if (s.kind == SharedArea::Inside) pr.parks.push_back({h, pr.area_m2});
                        // A park it only touches (a shared edge: the walk's rounding) is not one of its
                        // parks, as GEOS's empty intersection said.
                        else if (s.area * factor > kTouchShare * pr.area_m2) pr.parks.push_back({h, s.area * factor});
                        pieces_parks.push_back(h);
                        continue;
                    }
                }
                const RectClipper* c = clippers[h].get();
                const GEOSPreparedGeometry* pp = c ? nullptr : prepared.get(h);
                if (contains(c, pp, g) == 1) {
                    pr.parks.push_back({h, pr.area_m2});  // fast path: wholly inside
                } else if (intersects(c, pp, g) == 1) {
                    const double ia = meter.area_m2(clipped_intersection(g, parks[h].geom.get(), clippers[h].get()).get());
                    if (ia > 0) pr.parks.push_back({h, ia});
                } else {
                    continue;
                }
                pieces_parks.push_back(h);
            }
            if (pr.parks.size() == 1) {
                pr.inside_m2 = pr.parks[0].area_m2;
            } else if (pr.parks.size() > 1) {
                // Overlapping parks: the land inside their union, counted once.
                std::vector<GeomPtr> clipped;
                for (const uint32_t h : pieces_parks)
                    clipped.push_back(clippers[h] ? clippers[h]->clip(x0, y0, x1, y1) : clip_by_rect(parks[h].geom.get(), x0, y0, x1, y1));
                GeomPtr u = unary_union(std::move(clipped));
                pr.inside_m2 = u ? meter.area_m2(intersection(g, u.get()).get()) : 0;
            }
            pr.inside_m2 = std::min(pr.inside_m2, pr.area_m2);
            double best = 0;
            for (const auto& s : pr.parks)
                if (s.area_m2 > best) { best = s.area_m2; pr.main_park = static_cast<int32_t>(s.park); }
        }
        progress.update(done += r.size());
    });
    progress.done();

    // The sums in parcel order; the messages of the parcels outside every park made on every core.
    in_item_order<Finding>(
        parcels.size(), 4096,
        [&](size_t i, Finding& out) {
            const auto& pr = an.parcels[i];
            if (std::isnan(pr.area_m2) || !pr.parks.empty()) return;
            const auto& f = parcels[i];
            out = Finding{"parcels", f.fid, std::string(f.rec.s(ParcelF::parcel_id)), "outside_parks", Severity::Info,
                          say(findings.lang(), Msg::OutsideParks, {feature_ref(ds.parcels, f.fid, f.rec.s(ParcelF::parcel_id))})};
        },
        [&](size_t i, Finding& out) {
            const auto& pr = an.parcels[i];
            if (std::isnan(pr.area_m2)) return;
            an.total_land_m2 += pr.area_m2;
            an.outside_land_m2 += pr.area_m2 - pr.inside_m2;
            if (pr.parks.empty()) {
                ++an.n_outside;
                findings.add(std::move(out));
            }
        });
    an.mark(Stage::Overlay);
}

size_t report_overlaps(const Dataset& ds, const LayerData& layer, const char* code, const std::string& consequence,
                       double overlap_min_m2, Findings& findings) {
    const double k = ds.crs.area_factor();
    const auto pairs = self_overlaps(layer.features, overlap_min_m2 / k);
    const std::string name(schema(layer.kind).name);
    // The messages made on every core (hundreds of thousands of pairs of approvals on a city whose
    // batches overlap at their corners), added in the pairs' order.
    in_item_order<Finding>(
        pairs.size(), 4096,
        [&](size_t i, Finding& f) {
            const auto& p = pairs[i];
            const auto& a = layer.features[p.a];
            const auto& b = layer.features[p.b];
            f = Finding{name, a.fid, std::string(a.rec.text(0)), code, Severity::Warning,
                        say(findings.lang(), Msg::Overlaps,
                            {feature_ref(layer, a.fid, a.rec.text(0)), feature_ref(layer, b.fid, b.rec.text(0)),
                             fmt::m2(p.area * k), consequence})};
        },
        [&](size_t, Finding& f) { findings.add(std::move(f)); });
    return pairs.size();
}

std::vector<OverlapPair> self_overlaps(const std::vector<Feature>& features, double min_area) {
    const EnvelopeIndex index(boxes_of(features));
    tbb::enumerable_thread_specific<std::vector<OverlapPair>> found;
    tbb::parallel_for(tbb::blocked_range<size_t>(0, features.size(), 1024), [&](const tbb::blocked_range<size_t>& r) {
        std::vector<uint32_t> hits;
        auto& out = found.local();
        for (size_t i = r.begin(); i != r.end(); ++i) {
            double x0, y0, x1, y1;
            if (!envelope(features[i].geom, x0, y0, x1, y1)) continue;
            index.query(x0, y0, x1, y1, hits);
            // A packed feature (a parcel, issue 20) is made into GEOS only when a later one's box meets it
            // and shared_area cannot measure the pair from their rings (issue 20: no overlay).
            GeomHold here;
            PreparedPtr prepared_here;  // prepared once per feature, only when a neighbour is there
            RingSet here_rings;
            bool have_here = false;
            for (const uint32_t h : hits) {
                if (h <= i) continue;  // each pair once
                if (!have_here) {
                    here_rings.assign(features[i].geom);
                    have_here = true;
                }
                if (here_rings.ok()) {
                    thread_local RingSet there;  // its buffers reused pair after pair
                    there.assign(features[h].geom);
                    const SharedArea s = shared_area(here_rings, there);
                    if (!std::isnan(s.area)) {
                        if (s.area > min_area) out.push_back({static_cast<uint32_t>(i), h, s.area});
                        continue;
                    }
                }
                const GeomHold there = features[h].geom.hold();
                const GEOSGeometry* o = there.get();
                if (!here) here = features[i].geom.hold();
                const GEOSGeometry* g = here.get();
                if (!prepared_here) prepared_here = prepare(g);
                const GEOSPreparedGeometry* pp = prepared_here.get();
                if (GEOSPreparedIntersects_r(geos(), pp, o) != 1) continue;
                // Neighbours that only touch (a shared edge or corner) have no area in common: their
                // clipped intersection is a line or a point, cheap to make. GEOS has no prepared touches
                // (it relates the two whole polygons), and asking it cost more than the overlaps it
                // spared (issue 20: a third of the approvals' overlap check on the hostile city).
                const double a = intersection_area(g, o);
                if (a > min_area) out.push_back({static_cast<uint32_t>(i), h, a});
            }
        }
    });
    std::vector<OverlapPair> all;
    for (auto& v : found) all.insert(all.end(), v.begin(), v.end());
    std::sort(all.begin(), all.end(), [](const OverlapPair& a, const OverlapPair& b) {
        return a.a != b.a ? a.a < b.a : a.b < b.b;
    });
    return all;
}

}  // namespace landeff
