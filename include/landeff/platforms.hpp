#pragma once
// Platform classification (rules.md §7, 杭政办函〔2017〕127号): consolidate / innovate / retain /
// exit, in rule order, every decision recorded. Platforms are the parks, grouped by their
// `platform` field when it is given (one platform = the union of its parks).
#include "landeff/model.hpp"
#include "landeff/params.hpp"

namespace landeff {

// Needs measure(), classify_parcels(), assess_unsupplied() and score_parks().
void classify_platforms(const Dataset& ds, const PlatformRules& rules, Analysis& an);

}  // namespace landeff
