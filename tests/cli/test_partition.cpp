// Issue 21 (rules.md §10): a synthetic province (`landeff synth --province`) whose parcel ids start
// with county codes, and grading.population = "county" ranking each county's lists apart.
#include <gtest/gtest.h>

#include <regex>
#include <set>

#include "cli_util.hpp"

namespace fs = std::filesystem;
using namespace landeff::test;

// `synth --province` makes 4 counties in 2 cities (the first 6 / 4 characters of 宗地代码), a park whose
// parcels lie in two counties and an enterprise with parcels in two counties; its landeff.toml ranks by
// county, and a run of it ranks every (county, list) population apart: within each, ranks run 1..n with
// ranked_of = n, and the explanation names the county.
TEST(SynthProvince, CountiesParksAndEnterprisesAcrossCountyLines) {
    TempDir tmp;
    const fs::path prov = tmp.path() / "prov", out = tmp.path() / "out";
    auto s = run_landeff({"synth", "--parcels", "400", "--seed", "1", "--province", "--out", prov.string(), "--quiet"});
    ASSERT_EQ(s.exit_code, 0) << s.err;
    const std::string toml = read_file(prov / "landeff.toml");
    EXPECT_NE(toml.find("population = \"county\""), std::string::npos) << toml;
    EXPECT_NE(toml.find("by = \"county\""), std::string::npos) << toml;
    auto r = run_landeff({"run", (prov / "landeff.toml").string(), "--out", out.string(), "--formats", "gpkg", "--quiet"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const auto parcels = read_rows(out / "landeff.gpkg", "parcels");
    std::set<std::string> counties, cities;
    std::map<std::string, std::set<std::string>> park_counties, ent_counties;
    for (const auto& [id, row] : parcels) {
        ASSERT_EQ(id.size(), 19u) << id;  // 宗地代码: 6 county + 3 + 3 + 2 + 5
        counties.insert(id.substr(0, 6));
        cities.insert(id.substr(0, 4));
        if (!row.at("park_id").empty()) park_counties[row.at("park_id")].insert(id.substr(0, 6));
        ent_counties[row.at("ent_id")].insert(id.substr(0, 6));
    }
    EXPECT_EQ(counties, (std::set<std::string>{"330302", "330303", "330402", "330403"}));
    EXPECT_EQ(cities, (std::set<std::string>{"3303", "3304"}));
    size_t straddling_parks = 0, straddling_ents = 0;
    for (const auto& [park, c] : park_counties) straddling_parks += c.size() > 1;
    for (const auto& [ent, c] : ent_counties) straddling_ents += c.size() > 1;
    EXPECT_GE(straddling_parks, 1u) << "a park across a county line";
    EXPECT_GE(straddling_ents, 1u) << "an enterprise with parcels in two counties";

    // Every ranked enterprise names its county; each (county, list) population ranks 1..n of n.
    const std::regex county_re("\\(县级 (\\d{6})\\)排名 (\\d+)/(\\d+)");
    std::map<std::pair<std::string, std::string>, std::vector<std::pair<int, int>>> pops;
    for (const auto& [id, row] : read_rows(out / "landeff.gpkg", "enterprises")) {
        if (row.at("rank").empty()) continue;
        std::smatch m;
        ASSERT_TRUE(std::regex_search(row.at("why"), m, county_re)) << id << ": " << row.at("why");
        EXPECT_EQ(m[2].str(), row.at("rank")) << id;
        EXPECT_EQ(m[3].str(), row.at("ranked_of")) << id;
        pops[{m[1].str(), row.at("list")}].push_back({std::stoi(row.at("rank")), std::stoi(row.at("ranked_of"))});
    }
    std::set<std::string> ranked_counties;
    for (const auto& [key, members] : pops) {
        ranked_counties.insert(key.first);
        for (const auto& [rank, of] : members) {
            EXPECT_EQ(static_cast<size_t>(of), members.size()) << key.first << " " << key.second;
            EXPECT_GE(rank, 1);
            EXPECT_LE(static_cast<size_t>(rank), members.size());
        }
    }
    EXPECT_EQ(ranked_counties.size(), 4u) << "every county ranks its own lists";
}

// Without --province, synth makes one county as before (330302): the demo city is unchanged.
TEST(SynthProvince, PlainSynthIsOneCounty) {
    TempDir tmp;
    auto s = run_landeff({"synth", "--parcels", "40", "--seed", "1", "--out", (tmp.path() / "c").string(), "--quiet"});
    ASSERT_EQ(s.exit_code, 0) << s.err;
    EXPECT_EQ(read_file(tmp.path() / "c" / "landeff.toml").find("[partition]"), std::string::npos);
    auto c = run_landeff({"synth", "--parcels", "40", "--counties", "3", "--out", (tmp.path() / "d").string(), "--quiet"});
    EXPECT_EQ(c.exit_code, 2) << "--counties needs --province: " << c.err;
}
