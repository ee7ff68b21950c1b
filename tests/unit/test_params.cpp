// Parameter structs (params.hpp): built from the settings table, checked against it.
#include <gtest/gtest.h>

#include <cmath>
#include <stdexcept>
#include <utility>
#include <vector>

#include "landeff/config.hpp"
#include "landeff/error.hpp"
#include "landeff/params.hpp"
#include "landeff/settings.hpp"

using namespace landeff;

namespace {
template <class F>
std::string logic_error_of(F f) {
    try {
        f();
    } catch (const std::logic_error& e) {
        return e.what();
    }
    return "";
}
template <class F>
std::string config_error_of(F f) {
    try {
        f();
    } catch (const ConfigError& e) {
        return e.what();
    }
    return "";
}
bool has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }
}  // namespace

TEST(Params, KeyNotInTheSettingsTableFailsLoudly) {
    Settings s;
    // Settings::number would read a key someone set() by hand; a parameter struct asks the table
    // first, so a weight named in code but missing from the table cannot silently weigh 0 (or 1).
    s.set("score.w_nosuch", 1.0);
    const SettingReader r(s);
    const std::string e = logic_error_of([&] { (void)r.number("score.w_nosuch"); });
    EXPECT_TRUE(has(e, "\"score.w_nosuch\", which is not in the settings table")) << e;
    EXPECT_TRUE(has(logic_error_of([&] { (void)r.text("platform.no_such_key"); }), "platform.no_such_key"));
    // The table's type is checked too: quality.examples is an Int row.
    const std::string t = logic_error_of([&] { (void)r.number("quality.examples"); });
    EXPECT_TRUE(has(t, "\"quality.examples\" as a number, but the settings table declares an integer")) << t;
}

TEST(Params, ValuesAreCheckedAgainstTheTablesRangeAndChoices) {
    Settings s;
    // platform.lead_share is a ratio, range [0, 1]: exactly 1 is allowed, 1.5 is not.
    s.set("platform.lead_share", 1.0);
    EXPECT_DOUBLE_EQ(PlatformRules(s).lead_share, 1.0);
    s.set("platform.lead_share", 1.5);
    const std::string e = config_error_of([&] { PlatformRules{s}; });
    EXPECT_TRUE(has(e, "platform.lead_share = 1.5 is outside its range [0, 1]")) << e;
    // area_mode's choices are planar|ellipsoidal.
    Settings m;
    m.set("area_mode", std::string("ellipsoidl"));
    const std::string c = config_error_of([&] { AreaRules{m}; });
    EXPECT_TRUE(has(c, "area_mode = \"ellipsoidl\" is not one of planar, ellipsoidal")) << c;
    EXPECT_TRUE(has(c, "did you mean \"ellipsoidal\"")) << c;
    // An unset number (empty default) stays NaN: platform.tax_benchmark = the median.
    EXPECT_TRUE(std::isnan(PlatformRules(Settings()).tax_benchmark));
}

TEST(Params, UnsuppliedRulesReadTheirOwnKeysCheckedByTheTable) {
    // The defaults of the table: states.built_unsupplied = true, states.sliver_m2 = 1.0 m²,
    // quality.overlap_min_m2 = 1.0 m², area_mode = planar, area.densify_m = 50 m.
    const UnsuppliedRules d{Settings()};
    EXPECT_TRUE(d.built_unsupplied);
    EXPECT_DOUBLE_EQ(d.sliver_m2, 1.0);
    EXPECT_DOUBLE_EQ(d.overlap_min_m2, 1.0);
    EXPECT_EQ(d.area.mode, AreaMode::Planar);
    EXPECT_DOUBLE_EQ(d.area.densify_m, 50);
    // Each member from its own key (not a neighbour's): three distinct values.
    Settings s;
    s.set("states.built_unsupplied", false);
    s.set("states.sliver_m2", 2.5);
    s.set("quality.overlap_min_m2", 7.0);
    const UnsuppliedRules u(s);
    EXPECT_FALSE(u.built_unsupplied);
    EXPECT_DOUBLE_EQ(u.sliver_m2, 2.5);
    EXPECT_DOUBLE_EQ(u.overlap_min_m2, 7.0);
    // states.sliver_m2's range is [0, 1e9]: exactly 0 is allowed (nothing dropped), −1 is not.
    s.set("states.sliver_m2", 0.0);
    EXPECT_DOUBLE_EQ(UnsuppliedRules(s).sliver_m2, 0.0);
    s.set("states.sliver_m2", -1.0);
    const std::string e = config_error_of([&] { UnsuppliedRules{s}; });
    EXPECT_TRUE(has(e, "states.sliver_m2 = -1 is outside its range [0, 1000000000]")) << e;
}

