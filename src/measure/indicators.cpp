#include "landeff/indicators.hpp"
#include "landeff/leases.hpp"
#include "landeff/messages.hpp"
#include "landeff/ordered_batches.hpp"
#include "landeff/settings.hpp"

#include <cmath>
#include <cstdint>

#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>
#include <tbb/parallel_reduce.h>
#include <tbb/parallel_sort.h>

namespace landeff {

double ratio(double num, double den, const char* what, Msg num_name, Msg den_name, NoteList& nulls, Lang lang) {
    if (std::isnan(num)) {
        nulls.push_back(say(lang, Msg::NullNo, {what, say(lang, num_name)}));
        return kNaN;
    }
    if (std::isnan(den) || den <= 0) {
        nulls.push_back(say(lang, std::isnan(den) ? Msg::NullDenMissing : Msg::NullDenZero, {what, say(lang, den_name)}));
        return kNaN;
    }
    return num / den;
}

namespace {

double nan_to_zero(double v) { return std::isnan(v) ? 0.0 : v; }

// Enterprise rows of the evaluation year (rows without a year count for every year) whose id can be
// joined: a row without an id is a finding, one whose id lost digits is never joined (finding
// id_rounded). join_enterprises finds each id's first row and the duplicates after it.
std::vector<uint32_t> enterprise_rows(const Dataset& ds, Findings& findings) {
    std::vector<uint32_t> rows;
    const auto& ents = ds.enterprises.features;
    for (size_t i = 0; i < ents.size(); ++i) {
        const auto& e = ents[i];
        const double y = e.rec.n(EntF::year);
        if (!std::isnan(y) && static_cast<int>(y) != ds.cfg.year) continue;
        if (e.rec.s(EntF::ent_id).empty()) {
            findings.add("enterprises", e.fid, "", "missing_id", Severity::Warning,
                         say(findings.lang(), Msg::EntMissingId, {feature_ref(ds.enterprises, e.fid, "")}));
            continue;
        }
        if (ds.enterprises.id_rounded(i, EntF::ent_id)) continue;
        rows.push_back(static_cast<uint32_t>(i));
    }
    return rows;
}

}  // namespace

namespace {
// measure(), section by section (defined below it, in its order).
void join_enterprises(const Dataset& ds, Analysis& an, const std::vector<uint32_t>& rows, const std::vector<char>& later,
                      Findings& findings);
void assign_industry_codes(const Dataset& ds, Analysis& an);
void apportion_money(const Dataset& ds, Analysis& an, const std::vector<char>& later);
void parcel_ratios(const Dataset& ds, Analysis& an, const std::vector<char>& later);
void check_enterprise_links(const Dataset& ds, const Analysis& an, Findings& findings);
void enterprise_ratios(const Dataset& ds, Analysis& an);
void sum_parks(const Dataset& ds, Analysis& an, const std::vector<char>& later);
void report_missing_money(const Dataset& ds, const Analysis& an, Findings& findings);
}  // namespace

void measure(const Dataset& ds, const LeaseRules& leases, Analysis& an, Findings& findings) {
    an.require(Stage::Overlay, "measure");
    const auto& parcels = ds.parcels.features;
    const Date T = ds.cfg.eval_date;
    // Supplied after T: nobody's land yet (no enterprise land, no money, no park land but later_m2).
    std::vector<char> later(parcels.size(), 0);
    tbb::parallel_for(size_t(0), parcels.size(), [&](size_t i) { later[i] = supplied_after(parcels[i].rec, T) ? 1 : 0; });
    const auto rows = enterprise_rows(ds, findings);

    join_enterprises(ds, an, rows, later, findings);
    assign_industry_codes(ds, an);
    apportion_money(ds, an, later);
    parcel_ratios(ds, an, later);
    check_enterprise_links(ds, an, findings);
    apply_leases(ds, leases, an, findings);  // tenants: land moves from a parcel's owner to its tenants (leases.hpp)
    enterprise_ratios(ds, an);
    sum_parks(ds, an, later);
    an.mark(Stage::Measure);
    report_missing_money(ds, an, findings);
}

namespace {

void join_enterprises(const Dataset& ds, Analysis& an, const std::vector<uint32_t>& rows, const std::vector<char>& later,
                      Findings& findings) {
    const auto& parcels = ds.parcels.features;
    const auto& ents = ds.enterprises.features;
    // Enterprises and their parcels, by sorting rather than hash maps filled on one thread (issue 20:
    // at 1 M parcels those loops and the sort of the finished results were most of measure()). A key
    // per parcel with an enterprise, per enterprise row of the year and per tenant, sorted by id and
    // then by where it comes from: each enterprise's parcels in parcel order first (so its id is
    // viewed from its first parcel and its land summed in parcel order, as before), then its rows in
    // file order (the first is its row, any later one a duplicate), then its leases.
    constexpr uint64_t kRow = uint64_t(1) << 32, kTenant = kRow << 1;
    struct Key {
        uint64_t head;  // the id's eight bytes after the prefix all ids share, big-endian, zero-padded
        std::string_view id;
        uint64_t from;  // a parcel index, kRow + an enterprise row, or kTenant + the tenant's place in lease order
    };
    // Each parcel's enterprise id read on every core (a record each, scattered over the heap: issue
    // 20), then the keys in parcel order.
    std::vector<std::string_view> parcel_ent(parcels.size());
    tbb::parallel_for(tbb::blocked_range<size_t>(0, parcels.size(), 4096), [&](const tbb::blocked_range<size_t>& r) {
        for (size_t i = r.begin(); i != r.end(); ++i) {
            const std::string_view id = parcels[i].rec.s(ParcelF::ent_id);
            if (!id.empty() && !ds.parcels.id_rounded(i, ParcelF::ent_id)) parcel_ent[i] = id;
        }
    });
    std::vector<Key> keys;
    keys.reserve(parcels.size() + rows.size());
    for (uint32_t i = 0; i < parcels.size(); ++i)
        if (!parcel_ent[i].empty()) keys.push_back({0, parcel_ent[i], uint64_t(i)});
    std::vector<std::string_view>().swap(parcel_ent);
    const size_t row_keys = keys.size();
    keys.resize(row_keys + rows.size());  // enterprises with a row but no parcel too
    tbb::parallel_for(size_t(0), rows.size(), [&](size_t k) { keys[row_keys + k] = {0, ents[rows[k]].rec.s(EntF::ent_id), kRow + rows[k]}; });
    uint64_t tenant = kTenant;
    for (std::string_view id : lease_tenant_ids(ds)) keys.push_back({0, id, tenant++});  // tenants (leases active at T)
    // Sorted by id, then by `from`. A region's ids share their first characters (a USCC's registration
    // type and region code, "91330100…"), and comparing them byte by byte from the start was most of
    // this function's time at 1 M parcels (issue 20: memcmp in the sort). The bytes all ids share are
    // skipped: the next eight, read as one number, order two ids wherever they differ there (a shorter
    // id's missing bytes count as zero, so a prefix sorts first); only ids equal in those eight are
    // compared whole. The order is the ids' own (test Issue20Ids.EnterprisesInIdOrderWhateverTheirPrefix).
    const std::string_view first_id = keys.empty() ? std::string_view() : keys[0].id;
    // The length of the prefix every id shares with the first: the least over the ids, found on every core.
    const size_t shared = tbb::parallel_reduce(
        tbb::blocked_range<size_t>(0, keys.size(), 16384), first_id.size(),
        [&](const tbb::blocked_range<size_t>& r, size_t shared_so_far) {
            for (size_t k = r.begin(); k != r.end() && shared_so_far > 0; ++k) {
                const std::string_view id = keys[k].id;
                size_t n = 0;
                const size_t m = std::min(shared_so_far, id.size());
                while (n < m && first_id[n] == id[n]) ++n;
                shared_so_far = n;
            }
            return shared_so_far;
        },
        [](size_t a, size_t b) { return std::min(a, b); });
    tbb::parallel_for(size_t(0), keys.size(), [&](size_t k) {
        const std::string_view id = keys[k].id;
        uint64_t h = 0;
        for (size_t b = 0; b < 8; ++b) h = (h << 8) | (shared + b < id.size() ? static_cast<unsigned char>(id[shared + b]) : 0u);
        keys[k].head = h;
    });
    // Two ids no longer than the shared prefix and eight bytes are wholly in their heads: with equal
    // heads the shorter is the other with zero bytes cut off (it sorts first, as compare() puts a
    // prefix first), and with equal lengths too they are the same id — settled without reading
    // either id's bytes, which lie in records scattered over the heap (issue 20: memcmp of equal ids
    // of an enterprise's parcels was a tenth of measure's samples at 5 M parcels).
    // The ids' order (-1, 0, 1), by their heads first.
    const size_t in_head = shared + 8;
    const auto compare_ids = [in_head](const Key& a, const Key& b) {
        if (a.head != b.head) return a.head < b.head ? -1 : 1;
        if (a.id.size() <= in_head && b.id.size() <= in_head)
            return a.id.size() < b.id.size() ? -1 : a.id.size() > b.id.size() ? 1 : 0;
        return a.id.compare(b.id);
    };
    tbb::parallel_sort(keys.begin(), keys.end(), [&](const Key& a, const Key& b) {
        const int c = compare_ids(a, b);
        return c < 0 || (c == 0 && a.from < b.from);
    });
    // Where each enterprise's keys begin: the id changes (compared on every core), then gathered.
    std::vector<char> starts(keys.size(), 0);
    tbb::parallel_for(size_t(0), keys.size(), [&](size_t k) { starts[k] = k == 0 || compare_ids(keys[k], keys[k - 1]) != 0; });
    std::vector<size_t> first;
    for (size_t k = 0; k < keys.size(); ++k)
        if (starts[k]) first.push_back(k);
    first.push_back(keys.size());
    an.ents.resize(first.size() - 1);
    tbb::parallel_for(size_t(0), an.ents.size(), [&](size_t n) {
        EntResult& e = an.ents[n];
        e.ent_id = keys[first[n]].id;
        size_t k = first[n];
        for (; k < first[n + 1] && keys[k].from < kRow; ++k) {
            const auto i = static_cast<uint32_t>(keys[k].from);
            e.parcels.push_back(i);
            if (!later[i] && !std::isnan(an.parcels[i].area_m2)) e.parcel_m2 += an.parcels[i].area_m2;
        }
        for (; k < first[n + 1] && keys[k].from < kTenant; ++k) {
            const auto row = static_cast<size_t>(keys[k].from - kRow);
            if (e.row < 0) {
                e.row = static_cast<int32_t>(row);
                continue;
            }
            // A second row of the year: the first stays the enterprise's row.
            const Feature& dup = ents[row];
            findings.add("enterprises", dup.fid, e.ent_id, "duplicate_id", Severity::Warning,
                         say(findings.lang(), Msg::EntDuplicateRow,
                             {feature_ref(ds.enterprises, dup.fid, e.ent_id), std::to_string(ds.cfg.year),
                              std::to_string(ents[static_cast<size_t>(e.row)].fid)}));
        }
    });
}

void assign_industry_codes(const Dataset& ds, Analysis& an) {
    const auto& parcels = ds.parcels.features;
    // Industry code per parcel: the parcel's own, else its enterprise's (compliance, land states and
    // platforms all need it).
    an.ind_row.assign(parcels.size(), -1);
    // A parcel is one enterprise's at most (join_enterprises: one key per parcel): no two write one place.
    tbb::parallel_for(size_t(0), an.ents.size(), [&](size_t k) {
        const EntResult& e = an.ents[k];
        if (e.row >= 0)
            for (uint32_t p : e.parcels) an.ind_row[p] = e.row;
    });
}

void apportion_money(const Dataset& ds, Analysis& an, const std::vector<char>& later) {
    // Money onto parcels: an enterprise row's figures by measured area share; else the parcel's own.
    // On every core: a parcel is one enterprise's at most.
    tbb::parallel_for(size_t(0), an.ents.size(), [&](size_t k) {
        const EntResult& e = an.ents[k];
        if (e.row < 0) return;
        const Record& r = ds.enterprises.features[static_cast<size_t>(e.row)].rec;
        for (uint32_t pi : e.parcels) {
            ParcelResult& pr = an.parcels[pi];
            if (later[pi] || std::isnan(pr.area_m2) || e.parcel_m2 <= 0) continue;
            const double w = pr.area_m2 / e.parcel_m2;
            pr.output = r.n(EntF::output) * w;
            pr.tax = r.n(EntF::tax) * w;
            pr.value_add = r.n(EntF::value_add) * w;
            pr.invest = r.n(EntF::invest) * w;
            pr.money_from = MoneyFrom::Enterprise;
        }
    });
}

void parcel_ratios(const Dataset& ds, Analysis& an, const std::vector<char>& later) {
    const auto& parcels = ds.parcels.features;
    const Date T = ds.cfg.eval_date;
    const Lang lang = lang_of(ds.cfg.settings);
    // Per parcel, independent of the others: spread over the cores.
    tbb::parallel_for(size_t(0), parcels.size(), [&](size_t i) {
        ParcelResult& pr = an.parcels[i];
        const Record& r = parcels[i].rec;
        if (later[i]) {
            // No money at T: the enterprise's figures went to its parcels supplied by T.
            pr.nulls.push_back(say(lang, Msg::NullMoneyLater, {from_num(r.n(ParcelF::supply_dt)).iso(), T.iso()}));
        } else if (pr.money_from == MoneyFrom::None) {
            pr.output = r.n(ParcelF::output);
            pr.tax = r.n(ParcelF::tax);
            pr.value_add = r.n(ParcelF::value_add);
            pr.invest = r.n(ParcelF::invest);
            if (!std::isnan(pr.output) || !std::isnan(pr.tax) || !std::isnan(pr.value_add) || !std::isnan(pr.invest))
                pr.money_from = MoneyFrom::Parcel;
        }
        const double mu = pr.area_m2 / kM2PerMu;
        pr.mu_output = ratio(pr.output, mu, "mu_output", Msg::NOutputFig, Msg::NLand, pr.nulls, lang);
        pr.mu_tax = ratio(pr.tax, mu, "mu_tax", Msg::NTaxFig, Msg::NLand, pr.nulls, lang);
        pr.mu_va = ratio(pr.value_add, mu, "mu_va", Msg::NVaFig, Msg::NLand, pr.nulls, lang);
        pr.inv_int = ratio(pr.invest, mu, "inv_int", Msg::NInvestFig, Msg::NLand, pr.nulls, lang);
        // FAR: storeys above 8 m count double where tall_m2 is given (rules.md §3).
        const double floor = r.n(ParcelF::floor_m2);
        const double tall = r.n(ParcelF::tall_m2);
        if (!std::isnan(floor)) {
            pr.far = ratio(floor + nan_to_zero(tall), pr.area_m2, "far", Msg::NFloor, Msg::NLand, pr.nulls, lang);
        } else if (!std::isnan(r.n(ParcelF::far_rep))) {
            pr.far = r.n(ParcelF::far_rep);  // the record's own FAR when no floor area is given
        } else {
            pr.nulls.push_back(say(lang, Msg::NullFarNoFloor));
        }
        if (!std::isnan(r.n(ParcelF::green_m2)))
            pr.green_rt = ratio(r.n(ParcelF::green_m2), pr.area_m2, "green_rt", Msg::NGreen, Msg::NLand, pr.nulls, lang);
        if (!std::isnan(r.n(ParcelF::admin_m2)))
            pr.admin_rt = ratio(r.n(ParcelF::admin_m2), pr.area_m2, "admin_rt", Msg::NAdmin, Msg::NLand, pr.nulls, lang);
        const double fp = r.n(ParcelF::footprint);
        if (!std::isnan(fp)) pr.coverage = ratio(fp, pr.area_m2, "coverage", Msg::NFootprint, Msg::NLand, pr.nulls, lang);
        else if (!std::isnan(r.n(ParcelF::cov_rep))) pr.coverage = r.n(ParcelF::cov_rep);
        else pr.nulls.push_back(say(lang, Msg::NullCoverageNoFootprint));
        pr.nulls.share(*an.texts);  // a few hundred distinct lists for a whole city
    });
}

void check_enterprise_links(const Dataset& ds, const Analysis& an, Findings& findings) {
    const auto& parcels = ds.parcels.features;
    // Data-quality links between parcels and enterprise rows.
    const bool have_ents = ds.enterprises.present;
    if (have_ents) {
        for (const auto& e : an.ents) {
            if (e.row >= 0 && e.parcels.empty()) {
                const auto& f = ds.enterprises.features[static_cast<size_t>(e.row)];
                findings.add("enterprises", f.fid, e.ent_id, "ent_no_parcel", Severity::Warning,
                             say(findings.lang(), Msg::EntNoParcel, {feature_ref(ds.enterprises, f.fid, e.ent_id)}));
            }
            if (e.row < 0)
                for (uint32_t pi : e.parcels) {
                    const auto& f = parcels[pi];
                    findings.add("parcels", f.fid, f.rec.s(ParcelF::parcel_id), "parcel_no_ent", Severity::Warning,
                                 say(findings.lang(), Msg::ParcelNoEnt,
                                     {feature_ref(ds.parcels, f.fid, f.rec.s(ParcelF::parcel_id)), std::string(e.ent_id),
                                      std::to_string(ds.cfg.year)}));
                }
        }
    }
}

void enterprise_ratios(const Dataset& ds, Analysis& an) {
    // Enterprise ratios over the land of its parcels less what it leases out plus what it leases in
    // (apply_leases, before this), else its own reported land.
    const Lang lang = lang_of(ds.cfg.settings);
    tbb::parallel_for(size_t(0), an.ents.size(), [&](size_t k) {
        EntResult& e = an.ents[k];
        e.land_m2 = e.parcel_m2 > 0 || e.leased_in_m2 > 0 ? e.parcel_m2 - e.leased_out_m2 + e.leased_in_m2 : kNaN;
        if (e.row < 0) return;
        const Record& r = ds.enterprises.features[static_cast<size_t>(e.row)].rec;
        // Its own reported land stands in only for an enterprise without parcels: one whose parcels
        // were all supplied after T holds no land at T (DOMAIN §4), whatever it reports.
        if (std::isnan(e.land_m2) && e.parcels.empty() && !std::isnan(r.n(EntF::land_m2))) e.land_m2 = r.n(EntF::land_m2);
        if (std::isnan(e.land_m2) && !e.parcels.empty())
            e.nulls.push_back(say(lang, Msg::NullEntNoLandAtT));
        const double mu = e.land_m2 / kM2PerMu;
        e.mu_tax = ratio(r.n(EntF::tax), mu, "mu_tax", Msg::NTaxFig, Msg::NLand, e.nulls, lang);
        e.mu_va = ratio(r.n(EntF::value_add), mu, "mu_va", Msg::NVaFig, Msg::NLand, e.nulls, lang);
        e.mu_output = ratio(r.n(EntF::output), mu, "mu_output", Msg::NOutputFig, Msg::NLand, e.nulls, lang);
        e.inv_int = ratio(r.n(EntF::invest), mu, "inv_int", Msg::NInvestFig, Msg::NLand, e.nulls, lang);
        const double va = r.n(EntF::value_add);
        e.va_energy = ratio(va, r.n(EntF::energy), "va_energy", Msg::NValueAdded, Msg::NEnergy, e.nulls, lang);
        e.va_emis = ratio(va, r.n(EntF::emission), "va_emis", Msg::NValueAdded, Msg::NEmissions, e.nulls, lang);
        e.labor_prod = ratio(va, r.n(EntF::employees), "labor_prod", Msg::NValueAdded, Msg::NEmployees, e.nulls, lang);
        e.rd_share = ratio(r.n(EntF::rd), r.n(EntF::revenue), "rd_share", Msg::NRd, Msg::NRevenue, e.nulls, lang);
        e.tax_elec = ratio(r.n(EntF::tax), r.n(EntF::elec), "tax_elec", Msg::NTaxFig, Msg::NElec, e.nulls, lang);
        e.nulls.share(*an.texts);
    });
}

void sum_parks(const Dataset& ds, Analysis& an, const std::vector<char>& later) {
    const auto& parcels = ds.parcels.features;
    // Parks: land, money and floor area apportioned by the share of each parcel inside. The
    // region row takes every parcel once, whole, inside a park or not.
    // Each parcel's figures read on every core (its record: a cache miss each, issue 20), added in
    // the parcels' order.
    an.region = ParkResult{};
    in_item_order<ParcelFigures>(
        parcels.size(), 4096, [&](size_t i, ParcelFigures& f) { f = parcel_figures(ds, an, i, later[i] != 0); },
        [&](size_t i, const ParcelFigures& f) {
            const ParcelResult& pr = an.parcels[i];
            for (const auto& s : pr.parks) add_parcel_part(an.parks[s.park], f, s.area_m2);
            if (!std::isnan(pr.area_m2)) add_parcel_part(an.region, f, pr.area_m2);
        });
    const Lang lang = lang_of(ds.cfg.settings);
    for (auto& p : an.parks) finish_park(p, lang);
    finish_park(an.region, lang);
}

void report_missing_money(const Dataset& ds, const Analysis& an, Findings& findings) {
    for (size_t k = 0; k < an.parks.size(); ++k) {
        const ParkResult& p = an.parks[k];
        if (p.n_missing_money == 0) continue;
        const auto& f = ds.parks.features[k];
        const std::string_view id = f.rec.s(ParkF::park_id);
        const size_t at_t = p.n_parcels - p.n_later;
        findings.add("parks", f.fid, id, "missing_money", Severity::Warning,
                     say(findings.lang(), Msg::MissingMoney,
                         {feature_ref(ds.parks, f.fid, id), std::to_string(p.n_missing_money), std::to_string(at_t),
                          say(findings.lang(), p.n_missing_money == at_t ? Msg::MissingMoneyNull : Msg::MissingMoneyZero)}));
    }
}

}  // namespace

ParcelFigures parcel_figures(const Dataset& ds, const Analysis& an, size_t i, bool later) {
    ParcelFigures f;
    f.later = later;
    if (later) return f;
    const ParcelResult& pr = an.parcels[i];
    const Record& r = ds.parcels.features[i].rec;
    f.area_m2 = pr.area_m2;
    f.output = pr.output;
    f.tax = pr.tax;
    f.value_add = pr.value_add;
    f.invest = pr.invest;
    const double floor = r.n(ParcelF::floor_m2);
    f.floor = !std::isnan(floor) ? floor + nan_to_zero(r.n(ParcelF::tall_m2)) : nan_to_zero(pr.far) * pr.area_m2;
    const double fp = r.n(ParcelF::footprint);
    f.footprint = !std::isnan(fp) ? fp : nan_to_zero(pr.coverage) * pr.area_m2;
    f.has_floor = !std::isnan(floor) || !std::isnan(pr.far);
    f.has_footprint = !std::isnan(fp) || !std::isnan(pr.coverage);
    return f;
}

void add_parcel_part(ParkResult& p, const ParcelFigures& f, double part_m2) {
    ++p.n_parcels;
    if (f.later) {  // reported apart, so that no land disappears
        p.later_m2 += part_m2;
        ++p.n_later;
        return;
    }
    const double w = f.area_m2 > 0 ? part_m2 / f.area_m2 : 0;
    p.land_m2 += part_m2;
    p.output += nan_to_zero(f.output) * w;
    p.tax += nan_to_zero(f.tax) * w;
    p.value_add += nan_to_zero(f.value_add) * w;
    p.invest += nan_to_zero(f.invest) * w;
    p.floor_m2 += f.floor * w;
    p.footprint_m2 += f.footprint * w;
    if (f.has_floor) ++p.n_floor;
    if (f.has_footprint) ++p.n_footprint;
    if (!std::isnan(f.invest)) ++p.n_invest;
    if (!std::isnan(f.output)) ++p.n_output;
    if (!std::isnan(f.tax)) ++p.n_tax;
    if (!std::isnan(f.value_add)) ++p.n_va;
    if (std::isnan(f.output) && std::isnan(f.tax)) ++p.n_missing_money;
}

void add_parcel_part(const Dataset& ds, const Analysis& an, ParkResult& p, size_t i, double part_m2, bool later) {
    add_parcel_part(p, parcel_figures(ds, an, i, later), part_m2);
}


void finish_park(ParkResult& p, Lang lang) {
    const double mu = p.land_m2 / kM2PerMu;
    if (p.land_m2 <= 0)
        p.reasons.push_back(say(lang, p.later_m2 > 0 ? Msg::ParkNoLandAtT : Msg::ParkNoLand));
    // Money missing for some parcels counts as zero; missing for all of them is no figure at all.
    const size_t at_t = p.n_parcels - p.n_later;  // parcels supplied at T: the ones with money
    const bool no_money = at_t > 0 && p.n_missing_money == at_t;
    if (no_money && p.land_m2 > 0) p.reasons.push_back(say(lang, Msg::ParkNoMoney));
    NoteList sink;                    // the single "no parcel land" reason above says it all
    auto& why = p.land_m2 > 0 ? p.reasons : sink;
    p.mu_output = no_money ? kNaN : ratio(p.output, mu, "mu_output", Msg::NOutput, Msg::NParcelLand, why, lang);
    p.mu_tax = no_money ? kNaN : ratio(p.tax, mu, "mu_tax", Msg::NTax, Msg::NParcelLand, why, lang);
    p.mu_va = no_money ? kNaN : ratio(p.value_add, mu, "mu_va", Msg::NValueAdded, Msg::NParcelLand, why, lang);
    p.inv_int = no_money ? kNaN : ratio(p.invest, mu, "inv_int", Msg::NInvest, Msg::NParcelLand, why, lang);
    p.far = ratio(p.floor_m2, p.land_m2, "far", Msg::NFloor, Msg::NParcelLand, why, lang);
    p.coverage = ratio(p.footprint_m2, p.land_m2, "coverage", Msg::NFootprint, Msg::NParcelLand, why, lang);
    // A figure no parcel inside has is no figure at all (null with the reason), not 0; where some
    // parcels have it, the others count as zero, as money does.
    auto none_has = [&](double& v, size_t n, const char* what) {
        if (at_t == 0 || n > 0 || std::isnan(v)) return;
        v = kNaN;
        why.push_back(say(lang, Msg::ParkNoneHas, {what}));
    };
    none_has(p.mu_output, p.n_output, "mu_output");
    none_has(p.mu_tax, p.n_tax, "mu_tax");
    none_has(p.mu_va, p.n_va, "mu_va");
    none_has(p.inv_int, p.n_invest, "inv_int");
    none_has(p.far, p.n_floor, "far");
    none_has(p.coverage, p.n_footprint, "coverage");
    if (p.n_missing_money > 0 && !no_money)
        p.reasons.push_back(say(lang, Msg::ParkMoneyZero, {std::to_string(p.n_missing_money)}));
}

std::string_view Analysis::parcel_ind_code(const Dataset& ds, size_t i) const {
    const std::string_view own = ds.parcels.features[i].rec.s(ParcelF::ind_code);
    if (!own.empty() || ind_row[i] < 0) return own;
    return ds.enterprises.features[static_cast<size_t>(ind_row[i])].rec.s(EntF::ind_code);
}

}  // namespace landeff
