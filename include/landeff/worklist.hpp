#pragma once
// The patrol worklist (动态巡查, rules.md §4 "the supply lifecycle"): for every parcel supplied at
// T, what the bureau must do next — dispose of idle land, chase an overdue start or completion,
// remind before a due date, review a standard-land contract's promised figures (达产复核), decide on
// a flexible lease term that ends soon (弹性出让年期) — ordered by urgency, with the legal basis.
#include <cstdint>
#include <string>
#include <vector>

#include "landeff/dates.hpp"

namespace landeff {

struct Dataset;
struct Analysis;
struct WorklistRules;

// Kinds of work, in the order of urgency (the priority is the position, 1-based).
enum class WorkKind : uint8_t { Recover, IdleFee, IdleGov, StartLate, DoneLate, StartSoon, DoneSoon, Review, TermEnd };
inline constexpr size_t kWorkKinds = 9;
const char* work_kind_name(WorkKind k);  // recover, idle_fee, idle_gov, start_late, …
const char* work_action(WorkKind k);     // the next action, in Chinese
const char* work_basis(WorkKind k);      // its legal basis, in Chinese

struct WorkItem {
    uint32_t parcel = 0;  // index into the parcels layer
    WorkKind kind = WorkKind::Recover;
    Date due;             // the date the item runs from (a due date, the date idleness began, …)
    int32_t days = 0;     // T − due in days: > 0 days since (overdue), ≤ 0 days left
    int8_t met = -1;      // 达产复核: 1 every promised figure met, 0 one missed, -1 cannot judge / n.a.
};

// The figures behind an item, in Chinese ("闲置2年，闲置费12.50万元", "约定开工日 2024-03-01", …):
// written when the worklist is written, not held for each of a province's items (issue 20).
std::string work_detail(const Dataset& ds, const Analysis& an, const WorkItem& w);

// Needs the land states (classify_parcels). Items ordered by kind (urgency), then the most days
// overdue first, then parcel_id.
std::vector<WorkItem> build_worklist(const Dataset& ds, const WorklistRules& rules, const Analysis& an);

}  // namespace landeff
