// Layout maps: files, page and pixel sizes, colours at known positions, legend areas.
#include <gtest/gtest.h>

#include <gdal_priv.h>
#include <nlohmann/json.hpp>
#include <ogrsf_frmts.h>

#include <cmath>
#include <cstdio>
#include <fstream>
#include <map>
#include <vector>

#include "cli_util.hpp"
#include "landeff/settings.hpp"

namespace fs = std::filesystem;
using namespace landeff::test;

namespace {

const fs::path kPlatforms = fs::path(LANDEFF_TEST_DATA) / "golden" / "platforms";

// The colour of the PNG at map coordinates (x, y) of the working CRS, through the sidecar's
// frame (mm), extent and dpi.
std::array<int, 3> colour_at(const fs::path& png, const nlohmann::json& side, double x, double y) {
    const double dpm = side["dpi"].get<double>() / 25.4;
    const auto f = side["frame_mm"], e = side["extent"];
    const double px = (f[0].get<double>() + (x - e[0].get<double>()) / (e[2].get<double>() - e[0].get<double>()) * f[2].get<double>()) * dpm;
    const double py = (f[1].get<double>() + (e[3].get<double>() - y) / (e[3].get<double>() - e[1].get<double>()) * f[3].get<double>()) * dpm;
    GDALDatasetUniquePtr ds(GDALDataset::Open(png.c_str(), GDAL_OF_RASTER));
    std::array<int, 3> rgb{};
    for (int b = 0; b < 3; ++b) {
        unsigned char v = 0;
        if (ds->GetRasterBand(b + 1)->RasterIO(GF_Read, static_cast<int>(px), static_cast<int>(py), 1, 1, &v, 1, 1, GDT_Byte, 0, 0) != CE_None)
            return {-1, -1, -1};
        rgb[static_cast<size_t>(b)] = v;
    }
    return rgb;
}

class Maps : public ::testing::Test {
protected:
    static void SetUpTestSuite() {
        s_tmp = new TempDir();
        s_run = run_landeff({"run", (kPlatforms / "landeff.toml").string(), "--out", (s_tmp->path() / "o").string(), "--quiet",
                             "--formats", "gpkg,maps"});
    }
    static void TearDownTestSuite() { delete s_tmp; }
    static fs::path out() { return s_tmp->path() / "o"; }
    static TempDir* s_tmp;
    static CliResult s_run;
};
TempDir* Maps::s_tmp = nullptr;
CliResult Maps::s_run;

TEST_F(Maps, EveryMapIsWrittenAsPdfAndPng) {
    ASSERT_EQ(s_run.exit_code, 0) << s_run.err;
    for (const char* id : {"categories", "mu_tax", "states", "grades"})
        for (const char* ext : {".pdf", ".png", ".json"}) EXPECT_TRUE(fs::exists(out() / "maps" / (std::string(id) + ext))) << id << ext;
}

TEST_F(Maps, PdfIsA4LandscapeAndPngIs300Dpi) {
    ASSERT_EQ(s_run.exit_code, 0);
    const std::string info = (s_tmp->path() / "info.txt").string();
    ASSERT_EQ(std::system(("pdfinfo '" + (out() / "maps" / "categories.pdf").string() + "' > '" + info + "'").c_str()), 0);
    // A4 landscape: 297 × 210 mm = 841.89 × 595.276 pt.
    EXPECT_NE(read_file(info).find("841.89 x 595.276 pts"), std::string::npos) << read_file(info);
    GDALAllRegister();
    GDALDatasetUniquePtr png(GDALDataset::Open((out() / "maps" / "categories.png").c_str(), GDAL_OF_RASTER));
    // 297 mm × 300/25.4 = 3507.9 → 3508 px; 210 mm → 2480.3 → 2480 px.
    EXPECT_EQ(png->GetRasterXSize(), 3508);
    EXPECT_EQ(png->GetRasterYSize(), 2480);
}

// A compact city: four 2 km × 2 km parks in a 2 × 2 grid (200 m apart), so each fills a quarter
// of the frame. A (national) hosts B (municipal, 200 m away) → both consolidate (blue); C lies in
// the restricted zone → exit (red); D lies in the urban core → innovate (green).
TEST(MapColours, CategoryColoursSitWhereTheParksAre) {
    TempDir tmp;
    const auto& sq = geojson_rect;
    const std::string crs = kGeoJsonCrs4549;
    auto fc = [&](const std::vector<std::pair<std::string, std::string>>& feats) {
        std::string s = "{\"type\":\"FeatureCollection\"," + crs + ",\"features\":[";
        for (size_t i = 0; i < feats.size(); ++i)
            s += (i ? "," : "") + std::string("{\"type\":\"Feature\",\"properties\":") + feats[i].first + ",\"geometry\":" + feats[i].second + "}";
        return s + "]}";
    };
    std::ofstream(tmp.path() / "parks.geojson") << fc({{R"({"park_id":"A","name":"A","level":"national"})", sq(0, 0, 2000, 2000)},
                                                       {R"({"park_id":"B","name":"B","level":"municipal"})", sq(2200, 0, 4200, 2000)},
                                                       {R"({"park_id":"C","name":"C","level":"county"})", sq(0, 2200, 2000, 4200)},
                                                       {R"({"park_id":"D","name":"D","level":"county"})", sq(2200, 2200, 4200, 4200)}});
    std::ofstream(tmp.path() / "parcels.geojson") << fc({{R"({"parcel_id":"L"})", sq(100, 100, 200, 200)}});
    std::ofstream(tmp.path() / "r.geojson") << fc({{R"({"name":"r"})", sq(-50, 2150, 2050, 4250)}});
    std::ofstream(tmp.path() / "u.geojson") << fc({{R"({"name":"u"})", sq(2150, 2150, 4250, 4250)}});
    std::ofstream(tmp.path() / "c.toml") << "year = 2024\ncrs = \"EPSG:4549\"\n[inputs.parks]\npath = \"parks.geojson\"\n"
                                            "[inputs.parcels]\npath = \"parcels.geojson\"\n[inputs.restricted]\npath = \"r.geojson\"\n"
                                            "[inputs.urban_core]\npath = \"u.geojson\"\n";
    auto r = run_landeff({"run", (tmp.path() / "c.toml").string(), "--out", (tmp.path() / "o").string(), "--quiet", "--formats", "gpkg,maps"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(r.err, "");
    GDALAllRegister();
    nlohmann::json side = nlohmann::json::parse(read_file(tmp.path() / "o" / "maps" / "categories.json"));
    const fs::path png = tmp.path() / "o" / "maps" / "categories.png";
    // Probe 500 m in from each park's lower-left corner: inside the fill, clear of the centred label.
    struct Probe { const char* park; double x, y; std::array<int, 3> rgb; };
    const Probe probes[] = {{"A consolidate", 500, 500, {0x1F, 0x78, 0xB4}},   // #1F78B4
                            {"B consolidate", 2700, 500, {0x1F, 0x78, 0xB4}},
                            {"C exit", 500, 2700, {0xE3, 0x1A, 0x1C}},          // #E31A1C
                            {"D innovate", 2700, 2700, {0x33, 0xA0, 0x2C}}};    // #33A02C
    for (const auto& p : probes) {
        const auto c = colour_at(png, side, 500000 + p.x, 3100000 + p.y);
        for (int k = 0; k < 3; ++k) EXPECT_NEAR(c[static_cast<size_t>(k)], p.rgb[static_cast<size_t>(k)], 2) << p.park << " channel " << k;
    }
}

// A FeatureCollection in EPSG:4549 of (properties, geometry) pairs.
std::string feature_collection(const std::vector<std::pair<std::string, std::string>>& feats) {
    std::string s = "{\"type\":\"FeatureCollection\"," + std::string(kGeoJsonCrs4549) + ",\"features\":[";
    for (size_t i = 0; i < feats.size(); ++i)
        s += (i ? "," : "") + std::string("{\"type\":\"Feature\",\"properties\":") + feats[i].first + ",\"geometry\":" + feats[i].second + "}";
    return s + "]}";
}

// Issue 16: a parcel without a tax figure has no 亩均税收; the map must show it as 无数据, not
// paint it in the colour of the lowest class. One park 0–2000 m square; four 400 m × 400 m parcels
// (160 000 m² = 160000 / (10000/15) = 240 mu each): P1 tax 24 → 24/240 = 0.1 万元/亩, P2 240 → 1,
// P3 2400 → 10, P4 no tax → null. Quantile breaks of {0.1, 1, 10} in 5 classes: positions k·3/5 =
// 0.6, 1.2, 1.8, 2.4 → values[0, 1, 1, 2] = 0.1, 1, 1, 10 → unique {0.1, 1, 10}: four classes
// < 0.1 (ramp colour 0 #FFFFCC, the lowest), [0.1, 1) (k·8/3 = 2 → #7FCDBB), [1, 10) (5 → #225EA8),
// ≥ 10 (8 → #041030); P4 belongs to none of them.
TEST(MapNoData, ParcelWithoutTaxIsDrawnAsNoDataNotAsTheLowestClass) {
    TempDir tmp;
    const auto& sq = geojson_rect;
    std::ofstream(tmp.path() / "parks.geojson") << feature_collection({{R"({"park_id":"A","name":"A","level":"county"})", sq(0, 0, 2000, 2000)}});
    std::ofstream(tmp.path() / "parcels.geojson")
        << feature_collection({{R"({"parcel_id":"P1","tax":24})", sq(100, 100, 500, 500)},
                               {R"({"parcel_id":"P2","tax":240})", sq(1500, 100, 1900, 500)},
                               {R"({"parcel_id":"P3","tax":2400})", sq(100, 1500, 500, 1900)},
                               {R"({"parcel_id":"P4"})", sq(1500, 1500, 1900, 1900)}});
    std::ofstream(tmp.path() / "c.toml") << "year = 2024\ncrs = \"EPSG:4549\"\n[inputs.parks]\npath = \"parks.geojson\"\n"
                                            "[inputs.parcels]\npath = \"parcels.geojson\"\n";
    auto r = run_landeff({"run", (tmp.path() / "c.toml").string(), "--out", (tmp.path() / "o").string(), "--quiet", "--formats", "gpkg,maps"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    GDALAllRegister();
    const nlohmann::json side = nlohmann::json::parse(read_file(tmp.path() / "o" / "maps" / "mu_tax.json"));
    const fs::path png = tmp.path() / "o" / "maps" / "mu_tax.png";
    // Probe 100 m in from each parcel's lower-left corner (the park label sits at the park's centre).
    const auto p4 = colour_at(png, side, 500000 + 1600, 3100000 + 1600);
    const auto p1 = colour_at(png, side, 500000 + 200, 3100000 + 200);
    // The legend's 无数据 swatch is the colour P4 is drawn in, and it is not the lowest class's.
    std::map<std::string, std::pair<std::string, double>> legend;  // label → (colour, mu)
    for (const auto& item : side["legend"]) legend[item["label"].get<std::string>()] = {item["rgb"].get<std::string>(), item["mu"].get<double>()};
    ASSERT_EQ(legend.count("无数据"), 1u) << side["legend"].dump();
    EXPECT_NEAR(legend["无数据"].second, 240, 1e-6);  // P4 alone: 240 mu
    EXPECT_NEAR(legend["< 0.1"].second, 0, 1e-9);     // nobody below the lowest break
    // Parcels are filled at opacity 0.95 over the white page: a channel c shows as 0.95·c + 0.05·255.
    const auto shown = [](const std::string& hex) {
        std::array<double, 3> c{};
        for (size_t k = 0; k < 3; ++k) c[k] = 0.95 * std::stoi(hex.substr(1 + 2 * k, 2), nullptr, 16) + 0.05 * 255;
        return c;
    };
    // 无数据 #DDDDDD: 0.95·221 + 12.75 = 222.7 in each channel; the lowest class #FFFFCC shows as
    // 255, 255, 0.95·204 + 12.75 = 206.55.
    const auto none = shown(legend["无数据"].first), lowest = shown(legend["< 0.1"].first);
    EXPECT_NEAR(none[0], 222.7, 1e-9);
    EXPECT_NEAR(lowest[2], 206.55, 1e-9);
    for (size_t k = 0; k < 3; ++k) EXPECT_NEAR(p4[k], none[k], 1.5) << "P4 (no tax), channel " << k;
    EXPECT_GT(std::abs(p4[0] - lowest[0]) + std::abs(p4[2] - lowest[2]), 30) << "P4 drawn in the lowest class colour";
    // P1 (0.1 万元/亩) is in the second class #7FCDBB: 0.95·127 + 12.75 = 133.4, 0.95·205 + 12.75 =
    // 207.5, 0.95·187 + 12.75 = 190.4.
    EXPECT_NEAR(p1[0], 133.4, 1.5);
    EXPECT_NEAR(p1[1], 207.5, 1.5);
    EXPECT_NEAR(p1[2], 190.4, 1.5);
}

// Issue 16: the north arrow, the legend and the scale bar sit in the margin beside the map frame,
// never on the map; and a label never runs across the frame. Park W is a 100 m × 2000 m strip at
// the left edge of the map (x 0–100 m) with a long Latin name: centred on the strip, its label
// (≈ 30 characters, several cm) would run out of the frame's left edge, which lies 4 % of the
// data's 5000 m width + 1 m = 201 m left of the strip, ≈ 8 mm on paper.
TEST(MapLayout, FurnitureSitsBesideTheFrameAndNoLabelIsCutAtIt) {
    TempDir tmp;
    const auto& sq = geojson_rect;
    std::ofstream(tmp.path() / "parks.geojson")
        << feature_collection({{R"({"park_id":"W","name":"WestEdgeIndustrialParkLongName","level":"county"})", sq(0, 0, 100, 2000)},
                               {R"({"park_id":"E","name":"E","level":"county"})", sq(4000, 0, 5000, 2000)}});
    std::ofstream(tmp.path() / "parcels.geojson") << feature_collection({{R"({"parcel_id":"P1","tax":24})", sq(4100, 100, 4500, 500)}});
    std::ofstream(tmp.path() / "c.toml") << "year = 2024\ncrs = \"EPSG:4549\"\n[inputs.parks]\npath = \"parks.geojson\"\n"
                                            "[inputs.parcels]\npath = \"parcels.geojson\"\n";
    auto r = run_landeff({"run", (tmp.path() / "c.toml").string(), "--out", (tmp.path() / "o").string(), "--quiet", "--formats", "gpkg,maps"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    GDALAllRegister();
    for (const char* id : {"categories", "mu_tax", "states", "grades"}) {
        const nlohmann::json side = nlohmann::json::parse(read_file(tmp.path() / "o" / "maps" / (std::string(id) + ".json")));
        const auto f = side["frame_mm"];
        const double fx = f[0], fy = f[1], fw = f[2], fh = f[3];
        const double pw = side["page_mm"][0], ph = side["page_mm"][1];
        for (const char* key : {"north_arrow_mm", "legend_mm", "scale_bar_mm"}) {
            ASSERT_TRUE(side.contains(key)) << id << " " << key;
            const double x = side[key][0], y = side[key][1], w = side[key][2], h = side[key][3];
            const bool overlaps = x < fx + fw && fx < x + w && y < fy + fh && fy < y + h;
            EXPECT_FALSE(overlaps) << id << ": " << key << " covers the map frame";
            EXPECT_TRUE(x >= 0 && y >= 0 && x + w <= pw && y + h <= ph) << id << ": " << key << " leaves the page";
        }
        // The strip 0.5–2 mm inside the frame's left edge, over the frame's height, holds no map
        // feature (the strip park starts ≈ 8 mm in), so any dark pixel there is a label cut by the frame.
        const double dpm = side["dpi"].get<double>() / 25.4;
        const int x0 = static_cast<int>((fx + 0.5) * dpm), x1 = static_cast<int>((fx + 2) * dpm);
        const int y0 = static_cast<int>((fy + 1) * dpm), y1 = static_cast<int>((fy + fh - 1) * dpm);
        GDALDatasetUniquePtr png(GDALDataset::Open((tmp.path() / "o" / "maps" / (std::string(id) + ".png")).c_str(), GDAL_OF_RASTER));
        ASSERT_TRUE(png);
        const int w = x1 - x0, h = y1 - y0;
        std::vector<unsigned char> px(static_cast<size_t>(w) * static_cast<size_t>(h) * 3);
        ASSERT_EQ(png->RasterIO(GF_Read, x0, y0, w, h, px.data(), w, h, GDT_Byte, 3, nullptr, 3, 3 * w, 1), CE_None);
        size_t dark = 0;
        for (size_t i = 0; i < px.size(); i += 3)
            if (px[i] < 128 && px[i + 1] < 128 && px[i + 2] < 128) ++dark;
        EXPECT_EQ(dark, 0u) << id << ": a label runs across the frame's left edge";
    }
}

// The text of page `page` (1-based) of a PDF, through poppler's pdftotext.
std::string pdf_text(const fs::path& pdf, const fs::path& tmp, int page = 0) {
    const fs::path txt = tmp / "pdf.txt";
    const std::string pages = page > 0 ? " -f " + std::to_string(page) + " -l " + std::to_string(page) : "";
    if (std::system(("pdftotext -layout" + pages + " '" + pdf.string() + "' '" + txt.string() + "'").c_str()) != 0) return "pdftotext failed";
    return read_file(txt);
}

// Issue 16: the footer names the mapping unit (制图单位, maps.unit) and the data source (数据来源,
// maps.source) when they are set, and always the evaluation date (year 2024 → 2024-12-31).
TEST(MapFooter, NamesTheMappingUnitTheDataSourceAndTheEvaluationDate) {
    TempDir tmp;
    std::ofstream(tmp.path() / "c.toml") << "year = 2024\ncrs = \"EPSG:4549\"\n[inputs.parks]\npath = \"" << (kPlatforms / "parks.geojson").string()
                                         << "\"\n[inputs.parcels]\npath = \"" << (kPlatforms / "parcels.geojson").string()
                                         << "\"\n[maps]\nunit = \"某市自然资源和规划局\"\nsource = \"2024年度变更调查\"\n";
    auto r = run_landeff({"run", (tmp.path() / "c.toml").string(), "--out", (tmp.path() / "o").string(), "--quiet", "--formats", "gpkg,maps"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    for (const char* id : {"categories", "mu_tax", "states", "grades"}) {
        const std::string t = pdf_text(tmp.path() / "o" / "maps" / (std::string(id) + ".pdf"), tmp.path());
        EXPECT_NE(t.find("制图单位：某市自然资源和规划局"), std::string::npos) << id << "\n" << t;
        EXPECT_NE(t.find("数据来源：2024年度变更调查"), std::string::npos) << id;
        EXPECT_NE(t.find("评价日期：2024-12-31"), std::string::npos) << id;
    }
    // `landeff map` re-renders with the run's settings from run.json: the footer stays.
    r = run_landeff({"map", (tmp.path() / "o").string(), "--dpi", "72", "--quiet"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_NE(pdf_text(tmp.path() / "o" / "maps" / "states.pdf", tmp.path()).find("制图单位：某市自然资源和规划局"), std::string::npos);
}

// Issue 16 / CONTRACT: --lang zh|en on run and map. The maps' titles, legend titles and entries, the
// area column head, the footer and the atlas's figures follow the language: Chinese by default (run
// and a re-render without --lang keep the run's output.lang), English with --lang en.
TEST(MapLanguage, TitlesLegendsAndFooterFollowLang) {
    TempDir tmp;
    std::ofstream(tmp.path() / "c.toml") << "year = 2024\ncrs = \"EPSG:4549\"\n[inputs.parks]\npath = \"" << (kPlatforms / "parks.geojson").string()
                                         << "\"\n[inputs.parcels]\npath = \"" << (kPlatforms / "parcels.geojson").string()
                                         << "\"\n[maps]\nunit = \"某市自然资源和规划局\"\ndpi = 72\natlas_min_parks = 1\n";
    const fs::path o = tmp.path() / "o";
    auto r = run_landeff({"run", (tmp.path() / "c.toml").string(), "--out", o.string(), "--quiet", "--formats", "gpkg,maps"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    auto zh = [&](const char* when) {
        const std::string st = pdf_text(o / "maps" / "states.pdf", tmp.path()), tax = pdf_text(o / "maps" / "mu_tax.pdf", tmp.path());
        EXPECT_NE(st.find("2024 年度土地利用状态图"), std::string::npos) << when << "\n" << st;
        EXPECT_NE(st.find("正常使用"), std::string::npos) << when;
        EXPECT_NE(st.find("数据不足"), std::string::npos) << when;
        EXPECT_NE(st.find("面积(亩)"), std::string::npos) << when;
        EXPECT_NE(st.find("制图单位：某市自然资源和规划局"), std::string::npos) << when;
        EXPECT_NE(st.find("评价日期：2024-12-31"), std::string::npos) << when;
        EXPECT_NE(tax.find("亩均税收(万元/亩)"), std::string::npos) << when << "\n" << tax;
        EXPECT_NE(pdf_text(o / "maps" / "atlas.pdf", tmp.path(), 2).find("园区图：E5"), std::string::npos) << when;
        EXPECT_EQ(st.find("Land use states"), std::string::npos) << when;
    };
    zh("run, default");
    // landeff map --lang en: English words, none of the Chinese ones above.
    r = run_landeff({"map", o.string(), "--lang", "en", "--quiet"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const std::string st = pdf_text(o / "maps" / "states.pdf", tmp.path()), tax = pdf_text(o / "maps" / "mu_tax.pdf", tmp.path());
    EXPECT_NE(st.find("2024 Land use states"), std::string::npos) << st;
    EXPECT_NE(st.find("in normal use"), std::string::npos) << st;
    EXPECT_NE(st.find("insufficient data"), std::string::npos);
    EXPECT_NE(st.find("Area (mu)"), std::string::npos);
    EXPECT_NE(st.find("Mapped by: 某市自然资源和规划局"), std::string::npos);  // the unit as configured
    EXPECT_NE(st.find("Evaluation date: 2024-12-31"), std::string::npos);
    for (const char* w : {"年度", "正常使用", "数据不足", "面积(亩)", "制图单位", "评价日期", "坐标系", "比例尺"})
        EXPECT_EQ(st.find(w), std::string::npos) << w << "\n" << st;
    EXPECT_NE(tax.find("Tax per mu (10k yuan/mu)"), std::string::npos) << tax;
    EXPECT_NE(tax.find("no data"), std::string::npos) << tax;
    EXPECT_EQ(tax.find("无数据"), std::string::npos);
    // E5: one 100 m × 100 m parcel = 15 mu paying 600 万元: 600 / 15 = 40.00 per mu; category exit.
    const std::string e5 = pdf_text(o / "maps" / "atlas.pdf", tmp.path(), 2);
    EXPECT_NE(e5.find("Park: E5"), std::string::npos) << e5;
    EXPECT_NE(e5.find("Land 15.0 mu"), std::string::npos) << e5;
    EXPECT_NE(e5.find("Tax per mu 40.00 10k yuan/mu"), std::string::npos) << e5;
    EXPECT_NE(e5.find("Category phase out"), std::string::npos) << e5;
    // Without --lang, map keeps the run's language (zh).
    r = run_landeff({"map", o.string(), "--quiet"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    zh("map, no --lang");
    // run --lang en writes English maps in the first place.
    const fs::path o2 = tmp.path() / "o2";
    r = run_landeff({"run", (tmp.path() / "c.toml").string(), "--out", o2.string(), "--quiet", "--formats", "gpkg,maps", "--lang", "en"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_NE(pdf_text(o2 / "maps" / "states.pdf", tmp.path()).find("2024 Land use states"), std::string::npos);
    // A language outside zh|en is a usage error (exit 2) before anything is read.
    EXPECT_EQ(run_landeff({"map", o.string(), "--lang", "fr"}).exit_code, 2);
}

TEST_F(Maps, FooterLeavesOutAnEmptyUnitAndSource) {
    ASSERT_EQ(s_run.exit_code, 0);
    const std::string t = pdf_text(out() / "maps" / "states.pdf", s_tmp->path());
    EXPECT_EQ(t.find("制图单位"), std::string::npos) << t;
    EXPECT_EQ(t.find("数据来源"), std::string::npos);
    EXPECT_NE(t.find("评价日期：2024-12-31"), std::string::npos) << t;  // the platforms case: year 2024
}

// Issue 16: a region of many parks gets maps/atlas.pdf — an overview page, then one page per park
// in park_id order. The platforms case has 7 parks (E5 H1 H2 N1 P4 RX UI in id order), each holding
// one 100 m × 100 m parcel = 10 000 m² = 10000 / (10000/15) = 15 mu. E5's parcel pays 600 万元:
// 600 / 15 = 40.00 万元/亩; N1's 150: 150 / 15 = 10.00 万元/亩.
TEST(MapAtlas, OverviewThenOnePagePerParkFromTheThreshold) {
    TempDir tmp;
    const auto config = [&](int min_parks) {
        const fs::path c = tmp.path() / ("c" + std::to_string(min_parks) + ".toml");
        std::ofstream(c) << "year = 2024\ncrs = \"EPSG:4549\"\n[inputs.parks]\npath = \"" << (kPlatforms / "parks.geojson").string()
                         << "\"\n[inputs.parcels]\npath = \"" << (kPlatforms / "parcels.geojson").string()
                         << "\"\n[maps]\natlas_min_parks = " << min_parks << "\ndpi = 72\n";
        return c.string();
    };
    // Exactly the threshold: 7 parks ≥ 7 → an atlas of 1 + 7 = 8 pages.
    auto r = run_landeff({"run", config(7), "--out", (tmp.path() / "o7").string(), "--quiet", "--formats", "gpkg,maps"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(r.err, "");
    const fs::path atlas = tmp.path() / "o7" / "maps" / "atlas.pdf";
    ASSERT_TRUE(fs::exists(atlas));
    const fs::path info = tmp.path() / "info.txt";
    ASSERT_EQ(std::system(("pdfinfo '" + atlas.string() + "' > '" + info.string() + "'").c_str()), 0);
    EXPECT_NE(read_file(info).find("Pages:           8\n"), std::string::npos) << read_file(info);
    EXPECT_NE(pdf_text(atlas, tmp.path(), 1).find("园区总览图"), std::string::npos);
    // Page 2 = E5 (first id), page 5 = N1 (E5, H1, H2, N1).
    const std::string e5 = pdf_text(atlas, tmp.path(), 2), n1 = pdf_text(atlas, tmp.path(), 5);
    EXPECT_NE(e5.find("园区图：E5"), std::string::npos) << e5;
    EXPECT_NE(e5.find("土地面积 15.0 亩"), std::string::npos) << e5;
    EXPECT_NE(e5.find("亩均税收 40.00 万元/亩"), std::string::npos) << e5;
    EXPECT_NE(e5.find("平台分类 逐步退出型"), std::string::npos) << e5;  // E5: exit (0.25 km² < 1 km²)
    EXPECT_NE(n1.find("园区图：N1"), std::string::npos) << n1;
    EXPECT_NE(n1.find("亩均税收 10.00 万元/亩"), std::string::npos) << n1;
    // One more than the parks: 7 < 8 → no atlas.
    r = run_landeff({"run", config(8), "--out", (tmp.path() / "o8").string(), "--quiet", "--formats", "gpkg,maps"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_FALSE(fs::exists(tmp.path() / "o8" / "maps" / "atlas.pdf"));
    EXPECT_TRUE(fs::exists(tmp.path() / "o8" / "maps" / "states.pdf"));
}

// Issue 16: a parcel 50 km from the only park (maps.outlier_km default 5 km) does not stretch the
// maps. Park 0–2000 m; the extent is the park plus 4 % + 1 m = 81 m each side: 2162 m square, widened
// to the frame's 205 : 166 mm → 2162 · 205/166 = 2670 m wide around x = 1000 → x up to 1000 + 1335 =
// 2335 m. With the far parcel (x 50 000–50 100) in it, it would reach past x = 50 000.
TEST(MapExtent, AnOutlyingParcelDoesNotStretchTheMaps) {
    TempDir tmp;
    const auto& sq = geojson_rect;
    std::ofstream(tmp.path() / "parks.geojson") << feature_collection({{R"({"park_id":"A","name":"A","level":"county"})", sq(0, 0, 2000, 2000)}});
    std::ofstream(tmp.path() / "parcels.geojson")
        << feature_collection({{R"({"parcel_id":"IN","tax":24})", sq(100, 100, 500, 500)}, {R"({"parcel_id":"FAR","tax":24})", sq(50000, 0, 50100, 100)}});
    std::ofstream(tmp.path() / "c.toml") << "year = 2024\ncrs = \"EPSG:4549\"\n[inputs.parks]\npath = \"parks.geojson\"\n"
                                            "[inputs.parcels]\npath = \"parcels.geojson\"\n[maps]\ndpi = 72\n";
    auto r = run_landeff({"run", (tmp.path() / "c.toml").string(), "--out", (tmp.path() / "o").string(), "--quiet", "--formats", "gpkg,maps"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    for (const char* id : {"categories", "mu_tax", "states", "grades"}) {
        const nlohmann::json side = nlohmann::json::parse(read_file(tmp.path() / "o" / "maps" / (std::string(id) + ".json")));
        EXPECT_NEAR(side["extent"][2].get<double>(), 500000 + 2335, 2) << id;
        EXPECT_NEAR(side["extent"][0].get<double>(), 500000 - 335, 2) << id;  // 1000 − 1335
    }
    // The map_outlier finding itself: golden/map_outlier.
}

// maps.atlas_by = "platform": one page per platform. In the platforms case N1 hosts H1 (3000 m ≤
// 3 km), every other park stands alone: pages E5, H2, N1 (+ H1), P4, RX, UI → 1 + 6 = 7 pages, N1's
// the fourth. Its land 15 + 15 = 30 mu; tax 150 + 15 = 165 万元 → 165 / 30 = 5.50 万元/亩.
TEST(MapAtlas, PlatformPagesAddAHostAndTheParksItHosts) {
    TempDir tmp;
    std::ofstream(tmp.path() / "c.toml") << "year = 2024\ncrs = \"EPSG:4549\"\n[inputs.parks]\npath = \"" << (kPlatforms / "parks.geojson").string()
                                         << "\"\n[inputs.parcels]\npath = \"" << (kPlatforms / "parcels.geojson").string()
                                         << "\"\n[maps]\natlas_min_parks = 7\natlas_by = \"platform\"\ndpi = 72\n";
    auto r = run_landeff({"run", (tmp.path() / "c.toml").string(), "--out", (tmp.path() / "o").string(), "--quiet", "--formats", "gpkg,maps"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const fs::path atlas = tmp.path() / "o" / "maps" / "atlas.pdf";
    const fs::path info = tmp.path() / "info.txt";
    ASSERT_EQ(std::system(("pdfinfo '" + atlas.string() + "' > '" + info.string() + "'").c_str()), 0);
    EXPECT_NE(read_file(info).find("Pages:           7\n"), std::string::npos) << read_file(info);
    const std::string n1 = pdf_text(atlas, tmp.path(), 4);
    EXPECT_NE(n1.find("平台图：N1"), std::string::npos) << n1;
    EXPECT_NE(n1.find("土地面积 30.0 亩"), std::string::npos) << n1;
    EXPECT_NE(n1.find("亩均税收 5.50 万元/亩"), std::string::npos) << n1;
    EXPECT_NE(n1.find("托管园区 H1"), std::string::npos) << n1;
}

// maps.atlas_max_pages (issue 20): an atlas of more pages is not written (a region of 100 000 parks
// would get a 100 001-page PDF); a warning says how many pages it would have had, and an atlas.pdf of
// an earlier rendering goes. The platforms case: 7 parks → 1 + 7 = 8 pages by park; by platform
// (N1 hosts H1) 1 + 6 = 7 pages.
TEST(MapAtlas, OverTheMaxPagesNoAtlasButAWarning) {
    TempDir tmp;
    std::ofstream(tmp.path() / "c.toml") << "year = 2024\ncrs = \"EPSG:4549\"\n[inputs.parks]\npath = \"" << (kPlatforms / "parks.geojson").string()
                                         << "\"\n[inputs.parcels]\npath = \"" << (kPlatforms / "parcels.geojson").string()
                                         << "\"\n[maps]\natlas_min_parks = 7\natlas_max_pages = 8\ndpi = 72\n";
    const fs::path o = tmp.path() / "o", atlas = o / "maps" / "atlas.pdf", info = tmp.path() / "info.txt";
    // 8 pages ≤ 8: written, and nothing said.
    auto r = run_landeff({"run", (tmp.path() / "c.toml").string(), "--out", o.string(), "--quiet", "--formats", "gpkg,maps"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(r.err, "");
    ASSERT_TRUE(fs::exists(atlas));
    // 8 pages > 7: the earlier atlas.pdf removed, the four maps still there, the warning on stderr.
    r = run_landeff({"map", o.string(), "--atlas_max_pages", "7", "--quiet"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_FALSE(fs::exists(atlas));
    EXPECT_TRUE(fs::exists(o / "maps" / "states.pdf"));
    EXPECT_NE(r.err.find("地图集将有 8 页, 超过 maps.atlas_max_pages(7)"), std::string::npos) << r.err;
    r = run_landeff({"map", o.string(), "--atlas_max_pages", "7", "--lang", "en", "--quiet"});
    EXPECT_NE(r.err.find("the atlas would have 8 pages, more than maps.atlas_max_pages (7)"), std::string::npos) << r.err;
    // By platform the same region fits: 7 pages ≤ 7.
    r = run_landeff({"map", o.string(), "--atlas_max_pages", "7", "--atlas_by", "platform", "--quiet"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(r.err, "");
    ASSERT_TRUE(fs::exists(atlas));
    ASSERT_EQ(std::system(("pdfinfo '" + atlas.string() + "' > '" + info.string() + "'").c_str()), 0);
    EXPECT_NE(read_file(info).find("Pages:           7\n"), std::string::npos) << read_file(info);
}

// maps.max_labels (issue 20): over that many parks the region maps name only the largest (area_mu,
// then park_id). Mapnik's labels are drawn as glyph outlines, not text pdftotext could read, so the
// test compares what is drawn: the platforms case has 7 parks, so --max_labels 7 names every park as
// the default (2000) does — the same PNG, byte for byte —, while --max_labels 1 names one park only and
// the PNG differs (it would be identical if the setting were ignored).
TEST(MapLabels, OverMaxLabelsFewerParksAreNamed) {
    TempDir tmp;
    const fs::path o = tmp.path() / "o";
    auto r = run_landeff({"run", (kPlatforms / "landeff.toml").string(), "--out", o.string(), "--quiet", "--formats", "gpkg,maps"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const std::string all = read_file(o / "maps" / "categories.png");
    ASSERT_FALSE(all.empty());
    r = run_landeff({"map", o.string(), "--max_labels", "7", "--quiet"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_TRUE(read_file(o / "maps" / "categories.png") == all) << "7 parks, max_labels 7: every park named, as by default";
    r = run_landeff({"map", o.string(), "--max_labels", "1", "--quiet"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const std::string one = read_file(o / "maps" / "categories.png");
    ASSERT_FALSE(one.empty());
    EXPECT_FALSE(one == all) << "max_labels 1 of 7 parks: six names fewer, yet the same picture";
}

// Pixels of exactly the park outlines' colour #222222 (34, 34, 34) in a PNG: the cores of the
// outlines, where the line covers the whole pixel (the labels are #111111, the fills coloured).
size_t outline_core_pixels(const fs::path& png_path) {
    GDALAllRegister();
    GDALDatasetUniquePtr png(GDALDataset::Open(png_path.c_str(), GDAL_OF_RASTER));
    if (!png || png->GetRasterCount() < 3) return 0;
    const int w = png->GetRasterXSize(), h = png->GetRasterYSize();
    std::vector<std::vector<uint8_t>> band(3, std::vector<uint8_t>(static_cast<size_t>(w) * static_cast<size_t>(h)));
    for (int b = 0; b < 3; ++b)
        if (png->GetRasterBand(b + 1)->RasterIO(GF_Read, 0, 0, w, h, band[static_cast<size_t>(b)].data(), w, h, GDT_Byte, 0, 0) != CE_None)
            return 0;
    size_t n = 0;
    for (size_t i = 0; i < band[0].size(); ++i) n += band[0][i] == 34 && band[1][i] == 34 && band[2][i] == 34;
    return n;
}

// Over maps.max_labels parks the outlines thin to 1.2 × √(max_labels / parks) px (issue 20: at
// 100 000 parks the 1.2-px outlines covered the region in black). The platforms case has 7 parks:
// --max_labels 7 keeps 1.2 px; --max_labels 1 gives 1.2 × √(1/7) = 0.45 px, so far fewer pixels lie
// wholly under an outline: 1197 at 1.2 px, 583 at 0.45 px (300 dpi). Without the thinning the count
// would not fall (fewer labels' halos would even uncover outline pixels), so "fewer than 0.6 ×" fails.
TEST(MapLabels, OverMaxLabelsParkOutlinesThin) {
    TempDir tmp;
    const fs::path o = tmp.path() / "o";
    auto r = run_landeff({"run", (kPlatforms / "landeff.toml").string(), "--out", o.string(), "--quiet", "--formats", "gpkg,maps"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const size_t wide = outline_core_pixels(o / "maps" / "categories.png");
    r = run_landeff({"map", o.string(), "--max_labels", "1", "--quiet"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const size_t thin = outline_core_pixels(o / "maps" / "categories.png");
    std::printf("outline core pixels: 1.2 px %zu, 0.45 px %zu\n", wide, thin);
    EXPECT_GT(wide, 1000u);
    EXPECT_LT(thin * 5, wide * 3);
}

TEST_F(Maps, LegendAreasEqualTheAnalysis) {
    ASSERT_EQ(s_run.exit_code, 0);
    nlohmann::json side = nlohmann::json::parse(read_file(out() / "maps" / "categories.json"));
    // Parks in the golden platforms case: N1, H1, P4 1000 m squares (1500 mu), H2, RX, UI too, E5
    // 500 m (375 mu). consolidate = N1 + H1 = 3000 mu; innovate = UI 1500; retain = H2 1500;
    // exit = RX + P4 + E5 = 1500 + 1500 + 375 = 3375 mu.
    std::map<std::string, double> want = {{"整合托管型", 3000}, {"转为创新型", 1500}, {"保留提升型", 1500}, {"逐步退出型", 3375}};
    for (const auto& item : side["legend"]) EXPECT_NEAR(item["mu"].get<double>(), want[item["label"].get<std::string>()], 1e-6);
}

TEST(MapCommand, RerendersOnAnotherPageWithoutTheAnalysis) {
    TempDir tmp;
    auto r = run_landeff({"run", (kPlatforms / "landeff.toml").string(), "--out", (tmp.path() / "o").string(), "--quiet",
                          "--formats", "gpkg"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    r = run_landeff({"map", (tmp.path() / "o").string(), "--page", "A3", "--orientation", "portrait", "--dpi", "100", "--quiet"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    GDALAllRegister();
    GDALDatasetUniquePtr png(GDALDataset::Open((tmp.path() / "o" / "maps" / "states.png").c_str(), GDAL_OF_RASTER));
    ASSERT_TRUE(png);
    // A3 portrait 297 × 420 mm at 100 dpi: 1169.3 → 1169 × 1653.5 → 1654 px.
    EXPECT_EQ(png->GetRasterXSize(), 1169);
    EXPECT_EQ(png->GetRasterYSize(), 1654);
}

}  // namespace

// The map command's options are the maps.* settings (issue 15 item 3): each is `--<name>` with the
// table's description, choices and range, so a map setting added to the table is an option
// without code. Before, the options were written by hand: a seventh maps.* setting in the table
// was missing from `landeff map --help` (checked by adding one to the table against the old code).
TEST(MapCommand, OptionsAreTheMapsSettings) {
    const auto r = run_landeff({"map", "--help"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    size_t n = 0;
    for (const auto& spec : landeff::setting_specs()) {
        const std::string key(spec.key);
        if (key.rfind("maps.", 0) != 0) continue;
        ++n;
        const std::string opt = "--" + key.substr(5);
        const size_t at = r.out.find("  " + opt + " ");
        ASSERT_NE(at, std::string::npos) << opt << " missing from map --help:\n" << r.out;
        EXPECT_NE(r.out.find(std::string(spec.doc), at), std::string::npos) << opt << ": help is not the table's description";
        if (spec.type == landeff::SettingType::Int) {  // the table's range, e.g. maps.dpi 72 – 1200
            EXPECT_NE(r.out.find("[" + std::to_string(static_cast<int64_t>(spec.min)) + " - " +
                                     std::to_string(static_cast<int64_t>(spec.max)) + "]", at),
                      std::string::npos) << opt;
        }
    }
    EXPECT_GE(n, 6u);  // region, page, orientation, dpi, breaks, classes
    // The range is enforced: maps.dpi's minimum is 72, so 71 is refused before anything is read (exit 2).
    const auto low = run_landeff({"map", "/nonexistent", "--dpi", "71"});
    EXPECT_EQ(low.exit_code, 2) << low.err;
    EXPECT_NE(low.err.find("--dpi"), std::string::npos) << low.err;
    // A choice outside the table's (A4|A3) is refused the same way.
    const auto page = run_landeff({"map", "/nonexistent", "--page", "A5"});
    EXPECT_EQ(page.exit_code, 2) << page.err;
    EXPECT_NE(page.err.find("--page"), std::string::npos) << page.err;
}

namespace {

// Issue 18: the zones over the control lines. golden/devzone has all three control-line inputs:
// parks Z1 x 500000..501000, Z2 x 502000..503000 (y 3100000..3101000); farmland F1 x 500800..501200
// y 3100000..3100100 (its east half outside Z1), F2, F9 (x 503500..506000, half beyond the reach
// x ≤ 503000 + devzone.map_margin_m 1000 = 504000) and F8 (x 510000.., wholly beyond it).
TEST(MapDevzone, ZonesOverTheControlLinesWithAChineseLegend) {
    const fs::path golden = fs::path(LANDEFF_TEST_DATA) / "golden" / "devzone";
    TempDir tmp;
    auto r = run_landeff({"run", (golden / "landeff.toml").string(), "--out", (tmp.path() / "o").string(), "--quiet", "--formats",
                          "gpkg,maps"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const fs::path maps = tmp.path() / "o" / "maps";
    for (const char* ext : {".pdf", ".png", ".json"}) EXPECT_TRUE(fs::exists(maps / (std::string("devzone") + ext))) << ext;
    GDALAllRegister();
    const nlohmann::json side = nlohmann::json::parse(read_file(maps / "devzone.json"));
    // Farmland colour #F2D95C at x 501100 y 3100050: inside F1, 100 m east of Z1's outline, outside
    // every park, red line (E1 x 500000..500100 y 3100900.., E3 x 502000..) and boundary outline.
    const auto c = colour_at(maps / "devzone.png", side, 501100, 3100050);
    const std::array<int, 3> farm{0xF2, 0xD9, 0x5C};
    for (size_t k = 0; k < 3; ++k) EXPECT_NEAR(c[k], farm[k], 2) << "channel " << k;
    // The legend: the three control lines by their Chinese names, with the areas within the reach:
    // farmland F1 40 000 + F2 30 000 + F9's part 500×200 = 100 000 → 170 000 m² = 255 亩 (F8 none).
    const std::string text = pdf_text(maps / "devzone.pdf", tmp.path());
    for (const char* label : {"城镇开发边界", "永久基本农田", "生态保护红线"})
        EXPECT_NE(text.find(label), std::string::npos) << label << " not in the legend:\n" << text;
    bool farm_row = false;
    for (const auto& it : side["legend"])
        if (it["label"] == "永久基本农田") {
            farm_row = true;
            EXPECT_NEAR(it["mu"].get<double>(), 255, 1e-6);
        }
    EXPECT_TRUE(farm_row);
    // The layers in landeff.gpkg, with their Chinese aliases; F8 (wholly beyond the reach) is not copied.
    GDALDatasetUniquePtr gpkg(GDALDataset::Open((tmp.path() / "o" / "landeff.gpkg").c_str(), GDAL_OF_VECTOR));
    ASSERT_TRUE(gpkg);
    for (const char* name : {"ctl_dev", "ctl_farm", "ctl_eco"}) {
        OGRLayer* l = gpkg->GetLayerByName(name);
        ASSERT_TRUE(l) << name;
        std::map<std::string, std::string> alias;
        OGRLayer* rs = gpkg->ExecuteSQL(("SELECT column_name, name FROM gpkg_data_columns WHERE table_name = '" + std::string(name) + "'").c_str(),
                                        nullptr, "SQLITE");
        ASSERT_TRUE(rs);
        for (auto& f : *rs) alias[f->GetFieldAsString(0)] = f->GetFieldAsString(1);
        gpkg->ReleaseResultSet(rs);
        EXPECT_EQ(alias["zone_id"], "图斑编号") << name;
        EXPECT_EQ(alias["area_mu"], "图内面积(亩)") << name;
    }
    EXPECT_EQ(gpkg->GetLayerByName("ctl_farm")->GetFeatureCount(), 3);  // F1, F2, F9 of the 4
}

// Without any control-line input there is no devzone map and no ctl_* layer.
TEST_F(Maps, NoDevzoneMapNorControlLayersWithoutControlLines) {
    ASSERT_EQ(s_run.exit_code, 0);
    GDALAllRegister();
    EXPECT_FALSE(fs::exists(out() / "maps" / "devzone.pdf"));
    EXPECT_FALSE(fs::exists(out() / "maps" / "devzone.png"));
    GDALDatasetUniquePtr gpkg(GDALDataset::Open((out() / "landeff.gpkg").c_str(), GDAL_OF_VECTOR));
    ASSERT_TRUE(gpkg);
    for (const char* name : {"ctl_dev", "ctl_farm", "ctl_eco"}) EXPECT_EQ(gpkg->GetLayerByName(name), nullptr) << name;
}

}  // namespace
