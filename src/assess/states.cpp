#include "landeff/states.hpp"

#include <tbb/blocked_range.h>
#include <tbb/enumerable_thread_specific.h>
#include <tbb/parallel_for.h>
#include <tbb/parallel_sort.h>

#include <algorithm>
#include <optional>
#include <array>
#include <cmath>
#include <cstdio>
#include <limits>
#include <map>
#include <unordered_map>

#include "landeff/format.hpp"
#include "landeff/area.hpp"
#include "landeff/compliance.hpp"
#include "landeff/indicators.hpp"
#include "landeff/overlap_area.hpp"
#include "landeff/overlay.hpp"
#include "landeff/partition.hpp"
#include "landeff/rect_clip.hpp"
#include "landeff/spatial_index.hpp"
#include "landeff/text.hpp"

namespace landeff {

const char* state_name(LandState s) {
    switch (s) {
        case LandState::NotSupplied: return "not_supplied";
        case LandState::UnusedDue: return "unused_due";
        case LandState::Overdue: return "overdue";
        case LandState::DoneOverdue: return "done_overdue";
        case LandState::Idle: return "idle";
        case LandState::IdleGov: return "idle_gov";
        case LandState::Inefficient: return "inefficient";
        case LandState::Normal: return "normal";
        case LandState::NoData: return "no_data";
    }
    return "?";
}

namespace {

bool on_or_before(double date, const Date& t) { return !std::isnan(date) && from_num(date) <= t; }

double median(std::vector<double>& v) {
    if (v.empty()) return kNaN;
    const size_t m = v.size() / 2;
    std::nth_element(v.begin(), v.begin() + static_cast<long>(m), v.end());
    const double hi = v[m];
    if (v.size() % 2) return hi;
    const double lo = *std::max_element(v.begin(), v.begin() + static_cast<long>(m));
    return (lo + hi) / 2;
}

}  // namespace

void classify_parcel(const Record& r, const Config& cfg, const ControlStandard& st, double benchmark_tax,
                     std::string_view ind_code, ParcelResult& pr) {
    classify_parcel(r, cfg, StateRules(cfg), st, benchmark_tax, ind_code, pr);
}

namespace {

// One parcel's judgement, section by section (classify_parcel below reads as their order): the
// tests it records, its state, and the wording of the tests in output.lang.
struct ParcelJudge {
    const Record& r;
    const StateRules& rules;
    const Date T;
    ParcelResult& pr;

    void set(LandState state) {
        pr.state = state;
        pr.state_set = true;
    }
    void test(const std::string& t) { pr.tests.push_back(t); }
    std::string text(Msg m, std::initializer_list<std::string> args = {}) const { return say(rules.lang, m, args); }
    static std::string n(int v) { return std::to_string(v); }

    // 2. Supplied, not started: by the agreed start date. True when that decides the parcel (no
    // start date, not due, overdue); idle under test (a) goes on to the idle consequences.
    bool not_started() {
        const int idle_years = rules.idle_years;
        const double due = r.n(ParcelF::start_due);
        if (std::isnan(due)) {
            test(text(Msg::NoStartDue));
            set(LandState::NoData);
            return true;
        }
        const Date d = from_num(due);
        if (T <= d) {
            test(text(Msg::NotDue, {d.iso(), T.iso()}));
            set(LandState::UnusedDue);
            return true;
        }
        const int years = full_years_between(d, T);
        if (years >= idle_years) {
            test(text(Msg::IdleA, {n(years), n(idle_years), d.iso()}));
            pr.idle_yrs = static_cast<int16_t>(std::min(years, 32767));  // dates end at 9999
            set(LandState::Idle);
            return false;
        }
        test(text(Msg::Overdue, {d.iso(), n(years), n(idle_years)}));
        set(LandState::Overdue);
        return true;
    }

    // 3. Idle, test (b): started, under-developed or under-invested, suspended ≥ 1 full year.
    void suspended() {
        const int idle_years = rules.idle_years;
        const double susp = r.n(ParcelF::susp_dt);
        if (!on_or_before(susp, T)) return;
        const int years = full_years_between(from_num(susp), T);
        const double dev = r.n(ParcelF::dev_m2), plan = r.n(ParcelF::plan_m2);
        const double inv = r.n(ParcelF::inv_done), total = r.n(ParcelF::inv_total);
        const double dev_min = rules.dev_share_min, inv_min = rules.inv_share_min;
        const bool can_dev = !std::isnan(dev) && !std::isnan(plan) && plan > 0;
        const bool can_inv = !std::isnan(inv) && !std::isnan(total) && total > 0;
        const bool low_dev = can_dev && dev < plan * dev_min;
        const bool low_inv = can_inv && inv < total * inv_min;
        if (years >= idle_years && (low_dev || low_inv)) {
            std::string why = text(Msg::IdleB, {n(years), n(idle_years), from_num(susp).iso()});
            if (low_dev) {
                const auto [v, t] = fmt::ratio_pair(dev / plan, dev_min);
                why += text(Msg::IdleBDev, {v, t});
            }
            if (low_inv) {
                const auto [v, t] = fmt::ratio_pair(inv / total, inv_min);
                why += text(Msg::IdleBInv, {v, t});
            }
            test(why);
            pr.idle_yrs = static_cast<int16_t>(std::min(years, 32767));  // dates end at 9999
            set(LandState::Idle);
        } else if (years >= idle_years && (!can_dev || !can_inv)) {
            // Either figure below its share makes the parcel idle: one that cannot be judged
            // leaves the question open, and the test says which figure is missing.
            test(text(Msg::IdleBUnknown,
                      {n(years), !can_dev && !can_inv ? text(Msg::IdleBNoFigures)
                                 : !can_dev          ? text(Msg::IdleBNoDev, {fmt::ratio(inv / total), fmt::ratio(inv_min)})
                                                     : text(Msg::IdleBNoInv, {fmt::ratio(dev / plan), fmt::ratio(dev_min)})}));
        }
    }

    // Idle land under Order 53: a government or force-majeure cause means no fee and no recovery;
    // otherwise the fee on the land price and recovery after states.recover_years.
    void idle_consequences() {
        const std::string_view cause = r.s(ParcelF::gov_cause);
        if (!cause.empty()) {
            test(text(Msg::GovCause, {std::string(cause)}));
            pr.state = LandState::IdleGov;
            pr.idle_fee = 0;
            pr.recover = 0;
            return;
        }
        const double price = r.n(ParcelF::land_price);
        pr.idle_fee = std::isnan(price) ? kNaN : price * rules.fee_rate;
        if (std::isnan(price)) test(text(Msg::IdleFeeNoPrice, {fmt::percent(rules.fee_rate, 0)}));
        pr.recover = static_cast<int8_t>(pr.idle_yrs >= rules.recover_years ? 1 : 0);
    }

    // 逾期未竣工 (rules.md §4, the supply lifecycle): started, not completed, and the agreed completion
    // date passed before T (a completion due on T is not overdue yet, as with the start date).
    void under_construction() {
        const double done_due = r.n(ParcelF::done_due);
        if (!std::isnan(done_due) && from_num(done_due) < T) {
            test(text(Msg::DoneOverdue, {from_num(done_due).iso(), T.iso()}));
            set(LandState::DoneOverdue);
            return;
        }
        test(text(Msg::UnderConstruction));
        set(LandState::Normal);
    }

