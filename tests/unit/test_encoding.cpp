#include <gtest/gtest.h>

#include "landeff/encoding.hpp"

using namespace landeff;

// 宗地代码 in GBK: 宗 D7DA, 地 B5D8, 代 B4FA, 码 C2EB.
static const std::string kGbk = "\xD7\xDA\xB5\xD8\xB4\xFA\xC2\xEB";

TEST(Encoding, DetectsGbkVersusUtf8) {
    EXPECT_EQ(detect_encoding({"ZDDM", "12"}), "ASCII");
    EXPECT_EQ(detect_encoding({"ZDDM", "宗地代码"}), "UTF-8");
    EXPECT_EQ(detect_encoding({"ZDDM", kGbk}), "CP936");
    EXPECT_EQ(detect_encoding({"\xFF\xFF\xFF"}), "ISO-8859-1");  // 0xFF is neither
}

TEST(Encoding, GbkDecodesToUtf8) { EXPECT_EQ(to_utf8(kGbk, "CP936"), "宗地代码"); }

TEST(Encoding, CanonicalNames) {
    EXPECT_EQ(canonical_encoding("gbk"), "CP936");
    EXPECT_EQ(canonical_encoding("GB2312"), "CP936");
    EXPECT_EQ(canonical_encoding("utf8"), "UTF-8");
}

// ---- issue 14: text that is not UTF-8 never reaches an output ----
TEST(Encoding, MixedUtf8FileWithOneGbkValueIsUtf8) {
    // "宗地代码" in UTF-8 (3-byte sequences) beside its GBK bytes: before, all were decoded as CP936
    // (the UTF-8 one into mojibake); now the file is UTF-8 and the GBK value is repaired alone.
    EXPECT_EQ(detect_encoding({"ZDDM", "宗地代码", kGbk}), "UTF-8");
    // Only GBK values: still the whole source is CP936.
    EXPECT_EQ(detect_encoding({"ZDDM", kGbk, kGbk}), "CP936");
}

TEST(Encoding, PlausibleUtf8NeedsCjkSequences) {
    EXPECT_TRUE(plausible_utf8({"ZDDM", "宗地代码"}));
    EXPECT_FALSE(plausible_utf8({"ZDDM", kGbk}));          // not UTF-8
    EXPECT_FALSE(plausible_utf8({"ZDDM", "12"}));          // nothing to tell by
    // C3 A9 is valid UTF-8 (é) and also a valid GBK pair (lead C3, trail A9): a 2-byte sequence alone
    // is no evidence against GBK.
    EXPECT_FALSE(plausible_utf8({"\xC3\xA9"}));
}

TEST(Encoding, RepairDecodesGbkOrReplacesInvalidBytes) {
    TextRepair how = TextRepair::Replaced;
    EXPECT_EQ(repair_utf8("宗地代码", how), "宗地代码");
    EXPECT_EQ(how, TextRepair::None);
    EXPECT_EQ(repair_utf8(kGbk, how), "宗地代码");  // D7 DA B5 D8 B4 FA C2 EB: valid GBK
    EXPECT_EQ(how, TextRepair::DecodedGbk);
    // 0xFF is neither UTF-8 nor a GBK lead byte: one U+FFFD (EF BF BD) per invalid byte.
    EXPECT_EQ(repair_utf8("E2\xFF", how), "E2\xEF\xBF\xBD");
    EXPECT_EQ(how, TextRepair::Replaced);
    // replace_invalid_utf8 alone: a truncated sequence (宗 = E5 AE 97 cut after two bytes) before ASCII:
    // E5 starts a 3-byte sequence that 'A' breaks → E5 replaced; AE is a lone continuation → replaced; 'A' kept.
    EXPECT_EQ(replace_invalid_utf8("\xE5\xAE" "A"), "\xEF\xBF\xBD\xEF\xBF\xBD" "A");
    // Overlong encoding of '/' (C0 AF) is invalid UTF-8: two replacements.
    EXPECT_EQ(replace_invalid_utf8("\xC0\xAF"), "\xEF\xBF\xBD\xEF\xBF\xBD");
}
