// Land states (rules.md §4, Ministry Order 53) for single parcels, with the calendar worked
// out beside each case. "Full year" = the calendar anniversary.
#include <gtest/gtest.h>

#include "landeff/grades.hpp"
#include "landeff/indicators.hpp"
#include "landeff/overlay.hpp"
#include "landeff/platforms.hpp"
#include "landeff/score.hpp"
#include "landeff/checks.hpp"
#include "landeff/compliance.hpp"
#include "landeff/devzone.hpp"
#include "landeff/states.hpp"

#include <stdexcept>

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
    // 9999 / 30000 = 0.33330 vs 1/3 = 0.33333: printed with the decimals that tell them apart (5), not "0.33 < 0.33".
    EXPECT_EQ(p.tests[0], "idle_b: 自 2022-01-01 停工满 2 年 ≥ 1 年, 已开发面积比 0.33330 < 0.33333");
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
    EXPECT_NE(p.tests.at(0).find("no_data: 缺少约定开工日期"), std::string::npos);
}

TEST(States, SuppliedAfterTheEvaluationDate) {
    auto p = classify(P().date(ParcelF::supply_dt, "2025-02-01").date(ParcelF::start_due, "2023-01-01"), T2024);
    EXPECT_EQ(p.state, LandState::NotSupplied);
    EXPECT_EQ(p.tests.at(0), "supplied_after: 供地日期 2025-02-01 晚于评价日 2024-12-31");
}

TEST(States, InefficiencyTestsEachFireAndSayWhy) {
    auto built = [] { return P().date(ParcelF::start_dt, "2018-01-01").date(ParcelF::done_dt, "2019-06-01"); };
    ParcelResult pr;
    // far_low: FAR 0.5 vs contract far_min 1.0.
    pr.far = 0.5;
    auto p = classify(built().num(ParcelF::far_min, 1.0).num(ParcelF::in_prod, 1), T2024, std::nan(""), pr);
    EXPECT_EQ(p.state, LandState::Inefficient);
    EXPECT_EQ(p.tests.at(0), "far_low(contract): 容积率 0.50 < 合同下限 1.00");  // no ind_code: no control minimum
    // coverage_low: 0.25 vs 0.30 (cn-2008), industrial land.
    pr = {};
    pr.coverage = 0.25;
    p = classify(built().text(ParcelF::land_use, "100101").num(ParcelF::in_prod, 1), T2024, std::nan(""), pr);
    EXPECT_EQ(p.tests.at(0), "coverage_low(cn-2008): 建筑系数 0.25 < cn-2008 控制指标下限 0.30");
    // tax_low: 4 vs 0.5 × median 10 = 5.
    pr = {};
    pr.mu_tax = 4;
    p = classify(built().num(ParcelF::in_prod, 1), T2024, 10.0, pr);
    EXPECT_EQ(p.tests.at(0), "tax_low: 亩均税收 4.00 < 基准 5.00");  // 亩均 figures: 2 decimals
    // not_in_production (建而未投): completed, in_prod 0.
    p = classify(built().num(ParcelF::in_prod, 0), T2024);
    EXPECT_EQ(p.tests.at(0), "not_in_production: 2019-06-01 竣工, 未投产");
    // below_contract (投而未达标): output 150 vs 200.
    pr = {};
    pr.mu_output = 150;
    p = classify(built().num(ParcelF::in_prod, 1).num(ParcelF::out_min, 200), T2024, std::nan(""), pr);
    EXPECT_EQ(p.tests.at(0), "below_contract: 亩均产值 150.00 < 合同约定 200.00");
    // dev_low (the former underbuilt test, renamed): developed 2000 / planned 10000 = 0.2 < 1/3.
    p = classify(built().num(ParcelF::in_prod, 1).num(ParcelF::dev_m2, 2000).num(ParcelF::plan_m2, 10000), T2024);
    EXPECT_EQ(p.tests.at(0), "dev_low: 已开发面积比 0.20 < 0.33");  // 0.2 < 1/3 = 0.33 (2 decimals tell them apart)
    // underbuilt (用而未尽): footprint share 0.2 < 1/3 (not industrial, so coverage_low stays quiet).
    pr = {};
    pr.coverage = 0.2;
    p = classify(built().text(ParcelF::land_use, "0701").num(ParcelF::in_prod, 1), T2024, std::nan(""), pr);
    EXPECT_EQ(p.tests.at(0), "underbuilt: 建筑系数 0.20 < 0.33");
    // grade_d: the owning enterprise is graded D.
    pr = {};
    pr.grade = 'D';
    p = classify(built().num(ParcelF::in_prod, 1), T2024, std::nan(""), pr);
    EXPECT_EQ(p.state, LandState::Inefficient);
    EXPECT_EQ(p.tests.at(0), "grade_d: 企业亩均效益评为 D 类");
    // None fires → normal.
    EXPECT_EQ(classify(built().num(ParcelF::in_prod, 1), T2024).state, LandState::Normal);
}

