#include "landeff/checks.hpp"

#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>
#include <tbb/parallel_sort.h>

#include <cmath>
#include <functional>
#include <cstdio>
#include <ctime>
#include <unordered_map>

#include "landeff/format.hpp"
#include "landeff/overlay.hpp"

namespace landeff {
namespace {

std::string num_text(double v, int decimals = 2) { return fmt::fixed(v, decimals); }

// What each canonical field is needed for, so a missing field says what it costs.
struct Need { const char* zh; const char* en; };
const Need* needed_for(LayerKind k, std::string_view f) {
    static const std::unordered_map<std::string_view, Need> parcels = {
        {"parcel_id", {"在各输出中标识宗地", "identifying parcels in every output"}},
        {"ent_id", {"关联企业数据和等级", "joining enterprise figures and grades"}},
        {"area_reg", {"登记面积与实测面积的核对", "the registered-vs-measured area check"}},
        {"floor_m2", {"容积率", "FAR (容积率)"}},
        {"footprint", {"建筑系数", "building coverage (建筑系数)"}},
        {"supply_dt", {"土地状态判定(供而未用)", "the land-state chain (供而未用)"}},
        {"start_due", {"逾期和闲置土地判定(53 号令)", "overdue and idle land (Order 53)"}},
        {"start_dt", {"逾期和闲置土地判定(53 号令)", "overdue and idle land (Order 53)"}},
        {"ind_code", {"按行业的容积率下限", "the FAR minimum by industry"}},
    };
    static const std::unordered_map<std::string_view, Need> parks = {{"park_id", {"标识园区", "identifying parks"}},
                                                                     {"name", {"标注和报表", "labels and reports"}},
                                                                     {"level", {"平台分类", "platform classification"}}};
    static const std::unordered_map<std::string_view, Need> ents = {
        {"ent_id", {"关联企业与宗地", "joining enterprises to parcels"}}, {"tax", {"亩均税收", "per-mu tax (亩均税收)"}},
        {"output", {"亩均产值", "per-mu output (亩均产值)"}}, {"value_add", {"亩均增加值", "per-mu value added"}},
        {"scale", {"企业评价(规上/规下)", "grading (规上/规下)"}}};
    const auto* m = k == LayerKind::Parcels ? &parcels : k == LayerKind::Parks ? &parks
                  : k == LayerKind::Enterprises ? &ents : nullptr;
    if (!m) return nullptr;
    auto it = m->find(f);
    return it == m->end() ? nullptr : &it->second;
}

void check_missing_fields(const LayerData& layer, Findings& findings) {
    if (!layer.present) return;
    const auto& s = schema(layer.kind);
    for (size_t c = 0; c < s.fields.size(); ++c) {
        if (layer.has_field(c)) continue;
        const Need* need = needed_for(layer.kind, s.fields[c].name);
        const Lang lang = findings.lang();
        findings.add(std::string(s.name), -1, "", "missing_field", need ? Severity::Warning : Severity::Info,
                     layer.label + ": " +
                         say(lang, Msg::QMissingField,
                             {std::string(s.fields[c].name), std::string(s.fields[c].label),
                              need ? say(lang, Msg::QNeededFor, {lang == Lang::en ? need->en : need->zh}) : std::string(),
                              std::string(s.name)}));
    }
}

// The two findings of a feature's id, as check_one_id and check_ids give them: no id, or an id an
// earlier feature (`first_fid`) has already.
void missing_id(const LayerData& layer, const Feature& f, Findings& findings) {
    const auto& s = schema(layer.kind);
    findings.add(std::string(s.name), f.fid, "", "missing_id", Severity::Warning,
                 feature_ref(layer, f.fid, "") + ": " + say(findings.lang(), Msg::QMissingId, {std::string(s.fields[0].name)}));
}
void duplicate_id(const LayerData& layer, int64_t fid, std::string_view id, int64_t first_fid, Findings& findings) {
    const auto& s = schema(layer.kind);
    findings.add(std::string(s.name), fid, id, "duplicate_id", Severity::Error,
                 feature_ref(layer, fid, id) + ": " +
                     say(findings.lang(), Msg::QDuplicateId, {std::string(s.fields[0].name), std::string(id), std::to_string(first_fid)}));
}

// The repeated ids among n features, on every core (issue 20: a hash map of a million ids filled on
// one thread was most of the checks step, then of the 三调 read): each id hashed, (hash, index) pairs
// sorted, and only features whose hashes collide compared. For each feature whose id an earlier
// feature has, dup(index, index of the first with that id). id_of(i): the id, empty for none.
template <class IdOf, class Dup>
void find_duplicates(size_t n, IdOf id_of, Dup dup) {
    std::vector<std::pair<uint64_t, size_t>> keys(n);  // (hash of the id, index); index n: no id
    tbb::parallel_for(tbb::blocked_range<size_t>(0, n, 4096), [&](const tbb::blocked_range<size_t>& r) {
        for (size_t i = r.begin(); i != r.end(); ++i) {
            const std::string_view id = id_of(i);
            keys[i] = id.empty() ? std::pair<uint64_t, size_t>{0, n} : std::pair<uint64_t, size_t>{std::hash<std::string_view>{}(id), i};
        }
    });
    tbb::parallel_sort(keys.begin(), keys.end());
    // Runs of one hash (almost always one feature); within a run, in feature order, each feature
    // against the earlier ones: a duplicate names the first feature with its id.
    tbb::parallel_for(tbb::blocked_range<size_t>(0, keys.size(), 4096), [&](const tbb::blocked_range<size_t>& r) {
        size_t k = r.begin();
        while (k > 0 && k < r.end() && keys[k - 1].first == keys[k].first) ++k;  // a run begun before belongs to that range
        while (k < r.end()) {
            size_t e = k + 1;
            while (e < keys.size() && keys[e].first == keys[k].first) ++e;
            for (size_t j = k + 1; j < e; ++j) {
                if (keys[j].second == n) continue;
                const std::string_view id = id_of(keys[j].second);
                for (size_t i = k; i < j; ++i) {
                    if (keys[i].second == n || id_of(keys[i].second) != id) continue;
                    dup(keys[j].second, keys[i].second);
                    break;
                }
            }
            k = e;
        }
    });
}

// A layer read whole: a missing id, or a duplicate naming the first feature with that id.
// Enterprises have a row per year: their duplicates are judged by measure() (a duplicate row of the
// year), only missing ids here.
void check_ids(const LayerData& layer, Findings& findings) {
    if (!layer.present || layer.streamed) return;  // a streamed layer is checked as it is read (StreamedIdCheck)
    if (!layer.has_field(size_t{0})) return;  // reported as a missing field
    const auto& fs = layer.features;
    tbb::parallel_for(tbb::blocked_range<size_t>(0, fs.size(), 4096), [&](const tbb::blocked_range<size_t>& r) {
        for (size_t i = r.begin(); i != r.end(); ++i)
            if (fs[i].rec.text(0).empty()) missing_id(layer, fs[i], findings);
    });
    if (layer.kind == LayerKind::Enterprises) return;
    find_duplicates(
        fs.size(), [&](size_t i) { return fs[i].rec.text(0); },
        [&](size_t i, size_t first) { duplicate_id(layer, fs[i].fid, fs[i].rec.text(0), fs[first].fid, findings); });
}

void check_parcel_values(const Dataset& ds, const QualityRules& rules, Findings& findings) {
    const LayerData& layer = ds.parcels;
    const double far_max = rules.far_max;
    std::time_t now = std::time(nullptr);
    std::tm tm{};
    gmtime_r(&now, &tm);
    const Date today = Date::from_ymd(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
    const Lang lang = findings.lang();
    // Each parcel on its own (findings are sorted before output, so the order of adding is free).
    tbb::parallel_for(size_t(0), layer.features.size(), [&](size_t i) {
        const Feature& f = layer.features[i];
        const Record& r = f.rec;
        const std::string_view id = r.s(ParcelF::parcel_id);
        auto add = [&](const char* code, Severity sev, const std::string& msg) {
            findings.add("parcels", f.fid, id, code, sev, feature_ref(layer, f.fid, id) + ": " + msg);
        };
        for (ParcelF a : {ParcelF::area_reg, ParcelF::floor_m2, ParcelF::tall_m2, ParcelF::footprint, ParcelF::green_m2,
                          ParcelF::admin_m2, ParcelF::dev_m2, ParcelF::plan_m2, ParcelF::inv_total, ParcelF::inv_done,
                          ParcelF::land_price, ParcelF::output, ParcelF::invest}) {
            const double v = r.n(a);
            if (!std::isnan(v) && v < 0)
                add("negative_value", Severity::Error,
                    say(lang, Msg::QNegative, {std::string(schema(LayerKind::Parcels).fields[static_cast<size_t>(a)].name), num_text(v)}));
        }
        const double far = r.n(ParcelF::far_rep);
        if (!std::isnan(far) && far > far_max)
            add("far_implausible", Severity::Error,
                say(lang, Msg::QFarRecorded, {num_text(far), num_text(far_max, 0)}));
        const double floor = r.n(ParcelF::floor_m2), reg = r.n(ParcelF::area_reg);
        if (!std::isnan(floor) && !std::isnan(reg) && reg > 0 && floor / reg > far_max)
            add("far_implausible", Severity::Error,
                say(lang, Msg::QFarFloor, {num_text(floor), num_text(reg), num_text(floor / reg), num_text(far_max, 0)}));
        const double supply = r.n(ParcelF::supply_dt), start = r.n(ParcelF::start_dt);
        if (!std::isnan(supply) && !std::isnan(start) && start < supply)
            add("start_before_supply", Severity::Warning,
                say(lang, Msg::QStartBeforeSupply, {from_num(start).iso(), from_num(supply).iso()}));
        for (ParcelF d : {ParcelF::supply_dt, ParcelF::start_dt, ParcelF::done_dt, ParcelF::susp_dt}) {
            const double v = r.n(d);
            if (!std::isnan(v) && from_num(v) > today)
                add("date_in_future", Severity::Warning,
                    say(lang, Msg::QDateFuture, {std::string(schema(LayerKind::Parcels).fields[static_cast<size_t>(d)].name), from_num(v).iso()}));
        }
    });
}

void check_enterprise_values(const Dataset& ds, Findings& findings) {
    for (const auto& f : ds.enterprises.features) {
        const Record& r = f.rec;
        for (EntF a : {EntF::land_m2, EntF::output, EntF::value_add, EntF::invest, EntF::revenue, EntF::energy,
                       EntF::emission, EntF::rd, EntF::employees, EntF::elec}) {
            const double v = r.n(a);
            if (!std::isnan(v) && v < 0)
                findings.add("enterprises", f.fid, r.s(EntF::ent_id), "negative_value", Severity::Error,
                             feature_ref(ds.enterprises, f.fid, r.s(EntF::ent_id)) + ": " +
                                 say(findings.lang(), Msg::QNegative,
                                     {std::string(schema(LayerKind::Enterprises).fields[static_cast<size_t>(a)].name), num_text(v)}));
        }
    }
}

}  // namespace

void check_inputs(const Dataset& ds, const QualityRules& rules, Findings& findings) {
    for (auto k : all_layer_kinds()) {
        check_missing_fields(ds.layer(k), findings);
        check_ids(ds.layer(k), findings);
    }
    check_parcel_values(ds, rules, findings);
    check_enterprise_values(ds, findings);
    report_overlaps(ds, ds.parcels, "parcel_overlap", say(findings.lang(), Msg::ParcelOverlapConsequence), rules.overlap_min_m2,
                    findings);
}

void check_areas(const Dataset& ds, const QualityRules& rules, const Analysis& an, Findings& findings) {
    an.require(Stage::Overlay, "check_areas");  // the measured areas
    const double tol = rules.area_tolerance;
    tbb::parallel_for(size_t(0), ds.parcels.features.size(), [&](size_t i) {
        const auto& f = ds.parcels.features[i];
        const double reg = f.rec.n(ParcelF::area_reg);
        const double meas = an.parcels[i].area_m2;
        if (std::isnan(reg) || std::isnan(meas) || reg <= 0) return;
        const double diff = std::fabs(meas - reg) / reg;
        if (diff > tol)
            findings.add("parcels", f.fid, f.rec.s(ParcelF::parcel_id), "area_mismatch", Severity::Warning,
                         feature_ref(ds.parcels, f.fid, f.rec.s(ParcelF::parcel_id)) + ": " +
                             say(findings.lang(), Msg::QAreaMismatch,
                                 {num_text(reg), num_text(meas), num_text(diff * 100, 1), num_text(tol * 100, 1)}));
    });
}

void StreamedIdCheck::add(const LayerData& layer, const std::vector<Feature>& chunk, Findings& findings) {
    if (!layer.has_field(size_t{0})) return;  // reported as a missing field
    for (const auto& f : chunk) {
        const std::string_view id = f.rec.text(0);
        if (id.empty()) {
            missing_id(layer, f, findings);
            continue;
        }
        text_.append(id);
        end_.push_back(text_.size());
        fid_.push_back(f.fid);
    }
}

void StreamedIdCheck::finish(const LayerData& layer, Findings& findings) {
    if (layer.kind != LayerKind::Enterprises && !fid_.empty()) {
        auto id_of = [&](size_t i) {
            const size_t b = i == 0 ? 0 : end_[i - 1];
            return std::string_view(text_).substr(b, end_[i] - b);
        };
        find_duplicates(fid_.size(), id_of, [&](size_t i, size_t first) { duplicate_id(layer, fid_[i], id_of(i), fid_[first], findings); });
    }
    text_ = {};
    end_ = {};
    fid_ = {};
}

}  // namespace landeff
