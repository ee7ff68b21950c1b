// The output schema declared as data (columns.cpp) and the one home of labels (labels.cpp).
#include <gtest/gtest.h>

#include <algorithm>
#include <iterator>
#include <fstream>
#include <set>
#include <string>
#include <tuple>

#include "landeff/columns.hpp"
#include "landeff/findings.hpp"
#include "landeff/labels.hpp"
#include "landeff/model.hpp"
#include "landeff/palette.hpp"
#include "landeff/row_cells.hpp"

using namespace landeff;

namespace {

// The text between the last bracket pair at the end of an alias: "亩均税收(万元/亩)" → "万元/亩".
std::string unit_in_alias(const std::string& alias) {
    if (alias.empty() || alias.back() != ')') return "";
    const size_t open = alias.rfind('(');
    return open == std::string::npos ? "" : alias.substr(open + 1, alias.size() - open - 2);
}

}  // namespace

TEST(OutputSchema, NamesAreShapefileSafeAndUniquePerLayer) {
    const auto schema = output_schema();
    ASSERT_EQ(schema.size(), 10u);  // parks, parcels, enterprises, unsupplied, findings, region, worklist, ctl_dev, ctl_farm, ctl_eco
    for (const auto& L : schema) {
        std::set<std::string> names;
        ASSERT_FALSE(L.fields.empty()) << L.name;
        for (const auto& f : L.fields) {
            EXPECT_FALSE(f.name.empty()) << L.name;
            EXPECT_LE(f.name.size(), 10u) << L.name << "." << f.name;
            for (char c : f.name) EXPECT_TRUE(c > 0 && c < 127) << L.name << "." << f.name << " is not ASCII";
            EXPECT_TRUE(names.insert(f.name).second) << L.name << "." << f.name << " declared twice";
        }
    }
}

TEST(OutputSchema, EveryColumnHasItsOwnAlias) {
    for (const auto& L : output_schema()) {
        std::set<std::string> aliases;
        for (const auto& f : L.fields) {
            EXPECT_FALSE(f.alias.empty()) << L.name << "." << f.name << " has no alias";
            // Before the schema was declared, parks.far and parks.far_a were both 综合容积率 (and
            // the GeoPackage silently kept only one of them in gpkg_data_columns).
            EXPECT_TRUE(aliases.insert(f.alias).second) << L.name << "." << f.name << ": alias " << f.alias << " repeats";
        }
    }
}

TEST(OutputSchema, UnitsWhereTheAliasNamesOne) {
    for (const auto& L : output_schema())
        for (const auto& f : L.fields) {
            const std::string named = unit_in_alias(f.alias);
            if (!named.empty()) {
                EXPECT_EQ(f.unit, named) << L.name << "." << f.name << " (" << f.alias << ")";
            }
            // A unit in brackets is a measure: text columns have none.
            if (f.type == OutType::Text) {
                EXPECT_EQ(f.unit, "") << L.name << "." << f.name;
            }
        }
    // Spot checks of units the alias does not write (a fraction 0 … 1, years).
    auto field = [](const char* layer, const char* name) -> OutField {
        for (const auto& L : output_schema())
            if (std::string(L.name) == layer)
                for (const auto& f : L.fields)
                    if (f.name == name) return f;
        ADD_FAILURE() << layer << "." << name << " not declared";
        return {"", "", OutType::Text};
    };
    EXPECT_EQ(field("parcels", "share").unit, "1");
    EXPECT_EQ(field("parks", "supply_rt").unit, "1");
    EXPECT_EQ(field("parks", "ld_supply").unit, "1");
    EXPECT_EQ(field("parks", "far").unit, "");
    EXPECT_EQ(field("parks", "tax_a").unit, "万元/公顷");
    EXPECT_EQ(field("parcels", "idle_yrs").unit, "年");
}

TEST(OutputSchema, CodedColumnsCarryTheirLabelTable) {
    auto labels_of = [](const char* layer, const char* name) -> const LabelTable* {
        for (const auto& L : output_schema())
            if (std::string(L.name) == layer)
                for (const auto& f : L.fields)
                    if (f.name == name) return f.labels;
        return nullptr;
    };
    EXPECT_EQ(labels_of("parcels", "state"), &land_state_labels());
    EXPECT_EQ(labels_of("parks", "category"), &platform_category_labels());
    EXPECT_EQ(labels_of("parcels", "grade"), &grade_labels());
    EXPECT_EQ(labels_of("enterprises", "grade"), &grade_labels());
    EXPECT_EQ(labels_of("findings", "severity"), &severity_labels());
    EXPECT_EQ(labels_of("parks", "name"), nullptr);
}

