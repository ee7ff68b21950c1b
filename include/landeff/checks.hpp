#pragma once
// Data-quality checks (issue 2 §7). Each problem becomes a finding; nothing here stops a run.
#include <string>
#include <unordered_map>
#include <vector>

#include "landeff/findings.hpp"
#include "landeff/model.hpp"
#include "landeff/params.hpp"

namespace landeff {

// Checks that need only the inputs (before the overlay): ids, fields, values, dates, overlaps.
void check_inputs(const Dataset& ds, const QualityRules& rules, Findings& findings);
// The id checks of check_inputs (missing_id, duplicate_id) for a layer read chunk by chunk
// (read_layer_streamed), whose features do not stay: the ids met so far are kept (text only).
class StreamedIdCheck {
public:
    void add(const LayerData& layer, const std::vector<Feature>& chunk, Findings& findings);

private:
    std::unordered_map<std::string, int64_t> seen_;
};

// Checks that need measured areas: registered vs measured area.
void check_areas(const Dataset& ds, const QualityRules& rules, const Analysis& an, Findings& findings);

}  // namespace landeff
