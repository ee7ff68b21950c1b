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
        app.add_flag("--grades-only", m_grades_only,
                     "With --partition K: the first of two passes, OUT/grades.json: the grades of K's own ranking populations "
                     "and its tax_low medians (issue 21)");
        app.add_option("--grades", m_grades,
                       "With --partition K: the second pass, taking the other partitions' grades from DIR/<code>/grades.json "
                       "(their --grades-only folders) instead of reading their populations whole");
        app.add_option("--engine", m_engine,
                       "local (default) or dask: one Dask task per partition (partition.by), then the merge "
                       "(scripts/landeff-dask; needs python3-distributed, scripts/install-deps --dask)")
            ->check(CLI::IsMember({"local", "dask"}));
        app.add_option("--scheduler", m_scheduler,
                       "With --engine dask: a running Dask scheduler, e.g. tcp://host:8786 (default: a local cluster)");
        app.add_option("--workers", m_workers, "With --engine dask and no --scheduler: worker processes (default: the cores)")
            ->check(CLI::Range(1, 4096));
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
        o.grades_only = m_grades_only;
        o.grades_dir = m_grades;
        o.engine = m_engine;
        o.scheduler = m_scheduler;
        o.workers = m_workers;
        if (o.engine != "dask" && (!o.scheduler.empty() || o.workers > 0))
            throw ConfigError("--scheduler and --workers go with --engine dask");
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
    std::string m_schema, m_engine = "local", m_scheduler;
    int m_workers = 0;
    std::vector<std::string> m_formats;
    bool m_list = false, m_grades_only = false;
    std::string m_grades;
    std::string m_partition;
};

}  // namespace

std::unique_ptr<Command> make_run_command() { return std::make_unique<RunCommand>(); }

}  // namespace landeff::cli
