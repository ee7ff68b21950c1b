#pragma once
// Small text helpers: UTF-8 checks, case folding for field names, edit distance for "did you mean".
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

namespace landeff {

bool is_valid_utf8(std::string_view s);
bool is_ascii(std::string_view s);
std::string ascii_lower(std::string_view s);
bool iequals(std::string_view a, std::string_view b);  // ASCII case-insensitive, bytes otherwise
std::string trim(std::string_view s);                    // ASCII and full-width/ideographic spaces
std::string_view trim_view(std::string_view s);          // the same, as a view into s (no copy)
// True when `code`, trimmed, starts with one of `prefixes` (ASCII case-insensitive; empty prefixes
// ignored); an empty code matches nothing. No copy is made (issue 20: it runs per parcel).
bool code_in(std::string_view code, const std::vector<std::string>& prefixes);
std::string join(const std::vector<std::string>& parts, std::string_view sep);
std::vector<std::string> split(std::string_view s, char sep);
size_t edit_distance(std::string_view a, std::string_view b);
// The candidate nearest to `word` (case-insensitive edit distance), or "" when none is close.
std::string nearest(std::string_view word, const std::vector<std::string>& candidates);
// Quotes a value for a message: "abc" with control characters escaped and long values cut.
std::string quote_text(std::string_view s, size_t max_len = 60);
// Replaces full-width digits, letters and punctuation (ＡＢＣ１２３．－，) with ASCII.
std::string fullwidth_to_ascii(std::string_view s);

}  // namespace landeff

namespace landeff {
// The longest prefix of UTF-8 text that fits in `max` bytes without splitting a character.
std::string utf8_prefix(const std::string& s, size_t max);
// Its length: the bytes of `s` up to `max`, moved back to the start of a character.
size_t utf8_prefix_size(std::string_view s, size_t max);

// Appends `t` as a JSON string: " and \ escaped, control characters as \b \f \n \r \t or \u00XX,
// the rest (UTF-8 included) as it is — as json-c prints a string for GDAL's GeoJSON writer and as
// nlohmann::json dumps one.
void append_json_string(std::string& out, std::string_view t);
// The same characters written at `p`, which has room for 2 + 6 × t.size() bytes (the longest
// escape, \u00XX, is six); returns the end.
char* put_json_string(char* p, std::string_view t);

// The first position at or after `k` whose byte is below 0x20 or one of `Special` (t.size() when
// none): what the writers' escaping loops look for (JSON strings, report.xlsx's text). Eight bytes
// are tested at once (issue 20: the byte-by-byte loops were a tenth of report.xlsx's time): a byte
// below 0x20 makes x - 0x20…20 borrow into its top bit while its own top bit is clear, a byte equal
// to c makes x ^ c…c zero, found the same way; a borrow reaches only bytes above a true hit, so a
// word with any mark holds a hit, which the byte loop then finds within it.
template <char... Special>
size_t next_special(std::string_view t, size_t k) {
    constexpr uint64_t ones = 0x0101010101010101ull, high = 0x8080808080808080ull;
    const size_t n = t.size();
    for (; k + 8 <= n; k += 8) {
        uint64_t x;
        std::memcpy(&x, t.data() + k, 8);
        uint64_t hit = (x - ones * 0x20) & ~x & high;
        ((hit |= ((x ^ (ones * static_cast<unsigned char>(Special))) - ones) & ~(x ^ (ones * static_cast<unsigned char>(Special))) & high), ...);
        if (hit) break;
    }
    for (; k < n; ++k) {
        const auto c = static_cast<unsigned char>(t[k]);
        if (c < 0x20 || ((c == static_cast<unsigned char>(Special)) || ...)) return k;
    }
    return n;
}

// The position of the first NUL byte of `t` (t.size() when none), eight bytes at a time (issue 20:
// every text cell of every row is cut at its first NUL as OGR keeps a C string, and memchr's call
// cost more than the scan of a short text). A byte x is zero when (x - 1) borrows into its top bit
// while its own top bit is clear; a borrow reaches only bytes above the first zero, so the lowest
// mark is the first NUL (little-endian: the lowest byte comes first).
inline size_t find_nul(std::string_view t) {
    constexpr uint64_t ones = 0x0101010101010101ull, high = 0x8080808080808080ull;
    const size_t n = t.size();
    size_t k = 0;
    for (; k + 8 <= n; k += 8) {
        uint64_t x;
        std::memcpy(&x, t.data() + k, 8);
        if (const uint64_t hit = (x - ones) & ~x & high) return k + static_cast<size_t>(__builtin_ctzll(hit) / 8);
    }
    for (; k < n; ++k)
        if (t[k] == '\0') return k;
    return n;
}

// Escapes & < > " for XML and HTML text and attributes.
std::string xml_escape(std::string_view s);

// Hides passwords in connection strings (PG:… password=secret → password=***).
std::string redact_secrets(std::string_view s);
}  // namespace landeff
