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

// "配置文件 c.toml 第 12 行：states.tests" / "c.toml:12: states.tests" for a key set in the file,
// "配置文件 c.toml：states.tests（默认值）" / "c.toml: states.tests (the default)" otherwise.
Text at(const Config& cfg, const std::string& key) {
    auto it = cfg.setting_lines.find(key);
    if (it != cfg.setting_lines.end()) return tr(Msg::ECfgAtKey, {cfg.file.string(), std::to_string(it->second), key});
    return tr(Msg::ECfgAtDefault, {cfg.file.string(), key});
}

// A ConfigError from a parser, led by where its setting is: "配置文件 c.toml 第 12 行：…" / "c.toml:12: …".
Text at_line(const Config& cfg, const std::string& key, const Text& what) {
    auto line = cfg.setting_lines.find(key);
    if (line == cfg.setting_lines.end()) return what;
    return tr(Msg::ECfgAt, {cfg.file.string(), std::to_string(line->second)}) + tr(Msg::EDetail, {what});
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
        const std::string near = item.empty() ? std::string() : nearest(trim(item), valid);
        throw ConfigError(Msg::ECfgListBad,
                          {at(cfg, key), quote_text(text, 200),
                           item.empty() ? tr(Msg::ECfgListEmptyItem) : tr(Msg::ECfgListUnknownItem, {quote_text(item)}),
                           near.empty() ? Text{} : tr(Msg::EDidYouMean, {near}), join(valid, ", ")});
    }
}

// '|'-separated numbers: `want` of them, each finite and ≥ 0.
std::vector<double> numbers_of(const Config& cfg, const std::string& key, size_t want, const char* example) {
    const std::string& text = cfg.settings.str(key);
    std::vector<double> out;
    for (const auto& part : split(text, '|')) {
        auto v = parse_number(trim(part), "");
        if (!v || !std::isfinite(*v) || *v < 0)
            throw ConfigError(Msg::ECfgNumbersItem, {at(cfg, key), quote_text(text), quote_text(part), std::to_string(want), example});
        out.push_back(*v);
    }
    if (out.size() != want)
        throw ConfigError(Msg::ECfgNumbersCount, {at(cfg, key), quote_text(text), std::to_string(want), example, std::to_string(out.size())});
    return out;
}

void check_bands(const Config& cfg) {
    // Shares of the ranked population graded A|B|C|D: together the whole population.
    const auto bands = numbers_of(cfg, "grading.bands", 4, "20|40|35|5");
    const double sum = bands[0] + bands[1] + bands[2] + bands[3];
    if (std::fabs(sum - 100.0) > 1e-9)
        throw ConfigError(Msg::ECfgBandsSum, {at(cfg, "grading.bands"), quote_text(cfg.settings.str("grading.bands")), num(sum)});
    // Each list's own bands (empty = grading.bands), checked the same way.
    for (const char* key : {"grading.bands_above", "grading.bands_below", "grading.bands_small", "grading.bands_tenant"}) {
        if (cfg.settings.str(key).empty()) continue;
        const auto own = numbers_of(cfg, key, 4, "20|40|35|5");
        const double total = own[0] + own[1] + own[2] + own[3];
        if (std::fabs(total - 100.0) > 1e-9)
            throw ConfigError(Msg::ECfgBandsSum, {at(cfg, key), quote_text(cfg.settings.str(key)), num(total)});
    }
    // Score thresholds of A|B|C: needed with band_mode = "score"; A's at least B's at least C's.
    const std::string& sb = cfg.settings.str("grading.score_bands");
    const bool score_mode = cfg.settings.str("grading.band_mode") == "score";
    if (sb.empty()) {
        if (score_mode)
            throw ConfigError(Msg::ECfgScoreModeNeeds, {at(cfg, "grading.band_mode")});
        return;
    }
    const auto t = numbers_of(cfg, "grading.score_bands", 3, "120|90|60");
    if (t[0] < t[1] || t[1] < t[2])
        throw ConfigError(Msg::ECfgScoreBandsOrder, {at(cfg, "grading.score_bands"), quote_text(sb)});
}

