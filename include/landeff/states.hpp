#pragma once
// The land-state chain 批 → 供 → 用 (DOMAIN.md §4): approved-but-unsupplied land per approval,
// one primary state per parcel with the tests that fired, idle land under Ministry Order 53,
// and the per-park sums. Needs the overlay, indicators and a loaded ControlStandard.
#include "landeff/findings.hpp"
#include "landeff/model.hpp"
#include "landeff/standards.hpp"

namespace landeff {

void assess_states(const Dataset& ds, const ControlStandard& st, Analysis& an, Findings& findings);

// The state rules for one parcel, exposed for unit tests. `benchmark_tax` is the tax_low
// benchmark for the parcel's park (万元/亩, NaN when none).
void classify_parcel(const Record& r, const Config& cfg, const ControlStandard& st, double benchmark_tax,
                     const std::string& ind_code, ParcelResult& pr);

}  // namespace landeff
