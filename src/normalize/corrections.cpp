#include "landeff/corrections.hpp"

#include <cmath>
#include <cstdio>
#include <limits>
#include <string_view>
#include <map>
#include <unordered_map>

#include "landeff/dates.hpp"
#include "landeff/messages.hpp"
#include "landeff/text.hpp"
#include "landeff/values.hpp"

namespace landeff {
namespace {

using L = LayerKind;

// The whitelist (rules.md §5 "Objections and corrections"): an enterprise's reported figures, codes and
// scale; a parcel's areas, dates, use, progress and money. Ids, names, years and contract terms
// (far_min … tax_min) are not corrected here: they identify rows or are what the contract says.
constexpr CorrectableField kCorrectable[] = {
    {L::Enterprises, "scale"},     {L::Enterprises, "ind_code"}, {L::Enterprises, "land_m2"},   {L::Enterprises, "output"},
    {L::Enterprises, "tax"},       {L::Enterprises, "value_add"}, {L::Enterprises, "invest"},   {L::Enterprises, "revenue"},
    {L::Enterprises, "energy"},    {L::Enterprises, "emission"}, {L::Enterprises, "rd"},        {L::Enterprises, "employees"},
    {L::Enterprises, "elec"},      {L::Enterprises, "water"},    {L::Enterprises, "founded"},
    {L::Parcels, "land_use"},      {L::Parcels, "ind_code"},     {L::Parcels, "gov_cause"},     {L::Parcels, "area_reg"},
    {L::Parcels, "floor_m2"},      {L::Parcels, "tall_m2"},      {L::Parcels, "footprint"},     {L::Parcels, "green_m2"},
    {L::Parcels, "admin_m2"},      {L::Parcels, "supply_dt"},    {L::Parcels, "start_due"},     {L::Parcels, "start_dt"},
    {L::Parcels, "done_due"},      {L::Parcels, "done_dt"},      {L::Parcels, "susp_dt"},       {L::Parcels, "dev_m2"},
    {L::Parcels, "plan_m2"},       {L::Parcels, "inv_total"},    {L::Parcels, "inv_done"},      {L::Parcels, "land_price"},
    {L::Parcels, "in_prod"},       {L::Parcels, "output"},       {L::Parcels, "tax"},           {L::Parcels, "value_add"},
    {L::Parcels, "invest"},
};

// The names of the override field (a grade is not an input field of either layer).
constexpr std::string_view kGradeNames[] = {"grade", "等级", "评价等级", "亩均评价等级", "综合评价等级", "分类等级", "PJDJ", "DJ"};

bool correctable(L layer, std::string_view field) {
    for (const auto& c : kCorrectable)
        if (c.layer == layer && c.field == field) return true;
    return false;
}

bool is_grade_name(std::string_view f) {
    for (auto n : kGradeNames)
        if (iequals(f, n)) return true;
    return false;
}

// The canonical field `f` names in the layer: its canonical name, Chinese label or an alias; -1 if none.
int resolve_field(const LayerSchema& s, std::string_view f) {
    for (size_t c = 0; c < s.fields.size(); ++c)
        if (iequals(s.fields[c].name, f) || s.fields[c].label == f) return static_cast<int>(c);
    for (size_t c = 0; c < s.fields.size(); ++c)
        for (const auto& a : split(s.fields[c].aliases, '|'))
            if (iequals(a, f)) return static_cast<int>(c);
    return -1;
}

std::string plain(double v) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.15g", v);
    return buf;
}

// A record's value of canonical field c as text (— for missing).
std::string shown(const LayerSchema& s, const Record& r, size_t c) {
    if (c < s.n_text) {
        const std::string_view t = r.text(c);
        return t.empty() ? std::string("—") : std::string(t);
    }
    const double v = r.num(c - s.n_text);
    if (std::isnan(v)) return "—";
    switch (s.fields[c].kind) {
        case FieldKind::Date: return from_num(v).iso();
        case FieldKind::Flag: return v != 0 ? "1" : "0";
        case FieldKind::Year: return std::to_string(static_cast<int>(v));
        default: return plain(v);
    }
}

// Parses `raw` as field c reads it; sets `why` when it cannot.
bool parse_value(const LayerSchema& s, size_t c, const std::string& raw, double& num, std::string& text, std::string& why) {
    const FieldSpec& spec = s.fields[c];
    switch (spec.kind) {
        case FieldKind::Text:
            if (s.kind == L::Enterprises && spec.name == "scale") {
                auto v = parse_scale(raw);
                if (!v) { why = "above/below (规上/规下)"; return false; }
                text = *v;
                return true;
            }
            text = raw;
            return true;
        case FieldKind::Number: {
            auto v = parse_number(raw, spec.unit);
            if (!v) { why = spec.unit.empty() ? std::string("number") : "number, " + std::string(spec.unit); return false; }
            num = *v;
            return true;
        }
        case FieldKind::Date: {
            auto d = parse_date(raw);
            if (!d) { why = "YYYY-MM-DD"; return false; }
            num = to_num(*d);
            return true;
        }
        case FieldKind::Flag: {
            auto v = parse_flag(raw);
            if (!v) { why = "1/0 (是/否)"; return false; }
            num = *v ? 1.0 : 0.0;
            return true;
        }
        case FieldKind::Year: {
            auto y = parse_year(raw);
            if (!y) { why = "YYYY"; return false; }
            num = *y;
            return true;
        }
    }
    return false;
}

std::string whitelist(L layer) {
    std::vector<std::string> names;
    for (const auto& c : kCorrectable)
        if (c.layer == layer) names.emplace_back(c.field);
    if (layer == L::Enterprises) names.emplace_back("grade");
    return join(names, ", ");
}

}  // namespace

