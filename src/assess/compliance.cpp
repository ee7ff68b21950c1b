#include "landeff/compliance.hpp"

#include <tbb/enumerable_thread_specific.h>
#include <tbb/parallel_for.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <optional>

#include "landeff/format.hpp"
#include "landeff/messages.hpp"
#include "landeff/indicators.hpp"
#include "landeff/text.hpp"

namespace landeff {

bool is_industrial(std::string_view land_use, const std::vector<std::string>& prefixes) {
    const std::string_view lu = trim_view(land_use);
    return lu.empty() || code_in(lu, prefixes);
}

namespace {

struct Check {
    ParcelResult& pr;
    Lang lang;
    // The checks made, as (source, name), in order: "far_min, coverage_min (contract); admin_max
    // (cn-2008)" at the end — names grouped by source, in the order each source first came.
    std::vector<std::pair<std::string_view, const char*>> checked;
    // `source` names where the threshold comes from in the checked list ("cn-2008, GB/T 4754-2002 35");
    // `tag` names it in a violation: far_min(contract), far_min(cn-2008).
    // `figure` names the figure and `form` formats it (fmt::ratio, fmt::money_per_mu).
    void run(const char* name, Msg figure, fmt::Pair (*form)(double, double), double value, double threshold, bool is_min,
             std::string_view source, const std::string& tag) {
        if (std::isnan(value) || std::isnan(threshold)) return;
        checked.emplace_back(source, name);
        const bool ok = is_min ? value >= threshold : value <= threshold;
        if (ok) return;
        const auto [v, t] = form(value, threshold);
        pr.violations.push_back(say(lang, is_min ? Msg::ViolationMin : Msg::ViolationMax,
                                    {name, tag, say(lang, figure), v,
                                     tag == "contract" ? say(lang, Msg::SourceContract) : say(lang, Msg::SourceControl, {tag}), t}));
    }
    void contract(const char* name, Msg figure, fmt::Pair (*form)(double, double), double value, double threshold, bool is_min) {
        static const std::string kContract = "contract";
        run(name, figure, form, value, threshold, is_min, kContract, kContract);
    }
    std::string checked_text() const {
        std::string out;
        std::vector<bool> done(checked.size(), false);
        for (size_t a = 0; a < checked.size(); ++a) {
            if (done[a]) continue;
            if (!out.empty()) out += "; ";
            for (size_t b = a; b < checked.size(); ++b) {
                if (done[b] || checked[b].first != checked[a].first) continue;
                if (b > a) out += ", ";
                out += checked[b].second;
                done[b] = true;
            }
            out.append(" (").append(checked[a].first).append(")");
        }
        return out;
    }
};

// What the control standard says for an industry code (its 2002 division looked up once a code and
// thread, not three times a parcel).
struct CodeControls {
    std::optional<double> far_min, inv_min_ha;
    std::string far_source;  // "cn-2008, GB/T 4754-2002 35"
};

}  // namespace

void check_compliance(const Dataset& ds, const ControlStandard& st, const ComplianceRules& rules, Analysis& an) {
    an.require(Stage::Measure, "check_compliance");  // FAR, coverage, per-mu figures, industry codes
    const auto& prefixes = rules.industrial_prefixes;
    const Lang lang = rules.lang;
    const std::string& ctl = st.name;
    const std::string inv_source = ctl + " investment table";
    tbb::enumerable_thread_specific<std::map<std::string, CodeControls, std::less<>>> by_code;
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
        auto& known = by_code.local();
        auto found = known.find(code);
        if (found == known.end()) {
            CodeControls cc;
            cc.far_min = st.far_minimum(code);
            cc.inv_min_ha = st.investment_minimum_ha(code);
            cc.far_source = ctl + ", GB/T 4754-2002 " + st.division_2002(code);
            found = known.emplace(std::string(code), std::move(cc)).first;
        }
        const CodeControls& cc = found->second;
        // Contract and control both bind (rules.md §3): a parcel's contract conditions do not
        // replace the control standard, so each is checked on its own and a violation names its source.
        auto control = [&](double v) { return industrial ? v : kNaN; };
        const auto ratio = &fmt::ratio_pair, money = &fmt::money_pair;
        c.contract("far_min", Msg::FigFar, ratio, pr.far, r.n(ParcelF::far_min), true);
        c.run("far_min", Msg::FigFar, ratio, pr.far, control(cc.far_min ? *cc.far_min : kNaN), true, cc.far_source, ctl);
        c.contract("far_max", Msg::FigFar, ratio, pr.far, r.n(ParcelF::far_max), false);
        c.contract("coverage_min", Msg::FigCoverage, ratio, pr.coverage, r.n(ParcelF::cov_min), true);
        c.run("coverage_min", Msg::FigCoverage, ratio, pr.coverage, control(st.coverage_min), true, ctl, ctl);
        c.contract("green_max", Msg::FigGreen, ratio, pr.green_rt, r.n(ParcelF::green_max), false);
        c.run("green_max", Msg::FigGreen, ratio, pr.green_rt, control(st.green_max), false, ctl, ctl);
        c.run("admin_max", Msg::FigAdmin, ratio, pr.admin_rt, control(st.admin_max), false, ctl, ctl);
        // Investment intensity in 万元/亩; the table is in 万元/公顷 (÷ 15).
        c.contract("inv_min", Msg::FigInvest, money, pr.inv_int, r.n(ParcelF::inv_min), true);
        c.run("inv_min", Msg::FigInvest, money, pr.inv_int, control(cc.inv_min_ha ? *cc.inv_min_ha / 15.0 : kNaN), true, inv_source,
              ctl);
        c.contract("out_min", Msg::FigOutput, money, pr.mu_output, r.n(ParcelF::out_min), true);
        c.contract("tax_min", Msg::FigTax, money, pr.mu_tax, r.n(ParcelF::tax_min), true);
        pr.compliant = c.checked.empty() ? -1 : pr.violations.empty() ? 1 : 0;
        pr.checked = an.texts->intern(c.checked_text()).data();  // NUL-terminated
        pr.violations.share(*an.texts);  // the same violation, figures and all, recurs on many parcels
    });
    an.mark(Stage::Compliance);
}

}  // namespace landeff
