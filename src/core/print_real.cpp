#include "landeff/print_real.hpp"

#include <cmath>
#include <cstdint>
#include <cstring>
#include <system_error>

namespace landeff {
namespace {

__extension__ typedef unsigned __int128 u128;  // GCC's 128-bit integer (-Wpedantic: an extension)

// 10^0 … 10^38 (10^38 < 2^127).
struct Pow10 {
    u128 p[39];
    constexpr Pow10() : p() {
        p[0] = 1;
        for (int i = 1; i < 39; ++i) p[i] = p[i - 1] * 10;
    }
};
constexpr Pow10 kPow10;
constexpr u128 kMax = ~u128(0);

// |v| = m · 2^e with m odd (or zero); false for zero, subnormals, infinities and NaN.
bool decompose(double v, uint64_t& m, int& e) {
    uint64_t bits;
    std::memcpy(&bits, &v, sizeof bits);
    const int biased = static_cast<int>(bits >> 52 & 0x7ff);
    if (biased == 0 || biased == 0x7ff) return false;
    m = (bits & ((uint64_t(1) << 52) - 1)) | uint64_t(1) << 52;
    e = biased - 1075;
    const int tz = __builtin_ctzll(m);
    m >>= tz;
    e += tz;
    return true;
}

// floor(m · 2^e · 10^k) in q and how the rest compares with one half (-1 below, 0 equal, 1 above);
// false when a term does not fit 128 bits.
bool scaled(uint64_t m, int e, int k, u128& q, int& half) {
    if (k >= 0) {
        if (k > 22) return false;  // m < 2^53, 10^22 < 2^74: the product fits
        const u128 a = kPow10.p[k] * m;
        if (e >= 0) {
            if (e >= 127 || a > (kMax >> (e + 1))) return false;
            q = a << e;
            half = -1;
            return true;
        }
        const int s = -e;
        if (s >= 127) return false;
        q = a >> s;
        const u128 rest = a & ((u128(1) << s) - 1), h = u128(1) << (s - 1);
        half = rest < h ? -1 : rest == h ? 0 : 1;
        return true;
    }
    const int j = -k;
    if (j > 38) return false;
    u128 num = m, den = kPow10.p[j];
    if (e >= 0) {
        if (e > 70) return false;  // m < 2^53
        num <<= e;
    } else {
        if (-e >= 126 || den > (kMax >> (-e + 2))) return false;
        den <<= -e;
    }
    u128 rest;
    if ((num | den) >> 64 == 0) {  // 64-bit division where it fits (several times faster)
        const auto n64 = static_cast<uint64_t>(num), d64 = static_cast<uint64_t>(den);
        q = n64 / d64;
        rest = n64 % d64;
    } else {
        q = num / den;
        rest = num % den;
    }
    const u128 rest2 = rest * 2;  // den < 2^127: no overflow
    half = rest2 < den ? -1 : rest2 == den ? 0 : 1;
    return true;
}

uint64_t rounded(u128 q, int half) { return static_cast<uint64_t>(q) + ((half > 0 || (half == 0 && (q & 1))) ? 1 : 0); }

int digits_of(u128 q) {
    int n = 1;
    while (n < 39 && q >= kPow10.p[n]) ++n;
    return n;
}

// The decimal digits of d, at least `width` of them (zeros before), written to end where they end;
// returns where they start.
char* digits_before(char* end, uint64_t d, int width) {
    static constexpr char k2[] =
        "0001020304050607080910111213141516171819202122232425262728293031323334353637383940414243444546474849"
        "5051525354555657585960616263646566676869707172737475767778798081828384858687888990919293949596979899";
    char* p = end;
    while (d >= 100) {
        const auto r = static_cast<size_t>(d % 100);
        d /= 100;
        p -= 2;
        std::memcpy(p, k2 + 2 * r, 2);
    }
    if (d >= 10) {
        p -= 2;
        std::memcpy(p, k2 + 2 * d, 2);
    } else {
        *--p = static_cast<char>('0' + d);
    }
    while (end - p < width) *--p = '0';
    return p;
}

// `s` holds at least 32 bytes: where [first, last) has room for 32, they are copied whole (one
// fixed-size copy rather than a call to memcpy; what follows the result is the caller's room).
std::to_chars_result emit(char* first, char* last, const char* s, size_t n) {
    if (static_cast<size_t>(last - first) < n) return {last, std::errc::value_too_large};
    if (n <= 32 && last - first >= 32) std::memcpy(first, s, 32);
    else std::memcpy(first, s, n);
    return {first + n, std::errc()};
}

// "%.{d}f" of v (d ≤ 17) in buf, or 0 when outside the exact range.
size_t fixed(char* buf, double v, int d) {
    size_t n = 0;
    if (std::signbit(v)) buf[n++] = '-';
    uint64_t digits = 0;
    if (v != 0) {
        uint64_t m;
        int e;
        u128 q;
        int half;
        if (!decompose(v, m, e) || !scaled(m, e, d, q, half) || q >= kPow10.p[19] - 1) return 0;
        digits = rounded(q, half);
    }
    // The digits end in the middle of `tb` and are copied in fixed 24-byte pieces (at most 20
    // digits), so the copies need no call to memcpy; `buf` holds 64.
    char tb[64];
    char* const tend = tb + 32;
    const char* t = digits_before(tend, digits, d + 1);
    const int len = static_cast<int>(tend - t);
    const int whole = len - d;
    std::memcpy(buf + n, t, 24);
    n += static_cast<size_t>(whole);
    if (d > 0) {
        buf[n++] = '.';
        std::memcpy(buf + n, t + whole, 24);
        n += static_cast<size_t>(d);
    }
    return n;
}

// "%.{p}g" of v (1 ≤ p ≤ 17) in buf, or 0 when outside the exact range.
size_t general(char* buf, double v, int p) {
    size_t n = 0;
    if (std::signbit(v)) buf[n++] = '-';
    if (v == 0) {
        buf[n++] = '0';
        return n;
    }
    uint64_t m;
    int e;
    if (!decompose(v, m, e)) return 0;
    // X = floor(log10 |v|), first estimated from the binary exponent (within one), then settled by
    // the number of digits of floor(|v| · 10^k), which is exact.
    const int log2v = 63 - __builtin_clzll(m) + e;
    int x = log2v >= 0 ? log2v * 30103 / 100000 : -((-log2v * 30103 + 99999) / 100000);
    u128 q = 0;
    int half = -1, k = 0;
    for (int tries = 0;; ++tries) {
        if (tries == 4) return 0;
        k = p - 1 - x;
        if (!scaled(m, e, k, q, half)) return 0;
        const int nd = q >= kPow10.p[p - 1] && q < kPow10.p[p] ? p : q == 0 ? 0 : digits_of(q);
        if (nd == p) break;
        x += nd - p;
    }
    uint64_t d = rounded(q, half);
    if (d == static_cast<uint64_t>(kPow10.p[p])) {
        d = static_cast<uint64_t>(kPow10.p[p - 1]);
        ++x;
    }
    // As in fixed(): the digits (at most 17) end in the middle of `sb`, copied in fixed pieces of 17.
    char sb[48];
    char* const send = sb + 24;
    const char* s = digits_before(send, d, p);
    int len = static_cast<int>(send - s);
    while (len > 1 && s[len - 1] == '0') --len;  // %g drops trailing zeros
    if (x < -4 || x >= p) {
        buf[n++] = s[0];
        if (len > 1) {
            buf[n++] = '.';
            std::memcpy(buf + n, s + 1, 17);
            n += static_cast<size_t>(len - 1);
        }
        buf[n++] = 'e';
        buf[n++] = x < 0 ? '-' : '+';
        const int ax = x < 0 ? -x : x;
        if (ax >= 100) buf[n++] = static_cast<char>('0' + ax / 100);
        buf[n++] = static_cast<char>('0' + ax / 10 % 10);
        buf[n++] = static_cast<char>('0' + ax % 10);
    } else if (x >= 0) {
        const int whole = x + 1;
        for (int i = 0; i < whole; ++i) buf[n++] = i < len ? s[i] : '0';
        if (len > whole) {
            buf[n++] = '.';
            std::memcpy(buf + n, s + whole, 17);
            n += static_cast<size_t>(len - whole);
        }
    } else {
        buf[n++] = '0';
        buf[n++] = '.';
        for (int i = 0; i < -x - 1; ++i) buf[n++] = '0';
        std::memcpy(buf + n, s, 17);
        n += static_cast<size_t>(len);
    }
    return n;
}

}  // namespace

std::to_chars_result print_real(char* first, char* last, double v, std::chars_format format, int precision) {
    char buf[64];
    size_t n = 0;
    if (format == std::chars_format::fixed && precision >= 0 && precision <= 17) n = fixed(buf, v, precision);
    else if (format == std::chars_format::general && precision >= 0 && precision <= 17)
        n = general(buf, v, precision == 0 ? 1 : precision);
    if (n > 0) return emit(first, last, buf, n);
    return std::to_chars(first, last, v, format, precision);
}

}  // namespace landeff
