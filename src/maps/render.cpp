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
#include <algorithm>
#include <cstdio>
#include <memory>
#include <fstream>
#include <iostream>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <sstream>
#include <tbb/enumerable_thread_specific.h>
#include <tbb/parallel_pipeline.h>
#include <tbb/task_arena.h>

#include "landeff/error.hpp"
#include "landeff/format.hpp"
#include "landeff/labels.hpp"
#include "landeff/text.hpp"
#include "landeff/maps.hpp"
#include "landeff/messages.hpp"
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
    std::vector<std::string> figures;  // key figures, below the legend (atlas pages)
};

// A Mapnik layer of the GeoPackage; with `sql`, the layer is that query's result (GeoPackage SQL)
// instead of the table `name`.
std::string layer_xml(const std::string& name, const std::string& style, const fs::path& gpkg, const std::string& srs,
                      const std::string& sql = {}) {
    return "<Layer name=\"" + name + "-" + style + "\" srs=\"" + srs + "\"><StyleName>" + style +
           "</StyleName><Datasource><Parameter name=\"type\">ogr</Parameter><Parameter name=\"file\">" + xml_escape(gpkg.string()) +
           "</Parameter>" +
           (sql.empty() ? "<Parameter name=\"layer\">" + name + "</Parameter>"
                        : "<Parameter name=\"layer_by_sql\">" + xml_escape(sql) + "</Parameter>") +
           "</Datasource></Layer>";
}

std::string fill_rule(const std::string& filter, uint32_t rgb, double opacity = 1.0, const std::string& stroke = "#666666",
                      double stroke_w = 0.3) {
    return "<Rule>" + (filter.empty() ? std::string() : "<Filter>" + xml_escape(filter) + "</Filter>") +
           "<PolygonSymbolizer fill=\"" + hex(rgb) + "\" fill-opacity=\"" + fmt::fixed(opacity, 2) + "\"/><LineSymbolizer stroke=\"" +
           stroke + "\" stroke-width=\"" + fmt::fixed(stroke_w, 2) + "\"/></Rule>";
}

// Labels stay whole inside the map frame: Mapnik places a label only where all of it fits
// (avoid-edges), trying the interior point, then beside it, before leaving a label out.
constexpr const char* kLabelPlacement =
    "avoid-edges=\"true\" placement-type=\"simple\" placements=\"X,E,W,N,S,NE,NW,SE,SW\"";

// Park outlines and names, drawn on top of every map. `outline_w`: the outlines' width in pixels
// (empty: 1.2; thinner over maps.max_labels parks, see MapSource::outline_w).
std::string park_labels_style(bool host_arrows, const std::string& outline_w = "1.2") {
    std::string s = "<Style name=\"park-outline\"><Rule><LineSymbolizer stroke=\"#222222\" stroke-width=\"" + outline_w +
                    "\"/></Rule></Style>";
    s += "<Style name=\"park-label\">";
    if (host_arrows)
        s += "<Rule><Filter>[role] = 'hosted'</Filter><TextSymbolizer face-name=\"" + std::string(kMapnikFont) +
             "\" size=\"10\" fill=\"#111111\" halo-fill=\"#ffffff\" halo-radius=\"1.5\" placement=\"interior\" " +
             std::string(kLabelPlacement) + " wrap-width=\"120\">[name] + ' → ' + [host_id]</TextSymbolizer></Rule>";
    s += "<Rule>" + std::string(host_arrows ? "<ElseFilter/>" : "") + "<TextSymbolizer face-name=\"" + kMapnikFont +
         "\" size=\"10\" fill=\"#111111\" halo-fill=\"#ffffff\" halo-radius=\"1.5\" placement=\"interior\" " +
         std::string(kLabelPlacement) + " wrap-width=\"120\">[name]</TextSymbolizer></Rule></Style>";
    return s;
}

void text(cairo_t* cr, double x, double y, const std::string& s, double size_mm, bool bold = false) {
    cairo_select_font_face(cr, kFont, CAIRO_FONT_SLANT_NORMAL, bold ? CAIRO_FONT_WEIGHT_BOLD : CAIRO_FONT_WEIGHT_NORMAL);
    cairo_set_font_size(cr, size_mm);
    cairo_move_to(cr, x, y);
    cairo_show_text(cr, s.c_str());
}

// The page's words in the map's language (maps' `lang`, from output.lang / --lang).
bool english(const MapOptions& o) { return o.lang == "en"; }
const char* say(const MapOptions& o, const char* zh, const char* en) { return english(o) ? en : zh; }
// A swatch's legend label in the map's language.
const std::string& label_of(const Swatch& s, const MapOptions& o) { return english(o) && !s.label_en.empty() ? s.label_en : s.label; }
const std::string& name_of(const Classification& c, const MapOptions& o) { return english(o) && !c.name_en.empty() ? c.name_en : c.name; }

double nice_length(double target_m) {
    const double p = std::pow(10.0, std::floor(std::log10(target_m)));
    for (double m : {1.0, 2.0, 5.0, 10.0})
        if (m * p >= target_m) return m * p;
    return 10 * p;
}

struct Box {
    double x, y, w, h;  // mm on the page
};

// The page: the map frame, and beside it (landscape: a column on the right; portrait: a band
// below) the margin that holds the north arrow, the legend and the scale bar, so none of them
// covers the map.
struct Frame {
    double page_w, page_h, x, y, w, h;   // mm
    bool legend_right;
    Box margin;
};

Frame layout_for(const MapOptions& o) {
    double w = o.page == "A3" ? 420 : 297, h = o.page == "A3" ? 297 : 210;
    if (o.orientation == "portrait") std::swap(w, h);
    Frame f{w, h, 10, 26, 0, 0, o.orientation != "portrait", {}};
    if (f.legend_right) {
        f.w = w - 20 - 72;
        f.h = h - 26 - 18;
        f.margin = {f.x + f.w + 6, f.y, 66, f.h};
    } else {
        f.w = w - 20;
        f.h = h - 26 - 18 - 62;
        f.margin = {f.x, f.y + f.h + 4, f.w, 62 - 4};
    }
    return f;
}

// Where the page's furniture went (mm), for the sidecar and its tests.
struct Furniture {
    Box north, legend, scale;
};

