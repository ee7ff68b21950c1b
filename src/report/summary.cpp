#include <cmath>
#include <cstdio>

#include "landeff/report.hpp"

namespace landeff {

namespace {
std::string num(double v, int decimals) {
    if (std::isnan(v)) return "—";
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
    return buf;
}
}  // namespace

bool looks_like_formula(const std::string& t) {
    return !t.empty() && (t[0] == '=' || t[0] == '+' || t[0] == '-' || t[0] == '@' || t[0] == '\t' || t[0] == '\r');
}

ReportSummary make_summary(const Dataset& ds, const Analysis& an, const Findings& findings) {
    ReportSummary s;
    s.title = std::to_string(ds.cfg.year) + " 年度土地利用效率评价";
    const ParkResult& r = an.region;
    s.facts = {{"评价年度", std::to_string(ds.cfg.year)},
               {"评价基准日", ds.cfg.eval_date.iso()},
               {"坐标系", ds.crs.definition + " " + ds.crs.name},
               {"园区数", std::to_string(ds.parks.features.size())},
               {"宗地数", std::to_string(ds.parcels.features.size())},
               {"园区外宗地数", std::to_string(an.n_outside)},
               {"宗地面积(亩)", num(r.land_m2 / kM2PerMu, 1)},
               {"产值(万元)", num(r.output, 1)},
               {"税收(万元)", num(r.tax, 1)},
               {"亩均产值(万元/亩)", num(r.mu_output, 2)},
               {"亩均税收(万元/亩)", num(r.mu_tax, 2)},
               {"投资强度(万元/亩)", num(r.inv_int, 2)},
               {"综合容积率", num(r.far, 2)},
               {"批准用地(亩)", num(r.appr_m2 / kM2PerMu, 1)},
               {"批而未供(亩)", num(r.unsup_m2 / kM2PerMu, 1)},
               {"供地率", std::isnan(r.supply_rt) ? "—" : num(r.supply_rt * 100, 1) + " %"},
               {"闲置土地(亩)", num(r.idle_m2 / kM2PerMu, 1)},
               {"低效用地(亩)", num(r.ineff_m2 / kM2PerMu, 1)},
               {"数据质量问题", std::to_string(findings.count(Severity::Error)) + " 错误, " +
                                    std::to_string(findings.count(Severity::Warning)) + " 警告, " +
                                    std::to_string(findings.count(Severity::Info)) + " 提示"}};
    static const char* kStateZh[] = {"未供",     "供而未用(未到期)", "逾期未动工", "闲置土地",
                                     "闲置(政府原因)", "低效利用",        "正常使用",   "数据不足"};
    for (size_t st = 0; st < kLandStates; ++st) {
        ReportSummary::Count c{"state", state_name(static_cast<LandState>(st)), kStateZh[st], 0, 0};
        for (const auto& p : an.parcels)
            if (static_cast<size_t>(p.state) == st) {
                ++c.n;
                if (!std::isnan(p.area_m2)) c.mu += p.area_m2 / kM2PerMu;
            }
        s.counts.push_back(c);
    }
    static const std::pair<const char*, const char*> kCats[] = {
        {"consolidate", "整合托管型"}, {"innovate", "转为创新型"}, {"retain", "保留提升型"}, {"exit", "逐步退出型"}};
    for (const auto& [key, zh] : kCats) {
        ReportSummary::Count c{"category", key, zh, 0, 0};
        for (const auto& p : an.parks)
            if (p.category == key) {
                ++c.n;
                if (!std::isnan(p.area_m2)) c.mu += p.area_m2 / kM2PerMu;
            }
        s.counts.push_back(c);
    }
    static const std::pair<char, const char*> kGrades[] = {
        {'A', "A 优先发展"}, {'B', "B 提升发展"}, {'C', "C 帮扶转型"}, {'D', "D 倒逼整治"}, {'N', "N 不参评"}};
    for (const auto& [g, zh] : kGrades) {
        ReportSummary::Count c{"grade", std::string(1, g), zh, 0, 0};
        for (const auto& e : an.ents)
            if (e.grade == g) {
                ++c.n;
                if (!std::isnan(e.land_m2)) c.mu += e.land_m2 / kM2PerMu;
            }
        s.counts.push_back(c);
    }
    return s;
}

}  // namespace landeff
