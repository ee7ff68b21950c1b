#pragma once
// A CLI command: setup() declares and validates options (no I/O); run() does the work.
#include <CLI/CLI.hpp>

#include <memory>
#include <string>
#include <vector>

#include "landeff/messages.hpp"

namespace landeff::cli {

// A --help text in the language of the terminal (`--lang` on the command line, else Chinese; main.cpp
// reads it before any command is set up).
inline std::string help(Msg m) { return say(ui_lang(), m); }

class Command {
public:
    virtual ~Command() = default;
    virtual const char* name() const = 0;
    virtual std::string summary() const = 0;  // help(Msg::HCmd…)
    virtual void setup(CLI::App& app) = 0;
    virtual int run() = 0;
    std::string command_line;
};

std::unique_ptr<Command> make_run_command();
std::unique_ptr<Command> make_inspect_command();
std::unique_ptr<Command> make_synth_command();
std::unique_ptr<Command> make_config_command();
std::unique_ptr<Command> make_map_command();
std::unique_ptr<Command> make_compare_command();
std::unique_ptr<Command> make_merge_command();

}  // namespace landeff::cli
