#include <iostream>

#include "command.hpp"
#include "common_options.hpp"
#include "landeff/pipeline.hpp"

namespace landeff::cli {
namespace {

class InspectCommand : public Command {
public:
    const char* name() const override { return "inspect"; }
    const char* summary() const override { return "Data-quality report only (no analysis): findings on stderr, and in --out if given"; }
    void setup(CLI::App& app) override {
        m_common.add_to(app, "Write the findings (landeff.gpkg layer findings, run.json) here",
                        "to print the findings only");
    }
    int run() override {
        RunOptions o = m_common.resolve(command_line);
        o.inspect_only = true;
        return run_command(o, std::cerr);
    }

private:
    CommonOptions m_common;
};

}  // namespace

std::unique_ptr<Command> make_inspect_command() { return std::make_unique<InspectCommand>(); }

}  // namespace landeff::cli
