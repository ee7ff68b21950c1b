#include <unistd.h>

#include <filesystem>
#include <iostream>

#include "command.hpp"
#include "landeff/error.hpp"
#include "landeff/maps.hpp"
#include "landeff/progress.hpp"
#include "landeff/run_dir.hpp"

namespace fs = std::filesystem;

namespace landeff::cli {
namespace {

// Re-renders maps/ of an existing output directory from its landeff.gpkg, with another page,
// resolution or class breaks; run.json supplies the year, date, CRS and the run's map settings.
class MapCommand : public Command {
public:
    const char* name() const override { return "map"; }
    const char* summary() const override { return "Re-render the layout maps of an output directory (no analysis)"; }
    void setup(CLI::App& app) override {
        app.add_option("out_dir", m_dir, "An output directory of `landeff run` (with landeff.gpkg)")->required();
        app.add_option("--page", m_page, "A4 or A3")->check(CLI::IsMember({"A4", "A3"}));
        app.add_option("--orientation", m_orientation, "landscape or portrait")->check(CLI::IsMember({"landscape", "portrait"}));
        app.add_option("--dpi", m_dpi, "PNG resolution")->check(CLI::Range(72, 1200));
        app.add_option("--breaks", m_breaks, "quantile or jenks")->check(CLI::IsMember({"quantile", "jenks"}));
        app.add_option("--classes", m_classes, "Classes of the per-mu tax map")->check(CLI::Range(2, 9));
        app.add_option("--region", m_region, "Region name in the titles");
        app.add_flag("--quiet", m_quiet, "Nothing on stderr on success");
    }
    int run() override {
        const fs::path dir(m_dir);
        // Not a landeff output: exit 2; a damaged one (run.json or a layer the maps draw): exit 1.
        const RunDir rd = open_run_dir(dir, "map");
        open_run_gpkg(dir, "map", {{"parks", {"park_id", "category", "area_mu"}},
                                   {"parcels", {"parcel_id", "state", "grade", "mu_tax", "area_mu"}},
                                   {"unsupplied", {"area_mu"}}});
        MapOptions o;
        const auto& s = rd.settings;  // a value of the wrong type is a damaged run.json, not an internal error
        const auto text = [&](const char* key, const std::string& def) {
            if (!s.contains(key)) return def;
            if (!s.at(key).is_string())
                throw RunError("map: " + (dir / "run.json").string() + " is damaged: config.settings." + key + " is not text");
            return s.at(key).get<std::string>();
        };
        const auto integer = [&](const char* key, int def) {
            if (!s.contains(key)) return def;
            if (!s.at(key).is_number_integer())
                throw RunError("map: " + (dir / "run.json").string() + " is damaged: config.settings." + key + " is not a whole number");
            return s.at(key).get<int>();
        };
        o.year = rd.year;
        o.eval_date = text("eval_date", std::string());
        o.page = text("maps.page", o.page);
        o.orientation = text("maps.orientation", o.orientation);
        o.dpi = integer("maps.dpi", o.dpi);
        o.breaks = text("maps.breaks", o.breaks);
        o.classes = integer("maps.classes", o.classes);
        o.region = text("maps.region", o.region);
        o.unit = text("maps.unit", o.unit);
        o.source = text("maps.source", o.source);
        if (s.contains("maps.outlier_km")) {
            if (!s.at("maps.outlier_km").is_number())
                throw RunError("map: " + (dir / "run.json").string() + " is damaged: config.settings.maps.outlier_km is not a number");
            o.outlier_km = s.at("maps.outlier_km").get<double>();
        }
        o.atlas_min_parks = integer("maps.atlas_min_parks", o.atlas_min_parks);
        o.overview_labels = integer("maps.overview_labels", o.overview_labels);
        o.atlas_by = text("maps.atlas_by", o.atlas_by);
        o.crs = rd.crs;
        if (!m_page.empty()) o.page = m_page;
        if (!m_orientation.empty()) o.orientation = m_orientation;
        if (m_dpi) o.dpi = m_dpi;
        if (!m_breaks.empty()) o.breaks = m_breaks;
        if (m_classes) o.classes = m_classes;
        if (!m_region.empty()) o.region = m_region;
        set_progress_enabled(!m_quiet);
        // New maps appear whole: rendered beside maps/ and swapped in.
        const fs::path tmp = dir / (".maps.tmp-" + std::to_string(getpid()));
        const fs::path old = dir / (".maps.old-" + std::to_string(getpid()));
        std::error_code ec;
        fs::remove_all(tmp, ec);
        try {
            render_maps(dir / "landeff.gpkg", o, tmp);
        } catch (...) {
            fs::remove_all(tmp, ec);
            throw;
        }
        if (fs::exists(dir / "maps")) fs::rename(dir / "maps", old);
        fs::rename(tmp, dir / "maps");
        fs::remove_all(old, ec);
        if (!m_quiet) std::cerr << "maps: " << (dir / "maps").string() << " (" << o.page << " " << o.orientation << ", " << o.dpi << " dpi)\n";
        return 0;
    }

private:
    std::string m_dir, m_page, m_orientation, m_breaks, m_region;
    int m_dpi = 0, m_classes = 0;
    bool m_quiet = false;
};

}  // namespace

std::unique_ptr<Command> make_map_command() { return std::make_unique<MapCommand>(); }

}  // namespace landeff::cli
