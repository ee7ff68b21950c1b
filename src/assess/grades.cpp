#include "landeff/grades.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <numeric>

#include "landeff/error.hpp"
#include "landeff/text.hpp"
#include "landeff/values.hpp"

namespace landeff {
namespace {

std::string f2(double v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.4g", v);
    return buf;
}

struct ItemDef {
    const char* key;     // settings suffix: grading.w_<key>, grading.b_<key>
    const char* label;   // Chinese name
    const char* needs;   // the figures it needs, for messages
};

// Above-scale items (DOMAIN.md §5) and below-scale items.
constexpr ItemDef kAbove[] = {{"tax", "亩均税收", "tax"},
                              {"va", "亩均增加值", "value_add"},
                              {"energy", "单位能耗增加值", "value_add and energy"},
                              {"emission", "单位排放增加值", "value_add and emission"},
                              {"labor", "全员劳动生产率", "value_add and employees"},
                              {"rd", "R&D占比", "rd and revenue"}};
constexpr ItemDef kBelow[] = {{"below_tax", "亩均税收", "tax"}, {"below_elec", "单位电耗税收", "tax and elec"}};

// Numerator and denominator of item k for an enterprise (NaN when a figure is missing).
std::pair<double, double> parts(const ItemDef& item, const Record& r, double mu) {
    const std::string k = item.key;
    const double tax = r.n(EntF::tax), va = r.n(EntF::value_add);
    if (k == "tax" || k == "below_tax") return {tax, mu};
    if (k == "va") return {va, mu};
    if (k == "energy") return {va, r.n(EntF::energy)};
    if (k == "emission") return {va, r.n(EntF::emission)};
    if (k == "labor") return {va, r.n(EntF::employees)};
    if (k == "rd") return {r.n(EntF::rd), r.n(EntF::revenue)};
    if (k == "below_elec") return {tax, r.n(EntF::elec)};
    return {kNaN, kNaN};
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

void score_population(const Dataset& ds, Analysis& an, Findings& findings, const std::vector<Member>& pop,
                      const ItemDef* items, size_t n_items, const char* scale_label) {
    const Settings& s = ds.cfg.settings;
    const double cap = s.number("grading.item_cap");
    // Benchmarks: the configured value, else the population's aggregate Σnum / Σden over members
    // that have both figures.
    std::vector<double> bench(n_items), weight(n_items);
    for (size_t k = 0; k < n_items; ++k) {
        weight[k] = s.number(std::string("grading.w_") + items[k].key);
        bench[k] = s.number(std::string("grading.b_") + items[k].key);
        if (!std::isnan(bench[k])) continue;
        double num = 0, den = 0;
        for (const auto& m : pop) {
            const auto [a, b] = parts(items[k], *m.rec, m.mu);
            if (std::isnan(a) || std::isnan(b) || b <= 0) continue;
            num += a;
            den += b;
        }
        bench[k] = den > 0 ? num / den : kNaN;
    }
    // Points per member and item; NaN = missing figure.
    std::vector<std::vector<double>> pts(pop.size(), std::vector<double>(n_items, kNaN));
    std::vector<std::vector<double>> val(pop.size(), std::vector<double>(n_items, kNaN));
    for (size_t i = 0; i < pop.size(); ++i)
        for (size_t k = 0; k < n_items; ++k) {
            const auto [a, b] = parts(items[k], *pop[i].rec, pop[i].mu);
            if (std::isnan(a) || std::isnan(b) || b <= 0 || std::isnan(bench[k]) || bench[k] <= 0) continue;
            val[i][k] = a / b;
            pts[i][k] = std::clamp(weight[k] * val[i][k] / bench[k], 0.0, cap * weight[k]);
        }
    // A missing emission figure gets the mean points of that item; any other missing figure 0.
    std::vector<double> mean(n_items, kNaN);
    for (size_t k = 0; k < n_items; ++k) {
        double sum = 0;
        size_t n = 0;
        for (const auto& row : pts)
            if (!std::isnan(row[k])) { sum += row[k]; ++n; }
        if (n) mean[k] = sum / static_cast<double>(n);
    }
    struct Scored { size_t i; double score; };
    std::vector<Scored> order;
    for (size_t i = 0; i < pop.size(); ++i) {
        EntResult& e = an.ents[pop[i].ent];
        double score = 0;
        std::vector<std::string> why;
        for (size_t k = 0; k < n_items; ++k) {
            double p = pts[i][k];
            std::string line = std::string(items[k].label) + " ";
            if (!std::isnan(p)) {
                line += f2(val[i][k]) + " / " + f2(bench[k]) + " × " + f2(weight[k]) + " = " + f2(p) +
                        (p >= cap * weight[k] ? " (cap)" : "");
            } else if (std::string(items[k].key) == "emission" && !std::isnan(mean[k])) {
                p = mean[k];
                line += "no figure → population mean " + f2(p);
            } else {
                p = 0;
                line += "no figure → 0";
                const auto& f = ds.enterprises.features[static_cast<size_t>(e.row)];
                findings.add("enterprises", f.fid, e.ent_id, "grade_missing_figure", Severity::Warning,
                             feature_ref(ds.enterprises, f.fid, e.ent_id) + ": no " + items[k].needs + " figure for " +
                                 items[k].label + "; the item scores 0 points");
            }
            score += p;
            why.push_back(line);
        }
        e.score = score;
        e.why = join(why, "; ");
        order.push_back({i, score});
    }
    std::sort(order.begin(), order.end(), [&](const Scored& a, const Scored& b) {
        if (a.score != b.score) return a.score > b.score;
        return an.ents[pop[a.i].ent].ent_id < an.ents[pop[b.i].ent].ent_id;
    });
    const std::string mode = s.str("grading.band_mode");
    const size_t n = order.size();
    std::vector<size_t> cut;
    std::vector<double> percents, thresholds;
    if (mode == "rank") {
        percents = parse_percents(s.str("grading.bands"), "grading.bands", 4);
        cut = band_cutoffs(percents, n);
    } else {
        thresholds = parse_percents(s.str("grading.score_bands"), "grading.score_bands", 3);
    }
    static const char kGrades[] = {'A', 'B', 'C', 'D'};
    for (size_t pos = 0; pos < n; ++pos) {
        EntResult& e = an.ents[pop[order[pos].i].ent];
        // Competition ranking: equal scores share the better rank and the better grade.
        const bool tie = pos > 0 && order[pos].score == order[pos - 1].score;
        const EntResult* prev = pos > 0 ? &an.ents[pop[order[pos - 1].i].ent] : nullptr;
        e.rank = tie ? prev->rank : static_cast<int>(pos + 1);
        e.ranked_of = static_cast<int>(n);
        std::string band;
        if (mode == "rank") {
            size_t g = 0;
            while (g < 3 && pos >= cut[g]) ++g;
            e.grade = tie ? prev->grade : kGrades[g];
            double lo = 0;
            for (size_t k = 0; k < static_cast<size_t>(e.grade - 'A'); ++k) lo += percents[k];
            band = "band " + std::string(1, e.grade) + " (ranks in " + f2(lo) + "–" + f2(lo + percents[e.grade - 'A']) + " %" +
                   (tie && kGrades[g] != e.grade ? ", tied with a better-graded score" : "") + ")";
        } else {
            size_t g = 0;
            while (g < 3 && e.score < thresholds[g]) ++g;
            e.grade = kGrades[g];
            band = g < 3 ? "score ≥ " + f2(thresholds[g]) + " → " + std::string(1, e.grade)
                         : "score < " + f2(thresholds[2]) + " → D";
        }
        e.why += "; score " + f2(e.score) + ", rank " + std::to_string(e.rank) + " of " + std::to_string(n) + " " +
                 scale_label + ", " + band;
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

void grade_enterprises(const Dataset& ds, Analysis& an, Findings& findings) {
    const Settings& s = ds.cfg.settings;
    const double min_mu = s.number("grading.min_mu");
    const int min_age = static_cast<int>(s.integer("grading.min_age_years"));
    std::vector<Member> above, below;
    for (size_t i = 0; i < an.ents.size(); ++i) {
        EntResult& e = an.ents[i];
        e.grade = 'N';
        if (e.row < 0) {
            e.why = "not graded: no enterprise row for " + std::to_string(ds.cfg.year);
            continue;
        }
        const Record& r = ds.enterprises.features[static_cast<size_t>(e.row)].rec;
        if (!r.s(EntF::force_d).empty()) {
            e.grade = 'D';
            e.why = "forced D: " + r.s(EntF::force_d) + " (not ranked)";
            continue;
        }
        if (!r.s(EntF::exempt).empty()) {
            e.why = "not graded: " + r.s(EntF::exempt);
            continue;
        }
        const double mu = e.land_m2 / kM2PerMu;
        if (std::isnan(mu)) {
            e.why = "not graded: no land (no parcel and no reported land area)";
            continue;
        }
        if (mu + 1e-6 < min_mu) {  // 1e-6 mu (0.0007 m²): a drawn 5-mu parcel is 5 mu
            e.why = "not graded: land " + f2(mu) + " mu < " + f2(min_mu) + " mu (grading.min_mu)";
            continue;
        }
        const double founded = r.n(EntF::founded);
        if (min_age > 0 && !std::isnan(founded) && ds.cfg.year - static_cast<int>(founded) < min_age) {
            e.why = "not graded: founded " + std::to_string(static_cast<int>(founded)) + ", younger than " +
                    std::to_string(min_age) + " years (grading.min_age_years)";
            continue;
        }
        const std::string& scale = r.s(EntF::scale);
        if (scale != "above" && scale != "below") {
            e.why = "not graded: scale unknown (规上/规下)";
            continue;
        }
        (scale == "above" ? above : below).push_back({i, mu, &r});
    }
    score_population(ds, an, findings, above, kAbove, std::size(kAbove), "above-scale (规上)");
    score_population(ds, an, findings, below, kBelow, std::size(kBelow), "below-scale (规下)");
    for (const auto& e : an.ents)
        for (uint32_t p : e.parcels) an.parcels[p].grade = e.grade;
}

}  // namespace landeff
