#pragma once
// One home for the Chinese labels of coded values (land states, platform categories, enterprise
// grades, finding severities, year-on-year changes). Outputs, the QGIS styles and the maps'
// legends (palette.cpp), report.xlsx/report.html and messages all read these tables, so a code
// reads the same everywhere. The codes themselves are what the GeoPackage stores.
#include <string_view>
#include <vector>

namespace landeff {

struct Label {
    std::string_view code;  // as stored in the outputs: "idle", "consolidate", "A", "error"
    std::string_view zh;    // Chinese label
    std::string_view en{};  // English label (--lang en), where an output shows one; empty = none yet
};

struct LabelTable {
    std::string_view name;  // what is labelled, in Chinese: 土地状态, 平台分类, …
    std::vector<Label> labels;
    // The label of `code`, or nullptr when the code is not in the table.
    const Label* find(std::string_view code) const;
    // The Chinese label of `code`, or `code` itself when it is not in the table.
    std::string_view zh(std::string_view code) const;
    std::string_view name_en{};  // what is labelled, in English (empty = none yet)
    // The label of `code` in English when `english` and the table has one, else in Chinese.
    std::string_view text(std::string_view code, bool english) const;
    std::string_view title(bool english) const { return english && !name_en.empty() ? name_en : name; }
};

const LabelTable& land_state_labels();         // parcels.state, in LandState order
const LabelTable& platform_category_labels();  // parks.category
const LabelTable& grade_labels();              // enterprises.grade, parcels.grade
const LabelTable& severity_labels();           // findings.severity
const LabelTable& work_kind_labels();          // worklist.item, in WorkKind order
const LabelTable& parcel_change_labels();      // parcel_changes.change (landeff compare)
const LabelTable& park_level_labels();         // parks.level
const LabelTable& park_role_labels();          // parks.role
const LabelTable& enterprise_scale_labels();   // enterprises.scale
const LabelTable& zone_type_labels();          // parks.zone_type
const LabelTable& money_source_labels();       // parcels.money_src
const LabelTable& finding_code_labels();       // findings.code: every finding code landeff records
const LabelTable& map_legend_labels();         // map legends: no_data (a feature without the mapped value)
const LabelTable& grading_list_labels();       // enterprises.list: the ranked list (grading.lists)

// Every label table above (tests, documentation).
std::vector<const LabelTable*> all_label_tables();

}  // namespace landeff
