#include <gtest/gtest.h>

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
