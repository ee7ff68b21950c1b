// Land states (DOMAIN.md §4, Ministry Order 53) for single parcels, with the calendar worked
// out beside each case. "Full year" = the calendar anniversary.
#include <gtest/gtest.h>

#include "landeff/states.hpp"

using namespace landeff;

namespace {

Config config(const std::string& eval_date, const std::string& extra = "") {
    return parse_config("year = " + eval_date.substr(0, 4) + "\neval_date = \"" + eval_date + "\"\n" + extra +
                            "\n[inputs.parks]\npath = \"a\"\n[inputs.parcels]\npath = \"b\"\n",
                        "/tmp/t.toml");
}

struct P {
    Record r = empty_record(schema(LayerKind::Parcels));
    P& date(ParcelF f, const char* iso) {
        r.set(f, to_num(*parse_date(iso)));
        return *this;
    }
    P& num(ParcelF f, double v) {
        r.set(f, v);
        return *this;
    }
    P& text(ParcelF f, const char* v) {
        r.set(f, std::string(v));
        return *this;
    }
};

ParcelResult classify(const P& p, const Config& cfg, double bench = std::nan(""), ParcelResult pr = {}) {
    static const ControlStandard st = load_standard(cfg);
    classify_parcel(p.r, cfg, st, bench, p.r.s(ParcelF::ind_code), pr);
    return pr;
}

// Built on first use (a global would be initialized before other translation units' tables).
const Config& t2024() {
    static const Config c = config("2024-12-31");
    return c;
}
#define T2024 t2024()

}  // namespace

TEST(States, DueExactlyOneYearAgoIsIdleOneDayShortIsOverdue) {
    // Due 2023-12-31: the first anniversary is 2024-12-31 = T → one full year → idle.
    auto idle = classify(P().date(ParcelF::start_due, "2023-12-31").num(ParcelF::land_price, 500), T2024);
    EXPECT_EQ(idle.state, LandState::Idle);
    EXPECT_EQ(idle.idle_yrs, 1);
    EXPECT_DOUBLE_EQ(idle.idle_fee, 100.0);  // 20 % of 500 万元
    EXPECT_EQ(idle.recover, 0);              // 1 < 2 years
    // Due 2024-01-01: the anniversary 2025-01-01 is after T → overdue, not idle.
    auto overdue = classify(P().date(ParcelF::start_due, "2024-01-01"), T2024);
    EXPECT_EQ(overdue.state, LandState::Overdue);
    EXPECT_EQ(overdue.idle_yrs, -1);
}

TEST(States, NotYetDueIncludingTheDueDateItself) {
    EXPECT_EQ(classify(P().date(ParcelF::start_due, "2025-03-01"), T2024).state, LandState::UnusedDue);
    EXPECT_EQ(classify(P().date(ParcelF::start_due, "2024-12-31"), T2024).state, LandState::UnusedDue);  // due today
    EXPECT_EQ(classify(P().date(ParcelF::start_due, "2024-12-30"), T2024).state, LandState::Overdue);
}

TEST(States, LeapDayDueFallsDueOnFeb28) {
    // Due 2020-02-29, T = 2021-02-28: the anniversary in a common year is 28 February → 1 year.
    EXPECT_EQ(classify(P().date(ParcelF::start_due, "2020-02-29"), config("2021-02-28")).state, LandState::Idle);
    EXPECT_EQ(classify(P().date(ParcelF::start_due, "2020-02-29"), config("2021-02-27")).state, LandState::Overdue);
}

TEST(States, TwoFullYearsIsARecoveryCandidate) {
    // Due 2022-06-15 → T 2024-12-31: anniversaries 2023-06-15 and 2024-06-15 → 2 full years.
    auto p = classify(P().date(ParcelF::start_due, "2022-06-15").num(ParcelF::land_price, 300), T2024);
    EXPECT_EQ(p.idle_yrs, 2);
    EXPECT_EQ(p.recover, 1);
    EXPECT_DOUBLE_EQ(p.idle_fee, 60.0);
}

TEST(States, GovernmentCauseMeansNoFeeNoRecovery) {
    auto p = classify(P().date(ParcelF::start_due, "2020-01-01").num(ParcelF::land_price, 300).text(ParcelF::gov_cause, "规划调整"),
                      T2024);
    EXPECT_EQ(p.state, LandState::IdleGov);
    EXPECT_EQ(p.idle_yrs, 4);  // 2021-, 2022-, 2023-, 2024-01-01
    EXPECT_DOUBLE_EQ(p.idle_fee, 0.0);
    EXPECT_EQ(p.recover, 0);
}

