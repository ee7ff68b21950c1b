#pragma once
// Calendar dates as day numbers (days since 1970-01-01), so comparisons and anniversaries are exact.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace landeff {

struct Date {
    int32_t days = 0;  // days since 1970-01-01 (proleptic Gregorian)

    static Date from_ymd(int y, int m, int d);
    void to_ymd(int& y, int& m, int& d) const;
    int year() const;
    std::string iso() const;  // YYYY-MM-DD
    auto operator<=>(const Date&) const = default;
};

bool is_valid_ymd(int y, int m, int d);

// Accepted forms (README): YYYY-MM-DD, YYYY/MM/DD, YYYYMMDD, and also YYYY.MM.DD,
// YYYY年M月D日 and any of these followed by a time ("2021-03-05 00:00:00", "2021-03-05T08:00").
// Returns nullopt for anything else, including impossible dates such as 2021-02-30.
std::optional<Date> parse_date(std::string_view text);

// The same month and day `years` later; 29 February falls due on 28 February in a common year.
Date add_years(Date d, int years);
// Whole calendar years from `from` to `to` (0 when `to` is before the first anniversary).
int full_years_between(Date from, Date to);

// Days in a date as stored in a number column (NaN = no date).
inline double to_num(Date d) { return static_cast<double>(d.days); }
inline Date from_num(double v) { return Date{static_cast<int32_t>(v)}; }

}  // namespace landeff
