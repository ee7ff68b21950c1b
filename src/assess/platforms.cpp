#include "landeff/platforms.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>

#include <tbb/parallel_for.h>

#include "landeff/area.hpp"
#include "landeff/compliance.hpp"
#include "landeff/format.hpp"
#include "landeff/industry.hpp"
#include "landeff/labels.hpp"
#include "landeff/ordered_batches.hpp"
#include "landeff/messages.hpp"
#include "landeff/spatial_index.hpp"
#include "landeff/progress.hpp"
#include "landeff/text.hpp"

namespace landeff {
namespace {

// The park level in the explanation's language: 国家级 / national.
std::string level_text(Lang lang, const std::string& level) {
    return lang == Lang::zh ? std::string(park_level_labels().zh(level)) : level;
}

struct Unit {
    std::string id;
    std::vector<uint32_t> parks;
    GeomPtr geom;
    bool host_capable = false;  // national or provincial
    std::string level;
    std::vector<IndustryCode> lead;  // leading industry code prefixes (normalize_industry_code)
    double area_m2 = 0, land_m2 = 0, tax = 0, ind_m2 = 0, lead_m2 = 0, res_m2 = 0, pub_m2 = 0, idle_m2 = 0;
    double appr_m2 = 0, unsup_m2 = 0;
    double restricted = 0, urban = 0, mu_tax = kNaN;
    double dev_out_m2 = kNaN, farm_m2 = kNaN;  // outside the development boundary, on farmland (rule 0; NaN = no layer)
    std::string category, role = "none", host;
    std::vector<std::string> why;
    std::vector<std::string> hosted;
};

int level_rank(std::string_view level) {
    if (level == "national") return 0;
    if (level == "provincial") return 1;
    if (level == "municipal") return 2;
    if (level == "county") return 3;
    return 4;
}

GeomPtr union_of(const std::vector<const GEOSGeometry*>& geoms) {
    std::vector<GeomPtr> parts;
    for (const GEOSGeometry* g : geoms)
        if (g) parts.push_back(clone(g));
    return unary_union(std::move(parts));
}

}  // namespace

namespace {
// classify_platforms(), section by section (defined below it, in its order).
std::vector<Unit> group_platforms(const Dataset& ds, std::vector<int>& unit_of);
void measure_platforms(const Dataset& ds, const Analysis& an, const AreaMeter& meter, std::vector<Unit>& units);
void sum_platform_land(const Dataset& ds, const PlatformRules& s, const Analysis& an, const std::vector<int>& unit_of,
                       std::vector<Unit>& units);
bool apply_rule_0(const PlatformRules& s, Unit& u);
void apply_rules_1_2(const PlatformRules& s, std::vector<Unit>& units);
void apply_rule_3(const Dataset& ds, const PlatformRules& s, std::vector<Unit>& units);
void apply_rules_4_5(const PlatformRules& s, Analysis& an, std::vector<Unit>& units);
void copy_to_parks(Analysis& an, const std::vector<Unit>& units, Lang lang);
}  // namespace

void classify_platforms(const Dataset& ds, const PlatformRules& s, Analysis& an) {
    // Idle and unsupplied shares, per-mu tax and the parks' TD/T results.
    an.require(Stage::States, "classify_platforms");
    an.require(Stage::Unsupplied, "classify_platforms");
    an.require(Stage::Score, "classify_platforms");
    an.require(Stage::Devzone, "classify_platforms");  // rule 0: the control-line figures
    const AreaMeter meter(ds.crs, s.area.mode, s.area.densify_m);
    std::vector<int> unit_of;
    std::vector<Unit> units = group_platforms(ds, unit_of);
    measure_platforms(ds, an, meter, units);
    sum_platform_land(ds, s, an, unit_of, units);
    apply_rules_1_2(s, units);
    apply_rule_3(ds, s, units);
    apply_rules_4_5(s, an, units);
    copy_to_parks(an, units, s.lang);
    an.mark(Stage::Platforms);
}

namespace {

std::vector<Unit> group_platforms(const Dataset& ds, std::vector<int>& unit_of) {
    const auto& parks = ds.parks.features;
    // Platforms: parks grouped by `platform`, else each park alone; ordered by id.
    // A park without platform or id is keyed "#<fid>" (appended, not "#" + string: GCC 12 at -O3 warns
    // falsely, -Wrestrict, on inserting into the front of a temporary string).
    auto fid_key = [](int64_t fid) {
        std::string key = "#";
        key += std::to_string(fid);
        return key;
    };
    std::map<std::string, Unit> by_id;
    for (uint32_t k = 0; k < parks.size(); ++k) {
        const Record& r = parks[k].rec;
        const std::string id = !r.s(ParkF::platform).empty() ? std::string(r.s(ParkF::platform))
                               : !r.s(ParkF::park_id).empty() ? std::string(r.s(ParkF::park_id)) : fid_key(parks[k].fid);
        Unit& u = by_id[id];
        u.id = id;
        u.parks.push_back(k);
        const std::string_view lv = r.s(ParkF::level);
        if (u.level.empty() || level_rank(lv) < level_rank(u.level)) u.level = lv;
        for (auto& c : parse_industry_list(r.s(ParkF::industry)))
            if (std::find(u.lead.begin(), u.lead.end(), c) == u.lead.end()) u.lead.push_back(std::move(c));
    }
    std::vector<Unit> units;
    unit_of.assign(parks.size(), -1);
    for (auto& [id, u] : by_id) {
        for (uint32_t k : u.parks) unit_of[k] = static_cast<int>(units.size());
        units.push_back(std::move(u));
    }
    return units;
}

void measure_platforms(const Dataset& ds, const Analysis& an, const AreaMeter& meter, std::vector<Unit>& units) {
    const auto& parks = ds.parks.features;
    const GeomPtr restricted = union_of(geometries_of(ds.restricted.features));
    const GeomPtr urban = union_of(geometries_of(ds.urban_core.features));
    // Each platform on its own, on every core (issue 20: thousands of overlays with the restricted
    // and urban-core unions, which every thread only reads; their envelopes made here, before).
    double x0, y0, x1, y1;
    if (restricted) envelope(restricted.get(), x0, y0, x1, y1);
    if (urban) envelope(urban.get(), x0, y0, x1, y1);
    tbb::parallel_for(size_t(0), units.size(), [&](size_t n) {
        Unit& u = units[n];
        std::vector<const GEOSGeometry*> g;
        for (uint32_t k : u.parks) {
            g.push_back(parks[k].geom.get());
            const ParkResult& p = an.parks[k];
            u.land_m2 += p.land_m2;
            u.tax += p.tax;
            u.idle_m2 += p.idle_m2;
            if (!std::isnan(p.appr_m2)) u.appr_m2 += p.appr_m2;
            if (!std::isnan(p.unsup_m2)) u.unsup_m2 += p.unsup_m2;
            // Rule 0's figures, summed (a platform of several parks: replaced by its union's below).
            if (!std::isnan(p.dz.dev_out_m2)) u.dev_out_m2 = (std::isnan(u.dev_out_m2) ? 0 : u.dev_out_m2) + p.dz.dev_out_m2;
            if (!std::isnan(p.dz.farm_m2)) u.farm_m2 = (std::isnan(u.farm_m2) ? 0 : u.farm_m2) + p.dz.farm_m2;
        }
        // A platform of several parks: rule 0's figures on the union of its parks (check_devzones),
        // where land in two of its parks counts once.
        for (const auto& pf : an.dz_platforms)
            if (u.parks.size() > 1 && pf.id == u.id && pf.f.geom) {
                u.dev_out_m2 = pf.p.dz.dev_out_m2;
                u.farm_m2 = pf.p.dz.farm_m2;
            }
        u.geom = u.parks.size() == 1 ? clone(parks[u.parks[0]].geom.get()) : union_of(g);
        u.area_m2 = meter.area_m2(u.geom.get());
        u.host_capable = u.level == "national" || u.level == "provincial";
        u.mu_tax = u.land_m2 > 0 ? u.tax / (u.land_m2 / kM2PerMu) : kNaN;
        if (u.geom && u.area_m2 > 0) {
            if (restricted) u.restricted = meter.area_m2(intersection(u.geom.get(), restricted.get()).get()) / u.area_m2;
            if (urban) u.urban = meter.area_m2(intersection(u.geom.get(), urban.get()).get()) / u.area_m2;
        }
    });
}

void sum_platform_land(const Dataset& ds, const PlatformRules& s, const Analysis& an, const std::vector<int>& unit_of,
                       std::vector<Unit>& units) {
    // Industrial, leading-industry, residential and public-service land of each platform, as at T:
    // a parcel supplied after the evaluation date is nobody's land yet (DOMAIN §4).
    const auto& ind_prefixes = s.ind_prefixes;
    const auto& res_prefixes = s.res_prefixes;
    const auto& pub_prefixes = s.pub_prefixes;
    const std::string& edition = s.ind_standard;
    // Each parcel's land classes, and for each of its first 29 park shares whether the parcel's code
    // is one of that park's platform's leading industries, on every core a batch at a time; the sums
    // from them in the parcels' order (the sums must not depend on how the threads split the work).
    constexpr uint32_t kInd = 1u << 0, kRes = 1u << 1, kPub = 1u << 2, kLead0 = 1u << 3;
    constexpr size_t kLeadShares = 29;
    auto leads = [&](const IndustryCode& code, const Unit& u) {
        for (const auto& c : u.lead)
            if (industry_matches(code, c, edition)) return true;
        return false;
    };
    in_item_order<uint32_t>(
        ds.parcels.features.size(), 4096,
        [&](size_t i, uint32_t& found) {
            if (an.parcels[i].state == LandState::NotSupplied) return;
            const std::string_view lu = ds.parcels.features[i].rec.s(ParcelF::land_use);
            uint32_t bits = 0;
            if (is_industrial(lu, ind_prefixes)) bits |= kInd;
            if (!lu.empty() && is_industrial(lu, res_prefixes)) bits |= kRes;
            if (!lu.empty() && is_industrial(lu, pub_prefixes)) bits |= kPub;
            if (bits & kInd) {
                const IndustryCode code = normalize_industry_code(an.parcel_ind_code(ds, i));
                const auto& shares = an.parcels[i].parks;
                for (size_t j = 0; j < shares.size() && j < kLeadShares; ++j) {
                    const int ui = unit_of[shares[j].park];
                    if (ui >= 0 && leads(code, units[static_cast<size_t>(ui)])) bits |= kLead0 << j;
                }
            }
            found = bits;
        },
        [&, seen = std::vector<int>()](size_t i, uint32_t bits) mutable {
            if (an.parcels[i].state == LandState::NotSupplied) return;
            seen.clear();  // its buffer kept from parcel to parcel (this stage runs one item at a time)
            const auto& shares = an.parcels[i].parks;
            for (size_t j = 0; j < shares.size(); ++j) {
                const auto& sh = shares[j];
                const int ui = unit_of[sh.park];
                if (ui < 0 || std::find(seen.begin(), seen.end(), ui) != seen.end()) continue;  // once per platform
                seen.push_back(ui);
                Unit& u = units[static_cast<size_t>(ui)];
                if (bits & kInd) {
                    u.ind_m2 += sh.area_m2;
                    const bool lead = j < kLeadShares ? (bits & (kLead0 << j)) != 0
                                                      : leads(normalize_industry_code(an.parcel_ind_code(ds, i)), u);
                    if (lead) u.lead_m2 += sh.area_m2;
                }
                if (bits & kRes) u.res_m2 += sh.area_m2;
                if (bits & kPub) u.pub_m2 += sh.area_m2;
            }
        });
}

// Rule 0: a platform mostly outside the development boundary or on farmland exits (each test off
// when its setting is empty or its layer absent). True when it decided.
bool apply_rule_0(const PlatformRules& s, Unit& u) {
    if (!(u.area_m2 > 0)) return false;
    // The two tests in order, the development boundary first; the first that fails decides.
    const struct {
        double m2, max;
        Msg exit, ok;
    } tests[2] = {{u.dev_out_m2, s.dev_outside_max, Msg::Rule0DevExit, Msg::Rule0DevOk},
                  {u.farm_m2, s.farmland_max, Msg::Rule0FarmExit, Msg::Rule0FarmOk}};
    for (const auto& t : tests) {
        if (std::isnan(t.max) || std::isnan(t.m2)) continue;
        const double sh = t.m2 / u.area_m2;
        const bool exits = sh > t.max;
        u.why.push_back(say(s.lang, exits ? t.exit : t.ok, {fmt::percent(sh), fmt::percent(t.max)}));
        if (exits) {
            u.category = "exit";
            return true;
        }
    }
    return false;
}

void apply_rules_1_2(const PlatformRules& s, std::vector<Unit>& units) {
    const Lang lang = s.lang;
    auto text = [&](Msg m, std::initializer_list<std::string> args = {}) { return say(lang, m, args); };
    const double restricted_max = s.restricted_share, urban_max = s.urban_share;
    // Rule 1 and rule 2.
    for (auto& u : units) {
        check_interrupt();
        u.why.push_back(text(Msg::Level, {u.level.empty() ? text(Msg::LevelUnknown) : level_text(lang, u.level)}));
        // Rule 0 (rules.md §9, optional): the control-line facts of the development-zone check.
        if (apply_rule_0(s, u)) continue;
        if (u.restricted > restricted_max) {
            u.category = "exit";
            u.why.push_back(text(Msg::Rule1Exit, {fmt::percent_pair(u.restricted, restricted_max).value,
                                                  fmt::percent_pair(u.restricted, restricted_max).threshold}));
            continue;
        }
        u.why.push_back(text(Msg::Rule1Ok, {fmt::percent_pair(u.restricted, restricted_max).value,
                                            fmt::percent_pair(u.restricted, restricted_max).threshold}));
        if (u.host_capable) continue;
        if (u.urban > urban_max) {
            u.category = "innovate";
            u.why.push_back(text(Msg::Rule2Innovate, {fmt::percent_pair(u.urban, urban_max).value, fmt::percent_pair(u.urban, urban_max).threshold}));
            continue;
        }
        u.why.push_back(text(Msg::Rule2Ok, {fmt::percent_pair(u.urban, urban_max).value, fmt::percent_pair(u.urban, urban_max).threshold}));
    }
}

void apply_rule_3(const Dataset& ds, const PlatformRules& s, std::vector<Unit>& units) {
    const Lang lang = s.lang;
    auto text = [&](Msg m, std::initializer_list<std::string> args = {}) { return say(lang, m, args); };
    const double host_m = s.host_km * 1000.0;
    // Rule 3: undecided non-hosts within host_km of a national/provincial platform that did not exit.
    std::vector<uint32_t> hosts;
    for (uint32_t i = 0; i < units.size(); ++i)
        if (units[i].host_capable && units[i].category.empty() && units[i].geom) hosts.push_back(i);
    // Candidate hosts come from an R-tree over their envelopes, queried with the platform's
    // envelope grown by host_km: a host farther than that cannot be the nearest within reach.
    std::vector<const GEOSGeometry*> host_geoms;
    for (uint32_t h : hosts) host_geoms.push_back(units[h].geom.get());
    const EnvelopeIndex host_index(host_geoms);
    const double reach = host_m / ds.crs.unit_m;  // in CRS units
    std::vector<uint32_t> near;
    for (auto& u : units) {
        check_interrupt();
        if (!u.category.empty() || u.host_capable || !u.geom) continue;
        double x0, y0, x1, y1;
        envelope(u.geom.get(), x0, y0, x1, y1);
        host_index.query(x0 - reach, y0 - reach, x1 + reach, y1 + reach, near);
        double best = 1e300;
        int best_host = -1;
        for (uint32_t k : near) {
            const uint32_t h = hosts[k];
            double d = 0;
            if (!GEOSDistance_r(geos(), u.geom.get(), units[h].geom.get(), &d)) continue;
            d *= ds.crs.unit_m;
            if (d < best) { best = d; best_host = static_cast<int>(h); }
        }
        if (best_host >= 0 && best <= host_m) {
            Unit& h = units[static_cast<size_t>(best_host)];
            u.category = "consolidate";
            u.role = "hosted";
            u.host = h.id;
            h.hosted.push_back(u.id);
            u.why.push_back(text(Msg::Rule3Hosted, {fmt::km(best / 1000.0), level_text(lang, h.level), h.id, fmt::km(host_m / 1000.0)}));
        } else {
            u.why.push_back(hosts.empty() ? text(Msg::Rule3NoHosts) : text(Msg::Rule3NoneWithin, {fmt::km(host_m / 1000.0)}));
        }
    }
    for (uint32_t h : hosts) {
        Unit& u = units[h];
        if (u.hosted.empty()) {
            u.why.push_back(text(Msg::Rule3HostsNone, {fmt::km(host_m / 1000.0)}));
            continue;
        }
        u.category = "consolidate";
        u.role = "host";
        u.why.push_back(text(Msg::Rule3Hosts, {join(u.hosted, ", ")}));
    }
}

void apply_rules_4_5(const PlatformRules& s, Analysis& an, std::vector<Unit>& units) {
    const Lang lang = s.lang;
    auto text = [&](Msg m, std::initializer_list<std::string> args = {}) { return say(lang, m, args); };
    // Rule 4 (retain) and rule 5 (exit) for the rest.
    double bench = s.tax_benchmark;
    std::string bench_what = text(Msg::BenchConfigured);
    if (std::isnan(bench)) {
        std::vector<double> v;
        for (const auto& u : units)
            if (u.land_m2 > 0 && !std::isnan(u.mu_tax)) v.push_back(u.mu_tax);
        std::sort(v.begin(), v.end());
        bench = v.empty() ? kNaN : v.size() % 2 ? v[v.size() / 2] : (v[v.size() / 2 - 1] + v[v.size() / 2]) / 2;
        bench_what = text(Msg::BenchMedian);
    }
    const double min_m2 = s.min_km2 * 1e6, lead_min = s.lead_share;
    for (auto& u : units) {
        const double lead = u.ind_m2 > 0 && !u.lead.empty() ? u.lead_m2 / u.ind_m2 : kNaN;
        for (uint32_t k : u.parks) an.parks[k].lead_share = lead;
        if (!u.category.empty()) continue;
        std::vector<std::string> fails;
        if (u.area_m2 < min_m2) fails.push_back(text(Msg::Rule4FailArea, {fmt::km2_pair(u.area_m2 / 1e6, min_m2 / 1e6).value,
                                                                  fmt::km2_pair(u.area_m2 / 1e6, min_m2 / 1e6).threshold}));
        if (std::isnan(lead)) fails.push_back(u.lead.empty() ? text(Msg::Rule4NoLeadCodes) : text(Msg::Rule4NoIndLand));
        else if (lead < lead_min) fails.push_back(text(Msg::Rule4FailLead, {fmt::percent_pair(lead, lead_min).value, fmt::percent_pair(lead, lead_min).threshold}));
        if (std::isnan(u.mu_tax) || std::isnan(bench)) fails.push_back(text(Msg::Rule4NoTax));
        else if (u.mu_tax < bench) fails.push_back(text(Msg::Rule4FailTax, {fmt::money_pair(u.mu_tax, bench).value, fmt::money_pair(u.mu_tax, bench).threshold, bench_what}));
        if (fails.empty()) {
            u.category = "retain";
            u.why.push_back(text(Msg::Rule4Retain, {fmt::km2(u.area_m2 / 1e6), fmt::percent(lead), fmt::money_per_mu(u.mu_tax),
                                                    fmt::money_per_mu(bench)}));
        } else {
            u.category = "exit";
            u.why.push_back(text(Msg::Rule4Exit, {join(fails, "; ")}));
        }
    }
}

void copy_to_parks(Analysis& an, const std::vector<Unit>& units, Lang lang) {
    for (const auto& u : units) {
        const std::string ratio =
            u.ind_m2 > 0 ? "1:" + fmt::ratio(u.res_m2 / u.ind_m2) + ":" + fmt::ratio(u.pub_m2 / u.ind_m2) : std::string();
        for (uint32_t k : u.parks) {
            ParkResult& p = an.parks[k];
            p.category = u.category;
            p.role = u.role;
            p.host_id = u.host;
            p.class_why = u.why;
            if (u.parks.size() > 1) p.class_why.insert(p.class_why.begin(), say(lang, Msg::PlatformParks, {u.id, std::to_string(u.parks.size())}));
            p.restricted_share = u.restricted;
            p.urban_share = u.urban;
            p.idle_share = u.land_m2 > 0 ? u.idle_m2 / u.land_m2 : kNaN;
            p.unsup_share = u.appr_m2 > 0 ? u.unsup_m2 / u.appr_m2 : kNaN;
            p.land_ratio = ratio;
        }
    }
}

}  // namespace
}  // namespace landeff
