#pragma once
// Partitions and ranking populations (issue 21, rules.md §10). The evaluation is local: enterprises
// are ranked within a county or city, so a run splits along the administrative code at the start of
// 宗地代码 (parcel_id) without changing any figure, provided the partition is not finer than the
// ranking population.
#include <cstddef>
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

}  // namespace landeff