TEST(Params, ScoreRulesReadEveryWeightOfTheTable) {
    const Settings s;
    const ScoreRules sr(s);
    // Indicator order supply, built, ind, far, cov, far_ind, cov_ind, inv, tax, tax_all, idle; the
    // defaults of the settings table: weights 0.5 0.5 1 0.25 0.22 0.25 0.28 0.5 0.5 0 1.
    const double w[11] = {0.5, 0.5, 1, 0.25, 0.22, 0.25, 0.28, 0.5, 0.5, 0, 1};
    for (size_t i = 0; i < 11; ++i) EXPECT_DOUBLE_EQ(sr.weight[i], w[i]) << i;
    EXPECT_DOUBLE_EQ(sr.group_weight[0], 0.25);  // degree
    EXPECT_DOUBLE_EQ(sr.group_weight[2], 0.5);   // intensity
    EXPECT_DOUBLE_EQ(sr.top_weight[0], 0.7);     // use
    EXPECT_DOUBLE_EQ(sr.top_weight[2], 0.1);     // management
    EXPECT_DOUBLE_EQ(sr.target[7], 6000);        // t_inv, 万元/公顷
    // StageRules builds every struct of a run from the defaults without a missing key.
    EXPECT_NO_THROW(StageRules{s});
}

TEST(Params, UnknownIndicatorNameInTheWeightsTableIsAConfigErrorWithTheNearest) {
    // The weights table [score] is keyed by indicator name: "farr" is no indicator, "far" is.
    const std::string text = R"(
year = 2024
[inputs.parks]
path = "city.gpkg"
layer = "parks"
[inputs.parcels]
path = "city.gpkg"
layer = "parcels"
[score]
w_farr = 0.3
)";
    const std::string e = config_error_of([&] { parse_config(text, "/data/cfg/landeff.toml"); });
    EXPECT_TRUE(has(e, "landeff.toml:10")) << e;  // the text starts with an empty line: w_farr is line 10
    EXPECT_TRUE(has(e, "score.w_farr")) << e;
    EXPECT_TRUE(has(e, "did you mean \"score.w_far\"")) << e;
}

TEST(Params, DevzoneRulesReadTheDevzoneKeysOnceForStreamingAndTheCheck) {
    // The defaults of the table: devzone.diverted_share 0.5, devzone.supply_years_n 5,
    // devzone.proof_of_use "unsupplied", devzone.landuse_chunk 50000, devzone.lu_industrial "0601",
    // devzone.quota_checks "far_min|inv_min", devzone.quota_table "0:0|0.1:-0.1|0.3:-0.3|0.5:-0.5".
    const DevzoneRules d{Settings()};
    EXPECT_DOUBLE_EQ(d.diverted_share, 0.5);
    EXPECT_EQ(d.supply_years_n, 5);
    EXPECT_TRUE(d.proof_unsupplied);
    EXPECT_EQ(d.landuse_chunk, 50000u);
    EXPECT_EQ(d.lu_industrial, (std::vector<std::string>{"0601"}));
    EXPECT_EQ(d.quota_checks, (std::vector<std::string>{"far_min", "inv_min"}));
    const std::vector<std::pair<double, double>> quota = {{0, 0}, {0.1, -0.1}, {0.3, -0.3}, {0.5, -0.5}};
    EXPECT_EQ(d.quota, quota);
    // Each member from its own key: proof_of_use "none", 3 supply years, a one-row quota table.
    Settings s;
    s.set("devzone.proof_of_use", std::string("none"));
    s.set("devzone.supply_years_n", int64_t{3});
    s.set("devzone.quota_table", std::string("0.2:-0.2"));
    const DevzoneRules n(s);
    EXPECT_FALSE(n.proof_unsupplied);
    EXPECT_EQ(n.supply_years_n, 3);
    EXPECT_EQ(n.quota, (std::vector<std::pair<double, double>>{{0.2, -0.2}}));
    // A quota table whose shares go down is a ConfigError naming the key (validate_config says it
    // first, with the line; a struct built from unvalidated settings still refuses it).
    s.set("devzone.quota_table", std::string("0.2:-0.2|0.1:0"));
    const std::string e = config_error_of([&] { DevzoneRules{s}; });
    EXPECT_TRUE(has(e, "devzone.quota_table")) << e;
    EXPECT_TRUE(has(e, "the shares must go up")) << e;
    // load_dataset's rules carry the same struct, and the area measure of the distortion check.
    const ReadRules rr{Settings()};
    EXPECT_EQ(rr.devzone.quota, quota);
    EXPECT_DOUBLE_EQ(rr.crs_max_area_error, 0.003);
}

