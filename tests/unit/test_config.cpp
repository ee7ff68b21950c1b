#include <gtest/gtest.h>

#include "landeff/config.hpp"
#include "landeff/error.hpp"

using namespace landeff;

namespace {
const char* kMinimal = R"(
year = 2024
[inputs.parks]
path = "city.gpkg"
layer = "parks"
[inputs.parcels]
path = "city.gpkg"
layer = "parcels"
)";

std::string error_of(const std::string& text) {
    try {
        parse_config(text, "/data/cfg/landeff.toml");
    } catch (const ConfigError& e) {
        return e.what();
    }
    return "";
}
}  // namespace

TEST(Config, MinimalConfigGetsDefaults) {
    Config c = parse_config(kMinimal, "/data/cfg/landeff.toml");
    EXPECT_EQ(c.year, 2024);
    EXPECT_EQ(c.eval_date, Date::from_ymd(2024, 12, 31));
    EXPECT_EQ(c.crs, "auto");
    EXPECT_DOUBLE_EQ(c.settings.number("quality.area_tolerance"), 0.05);
    EXPECT_EQ(c.inputs.at("parks").path, "/data/cfg/city.gpkg");  // relative to the config file
}

TEST(Config, YearOverrideAndEvalDate) {
    // Top-level keys must come before the first [table] in TOML.
    Config c = parse_config("eval_date = \"2024-06-30\"\n" + std::string(kMinimal), "/x/c.toml", 2023);
    EXPECT_EQ(c.year, 2023);
    EXPECT_EQ(c.eval_date, Date::from_ymd(2024, 6, 30));
}

TEST(Config, UnknownKeyNamesLineAndNearestKey) {
    // kMinimal is 8 lines (it starts with an empty line), so [quality] is line 9, the key line 10.
    const std::string e = error_of(std::string(kMinimal) + "[quality]\narea_tolerence = 0.1\n");
    EXPECT_NE(e.find("landeff.toml:10"), std::string::npos) << e;
    EXPECT_NE(e.find("quality.area_tolerence"), std::string::npos) << e;
    EXPECT_NE(e.find("did you mean \"quality.area_tolerance\""), std::string::npos) << e;
}

TEST(Config, UnknownInputKeyAndLayer) {
    EXPECT_NE(error_of(std::string(kMinimal) + "[inputs.parcel]\npath=\"x\"\n").find("did you mean \"inputs.parcels\""),
              std::string::npos);
    EXPECT_NE(error_of(std::string(kMinimal) + "[inputs.approvals]\npaht=\"x\"\n").find("did you mean \"inputs.approvals.path\""),
              std::string::npos);
}

TEST(Config, UnknownCanonicalFieldIsAnError) {
    const std::string e = error_of(std::string(kMinimal) + "[fields.parcels]\nparcelid = \"ZDDM\"\n");
    EXPECT_NE(e.find("did you mean \"fields.parcels.parcel_id\""), std::string::npos) << e;
}

TEST(Config, WrongTypesAndRanges) {
    EXPECT_NE(error_of(std::string(kMinimal) + "[quality]\narea_tolerance = \"five\"\n").find("must be a number"),
              std::string::npos);
    EXPECT_NE(error_of(std::string(kMinimal) + "[quality]\narea_tolerance = -1\n").find("out of range"), std::string::npos);
    EXPECT_NE(error_of("eval_date = \"2024-13-01\"\n" + std::string(kMinimal)).find("is not a date"), std::string::npos);
}

TEST(Config, MalformedTomlSaysWhere) {
    const std::string e = error_of("year = 2024\n[inputs.parks\npath = 1\n");
    EXPECT_NE(e.find("not valid TOML"), std::string::npos) << e;
    EXPECT_NE(e.find("landeff.toml:2"), std::string::npos) << e;
}

TEST(Config, RequiredPiecesMissing) {
    EXPECT_NE(error_of("[inputs.parks]\npath=\"a\"\n[inputs.parcels]\npath=\"b\"\n").find("year is missing"), std::string::npos);
    EXPECT_NE(error_of("year = 2024\n[inputs.parcels]\npath=\"b\"\n").find("parks input is missing"), std::string::npos);
}

