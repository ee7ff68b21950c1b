#include <algorithm>
#include <cmath>
#include <limits>

#include "landeff/maps.hpp"

namespace landeff {

size_t value_class(double value, const std::vector<double>& breaks) {
    if (std::isnan(value)) return breaks.size() + 1;
    size_t k = 0;
    while (k < breaks.size() && value >= breaks[k]) ++k;
    return k;
}

std::vector<double> quantile_breaks(std::vector<double> v, int classes) {
    std::vector<double> out;
    if (v.empty() || classes < 2) return out;
    std::sort(v.begin(), v.end());
    for (int k = 1; k < classes; ++k) {
        const double pos = static_cast<double>(k) * static_cast<double>(v.size()) / classes;
        const size_t i = std::min(v.size() - 1, static_cast<size_t>(pos));
        out.push_back(v[i]);
    }
    out.erase(std::unique(out.begin(), out.end()), out.end());
    return out;
}

// Jenks natural breaks (Fisher's dynamic programming), on at most 2000 evenly spaced sorted
// values so a province-scale layer stays fast.
std::vector<double> jenks_breaks(std::vector<double> all, int classes) {
    std::vector<double> out;
    if (all.empty() || classes < 2) return out;
    std::sort(all.begin(), all.end());
    std::vector<double> v;
    const size_t cap = 2000;
    if (all.size() > cap)
        for (size_t i = 0; i < cap; ++i) v.push_back(all[i * (all.size() - 1) / (cap - 1)]);
    else
        v = all;
    const size_t n = v.size(), k = static_cast<size_t>(classes);
    if (n <= k) return quantile_breaks(v, classes);
    const double inf = std::numeric_limits<double>::infinity();
    std::vector<std::vector<double>> var(n + 1, std::vector<double>(k + 1, inf));
    std::vector<std::vector<size_t>> lower(n + 1, std::vector<size_t>(k + 1, 1));
    var[0][0] = 0;
    for (size_t j = 1; j <= k; ++j) var[0][j] = 0;
    for (size_t l = 2; l <= n; ++l) {
        double s = 0, s2 = 0, w = 0;
        for (size_t m = 1; m <= l; ++m) {
            const size_t i = l - m + 1;
            const double val = v[i - 1];
            s += val;
            s2 += val * val;
            w += 1;
            const double variance = s2 - s * s / w;
            if (i > 1)
                for (size_t j = 2; j <= k; ++j)
                    if (var[l][j] >= variance + var[i - 1][j - 1]) {
                        lower[l][j] = i;
                        var[l][j] = variance + var[i - 1][j - 1];
                    }
            lower[l][1] = 1;
            var[l][1] = variance;
        }
    }
    std::vector<double> br(k);
    size_t idx = n;
    for (size_t j = k; j >= 2; --j) {
        const size_t id = lower[idx][j] - 1;
        br[j - 2] = v[id];
        idx = lower[idx][j] - 1;
    }
    out.assign(br.begin(), br.begin() + static_cast<long>(k - 1));
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    return out;
}

}  // namespace landeff
