#include "landeff/text.hpp"

#include <cstring>

#include <algorithm>
#include <cctype>
#include <cstdint>

namespace landeff {

bool is_valid_utf8(std::string_view s) {
    size_t i = 0;
    const size_t n = s.size();
    while (i < n) {
        const auto c = static_cast<unsigned char>(s[i]);
        if (c < 0x80) { ++i; continue; }
        size_t len = 0;
        uint32_t cp = 0;
        if ((c & 0xE0) == 0xC0) { len = 2; cp = c & 0x1Fu; }
        else if ((c & 0xF0) == 0xE0) { len = 3; cp = c & 0x0Fu; }
        else if ((c & 0xF8) == 0xF0) { len = 4; cp = c & 0x07u; }
        else return false;
        if (i + len > n) return false;
        for (size_t k = 1; k < len; ++k) {
            const auto cc = static_cast<unsigned char>(s[i + k]);
            if ((cc & 0xC0) != 0x80) return false;
            cp = (cp << 6) | (cc & 0x3Fu);
        }
        // Reject overlong forms, surrogates and code points above U+10FFFF.
        if ((len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) ||
            (cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF)
            return false;
        i += len;
    }
    return true;
}

bool is_ascii(std::string_view s) {
    return std::all_of(s.begin(), s.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; });
}

std::string ascii_lower(std::string_view s) {
    std::string out(s);
    for (auto& c : out)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return out;
}

bool iequals(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; };
    for (size_t i = 0; i < a.size(); ++i)
        if (lower(a[i]) != lower(b[i])) return false;
    return true;
}

bool code_in(std::string_view code, const std::vector<std::string>& prefixes) {
    const std::string_view c = trim_view(code);
    if (c.empty()) return false;
    for (const auto& p : prefixes)
        if (!p.empty() && c.size() >= p.size() && iequals(c.substr(0, p.size()), p)) return true;
    return false;
}

std::string trim(std::string_view s) { return std::string(trim_view(s)); }

std::string_view trim_view(std::string_view s) {
    auto starts_ws = [](std::string_view v) -> size_t {
        if (v.empty()) return 0;
        const auto c = static_cast<unsigned char>(v[0]);
        if (c == ' ' || c == '\t' || c == '\r' || c == '\n') return 1;
        if (v.substr(0, 3) == "\xE3\x80\x80") return 3;  // U+3000 ideographic space
        if (v.substr(0, 2) == "\xC2\xA0") return 2;      // U+00A0 no-break space
        if (v.substr(0, 3) == "\xEF\xBB\xBF") return 3;  // BOM
        return 0;
    };
    auto ends_ws = [](std::string_view v) -> size_t {
        if (v.empty()) return 0;
        const auto c = static_cast<unsigned char>(v.back());
        if (c == ' ' || c == '\t' || c == '\r' || c == '\n') return 1;
        if (v.size() >= 3 && v.substr(v.size() - 3) == "\xE3\x80\x80") return 3;
        if (v.size() >= 2 && v.substr(v.size() - 2) == "\xC2\xA0") return 2;
        return 0;
    };
    for (size_t k; (k = starts_ws(s)) != 0;) s.remove_prefix(k);
    for (size_t k; (k = ends_ws(s)) != 0;) s.remove_suffix(k);
    return s;
}

std::string join(const std::vector<std::string>& parts, std::string_view sep) {
    std::string out;
    for (size_t i = 0; i < parts.size(); ++i) {
        if (i) out += sep;
        out += parts[i];
    }
    return out;
}

std::vector<std::string> split(std::string_view s, char sep) {
    std::vector<std::string> out;
    size_t start = 0;
    for (size_t i = 0; i <= s.size(); ++i) {
        if (i == s.size() || s[i] == sep) {
            out.emplace_back(s.substr(start, i - start));
            start = i + 1;
        }
    }
    return out;
}

