// The few lines a run says on stderr when it ends (not with --quiet): counts, the largest parks,
// and where the outputs are.
#include <algorithm>
#include <cmath>
#include <numeric>

#include "landeff/format.hpp"
#include "landeff/messages.hpp"
#include "parts.hpp"

namespace fs = std::filesystem;

namespace landeff::pipeline {

std::string fmt(double v, int decimals) { return landeff::fmt::fixed(v, decimals); }  // format.hpp

void print_run_summary(const Dataset& ds, const Analysis& an, const RunOptions& opt, std::ostream& err,
                       const fs::path& shown_out) {
    const Lang lang = lang_of(ds.cfg.settings);
    const std::string later =
        an.region.later_m2 > 0 ? say(lang, Msg::SummaryLater, {fmt(an.region.later_m2 / kM2PerMu, 1)}) : std::string();
    err << say(lang, Msg::SummaryHead,
               {say(lang, opt.inspect_only ? Msg::SummaryInspect : Msg::SummaryRun) + " " + std::to_string(ds.cfg.year),
                ds.cfg.eval_date.iso(), ds.crs.definition, std::to_string(ds.parks.features.size()),
                std::to_string(ds.parcels.features.size()), fmt(an.total_land_m2 / kM2PerMu, 1), later,
                std::to_string(an.n_outside), std::to_string(ds.enterprises.features.size()),
                std::to_string(ds.approvals.features.size())})
        << "\n";
    if (!opt.inspect_only) {
        std::vector<size_t> by_land(an.parks.size());
        std::iota(by_land.begin(), by_land.end(), size_t{0});
        std::stable_sort(by_land.begin(), by_land.end(),
                         [&](size_t a, size_t b) { return an.parks[a].land_m2 > an.parks[b].land_m2; });
        const size_t shown = std::min<size_t>(5, by_land.size());
        for (size_t k = 0; k < shown; ++k) {
            const size_t i = by_land[k];
            const auto& p = an.parks[i];
            err << say(lang, Msg::SummaryPark,
                       {std::string(ds.parks.features[i].rec.s(ParkF::park_id)), std::string(ds.parks.features[i].rec.s(ParkF::name)),
                        fmt(p.land_m2 / kM2PerMu, 1), std::isnan(p.mu_tax) ? std::string("—") : fmt(p.mu_tax, 2)})
                << "\n";
        }
        if (an.parks.size() > shown) err << say(lang, Msg::SummaryMoreParks, {std::to_string(an.parks.size() - shown)}) << "\n";
    }
    if (!shown_out.empty()) err << say(lang, Msg::SummaryOutputs, {shown_out.string()}) << "\n";
}

}  // namespace landeff::pipeline
