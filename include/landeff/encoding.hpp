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
// UTF-8, "CP936" when some are not UTF-8 but all are valid GBK, else "ISO-8859-1".
std::string detect_encoding(const std::vector<std::string>& samples);

// What a shapefile declares: the .cpg text, else the DBF language driver id (LDID, byte 29)
// mapped to a code page; "" when it declares nothing. `shp` is the .shp or .dbf path.
std::string shapefile_declared_encoding(const std::string& shp);

// Canonical spelling of a user-given encoding name (gbk, GB2312, cp936 → CP936; utf8 → UTF-8).
std::string canonical_encoding(std::string_view name);

// Converts text in `from` to UTF-8 (iconv through GDAL's CPLRecode).
std::string to_utf8(std::string_view s, const std::string& from);

}  // namespace landeff
