// The trend section of a later year's report.html: what changed since the previous year, and each
// park's headline figures over the years (read back from the earlier years' GeoPackages).
#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include <array>
#include <cmath>
#include <map>
#include <sstream>

#include "landeff/text.hpp"
#include "parts.hpp"

namespace fs = std::filesystem;

namespace landeff::pipeline {

std::string trend_html(const std::vector<std::pair<int, fs::path>>& history, const Dataset& ds, const Analysis& an,
                       const CompareSummary& cs) {
    auto esc = [](const std::string& s) { return xml_escape(s); };
    std::map<std::string, std::map<int, std::array<double, 3>>> by_park;  // park → year → mu_tax, mu_output, idle_mu
    std::map<std::string, std::string> names;
    for (const auto& [year, dir] : history) {
        GDALDatasetUniquePtr g(GDALDataset::Open((dir / "landeff.gpkg").c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY));
        if (!g || !g->GetLayerByName("parks")) continue;
        // The region total: the `region` table (region_id "*"), or in older outputs the parks row park_id "*".
        for (const auto& [layer, id_field] : {std::pair<const char*, const char*>{"parks", "park_id"}, {"region", "region_id"}}) {
            OGRLayer* l = g->GetLayerByName(layer);
            if (!l) continue;
            for (auto& f : *l) {
                const std::string id = f->GetFieldAsString(id_field);
                by_park[id][year] = {f->IsFieldSetAndNotNull(f->GetFieldIndex("mu_tax")) ? f->GetFieldAsDouble("mu_tax") : kNaN,
                                     f->IsFieldSetAndNotNull(f->GetFieldIndex("mu_output")) ? f->GetFieldAsDouble("mu_output") : kNaN,
                                     f->GetFieldAsDouble("idle_mu")};
            }
        }
    }
    for (size_t k = 0; k < an.parks.size(); ++k) {
        const std::string id(ds.parks.features[k].rec.s(ParkF::park_id));
        names[id] = ds.parks.features[k].rec.s(ParkF::name);
        by_park[id][ds.cfg.year] = {an.parks[k].mu_tax, an.parks[k].mu_output, an.parks[k].idle_m2 / kM2PerMu};
    }
    by_park["*"][ds.cfg.year] = {an.region.mu_tax, an.region.mu_output, an.region.idle_m2 / kM2PerMu};
    names["*"] = "全区合计";
    std::vector<int> years;
    for (const auto& [y, d] : history) years.push_back(y);
    years.push_back(ds.cfg.year);
    std::ostringstream os;
    os << "<h2 id=\"changes\">与上年相比的变化</h2>\n<div class=facts>";
    for (const auto& [k, n] : cs.parcel_changes) os << "<div class=fact>宗地 " << esc(k) << "<b>" << n << "</b></div>";
    for (const auto& [k, n] : cs.enterprise_changes) os << "<div class=fact>企业等级 " << esc(k) << "<b>" << n << "</b></div>";
    os << "<div class=fact>园区目标全部达标<b>" << cs.parks_targets_met << " / " << cs.parks_targets_checked << "</b></div></div>\n";
    os << "<p class=note>每宗地、企业、园区的变化见 changes/changes.xlsx。</p>\n<table class=sortable id=\"t-trend\"><thead><tr><th>园区代码</th><th>园区名称</th>";
    for (const char* what : {"亩均税收", "亩均产值", "闲置土地(亩)"})
        for (int y : years) os << "<th>" << what << " " << y << "</th>";
    os << "</tr></thead><tbody>\n";
    for (const auto& [id, per_year] : by_park) {
        os << "<tr><td>" << esc(id) << "</td><td>" << esc(names[id]) << "</td>";
        for (size_t m = 0; m < 3; ++m)
            for (int y : years) {
                auto it = per_year.find(y);
                const double v = it == per_year.end() ? kNaN : it->second[m];
                os << "<td class=n>" << (std::isnan(v) ? std::string() : fmt(v, 2)) << "</td>";
            }
        os << "</tr>\n";
    }
    os << "</tbody></table>\n";
    return os.str();
}

}  // namespace landeff::pipeline
