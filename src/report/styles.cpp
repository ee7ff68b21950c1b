#include "landeff/styles.hpp"

#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include <cerrno>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <variant>

#include "landeff/error.hpp"
#include "landeff/labels.hpp"
#include "landeff/maps.hpp"
#include "landeff/text.hpp"
#include "landeff/writer.hpp"

namespace fs = std::filesystem;

namespace landeff {
namespace {

std::string rgba(uint32_t rgb, int alpha = 255) {
    char buf[48];
    std::snprintf(buf, sizeof buf, "%u,%u,%u,%d", (rgb >> 16) & 255u, (rgb >> 8) & 255u, rgb & 255u, alpha);
    return buf;
}

std::string hex(uint32_t rgb) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "#%06X", rgb);
    return buf;
}

std::string num(double v, int decimals) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
    return buf;
}

// How a polygon symbol is drawn: filled (parcels), an outline only (parks over the parcels,
// findings), or hatched (批而未供, over the parcels' colours).
enum class Fill { Solid, Outline, Hatched };

// A fill symbol; both the QGIS ≥ 3.26 <Option> form and the older <prop> form are written.
std::string fill_symbol(const std::string& name, uint32_t rgb, Fill how) {
    const std::string fill = how == Fill::Outline ? rgba(rgb, 0) : rgba(rgb);
    const std::string style = how == Fill::Solid ? "solid" : how == Fill::Outline ? "no" : "b_diagonal";
    const std::string outline = how == Fill::Solid ? "60,60,60,255" : rgba(rgb);
    const std::string width = how == Fill::Solid ? "0.2" : how == Fill::Outline ? "0.8" : "0.5";
    const std::pair<const char*, std::string> props[] = {{"color", fill},       {"outline_color", outline}, {"outline_style", "solid"},
                                                         {"outline_width", width}, {"outline_width_unit", "MM"}, {"style", style}};
    std::ostringstream os;
    os << "      <symbol type=\"fill\" name=\"" << name << "\" alpha=\"" << (how == Fill::Solid ? "0.85" : "1")
       << "\" clip_to_extent=\"1\" force_rhr=\"0\">\n"
       << "        <layer class=\"SimpleFill\" enabled=\"1\" pass=\"0\" locked=\"0\">\n          <Option type=\"Map\">\n";
    for (const auto& [k, v] : props) os << "            <Option name=\"" << k << "\" type=\"QString\" value=\"" << v << "\"/>\n";
    os << "          </Option>\n";
    for (const auto& [k, v] : props) os << "          <prop k=\"" << k << "\" v=\"" << v << "\"/>\n";
    os << "        </layer>\n      </symbol>\n";
    return os.str();
}

std::string aliases(const std::vector<OutField>& fields) {
    std::ostringstream os;
    os << "  <aliases>\n";
    for (size_t i = 0; i < fields.size(); ++i)
        os << "    <alias field=\"" << xml_escape(fields[i].name) << "\" index=\"" << i << "\" name=\"" << xml_escape(fields[i].alias) << "\"/>\n";
    os << "  </aliases>\n";
    return os.str();
}

// Labels over polygons (placement 1: over the centroid), drawn above every layer by QGIS.
std::string labeling(const std::string& field) {
    return "  <labeling type=\"simple\">\n    <settings calloutType=\"simple\">\n      <text-style fieldName=\"" + xml_escape(field) +
           "\" isExpression=\"0\" fontFamily=\"Noto Sans CJK SC\" fontSize=\"9\" fontSizeUnit=\"Point\" fontWeight=\"75\" "
           "textColor=\"20,20,20,255\" textOpacity=\"1\">\n        <text-buffer bufferDraw=\"1\" bufferSize=\"0.8\" "
           "bufferSizeUnits=\"MM\" bufferColor=\"255,255,255,255\" bufferOpacity=\"1\"/>\n      </text-style>\n"
           "      <placement placement=\"1\" priority=\"5\"/>\n      <rendering obstacle=\"1\" drawLabels=\"1\"/>\n"
           "    </settings>\n  </labeling>\n";
}

