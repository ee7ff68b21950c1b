#include "landeff/devzone.hpp"

#include <tbb/parallel_for.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <stdexcept>

#include "landeff/area.hpp"
#include "landeff/compliance.hpp"
#include "landeff/indicators.hpp"
#include "landeff/source.hpp"
#include "landeff/spatial_index.hpp"
#include "landeff/text.hpp"
#include "landeff/values.hpp"

namespace landeff {

bool code_in(std::string_view code, const std::vector<std::string>& prefixes) {
    const std::string c = ascii_lower(trim(code));
    if (c.empty()) return false;
    for (const auto& p : prefixes)
        if (!p.empty() && c.rfind(ascii_lower(p), 0) == 0) return true;
    return false;
}

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
double union_area_inside(const GEOSGeometry* zone, const GEOSPreparedGeometry* pz, double zone_m2, const Indexed& in,
                         const AreaMeter& meter, std::vector<uint32_t>& hits_out) {
    std::vector<uint32_t> hits;
    in.index.query(zone, hits);
    std::vector<GeomPtr> pieces;
    bool covered = false;
    for (uint32_t h : hits) {
        const GEOSGeometry* g = in.geoms[h];
        if (!g || GEOSPreparedIntersects_r(geos(), pz, g) != 1) continue;
        if (GEOSPreparedContains_r(geos(), pz, g) == 1) {
            pieces.push_back(clone(g));  // fast path: wholly inside the zone
        } else if (GEOSCovers_r(geos(), g, zone) == 1) {
            covered = true;  // fast path: the polygon covers the whole zone
            hits_out.push_back(h);
            continue;
        } else {
            GeomPtr piece = clipped_intersection(g, zone);
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

// The area of polygon `g` inside the zone (prepared `pz`): the whole polygon when the zone contains it.
double area_inside(const GEOSGeometry* g, const GEOSGeometry* zone, const GEOSPreparedGeometry* pz, const AreaMeter& meter) {
    if (!g || GEOSPreparedIntersects_r(geos(), pz, g) != 1) return 0;
    if (GEOSPreparedContains_r(geos(), pz, g) == 1) return meter.area_m2(g);
    return meter.area_m2(clipped_intersection(g, zone).get());
}

std::string feature_label(const LayerData& l, const Feature& f, std::string_view id) {
    return feature_ref(l, f.fid, id);
}

}  // namespace

void check_devzones(const Dataset& ds, Analysis& an, Findings& findings) {
    an.require(Stage::Compliance, "check_devzones");  // below-standard industrial land (quota)
    an.require(Stage::States, "check_devzones");      // idle land
    an.require(Stage::Unsupplied, "check_devzones");  // approved and 批而未供 land
    const Settings& s = ds.cfg.settings;
    const Date T = ds.cfg.eval_date;
    const AreaMeter meter(ds.crs, s.str("area_mode") == "ellipsoidal" ? AreaMode::Ellipsoidal : AreaMode::Planar,
                          s.number("area.densify_m"));
    const auto lu_con = split(s.str("devzone.lu_construction"), '|');
    const auto lu_ind = split(s.str("devzone.lu_industrial"), '|');
    const auto lu_min = split(s.str("devzone.lu_mining"), '|');
    const auto lu_sto = split(s.str("devzone.lu_storage"), '|');
    const auto pl_con = split(s.str("devzone.plan_construction"), '|');
    const auto pl_ind = split(s.str("devzone.plan_industrial"), '|');
    const auto div_codes = split(s.str("devzone.diverted_codes"), '|');
    const auto ind_prefixes = split(s.str("control.industrial_prefixes"), '|');
    const auto quota_checks = split(s.str("devzone.quota_checks"), '|');
    const auto quota = parse_quota_table(s.str("devzone.quota_table"));
    const double div_max = s.number("devzone.diverted_share");
    const int n_years = static_cast<int>(s.integer("devzone.supply_years_n"));
    const bool proof_unsup = s.str("devzone.proof_of_use") == "unsupplied";
    // The supply window: the N years ending at T, supply dates in (T − N years, T].
    const Date window_start = add_years(T, -n_years);

    const Indexed dev(ds.dev_boundary), farm(ds.farmland), eco(ds.eco_redline), lu(ds.landuse), plan(ds.plan);
    const auto& parcels = ds.parcels.features;

    // A parcel counts as supplied at T with a supply date on or before T, or none (as in land_mu);
    // it counts in the supply window only with a date inside it.
    auto supplied_at_t = [&](size_t i) { return an.parcels[i].state != LandState::NotSupplied && !supplied_after(parcels[i].rec, T); };

    // Diverted industrial land (挪作他用): per supplied industrial parcel, its area under other-use 三调 codes.
    if (lu.present()) {
        tbb::parallel_for(size_t(0), parcels.size(), [&](size_t i) {
            ParcelResult& pr = an.parcels[i];
            const Record& r = parcels[i].rec;
            const GEOSGeometry* g = parcels[i].geom.get();
            if (!g || !(pr.area_m2 > 0) || !supplied_at_t(i) || r.s(ParcelF::land_use).empty() ||
                !is_industrial(r.s(ParcelF::land_use), ind_prefixes))
                return;
            const PreparedPtr pg = prepare(g);
            std::vector<uint32_t> hits;
            lu.index.query(g, hits);
            double other = 0;
            std::vector<std::string> evidence;
            for (uint32_t h : hits) {
                const Record& lr = ds.landuse.features[h].rec;
                if (!code_in(lr.s(LanduseF::dlbm), div_codes)) continue;
                const double a = area_inside(lu.geoms[h], g, pg.get(), meter);
                if (a <= 0) continue;
                other += a;
                evidence.push_back(std::string(lr.s(LanduseF::lu_id)) + " " + std::string(lr.s(LanduseF::dlbm)) +
                                   (lr.s(LanduseF::dlmc).empty() ? std::string() : std::string(" ").append(lr.s(LanduseF::dlmc))) + ": " +
                                   m2_text(a));
            }
            pr.div_share = other / pr.area_m2;
            pr.diverted = static_cast<int8_t>(pr.div_share > div_max ? 1 : 0);
            if (pr.diverted) {
                evidence.insert(evidence.begin(), "diverted: " + pct(pr.div_share) + " under other-use codes > " + pct(div_max));
                pr.div_evidence = NoteList(evidence);
            }
        });
        for (size_t i = 0; i < parcels.size(); ++i) {
            const ParcelResult& pr = an.parcels[i];
            if (pr.diverted != 1) continue;
            const auto& f = parcels[i];
            const std::string_view id = f.rec.s(ParcelF::parcel_id);
            findings.add("parcels", f.fid, id, "diverted", Severity::Warning,
                         feature_ref(ds.parcels, f.fid, id) + ": supplied industrial land used for other purposes (挪作他用): " +
                             pr.div_evidence.join("; "));
        }
    }

    // Per park. Figures of an absent layer stay null.
    std::vector<std::vector<std::pair<uint32_t, uint32_t>>> hits_of(an.parks.size());  // (layer 0 farm / 1 eco, polygon)
    tbb::parallel_for(size_t(0), an.parks.size(), [&](size_t k) {
        const GEOSGeometry* zone = ds.parks.features[k].geom.get();
        ParkResult& p = an.parks[k];
        DevzoneFigures& d = p.dz;
        if (!zone) return;
        const PreparedPtr pz = prepare(zone);
        const double zone_m2 = p.area_m2;
        std::vector<uint32_t> hits;
        if (dev.present()) {
            d.dev_in_m2 = union_area_inside(zone, pz.get(), zone_m2, dev, meter, hits);
            d.dev_out_m2 = std::max(0.0, zone_m2 - d.dev_in_m2);
            d.dev_out_rt = safe_ratio(d.dev_out_m2, zone_m2);
            hits.clear();
        }
        if (farm.present()) {
            d.farm_m2 = union_area_inside(zone, pz.get(), zone_m2, farm, meter, hits);
            d.farm_rt = safe_ratio(d.farm_m2, zone_m2);
            for (uint32_t h : hits) hits_of[k].emplace_back(0, h);
            hits.clear();
        }
        if (eco.present()) {
            d.eco_m2 = union_area_inside(zone, pz.get(), zone_m2, eco, meter, hits);
            for (uint32_t h : hits) hits_of[k].emplace_back(1, h);
            hits.clear();
        }
        if (lu.present()) {
            d.cur_con = d.cur_ind = d.cur_min = d.cur_sto = 0;
            lu.index.query(zone, hits);
            for (uint32_t h : hits) {
                const std::string_view code = ds.landuse.features[h].rec.s(LanduseF::dlbm);
                const bool c = code_in(code, lu_con), i = code_in(code, lu_ind), m = code_in(code, lu_min), st = code_in(code, lu_sto);
                if (!c && !i && !m && !st) continue;
                const double a = area_inside(lu.geoms[h], zone, pz.get(), meter);
                if (c) d.cur_con += a;
                if (i) d.cur_ind += a;
                if (m) d.cur_min += a;
                if (st) d.cur_sto += a;
            }
            d.cur_ind_rt = safe_ratio(d.cur_ind, d.cur_con);
            hits.clear();
        }
        if (plan.present()) {
            d.pln_con = d.pln_ind = 0;
            plan.index.query(zone, hits);
            for (uint32_t h : hits) {
                const std::string_view code = ds.plan.features[h].rec.s(PlanF::plan_code);
                const bool c = code_in(code, pl_con), i = code_in(code, pl_ind);
                if (!c && !i) continue;
                const double a = area_inside(plan.geoms[h], zone, pz.get(), meter);
                if (c) d.pln_con += a;
                if (i) d.pln_ind += a;
            }
            d.pln_ind_rt = safe_ratio(d.pln_ind, d.pln_con);
            hits.clear();
        }
        d.unsup_rt = safe_ratio(p.unsup_m2, p.appr_m2);
        d.idle_rt = safe_ratio(p.idle_m2, p.land_m2);
    });

    // Supply in the window, industrial land and its below-standard part, per park: per parcel
    // parts in parcel order (a fixed summation order, whatever the threads did).
    for (size_t i = 0; i < parcels.size(); ++i) {
        const ParcelResult& pr = an.parcels[i];
        if (pr.parks.empty() || !supplied_at_t(i)) continue;
        const Record& r = parcels[i].rec;
        const double sd = r.n(ParcelF::supply_dt);
        const bool in_window = !std::isnan(sd) && from_num(sd) > window_start && from_num(sd) <= T;
        const std::string_view use = r.s(ParcelF::land_use);
        const bool industrial = !use.empty() && is_industrial(use, ind_prefixes);
        bool below = false;
        if (industrial && pr.compliant == 0)
            for (const auto& v : pr.violations.items())
                for (const auto& q : quota_checks)
                    if (!q.empty() && v.rfind(q + "(", 0) == 0) below = true;
        for (const auto& sh : pr.parks) {
            DevzoneFigures& d = an.parks[sh.park].dz;
            if (in_window) d.sup_n_m2 = (std::isnan(d.sup_n_m2) ? 0 : d.sup_n_m2) + sh.area_m2;
            if (industrial) d.ind_m2 += sh.area_m2;
            if (below) d.below_m2 += sh.area_m2;
        }
    }

    for (size_t k = 0; k < an.parks.size(); ++k) {
        ParkResult& p = an.parks[k];
        DevzoneFigures& d = p.dz;
        if (std::isnan(d.sup_n_m2)) d.sup_n_m2 = 0;
        d.sup_mean = d.sup_n_m2 / n_years;
        d.proof_m2 = proof_unsup ? (std::isnan(p.unsup_m2) ? 0 : p.unsup_m2) : 0;
        const std::string inputs = "(planned construction " + m2_text(d.pln_con) + " − supplied " + m2_text(p.land_m2) +
                                   " − proof of use " + m2_text(d.proof_m2) + ") ÷ mean annual supply " + m2_text(d.sup_mean) +
                                   " (" + m2_text(d.sup_n_m2) + " supplied " + window_start.iso() + " < date ≤ " +
                                   T.iso() + ", ÷ " + std::to_string(n_years) + ")";
        if (std::isnan(d.pln_con)) {
            d.sup_why = "sup_yrs: planned construction land unknown (no plan layer, or the park has no geometry)";
        } else if (!(d.sup_mean > 0)) {
            d.sup_why = "sup_yrs: no land supplied in the " + std::to_string(n_years) + " years ending at T: " + inputs;
        } else {
            d.sup_yrs = (d.pln_con - p.land_m2 - d.proof_m2) / d.sup_mean;
            d.sup_why = "sup_yrs = " + g4(d.sup_yrs) + " = " + inputs;
        }
        // Next year's land quota (seed 002): the share of industrial land below the control standards.
        d.below_rt = safe_ratio(d.below_m2, d.ind_m2);
        if (std::isnan(d.below_rt)) {
            d.quota_why = "no supplied industrial land inside";
        } else if (!quota.empty()) {
            const std::pair<double, double>* row = nullptr;
            for (const auto& q : quota)
                if (d.below_rt >= q.first) row = &q;
            if (row) {
                d.quota_adj = row->second;
                d.quota_why = pct(d.below_rt) + " of industrial land below the control standards (" + join(quota_checks, ", ") +
                              ") ≥ " + pct(row->first) + " → " + (row->second > 0 ? "+" : "") + pct(row->second);
            } else {
                d.quota_why = pct(d.below_rt) + " of industrial land below the control standards, under the table's first row " +
                              pct(quota.front().first);
            }
        }
    }

    // A zone on farmland or the red line is a violation to explain: one finding per polygon.
    for (size_t k = 0; k < an.parks.size(); ++k) {
        const auto& pf = ds.parks.features[k];
        const std::string_view pid = pf.rec.s(ParkF::park_id);
        for (const auto& [which, h] : hits_of[k]) {
            const LayerData& l = which == 0 ? ds.farmland : ds.eco_redline;
            const auto& cf = l.features[h];
            const std::string_view cid = cf.rec.s(ZoneF::zone_id);
            const double a = meter.area_m2(clipped_intersection(cf.geom.get(), pf.geom.get()).get());
            findings.add("parks", pf.fid, pid, which == 0 ? "on_farmland" : "on_redline", Severity::Warning,
                         feature_ref(ds.parks, pf.fid, pid) + ": " + m2_text(a) + " on " +
                             (which == 0 ? "permanent basic farmland (永久基本农田) " : "the ecological red line (生态保护红线) ") +
                             feature_label(l, cf, cid) + "; explain it in the integration check");
        }
    }
    an.mark(Stage::Devzone);
}

}  // namespace landeff
