#include "landeff/grades.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <map>
#include <numeric>
#include <optional>
#include <span>

#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>
#include <tbb/parallel_sort.h>

#include "landeff/format.hpp"
#include "landeff/messages.hpp"
#include "landeff/error.hpp"
#include "landeff/indicators.hpp"
#include "landeff/industry.hpp"
#include "landeff/partition.hpp"
#include "landeff/text.hpp"
#include "landeff/values.hpp"

namespace landeff {
namespace {

struct ItemDef {
    const char* key;     // settings suffix: grading.w_<key>, grading.b_<key>
    const char* label;   // Chinese name
    const char* needs;   // the figures it needs, for messages
};

// Above-scale items (rules.md §5) and below-scale items.
constexpr ItemDef kAbove[] = {{"tax", "亩均税收", "tax"},
                              {"va", "亩均增加值", "value_add"},
                              {"energy", "单位能耗增加值", "value_add and energy"},
                              {"emission", "单位排放增加值", "value_add and emission"},
                              {"labor", "全员劳动生产率", "value_add and employees"},
                              {"rd", "R&D占比", "rd and revenue"}};
constexpr ItemDef kBelow[] = {{"below_tax", "亩均税收", "tax"}, {"below_elec", "单位电耗税收", "tax and elec"}};

enum class Item { Tax, Va, Energy, Emission, Labor, Rd, BelowTax, BelowElec };
constexpr Item kAboveItems[] = {Item::Tax, Item::Va, Item::Energy, Item::Emission, Item::Labor, Item::Rd};
constexpr Item kBelowItems[] = {Item::BelowTax, Item::BelowElec};

const ItemDef* items_of(bool above) { return above ? kAbove : kBelow; }
size_t n_items_of(bool above) { return above ? std::size(kAbove) : std::size(kBelow); }
Item item_at(bool above, size_t k) { return above ? kAboveItems[k] : kBelowItems[k]; }

// Numerator and denominator of an item for an enterprise (NaN when a figure is missing).
std::pair<double, double> parts(Item item, const Record& r, double mu) {
    const double tax = r.n(EntF::tax), va = r.n(EntF::value_add);
    switch (item) {
        case Item::Tax:
        case Item::BelowTax: return {tax, mu};
        case Item::Va: return {va, mu};
        case Item::Energy: return {va, r.n(EntF::energy)};
        case Item::Emission: return {va, r.n(EntF::emission)};
        case Item::Labor: return {va, r.n(EntF::employees)};
        case Item::Rd: return {r.n(EntF::rd), r.n(EntF::revenue)};
        case Item::BelowElec: return {tax, r.n(EntF::elec)};
    }
    return {kNaN, kNaN};
}

// Whether the item is 单位排放增加值 and the enterprise reports no emission figure while it reports
// value added: the one case that takes the population's mean points (rules.md §5). With no value
// added every item built on it scores 0, emission included.
bool takes_mean(const GradeScale& sc, size_t k, const Record& r) {
    return item_at(sc.above, k) == Item::Emission && std::isnan(r.n(EntF::emission)) && !std::isnan(r.n(EntF::value_add)) &&
           !std::isnan(sc.mean[k]);
}

// The item's value and points for one enterprise; {NaN, NaN} when a figure or the benchmark is missing.
// An emission of 0 is a reported figure: value added / 0 is infinite and the item takes its cap
// (k·weight) when value added is positive, whatever the benchmark (even none, when every member
// reports 0), and 0 points when value added is not positive.
std::pair<double, double> item_points(const GradeScale& sc, size_t k, const Record& r, double mu) {
    const auto [a, b] = parts(item_at(sc.above, k), r, mu);
    if (std::isnan(a) || std::isnan(b)) return {kNaN, kNaN};
    if (b == 0 && item_at(sc.above, k) == Item::Emission)
        return a > 0 ? std::pair{std::numeric_limits<double>::infinity(), sc.cap * sc.weight[k]} : std::pair{0.0, 0.0};
    if (b <= 0 || std::isnan(sc.bench[k]) || sc.bench[k] <= 0) return {kNaN, kNaN};
    const double val = a / b;
    return {val, std::clamp(sc.weight[k] * val / sc.bench[k], 0.0, sc.cap * sc.weight[k])};
}

// Which figure an item without points lacks: "no value_add figure", "energy is 0", or no benchmark.
std::string why_no_points(const GradeScale& sc, size_t k, const Record& r, double mu, Lang lang) {
    const std::string needs = items_of(sc.above)[k].needs;
    const auto [a, b] = parts(item_at(sc.above, k), r, mu);
    const auto sep = needs.find(" and ");
    const std::string num_name = needs.substr(0, sep),
                      den_name = sep == std::string::npos ? say(lang, Msg::GradeLand) : needs.substr(sep + 5);
    std::vector<std::string> out;
    if (std::isnan(a)) out.push_back(say(lang, Msg::GradeNoFigure, {num_name}));
    if (std::isnan(b)) out.push_back(say(lang, Msg::GradeNoFigure, {den_name}));
    else if (b <= 0) out.push_back(say(lang, Msg::GradeDenIs, {den_name, fmt::number(b)}));
    const std::string both = sep == std::string::npos ? needs : num_name + say(lang, Msg::GradeAnd) + den_name;
    if (out.empty()) out.push_back(say(lang, Msg::GradeNoBench, {both}));
    return join(out, ", ");
}

// Whether an enterprise is ranked: its land (mu) and scale (0 above, 1 below), or the reason
// it is not (`why`, when asked for) and a forced grade.
struct Eligibility {
    int scale = -1;  // 0 above-scale, 1 below-scale, -1 not ranked
    char grade = 'N';
    double mu = kNaN;
};

// The industry code an enterprise is scoped by: its own ind_code, else that of its largest parcel
// held at T (ties: the smaller parcel_id). Empty when none of them has a readable one.
std::string_view grading_ind_code(const Dataset& ds, const Analysis& an, const EntResult& e, const Record& r) {
    if (!normalize_industry_code(r.s(EntF::ind_code)).empty()) return r.s(EntF::ind_code);
    std::string_view best;
    double best_m2 = -1;
    std::string_view best_id;
    for (uint32_t p : e.parcels) {
        const Record& pr = ds.parcels.features[p].rec;
        if (supplied_after(pr, ds.cfg.eval_date)) continue;  // not its land at T (DOMAIN §4)
        if (normalize_industry_code(pr.s(ParcelF::ind_code)).empty()) continue;
        const double m2 = std::isnan(an.parcels[p].area_m2) ? 0 : an.parcels[p].area_m2;
        const std::string_view id = pr.s(ParcelF::parcel_id);
        if (m2 > best_m2 || (m2 == best_m2 && id < best_id)) {
            best = pr.s(ParcelF::ind_code);
            best_m2 = m2;
            best_id = id;
        }
    }
    return best;
}

// The lists of grading.lists = "ningbo", after 0 above-scale and 1 below-scale (≥ grading.small_mu).
constexpr int kSmallList = 2, kTenantList = 3;

// A tenant (租赁企业): no land of its own at T, and land from leases active at T or the `leased` flag.
bool is_tenant(const EntResult& e, const Record& r) {
    return e.parcel_m2 <= 0 && (e.leased_in_m2 > 0 || r.n(EntF::leased) == 1.0);
}

// Each list: its code (enterprises `list`), label (in `why`), item table and the settings that
// differ from list to list (benchmarks, bands).
struct ListDef {
    const char* code;
    Msg label;
    bool above;        // the above-scale items, else the below-scale items
    const char* bench; // benchmark keys: grading.b_<bench><item> (the below-scale items drop their "below_")
    const char* bands; // grading.bands_<bands>; empty = grading.bands
};
constexpr ListDef kScaleLists[] = {{"above", Msg::ListAbove, true, "", "above"},
                                   {"below", Msg::ListBelow, false, "", "below"}};
constexpr ListDef kNingboLists[] = {{"above", Msg::ListAbove, true, "", "above"},
                                    {"below_ge", Msg::ListBelowGe, false, "", "below"},
                                    {"below_lt", Msg::ListBelowLt, false, "small_", "small"},
                                    {"tenant", Msg::ListTenant, false, "tenant_", "tenant"}};

Eligibility eligibility(const Dataset& ds, const Analysis& an, const GradingRules& g, const IndustryScope& scope,
                        const EntResult& e, std::string* why) {
    const Lang lang = g.lang;
    Eligibility out;
    auto tell = [&](Msg m, std::initializer_list<std::string> args = {}) {
        if (why) *why = landeff::say(lang, m, args);
        return out;
    };
    if (e.row < 0) return tell(Msg::NotGradedNoRow, {std::to_string(ds.cfg.year)});
    const Record& r = ds.enterprises.features[static_cast<size_t>(e.row)].rec;
    if (!r.s(EntF::force_d).empty()) {
        out.grade = 'D';
        return tell(Msg::ForcedD, {std::string(r.s(EntF::force_d))});
    }
    if (!r.s(EntF::exempt).empty()) return tell(Msg::NotGradedExempt, {std::string(r.s(EntF::exempt))});
    // Scope (rules.md §5): industrial enterprises only; without any code the enterprise is graded.
    const std::string_view code_text = grading_ind_code(ds, an, e, r);
    const IndustryCode code = normalize_industry_code(code_text);
    const std::string& edition = g.ind_standard;
    if (!code.empty() && !scope.contains(code, edition)) {
        const char sec = industry_section(code, edition);
        return tell(Msg::NotGradedScope, {trim(code_text),
                                          sec && !code.section ? landeff::say(lang, Msg::ScopeSection, {std::string(1, sec)}) : "",
                                          scope.text});
    }
    const double mu = e.land_m2 / kM2PerMu;
    if (std::isnan(mu))
        return tell(e.parcels.empty() ? Msg::NotGradedNoLand : Msg::NotGradedNoLandAtT);
    const double min_mu = g.min_mu;
    if (mu + 1e-6 < min_mu)  // 1e-6 mu (0.0007 m²): a drawn 5-mu parcel is 5 mu
        return tell(Msg::NotGradedSmall, {fmt::number(mu), fmt::number(min_mu)});  // exact: 4.995 < 5, not 5.0 < 5.0
    const int min_age = g.min_age_years;
    const double founded = r.n(EntF::founded);
    if (min_age > 0 && !std::isnan(founded) && ds.cfg.year - static_cast<int>(founded) < min_age)
        return tell(Msg::NotGradedYoung, {std::to_string(static_cast<int>(founded)), std::to_string(min_age)});
    // The list (rules.md §5 "Separate lists"): grading.lists = "scale" ranks above- and below-scale
    // apart; "ningbo" also puts tenants (no land of their own at T) and 规下 under grading.small_mu
    // in lists of their own. The index is the list's place in Analysis::grade_scales.
    const bool four = g.ningbo;
    out.mu = mu;
    if (four && is_tenant(e, r)) {
        out.scale = kTenantList;
        return out;
    }
    const std::string_view scale = r.s(EntF::scale);
    if (scale != "above" && scale != "below") return tell(Msg::NotGradedScale);
    if (scale == "above") out.scale = 0;
    else if (!four || mu + 1e-6 >= g.small_mu) out.scale = 1;  // 1e-6 mu as for grading.min_mu
    else out.scale = kSmallList;
    return out;
}

struct Member {
    size_t ent;
    double mu;
    const Record* rec;
};

std::vector<double> parse_percents(const std::string& text, const char* key, size_t want) {
    std::vector<double> out;
    for (const auto& part : split(text, '|')) {
        auto v = parse_number(part, "");
        if (!v || *v < 0) throw ConfigError(std::string(key) + " = \"" + text + "\": write numbers separated by |, e.g. \"20|40|35|5\"");
        out.push_back(*v);
    }
    if (out.size() != want)
        throw ConfigError(std::string(key) + " = \"" + text + "\": needs " + std::to_string(want) + " numbers separated by |");
    return out;
}

GradeScale make_scale(const GradingRules& g, const std::vector<Member>& pop, const ListDef& list) {
    const bool above = list.above;
    GradeScale sc;
    sc.label = say(g.lang, list.label);
    sc.code = list.code;
    sc.above = above;
    sc.cap = g.item_cap;
    sc.rank_mode = g.rank_mode;
    const std::string bands_key = std::string("grading.bands_") + list.bands;
    const std::string& own = g.list_bands.at(list.bands);  // every list's key is a row of the table
    if (sc.rank_mode)
        sc.percents = !own.empty() ? parse_percents(own, bands_key.c_str(), 4) : parse_percents(g.bands, "grading.bands", 4);
    else sc.thresholds = parse_percents(g.score_bands, "grading.score_bands", 3);
    sc.per_band = g.per_band;
    sc.min_for_d = g.min_for_d;
    const ItemDef* items = items_of(above);
    const size_t n_items = n_items_of(above);
    sc.weight.resize(n_items);
    sc.bench.resize(n_items);
    sc.mean.assign(n_items, kNaN);
    // Benchmarks: the configured value, else the population's aggregate Σnum / Σden over members
    // that have both figures.
    for (size_t k = 0; k < n_items; ++k) {
        sc.weight[k] = g.weight.at(items[k].key);  // grading.w_<key>
        std::string key = items[k].key;
        if (*list.bench) key = list.bench + key.substr(std::string_view(key).rfind('_') + 1);  // below_tax → small_tax
        sc.bench[k] = g.bench.at(key);  // grading.b_<key>
        if (!std::isnan(sc.bench[k])) continue;
        // The members' figures read on every core, summed in the members' order (the sums must not
        // depend on how the threads split the work).
        std::vector<std::pair<double, double>> ab(pop.size());
        tbb::parallel_for(tbb::blocked_range<size_t>(0, pop.size(), 4096), [&](const tbb::blocked_range<size_t>& range) {
            for (size_t i = range.begin(); i != range.end(); ++i) ab[i] = parts(item_at(above, k), *pop[i].rec, pop[i].mu);
        });
        double num = 0, den = 0;
        for (const auto& [a, b] : ab) {
            if (std::isnan(a) || std::isnan(b) || b <= 0) continue;
            num += a;
            den += b;
        }
        sc.bench[k] = den > 0 ? num / den : kNaN;
    }
    // Each item's mean points over the members that have them (for a missing emission figure).
    std::vector<double> points(pop.size());
    for (size_t k = 0; k < n_items; ++k) {
        tbb::parallel_for(tbb::blocked_range<size_t>(0, pop.size(), 4096), [&](const tbb::blocked_range<size_t>& range) {
            for (size_t i = range.begin(); i != range.end(); ++i) points[i] = item_points(sc, k, *pop[i].rec, pop[i].mu).second;
        });
        double sum = 0;
        size_t n = 0;
        for (const double p : points)
            if (!std::isnan(p)) { sum += p; ++n; }
        if (n) sc.mean[k] = sum / static_cast<double>(n);
    }
    return sc;
}

void score_population(const Dataset& ds, Analysis& an, Findings& findings, const std::vector<Member>& pop, int32_t scale_idx) {
    const GradeScale& sc = an.grade_scales[static_cast<size_t>(scale_idx)];
    const ItemDef* items = items_of(sc.above);
    const size_t n_items = n_items_of(sc.above);
    struct Scored { size_t i; double score; };
    std::vector<Scored> order(pop.size());
    std::vector<uint8_t> missing(pop.size(), 0);  // bit k: item k scores 0 for a missing figure
    static_assert(std::size(kAboveItems) <= 8 && std::size(kBelowItems) <= 8);
    tbb::parallel_for(size_t(0), pop.size(), [&](size_t i) {
        double score = 0;
        for (size_t k = 0; k < n_items; ++k) {
            double p = item_points(sc, k, *pop[i].rec, pop[i].mu).second;
            if (std::isnan(p)) {
                const bool mean = takes_mean(sc, k, *pop[i].rec);
                if (!mean) missing[i] |= static_cast<uint8_t>(1u << k);
                p = mean ? sc.mean[k] : 0;
            }
            score += p;
        }
        // Rounded to 1e-9 points: item sums that are equal on paper (5.29 + 0.21 and 4.47 + 1.03)
        // differ in the last bit of a double, and must tie, rank and band as equal scores.
        score = std::round(score * 1e9) / 1e9;
        EntResult& e = an.ents[pop[i].ent];
        e.score = score;
        e.scale = scale_idx;
        order[i] = {i, score};
    });
    // A missing figure scoring 0 is worth a finding (in the enterprises' order, for stable output).
    for (size_t i = 0; i < pop.size(); ++i)
        for (size_t k = 0; k < n_items; ++k) {
            if (!(missing[i] & (1u << k))) continue;
            const Member& m = pop[i];
            const EntResult& e = an.ents[m.ent];
            const auto& f = ds.enterprises.features[static_cast<size_t>(e.row)];
            findings.add("enterprises", f.fid, e.ent_id, "grade_missing_figure", Severity::Warning,
                         say(findings.lang(), Msg::GradeMissingFigure, {feature_ref(ds.enterprises, f.fid, e.ent_id), items[k].label,
                                                                        why_no_points(sc, k, *m.rec, m.mu, findings.lang())}));
        }
    // On every core (issue 20): by score, then id (an enterprise's id is unique: join_enterprises),
    // then the member's place — a total order, so the ranks do not depend on the threads.
    tbb::parallel_sort(order.begin(), order.end(), [&](const Scored& a, const Scored& b) {
        if (a.score != b.score) return a.score > b.score;
        const std::string_view ida = an.ents[pop[a.i].ent].ent_id, idb = an.ents[pop[b.i].ent].ent_id;
        if (ida != idb) return ida < idb;
        return a.i < b.i;
    });
    const size_t n = order.size();
    const std::vector<size_t> cut = !sc.rank_mode ? std::vector<size_t>{}
                                    : sc.per_band ? band_cutoffs_per_band(sc.percents, n, sc.min_for_d)
                                                  : band_cutoffs(sc.percents, n);
    static const char kGrades[] = {'A', 'B', 'C', 'D'};
    for (size_t pos = 0; pos < n; ++pos) {
        EntResult& e = an.ents[pop[order[pos].i].ent];
        // Competition ranking: equal scores share the better rank and the better grade.
        const bool tie = pos > 0 && order[pos].score == order[pos - 1].score;
        const EntResult* prev = pos > 0 ? &an.ents[pop[order[pos - 1].i].ent] : nullptr;
        e.rank = tie ? prev->rank : static_cast<int>(pos + 1);
        e.ranked_of = static_cast<int>(n);
        size_t g = 0;
        if (sc.rank_mode) {
            while (g < 3 && pos >= cut[g]) ++g;
            e.band_grade = kGrades[g];
            e.grade = tie ? prev->grade : kGrades[g];
        } else {
            while (g < 3 && e.score < sc.thresholds[g]) ++g;
            e.grade = e.band_grade = kGrades[g];
        }
    }
}

// A second pass of a two-pass partitioned run (issue 21, rules.md §10): it read only part of the
// other partitions' populations, so their enterprises take their first pass's grade, score and rank;
// the grades of its own populations it computes whole, and they must be the first pass's.
void take_first_pass(const Dataset& ds, Analysis& an) {
    const FirstPass& fp = *ds.first_pass;
    auto num = [](double v) { return fmt::number(v); };
    for (EntResult& e : an.ents) {
        const auto t = fp.ents.find(e.ent_id);
        // An enterprise with no parcel read here and none leased (its land is elsewhere): nothing here
        // can check it; it takes the table's grade (a manual override's "before" reads it).
        if (e.parcels.empty() && !(e.leased_in_m2 > 0)) {
            if (t == fp.ents.end()) continue;
            e.score = t->second.score, e.rank = t->second.rank, e.ranked_of = t->second.ranked_of;
            e.grade = t->second.grade, e.band_grade = t->second.band_grade;
            continue;
        }
        const std::string what = std::string("ent_id ").append(e.ent_id);
        if (e.scale < 0) {  // not ranked here (its own figures say so): nor may it be in the first pass
            if (t != fp.ents.end())
                first_pass_mismatch(ds, t->second.population, what, "grade", std::string(1, t->second.grade), std::string(1, e.grade));
            continue;
        }
        const GradeScale& sc = an.grade_scales[static_cast<size_t>(e.scale)];
        if (t == fp.ents.end()) first_pass_no_grade(ds, std::string(e.ent_id), sc.population);
        const FirstPassGrade& g = t->second;
        // Its population and list follow from its own figures and parcels, read whole by both passes.
        if (g.population != sc.population) first_pass_mismatch(ds, sc.population, what, "population", g.population, sc.population);
        if (g.list != sc.code) first_pass_mismatch(ds, sc.population, what, "list", g.list, sc.code);
        if (fp.own(sc.population)) {
            if (!(std::fabs(g.score - e.score) <= 1e-9 * std::max(1.0, std::fabs(e.score))))
                first_pass_mismatch(ds, sc.population, what, "score", num(g.score), num(e.score));
            if (g.rank != e.rank) first_pass_mismatch(ds, sc.population, what, "rank", std::to_string(g.rank), std::to_string(e.rank));
            if (g.ranked_of != e.ranked_of)
                first_pass_mismatch(ds, sc.population, what, "ranked_of", std::to_string(g.ranked_of), std::to_string(e.ranked_of));
            if (g.grade != e.grade || g.band_grade != e.band_grade)
                first_pass_mismatch(ds, sc.population, what, "grade", std::string(1, g.grade), std::string(1, e.grade));
            continue;
        }
        e.score = g.score;
        e.rank = g.rank;
        e.ranked_of = g.ranked_of;
        e.grade = g.grade;
        e.band_grade = g.band_grade;
    }
}

}  // namespace

std::vector<size_t> band_cutoffs(const std::vector<double>& percents, size_t n) {
    std::vector<size_t> cut;
    double cum = 0;
    for (size_t k = 0; k + 1 < percents.size(); ++k) {
        cum += percents[k];
        const double x = cum * static_cast<double>(n) / 100.0;
        cut.push_back(static_cast<size_t>(std::floor(x + 0.5 + 1e-9)));  // round half up
    }
    return cut;
}

std::vector<size_t> band_cutoffs_per_band(const std::vector<double>& percents, size_t n, size_t min_for_d) {
    if (percents.size() != 4) throw ConfigError("grading.bands: per_band rounding needs four shares A|B|C|D");
    auto half_up = [&](double p) { return static_cast<size_t>(std::floor(p * static_cast<double>(n) / 100.0 + 0.5 + 1e-9)); };
    size_t d = half_up(percents[3]);
    if (n >= min_for_d && min_for_d > 0) d = std::max<size_t>(d, 1);
    d = std::min(d, n);
    const size_t a = std::min(half_up(percents[0]), n - d);
    const size_t b = std::min(half_up(percents[1]), n - d - a);
    // C takes the rest: n − A − B − D.
    return {a, a + b, n - d};
}

void grade_enterprises(const Dataset& ds, const GradingRules& g, Analysis& an, Findings& findings) {
    an.require(Stage::Measure, "grade_enterprises");  // enterprise land and per-mu figures
    an.grading = std::make_shared<const GradingRules>(g);  // grade_why explains with the same rules
    const IndustryScope scope = parse_industry_scope(g.scope, "grading.scope");
    const bool four = g.ningbo;
    const std::span<const ListDef> lists = four ? std::span<const ListDef>(kNingboLists) : std::span<const ListDef>(kScaleLists);
    // The ranked populations (rules.md §10): each list over the whole run (grading.population = "all"),
    // or each list within each county / city apart, keyed (code, list) so the order is fixed.
    const AdminLevel level = g.population;
    const size_t chars = g.population_chars;
    std::map<std::pair<std::string, size_t>, std::vector<Member>> pops;
    if (level == AdminLevel::All)
        for (size_t k = 0; k < lists.size(); ++k) pops[{std::string(), k}];  // every list, even an empty one, as before
    // Each enterprise's eligibility (and population code) on every core; the populations, in the
    // enterprises' order, from those answers after.
    std::vector<Eligibility> els(an.ents.size());
    std::vector<std::string> codes(level == AdminLevel::All ? 0 : an.ents.size());
    tbb::parallel_for(tbb::blocked_range<size_t>(0, an.ents.size(), 1024), [&](const tbb::blocked_range<size_t>& range) {
        for (size_t i = range.begin(); i != range.end(); ++i) {
            EntResult& e = an.ents[i];
            els[i] = eligibility(ds, an, g, scope, e, nullptr);
            e.grade = els[i].grade;
            e.scale = -1;
            if (els[i].scale >= 0 && level != AdminLevel::All) codes[i] = enterprise_admin_code(ds, an, i, chars);
        }
    });
    for (size_t i = 0; i < an.ents.size(); ++i) {
        const Eligibility& el = els[i];
        if (el.scale < 0) continue;
        const Record& r = ds.enterprises.features[static_cast<size_t>(an.ents[i].row)].rec;
        std::string code = level == AdminLevel::All ? std::string() : std::move(codes[i]);
        pops[{std::move(code), static_cast<size_t>(el.scale)}].push_back({i, el.mu, &r});
    }
    an.grade_scales.clear();
    const Lang lang = g.lang;
    for (const auto& [key, pop] : pops) {
        GradeScale sc = make_scale(g, pop, lists[key.second]);
        sc.population = key.first;
        if (level != AdminLevel::All)
            sc.label = say(lang, key.first.empty()  ? Msg::PopulationNone
                                 : level == AdminLevel::County ? Msg::PopulationCounty
                                                               : Msg::PopulationCity,
                           {sc.label, key.first});
        an.grade_scales.push_back(std::move(sc));
    }
    int32_t idx = 0;
    for (const auto& [key, pop] : pops) score_population(ds, an, findings, pop, idx++);
    if (ds.first_pass) take_first_pass(ds, an);
    // A parcel is one enterprise's at most (join_enterprises): no two write one place.
    tbb::parallel_for(size_t(0), an.ents.size(), [&](size_t k) {
        for (uint32_t p : an.ents[k].parcels) an.parcels[p].grade = an.ents[k].grade;
    });
    an.mark(Stage::Grades);
}

std::string grade_why(const Dataset& ds, const Analysis& an, const EntResult& e) {
    an.require(Stage::Grades, "grade_why");  // the grades to explain, and the rules they were made with
    const GradingRules& gr = *an.grading;
    if (e.override_idx >= 0) {
        // A manual override (人工调整) first, then the explanation of the grade as graded.
        const AppliedOverride& o = an.overrides[static_cast<size_t>(e.override_idx)];
        EntResult as_graded = e;
        as_graded.grade = o.before;
        as_graded.override_idx = -1;
        return say(gr.lang, Msg::OverrideWhy,
                   {std::string(1, o.before), std::string(1, o.after), o.reason.empty() ? "—" : o.reason, o.doc.empty() ? "—" : o.doc}) +
               grade_why(ds, an, as_graded);
    }
    std::string why;
    // Parsed once per thread (grade_why runs per enterprise in the writer's parallel stage).
    thread_local std::optional<IndustryScope> scope;
    if (!scope || scope->text != gr.scope) scope = parse_industry_scope(gr.scope, "grading.scope");
    const Eligibility el = eligibility(ds, an, gr, *scope, e, &why);
    if (el.scale < 0 || e.scale < 0) return why;
    const GradeScale& sc = an.grade_scales[static_cast<size_t>(e.scale)];
    const ItemDef* items = items_of(sc.above);
    const Record& r = ds.enterprises.features[static_cast<size_t>(e.row)].rec;
    const Lang lang = gr.lang;
    for (size_t k = 0; k < n_items_of(sc.above); ++k) {
        const auto [val, p] = item_points(sc, k, r, el.mu);
        if (k) why += "; ";
        why += std::string(items[k].label) + " ";
        if (!std::isnan(p) && std::isinf(val))
            why += say(lang, Msg::ItemEmissionCap, {fmt::number(p)});
        else if (!std::isnan(p))
            why += say(lang, Msg::ItemPoints, {fmt::number(val), fmt::number(sc.bench[k]), fmt::number(sc.weight[k]), fmt::number(p)}) +
                   (p >= sc.cap * sc.weight[k] ? say(lang, Msg::ItemCap) : "");
        else if (takes_mean(sc, k, r))
            why += say(lang, Msg::ItemMean, {fmt::number(sc.mean[k])});
        else
            why += say(lang, Msg::ItemZero);
    }
    std::string band;
    if (sc.rank_mode) {
        double lo = 0;
        for (size_t k = 0; k < static_cast<size_t>(e.grade - 'A'); ++k) lo += sc.percents[k];
        band = say(lang, Msg::BandRank, {std::string(1, e.grade), fmt::number(lo), fmt::number(lo + sc.percents[static_cast<size_t>(e.grade - 'A')]),
                                         e.band_grade != e.grade ? say(lang, Msg::BandTied) : ""});
    } else {
        size_t g = static_cast<size_t>(e.grade - 'A');
        band = g < 3 ? say(lang, Msg::BandAtLeast, {fmt::number(sc.thresholds[g]), std::string(1, e.grade)})
                     : say(lang, Msg::BandBelow, {fmt::number(sc.thresholds[2])});
    }
    why += say(lang, Msg::ScoreRank, {fmt::number(e.score), std::to_string(e.rank), std::to_string(e.ranked_of), sc.label, band});
    return why;
}

std::vector<GradeItem> grade_items(const Dataset& ds, const Analysis& an, const EntResult& e) {
    std::vector<GradeItem> out;
    if (e.scale < 0 || e.row < 0) return out;
    const GradeScale& sc = an.grade_scales[static_cast<size_t>(e.scale)];
    const ItemDef* items = items_of(sc.above);
    const Record& r = ds.enterprises.features[static_cast<size_t>(e.row)].rec;
    const double mu = e.land_m2 / kM2PerMu;  // as eligibility() measures a scored enterprise
    for (size_t k = 0; k < n_items_of(sc.above); ++k) {
        auto [val, p] = item_points(sc, k, r, mu);
        char how = 'p';
        if (!std::isnan(p) && std::isinf(val)) how = 'c';
        else if (std::isnan(p) && takes_mean(sc, k, r)) {
            how = 'm';
            p = sc.mean[k];
        } else if (std::isnan(p)) {
            how = 'z';
            p = 0;
            const auto [a, b] = parts(item_at(sc.above, k), r, mu);
            val = !std::isnan(a) && !std::isnan(b) && b > 0 ? a / b : kNaN;
        }
        out.push_back({items[k].label, val, sc.bench[k], sc.weight[k], p, how});
    }
    return out;
}

}  // namespace landeff
