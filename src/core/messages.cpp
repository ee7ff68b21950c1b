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
    // Maps: the atlas over maps.atlas_max_pages ({0} its pages, {1} the limit), said on stderr, not written.
    {M::AtlasTooManyPages, "maps.atlas_too_many_pages",
     "地图集将有 {0} 页, 超过 maps.atlas_max_pages({1}), 未生成 maps/atlas.pdf; 可按平台分页(maps.atlas_by = \"platform\")、"
     "按分区运行, 或用 landeff map 输出目录 --atlas_max_pages {0} 重新出图",
     "the atlas would have {0} pages, more than maps.atlas_max_pages ({1}), so maps/atlas.pdf is not written; page it by "
     "platform (maps.atlas_by = \"platform\"), run by partition, or re-render with landeff map OUT_DIR --atlas_max_pages {0}"},
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
    // Built evidence of a parcel without a supply date ({0} a date, a figure in m²).
    {M::BuiltStarted, "built.started", "{0} 开工", "started {0}"},
    {M::BuiltCompleted, "built.completed", "{0} 竣工", "completed {0}"},
    {M::BuiltProducing, "built.producing", "已投产", "in production"},
    {M::BuiltFloor, "built.floor", "建筑面积 {0} m²", "floor area {0} m²"},
    {M::BuiltFootprint, "built.footprint", "建筑基底面积 {0} m²", "footprint {0} m²"},
    // 批而未供 findings: {0} the feature reference (or the layer's label).
    {M::BuiltUnsupplied, "built_unsupplied",
     "{0}: {1}, 但无供地日期(supply_dt): 未办供地手续即建设, 不计为已供的批准用地(批而未供, rules.md §4); 设 states.built_unsupplied = false 则计为已供",
     "{0}: {1}, but no supply date (supply_dt): built without supply paperwork, it does not supply approved land (批而未供, "
     "rules.md §4); states.built_unsupplied = false counts it as supplied"},
    {M::NoSupplyDates, "no_supply_dates", "{0}: 无供地日期字段(supply_dt): 计算批而未供时每宗地都计为已供, 无论是否办理供地手续",
     "{0}: no supply-date field (supply_dt): every parcel counts as supplied in 批而未供, built without supply paperwork or not"},
    {M::ApprovalAfterEval, "approval_after_eval", "{0}: 批准日期 {1} 晚于评价日 {2}: 评价日尚未批准, 不计入批准用地、批而未供和供地率",
     "{0}: approved {1}, after the evaluation date {2}: not approved at T, so not in approved land, 批而未供 or the supply rate"},
    {M::ApprovalOverlap, "approval_overlap.consequence", "园区合计中重叠部分只计一次", "park sums count the overlap once"},
    {M::SupplyRtNoApproved, "supply_rt.no_approved", "supply_rt: 园区内无批准用地", "supply_rt: no approved land inside"},
    // Rule 0 of the platforms: {0} the share, {1} the setting's maximum.
    {M::Rule0DevExit, "rule0.dev_exit", "rule 0: {0} 位于城镇开发边界外 > {1} → 逐步退出型",
     "rule 0: {0} outside the urban development boundary > {1} → exit"},
    {M::Rule0DevOk, "rule0.dev_ok", "rule 0: {0} 位于城镇开发边界外 ≤ {1}", "rule 0: {0} outside the urban development boundary ≤ {1}"},
    {M::Rule0FarmExit, "rule0.farm_exit", "rule 0: {0} 位于永久基本农田内 > {1} → 逐步退出型", "rule 0: {0} on permanent basic farmland > {1} → exit"},
    {M::Rule0FarmOk, "rule0.farm_ok", "rule 0: {0} 位于永久基本农田内 ≤ {1}", "rule 0: {0} on permanent basic farmland ≤ {1}"},
    // Grades: the ranked lists (named in enterprises.why) and why an item scores no points ({0} a field name).
    {M::ListAbove, "list.above", "规上企业", "above-scale (规上)"},
    {M::ListBelow, "list.below", "规下企业", "below-scale (规下)"},
    {M::ListBelowGe, "list.below_ge", "规下企业(用地达到 grading.small_mu)", "below-scale (规下) with land ≥ grading.small_mu"},
    {M::ListBelowLt, "list.below_lt", "规下企业(用地不足 grading.small_mu)", "below-scale (规下) with land < grading.small_mu"},
    {M::ListTenant, "list.tenant", "租赁企业", "tenants (租赁企业)"},
    {M::GradeNoFigure, "grade.no_figure", "无 {0} 数据", "no {0} figure"},
    {M::GradeDenIs, "grade.den_is", "{0} 为 {1}", "{0} is {1}"},
    {M::GradeNoBench, "grade.no_bench", "无基准(参评企业均无 {0} 数据可求均值)", "no benchmark (the population has no {0} figures to average)"},
    {M::GradeAnd, "grade.and", "、", " and "},
    {M::GradeLand, "grade.land", "用地面积", "land"},
    {M::GradeMissingFigure, "grade_missing_figure", "{0}: {1}: {2}; 该项得 0 分", "{0}: {1}: {2}; the item scores 0 points"},
    // Indicators: {0} the indicator's field name, {1} the figure it lacks.
    {M::NullNo, "null.no", "{0}: 无{1}", "{0}: no {1}"},
    {M::NullDenMissing, "null.den_missing", "{0}: 缺少{1}", "{0}: {1} missing"},
    {M::NullDenZero, "null.den_zero", "{0}: {1}为 0", "{0}: {1} is zero"},
    {M::NOutputFig, "name.output_figure", "产值数据", "output figure"},
    {M::NTaxFig, "name.tax_figure", "税收数据", "tax figure"},
    {M::NVaFig, "name.va_figure", "增加值数据", "value-added figure"},
    {M::NInvestFig, "name.invest_figure", "投资额数据", "investment figure"},
    {M::NFloor, "name.floor", "建筑面积", "floor area"},
    {M::NLand, "name.land", "用地面积", "land area"},
    {M::NGreen, "name.green", "绿地面积", "green area"},
    {M::NAdmin, "name.admin", "行政办公及生活服务设施用地面积", "admin area"},
    {M::NFootprint, "name.footprint", "建筑基底面积", "footprint"},
    {M::NValueAdded, "name.value_added", "增加值", "value added"},
    {M::NEnergy, "name.energy", "能耗", "energy"},
    {M::NEmissions, "name.emissions", "排放量", "emissions"},
    {M::NEmployees, "name.employees", "从业人数", "employees"},
    {M::NRd, "name.rd", "研发经费", "R&D figure"},
    {M::NRevenue, "name.revenue", "营业收入", "revenue"},
    {M::NElec, "name.elec", "用电量", "electricity"},
    {M::NOutput, "name.output", "产值", "output"},
    {M::NTax, "name.tax", "税收", "tax"},
    {M::NInvest, "name.invest", "投资额", "investment"},
    {M::NParcelLand, "name.parcel_land", "宗地面积", "parcel land"},
    {M::NullMoneyLater, "null.money_later", "money: 供地日期 {0} 晚于评价日 {1}: 评价日不是任何企业的用地",
     "money: supplied {0}, after T {1}: nobody's land at T"},
    {M::NullFarNoFloor, "null.far", "far: 无建筑面积", "far: no floor area"},
    {M::NullCoverageNoFootprint, "null.coverage", "coverage: 无建筑基底面积", "coverage: no footprint"},
    {M::NullEntNoLandAtT, "null.ent_land", "land: 其全部宗地均于评价日后供地: 评价日无用地",
     "land: every parcel of it was supplied after the evaluation date: no land at T"},
    // A park's reasons ({0} an indicator's field name, a count).
    {M::ParkNoLandAtT, "park.no_land_at_t", "园区内无评价日已供的宗地(仅有评价日后供地): 亩均指标为空",
     "no parcel land supplied at T inside (only land supplied after T): per-mu figures are null"},
    {M::ParkNoLand, "park.no_land", "园区内无宗地: 亩均指标为空", "no parcel land inside: per-mu figures are null"},
    {M::ParkNoMoney, "park.no_money", "园区内宗地均无产值或税收数据: 亩均经济指标为空",
     "no parcel inside has output or tax figures: money ratios are null"},
    {M::ParkNoneHas, "park.none_has", "{0}: 园区内无宗地有该数据", "{0}: no parcel inside has the figure"},
    {M::ParkMoneyZero, "park.money_zero", "{0} 宗地无产值/税收数据, 按 0 计", "{0} parcels without output/tax figures count as zero"},
    // Enterprise-table findings: {0} the feature reference.
    {M::EntMissingId, "enterprise.missing_id", "{0}: 该行无企业代码(ent_id), 无法关联宗地, 已跳过",
     "{0}: the row has no ent_id; it cannot be joined to parcels and is skipped"},
    {M::EntDuplicateRow, "enterprise.duplicate_id", "{0}: {1} 年度的第二行数据; 只使用第一行(fid={2}): 请在源数据中合并",
     "{0}: a second row for {1}; only the first (fid={2}) is used: merge the rows in the source"},
    {M::EntNoParcel, "ent_no_parcel", "{0}: 没有宗地使用此企业代码; 其数据不计入任何园区合计",
     "{0}: no parcel has this ent_id; its figures are not in any park total"},
    {M::ParcelNoEnt, "parcel_no_ent", "{0}: 企业代码 {1} 在 {2} 年度企业数据中无对应行; 使用宗地自身的数据(如有)",
     "{0}: ent_id {1} has no row in the enterprises table for {2}; the parcel's own figures are used where it has them"},
    {M::MissingMoney, "missing_money", "{0}: 评价日已供的 {2} 宗地中有 {1} 宗无产值或税收数据(无企业数据行, 也无宗地自身数据){3}",
     "{0}: {1} of its {2} parcels supplied at T have no output or tax figure (no enterprise row, no own figures){3}"},
    {M::MissingMoneyNull, "missing_money.null", "; 园区亩均经济指标为空", "; its money ratios are null"},
    {M::MissingMoneyZero, "missing_money.zero", "; 在园区合计中按 0 计", "; they count as zero in its sums"},
    // Reading and overlay findings: {0} the feature reference (or the layer's label).
    {M::OutsideParks, "outside_parks", "{0}: 不在任何园区内; 输出中其 park_id 为空", "{0}: lies outside every park; it is reported with an empty park_id"},
    {M::Overlaps, "overlap", "{0} 与 {1} 重叠 {2} m²; {3}", "{0} overlaps {1} by {2} m²; {3}"},
    {M::ParcelOverlapConsequence, "parcel_overlap.consequence", "宗地不应重叠: 请核对边界", "parcels should not overlap: check the boundaries"},
    {M::ParkOverlapConsequence, "park_overlap.consequence", "重叠处的宗地用地在两个园区中都计入(全区合计只计一次)",
     "parcel land there is counted in both parks (the region total counts it once)"},
    // Geometry notes: {0} a geometry type, GEOS's reason or error, {1} {2} areas in CRS units².
    {M::GeomNull, "geometry.null", "要素无几何; 保留在无几何的表中", "the feature has no geometry; it is kept in tables without one"},
    {M::GeomEmpty, "geometry.empty", "几何为空; 要素保留在无几何的表中", "the geometry is empty; the feature is kept in tables without one"},
    {M::GeomWrongType, "geometry.wrong_type", "几何类型为 {0}, 不是面; 要素保留在无几何的表中",
     "the geometry is a {0}, not a polygon; the feature is kept in tables without geometry"},
    {M::GeomUnrepaired, "geometry.unrepaired", "无效几何({0})无法修复: {1}", "invalid geometry ({0}) could not be repaired: {1}"},
    {M::GeomRepaired, "geometry.repaired", "无效几何({0})已用 GEOS MakeValid 修复; 面积 {1} → {2}(坐标系单位²)",
     "invalid geometry ({0}) repaired with GEOS MakeValid; area {1} → {2} (CRS units²)"},
    {M::GeomMixed, "geometry.mixed", "已删除几何中的非面部分(点或线)", "non-polygon parts (points or lines) were dropped from the geometry"},
    {M::GeomNoPolygon, "geometry.no_polygon", "修复后不剩面; 要素保留在无几何的表中",
     "no polygon area remains; the feature is kept in tables without geometry"},
    {M::GeomPartsMerged, "geometry.parts_merged", "相互重叠的多边形部分已合并(union)", "overlapping polygon parts were merged (union)"},
    {M::GeomPolygonized, "geometry.polygonized", "闭合线已转为面", "closed lines were turned into polygons"},
    {M::GeomBadCoords, "geometry.bad_coordinates", "坐标不是有限数值(NaN、无穷大或大得离谱); 要素保留但无几何",
     "coordinates are not finite numbers (NaN, infinite or absurdly large); the feature is kept without geometry"},
    {M::GeomTransformFailed, "geometry.transform_failed", "几何无法转换到工作坐标系", "the geometry could not be transformed to the working CRS"},
    {M::GeomUnreadable, "geometry.unreadable", "GEOS 无法读取该几何: {0}", "the geometry could not be read by GEOS: {0}"},
    // A value that cannot be read: {0} reference, {1} field, {2} source field, {3} the value, {4} what it is not.
    {M::ReadBadValue, "read.bad_value", "{0}: 字段 {1}({2}): {3} {4}; 按缺失值处理",
     "{0}: field {1} ({2}): {3} {4}; the value is treated as missing"},
    {M::ReadNotNumber, "read.not_number", "不是数字{0}; 请填写纯数字, 如 1234.5", "is not a number{0}; write plain digits such as 1234.5"},
    {M::ReadInUnit, "read.in_unit", "(单位 {0})", " in {0}"},
    {M::ReadNotValidDate, "read.not_valid_date", "不是有效日期", "is not a valid date"},
    {M::ReadNotDate, "read.not_date", "不是日期; 请写作 YYYY-MM-DD(也可 YYYY/MM/DD 或 YYYYMMDD)",
     "is not a date; write YYYY-MM-DD (also YYYY/MM/DD or YYYYMMDD)"},
    {M::ReadNotFlag, "read.not_flag", "不是是/否值; 请填写 1 或 0(是/否)", "is not a yes/no value; write 1 or 0 (是/否)"},
    {M::ReadNotYear, "read.not_year", "不是年份", "is not a year"},
    {M::ReadNotYearFmt, "read.not_year_fmt", "不是年份; 请写作 YYYY", "is not a year; write YYYY"},
    {M::ReadGbk, "read.gbk", "{0}: 字段 {1}: 该文本不像文件其余部分那样是 UTF-8, 而是 GBK; 已按 GBK 解码。请将文件统一保存为 UTF-8",
     "{0}: field {1}: the text is not UTF-8 like the rest of the file but GBK; decoded as GBK. Save the file as UTF-8 throughout"},
    {M::ReadBadUtf8, "read.bad_utf8", "{0}: 字段 {1}: 该文本既不是有效的 UTF-8 也不是 GBK; 无效字节已替换为 U+FFFD (�)。请将文件统一保存为 UTF-8",
     "{0}: field {1}: the text is not valid UTF-8 nor GBK; its invalid bytes are replaced by U+FFFD (�). Save the file as UTF-8 "
     "throughout"},
    {M::ReadIdRounded, "read.id_rounded",
     "{0}: 字段 {1}({2}): 代码以数字存储, 末尾几位已丢失({3}: Excel 只保留 15 位有效数字), 不同代码可能变得相同; 该行不与任何其他数据关联。"
     "请修正表格: 将该列设为文本格式后重新输入代码(或以文本列另存为 CSV)",
     "{0}: field {1} ({2}): the id is stored as a number and has lost its last digits ({3}: Excel keeps 15 significant digits), "
     "so distinct ids may look alike; this row is not joined to any other. Fix the sheet: format the column as Text and enter "
     "the ids again (or save it as CSV with the column as text)"},
    {M::ReadBadCode, "read.bad_code", "{0}: 字段 {1}: {2} 不是 {3} 之一; 按 {4} 处理",
     "{0}: field {1}: {2} is not one of {3}; treated as {4}"},
    {M::ReadMissing, "read.missing", "缺失值", "missing"},
    // Text encodings: {0} the layer's label, {2} the config's reference.
    // EncodingMismatch: {1} what declared the encoding (.cpg or LDID), {3} the declared encoding, {2} the config's reference.
    {M::EncodingMismatch, "encoding_mismatch",
     "{0}: 已按 UTF-8 读取: {1} 声明的编码是 {3}, 但文本实为 UTF-8; 请更正或删除 .cpg 文件(或在 {2} 中设置 encoding = \"…\")",
     "{0}: read as UTF-8: the {1} says {3}, but the text is UTF-8; correct or delete the .cpg (or set encoding = \"…\" in {2})"},
    {M::EncodingUndeclared, "encoding", "{0}: 未声明文本编码; 字节为 {1}, 已按此解码(如有误, 请在 {2} 中设置 encoding = \"…\")",
     "{0}: no declared text encoding; the bytes are {1}, decoded as such (set encoding = \"…\" in {2} if that is wrong)"},
    // The last English leftovers (issue 16).
    // Diverted industrial land: {0} the parcel's share under other-use 三调 codes, {1} devzone.diverted_share (percent()).
    {M::DevzoneDivertedShare, "diverted.share", "diverted: 三调其他用途地类占 {0} > {1}", "diverted: {0} under other-use codes > {1}"},
    // {0} the parcel's reference, {1} maps.outlier_km.
    {M::MapOutlier, "map_outlier", "{0}: 距每个园区都超过 {1} km(maps.outlier_km); 地图范围不包含该宗地, 以免园区缩得无法辨认",
     "{0}: lies more than {1} km (maps.outlier_km) from every park; the maps leave it out of their extent so the parks stay readable"},
    // Where a password was written: {0} the config file, {1} the input's name; or --out.
    {M::PasswordWhereInput, "password.where_input", "{0} 中 [inputs.{1}] 的 path", "[inputs.{1}] path in {0}"},
    {M::PasswordWhereOut, "password.where_out", "--out", "--out"},
    // {0} where (one place, or several joined).
    {M::PasswordInConfigOne, "password_in_config",
     "{0}: 连接字符串中写有数据库密码; landeff 从不显示或保存它(password=***), 但能读取该文件的人都能看到: "
     "请改存于 ~/.pgpass、~/.pg_service.conf 的 service= 条目或环境变量 PGPASSWORD",
     "{0} holds a database password in the connection string; landeff never shows or stores it (password=***), but anyone "
     "who can read the file can: keep it in ~/.pgpass, a service= entry of ~/.pg_service.conf, or the PGPASSWORD "
     "environment variable instead"},
    {M::PasswordInConfigMany, "password_in_config.many",
     "{0}: 连接字符串中写有数据库密码; landeff 从不显示或保存它(password=***), 但能读取该文件的人都能看到: "
     "请改存于 ~/.pgpass、~/.pg_service.conf 的 service= 条目或环境变量 PGPASSWORD",
     "{0} hold a database password in the connection string; landeff never shows or stores it (password=***), but anyone "
     "who can read the file can: keep it in ~/.pgpass, a service= entry of ~/.pg_service.conf, or the PGPASSWORD "
     "environment variable instead"},
    // Shapefile format limits: {0} the file (shp/parcels.dbf), {1} its fields or bytes, {2} the limit.
    {M::ShpTooManyFields, "shapefile_limit.fields", "{0} 将有 {1} 个字段, 超过 Shapefile 最多 {2} 个字段的限制",
     "{0} would have {1} fields, more than the {2} a shapefile holds"},
    {M::ShpTooLarge, "shapefile_limit.bytes", "{0} 将达 {1} 字节, 超过 Shapefile 的文件大小上限 {2} 字节",
     "{0} would be {1} bytes, more than the shapefile limit of {2} bytes"},
    // {0} one of the two above.
    {M::ShpNotWritten, "shapefile_limit", "{0}; 未写出 Shapefile(请使用 GeoPackage)", "{0}; the shapefiles were not written (use the GeoPackage)"},
    // enterprises.nulls of an ent_id that parcels name but the enterprises table has no row for: {0} the year.
    {M::EntNoRowNull, "nulls.no_ent_row", "无 {0} 年度企业数据行", "no enterprise row for {0}"},
    // Found by the audit (issue 16): the supply years of a development zone (parks.sup_why): {0} planned construction
    // land, {1} supplied, {2} land with proof of use, {3} mean annual supply, {4} supplied in the window, {5} its start,
    // {6} T, {7} its years (rules.md §9).
    {M::DzSupInputs, "devzone.sup_inputs", "(规划建设用地 {0} − 已供地 {1} − 有用地依据的土地 {2}) ÷ 年均供地 {3}({5} < 供地日期 ≤ {6} 供地 {4}, ÷ {7})",
     "(planned construction {0} − supplied {1} − proof of use {2}) ÷ mean annual supply {3} ({4} supplied {5} < date ≤ {6}, ÷ {7})"},
    {M::DzSupNoPlan, "devzone.sup_no_plan", "sup_yrs: 规划建设用地未知(无国土空间规划图层, 或园区无几何)",
     "sup_yrs: planned construction land unknown (no plan layer, or the park has no geometry)"},
    {M::DzSupNoSupply, "devzone.sup_no_supply", "sup_yrs: 截至评价日的 {0} 年内无供地: {1}", "sup_yrs: no land supplied in the {0} years ending at T: {1}"},
    // The quota suggestion (parks.quota_why): {0} the share of industrial land below the standards, {1} the checks,
    // {2} the table row's share, {3} its adjustment.
    {M::DzQuotaNoInd, "devzone.quota_no_ind", "园区内无已供工业用地", "no supplied industrial land inside"},
    {M::DzQuotaRow, "devzone.quota_row", "低于控制标准({1})的工业用地占 {0} ≥ {2} → {3}",
     "{0} of industrial land below the control standards ({1}) ≥ {2} → {3}"},
    {M::DzQuotaUnder, "devzone.quota_under", "低于控制标准的工业用地占 {0}, 低于调整表首行 {1}",
     "{0} of industrial land below the control standards, under the table's first row {1}"},
    // {0} where (file:line: key), {1} the date, {2} the year.
    {M::EvalDateOutsideYear, "config.eval_date_outside_year",
     "{0} = {1} 不在评价年度 {2} 内: 所有日期都按 {1} 判定。如确属有意, 请设置 allow_eval_date_outside_year = true; 否则请更正日期或年度",
     "{0} = {1} is outside the evaluation year {2}: every date is judged as at {1}. If that is meant, set "
     "allow_eval_date_outside_year = true; else fix the date or year"},
    // Two-pass partitions (issue 21)
    {M::FirstPassNoTable, "first_pass.no_table",
     "{0}: 没有第一遍的等级表; 先对每个分区运行 landeff run CONFIG --partition {1} --grades-only --out {2}",
     "{0}: no first-pass grades table; first run landeff run CONFIG --partition {1} --grades-only --out {2} for every partition"},
    {M::FirstPassBadTable, "first_pass.bad_table", "{0}: 不是 landeff 第一遍的等级表 ({1}); 请重跑第一遍",
     "{0}: not a landeff first-pass grades table ({1}); run the first pass again"},
    {M::FirstPassStale, "first_pass.stale",
     "{0}: 第一遍等级表由另一配置、另一输入或另一 landeff 版本生成 (指纹 {1}, 本次 {2}); 请重跑分区 {3} 的第一遍 (--grades-only)",
     "{0}: the first-pass grades table was made with another config, other inputs or another landeff version (fingerprint {1}, "
     "this run {2}); run the first pass of partition {3} again (--grades-only)"},
    {M::FirstPassMismatch, "first_pass.mismatch",
     "{0}: {1} 的 {2} 在第一遍为 {3}, 本遍算得 {4}: 等级表与本次运行不符; 请重跑第一遍 (--grades-only)",
     "{0}: {2} of {1} is {3} in the first pass and {4} in this one: the table does not fit this run; run the first pass "
     "again (--grades-only)"},
    {M::FirstPassNoGrade, "first_pass.no_grade",
     "{0}: 没有企业 {1} (排名总体 {2}) 的等级, 而本遍对它评分: 等级表已过期; 请重跑第一遍 (--grades-only)",
     "{0}: no grade for enterprise {1} (ranked population {2}), which this pass scores: the table is stale; run the first "
     "pass again (--grades-only)"},
    {M::FirstPassOptions, "first_pass.options", "{0} 需要 --partition K 和 --out DIR; --grades-only 与 --grades 不能同时使用",
     "{0} needs --partition K and --out DIR; --grades-only and --grades go apart"},
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

namespace {

// The wording of `m` with {k} replaced by args[k] (k < n).
std::string fill(Lang lang, Msg m, const std::string* args, size_t n) {
    const MessageText& t = message_text(m);
    const std::string_view w = lang == Lang::en ? t.en : t.zh;
    std::string out;
    out.reserve(w.size() + 32);
    for (size_t i = 0; i < w.size(); ++i) {
        if (w[i] == '{' && i + 2 < w.size() && w[i + 1] >= '0' && w[i + 1] <= '9' && w[i + 2] == '}') {
            const auto k = static_cast<size_t>(w[i + 1] - '0');
            if (k < n) out += args[k];
            i += 2;
            continue;
        }
        out += w[i];
    }
    return out;
}

}  // namespace

std::string say(Lang lang, Msg m, std::initializer_list<std::string> args) { return fill(lang, m, args.begin(), args.size()); }

std::string say(Lang lang, Msg m, const std::vector<std::string>& args) { return fill(lang, m, args.data(), args.size()); }

}  // namespace landeff