// Contract and control both bind (rules.md §3, issue 13 item 4). ind_code 3411 (GB/T 4754-2017 34
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
    EXPECT_EQ(p.tests.items(), (std::vector<std::string>{"far_low(cn-2008): 容积率 0.60 < cn-2008 控制指标下限 0.70"}));
    // FAR 0.4 breaks both: 0.4 < 0.5 (contract) and 0.4 < 0.7 (cn-2008); both are listed.
    pr.far = 0.4;
    p = classify(built().num(ParcelF::far_min, 0.5), T2024, std::nan(""), pr);
    EXPECT_EQ(p.tests.items(), (std::vector<std::string>{"far_low(contract): 容积率 0.40 < 合同下限 0.50",
                                                         "far_low(cn-2008): 容积率 0.40 < cn-2008 控制指标下限 0.70"}));
    // FAR exactly 0.7 with the contract's 0.5: neither fires (0.7 ≥ 0.7) → normal.
    pr.far = 0.7;
    EXPECT_EQ(classify(built().num(ParcelF::far_min, 0.5), T2024, std::nan(""), pr).state, LandState::Normal);
    // Coverage: contract cov_min 0.25, coverage 0.28 → meets it, breaks the control 0.30. The
    // footprint share 0.28 is also below the 用而未尽 threshold 1/3 (states.underbuilt_share), so
    // underbuilt fires beside it.
    pr = {};
    pr.coverage = 0.28;
    p = classify(built().num(ParcelF::cov_min, 0.25), T2024, std::nan(""), pr);
    EXPECT_EQ(p.tests.items(), (std::vector<std::string>{"coverage_low(cn-2008): 建筑系数 0.28 < cn-2008 控制指标下限 0.30",
                                                         "underbuilt: 建筑系数 0.28 < 0.33"}));
    // A contract stricter than the control (0.35): 0.32 meets 0.30, breaks 0.35 (and 0.32 < 1/3).
    pr.coverage = 0.32;
    p = classify(built().num(ParcelF::cov_min, 0.35), T2024, std::nan(""), pr);
    EXPECT_EQ(p.tests.items(), (std::vector<std::string>{"coverage_low(contract): 建筑系数 0.32 < 合同下限 0.35",
                                                         "underbuilt: 建筑系数 0.32 < 0.33"}));
}

TEST(States, TestsCanBeSwitchedOff) {
    const Config cfg = config("2024-12-31", "[states]\ntests = \"far_low\"");
    auto p = classify(P().date(ParcelF::done_dt, "2019-06-01").num(ParcelF::in_prod, 0), cfg);
    EXPECT_EQ(p.state, LandState::Normal);  // not_in_production is off
}

// 用而未尽 is the built-footprint share of the parcel (rules.md §4), not developed/planned area:
// exactly the threshold is not "below" it. Only underbuilt is on, threshold 0.25.
TEST(States, UnderbuiltIsTheFootprintShareAndExactlyTheThresholdPasses) {
    const Config cfg = config("2024-12-31", "[states]\ntests = \"underbuilt\"\nunderbuilt_share = 0.25");
    auto built = [] { return P().date(ParcelF::done_dt, "2019-06-01").num(ParcelF::in_prod, 1); };
    ParcelResult pr;
    pr.coverage = 0.25;  // 2500 m² footprint on 10000 m²: 0.25 = 0.25, not below
    EXPECT_EQ(classify(built(), cfg, std::nan(""), pr).state, LandState::Normal);
    pr.coverage = 0.2499;  // 2499 m² on 10000 m² < 0.25
    auto p = classify(built(), cfg, std::nan(""), pr);
    EXPECT_EQ(p.state, LandState::Inefficient);
    EXPECT_EQ(p.tests.at(0), "underbuilt: 建筑系数 0.2499 < 0.2500");
    // A low developed/planned share is not 用而未尽 (that is dev_low, switched off here).
    pr.coverage = 0.6;
    EXPECT_EQ(classify(built().num(ParcelF::dev_m2, 1000).num(ParcelF::plan_m2, 10000), cfg, std::nan(""), pr).state,
              LandState::Normal);
}

