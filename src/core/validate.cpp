// Validation of a parsed config that one key's type and range cannot express (issue 14
// "Nothing silently wrong"): names inside list settings, numbers inside band settings, weight
// groups that would all be zero, thresholds that are a formula's denominator, the evaluation
// date against its year and a working CRS in degrees. Everything here runs before any input is
// opened and names the config file and line of the offending key (or says the value is the
// default). The per-key checks (type, range, choices, NaN and infinity) are in config.cpp's
// apply_setting, driven by the settings table.
#include "landeff/config.hpp"

#include <cmath>
#include <cstdio>

#include "landeff/crs.hpp"
#include "landeff/devzone.hpp"
#include "landeff/error.hpp"
#include "landeff/industry.hpp"
#include "landeff/messages.hpp"
#include "landeff/text.hpp"
#include "landeff/values.hpp"

namespace landeff {
namespace {

// "c.toml:12: states.tests" for a key set in the file, "c.toml: states.tests (the default)" otherwise.
std::string at(const Config& cfg, const std::string& key) {
    auto it = cfg.setting_lines.find(key);
    if (it != cfg.setting_lines.end()) return cfg.file.string() + ":" + std::to_string(it->second) + ": " + key;
    return cfg.file.string() + ": " + key + " (the default)";
}

std::string num(double v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.10g", v);
    return buf;
}

// List settings whose '|'-separated items must be known names. An unknown name would match
// nothing and silently switch its item off. The known names are the items of the setting's
// default in the settings table (every test is on by default), so a new test added there is
// known here without a second list to keep in step.
constexpr const char* kListSettings[] = {"states.tests"};

void check_list(const Config& cfg, const std::string& key) {
    const std::string& text = cfg.settings.str(key);
    if (text.empty()) return;  // "" = none of them, said explicitly
    const SettingSpec* spec = find_setting(key);
    std::string def(spec->def);
    if (def.size() >= 2 && def.front() == '"') def = def.substr(1, def.size() - 2);
    const auto valid = split(def, '|');
    for (const auto& item : split(text, '|')) {
        if (std::find(valid.begin(), valid.end(), item) != valid.end()) continue;
        std::string msg = at(cfg, key) + " = " + quote_text(text, 200) + ": ";
        msg += item.empty() ? std::string("an empty item (two | in a row, or one at an end)")
                            : quote_text(item) + " is not a known name";
        const std::string near = item.empty() ? std::string() : nearest(trim(item), valid);
        if (!near.empty()) msg += "; did you mean \"" + near + "\"?";
        msg += " Known: " + join(valid, ", ") + " (write them separated by |, without spaces)";
        throw ConfigError(msg);
    }
}

// '|'-separated numbers: `want` of them, each finite and ≥ 0.
std::vector<double> numbers_of(const Config& cfg, const std::string& key, size_t want, const char* example) {
    const std::string& text = cfg.settings.str(key);
    std::vector<double> out;
    for (const auto& part : split(text, '|')) {
        auto v = parse_number(trim(part), "");
        if (!v || !std::isfinite(*v) || *v < 0)
            throw ConfigError(at(cfg, key) + " = " + quote_text(text) + ": " + quote_text(part) +
                              " is not a number ≥ 0; write " + std::to_string(want) + " numbers separated by |, e.g. \"" +
                              example + "\"");
        out.push_back(*v);
    }
    if (out.size() != want)
        throw ConfigError(at(cfg, key) + " = " + quote_text(text) + ": needs " + std::to_string(want) +
                          " numbers separated by |, e.g. \"" + example + "\"; it has " + std::to_string(out.size()));
    return out;
}

void check_bands(const Config& cfg) {
    // Shares of the ranked population graded A|B|C|D: together the whole population.
    const auto bands = numbers_of(cfg, "grading.bands", 4, "20|40|35|5");
    const double sum = bands[0] + bands[1] + bands[2] + bands[3];
    if (std::fabs(sum - 100.0) > 1e-9)
        throw ConfigError(at(cfg, "grading.bands") + " = " + quote_text(cfg.settings.str("grading.bands")) +
                          ": the shares of A, B, C and D add up to " + num(sum) + " %, not 100 %");
    // Each list's own bands (empty = grading.bands), checked the same way.
    for (const char* key : {"grading.bands_above", "grading.bands_below", "grading.bands_small", "grading.bands_tenant"}) {
        if (cfg.settings.str(key).empty()) continue;
        const auto own = numbers_of(cfg, key, 4, "20|40|35|5");
        const double total = own[0] + own[1] + own[2] + own[3];
        if (std::fabs(total - 100.0) > 1e-9)
            throw ConfigError(at(cfg, key) + " = " + quote_text(cfg.settings.str(key)) + ": the shares of A, B, C and D add up to " +
                              num(total) + " %, not 100 %");
    }
    // Score thresholds of A|B|C: needed with band_mode = "score"; A's at least B's at least C's.
    const std::string& sb = cfg.settings.str("grading.score_bands");
    const bool score_mode = cfg.settings.str("grading.band_mode") == "score";
    if (sb.empty()) {
        if (score_mode)
            throw ConfigError(at(cfg, "grading.band_mode") + " = \"score\" needs grading.score_bands, the minimum "
                              "score of A|B|C, e.g. score_bands = \"120|90|60\" under [grading]");
        return;
    }
    const auto t = numbers_of(cfg, "grading.score_bands", 3, "120|90|60");
    if (t[0] < t[1] || t[1] < t[2])
        throw ConfigError(at(cfg, "grading.score_bands") + " = " + quote_text(sb) +
                          ": the minimum scores must go down from A to C (A ≥ B ≥ C), e.g. \"120|90|60\"");
}

// Weight groups: when every weight of a group is 0 the group's result is undefined (a grade
// score that is always 0, a TD/T 1029 group that silently drops out of the park score).
struct WeightGroup {
    const char* label;
    const char* parent;  // the group's own weight, then its parent's ('|'-separated): its members matter only
                         // when all of these are > 0 ("" = always)
    const char* keys;    // '|'-separated member weights
};
constexpr WeightGroup kWeightGroups[] = {
    {"the above-scale (规上) grade items", "", "grading.w_tax|grading.w_va|grading.w_energy|grading.w_emission|grading.w_labor|grading.w_rd"},
    {"the below-scale (规下) grade items", "", "grading.w_below_tax|grading.w_below_elec"},
    {"the TD/T 1029 park score (利用状况, 用地效益, 管理绩效)", "", "score.w_use|score.w_benefit|score.w_management"},
    {"土地利用状况 (利用程度, 用地结构, 利用强度)", "score.w_use", "score.w_degree|score.w_structure|score.w_intensity"},
    {"利用程度 (土地供应率, 土地建成率)", "score.w_degree|score.w_use", "score.w_supply|score.w_built"},
    {"用地结构 (工业用地率)", "score.w_structure|score.w_use", "score.w_ind"},
    {"利用强度 (综合容积率, 建筑密度, 工业用地综合容积率, 工业用地建筑系数)", "score.w_intensity|score.w_use",
     "score.w_far|score.w_cov|score.w_far_ind|score.w_cov_ind"},
    {"用地效益 (投入强度, 工业用地地均税收, 综合地均税收)", "score.w_benefit", "score.w_inv|score.w_tax|score.w_tax_all"},
    {"管理绩效 (土地闲置率)", "score.w_management", "score.w_idle"},
};

void check_weights(const Config& cfg, const WeightGroup& g) {
    // A weight of 0 for the group or its parent switches the group off.
    const std::string parents = g.parent;
    if (!parents.empty())
        for (const auto& p : split(parents, '|'))
            if (!(cfg.settings.number(p) > 0)) return;
    const std::string parent = parents.substr(0, parents.find('|'));
    const auto keys = split(g.keys, '|');
    std::vector<std::string> set_lines;
    for (const auto& k : keys) {
        if (cfg.settings.number(k) > 0) return;
        auto it = cfg.setting_lines.find(k);
        if (it != cfg.setting_lines.end()) set_lines.push_back(k + " (line " + std::to_string(it->second) + ")");
    }
    std::string msg = cfg.file.string();
    // Point at the first weight the file sets to 0 (the likely mistake), else at the file.
    for (const auto& k : keys)
        if (cfg.setting_lines.count(k)) {
            msg = cfg.file.string() + ":" + std::to_string(cfg.setting_lines.at(k));
            break;
        }
    msg += ": every weight of " + std::string(g.label) + " is 0 (" + join(keys, ", ") + "), so its score is undefined";
    if (!set_lines.empty()) msg += "; set in the file: " + join(set_lines, ", ");
    if (!parent.empty()) msg += ". Give one of them a weight > 0, or set " + parent + " = 0 to leave the group out";
    else msg += ". Give at least one of them a weight > 0";
    throw ConfigError(msg);
}

// Thresholds that divide: a value that makes a formula divide by zero (or flip its sign) is refused.
enum class Bound { Positive, BelowOne };
struct DenominatorRule {
    const char* key;
    Bound bound;
    const char* formula;
};
constexpr DenominatorRule kDenominators[] = {
    {"score.t_supply", Bound::Positive, "S = X/T·100"},  {"score.t_built", Bound::Positive, "S = X/T·100"},
    {"score.t_ind", Bound::Positive, "S = X/T·100"},     {"score.t_far", Bound::Positive, "S = X/T·100"},
    {"score.t_cov", Bound::Positive, "S = X/T·100"},     {"score.t_far_ind", Bound::Positive, "S = X/T·100"},
    {"score.t_cov_ind", Bound::Positive, "S = X/T·100"}, {"score.t_inv", Bound::Positive, "S = X/T·100"},
    {"score.t_tax", Bound::Positive, "S = X/T·100"},     {"score.t_tax_all", Bound::Positive, "S = X/T·100"},
    {"score.t_idle", Bound::BelowOne, "S = (1−X)/(1−T)·100"},
    {"grading.b_tax", Bound::Positive, "points = weight·value/b"},
    {"grading.b_va", Bound::Positive, "points = weight·value/b"},
    {"grading.b_energy", Bound::Positive, "points = weight·value/b"},
    {"grading.b_emission", Bound::Positive, "points = weight·value/b"},
    {"grading.b_labor", Bound::Positive, "points = weight·value/b"},
    {"grading.b_rd", Bound::Positive, "points = weight·value/b"},
    {"grading.b_below_tax", Bound::Positive, "points = weight·value/b"},
    {"grading.b_below_elec", Bound::Positive, "points = weight·value/b"},
};

void check_denominator(const Config& cfg, const DenominatorRule& r) {
    const double v = cfg.settings.number(r.key);
    if (std::isnan(v)) return;  // unset: derived from the data
    if (r.bound == Bound::Positive && !(v > 0))
        throw ConfigError(at(cfg, r.key) + " = " + num(v) + " divides by zero in " + r.formula +
                          "; it must be greater than 0");
    if (r.bound == Bound::BelowOne && !(v < 1))
        throw ConfigError(at(cfg, r.key) + " = " + num(v) + (v == 1 ? " divides by zero" : " turns every score negative") +
                          " in " + r.formula + "; it must be below 1 (the ideal idle rate, e.g. 0 or 0.05)");
}

void check_eval_date(Config& cfg) {
    if (cfg.settings.flag("allow_eval_date_outside_year")) return;
    const Lang lang = lang_of(cfg.settings);
    auto warn = [&](const std::string& where, int year, const Date& d) {
        if (d.year() == year) return;
        cfg.warnings.push_back(say(lang, Msg::EvalDateOutsideYear, {where, d.iso(), std::to_string(year)}));
    };
    if (!cfg.settings.str("eval_date").empty() && cfg.setting_lines.count("eval_date"))
        warn(at(cfg, "eval_date"), cfg.year, cfg.eval_date);
    for (const auto& [y, spec] : cfg.years)
        if (!spec.eval_date.empty()) warn(at(cfg, "years." + std::to_string(y) + ".eval_date"), y, *parse_date(spec.eval_date));
}

void check_crs(const Config& cfg) {
    const std::string& crs = cfg.settings.str("crs");
    if (crs == "auto") return;
    std::shared_ptr<OGRSpatialReference> srs;
    try {
        srs = parse_crs(crs, "crs");
    } catch (const ConfigError& e) {
        throw ConfigError(at(cfg, "crs") + ": " + e.what());
    }
    if (srs->IsGeographic() || !srs->IsProjected())
        throw ConfigError(at(cfg, "crs") + " = \"" + crs +
                          "\" is a geographic CRS (degrees); areas need a projected one: use crs = \"auto\" or a "
                          "Gauss-Krüger CRS such as \"EPSG:4549\" (CGCS2000, CM 120E)");
}

// A partition finer than the ranking population would rank each part of a population apart and
// change its grades (rules.md §10): a county partition cannot rank a city or the whole run. Counties
// nest in cities only when the city code is a prefix of the county code.
void check_partition(const Config& cfg) {
    const std::string& by = cfg.settings.str("partition.by");
    const std::string& pop = cfg.settings.str("grading.population");
    auto fineness = [](const std::string& v) { return v == "county" ? 2 : v == "city" ? 1 : 0; };
    if (fineness(by) > fineness(pop))
        throw ConfigError(at(cfg, "partition.by") + " = " + quote_text(by) + " is finer than " + at(cfg, "grading.population") +
                          " = " + quote_text(pop) + ": each partition would rank only part of a population and change its "
                          "grades. Set grading.population = " + quote_text(by) + " (the local lists), or partition.by = " +
                          (fineness(pop) ? quote_text(pop) + " or " : std::string()) + "\"none\"");
    if ((by != "none" || pop != "all") &&
        cfg.settings.integer("partition.city_chars") > cfg.settings.integer("partition.county_chars"))
        throw ConfigError(at(cfg, "partition.city_chars") + " = " + std::to_string(cfg.settings.integer("partition.city_chars")) +
                          " is longer than partition.county_chars = " + std::to_string(cfg.settings.integer("partition.county_chars")) +
                          ": a county's code starts with its city's code, so the city code cannot be the longer one");
}

}  // namespace

void validate_config(Config& cfg) {
    for (const char* key : kListSettings) check_list(cfg, key);
    check_bands(cfg);
    for (const auto& g : kWeightGroups) check_weights(cfg, g);
    for (const auto& r : kDenominators) check_denominator(cfg, r);
    // A cap of 0 × weight gives every item 0 points: every score 0, every grade a tie.
    if (!(cfg.settings.number("grading.item_cap") > 0))
        throw ConfigError(at(cfg, "grading.item_cap") + " = 0 caps every item at 0 points, so every score is 0; "
                          "it must be greater than 0 (the preset's is 2)");
    if (cfg.settings.str("states.tax_low_scope") == "fixed" && std::isnan(cfg.settings.number("states.tax_low_fixed")) &&
        cfg.settings.str("states.tests").find("tax_low") != std::string::npos)
        throw ConfigError(at(cfg, "states.tax_low_scope") +
                          " = \"fixed\" needs the benchmark: set states.tax_low_fixed (万元/亩) under [states]");
    // grading.scope: sections, divisions and ranges, parsed now so a typo names its line.
    try {
        (void)parse_industry_scope(cfg.settings.str("grading.scope"), "grading.scope");
    } catch (const ConfigError& e) {
        auto line = cfg.setting_lines.find("grading.scope");
        throw ConfigError(line == cfg.setting_lines.end() ? e.what()
                                                          : cfg.file.string() + ":" + std::to_string(line->second) + ": " + e.what());
    }
    // devzone.quota_table: rows share:adjustment, parsed now so a typo names its line.
    try {
        (void)parse_quota_table(cfg.settings.str("devzone.quota_table"));
    } catch (const std::invalid_argument& e) {
        throw ConfigError(at(cfg, "devzone.quota_table") + " = " + quote_text(cfg.settings.str("devzone.quota_table")) + ": " +
                          e.what());
    }
    check_partition(cfg);
    check_crs(cfg);
    config_warnings(cfg);
}

void config_warnings(Config& cfg) {
    cfg.warnings.clear();
    check_eval_date(cfg);
}

}  // namespace landeff
