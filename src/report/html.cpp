#include <ogr_feature.h>

#include <cerrno>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "landeff/error.hpp"
#include "landeff/format.hpp"
#include "landeff/text.hpp"
#include "landeff/writer.hpp"
#include "landeff/labels.hpp"
#include "landeff/report.hpp"

namespace fs = std::filesystem;

namespace landeff {
namespace {

constexpr size_t kMaxRows = 5000;  // per table; report.xlsx has every row

std::string base64(const std::string& in) {
    static const char* t = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    std::string out;
    size_t i = 0;
    for (; i + 2 < in.size(); i += 3) {
        const unsigned v = (static_cast<unsigned char>(in[i]) << 16) | (static_cast<unsigned char>(in[i + 1]) << 8) |
                           static_cast<unsigned char>(in[i + 2]);
        out += t[(v >> 18) & 63];
        out += t[(v >> 12) & 63];
        out += t[(v >> 6) & 63];
        out += t[v & 63];
    }
    if (i < in.size()) {
        unsigned v = static_cast<unsigned char>(in[i]) << 16;
        if (i + 1 < in.size()) v |= static_cast<unsigned char>(in[i + 1]) << 8;
        out += t[(v >> 18) & 63];
        out += t[(v >> 12) & 63];
        out += i + 1 < in.size() ? t[(v >> 6) & 63] : '=';
        out += '=';
    }
    return out;
}

const OutLayer* find_layer(const std::vector<OutLayer>& layers, const std::string& name) {
    for (const auto& L : layers)
        if (L.name == name) return &L;
    return nullptr;
}

// A table of selected columns of a layer; rows kept when `filter_field` is one of `keep`.
void table(std::ostream& os, const OutLayer* L, const std::string& id, const std::vector<std::string>& columns,
           const std::string& filter_field = "", const std::set<std::string>& keep = {}) {
    if (!L) return;
    std::vector<int> idx;
    for (const auto& c : columns)
        for (size_t k = 0; k < L->fields.size(); ++k)
            if (L->fields[k].name == c) idx.push_back(static_cast<int>(k));
    int filter_idx = -1;
    for (size_t k = 0; k < L->fields.size(); ++k)
        if (L->fields[k].name == filter_field) filter_idx = static_cast<int>(k);
    OGRFeatureDefn* defn = new OGRFeatureDefn(L->name.c_str());
    defn->Reference();
    defn->SetGeomType(wkbNone);
    for (const auto& f : L->fields) {
        OGRFieldDefn fd(f.name.c_str(), f.type == OutType::Text ? OFTString : f.type == OutType::Int ? OFTInteger64 : OFTReal);
        defn->AddFieldDefn(&fd);
    }
    std::ostringstream body;
    size_t shown = 0, matched = 0;
    for (size_t i = 0; i < L->count; ++i) {
        OGRFeature f(defn);
        OutRow row(f, false, 0);
        L->fill(i, row);
        if (filter_idx >= 0 && !keep.count(f.GetFieldAsString(filter_idx))) continue;
        ++matched;
        if (shown >= kMaxRows) continue;
        ++shown;
        body << "<tr>";
        for (int k : idx) {
            if (!f.IsFieldSetAndNotNull(k)) {
                body << "<td></td>";
                continue;
            }
            const auto type = L->fields[static_cast<size_t>(k)].type;
            if (type == OutType::Real) {
                body << "<td class=n>" << fmt::fixed(f.GetFieldAsDouble(k), 2) << "</td>";
            } else if (type == OutType::Int) {
                body << "<td class=n>" << f.GetFieldAsInteger64(k) << "</td>";
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
    os << "<table class=sortable id=\"" << id << "\"><thead><tr>";
    for (int k : idx) os << "<th title=\"" << xml_escape(L->fields[static_cast<size_t>(k)].name) << "\">" << xml_escape(L->fields[static_cast<size_t>(k)].alias) << "</th>";
    os << "</tr></thead><tbody>\n" << body.str() << "</tbody></table>\n";
    os << "<p class=note>" << matched << " rows";
    if (matched > shown) os << ", the first " << shown << " shown; every row is in report.xlsx";
    os << ".</p>\n";
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

// Click a header to sort (numbers numerically, text by locale); click again to reverse.
const char* kScript = R"(document.querySelectorAll('table.sortable th').forEach(function(th){
th.addEventListener('click',function(){var table=th.closest('table'),tb=table.tBodies[0];
var i=Array.prototype.indexOf.call(th.parentNode.children,th),dir=th.dataset.dir==='asc'?-1:1;
th.parentNode.querySelectorAll('th').forEach(function(h){delete h.dataset.dir});th.dataset.dir=dir===1?'asc':'desc';
var rows=Array.prototype.slice.call(tb.rows);rows.sort(function(a,b){var x=a.cells[i].textContent,y=b.cells[i].textContent;
var nx=parseFloat(x),ny=parseFloat(y);if(!isNaN(nx)&&!isNaN(ny))return (nx-ny)*dir;return x.localeCompare(y,'zh')*dir;});
rows.forEach(function(r){tb.appendChild(r)});});});)";

}  // namespace

void write_html(const std::vector<OutLayer>& layers, const ReportSummary& summary, const std::string& run_json,
                const std::vector<std::pair<std::string, fs::path>>& map_pngs, const fs::path& file,
                const std::string& extra_section) {
    std::ofstream os(file, std::ios::binary);
    if (!os) throw RunError(file.string() + ": cannot create: " + write_failure_reason(file, errno));
    os << "<!DOCTYPE html>\n<html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>" << xml_escape(summary.title)
       << "</title><style>" << kStyle << "</style></head><body>\n<h1>" << xml_escape(summary.title) << "</h1>\n";
    os << "<h2 id=\"facts\">主要指标</h2><div class=facts>";
    for (const auto& [k, v] : summary.facts) os << "<div class=fact>" << xml_escape(k) << "<b>" << xml_escape(v) << "</b></div>";
    os << "</div>\n<table id=\"counts\"><thead><tr><th>分类</th><th>类别</th><th>数量</th><th>面积(亩)</th></tr></thead><tbody>\n";
    for (const auto& c : summary.counts) {
        const std::string mu = fmt::mu(c.mu);
        os << "<tr><td>" << xml_escape(c.heading) << "</td><td>" << xml_escape(c.label) << "</td><td class=n>" << c.n
           << "</td><td class=n>" << mu << "</td></tr>\n";
    }
    os << "</tbody></table>\n";
    if (!map_pngs.empty()) {
        os << "<h2 id=\"maps\">专题图</h2>\n";
        for (const auto& [caption, png] : map_pngs) {
            std::ifstream in(png, std::ios::binary);
            std::string data((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
            os << "<figure><img class=map alt=\"" << xml_escape(caption) << "\" src=\"data:image/png;base64," << base64(data)
               << "\"><figcaption>" << xml_escape(caption) << "</figcaption></figure>\n";
        }
    }
    os << extra_section;
    os << "<h2 id=\"region\">全区合计</h2>\n";
    table(os, find_layer(layers, "region"), "t-region",
          {"name", "land_mu", "mu_output", "mu_tax", "inv_int", "far", "appr_mu", "unsup_mu", "supply_rt", "idle_mu", "ineff_mu",
           "n_parcels", "later_mu"});
    os << "<h2 id=\"parks\">园区（平台分类与集约利用评价）</h2>\n";
    table(os, find_layer(layers, "parks"), "t-parks",
          {"park_id", "name", "level", "land_mu", "mu_output", "mu_tax", "inv_int", "far", "appr_mu", "unsup_mu", "supply_rt",
           "idle_mu", "ineff_mu", "score", "zone_type", "category", "role", "host_id", "reasons"});
    os << "<h2 id=\"enterprises\">企业亩均效益评价</h2>\n";
    table(os, find_layer(layers, "enterprises"), "t-enterprises",
          {"ent_id", "name", "scale", "land_mu", "mu_tax", "mu_va", "score", "rank", "ranked_of", "grade", "why"});
    os << "<h2 id=\"unsupplied\">批而未供</h2>\n";
    table(os, find_layer(layers, "unsupplied"), "t-unsupplied", {"appr_id", "park_id", "area_mu", "appr_mu", "age_yrs", "old", "batch", "doc_no"});
    os << "<h2 id=\"unused\">供而未用与闲置土地</h2>\n";
    table(os, find_layer(layers, "parcels"), "t-idle",
          {"parcel_id", "ent_id", "park_id", "area_mu", "state", "idle_yrs", "idle_fee", "recover", "tests"}, "state",
          {"unused_due", "overdue", "idle", "idle_gov"});
    os << "<h2 id=\"inefficient\">低效用地</h2>\n";
    table(os, find_layer(layers, "parcels"), "t-inefficient",
          {"parcel_id", "ent_id", "park_id", "area_mu", "far", "coverage", "mu_tax", "grade", "tests", "violations"}, "state",
          {"inefficient"});
    os << "<h2 id=\"findings\">数据质量问题</h2>\n";
    table(os, find_layer(layers, "findings"), "t-findings", {"severity", "layer", "id", "code", "message"});
    os << "<h2 id=\"run\">运行配置与输入文件校验</h2>\n<pre>" << xml_escape(run_json) << "</pre>\n";
    os << "<p class=note>landeff " LANDEFF_VERSION " — 点击表头可排序。</p>\n<script>" << kScript << "</script></body></html>\n";
    errno = 0;
    os.close();
    if (!os) throw RunError(file.string() + ": writing failed: " + write_failure_reason(file, errno));
}

}  // namespace landeff
