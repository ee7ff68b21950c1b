#pragma once
// Partitions and ranking populations (issue 21, rules.md §10). The evaluation is local: enterprises
// are ranked within a county or city, so a run splits along the administrative code at the start of
// 宗地代码 (parcel_id) without changing any figure, provided the partition is not finer than the
// ranking population.
#include <cstddef>
#include <map>
#include <string>
#include <string_view>

#include "landeff/model.hpp"
#include "landeff/settings.hpp"

namespace landeff {

// How fine an administrative split is: the whole run, a city (地级), a county (县级).
enum class AdminLevel { All = 0, City = 1, County = 2 };

// grading.population ("all" | "city" | "county") or partition.by ("none" | "city" | "county").
AdminLevel admin_level(std::string_view value);

// Characters of the code at `level` (partition.city_chars / partition.county_chars; 0 for All).
size_t admin_chars(const Settings& s, AdminLevel level);

// The code of a parcel at a level: the first `chars` characters of its parcel_id (the whole id when
// shorter; empty for All).
std::string_view admin_code(std::string_view parcel_id, size_t chars);

// The code of an enterprise at a level (rules.md §10): the code holding most of its parcels' measured
// land supplied at T; an enterprise with none (a tenant), the code holding most of the land it leases
// at T (rules.md §4: parcels supplied after T are nobody's land at T). Ties: the smaller code. Empty
// when it has neither.
std::string enterprise_admin_code(const Dataset& ds, const Analysis& an, size_t ent, size_t chars);

// Two passes (issue 21, rules.md §10): what the first pass of every partition (run --partition K
// --grades-only) computed for its own ranking populations and tax_low regions, read by the second
// pass of each partition (run --partition K --grades DIR) instead of reading the other partitions'
// populations whole.
struct FirstPassGrade {
    std::string population, list;  // its ranked population (GradeScale::population) and list (GradeScale::code)
    double score = kNaN;
    int rank = -1, ranked_of = 0;
    char grade = 'N', band_grade = 0;  // as graded, before any manual override
};
struct FirstPass {
    std::string partition;  // the partition this (second) pass runs: its own populations are graded here and checked
    bool first = false;     // it is the first partition (the population without a code is its own)
    std::map<std::string, FirstPassGrade, std::less<>> ents;  // ent_id → its grade, from its population's table
    std::map<std::string, double, std::less<>> tax_median;    // states.tax_low_region code → median per-mu tax
    std::string dir;              // --grades DIR: the first pass's folders, DIR/<code>/grades.json
    std::string first_code;       // the first partition's code (the population without a code is in its table)
    size_t partition_chars = 0;   // partition.by's characters of a code
    // Whether a population's (or region's) code is this partition's own.
    bool own(std::string_view code) const { return code.empty() ? first : code.substr(0, partition.size()) == partition; }
    // The table a population's (or region's) code is in: DIR/<its partition>/grades.json.
    std::string table_of(std::string_view code) const;
};
// The tables' check failed (a stale table, an enterprise or region computed differently here): the run
// stops (RunError) naming the table of `code` (a population or region), the subject ("ent_id E1"),
// the field and both values.
[[noreturn]] void first_pass_mismatch(const Dataset& ds, const std::string& code, const std::string& subject, const std::string& field,
                                      const std::string& table_value, const std::string& here_value);
// An enterprise this pass scores has no grade in its population's table (RunError).
[[noreturn]] void first_pass_no_grade(const Dataset& ds, const std::string& ent_id, const std::string& population);

}  // namespace landeff
