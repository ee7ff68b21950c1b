#include <gtest/gtest.h>

#include <cstring>
#include <random>
#include <string>
#include <vector>

#include "landeff/values.hpp"

using namespace landeff;

TEST(Numbers, PlainAndSeparated) {
    EXPECT_DOUBLE_EQ(*parse_number("1234.5", ""), 1234.5);
    EXPECT_DOUBLE_EQ(*parse_number("1,234,567.25", ""), 1234567.25);
    EXPECT_DOUBLE_EQ(*parse_number("+12", ""), 12.0);
    EXPECT_DOUBLE_EQ(*parse_number("-0.5", ""), -0.5);
    EXPECT_DOUBLE_EQ(*parse_number("１２３", ""), 123.0);
    EXPECT_DOUBLE_EQ(*parse_number("1.5e3", ""), 1500.0);
}

TEST(Numbers, OwnUnitIsStripped) {
    EXPECT_DOUBLE_EQ(*parse_number("12,000 m²", "m²"), 12000.0);
    EXPECT_DOUBLE_EQ(*parse_number("12000平方米", "m²"), 12000.0);
    EXPECT_DOUBLE_EQ(*parse_number("12000㎡", "m²"), 12000.0);
    EXPECT_DOUBLE_EQ(*parse_number("350.5万元", "万元"), 350.5);
    EXPECT_DOUBLE_EQ(*parse_number("35%", "ratio"), 0.35);
}

TEST(Numbers, AmbiguousOrForeignUnitsAreRejected) {
    for (const char* s : {"12亩", "1,23", "12,34,567", "1 234", "12 元", "abc", "1.2.3", ",123", "12,000 m²", "", "e5", "."})
        EXPECT_FALSE(parse_number(s, "万元").has_value()) << s;
    EXPECT_FALSE(parse_number("5万元", "m²").has_value());  // money is not an area
}

TEST(Flags, ChineseAndEnglish) {
    EXPECT_EQ(parse_flag("是"), true);
    EXPECT_EQ(parse_flag("已投产"), true);
    EXPECT_EQ(parse_flag("Y"), true);
    EXPECT_EQ(parse_flag("0"), false);
    EXPECT_EQ(parse_flag("否"), false);
    EXPECT_FALSE(parse_flag("maybe").has_value());
}

TEST(Years, Forms) {
    EXPECT_EQ(parse_year("2015"), 2015);
    EXPECT_EQ(parse_year("2015年"), 2015);
    EXPECT_EQ(parse_year("2015.0"), 2015);
    EXPECT_EQ(parse_year("2015-06-01"), 2015);
    EXPECT_FALSE(parse_year("15").has_value());
}

TEST(Codes, ParkLevelsAndScale) {
    EXPECT_EQ(parse_level("国家级"), "national");
    EXPECT_EQ(parse_level("国务院"), "national");  // 批准级别 in the 2018 catalogue
    EXPECT_EQ(parse_level("省政府"), "provincial");
    EXPECT_EQ(parse_level("Municipal"), "municipal");
    EXPECT_EQ(parse_level("县级"), "county");
    EXPECT_FALSE(parse_level("乡级开发区").has_value());
    EXPECT_EQ(parse_scale("规上"), "above");
    EXPECT_EQ(parse_scale("规模以下"), "below");
}

// ---- issue 14: ids stored as numbers ----
TEST(IdNumberText, ShortIdsAreExactDigitsWithoutExponent) {
    bool rounded = true;
    // 15 digits, the most Excel keeps: exact.
    EXPECT_EQ(id_number_text(330100123456789.0, rounded), "330100123456789");
    EXPECT_FALSE(rounded);
    EXPECT_EQ(id_number_text(42.0, rounded), "42");
    EXPECT_FALSE(rounded);
    // Not a whole number: 15 significant digits, as before.
    EXPECT_EQ(id_number_text(12.5, rounded), "12.5");
    EXPECT_FALSE(rounded);
    // 16 digits below 2^53 = 9007199254740992 with a non-zero last digit: a double holds it exactly
    // and Excel would have written a 0 there, so it is not rounded.
    EXPECT_EQ(id_number_text(3301001234567891.0, rounded), "3301001234567891");
    EXPECT_FALSE(rounded);
}

