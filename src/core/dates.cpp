#include "landeff/dates.hpp"

#include <cstdio>

#include "landeff/text.hpp"

namespace landeff {

// Howard Hinnant's days_from_civil / civil_from_days.
Date Date::from_ymd(int y, int m, int d) {
    y -= m <= 2;
    const int era = (y >= 0 ? y : y - 399) / 400;
    const int yoe = y - era * 400;
    const int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    const int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return Date{era * 146097 + doe - 719468};
}

void Date::to_ymd(int& y, int& m, int& d) const {
    const int z = days + 719468;
    const int era = (z >= 0 ? z : z - 146096) / 146097;
    const int doe = z - era * 146097;
    const int yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const int doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const int mp = (5 * doy + 2) / 153;
    d = doy - (153 * mp + 2) / 5 + 1;
    m = mp < 10 ? mp + 3 : mp - 9;
    y = yoe + era * 400 + (m <= 2);
}

int Date::year() const {
    int y, m, d;
    to_ymd(y, m, d);
    return y;
}

std::string Date::iso() const {
    int y, m, d;
    to_ymd(y, m, d);
    if (y < 0 || y > 9999) {  // printf's "%04d" of a year outside 0000–9999
        char buf[32];
        std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", y, m, d);
        return buf;
    }
    // "%04d-%02d-%02d" without printf (a date a worklist row, every row of every format; issue 20).
    char out[10] = {static_cast<char>('0' + y / 1000), static_cast<char>('0' + y / 100 % 10), static_cast<char>('0' + y / 10 % 10),
                    static_cast<char>('0' + y % 10),   '-', static_cast<char>('0' + m / 10), static_cast<char>('0' + m % 10), '-',
                    static_cast<char>('0' + d / 10),   static_cast<char>('0' + d % 10)};
    return std::string(out, sizeof out);
}

static bool is_leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

static int days_in_month(int y, int m) {
    static const int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 && is_leap(y) ? 29 : kDays[m - 1];
}

bool is_valid_ymd(int y, int m, int d) {
    return y >= 1800 && y <= 2200 && m >= 1 && m <= 12 && d >= 1 && d <= days_in_month(y, m);
}

namespace {
struct Scanner {
    std::string_view s;
    size_t i = 0;
    bool digits(size_t min_n, size_t max_n, int& out) {
        size_t n = 0;
        int v = 0;
        while (i < s.size() && n < max_n && s[i] >= '0' && s[i] <= '9') {
            v = v * 10 + (s[i] - '0');
            ++i;
            ++n;
        }
        out = v;
        return n >= min_n;
    }
    bool lit(std::string_view t) {
        if (s.substr(i, t.size()) == t) { i += t.size(); return true; }
        return false;
    }
};
}  // namespace

std::optional<Date> parse_date(std::string_view text) {
    const std::string norm = fullwidth_to_ascii(trim(text));
    Scanner sc{norm};
    int y = 0, m = 0, d = 0;
    const size_t start = sc.i;
    if (!sc.digits(4, 4, y)) return std::nullopt;
    if (sc.i == norm.size() || (norm[sc.i] >= '0' && norm[sc.i] <= '9')) {
        // YYYYMMDD
        sc.i = start;
        if (!sc.digits(4, 4, y) || !sc.digits(2, 2, m) || !sc.digits(2, 2, d)) return std::nullopt;
    } else if (sc.lit("年")) {
        if (!sc.digits(1, 2, m) || !sc.lit("月") || !sc.digits(1, 2, d)) return std::nullopt;
        sc.lit("日");
    } else {
        const char sep = norm[sc.i];
        if (sep != '-' && sep != '/' && sep != '.') return std::nullopt;
        ++sc.i;
        if (!sc.digits(1, 2, m)) return std::nullopt;
        if (sc.i >= norm.size() || norm[sc.i] != sep) return std::nullopt;
        ++sc.i;
        if (!sc.digits(1, 2, d)) return std::nullopt;
    }
    // Allow a trailing time of day, which the land records often carry as 00:00:00.
    if (sc.i < norm.size()) {
        const char c = norm[sc.i];
        if (c != ' ' && c != 'T') return std::nullopt;
        ++sc.i;
        int hh = 0, mm = 0, ss = 0;
        if (!sc.digits(1, 2, hh) || !sc.lit(":") || !sc.digits(2, 2, mm)) return std::nullopt;
        if (sc.lit(":") && !sc.digits(2, 2, ss)) return std::nullopt;
        if (sc.lit(".")) { int frac; sc.digits(1, 9, frac); }
        sc.lit("Z");
        if (sc.i != norm.size() || hh > 23 || mm > 59 || ss > 60) return std::nullopt;
    }
    if (!is_valid_ymd(y, m, d)) return std::nullopt;
    return Date::from_ymd(y, m, d);
}

Date add_years(Date from, int years) {
    int y, m, d;
    from.to_ymd(y, m, d);
    y += years;
    if (m == 2 && d == 29 && !is_leap(y)) d = 28;
    return Date::from_ymd(y, m, d);
}

int full_years_between(Date from, Date to) {
    if (to < from) return 0;
    int fy, fm, fd, ty, tm, td;
    from.to_ymd(fy, fm, fd);
    to.to_ymd(ty, tm, td);
    int n = ty - fy;
    if (n > 0 && add_years(from, n) > to) --n;
    return n;
}

}  // namespace landeff