TEST(Config, ConnectionStringsAreNotRebased) {
    Config c = parse_config("year=2024\n[inputs.parks]\npath=\"PG:dbname=x\"\n[inputs.parcels]\npath=\"/abs/p.shp\"\n", "/x/c.toml");
    EXPECT_EQ(c.inputs.at("parks").path, "PG:dbname=x");
    EXPECT_EQ(c.inputs.at("parcels").path, "/abs/p.shp");
}

TEST(Config, YearsTablesMergeInputsPerYear) {
    const char* text = R"(
crs = "EPSG:4549"
[inputs.parks]
path = "parks.gpkg"
[years.2023.inputs.parcels]
path = "2023/p.gpkg"
[years.2024]
eval_date = "2024-06-30"
[years.2024.inputs.parcels]
path = "2024/p.gpkg"
)";
    Config c = parse_config(text, "/d/c.toml");
    EXPECT_EQ(c.year, 2024);  // the latest listed year
    ASSERT_EQ(c.years.size(), 2u);
    const Config y23 = c.for_year(2023);
    EXPECT_EQ(y23.year, 2023);
    EXPECT_EQ(y23.eval_date, Date::from_ymd(2023, 12, 31));
    EXPECT_EQ(y23.inputs.at("parcels").path, "/d/2023/p.gpkg");
    EXPECT_EQ(y23.inputs.at("parks").path, "/d/parks.gpkg");  // shared
    EXPECT_EQ(c.for_year(2024).eval_date, Date::from_ymd(2024, 6, 30));
    EXPECT_TRUE(y23.years.empty());
}

TEST(Config, YearsTablesAreValidated) {
    EXPECT_NE(error_of(std::string(kMinimal) + "[years.20x3.inputs.parcels]\npath = \"a\"\n").find("must be a year"), std::string::npos);
    EXPECT_NE(error_of(std::string(kMinimal) + "[years.2023]\ninput = 1\n").find("did you mean \"years.2023.inputs\""), std::string::npos);
}

// ---- issue 14: settings validated before any data is read, with file:line ----
// kMinimal is 8 lines (it starts with an empty line), so a [section] appended to it is line 9 and
// its first key line 10.
namespace {
std::string section(const std::string& name, const std::string& body) {
    return std::string(kMinimal) + "[" + name + "]\n" + body;
}
bool has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }
}  // namespace

TEST(ConfigValidate, UnknownTestNameIsAnErrorWithSuggestion) {
    // Before: "far_lo" matched no test and every inefficiency test was silently off.
    const std::string e = error_of(section("states", "tests = \"far_lo\"\n"));
    EXPECT_TRUE(has(e, "landeff.toml:10: states.tests")) << e;
    EXPECT_TRUE(has(e, "\"far_lo\" is not a known name")) << e;
    EXPECT_TRUE(has(e, "did you mean \"far_low\"")) << e;
    // A bad item among good ones, and an empty item.
    EXPECT_TRUE(has(error_of(section("states", "tests = \"far_low|taxlow\"\n")), "did you mean \"tax_low\""));
    EXPECT_TRUE(has(error_of(section("states", "tests = \"far_low||tax_low\"\n")), "an empty item"));
    // Every known name, and none at all, are accepted.
    EXPECT_EQ(error_of(section("states", "tests = \"far_low|coverage_low|tax_low|not_in_production|below_contract|underbuilt\"\n")), "");
    EXPECT_EQ(error_of(section("states", "tests = \"\"\n")), "");
}

TEST(ConfigValidate, NanAndInfinityAreRefused) {
    // TOML allows nan and inf; NaN passed the range check (every comparison with NaN is false).
    const std::string e = error_of(section("quality", "area_tolerance = nan\n"));
    EXPECT_TRUE(has(e, "landeff.toml:10: quality.area_tolerance = nan is not a finite number")) << e;
    EXPECT_TRUE(has(error_of(section("grading", "b_tax = inf\n")), "b_tax = inf is not a finite number"));
    EXPECT_TRUE(has(error_of(section("targets", "far_growth = -inf\n")), "= -inf is not a finite number"));
}

