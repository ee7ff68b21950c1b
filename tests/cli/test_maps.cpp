// Layout maps: files, page and pixel sizes, colours at known positions, legend areas.
#include <gtest/gtest.h>

#include <gdal_priv.h>
#include <nlohmann/json.hpp>
#include <ogrsf_frmts.h>

#include <cmath>
#include <fstream>
#include <map>

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