// The map frame: Mapnik draws into device units at the frame's offset; then the frame's outline.
void draw_map_frame(cairo_t* cr, double device_per_mm, const Frame& fr, mapnik::Map& m) {
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
}

// The title: region, year and the map's title; a long title on a portrait page is set smaller so
// it stays on the page.
void draw_title(cairo_t* cr, const Frame& fr, const MapDef& def, const MapOptions& o) {
    cairo_set_source_rgb(cr, 0.05, 0.05, 0.05);
    const std::string title = (o.region.empty() ? "" : o.region + " ") + std::to_string(o.year) + say(o, " 年度", " ") + def.title;
    double title_size = 8.5;
    {
        cairo_select_font_face(cr, kFont, CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_BOLD);
        cairo_set_font_size(cr, title_size);
        cairo_text_extents_t ext;
        cairo_text_extents(cr, title.c_str(), &ext);
        const double room = fr.page_w - 2 * fr.x;
        if (ext.x_advance > room) title_size *= room / ext.x_advance;
    }
    text(cr, fr.x, 18, title, title_size, true);
}

// The north arrow: the margin's top right corner. Returns where it went.
Box draw_north_arrow(cairo_t* cr, const Frame& fr) {
    const Box& mg = fr.margin;
    const Box north{mg.x + mg.w - 12, mg.y, 12, 17};
    const double nx = north.x + 6, ny = north.y + 2;
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
    return north;
}

// The legend: the margin's top left (landscape: below the north arrow's row; portrait: two columns
// of up to five entries); then the key figures (atlas pages) below it. Returns the legend's box.
Box draw_legend(cairo_t* cr, const Frame& fr, const MapDef& def, const MapOptions& o) {
    const Box& mg = fr.margin;
    const double lx = mg.x, ly0 = fr.legend_right ? mg.y + 20 : mg.y;
    const size_t per_column = fr.legend_right ? def.legend.size() : 5;
    const size_t rows = std::min(per_column, def.legend.size());
    const Box legend{lx, ly0, def.legend.size() > per_column ? 95.0 + 56.0 : 56.0, 8 + 7.0 * static_cast<double>(rows)};
    cairo_set_source_rgb(cr, 0.05, 0.05, 0.05);
    text(cr, lx, ly0 + 3, def.legend_title, 4.2, true);
    text(cr, lx + 46, ly0 + 3, say(o, "面积(亩)", "Area (mu)"), 3.2);
    const double ly = ly0 + 8;
    for (size_t i = 0; i < def.legend.size(); ++i) {
        const auto& it = def.legend[i];
        const double x = lx + static_cast<double>(i / per_column) * 95, y = ly + static_cast<double>(i % per_column) * 7.0;
        cairo_set_source_rgb(cr, ((it.rgb >> 16) & 255) / 255.0, ((it.rgb >> 8) & 255) / 255.0, (it.rgb & 255) / 255.0);
        cairo_rectangle(cr, x, y, 8, 5);
        cairo_fill_preserve(cr);
        cairo_set_source_rgb(cr, 0.3, 0.3, 0.3);
        cairo_set_line_width(cr, 0.2);
        cairo_stroke(cr);
        cairo_set_source_rgb(cr, 0.05, 0.05, 0.05);
        text(cr, x + 10, y + 4, it.label, 3.3);
        text(cr, x + 46, y + 4, fmt::fixed(it.mu, 1), 3.3);
    }
    for (size_t i = 0; i < def.figures.size(); ++i) {
        cairo_set_source_rgb(cr, 0.05, 0.05, 0.05);
        text(cr, lx, legend.y + legend.h + 8 + 5.5 * static_cast<double>(i), def.figures[i], 3.3, i == 0);
    }
    return legend;
}

// The scale bar: the margin's bottom left, `m_per_mm` metres per mm of paper. At most 2.5 × 20 mm
// long (nice_length rounds up to 1, 2 or 5 × 10ⁿ), so it fits the margin. Returns where it went.
Box draw_scale_bar(cairo_t* cr, const Frame& fr, double m_per_mm, const MapOptions& o) {
    const Box& mg = fr.margin;
    const double len_m = nice_length(m_per_mm * 20);
    const double len_mm = len_m / m_per_mm;
    const double sx = mg.x + 1, sy = mg.y + mg.h - 4;
    const Box scale{sx - 1, sy - 4, len_mm + 12, 6};
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
    text(cr, sx + len_mm + 2, sy + 1.6, km ? say(o, "千米", "km") : say(o, "米", "m"), 2.6);
    return scale;
}

// The footer: who made the map, from what data, as at which date; then CRS, scale and the tool.
void draw_footer(cairo_t* cr, const Frame& fr, double m_per_mm, const MapOptions& o) {
    cairo_set_source_rgb(cr, 0.25, 0.25, 0.25);
    std::string who;
    if (!o.unit.empty()) who += say(o, "制图单位：", "Mapped by: ") + o.unit + "    ";
    if (!o.source.empty()) who += say(o, "数据来源：", "Data source: ") + o.source + "    ";
    who += say(o, "评价日期：", "Evaluation date: ") + o.eval_date;
    text(cr, fr.x, fr.page_h - 11, who, 2.8);
    const std::string foot = say(o, "坐标系 ", "CRS ") + o.crs + say(o, "    比例尺约 1:", "    scale about 1:") +
                             fmt::fixed(std::round(m_per_mm * 1000 / 100) * 100, 0) + say(o, "    制图软件 landeff ", "    made with landeff ") +
                             LANDEFF_VERSION;
    text(cr, fr.x, fr.page_h - 6.5, foot, 2.8);
}

// Draws one page on a Cairo context whose unit is 1 mm; `device_per_mm` converts to device units.
Furniture draw_page(cairo_t* cr, double device_per_mm, const Frame& fr, mapnik::Map& m, const MapDef& def, const MapOptions& o,
                    double unit_m) {
    Furniture fu{};
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_paint(cr);
    draw_map_frame(cr, device_per_mm, fr, m);
    draw_title(cr, fr, def, o);
    fu.north = draw_north_arrow(cr, fr);
    fu.legend = draw_legend(cr, fr, def, o);
    // Metres per mm of paper, from the map's scale.
    const double m_per_mm = m.scale() * device_per_mm * unit_m;
    fu.scale = draw_scale_bar(cr, fr, m_per_mm, o);
    draw_footer(cr, fr, m_per_mm, o);
    return fu;
}