// "Enterprise graded D" (rules.md §4) applies to land built and in use only, and can be switched off.
TEST(States, GradeDMakesAnOtherwiseNormalParcelInefficient) {
    auto built = [] { return P().date(ParcelF::done_dt, "2019-06-01").num(ParcelF::in_prod, 1); };
    ParcelResult d;
    d.grade = 'D';
    ParcelResult c;
    c.grade = 'C';
    EXPECT_EQ(classify(built(), T2024, std::nan(""), d).state, LandState::Inefficient);
    EXPECT_EQ(classify(built(), T2024, std::nan(""), c).state, LandState::Normal);
    // Under construction (started 2024-03-01, not completed): not yet in use → stays normal.
    auto uc = classify(P().date(ParcelF::start_dt, "2024-03-01"), T2024, std::nan(""), d);
    EXPECT_EQ(uc.state, LandState::Normal);
    EXPECT_EQ(uc.tests.at(0), "under_construction: 已开工, 未竣工");
    // Switched off.
    const Config off = config("2024-12-31", "[states]\ntests = \"far_low|underbuilt\"");
    EXPECT_EQ(classify(built(), off, std::nan(""), d).state, LandState::Normal);
}

// Supply dates around T = 2024-12-31: the day before and the day itself are supplied at T.
TEST(States, SuppliedTheDayBeforeOnAndAfterT) {
    auto due = [](const char* supply) { return P().date(ParcelF::supply_dt, supply).date(ParcelF::start_due, "2025-06-30"); };
    EXPECT_EQ(classify(due("2024-12-30"), T2024).state, LandState::UnusedDue);
    EXPECT_EQ(classify(due("2024-12-31"), T2024).state, LandState::UnusedDue);  // on T counts as at T
    auto after = classify(due("2025-01-01"), T2024);
    EXPECT_EQ(after.state, LandState::NotSupplied);
    EXPECT_EQ(after.tests.at(0), "supplied_after: 供地日期 2025-01-01 晚于评价日 2024-12-31");
}

// A leap-day evaluation date: T = 2024-02-29.
TEST(States, LeapDayEvaluationDate) {
    const Config leap = config("2024-02-29");
    // Due 2023-02-28: anniversary 2024-02-28 ≤ T → 1 full year → idle. Due 2023-03-01: anniversary
    // 2024-03-01 > T → 0 full years → overdue.
    auto idle = classify(P().date(ParcelF::start_due, "2023-02-28"), leap);
    EXPECT_EQ(idle.state, LandState::Idle);
    EXPECT_EQ(idle.idle_yrs, 1);
    EXPECT_EQ(classify(P().date(ParcelF::start_due, "2023-03-01"), leap).state, LandState::Overdue);
    // Due 2020-02-29: anniversaries 2021-02-28, 2022-02-28, 2023-02-28, 2024-02-29. At T 2024-02-29 → 4 full
    // years; a day earlier (2024-02-28) the fourth has not come → 3.
    EXPECT_EQ(classify(P().date(ParcelF::start_due, "2020-02-29"), leap).idle_yrs, 4);
    EXPECT_EQ(classify(P().date(ParcelF::start_due, "2020-02-29"), config("2024-02-28")).idle_yrs, 3);
    // Supplied on the leap day T itself: supplied; the next day: not.
    EXPECT_EQ(classify(P().date(ParcelF::supply_dt, "2024-02-29").date(ParcelF::start_due, "2024-06-01"), leap).state,
              LandState::UnusedDue);
    EXPECT_EQ(classify(P().date(ParcelF::supply_dt, "2024-03-01").date(ParcelF::start_due, "2024-06-01"), leap).state,
              LandState::NotSupplied);
}

