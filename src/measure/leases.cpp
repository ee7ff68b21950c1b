#include "landeff/leases.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <unordered_map>

#include "landeff/format.hpp"
#include "landeff/indicators.hpp"
#include "landeff/messages.hpp"
#include "landeff/params.hpp"

namespace landeff {
namespace {

std::string num(double v) { return fmt::fixed(v, 2); }

std::string day(double v) { return std::isnan(v) ? std::string("—") : from_num(v).iso(); }

constexpr double kInf = std::numeric_limits<double>::infinity();

}  // namespace

bool lease_active_at(const Record& lease, const Date& T) {
    const double start = lease.n(LeaseF::start_dt), end = lease.n(LeaseF::end_dt);
    if (!std::isnan(start) && from_num(start) > T) return false;
    if (!std::isnan(end) && from_num(end) < T) return false;
    return true;
}

std::vector<std::string_view> lease_tenant_ids(const Dataset& ds) {
    std::vector<std::string_view> out;
    for (size_t i = 0; i < ds.leases.features.size(); ++i) {
        const Record& r = ds.leases.features[i].rec;
        if (r.s(LeaseF::ent_id).empty() || ds.leases.id_rounded(i, LeaseF::ent_id)) continue;
        if (lease_active_at(r, ds.cfg.eval_date)) out.push_back(r.s(LeaseF::ent_id));
    }
    return out;
}

namespace {

// One lease that names a tenant and a known parcel; land_m2 stays NaN unless it counts at T.
struct Candidate {
    uint32_t lease, parcel;
    double land_m2;
    bool active;
};

// What the steps of apply_leases share: the inputs, T, the rules and where findings go.
struct LeaseContext {
    const Dataset& ds;
    const LeaseRules& rules;
    Findings& findings;
    const Date T;
    const std::vector<Feature>& leases;
    const std::vector<Feature>& parcels;

    LeaseContext(const Dataset& d, const LeaseRules& r, Findings& f)
        : ds(d), rules(r), findings(f), T(d.cfg.eval_date), leases(d.leases.features), parcels(d.parcels.features) {}