std::string categorized(const Classification& c, Fill how) {
    std::ostringstream os;
    os << "  <renderer-v2 type=\"categorizedSymbol\" attr=\"" << xml_escape(c.field)
       << "\" symbollevels=\"0\" enableorderby=\"0\" forceraster=\"0\">\n    <categories>\n";
    for (size_t i = 0; i < c.classes.size(); ++i)
        os << "      <category render=\"true\" value=\"" << xml_escape(c.classes[i].value) << "\" symbol=\"" << i << "\" label=\""
           << xml_escape(c.classes[i].label) << "\"/>\n";
    os << "      <category render=\"true\" value=\"\" symbol=\"" << c.classes.size() << "\" label=\"其他/空值\"/>\n";
    os << "    </categories>\n    <symbols>\n";
    for (size_t i = 0; i < c.classes.size(); ++i) os << fill_symbol(std::to_string(i), c.classes[i].rgb, how);
    os << fill_symbol(std::to_string(c.classes.size()), how == Fill::Solid ? 0xEEEEEE : 0x636363, how);
    os << "    </symbols>\n  </renderer-v2>\n";
    return os.str();
}

std::string single(uint32_t rgb, Fill how) {
    return "  <renderer-v2 type=\"singleSymbol\" symbollevels=\"0\" enableorderby=\"0\" forceraster=\"0\">\n    <symbols>\n" +
           fill_symbol("0", rgb, how) + "    </symbols>\n  </renderer-v2>\n";
}

// Per-mu tax classes as rules, so parcels without a value get their own class (无税收数据) instead
// of falling into the lowest one or vanishing (what a graduated renderer does with nulls).
std::string tax_rules(const TaxClasses& t) {
    const size_t n = t.breaks.size() + 1;
    const std::string f = "&quot;mu_tax&quot;";
    std::ostringstream rules, symbols;
    for (size_t k = 0; k < n; ++k) {
        const std::string lo = k == 0 ? "" : f + " &gt;= " + num(t.breaks[k - 1], 6);
        const std::string hi = k + 1 == n ? "" : f + " &lt; " + num(t.breaks[k], 6);
        std::string filter = lo.empty() ? hi : hi.empty() ? lo : lo + " AND " + hi;
        if (filter.empty()) filter = f + " IS NOT NULL";
        const std::string label = n == 1 ? "有税收数据"
                                  : k == 0 ? "&lt; " + num(t.breaks[0], 1)
                                  : k + 1 == n ? "≥ " + num(t.breaks[k - 1], 1)
                                               : num(t.breaks[k - 1], 1) + " – " + num(t.breaks[k], 1);
        rules << "      <rule key=\"tax" << k << "\" symbol=\"" << k << "\" label=\"" << label << "\" filter=\"" << filter << "\"/>\n";
        symbols << fill_symbol(std::to_string(k), tax_ramp_colour(k, n), Fill::Solid);
    }
    rules << "      <rule key=\"tax_null\" symbol=\"" << n << "\" label=\"无税收数据\" filter=\"" << f << " IS NULL\"/>\n";
    symbols << fill_symbol(std::to_string(n), no_data_rgb(), Fill::Solid);
    return "  <renderer-v2 type=\"RuleRenderer\" symbollevels=\"0\" enableorderby=\"0\" forceraster=\"0\">\n"
           "    <rules key=\"tax_root\">\n" + rules.str() + "    </rules>\n    <symbols>\n" + symbols.str() +
           "    </symbols>\n  </renderer-v2>\n";
}

