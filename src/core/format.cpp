#include "landeff/format.hpp"

#include <charconv>
#include <cmath>
#include <cstdio>
#include <system_error>

#include "landeff/print_real.hpp"

namespace landeff::fmt {

namespace {
constexpr const char* kMissing = "—";

// printf's "%.*f" / "%.*g" of v, through print_real (std::to_chars's characters, faster): the
// standard defines to_chars's output with a precision as printf's in the C locale, and it is
// several times faster than glibc's printf (the explanations of a million parcels print millions
// of figures; issue 20). printf itself for what does not fit the buffer or a negative precision
// (printf's default of 6).
std::string printed(double v, std::chars_format format, int precision) {
    char buf[128];
    if (precision >= 0) {
        const auto r = print_real(buf, buf + sizeof buf, v, format, precision);
        if (r.ec == std::errc()) return std::string(buf, r.ptr);
    }
    const char* spec = format == std::chars_format::fixed ? "%.*f" : "%.*g";
    const int n = std::snprintf(nullptr, 0, spec, precision, v);
    if (n < 0) return kMissing;
    std::string out(static_cast<size_t>(n) + 1, '\0');
    std::snprintf(out.data(), out.size(), spec, precision, v);
    out.pop_back();
    return out;
}
}  // namespace

std::string fixed(double v, int decimals) {
    if (std::isnan(v)) return kMissing;
    return printed(v, std::chars_format::fixed, decimals);
}

std::string sig(double v, int digits) {
    if (std::isnan(v)) return kMissing;
    return printed(v, std::chars_format::general, digits);
}

std::string percent(double share, int decimals) {
    if (std::isnan(share)) return kMissing;
    std::string t = printed(share * 100, std::chars_format::fixed, decimals);
    t.append(" %");
    return t;
}

std::string signed_percent(double change, int decimals) {
    if (std::isnan(change)) return kMissing;
    const std::string t = printed(change * 100, std::chars_format::fixed, decimals);  // "%+.*f %%"
    std::string out;  // appended, not "+" + t: GCC 12 -O3 warns falsely (-Wrestrict) of that
    if (t.empty() || t[0] != '-') out.push_back('+');
    out.append(t).append(" %");
    return out;
}

Pair fixed_pair(double value, double threshold, int decimals) {
    int d = decimals;
    while (d < 6 && value != threshold && fixed(value, d) == fixed(threshold, d)) ++d;
    return {fixed(value, d), fixed(threshold, d)};
}

Pair percent_pair(double value, double threshold, int decimals) {
    int d = decimals;
    while (d < 6 && value != threshold && percent(value, d) == percent(threshold, d)) ++d;
    return {percent(value, d), percent(threshold, d)};
}

}  // namespace landeff::fmt
