// Issue 14 "Nothing silently wrong": no output holds invalid UTF-8 whatever bytes the inputs
// carry, and ids stored as numbers are never merged. The inputs are bad-input corpus cases
// (tests/data/bad/make_cases.py), run here with every text output format and read back.
#include <gtest/gtest.h>

#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <map>

#include "cli_util.hpp"
#include "landeff/text.hpp"

namespace fs = std::filesystem;
using namespace landeff::test;

namespace {

const fs::path kBad = fs::path(LANDEFF_TEST_DATA) / "bad";

// Every text value of every layer of an OGR dataset that is not valid UTF-8, as "layer.field".
// Shapefiles are opened without recoding so the DBF's own bytes are checked.
std::vector<std::string> invalid_text(const fs::path& file) {
    GDALAllRegister();
    const char* const raw[] = {"ENCODING=", nullptr};
    const bool shp = file.extension() == ".shp";
    GDALDatasetUniquePtr ds(GDALDataset::Open(file.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY, nullptr, shp ? raw : nullptr));
    if (!ds) return {"cannot open " + file.string()};
    std::vector<std::string> bad;
    for (auto* l : ds->GetLayers()) {
        OGRFeatureDefn* d = l->GetLayerDefn();
        for (int i = 0; i < d->GetFieldCount(); ++i)
            if (!landeff::is_valid_utf8(d->GetFieldDefn(i)->GetNameRef())) bad.push_back(std::string(l->GetName()) + " field name");
        for (auto& f : *l)
            for (int i = 0; i < d->GetFieldCount(); ++i)
                if (f->IsFieldSetAndNotNull(i) && !landeff::is_valid_utf8(f->GetFieldAsString(i)))
                    bad.push_back(std::string(l->GetName()) + "." + d->GetFieldDefn(i)->GetNameRef() + " fid " + std::to_string(f->GetFID()));
    }
    return bad;
}

std::string command_output(const std::string& cmd) {
    std::string out;
    FILE* p = popen(cmd.c_str(), "r");
    if (!p) return out;
    char buf[65536];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, p)) > 0) out.append(buf, n);
    pclose(p);
    return out;
}

