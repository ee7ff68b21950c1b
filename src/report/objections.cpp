// The report tables of issue 17's objections and policies: 异议更正 and 差别化政策.
#include <cmath>
#include <memory>

#include "landeff/policy.hpp"
#include "landeff/report.hpp"

namespace landeff {

std::vector<ReportSummary::Table> objection_tables(const Dataset& ds, const Analysis& an) {
    using T = OutType;
    std::vector<ReportSummary::Table> out;
    if (ds.corrections.present) {
        ReportSummary::Table t;
        t.title = "异议更正";
        t.fields = {{"kind", "类型", T::Text},       {"corr_id", "更正编号", T::Text}, {"layer", "对象", T::Text},
                    {"target", "代码", T::Text},     {"field", "字段", T::Text},       {"before", "更正前", T::Text},
                    {"after", "更正后", T::Text},    {"reason", "理由", T::Text},      {"doc_no", "文号", T::Text}};
        // A row per correction and per override: few, so made here and held.
        auto rows = std::make_shared<std::vector<std::vector<Value>>>();
        for (const auto& c : ds.corrected)
            rows->push_back({std::string("更正"), c.corr_id, std::string(c.layer == "parcels" ? "宗地" : "企业"), c.target, c.field,
                             c.before, c.after, c.reason, c.doc});
        for (const auto& o : an.overrides)
            rows->push_back({std::string("人工调整等级"), o.corr_id, std::string("企业"), o.ent_id, std::string("grade"),
                             std::string(1, o.before), std::string(1, o.after), o.reason, o.doc});
        t.count = rows->size();
        t.row = [rows](size_t i) { return rows->at(i); };
        out.push_back(std::move(t));
    }
    auto table = std::make_shared<const std::vector<PolicyMeasure>>(parse_policy_table(ds.cfg.settings.str("policy.table")));
    auto keys = std::make_shared<const std::vector<PolicyKey>>(policy_keys(an, *table));
    if (!keys->empty()) {
        ReportSummary::Table t;
        t.title = "差别化政策";
        t.fields = {{"ent_id", "企业代码", T::Text},  {"name", "企业名称", T::Text},    {"grade", "评价等级", T::Text},
                    {"measure", "政策措施", T::Text}, {"rate", "标准", T::Real},        {"unit", "标准单位", T::Text},
                    {"quantity", "数量", T::Real},     {"q_unit", "数量单位", T::Text}, {"amount", "金额(万元)", T::Real, "万元"},
                    {"note", "说明", T::Text}};
        // A row per graded enterprise and measure of its grade: made when written, from its key.
        t.count = keys->size();
        t.row = [&ds, &an, table, keys](size_t i) -> std::vector<Value> {
            const PolicyRow r = policy_row(ds, an, *table, keys->at(i));
            const EntResult& e = an.ents[r.ent];
            const PolicyMeasure& m = (*table)[r.measure];
            const std::string name = e.row >= 0 ? std::string(ds.enterprises.features[static_cast<size_t>(e.row)].rec.s(EntF::name)) : "";
            const std::string q_unit = m.quantity == "elec" ? "万kWh" : m.quantity == "water" ? "吨" : "";
            auto num = [](double v) -> Value { return std::isnan(v) ? Value() : Value(v); };
            return {std::string(e.ent_id), name, std::string(1, e.grade), m.measure, m.rate, m.unit, num(r.quantity), q_unit,
                    num(r.amount), r.note};
        };
        out.push_back(std::move(t));
    }
    return out;
}

}  // namespace landeff
