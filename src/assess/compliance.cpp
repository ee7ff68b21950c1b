#include "landeff/compliance.hpp"

#include <tbb/parallel_for.h>

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "landeff/format.hpp"
#include "landeff/messages.hpp"
#include "landeff/indicators.hpp"
#include "landeff/text.hpp"

namespace landeff {

bool is_industrial(std::string_view land_use, const std::vector<std::string>& prefixes) {
    const std::string lu = ascii_lower(trim(land_use));
    if (lu.empty()) return true;
    for (const auto& p : prefixes)
        if (!p.empty() && lu.rfind(ascii_lower(p), 0) == 0) return true;
    return false;
}

namespace {

// "far_min (contract)", "coverage_min (contract)", "admin_max (cn-2008)" →
// "far_min, coverage_min (contract); admin_max (cn-2008)": shorter, same information.
std::vector<std::string> group_by_source(const std::vector<std::string>& checks) {
    std::vector<std::pair<std::string, std::vector<std::string>>> groups;
    for (const auto& c : checks) {
        const auto open = c.find(" (");
        const std::string name = c.substr(0, open), source = open == std::string::npos ? "" : c.substr(open);
        auto it = std::find_if(groups.begin(), groups.end(), [&](const auto& g) { return g.first == source; });
        if (it == groups.end()) groups.push_back({source, {name}});
        else it->second.push_back(name);
    }
    std::vector<std::string> out;
    for (const auto& [source, names] : groups) out.push_back(join(names, ", ") + source);
    return out;
}

struct Check {
    ParcelResult& pr;
    Lang lang;
    std::vector<std::string> checked;  // "name (source)", grouped by source at the end
    // `source` names where the threshold comes from in the checked list ("cn-2008, GB/T 4754-2002 35");
    // `tag` names it in a violation: far_min(contract), far_min(cn-2008).
    // `figure` names the figure and `form` formats it (fmt::ratio, fmt::money_per_mu).
    void run(const char* name, Msg figure, fmt::Pair (*form)(double, double), double value, double threshold, bool is_min,
             const std::string& source, const std::string& tag) {
        if (std::isnan(value) || std::isnan(threshold)) return;
        checked.push_back(std::string(name) + " (" + source + ")");
        const bool ok = is_min ? value >= threshold : value <= threshold;
        if (ok) return;
        const auto [v, t] = form(value, threshold);
        pr.violations.push_back(say(lang, is_min ? Msg::ViolationMin : Msg::ViolationMax,
                                    {name, tag, say(lang, figure), v,
                                     tag == "contract" ? say(lang, Msg::SourceContract) : say(lang, Msg::SourceControl, {tag}), t}));
    }
    void contract(const char* name, Msg figure, fmt::Pair (*form)(double, double), double value, double threshold, bool is_min) {
        run(name, figure, form, value, threshold, is_min, "contract", "contract");
    }
};

}  // namespace

void check_compliance(const Dataset& ds, const ControlStandard& st, const ComplianceRules& rules, Analysis& an) {
    an.require(Stage::Measure, "check_compliance");  // FAR, coverage, per-mu figures, industry codes
    const auto& prefixes = rules.industrial_prefixes;
    const Lang lang = rules.lang;
    tbb::parallel_for(size_t(0), ds.parcels.features.size(), [&](size_t i) {
        const Record& r = ds.parcels.features[i].rec;
        ParcelResult& pr = an.parcels[i];
        if (supplied_after(r, ds.cfg.eval_date)) {  // no contract and nobody's land yet at T (DOMAIN §4)
            pr.compliant = -1;
            pr.nulls.push_back(say(lang, Msg::NotCheckedLater));
            pr.nulls.share(*an.texts);
            return;
        }
        Check c{pr, lang, {}};
        const bool industrial = is_industrial(r.s(ParcelF::land_use), prefixes);
        const std::string_view code = an.parcel_ind_code(ds, i);  // the enterprise's when the parcel has none
        const std::string& ctl = st.name;
        // Contract and control both bind (rules.md §3): a parcel's contract conditions do not
        // replace the control standard, so each is checked on its own and a violation names its source.
        auto control = [&](double v) { return industrial ? v : kNaN; };
        const auto far_ctl = st.far_minimum(code);
        const auto ratio = &fmt::ratio_pair, money = &fmt::money_pair;
        c.contract("far_min", Msg::FigFar, ratio, pr.far, r.n(ParcelF::far_min), true);
        c.run("far_min", Msg::FigFar, ratio, pr.far, control(far_ctl ? *far_ctl : kNaN), true,
              ctl + ", GB/T 4754-2002 " + st.division_2002(code), ctl);
        c.contract("far_max", Msg::FigFar, ratio, pr.far, r.n(ParcelF::far_max), false);
        c.contract("coverage_min", Msg::FigCoverage, ratio, pr.coverage, r.n(ParcelF::cov_min), true);
        c.run("coverage_min", Msg::FigCoverage, ratio, pr.coverage, control(st.coverage_min), true, ctl, ctl);
        c.contract("green_max", Msg::FigGreen, ratio, pr.green_rt, r.n(ParcelF::green_max), false);
        c.run("green_max", Msg::FigGreen, ratio, pr.green_rt, control(st.green_max), false, ctl, ctl);
        c.run("admin_max", Msg::FigAdmin, ratio, pr.admin_rt, control(st.admin_max), false, ctl, ctl);
        // Investment intensity in 万元/亩; the table is in 万元/公顷 (÷ 15).
        const auto inv_ha = st.investment_minimum_ha(code);
        c.contract("inv_min", Msg::FigInvest, money, pr.inv_int, r.n(ParcelF::inv_min), true);
        c.run("inv_min", Msg::FigInvest, money, pr.inv_int, control(inv_ha ? *inv_ha / 15.0 : kNaN), true,
              ctl + " investment table", ctl);
        c.contract("out_min", Msg::FigOutput, money, pr.mu_output, r.n(ParcelF::out_min), true);
        c.contract("tax_min", Msg::FigTax, money, pr.mu_tax, r.n(ParcelF::tax_min), true);
        pr.compliant = c.checked.empty() ? -1 : pr.violations.empty() ? 1 : 0;
        pr.checked = an.texts->intern(join(group_by_source(c.checked), "; ")).data();  // NUL-terminated
        pr.violations.share(*an.texts);  // the same violation, figures and all, recurs on many parcels
    });
    an.mark(Stage::Compliance);
}

}  // namespace landeff
