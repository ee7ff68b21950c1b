#pragma once
// The land-state chain 批 → 供 → 用 (rules.md §4): approved-but-unsupplied land per approval,
// one primary state per parcel with the tests that fired, idle land under Ministry Order 53,
// and the per-park sums. Needs the overlay, indicators and a loaded ControlStandard.
#include "landeff/messages.hpp"
#include "landeff/findings.hpp"
#include "landeff/model.hpp"
#include "landeff/params.hpp"
#include "landeff/standards.hpp"

#include <map>
#include <string>
#include <vector>

namespace landeff {

// Each parcel's state and the per-park state counts, idle and inefficient land. Needs measure() and
// grade_enterprises() (the grade_d test).
void classify_parcels(const Dataset& ds, const ControlStandard& st, Analysis& an);
// The states.tax_low_region medians (per county or city code) of the parcels read: the median per-mu
// tax of the parcels producing at T. Empty when states.tax_low_region is "all". (A two-pass
// partitioned run hands them from the first pass to the second, issue 21.)
std::map<std::string, double, std::less<>> tax_low_region_medians(const Dataset& ds, const Analysis& an);
// 批而未供: each approval dated on or before T (or undated) minus the parcels supplied by T, and the
// parks' and region's approved and unsupplied land. A parcel is supplied with a supply date on or
// before T; without one, unless it is started or built (states.built_unsupplied). Reads only the
// inputs and the overlay, and writes only Analysis::unsupplied, the parks' and the region's
// appr_m2/unsup_m2/supply_rt and findings.
void assess_unsupplied(const Dataset& ds, const UnsuppliedRules& rules, Analysis& an, Findings& findings);

// The settings classify_parcel needs, read once per run (not per parcel).
struct StateRules {
    int idle_years = 1, recover_years = 2;
    double dev_share_min = 0, inv_share_min = 0, fee_rate = 0, tax_low_share = 0, underbuilt_share = 0, dev_low_share = 0;
    bool far_low = true, coverage_low = true, tax_low = true, not_in_production = true, below_contract = true, underbuilt = true,
         dev_low = true, grade_d = true;
    std::vector<std::string> industrial_prefixes;
    std::string tax_low_scope = "park";  // states.tax_low_scope: the tax_low benchmark, per park / region / fixed
    double tax_low_fixed = 0;            // states.tax_low_fixed, 万元/亩 (with tax_low_scope = "fixed")
    Lang lang = Lang::zh;  // output.lang: the wording of the tests
    explicit StateRules(const Config& cfg);  // built in src/core/params.cpp, as the structs of params.hpp
};

void classify_parcel(const Record& r, const Config& cfg, const StateRules& rules, const ControlStandard& st,
                     double benchmark_tax, std::string_view ind_code, ParcelResult& pr);

// The state rules for one parcel, exposed for unit tests. `benchmark_tax` is the tax_low
// benchmark for the parcel's park (万元/亩, NaN when none).
void classify_parcel(const Record& r, const Config& cfg, const ControlStandard& st, double benchmark_tax,
                     std::string_view ind_code, ParcelResult& pr);

}  // namespace landeff