std::string sld_categorized(const Classification& c) {
    std::ostringstream os;
    os << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<StyledLayerDescriptor version=\"1.1.0\" "
          "xmlns=\"http://www.opengis.net/sld\" xmlns:ogc=\"http://www.opengis.net/ogc\" xmlns:se=\"http://www.opengis.net/se\">\n"
       << "  <NamedLayer><se:Name>" << xml_escape(c.layer) << "</se:Name><UserStyle><se:Name>" << xml_escape(c.name)
       << "</se:Name><se:FeatureTypeStyle>\n";
    for (const auto& s : c.classes)
        os << "    <se:Rule><se:Name>" << xml_escape(s.label) << "</se:Name><ogc:Filter><ogc:PropertyIsEqualTo><ogc:PropertyName>"
           << xml_escape(c.field) << "</ogc:PropertyName><ogc:Literal>" << xml_escape(s.value)
           << "</ogc:Literal></ogc:PropertyIsEqualTo></ogc:Filter><se:PolygonSymbolizer><se:Fill><se:SvgParameter "
              "name=\"fill\">"
           << hex(s.rgb) << "</se:SvgParameter></se:Fill><se:Stroke><se:SvgParameter name=\"stroke\">#3C3C3C</se:SvgParameter>"
           << "<se:SvgParameter name=\"stroke-width\">0.5</se:SvgParameter></se:Stroke></se:PolygonSymbolizer></se:Rule>\n";
    os << "  </se:FeatureTypeStyle></UserStyle></NamedLayer>\n</StyledLayerDescriptor>\n";
    return os.str();
}

bool has_field(const OutLayer& L, const std::string& name) {
    for (const auto& f : L.fields)
        if (f.name == name) return true;
    return false;
}

}  // namespace

std::vector<LayerStyle> layer_styles(const std::vector<OutLayer>& layers, const TaxClasses& tax) {
    std::vector<LayerStyle> out;
    for (const auto& L : layers) {
        const std::string al = aliases(L.fields);
        auto add = [&](std::string name, std::string renderer, std::string xml, const std::string& label_field, std::string sld) {
            LayerStyle s;
            s.layer = L.name;
            s.name = std::move(name);
            s.is_default = out.empty() || out.back().layer != L.name;  // the first style of a layer
            s.geometry = L.geometry;
            s.renderer = std::move(renderer);
            s.labels = !label_field.empty() && has_field(L, label_field);
            s.body = xml + (s.labels ? labeling(label_field) : std::string()) + al;
            s.sld = std::move(sld);
            out.push_back(std::move(s));
        };
        const std::string cat = "categorizedSymbol";
        if (!L.geometry) {
            add(L.title, "", "", "", "");
        } else if (L.name == "parks") {
            add("平台分类", cat, categorized(park_categories(), Fill::Outline), "name", sld_categorized(park_categories()));
            add("平台分类填充", cat, categorized(park_categories(), Fill::Solid), "name", sld_categorized(park_categories()));
        } else if (L.name == "parcels") {
            add("土地状态", cat, categorized(parcel_states(), Fill::Solid), "", sld_categorized(parcel_states()));
            add("企业亩均效益等级", cat, categorized(enterprise_grades(), Fill::Solid), "", sld_categorized(enterprise_grades()));
            add("亩均税收", "RuleRenderer", tax_rules(tax), "", "");
            add("宗地底图", "singleSymbol", single(0xD9D9D9, Fill::Solid), "", "");  // grey, under filled parks
        } else if (L.name == "unsupplied") {
            add("批而未供", "singleSymbol", single(unsupplied_rgb(), Fill::Hatched), "", "");
        } else if (L.name == "findings") {
            add("严重程度", cat, categorized(finding_severities(), Fill::Outline), "", sld_categorized(finding_severities()));
        } else if (L.name == "worklist") {
            // Parcels to visit, outlined in magenta and numbered in the worklist's order (seq).
            add(L.title, "singleSymbol", single(0xE7298A, Fill::Outline), "seq", "");
        } else if (L.name == "ctl_dev") {  // the control lines of the development-zone check (issue 18)
            add(L.title, "singleSymbol", single(devzone_boundary_rgb(), Fill::Outline), "", "");
        } else if (L.name == "ctl_farm") {
            add(L.title, "singleSymbol", single(devzone_farmland_rgb(), Fill::Solid), "", "");
        } else if (L.name == "ctl_eco") {
            add(L.title, "singleSymbol", single(devzone_redline_rgb(), Fill::Hatched), "", "");
        } else if (L.name == "parcel_changes") {
            add("变化类型", cat, categorized(parcel_changes(), Fill::Solid), "", sld_categorized(parcel_changes()));
        } else {
            add(L.title, "singleSymbol", single(0x1F78B4, Fill::Outline), "name", "");
        }
    }
    return out;
}

