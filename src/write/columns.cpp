#include "landeff/columns.hpp"

#include <tbb/parallel_for.h>
#include <tbb/parallel_sort.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <map>
#include <memory>
#include <numeric>
#include <stdexcept>
#include <string_view>
#include <unordered_map>
#include <utility>


#include "landeff/area.hpp"
#include "landeff/dates.hpp"
#include "landeff/grades.hpp"
#include "landeff/indicators.hpp"
#include "landeff/labels.hpp"
#include "landeff/messages.hpp"
#include "landeff/ordered_batches.hpp"
#include "landeff/score.hpp"
#include "landeff/text.hpp"

namespace landeff {

namespace {

using T = OutType;

double mu(double m2) { return std::isnan(m2) ? kNaN : m2 / kM2PerMu; }
Value count(size_t n) { return static_cast<int64_t>(n); }

// T − the parcel's date field in days (> 0: passed), null without the date or for land supplied after T.
Value days_to_t(const ParcelRow& r, ParcelF field) {
    const double d = r.f.rec.n(field);
    const Date at = r.ds.cfg.eval_date;
    if (std::isnan(d) || supplied_after(r.f.rec, at)) return {};
    return static_cast<int64_t>(at.days - from_num(d).days);
}
Value text_of(char code) { return std::string(1, code); }

// Units as the aliases write them.
constexpr const char* kMu = "亩";
constexpr const char* kM2 = "平方米";
constexpr const char* kWan = "万元";
constexpr const char* kWanPerMu = "万元/亩";
constexpr const char* kFraction = "1";  // a fraction 0 … 1 (report.xlsx shows it as a percentage)
constexpr const char* kYears = "年";

// A TD/T 1029 indicator's column: kTdtIndicators (score.cpp) names it; the unit is what its label
// writes in brackets, else a fraction for the rates and nothing for the floor-area ratios.
template <size_t I>
Value tdt_value(const ParkRow& r) {
    return r.p.tdt[I];
}
template <size_t... I>
constexpr std::array<Value (*)(const ParkRow&), sizeof...(I)> tdt_getters(std::index_sequence<I...>) {
    return {&tdt_value<I>...};
}
const char* tdt_unit(std::string_view field) {
    // The rates (土地供应率, 建成率, 工业用地率, 建筑密度, 建筑系数, 闲置率) are fractions.
    for (const char* f : {"ld_supply", "ld_built", "ind_rt", "cov_a", "cov_ind", "idle_rt"})
        if (field == f) return kFraction;
    for (const char* f : {"inv_ind", "tax_ind", "tax_a"})
        if (field == f) return "万元/公顷";
    return "";
}

std::vector<Column<ParkRow>> make_park_columns() {
    using R = const ParkRow&;
    std::vector<Column<ParkRow>> c = {
        {"park_id", "园区代码", T::Text, "", nullptr,
         [](R r) -> Value { return r.f ? r.f->rec.s(ParkF::park_id) : std::string_view("*"); }},
        {"name", "园区名称", T::Text, "", nullptr,
         [](R r) -> Value { return r.f ? r.f->rec.s(ParkF::name) : std::string_view("全区合计"); }},
        {"level", "级别", T::Text, "", &park_level_labels(), [](R r) -> Value { return r.f ? r.f->rec.s(ParkF::level) : std::string_view(); }},
        {"land_mu", "宗地面积(亩)", T::Real, kMu, nullptr, [](R r) -> Value { return mu(r.p.land_m2); }},
        {"output", "产值(万元)", T::Real, kWan, nullptr, [](R r) -> Value { return r.p.output; }},
        {"tax", "税收(万元)", T::Real, kWan, nullptr, [](R r) -> Value { return r.p.tax; }},
        {"value_add", "增加值(万元)", T::Real, kWan, nullptr, [](R r) -> Value { return r.p.value_add; }},
        {"invest", "固定资产投资(万元)", T::Real, kWan, nullptr, [](R r) -> Value { return r.p.invest; }},
        {"floor_m2", "建筑面积(平方米)", T::Real, kM2, nullptr, [](R r) -> Value { return r.p.floor_m2; }},
        {"mu_output", "亩均产值(万元/亩)", T::Real, kWanPerMu, nullptr, [](R r) -> Value { return r.p.mu_output; }},
        {"mu_tax", "亩均税收(万元/亩)", T::Real, kWanPerMu, nullptr, [](R r) -> Value { return r.p.mu_tax; }},
        {"mu_va", "亩均增加值(万元/亩)", T::Real, kWanPerMu, nullptr, [](R r) -> Value { return r.p.mu_va; }},
        {"inv_int", "投资强度(万元/亩)", T::Real, kWanPerMu, nullptr, [](R r) -> Value { return r.p.inv_int; }},
        // Floor area over the parcels' land inside the park; TD/T 1029's 综合容积率 is far_a.
        {"far", "宗地综合容积率", T::Real, "", nullptr, [](R r) -> Value { return r.p.far; }},
        {"coverage", "建筑系数", T::Real, kFraction, nullptr, [](R r) -> Value { return r.p.coverage; }},
        {"appr_mu", "批准面积(亩)", T::Real, kMu, nullptr, [](R r) -> Value { return mu(r.p.appr_m2); }},
        {"unsup_mu", "批而未供(亩)", T::Real, kMu, nullptr, [](R r) -> Value { return mu(r.p.unsup_m2); }},
        {"idle_mu", "闲置土地(亩)", T::Real, kMu, nullptr, [](R r) -> Value { return mu(r.p.idle_m2); }},
        {"ineff_mu", "低效用地(亩)", T::Real, kMu, nullptr, [](R r) -> Value { return mu(r.p.ineff_m2); }},
        {"supply_rt", "供地率", T::Real, kFraction, nullptr, [](R r) -> Value { return r.p.supply_rt; }},
        {"score", "集约利用评价分值", T::Real, "", nullptr, [](R r) -> Value { return r.p.score; }},
        {"category", "平台分类", T::Text, "", &platform_category_labels(),
         [](R r) -> Value { return r.f ? Value(std::string_view(r.p.category)) : Value(); }},
        {"role", "整合角色", T::Text, "", &park_role_labels(), [](R r) -> Value { return r.f ? Value(std::string_view(r.p.role)) : Value(); }},
        {"host_id", "托管主体", T::Text, "", nullptr,
         [](R r) -> Value { return r.f ? Value(std::string_view(r.p.host_id)) : Value(); }},
        // The category's decision trail, then why any figure is null.
        {"reasons", "说明", T::Text, "", nullptr,
         [](R r) -> Value {
             std::string why = join(r.p.class_why, "; ");
             if (!r.p.reasons.empty()) why += (why.empty() ? "" : " | ") + join(r.p.reasons, "; ");
             return why;
         }},
        {"area_mu", "园区面积(亩)", T::Real, kMu, nullptr, [](R r) -> Value { return r.f ? mu(r.p.area_m2) : kNaN; }},
        {"inv_int_ha", "投资强度(万元/公顷)", T::Real, "万元/公顷", nullptr,
         [](R r) -> Value { return std::isnan(r.p.inv_int) ? kNaN : r.p.inv_int * 15.0; }},  // 万元/亩 × 15 亩/公顷
        {"n_parcels", "宗地数", T::Int, "", nullptr, [](R r) -> Value { return count(r.p.n_parcels); }},
        // Parcels by land state (LandState order), by the park holding each parcel's largest part.
        {"n_notsup", "未供宗地数", T::Int, "", nullptr,
         [](R r) -> Value { return count(r.p.n_state[static_cast<size_t>(LandState::NotSupplied)]); }},
        {"n_unused", "未到期未动工宗地数", T::Int, "", nullptr,
         [](R r) -> Value { return count(r.p.n_state[static_cast<size_t>(LandState::UnusedDue)]); }},
        {"n_overdue", "逾期未动工宗地数", T::Int, "", nullptr,
         [](R r) -> Value { return count(r.p.n_state[static_cast<size_t>(LandState::Overdue)]); }},
        {"n_idle", "闲置宗地数", T::Int, "", nullptr,
         [](R r) -> Value { return count(r.p.n_state[static_cast<size_t>(LandState::Idle)]); }},
        {"n_idlegov", "政府原因闲置宗地数", T::Int, "", nullptr,
         [](R r) -> Value { return count(r.p.n_state[static_cast<size_t>(LandState::IdleGov)]); }},
        {"n_ineff", "低效宗地数", T::Int, "", nullptr,
         [](R r) -> Value { return count(r.p.n_state[static_cast<size_t>(LandState::Inefficient)]); }},
        {"n_normal", "正常使用宗地数", T::Int, "", nullptr,
         [](R r) -> Value { return count(r.p.n_state[static_cast<size_t>(LandState::Normal)]); }},
        {"n_nodata", "数据不足宗地数", T::Int, "", nullptr,
         [](R r) -> Value { return count(r.p.n_state[static_cast<size_t>(LandState::NoData)]); }},
        {"zone_type", "开发区类型", T::Text, "", &zone_type_labels(), [](R r) -> Value { return std::string_view(r.p.zone_type); }},
        {"score_why", "评价说明", T::Text, "", nullptr, [](R r) -> Value { return std::string_view(r.p.score_why); }},
    };
    // The TD/T 1029 indicators, in kTdtIndicators order.
    constexpr size_t kTdt = std::size(kTdtIndicators);
    static_assert(kTdt == sizeof(ParkResult::tdt) / sizeof(double), "one output column per TD/T indicator");
    const auto getters = tdt_getters(std::make_index_sequence<kTdt>{});
    for (size_t t = 0; t < kTdt; ++t)
        c.push_back({kTdtIndicators[t].field, kTdtIndicators[t].label, T::Real, tdt_unit(kTdtIndicators[t].field), nullptr, getters[t]});
    const std::vector<Column<ParkRow>> tail = {
        {"lead_shr", "主导产业用地占比", T::Real, kFraction, nullptr, [](R r) -> Value { return r.p.lead_share; }},
        {"restr_shr", "位于限制发展区比例", T::Real, kFraction, nullptr, [](R r) -> Value { return r.p.restricted_share; }},
        {"urban_shr", "位于主城区比例", T::Real, kFraction, nullptr, [](R r) -> Value { return r.p.urban_share; }},
        {"idle_shr", "闲置土地占比", T::Real, kFraction, nullptr, [](R r) -> Value { return r.p.idle_share; }},
        {"unsup_shr", "批而未供占比", T::Real, kFraction, nullptr, [](R r) -> Value { return r.p.unsup_share; }},
        {"land_ratio", "工业:居住:公共服务用地", T::Text, "", nullptr, [](R r) -> Value { return std::string_view(r.p.land_ratio); }},
        // Supplied after T: in no land_mu, money or floor sum.
        {"later_mu", "评价日后供地(亩)", T::Real, kMu, nullptr, [](R r) -> Value { return mu(r.p.later_m2); }},
        {"n_doneod", "逾期未竣工宗地数", T::Int, "", nullptr,
         [](R r) -> Value { return count(r.p.n_state[static_cast<size_t>(LandState::DoneOverdue)]); }},
        // The development-zone integration check (issue 18, rules.md §9): null where its input is absent.
        {"dev_in_mu", "城镇开发边界内面积(亩)", T::Real, kMu, nullptr, [](R r) -> Value { return mu(r.p.dz.dev_in_m2); }},
        {"dev_out_mu", "城镇开发边界外面积(亩)", T::Real, kMu, nullptr, [](R r) -> Value { return mu(r.p.dz.dev_out_m2); }},
        {"dev_out_rt", "城镇开发边界外面积比例", T::Real, kFraction, nullptr, [](R r) -> Value { return r.p.dz.dev_out_rt; }},
        {"farm_mu", "占永久基本农田面积(亩)", T::Real, kMu, nullptr, [](R r) -> Value { return mu(r.p.dz.farm_m2); }},
        {"eco_mu", "占生态保护红线面积(亩)", T::Real, kMu, nullptr, [](R r) -> Value { return mu(r.p.dz.eco_m2); }},
        {"cur_con_mu", "现状建设用地(亩)", T::Real, kMu, nullptr, [](R r) -> Value { return mu(r.p.dz.cur_con); }},
        {"cur_ind_mu", "现状工业用地(亩)", T::Real, kMu, nullptr, [](R r) -> Value { return mu(r.p.dz.cur_ind); }},
        {"cur_min_mu", "现状采矿用地(亩)", T::Real, kMu, nullptr, [](R r) -> Value { return mu(r.p.dz.cur_min); }},
        {"cur_sto_mu", "现状仓储用地(亩)", T::Real, kMu, nullptr, [](R r) -> Value { return mu(r.p.dz.cur_sto); }},
        {"cur_ind_rt", "现状工业用地率", T::Real, kFraction, nullptr, [](R r) -> Value { return r.p.dz.cur_ind_rt; }},
        {"pln_con_mu", "规划建设用地(亩)", T::Real, kMu, nullptr, [](R r) -> Value { return mu(r.p.dz.pln_con); }},
        {"pln_ind_mu", "规划工业用地(亩)", T::Real, kMu, nullptr, [](R r) -> Value { return mu(r.p.dz.pln_ind); }},
        {"pln_ind_rt", "规划工业用地率", T::Real, kFraction, nullptr, [](R r) -> Value { return r.p.dz.pln_ind_rt; }},
        {"unsup_rt", "批而未供率", T::Real, kFraction, nullptr, [](R r) -> Value { return r.p.dz.unsup_rt; }},
        {"idle_rate", "供地闲置率", T::Real, kFraction, nullptr, [](R r) -> Value { return r.p.dz.idle_rt; }},
        {"sup_n_mu", "近N年供地面积(亩)", T::Real, kMu, nullptr, [](R r) -> Value { return mu(r.p.dz.sup_n_m2); }},
        {"sup_avg_mu", "年均供地面积(亩)", T::Real, kMu, nullptr, [](R r) -> Value { return mu(r.p.dz.sup_mean); }},
        {"proof_mu", "有用地证明土地(亩)", T::Real, kMu, nullptr, [](R r) -> Value { return mu(r.p.dz.proof_m2); }},
        {"sup_yrs", "可供地年限(年)", T::Real, kYears, nullptr, [](R r) -> Value { return r.p.dz.sup_yrs; }},
        {"sup_why", "可供地年限计算", T::Text, "", nullptr, [](R r) -> Value { return std::string_view(r.p.dz.sup_why); }},
        {"below_mu", "未达控制标准工业用地(亩)", T::Real, kMu, nullptr, [](R r) -> Value { return mu(r.p.dz.below_m2); }},
        {"below_rt", "未达控制标准工业用地比例", T::Real, kFraction, nullptr, [](R r) -> Value { return r.p.dz.below_rt; }},
        {"quota_adj", "年度用地计划调整建议", T::Real, kFraction, nullptr, [](R r) -> Value { return r.p.dz.quota_adj; }},
        {"quota_why", "用地计划调整理由", T::Text, "", nullptr, [](R r) -> Value { return std::string_view(r.p.dz.quota_why); }},
    };
    c.insert(c.end(), tail.begin(), tail.end());
    return c;
}

// The region total (issue 16: its own table, no longer the parks row park_id "*"): its id
// region_id = "*", then the park columns that a region total fills, in the parks' order and with
// the same names, aliases and values the "*" row had. Left out: the park's own attributes (level,
// area of the polygon), its classification and TD/T evaluation (category, role, host_id, score,
// zone_type, score_why, the indicators and shares), which are the parks'.
std::vector<Column<ParkRow>> make_region_columns() {
    using R = const ParkRow&;
    static const char* const kRegion[] = {"name",     "land_mu",   "output",    "tax",       "value_add", "invest",    "floor_m2",
                                          "mu_output", "mu_tax",   "mu_va",     "inv_int",   "far",       "coverage",  "appr_mu",
                                          "unsup_mu", "idle_mu",   "ineff_mu",  "supply_rt", "reasons",   "inv_int_ha", "n_parcels",
                                          "n_notsup", "n_unused",  "n_overdue", "n_idle",    "n_idlegov", "n_ineff",   "n_normal",
                                          "n_nodata", "later_mu",  "n_doneod"};
    std::vector<Column<ParkRow>> c = {
        {"region_id", "区域代码", T::Text, "", nullptr, [](R) -> Value { return std::string_view("*"); }}};
    for (const auto& col : park_columns())
        for (const char* name : kRegion)
            if (col.name == name) c.push_back(col);
    if (c.size() != std::size(kRegion) + 1) throw std::logic_error("region columns: a name is not a park column");
    return c;
}

std::vector<Column<ParcelRow>> make_parcel_columns() {
    using R = const ParcelRow&;
    return {
        {"parcel_id", "宗地代码", T::Text, "", nullptr, [](R r) -> Value { return r.f.rec.s(ParcelF::parcel_id); }},
        {"ent_id", "企业代码", T::Text, "", nullptr, [](R r) -> Value { return r.f.rec.s(ParcelF::ent_id); }},
        // The park holding the largest part of the parcel; empty outside every park.
        {"park_id", "所在园区", T::Text, "", nullptr,
         [](R r) -> Value {
             return r.p.main_park >= 0 ? r.ds.parks.features[static_cast<size_t>(r.p.main_park)].rec.s(ParkF::park_id)
                                       : std::string_view();
         }},
        {"share", "园区内面积比例", T::Real, kFraction, nullptr, [](R r) -> Value { return r.p.share(); }},
        {"area_m2", "测量面积(平方米)", T::Real, kM2, nullptr, [](R r) -> Value { return r.p.area_m2; }},
        {"area_reg", "登记面积(平方米)", T::Real, kM2, nullptr, [](R r) -> Value { return r.f.rec.n(ParcelF::area_reg); }},
        {"area_mu", "测量面积(亩)", T::Real, kMu, nullptr, [](R r) -> Value { return mu(r.p.area_m2); }},
        {"mu_output", "亩均产值(万元/亩)", T::Real, kWanPerMu, nullptr, [](R r) -> Value { return r.p.mu_output; }},
        {"mu_tax", "亩均税收(万元/亩)", T::Real, kWanPerMu, nullptr, [](R r) -> Value { return r.p.mu_tax; }},
        {"inv_int", "投资强度(万元/亩)", T::Real, kWanPerMu, nullptr, [](R r) -> Value { return r.p.inv_int; }},
        {"far", "容积率", T::Real, "", nullptr, [](R r) -> Value { return r.p.far; }},
        {"coverage", "建筑系数", T::Real, kFraction, nullptr, [](R r) -> Value { return r.p.coverage; }},
        {"state", "土地状态", T::Text, "", &land_state_labels(), [](R r) -> Value { return std::string_view(state_name(r.p.state)); }},
        {"idle_yrs", "闲置年数", T::Int, kYears, nullptr,
         [](R r) -> Value { return r.p.idle_yrs >= 0 ? Value(static_cast<int64_t>(r.p.idle_yrs)) : Value(); }},
        {"idle_fee", "闲置费(万元)", T::Real, kWan, nullptr, [](R r) -> Value { return r.p.idle_fee; }},
        {"recover", "拟无偿收回", T::Int, "", nullptr,
         [](R r) -> Value { return r.p.recover >= 0 ? Value(static_cast<int64_t>(r.p.recover)) : Value(); }},
        {"tests", "触发的判定", T::Text, "", nullptr, [](R r) -> Value { return r.tests ? Value(*r.tests) : Value(join(r.p.tests, "; ")); }},
        {"compliant", "符合控制指标", T::Int, "", nullptr,
         [](R r) -> Value { return r.p.compliant >= 0 ? Value(static_cast<int64_t>(r.p.compliant)) : Value(); }},
        {"violations", "不符合项", T::Text, "", nullptr,
         [](R r) -> Value { return r.violations ? Value(*r.violations) : Value(join(r.p.violations, "; ")); }},
        {"land_use", "土地用途", T::Text, "", nullptr, [](R r) -> Value { return r.f.rec.s(ParcelF::land_use); }},
        {"ind_code", "行业代码", T::Text, "", nullptr, [](R r) -> Value { return r.f.rec.s(ParcelF::ind_code); }},
        {"output", "产值(万元)", T::Real, kWan, nullptr, [](R r) -> Value { return r.p.output; }},
        {"tax", "税收(万元)", T::Real, kWan, nullptr, [](R r) -> Value { return r.p.tax; }},
        {"value_add", "增加值(万元)", T::Real, kWan, nullptr, [](R r) -> Value { return r.p.value_add; }},
        {"invest", "投资(万元)", T::Real, kWan, nullptr, [](R r) -> Value { return r.p.invest; }},
        {"money_src", "经济数据来源", T::Text, "", &money_source_labels(), [](R r) -> Value { return std::string_view(money_from_name(r.p.money_from)); }},
        {"mu_va", "亩均增加值(万元/亩)", T::Real, kWanPerMu, nullptr, [](R r) -> Value { return r.p.mu_va; }},
        {"nulls", "空值原因", T::Text, "", nullptr, [](R r) -> Value { return join(r.p.nulls, "; "); }},
        {"fid_src", "源要素号", T::Int, "", nullptr, [](R r) -> Value { return static_cast<int64_t>(r.f.fid); }},
        {"green_rt", "绿地率", T::Real, kFraction, nullptr, [](R r) -> Value { return r.p.green_rt; }},
        {"admin_rt", "行政办公及生活服务设施用地比重", T::Real, kFraction, nullptr, [](R r) -> Value { return r.p.admin_rt; }},
        {"checked", "已检查的控制指标", T::Text, "", nullptr, [](R r) -> Value { return std::string_view(r.p.checked); }},
        {"grade", "企业评价等级", T::Text, "", &grade_labels(),
         [](R r) -> Value { return r.p.grade ? text_of(r.p.grade) : Value(); }},
        // Days from the agreed start / completion date to T (rules.md §4, the supply lifecycle): > 0 days
        // since it passed, ≤ 0 days left; null without the date or for land not supplied at T.
        {"start_days", "约定开工日已过天数(天)", T::Int, "天", nullptr, [](R r) -> Value { return days_to_t(r, ParcelF::start_due); }},
        {"done_days", "约定竣工日已过天数(天)", T::Int, "天", nullptr, [](R r) -> Value { return days_to_t(r, ParcelF::done_due); }},
        // Industrial land diverted to other uses (挪作他用, issue 18): null when not checked (no 三调
        // layer, not supplied industrial land at T).
        {"diverted", "挪作他用", T::Int, "", nullptr,
         [](R r) -> Value { return r.p.diverted < 0 ? Value() : Value(static_cast<int64_t>(r.p.diverted)); }},
        {"div_shr", "他用面积比例", T::Real, kFraction, nullptr, [](R r) -> Value { return r.p.div_share; }},
        {"div_why", "挪作他用依据", T::Text, "", nullptr, [](R r) -> Value { return join(r.p.div_evidence, "; "); }},
    };
}

std::vector<Column<WorklistRow>> make_worklist_columns() {
    using R = const WorklistRow&;
    return {
        {"seq", "序号", T::Int, "", nullptr, [](R r) -> Value { return static_cast<int64_t>(r.seq); }},
        {"priority", "优先级", T::Int, "", nullptr, [](R r) -> Value { return static_cast<int64_t>(r.w.kind) + 1; }},
        {"item", "巡查事项", T::Text, "", &work_kind_labels(), [](R r) -> Value { return std::string_view(work_kind_name(r.w.kind)); }},
        {"parcel_id", "宗地代码", T::Text, "", nullptr,
         [](R r) -> Value { return r.ds.parcels.features[r.w.parcel].rec.s(ParcelF::parcel_id); }},
        {"ent_id", "企业代码", T::Text, "", nullptr, [](R r) -> Value { return r.ds.parcels.features[r.w.parcel].rec.s(ParcelF::ent_id); }},
        {"park_id", "所在园区", T::Text, "", nullptr,
         [](R r) -> Value {
             const int32_t k = r.an.parcels[r.w.parcel].main_park;
             return k >= 0 ? r.ds.parks.features[static_cast<size_t>(k)].rec.s(ParkF::park_id) : std::string_view();
         }},
        {"state", "土地状态", T::Text, "", &land_state_labels(),
         [](R r) -> Value { return std::string_view(state_name(r.an.parcels[r.w.parcel].state)); }},
        {"due_dt", "起算日期", T::Text, "", nullptr, [](R r) -> Value { return r.w.due.iso(); }},
        {"days", "逾期天数(天)", T::Int, "天", nullptr, [](R r) -> Value { return static_cast<int64_t>(r.w.days); }},
        {"area_mu", "测量面积(亩)", T::Real, kMu, nullptr, [](R r) -> Value { return mu(r.an.parcels[r.w.parcel].area_m2); }},
        {"met", "达产复核达标", T::Int, "", nullptr, [](R r) -> Value { return r.w.met >= 0 ? Value(static_cast<int64_t>(r.w.met)) : Value(); }},
        {"detail", "情况", T::Text, "", nullptr, [](R r) -> Value { return r.detail ? Value(*r.detail) : Value(work_detail(r.ds, r.an, r.w)); }},
        {"action", "下一步措施", T::Text, "", nullptr, [](R r) -> Value { return std::string_view(work_action(r.w.kind)); }},
        {"basis", "依据", T::Text, "", nullptr, [](R r) -> Value { return std::string_view(work_basis(r.w.kind)); }},
    };
}

std::vector<Column<EnterpriseRow>> make_enterprise_columns() {
    using R = const EnterpriseRow&;
    return {
        {"ent_id", "企业代码", T::Text, "", nullptr, [](R r) -> Value { return r.e.ent_id; }},
        {"name", "企业名称", T::Text, "", nullptr,
         [](R r) -> Value {
             return r.e.row >= 0 ? Value(r.ds.enterprises.features[static_cast<size_t>(r.e.row)].rec.s(EntF::name)) : Value();
         }},
        {"scale", "规模", T::Text, "", &enterprise_scale_labels(),
         [](R r) -> Value {
             return r.e.row >= 0 ? Value(r.ds.enterprises.features[static_cast<size_t>(r.e.row)].rec.s(EntF::scale)) : Value();
         }},
        {"land_mu", "用地面积(亩)", T::Real, kMu, nullptr, [](R r) -> Value { return mu(r.e.land_m2); }},
        {"mu_tax", "亩均税收(万元/亩)", T::Real, kWanPerMu, nullptr, [](R r) -> Value { return r.e.mu_tax; }},
        {"mu_va", "亩均增加值(万元/亩)", T::Real, kWanPerMu, nullptr, [](R r) -> Value { return r.e.mu_va; }},
        {"score", "综合评价得分", T::Real, "", nullptr, [](R r) -> Value { return r.e.score; }},
        {"rank", "排名", T::Int, "", nullptr, [](R r) -> Value { return r.e.rank > 0 ? Value(static_cast<int64_t>(r.e.rank)) : Value(); }},
        {"grade", "评价等级", T::Text, "", &grade_labels(), [](R r) -> Value { return text_of(r.e.grade); }},
        {"why", "评价说明", T::Text, "", nullptr, [](R r) -> Value { return r.why ? Value(*r.why) : Value(grade_why(r.ds, r.an, r.e)); }},
        {"mu_output", "亩均产值(万元/亩)", T::Real, kWanPerMu, nullptr, [](R r) -> Value { return r.e.mu_output; }},
        {"n_parcels", "宗地数", T::Int, "", nullptr, [](R r) -> Value { return count(r.e.parcels.size()); }},
        {"nulls", "空值原因", T::Text, "", nullptr,
         [](R r) -> Value {
             // An ent_id the parcels name without a row in the enterprises table; grade_enterprises
             // has run (the `why` column needs it too), so its rules hold the output language.
             if (r.e.row < 0) return say(r.an.grading ? r.an.grading->lang : Lang::zh, Msg::EntNoRowNull, {std::to_string(r.ds.cfg.year)});
             return join(r.e.nulls, "; ");
         }},
        {"inv_int", "投资强度(万元/亩)", T::Real, kWanPerMu, nullptr, [](R r) -> Value { return r.e.inv_int; }},
        {"va_energy", "单位能耗增加值(万元/吨标煤)", T::Real, "万元/吨标煤", nullptr, [](R r) -> Value { return r.e.va_energy; }},
        {"va_emis", "单位排放增加值(万元/吨)", T::Real, "万元/吨", nullptr, [](R r) -> Value { return r.e.va_emis; }},
        {"labor_prod", "全员劳动生产率(万元/人)", T::Real, "万元/人", nullptr, [](R r) -> Value { return r.e.labor_prod; }},
        {"rd_share", "R&D经费占比", T::Real, kFraction, nullptr, [](R r) -> Value { return r.e.rd_share; }},
        {"tax_elec", "单位电耗税收(万元/万千瓦时)", T::Real, "万元/万千瓦时", nullptr, [](R r) -> Value { return r.e.tax_elec; }},
        {"ranked_of", "参评企业数", T::Int, "", nullptr,
         [](R r) -> Value { return r.e.ranked_of > 0 ? Value(static_cast<int64_t>(r.e.ranked_of)) : Value(); }},
        // Tenants (issue 17): land leased in from others' parcels and leased out to tenants, at T.
        {"rent_mu", "租入用地(亩)", T::Real, kMu, nullptr, [](R r) -> Value { return mu(r.e.leased_in_m2); }},
        {"let_mu", "租出用地(亩)", T::Real, kMu, nullptr, [](R r) -> Value { return mu(r.e.leased_out_m2); }},
        // The ranked list it is in (grading.lists); `rank` and `ranked_of` are within it. Null when not ranked.
        {"list", "评价名单", T::Text, "", &grading_list_labels(),
         [](R r) -> Value {
             return r.e.scale >= 0 ? Value(std::string_view(r.an.grade_scales[static_cast<size_t>(r.e.scale)].code)) : Value();
         }},
    };
}

std::vector<Column<UnsuppliedRow>> make_unsupplied_columns() {
    using R = const UnsuppliedRow&;
    return {
        {"appr_id", "批准编号", T::Text, "", nullptr, [](R r) -> Value { return r.a.s(ApprovalF::appr_id); }},
        {"park_id", "所在园区", T::Text, "", nullptr,
         [](R r) -> Value {
             return r.u.park >= 0 ? r.ds.parks.features[static_cast<size_t>(r.u.park)].rec.s(ParkF::park_id) : std::string_view();
         }},
        {"area_mu", "批而未供面积(亩)", T::Real, kMu, nullptr, [](R r) -> Value { return mu(r.u.area_m2); }},
        {"age_yrs", "批准年限", T::Int, kYears, nullptr,
         [](R r) -> Value { return r.u.age_yrs >= 0 ? Value(static_cast<int64_t>(r.u.age_yrs)) : Value(); }},
        {"appr_mu", "批准面积(亩)", T::Real, kMu, nullptr, [](R r) -> Value { return mu(r.u.approval_m2); }},
        {"sup_mu", "已供面积(亩)", T::Real, kMu, nullptr, [](R r) -> Value { return mu(r.u.approval_m2 - r.u.area_m2); }},
        {"batch", "批次名称", T::Text, "", nullptr, [](R r) -> Value { return r.a.s(ApprovalF::batch); }},
        {"doc_no", "批准文号", T::Text, "", nullptr, [](R r) -> Value { return r.a.s(ApprovalF::doc_no); }},
        {"appr_dt", "批准日期", T::Text, "", nullptr,
         [](R r) -> Value { return r.a.has(ApprovalF::appr_dt) ? Value(from_num(r.a.n(ApprovalF::appr_dt)).iso()) : Value(); }},
        {"old", "批准满5年", T::Int, "", nullptr,
         [](R r) -> Value {
             return r.u.age_yrs >= 0 ? Value(static_cast<int64_t>(r.u.age_yrs >= r.old_years ? 1 : 0)) : Value();
         }},
    };
}

std::vector<Column<FindingRow>> make_finding_columns() {
    using R = const FindingRow&;
    return {
        {"layer", "图层", T::Text, "", nullptr, [](R r) -> Value { return std::string_view(r.f.layer); }},
        {"fid", "要素号", T::Int, "", nullptr, [](R r) -> Value { return r.f.fid >= 0 ? Value(static_cast<int64_t>(r.f.fid)) : Value(); }},
        {"id", "编号", T::Text, "", nullptr, [](R r) -> Value { return std::string_view(r.f.id); }},
        {"code", "问题代码", T::Text, "", &finding_code_labels(), [](R r) -> Value { return std::string_view(r.f.code); }},
        {"severity", "严重程度", T::Text, "", &severity_labels(),
         [](R r) -> Value { return std::string_view(severity_name(r.f.severity)); }},
        {"message", "说明", T::Text, "", nullptr, [](R r) -> Value { return std::string_view(r.f.message); }},
    };
}

// The control lines of the development-zone check (ctl_dev, ctl_farm, ctl_eco): the input's id
// and name, and the area of the part within the parks' extent plus devzone.map_margin_m.
std::vector<Column<ControlRow>> make_control_columns() {
    using R = const ControlRow&;
    return {
        {"zone_id", "图斑编号", T::Text, "", nullptr, [](R r) -> Value { return r.f.rec.s(ZoneF::zone_id); }},
        {"name", "名称", T::Text, "", nullptr, [](R r) -> Value { return r.f.rec.s(ZoneF::name); }},
        {"area_mu", "图内面积(亩)", T::Real, kMu, nullptr, [](R r) -> Value { return mu(r.area_m2); }},
    };
}

// A control-line layer for the maps: its polygons clipped to the parks' extent plus
// devzone.map_margin_m, in source order; polygons wholly outside it are left out, so a county's
// whole farmland is not copied.
OutLayer control_layer(const Dataset& ds, const LayerData& src, const char* name, const char* title, const OutputRules& rules) {
    const double margin_m = rules.devzone_map_margin_m;
    struct Part {
        const Feature* f;
        double area_m2;
        GeomPtr g;
    };
    auto parts = std::make_shared<std::vector<Part>>();
    double x0 = 0, y0 = 0, x1 = 0, y1 = 0;
    bool any = false;
    for (const auto& pf : ds.parks.features) {
        double a = 0, b = 0, c = 0, d = 0;
        if (!pf.geom || !envelope(pf.geom.get(), a, b, c, d)) continue;
        x0 = any ? std::min(x0, a) : a;
        y0 = any ? std::min(y0, b) : b;
        x1 = any ? std::max(x1, c) : c;
        y1 = any ? std::max(y1, d) : d;
        any = true;
    }
    if (any) {
        x0 -= margin_m;
        y0 -= margin_m;
        x1 += margin_m;
        y1 += margin_m;
        const AreaMeter meter(ds.crs, rules.area.mode, rules.area.densify_m);
        for (const auto& f : src.features) {
            double a = 0, b = 0, c = 0, d = 0;
            if (!f.geom || !envelope(f.geom.get(), a, b, c, d) || c < x0 || a > x1 || d < y0 || b > y1) continue;
            auto polys = polygons_of(clip_by_rect(f.geom.get(), x0, y0, x1, y1).get());
            if (polys.empty()) continue;
            GeomPtr g = collection(GEOS_MULTIPOLYGON, std::move(polys));
            const double m2 = meter.area_m2(g.get());
            parts->push_back({&f, m2, std::move(g)});
        }
    }
    return table_layer(name, title, true, control_columns(), parts->size(),
                       [parts](size_t i) { return ControlRow{*(*parts)[i].f, (*parts)[i].area_m2, (*parts)[i].g.get()}; });
}

}  // namespace

const std::vector<Column<ControlRow>>& control_columns() {
    static const auto c = make_control_columns();
    return c;
}

const std::vector<Column<ParkRow>>& park_columns() {
    static const auto c = make_park_columns();
    return c;
}
const std::vector<Column<ParkRow>>& region_columns() {
    static const auto c = make_region_columns();
    return c;
}
const std::vector<Column<ParcelRow>>& parcel_columns() {
    static const auto c = make_parcel_columns();
    return c;
}
const std::vector<Column<EnterpriseRow>>& enterprise_columns() {
    static const auto c = make_enterprise_columns();
    return c;
}
const std::vector<Column<UnsuppliedRow>>& unsupplied_columns() {
    static const auto c = make_unsupplied_columns();
    return c;
}
const std::vector<Column<FindingRow>>& finding_columns() {
    static const auto c = make_finding_columns();
    return c;
}
const std::vector<Column<WorklistRow>>& worklist_columns() {
    static const auto c = make_worklist_columns();
    return c;
}

std::vector<OutputLayerSchema> output_schema() {
    return {{"parks", "园区", out_fields(park_columns())},
            {"parcels", "宗地", out_fields(parcel_columns())},
            {"enterprises", "企业", out_fields(enterprise_columns())},
            {"unsupplied", "批而未供", out_fields(unsupplied_columns())},
            {"findings", "数据质量问题", out_fields(finding_columns())},
            {"region", "全区合计", out_fields(region_columns())},
            {"worklist", "动态巡查清单", out_fields(worklist_columns())},
            // The control lines (issue 18), only when their input is given: see output_layers.
            {"ctl_dev", "城镇开发边界", out_fields(control_columns()), true},
            {"ctl_farm", "永久基本农田", out_fields(control_columns()), true},
            {"ctl_eco", "生态保护红线", out_fields(control_columns()), true}};
}

namespace {

// A partitioned run (rules.md §10) writes the rows it owns only.
void keep_owned(std::vector<uint32_t>& order, const std::vector<bool>& owned) {
    order.erase(std::remove_if(order.begin(), order.end(), [&](uint32_t i) { return !owned[i]; }), order.end());
}

// The findings a partition owns: about its parcels, parks, approvals (by source fid) and enterprises
// (by ent_id); the rest (config, run, table rows) belong to the first partition.
std::vector<bool> owned_findings(const Dataset& ds, const Analysis& an, const std::vector<Finding>& items) {
    std::unordered_map<int64_t, bool> parcel, park, approval;
    for (size_t i = 0; i < ds.parcels.features.size(); ++i) parcel[ds.parcels.features[i].fid] = an.owned.parcels[i];
    for (size_t i = 0; i < ds.parks.features.size(); ++i) park[ds.parks.features[i].fid] = an.owned.parks[i];
    for (size_t i = 0; i < ds.approvals.features.size(); ++i) approval[ds.approvals.features[i].fid] = an.owned.approvals[i];
    std::unordered_map<std::string_view, bool> ent;
    for (size_t e = 0; e < an.ents.size(); ++e) ent[an.ents[e].ent_id] = an.owned.ents[e];
    std::vector<bool> keep(items.size(), an.owned.first);
    for (size_t i = 0; i < items.size(); ++i) {
        const Finding& f = items[i];
        const std::unordered_map<int64_t, bool>* m = f.layer == "parcels" ? &parcel : f.layer == "parks" ? &park : f.layer == "approvals" ? &approval : nullptr;
        if (m && f.fid >= 0) {
            auto it = m->find(f.fid);
            keep[i] = it != m->end() && it->second;
        } else if (f.layer == "enterprises" && !f.id.empty()) {
            auto it = ent.find(f.id);
            if (it != ent.end()) keep[i] = it->second;
        }
    }
    return keep;
}

// Parks, ordered by park_id (the region total is the `region` table).
OutLayer park_layer(const Dataset& ds, const Analysis& an, const std::string& title) {
    auto order = std::make_shared<std::vector<uint32_t>>(ds.parks.features.size());
    std::iota(order->begin(), order->end(), 0u);
    if (an.owned.active) keep_owned(*order, an.owned.parks);
    std::stable_sort(order->begin(), order->end(), [&](uint32_t a, uint32_t b) {
        return ds.parks.features[a].rec.s(ParkF::park_id) < ds.parks.features[b].rec.s(ParkF::park_id);
    });
    return table_layer("parks", title, true, park_columns(), order->size(), [&ds, &an, order](size_t i) {
        const uint32_t k = (*order)[i];
        const Feature& f = ds.parks.features[k];
        return ParkRow{ds, an.parks[k], &f, f.geom.get()};
    });
}

// Parcels, ordered by parcel_id (parcels without an id last, by fid).
// One text column's values for every row in output order, made on every core a block at a time
// and kept as one text (a view each into it), for the formats that read them all (issue 20): the
// enterprises' grade_why (about 260 bytes an enterprise), the parcels' tests and violations, the
// worklist's details.
struct Texts {
    std::string text;
    std::vector<std::string_view> at;
};
template <class Make>
std::shared_ptr<const Texts> make_texts(size_t n, Make make) {
    auto out = std::make_shared<Texts>();
    constexpr size_t kBlock = 4096;
    const size_t blocks = (n + kBlock - 1) / kBlock;
    std::vector<std::string> texts(blocks);
    std::vector<std::vector<uint32_t>> lengths(blocks);
    tbb::parallel_for(size_t(0), blocks, [&](size_t b) {
        for (size_t i = b * kBlock; i < std::min(n, (b + 1) * kBlock); ++i) {
            const std::string w = make(i);
            texts[b].append(w);
            lengths[b].push_back(static_cast<uint32_t>(w.size()));
        }
    });
    size_t total = 0;
    for (const auto& t : texts) total += t.size();
    out->text.reserve(total);
    for (auto& t : texts) {
        out->text.append(t);
        std::string().swap(t);
    }
    out->at.reserve(n);
    size_t pos = 0;
    for (const auto& ls : lengths)
        for (uint32_t len : ls) {
            out->at.emplace_back(out->text.data() + pos, len);
            pos += len;
        }
    return out;
}

OutLayer parcel_layer(const Dataset& ds, const Analysis& an, const std::string& title, bool texts_once) {
    auto order = std::make_shared<std::vector<uint32_t>>(ds.parcels.features.size());
    std::iota(order->begin(), order->end(), 0u);
    if (an.owned.active) keep_owned(*order, an.owned.parcels);
    // Sorted on every core (a stable sort of a million ids was a serial 0.3 s at the write's start):
    // ties by index, the order a stable sort gives.
    tbb::parallel_sort(order->begin(), order->end(), [&](uint32_t a, uint32_t b) {
        const std::string_view ia = ds.parcels.features[a].rec.s(ParcelF::parcel_id);
        const std::string_view ib = ds.parcels.features[b].rec.s(ParcelF::parcel_id);
        if (ia.empty() != ib.empty()) return ib.empty();
        if (const int c = ia.compare(ib)) return c < 0;
        return a < b;
    });
    std::shared_ptr<const Texts> tests, violations;
    if (texts_once) {
        tests = make_texts(order->size(), [&](size_t i) { return join(an.parcels[(*order)[i]].tests, "; "); });
        violations = make_texts(order->size(), [&](size_t i) { return join(an.parcels[(*order)[i]].violations, "; "); });
    }
    return table_layer("parcels", title, true, parcel_columns(), order->size(), [&ds, &an, order, tests, violations](size_t i) {
        const uint32_t k = (*order)[i];
        const Feature& f = ds.parcels.features[k];
        return ParcelRow{ds, f, an.parcels[k], GeomRef(f.geom), tests ? &tests->at[i] : nullptr,
                         violations ? &violations->at[i] : nullptr};
    });
}

// 批而未供: one feature per approval with unsupplied land, ordered by appr_id.
OutLayer unsupplied_layer(const Dataset& ds, const Analysis& an, const OutputRules& rules, const std::string& title) {
    auto order = std::make_shared<std::vector<uint32_t>>();
    for (uint32_t i = 0; i < an.unsupplied.size(); ++i)
        if (an.unsupplied[i].geom && (!an.owned.active || an.owned.approvals[an.unsupplied[i].approval])) order->push_back(i);
    tbb::parallel_sort(order->begin(), order->end(), [&](uint32_t a, uint32_t b) {  // ties by index, as stable
        const std::string_view ia = ds.approvals.features[an.unsupplied[a].approval].rec.s(ApprovalF::appr_id);
        const std::string_view ib = ds.approvals.features[an.unsupplied[b].approval].rec.s(ApprovalF::appr_id);
        if (const int c = ia.compare(ib)) return c < 0;
        return a < b;
    });
    const int64_t old_years = rules.old_approval_years;
    return table_layer("unsupplied", title, true, unsupplied_columns(), order->size(), [&ds, &an, order, old_years](size_t i) {
        const Unsupplied& u = an.unsupplied[(*order)[i]];
        return UnsuppliedRow{ds, u, ds.approvals.features[u.approval].rec, old_years, GeomRef(u.geom)};
    });
}

// For features [0, n): look(i) (a T*, null for nothing) on every core, a batch of features at a
// time (finding_layer runs in the write step, the run's peak); take(i, *found) for what was found,
// in the features' order, as one pass would.
template <class T, class Look, class Take>
void find_then_take(size_t n, const Look& look, const Take& take) {
    in_item_order<T*>(
        n, 4096, [&](size_t i, T*& found) { found = look(i); },
        [&](size_t i, T* found) {
            if (found) take(i, *found);
        });
}

// Findings carry the geometry of the feature they are about, so a user clicks through from a
// finding to the parcel: a parcel's, park's or approval's own (by source fid), an enterprise's
// parcels (by ent_id) as one MultiPolygon; null for the rest (config, run, a feature without one).
OutLayer finding_layer(const Dataset& ds, const Analysis& an, const Findings& findings, const std::string& title) {
    const auto& items = findings.items();
    auto geoms = std::make_shared<std::vector<GeomRef>>(items.size());
    auto owned = std::make_shared<std::vector<GeomPtr>>();
    // Only the features the findings name are looked up, each layer in one pass: a map of every
    // parcel and of every enterprise's parcels was held for a moment beside all the results — about
    // 600 MB at 5 M parcels, the write step's peak (issue 20).
    std::map<std::string_view, std::unordered_map<int64_t, GeomRef>> by_fid;
    std::unordered_map<std::string_view, std::vector<GeomRef>> ent_parcels;
    for (const auto& f : items) {
        if ((f.layer == "parcels" || f.layer == "parks" || f.layer == "approvals") && f.fid >= 0)
            by_fid[f.layer].emplace(f.fid, GeomRef());
        if (f.layer == "enterprises" && !f.id.empty()) ent_parcels.try_emplace(f.id);
    }
    for (auto& [name, m] : by_fid) {
        const LayerData& src = name == "parcels" ? ds.parcels : name == "parks" ? ds.parks : ds.approvals;
        auto& map = m;
        find_then_take<GeomRef>(
            src.features.size(),
            [&](size_t i) -> GeomRef* {
                if (!src.features[i].geom) return nullptr;
                const auto it = map.find(src.features[i].fid);
                return it == map.end() ? nullptr : &it->second;
            },
            [&](size_t i, GeomRef& g) {
                if (!g) g = GeomRef(src.features[i].geom);  // the first with a geometry
            });
    }
    if (!ent_parcels.empty())
        find_then_take<std::vector<GeomRef>>(
            ds.parcels.features.size(),
            [&](size_t i) -> std::vector<GeomRef>* {
                const auto& feat = ds.parcels.features[i];
                if (!feat.geom || feat.rec.s(ParcelF::ent_id).empty()) return nullptr;
                const auto it = ent_parcels.find(feat.rec.s(ParcelF::ent_id));
                return it == ent_parcels.end() ? nullptr : &it->second;
            },
            // In source order: the parts' order is stable.
            [&](size_t i, std::vector<GeomRef>& parts) { parts.emplace_back(ds.parcels.features[i].geom); });
    std::unordered_map<std::string_view, const GEOSGeometry*> ent_geom;
    for (size_t i = 0; i < items.size(); ++i) {
        const Finding& f = items[i];
        if (f.layer == "enterprises") {
            auto it = ent_parcels.find(f.id);
            if (f.id.empty() || it == ent_parcels.end() || it->second.empty()) continue;
            auto done = ent_geom.find(f.id);
            if (done == ent_geom.end()) {
                std::vector<GeomPtr> parts;
                for (const GeomRef& g : it->second)
                    for (auto& p : polygons_of(g.hold().get())) parts.push_back(std::move(p));
                owned->push_back(collection(GEOS_MULTIPOLYGON, std::move(parts)));
                done = ent_geom.emplace(f.id, owned->back().get()).first;
            }
            (*geoms)[i] = done->second;
        } else if (auto m = by_fid.find(f.layer); m != by_fid.end() && f.fid >= 0) {
            if (auto g = m->second.find(f.fid); g != m->second.end()) (*geoms)[i] = g->second;
        }
    }
    // A partition writes the findings it owns (rules.md §10).
    auto rows = std::make_shared<std::vector<uint32_t>>(items.size());
    std::iota(rows->begin(), rows->end(), 0u);
    if (an.owned.active) {
        const auto keep = owned_findings(ds, an, items);
        rows->erase(std::remove_if(rows->begin(), rows->end(), [&](uint32_t i) { return !keep[i]; }), rows->end());
    }
    return table_layer("findings", title, true, finding_columns(), rows->size(),
                       [&findings, geoms, owned, rows](size_t i) { return FindingRow{findings.items()[(*rows)[i]], (*geoms)[(*rows)[i]]}; });
}

// The patrol worklist, in urgency order (build_worklist), with the parcel's geometry.
OutLayer worklist_layer(const Dataset& ds, const Analysis& an, const std::string& title, bool texts_once) {
    auto order = std::make_shared<std::vector<uint32_t>>(an.worklist.size());
    std::iota(order->begin(), order->end(), 0u);
    if (an.owned.active)  // a partition: the items of the parcels it owns (the merge numbers them again)
        order->erase(std::remove_if(order->begin(), order->end(), [&](uint32_t i) { return !an.owned.parcels[an.worklist[i].parcel]; }),
                     order->end());
    std::shared_ptr<const Texts> details;
    if (texts_once) details = make_texts(order->size(), [&](size_t i) { return work_detail(ds, an, an.worklist[(*order)[i]]); });
    return table_layer("worklist", title, true, worklist_columns(), order->size(), [&ds, &an, order, details](size_t i) {
        // The items' parcels lie anywhere among the parcels (urgency order), and every format reads
        // each row once: the parcel's feature and result are fetched 16 rows ahead, its record and
        // shape (behind the feature) 8 rows ahead, so the row's reads wait less on memory (the
        // writers fill a batch's rows one after the other).
        constexpr size_t kAhead = 16;
        if (i + kAhead < order->size()) {
            const uint32_t p = an.worklist[(*order)[i + kAhead]].parcel;
            __builtin_prefetch(&ds.parcels.features[p]);
            __builtin_prefetch(&an.parcels[p]);
        }
        if (i + kAhead / 2 < order->size()) {
            const Feature& f = ds.parcels.features[an.worklist[(*order)[i + kAhead / 2]].parcel];
            f.rec.prefetch();
            f.geom.prefetch();
        }
        const WorkItem& w = an.worklist[(*order)[i]];
        return WorklistRow{ds, an, w, i + 1, GeomRef(ds.parcels.features[w.parcel].geom), details ? &details->at[i] : nullptr};
    });
}

}  // namespace

std::vector<OutLayer> output_layers(const Dataset& ds, const Analysis& an, const Findings& findings,
                                    const OutputRules& rules, bool whys_once, bool texts_once) {
    const auto schema = output_schema();
    auto title = [&](size_t k) { return schema[k].title; };
    std::vector<OutLayer> layers;
    layers.push_back(park_layer(ds, an, title(0)));
    layers.push_back(parcel_layer(ds, an, title(1), texts_once));
    // Enterprises (no geometry), ordered by ent_id; a partition's own only.
    {
        auto order = std::make_shared<std::vector<uint32_t>>(an.ents.size());
        std::iota(order->begin(), order->end(), 0u);
        if (an.owned.active) keep_owned(*order, an.owned.ents);
        std::shared_ptr<const Texts> whys =
            whys_once ? make_texts(order->size(), [&](size_t i) { return grade_why(ds, an, an.ents[(*order)[i]]); }) : nullptr;
        layers.push_back(table_layer("enterprises", title(2), false, enterprise_columns(), order->size(),
                                     [&ds, &an, order, whys](size_t i) {
                                         return EnterpriseRow{ds, an, an.ents[(*order)[i]], nullptr, whys ? &whys->at[i] : nullptr};
                                     }));
    }
    layers.push_back(unsupplied_layer(ds, an, rules, title(3)));
    layers.push_back(finding_layer(ds, an, findings, title(4)));
    // The region total: one row, no geometry; every parcel counted once, inside a park or not.
    // A partition has no region total (rules.md §10): it is summed when the partitions are merged.
    layers.push_back(table_layer("region", title(5), false, region_columns(), an.owned.active ? 0 : 1,
                                 [&ds, &an](size_t) { return ParkRow{ds, an.region, nullptr, nullptr}; }));
    layers.back().table_everywhere = true;
    layers.push_back(worklist_layer(ds, an, title(6), texts_once));
    // The control lines of the development-zone check, for its map: only those given as inputs.
    const std::pair<const LayerData*, size_t> ctl[] = {{&ds.dev_boundary, 7}, {&ds.farmland, 8}, {&ds.eco_redline, 9}};
    for (const auto& [src, k] : ctl)
        if (src->present) layers.push_back(control_layer(ds, *src, schema[k].name, schema[k].title, rules));
    return layers;
}

// The development-zone check's platforms of several parks (issue 18): the park columns over each
// platform's figures (PlatformFigures), by platform id. Not a layer of landeff.gpkg: the rows of
// the devzone sheet of report.xlsx below the parks.
OutLayer devzone_platform_layer(const Dataset& ds, const Analysis& an) {
    return table_layer("devzone_platforms", "开发区整合核查(平台)", false, park_columns(), an.dz_platforms.size(), [&ds, &an](size_t i) {
        const PlatformFigures& pf = an.dz_platforms[i];
        return ParkRow{ds, pf.p, &pf.f, nullptr};
    });
}

}  // namespace landeff
