#include <iostream>

#include "command.hpp"
#include "landeff/compare.hpp"
#include "landeff/messages.hpp"

namespace landeff::cli {
namespace {

class CompareCommand : public Command {
public:
    const char* name() const override { return "compare"; }
    const char* summary() const override { return "What changed between two runs (any two years): parcels, enterprises, parks, approvals"; }
    void setup(CLI::App& app) override {
        // Whether each is a usable landeff output is checked by compare_runs (exit 2 or 1 naming what is missing).
        app.add_option("prev", m_opt.prev, "Output directory of the earlier run")->required();
        app.add_option("cur", m_opt.cur, "Output directory of the later run")->required();
        app.add_option("--out", m_opt.out, "Where to write changes.gpkg, changes.xlsx and run.json")->required();
        app.add_flag("--overwrite", m_opt.overwrite, "Replace an existing output directory");
        app.add_flag("--quiet", m_opt.quiet, "Nothing on stderr on success");
        app.add_option("--lang", m_opt.lang,
                       "Language of the summary and of park_changes.targets: zh or en (default: the later run's output.lang, else zh)")
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