// Suspension on T (0 full years) is not idle; suspended since a leap day, the common-year anniversary
// is 28 February.
TEST(States, SuspendedOnTAndSinceALeapDay) {
    auto base = [] {
        return P().date(ParcelF::start_dt, "2019-01-01").num(ParcelF::plan_m2, 30000).num(ParcelF::dev_m2, 3000);
    };
    EXPECT_EQ(classify(base().date(ParcelF::susp_dt, "2024-12-31"), T2024).state, LandState::Normal);
    // Suspended the day after T: not suspended at T.
    EXPECT_EQ(classify(base().date(ParcelF::susp_dt, "2025-01-01"), T2024).state, LandState::Normal);
    // Since 2020-02-29, T 2021-02-28 → 1 full year (developed 3000/30000 = 0.1 < 1/3) → idle (b).
    auto p = classify(base().date(ParcelF::susp_dt, "2020-02-29"), config("2021-02-28"));
    EXPECT_EQ(p.state, LandState::Idle);
    EXPECT_EQ(p.idle_yrs, 1);
    EXPECT_EQ(classify(base().date(ParcelF::susp_dt, "2020-02-29"), config("2021-02-27")).state, LandState::Normal);
}

// Stage order is checked in code: a stage called before the one whose result it reads throws,
// naming both, instead of reading zeros.
TEST(StageOrder, AStageCalledBeforeItsInputThrows) {
    Dataset ds;
    ds.cfg = config("2024-12-31");
    const ControlStandard st = load_standard(ds.cfg);
    Findings findings;
    auto message = [](auto&& f) {
        try {
            f();
        } catch (const std::logic_error& e) {
            return std::string(e.what());
        }
        return std::string("no exception");
    };
    const StageRules rules(ds.cfg.settings);
    Analysis an;
    EXPECT_EQ(message([&] { measure(ds, rules.leases, an, findings); }),
              "internal error: measure needs the result of overlay_parks, which has not run");
    // The area check compares registered areas with the overlay's measured ones.
    EXPECT_EQ(message([&] { check_areas(ds, rules.quality, an, findings); }),
              "internal error: check_areas needs the result of overlay_parks, which has not run");
    overlay_parks(ds, rules.area, rules.quality, an, findings);
    check_areas(ds, rules.quality, an, findings);  // in order: runs
    EXPECT_TRUE(an.has(Stage::Overlay));
    EXPECT_EQ(message([&] { classify_parcels(ds, st, an); }),
              "internal error: classify_parcels needs the result of measure, which has not run");
    EXPECT_EQ(message([&] { grade_enterprises(ds, rules.grading, an, findings); }),
              "internal error: grade_enterprises needs the result of measure, which has not run");
    measure(ds, rules.leases, an, findings);
    // grade_why explains a grade with the rules it was graded with (Analysis::grading): asked
    // before grade_enterprises, it fails instead of explaining with the settings of the moment.
    const EntResult no_row;
    EXPECT_EQ(message([&] { (void)grade_why(ds, an, no_row); }),
              "internal error: grade_why needs the result of grade_enterprises, which has not run");
    // States before grades: the grade_d test would read no grade.
    EXPECT_EQ(message([&] { classify_parcels(ds, st, an); }),
              "internal error: classify_parcels needs the result of grade_enterprises, which has not run");
    EXPECT_EQ(message([&] { score_parks(ds, rules.score, an); }),
              "internal error: score_parks needs the result of classify_parcels, which has not run");
    grade_enterprises(ds, rules.grading, an, findings);
    classify_parcels(ds, st, an);
    EXPECT_EQ(message([&] { score_parks(ds, rules.score, an); }),
              "internal error: score_parks needs the result of assess_unsupplied, which has not run");
    EXPECT_EQ(message([&] { classify_platforms(ds, rules.platforms, an); }),
              "internal error: classify_platforms needs the result of assess_unsupplied, which has not run");
    assess_unsupplied(ds, rules.unsupplied, an, findings);
    EXPECT_EQ(message([&] { classify_platforms(ds, rules.platforms, an); }),
              "internal error: classify_platforms needs the result of score_parks, which has not run");
    score_parks(ds, rules.score, an);
    // Rule 0 of the platforms reads the development-zone check (issue 18).
    EXPECT_EQ(message([&] { classify_platforms(ds, rules.platforms, an); }),
              "internal error: classify_platforms needs the result of check_devzones, which has not run");
    EXPECT_EQ(message([&] { check_devzones(ds, rules.devzone, an, findings); }),
              "internal error: check_devzones needs the result of check_compliance, which has not run");
    check_compliance(ds, st, rules.compliance, an);
    check_devzones(ds, rules.devzone, an, findings);
    EXPECT_TRUE(an.has(Stage::Devzone));
    classify_platforms(ds, rules.platforms, an);  // in order: runs
    EXPECT_TRUE(an.has(Stage::Platforms));
}

