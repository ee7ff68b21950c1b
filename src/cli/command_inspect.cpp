#include <iostream>

#include "command.hpp"
#include "landeff/error.hpp"
#include "landeff/pipeline.hpp"
#include "landeff/progress.hpp"
#include "landeff/text.hpp"

namespace landeff::cli {
namespace {

class InspectCommand : public Command {
public:
    const char* name() const override { return "inspect"; }
    const char* summary() const override { return "Data-quality report only (no analysis): findings on stderr, and in --out if given"; }
    void setup(CLI::App& app) override {
        app.add_option("config", m_config, "Configuration file (TOML)")->required()->check(CLI::ExistingFile);
        m_out_opt = app.add_option("--out", m_out, "Write the findings (landeff.gpkg layer findings, run.json) here");
        app.add_option("--year", m_year, "Evaluation year (overrides `year` in the config)")->check(CLI::Range(1900, 2200));
        app.add_flag("--overwrite", m_overwrite, "Replace an existing output directory");
        app.add_flag("--quiet", m_quiet, "No progress on stderr (the summary is still printed)");
        app.add_option("--jobs", m_jobs, "Worker threads (default: all cores)")->check(CLI::Range(1, 1024));
    }
    int run() override {
        RunOptions o;
        o.config = m_config;
        // `--out ""` or `--out " "` (an unset shell variable) must not fall back to the default folder.
        if (m_out_opt->count() > 0 && trim(m_out).empty())
            throw ConfigError(std::string("--out is empty (an unset variable?): give the output directory") +
                              ", or leave --out out to print the findings only");
        if (!m_out.empty()) o.out = m_out;
        if (m_year) o.year = m_year;
        o.overwrite = m_overwrite;
        o.quiet = false;
        o.jobs = m_jobs;
        o.inspect_only = true;
        o.command_line = command_line;
        if (m_quiet) set_progress_enabled(false);
        return run_command(o, std::cerr);
    }

private:
    CLI::Option* m_out_opt = nullptr;
    std::string m_config, m_out;
    int m_year = 0;
    bool m_overwrite = false, m_quiet = false;
    int m_jobs = 0;
};

}  // namespace

std::unique_ptr<Command> make_inspect_command() { return std::make_unique<InspectCommand>(); }

}  // namespace landeff::cli
