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

#include "landeff/error.hpp"
#include "landeff/geos.hpp"
#include "landeff/report.hpp"
#include "landeff/spatial_index.hpp"
#include "landeff/text.hpp"
#include "landeff/writer.hpp"

namespace fs = std::filesystem;

namespace landeff {
namespace {

constexpr double kNaNv = std::numeric_limits<double>::quiet_NaN();

struct Run {
    fs::path dir;
    GDALDatasetUniquePtr ds;
    nlohmann::json json;
    int year = 0;
};

Run open_run(const fs::path& dir) {
    Run r;
    r.dir = dir;
    if (!fs::exists(dir / "landeff.gpkg"))
        throw ConfigError(dir.string() + " has no landeff.gpkg: give output directories of `landeff run` (with the gpkg format)");
    r.ds.reset(GDALDataset::Open((dir / "landeff.gpkg").c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY));
    if (!r.ds) throw RunError((dir / "landeff.gpkg").string() + ": cannot open: " + CPLGetLastErrorMsg());
    std::ifstream in(dir / "run.json");
    if (in) r.json = nlohmann::json::parse(in, nullptr, false);
    if (r.json.is_object() && r.json.contains("config")) r.year = r.json["config"]["settings"].value("year", 0);
    return r;
}

// One layer's features as id → field values (text) and geometry.
struct Item {
    std::map<std::string, std::string> f;
    GeomPtr geom;
    double num(const std::string& k) const {
        auto it = f.find(k);
        if (it == f.end() || it->second.empty()) return kNaNv;
        return std::strtod(it->second.c_str(), nullptr);
    }
    std::string str(const std::string& k) const {
        auto it = f.find(k);
        return it == f.end() ? std::string() : it->second;
    }
};

std::map<std::string, Item> read_items(GDALDataset& ds, const std::string& layer, const std::string& id_field,
                                       const std::vector<std::string>& fields, bool with_geom) {
    std::map<std::string, Item> out;
    OGRLayer* l = ds.GetLayerByName(layer.c_str());
    if (!l) return out;
    for (auto& feat : *l) {
        const std::string id = feat->GetFieldAsString(id_field.c_str());
        if (id.empty() || out.count(id)) continue;  // ids are unique in a run's output (duplicates are findings)
        Item it;
        for (const auto& k : fields) {
            const int i = feat->GetFieldIndex(k.c_str());
            it.f[k] = i >= 0 && feat->IsFieldSetAndNotNull(i) ? feat->GetFieldAsString(i) : "";
        }
        if (with_geom && feat->GetGeometryRef()) it.geom = from_ogr(*feat->GetGeometryRef());
        out.emplace(id, std::move(it));
    }
    return out;
}

double pct_change(double p, double c) { return std::isnan(p) || std::isnan(c) || p == 0 ? kNaNv : (c - p) / std::fabs(p); }

std::string pct_text(double r) {
    char b[32];
    std::snprintf(b, sizeof b, "%+.1f %%", r * 100);
    return b;
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

}  // namespace

CompareSummary compare_runs(const CompareOptions& opt) {
    GDALAllRegister();
    Run prev = open_run(opt.prev), cur = open_run(opt.cur);
    if (!opt.cur_settings.is_null()) cur.json["config"]["settings"] = opt.cur_settings;
    if (opt.cur_year) cur.year = opt.cur_year;
    CompareSummary sum;
    sum.prev_year = prev.year;
    sum.cur_year = cur.year;
    StagedOutput staged(opt.out, opt.overwrite, {(opt.prev / "landeff.gpkg").string(), (opt.cur / "landeff.gpkg").string()});

    // --- Parcels: by parcel_id; ids gone or new are matched by overlap (split, merged, redrawn).
    const std::vector<std::string> pf = {"state", "mu_tax", "area_mu", "ent_id"};
    auto P = read_items(*prev.ds, "parcels", "parcel_id", pf, true);
    auto C = read_items(*cur.ds, "parcels", "parcel_id", pf, true);
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
            for (const auto& b : bid) {
                const Item& c = C[b];
                changes.push_back({b, kind, gs.size() == 1 ? P[gid[0]].str("state") : "", c.str("state"), join(gid, ","),
                                   join(bid, ","), gs.size() == 1 ? P[gid[0]].num("mu_tax") : kNaNv, c.num("mu_tax"),
                                   c.num("area_mu"), c.geom.get()});
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

    // --- Enterprises: grade moves with both scores.
    const std::vector<std::string> ef = {"name", "grade", "score", "rank", "ranked_of"};
    auto PE = read_items(*prev.ds, "enterprises", "ent_id", ef, false);
    auto CE = read_items(*cur.ds, "enterprises", "ent_id", ef, false);
    struct EntChange { std::string id, name, pg, cg, move; double ps, cs; };
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
        ent_changes.push_back({id, c ? c->str("name") : p->str("name"), pg, cg, move, p ? p->num("score") : kNaNv,
                               c ? c->num("score") : kNaNv});
        ++sum.enterprise_changes[move];
    }

    // --- Parks: metrics with absolute and percentage change, categories, targets.
    struct Metric { const char* field; const char* out; const char* label; const char* target; };
    static const Metric kMetrics[] = {{"land_mu", "land", "宗地面积(亩)", nullptr},
                                      {"mu_output", "mu_out", "亩均产值", "targets.mu_output_growth"},
                                      {"mu_tax", "mu_tax", "亩均税收", "targets.mu_tax_growth"},
                                      {"inv_int", "inv_int", "投资强度", nullptr},
                                      {"invest", "invest", "固定资产投资", "targets.invest_growth"},
                                      {"far", "far", "综合容积率", "targets.far_growth"},
                                      {"idle_mu", "idle", "闲置土地(亩)", nullptr},
                                      {"unsup_mu", "unsup", "批而未供(亩)", nullptr}};
    std::vector<std::string> park_fields = {"name", "category", "score"};
    for (const auto& m : kMetrics) park_fields.push_back(m.field);
    auto PP = read_items(*prev.ds, "parks", "park_id", park_fields, false);
    auto CP = read_items(*cur.ds, "parks", "park_id", park_fields, true);
    const nlohmann::json settings = cur.json.is_object() ? cur.json["config"]["settings"] : nlohmann::json::object();
    struct ParkRow { std::string id; const Item* p; const Item* c; std::string targets; int met; };
    std::vector<ParkRow> parks;
    for (const auto& [id, c] : CP) {
        const Item* p = PP.count(id) ? &PP[id] : nullptr;
        std::vector<std::string> notes;
        int checked = 0, met = 0;
        for (const auto& m : kMetrics) {
            if (!m.target || !settings.contains(m.target) || !settings[m.target].is_number()) continue;
            const double target = settings[m.target].get<double>();
            if (std::isnan(target)) continue;
            const double r = p ? pct_change(p->num(m.field), c.num(m.field)) : kNaNv;
            ++checked;
            const bool ok = !std::isnan(r) && r >= target;
            met += ok;
            notes.push_back(std::string(m.label) + " 目标 " + pct_text(target) + ": " +
                            (std::isnan(r) ? std::string("无上年数据") : pct_text(r)) + (ok ? " 达标" : " 未达标"));
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

    // --- Approvals: unsupplied land supplied since the previous year.
    auto PU = read_items(*prev.ds, "unsupplied", "appr_id", {"area_mu", "park_id"}, false);
    auto CU = read_items(*cur.ds, "unsupplied", "appr_id", {"area_mu", "park_id"}, false);
    struct ApprRow { std::string id, park; double p, c; };
    std::vector<ApprRow> approvals;
    std::set<std::string> aids;
    for (const auto& [id, x] : PU) aids.insert(id);
    for (const auto& [id, x] : CU) aids.insert(id);
    for (const auto& id : aids) {
        const double p = PU.count(id) ? PU[id].num("area_mu") : 0, c = CU.count(id) ? CU[id].num("area_mu") : 0;
        if (std::fabs(p - c) < 1e-9) continue;
        approvals.push_back({id, CU.count(id) ? CU[id].str("park_id") : PU[id].str("park_id"), p, c});
        if (c < p) ++sum.approvals_supplied;
    }

    // --- Output layers.
    using T = OutType;
    std::vector<OutLayer> layers;
    {
        OutLayer L{"parcel_changes", "宗地变化", true,
                   {{"parcel_id", "宗地代码", T::Text},  {"change", "变化类型", T::Text},     {"prev_state", "上年状态", T::Text},
                    {"cur_state", "本年状态", T::Text},  {"prev_ids", "上年宗地", T::Text},  {"cur_ids", "本年宗地", T::Text},
                    {"mu_tax_p", "上年亩均税收", T::Real}, {"mu_tax_c", "本年亩均税收", T::Real}, {"area_mu", "面积(亩)", T::Real}},
                   changes.size(), nullptr};
        L.fill = [&changes](size_t i, OutRow& r) {
            const auto& c = changes[i];
            r.set(0, c.id); r.set(1, c.kind); r.set(2, c.prev_state); r.set(3, c.cur_state);
            r.set(4, c.prev_ids); r.set(5, c.cur_ids); r.set(6, c.prev_tax); r.set(7, c.cur_tax); r.set(8, c.area_mu);
            r.geom = c.geom;
        };
        layers.push_back(std::move(L));
    }
    {
        OutLayer L{"enterprise_changes", "企业等级变化", false,
                   {{"ent_id", "企业代码", T::Text}, {"name", "企业名称", T::Text}, {"grade_p", "上年等级", T::Text},
                    {"grade_c", "本年等级", T::Text}, {"move", "变化", T::Text},   {"score_p", "上年得分", T::Real},
                    {"score_c", "本年得分", T::Real}},
                   ent_changes.size(), nullptr};
        L.fill = [&ent_changes](size_t i, OutRow& r) {
            const auto& e = ent_changes[i];
            r.set(0, e.id); r.set(1, e.name); r.set(2, e.pg); r.set(3, e.cg); r.set(4, e.move); r.set(5, e.ps); r.set(6, e.cs);
        };
        layers.push_back(std::move(L));
    }
    {
        OutLayer L{"park_changes", "园区指标变化", true, {{"park_id", "园区代码", T::Text}, {"name", "园区名称", T::Text}}, parks.size(), nullptr};
        for (const auto& m : kMetrics) {
            const std::string o = m.out, l = m.label;
            L.fields.push_back({o + "_p", "上年" + l, T::Real});
            L.fields.push_back({o + "_c", "本年" + l, T::Real});
            L.fields.push_back({o + "_d", l + "变化", T::Real});
            L.fields.push_back({o + "_r", l + "变化率", T::Real});
        }
        for (const OutField& f : std::initializer_list<OutField>{{"cat_p", "上年分类", T::Text}, {"cat_c", "本年分类", T::Text},
                                                                 {"cat_chg", "分类变化", T::Int}, {"targets", "目标完成情况", T::Text},
                                                                 {"tgt_met", "目标全部达标", T::Int}})
            L.fields.push_back(f);
        L.fill = [&parks](size_t i, OutRow& r) {
            const auto& pr = parks[i];
            r.set(0, pr.id);
            r.set(1, pr.c->str("name"));
            size_t k = 2;
            for (const auto& m : kMetrics) {
                const double p = pr.p ? pr.p->num(m.field) : kNaNv, c = pr.c->num(m.field);
                r.set(k++, p);
                r.set(k++, c);
                r.set(k++, std::isnan(p) || std::isnan(c) ? kNaNv : c - p);
                r.set(k++, pct_change(p, c));
            }
            r.set(k++, pr.p ? pr.p->str("category") : std::string());
            r.set(k++, pr.c->str("category"));
            if (pr.p) r.set(k, static_cast<int64_t>(pr.p->str("category") != pr.c->str("category")));
            ++k;
            r.set(k++, pr.targets);
            if (pr.met >= 0) r.set(k, static_cast<int64_t>(pr.met));
            r.geom = pr.c->geom.get();
        };
        layers.push_back(std::move(L));
    }
    {
        OutLayer L{"approval_changes", "批而未供变化", false,
                   {{"appr_id", "批准编号", T::Text}, {"park_id", "所在园区", T::Text}, {"unsup_p", "上年批而未供(亩)", T::Real},
                    {"unsup_c", "本年批而未供(亩)", T::Real}, {"supplied", "本年新供(亩)", T::Real}},
                   approvals.size(), nullptr};
        L.fill = [&approvals](size_t i, OutRow& r) {
            const auto& a = approvals[i];
            r.set(0, a.id); r.set(1, a.park); r.set(2, a.p); r.set(3, a.c); r.set(4, a.p - a.c);
        };
        layers.push_back(std::move(L));
    }

    OGRLayer* cur_parcels = cur.ds->GetLayerByName("parcels");
    if (!cur_parcels || !cur_parcels->GetSpatialRef()) throw RunError(opt.cur.string() + ": the parcels layer has no CRS");
    WorkingCrs crs;
    crs.srs.reset(cur_parcels->GetSpatialRef()->Clone());
    crs.srs->SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    crs.unit_m = crs.srs->GetLinearUnits();
    WriteOptions wo;
    wo.formats = {"gpkg"};
    wo.stamp_date = std::to_string(sum.cur_year ? sum.cur_year : 1970) + "-12-31";
    write_vector_outputs(layers, crs, staged.dir(), wo);
    fs::rename(staged.dir() / "landeff.gpkg", staged.dir() / "changes.gpkg");

    ReportSummary rs;
    rs.title = std::to_string(sum.prev_year) + "–" + std::to_string(sum.cur_year) + " 年度变化";
    for (const auto& [k, n] : sum.parcel_changes) rs.facts.push_back({"宗地: " + k, std::to_string(n)});
    for (const auto& [k, n] : sum.enterprise_changes) rs.facts.push_back({"企业等级: " + k, std::to_string(n)});
    rs.facts.push_back({"园区分类变化", std::to_string(sum.parks_category_changed) + " / " + std::to_string(sum.parks)});
    rs.facts.push_back({"园区目标全部达标", std::to_string(sum.parks_targets_met) + " / " + std::to_string(sum.parks_targets_checked)});
    rs.facts.push_back({"批而未供新供批次", std::to_string(sum.approvals_supplied)});
    write_xlsx(layers, rs, staged.dir() / "changes.xlsx", wo.stamp_date);

    nlohmann::json rj;
    rj["landeff_version"] = LANDEFF_VERSION;
    // Paths relative to this output, so a multi-year run's record does not name its staging directory.
    const fs::path here = fs::absolute(opt.out);
    rj["previous"] = {{"dir", fs::absolute(opt.prev).lexically_relative(here).string()}, {"year", sum.prev_year}};
    rj["current"] = {{"dir", fs::absolute(opt.cur).lexically_relative(here).string()}, {"year", sum.cur_year}};
    rj["parcel_changes"] = sum.parcel_changes;
    rj["enterprise_changes"] = sum.enterprise_changes;
    rj["parks"] = {{"count", sum.parks}, {"category_changed", sum.parks_category_changed},
                   {"targets_checked", sum.parks_targets_checked}, {"targets_met", sum.parks_targets_met}};
    rj["approvals_supplied"] = sum.approvals_supplied;
    std::ofstream(staged.dir() / "run.json") << rj.dump(2) << "\n";
    staged.commit();
    return sum;
}

}  // namespace landeff
