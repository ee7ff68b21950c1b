// Layout maps: Mapnik renders the map frame from landeff.gpkg; Cairo draws the layout around it.
#include <cairo-pdf.h>
#include <cairo.h>
#include <gdal_priv.h>
#include <mapnik/cairo/cairo_context.hpp>
#include <mapnik/cairo/cairo_renderer.hpp>
#include <mapnik/datasource_cache.hpp>
#include <mapnik/font_engine_freetype.hpp>
#include <mapnik/load_map.hpp>
#include <mapnik/debug.hpp>
#include <mapnik/map.hpp>
#include <ogrsf_frmts.h>

#include <cmath>
#include <cstdio>
#include <fstream>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <sstream>

#include "landeff/error.hpp"
#include "landeff/format.hpp"
#include "landeff/text.hpp"
#include "landeff/maps.hpp"
#include "landeff/palette.hpp"
#include "landeff/progress.hpp"

namespace fs = std::filesystem;

namespace landeff {
namespace {

constexpr const char* kFont = "Noto Sans CJK SC";
constexpr const char* kMapnikFont = "Noto Sans CJK SC Regular";

void init_mapnik() {
    static std::once_flag once;
    std::call_once(once, [] {
        mapnik::logger::set_severity(mapnik::logger::none);  // problems surface as exceptions
        mapnik::datasource_cache::instance().register_datasources(MAPNIK_INPUT_DIR);
        mapnik::freetype_engine::register_fonts("/usr/share/fonts/opentype/noto", true);
        mapnik::freetype_engine::register_fonts("/usr/share/fonts/truetype", true);
    });
}

std::string hex(uint32_t rgb) {
    char b[16];
    std::snprintf(b, sizeof b, "#%06X", rgb);
    return b;
}


struct LegendItem {
    std::string label;
    uint32_t rgb;
    double mu;
};

// Sum of `area_field` by `class_field` over a layer of the GeoPackage.
std::map<std::string, double> sums_by(GDALDataset& ds, const std::string& layer, const std::string& class_field,
                                      const std::string& area_field) {
    std::map<std::string, double> out;
    OGRLayer* l = ds.GetLayerByName(layer.c_str());
    if (!l) return out;
    const int cf = l->GetLayerDefn()->GetFieldIndex(class_field.c_str());
    const int af = l->GetLayerDefn()->GetFieldIndex(area_field.c_str());
    if (cf < 0 || af < 0) return out;
    l->ResetReading();
    for (auto& f : *l) {
        if (!f->GetGeometryRef()) continue;  // the region row of parks has no geometry
        out[f->IsFieldSetAndNotNull(cf) ? f->GetFieldAsString(cf) : ""] += f->IsFieldSetAndNotNull(af) ? f->GetFieldAsDouble(af) : 0;
    }
    return out;
}

struct MapDef {
    std::string id, title;
    std::string styles;                // Mapnik <Style> elements
    std::vector<std::string> layers;   // Mapnik <Layer> elements
    std::vector<LegendItem> legend;
    std::string legend_title;
};

std::string layer_xml(const std::string& name, const std::string& style, const fs::path& gpkg, const std::string& srs) {
    return "<Layer name=\"" + name + "-" + style + "\" srs=\"" + srs + "\"><StyleName>" + style +
           "</StyleName><Datasource><Parameter name=\"type\">ogr</Parameter><Parameter name=\"file\">" + xml_escape(gpkg.string()) +
           "</Parameter><Parameter name=\"layer\">" + name + "</Parameter></Datasource></Layer>";
}

std::string fill_rule(const std::string& filter, uint32_t rgb, double opacity = 1.0, const std::string& stroke = "#666666",
                      double stroke_w = 0.3) {
    return "<Rule>" + (filter.empty() ? std::string() : "<Filter>" + xml_escape(filter) + "</Filter>") +
           "<PolygonSymbolizer fill=\"" + hex(rgb) + "\" fill-opacity=\"" + fmt::fixed(opacity, 2) + "\"/><LineSymbolizer stroke=\"" +
           stroke + "\" stroke-width=\"" + fmt::fixed(stroke_w, 2) + "\"/></Rule>";
}

// Park outlines and names, drawn on top of every map.
std::string park_labels_style(bool host_arrows) {
    std::string s = "<Style name=\"park-outline\"><Rule><LineSymbolizer stroke=\"#222222\" stroke-width=\"1.2\"/></Rule></Style>";
    s += "<Style name=\"park-label\">";
    if (host_arrows)
        s += "<Rule><Filter>[role] = 'hosted'</Filter><TextSymbolizer face-name=\"" + std::string(kMapnikFont) +
             "\" size=\"10\" fill=\"#111111\" halo-fill=\"#ffffff\" halo-radius=\"1.5\" placement=\"interior\" "
             "wrap-width=\"120\">[name] + ' → ' + [host_id]</TextSymbolizer></Rule>";
    s += "<Rule>" + std::string(host_arrows ? "<ElseFilter/>" : "") + "<TextSymbolizer face-name=\"" + kMapnikFont +
         "\" size=\"10\" fill=\"#111111\" halo-fill=\"#ffffff\" halo-radius=\"1.5\" placement=\"interior\" "
         "wrap-width=\"120\">[name]</TextSymbolizer></Rule></Style>";
    return s;
}

void text(cairo_t* cr, double x, double y, const std::string& s, double size_mm, bool bold = false) {
    cairo_select_font_face(cr, kFont, CAIRO_FONT_SLANT_NORMAL, bold ? CAIRO_FONT_WEIGHT_BOLD : CAIRO_FONT_WEIGHT_NORMAL);
    cairo_set_font_size(cr, size_mm);
    cairo_move_to(cr, x, y);
    cairo_show_text(cr, s.c_str());
}

double nice_length(double target_m) {
    const double p = std::pow(10.0, std::floor(std::log10(target_m)));
    for (double m : {1.0, 2.0, 5.0, 10.0})
        if (m * p >= target_m) return m * p;
    return 10 * p;
}

struct Frame {
    double page_w, page_h, x, y, w, h;   // mm
    bool legend_right;
};

Frame layout_for(const MapOptions& o) {
    double w = o.page == "A3" ? 420 : 297, h = o.page == "A3" ? 297 : 210;
    if (o.orientation == "portrait") std::swap(w, h);
    Frame f{w, h, 10, 26, 0, 0, o.orientation != "portrait"};
    if (f.legend_right) {
        f.w = w - 20 - 72;
        f.h = h - 26 - 18;
    } else {
        f.w = w - 20;
        f.h = h - 26 - 18 - 62;
    }
    return f;
}

// Draws one page on a Cairo context whose unit is 1 mm; `device_per_mm` converts to device units.
void draw_page(cairo_t* cr, double device_per_mm, const Frame& fr, mapnik::Map& m, const MapDef& def, const MapOptions& o,
               double unit_m) {
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_paint(cr);
    // Map frame: Mapnik draws into device units at the frame's offset.
    cairo_save(cr);
    cairo_identity_matrix(cr);
    cairo_rectangle(cr, fr.x * device_per_mm, fr.y * device_per_mm, fr.w * device_per_mm, fr.h * device_per_mm);
    cairo_clip(cr);
    // Mapnik's offset arguments select a tile of the map; placing the map on the page is a
    // translation of the context instead.
    cairo_translate(cr, fr.x * device_per_mm, fr.y * device_per_mm);
    {
        mapnik::cairo_ptr ctx(cairo_reference(cr), mapnik::cairo_closer());
        mapnik::cairo_renderer<mapnik::cairo_ptr> ren(m, ctx, device_per_mm * 0.28);
        ren.apply();
    }
    cairo_restore(cr);
    cairo_set_source_rgb(cr, 0.2, 0.2, 0.2);
    cairo_set_line_width(cr, 0.35);
    cairo_rectangle(cr, fr.x, fr.y, fr.w, fr.h);
    cairo_stroke(cr);
    // Title.
    cairo_set_source_rgb(cr, 0.05, 0.05, 0.05);
    const std::string title = (o.region.empty() ? "" : o.region + " ") + std::to_string(o.year) + " 年度" + def.title;
    text(cr, fr.x, 18, title, 8.5, true);
    // North arrow, top-right inside the frame.
    const double nx = fr.x + fr.w - 12, ny = fr.y + 6;
    cairo_set_source_rgba(cr, 1, 1, 1, 0.85);
    cairo_rectangle(cr, nx - 6, ny - 2, 12, 17);
    cairo_fill(cr);
    cairo_set_source_rgb(cr, 0.1, 0.1, 0.1);
    cairo_move_to(cr, nx, ny);
    cairo_line_to(cr, nx + 3.5, ny + 10);
    cairo_line_to(cr, nx, ny + 7.5);
    cairo_close_path(cr);
    cairo_fill(cr);
    cairo_move_to(cr, nx, ny);
    cairo_line_to(cr, nx - 3.5, ny + 10);
    cairo_line_to(cr, nx, ny + 7.5);
    cairo_close_path(cr);
    cairo_set_line_width(cr, 0.3);
    cairo_stroke(cr);
    text(cr, nx - 1.6, ny + 14.5, "N", 4, true);
    // Scale bar, bottom-left inside the frame: metres per mm of paper from the map's scale.
    const double m_per_mm = m.scale() * device_per_mm * unit_m;
    const double len_m = nice_length(m_per_mm * 30);
    const double len_mm = len_m / m_per_mm;
    const double sx = fr.x + 6, sy = fr.y + fr.h - 8;
    cairo_set_source_rgba(cr, 1, 1, 1, 0.85);
    cairo_rectangle(cr, sx - 3, sy - 7, len_mm + 22, 11);
    cairo_fill(cr);
    for (int i = 0; i < 4; ++i) {
        i % 2 ? cairo_set_source_rgb(cr, 1, 1, 1) : cairo_set_source_rgb(cr, 0.1, 0.1, 0.1);
        cairo_rectangle(cr, sx + len_mm * i / 4, sy, len_mm / 4, 1.6);
        cairo_fill(cr);
    }
    cairo_set_source_rgb(cr, 0.1, 0.1, 0.1);
    cairo_rectangle(cr, sx, sy, len_mm, 1.6);
    cairo_set_line_width(cr, 0.2);
    cairo_stroke(cr);
    const bool km = len_m >= 1000;
    text(cr, sx - 0.6, sy - 1.2, "0", 2.6);
    text(cr, sx + len_mm - 2, sy - 1.2, km ? fmt::fixed(len_m / 1000, len_m >= 10000 ? 0 : 1) : fmt::fixed(len_m, 0), 2.6);
    text(cr, sx + len_mm + 2, sy + 1.6, km ? "千米" : "米", 2.6);
    // Legend.
    double lx, ly;
    if (fr.legend_right) { lx = fr.x + fr.w + 6; ly = fr.y + 4; }
    else { lx = fr.x; ly = fr.y + fr.h + 8; }
    cairo_set_source_rgb(cr, 0.05, 0.05, 0.05);
    text(cr, lx, ly + 3, def.legend_title, 4.2, true);
    text(cr, lx + 46, ly + 3, "面积(亩)", 3.2);
    ly += 8;
    for (size_t i = 0; i < def.legend.size(); ++i) {
        const auto& it = def.legend[i];
        double x = lx, y = ly + static_cast<double>(i) * 7.0;
        if (!fr.legend_right && i >= 5) { x = lx + 95; y = ly + static_cast<double>(i - 5) * 7.0; }
        cairo_set_source_rgb(cr, ((it.rgb >> 16) & 255) / 255.0, ((it.rgb >> 8) & 255) / 255.0, (it.rgb & 255) / 255.0);
        cairo_rectangle(cr, x, y, 8, 5);
        cairo_fill_preserve(cr);
        cairo_set_source_rgb(cr, 0.3, 0.3, 0.3);
        cairo_set_line_width(cr, 0.2);
        cairo_stroke(cr);
        cairo_set_source_rgb(cr, 0.05, 0.05, 0.05);
        text(cr, x + 10, y + 4, it.label, 3.3);
        text(cr, x + 46, y + 4, fmt::mu(it.mu), 3.3);
    }
    // Footer: CRS, data date, scale.
    cairo_set_source_rgb(cr, 0.25, 0.25, 0.25);
    const std::string foot = "坐标系 " + o.crs + "    数据截至 " + o.eval_date + "    比例尺约 1:" +
                             fmt::fixed(std::round(m_per_mm * 1000 / 100) * 100, 0) + "    制图 landeff " LANDEFF_VERSION;
    text(cr, fr.x, fr.page_h - 8, foot, 2.8);
}

}  // namespace

std::vector<RenderedMap> render_maps(const fs::path& gpkg, const MapOptions& o, const fs::path& out_dir,
                                     const fs::path& changes_gpkg) {
    init_mapnik();
    fs::create_directories(out_dir);
    GDALDatasetUniquePtr ds(GDALDataset::Open(gpkg.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY));
    if (!ds) throw RunError(gpkg.string() + ": cannot open for the maps: " + CPLGetLastErrorMsg());
    OGRLayer* parks = ds->GetLayerByName("parks");
    if (!parks || !parks->GetSpatialRef()) throw RunError(gpkg.string() + ": no parks layer to map");
    char* wkt = nullptr;
    const OGRSpatialReference* srs = parks->GetSpatialRef();
    const char* auth = srs->GetAuthorityName(nullptr);
    const char* code = srs->GetAuthorityCode(nullptr);
    std::string srs_text;
    if (auth && code) srs_text = std::string(auth) + ":" + code;
    else {
        char* proj4 = nullptr;
        srs->exportToProj4(&proj4);
        srs_text = proj4 ? proj4 : "";
        CPLFree(proj4);
    }
    CPLFree(wkt);
    const double unit_m = srs->GetLinearUnits();
    OGREnvelope env;
    if (parks->GetExtent(&env, TRUE) != OGRERR_NONE) throw RunError(gpkg.string() + ": the parks layer has no extent to map");
    if (OGRLayer* parcels = ds->GetLayerByName("parcels")) {
        OGREnvelope e2;
        if (parcels->GetFeatureCount() > 0 && parcels->GetExtent(&e2, TRUE) == OGRERR_NONE) env.Merge(e2);
    }

    // The four maps.
    std::vector<MapDef> defs;
    const std::string base_style = "<Style name=\"parcel-base\"><Rule><PolygonSymbolizer fill=\"#f2f2f2\"/><LineSymbolizer stroke=\"#bbbbbb\" stroke-width=\"0.2\"/></Rule></Style>";
    auto classified = [&](const std::string& id, const std::string& title, const Classification& c, const std::string& layer,
                          const std::string& area_field, bool host_arrows) {
        MapDef d{id, title, base_style + park_labels_style(host_arrows), {}, {}, c.name};
        std::string st = "<Style name=\"cls\">";
        const auto areas = sums_by(*ds, layer, c.field, area_field);
        for (const auto& s : c.classes) {
            st += fill_rule("[" + c.field + "] = '" + s.value + "'", s.rgb, layer == "parks" ? 1.0 : 0.95);
            auto it = areas.find(s.value);
            d.legend.push_back({s.label, s.rgb, it == areas.end() ? 0.0 : it->second});
        }
        st += "</Style>";
        d.styles += st;
        if (layer == "parks") d.layers.push_back(layer_xml("parcels", "parcel-base", gpkg, srs_text));
        d.layers.push_back(layer_xml(layer, "cls", gpkg, srs_text));
        defs.push_back(std::move(d));
    };
    classified("categories", "工业平台分类图", park_categories(), "parks", "area_mu", true);
    // Per-mu tax choropleth of parcels.
    {
        std::vector<double> values;
        if (OGRLayer* l = ds->GetLayerByName("parcels")) {
            const int fi = l->GetLayerDefn()->GetFieldIndex("mu_tax");
            for (auto& f : *l)
                if (fi >= 0 && f->IsFieldSetAndNotNull(fi)) values.push_back(f->GetFieldAsDouble(fi));
        }
        const auto br = o.breaks == "jenks" ? jenks_breaks(values, o.classes) : quantile_breaks(values, o.classes);
        static const uint32_t kRamp[] = {0xFFFFCC, 0xC7E9B4, 0x7FCDBB, 0x41B6C4, 0x1D91C0, 0x225EA8, 0x253494, 0x081D58, 0x041030};
        MapDef d{"mu_tax", "宗地亩均税收图", base_style + park_labels_style(false), {}, {}, "亩均税收(万元/亩)"};
        std::string st = "<Style name=\"tax\">";
        const size_t n = br.size() + 1;
        std::map<size_t, double> mu;
        if (OGRLayer* l = ds->GetLayerByName("parcels")) {
            const int fi = l->GetLayerDefn()->GetFieldIndex("mu_tax"), ai = l->GetLayerDefn()->GetFieldIndex("area_mu");
            l->ResetReading();
            for (auto& f : *l) {
                if (fi < 0 || !f->IsFieldSetAndNotNull(fi)) { mu[n] += ai >= 0 ? f->GetFieldAsDouble(ai) : 0; continue; }
                const double v = f->GetFieldAsDouble(fi);
                size_t k = 0;
                while (k < br.size() && v >= br[k]) ++k;
                mu[k] += ai >= 0 ? f->GetFieldAsDouble(ai) : 0;
            }
        }
        for (size_t k = 0; k < n; ++k) {
            const std::string lo = k == 0 ? "" : "[mu_tax] >= " + fmt::fixed(br[k - 1], 6);
            const std::string hi = k + 1 == n ? "" : "[mu_tax] < " + fmt::fixed(br[k], 6);
            const std::string filter = lo.empty() ? hi : hi.empty() ? lo : lo + " and " + hi;
            const uint32_t color = kRamp[std::min<size_t>(k * 8 / std::max<size_t>(1, n - 1), 8)];
            st += fill_rule(filter.empty() ? "[mu_tax] != null" : filter + " and [mu_tax] != null", color, 0.95);
            const std::string label = k == 0 ? "< " + fmt::fixed(br.empty() ? 0 : br[0], 1)
                                    : k + 1 == n ? "≥ " + fmt::fixed(br[k - 1], 1) : fmt::fixed(br[k - 1], 1) + " – " + fmt::fixed(br[k], 1);
            d.legend.push_back({label, color, mu[k]});
        }
        st += fill_rule("[mu_tax] = null", 0xDDDDDD, 0.95) + "</Style>";
        d.legend.push_back({"无税收数据", 0xDDDDDD, mu[n]});
        d.styles += st;
        d.layers.push_back(layer_xml("parcels", "tax", gpkg, srs_text));
        defs.push_back(std::move(d));
    }
    classified("states", "土地利用状态图（批而未供、供而未用、闲置、低效）", parcel_states(), "parcels", "area_mu", false);
    {
        // 批而未供 polygons over the states map.
        MapDef& d = defs.back();
        d.styles += "<Style name=\"unsup\"><Rule><PolygonSymbolizer fill=\"#6A3D9A\" fill-opacity=\"0.45\"/><LineSymbolizer "
                    "stroke=\"#6A3D9A\" stroke-width=\"0.8\" stroke-dasharray=\"4,2\"/></Rule></Style>";
        d.layers.push_back(layer_xml("unsupplied", "unsup", gpkg, srs_text));
        double unsup = 0;
        for (const auto& [k, v] : sums_by(*ds, "unsupplied", "old", "area_mu")) unsup += v;
        d.legend.push_back({"批而未供", 0x6A3D9A, unsup});
    }
    classified("grades", "企业亩均效益评价等级图", enterprise_grades(), "parcels", "area_mu", false);
    if (!changes_gpkg.empty() && fs::exists(changes_gpkg)) {
        // What changed since the previous year, over this year's parcels in grey.
        const Classification& kChanges = parcel_changes();
        GDALDatasetUniquePtr ch(GDALDataset::Open(changes_gpkg.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY));
        if (!ch) throw RunError(changes_gpkg.string() + ": cannot open for the change map");
        MapDef d{"changes", "土地利用变化图（与上年相比）", base_style + park_labels_style(false), {}, {}, kChanges.name};
        std::string st = "<Style name=\"chg\">";
        const auto areas = sums_by(*ch, "parcel_changes", "change", "area_mu");
        for (const auto& c : kChanges.classes) {
            st += fill_rule("[change] = '" + c.value + "'", c.rgb, 0.95);
            auto it = areas.find(c.value);
            d.legend.push_back({c.label, c.rgb, it == areas.end() ? 0.0 : it->second});
        }
        d.styles += st + "</Style>";
        d.layers.push_back(layer_xml("parcels", "parcel-base", gpkg, srs_text));
        d.layers.push_back(layer_xml("parcel_changes", "chg", changes_gpkg, srs_text));
        defs.push_back(std::move(d));
    }

    const Frame fr = layout_for(o);
    std::vector<RenderedMap> out;
    Progress progress("Rendering maps", defs.size() * 2);
    size_t done = 0;
    for (const auto& d : defs) {
        std::string map_xml = "<Map srs=\"" + srs_text + "\" background-color=\"#ffffff\">" + d.styles;
        for (const auto& l : d.layers) map_xml += l;
        map_xml += layer_xml("parks", "park-outline", gpkg, srs_text) + layer_xml("parks", "park-label", gpkg, srs_text) + "</Map>";
        RenderedMap rm{d.id, d.title, out_dir / (d.id + ".pdf"), out_dir / (d.id + ".png"), out_dir / (d.id + ".json")};
        nlohmann::json side;
        for (int pass = 0; pass < 2; ++pass) {
            const bool pdf = pass == 0;
            const double dpm = pdf ? 72.0 / 25.4 : o.dpi / 25.4;  // device units per mm
            mapnik::Map m(static_cast<unsigned>(std::lround(fr.w * dpm)), static_cast<unsigned>(std::lround(fr.h * dpm)));
            try {
                mapnik::load_map_string(m, map_xml);
            } catch (const std::exception& e) {
                throw RunError(std::string("maps: the map style could not be loaded: ") + e.what());
            }
            // A wider margin below the data keeps the scale bar (lower left) off the parcels.
            const double pad_x = (env.MaxX - env.MinX) * 0.04 + 1, pad_y = (env.MaxY - env.MinY) * 0.04 + 1;
            m.zoom_to_box(mapnik::box2d<double>(env.MinX - pad_x, env.MinY - 3.5 * pad_y, env.MaxX + pad_x, env.MaxY + pad_y));
            cairo_surface_t* surface = pdf ? cairo_pdf_surface_create(rm.pdf.c_str(), fr.page_w * dpm, fr.page_h * dpm)
                                           : cairo_image_surface_create(CAIRO_FORMAT_ARGB32,
                                                                        static_cast<int>(std::lround(fr.page_w * dpm)),
                                                                        static_cast<int>(std::lround(fr.page_h * dpm)));
            if (pdf) cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATE_DATE, (o.eval_date + "T00:00:00Z").c_str());
            cairo_t* cr = cairo_create(surface);
            cairo_scale(cr, dpm, dpm);
            draw_page(cr, dpm, fr, m, d, o, unit_m);
            cairo_destroy(cr);
            if (pdf) cairo_surface_finish(surface);
            else if (cairo_surface_write_to_png(surface, rm.png.c_str()) != CAIRO_STATUS_SUCCESS)
                throw RunError(rm.png.string() + ": writing the PNG failed");
            const cairo_status_t st = cairo_surface_status(surface);
            cairo_surface_destroy(surface);
            if (st != CAIRO_STATUS_SUCCESS) throw RunError(std::string("maps: Cairo failed: ") + cairo_status_to_string(st));
            progress.update(++done);
            if (!pdf) {
                const auto e = m.get_current_extent();
                side = {{"id", d.id},
                        {"title", d.title},
                        {"page_mm", {fr.page_w, fr.page_h}},
                        {"frame_mm", {fr.x, fr.y, fr.w, fr.h}},
                        {"dpi", o.dpi},
                        {"extent", {e.minx(), e.miny(), e.maxx(), e.maxy()}}};
                for (const auto& it : d.legend) side["legend"].push_back({{"label", it.label}, {"rgb", hex(it.rgb)}, {"mu", it.mu}});
            }
        }
        std::ofstream(rm.json) << side.dump(2) << "\n";
        out.push_back(rm);
    }
    progress.done();
    return out;
}

}  // namespace landeff
