#pragma once
// An existing output directory of `landeff run`, opened for reading by `compare` and `map`
// (issue 14): a directory that is not a landeff output is a usage error (ConfigError, exit 2);
// one whose run.json or landeff.gpkg is damaged or incomplete is a failed run (RunError, exit 1).
// Every message names the directory and what is missing.
#include <gdal_priv.h>

#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <utility>
#include <vector>

namespace landeff {

struct RunDir {
    std::filesystem::path dir;
    nlohmann::json json;      // run.json (an object; empty when it was not required and is absent)
    nlohmann::json settings;  // run.json config.settings (an object)
    int year = 0;             // config.settings.year
    std::string crs;          // working_crs.definition
};

// Checks DIR: a directory, with run.json written by landeff holding config.settings (with year)
// and working_crs.definition, and with landeff.gpkg. `command` ("compare", "map") is named in the
// messages. With need_json false a missing run.json is accepted (a run still being written).
RunDir open_run_dir(const std::filesystem::path& dir, const std::string& command, bool need_json = true);

// Opens DIR/landeff.gpkg read-only and checks that every named layer exists with the named fields;
// RunError naming the directory, layer and field otherwise.
using LayerFields = std::vector<std::pair<std::string, std::vector<std::string>>>;
GDALDatasetUniquePtr open_run_gpkg(const std::filesystem::path& dir, const std::string& command,
                                   const LayerFields& needed);

}  // namespace landeff
