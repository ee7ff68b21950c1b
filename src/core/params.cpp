// The parameter structs of params.hpp, each built from the settings table in one place.
#include "landeff/params.hpp"

#include <cmath>
#include <cstdio>
#include <stdexcept>

#include "landeff/error.hpp"
#include "landeff/score.hpp"
#include "landeff/settings.hpp"
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
    throw ConfigError("setting " + std::string(spec.key) + " = " + num(v) + " is outside its range [" + num(spec.min) +
                      ", " + num(spec.max) + "]");
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
            std::string msg = "setting " + std::string(key) + " = \"" + v + "\" is not one of " + join(choices, ", ");
            const std::string near = nearest(v, choices);
            if (!near.empty()) msg += "; did you mean \"" + near + "\"?";
            throw ConfigError(msg);
        }
    }
    return v;
}

bool SettingReader::flag(std::string_view key) const {
    row_of(key, SettingType::Bool);
    return m_s.flag(std::string(key));
}

std::vector<std::string> SettingReader::list(std::string_view key) const { return split(text(key), '|'); }

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

ComplianceRules::ComplianceRules(const Settings& s) {
    const SettingReader r(s);
    industrial_prefixes = r.list("control.industrial_prefixes");
    lang = r.text("output.lang") == "en" ? Lang::en : Lang::zh;
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
    lang = r.text("output.lang") == "en" ? Lang::en : Lang::zh;
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
    lang = r.text("output.lang") == "en" ? Lang::en : Lang::zh;
}

LeaseRules::LeaseRules(const Settings& s) { by_floor = SettingReader(s).text("leases.method") == "floor"; }

WorklistRules::WorklistRules(const Settings& s) {
    const SettingReader r(s);
    due_within_days = static_cast<int32_t>(r.integer("worklist.due_within_days"));
    review_years = static_cast<int>(r.integer("worklist.review_years"));
    term_within_years = static_cast<int>(r.integer("worklist.term_within_years"));
}

UnsuppliedRules::UnsuppliedRules(const Settings& s) : area(s) {
    const SettingReader r(s);
    built_unsupplied = r.flag("states.built_unsupplied");
    sliver_m2 = r.number("states.sliver_m2");
    overlap_min_m2 = r.number("quality.overlap_min_m2");
}

OutputRules::OutputRules(const Settings& s) {
    const SettingReader r(s);
    max_string = static_cast<size_t>(r.integer("output.max_string"));
    old_approval_years = r.integer("states.old_approval_years");
    html_map_max_parcels = r.integer("html.map_max_parcels");
    html_map_simplify = r.number("html.map_simplify");
    html_table_rows = r.integer("html.table_rows");
}

StageRules::StageRules(const Settings& s)
    : area(s), quality(s), compliance(s), leases(s), worklist(s), score(s), platforms(s), unsupplied(s) {}

}  // namespace landeff
