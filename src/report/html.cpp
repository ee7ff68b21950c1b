#include <cpl_conv.h>
#include <cpl_string.h>
#include <ogr_feature.h>
#include <ogr_geometry.h>
#include <ogr_spatialref.h>

#include <nlohmann/json.hpp>
#include <tbb/task_group.h>

#include <cerrno>
#include <charconv>
#include <cmath>
#include <functional>
#include <map>
#include <set>
#include <sstream>

#include "landeff/remembered_transform.hpp"
#include "landeff/deflate.hpp"
#include "landeff/error.hpp"
#include "landeff/format.hpp"
#include "landeff/text.hpp"
#include "landeff/writer.hpp"
#include "landeff/labels.hpp"
#include "landeff/report.hpp"
#include "landeff/geos.hpp"
#include "landeff/palette.hpp"
#include "landeff/progress.hpp"
#include "landeff/row_cells.hpp"
#include "landeff/score.hpp"
#include "landeff/sequential_file.hpp"
#include "landeff/web_assets.hpp"

namespace fs = std::filesystem;

namespace landeff {
using namespace std::string_view_literals;
namespace {


const OutLayer* find_layer(const std::vector<OutLayer>& layers, const std::string& name) {
    for (const auto& L : layers)
        if (L.name == name) return &L;
    return nullptr;
}

// A number for reading: thousands separators, `decimals` places ("12,345.68"); a fraction
// (unit "1") as a percentage with 2 places ("33.33%").
std::string readable(double v, const std::string& unit, int decimals = 2) {
    const bool pct = unit == "1";
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.*f", decimals, pct ? v * 100 : v);
    std::string s(buf);
    const size_t dot = s.find('.');
    size_t int_end = dot == std::string::npos ? s.size() : dot;
    const size_t first = s[0] == '-' ? 1 : 0;
    for (size_t k = int_end; k > first + 3; k -= 3) s.insert(k - 3, 1, ',');  // the char overload: GCC 12 -O3 warns falsely (-Wrestrict) on inserting a literal
    if (pct) s += "%";
    return s;
}

// A table of selected columns of a layer; rows kept when `filter_field` is one of `keep`.
// At most `max_rows` rows are shown (html.table_rows); report.xlsx has every row.
void table(std::ostream& os, size_t max_rows, const OutLayer* L, const std::string& id, const std::vector<std::string>& columns,
           const std::string& filter_field = "", const std::set<std::string>& keep = {}) {
    if (!L) return;
    std::vector<int> idx;
    for (const auto& c : columns)
        for (size_t k = 0; k < L->fields.size(); ++k)
            if (L->fields[k].name == c) idx.push_back(static_cast<int>(k));
    int filter_idx = -1;
    for (size_t k = 0; k < L->fields.size(); ++k)
        if (L->fields[k].name == filter_field) filter_idx = static_cast<int>(k);
    OGRFeatureDefn* defn = feature_defn_of(*L);
    std::ostringstream body;
    size_t shown = 0, matched = 0;
    // A text filter is read from its one cell (OutLayer::cell), a row filled only when it is shown;
    // without a filter every row counts and only the shown ones are filled (issue 20).
    const bool filter_by_cell = filter_idx >= 0 && L->cell && L->fields[static_cast<size_t>(filter_idx)].type == OutType::Text;
    for (size_t i = 0; i < L->count; ++i) {
        if (filter_idx < 0 && shown >= max_rows) {
            matched = L->count;
            break;
        }
        if (filter_by_cell) {
            const Value v = L->cell(i, static_cast<size_t>(filter_idx));
            const std::string_view t = text_of(v);
            if (!keep.count(std::string(t.substr(0, t.find('\0'))))) continue;
            ++matched;
            if (shown >= max_rows) continue;
        }
        OGRFeature f(defn);
        OutRow row(f, false, 0);
        L->fill(i, row);
        if (!filter_by_cell) {
            if (filter_idx >= 0 && !keep.count(f.GetFieldAsString(filter_idx))) continue;
            ++matched;
            if (shown >= max_rows) continue;
        }
        ++shown;
        body << "<tr>";
        for (int k : idx) {
            if (!f.IsFieldSetAndNotNull(k)) {
                body << "<td></td>";
                continue;
            }
            const auto type = L->fields[static_cast<size_t>(k)].type;
            if (type == OutType::Real) {
                body << "<td class=n>" << readable(f.GetFieldAsDouble(k), L->fields[static_cast<size_t>(k)].unit) << "</td>";
            } else if (type == OutType::Int) {
                body << "<td class=n>" << readable(static_cast<double>(f.GetFieldAsInteger64(k)), "", 0) << "</td>";
            } else if (const Label* lb = L->fields[static_cast<size_t>(k)].labels ? L->fields[static_cast<size_t>(k)].labels->find(f.GetFieldAsString(k)) : nullptr) {
                // A coded value reads in Chinese (labels.cpp), the code (as in the GeoPackage) in the tooltip.
                body << "<td title=\"" << xml_escape(lb->code) << "\">" << xml_escape(lb->zh) << "</td>";
            } else {
                body << "<td>" << xml_escape(f.GetFieldAsString(k)) << "</td>";
            }
        }
        body << "</tr>\n";
    }
    defn->Release();
    os << "<div class=tw><table class=sortable id=\"" << id << "\"><thead><tr>";
    for (int k : idx) os << "<th title=\"" << xml_escape(L->fields[static_cast<size_t>(k)].name) << "\">" << xml_escape(L->fields[static_cast<size_t>(k)].alias) << "</th>";
    os << "</tr></thead><tbody>\n" << body.str() << "</tbody></table></div>\n";
    os << "<p class=note>共 " << matched << " 行";
    if (matched > shown) os << "，此处列出前 " << shown << " 行；全部见 report.xlsx";
    os << "。</p>\n";
}

const char* kStyle = R"(body{font-family:"Noto Sans CJK SC","Microsoft YaHei",sans-serif;margin:24px;color:#222;max-width:1400px}
h1{font-size:24px}h2{font-size:19px;border-bottom:2px solid #2b6cb0;padding-bottom:4px;margin-top:32px}
table{border-collapse:collapse;font-size:12.5px;margin:8px 0;width:100%}
th,td{border:1px solid #ccd;padding:3px 6px;vertical-align:top}th{background:#e6eef8;cursor:pointer;position:sticky;top:0}
td.n{text-align:right;font-variant-numeric:tabular-nums}tr:nth-child(even){background:#f7f9fc}
.facts{display:grid;grid-template-columns:repeat(auto-fill,minmax(220px,1fr));gap:8px}
.fact{background:#f0f4fa;border-radius:6px;padding:8px}.fact b{display:block;font-size:18px}
.note{color:#666;font-size:12px}img.map{max-width:100%;border:1px solid #ccc;margin:8px 0}
pre{background:#f6f6f6;padding:8px;overflow:auto;font-size:12px;max-height:400px})";

// Click a header to sort (numbers numerically, thousands separators ignored; text by locale); click
// again to reverse.
const char* kScript = R"(document.querySelectorAll('table.sortable th').forEach(function(th){
th.addEventListener('click',function(){var table=th.closest('table'),tb=table.tBodies[0];
var i=Array.prototype.indexOf.call(th.parentNode.children,th),dir=th.dataset.dir==='asc'?-1:1;
th.parentNode.querySelectorAll('th').forEach(function(h){delete h.dataset.dir});th.dataset.dir=dir===1?'asc':'desc';
var rows=Array.prototype.slice.call(tb.rows);rows.sort(function(a,b){var x=a.cells[i].textContent,y=b.cells[i].textContent;
var nx=parseFloat(x.replace(/,/g,'')),ny=parseFloat(y.replace(/,/g,''));if(!isNaN(nx)&&!isNaN(ny))return (nx-ny)*dir;return x.localeCompare(y,'zh')*dir;});
rows.forEach(function(r){tb.appendChild(r)});});});)";


// ---- report.html's data for its script (issue 19) ----

// The page's data is JSON text made here row by row (issue 20): a tree of nlohmann::json values
// for every row and cell, dumped afterwards, took most of the data's time. The small parts (schema,
// classes, settings, links) are still nlohmann::json.

// A number as JSON, the shortest text that reads back as the same double.
void append_number(std::string& out, double v) {
    char b[32];
    out.append(b, std::to_chars(b, b + sizeof b, v).ptr);
}

// A number kept to what the report shows and a little more (4 decimals), so the file stays small
// and the same for the same inputs (no "-0"); null when not finite, as text or as a JSON value.
double round4(double v) {
    const double r = std::round(v * 1e4) / 1e4;
    return r == 0 ? 0.0 : r;
}
void append_rounded(std::string& out, double v) {
    if (std::isfinite(v)) append_number(out, round4(v));
    else out.append("null"sv);
}
nlohmann::json rounded(double v) { return std::isfinite(v) ? nlohmann::json(round4(v)) : nlohmann::json(nullptr); }

// Text cell k of the row `r` read last ("" when null or not text).
std::string_view text_at(const RowReader& r, int k) {
    const RowCells::Cell& c = r.cells()[static_cast<size_t>(k)];
    return c.kind == RowCells::Text ? RowCells::text_of(c, r.text()) : std::string_view();
}

// The value of cell k for the script: a number, a code (coded fields: the script has the labels),
// text, or null.
void append_cell(std::string& out, const RowReader& r, int k) {
    const RowCells::Cell& c = r.cells()[static_cast<size_t>(k)];
    switch (c.kind) {
        case RowCells::Null: out.append("null"sv); break;
        case RowCells::Real: append_rounded(out, c.real); break;
        case RowCells::Int: {
            char b[24];
            out.append(b, std::to_chars(b, b + sizeof b, c.integer).ptr);
            break;
        }
        case RowCells::Text: append_json_string(out, text_at(r, k)); break;
    }
}

// Geometry for Leaflet: simplified in the working CRS, then in WGS 84 longitude/latitude with 6
// decimals (0.1 m): [polygon][ring] = [lon0, lat0, lon1, lat1, …].
class MapGeometry {
public:
    MapGeometry(const std::shared_ptr<OGRSpatialReference>& crs, double tolerance) : m_tolerance(tolerance) {
        if (!crs) return;
        m_wgs.SetWellKnownGeogCS("WGS84");
        m_wgs.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
        std::unique_ptr<OGRCoordinateTransformation> ct(OGRCreateCoordinateTransformation(crs.get(), &m_wgs));
        if (ct) m_ct = std::make_unique<RememberedTransform>(std::move(ct));  // a vertex shared by neighbours projected once
    }
    bool ok() const { return m_ct != nullptr; }
    // Appends the geometry's polygons, or null.
    void append(std::string& out, const GEOSGeometry* g) const {
        std::unique_ptr<OGRGeometry> o;
        if (g && m_ct) {
            // Most parcels keep every vertex at the map's tolerance: then no simplification is made.
            GeomPtr simple = m_tolerance > 0 && !simplify_keeps_every_vertex(g, m_tolerance) ? simplify_preserve_topology(g, m_tolerance)
                                                                                             : nullptr;
            o = to_ogr(simple ? simple.get() : g);
            if (o && o->transform(m_ct.get()) != OGRERR_NONE) o.reset();
        }
        const size_t at = out.size();
        bool any = false;
        auto add_polygon = [&](const OGRPolygon& p) {
            out.append(any ? ",["sv : "[["sv);
            any = true;
            bool first_ring = true;
            for (const OGRLinearRing* ring : p) {
                out.append(first_ring ? "["sv : ",["sv);
                first_ring = false;
                bool first = true;
                for (const OGRPoint& pt : *ring) {
                    if (!first) out.push_back(',');
                    first = false;
                    append_number(out, std::round(pt.getX() * 1e6) / 1e6);
                    out.push_back(',');
                    append_number(out, std::round(pt.getY() * 1e6) / 1e6);
                }
                out.push_back(']');
            }
            out.push_back(']');
        };
        if (o) {
            const OGRwkbGeometryType t = wkbFlatten(o->getGeometryType());
            if (t == wkbPolygon) add_polygon(*o->toPolygon());
            else if (t == wkbMultiPolygon)
                for (const OGRPolygon* p : *o->toMultiPolygon()) add_polygon(*p);
            else if (t == wkbGeometryCollection)
                for (const OGRGeometry* part : *o->toGeometryCollection())
                    if (wkbFlatten(part->getGeometryType()) == wkbPolygon) add_polygon(*part->toPolygon());
        }
        if (any) out.push_back(']');
        else out.resize(at), out.append("null"sv);
    }

private:
    double m_tolerance;
    OGRSpatialReference m_wgs;
    std::unique_ptr<RememberedTransform> m_ct;  // its memory changes as it is used: one object per thread
};

// One layer's selected columns for the script, as the member `name` of the data:
// ,"name":{"cols":[...],"rows":[[...],…],"geom":[...]} — the columns and rows into `out`, the
// geometries (when `geom` is given) into `shapes`, each deflated as it grows. `keep(row)` chooses
// the rows, `also(row)` sees every row; they read the fields `also_fields` (indexes) besides `columns`.
void layer_json(DeflateSink& out, DeflateSink& shapes, const char* name, const OutLayer* L, const std::vector<std::string>& columns,
                const MapGeometry* geom, const std::function<bool(const RowReader&)>& keep = {},
                const std::function<void(const RowReader&)>& also = {}, const std::vector<int>& also_fields = {}) {
    std::string& t = out.text();
    t.push_back(',');
    append_json_string(t, name);
    t.append(":{\"cols\":["sv);
    std::vector<int> idx;
    if (L)
        for (const auto& c : columns)
            for (size_t k = 0; k < L->fields.size(); ++k)
                if (L->fields[k].name == c) {
                    if (!idx.empty()) t.push_back(',');
                    idx.push_back(static_cast<int>(k));
                    append_json_string(t, c);
                }
    t.append("],\"rows\":["sv);
    if (!L) geom = nullptr;  // a layer not written has no geometries either
    if (geom) shapes.text().append(",\"geom\":["sv);
    if (L) {
        // Only the fields written here and those `keep` and `also` read (`also_fields`; -1 none) are filled.
        std::vector<char> want(L->fields.size(), 0);
        for (int k : idx) want[static_cast<size_t>(k)] = 1;
        for (int k : also_fields)
            if (k >= 0) want[static_cast<size_t>(k)] = 1;
        RowReader r(*L, false, 0, &want);
        bool first = true;
        for (size_t i = 0; i < L->count; ++i) {
            if ((i & 1023) == 0) check_interrupt();
            const GeomRef g = r.read(i);
            if (also) also(r);
            if (keep && !keep(r)) continue;
            t.append(first ? "["sv : ",["sv);
            for (size_t c = 0; c < idx.size(); ++c) {
                if (c) t.push_back(',');
                append_cell(t, r, idx[c]);
            }
            t.push_back(']');
            out.maybe_flush();
            if (geom) {
                if (!first) shapes.text().push_back(',');
                // A packed parcel made into GEOS for this row only.
                const GeomHold h = g.hold();
                geom->append(shapes.text(), h.get());
                shapes.maybe_flush();
            }
            first = false;
        }
    }
    t.push_back(']');
    if (geom) shapes.text().append("]}"sv);
    else t.push_back('}');
    out.flush();
    shapes.flush();
}

// Field names, Chinese aliases, units and labels of every layer the script reads.
nlohmann::json schema_json(const std::vector<OutLayer>& layers) {
    nlohmann::json s = nlohmann::json::object();
    for (const auto& L : layers) {
        nlohmann::json fields = nlohmann::json::object();
        for (const auto& f : L.fields) {
            nlohmann::json d = {{"alias", f.alias},
                                {"unit", f.unit},
                                {"type", f.type == OutType::Real ? "real" : f.type == OutType::Int ? "int" : "text"}};
            if (f.labels) {
                nlohmann::json lb = nlohmann::json::object();
                for (const auto& l : f.labels->labels) lb[std::string(l.code)] = std::string(l.zh);
                d["labels"] = std::move(lb);
            }
            fields[f.name] = std::move(d);
        }
        s[L.name] = std::move(fields);
    }
    return s;
}

nlohmann::json classes_json(const Classification& c) {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& sw : c.classes) {
        char hex[8];
        std::snprintf(hex, sizeof hex, "#%06x", static_cast<unsigned>(sw.rgb & 0xffffffu));
        out.push_back({{"code", sw.value}, {"zh", sw.label}, {"color", hex}});
    }
    return out;
}

// The longer side of the parks' extent (else the parcels'), in CRS units.
double extent_side(const OutLayer* parks, const OutLayer* parcels) {
    for (const OutLayer* L : {parks, parcels}) {
        if (!L) continue;
        double x0 = 1e300, y0 = 1e300, x1 = -1e300, y1 = -1e300;
        const std::vector<char> geometry_only(L->fields.size(), 0);
        RowReader r(*L, false, 0, &geometry_only);
        for (size_t i = 0; i < L->count; ++i) {
            if ((i & 1023) == 0) check_interrupt();
            const GeomRef ref = r.read(i);
            double a, b, c, d;
            const bool some = ref.packed() ? ref.packed()->envelope(a, b, c, d)
                                           : ref.geos_geom() && envelope(ref.geos_geom(), a, b, c, d);
            if (some) {
                x0 = std::min(x0, a);
                y0 = std::min(y0, b);
                x1 = std::max(x1, c);
                y1 = std::max(y1, d);
            }
        }
        if (x1 >= x0) return std::max(x1 - x0, y1 - y0);
    }
    return 0;
}

// `</` inside a <script> element would end it: in JSON and in the scripts' string literals `<\/`
// reads the same. An `href="http` in a library's string literal (Leaflet's attribution link,
// which the report does not show) is written `href=\"http`, the same string, so that the file
// plainly holds no link out; a source-map comment is dropped (nothing to fetch).
std::string script_safe(std::string_view js) {
    std::string s(js);
    auto replace_all = [&](const std::string& from, const std::string& to) {
        for (size_t p = s.find(from); p != std::string::npos; p = s.find(from, p + to.size())) s.replace(p, from.size(), to);
    };
    replace_all("</", "<\\/");
    replace_all("href=\"http", "href=\\\"http");
    for (size_t p = s.find("//# sourceMappingURL="); p != std::string::npos; p = s.find("//# sourceMappingURL=", p)) {
        const size_t e = s.find('\n', p);
        s.erase(p, e == std::string::npos ? std::string::npos : e - p);
    }
    return s;
}

// Leaflet's stylesheet names its images (marker icons, the layer switcher), which the report
// does not use and the file does not carry: `none` instead of url(images/…), so nothing is looked up.
std::string css_safe(std::string_view css) {
    std::string s(css);
    for (size_t p = s.find("url(images/"); p != std::string::npos; p = s.find("url(images/", p)) {
        const size_t e = s.find(')', p);
        if (e == std::string::npos) break;
        s.replace(p, e + 1 - p, "none");
    }
    return s;
}

// ReportSummary::tables (异议更正, 差别化政策: issue 17), each a plain table of at most `rows` rows
// (report.xlsx has them all).
void summary_tables(std::ostream& os, const ReportSummary& summary, size_t rows) {
    for (const auto& t : summary.tables) {
        os << "<h2>" << xml_escape(t.title) << "</h2>\n<table><thead><tr>";
        for (const auto& f : t.fields) os << "<th>" << xml_escape(f.alias) << "</th>";
        os << "</tr></thead><tbody>\n";
        for (size_t r = 0; r < t.count && r < rows; ++r) {
            os << "<tr>";
            for (const Value& v : t.row(r)) {
                if (const double* d = std::get_if<double>(&v)) os << "<td class=n>" << (std::isnan(*d) ? "" : fmt::sig(*d, 10)) << "</td>";
                else if (const std::string* x = std::get_if<std::string>(&v)) os << "<td>" << xml_escape(*x) << "</td>";
                else if (const std::string_view* y = std::get_if<std::string_view>(&v)) os << "<td>" << xml_escape(*y) << "</td>";
                else os << "<td></td>";
            }
            os << "</tr>\n";
        }
        os << "</tbody></table>\n";
        if (t.count > rows) os << "<p class=note>" << t.count << " 行，此处列出前 " << rows << " 行；全部见 report.xlsx。</p>\n";
    }
}

}  // namespace

namespace {

// The data the page's script reads (report.js): the schema and classes, the layers' rows (with
// their geometry in WGS 84 when the map is on), the land-state areas and enterprises per park, and
// links to the files written beside report.html.
// The page's data: its small parts (and the sums over parcels) as JSON values, its layers (parks,
// region, parcels, enterprises, 批而未供) as deflated JSON text in `members` (,"name":value …), in
// the order they follow the small parts.
nlohmann::json page_data(const std::vector<OutLayer>& layers, const ReportSummary& summary, const HtmlOptions& ho,
                         std::vector<DeflateSink>& members) {
    const OutLayer* parks = find_layer(layers, "parks");
    const OutLayer* parcels = find_layer(layers, "parcels");

    nlohmann::json data;
    data["title"] = summary.title;
    data["schema"] = schema_json(layers);
    data["classes"] = {{"state", classes_json(parcel_states())},
                       {"category", classes_json(park_categories())},
                       {"grade", classes_json(enterprise_grades())}};
    nlohmann::json tdt = nlohmann::json::array();
    for (const auto& t : kTdtIndicators) tdt.push_back({{"field", t.field}, {"label", t.label}, {"group", t.group}});
    data["tdt"] = tdt;
    const double side = extent_side(parks, parcels);
    const bool with_map = MapGeometry(ho.crs, side * ho.map_simplify).ok();
    const size_t n_parcels = parcels ? parcels->count : 0;
    const bool parcels_on_map = with_map && static_cast<int64_t>(n_parcels) <= ho.map_max_parcels;
    data["map"] = {{"on", with_map},
                   {"parcels", parcels_on_map},
                   {"n_parcels", n_parcels},
                   {"max_parcels", ho.map_max_parcels},
                   {"simplify_m", side * ho.map_simplify}};
    std::vector<std::string> park_cols = {"park_id", "name", "level", "area_mu", "land_mu", "output", "tax", "value_add",
                                          "mu_output", "mu_tax", "mu_va", "inv_int", "far", "coverage", "appr_mu",
                                          "unsup_mu", "supply_rt", "idle_mu", "ineff_mu", "later_mu", "score", "score_why",
                                          "zone_type", "category", "role", "host_id", "reasons", "n_parcels", "n_notsup",
                                          "n_unused", "n_overdue", "n_idle", "n_idlegov", "n_ineff", "n_normal", "n_nodata",
                                          "n_doneod"};
    for (const auto& t : kTdtIndicators) park_cols.push_back(t.field);
    // The layers are scanned side by side (issue 20), each with its own transformation to WGS 84
    // (one is not safe on two threads); each result goes to its own member.
    // Each layer's rows and geometries, in that order.
    std::vector<DeflateSink> z(10);
    DeflateSink *z_parks = &z[0], *z_region = &z[2], *z_parcels = &z[4], *z_enterprises = &z[6], *z_unsupplied = &z[8];
    tbb::task_group tasks;
    tasks.run([&] {
        const MapGeometry geom(ho.crs, side * ho.map_simplify);
        layer_json(z_parks[0], z_parks[1], "parks", parks, park_cols, with_map ? &geom : nullptr);
    });
    const OutLayer* region = find_layer(layers, "region");
    if (region)
        tasks.run([&] {
            std::vector<std::string> cols;
            for (const auto& f : region->fields) cols.push_back(f.name);
            layer_json(z_region[0], z_region[1], "region", region, cols, nullptr);
        });
    // Parcels: every row while they are drawn; past the limit only those the park pages list
    // (not normal, not without data), and no geometry. The land-state areas per park and each
    // park's enterprises are summed over every parcel either way.
    std::map<std::string, std::map<std::string, double, std::less<>>, std::less<>> state_mu;  // park → state → mu
    std::map<std::string, std::set<std::string, std::less<>>, std::less<>> park_ents;
    if (parcels) tasks.run([&] {
        const MapGeometry geom(ho.crs, side * ho.map_simplify);
        auto index_of = [&](const char* name) {
            for (size_t k = 0; k < parcels->fields.size(); ++k)
                if (parcels->fields[k].name == name) return static_cast<int>(k);
            return -1;
        };
        const int i_park = index_of("park_id");
        const int i_state = index_of("state"), i_mu = index_of("area_mu"), i_ent = index_of("ent_id");
        layer_json(
            z_parcels[0], z_parcels[1], "parcels", parcels,
            {"parcel_id", "ent_id", "park_id", "area_mu", "mu_output", "mu_tax", "inv_int", "far", "coverage", "state",
             "idle_yrs", "idle_fee", "recover", "tests", "violations", "grade", "compliant"},
            parcels_on_map ? &geom : nullptr,
            [&](const RowReader& r) {
                if (parcels_on_map) return true;
                const std::string_view st = i_state >= 0 ? text_at(r, i_state) : std::string_view();
                return st != "normal" && st != "no_data";
            },
            [&, last = std::optional<std::string>(), sm = static_cast<std::map<std::string, double, std::less<>>*>(nullptr),
             pe = static_cast<std::set<std::string, std::less<>>*>(nullptr)](const RowReader& r) mutable {
                // Parcels of one park mostly follow each other: its entries are looked up once per run
                // of them (and made only when a parcel adds to them), the texts copied only when new.
                const std::string_view park = i_park >= 0 ? text_at(r, i_park) : std::string_view();
                if (!last || *last != park) last = std::string(park), sm = nullptr, pe = nullptr;
                if (i_state >= 0 && i_mu >= 0 && r.cells()[static_cast<size_t>(i_mu)].kind == RowCells::Real) {
                    if (!sm) sm = &state_mu[*last];
                    const std::string_view st = text_at(r, i_state);
                    auto it = sm->find(st);
                    if (it == sm->end()) it = sm->emplace(std::string(st), 0.0).first;
                    it->second += r.cells()[static_cast<size_t>(i_mu)].real;
                }
                if (i_ent >= 0 && !text_at(r, i_ent).empty()) {
                    if (!pe) pe = &park_ents[*last];
                    const std::string_view ent = text_at(r, i_ent);
                    if (pe->find(ent) == pe->end()) pe->emplace(ent);
                }
            },
            {i_park, i_state, i_mu, i_ent});
    });
    tasks.run([&] {
        layer_json(z_enterprises[0], z_enterprises[1], "enterprises", find_layer(layers, "enterprises"),
                                   {"ent_id", "name", "scale", "land_mu", "mu_tax", "mu_va", "score", "rank", "ranked_of",
                                    "grade", "why", "n_parcels"},
                                   nullptr);
    });
    tasks.run([&] {
        const MapGeometry geom(ho.crs, side * ho.map_simplify);
        layer_json(z_unsupplied[0], z_unsupplied[1], "unsupplied", find_layer(layers, "unsupplied"),
                                  {"appr_id", "park_id", "area_mu", "appr_mu", "sup_mu", "age_yrs", "old", "batch", "doc_no"},
                                  with_map ? &geom : nullptr);
    });
    tasks.wait();
    nlohmann::json sm = nlohmann::json::object();
    for (const auto& [park, by] : state_mu)
        for (const auto& [st, mu] : by) sm[park][st] = rounded(mu);
    data["state_mu"] = std::move(sm);
    nlohmann::json pe = nlohmann::json::object();
    for (const auto& [park, ents] : park_ents) pe[park] = ents;
    data["park_ents"] = std::move(pe);
    members = std::move(z);
    return data;
}

// Links to the files written beside report.html: report.xlsx when the run writes it (it may still be
// being written beside the page), the layout maps.
nlohmann::json page_links(const std::vector<std::pair<std::string, fs::path>>& map_pngs, const HtmlOptions& ho) {
    nlohmann::json links = nlohmann::json::array();
    if (ho.xlsx_link) links.push_back({{"label", "report.xlsx（全部数据）"}, {"href", "report.xlsx"}});
    for (const auto& [caption, png] : map_pngs) {
        const fs::path rel = png.parent_path().filename() / png.stem();
        links.push_back({{"label", caption + "（PDF）"}, {"href", rel.generic_string() + ".pdf"}});
        links.push_back({{"label", caption + "（PNG）"}, {"href", rel.generic_string() + ".png"}});
    }
    return links;
}

// The page's head (styles), its header with search and navigation, and the sections the script
// fills: main figures, map, charts and park pages.
void write_page_top(std::ostream& os, const ReportSummary& summary) {
    os << "<!DOCTYPE html>\n<html lang=\"zh-CN\"><head><meta charset=\"utf-8\">"
          "<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\"><title>"
       << xml_escape(summary.title) << "</title>\n<style>/* Leaflet " << "(BSD-2-Clause; licence at the end of this file) */\n"
       << css_safe(web::leaflet_css()) << "</style>\n<style>" << kStyle << "\n" << web::report_css() << "</style></head><body>\n";
    os << "<header id=\"top\"><h1>" << xml_escape(summary.title)
       << "</h1>\n<form id=\"search\" role=\"search\" onsubmit=\"return false\"><input id=\"q\" type=\"search\" "
          "placeholder=\"搜索：宗地代码、企业名称或信用代码、园区名称\" autocomplete=\"off\"><button id=\"q-go\" "
          "type=\"submit\">搜索</button><div id=\"q-results\"></div></form>\n<nav id=\"nav\"><a href=\"#facts\">主要指标</a>"
          "<a href=\"#map-sec\">地图</a><a href=\"#charts\">图表</a><a href=\"#park-pages\">园区页</a>"
          "<a href=\"#tables\">明细表</a><a href=\"#run\">运行信息</a></nav></header>\n<main>\n";
    os << "<section id=\"facts\"><h2>主要指标</h2><div class=facts>";
    for (const auto& [k, v] : summary.facts) os << "<div class=fact>" << xml_escape(k) << "<b>" << xml_escape(v) << "</b></div>";
    os << "</div><p id=\"links\" class=note>同目录下的文件：</p></section>\n";

    os << "<section id=\"map-sec\"><h2>地图</h2><div class=\"mapwrap\"><div id=\"map\"></div><aside id=\"map-side\">"
          "<fieldset id=\"colour-by\"><legend>宗地着色</legend>"
          "<label><input type=radio name=colour value=state checked>土地状态</label>"
          "<label><input type=radio name=colour value=mu_tax>亩均税收</label>"
          "<label><input type=radio name=colour value=grade>企业等级</label></fieldset>"
          "<div id=\"legend\"></div><div id=\"info\"><p class=note>点击地图上的宗地、园区或批而未供地块，查看指标与原因。</p></div>"
          "<h3>园区（点击定位）</h3><ol id=\"park-list\"></ol></aside></div><p id=\"map-note\" class=note></p></section>\n";
    os << "<section id=\"charts\"><h2>图表</h2><div class=\"charts\"><div id=\"ch-tax\" class=chart></div>"
          "<div id=\"ch-state\" class=chart></div><div id=\"ch-grade\" class=chart></div><div id=\"ch-trend\" class=chart></div>"
          "</div></section>\n";
    os << "<section id=\"park-pages\"><h2>园区页</h2><nav id=\"park-toc\"></nav><div id=\"park-page\"></div></section>\n";
}

// The tables (at most `rows` rows each; report.xlsx has all) open with the counts by category; the
// multi-year change section follows them, then write_layer_tables.
void write_counts(std::ostream& os, const ReportSummary& summary) {
    os << "<section id=\"tables\"><h2>明细表</h2>\n";
    os << "<h2 id=\"counts-h\">分类汇总</h2>\n<table id=\"counts\"><thead><tr><th>分类</th><th>类别</th><th>数量</th><th>面积(亩)</th></tr></thead><tbody>\n";
    for (const auto& c : summary.counts)
        os << "<tr><td>" << xml_escape(c.heading) << "</td><td>" << xml_escape(c.label) << "</td><td class=n>"
           << readable(static_cast<double>(c.n), "", 0) << "</td><td class=n>" << readable(c.mu, "亩", 1) << "</td></tr>\n";
    os << "</tbody></table>\n";
}

// The tables after the change section: the summary's and the layers' (every row of a layer scanned
// for the filtered ones).
void write_layer_tables(std::ostream& os, const std::vector<OutLayer>& layers, const ReportSummary& summary, size_t rows) {
    const OutLayer* parks = find_layer(layers, "parks");
    const OutLayer* parcels = find_layer(layers, "parcels");
    summary_tables(os, summary, rows);
    os << "<h2 id=\"region\">全区合计</h2>\n";
    table(os, rows, find_layer(layers, "region"), "t-region",
          {"name", "land_mu", "mu_output", "mu_tax", "inv_int", "far", "appr_mu", "unsup_mu", "supply_rt", "idle_mu", "ineff_mu",
           "n_parcels", "later_mu"});
    os << "<h2 id=\"parks\">园区（平台分类与集约利用评价）</h2>\n";
    table(os, rows, parks, "t-parks",
          {"park_id", "name", "level", "land_mu", "mu_output", "mu_tax", "inv_int", "far", "appr_mu", "unsup_mu", "supply_rt",
           "idle_mu", "ineff_mu", "score", "zone_type", "category", "role", "host_id", "reasons"});
    os << "<h2 id=\"enterprises\">企业亩均效益评价</h2>\n";
    table(os, rows, find_layer(layers, "enterprises"), "t-enterprises",
          {"ent_id", "name", "scale", "land_mu", "mu_tax", "mu_va", "score", "rank", "ranked_of", "grade", "why"});
    os << "<h2 id=\"unsupplied\">批而未供</h2>\n";
    table(os, rows, find_layer(layers, "unsupplied"), "t-unsupplied", {"appr_id", "park_id", "area_mu", "appr_mu", "age_yrs", "old", "batch", "doc_no"});
    os << "<h2 id=\"unused\">供而未用与闲置土地</h2>\n";
    table(os, rows, parcels, "t-idle", {"parcel_id", "ent_id", "park_id", "area_mu", "state", "idle_yrs", "idle_fee", "recover", "tests"},
          "state", {"unused_due", "overdue", "idle", "idle_gov"});
    os << "<h2 id=\"inefficient\">低效用地</h2>\n";
    table(os, rows, parcels, "t-inefficient",
          {"parcel_id", "ent_id", "park_id", "area_mu", "far", "coverage", "mu_tax", "grade", "tests", "violations"}, "state",
          {"inefficient"});
    os << "<h2 id=\"findings\">数据质量问题</h2>\n";
    table(os, rows, find_layer(layers, "findings"), "t-findings", {"severity", "layer", "id", "code", "message"});
}

// run.json, the licences of the embedded libraries, the data and the scripts.
void write_page_end(std::ostream& os, const std::string& run_json, const std::string& data_deflated) {
    os << "</section>\n<section id=\"run\"><h2>运行配置与输入文件校验</h2>\n<pre>" << xml_escape(run_json) << "</pre>\n";
    os << "<details id=\"licences\"><summary>第三方软件许可（本文件内嵌的 Leaflet、Apache ECharts）</summary>\n";
    size_t n_lic = 0;
    const web::Licence* lic = web::licences(n_lic);
    for (size_t k = 0; k < n_lic; ++k)
        os << "<h3>" << xml_escape(lic[k].package) << "</h3><pre>" << xml_escape(lic[k].text) << "</pre>\n";
    os << "</details></section>\n</main>\n<p class=note>landeff " LANDEFF_VERSION " — 点击表头可排序。</p>\n";
    os << "<script type=\"application/octet-stream\" id=\"landeff-data\" data-encoding=\"deflate-base64\">\n"
       << data_deflated << "\n</script>\n";
    os << "<script>" << script_safe(web::leaflet_js()) << "</script>\n";
    os << "<script>" << script_safe(web::echarts_js()) << "</script>\n";
    os << "<script>" << kScript << "</script>\n<script>" << script_safe(web::report_js()) << "</script>\n</body></html>\n";
}

}  // namespace

// The page's data; with `links_known` (no layout maps to link) complete, dumped and deflated too.
struct HtmlPageData {
    nlohmann::json data;   // the small parts
    std::vector<DeflateSink> members;  // the layers, deflated (page_data)
    std::string deflated;  // empty: not made yet
    std::string tables;    // write_layer_tables' HTML
};
void HtmlPageDataDelete::operator()(HtmlPageData* d) const { delete d; }

// The whole data, deflated as a zlib stream, in base64 (lines of 76 characters): one JSON object,
// the small parts then the members; report.js inflates it. A 20 000-parcel city's 13 MB of JSON
// become about 3.5 MB; the 200 000-parcel city's 97 MB 20.8 MB. Deterministic for the same input,
// like every output. igzip's level 1 in pieces made as the layers are read (issue 20), not one
// buffer at zlib's level 6 (16.7 MB, 1.0 s more on that city, and the whole JSON held at once).
std::string deflate_base64(const HtmlPageData& d) {
    const std::string small = d.data.dump();  // {"classes":…,"title":…}: never empty
    ZlibStream z;
    DeflateSink head;
    head.text().assign(small, 0, small.size() - 1);  // without its closing brace
    head.flush();
    z.add(head);
    for (const DeflateSink& m : d.members) z.add(m);
    DeflateSink tail;
    tail.text() = "}";
    tail.flush();
    z.add(tail);
    const std::vector<std::string_view>* parts = nullptr;
    try {
        parts = &z.finish_parts();
    } catch (const std::runtime_error&) {
        throw RunError(Msg::EHtmlCompress, {});
    }
    // Base64 in lines of 76 characters, straight from the stream's parts (issue 20: joining them
    // into one string, then GDAL's encoding of the whole, then the lines were three copies of some
    // 100 MB, each into new memory). 57 bytes make one line: blocks of whole lines are gathered
    // across the parts and encoded by GDAL, the last block as it is — the same text as the whole's.
    size_t n = 0;
    for (const auto& p : *parts) n += p.size();
    const size_t chars = (n + 2) / 3 * 4;
    std::string out;
    out.reserve(chars + chars / 76 + 1);
    constexpr size_t kLine = 57, kBlock = kLine * 16384;
    std::string block;
    block.reserve(kBlock);
    auto encode = [&] {
        char* b64 = CPLBase64Encode(static_cast<int>(block.size()), reinterpret_cast<const GByte*>(block.data()));
        const std::string_view flat(b64);
        for (size_t p = 0; p < flat.size(); p += 76) out.append(flat.substr(p, 76)).push_back('\n');
        CPLFree(b64);
        block.clear();
    };
    for (std::string_view p : *parts)
        while (!p.empty()) {
            const size_t take = std::min(p.size(), kBlock - block.size());
            block.append(p.substr(0, take));
            p.remove_prefix(take);
            if (block.size() == kBlock) encode();
        }
    if (!block.empty()) encode();
    return out;
}

HtmlPageDataPtr html_page_data(const std::vector<OutLayer>& layers, const ReportSummary& summary, const HtmlOptions& ho,
                               bool links_known) {
    HtmlPageDataPtr d(new HtmlPageData{{}, {}, {}, {}});
    tbb::task_group tasks;
    tasks.run([&] {
        std::ostringstream tables;
        write_layer_tables(tables, layers, summary, static_cast<size_t>(std::max<int64_t>(0, ho.table_rows)));
        d->tables = tables.str();
    });
    d->data = page_data(layers, summary, ho, d->members);
    tasks.wait();
    if (links_known) {
        d->data["links"] = page_links({}, ho);
        d->deflated = deflate_base64(*d);
    }
    return d;
}

void write_html(const std::vector<OutLayer>& layers, const ReportSummary& summary, const std::string& run_json,
                const std::vector<std::pair<std::string, fs::path>>& map_pngs, const fs::path& file,
                const std::string& extra_section, const HtmlOptions& ho, HtmlPageDataPtr prepared) {
    if (!prepared) prepared = html_page_data(layers, summary, ho, false);
    if (prepared->deflated.empty() || !map_pngs.empty()) {
        prepared->data["links"] = page_links(map_pngs, ho);
        prepared->deflated = deflate_base64(*prepared);
    }
    errno = 0;
    SequentialFile f;
    if (!f.open(file)) throw RunError(Msg::EFileCannotCreate, {file.string(), write_failure_reason(file, errno)});
    SequentialFileBuf buf(f);
    std::ostream os(&buf);
    write_page_top(os, summary);
    write_counts(os, summary);
    os << extra_section << prepared->tables;
    write_page_end(os, run_json, prepared->deflated);
    errno = 0;
    os.flush();
    if (!os || !f.close()) throw RunError(Msg::EFileWriteFailed, {file.string(), write_failure_reason(file, errno)});
}

}  // namespace landeff