TEST(ConfigValidate, AllZeroWeightsAreRefused) {
    // Above-scale items: 30+20+20+10+10+10 by default; all six set to 0 on lines 10–15.
    const std::string e = error_of(section("grading", "w_tax = 0\nw_va = 0\nw_energy = 0\nw_emission = 0\nw_labor = 0\nw_rd = 0\n"));
    EXPECT_TRUE(has(e, "landeff.toml:10: every weight of the above-scale")) << e;
    // Five of six at 0 is a legitimate choice (one item decides).
    EXPECT_EQ(error_of(section("grading", "w_tax = 0\nw_va = 0\nw_energy = 0\nw_emission = 0\nw_labor = 0\n")), "");
    EXPECT_TRUE(has(error_of(section("grading", "w_below_tax = 0\nw_below_elec = 0\n")), "below-scale"));
    // TD/T: all three top weights 0; a group whose only indicator weighs 0 while the group counts.
    EXPECT_TRUE(has(error_of(section("score", "w_use = 0\nw_benefit = 0\nw_management = 0\n")), "TD/T 1029 park score"));
    const std::string idle = error_of(section("score", "w_idle = 0\n"));
    EXPECT_TRUE(has(idle, "landeff.toml:10: every weight of 管理绩效")) << idle;
    EXPECT_TRUE(has(idle, "set score.w_management = 0")) << idle;
    // … and leaving the group out as well is accepted.
    EXPECT_EQ(error_of(section("score", "w_idle = 0\nw_management = 0\n")), "");
    // 利用程度 with both indicators at 0 is refused while 利用状况 counts, accepted once 利用状况 is off.
    EXPECT_TRUE(has(error_of(section("score", "w_supply = 0\nw_built = 0\n")), "every weight of 利用程度"));
    EXPECT_EQ(error_of(section("score", "w_supply = 0\nw_built = 0\nw_use = 0\n")), "");
}

TEST(ConfigValidate, BandsMustSumTo100) {
    // 20+40+35+10 = 105.
    const std::string e = error_of(section("grading", "bands = \"20|40|35|10\"\n"));
    EXPECT_TRUE(has(e, "landeff.toml:10: grading.bands")) << e;
    EXPECT_TRUE(has(e, "add up to 105 %")) << e;
    EXPECT_TRUE(has(error_of(section("grading", "bands = \"20|40|40\"\n")), "needs 4 numbers"));
    EXPECT_TRUE(has(error_of(section("grading", "bands = \"20|40|x|5\"\n")), "\"x\" is not a number"));
    EXPECT_EQ(error_of(section("grading", "bands = \"25|45|25|5\"\n")), "");  // the other preset: 100
    EXPECT_EQ(error_of(section("grading", "bands = \"12.5|37.5|45|5\"\n")), "");  // 12.5+37.5+45+5 = 100
    // Score bands: needed in score mode, going down from A to C.
    EXPECT_TRUE(has(error_of(section("grading", "band_mode = \"score\"\n")), "needs grading.score_bands"));
    EXPECT_TRUE(has(error_of(section("grading", "band_mode = \"score\"\nscore_bands = \"60|90|120\"\n")), "A ≥ B ≥ C"));
    EXPECT_EQ(error_of(section("grading", "band_mode = \"score\"\nscore_bands = \"120|90|60\"\n")), "");
}