TEST(States, SuspendedThreeSixtyFourAndThreeSixtyFiveDays) {
    // T = 2023-12-31 (2023 is a common year). Started, developed 1/10, suspended:
    // since 2022-12-31 → anniversary 2023-12-31 = T (365 days) → idle;
    // since 2023-01-01 → 364 days, anniversary 2024-01-01 > T → not idle (under construction).
    const Config cfg = config("2023-12-31");
    auto base = [] {
        return P().date(ParcelF::start_due, "2021-01-01").date(ParcelF::start_dt, "2021-02-01")
            .num(ParcelF::plan_m2, 30000).num(ParcelF::dev_m2, 3000);
    };
    EXPECT_EQ(classify(base().date(ParcelF::susp_dt, "2022-12-31"), cfg).state, LandState::Idle);
    EXPECT_EQ(classify(base().date(ParcelF::susp_dt, "2023-01-01"), cfg).state, LandState::Normal);
}

TEST(States, DevelopedExactlyOneThirdIsNotIdle) {
    auto started = [] {
        return P().date(ParcelF::start_dt, "2020-01-01").date(ParcelF::susp_dt, "2022-01-01").num(ParcelF::plan_m2, 30000);
    };
    // 10000 / 30000 = exactly 1/3 → not "under 1/3".
    EXPECT_EQ(classify(started().num(ParcelF::dev_m2, 10000), T2024).state, LandState::Normal);
    // 9999 / 30000 < 1/3 → idle (b), 2 full years since 2022-01-01.
    auto p = classify(started().num(ParcelF::dev_m2, 9999), T2024);
    EXPECT_EQ(p.state, LandState::Idle);
    EXPECT_EQ(p.idle_yrs, 2);
    EXPECT_NE(p.tests[0].find("idle_b: suspended 2 vs 1 full years since 2022-01-01, developed 0.3333 vs 0.3333"), std::string::npos)
        << p.tests[0];
}

TEST(States, InvestedExactlyAQuarterIsNotIdle) {
    auto started = [] {
        return P().date(ParcelF::start_dt, "2020-01-01").date(ParcelF::susp_dt, "2022-01-01").num(ParcelF::inv_total, 4000);
    };
    EXPECT_EQ(classify(started().num(ParcelF::inv_done, 1000), T2024).state, LandState::Normal);  // 1000/4000 = 25 %
    EXPECT_EQ(classify(started().num(ParcelF::inv_done, 999.99), T2024).state, LandState::Idle);
}

TEST(States, MissingDatesSayWhich) {
    auto p = classify(P(), T2024);
    EXPECT_EQ(p.state, LandState::NoData);
    EXPECT_NE(p.tests.at(0).find("start_due missing"), std::string::npos);
}

TEST(States, SuppliedAfterTheEvaluationDate) {
    auto p = classify(P().date(ParcelF::supply_dt, "2025-02-01").date(ParcelF::start_due, "2023-01-01"), T2024);
    EXPECT_EQ(p.state, LandState::NotSupplied);
    EXPECT_EQ(p.tests.at(0), "supplied_after: 2025-02-01 vs 2024-12-31");
}

