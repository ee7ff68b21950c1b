#include <gtest/gtest.h>

#include "landeff/text.hpp"

using namespace landeff;

TEST(Text, NearestFindsTypo) {
    EXPECT_EQ(nearest("quality.area_tolerence", {"quality.area_tolerance", "quality.far_max"}), "quality.area_tolerance");
}

TEST(Text, NearestRefusesUnrelatedWord) { EXPECT_EQ(nearest("colour", {"quality.area_tolerance", "year"}), ""); }

TEST(Text, Utf8Validation) {
    EXPECT_TRUE(is_valid_utf8("宗地代码"));
    EXPECT_TRUE(is_valid_utf8("ascii"));
    EXPECT_FALSE(is_valid_utf8("\xD7\xDA\xB5\xD8"));  // 宗地 in GBK
    EXPECT_FALSE(is_valid_utf8("\xC0\xAF"));          // overlong '/'
    EXPECT_FALSE(is_valid_utf8("\xE5\xAE"));          // truncated 3-byte sequence
}

TEST(Text, TrimRemovesIdeographicAndAsciiSpace) {
    EXPECT_EQ(trim("\xE3\x80\x80 宗地 \t"), "宗地");
    EXPECT_EQ(trim("\xEF\xBB\xBFZDDM"), "ZDDM");  // a BOM before the first header
}

TEST(Text, FullWidthDigitsBecomeAscii) { EXPECT_EQ(fullwidth_to_ascii("１２３．５"), "123.5"); }

TEST(Text, EditDistance) {
    EXPECT_EQ(edit_distance("kitten", "sitting"), 3u);
    EXPECT_EQ(edit_distance("", "abc"), 3u);
}

TEST(Text, RedactsPasswords) {
    EXPECT_EQ(redact_secrets("PG:dbname=land host=db password=s3cret user=x"), "PG:dbname=land host=db password=*** user=x");
    EXPECT_EQ(redact_secrets("PG:password='a b' dbname=x"), "PG:password=*** dbname=x");
}

#include "landeff/notes.hpp"

TEST(NoteList, KeepsItemsInOrderAndJoinsThem) {
    NoteList n;
    EXPECT_TRUE(n.empty());
    EXPECT_EQ(n.size(), 0u);
    EXPECT_EQ(n.join("; "), "");
    n.push_back("far_low: 0.5 vs 1");
    n.push_back("");  // says nothing: not kept
    n.push_back("tax_low: 4 vs 5");
    ASSERT_EQ(n.size(), 2u);
    EXPECT_EQ(n[0], "far_low: 0.5 vs 1");
    EXPECT_EQ(n.at(1), "tax_low: 4 vs 5");
    EXPECT_THROW((void)n.at(2), std::out_of_range);
    EXPECT_EQ(n.join("; "), "far_low: 0.5 vs 1; tax_low: 4 vs 5");
    n.insert_front("platform P1 (2 parks)");
    EXPECT_EQ(n.items(), (std::vector<std::string>{"platform P1 (2 parks)", "far_low: 0.5 vs 1", "tax_low: 4 vs 5"}));
    n.clear();
    EXPECT_TRUE(n.empty());
}

TEST(NoteList, BuildsFromVectorAndKeepsSeparatorsOfItsOwnItems) {
    // Items may contain the output separator text; only join() turns item boundaries into it.
    const NoteList n(std::vector<std::string>{"far_min, coverage_min (GB 2008)", "far_max (contract)"});
    EXPECT_EQ(n.size(), 2u);
    EXPECT_EQ(n.join(" | "), "far_min, coverage_min (GB 2008) | far_max (contract)");
    EXPECT_EQ(join(n, "; "), "far_min, coverage_min (GB 2008); far_max (contract)");
}