TEST(ConfigValidate, ThresholdsThatDivideByZero) {
    // 土地闲置率 S = (1−X)/(1−T)·100: T = 1 divides by zero; T = 0.999 is fine (denominator 0.001).
    const std::string e = error_of(section("score", "t_idle = 1\n"));
    EXPECT_TRUE(has(e, "landeff.toml:10: score.t_idle = 1 divides by zero in S = (1−X)/(1−T)·100")) << e;
    EXPECT_TRUE(has(error_of(section("score", "t_idle = 1.5\n")), "turns every score negative"));
    EXPECT_EQ(error_of(section("score", "t_idle = 0.999\n")), "");
    // S = X/T·100: T = 0 divides by zero.
    EXPECT_TRUE(has(error_of(section("score", "t_far = 0\n")), "score.t_far = 0 divides by zero in S = X/T·100"));
    // Grade benchmark b = 0: points = weight·value/b.
    EXPECT_TRUE(has(error_of(section("grading", "b_tax = 0\n")), "grading.b_tax = 0 divides by zero"));
    EXPECT_EQ(error_of(section("grading", "b_tax = 0.001\n")), "");
    // grading.item_cap = 0: every item capped at 0 × weight = 0 points.
    EXPECT_TRUE(has(error_of(section("grading", "item_cap = 0\n")), "landeff.toml:10: grading.item_cap = 0 caps every item"));
    // tax_low with a fixed benchmark that is not given.
    EXPECT_TRUE(has(error_of(section("states", "tax_low_scope = \"fixed\"\n")), "needs the benchmark"));
    EXPECT_EQ(error_of(section("states", "tax_low_scope = \"fixed\"\ntax_low_fixed = 10\n")), "");
}

TEST(ConfigValidate, IndustryScopeTypoNamesItsLine) {
    // "manufacturing" is neither a section letter, a division nor a range: before any data is read.
    const std::string e = error_of(section("grading", "scope = \"manufacturing\"\n"));
    EXPECT_TRUE(has(e, "landeff.toml:10: grading.scope")) << e;
    EXPECT_EQ(error_of(section("grading", "scope = \"C|44-46\"\n")), "");
}

// devzone.quota_table (issue 18): rows share:adjustment, shares from 0 to 1 going up; a typo names its line.
TEST(ConfigValidate, QuotaTableRowsAreCheckedBeforeAnyDataIsRead) {
    EXPECT_EQ(error_of(section("devzone", "quota_table = \"0:0|0.25:-0.2|0.5:-0.4\"\n")), "");
    EXPECT_EQ(error_of(section("devzone", "quota_table = \"\"\n")), "");  // no suggestion
    const std::string down = error_of(section("devzone", "quota_table = \"0.3:-0.3|0.1:-0.1\"\n"));
    EXPECT_TRUE(has(down, "landeff.toml:10: devzone.quota_table")) << down;
    EXPECT_TRUE(has(down, "the shares must go up")) << down;
    EXPECT_TRUE(has(error_of(section("devzone", "quota_table = \"0.3-0.3\"\n")), "is not share:adjustment"));
    EXPECT_TRUE(has(error_of(section("devzone", "quota_table = \"1.5:-0.3\"\n")), "from 0 to 1"));
    EXPECT_TRUE(has(error_of(section("devzone", "quota_table = \"0.3:much\"\n")), "from 0 to 1"));
}

TEST(ConfigValidate, EvalDateOutsideItsYearIsAWarningUnlessAllowed) {
    // year 2024, T = 2023-12-31 (the day before the year starts): a warning naming line 1.
    Config c = parse_config("eval_date = \"2023-12-31\"\n" + std::string(kMinimal), "/x/c.toml");
    ASSERT_EQ(c.warnings.size(), 1u);
    // In Chinese by default (issue 16), in English with output.lang = "en".
    EXPECT_TRUE(has(c.warnings[0], "配置文件 /x/c.toml 第 1 行：eval_date = 2023-12-31 不在评价年度 2024 内: 所有日期都按 2023-12-31 判定"))
        << c.warnings[0];
    EXPECT_FALSE(has(c.warnings[0], "is outside the evaluation year")) << c.warnings[0];
    Config en = parse_config("eval_date = \"2023-12-31\"\n" + std::string(kMinimal) + "[output]\nlang = \"en\"\n", "/x/c.toml");
    ASSERT_EQ(en.warnings.size(), 1u);
    EXPECT_TRUE(has(en.warnings[0], "/x/c.toml:1: eval_date = 2023-12-31 is outside the evaluation year 2024")) << en.warnings[0];
    // Worded again after --lang (config_warnings): the same warning, once, in the new language.
    en.settings.set("output.lang", std::string("zh"));
    config_warnings(en);
    ASSERT_EQ(en.warnings.size(), 1u);
    EXPECT_TRUE(has(en.warnings[0], "不在评价年度 2024 内")) << en.warnings[0];
    // On the year's first and last day: no warning.
    EXPECT_TRUE(parse_config("eval_date = \"2024-01-01\"\n" + std::string(kMinimal), "/x/c.toml").warnings.empty());
    EXPECT_TRUE(parse_config("eval_date = \"2024-12-31\"\n" + std::string(kMinimal), "/x/c.toml").warnings.empty());
    // The day after the year ends: a warning, unless explicitly allowed.
    EXPECT_EQ(parse_config("eval_date = \"2025-01-01\"\n" + std::string(kMinimal), "/x/c.toml").warnings.size(), 1u);
    EXPECT_TRUE(parse_config("eval_date = \"2025-01-01\"\nallow_eval_date_outside_year = true\n" + std::string(kMinimal), "/x/c.toml")
                    .warnings.empty());
    // [years.2023] eval_date = "2024-06-30": outside 2023.
    Config y = parse_config(std::string(kMinimal) + "[years.2023]\neval_date = \"2024-06-30\"\n", "/x/c.toml");
    ASSERT_EQ(y.warnings.size(), 1u);
    EXPECT_TRUE(has(y.warnings[0], "c.toml 第 10 行：years.2023.eval_date = 2024-06-30 不在评价年度 2023 内")) << y.warnings[0];
}

