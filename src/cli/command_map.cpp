#include <unistd.h>

#include <filesystem>
#include <iostream>
#include <map>
#include <stdexcept>

#include "command.hpp"
#include "landeff/error.hpp"
#include "landeff/maps.hpp"
#include "landeff/progress.hpp"
#include "landeff/run_dir.hpp"
#include "landeff/settings.hpp"
#include "landeff/text.hpp"

namespace fs = std::filesystem;

namespace landeff::cli {
namespace {

// Re-renders maps/ of an existing output directory from its landeff.gpkg, with another page,
// resolution or class breaks; run.json supplies the year, date, CRS and the run's map settings.
class MapCommand : public Command {
public:
    const char* name() const override { return "map"; }
    std::string summary() const override { return help(Msg::HCmdMap); }
    void setup(CLI::App& app) override {
        app.add_option("out_dir", m_dir, help(Msg::HMapDir))->required();
        // One option per maps.* setting (--page for maps.page, …), its help, choices and range
        // from the settings table: a new map setting is an option here without a line of code.
        for (const auto& spec : setting_specs()) {
            const std::string key(spec.key);
            if (key.rfind("maps.", 0) != 0) continue;
            const std::string opt = "--" + key.substr(5);
            const std::string doc(spec.doc);
            CLI::Option* o = nullptr;
            if (spec.type == SettingType::Int) {
                o = app.add_option(opt, m_ints[key], doc)
                        ->check(CLI::Range(static_cast<int64_t>(spec.min), static_cast<int64_t>(spec.max)));
            } else if (spec.type == SettingType::Number) {
                o = app.add_option(opt, m_numbers[key], doc)->check(CLI::Range(spec.min, spec.max));
            } else if (spec.type == SettingType::String) {
                o = app.add_option(opt, m_texts[key], doc);
                if (!spec.choices.empty()) o->check(CLI::IsMember(split(spec.choices, '|')));
            }
            // Another type has no option (test MapCommand.OptionsAreTheMapsSettings says which).
            if (o) m_given[key] = o;
        }
        app.add_option("--lang", m_lang, help(Msg::HMapLang))
            ->check(CLI::IsMember({"zh", "en"}));
        app.add_flag("--quiet", m_quiet, help(Msg::HQuiet));
    }
    int run() override {
        const fs::path dir(m_dir);
        // Not a landeff output: exit 2; a damaged one (run.json or a layer the maps draw): exit 1.
        const RunDir rd = open_run_dir(dir, "map");
        open_run_gpkg(dir, "map", {{"parks", {"park_id", "category", "area_mu"}},
                                   {"parcels", {"parcel_id", "state", "grade", "mu_tax", "area_mu"}},
                                   {"unsupplied", {"area_mu"}}});
        // The run's map settings (run.json), then the options given: each checked as the table says.
        Settings st;
        const auto& s = rd.settings;  // a value of the wrong type is a damaged run.json, not an internal error
        for (const auto& spec : setting_specs()) {
            const std::string key(spec.key);
            if (key.rfind("maps.", 0) != 0 || !s.contains(key)) continue;
            const auto& v = s.at(key);
            if (spec.type == SettingType::Int) {
                if (!v.is_number_integer())
                    throw RunError(Msg::EMapRunJson, {(dir / "run.json").string(), key, tr(Msg::EKindInteger)});
                st.set(key, v.get<int64_t>());
            } else if (spec.type == SettingType::Number) {
                if (!v.is_number())
                    throw RunError(Msg::EMapRunJson, {(dir / "run.json").string(), key, tr(Msg::EKindNumber)});
                st.set(key, v.get<double>());
            } else if (spec.type == SettingType::String) {
                if (!v.is_string())
                    throw RunError(Msg::EMapRunJson, {(dir / "run.json").string(), key, tr(Msg::EKindText)});
                st.set(key, v.get<std::string>());
            }
        }
        // The options given on the command line (an empty text counts as not given, as before).
        for (const auto& [key, o] : m_given) {
            if (!o->count()) continue;
            if (m_ints.count(key)) st.set(key, m_ints.at(key));
            else if (m_numbers.count(key)) st.set(key, m_numbers.at(key));
            else if (!m_texts.at(key).empty()) st.set(key, m_texts.at(key));
        }
        // The language: --lang, else the run's output.lang (run.json), else the default (zh).
        if (s.contains("output.lang") && s.at("output.lang").is_string() &&
            (s.at("output.lang").get<std::string>() == "zh" || s.at("output.lang").get<std::string>() == "en"))
            st.set("output.lang", s.at("output.lang").get<std::string>());
        if (!m_lang.empty()) st.set("output.lang", m_lang);
        MapOptions o = map_options(st);
        o.year = rd.year;
        if (s.contains("eval_date")) {
            if (!s.at("eval_date").is_string())
                throw RunError(Msg::EMapRunJson, {(dir / "run.json").string(), "eval_date", tr(Msg::EKindText)});
            o.eval_date = s.at("eval_date").get<std::string>();
        }
        o.crs = rd.crs;
        set_progress_enabled(!m_quiet);
        // New maps appear whole: rendered beside maps/ and swapped in.
        const fs::path tmp = dir / (".maps.tmp-" + std::to_string(getpid()));
        const fs::path old = dir / (".maps.old-" + std::to_string(getpid()));
        std::error_code ec;
        fs::remove_all(tmp, ec);
        try {
            render_maps(dir / "landeff.gpkg", o, tmp);
        } catch (...) {
            fs::remove_all(tmp, ec);
            throw;
        }
        if (fs::exists(dir / "maps")) fs::rename(dir / "maps", old);
        fs::rename(tmp, dir / "maps");
        fs::remove_all(old, ec);
        if (!m_quiet) std::cerr << "maps: " << (dir / "maps").string() << " (" << o.page << " " << o.orientation << ", " << o.dpi << " dpi)\n";
        return 0;
    }

private:
    std::string m_dir;
    std::map<std::string, int64_t> m_ints;         // maps.* setting → option value, by type
    std::map<std::string, double> m_numbers;
    std::map<std::string, std::string> m_texts;
    std::map<std::string, CLI::Option*> m_given;   // maps.* setting → its option (count() > 0: given)
    std::string m_lang;                            // --lang: zh | en; empty = the run's
    bool m_quiet = false;
};

}  // namespace

std::unique_ptr<Command> make_map_command() { return std::make_unique<MapCommand>(); }

}  // namespace landeff::cli