    // 4. Built or in production: the inefficiency tests (each switchable).
    void inefficiency_tests(const ControlStandard& st, double benchmark_tax, std::string_view ind_code, bool built) {
        const size_t before = pr.tests.size();
        const double done = r.n(ParcelF::done_dt), prod = r.n(ParcelF::in_prod);
        const bool industrial = is_industrial(r.s(ParcelF::land_use), rules.industrial_prefixes);
        // FAR and coverage below the contract's lower bound or the control minimum: both bind
        // (rules.md §3), each fires on its own and names its source: far_low(contract), far_low(cn-2008).
        auto below = [&](const char* name, Msg figure, double value, double thr, const std::string& source) {
            if (!std::isnan(value) && !std::isnan(thr) && value < thr)
            {
                const auto [v, t] = fmt::ratio_pair(value, thr);
                test(text(Msg::ViolationMin, {name, source, text(figure), v,
                                              source == "contract" ? text(Msg::SourceContract) : text(Msg::SourceControl, {source}), t}));
            }
        };
        if (rules.far_low) {
            below("far_low", Msg::FigFar, pr.far, r.n(ParcelF::far_min), "contract");
            if (industrial)
                if (auto m = st.far_minimum(ind_code)) below("far_low", Msg::FigFar, pr.far, *m, st.name);
        }
        if (rules.coverage_low) {
            below("coverage_low", Msg::FigCoverage, pr.coverage, r.n(ParcelF::cov_min), "contract");
            if (industrial) below("coverage_low", Msg::FigCoverage, pr.coverage, st.coverage_min, st.name);
        }
        if (rules.tax_low && !std::isnan(pr.mu_tax) && !std::isnan(benchmark_tax)) {
            const double thr = benchmark_tax * rules.tax_low_share;
            if (pr.mu_tax < thr) {
                const auto [v, t] = fmt::money_pair(pr.mu_tax, thr);
                test(text(Msg::TaxLow, {v, t}));
            }
        }
        if (rules.not_in_production && built && prod == 0.0)
            test(text(Msg::NotInProduction, {from_num(done).iso()}));
        if (rules.below_contract) {
            const double out_min = r.n(ParcelF::out_min), tax_min = r.n(ParcelF::tax_min);
            if (!std::isnan(out_min) && !std::isnan(pr.mu_output) && pr.mu_output < out_min)
                test(text(Msg::BelowContractOutput, {fmt::money_pair(pr.mu_output, out_min).value, fmt::money_pair(pr.mu_output, out_min).threshold}));
            if (!std::isnan(tax_min) && !std::isnan(pr.mu_tax) && pr.mu_tax < tax_min)
                test(text(Msg::BelowContractTax, {fmt::money_pair(pr.mu_tax, tax_min).value, fmt::money_pair(pr.mu_tax, tax_min).threshold}));
        }
        // 用而未尽 (rules.md §4): the built footprint (buildings + structures + yards) share of the parcel,
        // i.e. the building coverage footprint / area, below the threshold.
        if (rules.underbuilt && !std::isnan(pr.coverage) && pr.coverage < rules.underbuilt_share)
            test(text(Msg::Underbuilt, {fmt::ratio_pair(pr.coverage, rules.underbuilt_share).value,
                                         fmt::ratio_pair(pr.coverage, rules.underbuilt_share).threshold}));
        // Developed area below a share of the area to develop (the contract's plan), a separate test.
        if (rules.dev_low) {
            const double dev = r.n(ParcelF::dev_m2), plan = r.n(ParcelF::plan_m2);
            const double share = rules.dev_low_share;
            if (!std::isnan(dev) && !std::isnan(plan) && plan > 0 && dev < plan * share)
                test(text(Msg::DevLow, {fmt::ratio_pair(dev / plan, share).value, fmt::ratio_pair(dev / plan, share).threshold}));
        }
        // The owning enterprise graded D (倒逼整治): grade_enterprises() has run (classify_parcels checks).
        if (rules.grade_d && pr.grade == 'D') test(text(Msg::GradeD));
        set(pr.tests.size() > before ? LandState::Inefficient : LandState::Normal);
    }
};

}  // namespace

void classify_parcel(const Record& r, const Config& cfg, const StateRules& rules, const ControlStandard& st,
                     double benchmark_tax, std::string_view ind_code, ParcelResult& pr) {
    const Date T = cfg.eval_date;
    ParcelJudge j{r, rules, T, pr};
    // 1. Not yet supplied at T (a supply date on T counts as supplied). A parcel without a supply
    // date counts as supplied here; assess_unsupplied judges it for 批而未供.
    if (supplied_after(r, T)) {
        j.test(j.text(Msg::SuppliedAfter, {from_num(r.n(ParcelF::supply_dt)).iso(), T.iso()}));
        j.set(LandState::NotSupplied);
        return;
    }
    // As at T a recorded date decides (built_at): a completion or production stands in for a missing
    // start date, never for one recorded after T.
    const bool producing = producing_at(r, T);
    const bool built = built_at(r, T);
    const bool started = started_at(r, T);
    if (!started) {
        if (j.not_started()) return;  // 2. by the agreed start date
    } else if (!built) {
        j.suspended();  // 3. idle under test (b)
    }
    if (pr.state_set && pr.state == LandState::Idle) return j.idle_consequences();
    if (!built && !producing) return j.under_construction();
    j.inefficiency_tests(st, benchmark_tax, ind_code, built);  // 4.
}

namespace {

// The union of many polygons cut into disjoint own parts without building the union (one giant
// geometry is slow to assemble — GEOS places its holes quadratically): each polygon's own part is
// itself minus the union of its overlapping neighbours of lower index, found with the R-tree. The
// own parts tile the union, so the union's area is the sum of theirs, and the union's area inside
// a park the sum of theirs inside it (no union per park).
// The polygons own_parts and own_area_within read: GEOS geometries (the approvals), or packed shapes
// (the 批而未供 polygons, packed as they are made: issue 20), each made into GEOS when read.
class Polys {
public:
    explicit Polys(const std::vector<const GEOSGeometry*>& geoms) : m_geoms(&geoms) {}
    explicit Polys(const std::vector<const Shape*>& shapes) : m_shapes(&shapes) {}
    size_t size() const { return m_geoms ? m_geoms->size() : m_shapes->size(); }
    bool has(size_t i) const { return m_geoms ? (*m_geoms)[i] != nullptr : (*m_shapes)[i] && *(*m_shapes)[i]; }
    GeomHold hold(size_t i) const {
        if (m_geoms) return GeomHold((*m_geoms)[i]);
        return (*m_shapes)[i] ? (*m_shapes)[i]->hold() : GeomHold();
    }
    // Its box; false when it has none.
    bool box(size_t i, double& x0, double& y0, double& x1, double& y1) const {
        if (m_geoms) return (*m_geoms)[i] && envelope((*m_geoms)[i], x0, y0, x1, y1);
        return (*m_shapes)[i] && (*m_shapes)[i]->envelope(x0, y0, x1, y1);
    }
    // Its rings for shared_area (a packed shape's from its WKB, without GEOS).
    RingSet rings(size_t i) const {
        if (m_geoms) return RingSet((*m_geoms)[i]);
        return (*m_shapes)[i] ? RingSet::of(*(*m_shapes)[i]) : RingSet();
    }

private:
    const std::vector<const GEOSGeometry*>* m_geoms = nullptr;
    const std::vector<const Shape*>* m_shapes = nullptr;
};

// A polygon's own part is either the polygon minus the earlier neighbours it shares area with,
// measured (planar areas, at most kMaxTaken such neighbours: shared_area, by inclusion–exclusion,
// nothing built — approvals overlap their neighbours at a corner or two), or `cut`, built by GEOS
// (more neighbours, ellipsoidal areas, or what shared_area cannot walk).
struct OwnParts {
    static constexpr size_t kMaxTaken = 4;
    std::vector<GeomPtr> cut;                                  // the own part built, where it is (else null)
    std::vector<std::array<uint32_t, kMaxTaken>> taken;        // the earlier neighbours taken off, measured
    std::vector<uint8_t> n_taken;                              // how many (0: none, or cut)
    std::vector<uint16_t> pairs;                               // bit 4a + b: taken a and b share area too
    std::vector<double> overlap;                               // the area taken off (CRS units²)
    std::vector<double> area;                                  // the own part's area (m²)
    double total() const {
        // Summed in index order: the total must not depend on how the threads happened to split
        // the work (outputs are reproducible to the last digit).
        double sum = 0;
        for (double v : area) sum += v;
        return sum;
    }
};

// g minus the union of `pieces` (its neighbours clipped to its envelope); g itself for none, null
// when GEOS cannot unite them.
GeomPtr minus_union(const GEOSGeometry* g, std::vector<GeomPtr>&& pieces) {
    if (pieces.empty()) return clone(g);
    GeomPtr before = unary_union(std::move(pieces));
    if (!before) return nullptr;
    GeomPtr cut = difference(g, before.get());
    return cut ? std::move(cut) : empty_polygon();
}

// Polygon i minus the union of `earlier` (its neighbours of lower index sharing area with it), each
// clipped to i's envelope first so the union is of small pieces; null when GEOS fails.
GeomPtr cut_by(const Polys& geoms, const GEOSGeometry* g, const std::vector<uint32_t>& earlier) {
    double x0, y0, x1, y1;
    envelope(g, x0, y0, x1, y1);
    std::vector<GeomPtr> pieces;
    for (uint32_t j : earlier) {
        GeomPtr piece = clip_by_rect(geoms.hold(j).get(), x0, y0, x1, y1);
        if (piece && !GEOSisEmpty_r(geos(), piece.get())) pieces.push_back(std::move(piece));
    }
    return minus_union(g, std::move(pieces));
}

// The area (CRS units²) `base` shares with the union of `taken` (and with `park` too when given), by
// inclusion–exclusion: Σ over non-empty subsets S of ± area(base ∩ ⋂S [∩ park]), + for odd |S|; a
// subset with two members that share no area adds nothing. `alone[a]`: area(base ∩ taken[a]) when
// known (no park). NaN when shared_area cannot walk a term.
double union_share(const RingSet& base, const std::vector<RingSet>& taken, uint16_t pairs, const double* alone,
                   const RingSet* park) {
    const size_t n = taken.size();
    double sum = 0;
    std::vector<const RingSet*> sets;
    for (uint32_t mask = 1; mask < (1u << n); ++mask) {
        bool apart = false;
        for (size_t a = 0; a < n && !apart; ++a)
            for (size_t b = a + 1; b < n; ++b)
                if ((mask >> a & 1) && (mask >> b & 1) && !(pairs >> (4 * a + b) & 1)) {
                    apart = true;
                    break;
                }
        if (apart) continue;
        const int members = __builtin_popcount(mask);
        double term;
        if (members == 1 && !park && alone) {
            term = alone[__builtin_ctz(mask)];
        } else {
            sets.assign(1, &base);
            for (size_t a = 0; a < n; ++a)
                if (mask >> a & 1) sets.push_back(&taken[a]);
            if (park) sets.push_back(park);  // last: the large one, indexed
            term = shared_area(sets.data(), sets.size()).area;
        }
        if (std::isnan(term)) return kNaN;
        sum += members % 2 ? term : -term;
    }
    return std::max(0.0, sum);
}

OwnParts own_parts(const Polys& geoms, const EnvelopeIndex& index, const AreaMeter& meter) {
    OwnParts out;
    out.cut.resize(geoms.size());
    out.taken.resize(geoms.size());
    out.n_taken.assign(geoms.size(), 0);
    out.pairs.assign(geoms.size(), 0);
    out.overlap.assign(geoms.size(), 0.0);
    out.area.assign(geoms.size(), 0.0);
    const double factor = meter.planar_factor();
    tbb::parallel_for(size_t(0), geoms.size(), [&](size_t i) {
        if (!geoms.has(i)) return;
        std::vector<uint32_t> hits;
        // Planar: the earlier neighbours that share area with polygon i, measured (no overlay).
        if (factor > 0) {
            const RingSet rings = geoms.rings(i);
            bool walked = rings.ok();
            std::vector<uint32_t> sharing;
            std::vector<RingSet> sharing_rings;
            std::vector<double> alone;
            const double g_area = walked ? rings.area() : 0;
            if (walked) {
                const auto& b = rings.box();
                index.query(b[0], b[1], b[2], b[3], hits);
            }
            for (uint32_t j : hits) {
                if (!walked || j >= i || !geoms.has(j)) continue;
                RingSet other = geoms.rings(j);
                const SharedArea s = shared_area(rings, other);
                if (std::isnan(s.area)) walked = false;
                else if (s.area > kTouchShare * g_area) {
                    sharing.push_back(j);
                    sharing_rings.push_back(std::move(other));
                    alone.push_back(s.area);
                }
            }
            if (walked && sharing.empty()) {
                out.area[i] = g_area * factor;
                return;
            }
            if (walked && sharing.size() <= OwnParts::kMaxTaken) {
                uint16_t pairs = 0;
                for (size_t a = 0; a < sharing.size() && walked; ++a)
                    for (size_t b = a + 1; b < sharing.size(); ++b) {
                        const SharedArea s = shared_area(sharing_rings[a], sharing_rings[b]);
                        if (std::isnan(s.area)) walked = false;
                        else if (s.area > kTouchShare * g_area) pairs = static_cast<uint16_t>(pairs | 1u << (4 * a + b));
                    }
                const double taken = walked ? union_share(rings, sharing_rings, pairs, alone.data(), nullptr) : kNaN;
                if (!std::isnan(taken)) {
                    for (size_t a = 0; a < sharing.size(); ++a) out.taken[i][a] = sharing[a];
                    out.n_taken[i] = static_cast<uint8_t>(sharing.size());
                    out.pairs[i] = pairs;
                    out.overlap[i] = taken;
                    out.area[i] = std::max(0.0, (g_area - taken) * factor);
                    return;
                }
            } else if (walked) {  // many: built
                const GeomHold held = geoms.hold(i);
                out.cut[i] = cut_by(geoms, held.get(), sharing);
                if (out.cut[i]) {
                    out.area[i] = meter.area_m2(out.cut[i].get());
                    return;
                }
            }
        }
        const GeomHold held = geoms.hold(i);
        const GEOSGeometry* g = held.get();
        if (!g) return;
        index.query(g, hits);
        // GEOS: the earlier neighbours that meet g (touching ones too), clipped, united, taken off.
        std::vector<GeomPtr> earlier;
        PreparedPtr pg;  // g prepared once it has an earlier neighbour (the same answers as GEOSIntersects_r, faster)
        double x0, y0, x1, y1;
        envelope(g, x0, y0, x1, y1);
        for (uint32_t j : hits) {
            if (j >= i || !geoms.has(j)) continue;
            GeomPtr piece = clip_by_rect(geoms.hold(j).get(), x0, y0, x1, y1);
            if (!piece || GEOSisEmpty_r(geos(), piece.get())) continue;
            if (!pg) pg = prepare(g);
            if (GEOSPreparedIntersects_r(geos(), pg.get(), piece.get()) == 1) earlier.push_back(std::move(piece));
        }
        if (earlier.empty()) {
            out.area[i] = meter.area_m2(g);
            return;
        }
        out.cut[i] = minus_union(g, std::move(earlier));
        if (!out.cut[i]) {
            out.area[i] = meter.area_m2(g);
            return;
        }
        out.area[i] = meter.area_m2(out.cut[i].get());
    });
    return out;
}

// Where the box [x0, x1] × [y0, y1] lies against the park: Inside, Outside (interiors apart), or
// Partial — across its boundary, or not walked (shared_area's NaN).
SharedArea::Kind box_against(double x0, double y0, double x1, double y1, const RingSet& park) {
    const SharedArea s = shared_area(RingSet::rectangle(x0, y0, x1, y1), park);
    return std::isnan(s.area) ? SharedArea::Partial : s.kind;
}

// The area (CRS units²) polygon h (its rings `polygon`) shares with the neighbours taken off it
// inside the park: the boxes where it meets them, inside the park or apart from it, settle it; else
// measured with the park. NaN when shared_area cannot walk it.
double taken_within(const Polys& geoms, const OwnParts& own, size_t h, const RingSet& polygon, const RingSet& park) {
    const auto& p = polygon.box();
    std::vector<RingSet> taken;
    constexpr double kInf = std::numeric_limits<double>::infinity();
    double r0 = kInf, s0 = kInf, r1 = -kInf, s1 = -kInf;  // the union of the boxes' overlaps
    for (size_t a = 0; a < own.n_taken[h]; ++a) {
        taken.push_back(geoms.rings(own.taken[h][a]));
        if (!taken.back().ok()) return kNaN;
        const auto& b = taken.back().box();
        r0 = std::min(r0, std::max(p[0], b[0]));
        s0 = std::min(s0, std::max(p[1], b[1]));
        r1 = std::max(r1, std::min(p[2], b[2]));
        s1 = std::max(s1, std::min(p[3], b[3]));
    }
    const SharedArea::Kind box = box_against(r0, s0, r1, s1, park);
    if (box == SharedArea::Inside) return own.overlap[h];
    if (box == SharedArea::Outside) return 0;
    return union_share(polygon, taken, own.pairs[h], nullptr, &park);
}

// The area of the union of `geoms` (cut into `own` parts) inside the park `pg`: each own part
// inside the park counts whole, one crossing its boundary by the area it shares with it. In planar
// mode `park_rings` (the park's rings) measure that area from the boundaries (shared_area), with no
// overlay; GEOS's predicates and intersection are the way for ellipsoidal areas and for what
// shared_area cannot walk.
double own_area_within(const GEOSGeometry* pg, const RectClipper* clipper, const RingSet* park_rings, const Polys& geoms,
                       const OwnParts& own, const EnvelopeIndex& index, const AreaMeter& meter) {
    std::vector<uint32_t> hits;
    index.query(pg, hits);
    if (hits.empty()) return 0;
    const double factor = meter.planar_factor();
    PreparedPtr pp;  // made when GEOS is asked
    double sum = 0;
    for (uint32_t h : hits) {
        if (!geoms.has(h) || own.area[h] <= 0) continue;
        if (park_rings && factor > 0) {
            // The polygon's box first: one inside the park (the own part within it counts whole) or
            // apart from it settles the polygon without walking its edges and holes.
            double x0, y0, x1, y1;
            if (geoms.box(h, x0, y0, x1, y1)) {
                const SharedArea::Kind box = box_against(x0, y0, x1, y1, *park_rings);
                if (box == SharedArea::Inside) {
                    sum += own.area[h];
                    continue;
                }
                if (box == SharedArea::Outside) continue;
            }
            const RingSet piece = own.cut[h] ? RingSet(own.cut[h].get()) : geoms.rings(h);
            const SharedArea shared = shared_area(piece, *park_rings);
            if (!std::isnan(shared.area)) {
                if (shared.kind == SharedArea::Outside) continue;
                if (shared.kind == SharedArea::Inside) {
                    sum += own.area[h];
                    continue;
                }
                if (own.n_taken[h] == 0) {
                    sum += shared.area * factor;
                    continue;
                }
                const double taken = taken_within(geoms, own, h, piece, *park_rings);
                if (!std::isnan(taken)) {
                    sum += std::max(0.0, shared.area - taken) * factor;
                    continue;
                }
            }
        }
        const GeomHold held = geoms.hold(h);
        const GEOSGeometry* piece = own.cut[h] ? own.cut[h].get() : held.get();
        // GEOS, on the own part built.
        GeomPtr made;
        if (own.n_taken[h] > 0) {
            made = cut_by(geoms, piece, std::vector<uint32_t>(own.taken[h].begin(), own.taken[h].begin() + own.n_taken[h]));
            if (!made) continue;
            piece = made.get();
        }
        if (!clipper && !pp) pp = prepare(pg);
        if (intersects(clipper, pp.get(), piece) != 1) continue;
        if (contains(clipper, pp.get(), piece) == 1) {
            sum += own.area[h];
            continue;
        }
        GeomPtr in = clipped_intersection(piece, pg, clipper);
        if (in && !GEOSisEmpty_r(geos(), in.get())) sum += meter.area_m2(in.get());
    }
    return sum;
}

// The polygon `polygon` with the exterior rings of `holes` (polygons) added as interior rings. The
// caller makes sure they lie strictly inside it and apart; null when GEOS cannot build it.
GeomPtr with_holes(const GEOSGeometry* polygon, const std::vector<const GEOSGeometry*>& holes) {
    GEOSContextHandle_t h = geos();
    if (!polygon || GEOSGeomTypeId_r(h, polygon) != GEOS_POLYGON) return nullptr;
    std::vector<const GEOSGeometry*> rings;
    const int n = GEOSGetNumInteriorRings_r(h, polygon);
    for (int i = 0; i < n; ++i) rings.push_back(GEOSGetInteriorRingN_r(h, polygon, i));
    for (const GEOSGeometry* p : holes) {
        if (!p || GEOSGeomTypeId_r(h, p) != GEOS_POLYGON) return nullptr;
        rings.push_back(GEOSGetExteriorRing_r(h, p));
    }
    return polygon_of_rings(GEOSGetExteriorRing_r(h, polygon), rings);
}

// The single polygon of g (a polygon, or a multipolygon of one) when it has no holes; else null.
const GEOSGeometry* simple_polygon(const GEOSGeometry* g) {
    GEOSContextHandle_t h = geos();
    if (GEOSGeomTypeId_r(h, g) == GEOS_MULTIPOLYGON) {
        if (GEOSGetNumGeometries_r(h, g) != 1) return nullptr;
        g = GEOSGetGeometryN_r(h, g, 0);
    }
    if (GEOSGeomTypeId_r(h, g) != GEOS_POLYGON || GEOSGetNumInteriorRings_r(h, g) != 0) return nullptr;
    return g;
}

// Approval g (of area g_m2) minus the parcels supplied at T, exact in every case, cheapest way first
// (rules.md §4, 批而未供 — how it is computed). The parcels that meet g are those inside g and
// those crossing its boundary; the R-tree finds which of them meet each other.
//  1. None overlaps another: g minus the union of the crossing ones (one overlay; no union built
//     when there is one, or when no two of them meet: their polygons are one valid multipolygon), less the
//     areas of the ones inside g, is what is left; when that is below the sliver, so is every
//     polygon left, and nothing more is built (null). (The crossing ones' areas inside g, each an
//     intersection, were summed here before: the same test, an overlay per crossing parcel more.)
//  2. Neither do the ones inside g touch each other, each is one polygon without holes and lies
//     strictly inside g minus the crossing ones: that difference, with the inside ones' rings added
//     as holes of the polygon holding them.
//  3. Otherwise g minus the union of every supplied parcel whose envelope meets g's.
GeomPtr unsupplied_rest(const GEOSGeometry* g, double g_m2, const std::vector<const Shape*>& supplied_shapes,
                        const std::vector<uint32_t>& hits, const AreaMeter& meter, double sliver) {
    GEOSContextHandle_t ctx = geos();
    // Which of the parcels near g meet it, inside it or across its boundary: in planar mode from
    // their rings (shared_area: Inside, Outside — interiors apart, touching at most — or across),
    // else by GEOS's prepared predicates. Only those that meet are made into GEOS geometries (packed
    // as read, issue 20, each from its WKB). A parcel touching g's boundary from inside may count as
    // across: it is then taken off with the crossing ones, the same land.
    const double factor = meter.planar_factor();
    const RingSet approval = factor > 0 ? RingSet(g) : RingSet();
    PreparedPtr pg;
    std::vector<uint32_t> meet, inside, crossing;  // ascending, as hits
    std::vector<GeomHold> held;                     // per meet
    std::vector<std::array<double, 4>> meet_boxes;  // per meet
    for (uint32_t h : hits) {
        int kind = -1;
        if (approval.ok()) {
            thread_local RingSet parcel;  // its buffers reused parcel after parcel
            parcel.assign(*supplied_shapes[h]);
            const SharedArea s = shared_area(parcel, approval);
            if (!std::isnan(s.area)) kind = s.kind;
        }
        if (kind == SharedArea::Outside) continue;
        GeomHold p = supplied_shapes[h]->hold();
        if (kind < 0) {
            if (!pg) pg = prepare(g);
            if (GEOSPreparedIntersects_r(ctx, pg.get(), p.get()) != 1) continue;
            kind = GEOSPreparedContains_r(ctx, pg.get(), p.get()) == 1 ? SharedArea::Inside : SharedArea::Partial;
        }
        meet.push_back(h);
        (kind == SharedArea::Inside ? inside : crossing).push_back(h);
        std::array<double, 4> b{};
        envelope(p.get(), b[0], b[1], b[2], b[3]);
        meet_boxes.push_back(b);
        held.push_back(std::move(p));
    }
    const auto supplied_of = [&](uint32_t h) {
        return held[static_cast<size_t>(std::lower_bound(meet.begin(), meet.end(), h) - meet.begin())].get();
    };
    double x0, y0, x1, y1;
    envelope(g, x0, y0, x1, y1);
    if (meet.empty()) return clone(g);
    // Pairs among them whose envelopes meet (an R-tree of this approval's parcels): overlapping
    // (interiors meet), or touching inside g.
    const EnvelopeIndex meet_index(meet_boxes);
    bool overlap = false, touch_inside = false, touch_crossing = false;
    std::vector<uint32_t> near;
    for (size_t m = 0; m < meet.size(); ++m) {
        const uint32_t h = meet[m];
        const auto& b = meet_boxes[m];
        meet_index.query(b[0], b[1], b[2], b[3], near);
        for (uint32_t k : near) {
            const uint32_t j = meet[k];
            if (j <= h) continue;
            if (GEOSIntersects_r(ctx, supplied_of(h), supplied_of(j)) != 1) continue;
            if (GEOSRelatePattern_r(ctx, supplied_of(h), supplied_of(j), "T********") == 1) overlap = true;
            const bool h_in = std::binary_search(inside.begin(), inside.end(), h);
            const bool j_in = std::binary_search(inside.begin(), inside.end(), j);
            if (h_in && j_in) touch_inside = true;
            if (!h_in && !j_in) touch_crossing = true;
        }
        if (overlap) break;
    }
    auto exact = [&] {  // 3.
        std::vector<GeomPtr> pieces;
        for (uint32_t h : meet) pieces.push_back(clip_by_rect(supplied_of(h), x0, y0, x1, y1));
        GeomPtr uni = unary_union(std::move(pieces));
        return uni ? difference(g, uni.get()) : clone(g);
    };
    if (overlap) return exact();
    // g minus the crossing parcels, one difference whatever their number: a single one as it is;
    // several apart from each other (no two meet) as one multipolygon, valid because they are apart,
    // with no union built (GEOS's overlay clips the second operand to g's envelope itself); touching
    // ones clipped to g's envelope and united.
    GeomPtr cut;
    double cut_m2 = g_m2;
    if (crossing.empty()) {
        cut = clone(g);
    } else {
        GeomPtr crossing_geom;
        if (crossing.size() > 1 && !touch_crossing) {
            std::vector<GeomPtr> parts;
            for (uint32_t h : crossing)
                for (auto& p : polygons_of(supplied_of(h))) parts.push_back(std::move(p));
            crossing_geom = collection(GEOS_MULTIPOLYGON, std::move(parts));
        } else if (crossing.size() > 1) {
            std::vector<GeomPtr> pieces;
            for (uint32_t h : crossing) pieces.push_back(clip_by_rect(supplied_of(h), x0, y0, x1, y1));
            crossing_geom = unary_union(std::move(pieces));
        }
        const GEOSGeometry* off = crossing.size() == 1 ? supplied_of(crossing[0]) : crossing_geom.get();
        cut = off ? difference(g, off) : nullptr;
        if (!cut) return exact();
        cut_m2 = meter.area_m2(cut.get());
    }
    // 1. The parcels tile their part of g without overlap: the ones inside g take their areas from
    // the cut. A margin of 1e-9 of g's area for rounding: at the sliver's edge the polygons decide.
    double inside_m2 = 0;
    for (uint32_t h : inside) inside_m2 += meter.area_m2(supplied_of(h));
    if (cut_m2 - inside_m2 + 1e-9 * g_m2 < sliver) return nullptr;
    if (touch_inside) return exact();
    std::vector<const GEOSGeometry*> holes;
    for (uint32_t h : inside) {
        const GEOSGeometry* p = simple_polygon(supplied_of(h));
        if (!p) return exact();
        holes.push_back(p);
    }
    // 2. The inside parcels as holes of the polygon of the cut holding each.
    std::vector<GeomPtr> polys = polygons_of(cut.get());
    std::vector<const GEOSGeometry*> poly_ptrs;
    for (const auto& p : polys) poly_ptrs.push_back(p.get());
    const EnvelopeIndex poly_index(poly_ptrs);
    // Each polygon's rings, made when first asked (contains_properly: exact, as GEOS's predicate).
    std::vector<std::optional<RingSet>> poly_rings(polys.size());
    std::vector<std::vector<const GEOSGeometry*>> holes_of(polys.size());
    std::vector<uint32_t> cand;
    for (const GEOSGeometry* p : holes) {
        poly_index.query(p, cand);
        bool placed = false;
        const RingSet hole(p);
        for (uint32_t c : cand) {
            if (!poly_rings[c]) poly_rings[c].emplace(polys[c].get());
            if (contains_properly(*poly_rings[c], hole)) {
                holes_of[c].push_back(p);
                placed = true;
                break;
            }
        }
        if (!placed) return exact();  // touches the boundary of g or of a crossing parcel
    }
    std::vector<GeomPtr> out;
    for (size_t c = 0; c < polys.size(); ++c) {
        if (holes_of[c].empty()) {
            out.push_back(std::move(polys[c]));
            continue;
        }
        GeomPtr made = with_holes(polys[c].get(), holes_of[c]);
        if (!made) return exact();
        out.push_back(std::move(made));
    }
    return collection(GEOS_MULTIPOLYGON, std::move(out));
}

// Started or built at T, as far as the record shows: a start, completion or production recorded by T,
// or any floor area or footprint (states.built_unsupplied).
std::string built_evidence(const Record& r, const Date& T, Lang lang) {
    std::vector<std::string> why;
    if (on_or_before(r.n(ParcelF::start_dt), T)) why.push_back(say(lang, Msg::BuiltStarted, {from_num(r.n(ParcelF::start_dt)).iso()}));
    if (on_or_before(r.n(ParcelF::done_dt), T)) why.push_back(say(lang, Msg::BuiltCompleted, {from_num(r.n(ParcelF::done_dt)).iso()}));
    if (producing_at(r, T)) why.push_back(say(lang, Msg::BuiltProducing));
    if (r.n(ParcelF::floor_m2) > 0) why.push_back(say(lang, Msg::BuiltFloor, {fmt::number(r.n(ParcelF::floor_m2))}));
    if (r.n(ParcelF::footprint) > 0) why.push_back(say(lang, Msg::BuiltFootprint, {fmt::number(r.n(ParcelF::footprint))}));
    return join(why, ", ");
}
}  // namespace

std::map<std::string, double, std::less<>> tax_low_region_medians(const Dataset& ds, const Analysis& an) {
    const Config& cfg = ds.cfg;
    const auto& parcels = ds.parcels.features;
    const size_t local_chars = admin_chars(cfg.settings, admin_level(cfg.settings.str("states.tax_low_region")));
    std::map<std::string, double, std::less<>> med;
    if (local_chars == 0) return med;
    std::map<std::string_view, std::vector<double>> by_code;
    for (size_t i = 0; i < parcels.size(); ++i) {
        const auto& pr = an.parcels[i];
        if (!producing_at(parcels[i].rec, cfg.eval_date) || std::isnan(pr.mu_tax)) continue;
        by_code[admin_code(parcels[i].rec.s(ParcelF::parcel_id), local_chars)].push_back(pr.mu_tax);
    }
    for (auto& [code, v] : by_code) med.emplace(std::string(code), median(v));
    return med;
}

void classify_parcels(const Dataset& ds, const ControlStandard& st, Analysis& an) {
    an.require(Stage::Measure, "classify_parcels");  // per-mu figures, FAR, coverage, industry codes
    an.require(Stage::Grades, "classify_parcels");   // the grade_d test reads the enterprises' grades
    const Config& cfg = ds.cfg;
    const auto& parcels = ds.parcels.features;

    // tax_low benchmarks: the median per-mu tax of producing parcels, per park and for the region.
    const StateRules rules(cfg);
    const std::string& scope = rules.tax_low_scope;
    std::vector<std::vector<double>> by_park(an.parks.size());
    std::vector<double> all;
    // Which parcels produce at T, on every core (a record each, scattered over the heap: issue 20);
    // their figures gathered in parcel order.
    std::vector<char> producing(parcels.size(), 0);
    tbb::parallel_for(tbb::blocked_range<size_t>(0, parcels.size(), 4096), [&](const tbb::blocked_range<size_t>& r) {
        for (size_t i = r.begin(); i != r.end(); ++i)
            producing[i] = !std::isnan(an.parcels[i].mu_tax) && producing_at(parcels[i].rec, cfg.eval_date);
    });
    for (size_t i = 0; i < parcels.size(); ++i) {
        if (!producing[i]) continue;
        const auto& pr = an.parcels[i];
        all.push_back(pr.mu_tax);
        if (pr.main_park >= 0) by_park[static_cast<size_t>(pr.main_park)].push_back(pr.mu_tax);
    }
    const double region_median = median(all);
    // states.tax_low_region (rules.md §10): the "region" median taken per county or city (the parcel's
    // code, the start of its parcel_id), so a partition of that size or finer knows it.
    const size_t local_chars = admin_chars(cfg.settings, admin_level(cfg.settings.str("states.tax_low_region")));
    std::vector<double> local_median;  // per parcel, when local_chars > 0
    if (local_chars > 0) {
        std::map<std::string, double, std::less<>> med = tax_low_region_medians(ds, an);
        if (ds.first_pass) {
            // A second pass (issue 21): the medians of the regions of other partitions are their first
            // pass's (this pass read only part of them); its own regions' it computes, as the first did.
            const FirstPass& fp = *ds.first_pass;
            for (auto it = med.begin(); it != med.end();) {
                if (fp.own(it->first)) {
                    auto t = fp.tax_median.find(it->first);
                    const double want = t == fp.tax_median.end() ? kNaN : t->second;
                    if (!(std::fabs(want - it->second) <= 1e-9 * std::max(1.0, std::fabs(it->second))))
                        first_pass_mismatch(ds, it->first, std::string("states.tax_low_region ").append(it->first), "median",
                                            std::isnan(want) ? "-" : fmt::number(want), fmt::number(it->second));
                    ++it;
                } else it = med.erase(it);
            }
            for (const auto& [code, m] : fp.tax_median)
                if (!fp.own(code)) med[code] = m;
        }
        local_median.assign(parcels.size(), kNaN);
        for (size_t i = 0; i < parcels.size(); ++i) {
            auto it = med.find(admin_code(parcels[i].rec.s(ParcelF::parcel_id), local_chars));
            if (it != med.end()) local_median[i] = it->second;
        }
    }
    std::vector<double> park_median(an.parks.size(), kNaN);
    for (size_t k = 0; k < by_park.size(); ++k) park_median[k] = median(by_park[k]);
    const double fixed = rules.tax_low_fixed;

    tbb::parallel_for(size_t(0), parcels.size(), [&](size_t i) {
        ParcelResult& pr = an.parcels[i];
        double bench = scope == "fixed" ? fixed : local_chars > 0 ? local_median[i] : region_median;
        if (scope == "park" && pr.main_park >= 0) bench = park_median[static_cast<size_t>(pr.main_park)];
        const Record& r = parcels[i].rec;
        classify_parcel(r, cfg, rules, st, bench, an.parcel_ind_code(ds, i), pr);
        pr.tests.share(*an.texts);  // the same tests, figures and all, recur on many parcels
    });

    // Per park: idle and inefficient land by the parcel's share inside; counts by main park.
    for (size_t i = 0; i < parcels.size(); ++i) {
        const auto& pr = an.parcels[i];
        const bool idle = pr.state == LandState::Idle || pr.state == LandState::IdleGov;
        const bool ineff = pr.state == LandState::Inefficient;
        for (const auto& s : pr.parks) {
            if (idle) an.parks[s.park].idle_m2 += s.area_m2;
            if (ineff) an.parks[s.park].ineff_m2 += s.area_m2;
        }
        if (pr.main_park >= 0) ++an.parks[static_cast<size_t>(pr.main_park)].n_state[static_cast<size_t>(pr.state)];
        if (!std::isnan(pr.area_m2)) {
            if (idle) an.region.idle_m2 += pr.area_m2;
            if (ineff) an.region.ineff_m2 += pr.area_m2;
        }
        ++an.region.n_state[static_cast<size_t>(pr.state)];
    }
    an.mark(Stage::States);
}

namespace {

// Supplied at T: a supply date on or before T. Without a supply date in a layer that has the
// field, a parcel started or built counts as unsupplied (rules.md §4 [L], states.built_unsupplied);
// in a layer without the field every parcel counts as supplied. Per parcel its geometry when
// supplied at T, else null.
std::vector<const Shape*> supplied_at_t(const Dataset& ds, const UnsuppliedRules& rules, Findings& findings) {
    const Date T = ds.cfg.eval_date;
    const auto& parcels = ds.parcels.features;
    const bool has_supply_field = ds.parcels.has_field(ParcelF::supply_dt);
    const bool built_rule = rules.built_unsupplied && has_supply_field;
    if (!has_supply_field && !parcels.empty())
        findings.add("parcels", -1, "", "no_supply_dates", Severity::Info,
                     say(findings.lang(), Msg::NoSupplyDates, {ds.parcels.label}));
    std::vector<const Shape*> supplied(parcels.size(), nullptr);
    for (size_t i = 0; i < parcels.size(); ++i) {
        const Record& r = parcels[i].rec;
        const double supply = r.n(ParcelF::supply_dt);
        if (!std::isnan(supply)) {
            if (from_num(supply) <= T && parcels[i].geom) supplied[i] = &parcels[i].geom;
            continue;
        }
        const std::string built = built_rule ? built_evidence(r, T, findings.lang()) : std::string();
        if (built.empty()) {
            if (parcels[i].geom) supplied[i] = &parcels[i].geom;
            continue;
        }
        const auto& f = parcels[i];
        findings.add("parcels", f.fid, r.s(ParcelF::parcel_id), "built_unsupplied", Severity::Warning,
                     say(findings.lang(), Msg::BuiltUnsupplied, {feature_ref(ds.parcels, f.fid, r.s(ParcelF::parcel_id)), built}));
    }
    return supplied;
}

// Approved at T: an approval dated after T is not approved yet (one on T is); without a date it
// counts. Per approval its geometry when approved at T, else null.
std::vector<const GEOSGeometry*> approved_at_t(const Dataset& ds, Findings& findings) {
    const Date T = ds.cfg.eval_date;
    const auto& approvals = ds.approvals.features;
    std::vector<const GEOSGeometry*> appr_geoms(approvals.size(), nullptr);
    for (size_t a = 0; a < approvals.size(); ++a) {
        const auto& f = approvals[a];
        const double dt = f.rec.n(ApprovalF::appr_dt);
        if (std::isnan(dt) || from_num(dt) <= T) {
            appr_geoms[a] = f.geom.get();
            continue;
        }
        const std::string_view id = f.rec.s(ApprovalF::appr_id);
        findings.add("approvals", f.fid, id, "approval_after_eval", Severity::Info,
                     say(findings.lang(), Msg::ApprovalAfterEval, {feature_ref(ds.approvals, f.fid, id), from_num(dt).iso(), T.iso()}));
    }
    return appr_geoms;
}

// The park holding the largest part of the unsupplied land. With one park near it, that park
// when they share area (interiors meet): a point inside the unsupplied land strictly inside
// the park proves it without the intersection (with a huge park, clipping it is the cost).
// `prepared`: this thread's prepared parks.
void assign_park(const Dataset& ds, const EnvelopeIndex& park_index, const std::vector<std::unique_ptr<RectClipper>>& clippers,
                 std::vector<PreparedPtr>& prepared, const AreaMeter& meter, Unsupplied& u) {
    std::vector<uint32_t> ph;
    park_index.query(u.geom.get(), ph);
    if (ph.size() == 1) {
        const RectClipper* c = clippers[ph[0]].get();
        PreparedPtr& pp = prepared[ph[0]];
        if (!pp && !c) pp = prepare(ds.parks.features[ph[0]].geom.get());
        const GeomPtr inner(GEOSPointOnSurface_r(geos(), u.geom.get()));
        if (inner && contains_properly(c, pp.get(), inner.get()) == 1) {
            u.park = static_cast<int32_t>(ph[0]);
            return;
        }
    }
    double best = 0;
    for (uint32_t p : ph) {
        const double ia = meter.area_m2(clipped_intersection(u.geom.get(), ds.parks.features[p].geom.get(), clippers[p].get()).get());
        if (ia > best) { best = ia; u.park = static_cast<int32_t>(p); }
    }
}

// Per approval approved at T: its area and age, the part the parcels supplied at T leave (pieces
// under states.sliver_m2 dropped) and the park holding most of it. One row per approval, in order.
std::vector<Unsupplied> unsupplied_of_approvals(const Dataset& ds, const UnsuppliedRules& rules, const AreaMeter& meter,
                                                const std::vector<const Shape*>& supplied,
                                                const std::vector<const GEOSGeometry*>& appr_geoms,
                                                const std::vector<std::unique_ptr<RectClipper>>& clippers) {
    const Date T = ds.cfg.eval_date;
    const auto& approvals = ds.approvals.features;
    // Each approval's supplied parcels whose boxes meet its box, found from the parcels' side through
    // an R-tree of the approvals (issue 20): an R-tree of every parcel of a province (its boxes, entries
    // and nodes, about 100 bytes a parcel) is what this step held before, for a list of 8 bytes per
    // pair. (approval, parcel) pairs, sorted: each approval's parcels ascending, as a query gave them.
    std::vector<std::array<double, 4>> appr_boxes(approvals.size(), {kNaN, kNaN, kNaN, kNaN});
    for (size_t a = 0; a < approvals.size(); ++a) {
        auto& b = appr_boxes[a];
        if (!appr_geoms[a] || !envelope(appr_geoms[a], b[0], b[1], b[2], b[3])) b = {kNaN, kNaN, kNaN, kNaN};
    }
    const EnvelopeIndex appr_index(appr_boxes);
    tbb::enumerable_thread_specific<std::vector<std::pair<uint32_t, uint32_t>>> found;
    tbb::parallel_for(tbb::blocked_range<size_t>(0, supplied.size(), 4096), [&](const tbb::blocked_range<size_t>& r) {
        auto& out = found.local();
        std::vector<uint32_t> near;
        for (size_t i = r.begin(); i != r.end(); ++i) {
            double x0, y0, x1, y1;
            if (!supplied[i] || !supplied[i]->envelope(x0, y0, x1, y1)) continue;
            appr_index.query(x0, y0, x1, y1, near);
            for (uint32_t a : near) out.emplace_back(a, static_cast<uint32_t>(i));
        }
    });
    std::vector<std::pair<uint32_t, uint32_t>> pairs;
    for (auto& v : found) {
        pairs.insert(pairs.end(), v.begin(), v.end());
        std::vector<std::pair<uint32_t, uint32_t>>().swap(v);
    }
    tbb::parallel_sort(pairs.begin(), pairs.end());
    std::vector<size_t> first(approvals.size() + 1, 0);  // approval a's pairs: [first[a], first[a + 1])
    for (const auto& p : pairs) ++first[p.first + 1];
    for (size_t a = 0; a < approvals.size(); ++a) first[a + 1] += first[a];
    const EnvelopeIndex park_index(geometries_of(ds.parks.features));
    const double sliver = rules.sliver_m2;
    std::vector<Unsupplied> result(approvals.size());
    // Prepared parks, one set per thread (a prepared geometry builds its indexes lazily: not shared).
    tbb::enumerable_thread_specific<std::vector<PreparedPtr>> local_parks(
        [&] { return std::vector<PreparedPtr>(ds.parks.features.size()); });
    tbb::parallel_for(size_t(0), approvals.size(), [&](size_t a) {
        Unsupplied& u = result[a];
        u.approval = static_cast<uint32_t>(a);
        const GEOSGeometry* g = appr_geoms[a];
        if (!g) return;  // no geometry, or approved after T: no row
        const double dt = approvals[a].rec.n(ApprovalF::appr_dt);
        if (!std::isnan(dt)) u.age_yrs = full_years_between(from_num(dt), T);
        u.approval_m2 = meter.area_m2(g);
        std::vector<uint32_t> hits;
        hits.reserve(first[a + 1] - first[a]);
        for (size_t k = first[a]; k < first[a + 1]; ++k) hits.push_back(pairs[k].second);
        const GeomPtr rest = unsupplied_rest(g, u.approval_m2, supplied, hits, meter, sliver);
        std::vector<GeomPtr> keep;
        for (auto& poly : polygons_of(rest.get())) {
            const double am = meter.area_m2(poly.get());
            if (am >= sliver) {
                u.area_m2 += am;
                keep.push_back(std::move(poly));
            }
        }
        if (!keep.empty()) u.geom = collection(GEOS_MULTIPOLYGON, std::move(keep));
        if (u.geom) assign_park(ds, park_index, clippers, local_parks.local(), meter, u);
        // Held as its WKB from here on (issue 20): its holes (the parcels inside the approval) made it
        // the largest GEOS object of the step; the sums below and the development-zone check take
        // hold() of it.
        u.geom.pack();
    });
    return result;
}

// Per park and region: approved land (union of approvals, overlaps once) and unsupplied land,
// from the disjoint own parts of the approvals and of the unsupplied polygons.
void sum_parks_and_region(const Dataset& ds, const std::vector<const GEOSGeometry*>& appr_geoms, const AreaMeter& meter,
                          const std::vector<std::unique_ptr<RectClipper>>& clippers, Lang lang, Analysis& an) {
    const Polys appr_polys(appr_geoms);
    std::vector<const Shape*> unsup_shapes;
    for (const auto& u : an.unsupplied) unsup_shapes.push_back(&u.geom);
    const Polys unsup_polys(unsup_shapes);
    const EnvelopeIndex appr_index(appr_geoms), unsup_index(boxes_of(an.unsupplied));
    const OwnParts appr_own = own_parts(appr_polys, appr_index, meter);
    const OwnParts unsup_own = own_parts(unsup_polys, unsup_index, meter);
    // The parks' rings for shared_area (planar areas only).
    const std::vector<RingSet> rings = meter.planar_factor() > 0 ? ring_sets(geometries_of(ds.parks.features))
                                                                  : std::vector<RingSet>(an.parks.size());
    tbb::parallel_for(size_t(0), an.parks.size(), [&](size_t p) {
        const GEOSGeometry* pg = ds.parks.features[p].geom.get();
        if (!pg) return;
        ParkResult& pk = an.parks[p];
        const RingSet* park_rings = rings[p].ok() ? &rings[p] : nullptr;
        pk.appr_m2 = own_area_within(pg, clippers[p].get(), park_rings, appr_polys, appr_own, appr_index, meter);
        pk.unsup_m2 = own_area_within(pg, clippers[p].get(), park_rings, unsup_polys, unsup_own, unsup_index, meter);
        pk.supply_rt = pk.appr_m2 > 0 ? (pk.appr_m2 - pk.unsup_m2) / pk.appr_m2 : kNaN;
        if (pk.appr_m2 <= 0) pk.reasons.push_back(say(lang, Msg::SupplyRtNoApproved));
    });
    // Each approval's own parts (a partitioned run sums those of the approvals it owns, rules.md §10).
    an.appr_own_m2 = appr_own.area;
    for (size_t k = 0; k < an.unsupplied.size(); ++k) an.unsupplied[k].own_unsup_m2 = unsup_own.area[k];
    an.region.appr_m2 = appr_own.total();
    an.region.unsup_m2 = unsup_own.total();
    an.region.supply_rt = an.region.appr_m2 > 0 ? (an.region.appr_m2 - an.region.unsup_m2) / an.region.appr_m2 : kNaN;
}

}  // namespace

void assess_unsupplied(const Dataset& ds, const UnsuppliedRules& rules, Analysis& an, Findings& findings) {
    an.require(Stage::Overlay, "assess_unsupplied");  // the parks' results it fills in
    // 批而未供: each approval approved by T minus the union of the parcels supplied by T.
    if (!ds.approvals.present) {
        an.mark(Stage::Unsupplied);
        return;
    }
    const AreaMeter meter(ds.crs, rules.area.mode, rules.area.densify_m);
    report_overlaps(ds, ds.approvals, "approval_overlap", say(findings.lang(), Msg::ApprovalOverlap), rules.overlap_min_m2,
                    findings);
    const std::vector<const Shape*> supplied = supplied_at_t(ds, rules, findings);
    const std::vector<const GEOSGeometry*> appr_geoms = approved_at_t(ds, findings);
    const auto clippers = rect_clippers(geometries_of(ds.parks.features));  // parks with many enclaves
    for (auto& u : unsupplied_of_approvals(ds, rules, meter, supplied, appr_geoms, clippers))
        if (appr_geoms[u.approval] && (u.geom || u.approval_m2 > 0)) an.unsupplied.push_back(std::move(u));
    sum_parks_and_region(ds, appr_geoms, meter, clippers, findings.lang(), an);
    an.mark(Stage::Unsupplied);
}

}  // namespace landeff
