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
