#pragma once
// The options `run` and `inspect` share, declared once (the two copies had drifted: `inspect
// --quiet` still printed its summary). Each command adds its own options beside these.
#include <CLI/CLI.hpp>

#include <string>

#include "landeff/messages.hpp"
#include "landeff/pipeline.hpp"

namespace landeff::cli {

struct CommonOptions {
    // CONFIG --out --year --overwrite --lang -q/--quiet --jobs --max-memory, bound to this object.
    // `out_help` says what --out holds for the command; `without_out` what leaving it out means
    // (for the message when --out is given but empty).
    void add_to(CLI::App& app, const std::string& out_help, Text without_out);
    // The parsed values as RunOptions (throws ConfigError for an empty --out or a bad memory size).
    RunOptions resolve(const std::string& command_line) const;

private:
    std::string m_config, m_out, m_max_memory, m_lang;
    Text m_without_out;
    CLI::Option* m_out_opt = nullptr;
    int m_year = 0, m_jobs = 0;
    bool m_overwrite = false, m_quiet = false;
};

}  // namespace landeff::cli
