#pragma once
// The settings each stage reads, as typed parameter structs built once per run from the settings
// table (src/core/settings.cpp) and passed `const&` to the stage. All of them are built in one
// place, src/core/params.cpp, through SettingReader: a key a struct asks for that is not in the
// table (or of another type) is a std::logic_error naming the key (a landeff bug, caught by any
// test that builds the struct), and a value outside the table's range or choices a ConfigError.
// StateRules (declared in states.hpp, built in params.cpp too) and MapOptions (maps.hpp, built by
// map_options) are the older structs of the same kind.
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "landeff/area.hpp"
#include "landeff/messages.hpp"

namespace landeff {

class Settings;
enum class AdminLevel;  // partition.hpp

// Reads one setting for a parameter struct, checked against its row of the settings table.
class SettingReader {
public:
    explicit SettingReader(const Settings& s) : m_s(s) {}
    double number(std::string_view key) const;          // a Number row; NaN = unset
    int64_t integer(std::string_view key) const;        // an Int row
    const std::string& text(std::string_view key) const;  // a String row, one of its choices if it has them
    bool flag(std::string_view key) const;              // a Bool row
    std::vector<std::string> list(std::string_view key) const;  // a String row split at '|'

private:
    const Settings& m_s;
};

// How areas are measured (area_mode, area.densify_m): overlay, platforms, states, devzone.
struct AreaRules {
    AreaMode mode = AreaMode::Planar;
    double densify_m = 50;
    explicit AreaRules(const Settings& s);
};

// check_inputs, check_areas, overlay_parks' self-overlaps (quality.*).
struct QualityRules {
    double area_tolerance = 0;  // registered vs measured area, relative
    double overlap_min_m2 = 0;  // two parcels overlapping by more are a finding
    double far_max = 0;         // a FAR above this is impossible
    size_t examples = 3;        // examples per code in the stderr summary
    double map_outlier_km = 5;  // maps.outlier_km: find_map_outliers' map_outlier findings
    explicit QualityRules(const Settings& s);
};

// load_standard (control.*): the preset, the config's overrides of its thresholds and the
// investment-intensity table (files named relative to the config's folder).
struct ControlRules {
    std::string preset;          // control.preset: a preset's name or a .toml path
    double coverage_min = 0;     // control.coverage_min; NaN = the preset's
    double admin_max = 0;        // control.admin_max; NaN = the preset's
    double green_max = 0;        // control.green_max; NaN = the preset's
    std::string ind_standard;    // control.ind_standard
    int region_class = 0;        // control.region_class
    std::string inv_table;       // control.inv_table; "" = the bundled table
    explicit ControlRules(const Settings& s);
};

// check_compliance: which land is industrial (the control indicators apply to it).
struct ComplianceRules {
    std::vector<std::string> industrial_prefixes;
    Lang lang = Lang::zh;
    explicit ComplianceRules(const Settings& s);
};

// grade_enterprises and grade_why (grading.*, rules.md §5 and §10). grade_enterprises keeps a copy
// in Analysis::grading, so grade_why (run per enterprise by the writers) explains the grades with
// the rules they were made with.
struct GradingRules {
    std::string scope;                 // grading.scope: the industries graded
    std::string ind_standard;          // control.ind_standard: the edition of the industry codes
    double min_mu = 5;                 // grading.min_mu, mu
    int min_age_years = 0;             // grading.min_age_years
    bool ningbo = false;               // grading.lists == "ningbo" (four lists), else "scale"
    double small_mu = 3;               // grading.small_mu, mu
    double item_cap = 2;               // grading.item_cap, × weight
    bool rank_mode = true;             // grading.band_mode == "rank", else "score"
    bool per_band = false;             // grading.band_rounding == "per_band", else "cumulative"
    size_t min_for_d = 5;              // grading.min_for_d
    std::string bands, score_bands;    // grading.bands, grading.score_bands (parsed per list, naming the key)
    std::map<std::string, std::string> list_bands;  // grading.bands_<list> by <list>; "" = grading.bands
    std::map<std::string, double> weight;           // grading.w_<item> by <item>
    std::map<std::string, double> bench;            // grading.b_<item> by <item>; NaN = the population's
    AdminLevel population{};           // grading.population
    size_t population_chars = 0;       // partition.county_chars / city_chars at that level; 0 = all
    Lang lang = Lang::zh;
    explicit GradingRules(const Settings& s);
};

// score_parks (TD/T 1029): ideal values and weights per indicator (kTdtIndicators' order), the
// weights of the groups and of the top level, the land-use prefixes and the zone type.
struct ScoreRules {
    double target[11] = {};        // score.t_<key>
    double weight[11] = {};        // score.w_<key>
    double group_weight[3] = {};   // score.w_degree, w_structure, w_intensity (within 利用状况)
    double top_weight[3] = {};     // score.w_use, w_benefit, w_management
    bool cap_100 = true;
    double zone_ind_min = 0, zone_res_max = 0;
    std::vector<std::string> ind_prefixes;  // control.industrial_prefixes + score.storage_prefixes
    std::vector<std::string> res_prefixes;
    Lang lang = Lang::zh;
    explicit ScoreRules(const Settings& s);
};

// classify_platforms (rules.md §7, rule 0 of §9).
struct PlatformRules {
    AreaRules area;
    std::vector<std::string> ind_prefixes, res_prefixes, pub_prefixes;
    std::string ind_standard;
    double dev_outside_max = 0, farmland_max = 0;  // rule 0; NaN = off
    double restricted_share = 0, urban_share = 0;  // rules 1 and 2
    double host_km = 0;                            // rule 3
    double min_km2 = 0, lead_share = 0, tax_benchmark = 0;  // rule 4; tax_benchmark NaN = the median
    Lang lang = Lang::zh;
    explicit PlatformRules(const Settings& s);
};

// apply_leases (inside measure): a tenant's land by leased floor area or by declared land.
struct LeaseRules {
    bool by_floor = true;  // leases.method == "floor"
    Lang lang = Lang::zh;  // output.lang: the lease findings' messages
    explicit LeaseRules(const Settings& s);
};

// build_worklist (worklist.*).
struct WorklistRules {
    int32_t due_within_days = 90;
    int review_years = 3;
    int term_within_years = 2;
    explicit WorklistRules(const Settings& s);
};

// assess_unsupplied (批而未供, rules.md §4): area measure, the built-without-supply rule, the sliver
// below which an unsupplied remainder is dropped, and the approvals' self-overlap threshold.
struct UnsuppliedRules {
    AreaRules area;
    bool built_unsupplied = true;  // states.built_unsupplied
    double sliver_m2 = 0;          // states.sliver_m2
    double overlap_min_m2 = 0;     // quality.overlap_min_m2 (approval_overlap findings)
    explicit UnsuppliedRules(const Settings& s);
};

// stream_landuse (while the 三调 layer is read) and check_devzones (devzone.*, rules.md §9): the
// 三调 and plan codes of each land class, the diverted-use rule, the supply window and the quota table.
struct DevzoneRules {
    AreaRules area;
    std::vector<std::string> lu_construction, lu_industrial, lu_mining, lu_storage;  // devzone.lu_*: 三调 codes
    std::vector<std::string> plan_construction, plan_industrial;                     // devzone.plan_*: plan codes
    std::vector<std::string> diverted_codes;    // devzone.diverted_codes: other uses (挪作他用)
    double diverted_share = 0.5;                // devzone.diverted_share
    std::vector<std::string> ind_prefixes;      // control.industrial_prefixes
    int supply_years_n = 5;                     // devzone.supply_years_n
    bool proof_unsupplied = true;               // devzone.proof_of_use == "unsupplied"
    std::vector<std::string> quota_checks;      // devzone.quota_checks
    std::vector<std::pair<double, double>> quota;  // devzone.quota_table, parsed (share, adjustment)
    size_t landuse_chunk = 50000;               // devzone.landuse_chunk, features
    Lang lang = Lang::zh;
    explicit DevzoneRules(const Settings& s);
};

// load_dataset: the area measure (is the working CRS's distortion checked?), the largest area
// distortion allowed (crs_max_area_error) and the 三调 layer's codes (stream_landuse, devzone.*).
struct ReadRules {
    AreaRules area;
    double crs_max_area_error = 0.003;  // crs_max_area_error, ratio
    DevzoneRules devzone;
    explicit ReadRules(const Settings& s);
};

// The writers' settings (output.*, html.*) and the output schema's (states.old_approval_years: the
// 批而未供 layer's old flag; devzone.map_margin_m and the area measure: the control-line layers), built once per run before the first output is written.
struct OutputRules {
    AreaRules area;                        // the control lines' areas (ctl_dev, ctl_farm, ctl_eco)
    double devzone_map_margin_m = 1000;    // devzone.map_margin_m
    size_t max_string = 254;               // output.max_string, bytes
    int64_t old_approval_years = 5;        // states.old_approval_years
    int64_t html_map_max_parcels = 50000;  // html.map_max_parcels
    double html_map_simplify = 1e-4;       // html.map_simplify
    int64_t html_table_rows = 1000;        // html.table_rows
    explicit OutputRules(const Settings& s);
};

// The parameter structs of one run, built once in analyze() before the first stage.
struct StageRules {
    AreaRules area;
    QualityRules quality;
    ComplianceRules compliance;
    LeaseRules leases;
    GradingRules grading;
    WorklistRules worklist;
    ScoreRules score;
    PlatformRules platforms;
    UnsuppliedRules unsupplied;
    DevzoneRules devzone;
    explicit StageRules(const Settings& s);
};

}  // namespace landeff
