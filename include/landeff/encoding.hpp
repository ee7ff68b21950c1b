#pragma once
// Text encodings of attribute sources. Chinese shapefiles are often GBK (CP936) with no .cpg
// and a zero LDID byte; GDAL then assumes ISO-8859-1 and the text comes out garbled.
#include <string>
#include <string_view>
#include <vector>

namespace landeff {

// True when every byte sequence is a valid GBK (CP936) character or ASCII.
bool is_valid_gbk(std::string_view s);

// Given raw byte strings from a source: "ASCII" when all are ASCII, "UTF-8" when all are valid
// UTF-8 or when some are valid UTF-8 with CJK characters (a mixed file: the others are repaired
// one by one with repair_utf8), "CP936" when some are not UTF-8 but all are valid GBK, else
// "ISO-8859-1".
std::string detect_encoding(const std::vector<std::string>& samples);

// What a shapefile declares: the .cpg text, else the DBF language driver id (LDID, byte 29)
// mapped to a code page; "" when it declares nothing. `shp` is the .shp or .dbf path.
std::string shapefile_declared_encoding(const std::string& shp);

// Canonical spelling of a user-given encoding name (gbk, GB2312, cp936 → CP936; utf8 → UTF-8).
std::string canonical_encoding(std::string_view name);

// Converts text in `from` to UTF-8 (iconv through GDAL's CPLRecode).
std::string to_utf8(std::string_view s, const std::string& from);
// Whether to_utf8 gives s back unchanged (no encoding to recode from, or plain ASCII).
bool kept_as_is(std::string_view s, const std::string& from);

// Every non-ASCII sample is valid UTF-8 and at least one holds a CJK character (a 3-byte
// sequence): text that is UTF-8, not GBK (GBK bytes form such sequences only by chance).
bool plausible_utf8(const std::vector<std::string>& samples);

// Text that must be UTF-8 (issue 14: no output may hold invalid UTF-8). Valid UTF-8 is returned
// as is; bytes that are valid GBK are decoded as GBK (DecodedGbk); anything else has each invalid
// byte replaced by U+FFFD (Replaced). The caller records a finding when `how` is not None.
enum class TextRepair { None, DecodedGbk, Replaced };
std::string repair_utf8(std::string_view s, TextRepair& how);
std::string replace_invalid_utf8(std::string_view s);

}  // namespace landeff
