#pragma once
// The run configuration (README "Configuration"), parsed from TOML and validated before any
// input is read: unknown keys, wrong types and out-of-range values are ConfigErrors (exit 2).
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "landeff/dates.hpp"
#include "landeff/schema.hpp"
#include "landeff/settings.hpp"

namespace landeff {

struct InputSpec {
    std::string name;       // parks, parcels, …
    std::string path;       // resolved: absolute path, or a GDAL connection string (PG:…, /vsi…)
    std::string path_as_written;
    std::string layer;      // optional layer name
    std::string where;      // optional OGR SQL attribute filter
    std::string encoding;   // optional source text encoding (e.g. "GBK", "CP936", "UTF-8")
    std::string crs_in;     // CRS to assume when the source has none (overrides the source's own)
    std::string x_field, y_field, wkt_field;  // CSV geometry columns (optional)
    int line = 0;           // line of [inputs.<name>] in the config, for messages
};

// One year of a multi-year config ([years.2023] …): inputs that differ from the shared ones.
struct YearSpec {
    std::map<std::string, InputSpec> inputs;
    std::string eval_date;  // empty = 31 December
};

struct Config {
    std::filesystem::path file;  // the config file
    std::filesystem::path dir;   // its directory: paths are relative to it
    int year = 0;
    Date eval_date;
    std::string crs = "auto";
    std::map<std::string, InputSpec> inputs;                          // by layer name
    std::map<std::string, std::map<std::string, std::string>> fields;  // layer -> canonical -> source
    Settings settings;
    std::map<int, YearSpec> years;  // several years evaluated in one run (issue 9); empty = one year
    std::map<std::string, int> setting_lines;  // setting key -> its line in the config file (keys the file sets)
    std::vector<std::string> warnings;         // said on stderr and recorded as findings (e.g. eval_date outside year)

    const InputSpec* input(LayerKind k) const;
    // The single-year config of year `y` of a multi-year config: shared inputs overridden by the year's.
    Config for_year(int y) const;
    nlohmann::json resolved() const;  // the config as resolved, for run.json
};

// The checks one key's type and range cannot express (src/core/validate.cpp): names in list
// settings, bands, all-zero weight groups, thresholds that divide by zero, a geographic crs, the
// eval_date against its year (a warning in cfg.warnings). Throws ConfigError naming file:line.
void validate_config(Config& cfg);
// Words cfg.warnings again (they are only warnings: nothing else changes) in the config's output.lang:
// validate_config calls it, and `run` again after --lang has overridden output.lang.
void config_warnings(Config& cfg);

// Reads and validates a config file. `year_override` is --year.
Config load_config(const std::filesystem::path& file, std::optional<int> year_override = std::nullopt);
// Same, from text (tests); `dir` anchors relative paths.
Config parse_config(const std::string& text, const std::filesystem::path& file_for_messages,
                    std::optional<int> year_override = std::nullopt);

}  // namespace landeff
