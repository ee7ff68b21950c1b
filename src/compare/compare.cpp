#include "landeff/compare.hpp"

#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <functional>
#include <nlohmann/json.hpp>
#include <set>
#include <unordered_map>

#include "landeff/format.hpp"
#include "landeff/columns.hpp"
#include "landeff/error.hpp"
#include "landeff/labels.hpp"
#include "landeff/params.hpp"
#include "landeff/geos.hpp"
#include "landeff/versions.hpp"
#include "landeff/report.hpp"
#include "landeff/run_dir.hpp"
#include "landeff/settings.hpp"
#include "landeff/spatial_index.hpp"
#include "landeff/text.hpp"
#include "landeff/styles.hpp"
#include "landeff/writer.hpp"

namespace fs = std::filesystem;

namespace landeff {
namespace {

constexpr double kNaNv = std::numeric_limits<double>::quiet_NaN();

// The layers and fields compare reads from each run's landeff.gpkg (a missing one is a damaged output).
const std::vector<std::string> kParcelFields = {"state", "mu_tax", "area_mu", "ent_id"};
const std::vector<std::string> kEntFields = {"name", "grade", "score"};
const std::vector<std::string> kApprFields = {"area_mu", "park_id"};

struct Run {
    RunDir rd;
    GDALDatasetUniquePtr ds;
};

// One layer's features as id → field values and geometry. Numbers are kept as the doubles stored
// in the GeoPackage: text (GDAL's 15 significant digits) would turn a growth of exactly 5 % into
// 4.9999999999999 % (issue 13).
struct Item {
    std::map<std::string, std::string> f;
    std::map<std::string, double> d;
    GeomPtr geom;
    double num(const std::string& k) const {
        auto it = d.find(k);
        return it == d.end() ? kNaNv : it->second;
    }
    std::string str(const std::string& k) const {
        auto it = f.find(k);
        return it == f.end() ? std::string() : it->second;
    }
};

std::map<std::string, Item> read_items(GDALDataset& ds, const std::string& layer, const std::string& id_field,
                                       const std::vector<std::string>& fields, bool with_geom,
                                       OGRCoordinateTransformation* to_cur = nullptr) {
    std::map<std::string, Item> out;
    OGRLayer* l = ds.GetLayerByName(layer.c_str());
    if (!l) return out;
    const int id_i = l->GetLayerDefn()->GetFieldIndex(id_field.c_str());
    if (id_i < 0) return out;  // open_run_gpkg has checked the id fields of every layer compare reads
    for (auto& feat : *l) {
        const std::string id = feat->GetFieldAsString(id_i);
        if (id.empty() || out.count(id)) continue;  // ids are unique in a run's output (duplicates are findings)
        Item it;
        for (const auto& k : fields) {
            const int i = feat->GetFieldIndex(k.c_str());
            const bool set = i >= 0 && feat->IsFieldSetAndNotNull(i);
            it.f[k] = set ? feat->GetFieldAsString(i) : "";
            if (!set) continue;
            const OGRFieldType t = feat->GetFieldDefnRef(i)->GetType();
            if (t == OFTReal || t == OFTInteger || t == OFTInteger64) it.d[k] = feat->GetFieldAsDouble(i);
        }
        if (with_geom && feat->GetGeometryRef()) {
            OGRGeometry* g = feat->GetGeometryRef();
            if (to_cur && g->transform(to_cur) != OGRERR_NONE)
                throw RunError(Msg::ECmpReprojectFeature, {layer, id, std::string(CPLGetLastErrorMsg())});
            it.geom = from_ogr(*g);
        }
        out.emplace(id, std::move(it));
    }
    return out;
}

std::string crs_label(const OGRSpatialReference& srs) {
    const char* auth = srs.GetAuthorityName(nullptr);
    const char* code = srs.GetAuthorityCode(nullptr);
    if (auth && code) return std::string(auth) + ":" + code;
    const char* name = srs.GetName();
    return name ? name : "an unnamed CRS";
}

double pct_change(double p, double c) { return std::isnan(p) || std::isnan(c) || p == 0 ? kNaNv : (c - p) / std::fabs(p); }

std::string pct_text(double r, int decimals = 1) { return fmt::signed_percent(r, decimals); }

// A growth beside its target, with the decimals needed to tell them apart when they differ by more
// than the tolerance (4.9999 % against 5 % is "+4.9999 %", not "+5.0 %"; at most 6 decimals).
std::string growth_text(double r, double target, double tol) {
    int d = 1;
    if (std::fabs(r - target) > tol)
        while (d < 6 && pct_text(r, d) == pct_text(target, d)) ++d;
    return pct_text(r, d);
}

bool is_idle(const std::string& s) { return s == "idle" || s == "idle_gov"; }

std::string transition(const std::string& p, const std::string& c) {
    if (is_idle(p) && !is_idle(c)) return "idle_disposed";
    if (!is_idle(p) && is_idle(c)) return "newly_idle";
    if (p == "not_supplied" && c != "not_supplied") return "supplied";
    if (p != "inefficient" && c == "inefficient") return "newly_inefficient";
    if (p == "inefficient" && c != "inefficient") return "inefficiency_resolved";
    return "state_changed";
}

int grade_rank(const std::string& g) { return g == "A" ? 0 : g == "B" ? 1 : g == "C" ? 2 : g == "D" ? 3 : -1; }

struct ParcelChange {
    std::string id, kind, prev_state, cur_state, prev_ids, cur_ids;
    double prev_tax = kNaNv, cur_tax = kNaNv, area_mu = kNaNv;
    const GEOSGeometry* geom = nullptr;
};

// The previous figures of a group of earlier parcels (the prev_ids of a split, merged or redrawn
// parcel), described as a whole: the state when they all had the same one, else one state per
// parcel in prev_ids order ("normal,idle": a mix of states is not a state); per-mu tax
// Σ tax ÷ Σ land = Σ (mu_tax × area_mu) ÷ Σ area_mu, null when any parcel of the group had no figure.
struct GroupFigures {
    std::string state;
    double mu_tax = kNaNv;
};
GroupFigures group_figures(const std::vector<std::string>& ids, std::map<std::string, Item>& prev) {
    GroupFigures g;
    std::vector<std::string> states;
    double tax = 0, land = 0;
    bool all_known = true;
    for (const auto& id : ids) {
        const Item& p = prev[id];
        states.push_back(p.str("state"));
        const double t = p.num("mu_tax"), a = p.num("area_mu");
        if (std::isnan(t) || std::isnan(a)) all_known = false;
        else {
            tax += t * a;
            land += a;
        }
    }
    const bool same = std::all_of(states.begin(), states.end(), [&](const std::string& x) { return x == states.front(); });
    g.state = states.empty() ? std::string() : same ? states.front() : join(states, ",");
    if (all_known && land > 0) g.mu_tax = tax / land;
    return g;
}

// A growth target of one metric of one park. Growth is (cur − prev) ÷ |prev|; it is met when
// growth ≥ target − tolerance (compare.tolerance absorbs the rounding of the figures' doubles).
// It cannot be judged (不可评价) when either year has no figure or the previous figure is 0 (a
// park with no tax in either year): then it counts neither as met nor as not met.
struct TargetResult {
    bool assessable = false, met = false;
    std::string note;
};
TargetResult judge_target(Lang lang, Msg name, double target, double tol, const Item* p, const Item& c, const char* field) {
    TargetResult t;
    const double pv = p ? p->num(field) : kNaNv, cv = c.num(field);
    std::string why;
    if (std::isnan(pv) && std::isnan(cv)) why = say(lang, Msg::CmpNoFigureEither);
    else if (std::isnan(pv)) why = say(lang, Msg::CmpNoFigurePrev);
    else if (std::isnan(cv)) why = say(lang, Msg::CmpNoFigureCur);
    else if (pv == 0) why = say(lang, Msg::CmpPrevZero);
    const std::string label = say(lang, name), goal = pct_text(target);
    if (!why.empty()) {
        t.note = say(lang, Msg::CmpTarget, {label, goal, say(lang, Msg::CmpNotAssessable, {why})});
        return t;
    }
    const double r = pct_change(pv, cv);
    t.assessable = true;
    t.met = r >= target - tol;
    t.note = say(lang, Msg::CmpTarget, {label, goal, say(lang, t.met ? Msg::CmpMet : Msg::CmpNotMet, {growth_text(r, target, tol)})});
    return t;
}

// The name of a metric with a growth target in park_changes.targets.
Msg target_name(std::string_view field) {
    if (field == "mu_output") return Msg::FigOutput;
    if (field == "mu_tax") return Msg::FigTax;
    if (field == "invest") return Msg::CmpInvest;
    return Msg::CmpFar;  // "far", the only other metric with a target (kMetrics)
}

// The metrics of the parks compared, with their growth targets.
struct Metric { const char* field; const char* out; const char* label; const char* target; const char* unit; };
const Metric kMetrics[] = {{"land_mu", "land", "宗地面积(亩)", nullptr, "亩"},
                           {"mu_output", "mu_out", "亩均产值", "targets.mu_output_growth", "万元/亩"},
                           {"mu_tax", "mu_tax", "亩均税收", "targets.mu_tax_growth", "万元/亩"},
                           {"inv_int", "inv_int", "投资强度", nullptr, "万元/亩"},
                           {"invest", "invest", "固定资产投资", "targets.invest_growth", "万元"},
                           {"far", "far", "综合容积率", "targets.far_growth", ""},
                           {"idle_mu", "idle", "闲置土地(亩)", nullptr, "亩"},
                           {"unsup_mu", "unsup", "批而未供(亩)", nullptr, "亩"}};

using Items = std::map<std::string, Item>;

// Parcels: by parcel_id; ids gone or new are matched by overlap (split, merged, redrawn). The
// changes point at P's and C's geometries.
std::vector<ParcelChange> parcel_changes(Items& P, Items& C, CompareSummary& sum) {
    std::vector<ParcelChange> changes;
    std::vector<std::string> gone, born;
    for (const auto& [id, p] : P) {
        auto it = C.find(id);
        if (it == C.end()) { gone.push_back(id); continue; }
        const std::string ps = p.str("state"), cs = it->second.str("state");
        if (ps == cs) continue;
        changes.push_back({id, transition(ps, cs), ps, cs, id, id, p.num("mu_tax"), it->second.num("mu_tax"),
                           it->second.num("area_mu"), it->second.geom.get()});
    }
    for (const auto& [id, c] : C)
        if (!P.count(id)) born.push_back(id);
    {
        // Overlaps between gone and new parcels, as a bipartite graph; its components decide.
        std::vector<const GEOSGeometry*> born_geoms;
        for (const auto& id : born) born_geoms.push_back(C[id].geom.get());
        const EnvelopeIndex index(born_geoms);
        std::vector<std::vector<size_t>> g_to_b(gone.size());
        std::vector<std::vector<size_t>> b_to_g(born.size());
        std::vector<uint32_t> hits;
        for (size_t g = 0; g < gone.size(); ++g) {
            const GEOSGeometry* gg = P[gone[g]].geom.get();
            if (!gg) continue;
            index.query(gg, hits);
            for (uint32_t b : hits) {
                if (!born_geoms[b]) continue;
                GeomPtr inter = clipped_intersection(gg, born_geoms[b]);
                if (area(inter.get()) > 1.0) {  // more than 1 m² in common (a shared edge is not a match)
                    g_to_b[g].push_back(b);
                    b_to_g[b].push_back(g);
                }
            }
        }
        std::vector<bool> seen_g(gone.size()), seen_b(born.size());
        for (size_t start = 0; start < gone.size(); ++start) {
            if (seen_g[start]) continue;
            std::vector<size_t> gs, bs, stack = {start};
            seen_g[start] = true;
            // Depth-first over the component (g nodes on the stack; b nodes expanded in place).
            while (!stack.empty()) {
                const size_t g = stack.back();
                stack.pop_back();
                gs.push_back(g);
                for (size_t b : g_to_b[g]) {
                    if (seen_b[b]) continue;
                    seen_b[b] = true;
                    bs.push_back(b);
                    for (size_t g2 : b_to_g[b])
                        if (!seen_g[g2]) { seen_g[g2] = true; stack.push_back(g2); }
                }
            }
            std::vector<std::string> gid, bid;
            for (size_t g : gs) gid.push_back(gone[g]);
            for (size_t b : bs) bid.push_back(born[b]);
            std::sort(gid.begin(), gid.end());
            std::sort(bid.begin(), bid.end());
            const std::string kind = bs.empty()               ? "gone"
                                     : gs.size() == 1 && bs.size() == 1 ? "renumbered"
                                     : gs.size() == 1                   ? "split"
                                     : bs.size() == 1                   ? "merged"
                                                                        : "redrawn";
            if (bs.empty()) {
                const Item& p = P[gid[0]];
                changes.push_back({gid[0], kind, p.str("state"), "", gid[0], "", p.num("mu_tax"), kNaNv, p.num("area_mu"), p.geom.get()});
                continue;
            }
            const GroupFigures before = group_figures(gid, P);
            for (const auto& b : bid) {
                const Item& c = C[b];
                changes.push_back({b, kind, before.state, c.str("state"), join(gid, ","), join(bid, ","), before.mu_tax,
                                   c.num("mu_tax"), c.num("area_mu"), c.geom.get()});
            }
        }
        for (size_t b = 0; b < born.size(); ++b)
            if (!seen_b[b]) {
                const Item& c = C[born[b]];
                changes.push_back({born[b], "new", "", c.str("state"), "", born[b], kNaNv, c.num("mu_tax"), c.num("area_mu"), c.geom.get()});
            }
    }
    std::sort(changes.begin(), changes.end(), [](const ParcelChange& a, const ParcelChange& b) {
        return a.id != b.id ? a.id < b.id : a.kind < b.kind;
    });
    for (const auto& c : changes) ++sum.parcel_changes[c.kind];
    return changes;
}

struct EntChange { std::string id, name, name_p, pg, cg, move; double ps, cs; };

// Enterprises: grade moves with both scores.
std::vector<EntChange> enterprise_changes(Items& PE, Items& CE, CompareSummary& sum) {
    std::vector<EntChange> ent_changes;
    std::set<std::string> ids;
    for (const auto& [id, x] : PE) ids.insert(id);
    for (const auto& [id, x] : CE) ids.insert(id);
    for (const auto& id : ids) {
        const Item* p = PE.count(id) ? &PE[id] : nullptr;
        const Item* c = CE.count(id) ? &CE[id] : nullptr;
        const std::string pg = p ? p->str("grade") : "", cg = c ? c->str("grade") : "";
        if (p && c && pg == cg) continue;
        std::string move;
        if (!p) move = "new";
        else if (!c) move = "gone";
        else if (grade_rank(pg) < 0) move = "graded";
        else if (grade_rank(cg) < 0) move = "ungraded";
        else move = grade_rank(cg) < grade_rank(pg) ? "up" : "down";
        // The name: this year's; last year's for a gone enterprise (the only one it has) and for one
        // whose name is missing this year (e.g. its enterprise row is gone while its parcels stay).
        const std::string name_p = p ? p->str("name") : std::string(), name_c = c ? c->str("name") : std::string();
        ent_changes.push_back({id, name_c.empty() ? name_p : name_c, name_p, pg, cg, move, p ? p->num("score") : kNaNv,
                               c ? c->num("score") : kNaNv});
        ++sum.enterprise_changes[move];
    }
    return ent_changes;
}

// The parks and the region total, keyed "*": its own `region` table (region_id "*") since issue 16,
// the parks row park_id "*" in older outputs — last year's output may be either.
Items parks_and_region(GDALDataset& g, bool with_geom, const std::vector<std::string>& park_fields) {
    auto m = read_items(g, "parks", "park_id", park_fields, with_geom);
    for (auto& [id, it] : read_items(g, "region", "region_id", park_fields, false)) m.insert_or_assign("*", std::move(it));
    return m;
}

struct ParkChangeRow { std::string id; const Item* p; const Item* c; std::string targets; int met; };

// Parks: metrics with absolute and percentage change, categories, targets.
std::vector<ParkChangeRow> park_changes(Items& PP, Items& CP, const nlohmann::json& settings, double tol, CompareSummary& sum) {
    const Lang lang = sum.lang;
    std::vector<ParkChangeRow> parks;
    for (const auto& [id, c] : CP) {
        const Item* p = PP.count(id) ? &PP[id] : nullptr;
        std::vector<std::string> notes;
        int checked = 0, met = 0;
        for (const auto& m : kMetrics) {
            if (!m.target || !settings.contains(m.target) || !settings.at(m.target).is_number()) continue;
            const double target = settings.at(m.target).get<double>();
            if (std::isnan(target)) continue;
            const TargetResult t = judge_target(lang, target_name(m.field), target, tol, p, c, m.field);
            checked += t.assessable;
            met += t.met;
            notes.push_back(t.note);
        }
        const int flag = checked == 0 ? -1 : met == checked ? 1 : 0;
        if (id != "*") {
            ++sum.parks;
            if (p && p->str("category") != c.str("category")) ++sum.parks_category_changed;
            if (flag >= 0) ++sum.parks_targets_checked;
            if (flag == 1) ++sum.parks_targets_met;
        }
        parks.push_back({id, p, &c, join(notes, "; "), flag});
    }
    return parks;
}

struct ApprRow { std::string id, park, change; double p, c, supplied; };

// Approvals: unsupplied land supplied since the previous year.
std::vector<ApprRow> approval_changes(Items& PU, Items& CU, CompareSummary& sum) {
    // An approval absent from last year's unsupplied layer is new (or was fully supplied then):
    // its last-year figure is null and nothing of it counts as supplied this year.
    std::vector<ApprRow> approvals;
    std::set<std::string> aids;
    for (const auto& [id, x] : PU) aids.insert(id);
    for (const auto& [id, x] : CU) aids.insert(id);
    for (const auto& id : aids) {
        const bool was = PU.count(id) > 0, is = CU.count(id) > 0;
        const double p = was ? PU[id].num("area_mu") : kNaNv, c = is ? CU[id].num("area_mu") : 0;
        if (!was) {
            approvals.push_back({id, CU[id].str("park_id"), "new", kNaNv, c, 0.0});
            ++sum.approvals_new;
            continue;
        }
        if (std::fabs(p - c) < 1e-9) continue;
        // Unsupplied land that grew was returned (e.g. idle land recovered): nothing was supplied.
        approvals.push_back({id, is ? CU[id].str("park_id") : PU[id].str("park_id"), c < p ? "supplied" : "returned", p, c,
                             std::max(p - c, 0.0)});
        if (c < p) ++sum.approvals_supplied;
    }
    return approvals;
}

// The output layers, one column table each (columns.hpp).
std::vector<OutLayer> change_layers(const std::vector<ParcelChange>& changes, const std::vector<EntChange>& ent_changes,
                                    const std::vector<ParkChangeRow>& parks, const std::vector<ApprRow>& approvals) {
    using T = OutType;
    struct ParcelOut { const ParcelChange& c; const GEOSGeometry* geom; };
    struct EntOut { const EntChange& e; const GEOSGeometry* geom; };
    struct ParkOut { const ParkChangeRow& p; const GEOSGeometry* geom; };
    struct ApprOut { const ApprRow& a; const GEOSGeometry* geom; };
    auto text = [](const std::string& v) { return Value(std::string_view(v)); };
    using PC = const ParcelOut&;
    static const std::vector<Column<ParcelOut>> parcel_cols = {
        {"parcel_id", "宗地代码", T::Text, "", nullptr, [](PC r) { return Value(std::string_view(r.c.id)); }},
        {"change", "变化类型", T::Text, "", &parcel_change_labels(), [](PC r) { return Value(std::string_view(r.c.kind)); }},
        {"prev_state", "上年状态", T::Text, "", &land_state_labels(), [](PC r) { return Value(std::string_view(r.c.prev_state)); }},
        {"cur_state", "本年状态", T::Text, "", &land_state_labels(), [](PC r) { return Value(std::string_view(r.c.cur_state)); }},
        {"prev_ids", "上年宗地", T::Text, "", nullptr, [](PC r) { return Value(std::string_view(r.c.prev_ids)); }},
        {"cur_ids", "本年宗地", T::Text, "", nullptr, [](PC r) { return Value(std::string_view(r.c.cur_ids)); }},
        {"mu_tax_p", "上年亩均税收", T::Real, "万元/亩", nullptr, [](PC r) { return Value(r.c.prev_tax); }},
        {"mu_tax_c", "本年亩均税收", T::Real, "万元/亩", nullptr, [](PC r) { return Value(r.c.cur_tax); }},
        {"area_mu", "面积(亩)", T::Real, "亩", nullptr, [](PC r) { return Value(r.c.area_mu); }}};
    using EC = const EntOut&;
    static const std::vector<Column<EntOut>> ent_cols = {
        {"ent_id", "企业代码", T::Text, "", nullptr, [](EC r) { return Value(std::string_view(r.e.id)); }},
        {"name", "企业名称", T::Text, "", nullptr, [](EC r) { return Value(std::string_view(r.e.name)); }},
        {"grade_p", "上年等级", T::Text, "", &grade_labels(), [](EC r) { return Value(std::string_view(r.e.pg)); }},
        {"grade_c", "本年等级", T::Text, "", &grade_labels(), [](EC r) { return Value(std::string_view(r.e.cg)); }},
        {"move", "变化", T::Text, "", nullptr, [](EC r) { return Value(std::string_view(r.e.move)); }},
        {"score_p", "上年得分", T::Real, "", nullptr, [](EC r) { return Value(r.e.ps); }},
        {"score_c", "本年得分", T::Real, "", nullptr, [](EC r) { return Value(r.e.cs); }},
        {"name_p", "上年企业名称", T::Text, "", nullptr, [](EC r) { return Value(std::string_view(r.e.name_p)); }}};
    // Parks: four columns per metric (previous, current, change, relative change), generated.
    using KC = const ParkOut&;
    using ParkGet = std::function<Value(KC)>;
    // Built once: the layer's fill reads the columns after this function returns.
    static const std::vector<Column<ParkOut, ParkGet>> park_cols = [text] {
        std::vector<Column<ParkOut, ParkGet>> cols = {
            {"park_id", "园区代码", T::Text, "", nullptr, [text](KC r) { return text(r.p.id); }},
            {"name", "园区名称", T::Text, "", nullptr, [](KC r) { return Value(r.p.c->str("name")); }}};
        for (const auto& m : kMetrics) {
            const std::string o = m.out, l = m.label;
            const std::string field = m.field;
            auto prev_of = [field](KC r) { return r.p.p ? r.p.p->num(field) : kNaNv; };
            auto cur_of = [field](KC r) { return r.p.c->num(field); };
            cols.push_back({o + "_p", "上年" + l, T::Real, m.unit, nullptr, [prev_of](KC r) { return Value(prev_of(r)); }});
            cols.push_back({o + "_c", "本年" + l, T::Real, m.unit, nullptr, [cur_of](KC r) { return Value(cur_of(r)); }});
            cols.push_back({o + "_d", l + "变化", T::Real, m.unit, nullptr, [prev_of, cur_of](KC r) {
                                     const double p = prev_of(r), c = cur_of(r);
                                     return Value(std::isnan(p) || std::isnan(c) ? kNaNv : c - p);
                                 }});
            cols.push_back({o + "_r", l + "变化率", T::Real, "1", nullptr,
                                 [prev_of, cur_of](KC r) { return Value(pct_change(prev_of(r), cur_of(r))); }});
        }
        const std::vector<Column<ParkOut, ParkGet>> park_tail = {
            {"cat_p", "上年分类", T::Text, "", &platform_category_labels(),
             [](KC r) { return Value(r.p.p ? r.p.p->str("category") : std::string()); }},
            {"cat_c", "本年分类", T::Text, "", &platform_category_labels(), [](KC r) { return Value(r.p.c->str("category")); }},
            {"cat_chg", "分类变化", T::Int, "", nullptr,
             [](KC r) {
                 return r.p.p ? Value(static_cast<int64_t>(r.p.p->str("category") != r.p.c->str("category"))) : Value();
             }},
            {"targets", "目标完成情况", T::Text, "", nullptr, [text](KC r) { return text(r.p.targets); }},
            {"tgt_met", "目标全部达标", T::Int, "", nullptr,
             [](KC r) { return r.p.met >= 0 ? Value(static_cast<int64_t>(r.p.met)) : Value(); }}};
        cols.insert(cols.end(), park_tail.begin(), park_tail.end());
        return cols;
    }();
    using AC = const ApprOut&;
    static const std::vector<Column<ApprOut>> appr_cols = {
        {"appr_id", "批准编号", T::Text, "", nullptr, [](AC r) { return Value(std::string_view(r.a.id)); }},
        {"park_id", "所在园区", T::Text, "", nullptr, [](AC r) { return Value(std::string_view(r.a.park)); }},
        {"unsup_p", "上年批而未供(亩)", T::Real, "亩", nullptr, [](AC r) { return Value(r.a.p); }},
        {"unsup_c", "本年批而未供(亩)", T::Real, "亩", nullptr, [](AC r) { return Value(r.a.c); }},
        {"supplied", "本年新供(亩)", T::Real, "亩", nullptr, [](AC r) { return Value(r.a.supplied); }},
        {"change", "变化类型", T::Text, "", nullptr, [](AC r) { return Value(std::string_view(r.a.change)); }}};
    std::vector<OutLayer> layers;
    layers.push_back(table_layer("parcel_changes", "宗地变化", true, parcel_cols, changes.size(),
                                 [&changes](size_t i) { return ParcelOut{changes[i], changes[i].geom}; }));
    layers.push_back(table_layer("enterprise_changes", "企业等级变化", false, ent_cols, ent_changes.size(),
                                 [&ent_changes](size_t i) { return EntOut{ent_changes[i], nullptr}; }));
    layers.push_back(table_layer("park_changes", "园区指标变化", true, park_cols, parks.size(),
                                 [&parks](size_t i) { return ParkOut{parks[i], parks[i].c->geom.get()}; }));
    layers.push_back(table_layer("approval_changes", "批而未供变化", false, appr_cols, approvals.size(),
                                 [&approvals](size_t i) { return ApprOut{approvals[i], nullptr}; }));
    return layers;
}

// The facts of changes.xlsx's summary sheet.
ReportSummary change_summary(const CompareSummary& sum) {
    ReportSummary rs;
    rs.title = std::to_string(sum.prev_year) + "–" + std::to_string(sum.cur_year) + " 年度变化";
    for (const auto& [k, n] : sum.parcel_changes) rs.facts.push_back({"宗地: " + k, std::to_string(n)});
    for (const auto& [k, n] : sum.enterprise_changes) rs.facts.push_back({"企业等级: " + k, std::to_string(n)});
    rs.facts.push_back({"园区分类变化", std::to_string(sum.parks_category_changed) + " / " + std::to_string(sum.parks)});
    rs.facts.push_back({"园区目标全部达标", std::to_string(sum.parks_targets_met) + " / " + std::to_string(sum.parks_targets_checked)});
    rs.facts.push_back({"批而未供新供批次", std::to_string(sum.approvals_supplied)});
    rs.facts.push_back({"新增批而未供批次", std::to_string(sum.approvals_new)});
    if (sum.reprojected) rs.facts.push_back({"上年坐标系", sum.prev_crs + " → " + sum.cur_crs + " (已重投影后比对)"});
    return rs;
}

// changes/run.json: what was compared with what, and the counts.
nlohmann::json change_record(const CompareOptions& opt, const CompareSummary& sum, double tol) {
    nlohmann::json rj;
    rj["landeff_version"] = LANDEFF_VERSION;
    rj["libraries"] = library_versions();  // GDAL, GEOS, PROJ
    // Paths relative to this output, so a multi-year run's record does not name its staging directory.
    const fs::path here = fs::absolute(opt.out);
    rj["previous"] = {{"dir", fs::absolute(opt.prev).lexically_relative(here).string()}, {"year", sum.prev_year}, {"crs", sum.prev_crs}};
    rj["current"] = {{"dir", fs::absolute(opt.cur).lexically_relative(here).string()}, {"year", sum.cur_year}, {"crs", sum.cur_crs}};
    rj["reprojected"] = sum.reprojected;  // the previous run's geometries into the current run's CRS
    rj["tolerance"] = tol;
    rj["parcel_changes"] = sum.parcel_changes;
    rj["enterprise_changes"] = sum.enterprise_changes;
    rj["parks"] = {{"count", sum.parks}, {"category_changed", sum.parks_category_changed},
                   {"targets_checked", sum.parks_targets_checked}, {"targets_met", sum.parks_targets_met}};
    rj["approvals_supplied"] = sum.approvals_supplied;
    rj["approvals_new"] = sum.approvals_new;
    return rj;
}

// What compare reads of the current run's settings (its run.json, or the run's own when a
// multi-year run compares a year before writing it), once at its entry: the language (--lang,
// else the run's output.lang, else zh) and compare.tolerance (else the settings table's default).
struct CompareRules {
    Lang lang = Lang::zh;
    double tolerance = 0;
    CompareRules(const nlohmann::json& settings, const std::string& lang_option) {
        std::string lang_text = lang_option;
        if (lang_text.empty() && settings.contains("output.lang") && settings.at("output.lang").is_string())
            lang_text = settings.at("output.lang").get<std::string>();
        lang = lang_text == "en" ? Lang::en : Lang::zh;
        tolerance = settings.contains("compare.tolerance") && settings.at("compare.tolerance").is_number()
                        ? settings.at("compare.tolerance").get<double>()
                        : SettingReader(Settings()).number("compare.tolerance");
    }
};

}  // namespace

std::string compare_summary_text(const CompareSummary& s) {
    const Lang lang = s.lang;
    const bool en = lang == Lang::en;
    std::string out;
    if (s.reprojected) out += say(lang, Msg::CmpReprojected, {s.prev_crs, s.cur_crs}) + "\n";
    // Each change " kind n,": the codes in English (as before), their labels in Chinese.
    std::string parcels, ents;
    for (const auto& [k, n] : s.parcel_changes)
        parcels += " " + std::string(en ? std::string_view(k) : parcel_change_labels().zh(k)) + " " + std::to_string(n) + ",";
    static const std::map<std::string, Msg, std::less<>> moves = {{"new", Msg::CmpMoveNew}, {"gone", Msg::CmpMoveGone},
                                                                    {"graded", Msg::CmpMoveGraded}, {"ungraded", Msg::CmpMoveUngraded},
                                                                    {"up", Msg::CmpMoveUp}, {"down", Msg::CmpMoveDown}};
    for (const auto& [k, n] : s.enterprise_changes) {
        const auto m = moves.find(k);
        ents += " " + (m == moves.end() ? k : say(lang, m->second)) + " " + std::to_string(n) + ",";
    }
    out += say(lang, Msg::CmpSummary,
               {std::to_string(s.prev_year), std::to_string(s.cur_year), parcels, ents, std::to_string(s.parks_category_changed),
                std::to_string(s.parks), std::to_string(s.parks_targets_met), std::to_string(s.parks_targets_checked),
                std::to_string(s.approvals_supplied)}) +
           "\n";
    return out;
}

CompareSummary compare_runs(const CompareOptions& opt) {
    GDALAllRegister();
    std::vector<std::string> park_fields = {"name", "category", "score"};
    for (const auto& m : kMetrics) park_fields.push_back(m.field);
    std::vector<std::string> need_parcels = kParcelFields, need_ents = kEntFields, need_parks = park_fields,
                             need_appr = kApprFields;
    need_parcels.insert(need_parcels.begin(), "parcel_id");
    need_ents.insert(need_ents.begin(), "ent_id");
    need_parks.insert(need_parks.begin(), "park_id");
    need_appr.insert(need_appr.begin(), "appr_id");
    const LayerFields needed = {{"parcels", need_parcels}, {"enterprises", need_ents}, {"parks", need_parks}, {"unsupplied", need_appr}};
    // The current run of a multi-year run is compared before its run.json is written (its settings come in opt).
    Run prev{open_run_dir(opt.prev, "compare"), nullptr}, cur{open_run_dir(opt.cur, "compare", opt.cur_settings.is_null()), nullptr};
    prev.ds = open_run_gpkg(opt.prev, "compare", needed);
    cur.ds = open_run_gpkg(opt.cur, "compare", needed);
    const nlohmann::json settings = opt.cur_settings.is_null() ? cur.rd.settings : opt.cur_settings;
    const CompareRules rules(settings, opt.lang);
    CompareSummary sum;
    sum.lang = rules.lang;
    sum.prev_year = prev.rd.year;
    sum.cur_year = opt.cur_year ? opt.cur_year : cur.rd.year;

    // Runs in different working CRSs: the earlier run's geometries are reprojected into the current
    // run's CRS before parcels are matched by overlap (and written), and the output says so.
    OGRLayer* cur_parcels = cur.ds->GetLayerByName("parcels");
    OGRLayer* prev_parcels = prev.ds->GetLayerByName("parcels");
    if (!cur_parcels->GetSpatialRef())
        throw RunError(Msg::ECmpNoCrs, {(opt.cur / "landeff.gpkg").string()});
    if (!prev_parcels->GetSpatialRef())
        throw RunError(Msg::ECmpNoCrs, {(opt.prev / "landeff.gpkg").string()});
    OGRSpatialReference prev_srs(*prev_parcels->GetSpatialRef()), cur_srs(*cur_parcels->GetSpatialRef());
    prev_srs.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    cur_srs.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    std::unique_ptr<OGRCoordinateTransformation> to_cur;
    sum.prev_crs = crs_label(prev_srs);
    sum.cur_crs = crs_label(cur_srs);
    if (!prev_srs.IsSame(&cur_srs)) {
        to_cur.reset(OGRCreateCoordinateTransformation(&prev_srs, &cur_srs));
        if (!to_cur)
            throw RunError(Msg::ECmpReproject, {opt.prev.string(), sum.prev_crs, opt.cur.string(), sum.cur_crs, std::string(CPLGetLastErrorMsg())});
        sum.reprojected = true;
    }
    StagedOutput staged(opt.out, opt.overwrite, {(opt.prev / "landeff.gpkg").string(), (opt.cur / "landeff.gpkg").string()});
    const double tol = rules.tolerance;

    // --- Parcels: by parcel_id; ids gone or new are matched by overlap (split, merged, redrawn).
    auto P = read_items(*prev.ds, "parcels", "parcel_id", kParcelFields, true, to_cur.get());
    auto C = read_items(*cur.ds, "parcels", "parcel_id", kParcelFields, true);
    std::vector<ParcelChange> changes = parcel_changes(P, C, sum);
    // --- Enterprises: grade moves with both scores.
    auto PE = read_items(*prev.ds, "enterprises", "ent_id", kEntFields, false);
    auto CE = read_items(*cur.ds, "enterprises", "ent_id", kEntFields, false);
    const std::vector<EntChange> ent_changes = enterprise_changes(PE, CE, sum);
    // --- Parks: metrics with absolute and percentage change, categories, targets.
    auto PP = parks_and_region(*prev.ds, false, park_fields);
    auto CP = parks_and_region(*cur.ds, true, park_fields);
    const std::vector<ParkChangeRow> parks = park_changes(PP, CP, settings, tol, sum);
    // --- Approvals: unsupplied land supplied since the previous year.
    auto PU = read_items(*prev.ds, "unsupplied", "appr_id", {"area_mu", "park_id"}, false);
    auto CU = read_items(*cur.ds, "unsupplied", "appr_id", {"area_mu", "park_id"}, false);
    const std::vector<ApprRow> approvals = approval_changes(PU, CU, sum);
    // --- Output layers, one column table each (columns.hpp).
    const std::vector<OutLayer> layers = change_layers(changes, ent_changes, parks, approvals);
    WorkingCrs crs;
    crs.srs.reset(cur_srs.Clone());
    crs.srs->SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    crs.unit_m = crs.srs->GetLinearUnits();
    WriteOptions wo;
    wo.formats = {"gpkg"};
    wo.stamp_date = std::to_string(sum.cur_year ? sum.cur_year : 1970) + "-12-31";
    write_vector_outputs(layers, crs, staged.dir(), wo);
    fs::rename(staged.dir() / "landeff.gpkg", staged.dir() / "changes.gpkg");
    {
        // Default styles with the Chinese aliases for the four change layers.
        ScopedConfig stamp("OGR_CURRENT_DATE", wo.stamp_date + "T00:00:00.000Z");
        write_styles(layers, {}, staged.dir() / "changes.gpkg", {}, wo.stamp_date);
    }

    const ReportSummary rs = change_summary(sum);
    write_xlsx(layers, rs, staged.dir() / "changes.xlsx", wo.stamp_date);

    const nlohmann::json rj = change_record(opt, sum, tol);
    std::ofstream(staged.dir() / "run.json") << rj.dump(2) << "\n";
    staged.commit();
    return sum;
}

}  // namespace landeff
