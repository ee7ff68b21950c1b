#include "landeff/format.hpp"

#include <cmath>
#include <cstdio>

namespace landeff::fmt {

namespace {
constexpr const char* kMissing = "—";
}

std::string fixed(double v, int decimals) {
    if (std::isnan(v)) return kMissing;
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
    return buf;
}

std::string sig(double v, int digits) {
    if (std::isnan(v)) return kMissing;
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.*g", digits, v);
    return buf;
}

std::string percent(double share, int decimals) {
    if (std::isnan(share)) return kMissing;
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.*f %%", decimals, share * 100);
    return buf;
}

std::string signed_percent(double change, int decimals) {
    if (std::isnan(change)) return kMissing;
    char buf[64];
    std::snprintf(buf, sizeof buf, "%+.*f %%", decimals, change * 100);
    return buf;
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
