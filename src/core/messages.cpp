#include "landeff/messages.hpp"

#include <array>
#include <stdexcept>

#include "landeff/settings.hpp"

namespace landeff {

namespace {

using M = Msg;

// The wording table: one row per message, in Msg order (checked at start-up by message_text and
// by tests/unit/test_messages.cpp). Codes before a ':' stay as they are in both languages.
constexpr MessageText kMessages[] = {
    // Land-state tests
    {M::SuppliedAfter, "supplied_after", "supplied_after: 供地日期 {0} 晚于评价日 {1}", "supplied_after: {0} vs {1}"},
    {M::NoStartDue, "no_data", "no_data: 缺少约定开工日期(且无开工、竣工或投产记录)",
     "no_data: start_due missing (and no start, completion or production recorded)"},
    {M::NotDue, "not_due", "not_due: 约定开工日期 {0} 不早于评价日 {1}", "not_due: start_due {0} vs {1}"},
    {M::IdleA, "idle_a", "idle_a: 超过约定开工日期 {2} 满 {0} 年未动工 ≥ {1} 年",
     "idle_a: {0} vs {1} full years not started after start_due {2}"},
    {M::Overdue, "overdue", "overdue: 约定开工日期 {0} 已过, 满 {1} 年 < {2} 年", "overdue: start_due {0} passed, {1} vs {2} full years"},
    {M::IdleB, "idle_b", "idle_b: 自 {2} 停工满 {0} 年 ≥ {1} 年", "idle_b: suspended {0} vs {1} full years since {2}"},
    {M::IdleBDev, "idle_b.dev", ", 已开发面积比 {0} < {1}", ", developed {0} vs {1}"},
    {M::IdleBInv, "idle_b.inv", ", 已投资比 {0} < {1}", ", invested {0} vs {1}"},
    {M::IdleBUnknown, "idle_b_unknown", "idle_b_unknown: 停工满 {0} 年, 但缺少{1}, 无法判定",
     "idle_b_unknown: suspended {0} full years, but no {1} to judge"},
    {M::IdleBNoFigures, "idle_b_unknown.none", "已开发面积和投资额数据", "developed-area or investment figures"},
    {M::IdleBNoDev, "idle_b_unknown.dev", "已开发面积数据(已投资比 {0}, 标准 {1})", "developed-area figures (invested {0} vs {1})"},
    {M::IdleBNoInv, "idle_b_unknown.inv", "投资额数据(已开发面积比 {0}, 标准 {1})", "investment figures (developed {0} vs {1})"},
    {M::GovCause, "gov_cause", "gov_cause: 政府或不可抗力原因: {0}", "gov_cause: {0}"},
    {M::IdleFeeNoPrice, "idle_fee", "idle_fee: 无土地价款, 无法按 {0} 计征闲置费", "idle_fee: no land price to charge {0} of"},
    {M::UnderConstruction, "under_construction", "under_construction: 已开工, 未竣工", "under_construction: started, not completed"},
    {M::DoneOverdue, "done_overdue", "done_overdue: 约定竣工日期 {0} 已过, 评价日 {1} 仍未竣工",
     "done_overdue: done_due {0} passed, not completed at {1}"},
    {M::TaxLow, "tax_low", "tax_low: 亩均税收 {0} < 基准 {1}", "tax_low: per-mu tax {0} < benchmark {1}"},
    {M::NotInProduction, "not_in_production", "not_in_production: {0} 竣工, 未投产", "not_in_production: completed {0}, in_prod 0 vs 1"},
    {M::BelowContractOutput, "below_contract.output", "below_contract: 亩均产值 {0} < 合同约定 {1}", "below_contract: output {0} vs {1}"},
    {M::BelowContractTax, "below_contract.tax", "below_contract: 亩均税收 {0} < 合同约定 {1}", "below_contract: tax {0} vs {1}"},
    {M::Underbuilt, "underbuilt", "underbuilt: 建筑系数 {0} < {1}", "underbuilt: footprint share {0} vs {1}"},
    {M::DevLow, "dev_low", "dev_low: 已开发面积比 {0} < {1}", "dev_low: developed share {0} vs {1}"},
    {M::GradeD, "grade_d", "grade_d: 企业亩均效益评为 D 类", "grade_d: enterprise graded D"},
    // Compliance; also the far_low / coverage_low tests: {0} code, {1} source tag, {2} figure,
    // {3} value, {4} source, {5} threshold.
    {M::ViolationMin, "violation.min", "{0}({1}): {2} {3} < {4}下限 {5}", "{0}({1}): {2} {3} < {4} minimum {5}"},
    {M::ViolationMax, "violation.max", "{0}({1}): {2} {3} > {4}上限 {5}", "{0}({1}): {2} {3} > {4} maximum {5}"},
    {M::NotCheckedLater, "compliant.later", "compliant: 评价日后供地, 未检查", "compliant: supplied after the evaluation date, not checked"},
    {M::FigFar, "fig.far", "容积率", "FAR"},
    {M::FigCoverage, "fig.coverage", "建筑系数", "coverage"},
    {M::FigGreen, "fig.green", "绿地率", "green share"},
    {M::FigAdmin, "fig.admin", "行政办公及生活服务设施用地比例", "admin share"},
    {M::FigInvest, "fig.invest", "投资强度", "investment"},
    {M::FigOutput, "fig.output", "亩均产值", "per-mu output"},
    {M::FigTax, "fig.tax", "亩均税收", "per-mu tax"},
    {M::SourceContract, "source.contract", "合同", "contract"},
    {M::SourceControl, "source.control", "{0} 控制指标", "{0}"},
    // Platforms
    {M::PlatformParks, "platform", "平台 {0}({1} 个园区)", "platform {0} ({1} parks)"},
    {M::Level, "level", "级别 {0}", "level {0}"},
    {M::LevelUnknown, "level.unknown", "未知", "unknown"},
    {M::Rule1Exit, "rule1.exit", "rule 1: {0} 位于限制区域内 > {1} → 逐步退出型", "rule 1: {0} inside a restricted zone > {1} → exit"},
    {M::Rule1Ok, "rule1.ok", "rule 1: {0} 位于限制区域内 ≤ {1}", "rule 1: {0} inside a restricted zone ≤ {1}"},
    {M::Rule2Innovate, "rule2.innovate", "rule 2: {0} 位于主城区内 > {1} → 转为创新型",
     "rule 2: {0} inside the main urban area > {1} → innovate"},
    {M::Rule2Ok, "rule2.ok", "rule 2: {0} 位于主城区内 ≤ {1}", "rule 2: {0} inside the main urban area ≤ {1}"},
    {M::Rule3Hosted, "rule3.hosted", "rule 3: 距{1}平台 {2} {0} km ≤ {3} km → 整合托管型, 由 {2} 托管",
     "rule 3: {0} km from {1} platform {2} ≤ {3} km → consolidate, hosted by {2}"},
    {M::Rule3NoHosts, "rule3.no_hosts", "rule 3: 无可加入的国家级/省级平台", "rule 3: no national/provincial platform to join"},
    {M::Rule3NoneWithin, "rule3.none_within", "rule 3: {0} km 内无国家级/省级平台",
     "rule 3: no national/provincial platform within {0} km"},
    {M::Rule3HostsNone, "rule3.hosts_none", "rule 3: {0} km 内无可托管的平台", "rule 3: hosts no platform within {0} km"},
    {M::Rule3Hosts, "rule3.hosts", "rule 3: 托管 {0} → 整合托管型(托管主体, 一区多园)", "rule 3: hosts {0} → consolidate (host, 一区多园)"},
    {M::Rule4FailArea, "rule4.area", "面积 {0} km² < {1} km²", "area {0} km² < {1} km²"},
    {M::Rule4FailLead, "rule4.lead", "主导产业占比 {0} < {1}", "leading-industry share {0} < {1}"},
    {M::Rule4FailTax, "rule4.tax", "亩均税收 {0} < {1}({2})", "per-mu tax {0} < {1} ({2})"},
    {M::Rule4NoTax, "rule4.no_tax", "亩均税收未知", "per-mu tax unknown"},
    {M::Rule4NoLeadCodes, "rule4.no_lead_codes", "无主导产业代码", "no leading-industry codes"},
    {M::Rule4NoIndLand, "rule4.no_ind_land", "无工业宗地", "no industrial parcel land"},
    {M::Rule4Retain, "rule4.retain", "rule 4: 面积 {0} km², 主导产业占比 {1}, 亩均税收 {2} ≥ {3} → 保留提升型",
     "rule 4: area {0} km², leading industry {1}, per-mu tax {2} ≥ {3} → retain"},
    {M::Rule4Exit, "rule4.exit", "rule 4 不满足({0}) → rule 5: 逐步退出型", "rule 4 not met ({0}) → rule 5: exit"},
    {M::BenchConfigured, "bench.configured", "配置的基准", "the configured benchmark"},
    {M::BenchMedian, "bench.median", "全部平台的中位数", "the median of all platforms"},
    // Grades
    {M::NotGradedNoRow, "not_graded.no_row", "not graded: 无 {0} 年企业数据", "not graded: no enterprise row for {0}"},
    {M::ForcedD, "forced_d", "forced D: {0}(不参与排名)", "forced D: {0} (not ranked)"},
    {M::NotGradedExempt, "not_graded.exempt", "not graded: {0}", "not graded: {0}"},
    {M::NotGradedScope, "not_graded.scope", "not graded: 行业 {0}{1} 不在 grading.scope \"{2}\" 范围内",
     "not graded: industry {0}{1} is outside grading.scope \"{2}\""},
    {M::ScopeSection, "not_graded.section", "(门类 {0})", " (section {0})"},
    {M::NotGradedNoLand, "not_graded.no_land", "not graded: 无用地(无宗地, 也未报用地面积)",
     "not graded: no land (no parcel and no reported land area)"},
    {M::NotGradedNoLandAtT, "not_graded.no_land_at_t", "not graded: 评价日无用地(全部宗地于评价日后供地)",
     "not graded: no land at the evaluation date (every parcel supplied after it)"},
    {M::NotGradedSmall, "not_graded.small", "not graded: 用地 {0} 亩 < {1} 亩 (grading.min_mu)",
     "not graded: land {0} mu < {1} mu (grading.min_mu)"},
    {M::NotGradedYoung, "not_graded.young", "not graded: {0} 年成立, 不满 {1} 年 (grading.min_age_years)",
     "not graded: founded {0}, younger than {1} years (grading.min_age_years)"},
    {M::NotGradedScale, "not_graded.scale", "not graded: 规模未知(规上/规下)", "not graded: scale unknown (规上/规下)"},
    {M::ItemEmissionCap, "item.emission_cap", "排放为 0 → 封顶 {0}", "emission 0 → cap {0}"},
    {M::ItemPoints, "item.points", "{0} / {1} × {2} = {3}", "{0} / {1} × {2} = {3}"},
    {M::ItemCap, "item.cap", "(封顶)", " (cap)"},
    {M::ItemMean, "item.mean", "无数据 → 取总体均值 {0}", "no figure → population mean {0}"},
    {M::ItemZero, "item.zero", "无数据 → 0", "no figure → 0"},
    {M::BandRank, "band.rank", "{0} 档(排名位于 {1}–{2} %{3})", "band {0} (ranks in {1}–{2} %{3})"},
    {M::BandTied, "band.tied", ", 与更优等级者同分", ", tied with a better-graded score"},
    {M::BandAtLeast, "band.at_least", "得分 ≥ {0} → {1}", "score ≥ {0} → {1}"},
    {M::BandBelow, "band.below", "得分 < {0} → D", "score < {0} → D"},
    {M::ScoreRank, "score.rank", "; 得分 {0}, {3}排名 {1}/{2}, {4}", "; score {0}, rank {1} of {2} {3}, {4}"},
    // Ranking populations by county / city (grading.population, issue 21): the list's label in ScoreRank.
    {M::PopulationCounty, "population.county", "{0}(县级 {1})", "{0} in county {1}"},
    {M::PopulationCity, "population.city", "{0}(市级 {1})", "{0} in city {1}"},
    {M::PopulationNone, "population.none", "{0}(无宗地, 县市不明)", "{0} with no parcel to place it in a county or city"},
    // Score
    {M::NotComputable, "score.not_computable", "—(无法计算)", "— (not computable)"},
    {M::WeightRedistributed, "score.redistributed", "(缺项的权重已按比例分配)", " (missing groups' weight redistributed)"},
    // Findings summary
    {M::SummaryNone, "summary.none", "数据质量: 无问题", "data quality: no findings"},
    {M::SummaryCounts, "summary.counts", "数据质量: {0} 个错误, {1} 个警告, {2} 个提示(详见 findings 图层)",
     "data quality: {0} errors, {1} warnings, {2} notes (all in the findings layer)"},
    // Run summary
    {M::SummaryRun, "summary.run", "运行", "run"},
    {M::SummaryInspect, "summary.inspect", "检查", "inspect"},
    {M::SummaryHead, "summary.head",
     "{0} 年度(评价日 {1},坐标系 {2}):{3} 个园区,{4} 宗地({5} 亩{6},{7} 宗不在任何园区内),{8} 行企业数据,{9} 个批准用地",
     "{0} (evaluation date {1}, CRS {2}): {3} parks, {4} parcels ({5} mu{6}, {7} outside every park), {8} enterprise rows, "
     "{9} approvals"},
    {M::SummaryLater, "summary.later", ",其中 {0} 亩为评价日后供地", ", of which {0} mu supplied after the evaluation date"},
    {M::SummaryPark, "summary.park", "  {0} {1}:{2} 亩,亩均税收 {3} 万元/亩", "  {0} {1}: {2} mu, per-mu tax {3} 万元/亩"},
    {M::SummaryMoreParks, "summary.more_parks", "  … 另有 {0} 个园区见输出(以上按用地面积从大到小)",
     "  … {0} more parks in the outputs (largest first above)"},
    {M::SummaryOutputs, "summary.outputs", "输出: {0}", "outputs: {0}"},
    // Corrections (异议更正): {0} the correction's reference (file, row, corr_id).
    {M::CorrApplied, "correction.applied", "{0}: 已更正 {1} {2} 的 {3}: {4} → {5}(理由: {6}, 文号: {7})",
     "{0}: corrected {3} of {1} {2}: {4} → {5} (reason: {6}, document: {7})"},
    {M::CorrNoTarget, "correction.no_target", "{0}: 更正记录既无企业代码(ent_id)也无宗地代码(parcel_id), 未应用; 请填写其一",
     "{0}: the correction names neither an ent_id nor a parcel_id; not applied: give one of them"},
    {M::CorrBothTargets, "correction.both_targets",
     "{0}: 更正记录同时填写了企业代码 {1} 和宗地代码 {2}, 更正对象不明确, 未应用; 每行只填其一",
     "{0}: the correction names both ent_id {1} and parcel_id {2}, so its target is unclear; not applied: give one of them"},
    {M::CorrUnknownId, "correction.unknown_id", "{0}: {1} {2} 在 {3} 中不存在({4} 年度), 未应用; 请核对代码",
     "{0}: {1} {2} is not in {3} (for {4}); not applied: check the id"},
    {M::CorrUnknownField, "correction.unknown_field", "{0}: {1} 不是{2}可更正的字段, 未应用; 可更正的字段: {3}",
     "{0}: {1} is not a field of the {2} that may be corrected; not applied. Fields that may be corrected: {3}"},
    {M::CorrBadValue, "correction.bad_value", "{0}: 字段 {1} 的更正值 {2} 无法识别({3}), 未应用",
     "{0}: the corrected value {2} of field {1} cannot be read ({3}); not applied"},
    {M::CorrDuplicate, "correction.duplicate", "{0}: 与在先的更正 {1} 针对同一{2} {3} 的同一字段 {4}, 只应用表中在先的一条, 本条未应用",
     "{0}: corrects the same field {4} of {2} {3} as the earlier correction {1}; only the first in the table is applied, "
     "this one is not"},
    // Manual grade overrides (人工调整, field `grade` of the corrections): {0} reference.
    {M::OverrideWhy, "override.why", "人工调整: 原 {0} → {1}({2}, {3}); ", "manual override: was {0} → {1} ({2}, {3}); "},
    {M::OverrideBadGrade, "override.bad_grade", "{0}: 人工调整等级 {1} 不是 A、B、C、D 之一, 未应用",
     "{0}: the override grade {1} is not one of A, B, C, D; not applied"},
    {M::OverrideUnknownEnt, "override.unknown_ent", "{0}: 企业 {1} 不在本次评价的企业中, 人工调整未应用; 请核对代码",
     "{0}: enterprise {1} is not among this run's enterprises; the override is not applied: check the id"},
    {M::OverrideOnParcel, "override.on_parcel", "{0}: 等级(grade)只能对企业(ent_id)人工调整, 对宗地的调整未应用",
     "{0}: a grade is overridden for an enterprise (ent_id) only; the override of a parcel is not applied"},
    {M::OverrideApplied, "override.applied", "{0}: 企业 {1} 的等级人工调整: {2} → {3}(理由: {4}, 文号: {5}); 其他企业的排名和等级不变",
     "{0}: enterprise {1} grade overridden: {2} → {3} (reason: {4}, document: {5}); other enterprises' ranks and grades "
     "do not move"},
    // Differentiated policies: {0} the quantity's name.
    {M::PolicyElec, "policy.elec", "用电量", "electricity"},
    {M::PolicyWater, "policy.water", "用水量", "water use"},
    {M::PolicyNoQuantity, "policy.no_quantity", "无{0}数据, 金额未计", "no {0} figure: no amount"},
    {M::PolicyAmount, "policy.amount", "{0} {1} {2} × {3} {4} = {5} 万元", "{0} {1} {2} × {3} {4} = {5} 万元"},
    {M::PolicyNoAmount, "policy.no_amount", "按有关规定执行, 金额不在本表计算", "applied as the local rules say; no amount computed here"},
    // Leases: {0} the lease's reference (file, row, lease_id).
    {M::LeaseNoTenant, "lease.no_tenant", "{0}：租赁记录没有承租企业代码（ent_id），不计入任何企业的用地；请补充承租方的统一社会信用代码",
     "{0}: the lease has no tenant (ent_id) and counts in no enterprise's land; add the tenant's credit code"},
    {M::LeaseUnknownParcel, "lease.unknown_parcel", "{0}：宗地代码 {1} 在宗地图层中不存在，该租赁不计入用地；请核对宗地代码",
     "{0}: parcel {1} is not in the parcels layer; the lease gives no land: check the parcel id"},
    {M::LeaseNotStarted, "lease.not_started", "{0}：租期 {1} 至 {2}，评价日 {3} 尚未起租，不计入承租企业用地（租期含评价日当天才计入）",
     "{0}: the term {1} to {2} has not started at the evaluation date {3}; not counted in the tenant's land (a term counts "
     "when it includes that day)"},
    {M::LeaseEnded, "lease.ended", "{0}：租期 {1} 至 {2}，评价日 {3} 前已到期，不计入承租企业用地（租期含评价日当天才计入）",
     "{0}: the term {1} to {2} ended before the evaluation date {3}; not counted in the tenant's land (a term counts when "
     "it includes that day)"},
    {M::LeaseParcelLater, "lease.parcel_later", "{0}：宗地 {1} 于 {2} 供地，晚于评价日 {3}，评价日尚不是任何人的用地，该租赁不计入",
     "{0}: parcel {1} was supplied on {2}, after the evaluation date {3}, so it is nobody's land then; the lease is not "
     "counted"},
    {M::LeaseNoFloor, "lease.no_floor",
     "{0}：宗地 {1} 没有总建筑面积（floor_m2），无法按租赁建筑面积折算用地，该租赁不计入；请补充建筑面积，或设 leases.method = \"land\" 并填写租赁用地面积",
     "{0}: parcel {1} has no floor area (floor_m2) to turn the leased floor area into land; the lease is not counted: add "
     "the floor area, or set leases.method = \"land\" and fill in the leased land"},
    {M::LeaseNoArea, "lease.no_area", "{0}：没有有效的{1}（须大于 0），该租赁不计入用地", "{0}: no valid {1} (above 0); the lease gives no land"},
    {M::LeaseFieldLeased, "lease.field_leased", "租赁建筑面积（leased_m2）", "leased floor area (leased_m2)"},
    {M::LeaseFieldLand, "lease.field_land", "租赁用地面积（land_m2）", "leased land (land_m2)"},
    {M::LeaseOverlap, "lease.overlap", "{0}：与租赁 {1} 的租期重叠（同一承租企业 {2}、同一宗地 {3}）；评价日两者都有效时只计先起租的一份，请核对合同",
     "{0}: its term overlaps lease {1} (same tenant {2}, same parcel {3}); when both are active at the evaluation date "
     "only the one that started first counts: check the contracts"},
    {M::LeaseOverFloor, "lease.over_floor",
     "{0}：评价日有效的租赁合计 {1} 平方米，超过宗地{2} {3} 平方米；各承租企业用地按 {3} / {1} = {4} 比例缩减，合计等于宗地面积，"
     "产权企业在该宗地上不再留有用地；请核对租赁面积",
     "{0}: the leases active at the evaluation date total {1} m², more than the parcel's {2} of {3} m²; each tenant's land "
     "is scaled by {3} / {1} = {4}, so together they hold the whole parcel and its owner none of it: check the leased "
     "areas"},
    {M::LeaseWhatFloor, "lease.what_floor", "总建筑面积", "floor area"},
    {M::LeaseWhatLand, "lease.what_land", "面积", "area"},
    // Development-zone check: {0} the feature's reference, {1} the evidence / the overlapping area, {2} the control
    // polygon's label.
    {M::DevzoneDiverted, "devzone.diverted", "{0}: 已供工业用地挪作他用: {1}",
     "{0}: supplied industrial land used for other purposes (挪作他用): {1}"},
    {M::DevzoneOnFarmland, "devzone.on_farmland", "{0}: {1} 位于永久基本农田 {2} 内; 请在整合核查中说明",
     "{0}: {1} on permanent basic farmland (永久基本农田) {2}; explain it in the integration check"},
    {M::DevzoneOnRedline, "devzone.on_redline", "{0}: {1} 位于生态保护红线 {2} 内; 请在整合核查中说明",
     "{0}: {1} on the ecological red line (生态保护红线) {2}; explain it in the integration check"},
    // Compare: a growth target of a park ({0} the figure, {1} the target, {2} the judgement).
    {M::CmpTarget, "compare.target", "{0} 目标 {1}: {2}", "{0} target {1}: {2}"},
    {M::CmpMet, "compare.met", "{0} 达标", "{0} met"},
    {M::CmpNotMet, "compare.not_met", "{0} 未达标", "{0} not met"},
    {M::CmpNotAssessable, "compare.not_assessable", "{0} 不可评价", "{0}: not assessable"},
    {M::CmpNoFigureEither, "compare.no_figure_either", "两年均无数据", "no figure in either year"},
    {M::CmpNoFigurePrev, "compare.no_figure_prev", "无上年数据", "no figure last year"},
    {M::CmpNoFigureCur, "compare.no_figure_cur", "无本年数据", "no figure this year"},
    {M::CmpPrevZero, "compare.prev_zero", "上年为 0", "last year's figure is 0"},
    {M::CmpInvest, "compare.invest", "固定资产投资", "fixed-asset investment"},
    {M::CmpFar, "compare.far", "综合容积率", "overall FAR"},
    // Compare's stderr summary: {0} the earlier run's CRS, {1} the later run's.
    {M::CmpReprojected, "compare.reprojected", "注意: 两次运行的工作坐标系不同: 上年运行的宗地({0})已重投影到本年运行的 {1} 后再比对",
     "note: the runs have different working CRSs: the earlier run's parcels ({0}) were reprojected into the later run's {1} "
     "before matching"},
    // {0} {1} the years, {2} the parcel changes " kind n," …, {3} the enterprise moves likewise, {4} of {5} parks with a
    // new category, {6} of {7} parks meeting their targets, {8} approvals with land supplied.
    {M::CmpSummary, "compare.summary",
     "比对 {0} → {1}: 宗地{2} 企业等级{3} 分类变化的园区 {4} / {5}, 目标全部达标的园区 {6} / {7}, 有新供地的批而未供批次 {8}",
     "compare {0} → {1}: parcels{2} enterprises{3} parks with a new category {4} of {5}, targets met {6} of {7}, approvals "
     "with land supplied {8}"},
    // Enterprise grade moves (enterprise_changes.move) in the summary.
    {M::CmpMoveNew, "compare.move.new", "新增", "new"},
    {M::CmpMoveGone, "compare.move.gone", "不再出现", "gone"},
    {M::CmpMoveGraded, "compare.move.graded", "新评等级", "graded"},
    {M::CmpMoveUngraded, "compare.move.ungraded", "不再评级", "ungraded"},
    {M::CmpMoveUp, "compare.move.up", "上升", "up"},
    {M::CmpMoveDown, "compare.move.down", "下降", "down"},
    // Data-quality findings: each follows the feature reference (file, layer, fid, id) and names the field.
    {M::QMissingField, "quality.missing_field",
     "缺少字段 {0}({1}){2}; 如数据中该字段另有名称, 请在配置中映射: [fields.{3}] {0} = \"<源字段名>\"",
     "no field for {0} ({1}){2}; map it with [fields.{3}] {0} = \"<source field>\" if the data has it under another name"},
    {M::QNeededFor, "quality.needed_for", "; {0}需要此字段", "; needed for {0}"},
    {M::QMissingId, "quality.missing_id", "{0} 为空; 输出中只能以 fid 标识该要素", "{0} is empty; outputs identify it by fid only"},
    {M::QDuplicateId, "quality.duplicate_id", "{0} {1} 与 fid={2} 重复; 代码必须唯一, 请修正源数据",
     "{0} {1} is also used by fid={2}; ids must be unique: fix the source"},
    {M::QNegative, "quality.negative_value", "字段 {0} 为 {1}, 不应为负数; 请修正源数据", "field {0} is {1}, a negative amount; correct the source"},
    {M::QFarRecorded, "quality.far_recorded", "登记容积率 {0} 高于 {1}(quality.far_max); 请核对该字段",
     "recorded FAR {0} is above {1} (quality.far_max): check the field"},
    {M::QFarFloor, "quality.far_floor", "建筑面积 {0} m² / 登记面积 {1} m² 得容积率 {2}, 高于 {3}(quality.far_max); 请核对单位",
     "floor area {0} m² on {1} m² gives FAR {2}, above {3} (quality.far_max): check the units"},
    {M::QStartBeforeSupply, "quality.start_before_supply", "开工日期 {0} 早于供地日期 {1}; 请核对两个日期",
     "construction started {0}, before the land was supplied {1}; check both dates"},
    {M::QDateFuture, "quality.date_in_future", "字段 {0} 为 {1}, 是将来的日期: 尚未发生的事不能有日期",
     "field {0} is {1}, a date in the future: an event cannot have happened yet"},
    {M::QAreaMismatch, "quality.area_mismatch",
     "登记面积 {0} m² 与实测面积 {1} m² 相差 {2} %(容差 {3} %, quality.area_tolerance); 请核对边界或登记记录",
     "registered area {0} m² and measured area {1} m² differ by {2} % (tolerance {3} %, quality.area_tolerance): check the "
     "boundary or the record"},
};

static_assert(std::size(kMessages) == static_cast<size_t>(Msg::kCount), "one row per Msg");

constexpr bool in_order() {
    for (size_t i = 0; i < std::size(kMessages); ++i)
        if (static_cast<size_t>(kMessages[i].id) != i) return false;
    return true;
}
static_assert(in_order(), "kMessages rows in Msg order");

}  // namespace

const MessageText& message_text(Msg m) {
    const auto i = static_cast<size_t>(m);
    if (i >= std::size(kMessages)) throw std::out_of_range("message_text: no such message");
    return kMessages[i];
}

std::string say(Lang lang, Msg m, std::initializer_list<std::string> args) {
    const MessageText& t = message_text(m);
    const std::string_view w = lang == Lang::en ? t.en : t.zh;
    std::string out;
    out.reserve(w.size() + 32);
    for (size_t i = 0; i < w.size(); ++i) {
        if (w[i] == '{' && i + 2 < w.size() && w[i + 1] >= '0' && w[i + 1] <= '9' && w[i + 2] == '}') {
            const auto k = static_cast<size_t>(w[i + 1] - '0');
            if (k < args.size()) out += *(args.begin() + k);
            i += 2;
            continue;
        }
        out += w[i];
    }
    return out;
}

}  // namespace landeff
