#pragma once
// GB/T 4754 industry codes as real tables write them ("3411", "C3411", "C 34", "34（通用设备）",
// " c34 ", "通用设备(34)、专用设备(35)"): one normaliser used by compliance, platforms and grading.
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace landeff {

struct IndustryCode {
    char section = 0;    // the section letter A–T when the text writes one ("C3411" → 'C'), else 0
    std::string digits;  // the code's digits ("3411"), "" when there are none
    bool empty() const { return section == 0 && digits.empty(); }
    // The two-digit division ("34"), or "" when the code has fewer than two digits.
    std::string division() const { return digits.size() >= 2 ? digits.substr(0, 2) : std::string(); }
    bool operator==(const IndustryCode& o) const { return section == o.section && digits == o.digits; }
};

// The first code in the text: full-width characters folded to ASCII, the first group of digits,
// and the ASCII letter A–T written just before it (spaces allowed: "C 34"), upper-cased. A text
// that is only a letter ("C") is a section without digits. Anything else around it is ignored.
IndustryCode normalize_industry_code(std::string_view text);

// Every code in a list such as a park's leading industries: "34,35", "34、35", "C34;C35",
// "通用设备(34)、专用设备(35)" → each digit group (with its letter), or a standalone letter; duplicates
// dropped, in order of first appearance.
std::vector<IndustryCode> parse_industry_list(std::string_view text);

// The section (门类) of a code: its own letter when written, else the section whose divisions hold
// its first two digits in the given edition of GB/T 4754 ("2017", "2011" or "2002"); 0 unknown.
char industry_section(const IndustryCode& code, std::string_view edition);

// Whether `code` starts with `prefix` (a leading-industry entry): digits by prefix; an entry that
// is only a letter matches every code of that section.
bool industry_matches(const IndustryCode& code, const IndustryCode& prefix, std::string_view edition);

// Which industries a rule applies to: sections ("C"), divisions ("34") and division ranges
// ("13-43"), separated by '|' or ','. Throws ConfigError naming `key` when an entry is neither.
struct IndustryScope {
    std::string text;                          // as configured, for messages
    std::vector<char> sections;
    std::vector<std::pair<int, int>> divisions;  // inclusive ranges of two-digit divisions
    bool contains(const IndustryCode& code, std::string_view edition) const;
};
IndustryScope parse_industry_scope(std::string_view text, std::string_view key);

}  // namespace landeff