void expect_all_text_outputs_utf8(const std::string& case_name) {
    TempDir tmp;
    const fs::path out = tmp.path() / "o";
    auto r = run_landeff({"run", (kBad / case_name / "landeff.toml").string(), "--out", out.string(), "--quiet",
                          "--formats", "gpkg,geojson,shp,xlsx,html"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_TRUE(landeff::is_valid_utf8(r.err)) << "stderr";
    size_t checked = 0;
    for (const auto& e : fs::recursive_directory_iterator(out)) {
        if (!e.is_regular_file()) continue;
        const fs::path p = e.path();
        const std::string ext = p.extension().string();
        if (ext == ".gpkg" || ext == ".shp") {
            for (const auto& b : invalid_text(p)) ADD_FAILURE() << p << ": invalid UTF-8 in " << b;
            ++checked;
        } else if (ext == ".geojson" || ext == ".html" || ext == ".json" || ext == ".qml" || ext == ".cpg" || ext == ".prj") {
            EXPECT_TRUE(landeff::is_valid_utf8(read_file(p))) << p << " holds invalid UTF-8";
            ++checked;
        } else if (ext == ".xlsx") {
            // Every XML part inside the zip (the shared strings hold the texts).
            const std::string list = command_output("unzip -Z1 '" + p.string() + "'");
            size_t parts = 0;
            for (const auto& part : landeff::split(list, '\n')) {
                if (part.empty()) continue;
                ++parts;
                EXPECT_TRUE(landeff::is_valid_utf8(command_output("unzip -p '" + p.string() + "' '" + part + "'")))
                    << p << " part " << part << " holds invalid UTF-8";
            }
            EXPECT_GT(parts, 3u);
            ++checked;
        }
    }
    // landeff.gpkg, run.json, report.html, report.xlsx, geojson/*.geojson, shp/*.shp at least.
    EXPECT_GE(checked, 6u);
}

TEST(Issue14Encoding, GbkAndBrokenBytesInUtf8GeoJsonGiveValidUtf8Everywhere) {
    expect_all_text_outputs_utf8("gbk_bytes_in_utf8_geojson");
}

TEST(Issue14Encoding, GbkNameInUtf8CsvGivesValidUtf8Everywhere) {
    expect_all_text_outputs_utf8("gbk_bytes_in_utf8_csv");
    // Both names come out right: 甲公司 was UTF-8, 乙公司 GBK (before, the whole file was decoded as
    // ISO-8859-1, valid UTF-8 but mojibake in both).
    TempDir tmp;
    auto r = run_landeff({"run", (kBad / "gbk_bytes_in_utf8_csv" / "landeff.toml").string(), "--out",
                          (tmp.path() / "o").string(), "--quiet", "--formats", "gpkg"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    auto ents = read_rows(tmp.path() / "o" / "landeff.gpkg", "enterprises");
    EXPECT_EQ(ents["E1"]["name"], "甲公司");
    EXPECT_EQ(ents["E2"]["name"], "乙公司");
}

TEST(Issue14Encoding, RepairedValuesAreTheDecodedTextOrReplacementCharacters) {
    TempDir tmp;
    auto r = run_landeff({"run", (kBad / "gbk_bytes_in_utf8_geojson" / "landeff.toml").string(), "--out",
                          (tmp.path() / "o").string(), "--quiet", "--formats", "gpkg"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    auto parks = read_rows(tmp.path() / "o" / "landeff.gpkg", "parks");
    EXPECT_EQ(parks["P1"]["name"], "测试园区");  // the GBK bytes D6 D0 … decoded
    auto parcels = read_rows(tmp.path() / "o" / "landeff.gpkg", "parcels");
    EXPECT_EQ(parcels["A2"]["ent_id"], "E2\xEF\xBF\xBD");  // "E2" + 0xFF → "E2" + U+FFFD
}

TEST(Issue14Encoding, CpgSayingGbkOverUtf8TextReadsUtf8) {
    TempDir tmp;
    auto r = run_landeff({"run", (kBad / "cpg_gbk_over_utf8" / "landeff.toml").string(), "--out",
                          (tmp.path() / "o").string(), "--quiet", "--formats", "gpkg"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    auto parks = read_rows(tmp.path() / "o" / "landeff.gpkg", "parks");
    EXPECT_EQ(parks["P9"]["name"], "温州经济技术开发区");
}

TEST(Issue14Crs, WebMercatorIsAcceptedForEllipsoidalAreas) {
    // The crs_web_mercator case refuses EPSG:3857 for planar areas (+28.7 % at 28°N). With
    // area_mode = "ellipsoidal" the areas are measured on the ellipsoid, so the same CRS is fine:
    // parcel A1 is the GK square 500100–500200 × 3100100–3100200 (10000 m² in the plane of CM 120°E). 150 m
    // from the CM the GK areal scale is 1 + x²/R² = 1 + 150²/6.38e6² ≈ 1 + 6e-10, so its ellipsoidal area is
    // 10000 m² (the survey series agrees to well under 1 m² per hectare, rules.md §1).
    TempDir tmp;
    for (const char* f : {"parks.geojson", "parcels.geojson"}) fs::copy_file(kBad / "crs_web_mercator" / f, tmp.path() / f);
    std::string toml = read_file(kBad / "crs_web_mercator" / "landeff.toml");
    toml.replace(toml.find("crs = "), 0, "area_mode = \"ellipsoidal\"\n");
    std::ofstream(tmp.path() / "landeff.toml") << toml;
    auto r = run_landeff({"run", (tmp.path() / "landeff.toml").string(), "--out", (tmp.path() / "o").string(), "--quiet",
                          "--formats", "gpkg"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    auto parcels = read_rows(tmp.path() / "o" / "landeff.gpkg", "parcels");
    EXPECT_NEAR(num(parcels["A1"], "area_m2"), 10000.0, 1.0);
}

// Findings of one code, as "layer fid" strings.
std::vector<std::string> findings_with(const fs::path& gpkg, const std::string& code) {
    GDALAllRegister();
    std::vector<std::string> out;
    GDALDatasetUniquePtr ds(GDALDataset::Open(gpkg.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY));
    if (!ds || !ds->GetLayerByName("findings")) return out;
    for (auto& f : *ds->GetLayerByName("findings"))
        if (std::string(f->GetFieldAsString("code")) == code)
            out.push_back(std::string(f->GetFieldAsString("layer")) + " " + std::to_string(f->GetFieldAsInteger64("fid")));
    std::sort(out.begin(), out.end());
    return out;
}

TEST(Issue14Ids, RoundedIdsAreNeverMerged) {
    // enterprises.xlsx: 913303001234567890 (甲, tax 100) and 913303001234567891 (乙, tax 200) both stored as
    // 9.13303001234568E+17; 330100123456789 (丙, tax 50) exact. Parcels A1, A2 (15 mu each) carry the
    // rounded code, A3 (100 m × 100 m = 10000 m² = 15 mu) the exact one.
    TempDir tmp;
    auto r = run_landeff({"run", (kBad / "ids_stored_as_numbers" / "landeff.toml").string(), "--out",
                          (tmp.path() / "o").string(), "--quiet", "--formats", "gpkg"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const fs::path gpkg = tmp.path() / "o" / "landeff.gpkg";
    auto parcels = read_rows(gpkg, "parcels");
    // Written without exponent: the 15 digits kept and three zeros.
    EXPECT_EQ(parcels["A1"]["ent_id"], "913303001234568000");
    EXPECT_EQ(parcels["A3"]["ent_id"], "330100123456789");
    // Not joined: A1 and A2 get no enterprise money (before: 甲's 100 spread over both, 乙 dropped as a duplicate).
    EXPECT_TRUE(std::isnan(num(parcels["A1"], "mu_tax"))) << parcels["A1"]["mu_tax"];
    EXPECT_TRUE(std::isnan(num(parcels["A2"], "mu_tax"))) << parcels["A2"]["mu_tax"];
    EXPECT_NEAR(num(parcels["A3"], "mu_tax"), 50.0 / 15.0, 1e-9);  // 50 万元 / 15 mu
    // P1 holds all three parcels (45 mu): only 丙's 50 counts → 50/45 = 1.1111 (before: (100+50)/45 = 3.333).
    auto parks = read_rows(gpkg, "parks");
    EXPECT_NEAR(num(parks["P1"], "mu_tax"), 50.0 / 45.0, 1e-9);
    // Each rounded row has its finding: enterprise rows fid 2 and 3 (XLSX rows after the header), parcels fid 0, 1.
    EXPECT_EQ(findings_with(gpkg, "id_rounded"),
              (std::vector<std::string>{"enterprises 2", "enterprises 3", "parcels 0", "parcels 1"}));
    // The two rows are not one enterprise: no duplicate_id finding, and no enterprise row under the rounded id.
    EXPECT_TRUE(findings_with(gpkg, "duplicate_id").empty());
    auto ents = read_rows(gpkg, "enterprises");
    EXPECT_EQ(ents.count("913303001234568000"), 0u);
    EXPECT_EQ(ents.count("9.13303001234568e+17"), 0u);
    EXPECT_EQ(ents.count("330100123456789"), 1u);
}

// Parcel k's GeoJSON geometry: 100 m × 100 m (10 000 m² = 15 mu) at x = 500100 + 150 k, inside P1.
std::string square(int k) {
    const int x = 500100 + 150 * k;
    return "{\"type\":\"Polygon\",\"coordinates\":[[[" + std::to_string(x) + ",3100100],[" + std::to_string(x + 100) +
           ",3100100],[" + std::to_string(x + 100) + ",3100200],[" + std::to_string(x) + ",3100200],[" + std::to_string(x) +
           ",3100100]]]}";
}

// Park P1 (2 km × 1 km from (500000, 3100000), EPSG:4549) in d / parks.geojson.
void write_one_park(const fs::path& d, const std::string& crs) {
    std::ofstream(d / "parks.geojson")
        << "{\"type\":\"FeatureCollection\"," + crs + ",\"features\":[{\"type\":\"Feature\",\"properties\":{\"park_id\":\"P1\","
           "\"name\":\"测试园区\",\"level\":\"省级\"},\"geometry\":{\"type\":\"Polygon\",\"coordinates\":"
           "[[[500000,3100000],[502000,3100000],[502000,3101000],[500000,3101000],[500000,3100000]]]}}]}";
}

// d / landeff.toml for 2024 reading parks.geojson, parcels.geojson and enterprises.csv beside it.
void write_city_toml(const fs::path& d) {
    std::ofstream(d / "landeff.toml") << "year = 2024\ncrs = \"EPSG:4549\"\n[inputs.parks]\npath = \"parks.geojson\"\n"
                                         "[inputs.parcels]\npath = \"parcels.geojson\"\n[inputs.enterprises]\npath = \"enterprises.csv\"\n";
}

// Duplicate ids (issue 20: checked by sorting hashed ids on every core, not one hash map): each
// later feature with an id names the first feature that has it, an empty id is missing_id, and an
// enterprise's second row of the year names its first row of the year (an earlier year's row is no
// duplicate).
TEST(Issue20Ids, DuplicatesNameTheFirstFeatureWithTheirId) {
    TempDir tmp;
    const fs::path d = tmp.path() / "in";
    fs::create_directories(d);
    // Parcels fid 0…6: A1 B1 A1 (none) A1 B1 C1.
    const std::vector<std::string> ids{"A1", "B1", "A1", "", "A1", "B1", "C1"};
    const std::string crs = kGeoJsonCrs4549;
    std::string parcels = "{\"type\":\"FeatureCollection\"," + crs + ",\"features\":[";
    for (size_t k = 0; k < ids.size(); ++k) {
        if (k) parcels += ",";
        parcels += "{\"type\":\"Feature\",\"properties\":{" + (ids[k].empty() ? std::string() : "\"parcel_id\":\"" + ids[k] + "\",") +
                   "\"ent_id\":\"E1\",\"supply_dt\":\"2015-01-01\"},\"geometry\":" + square(static_cast<int>(k)) + "}";
    }
    parcels += "]}";
    std::ofstream(d / "parcels.geojson") << parcels;
    write_one_park(d, crs);
    // Enterprise rows (CSV fid 1…): E1 2023, E1 2024, E2 2024, E1 2024 again.
    std::ofstream(d / "enterprises.csv") << "ent_id,year,name,scale,tax\nE1,2023,甲,规下,10\nE1,2024,甲,规下,20\nE2,2024,乙,规下,5\nE1,2024,甲,规下,30\n";
    write_city_toml(d);
    auto r = run_landeff({"run", (d / "landeff.toml").string(), "--out", (tmp.path() / "o").string(), "--quiet", "--formats", "gpkg"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const fs::path gpkg = tmp.path() / "o" / "landeff.gpkg";
    EXPECT_EQ(findings_with(gpkg, "duplicate_id"),
              (std::vector<std::string>{"enterprises 4", "parcels 2", "parcels 4", "parcels 5"}));
    EXPECT_EQ(findings_with(gpkg, "missing_id"), (std::vector<std::string>{"parcels 3"}));
    // Which feature each duplicate names: A1 → fid 0, B1 → fid 1, E1's second 2024 row → its first (fid 2).
    GDALDatasetUniquePtr ds(GDALDataset::Open(gpkg.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY));
    ASSERT_TRUE(ds && ds->GetLayerByName("findings"));
    std::map<std::string, std::string> said;
    for (auto& f : *ds->GetLayerByName("findings"))
        if (std::string(f->GetFieldAsString("code")) == "duplicate_id")
            said[std::string(f->GetFieldAsString("layer")) + " " + std::to_string(f->GetFieldAsInteger64("fid"))] = f->GetFieldAsString("message");
    EXPECT_NE(said["parcels 2"].find("fid=0"), std::string::npos) << said["parcels 2"];
    EXPECT_NE(said["parcels 4"].find("fid=0"), std::string::npos) << said["parcels 4"];
    EXPECT_NE(said["parcels 5"].find("fid=1"), std::string::npos) << said["parcels 5"];
    EXPECT_NE(said["enterprises 4"].find("fid=2"), std::string::npos) << said["enterprises 4"];
    // The enterprise's row is its first of 2024: tax 20 over its seven parcels of 100 m × 100 m
    // (10 000 m² = 15 mu each, 105 mu) = 0.190 476… (the 2023 row would give 10 / 105, the later
    // 2024 row 30 / 105).
    auto ents = read_rows(gpkg, "enterprises");
    EXPECT_NEAR(num(ents["E1"], "mu_tax"), 20.0 / 105.0, 1e-9) << ents["E1"]["mu_tax"];
}

// Enterprises are joined and listed in the order of their ids (issue 20: the sort skips the bytes all
// ids share and compares the next eight as one number, the rest only on a tie). Ids that share ten
// characters, one that is exactly those ten, ids that are prefixes of others, two that differ only
// after the eight bytes past the shared prefix, and one with Chinese text (UTF-8 bytes ≥ 0x80, after
// every digit). Each enterprise has one parcel of 100 m × 100 m (10 000 m² = 15 mu) and its own tax
// k (万元): its mu_tax is k / 15, so an id joined to another's row would show.
TEST(Issue20Ids, EnterprisesInIdOrderWhateverTheirPrefix) {
    TempDir tmp;
    const fs::path d = tmp.path() / "in";
    fs::create_directories(d);
    // The prefix all share is "9133010000" (10 bytes): an id of up to 18 bytes lies wholly in its
    // key's head (the next eight), a longer one is compared whole. 913301000010000000 (18 bytes)
    // and 9133010000100000000 (19) have the same head, and so do 913301000010000000X and …Y (19
    // bytes, differing in the first byte past the head); 91330100001 has a second parcel, after the
    // others, so its land is two squares.
    const std::vector<std::string> ids{"9133010000100000000B", "91330100009", "9133010000", "9133010000甲", "913301000010",
                                       "91330100001", "9133010000100000000A", "9133010000100000000", "913301000010000000",
                                       "913301000010000000Y", "913301000010000000X"};
    const std::string crs = kGeoJsonCrs4549;
    std::string parcels = "{\"type\":\"FeatureCollection\"," + crs + ",\"features\":[";
    std::string ents = "ent_id,year,name,scale,tax\n";
    const size_t twice = 5;  // 91330100001
    for (size_t k = 0; k <= ids.size(); ++k) {
        const std::string& id = k < ids.size() ? ids[k] : ids[twice];
        if (k) parcels += ",";
        parcels += "{\"type\":\"Feature\",\"properties\":{\"parcel_id\":\"L" + std::to_string(k) + "\",\"ent_id\":\"" + id +
                   "\",\"supply_dt\":\"2015-01-01\"},\"geometry\":" + square(static_cast<int>(k)) + "}";
        if (k < ids.size()) ents += ids[k] + ",2024,企业" + std::to_string(k) + ",规下," + std::to_string(k + 1) + "\n";
    }
    parcels += "]}";
    std::ofstream(d / "parcels.geojson") << parcels;
    write_one_park(d, crs);
    std::ofstream(d / "enterprises.csv") << ents;
    write_city_toml(d);
    auto r = run_landeff({"run", (d / "landeff.toml").string(), "--out", (tmp.path() / "o").string(), "--quiet", "--formats", "gpkg"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const fs::path gpkg = tmp.path() / "o" / "landeff.gpkg";
    GDALAllRegister();  // ctest runs this test alone in its process
    GDALDatasetUniquePtr ds(GDALDataset::Open(gpkg.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY));
    ASSERT_TRUE(ds && ds->GetLayerByName("enterprises"));
    std::vector<std::string> listed;
    for (auto& f : *ds->GetLayerByName("enterprises")) {
        listed.emplace_back(f->GetFieldAsString("ent_id"));
        const auto k = static_cast<size_t>(std::find(ids.begin(), ids.end(), listed.back()) - ids.begin());
        ASSERT_LT(k, ids.size()) << listed.back();
        // Tax k + 1 万元 over one square of 100 m × 100 m = 15 亩; 91330100001: 6 over two squares, 30 亩.
        EXPECT_NEAR(f->GetFieldAsDouble("mu_tax"), static_cast<double>(k + 1) / (k == twice ? 30.0 : 15.0), 1e-12) << listed.back();
    }
    // Byte order (std::string compares as unsigned bytes, as memcmp): the bare prefix first, each
    // prefix before the ids it begins, …A before …B, the Chinese id last.
    EXPECT_EQ(listed, (std::vector<std::string>{"9133010000", "91330100001", "913301000010", "913301000010000000",
                                                "9133010000100000000", "9133010000100000000A", "9133010000100000000B",
                                                "913301000010000000X", "913301000010000000Y", "91330100009", "9133010000甲"}));
    EXPECT_TRUE(findings_with(gpkg, "duplicate_id").empty());
}

}  // namespace