double field_or_nan(OGRFeature& f, int i) { return i >= 0 && f.IsFieldSetAndNotNull(i) ? f.GetFieldAsDouble(i) : std::nan(""); }

std::string figure(double v, int decimals, const char* unit, const MapOptions& o) {
    return std::isnan(v) ? std::string(map_legend_labels().text("no_data", english(o))) : fmt::fixed(v, decimals) + " " + unit;
}

// Draws one atlas page on `surface` (72 dpi device units): `m` zoomed to `box` (working CRS, padded by 8 %).
void draw_atlas_page(cairo_surface_t* surface, const Frame& fr, mapnik::Map& m, const MapDef& def, const MapOptions& o,
                     double unit_m, double x0, double y0, double x1, double y1) {
    const double dpm = 72.0 / 25.4;
    const double pad = std::max(x1 - x0, y1 - y0) * 0.08 + 1;
    m.zoom_to_box(mapnik::box2d<double>(x0 - pad, y0 - pad, x1 + pad, y1 + pad));
    cairo_t* cr = cairo_create(surface);
    cairo_scale(cr, dpm, dpm);
    draw_page(cr, dpm, fr, m, def, o, unit_m);
    cairo_destroy(cr);
}

// Renders one page on a multi-page PDF surface, and ends the page.
void atlas_page(cairo_surface_t* surface, const Frame& fr, mapnik::Map& m, const MapDef& def, const MapOptions& o, double unit_m,
                double x0, double y0, double x1, double y1) {
    draw_atlas_page(surface, fr, m, def, o, unit_m, x0, y0, x1, y1);
    cairo_t* cr = cairo_create(surface);
    cairo_show_page(cr);
    cairo_destroy(cr);
}

mapnik::Map load_atlas_map(const Frame& fr, const std::string& xml) {
    const double dpm = 72.0 / 25.4;
    mapnik::Map m(static_cast<unsigned>(std::lround(fr.w * dpm)), static_cast<unsigned>(std::lround(fr.h * dpm)));
    try {
        mapnik::load_map_string(m, xml);
    } catch (const std::exception& e) {
        throw RunError(Msg::EAtlasStyle, {std::string(e.what())});
    }
    return m;
}

// A park of the atlas, as landeff.gpkg's parks layer holds it; a page's head park carries its
// platform's sums.
struct AtlasPark {
    std::string id, name, category, role, host;
    double land_mu, mu_tax, mu_output, tax, output;
    OGREnvelope box;
};

// The parks with a geometry, in park_id order.
std::vector<AtlasPark> atlas_parks(GDALDataset& ds) {
    std::vector<AtlasPark> parks;
    OGRLayer* pl = ds.GetLayerByName("parks");
    OGRFeatureDefn* d = pl->GetLayerDefn();
    const auto idx = [&](const char* name) { return d->GetFieldIndex(name); };
    const auto str = [](OGRFeature& f, int i) { return std::string(i >= 0 ? f.GetFieldAsString(i) : ""); };
    const int fid = idx("park_id"), fname = idx("name"), fcat = idx("category"), frole = idx("role"), fhost = idx("host_id"),
              fland = idx("land_mu"), fmtax = idx("mu_tax"), fmout = idx("mu_output"), ftax = idx("tax"), fout = idx("output");
    pl->ResetReading();
    for (auto& f : *pl) {
        AtlasPark p{str(*f, fid), str(*f, fname), str(*f, fcat), str(*f, frole), str(*f, fhost), field_or_nan(*f, fland),
                    field_or_nan(*f, fmtax), field_or_nan(*f, fmout), field_or_nan(*f, ftax), field_or_nan(*f, fout), {}};
        if (const OGRGeometry* g = f->GetGeometryRef(); g && !g->IsEmpty()) g->getEnvelope(&p.box);
        else continue;  // nothing to map
        parks.push_back(std::move(p));
    }
    std::sort(parks.begin(), parks.end(), [](const AtlasPark& a, const AtlasPark& b) { return a.id < b.id; });
    return parks;
}

// One page of the atlas: its head park (with the platform's sums) and the parks drawn on it.
struct AtlasPage {
    AtlasPark head;
    std::vector<const AtlasPark*> members;
};

// The pages: one per park, or (maps.atlas_by = "platform") one per platform — a park with the
// parks it hosts (role hosted, host_id), whose land, tax and output add up; its 亩均 figures are
// Σ tax / Σ land and Σ output / Σ land. `parks` must outlive the pages.
std::vector<AtlasPage> atlas_pages(const std::vector<AtlasPark>& parks, const MapOptions& o) {
    std::vector<AtlasPage> pages;
    std::map<std::string, size_t> page_of;
    for (const auto& p : parks) {
        const bool hosted = o.atlas_by == "platform" && p.role == "hosted" && !p.host.empty();
        if (hosted) continue;
        page_of[p.id] = pages.size();
        pages.push_back({p, {&p}});
    }
    for (const auto& p : parks) {
        if (!(o.atlas_by == "platform" && p.role == "hosted" && !p.host.empty())) continue;
        auto it = page_of.find(p.host);
        if (it == page_of.end()) {  // its host is not on the map: a page of its own
            page_of[p.id] = pages.size();
            pages.push_back({p, {&p}});
            continue;
        }
        AtlasPage& pg = pages[it->second];
        pg.members.push_back(&p);
        pg.head.box.Merge(p.box);
    }
    for (auto& pg : pages) {
        if (pg.members.size() < 2) continue;
        double land = 0, tax = 0, output = 0;
        bool any_tax = false, any_output = false;
        for (const AtlasPark* m : pg.members) {
            if (!std::isnan(m->land_mu)) land += m->land_mu;
            if (!std::isnan(m->mu_tax)) any_tax = true;
            if (!std::isnan(m->mu_output)) any_output = true;
            if (!std::isnan(m->tax)) tax += m->tax;
            if (!std::isnan(m->output)) output += m->output;
        }
        pg.head.land_mu = land;
        pg.head.mu_tax = any_tax && land > 0 ? tax / land : std::nan("");
        pg.head.mu_output = any_output && land > 0 ? output / land : std::nan("");
    }
    return pages;
}

