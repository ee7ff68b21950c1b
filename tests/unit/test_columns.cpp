// The output schema declared as data (columns.cpp) and the one home of labels (labels.cpp).
#include <gtest/gtest.h>

#include <set>
#include <string>

#include "landeff/columns.hpp"
#include "landeff/findings.hpp"
#include "landeff/labels.hpp"
#include "landeff/model.hpp"
#include "landeff/palette.hpp"

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
    ASSERT_EQ(schema.size(), 5u);
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
