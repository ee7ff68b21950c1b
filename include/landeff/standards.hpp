#pragma once
// Control-indicator presets (data/standards/*.toml) and the investment-intensity table.
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "landeff/config.hpp"

namespace landeff {

struct ControlStandard {
    std::string name, source;
    double coverage_min = 0, admin_max = 0, green_max = 0;
    std::map<std::string, double> far_min;          // GB/T 4754-2002 division → minimum FAR
    std::map<std::string, std::string> crosswalk;   // 2017/2011 code prefix → 2002 division
    std::map<std::string, std::vector<double>> inv_min_ha;  // code prefix → 7 class minima, 万元/公顷 (NaN = none)
    std::string ind_standard = "2017";
    int region_class = 0;

    // The 2002 division for a parcel's industry code (longest crosswalk prefix), or "".
    std::string division_2002(std::string_view ind_code) const;
    std::optional<double> far_minimum(std::string_view ind_code) const;
    std::optional<double> investment_minimum_ha(std::string_view ind_code) const;
};

// Where landeff's data files are: $LANDEFF_DATA_DIR, <exe>/../data, <exe>/../share/landeff, then the
// source tree the binary was built from.
std::filesystem::path data_dir();

// Loads the preset named by control.preset (and the config's overrides). Throws ConfigError.
ControlStandard load_standard(const Config& cfg);

}  // namespace landeff