// Each park's land by state (parcels.park_id: the park holding the parcel's largest share), mu.
std::map<std::string, std::map<std::string, double>> land_by_state(GDALDataset& ds) {
    std::map<std::string, std::map<std::string, double>> by_state;
    if (OGRLayer* l = ds.GetLayerByName("parcels")) {
        OGRFeatureDefn* d = l->GetLayerDefn();
        const int fp = d->GetFieldIndex("park_id"), fs_ = d->GetFieldIndex("state"), fa = d->GetFieldIndex("area_mu");
        if (fp >= 0 && fs_ >= 0 && fa >= 0) {
            l->ResetReading();
            for (auto& f : *l)
                if (f->IsFieldSetAndNotNull(fp)) by_state[f->GetFieldAsString(fp)][f->GetFieldAsString(fs_)] += f->GetFieldAsDouble(fa);
        }
    }
    return by_state;
}

// The atlas's first page: the parks by category without parcels; the largest parks (area_mu, then
// park_id) labelled, so a city of hundreds stays readable.
void atlas_overview(cairo_surface_t* surface, const Frame& fr, const MapOptions& o, const fs::path& gpkg, const std::string& srs_text,
                    double unit_m, const OGREnvelope& env, const MapDef& cats, size_t n_parks_mapped) {
    std::string xml = "<Map srs=\"" + srs_text + "\" background-color=\"#ffffff\">" + cats.styles;
    xml += layer_xml("parks", "cls", gpkg, srs_text) + layer_xml("parks", "park-outline", gpkg, srs_text);
    if (o.overview_labels > 0)
        xml += layer_xml("parks", "park-label", gpkg, srs_text,
                         "SELECT * FROM parks ORDER BY area_mu DESC, park_id LIMIT " + std::to_string(o.overview_labels));
    mapnik::Map m = load_atlas_map(fr, xml + "</Map>");
    MapDef def = cats;
    const std::string n_parks = std::to_string(n_parks_mapped),
                      n_labels = std::to_string(std::min<size_t>(n_parks_mapped, static_cast<size_t>(std::max(0, o.overview_labels))));
    def.title = english(o) ? "Overview of the parks (" + n_parks + " parks, the largest " + n_labels + " labelled)"
                           : "园区总览图（" + n_parks + " 个园区，标注面积最大的 " + n_labels + " 个）";
    atlas_page(surface, fr, m, def, o, unit_m, env.MinX, env.MinY, env.MaxX, env.MaxY);
}

// A park page's title, legend (its own land by state and 批而未供) and key figures.
MapDef park_page_def(const AtlasPage& pg, const MapDef& states, const MapOptions& o,
                     const std::map<std::string, std::map<std::string, double>>& by_state,
                     const std::map<std::string, double>& unsupplied) {
    const Classification& st = parcel_states();
    const AtlasPark& p = pg.head;
    MapDef def = states;
    std::string hosted;
    for (size_t i = 1; i < pg.members.size(); ++i) hosted += (i > 1 ? say(o, "、", ", ") : "") + pg.members[i]->name;
    def.title = (pg.members.size() > 1 ? say(o, "平台图：", "Platform: ") : say(o, "园区图：", "Park: ")) + p.name +
                say(o, "（", " (") + p.id + say(o, "）", ")");
    def.legend.clear();
    for (const auto& c : st.classes) {
        double mu = 0;
        for (const AtlasPark* m : pg.members)
            if (const auto it = by_state.find(m->id); it != by_state.end())
                if (auto jt = it->second.find(c.value); jt != it->second.end()) mu += jt->second;
        def.legend.push_back({label_of(c, o), c.rgb, mu});
    }
    double unsup = 0;
    for (const AtlasPark* m : pg.members)
        if (const auto un = unsupplied.find(m->id); un != unsupplied.end()) unsup += un->second;
    def.legend.push_back({states.legend.back().label, states.legend.back().rgb, unsup});
    def.figures = {p.name, say(o, "园区编号 ", "Park id ") + p.id,
                   say(o, "平台分类 ", "Category ") + std::string(platform_category_labels().text(p.category, english(o))),
                   say(o, "土地面积 ", "Land ") + figure(p.land_mu, 1, say(o, "亩", "mu"), o),
                   say(o, "亩均税收 ", "Tax per mu ") + figure(p.mu_tax, 2, say(o, "万元/亩", "10k yuan/mu"), o),
                   say(o, "亩均产值 ", "Output per mu ") + figure(p.mu_output, 2, say(o, "万元/亩", "10k yuan/mu"), o)};
    if (!hosted.empty()) def.figures.push_back(say(o, "托管园区 ", "Hosted parks ") + hosted);
    return def;
}