size_t edit_distance(std::string_view a, std::string_view b) {
    std::vector<size_t> prev(b.size() + 1), cur(b.size() + 1);
    for (size_t j = 0; j <= b.size(); ++j) prev[j] = j;
    for (size_t i = 1; i <= a.size(); ++i) {
        cur[0] = i;
        for (size_t j = 1; j <= b.size(); ++j) {
            const size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
            cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost});
        }
        std::swap(prev, cur);
    }
    return prev[b.size()];
}

std::string nearest(std::string_view word, const std::vector<std::string>& candidates) {
    const std::string w = ascii_lower(word);
    std::string best;
    size_t best_d = SIZE_MAX;
    for (const auto& c : candidates) {
        const size_t d = edit_distance(w, ascii_lower(c));
        if (d < best_d) { best_d = d; best = c; }
    }
    // Close enough to be a typo: at most a third of the word's length, at least 2 edits allowed.
    const size_t limit = std::max<size_t>(2, w.size() / 3);
    return best_d <= limit ? best : std::string();
}

std::string quote_text(std::string_view s, size_t max_len) {
    std::string out = "\"";
    size_t shown = 0;
    for (char c : s) {
        if (shown >= max_len) { out += "…"; break; }
        const auto u = static_cast<unsigned char>(c);
        if (c == '"') out += "\\\"";
        else if (c == '\n') out += "\\n";
        else if (c == '\t') out += "\\t";
        else if (u < 0x20) out += "?";
        else out += c;
        ++shown;
    }
    out += "\"";
    return out;
}

std::string fullwidth_to_ascii(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    for (size_t i = 0; i < s.size();) {
        const auto c = static_cast<unsigned char>(s[i]);
        // U+FF01..U+FF5E are EF BC 81..EF BD 9E, mapping to 0x21..0x7E.
        if (c == 0xEF && i + 2 < s.size()) {
            const auto c1 = static_cast<unsigned char>(s[i + 1]);
            const auto c2 = static_cast<unsigned char>(s[i + 2]);
            uint32_t cp = 0;
            if (c1 == 0xBC && c2 >= 0x81 && c2 <= 0xBF) cp = 0xFF00u + (c2 - 0x80u);
            else if (c1 == 0xBD && c2 >= 0x80 && c2 <= 0x9E) cp = 0xFF40u + (c2 - 0x80u);
            if (cp) {
                out += static_cast<char>(cp - 0xFF01u + 0x21u);
                i += 3;
                continue;
            }
        }
        out += static_cast<char>(c);
        ++i;
    }
    return out;
}

}  // namespace landeff

