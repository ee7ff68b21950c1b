#include <iostream>

#include "command.hpp"
#include "landeff/settings.hpp"

namespace landeff::cli {
namespace {

class ConfigCommand : public Command {
public:
    const char* name() const override { return "config"; }
    std::string summary() const override { return help(Msg::HCmdConfig); }
    void setup(CLI::App& app) override {
        app.add_flag("--defaults", m_defaults, help(Msg::HDefaults));
        app.add_flag("--markdown", m_markdown, help(Msg::HMarkdown));
    }
    int run() override {
        std::cout << (m_markdown ? defaults_as_markdown() : defaults_as_toml());
        return 0;
    }

private:
    bool m_defaults = false, m_markdown = false;
};

}  // namespace

std::unique_ptr<Command> make_config_command() { return std::make_unique<ConfigCommand>(); }

}  // namespace landeff::cli
