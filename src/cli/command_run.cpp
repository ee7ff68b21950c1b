#include <iostream>

#include "command.hpp"
#include "landeff/error.hpp"
#include "landeff/pipeline.hpp"
#include "landeff/progress.hpp"
#include "landeff/text.hpp"

namespace landeff::cli {
namespace {

class RunCommand : public Command {
public:
    const char* name() const override { return "run"; }
    const char* summary() const override { return "Analyse a configured city or region and write every output"; }
    void setup(CLI::App& app) override {
        app.add_option("config", m_config, "Configuration file (TOML)")->required()->check(CLI::ExistingFile);
        m_out_opt = app.add_option("--out", m_out, "Output directory (default: landeff_out_<year> next to the config), or a PostGIS "
                                       "connection \"PG:dbname=… host=…\" with --schema");
        app.add_option("--schema", m_schema, "With --out PG:…: the schema to write the tables into (created if missing)");
        app.add_option("--year", m_year, "Evaluation year (overrides `year` in the config)")->check(CLI::Range(1900, 2200));
        app.add_flag("--overwrite", m_overwrite, "Replace an existing output directory");
        app.add_flag("--quiet", m_quiet, "No progress and no summary on stderr");
        app.add_option("--jobs", m_jobs, "Worker threads (default: all cores)")->check(CLI::Range(1, 1024));
        app.add_option("--max-memory", m_max_memory,
                       "Stop cleanly when the run needs more memory than this (e.g. 12G, 512M, 80%; default 80% of physical memory)");
        app.add_option("--formats", m_formats, "Comma-separated: gpkg,geojson,shp,xlsx,html,maps (default: all)")
            ->delimiter(',');
    }
    int run() override {
        RunOptions o;
        o.config = m_config;
        // `--out ""` or `--out " "` (an unset shell variable) must not fall back to the default folder.
        if (m_out_opt->count() > 0 && trim(m_out).empty())
            throw ConfigError(std::string("--out is empty (an unset variable?): give the output directory") +
                              ", or leave --out out for landeff_out_<year> next to the config");
        if (!m_out.empty()) o.out = m_out;
        if (m_year) o.year = m_year;
        o.overwrite = m_overwrite;
        o.quiet = m_quiet;
        o.jobs = m_jobs;
        o.command_line = command_line;
        o.schema = m_schema;
        o.max_memory = m_max_memory.empty() ? physical_memory() * 8 / 10 : parse_memory_size(m_max_memory);
        if (!m_formats.empty()) {
            o.formats.clear();
            for (const auto& f : m_formats) o.formats.insert(ascii_lower(trim(f)));
        } else {
            o.formats = known_formats();
        }
        return run_command(o, std::cerr);
    }

private:
    CLI::Option* m_out_opt = nullptr;
    std::string m_config, m_out, m_schema;
    int m_year = 0;
    bool m_overwrite = false, m_quiet = false;
    int m_jobs = 0;
    std::vector<std::string> m_formats;
    std::string m_max_memory;
};

}  // namespace

std::unique_ptr<Command> make_run_command() { return std::make_unique<RunCommand>(); }

}  // namespace landeff::cli