TEST(Labels, LandStatesInLandStateOrderWithOneWording) {
    const auto& t = land_state_labels();
    ASSERT_EQ(t.labels.size(), kLandStates);
    for (size_t i = 0; i < kLandStates; ++i) EXPECT_EQ(t.labels[i].code, state_name(static_cast<LandState>(i))) << i;
    // docs/rules.md "Land states" names not_supplied 未供; the maps' legends and QGIS styles used to
    // say 评价日后供地 (the alias of later_mu, the area) while the report summary said 未供.
    EXPECT_EQ(t.zh("not_supplied"), "未供");
    EXPECT_EQ(t.zh("idle"), "闲置土地");
    EXPECT_EQ(t.zh("unknown_code"), "unknown_code");  // an unknown code reads as itself
    EXPECT_EQ(t.find("unknown_code"), nullptr);
}

TEST(Labels, SeveritiesMatchTheFindingCodes) {
    const auto& t = severity_labels();
    EXPECT_EQ(t.zh(severity_name(Severity::Error)), "错误");
    EXPECT_EQ(t.zh(severity_name(Severity::Warning)), "警告");
    EXPECT_EQ(t.zh(severity_name(Severity::Info)), "提示");
}

TEST(Labels, CodesAndLabelsUniqueInEachTable) {
    for (const LabelTable* t : {&land_state_labels(), &platform_category_labels(), &grade_labels(), &severity_labels(),
                                &parcel_change_labels()}) {
        std::set<std::string_view> codes, zh;
        for (const auto& l : t->labels) {
            EXPECT_TRUE(codes.insert(l.code).second) << t->name << ": code " << l.code;
            EXPECT_TRUE(zh.insert(l.zh).second) << t->name << ": label " << l.zh;
        }
    }
}

TEST(Labels, PaletteLegendsReadTheLabelTables) {
    const std::pair<const Classification*, const LabelTable*> pairs[] = {{&park_categories(), &platform_category_labels()},
                                                                         {&parcel_states(), &land_state_labels()},
                                                                         {&enterprise_grades(), &grade_labels()},
                                                                         {&parcel_changes(), &parcel_change_labels()}};
    for (const auto& [c, t] : pairs) {
        EXPECT_EQ(c->name, t->name);
        ASSERT_EQ(c->classes.size(), t->labels.size()) << c->name;
        for (size_t i = 0; i < c->classes.size(); ++i) {
            EXPECT_EQ(c->classes[i].value, t->labels[i].code);
            EXPECT_EQ(c->classes[i].label, t->labels[i].zh);
        }
    }
}

// Issue 16: a parcel without data (state no_data, 数据不足) is drawn in the one "no data" grey of
// the maps and styles (no_data_rgb, the 无数据 class of the per-mu tax map), not in white (the
// page's background, so it looked undrawn) and in no other state's colour.
TEST(Palette, NoDataStateIsTheNoDataGreyAndNoOtherStatesColour) {
    const Classification& c = parcel_states();
    const auto it = std::find_if(c.classes.begin(), c.classes.end(), [](const Swatch& s) { return s.value == "no_data"; });
    ASSERT_NE(it, c.classes.end());
    EXPECT_EQ(it->rgb, no_data_rgb());
    EXPECT_NE(it->rgb, 0xFFFFFFu);
    for (const auto& s : c.classes) {
        if (s.value == "no_data") continue;
        EXPECT_NE(s.rgb, it->rgb) << s.value;
    }
}