TEST(ConfigValidate, GeographicCrsIsRefusedBeforeAnyDataIsRead) {
    // city.gpkg does not exist: the error comes from the config alone.
    const std::string e = error_of("crs = \"EPSG:4490\"\n" + std::string(kMinimal));
    EXPECT_TRUE(has(e, "landeff.toml:1: crs = \"EPSG:4490\" is a geographic CRS")) << e;
    EXPECT_TRUE(has(error_of("crs = \"EPSG:999999\"\n" + std::string(kMinimal)), "landeff.toml:1: crs"));
    EXPECT_EQ(error_of("crs = \"EPSG:4549\"\n" + std::string(kMinimal)), "");
}

// Issue 21 (rules.md §10): a partition finer than the ranking population is refused before any data
// is read; an equal or coarser one is accepted. Fineness: none/all 0 < city 1 < county 2.
TEST(ConfigValidate, PartitionFinerThanThePopulationIsRefused) {
    // county (2) > all (1 line: partition on line 10, population the default).
    const std::string e = error_of(section("partition", "by = \"county\"\n"));
    EXPECT_TRUE(has(e, "landeff.toml:10: partition.by = \"county\" is finer than")) << e;
    EXPECT_TRUE(has(e, "grading.population (the default) = \"all\"")) << e;
    // city (1) > all (0).
    EXPECT_TRUE(has(error_of(section("partition", "by = \"city\"\n")), "partition.by = \"city\" is finer than"));
    // county (2) > city (1): counties would each rank a part of the city's list.
    EXPECT_TRUE(has(error_of(section("grading", "population = \"city\"\n[partition]\nby = \"county\"\n")),
                    "partition.by = \"county\" is finer than"));
    // Equal (county = county, city = city) and coarser (city 1 < county 2, none 0 < anything) are fine.
    EXPECT_EQ(error_of(section("grading", "population = \"county\"\n[partition]\nby = \"county\"\n")), "");
    EXPECT_EQ(error_of(section("grading", "population = \"city\"\n[partition]\nby = \"city\"\n")), "");
    EXPECT_EQ(error_of(section("grading", "population = \"county\"\n[partition]\nby = \"city\"\n")), "");
    EXPECT_EQ(error_of(section("grading", "population = \"county\"\n")), "");
    // A field name is not (yet) a partition: the settings table names the choices.
    EXPECT_TRUE(has(error_of(section("partition", "by = \"XZQDM\"\n")), "partition.by"));
    // City code 6 > county code 4 characters cannot nest; 4 = 4 can (degenerate, but consistent).
    EXPECT_TRUE(has(error_of(section("grading", "population = \"county\"\n[partition]\ncity_chars = 6\ncounty_chars = 4\n")),
                    "partition.city_chars = 6 is longer than partition.county_chars = 4"));
    EXPECT_EQ(error_of(section("grading", "population = \"county\"\n[partition]\ncity_chars = 4\ncounty_chars = 4\n")), "");
}

