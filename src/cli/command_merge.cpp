#include <iostream>

#include "command.hpp"
#include "landeff/pipeline.hpp"

namespace landeff::cli {
namespace {

class MergeCommand : public Command {
public:
    const char* name() const override { return "merge"; }
    std::string summary() const override { return help(Msg::HCmdMerge); }
    void setup(CLI::App& app) override {
        app.add_option("config", m_opt.config, help(Msg::HMergeConfig))->required();
        app.add_option("parts", m_opt.parts, help(Msg::HMergeParts))->required();
        app.add_option("--out", m_opt.out, help(Msg::HMergeOut))->required();
        app.add_flag("--overwrite", m_opt.overwrite, help(Msg::HOverwrite));
        app.add_flag("-q,--quiet", m_opt.quiet, help(Msg::HQuiet));
        app.add_option("--lang", m_opt.lang, help(Msg::HMergeLang))
            ->check(CLI::IsMember({"zh", "en"}));
    }
    int run() override {
        m_opt.command_line = command_line;
        return merge_command(m_opt, std::cerr);
    }

private:
    MergeOptions m_opt;
};

}  // namespace

std::unique_ptr<Command> make_merge_command() { return std::make_unique<MergeCommand>(); }

}  // namespace landeff::cli
