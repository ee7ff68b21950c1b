#pragma once
// The pieces of `landeff run` that pipeline.cpp calls (private to src/pipeline/): the run record
// (run.json, input checksums), the multi-year loop and trend table, the per-format helpers, the
// PostGIS branch and the stderr summary. pipeline.cpp keeps load → analyze → write.
#include <chrono>
#include <cstdint>
#include <array>
#include <filesystem>
#include <memory>
#include <optional>
#include <ostream>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "landeff/compare.hpp"
#include "landeff/maps.hpp"
#include "landeff/partition.hpp"
#include "landeff/pipeline.hpp"

namespace landeff::pipeline {

using Clock = std::chrono::steady_clock;
inline double seconds_since(Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); }

// A number with a fixed count of decimals ("%.*f"), as the trend table and stderr summary print it.
std::string fmt(double v, int decimals);

// --- run_record.cpp: what run.json says about a run.
std::string iso_now();  // UTC, e.g. 2026-12-01T17:00:00Z
// Every file the run reads (the config and each input, a shapefile's side files included).
std::vector<std::string> all_input_paths(const Config& cfg);
// The part of run.json that both a directory and a PostGIS output carry.
nlohmann::json run_record_head(const Dataset& ds, const RunOptions& opt, const std::string& started);
// The SHA-256 and size of every input file (run.json inputs.*.files), each distinct file hashed once
// — the inputs of a run are often layers of one GeoPackage (synth's city.gpkg holds four), which
// were hashed once per input before (issue 20: 11 CPU-s on one thread at 1 M parcels, after the
// write step). Made once the inputs are read: with more than one thread allowed (--jobs), one
// extra thread hashes the files (one TBB task per file) while the analysis runs and the outputs are
// written; with one, nothing starts and each file is hashed when first asked for. The values do not
// depend on which.
class InputHashes {
public:
    explicit InputHashes(const Config& cfg);
    ~InputHashes();  // waits for the hashing thread
    InputHashes(const InputHashes&) = delete;
    InputHashes& operator=(const InputHashes&) = delete;
    // The file's SHA-256 (lower-case hex; empty when it cannot be read) and its size in bytes read.
    std::pair<std::string, uintmax_t> of(const std::filesystem::path& file);

private:
    struct Impl;
    std::unique_ptr<Impl> m;
};
// run.json of a directory output (without the compare/maps/html timings and the total, added later).
// `hashes` (null: made here) gives the input files' SHA-256.
nlohmann::json run_record(const Dataset& ds, const Analysis& an, const Findings& findings, const Timings& timings,
                          const RunOptions& opt, const std::string& started, InputHashes* hashes = nullptr);
// run.json "inputs": each input with its files' sizes and SHA-256.
nlohmann::json run_record_inputs(const Dataset& ds);
// Writes run.json into dir; a failed write ends the run (RunError).
void write_run_json(const nlohmann::json& rj, const std::filesystem::path& dir);

// --- trend.cpp: a park trend table over the years (the latest from this run's analysis) for report.html.
std::string trend_html(const std::vector<std::pair<int, std::filesystem::path>>& history, const Dataset& ds,
                       const Analysis& an, const CompareSummary& cs);

// --- formats.cpp: what each output format needs from the run.
void check_formats(const std::set<std::string>& formats);  // --formats: unknown names fail (ConfigError)
MapOptions map_options(const Dataset& ds);                  // the maps.* settings of this run

// --- years.cpp: a multi-year config, each year into OUT/<year>/, each later year compared with the one before.
using RunOne = int (*)(Config cfg, const RunOptions& opt, std::ostream& err, const std::filesystem::path& out_dir,
                       const std::vector<std::pair<int, std::filesystem::path>>& history, const std::filesystem::path& shown_dir);
int run_years(const Config& cfg, const RunOptions& opt, std::ostream& err, const std::filesystem::path& out_dir, RunOne run_one);

// --- to_postgis.cpp: the PostGIS branch (tables only; files need a directory).
void write_postgis_run(const Dataset& ds, const Analysis& an, const Findings& findings, Timings& timings,
                       const RunOptions& opt, const std::string& started, std::ostream& err);

// --- summary.cpp: the run's few lines on stderr (not with --quiet).
void print_run_summary(const Dataset& ds, const Analysis& an, const RunOptions& opt, std::ostream& err,
                       const std::filesystem::path& shown_out);

// --- partitions.cpp: a partitioned run (rules.md §10).
// The parcels partition `code` reads: its own and the read-only halo its figures need, in source order.
// Sets ds.parks_read and ds.parks_empty.
LayerData read_partition_parcels(Dataset& ds, const InputSpec& in, const std::string& code, Findings& findings,
                                 PartitionPass pass = PartitionPass::One);
// Two passes (issue 21): what the tables of a first pass must have been made from — landeff's version,
// the resolved config and every input file's SHA-256 — as one SHA-256.
std::string first_pass_fingerprint(const Config& cfg);
// run --partition K --grades-only --out DIR: the first pass, DIR/grades.json and DIR/run.json.
int run_first_pass(Config cfg, const RunOptions& opt, std::ostream& err, const std::filesystem::path& out_dir);
// run --partition K --grades DIR: every partition's first-pass table, checked against this run (ConfigError
// when one is missing, RunError when one is stale).
std::shared_ptr<const FirstPass> read_first_pass(const Config& cfg, const std::filesystem::path& dir, const std::string& code);
// What each step of read_partition_parcels added and took (run.json "partition_read"): where a
// partition's read time and halo go. The last read of this process (one partition per process).
struct PartitionReadStep {
    std::string step;  // ids, own, parks, parks_empty, approvals, leases, enterprises, populations…
    size_t parcels;    // parcels new to the partition after the step
    double seconds;
};
using PartitionReadLog = std::vector<PartitionReadStep>;
PartitionReadLog& partition_read_log();
// The rectangle of the 三调 polygons partition `code` needs (stream_landuse): every park it read with its
// platform's other parks, and every parcel it read; none (the whole layer) for the first partition,
// which owns the layer's own findings (ids). Needs ds.parcels, ds.parks_read.
std::optional<std::array<double, 4>> partition_landuse_box(const Dataset& ds, const std::string& code);
// Dataset::ents_elsewhere: the table's enterprises with parcels this partition did not read (an id scan).
void find_ents_elsewhere(Dataset& ds, const std::string& code);
// ConfigError when a setting makes a figure depend on the whole run (a run-wide median).
void check_partition_exact(const Config& cfg);
// Which rows of the analysis partition `code` owns (Analysis::owned): the rows its output holds.
void mark_owned(const Dataset& ds, Analysis& an, const std::string& code);
// A partition's region sums in run.json ("partition_region"), and adding one to a total (the merge).
nlohmann::json region_part_json(const ParkResult& r);
void add_region_part(ParkResult& r, const nlohmann::json& j);
// --- dask.cpp: `run --engine dask` hands the run to scripts/landeff-dask (Dask distributed: one task
// per partition, then the merge) and returns its exit code.
int run_dask(const RunOptions& opt, const std::filesystem::path& out_dir, std::ostream& err);

}  // namespace landeff::pipeline
