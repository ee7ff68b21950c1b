#pragma once
// Data-quality checks (issue 2 §7). Each problem becomes a finding; nothing here stops a run.
#include "landeff/findings.hpp"
#include "landeff/model.hpp"
#include "landeff/params.hpp"

namespace landeff {

// Checks that need only the inputs (before the overlay): ids, fields, values, dates, overlaps.
void check_inputs(const Dataset& ds, const QualityRules& rules, Findings& findings);
// Checks that need measured areas: registered vs measured area.
void check_areas(const Dataset& ds, const QualityRules& rules, const Analysis& an, Findings& findings);

}  // namespace landeff