std::string qml(const LayerStyle& s) {
    return "<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>\n<qgis version=\"3.22.0\" styleCategories=\"" +
           std::string(s.geometry ? "Symbology|Labeling|Fields" : "Fields") + "\" labelsEnabled=\"" + (s.labels ? "1" : "0") + "\">\n" +
           s.body + "</qgis>\n";
}

TaxClasses tax_classes(const fs::path& gpkg, const std::string& method, int classes) {
    TaxClasses t;
    if (!fs::exists(gpkg)) return t;
    GDALDatasetUniquePtr ds(GDALDataset::Open(gpkg.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY));
    if (!ds) throw RunError(Msg::EGpkgReopen, {gpkg.string(), tr(Msg::EForTaxClasses), std::string(CPLGetLastErrorMsg())});
    OGRLayer* l = ds->GetLayerByName("parcels");
    if (!l) return t;
    const int fi = l->GetLayerDefn()->GetFieldIndex("mu_tax");
    if (fi < 0) return t;
    std::vector<double> values;
    for (auto& f : *l)
        if (f->IsFieldSetAndNotNull(fi)) values.push_back(f->GetFieldAsDouble(fi));
    t.breaks = method == "jenks" ? jenks_breaks(values, classes) : quantile_breaks(values, classes);
    return t;
}

TaxClasses tax_classes(const std::vector<OutLayer>& layers, const std::string& method, int classes) {
    TaxClasses t;
    for (const auto& L : layers) {
        if (L.name != "parcels") continue;
        size_t fi = L.fields.size();
        for (size_t k = 0; k < L.fields.size(); ++k)
            if (L.fields[k].name == "mu_tax") fi = k;
        if (fi == L.fields.size() || !L.cell) return t;
        std::vector<double> values;
        values.reserve(L.count);
        for (size_t i = 0; i < L.count; ++i) {
            const Value v = L.cell(i, fi);
            // OutRow::set writes a non-finite number as null; the file read back held no value there.
            if (const double* d = std::get_if<double>(&v); d && std::isfinite(*d)) values.push_back(*d);
        }
        t.breaks = method == "jenks" ? jenks_breaks(values, classes) : quantile_breaks(values, classes);
        return t;
    }
    return t;
}

