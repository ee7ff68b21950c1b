#pragma once
// Differentiated policies by grade (差别化政策, 资源要素差别化配置, issue 17, rules.md §5): the setting
// policy.table maps grades to measures; where the enterprise's row carries the quantity (elec 万kWh,
// water 吨) the amount per enterprise is computed.
#include <cstdint>
#include <string>
#include <vector>

#include "landeff/model.hpp"

namespace landeff {

struct PolicyMeasure {
    char grade = 0;        // A B C D
    std::string measure;   // 差别化电价, …
    std::string unit;      // of the rate: 元/kWh, 元/吨, %, …
    double rate = 0;
    std::string quantity;  // elec | water | "" (no amount)
};

// Parses policy.table ("grade:measure:unit:rate:quantity; …"); throws ConfigError naming the key and
// the row when a row is malformed. Empty text = no measures.
std::vector<PolicyMeasure> parse_policy_table(const std::string& text);

// One enterprise × measure (an enterprise graded A–D, after overrides, and a measure of its grade).
struct PolicyRow {
    size_t ent = 0;        // index into Analysis::ents
    size_t measure = 0;    // index into the parsed table
    double quantity = kNaN;  // elec 万kWh or water 吨; NaN when the table names none or the row lacks it
    double amount = kNaN;    // 万元
    std::string note;        // the arithmetic, or why there is no amount
};

// In enterprise (ent_id) order, then table order. Needs Stage::Grades.
std::vector<PolicyRow> policy_rows(const Dataset& ds, const Analysis& an, const std::vector<PolicyMeasure>& table);

// The same rows' keys only (enterprise, measure), in the same order — 8 bytes a row where a whole
// PolicyRow holds its note —, and the row of one key, equal to policy_rows' row of that key: the
// report tables make each row when they write it (issue 20).
struct PolicyKey {
    uint32_t ent = 0, measure = 0;
};
std::vector<PolicyKey> policy_keys(const Analysis& an, const std::vector<PolicyMeasure>& table);
PolicyRow policy_row(const Dataset& ds, const Analysis& an, const std::vector<PolicyMeasure>& table, PolicyKey key);

}  // namespace landeff
