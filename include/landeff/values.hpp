#pragma once
// Parsing of attribute values typed as text in the sources.
#include <optional>
#include <string>
#include <string_view>

namespace landeff {

// A number written as text: "1234.5", "1,234.5", "1 234,5" is NOT accepted (ambiguous),
// full-width digits, a leading '+', and a trailing unit when it is the field's own unit
// (m², ㎡, 平方米, m2 for areas; 万元 for money; % turns the value into a ratio when unit is
// "ratio"). Anything else, including a unit that would need conversion (亩, 元, 公顷), is
// rejected so the caller records a finding instead of silently guessing.
std::optional<double> parse_number(std::string_view text, std::string_view unit);

// 1/0, true/false, yes/no, y/n, 是/否, 已投产/未投产, 投产/未投产.
std::optional<bool> parse_flag(std::string_view text);

// A year: "2015", "2015年", or a date whose year is taken.
std::optional<int> parse_year(std::string_view text);

// Park level to its canonical value: national|provincial|municipal|county|other.
// Accepts the English words, 国家级/省级/市级/县级/区级/其他, 国务院 (national), 省政府 (provincial).
std::optional<std::string> parse_level(std::string_view text);

// Enterprise scale: above|below; accepts 规上/规下, 规模以上/规模以下, 是/否 (of 是否规上), 1/0.
std::optional<std::string> parse_scale(std::string_view text);

// An id (ent_id, parcel_id, park_id, appr_id) stored as a number, e.g. an XLSX cell holding an
// 18-digit credit code: its digits without exponent ("913303001234568000", never
// "9.13303001234568e+17"). An integral value of at most 15 digits is exact. One of more digits
// has been rounded when it is at or beyond 2^53 (a double cannot hold every such integer) or when
// its digits after the 15th are zeros (Excel keeps 15 significant digits): `rounded` is then set
// and the text is the 15 digits kept followed by zeros, as Excel shows the cell. A value that is
// not a whole number is written with up to 15 significant digits.
std::string id_number_text(double v, bool& rounded);

// Whether a canonical field name is an id used to join or identify rows.
bool is_id_field(std::string_view canonical);

}  // namespace landeff