// Weight groups: when every weight of a group is 0 the group's result is undefined (a grade
// score that is always 0, a TD/T 1029 group that silently drops out of the park score).
struct WeightGroup {
    const char* label_zh;
    const char* label;
    const char* parent;  // the group's own weight, then its parent's ('|'-separated): its members matter only
                         // when all of these are > 0 ("" = always)
    const char* keys;    // '|'-separated member weights
};
constexpr WeightGroup kWeightGroups[] = {
    {"规上企业评价指标", "the above-scale (规上) grade items", "", "grading.w_tax|grading.w_va|grading.w_energy|grading.w_emission|grading.w_labor|grading.w_rd"},
    {"规下企业评价指标", "the below-scale (规下) grade items", "", "grading.w_below_tax|grading.w_below_elec"},
    {"TD/T 1029 园区评价得分（利用状况、用地效益、管理绩效）", "the TD/T 1029 park score (利用状况, 用地效益, 管理绩效)", "", "score.w_use|score.w_benefit|score.w_management"},
    {"土地利用状况（利用程度、用地结构、利用强度）", "土地利用状况 (利用程度, 用地结构, 利用强度)", "score.w_use", "score.w_degree|score.w_structure|score.w_intensity"},
    {"利用程度（土地供应率、土地建成率）", "利用程度 (土地供应率, 土地建成率)", "score.w_degree|score.w_use", "score.w_supply|score.w_built"},
    {"用地结构（工业用地率）", "用地结构 (工业用地率)", "score.w_structure|score.w_use", "score.w_ind"},
    {"利用强度（综合容积率、建筑密度、工业用地综合容积率、工业用地建筑系数）",
     "利用强度 (综合容积率, 建筑密度, 工业用地综合容积率, 工业用地建筑系数)", "score.w_intensity|score.w_use",
     "score.w_far|score.w_cov|score.w_far_ind|score.w_cov_ind"},
    {"用地效益（投入强度、工业用地地均税收、综合地均税收）", "用地效益 (投入强度, 工业用地地均税收, 综合地均税收)", "score.w_benefit", "score.w_inv|score.w_tax|score.w_tax_all"},
    {"管理绩效（土地闲置率）", "管理绩效 (土地闲置率)", "score.w_management", "score.w_idle"},
};

void check_weights(const Config& cfg, const WeightGroup& g) {
    // A weight of 0 for the group or its parent switches the group off.
    const std::string parents = g.parent;
    if (!parents.empty())
        for (const auto& p : split(parents, '|'))
            if (!(cfg.settings.number(p) > 0)) return;
    const std::string parent = parents.substr(0, parents.find('|'));
    const auto keys = split(g.keys, '|');
    std::vector<std::string> set_zh, set_en;
    for (const auto& k : keys) {
        if (cfg.settings.number(k) > 0) return;
        auto it = cfg.setting_lines.find(k);
        if (it != cfg.setting_lines.end()) {
            const Text t = tr(Msg::ECfgWeightLine, {k, std::to_string(it->second)});
            set_zh.push_back(t.zh);
            set_en.push_back(t.en);
        }
    }
    Text where{std::string("配置文件 ").append(cfg.file.string()), cfg.file.string()};
    // Point at the first weight the file sets to 0 (the likely mistake), else at the file.
    for (const auto& k : keys)
        if (cfg.setting_lines.count(k)) {
            where = tr(Msg::ECfgAt, {cfg.file.string(), std::to_string(cfg.setting_lines.at(k))});
            break;
        }
    throw ConfigError(Msg::ECfgWeightsZero,
                      {where, Text{g.label_zh, g.label}, join(keys, ", "),
                       set_zh.empty() ? Text{} : tr(Msg::ECfgWeightsSetIn, {Text{join(set_zh, "、"), join(set_en, ", ")}}),
                       parent.empty() ? tr(Msg::ECfgWeightsFix) : tr(Msg::ECfgWeightsFixParent, {parent})});
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
        throw ConfigError(Msg::ECfgDivZero, {at(cfg, r.key), num(v), r.formula});
    if (r.bound == Bound::BelowOne && !(v < 1))
        throw ConfigError(v == 1 ? Msg::ECfgIdleOne : Msg::ECfgIdleNegative, {at(cfg, r.key), num(v), r.formula});
}

