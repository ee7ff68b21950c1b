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
    std::string summary() const override { return help(Msg::HCmdRun); }
    void setup(CLI::App& app) override {
        m_common.add_to(app,
                        help(Msg::HOutRun),
                        tr(Msg::ECliWithoutOutRun));
        app.add_option("--schema", m_schema, help(Msg::HSchema));
        app.add_option("--formats", m_formats, help(Msg::HFormats))
            ->delimiter(',');
        app.add_flag("--list-partitions", m_list,
                     help(Msg::HListPartitions));
        app.add_option("--partition", m_partition,
                       help(Msg::HPartition));
        app.add_flag("--grades-only", m_grades_only, help(Msg::HGradesOnly));
        app.add_option("--grades", m_grades, help(Msg::HGrades));
        app.add_option("--engine", m_engine,
                       help(Msg::HEngine))
            ->check(CLI::IsMember({"local", "dask"}));
        app.add_option("--scheduler", m_scheduler,
                       help(Msg::HScheduler));
        app.add_option("--workers", m_workers, help(Msg::HWorkers))
            ->check(CLI::Range(1, 4096));
    }
    int run() override {
        RunOptions o = m_common.resolve(command_line);
        o.schema = m_schema;
        if (m_list) {
            if (!m_partition.empty()) throw ConfigError(Msg::ECliListAndPartition, {});
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
            throw ConfigError(Msg::ECliDaskOnly, {});
        if (!m_formats.empty()) {
            o.formats.clear();
            for (const auto& f : m_formats) o.formats.insert(ascii_lower(trim(f)));
        } else {
            o.formats = known_formats();
        }
        o.process_ends = true;  // nothing runs after this command in this process
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