std::span<const CorrectableField> correctable_fields() { return kCorrectable; }

void apply_corrections(Dataset& ds, Findings& findings) {
    ds.corrected.clear();
    ds.override_requests.clear();
    if (!ds.corrections.present || ds.corrections.features.empty()) return;
    const Lang lang = lang_of(ds.cfg.settings);
    // The rows the corrections name, by id, as the analysis joins them: an enterprise's first row of
    // the year (as measure() uses), a parcel's first row. Only the corrections' own ids are looked
    // for (keys are views into the corrections' records, which nothing here changes); an index of
    // every row's id cost seconds on one thread at 5 M parcels (issue 20), for a handful of corrections.
    constexpr uint32_t kNone = std::numeric_limits<uint32_t>::max();
    std::unordered_map<std::string_view, uint32_t> ent_row, parcel_row;
    for (const auto& f : ds.corrections.features) {
        if (!f.rec.s(CorrF::ent_id).empty()) ent_row.emplace(f.rec.s(CorrF::ent_id), kNone);
        if (!f.rec.s(CorrF::parcel_id).empty()) parcel_row.emplace(f.rec.s(CorrF::parcel_id), kNone);
    }
    for (uint32_t i = 0; i < ds.enterprises.features.size() && !ent_row.empty(); ++i) {
        const Record& r = ds.enterprises.features[i].rec;
        const double y = r.n(EntF::year);
        if (!std::isnan(y) && static_cast<int>(y) != ds.cfg.year) continue;
        auto it = ent_row.find(r.s(EntF::ent_id));
        if (it == ent_row.end() || it->second != kNone || ds.enterprises.id_rounded(i, EntF::ent_id)) continue;
        it->second = i;
    }
    for (uint32_t i = 0; i < ds.parcels.features.size() && !parcel_row.empty(); ++i) {
        auto it = parcel_row.find(ds.parcels.features[i].rec.s(ParcelF::parcel_id));
        if (it == parcel_row.end() || it->second != kNone || ds.parcels.id_rounded(i, ParcelF::parcel_id)) continue;
        it->second = i;
    }
    std::map<std::string, std::string> first_of;  // "layer\x1ftarget\x1ffield" → corr_id of the row applied
    const auto& rows = ds.corrections.features;
    for (uint32_t i = 0; i < rows.size(); ++i) {
        const Record& r = rows[i].rec;
        const std::string corr_id(r.s(CorrF::corr_id)), ent(r.s(CorrF::ent_id)), pid(r.s(CorrF::parcel_id));
        const std::string ref = feature_ref(ds.corrections, rows[i].fid, corr_id);
        auto add = [&](const char* code, Severity sev, const std::string& msg) {
            findings.add("corrections", rows[i].fid, corr_id, code, sev, msg);
        };
        const bool by_ent = !ent.empty() && !ds.corrections.id_rounded(i, CorrF::ent_id);
        const bool by_parcel = !pid.empty() && !ds.corrections.id_rounded(i, CorrF::parcel_id);
        if (!by_ent && !by_parcel) { add("correction_no_target", Severity::Warning, say(lang, Msg::CorrNoTarget, {ref})); continue; }
        if (by_ent && by_parcel) { add("correction_no_target", Severity::Warning, say(lang, Msg::CorrBothTargets, {ref, ent, pid})); continue; }
        const L kind = by_ent ? L::Enterprises : L::Parcels;
        const LayerSchema& s = schema(kind);
        LayerData& layer = by_ent ? ds.enterprises : ds.parcels;
        const std::string& target = by_ent ? ent : pid;
        const std::string field_text = trim(r.s(CorrF::field));
        const std::string raw = trim(r.s(CorrF::value));
        const std::string what = lang == Lang::en ? (by_ent ? "enterprises" : "parcels") : (by_ent ? "企业" : "宗地");
        // A manual grade override (enterprises only), applied after grading.
        if (is_grade_name(field_text)) {
            if (!by_ent) { add("override_invalid", Severity::Warning, say(lang, Msg::OverrideOnParcel, {ref})); continue; }
            const std::string g = ascii_lower(raw);
            if (g.size() != 1 || g[0] < 'a' || g[0] > 'd') {
                add("override_invalid", Severity::Warning, say(lang, Msg::OverrideBadGrade, {ref, quote_text(raw)}));
                continue;
            }
            auto [it, fresh] = first_of.emplace("enterprises\x1f" + target + "\x1fgrade", corr_id);
            if (!fresh) {
                add("correction_duplicate", Severity::Warning, say(lang, Msg::CorrDuplicate, {ref, it->second, what, target, "grade"}));
                continue;
            }
            ds.override_requests.push_back({i, target, static_cast<char>(g[0] - 'a' + 'A')});
            continue;
        }
        const int c = resolve_field(s, field_text);
        if (c < 0 || !correctable(kind, s.fields[static_cast<size_t>(c)].name)) {
            add("correction_field", Severity::Warning, say(lang, Msg::CorrUnknownField, {ref, quote_text(field_text), what, whitelist(kind)}));
            continue;
        }
        const auto cf = static_cast<size_t>(c);
        const std::string_view field = s.fields[cf].name;
        const auto& index = by_ent ? ent_row : parcel_row;
        auto row = index.find(target);
        if (row == index.end() || row->second == kNone) {
            add("correction_unknown_id", Severity::Warning,
                say(lang, Msg::CorrUnknownId, {ref, by_ent ? "ent_id" : "parcel_id", target,
                                               layer.present ? layer.label : std::string(s.name), std::to_string(ds.cfg.year)}));
            continue;
        }
        double num = kNaN;
        std::string text, why;
        if (raw.empty() || !parse_value(s, cf, raw, num, text, why)) {
            add("correction_bad_value", Severity::Warning,
                say(lang, Msg::CorrBadValue, {ref, std::string(field), quote_text(raw), raw.empty() ? std::string("—") : why}));
            continue;
        }
        auto [it, fresh] = first_of.emplace(std::string(s.name) + "\x1f" + target + "\x1f" + std::string(field), corr_id);
        if (!fresh) {
            add("correction_duplicate", Severity::Warning, say(lang, Msg::CorrDuplicate, {ref, it->second, what, target, std::string(field)}));
            continue;
        }
        Record& rec = layer.features[row->second].rec;
        AppliedCorrection a;
        a.corr_id = corr_id;
        a.layer = std::string(s.name);
        a.target = target;
        a.field = std::string(field);
        a.reason = std::string(r.s(CorrF::reason));
        a.doc = std::string(r.s(CorrF::doc_no));
        a.before = shown(s, rec, cf);
        if (cf < s.n_text) rec.set_text(cf, text);
        else rec.set_num(cf - s.n_text, num);
        // A field the source did not have is there now, for this row (the data-quality report still
        // says the source lacks it).
        a.after = shown(s, rec, cf);
        add("correction_applied", Severity::Info,
            say(lang, Msg::CorrApplied, {ref, what, target, a.field, a.before, a.after, a.reason.empty() ? "—" : a.reason, a.doc.empty() ? "—" : a.doc}));
        ds.corrected.push_back(std::move(a));
    }
}

}  // namespace landeff
