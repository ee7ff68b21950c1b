#include "landeff/qgis_project.hpp"

#include <gdal_priv.h>
#include <minizip/zip.h>
#include <ogrsf_frmts.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <sstream>

#include "landeff/error.hpp"
#include "landeff/text.hpp"

namespace fs = std::filesystem;

namespace landeff {
namespace {

std::string num(double v) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.3f", v);
    return buf;
}

// The four maps of `landeff map` (src/maps/render.cpp), as map themes: which style each layer shows.
struct Theme {
    const char* name;   // the map's title
    const char* parks;  // style of the parks layer
    const char* parcels;
    bool unsupplied;    // 批而未供 drawn
};
const Theme kThemes[] = {
    {"工业平台分类图", "平台分类填充", "宗地底图", false},
    {"宗地亩均税收图", "平台分类", "亩均税收", false},
    {"土地利用状态图（批而未供、供而未用、闲置、低效）", "平台分类", "土地状态", true},
    {"企业亩均效益评价等级图", "平台分类", "企业亩均效益等级", false},
};

std::string srs_xml(const WorkingCrs& crs) {
    std::string wkt;
    {
        char* w = nullptr;
        const char* opts[] = {"FORMAT=WKT2_2018", nullptr};
        if (crs.srs && crs.srs->exportToWkt(&w, opts) == OGRERR_NONE && w) wkt = w;
        CPLFree(w);
    }
    std::string authid;
    if (crs.srs && crs.srs->GetAuthorityName(nullptr) && crs.srs->GetAuthorityCode(nullptr))
        authid = std::string(crs.srs->GetAuthorityName(nullptr)) + ":" + crs.srs->GetAuthorityCode(nullptr);
    return "<spatialrefsys><wkt>" + xml_escape(wkt) + "</wkt><authid>" + xml_escape(authid) + "</authid><description>" +
           xml_escape(crs.name) + "</description><geographicflag>false</geographicflag></spatialrefsys>";
}

// The order of the layer tree, top (drawn last) to bottom; layers not named here follow, tables last.
int rank(const OutLayer& L) {
    static const std::map<std::string, int> r = {{"findings", 0}, {"worklist", 1}, {"parks", 2}, {"unsupplied", 3}, {"parcels", 4}};
    auto it = r.find(L.name);
    return it != r.end() ? it->second : L.geometry ? 5 : 6;
}

std::string layer_id(const OutLayer& L) { return "landeff_" + L.name; }

std::string datasource(const fs::path& gpkg, const OutLayer& L) { return "./" + gpkg.filename().string() + "|layername=" + L.name; }

std::string item_head(const char* type, const std::string& uuid, double x, double y, double w, double h, int z,
                      const std::string& extra) {
    std::ostringstream os;
    os << "      <LayoutItem type=\"" << type << "\" uuid=\"" << uuid << "\" templateUuid=\"" << uuid << "\" id=\"\" position=\""
       << num(x) << "," << num(y) << ",mm\" positionOnPage=\"" << num(x) << "," << num(y) << ",mm\" size=\"" << num(w) << ","
       << num(h) << ",mm\" zValue=\"" << z << "\" referencePoint=\"0\" itemRotation=\"0\" visibility=\"1\" opacity=\"1\" "
       << "blendMode=\"0\" positionLock=\"false\" excludeFromExports=\"0\" groupUuid=\"\" frameJoinStyle=\"miter\" "
       << "outlineWidthM=\"0.3,mm\" " << extra << ">\n";
    return os.str();
}

std::string label_item(const std::string& uuid, const std::string& text, double x, double y, double w, double h, int pt,
                       bool bold, int z) {
    return item_head("65641", uuid, x, y, w, h, z,
                     "frame=\"false\" background=\"false\" labelText=\"" + xml_escape(text) +
                         "\" htmlState=\"0\" halign=\"1\" valign=\"128\" marginX=\"0\" marginY=\"0\"") +
           "        <LabelFont description=\"Noto Sans CJK SC," + std::to_string(pt) + ",-1,5," + (bold ? "75" : "50") +
           ",0,0,0,0,0\" style=\"\"/>\n        <FontColor red=\"0\" green=\"0\" blue=\"0\" alpha=\"255\"/>\n      </LayoutItem>\n";
}

std::string layout_xml(const Theme& t, size_t k, const QgisProjectOptions& o, const std::string& crs_text, double cx, double cy,
                       double ext_w, double ext_h) {
    double W = o.page == "A3" ? 420 : 297, H = o.page == "A3" ? 297 : 210;
    if (o.orientation == "portrait") std::swap(W, H);
    // Fixed item ids (layout k, item n), so the project is the same on every run.
    auto id = [&](int n) {
        char buf[64];
        std::snprintf(buf, sizeof buf, "{6c616e64-6566-6600-%04zu-%012d}", k, n);
        return std::string(buf);
    };
    const std::string map_uuid = id(1);
    // Map frame: left of a 62 mm legend column, under the title, above the footer.
    const double mx = 10, my = 22, mw = W - 20 - 62, mh = H - 22 - 16;
    // The extent fills the frame at the frame's aspect ratio, centred on the data.
    double ew = ext_w, eh = ext_h;
    if (ew / eh > mw / mh) eh = ew * mh / mw;
    else ew = eh * mw / mh;
    const std::string title = (o.region.empty() ? "" : o.region + " ") + std::to_string(o.year) + " 年度" + t.name;
    std::ostringstream os;
    os << "    <Layout name=\"" << xml_escape(t.name) << "\" units=\"mm\" printResolution=\"300\" worldFileMap=\"\">\n"
       << "      <PageCollection>\n"
       << item_head("65638", id(0), 0, 0, W, H, 0, "frame=\"false\" background=\"true\"") << "      </LayoutItem>\n"
       << "      </PageCollection>\n";
    os << label_item(id(2), title, 10, 6, W - 20, 12, 18, true, 5);
    os << item_head("65639", map_uuid, mx, my, mw, mh, 1,
                    "frame=\"true\" background=\"true\" keepLayerSet=\"false\" followPreset=\"true\" followPresetName=\"" +
                        xml_escape(t.name) + "\" drawCanvasItems=\"true\" mapRotation=\"0\" mapFlags=\"0\" isTemporal=\"0\" labelMargin=\"0,mm\"")
       << "        <Extent xmin=\"" << num(cx - ew / 2) << "\" ymin=\"" << num(cy - eh / 2) << "\" xmax=\"" << num(cx + ew / 2)
       << "\" ymax=\"" << num(cy + eh / 2) << "\"/>\n        <LayerSet/>\n      </LayoutItem>\n";
    os << item_head("65642", id(3), W - 10 - 58, my, 58, mh, 2,
                    "frame=\"false\" background=\"true\" map_uuid=\"" + map_uuid +
                        "\" title=\"图例\" resizeToContents=\"1\" legendFilterByMap=\"1\" columnCount=\"1\" symbolWidth=\"7\" "
                        "symbolHeight=\"4\" boxSpace=\"2\" columnSpace=\"2\" titleAlignment=\"1\" symbolAlignment=\"1\"")
       << "        <styles>\n";
    for (const auto& [s, pt] : std::vector<std::pair<const char*, int>>{{"title", 12}, {"group", 10}, {"subgroup", 9}, {"symbol", 8}, {"symbolLabel", 8}})
        os << "          <style name=\"" << s << "\" alignment=\"1\" marginTop=\"2\"" << (std::string(s) == "symbolLabel" ? " marginLeft=\"2\"" : "")
           << " indent=\"0\"><styleFont description=\"Noto Sans CJK SC,"
           << pt << ",-1,5," << (std::string(s) == "title" ? "75" : "50") << ",0,0,0,0,0\" style=\"\"/></style>\n";
    os << "        </styles>\n      </LayoutItem>\n";
    os << item_head("65646", id(4), mx + 4, my + mh - 16, 70, 12, 4,
                    "frame=\"false\" background=\"true\" mapUuid=\"" + map_uuid +
                        "\" style=\"Single Box\" unitType=\"meters\" unitLabel=\"m\" numSegments=\"2\" numSegmentsLeft=\"0\" "
                        "segmentSizeMode=\"1\" minBarWidth=\"30\" maxBarWidth=\"60\" numMapUnitsPerScaleBarUnit=\"1\" height=\"2\" "
                        "labelBarSpace=\"2\" boxContentSpace=\"1\" alignment=\"0\"")
       << "        <text-style fontFamily=\"Noto Sans CJK SC\" fontSize=\"8\" fontSizeUnit=\"Point\" fontWeight=\"50\" "
          "textColor=\"0,0,0,255\" textOpacity=\"1\"/>\n      </LayoutItem>\n";
    os << item_head("65640", id(5), mx + mw - 16, my + 4, 12, 16, 5,
                    "frame=\"false\" background=\"false\" file=\":/images/north_arrows/layout_default_north_arrow.svg\" mode=\"0\" "
                    "resizeMode=\"0\" anchorPoint=\"0\" northMode=\"0\" northOffset=\"0\" pictureRotation=\"0\" mapUuid=\"" + map_uuid +
                        "\" svgFillColor=\"0,0,0,255\" svgBorderColor=\"0,0,0,255\" svgBorderWidth=\"0.2\"")
       << "      </LayoutItem>\n";
    os << label_item(id(6), "坐标系: " + crs_text + "    评价日: " + o.eval_date + "    制图: landeff " LANDEFF_VERSION, 10, H - 12, W - 20, 6, 8,
                     false, 6);
    os << "    </Layout>\n";
    return os.str();
}

}  // namespace