    std::string ref(size_t i) const { return feature_ref(ds.leases, leases[i].fid, leases[i].rec.s(LeaseF::lease_id)); }
    void add(size_t i, const char* code, Severity sev, const std::string& msg) const {
        findings.add("leases", leases[i].fid, leases[i].rec.s(LeaseF::lease_id), code, sev, msg);
    }
    double start_of(const Candidate& c) const {
        const double s = leases[c.lease].rec.n(LeaseF::start_dt);
        return std::isnan(s) ? -kInf : s;
    }
    double end_of(const Candidate& c) const {
        const double e = leases[c.lease].rec.n(LeaseF::end_dt);
        return std::isnan(e) ? kInf : e;
    }
    std::string_view tenant_of(const Candidate& c) const { return leases[c.lease].rec.s(LeaseF::ent_id); }
};

// 1. Each lease on its own: tenant, parcel, dates at T.
std::vector<Candidate> lease_candidates(const LeaseContext& cx) {
    const Lang lang = cx.rules.lang;
    // The first parcel of each id the leases name (duplicates are findings), found in one pass over
    // the parcels: a map of every parcel's id took 0.6 s on one thread at 1 M parcels (issue 20).
    constexpr uint32_t kNone = std::numeric_limits<uint32_t>::max();
    std::unordered_map<std::string_view, uint32_t> parcel_of;  // views into the leases' records
    for (const auto& l : cx.leases)
        if (!l.rec.s(LeaseF::parcel_id).empty()) parcel_of.emplace(l.rec.s(LeaseF::parcel_id), kNone);
    for (uint32_t i = 0; i < cx.parcels.size() && !parcel_of.empty(); ++i) {
        auto it = parcel_of.find(cx.parcels[i].rec.s(ParcelF::parcel_id));
        if (it != parcel_of.end() && it->second == kNone && !cx.ds.parcels.id_rounded(i, ParcelF::parcel_id)) it->second = i;
    }
    std::vector<Candidate> cand;
    for (uint32_t i = 0; i < cx.leases.size(); ++i) {
        const Record& r = cx.leases[i].rec;
        const std::string_view tenant = r.s(LeaseF::ent_id), pid = r.s(LeaseF::parcel_id);
        if (tenant.empty() || cx.ds.leases.id_rounded(i, LeaseF::ent_id)) {
            cx.add(i, "lease_no_tenant", Severity::Warning, say(lang, Msg::LeaseNoTenant, {cx.ref(i)}));
            continue;
        }
        auto p = parcel_of.find(pid);
        if (pid.empty() || p == parcel_of.end() || p->second == kNone || cx.ds.leases.id_rounded(i, LeaseF::parcel_id)) {
            cx.add(i, "lease_unknown_parcel", Severity::Warning, say(lang, Msg::LeaseUnknownParcel, {cx.ref(i), std::string(pid)}));
            continue;
        }
        const bool active = lease_active_at(r, cx.T);
        if (!active) {
            const double start = r.n(LeaseF::start_dt), end = r.n(LeaseF::end_dt);
            const bool before = !std::isnan(start) && from_num(start) > cx.T;
            cx.add(i, "lease_inactive", Severity::Info,
                   say(lang, before ? Msg::LeaseNotStarted : Msg::LeaseEnded, {cx.ref(i), day(start), day(end), cx.T.iso()}));
        }
        cand.push_back({i, p->second, kNaN, active});
    }
    return cand;
}

// 2. Overlapping terms of the same tenant on the same parcel: a finding, and at T only the lease
// that started first (then the first listed) counts, so floor space is not counted twice. Returns
// per candidate whether it is dropped.
std::vector<char> drop_overlapping(const LeaseContext& cx, const std::vector<Candidate>& cand) {
    std::vector<size_t> order(cand.size());
    for (size_t k = 0; k < order.size(); ++k) order[k] = k;
    std::sort(order.begin(), order.end(), [&](size_t a, size_t b) {
        const Candidate &x = cand[a], &y = cand[b];
        if (cx.tenant_of(x) != cx.tenant_of(y)) return cx.tenant_of(x) < cx.tenant_of(y);
        if (x.parcel != y.parcel) return x.parcel < y.parcel;
        if (cx.start_of(x) != cx.start_of(y)) return cx.start_of(x) < cx.start_of(y);
        return x.lease < y.lease;
    });
    std::vector<char> dropped(cand.size(), 0);
    for (size_t k = 0; k < order.size();) {
        size_t g = k;
        while (g < order.size() && cx.tenant_of(cand[order[g]]) == cx.tenant_of(cand[order[k]]) &&
               cand[order[g]].parcel == cand[order[k]].parcel)
            ++g;
        // Within the group, sorted by start: a lease overlaps the one (before it) with the latest end.
        size_t held = order[k];
        bool counted = cand[held].active;
        for (size_t j = k + 1; j < g; ++j) {
            const Candidate& c = cand[order[j]];
            if (cx.start_of(c) <= cx.end_of(cand[held]))
                cx.add(c.lease, "lease_overlap", Severity::Warning,
                       say(cx.rules.lang, Msg::LeaseOverlap,
                           {cx.ref(c.lease), std::string(cx.leases[cand[held].lease].rec.s(LeaseF::lease_id)),
                            std::string(cx.tenant_of(c)), std::string(cx.parcels[c.parcel].rec.s(ParcelF::parcel_id))}));
            if (c.active && counted) dropped[order[j]] = 1;
            counted = counted || c.active;
            if (cx.end_of(c) > cx.end_of(cand[held])) held = order[j];
        }
        k = g;
    }
    return dropped;
}

// 3. Land of each counted lease (its land_m2); returns per parcel the factor that scales its leases
// down when they take more than its floor area (or its land).
std::vector<double> lease_land(const LeaseContext& cx, const Analysis& an, const std::vector<char>& dropped,
                               std::vector<Candidate>& cand) {
    const Lang lang = cx.rules.lang;
    const bool by_floor = cx.rules.by_floor;
    const auto& parcels = cx.parcels;
    std::vector<double> parcel_sum(parcels.size(), 0.0), parcel_leased(parcels.size(), 0.0);
    for (size_t k = 0; k < cand.size(); ++k) {
        Candidate& c = cand[k];
        if (!c.active || dropped[k]) continue;
        const Record& r = cx.leases[c.lease].rec;
        const Record& pr = parcels[c.parcel].rec;
        if (supplied_after(pr, cx.T)) {
            cx.add(c.lease, "lease_parcel_later", Severity::Info,
                   say(lang, Msg::LeaseParcelLater, {cx.ref(c.lease), std::string(pr.s(ParcelF::parcel_id)), day(pr.n(ParcelF::supply_dt)), cx.T.iso()}));
            continue;
        }
        const double area = an.parcels[c.parcel].area_m2;
        if (std::isnan(area) || area <= 0) continue;  // no geometry: a finding of the parcel already
        if (by_floor) {
            const double floor = pr.n(ParcelF::floor_m2), leased = r.n(LeaseF::leased_m2);
            if (std::isnan(floor) || floor <= 0) {
                cx.add(c.lease, "lease_no_floor", Severity::Warning,
                       say(lang, Msg::LeaseNoFloor, {cx.ref(c.lease), std::string(pr.s(ParcelF::parcel_id))}));
                continue;
            }
            if (std::isnan(leased) || leased <= 0) {
                cx.add(c.lease, "lease_no_area", Severity::Warning,
                       say(lang, Msg::LeaseNoArea, {cx.ref(c.lease), say(lang, Msg::LeaseFieldLeased)}));
                continue;
            }
            c.land_m2 = area * leased / floor;
            parcel_leased[c.parcel] += leased;
        } else {
            const double land = r.n(LeaseF::land_m2);
            if (std::isnan(land) || land <= 0) {
                cx.add(c.lease, "lease_no_area", Severity::Warning,
                       say(lang, Msg::LeaseNoArea, {cx.ref(c.lease), say(lang, Msg::LeaseFieldLand)}));
                continue;
            }
            c.land_m2 = land;
            parcel_leased[c.parcel] += land;
        }
        parcel_sum[c.parcel] += c.land_m2;
    }
    std::vector<double> scale(parcels.size(), 1.0);
    for (uint32_t i = 0; i < parcels.size(); ++i) {
        const double area = an.parcels[i].area_m2;
        if (parcel_sum[i] <= 0 || !(parcel_sum[i] > area)) continue;
        scale[i] = area / parcel_sum[i];
        const double whole = by_floor ? parcels[i].rec.n(ParcelF::floor_m2) : area;
        cx.findings.add("parcels", parcels[i].fid, parcels[i].rec.s(ParcelF::parcel_id), "lease_over_floor", Severity::Warning,
                        say(lang, Msg::LeaseOverFloor,
                            {feature_ref(cx.ds.parcels, parcels[i].fid, parcels[i].rec.s(ParcelF::parcel_id)), num(parcel_leased[i]),
                             say(lang, by_floor ? Msg::LeaseWhatFloor : Msg::LeaseWhatLand), num(whole), num(scale[i])}));
    }
    return scale;
}

// 4. Move the land from each parcel's owner to its tenants.
void move_land(const LeaseContext& cx, const std::vector<Candidate>& cand, const std::vector<double>& scale, Analysis& an) {
    auto ent_index = [&](std::string_view id) -> int32_t {
        auto it = std::lower_bound(an.ents.begin(), an.ents.end(), id, [](const EntResult& e, std::string_view v) { return e.ent_id < v; });
        return it != an.ents.end() && it->ent_id == id ? static_cast<int32_t>(it - an.ents.begin()) : -1;
    };
    for (const Candidate& c : cand) {
        if (std::isnan(c.land_m2)) continue;
        LeaseResult lr;
        lr.lease = c.lease;
        lr.parcel = c.parcel;
        lr.land_m2 = scale[c.parcel] == 1.0 ? c.land_m2 : c.land_m2 * scale[c.parcel];
        lr.tenant = ent_index(cx.leases[c.lease].rec.s(LeaseF::ent_id));
        const std::string_view owner = cx.parcels[c.parcel].rec.s(ParcelF::ent_id);
        if (!owner.empty() && !cx.ds.parcels.id_rounded(c.parcel, ParcelF::ent_id)) lr.owner = ent_index(owner);
        if (lr.tenant < 0) continue;  // not possible: measure() made an EntResult for every active tenant
        an.ents[static_cast<size_t>(lr.tenant)].leased_in_m2 += lr.land_m2;
        if (lr.owner >= 0) an.ents[static_cast<size_t>(lr.owner)].leased_out_m2 += lr.land_m2;
        an.leases.push_back(lr);
    }
    std::sort(an.leases.begin(), an.leases.end(), [](const LeaseResult& a, const LeaseResult& b) { return a.lease < b.lease; });
}

}  // namespace

void apply_leases(const Dataset& ds, const LeaseRules& rules, Analysis& an, Findings& findings) {
    an.leases.clear();
    if (!ds.leases.present || ds.leases.features.empty()) return;
    const LeaseContext cx(ds, rules, findings);
    std::vector<Candidate> cand = lease_candidates(cx);
    const std::vector<char> dropped = drop_overlapping(cx, cand);
    const std::vector<double> scale = lease_land(cx, an, dropped, cand);
    move_land(cx, cand, scale, an);
}

}  // namespace landeff
