#include <gtest/gtest.h>

#include <cstdio>

#include "landeff/dates.hpp"

using namespace landeff;

TEST(Dates, EpochAndKnownDays) {
    EXPECT_EQ(Date::from_ymd(1970, 1, 1).days, 0);
    // 2000-03-01: 30 years (7 leap years 1972..1996) = 30*365+7 = 10957 days to 2000-01-01,
    // plus 31 (Jan) + 29 (Feb, leap) = 11017.
    EXPECT_EQ(Date::from_ymd(2000, 3, 1).days, 11017);
    EXPECT_EQ(Date{11017}.iso(), "2000-03-01");
}

TEST(Dates, AcceptedForms) {
    const Date d = Date::from_ymd(2021, 3, 5);
    for (const char* s : {"2021-03-05", "2021/03/05", "20210305", "2021.3.5", "2021年3月5日", "2021-03-05 00:00:00",
                          "2021-03-05T08:30", " 2021-3-5 ", "２０２１－０３－０５"}) {
        auto p = parse_date(s);
        ASSERT_TRUE(p.has_value()) << s;
        EXPECT_EQ(*p, d) << s;
    }
}

TEST(Dates, RejectsImpossibleAndAmbiguous) {
    for (const char* s : {"2021-13-01", "2021-02-30", "2021-02-29", "21-03-05", "2021-03", "03/05/2021", "yesterday",
                          "2021-03-05x", "2021-03/05", ""})
        EXPECT_FALSE(parse_date(s).has_value()) << s;
    EXPECT_TRUE(parse_date("2020-02-29").has_value());  // 2020 is a leap year
}

TEST(Dates, AnniversaryOfLeapDayFallsOnFeb28) {
    EXPECT_EQ(add_years(Date::from_ymd(2020, 2, 29), 1), Date::from_ymd(2021, 2, 28));
    EXPECT_EQ(add_years(Date::from_ymd(2020, 2, 29), 4), Date::from_ymd(2024, 2, 29));
}

TEST(Dates, FullYearsCountsCalendarAnniversaries) {
    const Date due = Date::from_ymd(2022, 6, 15);
    EXPECT_EQ(full_years_between(due, Date::from_ymd(2023, 6, 14)), 0);  // one day short
    EXPECT_EQ(full_years_between(due, Date::from_ymd(2023, 6, 15)), 1);  // exactly one year
    EXPECT_EQ(full_years_between(due, Date::from_ymd(2024, 12, 31)), 2);
    EXPECT_EQ(full_years_between(due, Date::from_ymd(2021, 1, 1)), 0);   // before: zero
    EXPECT_EQ(full_years_between(Date::from_ymd(2020, 2, 29), Date::from_ymd(2021, 2, 28)), 1);
}

// iso() is printf's "%04d-%02d-%02d" of the date (written without printf since issue 20), for the
// years 0000–9999 and outside them.
TEST(Dates, IsoIsPrintfsYearMonthDay) {
    EXPECT_EQ(Date::from_ymd(2024, 12, 31).iso(), "2024-12-31");
    EXPECT_EQ(Date::from_ymd(2025, 1, 1).iso(), "2025-01-01");
    EXPECT_EQ(Date::from_ymd(999, 9, 9).iso(), "0999-09-09");
    int checked = 0;
    for (int days = -800000; days <= 3100000; days += 997) {  // about 200 BC to AD 10457
        const Date d{days};
        int y, m, dd;
        d.to_ymd(y, m, dd);
        char want[32];
        std::snprintf(want, sizeof want, "%04d-%02d-%02d", y, m, dd);
        ASSERT_EQ(d.iso(), want) << days;
        ++checked;
    }
    EXPECT_GT(checked, 3900);
}