std::string qgis_project_xml(const std::vector<OutLayer>& layers, const TaxClasses& tax, const WorkingCrs& crs,
                             const fs::path& gpkg, const QgisProjectOptions& opt) {
    const std::vector<LayerStyle> styles = layer_styles(layers, tax);
    std::vector<const OutLayer*> order;
    for (const auto& L : layers) order.push_back(&L);
    std::stable_sort(order.begin(), order.end(), [](const OutLayer* a, const OutLayer* b) { return rank(*a) < rank(*b); });

    // The extent of the data: parks and parcels as written.
    double x0 = 0, y0 = 0, x1 = 1, y1 = 1;
    {
        GDALDatasetUniquePtr ds(GDALDataset::Open(gpkg.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY));
        if (!ds) throw RunError(Msg::EGpkgReopen, {gpkg.string(), tr(Msg::EForQgisProject), std::string(CPLGetLastErrorMsg())});
        bool any = false;
        for (const char* name : {"parks", "parcels"}) {
            OGRLayer* l = ds->GetLayerByName(name);
            OGREnvelope e;
            if (!l || l->GetFeatureCount() == 0 || l->GetExtent(&e, TRUE) != OGRERR_NONE) continue;
            if (!any) { x0 = e.MinX; y0 = e.MinY; x1 = e.MaxX; y1 = e.MaxY; }
            else { x0 = std::min(x0, e.MinX); y0 = std::min(y0, e.MinY); x1 = std::max(x1, e.MaxX); y1 = std::max(y1, e.MaxY); }
            any = true;
        }
    }
    const double margin = 0.05 * std::max(x1 - x0, y1 - y0) + 1.0;
    const double cx = (x0 + x1) / 2, cy = (y0 + y1) / 2, ew = x1 - x0 + 2 * margin, eh = y1 - y0 + 2 * margin;

    const std::string srs = srs_xml(crs);
    std::ostringstream os;
    os << "<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>\n"
       << "<qgis version=\"3.22.0\" projectname=\"" << xml_escape(std::to_string(opt.year) + " 年度土地利用效率评价") << "\">\n"
       << "  <homePath path=\"\"/>\n  <title>" << xml_escape((opt.region.empty() ? "" : opt.region + " ") + std::to_string(opt.year) + " 年度土地利用效率评价")
       << "</title>\n  <projectCrs>" << srs << "</projectCrs>\n";
    os << "  <layer-tree-group>\n";
    for (const OutLayer* L : order)
        os << "    <layer-tree-layer id=\"" << layer_id(*L) << "\" name=\"" << xml_escape(L->title) << "\" source=\""
           << xml_escape(datasource(gpkg, *L)) << "\" providerKey=\"ogr\" checked=\"" << (L->name == "findings" || L->name == "worklist" ? "Qt::Unchecked" : "Qt::Checked")
           << "\" expanded=\"" << (L->geometry ? "1" : "0") << "\"/>\n";
    os << "  </layer-tree-group>\n  <projectlayers>\n";
    for (const OutLayer* L : order) {
        std::vector<const LayerStyle*> mine;
        for (const auto& s : styles)
            if (s.layer == L->name) mine.push_back(&s);
        const LayerStyle& def = *mine.front();
        os << "    <maplayer type=\"vector\" " << (L->geometry ? "geometry=\"Polygon\" wkbType=\"MultiPolygon\"" : "geometry=\"No geometry\" wkbType=\"NoGeometry\"")
           << " labelsEnabled=\"" << (def.labels ? "1" : "0") << "\" styleCategories=\"AllStyleCategories\">\n"
           << "      <id>" << layer_id(*L) << "</id>\n      <datasource>" << xml_escape(datasource(gpkg, *L)) << "</datasource>\n"
           << "      <layername>" << xml_escape(L->title) << "</layername>\n";
        if (L->geometry) os << "      <srs>" << srs << "</srs>\n";
        os << "      <provider encoding=\"UTF-8\">ogr</provider>\n";
        // Every named style of the layer; the first (the GeoPackage's default) is the current one.
        os << "      <map-layer-style-manager current=\"" << xml_escape(def.name) << "\">\n";
        for (const LayerStyle* s : mine) {
            os << "        <map-layer-style name=\"" << xml_escape(s->name) << "\"";
            if (s == &def) { os << "/>\n"; continue; }
            os << ">\n          <qgis labelsEnabled=\"" << (s->labels ? "1" : "0") << "\">\n" << s->body << "          </qgis>\n        </map-layer-style>\n";
        }
        os << "      </map-layer-style-manager>\n" << def.body << "    </maplayer>\n";
    }
    os << "  </projectlayers>\n  <layerorder>\n";
    for (const OutLayer* L : order) os << "    <layer id=\"" << layer_id(*L) << "\"/>\n";
    os << "  </layerorder>\n";
    // QGIS reads <projectCrs> only with ProjectionsEnabled set.
    os << "  <properties>\n    <Paths>\n      <Absolute type=\"bool\">false</Absolute>\n    </Paths>\n"
       << "    <SpatialRefSys>\n      <ProjectionsEnabled type=\"int\">1</ProjectionsEnabled>\n    </SpatialRefSys>\n  </properties>\n";
    // The map themes: the layers each map shows, with the style it shows them in.
    auto has = [&](const std::string& name) {
        return std::any_of(layers.begin(), layers.end(), [&](const OutLayer& L) { return L.name == name; });
    };
    os << "  <visibility-presets>\n";
    for (const Theme& t : kThemes) {
        os << "    <visibility-preset name=\"" << xml_escape(t.name) << "\">\n";
        if (has("parks")) os << "      <layer id=\"landeff_parks\" visible=\"1\" style=\"" << t.parks << "\" expanded=\"1\"/>\n";
        if (has("unsupplied") && t.unsupplied) os << "      <layer id=\"landeff_unsupplied\" visible=\"1\" style=\"批而未供\" expanded=\"1\"/>\n";
        if (has("parcels")) os << "      <layer id=\"landeff_parcels\" visible=\"1\" style=\"" << t.parcels << "\" expanded=\"1\"/>\n";
        os << "    </visibility-preset>\n";
    }
    os << "  </visibility-presets>\n  <Layouts>\n";
    const std::string crs_text = crs.definition + (crs.name.empty() ? "" : " " + crs.name);
    for (size_t k = 0; k < std::size(kThemes); ++k) os << layout_xml(kThemes[k], k + 1, opt, crs_text, cx, cy, ew, eh);
    os << "  </Layouts>\n</qgis>\n";
    return os.str();
}

