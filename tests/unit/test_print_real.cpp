// print_real against std::to_chars (which the standard defines as printf's "%.*f" / "%.*g"): the
// same characters for every number tried — random bit patterns over the whole range, figures as
// the outputs hold them, exact ties (rounded to even), powers of ten and their neighbours, the
// places where %g changes style, signed zeros — and the same result when the buffer is too short.
#include <gtest/gtest.h>

#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <random>
#include <string>
#include <vector>

#include "landeff/print_real.hpp"

namespace {

using landeff::print_real;

std::string theirs(double v, std::chars_format f, int p) {
    char b[400];
    const auto r = std::to_chars(b, b + sizeof b, v, f, p);
    EXPECT_EQ(r.ec, std::errc());
    return std::string(b, r.ptr);
}

std::string ours(double v, std::chars_format f, int p) {
    char b[400];
    const auto r = print_real(b, b + sizeof b, v, f, p);
    EXPECT_EQ(r.ec, std::errc());
    return std::string(b, r.ptr);
}

// Every precision both formats are asked for in the writers, and the rest up to 17.
void same_for_all(double v, int* mismatches) {
    for (const auto f : {std::chars_format::fixed, std::chars_format::general})
        for (int p = 0; p <= 17; ++p) {
            const std::string a = theirs(v, f, p), b = ours(v, f, p);
            if (a != b && ++*mismatches <= 20)
                ADD_FAILURE() << (f == std::chars_format::fixed ? "%." : "%.") << p << (f == std::chars_format::fixed ? "f" : "g")
                              << " of " << std::hexfloat << v << std::defaultfloat << ": to_chars \"" << a << "\", print_real \"" << b
                              << "\"";
        }
}

double from_bits(uint64_t b) {
    double v;
    std::memcpy(&v, &b, sizeof v);
    return v;
}

TEST(PrintReal, HandCases) {
    auto g = [](double v, int p) { return ours(v, std::chars_format::general, p); };
    auto f = [](double v, int d) { return ours(v, std::chars_format::fixed, d); };
    // Ties go to the even digit: 0.125 = 1/8 exactly → "0.12"; 0.375 → "0.38"; 2.5 → "2".
    EXPECT_EQ(f(0.125, 2), "0.12");
    EXPECT_EQ(f(0.375, 2), "0.38");
    EXPECT_EQ(f(2.5, 0), "2");
    EXPECT_EQ(f(3.5, 0), "4");
    // 1/256 · 10^7 = 39062.5 exactly: a tie at 7 decimals (GeoJSON coordinates) → 0.0039062.
    EXPECT_EQ(f(1.0 / 256, 7), "0.0039062");
    EXPECT_EQ(f(3.0 / 256, 7), "0.0117188");  // 117187.5 → 117188 (even)
    // 0.1 is 0.1000000000000000055511151231257827…: 17 significant digits show it.
    EXPECT_EQ(g(0.1, 17), "0.10000000000000001");
    EXPECT_EQ(g(0.1, 16), "0.1");
    // Rounding carries into a new digit: 9.9999999 at 3 digits is 10.0 → "10".
    EXPECT_EQ(g(9.9999999, 3), "10");
    EXPECT_EQ(g(99999.5, 5), "1e+05");   // rounds to 1.0000e5: X = 5 = P → exponential
    EXPECT_EQ(g(99999.4, 5), "99999");
    EXPECT_EQ(g(0.0001, 4), "0.0001");  // X = -4: still fixed
    EXPECT_EQ(g(0.00001, 4), "1e-05");  // X = -5: exponential
    EXPECT_EQ(g(123456789.0, 4), "1.235e+08");
    EXPECT_EQ(g(-1234.5, 16), "-1234.5");
    EXPECT_EQ(g(-0.0, 4), "-0");
    EXPECT_EQ(f(-0.0, 2), "-0.00");
    EXPECT_EQ(f(-0.001, 2), "-0.00");  // printf keeps the sign of what rounds to zero
    EXPECT_EQ(g(0.0, 0), "0");
    EXPECT_EQ(g(1e300, 17), "1.0000000000000001e+300");  // outside the exact range: to_chars's
    // A buffer too short: to_chars's answer (last, value_too_large).
    char b[4];
    const auto r = print_real(b, b + sizeof b, 12345.678, std::chars_format::fixed, 2);
    EXPECT_EQ(r.ec, std::errc::value_too_large);
    EXPECT_EQ(r.ptr, b + sizeof b);
}

TEST(PrintReal, AgreesWithToCharsOnRandomBitPatterns) {
    std::mt19937_64 rng(20261205);
    int mismatches = 0;
    for (int i = 0; i < 60000; ++i) {
        double v;
        do v = from_bits(rng()); while (!std::isfinite(v));
        same_for_all(v, &mismatches);
    }
    EXPECT_EQ(mismatches, 0);
}

TEST(PrintReal, AgreesWithToCharsOnFiguresAsOutputsHoldThem) {
    std::mt19937_64 rng(7);
    std::uniform_real_distribution<double> area(0, 2e6), tiny(0, 1e-3), coord(-180, 180);
    std::uniform_int_distribution<int64_t> whole(-100000000, 100000000);
    std::uniform_int_distribution<int> exp10(-25, 25), scale(0, 12);
    int mismatches = 0;
    for (int i = 0; i < 20000; ++i) {
        same_for_all(area(rng), &mismatches);
        same_for_all(tiny(rng), &mismatches);
        same_for_all(coord(rng), &mismatches);
        same_for_all(static_cast<double>(whole(rng)), &mismatches);
        // Decimals as typed (12.34, 0.075): a few digits over a power of ten.
        same_for_all(static_cast<double>(whole(rng) % 100000) / std::pow(10.0, scale(rng)), &mismatches);
        // Exact ties: n/2^k for small k (halves, quarters, 1/256 of a degree …).
        same_for_all(static_cast<double>(whole(rng) % 1000000) / static_cast<double>(1 << (i % 12)), &mismatches);
        // Anywhere in the range the outputs meet, and beyond it.
        same_for_all(coord(rng) * std::pow(10.0, exp10(rng)), &mismatches);
    }
    EXPECT_EQ(mismatches, 0);
}

TEST(PrintReal, AgreesWithToCharsAtPowersOfTenAndStyleChanges) {
    int mismatches = 0;
    for (int x = -30; x <= 30; ++x) {
        const double p = std::pow(10.0, x);
        double v = p;
        for (int s = 0; s < 4; ++s) v = std::nextafter(v, 0.0);
        for (int s = 0; s < 9; ++s, v = std::nextafter(v, 1e300)) {
            same_for_all(v, &mismatches);
            same_for_all(-v, &mismatches);
        }
        // Just under a power of ten by a rounding unit of each precision: 9.995, 99999.5 …
        for (int d = 1; d <= 17; ++d) {
            const double u = p * (1 - 0.5 * std::pow(10.0, -d));
            same_for_all(u, &mismatches);
            same_for_all(std::nextafter(u, 0.0), &mismatches);
            same_for_all(std::nextafter(u, 1e300), &mismatches);
        }
    }
    for (double v : {0.0, -0.0, 0.5, 1.5, 2.5, 1e-4, 9.99995e-5, 1e-5, 5e-324, 2.2250738585072014e-308, 1.7976931348623157e308,
                     9007199254740992.0, 9007199254740993.0, 1e19, 9.999999999999999e18, 18446744073709551616.0})
        same_for_all(v, &mismatches);
    EXPECT_EQ(mismatches, 0);
}

}  // namespace
