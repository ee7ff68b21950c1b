#include "landeff/score.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include <tbb/parallel_for.h>

#include "landeff/format.hpp"
#include "landeff/messages.hpp"
#include "landeff/ordered_batches.hpp"
#include "landeff/compliance.hpp"
#include "landeff/indicators.hpp"
#include "landeff/progress.hpp"
#include "landeff/text.hpp"

namespace landeff {

const TdtIndicator kTdtIndicators[11] = {
    {"supply", "ld_supply", "土地供应率", "degree", false},
    {"built", "ld_built", "土地建成率", "degree", false},
    {"ind", "ind_rt", "工业用地率", "structure", false},
    {"far", "far_a", "综合容积率", "intensity", false},
    {"cov", "cov_a", "建筑密度", "intensity", false},
    {"far_ind", "far_ind", "工业用地综合容积率", "intensity", false},
    {"cov_ind", "cov_ind", "工业用地建筑系数", "intensity", false},
    {"inv", "inv_ind", "工业用地固定资产投入强度(万元/公顷)", "benefit", false},
    {"tax", "tax_ind", "工业用地地均税收(万元/公顷)", "benefit", false},
    // 综合地均税收 is reported but not in the preset's weights (w = 0 unless configured).
    {"tax_all", "tax_a", "综合地均税收(万元/公顷)", "benefit", false},
    {"idle", "idle_rt", "土地闲置率", "management", true},
};

double weighted_score(const ScoreRules& s, const double (&scores)[11], std::string* why) {
    // The groups of level 1; the first three make up 利用状况 (use) at level 2. Weights come from
    // ScoreRules, read from the settings table by indicator and group name (a name missing from the
    // table fails when ScoreRules is built, it never weighs 0).
    static const char* const kGroups[] = {"degree", "structure", "intensity", "benefit", "management"};
    // Level 1: indicators within each group.
    double group_score[5];
    for (size_t g = 0; g < 5; ++g) {
        double sum = 0, wsum = 0;
        for (size_t i = 0; i < 11; ++i) {
            if (std::string(kTdtIndicators[i].group) != kGroups[g] || std::isnan(scores[i])) continue;
            const double w = s.weight[i];
            sum += w * scores[i];
            wsum += w;
        }
        group_score[g] = wsum > 0 ? sum / wsum : std::nan("");
    }
    // Level 2: degree, structure, intensity → 利用状况 (use).
    double use = 0, use_w = 0;
    for (size_t g = 0; g < 3; ++g)
        if (!std::isnan(group_score[g])) {
            use += s.group_weight[g] * group_score[g];
            use_w += s.group_weight[g];
        }
    const double use_score = use_w > 0 ? use / use_w : std::nan("");
    // Level 3: use, benefit, management.
    const double top[3] = {use_score, group_score[3], group_score[4]};
    double total = 0, total_w = 0;
    for (size_t t = 0; t < 3; ++t)
        if (!std::isnan(top[t])) {
            total += s.top_weight[t] * top[t];
            total_w += s.top_weight[t];
        }
    const double result = total_w > 0 ? total / total_w : std::nan("");
    if (why) {
        std::vector<std::string> parts;
        static const char* kLabel[5] = {"利用程度", "用地结构", "利用强度", "用地效益", "管理绩效"};
        for (size_t g = 0; g < 5; ++g)
            parts.push_back(std::string(kLabel[g]) + " " + (std::isnan(group_score[g]) ? std::string("—") : fmt::number(group_score[g])));
        parts.insert(parts.begin() + 3, "利用状况 " + (std::isnan(use_score) ? std::string("—") : fmt::number(use_score)));
        *why = join(parts, ", ");
        if (total_w > 0 && std::fabs(total_w - (s.top_weight[0] + s.top_weight[1] + s.top_weight[2])) > 1e-12)
            *why += say(s.lang, Msg::WeightRedistributed);
    }
    return result;
}

void score_parks(const Dataset& ds, const ScoreRules& s, Analysis& an) {
    // Land classes come from the final land states (idle G, built A) and 批而未供 (B21).
    an.require(Stage::Measure, "score_parks");
    an.require(Stage::States, "score_parks");
    an.require(Stage::Unsupplied, "score_parks");
    const Date T = ds.cfg.eval_date;
    const auto& ind_prefixes = s.ind_prefixes;
    const auto& res_prefixes = s.res_prefixes;
    // Money and floor area of the industrial (A2) part, per park.
    std::vector<double> floor_ind(an.parks.size(), 0), fp_ind(an.parks.size(), 0), inv_ind(an.parks.size(), 0),
        tax_ind(an.parks.size(), 0), floor_a(an.parks.size(), 0), fp_a(an.parks.size(), 0), tax_a(an.parks.size(), 0);
    // Each parcel's classes and floor figures on every core, a batch of parcels at a time (never an
    // answer held for every parcel); the parks' sums from them in the parcels' order (the sums must
    // not depend on how the threads split the work).
    struct Seen {
        bool counts = false, built = false, a1 = false, a2 = false, idle = false;
        double floor = 0, fp = 0;
    };
    in_item_order<Seen>(
        ds.parcels.features.size(), 4096,
        [&](size_t i, Seen& v) {
            const Record& r = ds.parcels.features[i].rec;
            const ParcelResult& pr = an.parcels[i];
            if (pr.state == LandState::NotSupplied || pr.parks.empty()) return;
            v.counts = true;
            v.built = built_at(r, T);  // as the land states judge it
            const std::string_view lu = r.s(ParcelF::land_use);
            // An empty land-use code counts as industrial, as for the control indicators.
            v.a2 = lu.empty() || code_in(lu, ind_prefixes);
            v.a1 = code_in(lu, res_prefixes);
            v.idle = pr.state == LandState::Idle || pr.state == LandState::IdleGov;
            v.floor = std::isnan(r.n(ParcelF::floor_m2))
                          ? (std::isnan(pr.far) ? 0 : pr.far * pr.area_m2)
                          : r.n(ParcelF::floor_m2) + (std::isnan(r.n(ParcelF::tall_m2)) ? 0 : r.n(ParcelF::tall_m2));
            v.fp = std::isnan(r.n(ParcelF::footprint)) ? (std::isnan(pr.coverage) ? 0 : pr.coverage * pr.area_m2)
                                                       : r.n(ParcelF::footprint);
        },
        [&](size_t i, const Seen& v) {
            const ParcelResult& pr = an.parcels[i];
            if (!v.counts) return;
            for (const auto& sh : pr.parks) {
                ParkResult& p = an.parks[sh.park];
                const double w = pr.area_m2 > 0 ? sh.area_m2 / pr.area_m2 : 0;
                p.cls_D += sh.area_m2;
                if (v.idle) p.cls_G += sh.area_m2;
                if (!v.built) continue;
                p.cls_A += sh.area_m2;
                floor_a[sh.park] += v.floor * w;
                fp_a[sh.park] += v.fp * w;
                tax_a[sh.park] += (std::isnan(pr.tax) ? 0 : pr.tax) * w;
                if (v.a1) p.cls_A1 += sh.area_m2;
                if (v.a2) {
                    p.cls_A2 += sh.area_m2;
                    floor_ind[sh.park] += v.floor * w;
                    fp_ind[sh.park] += v.fp * w;
                    inv_ind[sh.park] += (std::isnan(pr.invest) ? 0 : pr.invest) * w;
                    tax_ind[sh.park] += (std::isnan(pr.tax) ? 0 : pr.tax) * w;
                }
            }
        });
    const bool cap = s.cap_100;
    // Each park's score and explanation on every core (each writes only its own park).
    tbb::parallel_for(size_t(0), an.parks.size(), [&](size_t k) {
        check_interrupt();
        ParkResult& p = an.parks[k];
        p.cls_B21 = std::isnan(p.unsup_m2) ? 0 : p.unsup_m2;  // approximated by 批而未供 inside the park
        auto r = [](double a, double b) { return b > 0 ? a / b : std::nan(""); };
        const double ha_A2 = p.cls_A2 / 10000.0, ha_A = p.cls_A / 10000.0;
        const double X[11] = {r(p.cls_D, p.cls_A + p.cls_B21), r(p.cls_A, p.cls_D), r(p.cls_A2, p.cls_A),
                              r(floor_a[k], p.cls_A), r(fp_a[k], p.cls_A), r(floor_ind[k], p.cls_A2), r(fp_ind[k], p.cls_A2),
                              r(inv_ind[k], ha_A2), r(tax_ind[k], ha_A2), r(tax_a[k], ha_A), r(p.cls_G, p.cls_D)};
        double S[11];
        std::vector<std::string> parts;
        for (size_t i = 0; i < 11; ++i) {
            p.tdt[i] = X[i];
            const double t = s.target[i];
            S[i] = std::nan("");
            if (std::isnan(X[i])) continue;
            if (kTdtIndicators[i].inverse) S[i] = t < 1 ? (1 - X[i]) / (1 - t) * 100 : std::nan("");
            else S[i] = t > 0 ? X[i] / t * 100 : std::nan("");
            if (cap && !std::isnan(S[i])) S[i] = std::min(S[i], 100.0);
            if (!std::isnan(S[i])) S[i] = std::max(S[i], 0.0);
        }
        std::string why;
        p.score = weighted_score(s, S, &why);
        for (size_t i = 0; i < 11; ++i) {
            if (s.weight[i] == 0) continue;
            parts.push_back(std::string(kTdtIndicators[i].label) + " " +
                            (std::isnan(X[i]) ? say(s.lang, Msg::NotComputable) : fmt::number(X[i]) + " → " + fmt::number(S[i])));
        }
        p.score_why = join(parts, "; ") + " | " + why;
        const double a2_share = r(p.cls_A2, p.cls_A), a1_share = r(p.cls_A1, p.cls_A);
        if (!std::isnan(a2_share))
            p.zone_type = a2_share > s.zone_ind_min && a1_share < s.zone_res_max
                              ? "industry-led" : "integrated";
    });
    an.mark(Stage::Score);
}

}  // namespace landeff