// Issue 16: every coded column keeps its code and gains its Chinese label beside it.
TEST(OutputSchema, EveryCodedColumnHasItsLabelColumnBesideIt) {
    // The naming rule: <name>_cn, the name cut to 7 characters when <name>_cn would pass 10.
    EXPECT_EQ(label_column_name("state"), "state_cn");         // 5 + 3 = 8 ≤ 10
    EXPECT_EQ(label_column_name("role"), "role_cn");           // 4 + 3 = 7
    EXPECT_EQ(label_column_name("money_src"), "money_s_cn");   // 9 + 3 = 12 > 10: "money_s" (7) + "_cn"
    EXPECT_EQ(label_column_name("severity"), "severit_cn");    // 8 + 3 = 11 > 10: "severit" + "_cn"
    EXPECT_EQ(label_column_name("zone_type"), "zone_ty_cn");   // 9 + 3 = 12 > 10
    EXPECT_EQ(label_column_name("category"), "categor_cn");    // 8 + 3 = 11 > 10
    EXPECT_EQ(label_column_name("grade"), "grade_cn");
    EXPECT_EQ(label_column_name("abcdefg"), "abcdefg_cn");     // 7 + 3 = 10: exactly the limit, kept whole
    EXPECT_EQ(label_column_name("abcdefgh"), "abcdefg_cn");    // 8 + 3 = 11: cut

    // The coded columns the issue names, each with its label table and, next, its label column.
    const std::tuple<const char*, const char*, const LabelTable*> coded[] = {
        {"parcels", "state", &land_state_labels()},         {"parks", "category", &platform_category_labels()},
        {"parks", "role", &park_role_labels()},             {"parks", "level", &park_level_labels()},
        {"parks", "zone_type", &zone_type_labels()},        {"enterprises", "scale", &enterprise_scale_labels()},
        {"enterprises", "grade", &grade_labels()},          {"parcels", "grade", &grade_labels()},
        {"findings", "code", &finding_code_labels()},       {"findings", "severity", &severity_labels()},
        {"parcels", "money_src", &money_source_labels()}};
    for (const auto& [layer, name, table] : coded) {
        bool found = false;
        for (const auto& L : output_schema()) {
            if (std::string(L.name) != layer) continue;
            for (size_t i = 0; i < L.fields.size(); ++i) {
                if (L.fields[i].name != name) continue;
                found = true;
                EXPECT_EQ(L.fields[i].labels, table) << layer << "." << name;
                ASSERT_LT(i + 1, L.fields.size()) << layer << "." << name;
                const OutField& cn = L.fields[i + 1];
                EXPECT_EQ(cn.name, label_column_name(name)) << layer << "." << name;
                EXPECT_EQ(cn.alias, L.fields[i].alias + "名称") << layer << "." << name;
                EXPECT_EQ(cn.type, OutType::Text);
                EXPECT_EQ(cn.labels, nullptr);
            }
        }
        EXPECT_TRUE(found) << layer << "." << name << " not declared";
    }
    // And no coded column without its label column, in any layer.
    for (const auto& L : output_schema())
        for (size_t i = 0; i < L.fields.size(); ++i)
            if (L.fields[i].labels) {
                ASSERT_LT(i + 1, L.fields.size());
                EXPECT_EQ(L.fields[i + 1].name, label_column_name(L.fields[i].name)) << L.name << "." << L.fields[i].name;
            }
}

TEST(Labels, EveryCodeACodedColumnCanProduceHasALabel) {
    // The codes each producer can write (read/values.cpp parse_level/parse_scale, assess/platforms.cpp
    // roles, assess/score.cpp zone types, measure/indicators.cpp money sources, the enums).
    auto labelled = [](const LabelTable& t, std::string_view code) {
        const Label* l = t.find(code);
        return l != nullptr && !l->zh.empty() && l->zh != code;
    };
    for (const char* c : {"national", "provincial", "municipal", "county", "other"}) EXPECT_TRUE(labelled(park_level_labels(), c)) << c;
    EXPECT_EQ(park_level_labels().zh("national"), "国家级");
    EXPECT_EQ(park_level_labels().zh("provincial"), "省级");
    EXPECT_EQ(park_level_labels().zh("municipal"), "市级");
    EXPECT_EQ(park_level_labels().zh("county"), "县级");
    EXPECT_EQ(park_level_labels().zh("other"), "其他");
    EXPECT_EQ(park_role_labels().zh("host"), "托管主体");
    EXPECT_EQ(park_role_labels().zh("hosted"), "被托管");
    EXPECT_EQ(park_role_labels().zh("none"), "无");
    EXPECT_EQ(enterprise_scale_labels().zh("above"), "规上");
    EXPECT_EQ(enterprise_scale_labels().zh("below"), "规下");
    for (const char* c : {"industry-led", "integrated"}) EXPECT_TRUE(labelled(zone_type_labels(), c)) << c;
    for (const char* c : {"enterprise", "parcel"}) EXPECT_TRUE(labelled(money_source_labels(), c)) << c;
    for (size_t i = 0; i < kLandStates; ++i) EXPECT_TRUE(labelled(land_state_labels(), state_name(static_cast<LandState>(i))));
    for (Severity s : {Severity::Error, Severity::Warning, Severity::Info}) EXPECT_TRUE(labelled(severity_labels(), severity_name(s)));
    for (const char* g : {"A", "B", "C", "D", "N"}) EXPECT_TRUE(labelled(grade_labels(), g)) << g;
    // Every label table: codes and labels non-empty, unique, and the label is not the code.
    for (const LabelTable* t : all_label_tables()) {
        EXPECT_FALSE(t->labels.empty()) << t->name;
        std::set<std::string_view> codes, zh;
        for (const auto& l : t->labels) {
            EXPECT_TRUE(labelled(*t, l.code)) << t->name << ": " << l.code;
            EXPECT_TRUE(codes.insert(l.code).second) << t->name << ": code " << l.code;
            EXPECT_TRUE(zh.insert(l.zh).second) << t->name << ": label " << l.zh;
        }
    }
}