namespace landeff {
std::string xml_escape(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    for (char c : s) {
        switch (c) {
            case '&': out += "&amp;"; break;
            case '<': out += "&lt;"; break;
            case '>': out += "&gt;"; break;
            case '"': out += "&quot;"; break;
            default: out += c;
        }
    }
    return out;
}

size_t utf8_prefix_size(std::string_view s, size_t max) {
    if (s.size() <= max) return s.size();
    size_t n = max;
    while (n > 0 && (static_cast<unsigned char>(s[n]) & 0xC0) == 0x80) --n;
    return n;
}

std::string utf8_prefix(const std::string& s, size_t max) { return s.substr(0, utf8_prefix_size(s, max)); }

namespace {

bool starts_with_ci(std::string_view s, size_t at, std::string_view word) {
    if (s.size() - at < word.size()) return false;
    for (size_t k = 0; k < word.size(); ++k)
        if (std::tolower(static_cast<unsigned char>(s[at + k])) != word[k]) return false;
    return true;
}

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

}  // namespace

// One pass over the text. Three spellings carry a password:
// - keyword = value (libpq conninfo, ODBC, environment): any word ending in `password` or `pwd`
//   (so PGPASSWORD=… too), spaces allowed around `=`; the value is quoted ('…' or "…", backslash
//   escapes inside) or runs to the next space (a backslash escapes the next character, as in
//   libpq); after `?` or `&` (a URI parameter) it also ends at `&` or `#`;
// - URI userinfo: scheme://user:secret@host → scheme://user:***@host (the last `@` before the
//   path, so a password holding `@` is hidden whole).
// What cannot be told apart is hidden rather than shown: an unterminated quote hides the rest.
std::string redact_secrets(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    size_t i = 0;
    while (i < s.size()) {
        if (s.compare(i, 3, "://") == 0) {
            out += "://";
            i += 3;
            size_t end = i;
            while (end < s.size() && !is_space(s[end]) && s[end] != '/' && s[end] != '?' && s[end] != '#' &&
                   s[end] != '"' && s[end] != '\'')
                ++end;
            const size_t at = s.substr(i, end - i).rfind('@');
            if (at == std::string_view::npos) continue;
            const size_t colon = s.substr(i, at).find(':');
            if (colon == std::string_view::npos) continue;
            out.append(s.substr(i, colon + 1));
            out += "***@";
            i += at + 1;
            continue;
        }
        size_t kw = 0;
        if (starts_with_ci(s, i, "password")) kw = 8;
        else if (starts_with_ci(s, i, "pwd")) kw = 3;
        if (kw == 0) {
            out += s[i++];
            continue;
        }
        size_t k = i + kw;
        while (k < s.size() && (s[k] == ' ' || s[k] == '\t')) ++k;
        if (k >= s.size() || s[k] != '=') {
            out.append(s.substr(i, kw));
            i += kw;
            continue;
        }
        ++k;
        while (k < s.size() && (s[k] == ' ' || s[k] == '\t')) ++k;
        const bool uri_param = i > 0 && (s[i - 1] == '?' || s[i - 1] == '&');
        out.append(s.substr(i, k - i));
        out += "***";
        size_t j = k;
        if (s.compare(j, 3, "***") == 0) {  // already hidden: what follows is not the password
            i = j + 3;
            continue;
        }
        if (j < s.size() && (s[j] == '\'' || s[j] == '"')) {
            const char q = s[j++];
            while (j < s.size() && s[j] != q) j += s[j] == '\\' ? 2 : 1;
            j = std::min(j + 1, s.size());
        } else {
            while (j < s.size() && !is_space(s[j]) && !(uri_param && (s[j] == '&' || s[j] == '#'))) j += s[j] == '\\' ? 2 : 1;
            j = std::min(j, s.size());
        }
        i = j;
    }
    return out;
}
// The escapes are json-c 0.16's with no escape for "/" (as GDAL asks of it), and nlohmann::json's.
char* put_json_string(char* p, std::string_view t) {
    *p++ = '"';
    size_t run = 0;
    for (size_t k = next_special<'"', '\\'>(t, 0); k < t.size(); k = next_special<'"', '\\'>(t, k + 1)) {
        const auto c = static_cast<unsigned char>(t[k]);
        std::memcpy(p, t.data() + run, k - run);
        p += k - run;
        run = k + 1;
        *p++ = '\\';
        switch (c) {
            case '\b': *p++ = 'b'; break;
            case '\n': *p++ = 'n'; break;
            case '\r': *p++ = 'r'; break;
            case '\t': *p++ = 't'; break;
            case '\f': *p++ = 'f'; break;
            case '"': *p++ = '"'; break;
            case '\\': *p++ = '\\'; break;
            default: {
                static constexpr char hex[] = "0123456789abcdef";
                *p++ = 'u', *p++ = '0', *p++ = '0', *p++ = hex[c >> 4], *p++ = hex[c & 0xf];
            }
        }
    }
    std::memcpy(p, t.data() + run, t.size() - run);
    p += t.size() - run;
    *p++ = '"';
    return p;
}

void append_json_string(std::string& out, std::string_view t) {
    const size_t at = out.size();
    out.resize(at + 2 + 6 * t.size());
    out.resize(static_cast<size_t>(put_json_string(out.data() + at, t) - out.data()));
}

}  // namespace landeff
