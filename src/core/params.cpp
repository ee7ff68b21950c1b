// The parameter structs of params.hpp, each built from the settings table in one place.
#include "landeff/params.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <stdexcept>

#include "landeff/devzone.hpp"
#include "landeff/error.hpp"
#include "landeff/partition.hpp"
#include "landeff/score.hpp"
#include "landeff/settings.hpp"
#include "landeff/states.hpp"
#include "landeff/text.hpp"

namespace landeff {
namespace {

const char* type_name(SettingType t) {
    switch (t) {
        case SettingType::Int: return "an integer";
        case SettingType::Number: return "a number";
        case SettingType::String: return "text";
        case SettingType::Date: return "a date";
        case SettingType::Bool: return "a boolean";
    }
    return "?";
}

// The key's row of the settings table, of type `want`; a landeff bug otherwise.
const SettingSpec& row_of(std::string_view key, SettingType want) {
    const SettingSpec* spec = find_setting(key);
    if (!spec)
        throw std::logic_error("landeff bug: a parameter struct reads the setting \"" + std::string(key) +
                               "\", which is not in the settings table (src/core/settings.cpp)");
    if (spec->type != want)
        throw std::logic_error("landeff bug: a parameter struct reads the setting \"" + std::string(key) + "\" as " +
                               type_name(want) + ", but the settings table declares " + type_name(spec->type));
    return *spec;
}

std::string num(double v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.10g", v);
    return buf;
}

void check_range(const SettingSpec& spec, double v) {
    if (std::isnan(v) || (v >= spec.min && v <= spec.max)) return;
    throw ConfigError(Msg::ESettingRange, {std::string(spec.key), num(v), num(spec.min), num(spec.max)});
}

AreaMode area_mode_of(const SettingReader& r) {
    return r.text("area_mode") == "ellipsoidal" ? AreaMode::Ellipsoidal : AreaMode::Planar;
}

}  // namespace

double SettingReader::number(std::string_view key) const {
    const SettingSpec& spec = row_of(key, SettingType::Number);
    const double v = m_s.number(std::string(key));
    check_range(spec, v);
    return v;
}

int64_t SettingReader::integer(std::string_view key) const {
    const SettingSpec& spec = row_of(key, SettingType::Int);
    const int64_t v = m_s.integer(std::string(key));
    check_range(spec, static_cast<double>(v));
    return v;
}

const std::string& SettingReader::text(std::string_view key) const {
    const SettingSpec& spec = row_of(key, SettingType::String);
    const std::string& v = m_s.str(std::string(key));
    if (!spec.choices.empty()) {
        const auto choices = split(spec.choices, '|');
        bool known = false;
        for (const auto& c : choices) known = known || c == v;
        if (!known) {
            const std::string near = nearest(v, choices);
            throw ConfigError(Msg::ESettingChoice,
                              {std::string(key), v, join(choices, ", "), near.empty() ? Text{} : tr(Msg::EDidYouMean, {near})});
        }
    }
    return v;
}

bool SettingReader::flag(std::string_view key) const {
    row_of(key, SettingType::Bool);
    return m_s.flag(std::string(key));
}

std::vector<std::string> SettingReader::list(std::string_view key) const { return split(text(key), '|'); }

// output.lang, read like every setting of a parameter struct (declared in messages.hpp).
Lang lang_of(const Settings& s) { return SettingReader(s).text("output.lang") == "en" ? Lang::en : Lang::zh; }

AreaRules::AreaRules(const Settings& s) {
    const SettingReader r(s);
    mode = area_mode_of(r);
    densify_m = r.number("area.densify_m");
}

QualityRules::QualityRules(const Settings& s) {
    const SettingReader r(s);
    area_tolerance = r.number("quality.area_tolerance");
    overlap_min_m2 = r.number("quality.overlap_min_m2");
    far_max = r.number("quality.far_max");
    examples = static_cast<size_t>(r.integer("quality.examples"));
    map_outlier_km = r.number("maps.outlier_km");
}

ControlRules::ControlRules(const Settings& s) {
    const SettingReader r(s);
    preset = r.text("control.preset");
    coverage_min = r.number("control.coverage_min");
    admin_max = r.number("control.admin_max");
    green_max = r.number("control.green_max");
    ind_standard = r.text("control.ind_standard");
    region_class = static_cast<int>(r.integer("control.region_class"));
    inv_table = r.text("control.inv_table");
}

ComplianceRules::ComplianceRules(const Settings& s) {
    const SettingReader r(s);
    industrial_prefixes = r.list("control.industrial_prefixes");
    lang = lang_of(s);
}

GradingRules::GradingRules(const Settings& s) {
    const SettingReader r(s);
    scope = r.text("grading.scope");
    ind_standard = r.text("control.ind_standard");
    min_mu = r.number("grading.min_mu");
    min_age_years = static_cast<int>(r.integer("grading.min_age_years"));
    ningbo = r.text("grading.lists") == "ningbo";
    small_mu = r.number("grading.small_mu");
    item_cap = r.number("grading.item_cap");
    rank_mode = r.text("grading.band_mode") == "rank";
    per_band = r.text("grading.band_rounding") == "per_band";
    min_for_d = static_cast<size_t>(r.integer("grading.min_for_d"));
    bands = r.text("grading.bands");
    score_bands = r.text("grading.score_bands");
    // The per-list bands, weights and benchmarks: every row of the table under these prefixes.
    for (const SettingSpec& spec : setting_specs()) {
        const std::string_view key = spec.key;
        if (key.rfind("grading.bands_", 0) == 0) list_bands[std::string(key.substr(14))] = r.text(key);
        else if (key.rfind("grading.w_", 0) == 0) weight[std::string(key.substr(10))] = r.number(key);
        else if (key.rfind("grading.b_", 0) == 0) bench[std::string(key.substr(10))] = r.number(key);
    }
    population = admin_level(r.text("grading.population"));
    population_chars = population == AdminLevel::County ? static_cast<size_t>(r.integer("partition.county_chars"))
                       : population == AdminLevel::City ? static_cast<size_t>(r.integer("partition.city_chars"))
                                                        : 0;
    lang = lang_of(s);
}

ScoreRules::ScoreRules(const Settings& s) {
    const SettingReader r(s);
    for (size_t i = 0; i < 11; ++i) {
        target[i] = r.number(std::string("score.t_") + kTdtIndicators[i].key);
        weight[i] = r.number(std::string("score.w_") + kTdtIndicators[i].key);
    }
    const char* groups[3] = {"degree", "structure", "intensity"};
    const char* tops[3] = {"use", "benefit", "management"};
    for (size_t g = 0; g < 3; ++g) {
        group_weight[g] = r.number(std::string("score.w_") + groups[g]);
        top_weight[g] = r.number(std::string("score.w_") + tops[g]);
    }
    cap_100 = r.flag("score.cap_100");
    zone_ind_min = r.number("score.zone_ind_min");
    zone_res_max = r.number("score.zone_res_max");
    // The same '|'-joined text as before ("a|b" + "|" + "c|d"), so an empty item stays an empty item.
    ind_prefixes = split(r.text("control.industrial_prefixes") + "|" + r.text("score.storage_prefixes"), '|');
    res_prefixes = r.list("score.residential_prefixes");
    lang = lang_of(s);
}

PlatformRules::PlatformRules(const Settings& s) : area(s) {
    const SettingReader r(s);
    ind_prefixes = r.list("control.industrial_prefixes");
    res_prefixes = r.list("score.residential_prefixes");
    pub_prefixes = r.list("platform.public_prefixes");
    ind_standard = r.text("control.ind_standard");
    dev_outside_max = r.number("platform.dev_outside_max");
    farmland_max = r.number("platform.farmland_max");
    restricted_share = r.number("platform.restricted_share");
    urban_share = r.number("platform.urban_share");
    host_km = r.number("platform.host_km");
    min_km2 = r.number("platform.min_km2");
    lead_share = r.number("platform.lead_share");
    tax_benchmark = r.number("platform.tax_benchmark");
    lang = lang_of(s);
}

LeaseRules::LeaseRules(const Settings& s) {
    const SettingReader r(s);
    by_floor = r.text("leases.method") == "floor";
    lang = lang_of(s);
}

WorklistRules::WorklistRules(const Settings& s) {
    const SettingReader r(s);
    due_within_days = static_cast<int32_t>(r.integer("worklist.due_within_days"));
    review_years = static_cast<int>(r.integer("worklist.review_years"));
    term_within_years = static_cast<int>(r.integer("worklist.term_within_years"));
}

StateRules::StateRules(const Config& cfg) {
    const Settings& s = cfg.settings;
    const SettingReader r(s);
    idle_years = static_cast<int>(r.integer("states.idle_years"));
    recover_years = static_cast<int>(r.integer("states.recover_years"));
    dev_share_min = r.number("states.dev_share_min");
    inv_share_min = r.number("states.inv_share_min");
    fee_rate = r.number("states.fee_rate");
    tax_low_share = r.number("states.tax_low_share");
    underbuilt_share = r.number("states.underbuilt_share");
    dev_low_share = r.number("states.dev_low_share");
    const auto on = r.list("states.tests");
    auto enabled = [&](const char* name) { return std::find(on.begin(), on.end(), name) != on.end(); };
    far_low = enabled("far_low");
    coverage_low = enabled("coverage_low");
    tax_low = enabled("tax_low");
    not_in_production = enabled("not_in_production");
    below_contract = enabled("below_contract");
    underbuilt = enabled("underbuilt");
    dev_low = enabled("dev_low");
    grade_d = enabled("grade_d");
    industrial_prefixes = r.list("control.industrial_prefixes");
    tax_low_scope = r.text("states.tax_low_scope");
    tax_low_fixed = r.number("states.tax_low_fixed");
    lang = lang_of(s);
}

UnsuppliedRules::UnsuppliedRules(const Settings& s) : area(s) {
    const SettingReader r(s);
    built_unsupplied = r.flag("states.built_unsupplied");
    sliver_m2 = r.number("states.sliver_m2");
    overlap_min_m2 = r.number("quality.overlap_min_m2");
}

DevzoneRules::DevzoneRules(const Settings& s) : area(s) {
    const SettingReader r(s);
    lu_construction = r.list("devzone.lu_construction");
    lu_industrial = r.list("devzone.lu_industrial");
    lu_mining = r.list("devzone.lu_mining");
    lu_storage = r.list("devzone.lu_storage");
    plan_construction = r.list("devzone.plan_construction");
    plan_industrial = r.list("devzone.plan_industrial");
    diverted_codes = r.list("devzone.diverted_codes");
    diverted_share = r.number("devzone.diverted_share");
    ind_prefixes = r.list("control.industrial_prefixes");
    supply_years_n = static_cast<int>(r.integer("devzone.supply_years_n"));
    proof_unsupplied = r.text("devzone.proof_of_use") == "unsupplied";
    quota_checks = r.list("devzone.quota_checks");
    try {
        quota = parse_quota_table(r.text("devzone.quota_table"));
    } catch (const std::invalid_argument& e) {  // validate_config() says it first, naming the line
        throw ConfigError(Msg::ESettingValue, {"devzone.quota_table", r.text("devzone.quota_table"), std::string(e.what())});
    }
    landuse_chunk = static_cast<size_t>(r.integer("devzone.landuse_chunk"));
    lang = lang_of(s);
}

ReadRules::ReadRules(const Settings& s) : area(s), devzone(s) {
    crs_max_area_error = SettingReader(s).number("crs_max_area_error");
}

OutputRules::OutputRules(const Settings& s) : area(s) {
    const SettingReader r(s);
    devzone_map_margin_m = r.number("devzone.map_margin_m");
    max_string = static_cast<size_t>(r.integer("output.max_string"));
    old_approval_years = r.integer("states.old_approval_years");
    html_map_max_parcels = r.integer("html.map_max_parcels");
    html_map_simplify = r.number("html.map_simplify");
    html_table_rows = r.integer("html.table_rows");
}

StageRules::StageRules(const Settings& s)
    : area(s), quality(s), compliance(s), leases(s), grading(s), worklist(s), score(s), platforms(s), unsupplied(s), devzone(s) {}

}  // namespace landeff
