#include "landeff/industry.hpp"

#include <algorithm>

#include "landeff/error.hpp"
#include "landeff/text.hpp"

namespace landeff {
namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_alpha(char c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'); }
char upper(char c) { return c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c; }
bool is_section(char c) { return upper(c) >= 'A' && upper(c) <= 'T' && is_alpha(c); }

// Scans every code in `s` (already folded to ASCII where it can be): each run of digits with the
// letter written before it, and standalone section letters.
std::vector<IndustryCode> scan(const std::string& s, size_t max_codes) {
    std::vector<IndustryCode> out;
    const size_t n = s.size();
    for (size_t i = 0; i < n && out.size() < max_codes;) {
        if (is_digit(s[i])) {
            IndustryCode c;
            size_t j = i;
            while (j < n && is_digit(s[j])) ++j;
            c.digits = s.substr(i, j - i);
            // The letter just before the digits, skipping spaces, when it is not part of a word.
            size_t k = i;
            while (k > 0 && s[k - 1] == ' ') --k;
            if (k > 0 && is_section(s[k - 1]) && (k < 2 || !is_alpha(s[k - 2]))) c.section = upper(s[k - 1]);
            out.push_back(std::move(c));
            i = j;
        } else if (is_alpha(s[i])) {
            size_t j = i;
            while (j < n && is_alpha(s[j])) ++j;
            // A lone section letter not followed by digits ("C", "C、D"); "C34" is taken with its digits.
            size_t k = j;
            while (k < n && s[k] == ' ') ++k;
            if (j == i + 1 && is_section(s[i]) && !(k < n && is_digit(s[k]))) {
                IndustryCode c;
                c.section = upper(s[i]);
                out.push_back(std::move(c));
            }
            i = j;
        } else {
            ++i;
        }
    }
    return out;
}

// Sections of GB/T 4754 by their first and last two-digit division (manufacturing C is 13–43 in
// every edition; the others moved in 2011).
struct SectionRange {
    char section;
    int first, last;
};
constexpr SectionRange k2017[] = {{'A', 1, 5},   {'B', 6, 12},  {'C', 13, 43}, {'D', 44, 46}, {'E', 47, 50},
                                  {'F', 51, 52}, {'G', 53, 60}, {'H', 61, 62}, {'I', 63, 65}, {'J', 66, 69},
                                  {'K', 70, 70}, {'L', 71, 72}, {'M', 73, 75}, {'N', 76, 79}, {'O', 80, 82},
                                  {'P', 83, 83}, {'Q', 84, 85}, {'R', 86, 90}, {'S', 91, 96}, {'T', 97, 97}};
constexpr SectionRange k2011[] = {{'A', 1, 5},   {'B', 6, 12},  {'C', 13, 43}, {'D', 44, 46}, {'E', 47, 50},
                                  {'F', 51, 52}, {'G', 53, 60}, {'H', 61, 62}, {'I', 63, 65}, {'J', 66, 69},
                                  {'K', 70, 70}, {'L', 71, 72}, {'M', 73, 75}, {'N', 76, 78}, {'O', 79, 81},
                                  {'P', 82, 82}, {'Q', 83, 84}, {'R', 85, 89}, {'S', 90, 95}, {'T', 96, 96}};
constexpr SectionRange k2002[] = {{'A', 1, 5},   {'B', 6, 11},  {'C', 13, 43}, {'D', 44, 46}, {'E', 47, 50},
                                  {'F', 51, 59}, {'G', 60, 62}, {'H', 63, 65}, {'I', 66, 67}, {'J', 68, 71},
                                  {'K', 72, 72}, {'L', 73, 74}, {'M', 75, 78}, {'N', 79, 81}, {'O', 82, 83},
                                  {'P', 84, 84}, {'Q', 85, 87}, {'R', 88, 92}, {'S', 93, 97}, {'T', 98, 98}};

int division_number(const IndustryCode& c) {
    const std::string d = c.division();
    return d.empty() ? -1 : (d[0] - '0') * 10 + (d[1] - '0');
}

}  // namespace

IndustryCode normalize_industry_code(std::string_view text) {
    auto codes = scan(fullwidth_to_ascii(text), 1);
    return codes.empty() ? IndustryCode{} : codes.front();
}

std::vector<IndustryCode> parse_industry_list(std::string_view text) {
    std::vector<IndustryCode> out;
    for (auto& c : scan(fullwidth_to_ascii(text), static_cast<size_t>(-1)))
        if (std::find(out.begin(), out.end(), c) == out.end()) out.push_back(std::move(c));
    return out;
}

char industry_section(const IndustryCode& code, std::string_view edition) {
    if (code.section) return code.section;
    const int div = division_number(code);
    if (div < 0) return 0;
    auto find_in = [&](const auto& table) -> char {
        for (const auto& r : table)
            if (div >= r.first && div <= r.last) return r.section;
        return 0;
    };
    if (edition == "2002") return find_in(k2002);
    if (edition == "2011") return find_in(k2011);
    return find_in(k2017);
}

bool industry_matches(const IndustryCode& code, const IndustryCode& prefix, std::string_view edition) {
    if (prefix.digits.empty()) return prefix.section != 0 && industry_section(code, edition) == prefix.section;
    if (code.digits.size() < prefix.digits.size()) return false;
    return code.digits.compare(0, prefix.digits.size(), prefix.digits) == 0;
}

bool IndustryScope::contains(const IndustryCode& code, std::string_view edition) const {
    const char sec = industry_section(code, edition);
    if (sec && std::find(sections.begin(), sections.end(), sec) != sections.end()) return true;
    const int div = division_number(code);
    for (const auto& [lo, hi] : divisions)
        if (div >= lo && div <= hi) return true;
    return false;
}

IndustryScope parse_industry_scope(std::string_view text, std::string_view key) {
    IndustryScope sc;
    sc.text = std::string(text);
    std::string s = fullwidth_to_ascii(text);
    std::replace(s.begin(), s.end(), ',', '|');
    auto bad = [&](const std::string& entry) {
        return ConfigError(Msg::EScopeEntry, {std::string(key), quote_text(text), quote_text(entry)});
    };
    auto division = [&](const std::string& d, const std::string& entry) {
        if (d.size() != 2 || !is_digit(d[0]) || !is_digit(d[1])) throw bad(entry);
        return (d[0] - '0') * 10 + (d[1] - '0');
    };
    for (const auto& raw : split(s, '|')) {
        const std::string e = trim(raw);
        if (e.empty()) continue;
        if (e.size() == 1 && is_section(e[0])) {
            sc.sections.push_back(upper(e[0]));
            continue;
        }
        const auto dash = e.find('-');
        if (dash == std::string::npos) {
            const int d = division(e, e);
            sc.divisions.push_back({d, d});
        } else {
            const int lo = division(trim(e.substr(0, dash)), e), hi = division(trim(e.substr(dash + 1)), e);
            if (lo > hi) throw bad(e);
            sc.divisions.push_back({lo, hi});
        }
    }
    if (sc.sections.empty() && sc.divisions.empty())
        throw ConfigError(Msg::EScopeEmpty, {std::string(key), quote_text(text)});
    return sc;
}

}  // namespace landeff
