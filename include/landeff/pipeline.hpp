#pragma once
// The run and inspect commands as library functions: read → normalize → index → overlay →
// measure → (assess) → write. The CLI only parses options and maps errors to exit codes.
#include <filesystem>
#include <optional>
#include <ostream>
#include <set>
#include <string>

#include "landeff/columns.hpp"
#include "landeff/findings.hpp"
#include "landeff/model.hpp"
#include "landeff/writer.hpp"

namespace landeff {

struct RunOptions {
    std::filesystem::path config;
    std::optional<std::filesystem::path> out;
    std::optional<int> year;
    bool overwrite = false;
    bool quiet = false;
    int jobs = 0;  // 0 = all cores
    std::set<std::string> formats = {"gpkg", "geojson", "shp"};
    bool inspect_only = false;
    size_t max_memory = 0;  // bytes; 0 = no limit
    std::string schema;     // with --out "PG:…": the PostGIS schema to write
    std::string lang;       // --lang zh|en: overrides the setting output.lang; empty = the setting
    std::string engine = "local";  // --engine local|dask (issue 21): dask hands the run to scripts/landeff-dask
    std::string scheduler;         // --engine dask: a Dask scheduler's address; empty = a local cluster
    int workers = 0;               // --engine dask without --scheduler: worker processes (0 = the cores)
    std::string command_line;
    bool list_partitions = false;  // --list-partitions: print the partition codes and stop
    std::string partition;         // --partition K: only the rows partition K owns (rules.md §10)
    // Two passes (issue 21): --grades-only writes the grades of partition K's own ranking populations
    // (OUT/grades.json, the first pass); --grades DIR reads every partition's DIR/<code>/grades.json
    // instead of reading the other partitions' populations whole (the second pass).
    bool grades_only = false;
    std::filesystem::path grades_dir;
    // The process ends when this run returns (`landeff run` from the command line, one year): the
    // data read and the results are left for the operating system to take back at exit instead of
    // being freed block by block on one core (0.3 s of a 1 M-parcel run, issue 20). Never set where
    // anything runs after it (several years, tests calling run_command).
    bool process_ends = false;
};

// The partition codes of the parcels layer, sorted (partition.by; ConfigError when it is "none").
std::vector<std::string> partition_codes(const Config& cfg);

// Seconds per step, and the resident memory when it ended (run.json timings_s and memory_mib).
struct Timings {
    std::vector<std::pair<std::string, double>> steps;  // name, seconds
    std::vector<std::pair<std::string, double>> rss;    // name, MiB resident after the step
    std::vector<std::pair<std::string, double>> layers; // the read step by input layer: name, seconds
    void add(const std::string& step, double s);
};

// Reads every configured input into the working CRS; records findings.
// With `partition` (a partition code): the parcels partition reads (rules.md §10), not the whole layer.
// `pass` (issue 21): which halo a partition reads (rules.md §10): the populations of the grades its
// states read (One), only its parcels with their enterprises and leases (Grades: a first pass), or
// no populations (Second: the grades come from the first pass's tables).
enum class PartitionPass { One, Grades, Second };
Dataset load_dataset(Config cfg, Findings& findings, Timings& timings, const std::string& partition = {},
                     PartitionPass pass = PartitionPass::One);
// Overlay, indicators and the checks that need them. Drops ds.landuse_sums once check_devzones has
// read them (the one change it makes to `ds`; issue 20).
Analysis analyze(Dataset& ds, Findings& findings, Timings& timings, bool indicators = true);
// The output layers of README: output_layers() in columns.hpp.

// `landeff merge CONFIG --out DIR DIR_K…` (rules.md §10): the partitions' folders into one output.
struct MergeOptions {
    std::filesystem::path config, out;
    std::vector<std::filesystem::path> parts;
    bool overwrite = false, quiet = false;
    std::string lang;  // --lang zh|en, as the partitions ran with (a setting: output.lang)
    std::string command_line;
};
int merge_command(const MergeOptions& opt, std::ostream& err);

// Runs `landeff run` / `landeff inspect`. Returns the exit code; throws landeff::Error.
int run_command(const RunOptions& opt, std::ostream& err);

// The formats `run` knows; those not yet implemented are reported, not silently skipped.
const std::set<std::string>& known_formats();
const std::set<std::string>& vector_formats();

}  // namespace landeff
