#include <iostream>

#include "command.hpp"
#include "common_options.hpp"
#include "landeff/config.hpp"
#include "landeff/error.hpp"
#include "landeff/pipeline.hpp"
#include "landeff/text.hpp"

namespace landeff::cli {
namespace {

class RunCommand : public Command {
public:
    const char* name() const override { return "run"; }
    const char* summary() const override { return "Analyse a configured city or region and write every output"; }
    void setup(CLI::App& app) override {
        m_common.add_to(app,
                        "Output directory (default: landeff_out_<year> next to the config), or a PostGIS "
                        "connection \"PG:dbname=… host=…\" with --schema",
                        "for landeff_out_<year> next to the config");
        app.add_option("--schema", m_schema, "With --out PG:…: the schema to write the tables into (created if missing)");
        app.add_option("--formats", m_formats, "Comma-separated: gpkg,geojson,shp,xlsx,html,maps,docs (default: all)")
            ->delimiter(',');
        app.add_flag("--list-partitions", m_list,
                     "Print the partition codes of the parcels layer (partition.by), one a line, sorted, and stop");
        app.add_option("--partition", m_partition,
                       "Run one partition (a code of --list-partitions): its output holds only the rows it owns (rules.md §10)");
    }
    int run() override {
        RunOptions o = m_common.resolve(command_line);
        o.schema = m_schema;
        if (m_list) {
            if (!m_partition.empty()) throw ConfigError("--list-partitions and --partition go apart");
            Config cfg = load_config(o.config, o.year);
            for (const auto& c : partition_codes(cfg)) std::cout << c << "\n";
            return 0;
        }
        o.partition = m_partition;
        if (!m_formats.empty()) {
            o.formats.clear();
            for (const auto& f : m_formats) o.formats.insert(ascii_lower(trim(f)));
        } else {
            o.formats = known_formats();
        }
        return run_command(o, std::cerr);
    }

private:
    CommonOptions m_common;
    std::string m_schema;
    std::vector<std::string> m_formats;
    bool m_list = false;
    std::string m_partition;
};

}  // namespace

std::unique_ptr<Command> make_run_command() { return std::make_unique<RunCommand>(); }

}  // namespace landeff::cli
