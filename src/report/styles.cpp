#include "landeff/styles.hpp"

#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include <cerrno>
#include <cstdio>
#include <fstream>
#include <sstream>

#include "landeff/error.hpp"
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

// A fill symbol; both the QGIS ≥ 3.26 <Option> form and the older <prop> form are written.
std::string fill_symbol(const std::string& name, uint32_t rgb) {
    std::ostringstream os;
    os << "      <symbol type=\"fill\" name=\"" << name << "\" alpha=\"0.85\" clip_to_extent=\"1\" force_rhr=\"0\">\n"
       << "        <layer class=\"SimpleFill\" enabled=\"1\" pass=\"0\" locked=\"0\">\n"
       << "          <Option type=\"Map\">\n"
       << "            <Option name=\"color\" type=\"QString\" value=\"" << rgba(rgb) << "\"/>\n"
       << "            <Option name=\"outline_color\" type=\"QString\" value=\"60,60,60,255\"/>\n"
       << "            <Option name=\"outline_width\" type=\"QString\" value=\"0.2\"/>\n"
       << "            <Option name=\"outline_width_unit\" type=\"QString\" value=\"MM\"/>\n"
       << "            <Option name=\"style\" type=\"QString\" value=\"solid\"/>\n"
       << "          </Option>\n"
       << "          <prop k=\"color\" v=\"" << rgba(rgb) << "\"/>\n"
       << "          <prop k=\"outline_color\" v=\"60,60,60,255\"/>\n"
       << "          <prop k=\"outline_width\" v=\"0.2\"/>\n"
       << "          <prop k=\"outline_width_unit\" v=\"MM\"/>\n"
       << "          <prop k=\"style\" v=\"solid\"/>\n"
       << "        </layer>\n      </symbol>\n";
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

std::string labeling(const std::string& field) {
    if (field.empty()) return "";
    return "  <labeling type=\"simple\">\n    <settings calloutType=\"simple\">\n      <text-style fieldName=\"" + xml_escape(field) +
           "\" fontFamily=\"Noto Sans CJK SC\" fontSize=\"9\" textColor=\"20,20,20,255\">\n        <text-buffer bufferDraw=\"1\" "
           "bufferSize=\"0.8\" bufferColor=\"255,255,255,255\"/>\n      </text-style>\n      <placement placement=\"1\"/>\n"
           "    </settings>\n  </labeling>\n";
}

const char* kHead = "<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>\n<qgis version=\"3.22.0\" styleCategories=\"Symbology|Labeling|Fields\" labelsEnabled=\"";

}  // namespace

std::string qml_categorized(const Classification& c, const std::vector<OutField>& fields, const std::string& label_field) {
    std::ostringstream os;
    os << kHead << (label_field.empty() ? "0" : "1") << "\">\n  <renderer-v2 type=\"categorizedSymbol\" attr=\"" << xml_escape(c.field)
       << "\" symbollevels=\"0\" enableorderby=\"0\" forceraster=\"0\">\n    <categories>\n";
    for (size_t i = 0; i < c.classes.size(); ++i)
        os << "      <category render=\"true\" value=\"" << xml_escape(c.classes[i].value) << "\" symbol=\"" << i << "\" label=\""
           << xml_escape(c.classes[i].label) << "\"/>\n";
    os << "      <category render=\"true\" value=\"\" symbol=\"" << c.classes.size() << "\" label=\"其他/空值\"/>\n";
    os << "    </categories>\n    <symbols>\n";
    for (size_t i = 0; i < c.classes.size(); ++i) os << fill_symbol(std::to_string(i), c.classes[i].rgb);
    os << fill_symbol(std::to_string(c.classes.size()), 0xEEEEEE);
    os << "    </symbols>\n  </renderer-v2>\n" << labeling(label_field) << aliases(fields) << "</qgis>\n";
    return os.str();
}

std::string qml_single(uint32_t rgb, const std::vector<OutField>& fields) {
    std::ostringstream os;
    os << kHead << "0\">\n  <renderer-v2 type=\"singleSymbol\" symbollevels=\"0\" enableorderby=\"0\" forceraster=\"0\">\n"
       << "    <symbols>\n" << fill_symbol("0", rgb) << "    </symbols>\n  </renderer-v2>\n" << aliases(fields) << "</qgis>\n";
    return os.str();
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

void write_styles(const std::vector<OutLayer>& layers, const fs::path& out_dir, const std::string& stamp_date) {
    auto fields_of = [&](const std::string& name) -> const std::vector<OutField>* {
        for (const auto& L : layers)
            if (L.name == name) return &L.fields;
        return nullptr;
    };
    struct Style {
        std::string layer, name, qml, sld;
        bool is_default;
    };
    std::vector<Style> styles;
    if (auto* f = fields_of("parks"))
        styles.push_back({"parks", "平台分类", qml_categorized(park_categories(), *f, "name"), sld_categorized(park_categories()), true});
    if (auto* f = fields_of("parcels")) {
        styles.push_back({"parcels", "土地状态", qml_categorized(parcel_states(), *f, ""), sld_categorized(parcel_states()), true});
        styles.push_back({"parcels", "企业亩均效益等级", qml_categorized(enterprise_grades(), *f, ""),
                          sld_categorized(enterprise_grades()), false});
    }
    if (auto* f = fields_of("unsupplied")) styles.push_back({"unsupplied", "批而未供", qml_single(0x6A3D9A, *f), "", true});

    const fs::path gpkg = out_dir / "landeff.gpkg";
    if (fs::exists(gpkg)) {
        GDALDatasetUniquePtr ds(GDALDataset::Open(gpkg.c_str(), GDAL_OF_VECTOR | GDAL_OF_UPDATE));
        if (!ds) throw RunError(gpkg.string() + ": cannot reopen to add styles: " + CPLGetLastErrorMsg());
        // The table QGIS reads and writes; its rows carry the evaluation date as update_time.
        OGRLayer* l = ds->CreateLayer("layer_styles", nullptr, wkbNone, nullptr);
        if (!l) throw RunError(gpkg.string() + ": cannot create layer_styles: " + CPLGetLastErrorMsg());
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
            f.SetField("f_geometry_column", "geom");
            f.SetField("styleName", s.name.c_str());
            f.SetField("styleQML", s.qml.c_str());
            f.SetField("styleSLD", s.sld.c_str());
            f.SetField("useAsDefault", s.is_default ? 1 : 0);
            f.SetField("description", ("landeff " LANDEFF_VERSION));
            f.SetField("owner", "");
            f.SetField("ui", "");
            f.SetField("update_time", (stamp_date + "T00:00:00Z").c_str());
            errno = 0;
            if (l->CreateFeature(&f) != OGRERR_NONE) {
                const int err = errno;
                throw RunError(gpkg.string() + ": writing a style failed: " + write_failure_reason(gpkg, err));
            }
        }
    }
    for (const auto& s : styles) {
        const fs::path shp = out_dir / "shp" / (s.layer + ".shp");
        if (!s.is_default || !fs::exists(shp)) continue;
        std::ofstream(out_dir / "shp" / (s.layer + ".qml")) << s.qml;
    }
}

}  // namespace landeff
