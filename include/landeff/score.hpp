#pragma once
// 开发区土地集约利用评价 (TD/T 1029-2017, rules.md §6): land classes from the data, the
// indicators, the zone type and the weighted score.
#include "landeff/model.hpp"
#include "landeff/params.hpp"

namespace landeff {

struct TdtIndicator {
    const char* key;     // settings: score.t_<key>, score.w_<key>
    const char* field;   // output field (≤ 10 chars)
    const char* label;   // Chinese name
    const char* group;   // degree | structure | intensity | benefit | management
    bool inverse;        // idle rate: S = (1 − X)/(1 − T)·100
};
extern const TdtIndicator kTdtIndicators[11];

// Needs measure(), classify_parcels() (idle land) and assess_unsupplied() (批而未供).
void score_parks(const Dataset& ds, const ScoreRules& rules, Analysis& an);

// The weighted score from standardised indicator scores (NaN = not computable): weights are
// normalised over the available children at each level, so a missing indicator's weight goes
// to its siblings. Exposed for tests. `why` receives the explanation.
double weighted_score(const ScoreRules& rules, const double (&scores)[11], std::string* why);

}  // namespace landeff
