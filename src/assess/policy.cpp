#include "landeff/policy.hpp"

#include <cmath>

#include "landeff/error.hpp"
#include "landeff/format.hpp"
#include "landeff/messages.hpp"
#include "landeff/text.hpp"
#include "landeff/values.hpp"

namespace landeff {
namespace {

// What each quantity is and how an amount in 万元 follows from it: elec is in 万kWh, so 万kWh × 元/kWh
// = 10⁴ 元 = 1 万元; water is in 吨, so 吨 × 元/吨 = 元 = 10⁻⁴ 万元 (unit conversions, not rule numbers).
struct Quantity {
    const char* key;
    EntF field;
    const char* unit;
    double to_wan;
    Msg name;
};
constexpr Quantity kQuantities[] = {{"elec", EntF::elec, "万kWh", 1.0, Msg::PolicyElec},
                                    {"water", EntF::water, "吨", 1e-4, Msg::PolicyWater}};

const Quantity* quantity_of(const std::string& key) {
    for (const auto& q : kQuantities)
        if (key == q.key) return &q;
    return nullptr;
}

}  // namespace

std::vector<PolicyMeasure> parse_policy_table(const std::string& text) {
    std::vector<PolicyMeasure> out;
    for (const std::string& row_text : split(text, ';')) {
        const std::string row = trim(row_text);
        if (row.empty()) continue;
        auto cols = split(row, ':');
        for (auto& c : cols) c = trim(c);
        auto bad = [&](const std::string& why) {
            return ConfigError("policy.table: row " + quote_text(row) + ": " + why +
                               "; write grade:measure:unit:rate:quantity, e.g. \"D:差别化电价:元/kWh:0.3:elec\"");
        };
        if (cols.size() == 4) cols.emplace_back();
        if (cols.size() != 5) throw bad("5 columns expected, found " + std::to_string(cols.size()));
        PolicyMeasure m;
        if (cols[0].size() != 1 || cols[0][0] < 'A' || cols[0][0] > 'D') throw bad("grade " + quote_text(cols[0]) + " is not A, B, C or D");
        m.grade = cols[0][0];
        if (cols[1].empty()) throw bad("the measure is empty");
        m.measure = cols[1];
        m.unit = cols[2];
        const auto rate = parse_number(cols[3], "");
        if (!rate || !std::isfinite(*rate)) throw bad("rate " + quote_text(cols[3]) + " is not a number");
        m.rate = *rate;
        if (!cols[4].empty() && !quantity_of(cols[4])) throw bad("quantity " + quote_text(cols[4]) + " is not elec, water or empty");
        m.quantity = cols[4];
        out.push_back(std::move(m));
    }
    return out;
}

std::vector<PolicyKey> policy_keys(const Analysis& an, const std::vector<PolicyMeasure>& table) {
    an.require(Stage::Grades, "policy_keys");
    std::vector<PolicyKey> out;
    if (table.empty()) return out;
    for (size_t i = 0; i < an.ents.size(); ++i) {
        const EntResult& e = an.ents[i];
        if (e.grade < 'A' || e.grade > 'D') continue;
        for (size_t k = 0; k < table.size(); ++k)
            if (table[k].grade == e.grade) out.push_back({static_cast<uint32_t>(i), static_cast<uint32_t>(k)});
    }
    return out;
}

PolicyRow policy_row(const Dataset& ds, const Analysis& an, const std::vector<PolicyMeasure>& table, PolicyKey key) {
    const Lang lang = lang_of(ds.cfg.settings);
    const EntResult& e = an.ents.at(key.ent);
    const PolicyMeasure& m = table.at(key.measure);
    PolicyRow r;
    r.ent = key.ent;
    r.measure = key.measure;
    if (const Quantity* q = quantity_of(m.quantity)) {
        const std::string name = say(lang, q->name);
        if (e.row >= 0) r.quantity = ds.enterprises.features[static_cast<size_t>(e.row)].rec.n(q->field);
        if (std::isnan(r.quantity)) {
            r.note = say(lang, Msg::PolicyNoQuantity, {name});
        } else {
            r.amount = r.quantity * m.rate * q->to_wan;
            r.note = say(lang, Msg::PolicyAmount,
                         {name, fmt::sig(r.quantity, 6), q->unit, fmt::sig(m.rate, 6), m.unit, fmt::wan(r.amount)});
        }
    } else {
        r.note = say(lang, Msg::PolicyNoAmount);
    }
    return r;
}

std::vector<PolicyRow> policy_rows(const Dataset& ds, const Analysis& an, const std::vector<PolicyMeasure>& table) {
    std::vector<PolicyRow> out;
    for (const PolicyKey& k : policy_keys(an, table)) out.push_back(policy_row(ds, an, table, k));
    return out;
}

}  // namespace landeff
