// The wording table (src/core/messages.cpp) and the kind formatters (src/core/format.cpp).
#include <gtest/gtest.h>

#include <cmath>
#include <set>
#include <string>
#include <vector>

#include "landeff/format.hpp"
#include "landeff/messages.hpp"
#include "landeff/settings.hpp"

using namespace landeff;

namespace {

std::set<std::string> placeholders(std::string_view w) {
    std::set<std::string> out;
    for (size_t i = 0; i + 2 < w.size(); ++i)
        if (w[i] == '{' && w[i + 2] == '}') out.insert(std::string(w.substr(i, 3)));
    return out;
}

}  // namespace

// Every message has both wordings, and both use the same placeholders (an argument said in one
// language is said in the other).
TEST(Messages, BothWordingsUseTheSamePlaceholders) {
    for (int i = 0; i < static_cast<int>(Msg::kCount); ++i) {
        const MessageText& t = message_text(static_cast<Msg>(i));
        EXPECT_EQ(static_cast<int>(t.id), i) << t.key;
        EXPECT_FALSE(t.zh.empty()) << t.key;
        EXPECT_FALSE(t.en.empty()) << t.key;
        EXPECT_EQ(placeholders(t.zh), placeholders(t.en)) << t.key;
    }
}

TEST(Messages, SayFillsThePlaceholdersInTheChosenLanguage) {
    EXPECT_EQ(say(Lang::zh, Msg::TaxLow, {"1.90", "2.00"}), "tax_low: 亩均税收 1.90 < 基准 2.00");
    EXPECT_EQ(say(Lang::en, Msg::TaxLow, {"1.90", "2.00"}), "tax_low: per-mu tax 1.90 < benchmark 2.00");
    // The example: FAR 0.38 below the contract's 1.00.
    EXPECT_EQ(say(Lang::zh, Msg::ViolationMin, {"far_min", "contract", say(Lang::zh, Msg::FigFar), "0.38",
                                                say(Lang::zh, Msg::SourceContract), "1.00"}),
              "far_min(contract): 容积率 0.38 < 合同下限 1.00");
}

// The arguments may come in a vector (a geometry note worded by the reader, issue 16): the same text.
TEST(Messages, SayTakesTheArgumentsInAVectorToo) {
    const std::vector<std::string> args = {"parcels.geojson[fid=3 parcel_id=D]", "parcels.geojson[fid=4 parcel_id=D2]", "5000.0",
                                           say(Lang::zh, Msg::ParcelOverlapConsequence)};
    EXPECT_EQ(say(Lang::zh, Msg::Overlaps, args),
              "parcels.geojson[fid=3 parcel_id=D] 与 parcels.geojson[fid=4 parcel_id=D2] 重叠 5000.0 m²; 宗地不应重叠: 请核对边界");
    EXPECT_EQ(say(Lang::en, Msg::GeomWrongType, std::vector<std::string>{"Point"}),
              "the geometry is a Point, not a polygon; the feature is kept in tables without geometry");
    EXPECT_EQ(say(Lang::zh, Msg::GeomWrongType, std::vector<std::string>{"Point"}), say(Lang::zh, Msg::GeomWrongType, {"Point"}));
}

TEST(Messages, LanguageComesFromOutputLang) {
    Settings s;
    EXPECT_EQ(lang_of(s), Lang::zh);  // the default
    s.set("output.lang", std::string("en"));
    EXPECT_EQ(lang_of(s), Lang::en);
}

// Each kind's decimals (issue 16: 2 for 亩均 figures, 1 for mu); NaN prints as "—".
TEST(Format, OneFormatterPerKind) {
    EXPECT_EQ(fmt::money_per_mu(12.3456), "12.35");
    EXPECT_EQ(fmt::money_per_mu(2), "2.00");
    EXPECT_EQ(fmt::mu(4.95), "5.0");  // 4.95 → 1 decimal (4.9500000000000002 rounds up)
    EXPECT_EQ(fmt::mu(15), "15.0");
    EXPECT_EQ(fmt::m2(40000), "40000.0");
    EXPECT_EQ(fmt::ratio(0.375), "0.38");  // 0.375 is exact in binary: round-half-even gives 0.38
    EXPECT_EQ(fmt::percent(0.501), "50.1 %");
    EXPECT_EQ(fmt::signed_percent(0.032), "+3.2 %");
    EXPECT_EQ(fmt::number(4.995), "4.995");
    EXPECT_EQ(fmt::number(160), "160");
    EXPECT_EQ(fmt::ratio(std::nan("")), "—");
}

// A comparison is printed with the decimals that tell its two sides apart.
TEST(Format, PairsNeverPrintTwoDifferentFiguresTheSame) {
    const auto a = fmt::ratio_pair(9999.0 / 30000.0, 1.0 / 3.0);  // 0.33330 vs 0.33333
    EXPECT_EQ(a.value, "0.33330");
    EXPECT_EQ(a.threshold, "0.33333");
    const auto b = fmt::money_pair(1.9, 2);  // 2 decimals suffice
    EXPECT_EQ(b.value, "1.90");
    EXPECT_EQ(b.threshold, "2.00");
    const auto c = fmt::percent_pair(0.5, 0.5);  // equal figures stay at the kind's decimals
    EXPECT_EQ(c.value, "50.0 %");
    EXPECT_EQ(c.threshold, "50.0 %");
    const auto d = fmt::percent_pair(0.5004, 0.5);  // 50.04 % vs 50.00 %
    EXPECT_EQ(d.value, "50.04 %");
    EXPECT_EQ(d.threshold, "50.00 %");
}
