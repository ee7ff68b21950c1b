#pragma once
// Objections and corrections (异议更正, issue 17, rules.md §5 "The flow"): the optional `corrections`
// input, one row per corrected value (ent_id or parcel_id, field, value, reason, doc_no).
//
// apply_corrections() runs after reading and before the analysis, on the in-memory records only (the
// input files are never modified), so every figure, grade and state is computed from the corrected
// values. Rules, each a finding when broken (the row is then not applied):
// - a row names exactly one target: ent_id (the enterprise's row of the evaluation year, the row
//   measure() uses) or parcel_id (the first parcel of that id);
// - `field` is a canonical field name, its Chinese label or one of its aliases, and must be on the
//   whitelist correctable_fields() (figures, dates and codes; never ids, names or contract terms);
// - `value` is read as the field's own reader reads it (numbers with the field's unit, dates,
//   1/0 flags, years, 规上/规下), and an empty value is not a correction;
// - two rows for the same target and field: the first in the table is applied, later ones are not.
// Field `grade` (等级) of an enterprise is a manual grade override: collected here, applied after
// grading by apply_overrides() (overrides.hpp).
#include <span>
#include <string_view>

#include "landeff/findings.hpp"
#include "landeff/model.hpp"

namespace landeff {

struct CorrectableField {
    LayerKind layer;         // Enterprises or Parcels
    std::string_view field;  // canonical name
};

// The whitelist, declared once: the fields a correction may change.
std::span<const CorrectableField> correctable_fields();

// Applies ds.corrections to ds.enterprises / ds.parcels; fills ds.corrected and ds.override_requests.
void apply_corrections(Dataset& ds, Findings& findings);

// Applies ds.override_requests after grade_enterprises(): the enterprise's grade becomes the override,
// its parcels carry it, and an.overrides lists it. The ranks and grades of the others do not move
// (an override changes one enterprise's grade only). Needs Stage::Grades.
void apply_overrides(const Dataset& ds, Analysis& an, Findings& findings);

}  // namespace landeff
