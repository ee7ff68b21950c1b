#include <iostream>

#include "command.hpp"
#include "common_options.hpp"
#include "landeff/pipeline.hpp"

namespace landeff::cli {
namespace {

class InspectCommand : public Command {
public:
    const char* name() const override { return "inspect"; }
    std::string summary() const override { return help(Msg::HCmdInspect); }
    void setup(CLI::App& app) override {
        m_common.add_to(app, help(Msg::HOutInspect),
                        tr(Msg::ECliWithoutOutInspect));
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