// dev_low at exactly its threshold: 1000 / 4000 = 0.25 is not below 0.25; 900 / 4000 is.
TEST(States, DevLowExactlyTheThresholdPasses) {
    const Config cfg = config("2024-12-31", "[states]\ntests = \"dev_low\"\ndev_low_share = 0.25");
    auto built = [] { return P().date(ParcelF::done_dt, "2019-06-01").num(ParcelF::in_prod, 1).num(ParcelF::plan_m2, 4000); };
    EXPECT_EQ(classify(built().num(ParcelF::dev_m2, 1000), cfg).state, LandState::Normal);
    auto p = classify(built().num(ParcelF::dev_m2, 900), cfg);
    EXPECT_EQ(p.state, LandState::Inefficient);
    EXPECT_EQ(p.tests.at(0), "dev_low: 已开发面积比 0.23 < 0.25");  // 900 / 4000 = 0.225, 2 decimals (0.225 is 0.22500000000000001 → 0.23)
}

// Started = a start date on or before T: on T the parcel has started; the day after T it has not
// (and, due 2022-06-30, it is then idle: anniversaries 2023-06-30 and 2024-06-30 ≤ T → 2 full years).
TEST(States, StartDateOnTAndTheDayAfter) {
    auto p = [](const char* start) {
        return P().date(ParcelF::start_due, "2022-06-30").date(ParcelF::start_dt, start);
    };
    auto on = classify(p("2024-12-31"), T2024);
    EXPECT_EQ(on.state, LandState::Normal);
    EXPECT_EQ(on.tests.at(0), "under_construction: 已开工, 未竣工");
    auto after = classify(p("2025-01-01"), T2024);
    EXPECT_EQ(after.state, LandState::Idle);
    EXPECT_EQ(after.idle_yrs, 2);
}

// Built = a completion date on or before T. Completed on T with in_prod 0: built, not producing →
// not_in_production (建而未投); completed the day after T: still under construction at T.
TEST(States, CompletionDateOnTAndTheDayAfter) {
    auto p = [](const char* done) {
        return P().date(ParcelF::start_dt, "2023-01-01").date(ParcelF::done_dt, done).num(ParcelF::in_prod, 0);
    };
    auto on = classify(p("2024-12-31"), T2024);
    EXPECT_EQ(on.state, LandState::Inefficient);
    EXPECT_EQ(on.tests.at(0), "not_in_production: 2024-12-31 竣工, 未投产");
    auto after = classify(p("2025-01-01"), T2024);
    EXPECT_EQ(after.state, LandState::Normal);
    EXPECT_EQ(after.tests.at(0), "under_construction: 已开工, 未竣工");
}

// output.lang = "en" (--lang en): the same tests in English, codes and figures unchanged.
TEST(States, EnglishWordingWithOutputLangEn) {
    const Config en = config("2024-12-31", "[output]\nlang = \"en\"");
    auto built = [] { return P().date(ParcelF::start_dt, "2018-01-01").date(ParcelF::done_dt, "2019-06-01"); };
    ParcelResult pr;
    pr.mu_tax = 4;  // 4 < 0.5 × median 10 = 5
    auto p = classify(built().num(ParcelF::in_prod, 1), en, 10.0, pr);
    EXPECT_EQ(p.tests.at(0), "tax_low: per-mu tax 4.00 < benchmark 5.00");
    pr = {};
    pr.far = 0.5;  // 0.5 < the contract's 1.0
    p = classify(built().num(ParcelF::far_min, 1.0).num(ParcelF::in_prod, 1), en, std::nan(""), pr);
    EXPECT_EQ(p.tests.at(0), "far_low(contract): FAR 0.50 < contract minimum 1.00");
    p = classify(P().date(ParcelF::start_dt, "2024-03-01"), en);
    EXPECT_EQ(p.tests.at(0), "under_construction: started, not completed");
}
