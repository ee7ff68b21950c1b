// normalize_industry_code and friends: the one place industry codes are read (issue 13 item 5).
#include <gtest/gtest.h>

#include "landeff/error.hpp"
#include "landeff/industry.hpp"

using namespace landeff;

namespace {
IndustryCode code(char section, const char* digits) {
    IndustryCode c;
    c.section = section;
    c.digits = digits;
    return c;
}
}  // namespace

TEST(IndustryCode, TheWaysRealTablesWriteOneCode) {
    EXPECT_EQ(normalize_industry_code("3411"), code(0, "3411"));
    EXPECT_EQ(normalize_industry_code("C3411"), code('C', "3411"));
    EXPECT_EQ(normalize_industry_code("C 34"), code('C', "34"));
    EXPECT_EQ(normalize_industry_code(" c34 "), code('C', "34"));
    EXPECT_EQ(normalize_industry_code("34（通用设备）"), code(0, "34"));
    EXPECT_EQ(normalize_industry_code("通用设备(34)"), code(0, "34"));
    EXPECT_EQ(normalize_industry_code("Ｃ３４１１"), code('C', "3411"));  // full-width letter and digits
    EXPECT_EQ(normalize_industry_code("3411.0"), code(0, "3411"));        // a number cell read back as text
    EXPECT_EQ(normalize_industry_code("C"), code('C', ""));
    EXPECT_TRUE(normalize_industry_code("").empty());
    EXPECT_TRUE(normalize_industry_code("通用设备").empty());
    EXPECT_EQ(normalize_industry_code("C3411").division(), "34");
    EXPECT_EQ(normalize_industry_code("3").division(), "");
}

TEST(IndustryCode, ListsOfLeadingIndustries) {
    const std::vector<IndustryCode> two = {code(0, "34"), code(0, "35")};
    EXPECT_EQ(parse_industry_list("34,35"), two);
    EXPECT_EQ(parse_industry_list("34、35"), two);
    EXPECT_EQ(parse_industry_list("通用设备(34)、专用设备(35)"), two);
    EXPECT_EQ(parse_industry_list("34，35，34"), two);  // full-width comma; the repeated 34 once
    EXPECT_EQ(parse_industry_list("C34;C 35"), (std::vector<IndustryCode>{code('C', "34"), code('C', "35")}));
    EXPECT_EQ(parse_industry_list("C"), (std::vector<IndustryCode>{code('C', "")}));
    EXPECT_TRUE(parse_industry_list("装备制造").empty());
}

TEST(IndustryCode, SectionOfACodeByEdition) {
    EXPECT_EQ(industry_section(code(0, "3411"), "2017"), 'C');  // 34 in C 13–43
    EXPECT_EQ(industry_section(code(0, "1300"), "2017"), 'C');  // first division of C
    EXPECT_EQ(industry_section(code(0, "4300"), "2017"), 'C');  // last division of C
    EXPECT_EQ(industry_section(code(0, "1200"), "2017"), 'B');  // one below
    EXPECT_EQ(industry_section(code(0, "4411"), "2017"), 'D');  // one above
    EXPECT_EQ(industry_section(code(0, "5211"), "2017"), 'F');  // 百货零售 (F 51–52 in 2017)
    EXPECT_EQ(industry_section(code(0, "5211"), "2002"), 'F');  // 2002: F 51–59 transport
    EXPECT_EQ(industry_section(code(0, "6311"), "2002"), 'H');  // 2002: 批发零售 H 63–65
    EXPECT_EQ(industry_section(code(0, "6311"), "2017"), 'I');  // 2017: I 63–65
    EXPECT_EQ(industry_section(code('F', "3411"), "2017"), 'F');  // a written letter is taken as written
    EXPECT_EQ(industry_section(code(0, ""), "2017"), 0);
}

TEST(IndustryCode, PrefixMatchIgnoresTheLetter) {
    // The platform rule's leading-industry share: a park leading in "34" holds parcels coded C3411.
    EXPECT_TRUE(industry_matches(normalize_industry_code("C3411"), code(0, "34"), "2017"));
    EXPECT_TRUE(industry_matches(normalize_industry_code("3411"), code('C', "34"), "2017"));
    EXPECT_FALSE(industry_matches(normalize_industry_code("C3511"), code(0, "34"), "2017"));
    EXPECT_FALSE(industry_matches(normalize_industry_code("3"), code(0, "34"), "2017"));
    EXPECT_TRUE(industry_matches(normalize_industry_code("2611"), code('C', ""), "2017"));
    EXPECT_FALSE(industry_matches(normalize_industry_code("5211"), code('C', ""), "2017"));
}

TEST(IndustryScope, SectionsDivisionsAndRanges) {
    const IndustryScope c = parse_industry_scope("C", "grading.scope");
    EXPECT_TRUE(c.contains(normalize_industry_code("3411"), "2017"));
    EXPECT_TRUE(c.contains(normalize_industry_code("C 34"), "2017"));
    EXPECT_FALSE(c.contains(normalize_industry_code("5211"), "2017"));  // retail
    EXPECT_FALSE(c.contains(normalize_industry_code("5941"), "2017"));  // 通用仓储 (G 53–60)
    EXPECT_FALSE(c.contains(normalize_industry_code(""), "2017"));
    const IndustryScope r = parse_industry_scope("13-43", "grading.scope");
    EXPECT_TRUE(r.contains(normalize_industry_code("1311"), "2017"));   // 13: the range's first
    EXPECT_TRUE(r.contains(normalize_industry_code("4330"), "2017"));   // 43: its last
    EXPECT_FALSE(r.contains(normalize_industry_code("1200"), "2017"));
    EXPECT_FALSE(r.contains(normalize_industry_code("4411"), "2017"));
    const IndustryScope mix = parse_industry_scope("C|59, 44-46", "grading.scope");
    EXPECT_TRUE(mix.contains(normalize_industry_code("5941"), "2017"));
    EXPECT_TRUE(mix.contains(normalize_industry_code("4511"), "2017"));
    EXPECT_FALSE(mix.contains(normalize_industry_code("5211"), "2017"));
    EXPECT_THROW(parse_industry_scope("manufacturing", "grading.scope"), ConfigError);
    EXPECT_THROW(parse_industry_scope("43-13", "grading.scope"), ConfigError);
    EXPECT_THROW(parse_industry_scope("", "grading.scope"), ConfigError);
}
