#include <iostream>

#include "command.hpp"
#include "landeff/progress.hpp"
#include "landeff/synth.hpp"

namespace landeff::cli {
namespace {

class SynthCommand : public Command {
public:
    const char* name() const override { return "synth"; }
    const char* summary() const override { return "Generate a synthetic city: DIR/landeff.toml ready to run"; }
    void setup(CLI::App& app) override {
        app.add_option("--parcels", m_opt.parcels, "Number of parcels")->required()->check(CLI::Range(20, 100000000));
        app.add_option("--seed", m_opt.seed, "Random seed (same seed, same city)");
        app.add_option("--year", m_opt.year, "Evaluation year the dates are built around")->check(CLI::Range(2000, 2100));
        app.add_option("--out", m_out, "Output directory")->required();
        app.add_flag("--overwrite", m_opt.overwrite, "Replace an existing output directory");
        app.add_flag("--quiet", m_quiet, "No progress on stderr");
    }
    int run() override {
        m_opt.out = m_out;
        set_progress_enabled(!m_quiet);
        const auto s = synthesize(m_opt);
        if (!m_quiet)
            std::cerr << "synth: " << s.parks << " parks, " << s.parcels << " parcels, " << s.approvals << " approvals, "
                      << s.enterprises << " enterprise rows → " << m_out << "/landeff.toml\n";
        return 0;
    }

private:
    SynthOptions m_opt;
    std::string m_out;
    bool m_quiet = false;
};

}  // namespace

std::unique_ptr<Command> make_synth_command() { return std::make_unique<SynthCommand>(); }

}  // namespace landeff::cli