void check_eval_date(Config& cfg) {
    if (cfg.settings.flag("allow_eval_date_outside_year")) return;
    const Lang lang = lang_of(cfg.settings);
    auto warn = [&](const std::string& where, int year, const Date& d) {
        if (d.year() == year) return;
        cfg.warnings.push_back(say(lang, Msg::EvalDateOutsideYear, {where, d.iso(), std::to_string(year)}));
    };
    if (!cfg.settings.str("eval_date").empty() && cfg.setting_lines.count("eval_date"))
        warn(at(cfg, "eval_date").in(lang), cfg.year, cfg.eval_date);
    for (const auto& [y, spec] : cfg.years)
        if (!spec.eval_date.empty())
            warn(at(cfg, "years." + std::to_string(y) + ".eval_date").in(lang), y, *parse_date(spec.eval_date));
}

void check_crs(const Config& cfg) {
    const std::string& crs = cfg.settings.str("crs");
    if (crs == "auto") return;
    std::shared_ptr<OGRSpatialReference> srs;
    try {
        srs = parse_crs(crs, "crs");
    } catch (const ConfigError& e) {
        throw ConfigError(at(cfg, "crs") + tr(Msg::EDetail, {e.text()}));
    }
    if (srs->IsGeographic() || !srs->IsProjected())
        throw ConfigError(Msg::ECrsGeographic, {at(cfg, "crs"), crs});
}

// A partition finer than the ranking population would rank each part of a population apart and
// change its grades (rules.md §10): a county partition cannot rank a city or the whole run. Counties
// nest in cities only when the city code is a prefix of the county code.
void check_partition(const Config& cfg) {
    const std::string& by = cfg.settings.str("partition.by");
    const std::string& pop = cfg.settings.str("grading.population");
    auto fineness = [](const std::string& v) { return v == "county" ? 2 : v == "city" ? 1 : 0; };
    if (fineness(by) > fineness(pop))
        throw ConfigError(Msg::ECfgPartitionFiner, {at(cfg, "partition.by"), quote_text(by), at(cfg, "grading.population"),
                                                    quote_text(pop), fineness(pop) ? tr(Msg::EOr, {quote_text(pop)}) : Text{}});
    if ((by != "none" || pop != "all") &&
        cfg.settings.integer("partition.city_chars") > cfg.settings.integer("partition.county_chars"))
        throw ConfigError(Msg::ECfgCityChars, {at(cfg, "partition.city_chars"), std::to_string(cfg.settings.integer("partition.city_chars")),
                                               std::to_string(cfg.settings.integer("partition.county_chars"))});
}

}  // namespace

void validate_config(Config& cfg) {
    for (const char* key : kListSettings) check_list(cfg, key);
    check_bands(cfg);
    for (const auto& g : kWeightGroups) check_weights(cfg, g);
    for (const auto& r : kDenominators) check_denominator(cfg, r);
    // A cap of 0 × weight gives every item 0 points: every score 0, every grade a tie.
    if (!(cfg.settings.number("grading.item_cap") > 0))
        throw ConfigError(Msg::ECfgItemCapZero, {at(cfg, "grading.item_cap")});
    if (cfg.settings.str("states.tax_low_scope") == "fixed" && std::isnan(cfg.settings.number("states.tax_low_fixed")) &&
        cfg.settings.str("states.tests").find("tax_low") != std::string::npos)
        throw ConfigError(Msg::ECfgTaxLowFixed, {at(cfg, "states.tax_low_scope")});
    // grading.scope: sections, divisions and ranges, parsed now so a typo names its line.
    try {
        (void)parse_industry_scope(cfg.settings.str("grading.scope"), "grading.scope");
    } catch (const ConfigError& e) {
        throw ConfigError(at_line(cfg, "grading.scope", e.text()));
    }
    // devzone.quota_table: rows share:adjustment, parsed now so a typo names its line.
    try {
        (void)parse_quota_table(cfg.settings.str("devzone.quota_table"));
    } catch (const std::invalid_argument& e) {
        throw ConfigError(at(cfg, "devzone.quota_table") + std::string(" = ").append(quote_text(cfg.settings.str("devzone.quota_table"))) +
                          tr(Msg::EDetail, {std::string(e.what())}));
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
