#include <iostream>

#include "command.hpp"
#include "landeff/progress.hpp"
#include "landeff/error.hpp"
#include "landeff/synth.hpp"

#include <filesystem>
#include <fstream>

namespace landeff::cli {
namespace {

class SynthCommand : public Command {
public:
    const char* name() const override { return "synth"; }
    std::string summary() const override { return help(Msg::HCmdSynth); }
    void setup(CLI::App& app) override {
        auto* parcels = app.add_option("--parcels", m_opt.parcels, help(Msg::HSynthParcels))->check(CLI::Range(20, 100000000));
        app.add_option("--from", m_from, help(Msg::HSynthFrom))
            ->excludes(parcels)->check(CLI::ExistingDirectory);
        app.add_option("--seed", m_opt.seed, help(Msg::HSynthSeed));
        app.add_option("--year", m_opt.year, help(Msg::HSynthYear))
            ->check(CLI::Range(2000, 2100))
            ->each([this](const std::string&) { m_year_given = true; });
        app.add_option("--out", m_out, help(Msg::HSynthOut))->required();
        app.add_flag("--overwrite", m_opt.overwrite, help(Msg::HOverwrite));
        app.add_flag("--hostile", m_opt.hostile,
                     help(Msg::HSynthHostile))
            ->excludes("--from");
        auto* province = app.add_flag("--province", m_province,
                                      help(Msg::HSynthProvince));
        app.add_option("--counties", m_counties, help(Msg::HSynthCounties))
            ->check(CLI::Range(2, 190))->needs(province);
        app.add_option("--parks", m_opt.parks,
                       help(Msg::HSynthParks))
            ->check(CLI::Range(6, 25000000))->excludes("--from");
        app.add_flag("--quiet", m_quiet, help(Msg::HSynthQuiet));
    }
    int run() override {
        m_opt.out = m_out;
        m_opt.counties = m_province ? m_counties : 0;
        if (m_province && !m_from.empty()) throw ConfigError(Msg::ECliProvinceFrom, {});
        set_progress_enabled(!m_quiet);
        if (m_from.empty() && m_opt.parcels == 0) throw ConfigError(Msg::ECliSynthNeeds, {});
        if (!m_from.empty() && !m_year_given) {
            // The next year by default: read it from the source config.
            std::ifstream in(std::filesystem::path(m_from) / "landeff.toml");
            std::string line;
            while (std::getline(in, line))
                if (line.rfind("year = ", 0) == 0) m_opt.year = std::stoi(line.substr(7)) + 1;
        }
        const auto s = m_from.empty() ? synthesize(m_opt) : synthesize_next_year(m_from, m_opt);
        if (!m_quiet)
            std::cerr << "synth: " << s.parks << " parks, " << s.parcels << " parcels, " << s.approvals << " approvals, "
                      << s.enterprises << " enterprise rows → " << m_out << "/landeff.toml\n";
        return 0;
    }

private:
    SynthOptions m_opt;
    std::string m_out, m_from;
    bool m_year_given = false;
    bool m_quiet = false;
    bool m_province = false;
    size_t m_counties = 4;
};

}  // namespace

std::unique_ptr<Command> make_synth_command() { return std::make_unique<SynthCommand>(); }

}  // namespace landeff::cli
