#include "landeff/devzone.hpp"

#include <tbb/enumerable_thread_specific.h>
#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>
#include <tbb/task_group.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <map>
#include <optional>
#include <stdexcept>
#include <unordered_map>

#include "landeff/area.hpp"
#include "landeff/ordered_batches.hpp"
#include "landeff/overlap_area.hpp"
#include "landeff/rect_clip.hpp"
#include "landeff/checks.hpp"
#include "landeff/compliance.hpp"
#include "landeff/format.hpp"
#include "landeff/indicators.hpp"
#include "landeff/messages.hpp"
#include "landeff/source.hpp"
#include "landeff/spatial_index.hpp"
#include "landeff/text.hpp"
#include "landeff/values.hpp"

namespace landeff {

std::vector<std::pair<double, double>> parse_quota_table(const std::string& text) {
    std::vector<std::pair<double, double>> rows;
    if (trim(text).empty()) return rows;  // "" = no suggestion
    for (const auto& item : split(text, '|')) {
        const auto colon = item.find(':');
        if (colon == std::string::npos)
            throw std::invalid_argument("\"" + item + "\" is not share:adjustment (e.g. \"0.3:-0.3\")");
        const auto share = parse_number(trim(item.substr(0, colon)), "");
        const auto adj = parse_number(trim(item.substr(colon + 1)), "");
        if (!share || !adj || !std::isfinite(*share) || !std::isfinite(*adj) || *share < 0 || *share > 1)
            throw std::invalid_argument("\"" + item + "\": the share must be a number from 0 to 1 and the adjustment a number "
                                        "(e.g. \"0.3:-0.3\")");
        if (!rows.empty() && *share <= rows.back().first)
            throw std::invalid_argument("the shares must go up from row to row; \"" + item + "\" does not");
        rows.emplace_back(*share, *adj);
    }
    return rows;
}

namespace {

std::string g4(double v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.4g", v);
    return buf;
}
std::string pct(double v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.1f %%", v * 100);
    return buf;
}
std::string m2_text(double v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.1f m²", v);
    return buf;
}

double safe_ratio(double num, double den) { return den > 0 && !std::isnan(num) ? num / den : kNaN; }

// A layer's geometries and their R-tree (the layer may be absent: then nothing is indexed).
struct Indexed {
    const LayerData& layer;
    std::vector<const GEOSGeometry*> geoms;
    EnvelopeIndex index;
    explicit Indexed(const LayerData& l) : layer(l), geoms(geometries_of(l.features)), index(geoms) {}
    bool present() const { return layer.present; }
};

// The area of the union of `layer`'s polygons inside `zone`, each overlap counted once. Only the
// polygons meeting this zone are united, and only their parts inside it. `hits_out` gets the
// indices of the polygons that meet the zone with a positive area.
// `geom_of(h)`: polygon h as a GeomHold (null: none), for h among the index's answers; held only while
// it is read (the pieces kept are copies).
template <class GeomOf>
double union_area_inside_of(const GEOSGeometry* zone, const GEOSPreparedGeometry* pz, const RectClipper* zc, double zone_m2,
                         GeomOf&& geom_of, const EnvelopeIndex& index, const AreaMeter& meter, std::vector<uint32_t>& hits_out) {
    std::vector<uint32_t> hits;
    index.query(zone, hits);
    std::vector<GeomPtr> pieces;
    bool covered = false;
    for (uint32_t h : hits) {
        const GeomHold held = geom_of(h);
        const GEOSGeometry* g = held.get();
        if (!g || intersects(zc, pz, g) != 1) continue;
        if (contains(zc, pz, g) == 1) {
            pieces.push_back(clone(g));  // fast path: wholly inside the zone
        } else if (GEOSCovers_r(geos(), g, zone) == 1) {
            covered = true;  // fast path: the polygon covers the whole zone
            hits_out.push_back(h);
            continue;
        } else {
            GeomPtr piece = clipped_intersection(g, zone, zc);
            if (!piece || GEOSisEmpty_r(geos(), piece.get()) || meter.area_m2(piece.get()) <= 0) continue;
            pieces.push_back(std::move(piece));
        }
        hits_out.push_back(h);
    }
    if (covered) return zone_m2;
    if (pieces.empty()) return 0;
    if (pieces.size() == 1) return meter.area_m2(pieces[0].get());
    return meter.area_m2(unary_union(std::move(pieces)).get());
}

double union_area_inside(const GEOSGeometry* zone, const GEOSPreparedGeometry* pz, const RectClipper* zc, double zone_m2,
                         const std::vector<const GEOSGeometry*>& geoms, const EnvelopeIndex& index, const AreaMeter& meter,
                         std::vector<uint32_t>& hits_out) {
    return union_area_inside_of(zone, pz, zc, zone_m2, [&geoms](uint32_t h) { return GeomHold(geoms[h]); }, index, meter, hits_out);
}

// The area of polygon `g` inside the zone (prepared `pz`): the whole polygon when the zone contains it.
// With the zone's clipper `zc` (a zone of many rings), pz may be null.
double area_inside(const GEOSGeometry* g, const GEOSGeometry* zone, const GEOSPreparedGeometry* pz, const RectClipper* zc,
                   const AreaMeter& meter) {
    if (!g || intersects(zc, pz, g) != 1) return 0;
    if (contains(zc, pz, g) == 1) return meter.area_m2(g);
    return meter.area_m2(clipped_intersection(g, zone, zc).get());
}

std::string feature_label(const LayerData& l, const Feature& f, std::string_view id) {
    return feature_ref(l, f.fid, id);
}

}  // namespace

std::vector<std::pair<std::string, std::vector<uint32_t>>> platform_groups(const Dataset& ds) {
    std::map<std::string, std::vector<uint32_t>> groups;
    for (uint32_t k = 0; k < ds.parks.features.size(); ++k) {
        // The key of classify_platforms: the platform field, else the park's own id.
        const Record& r = ds.parks.features[k].rec;
        const std::string key = !r.s(ParkF::platform).empty()  ? std::string(r.s(ParkF::platform))
                                : !r.s(ParkF::park_id).empty() ? std::string(r.s(ParkF::park_id))
                                                               : std::string("#").append(std::to_string(ds.parks.features[k].fid));
        groups[key].push_back(k);
    }
    std::vector<std::pair<std::string, std::vector<uint32_t>>> out;
    for (auto& [id, ks] : groups) {
        if (ks.size() < 2) continue;
        std::stable_sort(ks.begin(), ks.end(), [&](uint32_t a, uint32_t b) {
            return ds.parks.features[a].rec.s(ParkF::park_id) < ds.parks.features[b].rec.s(ParkF::park_id);
        });
        out.emplace_back(id, std::move(ks));
    }
    return out;
}

namespace {
// The union of the platform's parks (null when none has a geometry).
GeomPtr platform_union(const Dataset& ds, const std::vector<uint32_t>& parks) {
    std::vector<GeomPtr> parts;
    for (uint32_t k : parks)
        if (const GEOSGeometry* g = ds.parks.features[k].geom.get()) parts.push_back(clone(g));
    return parts.empty() ? nullptr : unary_union(std::move(parts));
}
}  // namespace

void stream_landuse(Dataset& ds, const InputSpec& in, const DevzoneRules& rules, Findings& findings,
                    const std::optional<std::array<double, 4>>& bbox) {
    const AreaMeter meter(ds.crs, rules.area.mode, rules.area.densify_m);
    const auto& lu_con = rules.lu_construction;
    const auto& lu_ind = rules.lu_industrial;
    const auto& lu_min = rules.lu_mining;
    const auto& lu_sto = rules.lu_storage;
    const auto& div_codes = rules.diverted_codes;
    const auto& ind_prefixes = rules.ind_prefixes;
    const size_t chunk = rules.landuse_chunk;

    // The parcels whose diverted share may be asked for: industrial use, with a geometry. Packed as
    // read (issue 20): their boxes here, each made into GEOS when a chunk's polygon meets it. Their
    // R-tree (one core: 0.3 s at 1 M parcels) is packed while the zones below are made.
    const auto& parcels = ds.parcels.features;
    std::vector<const Shape*> cand(parcels.size(), nullptr);
    std::vector<std::array<double, 4>> cand_boxes(parcels.size(), {kNaN, kNaN, kNaN, kNaN});
    std::optional<EnvelopeIndex> parcel_index;
    tbb::task_group beside;
    beside.run([&] {
        tbb::parallel_for(tbb::blocked_range<size_t>(0, parcels.size(), 4096), [&](const tbb::blocked_range<size_t>& r) {
            for (size_t i = r.begin(); i != r.end(); ++i) {
                const std::string_view use = parcels[i].rec.s(ParcelF::land_use);
                auto& b = cand_boxes[i];
                if (parcels[i].geom && !use.empty() && is_industrial(use, ind_prefixes) && envelope(parcels[i].geom, b[0], b[1], b[2], b[3]))
                    cand[i] = &parcels[i].geom;
                else
                    b = {kNaN, kNaN, kNaN, kNaN};
            }
        });
        parcel_index.emplace(cand_boxes);
    });

    // The zones: the parks, then the platforms of several parks (their unions).
    std::vector<const GEOSGeometry*> zones = geometries_of(ds.parks.features);
    std::vector<GeomPtr> unions;
    for (const auto& [id, ks] : platform_groups(ds)) {
        unions.push_back(platform_union(ds, ks));
        zones.push_back(unions.back().get());
    }
    const EnvelopeIndex zone_index(zones);
    const auto zone_clippers = rect_clippers(zones);  // parks with many enclaves

    // Planar areas: the zones' rings, for the area a 三调 polygon shares with each measured from the
    // boundaries (shared_area, issue 20) instead of GEOS's predicates and intersection.
    const double factor = meter.planar_factor();
    const std::vector<RingSet> zone_rings = factor > 0 ? ring_sets(zones) : std::vector<RingSet>(zones.size());
    beside.wait();

    auto sums = std::make_shared<LanduseSums>();
    sums->zone.assign(zones.size(), {0, 0, 0, 0});
    sums->other_m2.assign(parcels.size(), 0);
    // Each thread prepares the zones it meets once for the whole layer (a prepared geometry is not
    // shared between threads), and the parcels once per chunk (so their number stays bounded).
    tbb::enumerable_thread_specific<std::unordered_map<uint32_t, PreparedPtr>> zone_prep;
    StreamedIdCheck ids;
    struct ZoneHit {
        uint32_t zone;
        double a;
    };
    auto sink = [&](const LayerData& layer, std::vector<Feature>& features, size_t) {
        ids.add(layer, features, findings);
        std::vector<std::vector<ZoneHit>> zone_hits(features.size());
        std::vector<std::vector<ZoneHit>> parcel_hits(features.size());  // (parcel, area under the polygon)
        struct HeldPrepared {
            GeomHold g;  // before p: a prepared geometry refers to its geometry
            PreparedPtr p;
        };
        tbb::enumerable_thread_specific<std::unordered_map<uint32_t, HeldPrepared>> parcel_prep;
        tbb::parallel_for(size_t(0), features.size(), [&](size_t j) {
            const GEOSGeometry* g = features[j].geom.get();
            if (!g) return;
            const std::string_view code = features[j].rec.s(LanduseF::dlbm);
            std::vector<uint32_t> hits;
            thread_local RingSet lu, parcel;  // their buffers reused polygon after polygon
            bool have_lu = false;
            auto lu_rings = [&]() -> const RingSet& {
                if (!have_lu) {
                    lu.assign(features[j].geom);
                    have_lu = true;
                }
                return lu;
            };
            if (code_in(code, lu_con) || code_in(code, lu_ind) || code_in(code, lu_min) || code_in(code, lu_sto)) {
                auto& prep = zone_prep.local();
                zone_index.query(g, hits);
                for (uint32_t z : hits) {
                    if (zone_rings[z].ok() && lu_rings().ok()) {
                        const SharedArea s = shared_area(lu, zone_rings[z]);
                        if (!std::isnan(s.area)) {
                            if (s.kind == SharedArea::Inside) zone_hits[j].push_back({z, meter.area_m2(g)});
                            else if (s.kind == SharedArea::Partial) zone_hits[j].push_back({z, s.area * factor});
                            continue;
                        }
                    }
                    const RectClipper* zc = zone_clippers[z].get();
                    auto& pz = prep[z];
                    if (!pz && !zc) pz = prepare(zones[z]);
                    zone_hits[j].push_back({z, area_inside(g, zones[z], pz.get(), zc, meter)});
                }
            }
            if (code_in(code, div_codes)) {
                auto& prep = parcel_prep.local();
                parcel_index->query(g, hits);
                for (uint32_t p : hits) {
                    if (factor > 0 && lu_rings().ok()) {
                        parcel.assign(*cand[p]);
                        const SharedArea s = parcel.ok() ? shared_area(parcel, lu) : SharedArea{SharedArea::Partial, kNaN};
                        if (!std::isnan(s.area)) {
                            // A parcel the polygon only touches (the walk's rounding) is not under it, as
                            // GEOS's empty intersection said.
                            if (s.kind != SharedArea::Outside && s.area > kTouchShare * parcel.area())
                                parcel_hits[j].push_back({p, s.area * factor});
                            continue;
                        }
                    }
                    auto& pp = prep[p];
                    if (!pp.p) {
                        pp.g = cand[p]->hold();
                        pp.p = prepare(pp.g.get());
                    }
                    const double a = area_inside(g, pp.g.get(), pp.p.get(), nullptr, meter);
                    if (a > 0) parcel_hits[j].push_back({p, a});
                }
            }
        });
        // In the layer's order: the sums do not depend on the threads nor on the chunk size.
        for (size_t j = 0; j < features.size(); ++j) {
            const Record& lr = features[j].rec;
            const std::string_view code = lr.s(LanduseF::dlbm);
            const bool c = code_in(code, lu_con), i = code_in(code, lu_ind), m = code_in(code, lu_min), st = code_in(code, lu_sto);
            for (const auto& h : zone_hits[j]) {
                auto& z = sums->zone[h.zone];
                if (c) z[0] += h.a;
                if (i) z[1] += h.a;
                if (m) z[2] += h.a;
                if (st) z[3] += h.a;
            }
            for (const auto& h : parcel_hits[j]) {
                sums->other_m2[h.zone] += h.a;
                sums->evidence[h.zone].push_back(std::string(lr.s(LanduseF::lu_id)) + " " + std::string(code) +
                                                 (lr.s(LanduseF::dlmc).empty() ? std::string() : std::string(" ").append(lr.s(LanduseF::dlmc))) +
                                                 ": " + m2_text(h.a));
            }
        }
    };
    ds.landuse = read_layer_streamed(in, LayerKind::Landuse, ds.cfg, ds.crs, findings, chunk, sink, bbox);
    ids.finish(ds.landuse, findings);
    ds.landuse_sums = std::move(sums);
}

namespace {

// What the steps of check_devzones share: the rules, T and the supply window, the area meter, the
// control-line and plan layers with their R-trees, and the 三调 sums streamed while the layer was
// read (stream_landuse; null without a landuse layer).
struct DevzoneContext {
    const Dataset& ds;
    const DevzoneRules& rules;
    const Date T;
    const Date window_start;  // the supply window: the N years ending at T, supply dates in (T − N years, T]
    const AreaMeter meter;
    const Indexed dev, farm, eco, plan;
    const LanduseSums* lu;

