// report.xlsx read back with GDAL and compared with the GeoPackage; formula injection.
#include <gtest/gtest.h>

#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include <cmath>
#include <fstream>
#include <map>
#include <set>

#include "cli_util.hpp"
#include "landeff/columns.hpp"

namespace fs = std::filesystem;
using namespace landeff::test;

namespace {

const fs::path kGolden = fs::path(LANDEFF_TEST_DATA) / "golden";

std::vector<std::vector<std::string>> rows_of(OGRLayer* l) {
    std::vector<std::vector<std::string>> out;
    for (auto& f : *l) {
        std::vector<std::string> r;
        for (int i = 0; i < f->GetFieldCount(); ++i) r.push_back(f->IsFieldSetAndNotNull(i) ? f->GetFieldAsString(i) : "");
        out.push_back(r);
    }
    return out;
}

bool same_value(const std::string& a, const std::string& b) {
    if (a == b) return true;
    char* ea = nullptr;
    char* eb = nullptr;
    const double x = std::strtod(a.c_str(), &ea), y = std::strtod(b.c_str(), &eb);
    if (a.empty() || b.empty() || *ea || *eb) return false;
    return std::fabs(x - y) <= 1e-9 * std::max(1.0, std::fabs(x));
}

TEST(ReportXlsx, EverySheetMatchesTheGeoPackage) {
    GDALAllRegister();
    TempDir tmp;
    for (const char* c : {"states/landeff.toml", "grades/landeff.toml"}) {
        const fs::path out = tmp.path() / fs::path(c).parent_path().filename();
        auto r = run_landeff({"run", (kGolden / c).string(), "--out", out.string(), "--quiet", "--formats", "gpkg,xlsx"});
        ASSERT_EQ(r.exit_code, 0) << r.err;
        GDALDatasetUniquePtr gpkg(GDALDataset::Open((out / "landeff.gpkg").c_str(), GDAL_OF_VECTOR));
        // The first row holds the (Chinese) headers even when every column is text; GDAL 3.6's XLSX
        // driver takes that from the OGR_XLSX_HEADERS config option (not an open option).
        CPLSetConfigOption("OGR_XLSX_HEADERS", "FORCE");
        GDALDatasetUniquePtr xlsx(GDALDataset::Open((out / "report.xlsx").c_str(), GDAL_OF_VECTOR));
        ASSERT_TRUE(gpkg && xlsx);
        const std::pair<const char*, const char*> sheets[] = {
            {"parks", "园区"}, {"parcels", "宗地"}, {"enterprises", "企业"}, {"unsupplied", "批而未供"}, {"findings", "数据质量问题"}};
        for (const auto& [layer, sheet] : sheets) {
            OGRLayer* a = gpkg->GetLayerByName(layer);
            OGRLayer* b = xlsx->GetLayerByName(sheet);
            ASSERT_TRUE(a && b) << layer;
            const auto ra = rows_of(a), rb = rows_of(b);
            if (ra.empty()) {
                // A header-only sheet: GDAL may read its one row as data; nothing more may be there.
                ASSERT_LE(rb.size(), 1u) << layer;
                continue;
            }
            ASSERT_EQ(ra.size(), rb.size()) << layer;
            ASSERT_EQ(a->GetLayerDefn()->GetFieldCount(), b->GetLayerDefn()->GetFieldCount()) << layer;
            for (size_t i = 0; i < ra.size(); ++i)
                for (size_t k = 0; k < ra[i].size(); ++k)
                    EXPECT_TRUE(same_value(ra[i][k], rb[i][k]))
                        << layer << " row " << i << " field " << a->GetLayerDefn()->GetFieldDefn(static_cast<int>(k))->GetNameRef()
                        << ": gpkg \"" << ra[i][k] << "\" xlsx \"" << rb[i][k] << "\"";
        }
        // The header is the Chinese alias.
        EXPECT_STREQ(xlsx->GetLayerByName("宗地")->GetLayerDefn()->GetFieldDefn(0)->GetNameRef(), "宗地代码");
    }
}

TEST(ReportXlsx, FormulaLikeTextIsNeutralised) {
    GDALAllRegister();
    TempDir tmp;
    for (const char* f : {"parks.geojson", "enterprises.csv", "landeff.toml"}) fs::copy_file(kGolden / "basic" / f, tmp.path() / f);
    std::string parcels = read_file(kGolden / "basic" / "parcels.geojson");
    parcels.replace(parcels.find("\"ZDDM\": \"C\""), 11, "\"ZDDM\": \"=1+2\"");
    std::ofstream(tmp.path() / "parcels.geojson") << parcels;
    auto r = run_landeff({"run", (tmp.path() / "landeff.toml").string(), "--out", (tmp.path() / "o").string(), "--quiet",
                          "--formats", "gpkg,xlsx"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    CPLSetConfigOption("OGR_XLSX_HEADERS", "FORCE");
    GDALDatasetUniquePtr xlsx(GDALDataset::Open((tmp.path() / "o" / "report.xlsx").c_str(), GDAL_OF_VECTOR));
    bool found = false;
    for (auto& f : *xlsx->GetLayerByName("宗地"))
        if (std::string(f->GetFieldAsString(0)) == "'=1+2") found = true;
    EXPECT_TRUE(found) << "=1+2 must be written as the text '=1+2";
}

}  // namespace

namespace {

// report.html in headless Chromium (Debian's chromium): the page loads offline, every table is
// there with its rows, and a screenshot can be taken.
TEST(ReportHtml, LoadsInHeadlessChromium) {
    TempDir tmp;
    auto r = run_landeff({"run", (kGolden / "states" / "landeff.toml").string(), "--out", (tmp.path() / "o").string(),
                          "--quiet", "--formats", "gpkg,html"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const fs::path html = tmp.path() / "o" / "report.html";
    ASSERT_TRUE(fs::exists(html));
    const std::string flags = " --headless --no-sandbox --disable-gpu --disable-quic --no-first-run "
                              "--disable-background-networking --disable-component-update --disable-sync --user-data-dir='" +
                              (tmp.path() / "profile").string() + "' ";
    const std::string dom = (tmp.path() / "dom.html").string(), png = (tmp.path() / "shot.png").string();
    ASSERT_EQ(std::system(("timeout 120 chromium" + flags + "--dump-dom 'file://" + html.string() + "' > '" + dom + "' 2>/dev/null").c_str()), 0)
        << "chromium is needed (scripts/install-deps installs it)";
    const std::string d = read_file(dom);
    for (const char* id : {"t-parks", "t-enterprises", "t-unsupplied", "t-idle", "t-inefficient", "t-findings", "counts"})
        EXPECT_NE(d.find(std::string("id=\"") + id + "\""), std::string::npos) << id;
    // The golden states case has 4 approvals with unsupplied land (AP1, AP4, AP5, AP6) and three
    // idle parcels' worth of rows in t-idle (IDL, IDL2); the run's config is embedded.
    const auto tbl = d.substr(d.find("id=\"t-unsupplied\""));
    EXPECT_NE(tbl.find("AP1"), std::string::npos);
    EXPECT_NE(tbl.find("AP6"), std::string::npos);
    EXPECT_NE(d.find("IDL2"), std::string::npos);
    // States read in Chinese (the palette's labels), the code in the cell's tooltip.
    const auto idle_tbl = d.substr(d.find("id=\"t-idle\""), d.find("id=\"t-inefficient\"") - d.find("id=\"t-idle\""));
    EXPECT_NE(idle_tbl.find("<td title=\"idle\">闲置土地</td>"), std::string::npos);
    EXPECT_EQ(idle_tbl.find("<td>idle</td>"), std::string::npos);
    EXPECT_NE(d.find("sha256"), std::string::npos);
    // Self-contained: nothing is fetched (no src/href to another file or host).
    const std::string raw = read_file(html);
    for (const char* ref : {"src=\"http", "href=\"http", "src=\"//", "<link ", "@import"})
        EXPECT_EQ(raw.find(ref), std::string::npos) << ref;
    ASSERT_EQ(std::system(("timeout 120 chromium" + flags + "--window-size=1200,900 --screenshot='" + png + "' 'file://" +
                           html.string() + "' >/dev/null 2>&1").c_str()), 0);
    EXPECT_GT(fs::file_size(png), 10000u);
}

}  // namespace

namespace {

TEST(QgisStyles, LayerStylesAreWellFormedAndDefault) {
    GDALAllRegister();
    TempDir tmp;
    auto r = run_landeff({"run", (kGolden / "platforms" / "landeff.toml").string(), "--out", (tmp.path() / "o").string(),
                          "--quiet", "--formats", "gpkg,shp"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    GDALDatasetUniquePtr ds(GDALDataset::Open((tmp.path() / "o" / "landeff.gpkg").c_str(), GDAL_OF_VECTOR));
    OGRLayer* l = ds->GetLayerByName("layer_styles");
    ASSERT_NE(l, nullptr);
    std::map<std::string, int> defaults;
    for (auto& f : *l) {
        const std::string table = f->GetFieldAsString("f_table_name");
        defaults[table] += f->GetFieldAsInteger("useAsDefault");
        CPLXMLNode* root = CPLParseXMLString(f->GetFieldAsString("styleQML"));
        ASSERT_NE(root, nullptr) << table << " QML is not well-formed XML";
        const CPLXMLNode* q = CPLSearchXMLNode(root, "=qgis");
        ASSERT_NE(q, nullptr);
        const CPLXMLNode* renderer = CPLGetXMLNode(q, "renderer-v2");
        ASSERT_NE(renderer, nullptr);
        if (table == "parks") {
            EXPECT_STREQ(CPLGetXMLValue(renderer, "attr", ""), "category");
            // consolidate, innovate, retain, exit, and one for empty values.
            int n = 0;
            for (const CPLXMLNode* c = CPLGetXMLNode(renderer, "categories")->psChild; c; c = c->psNext) n += c->eType == CXT_Element;
            EXPECT_EQ(n, 5);
        }
        CPLDestroyXMLNode(root);
    }
    // Exactly one default style per styled layer (parcels has a second, grade style).
    EXPECT_EQ(defaults["parks"], 1);
    EXPECT_EQ(defaults["parcels"], 1);
    EXPECT_TRUE(fs::exists(tmp.path() / "o" / "shp" / "parks.qml"));
}

}  // namespace

// Every declared column is in the GeoPackage, in the declared order, with its alias in
// gpkg_data_columns (QGIS reads aliases there). Before the schema was declared, parks.far and
// parks.far_a shared one alias and INSERT OR IGNORE kept only far_a's row: far had no alias.
TEST(OutputSchemaGpkg, EveryColumnWrittenWithItsAlias) {
    GDALAllRegister();
    TempDir tmp;
    const fs::path out = tmp.path() / "o";
    auto r = run_landeff({"run", (kGolden / "states" / "landeff.toml").string(), "--out", out.string(), "--quiet", "--formats", "gpkg"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    GDALDatasetUniquePtr gpkg(GDALDataset::Open((out / "landeff.gpkg").c_str(), GDAL_OF_VECTOR));
    ASSERT_TRUE(gpkg);
    for (const auto& L : landeff::output_schema()) {
        OGRLayer* l = gpkg->GetLayerByName(L.name);
        ASSERT_TRUE(l) << L.name;
        OGRFeatureDefn* d = l->GetLayerDefn();
        ASSERT_EQ(static_cast<size_t>(d->GetFieldCount()), L.fields.size()) << L.name;
        std::map<std::string, std::string> alias;
        OGRLayer* rs = gpkg->ExecuteSQL(("SELECT column_name, name FROM gpkg_data_columns WHERE table_name = '" + std::string(L.name) + "'").c_str(),
                                        nullptr, "SQLITE");
        ASSERT_TRUE(rs);
        for (auto& f : *rs) alias[f->GetFieldAsString(0)] = f->GetFieldAsString(1);
        gpkg->ReleaseResultSet(rs);
        for (size_t k = 0; k < L.fields.size(); ++k) {
            EXPECT_STREQ(d->GetFieldDefn(static_cast<int>(k))->GetNameRef(), L.fields[k].name.c_str()) << L.name << " field " << k;
            EXPECT_EQ(alias[L.fields[k].name], L.fields[k].alias) << L.name << "." << L.fields[k].name;
        }
    }
}

// Issue 16: on the demo's output, every coded column's label column holds the Chinese label of
// the code beside it (labels.cpp), in the GeoPackage and the GeoJSON alike; and every finding code
// the demo records has a label of its own (not the code read back).
TEST(LabelColumns, DemoLabelColumnsEqualTheLabelsOfTheirCodes) {
    GDALAllRegister();
    TempDir tmp;
    const fs::path out = tmp.path() / "o";
    const fs::path demo = fs::path(LANDEFF_TEST_DATA) / ".." / ".." / "data" / "demo" / "landeff.toml";
    auto r = run_landeff({"run", demo.string(), "--out", out.string(), "--quiet", "--formats", "gpkg,geojson"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    GDALDatasetUniquePtr gpkg(GDALDataset::Open((out / "landeff.gpkg").c_str(), GDAL_OF_VECTOR));
    ASSERT_TRUE(gpkg);
    size_t checked = 0;
    std::set<std::string> coded_seen;
    for (const auto& L : landeff::output_schema()) {
        std::vector<std::pair<int, const landeff::LabelTable*>> coded;
        OGRLayer* l = gpkg->GetLayerByName(L.name);
        ASSERT_TRUE(l) << L.name;
        for (size_t k = 0; k < L.fields.size(); ++k)
            if (L.fields[k].labels) coded.emplace_back(static_cast<int>(k), L.fields[k].labels);
        for (const std::string& file : {std::string("gpkg"), std::string("geojson")}) {
            GDALDatasetUniquePtr gj;
            OGRLayer* src = l;
            if (file == "geojson") {
                gj.reset(GDALDataset::Open((out / "geojson" / (std::string(L.name) + ".geojson")).c_str(), GDAL_OF_VECTOR));
                if (!gj) continue;  // an empty layer may have no GeoJSON file
                src = gj->GetLayer(0);
            }
            OGRFeatureDefn* d = src->GetLayerDefn();
            src->ResetReading();
            for (auto& f : *src) {
                for (const auto& [k, table] : coded) {
                    const int code_i = d->GetFieldIndex(L.fields[static_cast<size_t>(k)].name.c_str());
                    const int cn_i = d->GetFieldIndex(landeff::label_column_name(L.fields[static_cast<size_t>(k)].name).c_str());
                    ASSERT_GE(code_i, 0) << file << " " << L.name;
                    ASSERT_GE(cn_i, 0) << file << " " << L.name << " has no label column for " << L.fields[static_cast<size_t>(k)].name;
                    if (!f->IsFieldSetAndNotNull(code_i)) {
                        EXPECT_FALSE(f->IsFieldSetAndNotNull(cn_i) && *f->GetFieldAsString(cn_i)) << L.name;
                        continue;
                    }
                    const std::string code = f->GetFieldAsString(code_i);
                    if (code.empty()) continue;
                    const landeff::Label* lab = table->find(code);
                    ASSERT_TRUE(lab) << file << " " << L.name << "." << L.fields[static_cast<size_t>(k)].name << ": code " << code
                                     << " has no label";
                    EXPECT_EQ(std::string(f->GetFieldAsString(cn_i)), std::string(lab->zh)) << file << " " << L.name << " " << code;
                    coded_seen.insert(std::string(L.name) + "." + L.fields[static_cast<size_t>(k)].name);
                    ++checked;
                }
            }
        }
    }
    // The demo has values in every coded column (its parks have levels, roles and zone types,
    // its enterprises scales, its findings codes).
    for (const char* c : {"parcels.state", "parcels.grade", "parcels.money_src", "parks.level", "parks.category", "parks.role",
                          "parks.zone_type", "enterprises.scale", "enterprises.grade", "findings.code", "findings.severity"})
        EXPECT_TRUE(coded_seen.count(c)) << c << ": no value on the demo";
    EXPECT_GT(checked, 100u);
}
