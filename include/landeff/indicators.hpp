#pragma once
// Indicators (rules.md §3): enterprise figures spread onto parcels, per-mu figures for parcels,
// enterprises and parks, FAR and coverage. A zero or missing denominator gives NaN with a reason.
#include <cmath>

#include "landeff/findings.hpp"
#include "landeff/model.hpp"
#include "landeff/params.hpp"

namespace landeff {

// Needs overlay_parks() first. A parcel supplied after the evaluation date T is nobody's land at T
// (rules.md §4): it counts in no enterprise's land (its enterprise's figures are spread over the
// other parcels), and in its parks' and the region's later_m2 instead of land_m2, money and floor area.
// `leases`: how apply_leases gives tenants their land.
void measure(const Dataset& ds, const LeaseRules& leases, Analysis& an, Findings& findings);

// A supply date after T (a parcel without one counts as supplied here; see assess_unsupplied).
inline bool supplied_after(const Record& parcel, const Date& T) {
    const double supply = parcel.n(ParcelF::supply_dt);
    return !std::isnan(supply) && from_num(supply) > T;
}

// As at T, a recorded date decides: a start (completion) recorded after T means not started (not
// built) at T, whatever the undated in_prod flag says — the flag describes the record's day, not T.
// The flag stands in for a missing date only.
inline bool recorded_after(double date, const Date& T) { return !std::isnan(date) && from_num(date) > T; }
inline bool producing_at(const Record& parcel, const Date& T) {
    return parcel.n(ParcelF::in_prod) == 1.0 && !recorded_after(parcel.n(ParcelF::start_dt), T) &&
           !recorded_after(parcel.n(ParcelF::done_dt), T);
}
inline bool built_at(const Record& parcel, const Date& T) {
    const double done = parcel.n(ParcelF::done_dt);
    return (!std::isnan(done) && from_num(done) <= T) || producing_at(parcel, T);
}
// Started at T: a start recorded by T, or built at T without a start recorded after T (a completion
// or production stands in for a missing start date, never for one recorded after T).
inline bool started_at(const Record& parcel, const Date& T) {
    const double start = parcel.n(ParcelF::start_dt);
    return (!std::isnan(start) && from_num(start) <= T) || (!recorded_after(start, T) && built_at(parcel, T));
}

// Per-mu figures, FAR and coverage of a park (or the region) from its apportioned sums.
void finish_park(ParkResult& p, Lang lang);
// Adds part_m2 of parcel i (its area inside a park, or its whole area for a total) to p's land,
// money and floor sums (a parcel supplied after T: to later_m2 only). finish_park then gives the ratios.
void add_parcel_part(const Dataset& ds, const Analysis& an, ParkResult& p, size_t i, double part_m2, bool later);
// The same in two halves, for loops that find each parcel's figures on every core and add them in
// parcel order (issue 20): what add_parcel_part reads of parcel i, then its adding with part_m2.
struct ParcelFigures {
    bool later = false;
    double area_m2 = 0, output = 0, tax = 0, value_add = 0, invest = 0;  // area_m2: ParcelResult::area_m2; money NaN = none
    double floor = 0, footprint = 0;  // m², the whole parcel's
    bool has_floor = false, has_footprint = false;
};
ParcelFigures parcel_figures(const Dataset& ds, const Analysis& an, size_t i, bool later);
void add_parcel_part(ParkResult& p, const ParcelFigures& f, double part_m2);

// num / den with a reason (in `lang`) when it cannot be computed; `what` names the indicator, the
// two Msg ids the figures.
double ratio(double num, double den, const char* what, Msg num_name, Msg den_name, NoteList& nulls, Lang lang);

}  // namespace landeff