// The finding codes list is README's table of codes (findings): every code there has its label,
// and every label is of a documented code.
TEST(Labels, EveryDocumentedFindingCodeHasALabel) {
    std::ifstream in(std::string(LANDEFF_SOURCE_DIR) + "/README.md");
    ASSERT_TRUE(in) << "README.md";
    std::string line;
    bool in_table = false;
    std::set<std::string> documented;
    while (std::getline(in, line)) {
        if (line.rfind("| code | meaning |", 0) == 0) { in_table = true; continue; }
        if (!in_table) continue;
        if (line.empty() || line[0] != '|') break;
        const size_t end = line.find('|', 1);
        const std::string cell = line.substr(1, end - 1);
        for (size_t p = cell.find('`'); p != std::string::npos; p = cell.find('`', p)) {
            const size_t q = cell.find('`', p + 1);
            if (q == std::string::npos) break;
            documented.insert(cell.substr(p + 1, q - p - 1));
            p = q + 1;
        }
    }
    ASSERT_GE(documented.size(), 30u) << "README's table of finding codes not found";
    for (const auto& c : documented) {
        const Label* l = finding_code_labels().find(c);
        EXPECT_TRUE(l && !l->zh.empty()) << c << " has no Chinese label in labels.cpp";
    }
    for (const auto& l : finding_code_labels().labels) EXPECT_TRUE(documented.count(std::string(l.code))) << l.code << " not in README";
}

namespace {

// A small layer of three columns (a number, a coded text with its label field, a text), counting
// how often each getter runs.
struct CountedRow {
    size_t i;
    GeomRef geom;
};
int g_calls[3];
const std::vector<Column<CountedRow>>& counted_columns() {
    static const std::vector<Column<CountedRow>> c = {
        {"area_mu", "面积(亩)", OutType::Real, "亩", nullptr,
         [](const CountedRow& r) -> Value { ++g_calls[0]; return 1.5 * static_cast<double>(r.i); }},
        {"grade", "等级", OutType::Text, "", &grade_labels(),
         [](const CountedRow& r) -> Value { ++g_calls[1]; return std::string_view(r.i % 2 ? "A" : "D"); }},
        {"note", "说明", OutType::Text, "", nullptr,
         [](const CountedRow& r) -> Value { ++g_calls[2]; return "第" + std::to_string(r.i) + "行"; }},
    };
    return c;
}

}  // namespace

// OutLayer::fill_some fills the wanted fields as fill does and leaves the others null, computing
// only the columns it needs (a label field needs its column's value); report.html and the
// shapefile plan read rows through it (issue 20).
TEST(OutputLayer, FillSomeFillsTheWantedFieldsAsFillDoes) {
    const OutLayer L = table_layer("t", "测试", false, counted_columns(), 4, [](size_t i) { return CountedRow{i, GeomRef()}; });
    ASSERT_EQ(L.fields.size(), 4u);  // area_mu, grade, grade_cn, note
    ASSERT_TRUE(L.fill_some);
    for (unsigned mask = 0; mask < 16; ++mask) {
        std::vector<char> want(4);
        for (size_t k = 0; k < 4; ++k) want[k] = static_cast<char>(mask >> k & 1);
        RowReader all(L), some(L, false, 0, &want);
        for (size_t i = 0; i < L.count; ++i) {
            all.read(i);
            std::fill(std::begin(g_calls), std::end(g_calls), 0);
            some.read(i);
            EXPECT_EQ(g_calls[0], want[0] ? 1 : 0) << "mask " << mask;
            EXPECT_EQ(g_calls[1], want[1] || want[2] ? 1 : 0) << "mask " << mask;
            EXPECT_EQ(g_calls[2], want[3] ? 1 : 0) << "mask " << mask;
            for (size_t k = 0; k < 4; ++k) {
                const auto& a = all.cells()[k];
                const auto& s = some.cells()[k];
                if (!want[k]) {
                    EXPECT_EQ(s.kind, RowCells::Null) << "mask " << mask << " field " << k;
                    continue;
                }
                ASSERT_EQ(s.kind, a.kind) << "mask " << mask << " field " << k;
                if (a.kind == RowCells::Real) {
                    EXPECT_EQ(s.real, a.real);
                }
                if (a.kind == RowCells::Text) {
                    EXPECT_EQ(RowCells::text_of(s, some.text()), RowCells::text_of(a, all.text()));
                }
            }
        }
    }
    // Hand values of row 3: 1.5 × 3 = 4.5 亩, grade "A" (3 is odd) with its label, "第3行".
    RowReader r(L);
    r.read(3);
    EXPECT_EQ(r.cells()[0].real, 4.5);
    EXPECT_EQ(RowCells::text_of(r.cells()[1], r.text()), "A");
    EXPECT_EQ(RowCells::text_of(r.cells()[2], r.text()), grade_labels().zh("A"));
    EXPECT_EQ(RowCells::text_of(r.cells()[3], r.text()), "第3行");
}
