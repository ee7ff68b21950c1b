#pragma once
// The generator of the synthetic cities, shared by `synth` and `synth --from`.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <vector>

namespace landeff {

// splitmix64: a small, portable generator, so a seed gives the same city on every platform
// (std:: distributions are implementation-defined).
class Rng {
public:
    Rng(uint64_t seed, uint64_t salt) : m_s(seed * 0x9E3779B97F4A7C15ull + salt) {}
    uint64_t next() {
        uint64_t z = (m_s += 0x9E3779B97F4A7C15ull);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
        return z ^ (z >> 31);
    }
    double uniform() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }
    double uniform(double a, double b) { return a + (b - a) * uniform(); }
    int integer(int a, int b) { return a + static_cast<int>(next() % static_cast<uint64_t>(b - a + 1)); }
    bool chance(double p) { return uniform() < p; }
    double normal() {  // Box–Muller
        const double u1 = std::max(uniform(), 1e-300), u2 = uniform();
        return std::sqrt(-2.0 * std::log(u1)) * std::cos(6.283185307179586 * u2);
    }
    template <class T> const T& pick(const std::vector<T>& v) { return v[next() % v.size()]; }

private:
    uint64_t m_s;
};

}  // namespace landeff