TEST(Params, OutputLanguageIsReadThroughTheTablesChoices) {
    Settings s;
    EXPECT_EQ(lang_of(s), Lang::zh);  // default "zh"
    s.set("output.lang", std::string("en"));
    EXPECT_EQ(lang_of(s), Lang::en);
    EXPECT_EQ(LeaseRules(s).lang, Lang::en);
    EXPECT_EQ(DevzoneRules(s).lang, Lang::en);
    // Before, any other text silently meant Chinese; output.lang's choices are zh|en.
    s.set("output.lang", std::string("english"));
    const std::string e = config_error_of([&] { (void)lang_of(s); });
    EXPECT_TRUE(has(e, "output.lang = \"english\" is not one of zh, en")) << e;
}

TEST(Params, ControlRulesLeaveThePresetsThresholdsUnsetByDefault) {
    // control.coverage_min / admin_max / green_max have no default: NaN = the preset's value.
    const ControlRules c{Settings()};
    EXPECT_EQ(c.preset, "cn-2008");
    EXPECT_TRUE(std::isnan(c.coverage_min));
    EXPECT_TRUE(std::isnan(c.admin_max));
    EXPECT_TRUE(std::isnan(c.green_max));
    EXPECT_EQ(c.ind_standard, "2017");
    EXPECT_EQ(c.inv_table, "");
    Settings s;
    s.set("control.coverage_min", 0.35);
    s.set("control.region_class", int64_t{3});
    const ControlRules o(s);
    EXPECT_DOUBLE_EQ(o.coverage_min, 0.35);
    EXPECT_EQ(o.region_class, 3);
}

TEST(Params, GradingRulesHoldEveryListsBandsWeightsAndBenchmarks) {
    // The table's rows under grading.bands_, grading.w_ and grading.b_, keyed by what follows the
    // prefix: the four lists' bands (all "" = grading.bands), the default weights (tax 30 above
    // scale, below_tax 50 below scale) and no benchmark set (NaN = the population's aggregate).
    const GradingRules g{Settings()};
    std::vector<std::string> lists;
    for (const auto& [k, v] : g.list_bands) lists.push_back(k);
    EXPECT_EQ(lists, (std::vector<std::string>{"above", "below", "small", "tenant"}));
    EXPECT_DOUBLE_EQ(g.weight.at("tax"), 30);
    EXPECT_DOUBLE_EQ(g.weight.at("below_tax"), 50);
    EXPECT_TRUE(std::isnan(g.bench.at("tax")));
    EXPECT_TRUE(std::isnan(g.bench.at("small_tax")));
    EXPECT_EQ(g.bands, "20|40|35|5");
    EXPECT_TRUE(g.rank_mode);
    EXPECT_FALSE(g.ningbo);
    EXPECT_EQ(g.population_chars, 0u);  // grading.population = "all"
    // Each from its own key: a small-list benchmark, a tenant list's bands, the county population
    // with partition.county_chars = 9 (the city's 4 must not be taken).
    Settings s;
    s.set("grading.b_small_tax", 2.0);
    s.set("grading.bands_tenant", std::string("10|30|50|10"));
    s.set("grading.population", std::string("county"));
    s.set("partition.county_chars", int64_t{9});
    s.set("grading.lists", std::string("ningbo"));
    const GradingRules o(s);
    EXPECT_DOUBLE_EQ(o.bench.at("small_tax"), 2.0);
    EXPECT_TRUE(std::isnan(o.bench.at("tenant_tax")));
    EXPECT_EQ(o.list_bands.at("tenant"), "10|30|50|10");
    EXPECT_EQ(o.list_bands.at("small"), "");
    EXPECT_EQ(o.population_chars, 9u);
    EXPECT_TRUE(o.ningbo);
}
