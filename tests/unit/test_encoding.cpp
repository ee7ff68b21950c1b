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
