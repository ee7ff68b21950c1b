#include "landeff/labels.hpp"

namespace landeff {

const Label* LabelTable::find(std::string_view code) const {
    for (const auto& l : labels)
        if (l.code == code) return &l;
    return nullptr;
}

std::string_view LabelTable::zh(std::string_view code) const {
    const Label* l = find(code);
    return l ? l->zh : code;
}

std::string_view LabelTable::text(std::string_view code, bool english) const {
    const Label* l = find(code);
    if (!l) return code;
    return english && !l->en.empty() ? l->en : l->zh;
}

// docs/rules.md "Land states" names not_supplied 未供 (supply date after T); the area of such
// parcels is the parks' later_mu, 评价日后供地. The other labels are the maps' legends as they were.
const LabelTable& land_state_labels() {
    static const LabelTable t{"土地状态",
                              {{"not_supplied", "未供", "not supplied"},
                               {"unused_due", "供而未用(未到期)", "supplied, not yet due"},
                               {"overdue", "逾期未动工", "construction overdue"},
                               {"done_overdue", "逾期未竣工", "completion overdue"},
                               {"idle", "闲置土地", "idle land"},
                               {"idle_gov", "闲置(政府原因)", "idle (government cause)"},
                               {"inefficient", "低效利用", "inefficient use"},
                               {"normal", "正常使用", "in normal use"},
                               {"no_data", "数据不足", "insufficient data"}}, "land state"};
    return t;
}

const LabelTable& work_kind_labels() {
    static const LabelTable t{"巡查事项",
                              {{"recover", "闲置满两年·拟无偿收回"},
                               {"idle_fee", "闲置满一年·征缴闲置费"},
                               {"idle_gov", "政府原因闲置·协商处置"},
                               {"start_late", "逾期未动工"},
                               {"done_late", "逾期未竣工"},
                               {"start_soon", "临近约定开工日"},
                               {"done_soon", "临近约定竣工日"},
                               {"review", "达产复核"},
                               {"term_end", "出让年期将满"}}};
    return t;
}

const LabelTable& platform_category_labels() {
    static const LabelTable t{"平台分类",
                              {{"consolidate", "整合托管型", "consolidate (hosted)"},
                               {"innovate", "转为创新型", "turn innovative"},
                               {"retain", "保留提升型", "retain and upgrade"},
                               {"exit", "逐步退出型", "phase out"}}, "platform category"};
    return t;
}

const LabelTable& grade_labels() {
    static const LabelTable t{"企业亩均效益等级",
                              {{"A", "A 优先发展", "A priority development"},
                               {"B", "B 提升发展", "B upgrade"},
                               {"C", "C 帮扶转型", "C assisted transition"},
                               {"D", "D 倒逼整治", "D enforced rectification"},
                               {"N", "N 不参评", "N not graded"}}, "enterprise grade"};
    return t;
}

const LabelTable& severity_labels() {
    static const LabelTable t{"严重程度", {{"error", "错误"}, {"warning", "警告"}, {"info", "提示"}}};
    return t;
}

const LabelTable& parcel_change_labels() {
    static const LabelTable t{"与上年相比的变化",
                              {{"idle_disposed", "闲置土地处置", "idle land disposed of"},
                               {"newly_idle", "新增闲置", "newly idle"},
                               {"newly_inefficient", "新增低效", "newly inefficient"},
                               {"inefficiency_resolved", "低效整改", "inefficiency resolved"},
                               {"supplied", "批而未供转为供应", "approved land supplied"},
                               {"split", "宗地分割", "parcel split"},
                               {"merged", "宗地合并", "parcels merged"},
                               {"gone", "宗地灭失/收回", "parcel gone or recovered"},
                               {"new", "新增宗地", "new parcel"},
                               {"state_changed", "其他状态变化", "other change of state"}}, "change since the previous year"};
    return t;
}

// parks.level (parse_level, read/values.cpp): the park's administrative level.
const LabelTable& park_level_labels() {
    static const LabelTable t{"园区级别",
                              {{"national", "国家级"},
                               {"provincial", "省级"},
                               {"municipal", "市级"},
                               {"county", "县级"},
                               {"other", "其他"}}};
    return t;
}

// parks.role (assess/platforms.cpp): the park's part in a consolidation (整合托管).
const LabelTable& park_role_labels() {
    static const LabelTable t{"整合角色", {{"host", "托管主体"}, {"hosted", "被托管"}, {"none", "无"}}};
    return t;
}

// enterprises.scale (parse_scale): 规模以上 / 规模以下 工业企业.
const LabelTable& enterprise_scale_labels() {
    static const LabelTable t{"企业规模", {{"above", "规上"}, {"below", "规下"}}};
    return t;
}

// parks.zone_type (assess/score.cpp): TD/T 1029's 工业主导型 / 产城融合型 开发区.
const LabelTable& zone_type_labels() {
    static const LabelTable t{"开发区类型", {{"industry-led", "工业主导型"}, {"integrated", "产城融合型"}}};
    return t;
}

// parcels.money_src (measure/indicators.cpp): whose output and tax figures the parcel carries.
const LabelTable& money_source_labels() {
    static const LabelTable t{"经济数据来源", {{"enterprise", "企业"}, {"parcel", "宗地"}}};
    return t;
}

// enterprises.list: the ranked list an enterprise is in (grading.lists, rules.md §5).
const LabelTable& grading_list_labels() {
    static const LabelTable t{"评价名单",
                              {{"above", "规上企业"},
                               {"below", "规下企业"},
                               {"below_ge", "规下企业(用地达到门槛)"},
                               {"below_lt", "规下企业(用地不足门槛)"},
                               {"tenant", "租赁企业"}}};
    return t;
}

// findings.code: every code a finding is recorded with (README "Outputs", findings).
const LabelTable& finding_code_labels() {
    static const LabelTable t{"问题类型",
                              {{"missing_field", "缺少字段"},
                               {"bad_date", "日期无法识别"},
                               {"bad_number", "数值无法识别"},
                               {"bad_flag", "是否标志无法识别"},
                               {"bad_year", "年份无法识别"},
                               {"bad_code", "代码无法识别"},
                               {"null_geometry", "无几何"},
                               {"empty_geometry", "空几何"},
                               {"wrong_geometry_type", "几何类型不符"},
                               {"bad_coordinates", "坐标异常"},
                               {"transform_failed", "坐标转换失败"},
                               {"invalid_geometry", "几何无效"},
                               {"invalid_geometry_repaired", "几何已修复"},
                               {"mixed_geometry", "混合几何类型"},
                               {"polygonized_lines", "线已构面"},
                               {"duplicate_id", "编号重复"},
                               {"missing_id", "缺少编号"},
                               {"area_mismatch", "面积不符"},
                               {"parcel_overlap", "宗地重叠"},
                               {"park_overlap", "园区重叠"},
                               {"approval_overlap", "批准范围重叠"},
                               {"outside_parks", "位于园区外"},
                               {"negative_value", "负值"},
                               {"far_implausible", "容积率异常"},
                               {"start_before_supply", "开工早于供地"},
                               {"date_in_future", "日期晚于评价日"},
                               {"missing_money", "缺少经济数据"},
                               {"ent_no_parcel", "企业无宗地"},
                               {"parcel_no_ent", "宗地无对应企业"},
                               {"encoding", "编码系推断"},
                               {"encoding_mismatch", "编码声明不符"},
                               {"text_encoding", "文本编码错误"},
                               {"id_rounded", "编号精度丢失"},
                               {"config_warning", "配置疑点"},
                               {"approval_after_eval", "评价日后批准"},
                               {"built_unsupplied", "未供先建"},
                               {"no_supply_dates", "缺少供地日期"},
                               {"password_in_config", "配置含密码"},
                               {"on_farmland", "占用永久基本农田"},
                               {"on_redline", "占用生态保护红线"},
                               {"diverted", "工业用地挪作他用"},
                               {"invariant_failed", "内部校验失败"},
                               {"grade_missing_figure", "评价指标缺失"},
                               {"shapefile_limit", "超出 Shapefile 格式限制"},
                               {"map_outlier", "远离园区未入图"},
                               {"lease_no_tenant", "租赁无承租企业"},
                               {"lease_unknown_parcel", "租赁宗地不存在"},
                               {"lease_inactive", "评价日租赁无效"},
                               {"lease_parcel_later", "租赁宗地评价日后供地"},
                               {"lease_no_floor", "租赁宗地无建筑面积"},
                               {"lease_no_area", "租赁面积缺失"},
                               {"lease_overlap", "租期重叠"},
                               {"lease_over_floor", "租赁超过建筑面积"},
                               // Objections (异议更正, issue 17)
                               {"correction_applied", "已应用更正"},
                               {"correction_no_target", "更正对象不明"},
                               {"correction_unknown_id", "更正代码不存在"},
                               {"correction_field", "字段不可更正"},
                               {"correction_bad_value", "更正值无法识别"},
                               {"correction_duplicate", "重复更正"},
                               {"override_applied", "已人工调整等级"},
                               {"override_invalid", "人工调整无效"}}};
    return t;
}

// Map legends: the class of a feature without a value of the mapped figure (a null 亩均税收).
const LabelTable& map_legend_labels() {
    static const LabelTable t{"地图图例", {{"no_data", "无数据", "no data"}}, "map legend"};
    return t;
}

std::vector<const LabelTable*> all_label_tables() {
    return {&land_state_labels(),       &platform_category_labels(), &grade_labels(),     &severity_labels(),
            &parcel_change_labels(),    &park_level_labels(),        &park_role_labels(), &enterprise_scale_labels(),
            &zone_type_labels(),        &money_source_labels(),      &finding_code_labels(),
            &map_legend_labels(),       &work_kind_labels(),         &grading_list_labels()};
}

}  // namespace landeff