    DevzoneContext(const Dataset& d, const DevzoneRules& r)
        : ds(d), rules(r), T(d.cfg.eval_date), window_start(add_years(T, -r.supply_years_n)),
          meter(d.crs, r.area.mode, r.area.densify_m), dev(d.dev_boundary), farm(d.farmland), eco(d.eco_redline),
          plan(d.plan), lu(d.landuse.present ? d.landuse_sums.get() : nullptr) {}

    // A parcel counts as supplied at T with a supply date on or before T, or none (as in land_mu);
    // it counts in the supply window only with a date inside it.
    bool supplied_at_t(const Analysis& an, size_t i) const {
        return an.parcels[i].state != LandState::NotSupplied && !supplied_after(ds.parcels.features[i].rec, T);
    }

    // The figures of one zone (a park, or a platform's union) from the layers: control lines,
    // 三调, plan. Figures of an absent layer stay null. `hits_out` (may be null) gets the farmland
    // (0) and red-line (1) polygons meeting the zone. `zone_index`: the zone's row of the streamed
    // sums (parks, then platforms).
    void zone_figures(const GEOSGeometry* zone, double zone_m2, DevzoneFigures& d,
                      std::vector<std::pair<uint32_t, uint32_t>>* hits_out, size_t zone_index) const {
        const PreparedPtr pz = prepare(zone);
        const auto zc = RectClipper::worth_it(zone) ? std::make_unique<RectClipper>(zone) : nullptr;  // many enclaves
        std::vector<uint32_t> hits;
        if (dev.present()) {
            d.dev_in_m2 = union_area_inside(zone, pz.get(), zc.get(), zone_m2, dev.geoms, dev.index, meter, hits);
            d.dev_out_m2 = std::max(0.0, zone_m2 - d.dev_in_m2);
            d.dev_out_rt = safe_ratio(d.dev_out_m2, zone_m2);
            hits.clear();
        }
        if (farm.present()) {
            d.farm_m2 = union_area_inside(zone, pz.get(), zc.get(), zone_m2, farm.geoms, farm.index, meter, hits);
            d.farm_rt = safe_ratio(d.farm_m2, zone_m2);
            if (hits_out)
                for (uint32_t h : hits) hits_out->emplace_back(0, h);
            hits.clear();
        }
        if (eco.present()) {
            d.eco_m2 = union_area_inside(zone, pz.get(), zc.get(), zone_m2, eco.geoms, eco.index, meter, hits);
            if (hits_out)
                for (uint32_t h : hits) hits_out->emplace_back(1, h);
            hits.clear();
        }
        if (lu) {
            const auto& z = lu->zone[zone_index];
            d.cur_con = z[0];
            d.cur_ind = z[1];
            d.cur_min = z[2];
            d.cur_sto = z[3];
            d.cur_ind_rt = safe_ratio(d.cur_ind, d.cur_con);
        }
        if (plan.present()) {
            d.pln_con = d.pln_ind = 0;
            plan.index.query(zone, hits);
            for (uint32_t h : hits) {
                const std::string_view code = ds.plan.features[h].rec.s(PlanF::plan_code);
                const bool c = code_in(code, rules.plan_construction), i = code_in(code, rules.plan_industrial);
                if (!c && !i) continue;
                const double a = area_inside(plan.geoms[h], zone, pz.get(), zc.get(), meter);
                if (c) d.pln_con += a;
                if (i) d.pln_ind += a;
            }
            d.pln_ind_rt = safe_ratio(d.pln_ind, d.pln_con);
            hits.clear();
        }
    }
};

// Diverted industrial land (挪作他用): per supplied industrial parcel, its area under other-use 三调
// codes; a parcel over devzone.diverted_share is a finding.
void mark_diverted(const DevzoneContext& cx, Analysis& an, Findings& findings) {
    const auto& parcels = cx.ds.parcels.features;
    // Each parcel's share, its evidence and the finding of a diverted one made on every core; the
    // findings added in parcel order.
    in_item_order<Finding>(
        parcels.size(), 4096,
        [&](size_t i, Finding& finding) {
            ParcelResult& pr = an.parcels[i];
            const Record& r = parcels[i].rec;
            if (!parcels[i].geom || !(pr.area_m2 > 0) || !cx.supplied_at_t(an, i) || r.s(ParcelF::land_use).empty() ||
                !is_industrial(r.s(ParcelF::land_use), cx.rules.ind_prefixes))
                return;
            const double div_max = cx.rules.diverted_share;
            pr.div_share = cx.lu->other_m2[i] / pr.area_m2;
            pr.diverted = static_cast<int8_t>(pr.div_share > div_max ? 1 : 0);
            if (!pr.diverted) return;
            const auto found = cx.lu->evidence.find(static_cast<uint32_t>(i));
            std::vector<std::string> evidence = found == cx.lu->evidence.end() ? std::vector<std::string>() : found->second;
            const fmt::Pair share = fmt::percent_pair(pr.div_share, div_max);
            evidence.insert(evidence.begin(), say(cx.rules.lang, Msg::DevzoneDivertedShare, {share.value, share.threshold}));
            pr.div_evidence = NoteList(evidence);
            const auto& f = parcels[i];
            const std::string_view id = f.rec.s(ParcelF::parcel_id);
            finding = Finding{"parcels", f.fid, std::string(id), "diverted", Severity::Warning,
                              say(cx.rules.lang, Msg::DevzoneDiverted, {feature_ref(cx.ds.parcels, f.fid, id), pr.div_evidence.join("; ")})};
        },
        [&](size_t, Finding& finding) {
            if (!finding.code.empty()) findings.add(std::move(finding));  // a diverted parcel's
        });
}

// (layer 0 farmland / 1 red line, polygon) of the control-line polygons meeting each park.
using ControlHits = std::vector<std::vector<std::pair<uint32_t, uint32_t>>>;

// Each park's figures from the layers, and its 批而未供 and idle rates.
ControlHits park_figures(const DevzoneContext& cx, Analysis& an) {
    ControlHits hits_of(an.parks.size());
    tbb::parallel_for(size_t(0), an.parks.size(), [&](size_t k) {
        const GEOSGeometry* zone = cx.ds.parks.features[k].geom.get();
        ParkResult& p = an.parks[k];
        if (zone) cx.zone_figures(zone, p.area_m2, p.dz, &hits_of[k], k);
        p.dz.unsup_rt = safe_ratio(p.unsup_m2, p.appr_m2);
        p.dz.idle_rt = safe_ratio(p.idle_m2, p.land_m2);
    });
    return hits_of;
}

// Per parcel supplied at T: supplied in the window, industrial, industrial and below the
// standards devzone.quota_checks names.
struct ParcelFlags {
    std::vector<char> in_window, industrial, below;
};

// The parcels' flags, and supply in the window, industrial land and its below-standard part per
// park: the flags on every core (each parcel its own), the parks' sums in parcel order (a fixed
// summation order, whatever the threads did). Issue 20: the whole loop on one core was 0.2 s of
// a 1 M run with the other core idle.
ParcelFlags sum_parcels_into_parks(const DevzoneContext& cx, Analysis& an) {
    const auto& parcels = cx.ds.parcels.features;
    ParcelFlags fl;
    fl.in_window.assign(parcels.size(), 0);
    fl.industrial.assign(parcels.size(), 0);
    fl.below.assign(parcels.size(), 0);
    tbb::parallel_for(tbb::blocked_range<size_t>(0, parcels.size(), 4096), [&](const tbb::blocked_range<size_t>& range) {
        for (size_t i = range.begin(); i != range.end(); ++i) {
            const ParcelResult& pr = an.parcels[i];
            if (!cx.supplied_at_t(an, i)) continue;
            const Record& r = parcels[i].rec;
            const double sd = r.n(ParcelF::supply_dt);
            fl.in_window[i] = !std::isnan(sd) && from_num(sd) > cx.window_start && from_num(sd) <= cx.T;
            const std::string_view use = r.s(ParcelF::land_use);
            fl.industrial[i] = !use.empty() && is_industrial(use, cx.rules.ind_prefixes);
            if (fl.industrial[i] && pr.compliant == 0)
                for (const auto& v : pr.violations.items())
                    for (const auto& q : cx.rules.quota_checks)
                        if (!q.empty() && v.rfind(q + "(", 0) == 0) fl.below[i] = 1;
        }
    });
    for (size_t i = 0; i < parcels.size(); ++i) {
        if (!fl.in_window[i] && !fl.industrial[i] && !fl.below[i]) continue;  // adds nothing to any park
        const ParcelResult& pr = an.parcels[i];
        for (const auto& sh : pr.parks) {
            DevzoneFigures& d = an.parks[sh.park].dz;
            if (fl.in_window[i]) d.sup_n_m2 = (std::isnan(d.sup_n_m2) ? 0 : d.sup_n_m2) + sh.area_m2;
            if (fl.industrial[i]) d.ind_m2 += sh.area_m2;
            if (fl.below[i]) d.below_m2 += sh.area_m2;
        }
    }
    return fl;
}

// Supply years and the quota suggestion, from a zone's sums.
void supply_years_and_quota(const DevzoneContext& cx, ParkResult& p) {
    DevzoneFigures& d = p.dz;
    const int n_years = cx.rules.supply_years_n;
    if (std::isnan(d.sup_n_m2)) d.sup_n_m2 = 0;
    d.sup_mean = d.sup_n_m2 / n_years;
    d.proof_m2 = cx.rules.proof_unsupplied ? (std::isnan(p.unsup_m2) ? 0 : p.unsup_m2) : 0;
    const Lang lang = cx.rules.lang;
    const std::string inputs = say(lang, Msg::DzSupInputs,
                                   {m2_text(d.pln_con), m2_text(p.land_m2), m2_text(d.proof_m2), m2_text(d.sup_mean), m2_text(d.sup_n_m2),
                                    cx.window_start.iso(), cx.T.iso(), std::to_string(n_years)});
    if (std::isnan(d.pln_con)) {
        d.sup_why = say(lang, Msg::DzSupNoPlan);
    } else if (!(d.sup_mean > 0)) {
        d.sup_why = say(lang, Msg::DzSupNoSupply, {std::to_string(n_years), inputs});
    } else {
        d.sup_yrs = (d.pln_con - p.land_m2 - d.proof_m2) / d.sup_mean;
        d.sup_why = std::string("sup_yrs = ").append(g4(d.sup_yrs)).append(" = ").append(inputs);
    }
    // Next year's land quota (seed 002): the share of industrial land below the control standards.
    const auto& quota = cx.rules.quota;
    d.below_rt = safe_ratio(d.below_m2, d.ind_m2);
    if (std::isnan(d.below_rt)) {
        d.quota_why = say(lang, Msg::DzQuotaNoInd);
    } else if (!quota.empty()) {
        const std::pair<double, double>* row = nullptr;
        for (const auto& q : quota)
            if (d.below_rt >= q.first) row = &q;
        if (row) {
            d.quota_adj = row->second;
            d.quota_why = say(lang, Msg::DzQuotaRow,
                              {pct(d.below_rt), join(cx.rules.quota_checks, ", "), pct(row->first), std::string(row->second > 0 ? "+" : "").append(pct(row->second))});
        } else {
            d.quota_why = say(lang, Msg::DzQuotaUnder, {pct(d.below_rt), pct(quota.front().first)});
        }
    }
}

// The platforms of several parks (platform_groups), each with its union as geometry, the layers'
// figures on that union and its approved and 批而未供 land (approved at T), each counted once.
void platform_zone_figures(const DevzoneContext& cx, Analysis& an) {
    const Dataset& ds = cx.ds;
    an.dz_platforms.clear();
    for (auto& [id, ks] : platform_groups(ds)) {
        PlatformFigures pf;
        pf.id = id;
        pf.parks = ks;
        an.dz_platforms.push_back(std::move(pf));
    }
    std::vector<const GEOSGeometry*> appr_geoms(ds.approvals.features.size(), nullptr);
    for (size_t a = 0; a < appr_geoms.size(); ++a) {
        const double dt = ds.approvals.features[a].rec.n(ApprovalF::appr_dt);
        if (std::isnan(dt) || from_num(dt) <= cx.T) appr_geoms[a] = ds.approvals.features[a].geom.get();  // approved at T
    }
    // The 批而未供 polygons are packed as they are made (assess_unsupplied, issue 20): their boxes here,
    // and each platform takes hold() of those its zone's query finds, one at a time.
    const EnvelopeIndex appr_index(appr_geoms), unsup_index(boxes_of(an.unsupplied));
    tbb::parallel_for(size_t(0), an.dz_platforms.size(), [&](size_t j) {
        PlatformFigures& pf = an.dz_platforms[j];
        std::string names;
        for (uint32_t k : pf.parks) names += (names.empty() ? "" : "、") + std::string(ds.parks.features[k].rec.s(ParkF::park_id));
        pf.f.rec = empty_record(schema(LayerKind::Parks));
        pf.f.rec.set(ParkF::park_id, pf.id);
        pf.f.rec.set(ParkF::name, "平台合计(" + names + ")");
        pf.f.geom = platform_union(ds, pf.parks);
        if (!pf.f.geom) return;
        const GEOSGeometry* zone = pf.f.geom.get();
        ParkResult& p = pf.p;
        p.area_m2 = cx.meter.area_m2(zone);
        cx.zone_figures(zone, p.area_m2, p.dz, nullptr, ds.parks.features.size() + j);
        const PreparedPtr pz = prepare(zone);
        const auto zc = RectClipper::worth_it(zone) ? std::make_unique<RectClipper>(zone) : nullptr;  // many enclaves
        std::vector<uint32_t> hits;
        p.appr_m2 = union_area_inside(zone, pz.get(), zc.get(), p.area_m2, appr_geoms, appr_index, cx.meter, hits);
        hits.clear();
        const auto unsup_of = [&an](uint32_t h) { return an.unsupplied[h].geom.hold(); };
        p.unsup_m2 = union_area_inside_of(zone, pz.get(), zc.get(), p.area_m2, unsup_of, unsup_index, cx.meter, hits);
    });
}

// Parcel land per platform, in parcel order: a parcel in one of the platform's parks counts its
// share there; one in two or more of them (the parks overlap) its part inside the union. Each
// parcel's parts are found on every core a block at a time (an intersection for a parcel in two of
// a platform's parks) and added to the platforms in parcel order, so the sums are those of one
// loop to the bit (issue 20).
void sum_parcels_into_platforms(const DevzoneContext& cx, const ParcelFlags& fl, Analysis& an) {
    const auto& parcels = cx.ds.parcels.features;
    if (an.dz_platforms.empty()) return;
    std::vector<int> platform_of(cx.ds.parks.features.size(), -1);
    for (size_t j = 0; j < an.dz_platforms.size(); ++j)
        for (uint32_t k : an.dz_platforms[j].parks) platform_of[k] = static_cast<int>(j);
    // A parcel's parts: (platform, its land there), in the order its parks give the platforms.
    using Parts = std::vector<std::pair<int, double>>;
    in_item_order<Parts>(
        parcels.size(), 16384,
        [&](size_t i, Parts& parts) {
            const ParcelResult& pr = an.parcels[i];
            std::vector<int> n_parts;
            for (const auto& sh : pr.parks) {
                const int j = platform_of[sh.park];
                if (j < 0 || !an.dz_platforms[static_cast<size_t>(j)].f.geom) continue;
                size_t at = 0;
                while (at < parts.size() && parts[at].first != j) ++at;
                if (at == parts.size()) {
                    parts.emplace_back(j, 0.0);
                    n_parts.push_back(0);
                }
                parts[at].second += sh.area_m2;
                ++n_parts[at];
            }
            if (parts.empty() || supplied_after(parcels[i].rec, cx.T)) {
                parts.clear();
                return;
            }
            for (size_t at = 0; at < parts.size(); ++at) {
                if (n_parts[at] < 2) continue;
                const GEOSGeometry* zone = an.dz_platforms[static_cast<size_t>(parts[at].first)].f.geom.get();
                parts[at].second = cx.meter.area_m2(clipped_intersection(parcels[i].geom.hold().get(), zone).get());
            }
        },
        [&](size_t i, const Parts& parts) {
            const ParcelResult& pr = an.parcels[i];
            for (const auto& [platform, part] : parts) {
                ParkResult& p = an.dz_platforms[static_cast<size_t>(platform)].p;
                p.land_m2 += part;
                if (pr.state == LandState::Idle || pr.state == LandState::IdleGov) p.idle_m2 += part;
                if (!cx.supplied_at_t(an, i)) continue;
                if (fl.in_window[i]) p.dz.sup_n_m2 = (std::isnan(p.dz.sup_n_m2) ? 0 : p.dz.sup_n_m2) + part;
                if (fl.industrial[i]) p.dz.ind_m2 += part;
                if (fl.below[i]) p.dz.below_m2 += part;
            }
        });
}

// A zone on farmland or the red line is a violation to explain: one finding per polygon.
void report_control_lines(const DevzoneContext& cx, const ControlHits& hits_of, Findings& findings) {
    const Dataset& ds = cx.ds;
    for (size_t k = 0; k < hits_of.size(); ++k) {
        const auto& pf = ds.parks.features[k];
        const std::string_view pid = pf.rec.s(ParkF::park_id);
        for (const auto& [which, h] : hits_of[k]) {
            const LayerData& l = which == 0 ? ds.farmland : ds.eco_redline;
            const auto& cf = l.features[h];
            const std::string_view cid = cf.rec.s(ZoneF::zone_id);
            const double a = cx.meter.area_m2(clipped_intersection(cf.geom.get(), pf.geom.get()).get());
            findings.add("parks", pf.fid, pid, which == 0 ? "on_farmland" : "on_redline", Severity::Warning,
                         say(cx.rules.lang, which == 0 ? Msg::DevzoneOnFarmland : Msg::DevzoneOnRedline,
                             {feature_ref(ds.parks, pf.fid, pid), m2_text(a), feature_label(l, cf, cid)}));
        }
    }
}

}  // namespace

void check_devzones(const Dataset& ds, const DevzoneRules& rules, Analysis& an, Findings& findings) {
    an.require(Stage::Compliance, "check_devzones");  // below-standard industrial land (quota)
    an.require(Stage::States, "check_devzones");      // idle land
    an.require(Stage::Unsupplied, "check_devzones");  // approved and 批而未供 land
    const DevzoneContext cx(ds, rules);
    if (cx.lu) mark_diverted(cx, an, findings);
    // Per park: the layers' figures, then the parcels' sums, then supply years and the quota.
    const ControlHits hits_of = park_figures(cx, an);
    const ParcelFlags flags = sum_parcels_into_parks(cx, an);
    for (auto& p : an.parks) supply_years_and_quota(cx, p);
    // Platforms of several parks (parks sharing their `platform` field, as classify_platforms
    // groups them): every figure on the union of the platform's parks, so land where two of its
    // parks overlap counts once; shares and supply years recomputed from the platform's sums.
    platform_zone_figures(cx, an);
    sum_parcels_into_platforms(cx, flags, an);
    for (auto& pf : an.dz_platforms) {
        ParkResult& p = pf.p;
        if (!pf.f.geom) continue;
        p.dz.unsup_rt = safe_ratio(p.unsup_m2, p.appr_m2);
        p.dz.idle_rt = safe_ratio(p.idle_m2, p.land_m2);
        supply_years_and_quota(cx, p);
    }
    report_control_lines(cx, hits_of, findings);
    an.mark(Stage::Devzone);
}

}  // namespace landeff
