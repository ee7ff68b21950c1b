#include "common_options.hpp"

#include "command.hpp"

#include "landeff/error.hpp"
#include "landeff/progress.hpp"
#include "landeff/text.hpp"

namespace landeff::cli {

void CommonOptions::add_to(CLI::App& app, const std::string& out_help, Text without_out) {
    m_without_out = std::move(without_out);
    app.add_option("config", m_config, help(Msg::HConfig))->required()->check(CLI::ExistingFile);
    m_out_opt = app.add_option("--out", m_out, out_help);
    app.add_option("--year", m_year, help(Msg::HYear))->check(CLI::Range(1900, 2200));
    app.add_flag("--overwrite", m_overwrite, help(Msg::HOverwrite));
    app.add_option("--lang", m_lang, help(Msg::HLang))
        ->check(CLI::IsMember({"zh", "en"}));
    app.add_flag("-q,--quiet", m_quiet, help(Msg::HQuietRun));
    app.add_option("--jobs", m_jobs, help(Msg::HJobs))->check(CLI::Range(1, 1024));
    app.add_option("--max-memory", m_max_memory,
                   help(Msg::HMaxMemory));
}

RunOptions CommonOptions::resolve(const std::string& command_line) const {
    RunOptions o;
    o.config = m_config;
    // `--out ""` or `--out " "` (an unset shell variable) must not fall back to the default.
    if (m_out_opt && m_out_opt->count() > 0 && trim(m_out).empty())
        throw ConfigError(Msg::ECliOutEmpty, {m_without_out});
    if (!m_out.empty()) o.out = m_out;
    if (m_year) o.year = m_year;
    o.overwrite = m_overwrite;
    o.quiet = m_quiet;
    o.lang = m_lang;
    o.jobs = m_jobs;
    o.max_memory = m_max_memory.empty() ? physical_memory() * 8 / 10 : parse_memory_size(m_max_memory);
    o.command_line = command_line;
    return o;
}

}  // namespace landeff::cli