// One page per park (or platform): its parcels by land state, the legend of its own land by state
// and 批而未供, and its key figures. The pages are drawn in parallel (issue 20), each by its
// thread's own Mapnik map (its own datasources on landeff.gpkg) onto a Cairo recording surface;
// the recordings are replayed into the PDF one by one in page order, so the file does not depend on
// the threads.
void atlas_park_pages(cairo_surface_t* surface, const Frame& fr, const MapOptions& o, const fs::path& gpkg, GDALDataset& ds,
                      const std::string& srs_text, double unit_m, const MapDef& states, const std::vector<AtlasPage>& pages,
                      Progress& progress) {
    const auto by_state = land_by_state(ds);
    const auto unsupplied = sums_by(ds, "unsupplied", "park_id", "area_mu");  // 批而未供 by park
    std::string xml = "<Map srs=\"" + srs_text + "\" background-color=\"#ffffff\">" + states.styles;
    for (const auto& l : states.layers) xml += l;
    xml += layer_xml("parks", "park-outline", gpkg, srs_text) + layer_xml("parks", "park-label", gpkg, srs_text) + "</Map>";
    tbb::enumerable_thread_specific<std::unique_ptr<mapnik::Map>> maps(
        [&] { return std::make_unique<mapnik::Map>(load_atlas_map(fr, xml)); });
    const double dpm = 72.0 / 25.4;
    size_t next = 0, done = 1;
    const size_t tokens = 2 * static_cast<size_t>(std::max(1, tbb::this_task_arena::max_concurrency()));
    tbb::parallel_pipeline(
        tokens,
        tbb::make_filter<void, size_t>(tbb::filter_mode::serial_in_order,
                                       [&](tbb::flow_control& fc) -> size_t {
                                           if (next == pages.size()) {
                                               fc.stop();
                                               return 0;
                                           }
                                           check_interrupt();
                                           return next++;
                                       }) &
            tbb::make_filter<size_t, cairo_surface_t*>(tbb::filter_mode::parallel,
                                               [&](size_t i) {
                                                   const AtlasPage& pg = pages[i];
                                                   const MapDef def = park_page_def(pg, states, o, by_state, unsupplied);
                                                   const cairo_rectangle_t page{0, 0, fr.page_w * dpm, fr.page_h * dpm};
                                                   cairo_surface_t* rec = cairo_recording_surface_create(CAIRO_CONTENT_COLOR_ALPHA, &page);
                                                   const OGREnvelope& b = pg.head.box;
                                                   draw_atlas_page(rec, fr, *maps.local(), def, o, unit_m, b.MinX, b.MinY, b.MaxX, b.MaxY);
                                                   return rec;
                                               }) &
            tbb::make_filter<cairo_surface_t*, void>(tbb::filter_mode::serial_in_order, [&](cairo_surface_t* rec) {
                cairo_t* cr = cairo_create(surface);
                cairo_set_source_surface(cr, rec, 0, 0);
                cairo_paint(cr);
                cairo_show_page(cr);
                cairo_destroy(cr);
                const cairo_status_t st = cairo_surface_status(rec);
                cairo_surface_destroy(rec);
                if (st != CAIRO_STATUS_SUCCESS) throw RunError(Msg::ECairoAtlas, {std::string(cairo_status_to_string(st))});
                progress.update(++done);
            }));
}

// The atlas of a region with many parks (issue 16): page 1 an overview (parks by category, the
// largest maps.overview_labels labelled, no parcels), then one page per park in park_id order with
// its parcels by land state, the legend of its own land by state, and its key figures. Always
// landscape: the key figures need the margin column.
// `parks` and `pages` from atlas_parks and atlas_pages.
void render_atlas(const fs::path& gpkg, const MapOptions& opt, const fs::path& pdf_path, GDALDataset& ds,
                  const std::string& srs_text, double unit_m, const OGREnvelope& env, const MapDef& cats, const MapDef& states,
                  const std::vector<AtlasPark>& parks, const std::vector<AtlasPage>& pages) {
    MapOptions o = opt;
    o.orientation = "landscape";
    const Frame fr = layout_for(o);
    cairo_surface_t* surface = cairo_pdf_surface_create(pdf_path.c_str(), fr.page_w * 72.0 / 25.4, fr.page_h * 72.0 / 25.4);
    cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATE_DATE, (o.eval_date + "T00:00:00Z").c_str());
    Progress progress(tr(Msg::PAtlas), pages.size() + 1);
    atlas_overview(surface, fr, o, gpkg, srs_text, unit_m, env, cats, parks.size());
    progress.update(1);
    atlas_park_pages(surface, fr, o, gpkg, ds, srs_text, unit_m, states, pages, progress);
    progress.done();
    cairo_surface_finish(surface);
    const cairo_status_t status = cairo_surface_status(surface);
    cairo_surface_destroy(surface);
    if (status != CAIRO_STATUS_SUCCESS) throw RunError(Msg::ECairoFile, {pdf_path.string(), std::string(cairo_status_to_string(status))});
}

// The development-zone check's map (issue 18): over the parcels in grey, the farmland fill, the red
// line's fill and hatch, the development boundary's outline, and the zones outlined in the colour of
// their category. Drawn when landeff.gpkg holds any control line (ctl_dev, ctl_farm, ctl_eco: written
// only when their input is given). The legend's areas are those of the layers within the map's
// reach (the parks' extent plus devzone.map_margin_m) and of the parks by category.
bool devzone_map(GDALDataset& ds, const fs::path& gpkg, const std::string& srs, const std::string& base_style, const MapOptions& o,
                 MapDef& d) {
    struct Ctl {
        const char* layer;
        const char* zh;
        const char* en;
        uint32_t rgb;
    };
    const Ctl ctls[] = {{"ctl_farm", "永久基本农田", "permanent basic farmland", devzone_farmland_rgb()},
                        {"ctl_eco", "生态保护红线", "ecological red line", devzone_redline_rgb()},
                        {"ctl_dev", "城镇开发边界", "urban development boundary", devzone_boundary_rgb()}};
    bool any = false;
    for (const auto& c : ctls) any = any || ds.GetLayerByName(c.layer) != nullptr;
    if (!any) return false;
    const Classification& cats = park_categories();
    d = MapDef{"devzone", say(o, "开发区整合核查图（控制线）", "Development zones over the control lines"), base_style, {}, {},
               say(o, "控制线与平台分类", "Control lines and categories"), {}};
    d.layers.push_back(layer_xml("parcels", "parcel-base", gpkg, srs));
    for (const auto& c : ctls) {
        if (!ds.GetLayerByName(c.layer)) continue;
        const std::string style = std::string(c.layer) + "-style";
        const std::string col = hex(c.rgb);
        if (std::string(c.layer) == "ctl_dev")
            d.styles += "<Style name=\"" + style + "\"><Rule><LineSymbolizer stroke=\"" + col +
                        "\" stroke-width=\"1.6\" stroke-dasharray=\"6,3\"/></Rule></Style>";
        else if (std::string(c.layer) == "ctl_eco")
            // A translucent fill (the farmland below shows through) and a firm outline.
            d.styles += "<Style name=\"" + style + "\">" + fill_rule("", c.rgb, 0.55, col, 1.0) + "</Style>";
        else
            d.styles += "<Style name=\"" + style + "\">" + fill_rule("", c.rgb, 1.0, col, 0.4) + "</Style>";
        d.layers.push_back(layer_xml(c.layer, style, gpkg, srs));
        double mu = 0;
        for (const auto& [k, v] : sums_by(ds, c.layer, "zone_id", "area_mu")) mu += v;
        d.legend.push_back({say(o, c.zh, c.en), c.rgb, mu});
    }
    // The zones outlined by category, over the control lines (the park outline and names come on top).
    std::string st = "<Style name=\"dz-cat\">";
    const auto areas = sums_by(ds, "parks", cats.field, "area_mu");
    for (const auto& s : cats.classes) {
        st += "<Rule><Filter>" + xml_escape("[" + cats.field + "] = '" + s.value + "'") + "</Filter><LineSymbolizer stroke=\"" +
              hex(s.rgb) + "\" stroke-width=\"3.0\"/></Rule>";
        const auto it = areas.find(s.value);
        d.legend.push_back({label_of(s, o), s.rgb, it == areas.end() ? 0.0 : it->second});
    }
    d.styles += st + "</Style>";
    d.layers.push_back(layer_xml("parks", "dz-cat", gpkg, srs));
    return true;
}