void write_qgis_project(const std::vector<OutLayer>& layers, const TaxClasses& tax, const WorkingCrs& crs, const fs::path& gpkg,
                        const fs::path& qgz, const QgisProjectOptions& opt) {
    const std::string xml = qgis_project_xml(layers, tax, crs, gpkg, opt);
    zipFile zf = zipOpen64(qgz.c_str(), APPEND_STATUS_CREATE);
    if (!zf) throw RunError(Msg::EFileCannotCreate, {qgz.string(), write_failure_reason(qgz, errno)});
    // The entry's time is the evaluation date at midnight, so the file is the same on every run.
    zip_fileinfo zi{};
    int y = 1980, m = 1, d = 1;
    if (std::sscanf(opt.eval_date.c_str(), "%d-%d-%d", &y, &m, &d) != 3) y = 1980, m = 1, d = 1;
    zi.tmz_date.tm_year = static_cast<uInt>(std::clamp(y, 1980, 2107));
    zi.tmz_date.tm_mon = static_cast<uInt>(m - 1);
    zi.tmz_date.tm_mday = static_cast<uInt>(d);
    const std::string entry = qgz.stem().string() + ".qgs";
    bool ok = zipOpenNewFileInZip(zf, entry.c_str(), &zi, nullptr, 0, nullptr, 0, nullptr, Z_DEFLATED, Z_DEFAULT_COMPRESSION) == ZIP_OK;
    ok = ok && zipWriteInFileInZip(zf, xml.data(), static_cast<unsigned>(xml.size())) == ZIP_OK;
    ok = zipCloseFileInZip(zf) == ZIP_OK && ok;
    ok = zipClose(zf, nullptr) == ZIP_OK && ok;
    if (!ok) throw RunError(Msg::EFileWriteFailed, {qgz.string(), write_failure_reason(qgz, errno)});
}

}  // namespace landeff
