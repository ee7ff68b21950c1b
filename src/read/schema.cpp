#include "landeff/schema.hpp"

#include <cmath>
#include <cstring>
#include <optional>
#include <stdexcept>

#include <limits>

#include "landeff/text.hpp"

namespace landeff {
namespace {

using K = FieldKind;

// Aliases: Chinese names seen in land records, pinyin initials (ZDDM = 宗地代码), English.
constexpr FieldSpec kParkFields[] = {
    {"park_id", K::Text, "园区代码", "园区代码|开发区代码|园区编号|开发区编号|代码|编号|YQDM|KFQDM|YQBH|KFQBH|id|code|zone_id|BM", ""},
    {"name", K::Text, "园区名称", "园区名称|开发区名称|平台名称|名称|YQMC|KFQMC|MC|park_name|zone_name", ""},
    {"level", K::Text, "级别", "级别|园区级别|开发区级别|批准级别|等级|JB|PZJB|grade_level", ""},
    {"industry", K::Text, "主导产业", "主导产业|主导产业代码|产业|ZDCY|industries|leading_industry", ""},
    {"platform", K::Text, "所属平台", "所属平台|平台|上级开发区|PT|SSPT|parent|parent_zone", ""},
};

constexpr FieldSpec kParcelFields[] = {
    {"parcel_id", K::Text, "宗地代码", "宗地代码|宗地编号|地块编号|地块代码|不动产单元号|ZDDM|ZDBH|DKBH|DKDM|BDCDYH|parcel|parcel_no", ""},
    {"ent_id", K::Text, "企业代码", "企业代码|企业编号|统一社会信用代码|信用代码|土地使用权人代码|QYDM|QYBH|TYSHXYDM|XYDM|enterprise_id|company_id|USCC", ""},
    {"land_use", K::Text, "土地用途", "土地用途|用途|用地类型|用地分类|地类编码|规划用途|TDYT|YT|YDLX|DLBM|GHYT|landuse|land_use_code", ""},
    {"ind_code", K::Text, "行业代码", "行业代码|国民经济行业代码|行业分类代码|所属行业|HYDM|GMJJHYDM|industry_code|nace", ""},
    {"gov_cause", K::Text, "政府原因", "政府原因|闲置原因|延期原因|政府或不可抗力原因|ZFYY|XZYY|YQYY|gov_reason", ""},
    {"area_reg", K::Number, "宗地面积", "宗地面积|登记面积|出让面积|供地面积|用地面积|土地面积|ZDMJ|DJMJ|CRMJ|GDMJ|YDMJ|TDMJ|reg_area", "m²"},
    {"floor_m2", K::Number, "总建筑面积", "总建筑面积|建筑面积|建筑总面积|ZJZMJ|JZMJ|floor_area|gfa", "m²"},
    {"tall_m2", K::Number, "层高超8米建筑面积", "层高超8米建筑面积|超8米建筑面积|层高超过8米面积|GC8MJ|CGMJ|tall_floor", "m²"},
    {"footprint", K::Number, "建筑基底面积", "建筑基底面积|基底面积|建构筑物基底面积|JZJDMJ|JDMJ|JZWJDMJ|building_footprint", "m²"},
    {"green_m2", K::Number, "绿地面积", "绿地面积|LDMJ|green_area", "m²"},
    {"admin_m2", K::Number, "行政办公及生活服务设施用地面积", "行政办公及生活服务设施用地面积|行政办公用地面积|配套设施用地面积|XZBGMJ|PTMJ|admin_area", "m²"},
    {"supply_dt", K::Date, "供地时间", "供地时间|取得时间|供地日期|合同签订日期|签订日期|出让时间|划拨时间|QDSJ|GDSJ|GDRQ|HTQDRQ|QDRQ|supply_date", ""},
    {"start_due", K::Date, "约定开工时间", "约定开工时间|约定动工时间|约定开工日期|约定动工日期|YDKGSJ|YDDGSJ|YDKGRQ|start_due_date", ""},
    {"start_dt", K::Date, "实际开工时间", "实际开工时间|实际动工时间|实际开工日期|开工时间|动工时间|SJKGSJ|SJDGSJ|KGSJ|DGSJ|start_date", ""},
    {"done_due", K::Date, "约定竣工时间", "约定竣工时间|约定竣工日期|YDJGSJ|YDJGRQ|done_due_date", ""},
    {"done_dt", K::Date, "实际竣工时间", "实际竣工时间|实际竣工日期|竣工时间|竣工日期|SJJGSJ|JGSJ|done_date|completion_date", ""},
    {"susp_dt", K::Date, "停工时间", "停工时间|中止开发时间|停止开发时间|TGSJ|ZZKFSJ|suspended_since", ""},
    {"dev_m2", K::Number, "已开发面积", "已开发面积|已动工面积|已建面积|YKFMJ|YDGMJ|developed_area", "m²"},
    {"plan_m2", K::Number, "应开发面积", "应开发面积|应动工开发面积|开发总面积|YKFZMJ|YDGKFMJ|area_to_develop", "m²"},
    {"inv_total", K::Number, "计划总投资", "计划总投资|总投资|项目总投资|约定总投资|JHZTZ|ZTZ|XMZTZ|total_investment", "万元"},
    {"inv_done", K::Number, "已完成投资", "已完成投资|已投资额|已投资|累计完成投资|YWCTZ|YTZE|invested", "万元"},
    {"land_price", K::Number, "土地价款", "土地价款|出让价款|成交价款|出让金|土地出让金|TDJK|CRJK|CJJK|CRJ|price", "万元"},
    {"in_prod", K::Flag, "是否投产", "是否投产|投产|已投产|投产状态|SFTC|TC|in_production|producing", ""},
    {"far_min", K::Number, "容积率下限", "容积率下限|约定容积率下限|最低容积率|RJLXX|RJL_XX|RJLMIN|far_lower", ""},
    {"far_max", K::Number, "容积率上限", "容积率上限|约定容积率上限|最高容积率|RJLSX|RJL_SX|RJLMAX|far_upper", ""},
    {"cov_min", K::Number, "建筑系数下限", "建筑系数下限|建筑密度下限|约定建筑密度|JZXSXX|JZMDXX|coverage_min", "ratio"},
    {"green_max", K::Number, "绿地率上限", "绿地率上限|绿地率|LDLSX|LDL|green_ratio_max", "ratio"},
    {"inv_min", K::Number, "约定投资强度", "约定投资强度|投资强度下限|投资强度|TZQD|TZQDXX|investment_intensity_min", "万元/亩"},
    {"out_min", K::Number, "约定亩均产值", "约定亩均产值|承诺亩均产值|亩均产值承诺|YDMJCZ|CNMJCZ|output_per_mu_min", "万元/亩"},
    {"tax_min", K::Number, "约定亩均税收", "约定亩均税收|承诺亩均税收|亩均税收承诺|YDMJSS|CNMJSS|tax_per_mu_min", "万元/亩"},
    {"output", K::Number, "产值", "产值|工业总产值|总产值|年产值|CZ|GYZCZ|ZCZ", "万元"},
    {"tax", K::Number, "税收", "税收|年税收|税收总额|实缴税金|年纳税总额|NNSZE|SS|SSZE|SJSJ", "万元"},
    {"value_add", K::Number, "增加值", "增加值|工业增加值|ZJZ|GYZJZ|value_added", "万元"},
    {"invest", K::Number, "累计固定资产投资", "累计固定资产投资|固定资产投资|累计投资|GDZCLJTR|GDZCTZ|LJTZ|investment", "万元"},
    {"far_rep", K::Number, "容积率(登记)", "容积率|RJL|far", ""},
    {"cov_rep", K::Number, "建筑密度(登记)", "建筑密度|建筑系数|JZMD|JZXS|coverage|building_density", "ratio"},
    {"term_yrs", K::Number, "出让年限", "出让年限|出让年期|使用年限|土地使用年限|CRNX|CRNQ|SYNX|term_years", "年"},
    {"term_end", K::Date, "终止日期", "终止日期|使用期限终止日期|土地使用权终止日期|使用权终止日期|ZZRQ|SYQZZRQ|term_end_date", ""},
};

constexpr FieldSpec kApprovalFields[] = {
    {"appr_id", K::Text, "批准编号", "批准编号|批次编号|项目编号|报批编号|编号|PZBH|PCBH|XMBH|BH|id", ""},
    {"doc_no", K::Text, "批准文号", "批准文号|批文号|文号|PZWH|PWH|WH|document", ""},
    {"batch", K::Text, "批次名称", "批次名称|批次|项目名称|PCMC|PC|XMMC|batch_name", ""},
    {"appr_dt", K::Date, "批准日期", "批准日期|批准时间|批复日期|批复时间|PZRQ|PZSJ|PFRQ|approval_date", ""},
};

constexpr FieldSpec kEntFields[] = {
    {"ent_id", K::Text, "企业代码", "企业代码|企业编号|统一社会信用代码|信用代码|QYDM|QYBH|TYSHXYDM|XYDM|enterprise_id|company_id|USCC", ""},
    {"name", K::Text, "企业名称", "企业名称|单位名称|名称|QYMC|DWMC|MC|enterprise_name|company", ""},
    {"scale", K::Text, "规模", "规模|企业规模|是否规上|规上规下|GM|QYGM|SFGS|size", ""},
    {"ind_code", K::Text, "行业代码", "行业代码|国民经济行业代码|行业分类代码|HYDM|GMJJHYDM|industry_code", ""},
    {"exempt", K::Text, "不参评原因", "不参评原因|免评原因|不参评|BCPYY|exempt_reason", ""},
    {"force_d", K::Text, "直接评D原因", "直接评D原因|一票否决原因|一票否决|YPFJ|force_d_reason", ""},
    {"year", K::Year, "年度", "年度|年份|统计年度|ND|NF|TJND", ""},
    {"land_m2", K::Number, "用地面积", "用地面积|占地面积|土地面积|YDMJ|ZDMJ|TDMJ|land_area", "m²"},
    {"output", K::Number, "工业总产值", "工业总产值|产值|总产值|GYZCZ|CZ", "万元"},
    {"tax", K::Number, "实缴税金", "实缴税金|税收|税收总额|年纳税总额|SJSJ|SS|SSZE|NNSZE", "万元"},
    {"value_add", K::Number, "工业增加值", "工业增加值|增加值|GYZJZ|ZJZ|value_added", "万元"},
    {"invest", K::Number, "累计固定资产投资", "累计固定资产投资|固定资产投资|GDZCLJTR|GDZCTZ|investment", "万元"},
    {"revenue", K::Number, "主营业务收入", "主营业务收入|营业收入|ZYYWSR|YYSR", "万元"},
    {"energy", K::Number, "综合能耗", "综合能耗|能耗|总能耗|ZHNH|NH|energy_tce", "吨标煤"},
    {"emission", K::Number, "主要污染物排放量", "主要污染物排放量|污染物排放量|排放量|PFL|WRWPFL|emissions", "吨"},
    {"rd", K::Number, "研发经费", "研发经费|研发投入|R&D经费|YFJF|YFTR|rd_spending", "万元"},
    {"employees", K::Number, "从业人员", "从业人员|年平均从业人员|职工人数|员工人数|CYRY|ZGRS|staff", "人"},
    {"elec", K::Number, "用电量", "用电量|年用电量|总用电量|YDL|electricity", "万kWh"},
    {"leased", K::Flag, "是否租赁", "是否租赁|租赁|SFZL|is_leased", ""},
    {"founded", K::Year, "成立年份", "成立年份|成立时间|注册年份|CLNF|CLSJ|founded_year", ""},
    {"water", K::Number, "用水量", "用水量|年用水量|总用水量|YSL|water_t|water_use", "吨"},
};

constexpr FieldSpec kZoneFields[] = {
    {"zone_id", K::Text, "区域代码", "区域代码|编号|代码|BH|DM|id|code", ""},
    {"name", K::Text, "区域名称", "区域名称|名称|MC|name", ""},
};

// Control lines of the territorial spatial plan (issue 18): 城镇开发边界, 永久基本农田, 生态保护红线.
// Their attributes only identify a polygon in findings; 标识码 BSM and 图斑编号 TBBH are the usual names.
constexpr FieldSpec kControlFields[] = {
    {"zone_id", K::Text, "标识码", "标识码|图斑编号|编号|代码|要素代码|BSM|TBBH|BH|DM|YSDM|id|code", ""},
    {"name", K::Text, "名称", "名称|图斑名称|区域名称|MC|TBMC|name", ""},
};

// 三调 图斑 (issue 18): 地类编码 DLBM, 地类名称 DLMC, 图斑面积 TBMJ (《国土调查工作分类》 codes).
constexpr FieldSpec kLanduseFields[] = {
    {"lu_id", K::Text, "图斑编号", "图斑编号|标识码|编号|TBBH|BSM|BH|id", ""},
    {"dlbm", K::Text, "地类编码", "地类编码|地类代码|DLBM|DLDM|class_code", ""},
    {"dlmc", K::Text, "地类名称", "地类名称|地类|DLMC|class_name", ""},
    {"tbmj", K::Number, "图斑面积", "图斑面积|图斑地类面积|TBMJ|TBDLMJ|area", "m²"},
};

// Planned land use of the territorial spatial plan (issue 18): 用地用海分类 code.
constexpr FieldSpec kPlanFields[] = {
    {"plan_id", K::Text, "规划图斑编号", "规划图斑编号|标识码|图斑编号|编号|BSM|TBBH|BH|id", ""},
    {"plan_code", K::Text, "用地用海分类代码", "用地用海分类代码|用地用海代码|规划地类编码|规划用途代码|用地代码|YDYHFLDM|YDYHDM|GHDLBM|GHYT|YDDM|DLBM|plan_code", ""},
    {"plan_name", K::Text, "用地用海分类名称", "用地用海分类名称|规划地类名称|用地名称|YDYHFLMC|GHDLMC|YDMC|DLMC|plan_name", ""},
};

// Leases: one row per lease contract. The tenant's id first among the ent_id aliases (承租方), then the
// usual enterprise-code names; areas in m², dates as for parcels.
constexpr FieldSpec kLeaseFields[] = {
    {"lease_id", K::Text, "租赁编号", "租赁编号|租赁合同编号|合同编号|租赁合同号|ZLBH|ZLHTBH|HTBH|id|lease_no", ""},
    {"ent_id", K::Text, "承租企业代码", "承租企业代码|承租方代码|承租企业信用代码|承租人统一社会信用代码|企业代码|统一社会信用代码|信用代码|CZQYDM|CZFDM|QYDM|TYSHXYDM|XYDM|tenant_id|tenant|enterprise_id|USCC", ""},
    {"parcel_id", K::Text, "宗地代码", "宗地代码|宗地编号|地块编号|地块代码|不动产单元号|ZDDM|ZDBH|DKBH|DKDM|BDCDYH|parcel|parcel_no", ""},
    {"leased_m2", K::Number, "租赁建筑面积", "租赁建筑面积|租赁面积|承租面积|承租建筑面积|出租面积|ZLJZMJ|ZLMJ|CZMJ|leased_floor|floor_leased", "m²"},
    {"land_m2", K::Number, "租赁用地面积", "租赁用地面积|分摊用地面积|折算用地面积|承租用地面积|ZLYDMJ|FTYDMJ|ZSYDMJ|leased_land", "m²"},
    {"start_dt", K::Date, "租赁起始日期", "租赁起始日期|租赁开始日期|起租日期|租期起|租赁开始时间|ZLQSRQ|ZLKSRQ|QZRQ|lease_start|start_date", ""},
    {"end_dt", K::Date, "租赁终止日期", "租赁终止日期|租赁结束日期|到期日期|租期止|租赁结束时间|ZLZZRQ|ZLJSRQ|DQRQ|lease_end|end_date", ""},
};

// Corrections (异议更正, issue 17): one row per corrected value, the outcome of an objection after the public
// notice. ent_id or parcel_id names the row corrected; `field` the canonical field (or one of its names);
// `value` the corrected value, read as the field reads it; field `grade` is a manual grade override.
constexpr FieldSpec kCorrectionFields[] = {
    {"corr_id", K::Text, "更正编号", "更正编号|异议编号|更正单号|编号|GZBH|YYBH|BH|id|correction_id", ""},
    {"ent_id", K::Text, "企业代码", "企业代码|企业编号|统一社会信用代码|信用代码|QYDM|QYBH|TYSHXYDM|XYDM|enterprise_id|company_id|USCC", ""},
    {"parcel_id", K::Text, "宗地代码", "宗地代码|宗地编号|地块编号|地块代码|不动产单元号|ZDDM|ZDBH|DKBH|DKDM|BDCDYH|parcel|parcel_no", ""},
    {"field", K::Text, "更正字段", "更正字段|更正项目|更正指标|字段|字段名|指标|GZZD|GZXM|ZD|field_name", ""},
    {"value", K::Text, "更正后数值", "更正后数值|更正后|更正值|更正后值|更正后内容|GZHSZ|GZZ|GZH|new_value|corrected", ""},
    {"reason", K::Text, "更正理由", "更正理由|异议理由|理由|原因|说明|GZLY|YYLY|LY|YY|SM", ""},
    {"doc_no", K::Text, "文号", "文号|依据文号|证明文号|证明材料|审核文号|WH|YJWH|ZMCL|document|doc", ""},
};

const LayerSchema kSchemas[] = {
    {LayerKind::Parks, "parks", "园区", true, true, kParkFields, 5},
    {LayerKind::Parcels, "parcels", "宗地", true, true, kParcelFields, 5},
    {LayerKind::Approvals, "approvals", "批准用地", true, false, kApprovalFields, 3},
    {LayerKind::Enterprises, "enterprises", "企业", false, false, kEntFields, 6},
    {LayerKind::UrbanCore, "urban_core", "主城区", true, false, kZoneFields, 2},
    {LayerKind::Restricted, "restricted", "限制发展区", true, false, kZoneFields, 2},
    {LayerKind::DevBoundary, "dev_boundary", "城镇开发边界", true, false, kControlFields, 2},
    {LayerKind::Farmland, "farmland", "永久基本农田", true, false, kControlFields, 2},
    {LayerKind::EcoRedline, "eco_redline", "生态保护红线", true, false, kControlFields, 2},
    {LayerKind::Landuse, "landuse", "三调图斑", true, false, kLanduseFields, 3},
    {LayerKind::Plan, "plan", "规划用地", true, false, kPlanFields, 3},
    {LayerKind::Leases, "leases", "租赁", false, false, kLeaseFields, 3},
    {LayerKind::Corrections, "corrections", "异议更正", false, false, kCorrectionFields, 7},
};

static_assert(std::size(kParkFields) == static_cast<size_t>(ParkF::COUNT));
static_assert(std::size(kParcelFields) == static_cast<size_t>(ParcelF::COUNT));
static_assert(std::size(kApprovalFields) == static_cast<size_t>(ApprovalF::COUNT));
static_assert(std::size(kEntFields) == static_cast<size_t>(EntF::COUNT));
static_assert(std::size(kZoneFields) == static_cast<size_t>(ZoneF::COUNT));
static_assert(std::size(kControlFields) == static_cast<size_t>(ZoneF::COUNT));
static_assert(std::size(kLanduseFields) == static_cast<size_t>(LanduseF::COUNT));
static_assert(std::size(kPlanFields) == static_cast<size_t>(PlanF::COUNT));
static_assert(std::size(kLeaseFields) == static_cast<size_t>(LeaseF::COUNT));
static_assert(std::size(kCorrectionFields) == static_cast<size_t>(CorrF::COUNT));

}  // namespace

const LayerSchema& schema(LayerKind kind) {
    for (const auto& s : kSchemas)
        if (s.kind == kind) return s;
    return kSchemas[0];
}

const std::vector<LayerKind>& all_layer_kinds() {
    static const std::vector<LayerKind> kinds = {LayerKind::Parks,       LayerKind::Parcels,
                                                 LayerKind::Approvals,   LayerKind::Enterprises,
                                                 LayerKind::UrbanCore,   LayerKind::Restricted,
                                                 LayerKind::DevBoundary, LayerKind::Farmland,
                                                 LayerKind::EcoRedline,  LayerKind::Landuse,
                                                 LayerKind::Plan,           LayerKind::Leases,
                                                 LayerKind::Corrections};
    return kinds;
}

const LayerSchema* schema_by_name(std::string_view name) {
    for (const auto& s : kSchemas)
        if (s.name == name) return &s;
    return nullptr;
}

int field_index(const LayerSchema& s, std::string_view canonical) {
    for (size_t i = 0; i < s.fields.size(); ++i)
        if (s.fields[i].name == canonical) return static_cast<int>(i);
    return -1;
}

Record::Record(size_t n_text, size_t n_num) {
    RecordBuilder b;
    b.reset(n_text, n_num);
    *this = b.build();
}

Record::Record(const Record& o) {
    if (!o.m_block) return;
    const size_t bytes = o.block_size();
    m_block = std::make_unique_for_overwrite<char[]>(bytes);
    std::memcpy(m_block.get(), o.m_block.get(), bytes);
}

Record& Record::operator=(const Record& o) {
    if (this != &o) *this = Record(o);
    return *this;
}

void Record::out_of_range(const char* what, size_t i, size_t n) {
    throw std::out_of_range(std::string("landeff bug: ") + what + " field " + std::to_string(i) + " of " + std::to_string(n));
}

size_t Record::block_size() const {
    if (!m_block) return 0;
    const size_t nt = n_text(), end = values_end();
    const size_t w = end_width();
    const uint32_t text_bytes = nt ? text_end(m_block.get() + end, w, nt - 1) : 0;
    return end + w * nt + text_bytes;
}

void Record::set_text(size_t i, std::string_view value) {
    RecordBuilder b;
    b.reset(*this);
    if (i >= b.n_text()) out_of_range("text", i, b.n_text());
    b.set_text(i, value);
    *this = b.build();
}

void Record::set_num(size_t i, double value) {
    RecordBuilder b;
    b.reset(*this);
    if (i >= b.n_num()) out_of_range("numeric", i, b.n_num());
    b.set_num(i, value);
    *this = b.build();
}

void RecordBuilder::reset(size_t n_text, size_t n_num) {
    if (n_text > 255) throw std::logic_error("landeff bug: a record has at most 255 text fields");
    if (n_num > 64) throw std::logic_error("landeff bug: a record has at most 64 numeric fields");
    m_text.resize(n_text);
    for (auto& t : m_text) t.clear();
    m_num.assign(n_num, std::numeric_limits<double>::quiet_NaN());
}

void RecordBuilder::reset(const Record& r) {
    reset(r.n_text(), r.n_num());
    for (size_t i = 0; i < m_text.size(); ++i) m_text[i].assign(r.text(i));
    for (size_t i = 0; i < m_num.size(); ++i) m_num[i] = r.num(i);
}

namespace {

// The four-byte form of v when it gives back exactly v (Record's narrow values), else nullopt.
std::optional<int32_t> narrow_form(double v, double unit) {
    const double scaled = v / unit;
    if (!(scaled > -2147483648.0 && scaled < 2147483647.0)) return std::nullopt;  // and not NaN
    const auto k = static_cast<int32_t>(std::llround(scaled));
    const double back = static_cast<double>(k) * unit;
    if (back != v || std::signbit(back) != std::signbit(v)) return std::nullopt;  // -0.0 stays wide
    return k;
}

}  // namespace

Record RecordBuilder::build() const {
    const size_t nt = m_text.size(), nn = m_num.size();
    uint64_t mask = 0, narrow = 0;
    size_t n_wide = 0, n_narrow = 0, total = 0;
    m_narrow.resize(nn);
    for (size_t i = 0; i < nn; ++i) {
        if (std::isnan(m_num[i])) continue;
        mask |= uint64_t{1} << i;
        if (const auto k = narrow_form(m_num[i], Record::kNarrowUnit)) {
            narrow |= uint64_t{1} << i;
            m_narrow[i] = *k;
            ++n_narrow;
        } else {
            ++n_wide;
        }
    }
    for (const auto& t : m_text) total += t.size();
    if (total > UINT32_MAX / 2) throw std::length_error("a record's text is too long");
    const size_t values_end = Record::kHead + 8 * n_wide + 4 * n_narrow;
    Record r;
    const size_t w = total <= UINT16_MAX ? 2 : 4;  // the width of a text's end offset
    r.m_block = std::make_unique_for_overwrite<char[]>(values_end + w * nt + total);
    char* p = r.m_block.get();
    std::memset(p, 0, Record::kHead);
    p[0] = static_cast<char>(nt);
    p[1] = static_cast<char>(nn);
    p[2] = static_cast<char>(n_wide);
    p[3] = static_cast<char>(n_narrow);
    p[4] = static_cast<char>(w);
    std::memcpy(p + Record::kMask, &mask, 8);
    std::memcpy(p + Record::kMask + 8, &narrow, 8);
    char* wide_out = p + Record::kHead;
    char* narrow_out = wide_out + 8 * n_wide;
    for (size_t i = 0; i < nn; ++i) {
        const uint64_t bit = uint64_t{1} << i;
        if (narrow & bit) {
            std::memcpy(narrow_out, &m_narrow[i], 4);
            narrow_out += 4;
        } else if (mask & bit) {
            std::memcpy(wide_out, &m_num[i], 8);
            wide_out += 8;
        }
    }
    uint32_t end = 0;
    char* out = p + values_end + w * nt;
    for (size_t k = 0; k < nt; ++k) {
        std::memcpy(out, m_text[k].data(), m_text[k].size());
        out += m_text[k].size();
        end += static_cast<uint32_t>(m_text[k].size());
        if (w == 2) {
            const auto e = static_cast<uint16_t>(end);
            std::memcpy(p + values_end + 2 * k, &e, 2);
        } else {
            std::memcpy(p + values_end + 4 * k, &end, 4);
        }
    }
    return r;
}

Record empty_record(const LayerSchema& s) { return Record(s.n_text, s.fields.size() - s.n_text); }

}  // namespace landeff