void write_styles(const std::vector<OutLayer>& layers, const TaxClasses& tax, const fs::path& gpkg,
                  const std::vector<fs::path>& sidecar_dirs, const std::string& stamp_date) {
    const std::vector<LayerStyle> styles = layer_styles(layers, tax);
    if (!gpkg.empty() && fs::exists(gpkg)) {
        // The GeoPackage sits in the run's staging directory until the final rename, as when it was
        // written (write_vector_outputs): SQLite's default (synchronous FULL) would fsync it on each
        // commit here, waiting for every page of the file just written to reach the disk — 1.7 s at
        // 1 M parcels, the process idle (issue 20).
        ScopedConfig sync("OGR_SQLITE_SYNCHRONOUS", "OFF");
        GDALDatasetUniquePtr ds(GDALDataset::Open(gpkg.c_str(), GDAL_OF_VECTOR | GDAL_OF_UPDATE));
        if (!ds) throw RunError(Msg::EGpkgReopen, {gpkg.string(), tr(Msg::EForStyles), std::string(CPLGetLastErrorMsg())});
        // The table QGIS reads and writes; its rows carry the evaluation date as update_time.
        OGRLayer* l = ds->CreateLayer("layer_styles", nullptr, wkbNone, nullptr);
        if (!l) throw RunError(Msg::EStylesTable, {gpkg.string(), std::string(CPLGetLastErrorMsg())});
        const std::pair<const char*, OGRFieldType> cols[] = {
            {"f_table_catalog", OFTString}, {"f_table_schema", OFTString}, {"f_table_name", OFTString},
            {"f_geometry_column", OFTString}, {"styleName", OFTString},    {"styleQML", OFTString},
            {"styleSLD", OFTString},          {"useAsDefault", OFTInteger}, {"description", OFTString},
            {"owner", OFTString},             {"ui", OFTString},            {"update_time", OFTString}};
        for (const auto& [n, t] : cols) {
            OGRFieldDefn fd(n, t);
            if (std::string(n) == "useAsDefault") fd.SetSubType(OFSTBoolean);
            l->CreateField(&fd);
        }
        for (const auto& s : styles) {
            OGRFeature f(l->GetLayerDefn());
            f.SetField("f_table_catalog", "");
            f.SetField("f_table_schema", "");
            f.SetField("f_table_name", s.layer.c_str());
            // QGIS looks a default style up by table and geometry column; a table has none.
            f.SetField("f_geometry_column", s.geometry ? "geom" : "");
            f.SetField("styleName", s.name.c_str());
            f.SetField("styleQML", qml(s).c_str());
            f.SetField("styleSLD", s.sld.c_str());
            f.SetField("useAsDefault", s.is_default ? 1 : 0);
            f.SetField("description", ("landeff " LANDEFF_VERSION));
            f.SetField("owner", "");
            f.SetField("ui", "");
            f.SetField("update_time", (stamp_date + "T00:00:00Z").c_str());
            errno = 0;
            if (l->CreateFeature(&f) != OGRERR_NONE) {
                const int err = errno;
                throw RunError(Msg::EStyleWrite, {gpkg.string(), write_failure_reason(gpkg, err)});
            }
        }
    }
    // QGIS loads <name>.qml beside a file it opens as its default style.
    for (const fs::path& dir : sidecar_dirs)
        for (const auto& s : styles) {
            if (!s.is_default) continue;
            for (const char* ext : {".shp", ".dbf", ".geojson"})
                if (fs::exists(dir / (s.layer + ext))) {
                    std::ofstream(dir / (s.layer + ".qml")) << qml(s);
                    break;
                }
        }
}

void restyle_tax_classes(const fs::path& gpkg, const TaxClasses& was, const TaxClasses& now) {
    GDALDatasetUniquePtr ds(GDALDataset::Open(gpkg.c_str(), GDAL_OF_VECTOR | GDAL_OF_UPDATE));
    if (!ds) throw RunError(Msg::EGpkgReopen, {gpkg.string(), tr(Msg::EForTaxStyle), std::string(CPLGetLastErrorMsg())});
    OGRLayer* l = ds->GetLayerByName("layer_styles");
    if (!l) return;  // written without styles
    const std::string old_rules = tax_rules(was), new_rules = tax_rules(now);
    l->SetAttributeFilter("f_table_name = 'parcels' AND styleName = '亩均税收'");
    std::vector<OGRFeatureUniquePtr> rows;
    for (auto& f : *l) rows.emplace_back(f->Clone());
    l->SetAttributeFilter(nullptr);
    for (auto& f : rows) {
        std::string q = f->GetFieldAsString("styleQML");
        const size_t at = q.find(old_rules);
        if (at == std::string::npos)
            throw RunError(Msg::ETaxStyleForeign, {gpkg.string()});
        q.replace(at, old_rules.size(), new_rules);
        f->SetField("styleQML", q.c_str());
        if (l->SetFeature(f.get()) != OGRERR_NONE)
            throw RunError(Msg::ETaxStyleRedraw, {gpkg.string(), std::string(CPLGetLastErrorMsg())});
    }
}

}  // namespace landeff