TEST(States, InefficiencyTestsEachFireAndSayWhy) {
    auto built = [] { return P().date(ParcelF::start_dt, "2018-01-01").date(ParcelF::done_dt, "2019-06-01"); };
    ParcelResult pr;
    // far_low: FAR 0.5 vs contract far_min 1.0.
    pr.far = 0.5;
    auto p = classify(built().num(ParcelF::far_min, 1.0).num(ParcelF::in_prod, 1), T2024, std::nan(""), pr);
    EXPECT_EQ(p.state, LandState::Inefficient);
    EXPECT_EQ(p.tests.at(0), "far_low(contract): 0.5 vs 1");  // no ind_code: no control minimum
    // coverage_low: 0.25 vs 0.30 (cn-2008), industrial land.
    pr = {};
    pr.coverage = 0.25;
    p = classify(built().text(ParcelF::land_use, "100101").num(ParcelF::in_prod, 1), T2024, std::nan(""), pr);
    EXPECT_EQ(p.tests.at(0), "coverage_low(cn-2008): 0.25 vs 0.3");
    // tax_low: 4 vs 0.5 × median 10 = 5.
    pr = {};
    pr.mu_tax = 4;
    p = classify(built().num(ParcelF::in_prod, 1), T2024, 10.0, pr);
    EXPECT_EQ(p.tests.at(0), "tax_low: 4 vs 5");
    // not_in_production (建而未投): completed, in_prod 0.
    p = classify(built().num(ParcelF::in_prod, 0), T2024);
    EXPECT_EQ(p.tests.at(0), "not_in_production: completed 2019-06-01, in_prod 0 vs 1");
    // below_contract (投而未达标): output 150 vs 200.
    pr = {};
    pr.mu_output = 150;
    p = classify(built().num(ParcelF::in_prod, 1).num(ParcelF::out_min, 200), T2024, std::nan(""), pr);
    EXPECT_EQ(p.tests.at(0), "below_contract: output 150 vs 200");
    // underbuilt (用而未尽): 0.2 < 1/3.
    p = classify(built().num(ParcelF::in_prod, 1).num(ParcelF::dev_m2, 2000).num(ParcelF::plan_m2, 10000), T2024);
    EXPECT_EQ(p.tests.at(0), "underbuilt: 0.2 vs 0.3333");
    // None fires → normal.
    EXPECT_EQ(classify(built().num(ParcelF::in_prod, 1), T2024).state, LandState::Normal);
}

// Contract and control both bind (DOMAIN.md §3, issue 13 item 4). ind_code 3411 (GB/T 4754-2017 34
// 通用设备) → 2002 division 35 → control FAR minimum 0.7 (cn-2008); coverage minimum 0.30.
TEST(States, ContractDoesNotReplaceTheControlMinimum) {
    auto built = [] {
        return P().date(ParcelF::start_dt, "2018-01-01").date(ParcelF::done_dt, "2019-06-01").num(ParcelF::in_prod, 1)
            .text(ParcelF::land_use, "100101").text(ParcelF::ind_code, "C3411");
    };
    ParcelResult pr;
    // Contract far_min 0.5, FAR 0.6: meets the contract (0.6 ≥ 0.5), breaks the control (0.6 < 0.7).
    pr.far = 0.6;
    auto p = classify(built().num(ParcelF::far_min, 0.5), T2024, std::nan(""), pr);
    EXPECT_EQ(p.state, LandState::Inefficient);
    EXPECT_EQ(p.tests.items(), (std::vector<std::string>{"far_low(cn-2008): 0.6 vs 0.7"}));
    // FAR 0.4 breaks both: 0.4 < 0.5 (contract) and 0.4 < 0.7 (cn-2008); both are listed.
    pr.far = 0.4;
    p = classify(built().num(ParcelF::far_min, 0.5), T2024, std::nan(""), pr);
    EXPECT_EQ(p.tests.items(), (std::vector<std::string>{"far_low(contract): 0.4 vs 0.5", "far_low(cn-2008): 0.4 vs 0.7"}));
    // FAR exactly 0.7 with the contract's 0.5: neither fires (0.7 ≥ 0.7) → normal.
    pr.far = 0.7;
    EXPECT_EQ(classify(built().num(ParcelF::far_min, 0.5), T2024, std::nan(""), pr).state, LandState::Normal);
    // Coverage: contract cov_min 0.25, coverage 0.28 → meets it, breaks the control 0.30.
    pr = {};
    pr.coverage = 0.28;
    p = classify(built().num(ParcelF::cov_min, 0.25), T2024, std::nan(""), pr);
    EXPECT_EQ(p.tests.items(), (std::vector<std::string>{"coverage_low(cn-2008): 0.28 vs 0.3"}));
    // A contract stricter than the control (0.35): 0.32 meets 0.30, breaks 0.35.
    pr.coverage = 0.32;
    p = classify(built().num(ParcelF::cov_min, 0.35), T2024, std::nan(""), pr);
    EXPECT_EQ(p.tests.items(), (std::vector<std::string>{"coverage_low(contract): 0.32 vs 0.35"}));
}

TEST(States, TestsCanBeSwitchedOff) {
    const Config cfg = config("2024-12-31", "[states]\ntests = \"far_low\"");
    auto p = classify(P().date(ParcelF::done_dt, "2019-06-01").num(ParcelF::in_prod, 0), cfg);
    EXPECT_EQ(p.state, LandState::Normal);  // not_in_production is off
}
