// The wording table (src/core/messages.cpp) and the kind formatters (src/core/format.cpp).
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <limits>
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

// fixed(), sig(), percent() and signed_percent() print exactly what printf's "%.*f", "%.*g",
// "%.*f %%" and "%+.*f %%" print (they use std::to_chars, whose
// output with a precision the standard defines as printf's), over ordinary and awkward values: halves
// at every scale, huge and tiny magnitudes, negative zero, infinities, and numbers too long for the
// fast path's buffer (1e300 with 6 decimals).
TEST(Format, FixedAndSigPrintWhatPrintfPrints) {
    auto printf_of = [](const char* spec, int p, double v) {
        std::string out(400, '\0');
        const int n = std::snprintf(out.data(), out.size(), spec, p, v);
        out.resize(static_cast<size_t>(n));
        return out;
    };
    std::vector<double> values = {0.0, -0.0, 0.5, 1.5, 2.5, 0.125, 0.375, 4.95, 4.995, 12.3456, 160, 1e15, 123456789.125,
                                  1e-7, 9.9999999e-5, 5e-324, 1.7976931348623157e308, 1e300, -1e300,
                                  std::numeric_limits<double>::infinity(), -std::numeric_limits<double>::infinity()};
    uint64_t x = 88172645463325252ull;  // xorshift: many mantissas and exponents, the same each run
    for (int i = 0; i < 20000; ++i) {
        x ^= x << 13, x ^= x >> 7, x ^= x << 17;
        const double mant = static_cast<double>(x % 100000000) / 1000.0;
        values.push_back((i % 2 ? -mant : mant) * std::pow(10.0, static_cast<int>(x % 17) - 8));
    }
    size_t checked = 0;
    for (double v : values)
        for (int p = 0; p <= 6; ++p) {
            ASSERT_EQ(fmt::fixed(v, p), printf_of("%.*f", p, v)) << v << " decimals " << p;
            ASSERT_EQ(fmt::sig(v, p + 1), printf_of("%.*g", p + 1, v)) << v << " digits " << p + 1;
            ASSERT_EQ(fmt::percent(v, p), printf_of("%.*f %%", p, v * 100)) << v << " decimals " << p;
            ASSERT_EQ(fmt::signed_percent(v, p), printf_of("%+.*f %%", p, v * 100)) << v << " decimals " << p;
            checked += 4;
        }
    EXPECT_EQ(fmt::fixed(2.5, -1), printf_of("%.*f", -1, 2.5));  // printf's default precision
    EXPECT_EQ(checked, values.size() * 28);
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