// The text Mapnik takes as a layer's srs: "AUTH:CODE", else the PROJ.4 string.
std::string srs_text_of(const OGRSpatialReference& srs) {
    const char* auth = srs.GetAuthorityName(nullptr);
    const char* code = srs.GetAuthorityCode(nullptr);
    if (auth && code) return std::string(auth) + ":" + code;
    char* proj4 = nullptr;
    srs.exportToProj4(&proj4);
    std::string text = proj4 ? proj4 : "";
    CPLFree(proj4);
    return text;
}

// The extent: the parks and the parcels near them; a parcel farther than maps.outlier_km from
// every park (a map_outlier finding of the run) does not stretch it.
OGREnvelope map_envelope(GDALDataset& ds, OGRLayer* parks, const MapOptions& o, double unit_m, const fs::path& gpkg) {
    const auto boxes = [](OGRLayer* l) {
        std::vector<std::array<double, 4>> out;
        if (!l) return out;
        l->ResetReading();
        for (auto& f : *l) {
            const OGRGeometry* g = f->GetGeometryRef();
            if (!g || g->IsEmpty()) continue;
            OGREnvelope e;
            g->getEnvelope(&e);
            out.push_back({e.MinX, e.MinY, e.MaxX, e.MaxY});
        }
        return out;
    };
    const MapExtent ext = map_extent(boxes(parks), boxes(ds.GetLayerByName("parcels")), o.outlier_km * 1000 / unit_m);
    if (ext.empty) throw RunError(Msg::EParksNoExtent, {gpkg.string()});
    OGREnvelope env;
    env.MinX = ext.box[0];
    env.MinY = ext.box[1];
    env.MaxX = ext.box[2];
    env.MaxY = ext.box[3];
    return env;
}

// What every map is drawn from: landeff.gpkg (open, and its path for Mapnik), its srs, the grey
// parcels' style and the options.
struct MapSource {
    GDALDataset& ds;
    const fs::path& gpkg;
    const std::string& srs;
    const std::string& base_style;
    const MapOptions& o;
    // The park-label layer's query: empty = every park; over maps.max_labels parks, the largest
    // maps.max_labels (issue 20: shaping and placing 100 000 names took most of the maps' time).
    std::string park_label_sql{};
    // The park outlines' width: 1.2 px up to maps.max_labels parks; over it 1.2 × √(max_labels / parks),
    // so the outlines of 100 000 parks (a few pixels each at the region's scale) do not cover the
    // region in black: 0.17 px at 100 000 parks and the default 2000.
    std::string outline_w = "1.2";
};

// A map of `layer` filled by the classes of `c`, its legend with each class's area.
MapDef classified_map(const MapSource& src, const std::string& id, const std::string& title, const Classification& c,
                      const std::string& layer, const std::string& area_field, bool host_arrows) {
    const MapOptions& o = src.o;
    MapDef d{id, title, src.base_style + park_labels_style(host_arrows, src.outline_w), {}, {}, name_of(c, o), {}};
    std::string st = "<Style name=\"cls\">";
    const auto areas = sums_by(src.ds, layer, c.field, area_field);
    for (const auto& s : c.classes) {
        st += fill_rule("[" + c.field + "] = '" + s.value + "'", s.rgb, layer == "parks" ? 1.0 : 0.95);
        auto it = areas.find(s.value);
        d.legend.push_back({label_of(s, o), s.rgb, it == areas.end() ? 0.0 : it->second});
    }
    st += "</Style>";
    d.styles += st;
    if (layer == "parks") d.layers.push_back(layer_xml("parcels", "parcel-base", src.gpkg, src.srs));
    d.layers.push_back(layer_xml(layer, "cls", src.gpkg, src.srs));
    return d;
}

// Per-mu tax choropleth of parcels: maps.classes classes by maps.breaks, and 无数据.
MapDef tax_map(const MapSource& src) {
    const MapOptions& o = src.o;
    std::vector<double> values;
    if (OGRLayer* l = src.ds.GetLayerByName("parcels")) {
        const int fi = l->GetLayerDefn()->GetFieldIndex("mu_tax");
        for (auto& f : *l)
            if (fi >= 0 && f->IsFieldSetAndNotNull(fi)) values.push_back(f->GetFieldAsDouble(fi));
    }
    const auto br = o.breaks == "jenks" ? jenks_breaks(values, o.classes) : quantile_breaks(values, o.classes);
    MapDef d{"mu_tax", say(o, "宗地亩均税收图", "Tax per mu of the parcels"), src.base_style + park_labels_style(false, src.outline_w), {}, {},
             say(o, "亩均税收(万元/亩)", "Tax per mu (10k yuan/mu)"), {}};
    std::string st = "<Style name=\"tax\">";
    const size_t n = br.size() + 1;
    std::map<size_t, double> mu;  // class → mu; class n is 无数据
    if (OGRLayer* l = src.ds.GetLayerByName("parcels")) {
        const int fi = l->GetLayerDefn()->GetFieldIndex("mu_tax"), ai = l->GetLayerDefn()->GetFieldIndex("area_mu");
        l->ResetReading();
        for (auto& f : *l) {
            const double v = fi >= 0 && f->IsFieldSetAndNotNull(fi) ? f->GetFieldAsDouble(fi) : std::nan("");
            mu[value_class(v, br)] += ai >= 0 ? f->GetFieldAsDouble(ai) : 0;
        }
    }
    // Mapnik's OGR input reads a null number as 0, so "[mu_tax] = null" never matches and a parcel
    // without a figure would fall into the lowest class. The GeoPackage says which are null.
    for (size_t k = 0; k < n; ++k) {
        const std::string lo = k == 0 ? "" : "[mu_tax] >= " + fmt::fixed(br[k - 1], 6);
        const std::string hi = k + 1 == n ? "" : "[mu_tax] < " + fmt::fixed(br[k], 6);
        const std::string filter = lo.empty() ? hi : hi.empty() ? lo : lo + " and " + hi;
        const uint32_t color = tax_ramp_colour(k, n);
        st += fill_rule(filter.empty() ? "[tax_null] = 0" : filter + " and [tax_null] = 0", color, 0.95);
        const std::string label = k == 0 ? "< " + fmt::fixed(br.empty() ? 0 : br[0], 1)
                                : k + 1 == n ? "≥ " + fmt::fixed(br[k - 1], 1) : fmt::fixed(br[k - 1], 1) + " – " + fmt::fixed(br[k], 1);
        d.legend.push_back({label, color, mu[k]});
    }
    const Swatch& none = no_data_swatch();
    st += fill_rule("[tax_null] = 1", none.rgb, 0.95) + "</Style>";
    d.legend.push_back({label_of(none, o), none.rgb, mu[n]});
    d.styles += st;
    d.layers.push_back(layer_xml("parcels", "tax", src.gpkg, src.srs, "SELECT *, mu_tax IS NULL AS tax_null FROM parcels"));
    return d;
}

