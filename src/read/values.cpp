#include "landeff/values.hpp"

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <utility>
#include <vector>

#include "landeff/dates.hpp"
#include "landeff/text.hpp"

namespace landeff {
namespace {

bool strip_suffix(std::string& s, std::string_view suffix) {
    if (s.size() >= suffix.size() && std::string_view(s).substr(s.size() - suffix.size()) == suffix) {
        s.resize(s.size() - suffix.size());
        s = trim(s);
        return true;
    }
    return false;
}

// strtod of the n bytes at text (NUL-terminated there), when it reads all of them to a finite number.
std::optional<double> whole_strtod(const char* text, size_t n) {
    errno = 0;
    char* end = nullptr;
    const double v = std::strtod(text, &end);
    if (errno == ERANGE || !std::isfinite(v) || end != text + n) return std::nullopt;
    return v;
}

bool four_digits(std::string_view s) {
    return s.size() == 4 && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// The year four ASCII digits make (four_digits), when within 1800–2200.
std::optional<int> four_digit_year(std::string_view s) {
    const int y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
    if (y >= 1800 && y <= 2200) return y;
    return std::nullopt;
}

// Strict decimal: optional sign, digits with optional comma thousands groups, optional fraction,
// optional exponent. Returns nullopt for anything else.
std::optional<double> strict_decimal(const std::string& s) {
    if (s.empty()) return std::nullopt;
    std::string plain;
    size_t i = 0;
    if (s[i] == '+' || s[i] == '-') plain += s[i++];
    const size_t int_start = i;
    size_t digits_since_comma = 0;
    bool saw_comma = false;
    while (i < s.size() && (std::isdigit(static_cast<unsigned char>(s[i])) || s[i] == ',')) {
        if (s[i] == ',') {
            // Thousands separators must split the integer part into groups of three.
            if (i == int_start || (saw_comma && digits_since_comma != 3) || (!saw_comma && digits_since_comma > 3))
                return std::nullopt;
            saw_comma = true;
            digits_since_comma = 0;
        } else {
            plain += s[i];
            ++digits_since_comma;
        }
        ++i;
    }
    if (saw_comma && digits_since_comma != 3) return std::nullopt;
    if (i < s.size() && s[i] == '.') {
        plain += s[i++];
        while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i]))) plain += s[i++];
    }
    if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
        plain += s[i++];
        if (i < s.size() && (s[i] == '+' || s[i] == '-')) plain += s[i++];
        const size_t exp_start = i;
        while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i]))) plain += s[i++];
        if (i == exp_start) return std::nullopt;
    }
    if (i != s.size()) return std::nullopt;
    bool any_digit = false;
    for (char c : plain) any_digit = any_digit || std::isdigit(static_cast<unsigned char>(c));
    if (!any_digit) return std::nullopt;
    return whole_strtod(plain.c_str(), plain.size());
}

// Most numbers in a table: ASCII digits with an optional sign and decimal point, nothing around
// them. For those trim, the full-width mapping, the units and the thousands groups change nothing,
// and strict_decimal's text for strtod is the text itself: the same strtod, without the copies.
// Null: not such a number (the long way decides).
std::optional<std::optional<double>> plain_decimal(std::string_view t) {
    constexpr size_t kMax = 63;
    if (t.empty() || t.size() > kMax) return std::nullopt;
    size_t i = t[0] == '+' || t[0] == '-' ? 1 : 0;
    const size_t digits_from = i;
    while (i < t.size() && t[i] >= '0' && t[i] <= '9') ++i;
    if (i == digits_from) return std::nullopt;
    if (i < t.size() && t[i] == '.') {
        ++i;
        while (i < t.size() && t[i] >= '0' && t[i] <= '9') ++i;
    }
    if (i != t.size()) return std::nullopt;
    char buf[kMax + 1];
    std::copy(t.begin(), t.end(), buf);
    buf[t.size()] = '\0';
    return std::optional<std::optional<double>>(std::in_place, whole_strtod(buf, t.size()));
}

}  // namespace

std::optional<double> parse_number(std::string_view text, std::string_view unit) {
    // Digits could end in a unit only if a unit were made of digits: none is, but then the long way.
    const bool unit_last = !unit.empty() && text.size() >= unit.size() && text.substr(text.size() - unit.size()) == unit;
    if (!unit_last)
        if (auto v = plain_decimal(text)) return *v;
    std::string s = fullwidth_to_ascii(trim(text));
    if (s.empty()) return std::nullopt;
    bool percent = false;
    if (unit == "m²") {
        for (auto u : {"平方米", "m²", "㎡", "m2", "M2", "sqm"})
            if (strip_suffix(s, u)) break;
    } else if (unit == "万元") {
        strip_suffix(s, "万元");
    } else if (unit == "ratio") {
        percent = strip_suffix(s, "%");
    } else if (!unit.empty()) {
        strip_suffix(s, unit);
    }
    auto v = strict_decimal(s);
    if (!v) return std::nullopt;
    return percent ? *v / 100.0 : *v;
}

