// A multi-year config: each year into OUT/<year>/, each later year compared with the one before;
// the whole directory appears at the end, or not at all.
#include "landeff/error.hpp"
#include "landeff/writer.hpp"
#include "parts.hpp"

namespace fs = std::filesystem;

namespace landeff::pipeline {

int run_years(const Config& cfg, const RunOptions& opt, std::ostream& err, const fs::path& out_dir, RunOne run_one) {
    if (out_dir.empty()) throw ConfigError("a multi-year config needs --out");
    StagedOutput top(out_dir, opt.overwrite, all_input_paths(cfg));
    std::vector<std::pair<int, fs::path>> history;
    RunOptions each = opt;
    each.overwrite = false;
    each.formats.insert("gpkg");  // the next year's comparison reads it
    for (const auto& [year, spec] : cfg.years) {
        if (!opt.quiet) err << "== " << year << "\n";
        run_one(cfg.for_year(year), each, err, top.dir() / std::to_string(year), history, out_dir / std::to_string(year));
        history.emplace_back(year, top.dir() / std::to_string(year));
    }
    top.commit();
    return 0;
}

}  // namespace landeff::pipeline
