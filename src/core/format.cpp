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

}  // namespace landeff::fmt
