#pragma once
// Annual evaluation across years (issue 9): what changed between two run outputs.
#include <filesystem>
#include <map>
#include <string>

#include <nlohmann/json.hpp>

#include "landeff/messages.hpp"

namespace landeff {

struct CompareOptions {
    std::filesystem::path prev, cur;  // output directories of `landeff run` (landeff.gpkg, run.json)
    std::filesystem::path out;
    bool overwrite = false;
    bool quiet = false;
    nlohmann::json cur_settings;  // when set: the current run's settings (else read from cur/run.json)
    int cur_year = 0;             // likewise
    std::string lang;             // "zh" | "en" (--lang); empty = the current run's output.lang (default zh)
};

struct CompareSummary {
    int prev_year = 0, cur_year = 0;
    std::map<std::string, size_t> parcel_changes;      // by kind
    std::map<std::string, size_t> enterprise_changes;  // by move
    size_t parks = 0, parks_category_changed = 0, parks_targets_met = 0, parks_targets_checked = 0;
    size_t approvals_supplied = 0;
    size_t approvals_new = 0;  // approvals with unsupplied land this year, absent from last year's list
    std::string prev_crs, cur_crs;  // the runs' working CRSs ("EPSG:4549")
    bool reprojected = false;       // the earlier run's geometries were reprojected into the current CRS
    Lang lang = Lang::zh;           // the language of park_changes.targets and of the summary
};

// The stderr summary of a comparison, in sum.lang, ending with a newline.
std::string compare_summary_text(const CompareSummary& sum);

// Writes OUT/changes.gpkg (parcel_changes, enterprise_changes, park_changes, approval_changes),
// OUT/changes.xlsx and OUT/run.json; throws landeff::Error.
CompareSummary compare_runs(const CompareOptions& opt);

}  // namespace landeff
