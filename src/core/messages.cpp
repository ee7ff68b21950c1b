#include "landeff/messages.hpp"

#include <array>
#include <atomic>
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
    // Errors that end a run (ConfigError / RunError, error.hpp), issue 16 follow-up: printed after "landeff: 错误：" / "landeff: error: ".
    // Shared pieces: a did-you-mean hint, a detail after a colon, "or".
    {M::EDidYouMean, "error.did_you_mean", "；是否应为 \"{0}\"？",
     "; did you mean \"{0}\"?"},
    {M::EDetail, "error.detail", "：{0}",
     ": {0}"},
    {M::EOr, "error.or", "{0} 或 ",
     "{0} or "},
    // main.cpp: the command line, the catch-all messages and Ctrl-C.
    {M::EUnknownCommand, "error.unknown_command", "未知命令 \"{0}\"{1}\n可用命令：{2}（landeff --help）",
     "unknown command \"{0}\"{1}\nCommands: {2} (landeff --help)"},
    {M::EUsage, "error.usage", "命令行参数有误：{0}\n加 --help 查看用法。",
     "{0}\nRun with --help for more information."},
    {M::EOutOfMemory, "error.out_of_memory", "内存不足；请减少 --jobs，或按县拆分数据分别运行",
     "out of memory; run with fewer --jobs or split the data by county"},
    {M::EInternal, "error.internal", "landeff: 内部错误：{0}\n请将所用命令和数据一并报告给开发者。",
     "landeff: internal error: {0}\nPlease report this with the command and data that caused it."},
    {M::EInterrupted, "error.interrupted", "已中断：运行被停止，未写出任何输出",
     "interrupted: the run was stopped, no output was written"},
    // The config file (src/core/config.cpp): {0} where = ECfgAt.
    {M::ECfgAt, "config.at", "配置文件 {0} 第 {1} 行",
     "{0}:{1}"},
    {M::ECfgUnknownKey, "config.unknown_key", "{0}：未知设置项 \"{1}\"{2}",
     "{0}: unknown key \"{1}\"{2}"},
    {M::ECfgValidKeys, "config.valid_keys", "；此处可用的设置项：{0}",
     "; valid keys here: {0}"},
    {M::ECfgNotText, "config.not_text", "{0}：{1} 应为加引号的文本，例如 {1} = \"…\"",
     "{0}: {1} must be a text value in quotes, e.g. {1} = \"…\""},
    {M::ECfgNotFinite, "config.not_finite", "{0}：{1} = {2} 不是有限数值；请填写数值，例如 {3}",
     "{0}: {1} = {2} is not a finite number; write a number such as {3}"},
    {M::ECfgOutOfRange, "config.out_of_range", "{0}：{1} = {2} 超出取值范围 [{3}, {4}]",
     "{0}: {1} = {2} is out of range [{3}, {4}]"},
    {M::ECfgNotInteger, "config.not_integer", "{0}：{1} 应为整数",
     "{0}: {1} must be a whole number"},
    {M::ECfgNotNumber, "config.not_number", "{0}：{1} 应为数值",
     "{0}: {1} must be a number"},
    {M::ECfgNotBool, "config.not_bool", "{0}：{1} 应为 true 或 false",
     "{0}: {1} must be true or false"},
    {M::ECfgNotDate, "config.not_date", "{0}：{1} = {2} 不是日期；请按 YYYY-MM-DD 填写",
     "{0}: {1} = {2} is not a date; write YYYY-MM-DD"},
    {M::ECfgNotChoice, "config.not_choice", "{0}：{1} = {2} 不是可选值之一（{3}）{4}",
     "{0}: {1} = {2} is not one of: {3}{4}"},
    {M::ECfgInputNotTable, "config.input_not_table", "{0}：inputs.{1} 应为表：[inputs.{1}] path = \"…\"",
     "{0}: inputs.{1} must be a table: [inputs.{1}] path = \"…\""},
    {M::ECfgInputNoPath, "config.input_no_path", "{0}：[inputs.{1}] 缺少 path = \"…\"（文件路径，或 PG: 连接字符串）",
     "{0}: [inputs.{1}] needs path = \"…\" (a file, or a PG: connection string)"},
    {M::ECfgFieldsNotTable, "config.fields_not_table", "{0}：fields.{1} 应为“规范字段名 = \"源字段名\"”形式的表",
     "{0}: fields.{1} must be a table of canonical = \"source field\""},
    {M::ECfgNotToml, "config.not_toml", "配置文件 {0} 第 {1} 行第 {2} 列：不是有效的 TOML：{3}",
     "{0}:{1}:{2}: not valid TOML: {3}"},
    {M::ECfgYearsNotTables, "config.years_not_tables", "{0}：years 应为表：[years.2023] …",
     "{0}: years must be tables: [years.2023] …"},
    {M::ECfgYearKey, "config.year_key", "{0}：[years.{1}]：键应为年份，例如 2023",
     "{0}: [years.{1}]: the key must be a year such as 2023"},
    {M::ECfgYearNotTable, "config.year_not_table", "{0}：years.{1} 应为表",
     "{0}: years.{1} must be a table"},
    {M::ECfgYearEvalDate, "config.year_eval_date", "{0}：years.{1}.eval_date = {2} 不是日期",
     "{0}: years.{1}.eval_date = {2} is not a date"},
    {M::ECfgSectionNotTable, "config.section_not_table", "{0}：{1} 应为表",
     "{0}: {1} must be a table"},
    {M::ECfgNoYear, "config.no_year", "配置文件 {0}：缺少评价年度：请添加 year = 2024（或使用 --year）",
     "{0}: the evaluation year is missing: add year = 2024 (or pass --year)"},
    {M::ECfgYearRange, "config.year_range", "配置文件 {0}：--year {1} 超出范围 [1900, 2200]",
     "{0}: --year {1} is out of range [1900, 2200]"},
    {M::ECfgInputMissing, "config.input_missing", "配置文件 {0}：缺少 {1} 输入：请添加 [inputs.{1}] path = \"…\"",
     "{0}: the {1} input is missing: add [inputs.{1}] path = \"…\""},
    {M::ECfgNotFound, "config.not_found", "找不到配置文件 {0}；`landeff synth --parcels 300 --out DIR` 可生成一个示例",
     "{0}: config file not found; `landeff synth --parcels 300 --out DIR` writes an example"},
    {M::ECfgUnreadable, "config.unreadable", "无法读取配置文件 {0}（权限不足？）",
     "{0}: cannot read the config file (permissions?)"},
    // Checks of a parsed config (src/core/validate.cpp): {0} where = ECfgAtKey or ECfgAtDefault.
    {M::ECfgAtKey, "config.at_key", "配置文件 {0} 第 {1} 行：{2}",
     "{0}:{1}: {2}"},
    {M::ECfgAtDefault, "config.at_default", "配置文件 {0}：{1}（默认值）",
     "{0}: {1} (the default)"},
    {M::ECfgListEmptyItem, "config.list_empty_item", "有空项（两个 | 相连，或 | 在开头或末尾）",
     "an empty item (two | in a row, or one at an end)"},
    {M::ECfgListUnknownItem, "config.list_unknown_item", "{0} 不是已知名称",
     "{0} is not a known name"},
    {M::ECfgListBad, "config.list_bad", "{0} = {1}：{2}{3}。可用名称：{4}（以 | 分隔，不加空格）",
     "{0} = {1}: {2}{3} Known: {4} (write them separated by |, without spaces)"},
    {M::ECfgNumbersItem, "config.numbers_item", "{0} = {1}：{2} 不是 ≥ 0 的数；请填写 {3} 个以 | 分隔的数，例如 \"{4}\"",
     "{0} = {1}: {2} is not a number ≥ 0; write {3} numbers separated by |, e.g. \"{4}\""},
    {M::ECfgNumbersCount, "config.numbers_count", "{0} = {1}：需要 {2} 个以 | 分隔的数，例如 \"{3}\"；现有 {4} 个",
     "{0} = {1}: needs {2} numbers separated by |, e.g. \"{3}\"; it has {4}"},
    {M::ECfgBandsSum, "config.bands_sum", "{0} = {1}：A、B、C、D 四档占比合计 {2} %，不是 100 %",
     "{0} = {1}: the shares of A, B, C and D add up to {2} %, not 100 %"},
    {M::ECfgScoreModeNeeds, "config.score_mode_needs", "{0} = \"score\" 需要 grading.score_bands（A|B|C 各档的最低得分），例如在 [grading] 下写 score_bands = \"120|90|60\"",
     "{0} = \"score\" needs grading.score_bands, the minimum score of A|B|C, e.g. score_bands = \"120|90|60\" under [grading]"},
    {M::ECfgScoreBandsOrder, "config.score_bands_order", "{0} = {1}：各档最低得分应从 A 到 C 递减（A ≥ B ≥ C），例如 \"120|90|60\"",
     "{0} = {1}: the minimum scores must go down from A to C (A ≥ B ≥ C), e.g. \"120|90|60\""},
    {M::ECfgWeightsZero, "config.weights_zero", "{0}：{1}的各项权重均为 0（{2}），得分无法确定{3}。{4}",
     "{0}: every weight of {1} is 0 ({2}), so its score is undefined{3}. {4}"},
    {M::ECfgWeightsSetIn, "config.weights_set_in", "；文件中设置的：{0}",
     "; set in the file: {0}"},
    {M::ECfgWeightLine, "config.weight_line", "{0}（第 {1} 行）",
     "{0} (line {1})"},
    {M::ECfgWeightsFixParent, "config.weights_fix_parent", "请至少为其中一项设置大于 0 的权重，或设 {0} = 0 以不计该组",
     "Give one of them a weight > 0, or set {0} = 0 to leave the group out"},
    {M::ECfgWeightsFix, "config.weights_fix", "请至少为其中一项设置大于 0 的权重",
     "Give at least one of them a weight > 0"},
    {M::ECfgDivZero, "config.div_zero", "{0} = {1} 使 {2} 除以零；应大于 0",
     "{0} = {1} divides by zero in {2}; it must be greater than 0"},
    {M::ECfgIdleOne, "config.idle_one", "{0} = {1} 使 {2} 除以零；应小于 1（理想闲置率，例如 0 或 0.05）",
     "{0} = {1} divides by zero in {2}; it must be below 1 (the ideal idle rate, e.g. 0 or 0.05)"},
    {M::ECfgIdleNegative, "config.idle_negative", "{0} = {1} 使 {2} 的每个得分为负；应小于 1（理想闲置率，例如 0 或 0.05）",
     "{0} = {1} turns every score negative in {2}; it must be below 1 (the ideal idle rate, e.g. 0 or 0.05)"},
    {M::ECfgPartitionFiner, "config.partition_finer", "{0} = {1} 比 {2} = {3} 更细：每个分区只能对排名总体的一部分排名，会改变其等级。请设 grading.population = {1}（按地方排名），或 partition.by = {4}\"none\"",
     "{0} = {1} is finer than {2} = {3}: each partition would rank only part of a population and change its grades. Set grading.population = {1} (the local lists), or partition.by = {4}\"none\""},
    {M::ECfgCityChars, "config.city_chars", "{0} = {1} 长于 partition.county_chars = {2}：县级代码以市级代码开头，市级代码不能更长",
     "{0} = {1} is longer than partition.county_chars = {2}: a county's code starts with its city's code, so the city code cannot be the longer one"},
    {M::ECfgItemCapZero, "config.item_cap_zero", "{0} = 0 使每项得分封顶为 0，所有得分都为 0；应大于 0（预设值为 2）",
     "{0} = 0 caps every item at 0 points, so every score is 0; it must be greater than 0 (the preset's is 2)"},
    {M::ECfgTaxLowFixed, "config.tax_low_fixed", "{0} = \"fixed\" 需要基准值：请在 [states] 下设置 states.tax_low_fixed（万元/亩）",
     "{0} = \"fixed\" needs the benchmark: set states.tax_low_fixed (万元/亩) under [states]"},
    {M::ECrsGeographic, "crs.geographic", "{0} = \"{1}\" 是地理坐标系（单位为度）；面积计算需要投影坐标系：请使用 crs = \"auto\" 或高斯-克吕格投影，例如 \"EPSG:4549\"（CGCS2000，中央经线 120°E）",
     "{0} = \"{1}\" is a geographic CRS (degrees); areas need a projected one: use crs = \"auto\" or a Gauss-Krüger CRS such as \"EPSG:4549\" (CGCS2000, CM 120E)"},
    // Settings read by the stages (src/core/params.cpp), industry scopes (src/read/industry.cpp).
    {M::ESettingRange, "setting.range", "设置项 {0} = {1} 超出取值范围 [{2}, {3}]",
     "setting {0} = {1} is outside its range [{2}, {3}]"},
    {M::ESettingChoice, "setting.choice", "设置项 {0} = \"{1}\" 不是可选值之一（{2}）{3}",
     "setting {0} = \"{1}\" is not one of {2}{3}"},
    {M::ESettingValue, "setting.value", "设置项 {0} = \"{1}\"：{2}",
     "setting {0} = \"{1}\": {2}"},
    {M::EScopeEntry, "scope.entry", "{0} = {1}：{2} 不是 GB/T 4754 门类字母（\"C\"）、两位数大类代码（\"34\"）或范围（\"13-43\"）",
     "{0} = {1}: {2} is not a GB/T 4754 section letter (\"C\"), a two-digit division (\"34\") or a range (\"13-43\")"},
    {M::EScopeEmpty, "scope.empty", "{0} = {1}：未列出任何行业（例如写 \"C\" 或 \"13-43\"）",
     "{0} = {1}: lists no industry (write e.g. \"C\" or \"13-43\")"},
    // The working CRS (src/normalize/crs.cpp).
    {M::ECrsUnknown, "crs.unknown", "{0} = \"{1}\" 不是 PROJ 能识别的坐标系；请写作 \"EPSG:4549\" 或 WKT/PROJ 字符串",
     "{0} = \"{1}\" is not a CRS PROJ knows; write it as \"EPSG:4549\" or a WKT/PROJ string"},
    {M::ECrsNoScale, "crs.no_scale", "{0} = \"{1}\"（{2}）：PROJ 无法计算数据中心（{3}）处的比例因子，面积误差未知；请使用 crs = \"{4}\" 或 \"auto\"",
     "{0} = \"{1}\" ({2}): PROJ cannot compute its scale factors at the data's centre ({3}), so its area error is unknown; use crs = \"{4}\" or \"auto\""},
    {M::ECrsNotEqualArea, "crs.not_equal_area", "{0} = \"{1}\"（{2}）在此处不能保证面积精度：数据中心 {3} 处面积变形 {4} %（面积比例因子 {5}；crs_max_area_error = {6} %）；请使用 crs = \"{7}\"（数据所在的 CGCS2000 3° 高斯-克吕格投影带，\"auto\" 会自动选择），或 area_mode = \"ellipsoidal\"",
     "{0} = \"{1}\" ({2}) is not equal-area-safe here: it distorts areas at the data's centre {3} by {4} % (areal scale factor {5}; crs_max_area_error = {6} %); use crs = \"{7}\" (the CGCS2000 3° Gauss-Krüger zone of the data; \"auto\" picks it), or area_mode = \"ellipsoidal\""},
    // Memory (src/core/progress.cpp).
    {M::EMaxMemory, "memory.exceeded", "本次运行使用了 {0} 内存，超过 --max-memory {1}；运行已停止，未写出任何输出：请提高 --max-memory，或拆分数据（例如按县，即宗地代码的前六位）分别运行",
     "the run used {0} of memory, more than --max-memory {1}; it was stopped and no output was written: raise --max-memory, or split the data (e.g. by county, the first six characters of 宗地代码) and run each part"},
    {M::EMemoryEmpty, "memory.empty", "--max-memory：大小为空",
     "--max-memory: empty size"},
    {M::EMemoryUnit, "memory.unit", "--max-memory {0}：请写作 12G、512M 或 80% 这样的大小",
     "--max-memory {0}: write a size such as 12G, 512M or 80%"},
    {M::EMemoryNotPositive, "memory.not_positive", "--max-memory {0}：大小须为正数",
     "--max-memory {0}: the size must be positive"},
    // Reading inputs (src/read/source.cpp): {0} the input's label (file and layer).
    {M::EInputRef, "read.input_ref", "[inputs.{0}]（第 {1} 行）",
     "[inputs.{0}] (line {1})"},
    {M::EDbfShort, "read.dbf_short", "{0}：.dbf 文件比其文件头还短：Shapefile 已损坏；请重新导出",
     "{0}: the .dbf is shorter than its header: the shapefile is damaged; export it again"},
    {M::EDbfShx, "read.dbf_shx", "{0}：.dbf 记录数为 {1}，而 .shx 索引了 {2} 个图形；Shapefile 已损坏（传输中被截断，或被手工编辑）：请从源系统重新导出",
     "{0}: the .dbf says {1} records but the .shx indexes {2} shapes; the shapefile is damaged (cut in transfer, or edited by hand): export it again from the source system"},
    {M::ENoLayerNamed, "read.no_layer_named", "{0}：没有名为 \"{1}\" 的图层（{2} layer = …）；现有图层：{3}{4}",
     "{0}: no layer named \"{1}\" ({2} layer = …); it has: {3}{4}"},
    {M::ENoLayers, "read.no_layers", "无",
     "no layers"},
    {M::ENoVectorLayer, "read.no_vector_layer", "{0}：数据源中没有矢量图层；请检查 {1} 的 path 是否指向 {2} 数据",
     "{0}: the source has no vector layer; check that {1} path points to the {2} data"},
    {M::EManyLayers, "read.many_layers", "{0} 有 {1} 个图层；请在 {3} 中用 layer = \"…\" 指明哪个是 {2}：{4}",
     "{0} has {1} layers; say which one holds the {2} with layer = \"…\" in {3}: {4}"},
    {M::EFileNotFound, "read.file_not_found", "{0}：找不到文件：{1}（{2} path = \"{3}\"，相对于配置文件所在目录）；请检查路径",
     "{0}: file not found: {1} ({2} path = \"{3}\", relative to the config file); check the path"},
    {M::EDbConnect, "read.db_connect", "{0}：无法连接数据库：{1}；请检查 host、port、dbname 和 user（密码应放在 ~/.pgpass、service= 条目或环境变量 PGPASSWORD 中）",
     "{0}: cannot connect to the database: {1}; check host, port, dbname and user (a password belongs in ~/.pgpass, a service= entry or PGPASSWORD)"},
    {M::ENoReason, "read.no_reason", "未给出原因",
     "no reason given"},
    {M::ECannotOpen, "read.cannot_open", "{0}：无法作为矢量数据打开{1}；请检查文件是否完整，格式是否为 GDAL 可读的格式（Shapefile、GeoPackage、GeoJSON、FileGDB、CSV、XLSX、DXF、PG:…）",
     "{0}: cannot open as vector data{1}; check that the file is complete and in a format GDAL reads (Shapefile, GeoPackage, GeoJSON, FileGDB, CSV, XLSX, DXF, PG:…)"},
    {M::EOpenEncoding, "read.open_encoding", "{0}：无法按编码 {1} 打开：{2}",
     "{0}: cannot open with encoding {1}: {2}"},
    {M::EFieldNotFound, "read.field_not_found", "{0}：[fields.{1}] {2} = \"{3}\" 不是该图层的字段；现有字段：{4}{5}",
     "{0}: [fields.{1}] {2} = \"{3}\" names no field of this layer; its fields are: {4}{5}"},
    {M::ENoGeometry, "read.no_geometry", "{0}：没有几何，而 {1} 图层需要多边形；CSV 请在 {2} 中给出 wkt_field = \"…\"",
     "{0}: has no geometry, but the {1} layer needs polygons; for a CSV give wkt_field = \"…\" in {2}"},
    {M::ENoCrs, "read.no_crs", "{0}：没有坐标系（缺少 .prj 的 Shapefile？）；请在 {1} 中用 crs_in = \"EPSG:4549\"（示例）指明",
     "{0}: has no coordinate reference system (a shapefile without .prj?); say which it is with crs_in = \"EPSG:4549\" (for example) in {1}"},
    {M::ENoTransform, "read.no_transform", "{0}：无法从 {1} 转换到工作坐标系 {2}：{3}",
     "{0}: cannot transform from {1} to the working CRS {2}: {3}"},
    {M::EReadErrors, "read.read_errors", "{0}：GDAL 报告 {1} 个读取错误，第一个在第 {2} 个要素{3}：{4}；文件已损坏（被截断或传输中断）或超出 GDAL 的限制：请从源系统重新导出",
     "{0}: {1} read errors from GDAL, the first at feature {2}{3}: {4}; the file is damaged (truncated, cut in transfer) or beyond GDAL's limits: export it again from the source system"},
    {M::EOfTotal, "read.of_total", "（共 {0} 个）",
     " of {0}"},
    {M::EFeatureGone, "read.feature_gone", "{0}：要素 fid {1} 已不存在；读取期间文件是否被修改？",
     "{0}: feature fid {1} is no longer there; was the file changed while landeff read it?"},
    {M::EPartNeedsField, "read.part_needs_field", "{0}：分区运行需要字段 {1}，该图层没有",
     "{0}: a partitioned run needs the field {1}, which this layer lacks"},
    {M::EPartTransform, "read.part_transform", "无法将分区的矩形范围转换回源坐标系",
     "cannot transform a partition's rectangle back to the source CRS"},
    {M::EBadWhere, "read.bad_where", "{0}：{2} 中的 where = {1} 不是有效的 OGR SQL 过滤条件：{3}",
     "{0}: where = {1} in {2} is not a valid OGR SQL filter: {3}"},
    {M::ENoParcelId, "read.no_parcel_id", "{0}：没有 parcel_id 字段（宗地代码）：分区按宗地代码的开头划分；请用 [fields.parcels] parcel_id = \"…\" 映射",
     "{0}: no parcel_id field (宗地代码): a partition is the start of the parcel id; map it with [fields.parcels] parcel_id = \"…\""},
    // Command-line checks (src/cli/*).
    {M::ECliListAndPartition, "cli.list_and_partition", "--list-partitions 与 --partition 不能同时使用",
     "--list-partitions and --partition go apart"},
    {M::ECliDaskOnly, "cli.dask_only", "--scheduler 和 --workers 只能与 --engine dask 一起使用",
     "--scheduler and --workers go with --engine dask"},
    {M::ECliProvinceFrom, "cli.province_from", "synth：--province 生成第一年的数据，不能与 --from 同时使用",
     "synth: --province makes a first year; it does not combine with --from"},
    {M::ECliSynthNeeds, "cli.synth_needs", "synth：请给出 --parcels N（或用 --from DIR 生成下一年）",
     "synth: give --parcels N (or --from DIR for the next year)"},
    {M::ECliOutEmpty, "cli.out_empty", "--out 为空（变量未设置？）：请给出输出目录，或不写 --out（{0}）",
     "--out is empty (an unset variable?): give the output directory, or leave --out out {0}"},
    {M::ECliWithoutOutRun, "cli.without_out_run", "不写则输出到配置文件旁的 landeff_out_<year>",
     "for landeff_out_<year> next to the config"},
    {M::ECliWithoutOutInspect, "cli.without_out_inspect", "不写则只打印检查结果",
     "to print the findings only"},
    {M::EMapRunJson, "cli.map_run_json", "map：{0} 已损坏：config.settings.{1} 不是{2}",
     "map: {0} is damaged: config.settings.{1} is not {2}"},
    {M::EKindInteger, "kind.integer", "整数",
     "a whole number"},
    {M::EKindNumber, "kind.number", "数值",
     "a number"},
    {M::EKindText, "kind.text", "文本",
     "text"},
    // Progress lines on a terminal (src/core/progress.cpp and its callers), in ui_lang().
    {M::PReading, "progress.reading", "读取 {0}",
     "Reading {0}"},
    {M::POverlay, "progress.overlay", "宗地与园区叠加",
     "Overlaying parcels with parks"},
    {M::PXlsx, "progress.xlsx", "写出 report.xlsx {0}",
     "Writing report.xlsx {0}"},
    {M::PConfirmPdf, "progress.confirm_pdf", "写出 confirm.pdf",
     "Writing confirm.pdf"},
    {M::PAtlas, "progress.atlas", "绘制图集",
     "Rendering the atlas"},
    {M::PMaps, "progress.maps", "绘制地图",
     "Rendering maps"},
    {M::PSynth, "progress.synth", "写出模拟宗地",
     "Writing synthetic parcels"},
    {M::PGpkg, "progress.gpkg", "写出 landeff.gpkg {0}",
     "Writing landeff.gpkg {0}"},
    {M::PPostgis, "progress.postgis", "写出 PostGIS {0}",
     "Writing PostGIS {0}"},
    // --help (src/cli/*): the language of `--lang` on the command line, else Chinese.
    {M::HApp, "help.app", "landeff {0} — 园区、宗地和企业的土地利用效益评价\n（亩均效益，批而未供/供而未用/低效用地，闲置土地，开发区集约利用评价）",
     "landeff {0} — land-use efficiency analysis for parks, parcels and enterprises\n(亩均效益, 批而未供/供而未用/低效用地, 闲置土地, 开发区集约利用评价)"},
    {M::HFooter, "help.footer", "退出码：0 成功（数据质量问题不算失败），1 运行失败，2 用法或配置错误。\n配置项说明及各输出的读法见 README.md。加 --lang en 显示英文帮助。",
     "Exit codes: 0 success (data findings are not failures), 1 the run failed, 2 usage or configuration error.\nSee README.md for the configuration reference and how to read each output."},
    {M::HCmdRun, "help.cmd.run", "分析配置的城市或地区，写出全部输出",
     "Analyse a configured city or region and write every output"},
    {M::HCmdInspect, "help.cmd.inspect", "只做数据质量检查（不分析）：问题打印在终端上，给出 --out 时也写入该目录",
     "Data-quality report only (no analysis): findings on stderr, and in --out if given"},
    {M::HCmdSynth, "help.cmd.synth", "生成模拟城市：DIR/landeff.toml 可直接运行",
     "Generate a synthetic city: DIR/landeff.toml ready to run"},
    {M::HCmdMap, "help.cmd.map", "重新绘制输出目录中的专题图（不分析）",
     "Re-render the layout maps of an output directory (no analysis)"},
    {M::HCmdCompare, "help.cmd.compare", "比较两次运行（任意两个年度）的变化：宗地、企业、园区、批准用地",
     "What changed between two runs (any two years): parcels, enterprises, parks, approvals"},
    {M::HCmdMerge, "help.cmd.merge", "把分区运行（run --partition K）的各目录合并为与整体运行相同的一个输出",
     "Merge the folders of a partitioned run (run --partition K) into one output equal to the single run"},
    {M::HCmdConfig, "help.cmd.config", "列出全部设置项及其默认值、单位和依据",
     "Print every setting with its default, unit and source"},
    {M::HConfig, "help.config", "配置文件（TOML）",
     "Configuration file (TOML)"},
    {M::HYear, "help.year", "评价年度（覆盖配置中的 year）",
     "Evaluation year (overrides `year` in the config)"},
    {M::HOverwrite, "help.overwrite", "替换已有的输出目录",
     "Replace an existing output directory"},
    {M::HLang, "help.lang", "说明文字、摘要、错误信息和进度的语言：zh（默认）或 en（覆盖 output.lang）",
     "Language of the explanations, the summary, errors and progress: zh (default) or en (overrides output.lang)"},
    {M::HQuietRun, "help.quiet_run", "终端上不显示进度和摘要（警告和错误照常显示）",
     "No progress and no summary on stderr (warnings and errors are still said)"},
    {M::HJobs, "help.jobs", "工作线程数（默认：全部核心）",
     "Worker threads (default: all cores)"},
    {M::HMaxMemory, "help.max_memory", "运行所需内存超过此值时干净地停止（例如 12G、512M、80%；默认为物理内存的 80%）",
     "Stop cleanly when the run needs more memory than this (e.g. 12G, 512M, 80%; default 80% of physical memory)"},
    {M::HOutRun, "help.out_run", "输出目录（默认：配置文件旁的 landeff_out_<year>），或 PostGIS 连接 \"PG:dbname=… host=…\"（配合 --schema）",
     "Output directory (default: landeff_out_<year> next to the config), or a PostGIS connection \"PG:dbname=… host=…\" with --schema"},
    {M::HOutInspect, "help.out_inspect", "把检查结果（landeff.gpkg 的 findings 图层、run.json）写到此目录",
     "Write the findings (landeff.gpkg layer findings, run.json) here"},
    {M::HSchema, "help.schema", "配合 --out PG:…：写入表的模式（schema，不存在时创建）",
     "With --out PG:…: the schema to write the tables into (created if missing)"},
    {M::HFormats, "help.formats", "以逗号分隔：gpkg,geojson,shp,xlsx,html,maps,docs（默认：全部）",
     "Comma-separated: gpkg,geojson,shp,xlsx,html,maps,docs (default: all)"},
    {M::HListPartitions, "help.list_partitions", "列出宗地图层的分区代码（partition.by），每行一个，排序后停止",
     "Print the partition codes of the parcels layer (partition.by), one a line, sorted, and stop"},
    {M::HPartition, "help.partition", "只运行一个分区（--list-partitions 列出的代码）：其输出只含该分区所属的行（rules.md §10）",
     "Run one partition (a code of --list-partitions): its output holds only the rows it owns (rules.md §10)"},
    {M::HEngine, "help.engine", "local（默认）或 dask：每个分区（partition.by）一个 Dask 任务，然后合并（scripts/landeff-dask；需要 python3-distributed，见 scripts/install-deps --dask）",
     "local (default) or dask: one Dask task per partition (partition.by), then the merge (scripts/landeff-dask; needs python3-distributed, scripts/install-deps --dask)"},
    {M::HScheduler, "help.scheduler", "配合 --engine dask：已运行的 Dask 调度器，例如 tcp://host:8786（默认：本机集群）",
     "With --engine dask: a running Dask scheduler, e.g. tcp://host:8786 (default: a local cluster)"},
    {M::HWorkers, "help.workers", "配合 --engine dask 且未给 --scheduler：工作进程数（默认：核心数）",
     "With --engine dask and no --scheduler: worker processes (default: the cores)"},
    {M::HQuiet, "help.quiet", "成功时终端上不输出任何内容",
     "Nothing on stderr on success"},
    {M::HComparePrev, "help.compare.prev", "较早一次运行的输出目录",
     "Output directory of the earlier run"},
    {M::HCompareCur, "help.compare.cur", "较晚一次运行的输出目录",
     "Output directory of the later run"},
    {M::HCompareOut, "help.compare.out", "changes.gpkg、changes.xlsx 和 run.json 的写出位置",
     "Where to write changes.gpkg, changes.xlsx and run.json"},
    {M::HCompareLang, "help.compare.lang", "摘要和 park_changes.targets 的语言：zh 或 en（默认：较晚一次运行的 output.lang，否则 zh）",
     "Language of the summary and of park_changes.targets: zh or en (default: the later run's output.lang, else zh)"},
    {M::HDefaults, "help.config.defaults", "以带注释的 TOML 文件列出默认值",
     "Print the defaults as a commented TOML file"},
    {M::HMarkdown, "help.config.markdown", "以 Markdown 表格列出说明（用于 README）",
     "Print the reference as a Markdown table (for the README)"},
    {M::HMapDir, "help.map.dir", "`landeff run` 的输出目录（含 landeff.gpkg）",
     "An output directory of `landeff run` (with landeff.gpkg)"},
    {M::HMapLang, "help.map.lang", "地图标题、图例和页脚的语言：zh 或 en（默认：该次运行的 output.lang）",
     "Language of the maps' titles, legends and footer: zh or en (default: the run's output.lang)"},
    {M::HMergeConfig, "help.merge.config", "各分区运行所用的配置文件",
     "The configuration every partition ran with"},
    {M::HMergeParts, "help.merge.parts", "各分区的输出目录，run --list-partitions 的每个代码一个",
     "The partitions' output folders, one per code of run --list-partitions"},
    {M::HMergeOut, "help.merge.out", "合并后的输出目录（landeff.gpkg、run.json）",
     "The merged output folder (landeff.gpkg, run.json)"},
    {M::HMergeLang, "help.merge.lang", "zh|en：各分区运行时的 output.lang（run --lang）",
     "zh|en: the output.lang the partitions ran with (run --lang)"},
    {M::HSynthParcels, "help.synth.parcels", "宗地数量",
     "Number of parcels"},
    {M::HSynthFrom, "help.synth.from", "在此目录中生成该模拟城市的下一年数据",
     "Make the next year of the synthetic city in this directory"},
    {M::HSynthSeed, "help.synth.seed", "随机数种子（种子相同，城市相同）",
     "Random seed (same seed, same city)"},
    {M::HSynthYear, "help.synth.year", "日期所围绕的评价年度（配合 --from：默认下一年）",
     "Evaluation year the dates are built around (with --from: default the next year)"},
    {M::HSynthOut, "help.synth.out", "输出目录",
     "Output directory"},
    {M::HSynthHostile, "help.synth.hostile", "与真实数据一样“难”的基准测试城市：园区大小不一，约 10 % 的宗地跨园区边界，批准用地成片且在角上相互重叠",
     "A benchmark city as hostile as real data: uneven park sizes, ~10 % of parcels straddling a park boundary, approvals in blocks of parcels overlapping at their corners"},
    {M::HSynthProvince, "help.synth.province", "由若干县组成的省（每市两县），县代码为宗地代码的开头，按县分区",
     "A province of counties (two per city) whose codes start the 宗地代码, partitioned by county"},
    {M::HSynthCounties, "help.synth.counties", "配合 --province：县的数量（默认 4）",
     "With --province: how many counties (default 4)"},
    {M::HSynthParks, "help.synth.parks", "园区数量（默认：每 80 宗地一个，6 至 50 000 个）；最多为 --parcels 的四分之一",
     "Number of parks (default: one per 80 parcels, 6 to 50 000); at most a quarter of --parcels"},
    {M::HSynthQuiet, "help.synth.quiet", "终端上不显示进度",
     "No progress on stderr"},
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

