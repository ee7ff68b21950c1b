#pragma once
// A real number printed with a precision, as printf prints it in the C locale ("%.*f", "%.*g"):
// the very characters std::to_chars gives (the standard defines its output with a precision as
// printf's), several times faster (issue 20). libstdc++'s to_chars with a precision takes
// 60–90 ns a number (a general algorithm and its tables for every double); the writers print a
// few hundred million numbers at a million parcels (report.xlsx's cells, GeoJSON's reals and
// coordinates, the .dbf's figures, the explanations' texts). Here a double is an integer times a
// power of two, so |v| × 10^k is an exact fraction over 128-bit integers for the numbers the
// outputs hold: its integer part and remainder give the digits, rounded to nearest with ties to
// even as printf does. Whatever lies outside that range (zero excepted: subnormals, |v| ≥ 1e19
// in fixed, more than 17 digits, numbers whose fraction does not fit) goes to std::to_chars
// itself. Test PrintReal.* compares both on millions of numbers, ties and edges among them.
#include <charconv>

namespace landeff {

// std::to_chars(first, last, v, format, precision) for format fixed or general and
// 0 ≤ precision ≤ 17 (general treats 0 as 1, as printf): the same characters and result. Other
// formats and precisions are std::to_chars's.
std::to_chars_result print_real(char* first, char* last, double v, std::chars_format format, int precision);

}  // namespace landeff
