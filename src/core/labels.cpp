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

// docs/rules.md "Land states" names not_supplied 未供 (supply date after T); the area of such
// parcels is the parks' later_mu, 评价日后供地. The other labels are the maps' legends as they were.
const LabelTable& land_state_labels() {
    static const LabelTable t{"土地状态",
                              {{"not_supplied", "未供"},
                               {"unused_due", "供而未用(未到期)"},
                               {"overdue", "逾期未动工"},
                               {"idle", "闲置土地"},
                               {"idle_gov", "闲置(政府原因)"},
                               {"inefficient", "低效利用"},
                               {"normal", "正常使用"},
                               {"no_data", "数据不足"}}};
    return t;
}

const LabelTable& platform_category_labels() {
    static const LabelTable t{"平台分类",
                              {{"consolidate", "整合托管型"},
                               {"innovate", "转为创新型"},
                               {"retain", "保留提升型"},
                               {"exit", "逐步退出型"}}};
    return t;
}

const LabelTable& grade_labels() {
    static const LabelTable t{"企业亩均效益等级",
                              {{"A", "A 优先发展"},
                               {"B", "B 提升发展"},
                               {"C", "C 帮扶转型"},
                               {"D", "D 倒逼整治"},
                               {"N", "N 不参评"}}};
    return t;
}

const LabelTable& severity_labels() {
    static const LabelTable t{"严重程度", {{"error", "错误"}, {"warning", "警告"}, {"info", "提示"}}};
    return t;
}

const LabelTable& parcel_change_labels() {
    static const LabelTable t{"与上年相比的变化",
                              {{"idle_disposed", "闲置土地处置"},
                               {"newly_idle", "新增闲置"},
                               {"newly_inefficient", "新增低效"},
                               {"inefficiency_resolved", "低效整改"},
                               {"supplied", "批而未供转为供应"},
                               {"split", "宗地分割"},
                               {"merged", "宗地合并"},
                               {"gone", "宗地灭失/收回"},
                               {"new", "新增宗地"},
                               {"state_changed", "其他状态变化"}}};
    return t;
}

}  // namespace landeff
