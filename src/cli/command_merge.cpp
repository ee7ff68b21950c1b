#include <iostream>

#include "command.hpp"
#include "landeff/pipeline.hpp"

namespace landeff::cli {
namespace {

class MergeCommand : public Command {
public:
    const char* name() const override { return "merge"; }
    const char* summary() const override {
        return "Merge the folders of a partitioned run (run --partition K) into one output equal to the single run";
    }
    void setup(CLI::App& app) override {
        app.add_option("config", m_opt.config, "The configuration every partition ran with")->required();
        app.add_option("parts", m_opt.parts, "The partitions' output folders, one per code of run --list-partitions")->required();
        app.add_option("--out", m_opt.out, "The merged output folder (landeff.gpkg, run.json)")->required();
        app.add_flag("--overwrite", m_opt.overwrite, "Replace an existing output directory");
        app.add_flag("-q,--quiet", m_opt.quiet, "Nothing on stderr on success");
        app.add_option("--lang", m_opt.lang, "zh|en: the output.lang the partitions ran with (run --lang)")
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