std::optional<bool> parse_flag(std::string_view text) {
    const std::string s = ascii_lower(fullwidth_to_ascii(trim(text)));
    static const std::vector<std::string> yes = {"1", "true", "t", "yes", "y", "是", "已投产", "投产", "在产", "1.0"};
    static const std::vector<std::string> no = {"0", "false", "f", "no", "n", "否", "未投产", "停产", "0.0"};
    for (const auto& y : yes)
        if (s == y) return true;
    for (const auto& n : no)
        if (s == n) return false;
    return std::nullopt;
}

std::optional<int> parse_year(std::string_view text) {
    // Four ASCII digits as they are: the year the long way gives, without its copies.
    if (four_digits(text)) return four_digit_year(text);
    std::string s = fullwidth_to_ascii(trim(text));
    strip_suffix(s, "年");
    if (four_digits(s)) return four_digit_year(s);
    if (s.size() == 6 && s.substr(4) == ".0") return parse_year(s.substr(0, 4));
    if (auto d = parse_date(s)) return d->year();
    return std::nullopt;
}

std::optional<std::string> parse_level(std::string_view text) {
    const std::string s = ascii_lower(trim(text));
    struct M { const char* in; const char* out; };
    static const M kMap[] = {
        {"national", "national"}, {"国家级", "national"}, {"国家", "national"}, {"国务院", "national"},
        {"provincial", "provincial"}, {"省级", "provincial"}, {"省", "provincial"}, {"省政府", "provincial"},
        {"municipal", "municipal"}, {"市级", "municipal"}, {"市", "municipal"}, {"市政府", "municipal"},
        {"county", "county"}, {"县级", "county"}, {"县", "county"}, {"区级", "county"}, {"县(市、区)级", "county"},
        {"other", "other"}, {"其他", "other"}, {"乡镇级", "other"},
    };
    for (const auto& m : kMap)
        if (s == m.in) return std::string(m.out);
    return std::nullopt;
}

std::optional<std::string> parse_scale(std::string_view text) {
    const std::string s = ascii_lower(trim(text));
    static const std::vector<std::string> above = {"above", "规上", "规模以上", "是", "1", "y", "yes"};
    static const std::vector<std::string> below = {"below", "规下", "规模以下", "否", "0", "n", "no"};
    for (const auto& a : above)
        if (s == a) return std::string("above");
    for (const auto& b : below)
        if (s == b) return std::string("below");
    return std::nullopt;
}

std::string id_number_text(double v, bool& rounded) {
    rounded = false;
    char buf[64];
    if (!std::isfinite(v) || std::floor(v) != v) {
        std::snprintf(buf, sizeof buf, "%.15g", v);
        return buf;
    }
    std::snprintf(buf, sizeof buf, "%.0f", v);
    std::string digits = buf;
    const size_t sign = v < 0 ? 1 : 0;
    constexpr size_t kExcelDigits = 15;        // Excel keeps 15 significant digits
    constexpr double kExact = 9007199254740992.0;  // 2^53: every integer below it is a double
    if (digits.size() - sign <= kExcelDigits) return digits;
    const bool zeros_after_15 = digits.find_first_not_of('0', sign + kExcelDigits) == std::string::npos;
    if (std::fabs(v) < kExact && !zeros_after_15) return digits;  // exact, and not Excel's rounding
    rounded = true;
    // The 15 significant digits kept, then zeros: "9.13303001234568e+17" → "913303001234568000".
    std::snprintf(buf, sizeof buf, "%.14e", std::fabs(v));
    const std::string m = buf;  // d.dddddddddddddde+XX
    const int exp = std::atoi(m.c_str() + m.find('e') + 1);
    std::string out = sign ? "-" : "";
    out += m[0];
    out += m.substr(2, kExcelDigits - 1);
    out.append(static_cast<size_t>(exp + 1) - kExcelDigits, '0');
    return out;
}

bool is_id_field(std::string_view canonical) {
    return canonical == "ent_id" || canonical == "parcel_id" || canonical == "park_id" || canonical == "appr_id";
}

}  // namespace landeff