TEST(IdNumberText, EighteenDigitCreditCodeRoundedByExcel) {
    bool rounded = false;
    // 913303001234567890 in Excel: 15 significant digits 9.13303001234568E+17 (the 16th digit 7 rounds
    // the 15th, 7, up to 8) → shown as 913303001234568000; before: "9.13303001234568e+17".
    EXPECT_EQ(id_number_text(9.13303001234568e17, rounded), "913303001234568000");
    EXPECT_TRUE(rounded);
    // A different code, 913303001234567891, is the same number after Excel: the two collide.
    rounded = false;
    EXPECT_EQ(id_number_text(913303001234567891.0, rounded), "913303001234568000");
    EXPECT_TRUE(rounded);
    // 16 digits ending in 0 (below 2^53): Excel's rounding looks exactly like this: flagged.
    rounded = false;
    EXPECT_EQ(id_number_text(3301001234567890.0, rounded), "3301001234567890");
    EXPECT_TRUE(rounded);
    // Exactly 2^53 = 9007199254740992 (16 digits): at the limit where doubles stop holding every integer.
    rounded = false;
    EXPECT_EQ(id_number_text(9007199254740992.0, rounded), "9007199254740990");  // 9.00719925474099e15: 15 digits, one 0
    EXPECT_TRUE(rounded);
}

// parse_number and parse_year read plain ASCII numbers (sign, digits, a decimal point, nothing
// around them) without the copies of the long way (trim, full-width mapping, units, thousands
// groups); the same text behind a space goes the long way. Both must give the same, to the bit.
TEST(Values, PlainNumbersAsTheLongWayReadsThem) {
    std::mt19937 rng(5);
    auto digits = [&](int n) {
        std::string s;
        for (int i = 0; i < n; ++i) s += static_cast<char>('0' + std::uniform_int_distribution<int>(0, 9)(rng));
        return s;
    };
    std::vector<std::string> texts = {"0", "-0", "+0", "5.", "-5.", "0.1", "007", "1.7976931348623157", "4.9e-324", "1e5", ".5",
                                      "1,234", "12 ", "1.2.3", "-", "+", "", "2024", "9" + std::string(400, '9'), std::string(70, '1'),
                                      std::string(63, '2'), "0." + std::string(61, '3')};
    for (int k = 0; k < 2000; ++k) {
        std::string t = k % 3 == 0 ? "-" : k % 3 == 1 ? "" : "+";
        t += digits(std::uniform_int_distribution<int>(1, 20)(rng));
        if (k % 2) t += "." + digits(std::uniform_int_distribution<int>(0, 12)(rng));
        texts.push_back(t);
    }
    auto same = [](std::optional<double> a, std::optional<double> b) {
        if (a.has_value() != b.has_value()) return false;
        return !a || std::memcmp(&*a, &*b, sizeof(double)) == 0;
    };
    for (const std::string& t : texts)
        for (std::string_view unit : {"", "m²", "万元", "ratio", "人", "吨标煤"})
            EXPECT_TRUE(same(parse_number(t, unit), parse_number(" " + t, unit))) << "'" << t << "' " << unit;
    for (const char* y : {"2024", "1800", "1799", "2200", "2201", "0000", "9999", "202", "20245"})
        EXPECT_EQ(parse_year(y), parse_year(std::string(" ") + y)) << y;
    EXPECT_EQ(parse_year("2024"), std::optional<int>(2024));
    EXPECT_EQ(parse_year("1799"), std::nullopt);
    EXPECT_DOUBLE_EQ(*parse_number("5.", ""), 5.0);
    EXPECT_FALSE(parse_number(std::string(400, '9'), ""));  // beyond a double, either way
}
