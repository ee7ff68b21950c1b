#include "landeff/invariants.hpp"

#include <cmath>
#include <cstdio>

#include <tbb/parallel_invoke.h>

#include "landeff/format.hpp"
#include "landeff/indicators.hpp"

namespace landeff {
namespace {

bool close(double a, double b) { return std::fabs(a - b) <= 1e-9 * std::max({1.0, std::fabs(a), std::fabs(b)}) + 1e-6; }


double z(double v) { return std::isnan(v) ? 0.0 : v; }

// The parcels' land and tax summed in parcel order (check_parcels), for the totals' checks.
struct ParcelSums {
    double inside = 0, outside = 0, total = 0, tax_all = 0, tax_outside = 0;
};

std::string parcel_id(const Dataset& ds, size_t i) { return std::string(ds.parcels.features[i].rec.s(ParcelF::parcel_id)); }

// 1. Each parcel's share in [0, 1], its inside area ≤ its area, and no money on land supplied after T.
ParcelSums check_parcels(const Dataset& ds, const Analysis& an, std::vector<std::string>& bad) {
    ParcelSums s;
    for (size_t i = 0; i < an.parcels.size(); ++i) {
        const auto& p = an.parcels[i];
        if (std::isnan(p.area_m2)) continue;
        if (!(p.share() >= -1e-12 && p.share() <= 1 + 1e-12) && p.area_m2 > 0)
            bad.push_back("parcel " + parcel_id(ds, i) + ": share " + fmt::fixed(p.share(), 6) + " outside [0, 1]");
        if (p.inside_m2 > p.area_m2 * (1 + 1e-9) + 1e-6)
            bad.push_back("parcel " + parcel_id(ds, i) + ": inside area exceeds its area");
        s.inside += p.inside_m2;
        s.outside += p.area_m2 - p.inside_m2;
        s.total += p.area_m2;
        s.tax_all += z(p.tax);
        // Nobody's land at T takes no share of money.
        if (supplied_after(ds.parcels.features[i].rec, ds.cfg.eval_date) && (!std::isnan(p.tax) || !std::isnan(p.output)))
            bad.push_back("parcel " + parcel_id(ds, i) + ": supplied after T but holds output or tax");
        const double w = p.area_m2 > 0 ? (p.area_m2 - p.inside_m2) / p.area_m2 : 0;
        s.tax_outside += z(p.tax) * w;
    }
    return s;
}

// 2 and 4. Land and tax add up: inside + outside parks, the region's, and (without overlapping
// parks) the parks' apportioned land and tax.
void check_totals(const Analysis& an, const ParcelSums& s, std::vector<std::string>& bad) {
    if (!close(s.inside + s.outside, s.total))
        bad.push_back("inside + outside land " + fmt::fixed(s.inside + s.outside, 6) + " ≠ total " + fmt::fixed(s.total, 6));
    // Land supplied after T is in later_m2, never in land_m2: the two add up to all parcel land.
    if (!close(an.region.land_m2 + an.region.later_m2, s.total))
        bad.push_back("region land " + fmt::fixed(an.region.land_m2, 6) + " + supplied after T " + fmt::fixed(an.region.later_m2, 6) +
                      " m² ≠ all parcels' land " + fmt::fixed(s.total, 6) + " m²");
    if (!an.parks_overlap) {
        double parks_land = 0, parks_later = 0, parks_tax = 0;
        for (const auto& p : an.parks) {
            parks_land += p.land_m2;
            parks_later += p.later_m2;
            parks_tax += p.tax;
        }
        if (!close(parks_land + parks_later, s.inside))
            bad.push_back("land apportioned to parks " + fmt::fixed(parks_land, 6) + " + supplied after T " + fmt::fixed(parks_later, 6) +
                          " m² ≠ parcel land inside parks " + fmt::fixed(s.inside, 6) + " m²");
        if (!close(parks_tax + s.tax_outside, s.tax_all))
            bad.push_back("tax in parks " + fmt::fixed(parks_tax, 6) + " + outside " + fmt::fixed(s.tax_outside, 6) + " ≠ all parcels' tax " +
                          fmt::fixed(s.tax_all, 6));
    }
    if (!an.parks.empty() || !an.parcels.empty())
        if (!close(an.region.tax, s.tax_all))
            bad.push_back("region tax " + fmt::fixed(an.region.tax, 6) + " ≠ all parcels' tax " + fmt::fixed(s.tax_all, 6));
}

// 5. 批而未供 never exceeds what was approved (per approval, per park).
void check_unsupplied(const Dataset& ds, const Analysis& an, std::vector<std::string>& bad) {
    for (const auto& u : an.unsupplied)
        if (u.area_m2 > u.approval_m2 * (1 + 1e-9) + 1e-6)
            bad.push_back("approval " + std::string(ds.approvals.features[u.approval].rec.s(ApprovalF::appr_id)) + ": unsupplied " +
                          fmt::fixed(u.area_m2, 6) + " m² > approved " + fmt::fixed(u.approval_m2, 6) + " m²");
    for (size_t k = 0; k < an.parks.size(); ++k) {
        const auto& p = an.parks[k];
        if (!std::isnan(p.unsup_m2) && p.unsup_m2 > p.appr_m2 * (1 + 1e-9) + 1e-6)
            bad.push_back("park " + std::string(ds.parks.features[k].rec.s(ParkF::park_id)) + ": unsupplied exceeds approved land");
    }
}

// 3. Enterprise money spread over parcels sums back to the rows (for enterprises with measured
// land), and an enterprise's land is that of its parcels supplied at T.
void check_enterprise_money(const Dataset& ds, const Analysis& an, std::vector<std::string>& bad) {
    for (const auto& e : an.ents) {
        if (e.row < 0 || e.parcel_m2 <= 0) continue;
        const double src = ds.enterprises.features[static_cast<size_t>(e.row)].rec.n(EntF::tax);
        if (std::isnan(src)) continue;
        double spread = 0, land = 0;
        for (uint32_t pi : e.parcels) {
            spread += z(an.parcels[pi].tax);
            if (!supplied_after(ds.parcels.features[pi].rec, ds.cfg.eval_date)) land += z(an.parcels[pi].area_m2);
        }
        if (!close(land, e.parcel_m2))
            bad.push_back("enterprise " + std::string(e.ent_id) + ": land " + fmt::fixed(e.parcel_m2, 6) + " m² ≠ its parcels supplied at T " +
                          fmt::fixed(land, 6) + " m²");
        if (!close(spread, src)) bad.push_back("enterprise " + std::string(e.ent_id) + ": tax spread " + fmt::fixed(spread, 6) + " ≠ row " + fmt::fixed(src, 6));
    }
}

// 6. Tenants (leases.hpp): land moved from owners to tenants adds up. Per parcel, its tenants hold no
// more than the parcel; per enterprise, land = its parcels − leased out + leased in; over all,
// enterprises' land plus the land of parcels without an enterprise equals all land supplied at T.
void check_leases(const Dataset& ds, const Analysis& an, std::vector<std::string>& bad) {
    std::vector<double> on_parcel(an.parcels.size(), 0.0);
    std::vector<double> in(an.ents.size(), 0.0), out(an.ents.size(), 0.0);
    for (const auto& l : an.leases) {
        on_parcel[l.parcel] += l.land_m2;
        if (l.tenant >= 0) in[static_cast<size_t>(l.tenant)] += l.land_m2;
        if (l.owner >= 0) out[static_cast<size_t>(l.owner)] += l.land_m2;
    }
    double at_t = 0, unowned = 0, held = 0;
    std::vector<char> owned(an.parcels.size(), 0);
    for (const auto& e : an.ents)
        for (uint32_t pi : e.parcels) owned[pi] = 1;
    for (size_t i = 0; i < an.parcels.size(); ++i) {
        const double a = z(an.parcels[i].area_m2);
        if (on_parcel[i] > a * (1 + 1e-9) + 1e-6)
            bad.push_back("parcel " + parcel_id(ds, i) + ": tenants hold " + fmt::number(on_parcel[i]) + " m² of its " + fmt::number(a) + " m²");
        if (supplied_after(ds.parcels.features[i].rec, ds.cfg.eval_date)) continue;
        at_t += a;
        if (!owned[i]) unowned += a - on_parcel[i];
    }
    for (size_t k = 0; k < an.ents.size(); ++k) {
        const auto& e = an.ents[k];
        if (!close(in[k], e.leased_in_m2) || !close(out[k], e.leased_out_m2))
            bad.push_back("enterprise " + std::string(e.ent_id) + ": leased in/out " + fmt::number(e.leased_in_m2) + "/" +
                          fmt::number(e.leased_out_m2) + " m² ≠ its leases " + fmt::number(in[k]) + "/" + fmt::number(out[k]) + " m²");
        const double own = e.parcel_m2 - e.leased_out_m2 + e.leased_in_m2;
        held += own;
        if ((e.parcel_m2 > 0 || e.leased_in_m2 > 0) && !close(z(e.land_m2), own))
            bad.push_back("enterprise " + std::string(e.ent_id) + ": land " + fmt::number(e.land_m2) + " m² ≠ parcels − leased out + leased in " +
                          fmt::number(own) + " m²");
    }
    if (!close(held + unowned, at_t))
        bad.push_back("enterprises' land with leases " + fmt::number(held) + " + land of parcels without an enterprise " + fmt::number(unowned) +
                      " m² ≠ all land supplied at T " + fmt::number(at_t) + " m²");
}

}  // namespace

std::vector<std::string> check_invariants(const Dataset& ds, const Analysis& an) {
    // The checks read and never write: they run side by side, and say what they found in this order.
    std::vector<std::string> bad[4];
    tbb::parallel_invoke(
        [&] {
            const ParcelSums sums = check_parcels(ds, an, bad[0]);
            check_totals(an, sums, bad[0]);
        },
        [&] { check_unsupplied(ds, an, bad[1]); }, [&] { check_enterprise_money(ds, an, bad[2]); },
        [&] {
            if (!an.leases.empty()) check_leases(ds, an, bad[3]);
        });
    for (size_t k = 1; k < 4; ++k) bad[0].insert(bad[0].end(), bad[k].begin(), bad[k].end());
    return std::move(bad[0]);
}

}  // namespace landeff
