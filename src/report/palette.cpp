#include "landeff/palette.hpp"

namespace landeff {

const Classification& park_categories() {
    static const Classification c{"parks", "category", "平台分类",
                                  {{"consolidate", "整合托管型", 0x1F78B4},
                                   {"innovate", "转为创新型", 0x33A02C},
                                   {"retain", "保留提升型", 0xFF7F00},
                                   {"exit", "逐步退出型", 0xE31A1C}}};
    return c;
}

const Classification& parcel_states() {
    static const Classification c{"parcels", "state", "土地状态",
                                  {{"not_supplied", "评价日后供地", 0xBDBDBD},
                                   {"unused_due", "供而未用(未到期)", 0x9ECAE1},
                                   {"overdue", "逾期未动工", 0xFDAE6B},
                                   {"idle", "闲置土地", 0xE31A1C},
                                   {"idle_gov", "闲置(政府原因)", 0xFB9A99},
                                   {"inefficient", "低效利用", 0x984EA3},
                                   {"normal", "正常使用", 0x33A02C},
                                   {"no_data", "数据不足", 0xFFFFFF}}};
    return c;
}

const Classification& enterprise_grades() {
    static const Classification c{"parcels", "grade", "企业亩均效益等级",
                                  {{"A", "A 优先发展", 0x1A9850},
                                   {"B", "B 提升发展", 0x91CF60},
                                   {"C", "C 帮扶转型", 0xFEE08B},
                                   {"D", "D 倒逼整治", 0xD73027},
                                   {"N", "N 不参评", 0xD9D9D9}}};
    return c;
}

const Classification& parcel_changes() {
    static const Classification c{"parcel_changes", "change", "与上年相比的变化",
                                  {{"idle_disposed", "闲置土地处置", 0x1A9850},
                                   {"newly_idle", "新增闲置", 0xD73027},
                                   {"newly_inefficient", "新增低效", 0x984EA3},
                                   {"inefficiency_resolved", "低效整改", 0x91CF60},
                                   {"supplied", "批而未供转为供应", 0x2C7BB6},
                                   {"split", "宗地分割", 0xFDAE61},
                                   {"merged", "宗地合并", 0xA6611A},
                                   {"gone", "宗地灭失/收回", 0x252525},
                                   {"new", "新增宗地", 0x5AB4AC},
                                   {"state_changed", "其他状态变化", 0xFEE08B}}};
    return c;
}

}  // namespace landeff