// Issue 16 follow-up: an error carries both wordings; main() prints the one of ui_lang(). Chinese
// names the file and line as a clerk reads them, English keeps the compiler-style file:line.
namespace {
Text error_text_of(const std::string& text) {
    try {
        parse_config(text, "/data/cfg/landeff.toml");
    } catch (const ConfigError& e) {
        return e.text();
    }
    return {};
}
}  // namespace

TEST(ConfigErrorText, UnknownKeyInBothLanguages) {
    // kMinimal is 8 lines, so [quality] is line 9, the key line 10.
    const Text t = error_text_of(std::string(kMinimal) + "[quality]\narea_tolerence = 0.1\n");
    EXPECT_EQ(t.zh, "配置文件 /data/cfg/landeff.toml 第 10 行：未知设置项 \"quality.area_tolerence\"；是否应为 \"quality.area_tolerance\"？");
    EXPECT_EQ(t.en, "/data/cfg/landeff.toml:10: unknown key \"quality.area_tolerence\"; did you mean \"quality.area_tolerance\"?");
    // what() is the English wording (logs and the tests above).
    try {
        parse_config(std::string(kMinimal) + "[quality]\narea_tolerence = 0.1\n", "/data/cfg/landeff.toml");
        FAIL() << "no error";
    } catch (const ConfigError& e) {
        EXPECT_EQ(std::string(e.what()), t.en);
        EXPECT_EQ(e.code(), ExitCode::Usage);  // exit 2, as before
    }
}

TEST(ConfigErrorText, ValueErrorsInBothLanguages) {
    // [quality] line 9, area_tolerance line 10: "five" is not a number.
    Text t = error_text_of(std::string(kMinimal) + "[quality]\narea_tolerance = \"five\"\n");
    EXPECT_EQ(t.zh, "配置文件 /data/cfg/landeff.toml 第 10 行：quality.area_tolerance 应为数值");
    EXPECT_EQ(t.en, "/data/cfg/landeff.toml:10: quality.area_tolerance must be a number");
    // 20 + 40 + 35 + 10 = 105 %.
    t = error_text_of(std::string(kMinimal) + "[grading]\nbands = \"20|40|35|10\"\n");
    EXPECT_NE(t.zh.find("第 10 行：grading.bands = \"20|40|35|10\"：A、B、C、D 四档占比合计 105 %，不是 100 %"), std::string::npos) << t.zh;
    EXPECT_NE(t.en.find(":10: grading.bands = \"20|40|35|10\": the shares of A, B, C and D add up to 105 %, not 100 %"),
              std::string::npos)
        << t.en;
    // The parks input missing: the file named in both.
    t = error_text_of("year = 2024\n[inputs.parcels]\npath=\"b\"\n");
    EXPECT_EQ(t.zh, "配置文件 /data/cfg/landeff.toml：缺少 parks 输入：请添加 [inputs.parks] path = \"…\"");
    EXPECT_EQ(t.en, "/data/cfg/landeff.toml: the parks input is missing: add [inputs.parks] path = \"…\"");
}

TEST(ConfigErrorText, PrefixAndOtherExceptions) {
    EXPECT_EQ(error_line(Lang::zh, "x"), "landeff: 错误：x");
    EXPECT_EQ(error_line(Lang::en, "x"), "landeff: error: x");
    // A text not worded in Chinese yet stands in both languages; a foreign exception's what() too.
    const RunError plain("disk full");
    EXPECT_EQ(plain.text(Lang::zh), "disk full");
    EXPECT_EQ(text_of(std::runtime_error("boom")).zh, "boom");
    EXPECT_EQ(text_of(plain).en, "disk full");
    EXPECT_EQ(Interrupted().text(Lang::zh), "已中断：运行被停止，未写出任何输出");
    EXPECT_EQ(std::string(Interrupted().what()), "interrupted: the run was stopped, no output was written");
}