// The land states map, with the 批而未供 polygons over it.
MapDef states_map(const MapSource& src) {
    const MapOptions& o = src.o;
    MapDef d = classified_map(src, "states",
                              say(o, "土地利用状态图（批而未供、供而未用、闲置、低效）",
                                  "Land use states (approved not supplied, supplied not used, idle, inefficient)"),
                              parcel_states(), "parcels", "area_mu", false);
    d.styles += "<Style name=\"unsup\"><Rule><PolygonSymbolizer fill=\"" + hex(unsupplied_rgb()) +
                "\" fill-opacity=\"0.45\"/><LineSymbolizer stroke=\"" + hex(unsupplied_rgb()) +
                "\" stroke-width=\"0.8\" stroke-dasharray=\"4,2\"/></Rule></Style>";
    d.layers.push_back(layer_xml("unsupplied", "unsup", src.gpkg, src.srs));
    double unsup = 0;
    for (const auto& [k, v] : sums_by(src.ds, "unsupplied", "old", "area_mu")) unsup += v;
    d.legend.push_back({say(o, "批而未供", "approved, not supplied"), unsupplied_rgb(), unsup});
    return d;
}

// What changed since the previous year (changes.gpkg of the comparison), over this year's parcels in grey.
MapDef changes_map(const MapSource& src, const fs::path& changes_gpkg) {
    const MapOptions& o = src.o;
    const Classification& kChanges = parcel_changes();
    GDALDatasetUniquePtr ch(GDALDataset::Open(changes_gpkg.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY));
    if (!ch) throw RunError(Msg::EChangesOpen, {changes_gpkg.string()});
    MapDef d{"changes", say(o, "土地利用变化图（与上年相比）", "Land use changes since the previous year"),
             src.base_style + park_labels_style(false, src.outline_w), {}, {}, name_of(kChanges, o), {}};
    std::string st = "<Style name=\"chg\">";
    const auto areas = sums_by(*ch, "parcel_changes", "change", "area_mu");
    for (const auto& c : kChanges.classes) {
        st += fill_rule("[change] = '" + c.value + "'", c.rgb, 0.95);
        auto it = areas.find(c.value);
        d.legend.push_back({label_of(c, o), c.rgb, it == areas.end() ? 0.0 : it->second});
    }
    d.styles += st + "</Style>";
    d.layers.push_back(layer_xml("parcels", "parcel-base", src.gpkg, src.srs));
    d.layers.push_back(layer_xml("parcel_changes", "chg", changes_gpkg, src.srs));
    return d;
}

// One map as a PDF (72 dpi device units), a PNG (maps.dpi) and the PNG's JSON sidecar (page,
// frame, extent, furniture and legend).
RenderedMap render_map(const MapSource& src, const MapDef& d, const Frame& fr, const OGREnvelope& env, double unit_m,
                       const fs::path& out_dir, Progress& progress, size_t& done) {
    const MapOptions& o = src.o;
    std::string map_xml = "<Map srs=\"" + src.srs + "\" background-color=\"#ffffff\">" + d.styles;
    for (const auto& l : d.layers) map_xml += l;
    map_xml += layer_xml("parks", "park-outline", src.gpkg, src.srs) + layer_xml("parks", "park-label", src.gpkg, src.srs, src.park_label_sql) +
               "</Map>";
    RenderedMap rm{d.id, d.title, out_dir / (d.id + ".pdf"), out_dir / (d.id + ".png"), out_dir / (d.id + ".json")};
    nlohmann::json side;
    for (int pass = 0; pass < 2; ++pass) {
        const bool pdf = pass == 0;
        const double dpm = pdf ? 72.0 / 25.4 : o.dpi / 25.4;  // device units per mm
        mapnik::Map m(static_cast<unsigned>(std::lround(fr.w * dpm)), static_cast<unsigned>(std::lround(fr.h * dpm)));
        try {
            mapnik::load_map_string(m, map_xml);
        } catch (const std::exception& e) {
            throw RunError(Msg::EMapStyle, {std::string(e.what())});
        }
        const double pad_x = (env.MaxX - env.MinX) * 0.04 + 1, pad_y = (env.MaxY - env.MinY) * 0.04 + 1;
        m.zoom_to_box(mapnik::box2d<double>(env.MinX - pad_x, env.MinY - pad_y, env.MaxX + pad_x, env.MaxY + pad_y));
        cairo_surface_t* surface = pdf ? cairo_pdf_surface_create(rm.pdf.c_str(), fr.page_w * dpm, fr.page_h * dpm)
                                       : cairo_image_surface_create(CAIRO_FORMAT_ARGB32,
                                                                    static_cast<int>(std::lround(fr.page_w * dpm)),
                                                                    static_cast<int>(std::lround(fr.page_h * dpm)));
        if (pdf) cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATE_DATE, (o.eval_date + "T00:00:00Z").c_str());
        cairo_t* cr = cairo_create(surface);
        cairo_scale(cr, dpm, dpm);
        const Furniture fu = draw_page(cr, dpm, fr, m, d, o, unit_m);
        cairo_destroy(cr);
        if (pdf) cairo_surface_finish(surface);
        else if (cairo_surface_write_to_png(surface, rm.png.c_str()) != CAIRO_STATUS_SUCCESS)
            throw RunError(Msg::EPngWrite, {rm.png.string()});
        const cairo_status_t st = cairo_surface_status(surface);
        cairo_surface_destroy(surface);
        if (st != CAIRO_STATUS_SUCCESS) throw RunError(Msg::ECairo, {std::string(cairo_status_to_string(st))});
        progress.update(++done);
        if (!pdf) {
            const auto e = m.get_current_extent();
            side = {{"id", d.id},
                    {"title", d.title},
                    {"page_mm", {fr.page_w, fr.page_h}},
                    {"frame_mm", {fr.x, fr.y, fr.w, fr.h}},
                    {"dpi", o.dpi},
                    {"extent", {e.minx(), e.miny(), e.maxx(), e.maxy()}},
                    {"north_arrow_mm", {fu.north.x, fu.north.y, fu.north.w, fu.north.h}},
                    {"legend_mm", {fu.legend.x, fu.legend.y, fu.legend.w, fu.legend.h}},
                    {"scale_bar_mm", {fu.scale.x, fu.scale.y, fu.scale.w, fu.scale.h}}};
            for (const auto& it : d.legend) side["legend"].push_back({{"label", it.label}, {"rgb", hex(it.rgb)}, {"mu", it.mu}});
        }
    }
    std::ofstream(rm.json) << side.dump(2) << "\n";
    return rm;
}

}  // namespace

