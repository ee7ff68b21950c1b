#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>

#include "landeff/labels.hpp"
#include "landeff/format.hpp"
#include "landeff/report.hpp"

namespace landeff {

namespace {
std::string num(double v, int decimals) { return fmt::fixed(v, decimals); }
}  // namespace

bool looks_like_formula(std::string_view t) {
    return !t.empty() && (t[0] == '=' || t[0] == '+' || t[0] == '-' || t[0] == '@' || t[0] == '\t' || t[0] == '\r');
}

ReportSummary make_summary(const Dataset& ds, const Analysis& an, const Findings& findings) {
    auto sev = [](std::string_view code) { return std::string(severity_labels().zh(code)); };
    ReportSummary s;
    s.title = std::to_string(ds.cfg.year) + " 年度土地利用效率评价";
    const ParkResult& r = an.region;
    constexpr double kText = std::numeric_limits<double>::quiet_NaN();
    auto fact = [&s](std::string label, std::string text, double value, std::string unit) {
        s.facts.emplace_back(std::move(label), std::move(text));
        s.fact_numbers.emplace_back(value, std::move(unit));
    };
    auto count = [](size_t n) { return static_cast<double>(n); };
    fact("评价年度", std::to_string(ds.cfg.year), ds.cfg.year, "年");
    fact("评价基准日", ds.cfg.eval_date.iso(), kText, "日期");
    fact("坐标系", ds.crs.definition + " " + ds.crs.name, kText, "");
    fact("园区数", std::to_string(ds.parks.features.size()), count(ds.parks.features.size()), "个");
    fact("宗地数", std::to_string(ds.parcels.features.size()), count(ds.parcels.features.size()), "个");
    fact("园区外宗地数", std::to_string(an.n_outside), count(an.n_outside), "个");
    fact("宗地面积(亩)", num(r.land_m2 / kM2PerMu, 1), r.land_m2 / kM2PerMu, "亩");
    fact("产值(万元)", num(r.output, 1), r.output, "万元");
    fact("税收(万元)", num(r.tax, 1), r.tax, "万元");
    fact("亩均产值(万元/亩)", num(r.mu_output, 2), r.mu_output, "万元/亩");
    fact("亩均税收(万元/亩)", num(r.mu_tax, 2), r.mu_tax, "万元/亩");
    fact("投资强度(万元/亩)", num(r.inv_int, 2), r.inv_int, "万元/亩");
    fact("综合容积率", num(r.far, 2), r.far, "");
    fact("批准用地(亩)", num(r.appr_m2 / kM2PerMu, 1), r.appr_m2 / kM2PerMu, "亩");
    fact("批而未供(亩)", num(r.unsup_m2 / kM2PerMu, 1), r.unsup_m2 / kM2PerMu, "亩");
    fact("供地率", std::isnan(r.supply_rt) ? "—" : num(r.supply_rt * 100, 1) + " %", r.supply_rt, "1");
    fact("闲置土地(亩)", num(r.idle_m2 / kM2PerMu, 1), r.idle_m2 / kM2PerMu, "亩");
    fact("低效用地(亩)", num(r.ineff_m2 / kM2PerMu, 1), r.ineff_m2 / kM2PerMu, "亩");
    fact("数据质量问题",
         std::to_string(findings.count(Severity::Error)) + " " + sev("error") + ", " + std::to_string(findings.count(Severity::Warning)) +
             " " + sev("warning") + ", " + std::to_string(findings.count(Severity::Info)) + " " + sev("info"),
         kText, "");
    for (size_t st = 0; st < kLandStates; ++st) {
        const char* code = state_name(static_cast<LandState>(st));
        ReportSummary::Count c{"state", code, std::string(land_state_labels().zh(code)), 0, 0, "宗地状态"};
        for (const auto& p : an.parcels)
            if (static_cast<size_t>(p.state) == st) {
                ++c.n;
                if (!std::isnan(p.area_m2)) c.mu += p.area_m2 / kM2PerMu;
            }
        s.counts.push_back(c);
    }
    for (const auto& [key, zh, en] : platform_category_labels().labels) {
        ReportSummary::Count c{"category", std::string(key), std::string(zh), 0, 0, "平台分类"};
        for (const auto& p : an.parks)
            if (p.category == key) {
                ++c.n;
                if (!std::isnan(p.area_m2)) c.mu += p.area_m2 / kM2PerMu;
            }
        s.counts.push_back(c);
    }
    for (const auto& [code, zh, en] : grade_labels().labels) {
        ReportSummary::Count c{"grade", std::string(code), std::string(zh), 0, 0, "企业等级"};
        for (const auto& e : an.ents)
            if (std::string_view(&e.grade, 1) == code) {
                ++c.n;
                if (!std::isnan(e.land_m2)) c.mu += e.land_m2 / kM2PerMu;
            }
        s.counts.push_back(c);
    }
    s.tables = objection_tables(ds, an);
    // Parks by park_id, then the region total as the last line (its own row, issue 16).
    std::vector<size_t> order(an.parks.size());
    for (size_t i = 0; i < order.size(); ++i) order[i] = i;
    std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
        return ds.parks.features[a].rec.s(ParkF::park_id) < ds.parks.features[b].rec.s(ParkF::park_id);
    });
    auto line = [](std::string id, std::string name, const ParkResult& p) {
        return ReportSummary::ParkLine{std::move(id), std::move(name), p.land_m2 / kM2PerMu, p.output, p.tax,
                                       p.mu_output, p.mu_tax, p.supply_rt};
    };
    for (size_t i : order)
        s.parks.push_back(line(std::string(ds.parks.features[i].rec.s(ParkF::park_id)),
                               std::string(ds.parks.features[i].rec.s(ParkF::name)), an.parks[i]));
    s.parks.push_back(line("*", "全区合计", r));
    return s;
}

}  // namespace landeff
