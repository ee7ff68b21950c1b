#include "landeff/encoding.hpp"

#include <cpl_string.h>

#include <filesystem>
#include <fstream>

#include "landeff/text.hpp"

namespace landeff {

bool is_valid_gbk(std::string_view s) {
    for (size_t i = 0; i < s.size();) {
        const auto c = static_cast<unsigned char>(s[i]);
        if (c < 0x80) { ++i; continue; }
        if (c < 0x81 || c > 0xFE || i + 1 >= s.size()) return false;
        const auto t = static_cast<unsigned char>(s[i + 1]);
        if (t < 0x40 || t > 0xFE || t == 0x7F) return false;
        i += 2;
    }
    return true;
}

namespace {

// Length of the valid UTF-8 sequence starting at s[i], 0 when the bytes there are not one.
size_t utf8_sequence_at(std::string_view s, size_t i) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) return 1;
    size_t len = 0;
    uint32_t cp = 0;
    if ((c & 0xE0) == 0xC0) { len = 2; cp = c & 0x1Fu; }
    else if ((c & 0xF0) == 0xE0) { len = 3; cp = c & 0x0Fu; }
    else if ((c & 0xF8) == 0xF0) { len = 4; cp = c & 0x07u; }
    else return 0;
    if (i + len > s.size()) return 0;
    for (size_t k = 1; k < len; ++k) {
        const auto cc = static_cast<unsigned char>(s[i + k]);
        if ((cc & 0xC0) != 0x80) return 0;
        cp = (cp << 6) | (cc & 0x3Fu);
    }
    if ((len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) ||
        (cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF)
        return 0;
    return len;
}

// Valid UTF-8 holding a 3-byte sequence (every CJK character): strong evidence of UTF-8 text,
// which GBK bytes form only by chance.
bool has_cjk_utf8(std::string_view s) {
    if (!is_valid_utf8(s)) return false;
    for (char ch : s)
        if ((static_cast<unsigned char>(ch) & 0xF0) == 0xE0) return true;
    return false;
}

}  // namespace

std::string detect_encoding(const std::vector<std::string>& samples) {
    bool all_ascii = true, all_utf8 = true, all_gbk = true, some_cjk_utf8 = false;
    for (const auto& s : samples) {
        if (is_ascii(s)) continue;
        all_ascii = false;
        all_utf8 = all_utf8 && is_valid_utf8(s);
        all_gbk = all_gbk && is_valid_gbk(s);
        some_cjk_utf8 = some_cjk_utf8 || has_cjk_utf8(s);
    }
    if (all_ascii) return "ASCII";
    if (all_utf8) return "UTF-8";
    // UTF-8 text with some values in another encoding (a GBK cell pasted into a UTF-8 file):
    // read as UTF-8 and repair the bad values one by one (repair_utf8), rather than decode the
    // good ones as GBK.
    if (some_cjk_utf8) return "UTF-8";
    if (all_gbk) return "CP936";
    return "ISO-8859-1";
}

bool plausible_utf8(const std::vector<std::string>& samples) {
    bool some_cjk = false;
    for (const auto& s : samples) {
        if (is_ascii(s)) continue;
        if (!is_valid_utf8(s)) return false;
        some_cjk = some_cjk || has_cjk_utf8(s);
    }
    return some_cjk;
}

std::string replace_invalid_utf8(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    for (size_t i = 0; i < s.size();) {
        const size_t len = utf8_sequence_at(s, i);
        if (len == 0) {
            out += "\xEF\xBF\xBD";  // U+FFFD REPLACEMENT CHARACTER, one per invalid byte
            ++i;
        } else {
            out.append(s.substr(i, len));
            i += len;
        }
    }
    return out;
}

std::string repair_utf8(std::string_view s, TextRepair& how) {
    how = TextRepair::None;
    if (is_valid_utf8(s)) return std::string(s);
    if (is_valid_gbk(s)) {
        std::string decoded = to_utf8(s, "CP936");
        if (!decoded.empty() && is_valid_utf8(decoded)) {
            how = TextRepair::DecodedGbk;
            return decoded;
        }
    }
    how = TextRepair::Replaced;
    return replace_invalid_utf8(s);
}

std::string canonical_encoding(std::string_view name) {
    const std::string n = ascii_lower(trim(name));
    if (n == "gbk" || n == "cp936" || n == "936" || n == "gb2312" || n == "gb18030" || n == "euc-cn" || n == "ansi 936")
        return n == "gb18030" ? "GB18030" : "CP936";
    if (n == "utf8" || n == "utf-8" || n == "65001") return "UTF-8";
    if (n == "latin1" || n == "iso-8859-1" || n == "iso8859-1") return "ISO-8859-1";
    if (n == "big5" || n == "cp950" || n == "950") return "CP950";
    std::string up(name);
    for (auto& c : up) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return up;
}

std::string shapefile_declared_encoding(const std::string& shp) {
    namespace fs = std::filesystem;
    const fs::path p(shp);
    if (ascii_lower(p.extension().string()) != ".shp" && ascii_lower(p.extension().string()) != ".dbf") return "";
    for (const char* ext : {".cpg", ".CPG"}) {
        fs::path cpg = p;
        cpg.replace_extension(ext);
        std::ifstream in(cpg);
        if (in) {
            std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
            text = trim(text);
            if (!text.empty()) return canonical_encoding(text);
        }
    }
    for (const char* ext : {".dbf", ".DBF"}) {
        fs::path dbf = p;
        dbf.replace_extension(ext);
        std::ifstream in(dbf, std::ios::binary);
        if (!in) continue;
        char header[32] = {};
        in.read(header, 32);
        if (in.gcount() < 32) return "";
        const auto ldid = static_cast<unsigned char>(header[29]);
        switch (ldid) {
            case 0x00: return "";
            case 0x4D: case 0x7A: return "CP936";  // 0x4D: Chinese GBK (PRC); 0x7A: PRC GBK
            case 0x4F: return "CP950";
            case 0x57: case 0x58: case 0x59: case 0x03: return "CP1252";
            case 0x01: return "CP437";
            default: return "LDID/" + std::to_string(ldid);  // let GDAL map it
        }
    }
    return "";
}

bool kept_as_is(std::string_view s, const std::string& from) {
    return from.empty() || from == "UTF-8" || from == "ASCII" || is_ascii(s);
}

std::string to_utf8(std::string_view s, const std::string& from) {
    if (kept_as_is(s, from)) return std::string(s);
    char* out = CPLRecode(std::string(s).c_str(), from.c_str(), CPL_ENC_UTF8);
    std::string r = out ? out : "";
    CPLFree(out);
    return r;
}

}  // namespace landeff
