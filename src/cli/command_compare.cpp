#include <iostream>

#include "command.hpp"
#include "landeff/compare.hpp"
#include "landeff/messages.hpp"

namespace landeff::cli {
namespace {

class CompareCommand : public Command {
public:
    const char* name() const override { return "compare"; }
    std::string summary() const override { return help(Msg::HCmdCompare); }
    void setup(CLI::App& app) override {
        // Whether each is a usable landeff output is checked by compare_runs (exit 2 or 1 naming what is missing).
        app.add_option("prev", m_opt.prev, help(Msg::HComparePrev))->required();
        app.add_option("cur", m_opt.cur, help(Msg::HCompareCur))->required();
        app.add_option("--out", m_opt.out, help(Msg::HCompareOut))->required();
        app.add_flag("--overwrite", m_opt.overwrite, help(Msg::HOverwrite));
        app.add_flag("--quiet", m_opt.quiet, help(Msg::HQuiet));
        app.add_option("--lang", m_opt.lang,
                       help(Msg::HCompareLang))
            ->check(CLI::IsMember({"zh", "en"}));
    }
    int run() override {
        const auto s = compare_runs(m_opt);
        if (!m_opt.quiet) std::cerr << compare_summary_text(s) << say(s.lang, Msg::SummaryOutputs, {m_opt.out.string()}) << "\n";
        return 0;
    }

private:
    CompareOptions m_opt;
};

}  // namespace

std::unique_ptr<Command> make_compare_command() { return std::make_unique<CompareCommand>(); }

}  // namespace landeff::cli
