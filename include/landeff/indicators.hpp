#pragma once
// Indicators (DOMAIN.md §3): enterprise figures spread onto parcels, per-mu figures for parcels,
// enterprises and parks, FAR and coverage. A zero or missing denominator gives NaN with a reason.
#include "landeff/findings.hpp"
#include "landeff/model.hpp"

namespace landeff {

// Needs overlay_parks() first.
void measure(const Dataset& ds, Analysis& an, Findings& findings);

// Per-mu figures, FAR and coverage of a park (or the region) from its apportioned sums.
void finish_park(ParkResult& p);

// num / den with a reason when it cannot be computed; `what` names the indicator.
double ratio(double num, double den, const char* what, const char* num_name, const char* den_name,
             NoteList& nulls);

}  // namespace landeff
