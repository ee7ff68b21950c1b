#pragma once
// The settings each stage reads, as typed parameter structs built once per run from the settings
// table (src/core/settings.cpp) and passed `const&` to the stage. All of them are built in one
// place, src/core/params.cpp, through SettingReader: a key a struct asks for that is not in the
// table (or of another type) is a std::logic_error naming the key (a landeff bug, caught by any
// test that builds the struct), and a value outside the table's range or choices a ConfigError.
// StateRules (states.hpp) and MapOptions (maps.hpp) are the older structs of the same kind.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "landeff/area.hpp"
#include "landeff/messages.hpp"

namespace landeff {

class Settings;

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

// check_compliance: which land is industrial (the control indicators apply to it).
struct ComplianceRules {
    std::vector<std::string> industrial_prefixes;
    Lang lang = Lang::zh;
    explicit ComplianceRules(const Settings& s);
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

// apportion_leases: a tenant's land by leased floor area or by declared land.
struct LeaseRules {
    bool by_floor = true;
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

// The writers' settings (output.*, html.*) and the output schema's (states.old_approval_years: the
// 批而未供 layer's old flag), built once per run before the first output is written.
struct OutputRules {
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
    WorklistRules worklist;
    ScoreRules score;
    PlatformRules platforms;
    UnsuppliedRules unsupplied;
    explicit StageRules(const Settings& s);
};

}  // namespace landeff
