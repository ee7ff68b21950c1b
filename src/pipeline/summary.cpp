// The few lines a run says on stderr when it ends (not with --quiet): counts, the largest parks,
// and where the outputs are.
#include <algorithm>
#include <cmath>
#include <numeric>

#include "parts.hpp"

namespace fs = std::filesystem;

namespace landeff::pipeline {

std::string fmt(double v, int decimals) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
    return buf;
}

void print_run_summary(const Dataset& ds, const Analysis& an, const RunOptions& opt, std::ostream& err,
                       const fs::path& shown_out) {
    err << (opt.inspect_only ? "inspect" : "run") << " " << ds.cfg.year << " (evaluation date "
        << ds.cfg.eval_date.iso() << ", CRS " << ds.crs.definition << "): " << ds.parks.features.size() << " parks, "
        << ds.parcels.features.size() << " parcels (" << fmt(an.total_land_m2 / kM2PerMu, 1) << " mu"
        << (an.region.later_m2 > 0 ? ", of which " + fmt(an.region.later_m2 / kM2PerMu, 1) + " mu supplied after the evaluation date" : std::string())
        << ", " << an.n_outside << " outside every park), " << ds.enterprises.features.size() << " enterprise rows, "
        << ds.approvals.features.size() << " approvals\n";
    if (!opt.inspect_only) {
        std::vector<size_t> by_land(an.parks.size());
        std::iota(by_land.begin(), by_land.end(), size_t{0});
        std::stable_sort(by_land.begin(), by_land.end(),
                         [&](size_t a, size_t b) { return an.parks[a].land_m2 > an.parks[b].land_m2; });
        const size_t shown = std::min<size_t>(5, by_land.size());
        for (size_t k = 0; k < shown; ++k) {
            const size_t i = by_land[k];
            const auto& p = an.parks[i];
            err << "  " << ds.parks.features[i].rec.s(ParkF::park_id) << " " << ds.parks.features[i].rec.s(ParkF::name)
                << ": " << fmt(p.land_m2 / kM2PerMu, 1) << " mu, 亩均税收 "
                << (std::isnan(p.mu_tax) ? std::string("—") : fmt(p.mu_tax, 2)) << " 万元/亩\n";
        }
        if (an.parks.size() > shown) err << "  … " << an.parks.size() - shown << " more parks in the outputs (largest first above)\n";
    }
    if (!shown_out.empty()) err << "outputs: " << shown_out.string() << "\n";
}

}  // namespace landeff::pipeline
