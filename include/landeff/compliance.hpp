#pragma once
// Compliance with the control indicators (rules.md §3) and each parcel's own contract
// conditions. Both bind: each is checked on its own, and a violation names the source it broke
// ("far_min(contract): 0.4 vs 0.5", "far_min(cn-2008): 0.6 vs 0.7"). Fills ParcelResult::compliant /
// violations / checked.
#include "landeff/model.hpp"
#include "landeff/params.hpp"
#include "landeff/standards.hpp"

namespace landeff {

// True when the land-use code is industrial per control.industrial_prefixes (an empty code
// counts as industrial: the analyzer's parcels are industrial unless they say otherwise).
bool is_industrial(std::string_view land_use, const std::vector<std::string>& prefixes);

void check_compliance(const Dataset& ds, const ControlStandard& st, const ComplianceRules& rules, Analysis& an);

}  // namespace landeff