std::vector<RenderedMap> render_maps(const fs::path& gpkg, const MapOptions& o, const fs::path& out_dir,
                                     const fs::path& changes_gpkg) {
    init_mapnik();
    fs::create_directories(out_dir);
    GDALDatasetUniquePtr ds(GDALDataset::Open(gpkg.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY));
    if (!ds) throw RunError(Msg::EMapsOpen, {gpkg.string(), std::string(CPLGetLastErrorMsg())});
    OGRLayer* parks = ds->GetLayerByName("parks");
    if (!parks || !parks->GetSpatialRef()) throw RunError(Msg::EMapsNoParks, {gpkg.string()});
    const OGRSpatialReference* srs = parks->GetSpatialRef();
    const std::string srs_text = srs_text_of(*srs);
    const double unit_m = srs->GetLinearUnits();
    const OGREnvelope env = map_envelope(*ds, parks, o, unit_m, gpkg);

    // The maps, in their order: categories, tax per mu, states, grades, changes (a later year of
    // several), the development-zone check (when landeff.gpkg holds a control line).
    const std::string base_style = "<Style name=\"parcel-base\"><Rule><PolygonSymbolizer fill=\"#f2f2f2\"/><LineSymbolizer stroke=\"#bbbbbb\" stroke-width=\"0.2\"/></Rule></Style>";
    const size_t n_parks_all = static_cast<size_t>(std::max<GIntBig>(0, parks->GetFeatureCount()));
    const MapSource src{*ds, gpkg, srs_text, base_style, o,
                        n_parks_all > static_cast<size_t>(o.max_labels)
                            ? "SELECT * FROM parks WHERE geom IS NOT NULL ORDER BY area_mu DESC, park_id LIMIT " + std::to_string(o.max_labels)
                            : std::string(),
                        n_parks_all > static_cast<size_t>(o.max_labels) && o.max_labels > 0
                            ? fmt::fixed(1.2 * std::sqrt(static_cast<double>(o.max_labels) / static_cast<double>(n_parks_all)), 2)
                            : std::string("1.2")};
    std::vector<MapDef> defs;
    defs.push_back(classified_map(src, "categories", say(o, "工业平台分类图", "Industrial platform categories"), park_categories(),
                                  "parks", "area_mu", true));
    defs.push_back(tax_map(src));
    defs.push_back(states_map(src));
    defs.push_back(classified_map(src, "grades", say(o, "企业亩均效益评价等级图", "Enterprise grades by per-mu performance"),
                                  enterprise_grades(), "parcels", "area_mu", false));
    if (!changes_gpkg.empty() && fs::exists(changes_gpkg)) defs.push_back(changes_map(src, changes_gpkg));
    if (MapDef d; devzone_map(*ds, gpkg, srs_text, base_style, o, d)) defs.push_back(std::move(d));

    const Frame fr = layout_for(o);
    std::vector<RenderedMap> out;
    Progress progress(tr(Msg::PMaps), defs.size() * 2);
    size_t done = 0;
    for (const auto& d : defs) out.push_back(render_map(src, d, fr, env, unit_m, out_dir, progress, done));
    progress.done();
    const size_t n_parks = static_cast<size_t>(parks->GetFeatureCount());
    if (o.atlas_min_parks > 0 && n_parks >= static_cast<size_t>(o.atlas_min_parks)) {
        const MapDef* cats = nullptr;
        const MapDef* states = nullptr;
        for (const auto& d : defs) {
            if (d.id == "categories") cats = &d;
            if (d.id == "states") states = &d;
        }
        // Over maps.atlas_max_pages (issue 20) no atlas: a warning names its size and the ways to get it,
        // and an atlas.pdf of an earlier rendering is removed so maps/ does not contradict the warning.
        const std::vector<AtlasPark> parks_mapped = atlas_parks(*ds);
        const std::vector<AtlasPage> pages = atlas_pages(parks_mapped, o);
        const size_t n_pages = pages.size() + 1;  // the overview, then one per park or platform
        if (n_pages > static_cast<size_t>(o.atlas_max_pages)) {
            std::cerr << "landeff: warning: "
                      << say(english(o) ? Lang::en : Lang::zh, Msg::AtlasTooManyPages,
                             {std::to_string(n_pages), std::to_string(o.atlas_max_pages)})
                      << "\n";
            std::error_code ec;
            fs::remove(out_dir / "atlas.pdf", ec);
        } else {
            render_atlas(gpkg, o, out_dir / "atlas.pdf", *ds, srs_text, unit_m, env, *cats, *states, parks_mapped, pages);
        }
    }
    return out;
}

}  // namespace landeff
