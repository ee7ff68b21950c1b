#pragma once
// Data-quality checks (issue 2 §7). Each problem becomes a finding; nothing here stops a run.
#include <cstdint>
#include <string>
#include <vector>

#include "landeff/findings.hpp"
#include "landeff/model.hpp"
#include "landeff/params.hpp"

namespace landeff {

// Checks that need only the inputs (before the overlay): ids, fields, values, dates, overlaps.
void check_inputs(const Dataset& ds, const QualityRules& rules, Findings& findings);
// The id checks of check_inputs (missing_id, duplicate_id) for a layer read chunk by chunk
// (read_layer_streamed), whose features do not stay: add() says each missing id and keeps the ids
// (their text end to end, with their fids); finish() says the duplicates, each naming the first
// feature with its id, as check_inputs does for a layer read whole.
class StreamedIdCheck {
public:
    void add(const LayerData& layer, const std::vector<Feature>& chunk, Findings& findings);
    void finish(const LayerData& layer, Findings& findings);

private:
    std::string text_;           // the ids, end to end
    std::vector<size_t> end_;    // where each ends in text_
    std::vector<int64_t> fid_;   // each one's feature
};

// Checks that need measured areas: registered vs measured area.
void check_areas(const Dataset& ds, const QualityRules& rules, const Analysis& an, Findings& findings);

}  // namespace landeff