Text tr(Msg m, std::initializer_list<Arg> args) {
    std::vector<std::string> zh, en;
    zh.reserve(args.size());
    en.reserve(args.size());
    for (const Arg& a : args) {
        zh.push_back(a.zh);
        en.push_back(a.en);
    }
    return Text{fill(Lang::zh, m, zh.data(), zh.size()), fill(Lang::en, m, en.data(), en.size())};
}

Text operator+(const std::string& lead, const Text& t) { return Text{lead + t.zh, lead + t.en}; }
Text operator+(const Text& t, const std::string& tail) { return Text{t.zh + tail, t.en + tail}; }
Text operator+(const Text& a, const Text& b) { return Text{a.zh + b.zh, a.en + b.en}; }

namespace {
std::atomic<int> g_ui_lang{static_cast<int>(Lang::zh)};
std::atomic<bool> g_ui_lang_fixed{false};
}  // namespace

Lang ui_lang() { return static_cast<Lang>(g_ui_lang.load()); }

void set_ui_lang(Lang lang, bool from_command_line) {
    if (from_command_line) g_ui_lang_fixed.store(true);
    else if (g_ui_lang_fixed.load()) return;
    g_ui_lang.store(static_cast<int>(lang));
}

std::string say(Lang lang, Msg m, std::initializer_list<std::string> args) { return fill(lang, m, args.begin(), args.size()); }

std::string say(Lang lang, Msg m, const std::vector<std::string>& args) { return fill(lang, m, args.data(), args.size()); }

}  // namespace landeff
