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

void apply_leases(const Dataset& ds, Analysis& an, Findings& findings) {
    an.leases.clear();
    if (!ds.leases.present || ds.leases.features.empty()) return;
    const Date T = ds.cfg.eval_date;
    const Lang lang = lang_of(ds.cfg.settings);
    const bool by_floor = LeaseRules(ds.cfg.settings).by_floor;
    const auto& leases = ds.leases.features;
    const auto& parcels = ds.parcels.features;

    std::unordered_map<std::string_view, uint32_t> parcel_of;  // first parcel of each id (duplicates are findings)
    parcel_of.reserve(parcels.size());
    for (uint32_t i = 0; i < parcels.size(); ++i)
        if (!ds.parcels.id_rounded(i, ParcelF::parcel_id)) parcel_of.emplace(parcels[i].rec.s(ParcelF::parcel_id), i);
    auto ent_index = [&](std::string_view id) -> int32_t {
        auto it = std::lower_bound(an.ents.begin(), an.ents.end(), id, [](const EntResult& e, std::string_view v) { return e.ent_id < v; });
        return it != an.ents.end() && it->ent_id == id ? static_cast<int32_t>(it - an.ents.begin()) : -1;
    };
    auto ref = [&](size_t i) {
        return feature_ref(ds.leases, leases[i].fid, leases[i].rec.s(LeaseF::lease_id));
    };
    auto add = [&](size_t i, const char* code, Severity sev, const std::string& msg) {
        findings.add("leases", leases[i].fid, leases[i].rec.s(LeaseF::lease_id), code, sev, msg);
    };

    // 1. Each lease on its own: tenant, parcel, dates at T, the area it leases.
    struct Candidate {
        uint32_t lease, parcel;
        double land_m2;
        bool active;
    };
    std::vector<Candidate> cand;
    for (uint32_t i = 0; i < leases.size(); ++i) {
        const Record& r = leases[i].rec;
        const std::string_view tenant = r.s(LeaseF::ent_id), pid = r.s(LeaseF::parcel_id);
        if (tenant.empty() || ds.leases.id_rounded(i, LeaseF::ent_id)) {
            add(i, "lease_no_tenant", Severity::Warning, say(lang, Msg::LeaseNoTenant, {ref(i)}));
            continue;
        }
        auto p = parcel_of.find(pid);
        if (pid.empty() || p == parcel_of.end() || ds.leases.id_rounded(i, LeaseF::parcel_id)) {
            add(i, "lease_unknown_parcel", Severity::Warning, say(lang, Msg::LeaseUnknownParcel, {ref(i), std::string(pid)}));
            continue;
        }
        const bool active = lease_active_at(r, T);
        if (!active) {
            const double start = r.n(LeaseF::start_dt), end = r.n(LeaseF::end_dt);
            const bool before = !std::isnan(start) && from_num(start) > T;
            add(i, "lease_inactive", Severity::Info, say(lang, before ? Msg::LeaseNotStarted : Msg::LeaseEnded, {ref(i), day(start), day(end), T.iso()}));
        }
        cand.push_back({i, p->second, kNaN, active});
    }

    // 2. Overlapping terms of the same tenant on the same parcel: a finding, and at T only the lease
    // that started first (then the first listed) counts, so floor space is not counted twice.
    std::vector<size_t> order(cand.size());
    for (size_t k = 0; k < order.size(); ++k) order[k] = k;
    auto start_of = [&](const Candidate& c) {
        const double s = leases[c.lease].rec.n(LeaseF::start_dt);
        return std::isnan(s) ? -kInf : s;
    };
    auto end_of = [&](const Candidate& c) {
        const double e = leases[c.lease].rec.n(LeaseF::end_dt);
        return std::isnan(e) ? kInf : e;
    };
    auto tenant_of = [&](const Candidate& c) { return leases[c.lease].rec.s(LeaseF::ent_id); };
    std::sort(order.begin(), order.end(), [&](size_t a, size_t b) {
        const Candidate &x = cand[a], &y = cand[b];
        if (tenant_of(x) != tenant_of(y)) return tenant_of(x) < tenant_of(y);
        if (x.parcel != y.parcel) return x.parcel < y.parcel;
        if (start_of(x) != start_of(y)) return start_of(x) < start_of(y);
        return x.lease < y.lease;
    });
    std::vector<char> dropped(cand.size(), 0);
    for (size_t k = 0; k < order.size();) {
        size_t g = k;
        while (g < order.size() && tenant_of(cand[order[g]]) == tenant_of(cand[order[k]]) && cand[order[g]].parcel == cand[order[k]].parcel) ++g;
        // Within the group, sorted by start: a lease overlaps the one (before it) with the latest end.
        size_t held = order[k];
        bool counted = cand[held].active;
        for (size_t j = k + 1; j < g; ++j) {
            const Candidate& c = cand[order[j]];
            if (start_of(c) <= end_of(cand[held]))
                add(c.lease, "lease_overlap", Severity::Warning,
                    say(lang, Msg::LeaseOverlap, {ref(c.lease), std::string(leases[cand[held].lease].rec.s(LeaseF::lease_id)),
                                                  std::string(tenant_of(c)), std::string(parcels[c.parcel].rec.s(ParcelF::parcel_id))}));
            if (c.active && counted) dropped[order[j]] = 1;
            counted = counted || c.active;
            if (end_of(c) > end_of(cand[held])) held = order[j];
        }
        k = g;
    }

    // 3. Land of each counted lease; a parcel leased beyond its floor area (or its land) is scaled down.
    std::vector<double> parcel_sum(parcels.size(), 0.0), parcel_leased(parcels.size(), 0.0);
    for (size_t k = 0; k < cand.size(); ++k) {
        Candidate& c = cand[k];
        if (!c.active || dropped[k]) continue;
        const Record& r = leases[c.lease].rec;
        const Record& pr = parcels[c.parcel].rec;
        if (supplied_after(pr, T)) {
            add(c.lease, "lease_parcel_later", Severity::Info,
                say(lang, Msg::LeaseParcelLater, {ref(c.lease), std::string(pr.s(ParcelF::parcel_id)), day(pr.n(ParcelF::supply_dt)), T.iso()}));
            continue;
        }
        const double area = an.parcels[c.parcel].area_m2;
        if (std::isnan(area) || area <= 0) continue;  // no geometry: a finding of the parcel already
        if (by_floor) {
            const double floor = pr.n(ParcelF::floor_m2), leased = r.n(LeaseF::leased_m2);
            if (std::isnan(floor) || floor <= 0) {
                add(c.lease, "lease_no_floor", Severity::Warning, say(lang, Msg::LeaseNoFloor, {ref(c.lease), std::string(pr.s(ParcelF::parcel_id))}));
                continue;
            }
            if (std::isnan(leased) || leased <= 0) {
                add(c.lease, "lease_no_area", Severity::Warning, say(lang, Msg::LeaseNoArea, {ref(c.lease), say(lang, Msg::LeaseFieldLeased)}));
                continue;
            }
            c.land_m2 = area * leased / floor;
            parcel_leased[c.parcel] += leased;
        } else {
            const double land = r.n(LeaseF::land_m2);
            if (std::isnan(land) || land <= 0) {
                add(c.lease, "lease_no_area", Severity::Warning, say(lang, Msg::LeaseNoArea, {ref(c.lease), say(lang, Msg::LeaseFieldLand)}));
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
        findings.add("parcels", parcels[i].fid, parcels[i].rec.s(ParcelF::parcel_id), "lease_over_floor", Severity::Warning,
                     say(lang, Msg::LeaseOverFloor,
                         {feature_ref(ds.parcels, parcels[i].fid, parcels[i].rec.s(ParcelF::parcel_id)), num(parcel_leased[i]),
                          say(lang, by_floor ? Msg::LeaseWhatFloor : Msg::LeaseWhatLand), num(whole), num(scale[i])}));
    }

    // 4. Move the land from each parcel's owner to its tenants.
    for (const Candidate& c : cand) {
        if (std::isnan(c.land_m2)) continue;
        LeaseResult lr;
        lr.lease = c.lease;
        lr.parcel = c.parcel;
        lr.land_m2 = scale[c.parcel] == 1.0 ? c.land_m2 : c.land_m2 * scale[c.parcel];
        lr.tenant = ent_index(leases[c.lease].rec.s(LeaseF::ent_id));
        const std::string_view owner = parcels[c.parcel].rec.s(ParcelF::ent_id);
        if (!owner.empty() && !ds.parcels.id_rounded(c.parcel, ParcelF::ent_id)) lr.owner = ent_index(owner);
        if (lr.tenant < 0) continue;  // not possible: measure() made an EntResult for every active tenant
        an.ents[static_cast<size_t>(lr.tenant)].leased_in_m2 += lr.land_m2;
        if (lr.owner >= 0) an.ents[static_cast<size_t>(lr.owner)].leased_out_m2 += lr.land_m2;
        an.leases.push_back(lr);
    }
    std::sort(an.leases.begin(), an.leases.end(), [](const LeaseResult& a, const LeaseResult& b) { return a.lease < b.lease; });
}

}  // namespace landeff
