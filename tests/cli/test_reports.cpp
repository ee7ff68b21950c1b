// report.xlsx read back with GDAL and compared with the GeoPackage; formula injection.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <cpl_conv.h>
#include <cpl_string.h>
#include <gdal_priv.h>
#include <minizip/unzip.h>
#include <ogrsf_frmts.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <map>
#include <set>
#include <string_view>

#include "cli_util.hpp"
#include "landeff/columns.hpp"

namespace fs = std::filesystem;
using namespace landeff::test;

namespace {

const fs::path kGolden = fs::path(LANDEFF_TEST_DATA) / "golden";

// A layer's rows as text; `skip` names a field left out (the xlsx's added 园区名称 column).
std::vector<std::vector<std::string>> rows_of(OGRLayer* l, const std::string& skip = "") {
    std::vector<std::vector<std::string>> out;
    for (auto& f : *l) {
        std::vector<std::string> r;
        for (int i = 0; i < f->GetFieldCount(); ++i)
            if (skip.empty() || skip != f->GetFieldDefnRef(i)->GetNameRef())
                r.push_back(f->IsFieldSetAndNotNull(i) ? f->GetFieldAsString(i) : "");
        out.push_back(r);
    }
    return out;
}

bool same_value(const std::string& a, const std::string& b) {
    if (a == b) return true;
    // A date cell (批准日期) reads back through GDAL as YYYY/MM/DD; the GeoPackage holds YYYY-MM-DD.
    if (a.size() == 10 && a[4] == '-' && a[7] == '-' && b == a.substr(0, 4) + "/" + a.substr(5, 2) + "/" + a.substr(8)) return true;
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
            // Every sheet but 园区 has the park's name beside its park_id (园区 has its own 园区名称 field).
            const std::string added = std::string(layer) != "parks" && a->GetLayerDefn()->GetFieldIndex("park_id") >= 0 ? "园区名称" : "";
            const auto ra = rows_of(a), rb = rows_of(b);
            if (ra.empty()) {
                // A header-only sheet: GDAL may read its one row as data; nothing more may be there.
                ASSERT_LE(rb.size(), 1u) << layer;
                continue;
            }
            ASSERT_EQ(ra.size(), rb.size()) << layer;
            ASSERT_EQ(a->GetLayerDefn()->GetFieldCount() + (added.empty() ? 0 : 1), b->GetLayerDefn()->GetFieldCount()) << layer;
            // Each field's column in the sheet, by its header (the alias): the 宗地 and 园区 sheets put
            // their key columns first (issue 16), the other sheets keep the layer's order.
            std::map<std::string, std::string> alias_of;
            for (const auto& L : landeff::output_schema())
                if (std::string_view(L.name) == layer)  // by text: two copies of "parks" need not share an address
                    for (const auto& f : L.fields) alias_of[f.name] = f.alias;
            std::vector<size_t> at;
            for (int k = 0; k < a->GetLayerDefn()->GetFieldCount(); ++k) {
                const std::string name = a->GetLayerDefn()->GetFieldDefn(k)->GetNameRef();
                const int j = b->GetLayerDefn()->GetFieldIndex(alias_of.count(name) ? alias_of[name].c_str() : name.c_str());
                ASSERT_GE(j, 0) << layer << ": no column headed " << alias_of[name] << " for " << name;
                at.push_back(static_cast<size_t>(j));
            }
            for (size_t i = 0; i < ra.size(); ++i)
                for (size_t k = 0; k < ra[i].size(); ++k)
                    EXPECT_TRUE(same_value(ra[i][k], rb[i][at[k]]))
                        << layer << " row " << i << " field " << a->GetLayerDefn()->GetFieldDefn(static_cast<int>(k))->GetNameRef()
                        << ": gpkg \"" << ra[i][k] << "\" xlsx \"" << rb[i][k] << "\"";
        }
        // The header is the Chinese alias.
        EXPECT_STREQ(xlsx->GetLayerByName("宗地")->GetLayerDefn()->GetFieldDefn(0)->GetNameRef(), "宗地代码");
    }
}

// report.xlsx is written beside the vector formats, the maps and report.html when the run has two
// cores (issue 20), in turn with --jobs 1: the same bytes either way, with the documents' confirm
// sheet too; run.json keeps its own seconds; and the other outputs are those of the run in turn.
TEST(ReportXlsx, WrittenBesideTheOtherOutputsItIsTheSameFile) {
    TempDir tmp;
    const fs::path cfg = kGolden / "states" / "landeff.toml";
    for (const char* jobs : {"1", "2"}) {
        auto r = run_landeff({"run", cfg.string(), "--out", (tmp.path() / jobs).string(), "--quiet", "--formats",
                              "gpkg,geojson,shp,xlsx,html,docs", "--jobs", jobs});
        ASSERT_EQ(r.exit_code, 0) << r.err;
        const auto rj = nlohmann::json::parse(read_file(tmp.path() / jobs / "run.json"));
        EXPECT_TRUE(rj["timings_s"].contains("xlsx")) << jobs;
        EXPECT_NE(std::find(rj["outputs"].begin(), rj["outputs"].end(), "report.xlsx"), rj["outputs"].end()) << jobs;
    }
    const std::string one = read_file(tmp.path() / "1" / "report.xlsx");
    EXPECT_GT(one.size(), 1000u);
    EXPECT_EQ(one, read_file(tmp.path() / "2" / "report.xlsx"));
    EXPECT_EQ(read_file(tmp.path() / "1" / "landeff.gpkg"), read_file(tmp.path() / "2" / "landeff.gpkg"));
    EXPECT_EQ(read_file(tmp.path() / "1" / "notice.xlsx"), read_file(tmp.path() / "2" / "notice.xlsx"));
}

// A zip's entries, name → uncompressed bytes, read to their end (minizip checks each CRC-32 there:
// a wrong one is a read error).
std::vector<std::pair<std::string, std::string>> zip_entries(const fs::path& file) {
    std::vector<std::pair<std::string, std::string>> out;
    unzFile uf = unzOpen64(file.c_str());
    if (!uf) return out;
    for (int rc = unzGoToFirstFile(uf); rc == UNZ_OK; rc = unzGoToNextFile(uf)) {
        char name[512];
        unz_file_info64 info{};
        unzGetCurrentFileInfo64(uf, &info, name, sizeof name, nullptr, 0, nullptr, 0);
        std::string data;
        int got = -1;
        if (unzOpenCurrentFile(uf) == UNZ_OK) {
            char buf[65536];
            while ((got = unzReadCurrentFile(uf, buf, sizeof buf)) > 0) data.append(buf, static_cast<size_t>(got));
            if (unzCloseCurrentFile(uf) != UNZ_OK) got = -1;
        }
        out.emplace_back(name, got == 0 && data.size() == info.uncompressed_size ? data : "(unreadable)");
    }
    unzClose(uf);
    return out;
}

// The layer sheets' rows are made on every core and spliced into the workbook libxlsxwriter wrote
// (issue 20): every part of report.xlsx, uncompressed, is what libxlsxwriter writes itself for the same
// cells (LANDEFF_XLSX_ROWS=LXW) — with text that needs escaping (& < >, control characters as
// _xHHHH_, leading and trailing blanks kept with xml:space, a name longer than a cell holds), dates,
// numbers of every size, formula-like text, park names beside park ids, several sheets, and the
// development-zone check's sheet (two header rows, its platform's row after the parks: golden
// devzone_platform).
TEST(ReportXlsx, RowsAreTheXmlLibxlsxwriterWrites) {
    TempDir tmp;
    const fs::path awk = tmp.path() / "awkward";
    fs::create_directories(awk);
    fs::copy_file(kGolden / "basic" / "landeff.toml", awk / "landeff.toml");
    std::string parcels = read_file(kGolden / "basic" / "parcels.geojson");
    parcels.replace(parcels.find("\"ZDDM\": \"A\""), 11, R"("ZDDM": " A&<b>\u0001\u001f_x0041_ ")");
    parcels.replace(parcels.find("\"ZDDM\": \"B\""), 11, R"("ZDDM": "B\t")");
    parcels.replace(parcels.find("\"ZDDM\": \"C\""), 11, R"("ZDDM": "=1+2")");
    parcels.replace(parcels.find("\"ZDMJ\": 12000"), 13, "\"ZDMJ\": 1.25e-07");
    std::ofstream(awk / "parcels.geojson") << parcels;
    std::string parks = read_file(kGolden / "basic" / "parks.geojson");
    parks.replace(parks.find("甲园区"), std::string("甲园区").size(), "甲&乙 园区\\n");
    std::ofstream(awk / "parks.geojson") << parks;
    std::string ents = read_file(kGolden / "basic" / "enterprises.csv");
    std::string long_name;
    for (int k = 0; k < 12000; ++k) long_name += "乙";
    ents.replace(ents.find("乙公司"), std::string("乙公司").size(), long_name);
    ents.replace(ents.find(",1500"), 5, ",123456789012345678");
    std::ofstream(awk / "enterprises.csv") << ents;

    size_t compared = 0;
    for (const fs::path& cfg : {awk / "landeff.toml", kGolden / "states" / "landeff.toml", kGolden / "docs" / "landeff.toml",
                                kGolden / "policy" / "landeff.toml", kGolden / "corrections" / "landeff.toml",
                                kGolden / "devzone_platform" / "landeff.toml"}) {
        const std::string tag = cfg.parent_path().filename().string();
        std::vector<std::vector<std::pair<std::string, std::string>>> entries;
        for (const char* rows : {"LXW", ""}) {
            const fs::path out = tmp.path() / (tag + (*rows ? "-lxw" : "-spliced"));
            if (*rows) setenv("LANDEFF_XLSX_ROWS", rows, 1);
            auto r = run_landeff({"run", cfg.string(), "--out", out.string(), "--quiet", "--formats", "gpkg,xlsx"});
            unsetenv("LANDEFF_XLSX_ROWS");
            ASSERT_EQ(r.exit_code, 0) << tag << ": " << r.err;
            entries.push_back(zip_entries(out / "report.xlsx"));
            EXPECT_FALSE(fs::exists(out / "report.xlsx.lxw")) << tag;
        }
        ASSERT_GT(entries[0].size(), 10u) << tag;
        ASSERT_EQ(entries[0].size(), entries[1].size()) << tag;
        for (size_t k = 0; k < entries[0].size(); ++k) {
            EXPECT_EQ(entries[0][k].first, entries[1][k].first) << tag;
            EXPECT_NE(entries[1][k].second, "(unreadable)") << tag << " " << entries[1][k].first;
            EXPECT_TRUE(entries[0][k].second == entries[1][k].second) << tag << ": " << entries[0][k].first << " differs";
            compared += entries[0][k].second.size();
        }
        if (tag == "policy" || tag == "corrections") {
            // The table sheets (差别化政策, 异议更正) are spliced too: a header and rows.
            const char* header = tag == "policy" ? "<t>政策措施</t>" : "<t>更正编号</t>";
            size_t rows = 0;
            for (const auto& [name, data] : entries[1])
                if (name.rfind("xl/worksheets/", 0) == 0 && data.find(header) != std::string::npos)
                    for (size_t at = 0; (at = data.find("<row ", at)) != std::string::npos; ++at) ++rows;
            EXPECT_GE(rows, 3u) << tag;
        }
        if (tag == "awkward") {
            // The awkward values are there, escaped as libxlsxwriter escapes them.
            std::string sheets;
            for (const auto& [name, data] : entries[1])
                if (name.rfind("xl/worksheets/", 0) == 0) sheets += data;
            // landeff trims the ids and names it reads, so no value keeps a leading or trailing blank here.
            // Parcel A's 产值: 123456789012345678 × 10000 / (10000 + 15000) m² of E1's parcels.
            for (const char* want : {"<t>A&amp;&lt;b&gt;_x0001__x001F__x0041_</t>", "<t>B</t>", "<t>甲&amp;乙 园区</t>",
                                     "<v>1.25E-07</v>", "<v>4.938271560493827E+16</v>", "…</t>", "s=\"8\" t=\"inlineStr\"><is><t>=1+2</t>"})
                EXPECT_NE(sheets.find(want), std::string::npos) << want;
        }
    }
    EXPECT_GT(compared, 100000u);
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
    // Written as it reads (no apostrophe added): the Text cell format keeps it text
    // (ReportXlsxPrint.ParkNamesFormatsAndFormulaLikeText checks the format).
    bool found = false;
    for (auto& f : *xlsx->GetLayerByName("宗地"))
        if (std::string(f->GetFieldAsString(0)) == "=1+2") found = true;
    EXPECT_TRUE(found) << "=1+2 must be written as the text =1+2";
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
    // The row count under each table is Chinese (issue 16), as the rest of the page: 4 approvals, all shown.
    EXPECT_NE(tbl.find("共 4 行。"), std::string::npos) << tbl.substr(0, tbl.find("</table>") + 200);
    EXPECT_EQ(d.find(" rows."), std::string::npos);
    EXPECT_NE(d.find("IDL2"), std::string::npos);
    // States read in Chinese (the palette's labels), the code in the cell's tooltip.
    const auto idle_tbl = d.substr(d.find("id=\"t-idle\""), d.find("id=\"t-inefficient\"") - d.find("id=\"t-idle\""));
    EXPECT_NE(idle_tbl.find("<td title=\"idle\">闲置土地</td>"), std::string::npos);
    EXPECT_EQ(idle_tbl.find("<td>idle</td>"), std::string::npos);
    EXPECT_NE(d.find("sha256"), std::string::npos);
    // Numbers for reading (issue 19): P's 批准 90 mu, 批而未供 30.3 mu and 供地率 (60000 − 20200) /
    // 60000 = 0.66333… as 66.33% (golden/states/expect.tsv); P's area 1000 m × 1000 m = 10⁶ m² =
    // 1500 mu, with a thousands separator, in the counts by category (exit: rule 5).
    const auto parks_tbl = d.substr(d.find("id=\"t-parks\""));
    EXPECT_NE(parks_tbl.find("<td class=\"n\">90.00</td><td class=\"n\">30.30</td><td class=\"n\">66.33%</td>"), std::string::npos);
    const auto counts_tbl = d.substr(d.find("id=\"counts\""));
    EXPECT_NE(counts_tbl.find("<td>逐步退出型</td><td class=\"n\">1</td><td class=\"n\">1,500.0</td>"), std::string::npos);
    // Self-contained: nothing is fetched (no src/href to another file or host).
    const std::string raw = read_file(html);
    for (const char* ref : {"src=\"http", "href=\"http", "src=\"//", "<link ", "@import"})
        EXPECT_EQ(raw.find(ref), std::string::npos) << ref;
    ASSERT_EQ(std::system(("timeout 120 chromium" + flags + "--window-size=1200,900 --screenshot='" + png + "' 'file://" +
                           html.string() + "' >/dev/null 2>&1").c_str()), 0);
    EXPECT_GT(fs::file_size(png), 10000u);
}

// report.html's data (the layers scanned, deflated) is made beside the vector formats when the run
// has two cores (issue 20) and in turn with --jobs 1: the same data either way, and its link to
// report.xlsx follows the formats asked for — not whether the workbook happened to be finished when
// the page was written (with --jobs 1 the workbook is written after the page).
nlohmann::json html_data_of(const fs::path& html) {
    const std::string page = read_file(html);
    const std::string open = "id=\"landeff-data\" data-encoding=\"deflate-base64\">\n";
    const size_t a = page.find(open);
    if (a == std::string::npos) return nullptr;
    const size_t b = page.find("</script>", a);
    std::string b64;
    for (char c : page.substr(a + open.size(), b - a - open.size()))
        if (c != '\n') b64.push_back(c);
    const int n = CPLBase64DecodeInPlace(reinterpret_cast<GByte*>(b64.data()));
    size_t out = 0;
    void* z = CPLZLibInflate(b64.data(), static_cast<size_t>(n), nullptr, 0, &out);
    if (!z) return nullptr;
    const std::string json(static_cast<const char*>(z), out);
    CPLFree(z);
    return nlohmann::json::parse(json);
}

TEST(ReportHtml, DataMadeBesideTheOutputsIsTheSameAndLinksTheWorkbookAsked) {
    TempDir tmp;
    const fs::path cfg = kGolden / "states" / "landeff.toml";
    std::vector<nlohmann::json> data;
    for (const char* jobs : {"1", "2"}) {
        auto r = run_landeff({"run", cfg.string(), "--out", (tmp.path() / jobs).string(), "--quiet", "--formats",
                              "gpkg,geojson,xlsx,html", "--jobs", jobs});
        ASSERT_EQ(r.exit_code, 0) << r.err;
        data.push_back(html_data_of(tmp.path() / jobs / "report.html"));
        ASSERT_TRUE(data.back().is_object()) << jobs;
        const auto rj = nlohmann::json::parse(read_file(tmp.path() / jobs / "run.json"));
        EXPECT_TRUE(rj["timings_s"].contains("html")) << jobs;
    }
    EXPECT_EQ(data[0], data[1]);
    ASSERT_EQ(data[0]["links"].size(), 1u);
    EXPECT_EQ(data[0]["links"][0]["href"], "report.xlsx");
    // The parcels are there (golden states: parcel IDL among them), the page's data not empty.
    EXPECT_NE(data[0]["parcels"].dump().find("IDL"), std::string::npos);
    auto r = run_landeff({"run", cfg.string(), "--out", (tmp.path() / "no-xlsx").string(), "--quiet", "--formats", "gpkg,html"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const auto without = html_data_of(tmp.path() / "no-xlsx" / "report.html");
    ASSERT_TRUE(without.is_object());
    EXPECT_TRUE(without["links"].empty());
    EXPECT_EQ(without["parcels"], data[0]["parcels"]);
}

// report.html's data is deflated by igzip in pieces as the layers are read (deflate.hpp, issue 20),
// compressed as igzip compresses such text: on a 20 000-parcel city 13.8 MB of JSON become 3.0 MB
// (22 %). With part of igzip's state left as the stack held it, the same text came out at 5.1 MB
// (37 %) in landeff, though not in a small test program.
TEST(ReportHtml, DataIsDeflatedAsIgzipDeflatesIt) {
    TempDir tmp;
    auto s = run_landeff({"synth", "--parcels", "20000", "--seed", "7", "--out", (tmp.path() / "city").string(), "--quiet"});
    ASSERT_EQ(s.exit_code, 0) << s.err;
    auto r = run_landeff({"run", (tmp.path() / "city" / "landeff.toml").string(), "--out", (tmp.path() / "o").string(),
                          "--quiet", "--formats", "html"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const std::string page = read_file(tmp.path() / "o" / "report.html");
    const auto data = html_data_of(tmp.path() / "o" / "report.html");
    ASSERT_TRUE(data.is_object());
    ASSERT_EQ(data["parcels"]["rows"].size(), 20000u);  // drawn on the map: every row
    const size_t json = data.dump().size();
    const std::string open = "id=\"landeff-data\" data-encoding=\"deflate-base64\">\n";
    const size_t a = page.find(open), b = page.find("</script>", a);
    const double deflated = static_cast<double>(b - a - open.size()) * 3 / 4 * 76 / 77;  // base64 in lines of 76
    EXPECT_GT(json, 10000000u);
    EXPECT_LT(deflated / static_cast<double>(json), 0.26) << deflated << " of " << json;
    // Base64 in lines of 76 characters, the last one shorter or as long, padding only at its end —
    // across the blocks of 57 × 16 384 bytes it is encoded in (html.cpp deflate_base64): several here.
    EXPECT_GT(deflated, 2.0 * 57 * 16384);
    std::string text = page.substr(a + open.size(), b - a - open.size());
    ASSERT_TRUE(text.size() > 2 && text.compare(text.size() - 2, 2, "\n\n") == 0);  // the data, then the page's line break
    text.pop_back();
    size_t lines = 0, start = 0;
    for (size_t nl = text.find('\n'); nl != std::string::npos; start = nl + 1, nl = text.find('\n', start)) {
        const std::string line = text.substr(start, nl - start);
        const bool last = nl + 1 == text.size();
        EXPECT_TRUE(last || line.size() == 76u) << "line " << lines << ": " << line.size();
        EXPECT_TRUE(!line.empty() && line.size() <= 76) << "line " << lines;
        const size_t pad = line.find('=');
        EXPECT_TRUE(pad == std::string::npos || (last && line.find_first_not_of('=', pad) == std::string::npos)) << "line " << lines;
        ++lines;
    }
    EXPECT_EQ(start, text.size());  // ends with a line break
    EXPECT_GT(lines, 2u * 16384);
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
        // Every style carries the layer's Chinese aliases, one per field (QGIS 3.22 shows these).
        const CPLXMLNode* al = CPLGetXMLNode(q, "aliases");
        ASSERT_NE(al, nullptr) << table;
        std::map<std::string, std::string> aliases;
        for (const CPLXMLNode* a = al->psChild; a; a = a->psNext)
            if (a->eType == CXT_Element) aliases[CPLGetXMLValue(a, "field", "")] = CPLGetXMLValue(a, "name", "");
        for (const auto& L : landeff::output_schema())
            if (L.name == table) {
                EXPECT_EQ(aliases.size(), L.fields.size()) << table;
                for (const auto& fd : L.fields) EXPECT_EQ(aliases[fd.name], fd.alias) << table << "." << fd.name;
            }
        // Tables (no geometry) have aliases only; layers a renderer.
        const CPLXMLNode* renderer = CPLGetXMLNode(q, "renderer-v2");
        if (table == "enterprises" || table == "region") {
            EXPECT_EQ(renderer, nullptr) << table;
            EXPECT_STREQ(f->GetFieldAsString("f_geometry_column"), "") << table;
            CPLDestroyXMLNode(root);
            continue;
        }
        ASSERT_NE(renderer, nullptr) << table;
        if (table == "parks") {
            EXPECT_STREQ(CPLGetXMLValue(renderer, "attr", ""), "category");
            // consolidate, innovate, retain, exit, and one for empty values.
            int n = 0;
            for (const CPLXMLNode* c = CPLGetXMLNode(renderer, "categories")->psChild; c; c = c->psNext) n += c->eType == CXT_Element;
            EXPECT_EQ(n, 5);
        }
        CPLDestroyXMLNode(root);
    }
    // Exactly one default style per layer and table (parks have a second, filled style; parcels a
    // grade and a per-mu tax style). Before issue 16 only parks, parcels and unsupplied had one.
    // The optional layers (the control lines) are absent here: no control-line input.
    size_t n_layers = 0;
    for (const auto& L : landeff::output_schema()) {
        EXPECT_EQ(defaults.count(L.name) ? defaults.at(L.name) : 0, L.optional ? 0 : 1) << L.name;
        n_layers += L.optional ? 0 : 1;
    }
    EXPECT_EQ(defaults.size(), n_layers);
    EXPECT_TRUE(fs::exists(tmp.path() / "o" / "shp" / "parks.qml"));
    EXPECT_TRUE(fs::exists(tmp.path() / "o" / "shp" / "region.qml"));  // beside region.dbf
}

// The per-mu tax style's classes are the quantiles (maps.breaks "quantile", maps.classes 5, the
// defaults) of parcels.mu_tax as written: since issue 20 they come from the layers in memory instead
// of reading landeff.gpkg back, so they are recomputed here from the file. Of n sorted values the
// k-th inner break (k = 1 … 4) is value[⌊k·n/5⌋] (at most the last), repeated breaks once; the
// rules are "< b1", "≥ b1 AND < b2", …, "≥ b4", and IS NULL for the parcels without a value.
TEST(QgisStyles, TaxClassesAreTheWrittenParcelsQuantiles) {
    GDALAllRegister();
    TempDir tmp;
    const fs::path demo = fs::path(LANDEFF_TEST_DATA) / ".." / ".." / "data" / "demo";
    auto r = run_landeff({"run", (demo / "landeff.toml").string(), "--out", (tmp.path() / "o").string(), "--quiet", "--formats", "gpkg"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    GDALDatasetUniquePtr ds(GDALDataset::Open((tmp.path() / "o" / "landeff.gpkg").c_str(), GDAL_OF_VECTOR));
    ASSERT_TRUE(ds);
    OGRLayer* parcels = ds->GetLayerByName("parcels");
    ASSERT_NE(parcels, nullptr);
    const int fi = parcels->GetLayerDefn()->GetFieldIndex("mu_tax");
    ASSERT_GE(fi, 0);
    std::vector<double> v;
    size_t nulls = 0;
    for (auto& f : *parcels) {
        if (f->IsFieldSetAndNotNull(fi)) v.push_back(f->GetFieldAsDouble(fi));
        else ++nulls;
    }
    ASSERT_GE(v.size(), 50u);
    EXPECT_GT(nulls, 0u) << "the demo should hold parcels without a per-mu tax (the 无税收数据 class)";
    std::sort(v.begin(), v.end());
    std::vector<double> b;
    for (size_t k = 1; k < 5; ++k) b.push_back(v[std::min(v.size() - 1, k * v.size() / 5)]);
    b.erase(std::unique(b.begin(), b.end()), b.end());
    ASSERT_EQ(b.size(), 4u);
    auto fixed6 = [](double x) {
        char buf[64];
        std::snprintf(buf, sizeof buf, "%.6f", x);
        return std::string(buf);
    };
    const std::string f = "\"mu_tax\"";
    const std::vector<std::string> want = {f + " < " + fixed6(b[0]),
                                           f + " >= " + fixed6(b[0]) + " AND " + f + " < " + fixed6(b[1]),
                                           f + " >= " + fixed6(b[1]) + " AND " + f + " < " + fixed6(b[2]),
                                           f + " >= " + fixed6(b[2]) + " AND " + f + " < " + fixed6(b[3]),
                                           f + " >= " + fixed6(b[3]),
                                           f + " IS NULL"};
    OGRLayer* styles = ds->GetLayerByName("layer_styles");
    ASSERT_NE(styles, nullptr);
    size_t seen = 0;
    for (auto& row : *styles) {
        if (std::string(row->GetFieldAsString("f_table_name")) != "parcels" || std::string(row->GetFieldAsString("styleName")) != "亩均税收")
            continue;
        ++seen;
        CPLXMLNode* root = CPLParseXMLString(row->GetFieldAsString("styleQML"));
        ASSERT_NE(root, nullptr);
        const CPLXMLNode* rules = CPLSearchXMLNode(root, "=rules");
        ASSERT_NE(rules, nullptr);
        std::vector<std::string> got;
        for (const CPLXMLNode* c = rules->psChild; c; c = c->psNext)
            if (c->eType == CXT_Element) got.push_back(CPLGetXMLValue(c, "filter", ""));
        CPLDestroyXMLNode(root);
        EXPECT_EQ(got, want);
    }
    EXPECT_EQ(seen, 1u);
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
        if (L.optional) {  // the control lines: states has none, so none is written (golden devzone has them)
            EXPECT_FALSE(l) << L.name;
            continue;
        }
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

// report.xlsx as a bureau prints it (issue 16, "Excel that prints and computes"), read from the
// workbook's XML (unzip -p): numbers as numbers, number formats by unit, page setup, print titles,
// park names beside park ids, dates as dates, formula-like text kept as it reads.
namespace {

std::string unzip(const fs::path& xlsx, const std::string& member) {
    const std::string cmd = "unzip -p '" + xlsx.string() + "' '" + member + "'";
    FILE* p = popen(cmd.c_str(), "r");
    if (!p) return {};
    std::string out;
    char buf[4096];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, p)) > 0) out.append(buf, n);
    pclose(p);
    return out;
}

std::string between(const std::string& s, const std::string& open, const std::string& close, size_t from = 0) {
    const size_t a = s.find(open, from);
    if (a == std::string::npos) return {};
    const size_t b = s.find(close, a + open.size());
    return b == std::string::npos ? std::string() : s.substr(a, b + close.size() - a);
}

// The <c …>…</c> element of a cell (e.g. "B8"), or "".
std::string cell(const std::string& sheet, const std::string& ref) {
    const size_t a = sheet.find("<c r=\"" + ref + "\"");
    if (a == std::string::npos) return {};
    const size_t self = sheet.find("/>", a), close = sheet.find("</c>", a);
    if (self < close && sheet.find('>', a) == self + 1) return sheet.substr(a, self + 2 - a);
    return sheet.substr(a, close + 4 - a);
}

// The number format code of a cell, from its style index and styles.xml.
std::string num_format(const std::string& styles, const std::string& c) {
    int s = 0;
    const size_t at = c.find(" s=\"");
    if (at != std::string::npos) s = std::stoi(c.substr(at + 4));
    const std::string xfs = between(styles, "<cellXfs", "</cellXfs>");
    size_t pos = 0;
    for (int k = 0; k <= s; ++k) pos = xfs.find("<xf ", pos + 1);
    if (pos == std::string::npos) return "?";
    const int id = std::stoi(xfs.substr(xfs.find("numFmtId=\"", pos) + 10));
    if (id == 0) return "General";
    if (id == 2) return "0.00";  // Excel's built-in formats
    if (id == 49) return "@";
    const std::string def = between(styles, "<numFmt numFmtId=\"" + std::to_string(id) + "\"", "/>");
    const size_t q = def.find("formatCode=\"");
    return q == std::string::npos ? "?" : def.substr(q + 12, def.rfind('"') - q - 12);
}

// The column letters of the header cell holding `alias` in row 1 of a layer sheet.
std::string column_of(const std::string& sheet, const std::string& alias) {
    const size_t t = sheet.find("<t>" + alias + "</t>");
    if (t == std::string::npos) return {};
    const size_t r = sheet.rfind("<c r=\"", t);
    std::string ref = sheet.substr(r + 6, sheet.find('"', r + 6) - r - 6);
    return ref.substr(0, ref.size() - 1);  // drop the row number 1
}

// The row number holding a cell whose text is `text` in column A.
std::string row_of(const std::string& sheet, const std::string& text) {
    const size_t t = sheet.find("<t>" + text + "</t>");
    if (t == std::string::npos) return {};
    const size_t r = sheet.rfind("<row r=\"", t);
    return sheet.substr(r + 8, sheet.find('"', r + 8) - r - 8);
}

// A basic-case run (two parks 甲园区 P1 and 乙园区 P2, parcels A B C D, see golden/basic/expect.tsv)
// with parcel C's id "=1+2" and enterprise E2's name "@SUM(1)".
fs::path basic_hostile_xlsx(const TempDir& tmp) {
    for (const char* f : {"parks.geojson", "landeff.toml"}) fs::copy_file(kGolden / "basic" / f, tmp.path() / f);
    std::string parcels = read_file(kGolden / "basic" / "parcels.geojson");
    parcels.replace(parcels.find("\"ZDDM\": \"C\""), 11, "\"ZDDM\": \"=1+2\"");
    std::ofstream(tmp.path() / "parcels.geojson") << parcels;
    std::string ents = read_file(kGolden / "basic" / "enterprises.csv");
    ents.replace(ents.find("E2,2024,乙公司"), std::string("E2,2024,乙公司").size(), "E2,2024,@SUM(1)");
    std::ofstream(tmp.path() / "enterprises.csv") << ents;
    auto r = run_landeff({"run", (tmp.path() / "landeff.toml").string(), "--out", (tmp.path() / "o").string(), "--quiet",
                          "--formats", "gpkg,xlsx"});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return tmp.path() / "o" / "report.xlsx";
}

TEST(ReportXlsxPrint, SummaryHoldsNumbersWithFormats) {
    TempDir tmp;
    const fs::path x = basic_hostile_xlsx(tmp);
    const std::string s1 = unzip(x, "xl/worksheets/sheet1.xml"), styles = unzip(x, "xl/styles.xml");
    ASSERT_NE(s1.find("<t>宗地数</t>"), std::string::npos);
    // A numeric cell has no t attribute (t="n" is the default) and its value in <v>.
    auto number_cell = [&](const std::string& label) {
        const std::string c = cell(s1, "B" + row_of(s1, label));
        EXPECT_EQ(c.find(" t=\""), std::string::npos) << label << ": " << c;
        return c;
    };
    // 4 parcels: A, B, C (now "=1+2"), D.
    std::string c = number_cell("宗地数");
    EXPECT_NE(c.find("<v>4</v>"), std::string::npos) << c;
    EXPECT_EQ(num_format(styles, c), "0");
    // Region land: 10000 + 15000 + 10000 + 10000 m² = 45000 m² / 666.667 = 67.5 mu; areas 1 decimal.
    c = number_cell("宗地面积(亩)");
    EXPECT_NE(c.find("<v>67.5</v>"), std::string::npos) << c;
    EXPECT_EQ(num_format(styles, c), "#,##0.0");
    // 亩均税收: tax 75 (E1) + 3 (C's own) + 10 (E2) = 88 万元 / 67.5 mu = 1.3037…; 2 decimals.
    c = number_cell("亩均税收(万元/亩)");
    EXPECT_NE(c.find("<v>1.30370370"), std::string::npos) << c;
    EXPECT_EQ(num_format(styles, c), "0.00");
    // The evaluation year 2024 as a number; the evaluation date 2024-12-31 (the year's last day by
    // default) as a date: Excel serial 45292 (2024-01-01) + 365 (2024 is a leap year) = 45657.
    c = number_cell("评价年度");
    EXPECT_NE(c.find("<v>2024</v>"), std::string::npos) << c;
    c = number_cell("评价基准日");
    EXPECT_NE(c.find("<v>45657</v>"), std::string::npos) << c;
    EXPECT_EQ(num_format(styles, c), "yyyy-mm-dd");
}

TEST(ReportXlsxPrint, EverySheetHasAPageSetupAndPrintTitles) {
    TempDir tmp;
    const fs::path x = basic_hostile_xlsx(tmp);
    const std::string wb = unzip(x, "xl/workbook.xml");
    // Sheets in order: 汇总, 园区, 宗地, 企业, 批而未供, 数据质量问题.
    const char* names[] = {"汇总", "园区", "宗地", "企业", "批而未供", "数据质量问题"};
    for (int k = 0; k < 6; ++k) {
        const std::string s = unzip(x, "xl/worksheets/sheet" + std::to_string(k + 1) + ".xml");
        const std::string ps = between(s, "<pageSetup ", "/>");
        ASSERT_FALSE(ps.empty()) << names[k];
        EXPECT_NE(ps.find("orientation=\"landscape\""), std::string::npos) << names[k];
        // Columns: 汇总 4; a layer sheet its declared fields, + 1 (园区名称) beside a park_id outside
        // 园区. Over 12 → A3 (8), else A4 (9). 批而未供: 10 fields + 园区名称 = 11 → A4;
        // 数据质量问题: 6 + the code_cn and severit_cn labels = 8 → A4; 园区, 宗地 and 企业 are wider → A3.
        size_t columns = 4;
        if (k > 0) {
            const auto schema = landeff::output_schema();
            const auto& L = schema[static_cast<size_t>(k - 1)];
            columns = L.fields.size();
            for (const auto& f : L.fields) columns += f.name == "park_id" && L.name != std::string("parks");
        }
        // 园区 and 宗地 print their 14 key columns only (the others are a hidden outline group, issue 16):
        // 14 > 12 → A3.
        if (k == 1 || k == 2) columns = 14;
        if (k == 4) {
            EXPECT_EQ(columns, 11u);
        } else if (k == 5) {
            EXPECT_EQ(columns, 8u);
        } else if (k >= 1) {
            EXPECT_GT(columns, 12u);
        }
        const bool a3 = columns > 12;
        EXPECT_NE(ps.find(a3 ? "paperSize=\"8\"" : "paperSize=\"9\""), std::string::npos) << names[k] << ": " << ps;
        // One page wide (fitToWidth defaults to 1 and is then omitted), any number of pages tall.
        EXPECT_NE(s.find("<pageSetUpPr fitToPage=\"1\"/>"), std::string::npos) << names[k];
        EXPECT_NE(ps.find("fitToHeight=\"0\""), std::string::npos) << names[k];
        EXPECT_TRUE(ps.find("fitToWidth") == std::string::npos || ps.find("fitToWidth=\"1\"") != std::string::npos) << ps;
        const std::string hf = between(s, "<headerFooter>", "</headerFooter>");
        EXPECT_NE(hf.find("2024 年度土地利用效率评价"), std::string::npos) << hf;
        EXPECT_NE(hf.find(std::string("&amp;C") + names[k] + "&amp;R"), std::string::npos) << hf;
        EXPECT_NE(hf.find("评价基准日 2024-12-31"), std::string::npos) << hf;
        EXPECT_NE(hf.find("<oddFooter>&amp;C第 &amp;P 页 共 &amp;N 页</oddFooter>"), std::string::npos) << hf;
        // The header row repeated on every printed page: row 1, or the summary's 指标/数值 row 3.
        const std::string title = "<definedName name=\"_xlnm.Print_Titles\" localSheetId=\"" + std::to_string(k) + "\">'" + names[k] +
                                  "'!" + (k == 0 ? "$3:$3" : "$1:$1") + "</definedName>";
        EXPECT_NE(wb.find(title), std::string::npos) << title;
    }
    EXPECT_EQ(column_of(unzip(x, "xl/worksheets/sheet5.xml"), "园区名称"), "C");  // appr_id, park_id, 园区名称
}

// Issue 16: the 园区 and 宗地 sheets put their 14 key columns first (A–N) and the others after them as
// one outline group, hidden and collapsed (the "+" on the column after the group); the other sheets
// have no group. Key columns: README "Choices".
TEST(ReportXlsxPrint, ParcelsAndParksPrintTheirKeyColumns) {
    TempDir tmp;
    const fs::path x = basic_hostile_xlsx(tmp);
    const std::string parks = unzip(x, "xl/worksheets/sheet2.xml"), parcels = unzip(x, "xl/worksheets/sheet3.xml");
    // 宗地: 宗地代码 A, 企业代码 B, 所在园区 C, 园区名称 D, 园区内面积比例 E, 测量面积(平方米) F, 测量面积(亩) G,
    // 土地状态名称 H, 企业评价等级名称 I, 亩均产值 J, 亩均税收 K, 投资强度 L, 容积率 M, 建筑系数 N.
    const std::pair<const char*, const char*> parcel_keys[] = {
        {"宗地代码", "A"}, {"企业代码", "B"}, {"所在园区", "C"}, {"园区名称", "D"}, {"园区内面积比例", "E"},
        {"测量面积(平方米)", "F"}, {"测量面积(亩)", "G"}, {"土地状态名称", "H"}, {"企业评价等级名称", "I"},
        {"亩均产值(万元/亩)", "J"}, {"亩均税收(万元/亩)", "K"}, {"投资强度(万元/亩)", "L"}, {"容积率", "M"}, {"建筑系数", "N"}};
    for (const auto& [alias, col] : parcel_keys) EXPECT_EQ(column_of(parcels, alias), col) << alias;
    const std::pair<const char*, const char*> park_keys[] = {
        {"园区代码", "A"}, {"园区名称", "B"}, {"级别名称", "C"}, {"平台分类名称", "D"}, {"整合角色名称", "E"},
        {"园区面积(亩)", "F"}, {"宗地面积(亩)", "G"}, {"亩均产值(万元/亩)", "H"}, {"亩均税收(万元/亩)", "I"},
        {"投资强度(万元/亩)", "J"}, {"宗地综合容积率", "K"}, {"供地率", "L"}, {"闲置土地(亩)", "M"}, {"集约利用评价分值", "N"}};
    for (const auto& [alias, col] : park_keys) EXPECT_EQ(column_of(parks, alias), col) << alias;
    // The detail columns come after N (O = the 15th column onwards), still in the sheet with their header.
    for (const char* alias : {"登记面积(平方米)", "空值原因", "土地状态"}) {
        const std::string col = column_of(parcels, alias);
        EXPECT_TRUE(col.size() > 1 || col > "N") << alias << " in column " << col;
    }
    for (const std::string* s : {&parks, &parcels}) {
        // Columns 15 onwards hidden at outline level 1; the group collapsed on the column after it.
        EXPECT_NE(s->find("outlineLevelCol=\"1\""), std::string::npos);
        EXPECT_NE(s->find("<col min=\"15\" max=\"15\""), std::string::npos);
        const std::string col15 = between(*s, "<col min=\"15\" max=\"15\"", "/>");
        EXPECT_NE(col15.find("hidden=\"1\""), std::string::npos) << col15;
        EXPECT_NE(col15.find("outlineLevel=\"1\""), std::string::npos) << col15;
        const std::string col14 = between(*s, "<col min=\"14\" max=\"14\"", "/>");
        EXPECT_EQ(col14.find("hidden"), std::string::npos) << col14;
        EXPECT_NE(s->find("collapsed=\"1\""), std::string::npos);
    }
    // The enterprises sheet has no group.
    EXPECT_EQ(unzip(x, "xl/worksheets/sheet4.xml").find("outlineLevel"), std::string::npos);
}

// The development-zone check's sheet (issue 18): one row per zone under merged group headers, the
// figures of golden/devzone (hand arithmetic in its expect.tsv); no such sheet without its inputs.
TEST(ReportXlsxPrint, DevzoneSheetOneRowPerZoneUnderGroupedHeaders) {
    TempDir tmp;
    auto r = run_landeff({"run", (kGolden / "devzone" / "landeff.toml").string(), "--out", (tmp.path() / "o").string(), "--quiet",
                          "--formats", "gpkg,xlsx"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const fs::path x = tmp.path() / "o" / "report.xlsx";
    const std::string wb = unzip(x, "xl/workbook.xml");
    // The check's sheet comes after the layers' sheets; libxlsxwriter numbers sheetN.xml by sheetId.
    const std::string tag = "<sheet name=\"开发区整合核查(devzone)\" sheetId=\"";
    const size_t at = wb.find(tag);
    ASSERT_NE(at, std::string::npos) << wb;
    const std::string id = wb.substr(at + tag.size(), wb.find('"', at + tag.size()) - at - tag.size());
    EXPECT_EQ(wb.find("<sheet ", at + 1), std::string::npos) << "the devzone sheet is the last: " << wb;
    const std::string s = unzip(x, "xl/worksheets/sheet" + id + ".xml");
    // Row 1: the groups, each merged over its columns (开发区: park_id, name, level_cn, area_mu = A:D).
    EXPECT_NE(s.find("<mergeCell ref=\"A1:D1\"/>"), std::string::npos) << s;
    EXPECT_NE(s.find("<t>城镇开发边界</t>"), std::string::npos);
    EXPECT_NE(s.find("<t>可供地年限</t>"), std::string::npos);
    // Row 2: the columns' aliases; rows 3 and 4: Z1 and Z2 (parks by id).
    EXPECT_EQ(cell(s, "A3").find("<t>Z1</t>") != std::string::npos, true) << cell(s, "A3");
    EXPECT_EQ(cell(s, "A4").find("<t>Z2</t>") != std::string::npos, true) << cell(s, "A4");
    const std::string yrs = column_of(s, "可供地年限(年)"), farm = column_of(s, "占永久基本农田面积(亩)");
    ASSERT_FALSE(yrs.empty());
    ASSERT_FALSE(farm.empty());
    // Z1: (800 000 − 40 000 − 140 000) ÷ 6 000 = 103.33… years; Z2: 980 000 ÷ 2 000 = 490.
    EXPECT_NE(cell(s, yrs + "3").find("<v>103.333333"), std::string::npos) << cell(s, yrs + "3");
    EXPECT_NE(cell(s, yrs + "4").find("<v>490</v>"), std::string::npos) << cell(s, yrs + "4");
    // Z1 on farmland: F1 ∩ Z1 20 000 + F2 30 000 − overlap 10 000 = 40 000 m² = 60 亩.
    EXPECT_NE(cell(s, farm + "3").find("<v>60</v>"), std::string::npos) << cell(s, farm + "3");
    // Both header rows print on every page.
    EXPECT_NE(wb.find("'开发区整合核查(devzone)'!$1:$2"), std::string::npos) << wb;

    // The basic case has no control-line, 三调 or plan layer: no devzone sheet.
    TempDir tmp2;
    const fs::path b = basic_hostile_xlsx(tmp2);
    EXPECT_EQ(unzip(b, "xl/workbook.xml").find("devzone"), std::string::npos);
}

// The summary sheet ends with the parks table: P1, P2 by park_id, then the region total (全区合计)
// as its own, last row (issue 16), its figures numbers with the parks layer's formats.
TEST(ReportXlsxPrint, SummaryEndsWithTheRegionRow) {
    TempDir tmp;
    const fs::path x = basic_hostile_xlsx(tmp);
    const std::string s1 = unzip(x, "xl/worksheets/sheet1.xml"), styles = unzip(x, "xl/styles.xml");
    const std::string parks_head = row_of(s1, "园区代码"), p1 = row_of(s1, "甲园区"), p2 = row_of(s1, "乙园区"),
                      all = row_of(s1, "全区合计");
    ASSERT_FALSE(all.empty()) << "no 全区合计 row in the summary sheet";
    ASSERT_FALSE(parks_head.empty());
    EXPECT_EQ(std::stoi(p1), std::stoi(parks_head) + 1);
    EXPECT_EQ(std::stoi(p2), std::stoi(p1) + 1);
    EXPECT_EQ(std::stoi(all), std::stoi(p2) + 1);
    // Nothing follows the region row.
    EXPECT_EQ(s1.find("<row r=\"" + std::to_string(std::stoi(all) + 1) + "\""), std::string::npos);
    EXPECT_NE(cell(s1, "A" + all).find("<t>*</t>"), std::string::npos) << cell(s1, "A" + all);
    auto v = [&](const char* col, const std::string& r) { return cell(s1, col + r); };
    // Region: land 10000 + 15000 + 10000 + 10000 m² = 45000 m² / 666.667 = 67.5 亩 (C outside the parks
    // counts); output 1500 (E1: A + B) + 200 (E2: D), C has no output figure = 1700 万元; tax 75 + 3 (C's
    // own) + 10 = 88; 亩均产值 1700 / 67.5 = 25.185185…; 亩均税收 88 / 67.5 = 1.3037037…; no approvals:
    // 供地率 empty.
    EXPECT_NE(v("C", all).find("<v>67.5</v>"), std::string::npos) << v("C", all);
    EXPECT_EQ(num_format(styles, v("C", all)), "#,##0.0");
    EXPECT_NE(v("D", all).find("<v>1700</v>"), std::string::npos) << v("D", all);
    EXPECT_EQ(num_format(styles, v("D", all)), "#,##0.00");
    EXPECT_NE(v("E", all).find("<v>88</v>"), std::string::npos) << v("E", all);
    EXPECT_NE(v("F", all).find("<v>25.185185"), std::string::npos) << v("F", all);
    EXPECT_NE(v("G", all).find("<v>1.3037037"), std::string::npos) << v("G", all);
    EXPECT_EQ(num_format(styles, v("G", all)), "0.00");
    EXPECT_EQ(v("H", all), "");
    // P1: A 10000 + B's 10000 m² = 30 亩; tax 30 + 45 · 10000/15000 = 60, 60 / 30 = 2; output
    // 600 + 900 · 10000/15000 = 1200, 1200 / 30 = 40. P2: 15 亩, tax 15 + 5 = 20, 20 / 15 = 1.333…
    EXPECT_NE(v("C", p1).find("<v>30</v>"), std::string::npos) << v("C", p1);
    EXPECT_NE(v("E", p1).find("<v>60</v>"), std::string::npos) << v("E", p1);
    EXPECT_NE(v("F", p1).find("<v>40</v>"), std::string::npos) << v("F", p1);
    EXPECT_NE(v("G", p1).find("<v>2</v>"), std::string::npos) << v("G", p1);
    EXPECT_NE(v("C", p2).find("<v>15</v>"), std::string::npos) << v("C", p2);
    EXPECT_NE(v("G", p2).find("<v>1.333333"), std::string::npos) << v("G", p2);
}

// A platform of several parks (issue 18): its row below the parks in the devzone sheet, measured on
// the union of its parks (golden/devzone_platform, hand arithmetic in its expect.tsv).
TEST(ReportXlsxPrint, DevzoneSheetPlatformRowBelowItsParks) {
    TempDir tmp;
    auto r = run_landeff({"run", (kGolden / "devzone_platform" / "landeff.toml").string(), "--out", (tmp.path() / "o").string(),
                          "--quiet", "--formats", "gpkg,xlsx"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const fs::path x = tmp.path() / "o" / "report.xlsx";
    const std::string wb = unzip(x, "xl/workbook.xml");
    const std::string tag = "<sheet name=\"开发区整合核查(devzone)\" sheetId=\"";
    const size_t at = wb.find(tag);
    ASSERT_NE(at, std::string::npos) << wb;
    const std::string id = wb.substr(at + tag.size(), wb.find('"', at + tag.size()) - at - tag.size());
    const std::string s = unzip(x, "xl/worksheets/sheet" + id + ".xml");
    // Rows 3 and 4: Z1 and Z2; row 5: platform PF, named with its parks.
    EXPECT_NE(cell(s, "A3").find("<t>Z1</t>"), std::string::npos) << cell(s, "A3");
    EXPECT_NE(cell(s, "A4").find("<t>Z2</t>"), std::string::npos) << cell(s, "A4");
    EXPECT_NE(cell(s, "A5").find("<t>PF</t>"), std::string::npos) << cell(s, "A5");
    EXPECT_NE(cell(s, "B5").find("<t>平台合计(Z1、Z2)</t>"), std::string::npos) << cell(s, "B5");
    EXPECT_EQ(cell(s, "A6"), "") << "one row per platform";
    const std::string yrs = column_of(s, "可供地年限(年)"), land = column_of(s, "宗地面积(亩)"), area = column_of(s, "园区面积(亩)");
    ASSERT_FALSE(yrs.empty());
    ASSERT_FALSE(land.empty());
    ASSERT_FALSE(area.empty());
    // Union 1 000 000 + 500 000 − overlap 100 000 = 1 400 000 m² = 2100 亩; land A1 (in both parks,
    // once) + B1 + C1 = 30 000 m² = 45 亩; (1 400 000 − 30 000 − 0) ÷ (20 000 ÷ 5) = 342.5 years.
    EXPECT_NE(cell(s, area + "5").find("<v>2100</v>"), std::string::npos) << cell(s, area + "5");
    EXPECT_NE(cell(s, land + "5").find("<v>45</v>"), std::string::npos) << cell(s, land + "5");
    EXPECT_NE(cell(s, yrs + "5").find("<v>342.5</v>"), std::string::npos) << cell(s, yrs + "5");
}

TEST(ReportXlsxPrint, ParkNamesFormatsAndFormulaLikeText) {
    TempDir tmp;
    const fs::path x = basic_hostile_xlsx(tmp);
    const std::string s = unzip(x, "xl/worksheets/sheet3.xml"), styles = unzip(x, "xl/styles.xml");  // 宗地
    // 园区名称 right after 所在园区 (park_id).
    const std::string pid = column_of(s, "所在园区"), pname = column_of(s, "园区名称");
    ASSERT_EQ(pid.size(), 1u);
    EXPECT_EQ(pname, std::string(1, static_cast<char>(pid[0] + 1)));
    // Rows ordered by parcel_id: "=1+2" sorts before "A" ('=' is 0x3D < 'A' 0x41): =1+2, A, B, D
    // in rows 2…5. A and B lie in P1 (甲园区), D in P2 (乙园区), =1+2 outside every park (empty).
    EXPECT_NE(cell(s, pname + "3").find("<t>甲园区</t>"), std::string::npos) << cell(s, pname + "3");
    EXPECT_NE(cell(s, pname + "4").find("<t>甲园区</t>"), std::string::npos);
    EXPECT_NE(cell(s, pname + "5").find("<t>乙园区</t>"), std::string::npos);
    EXPECT_EQ(cell(s, pname + "2"), "");
    // The formula-like id reads "=1+2" (no apostrophe added), as text with the Text format (@).
    const std::string c = cell(s, "A2");
    EXPECT_NE(c.find("t=\"inlineStr\""), std::string::npos) << c;
    EXPECT_NE(c.find("<t>=1+2</t>"), std::string::npos) << c;
    EXPECT_EQ(num_format(styles, c), "@");
    EXPECT_EQ(s.find("'=1+2"), std::string::npos);
    // Parcel A (row 3): 亩均税收 30 / 15 mu = 2 with 2 decimals; area 15 mu with 1; share 1 as %.
    const std::string mt = cell(s, column_of(s, "亩均税收(万元/亩)") + "3");
    EXPECT_NE(mt.find("<v>2</v>"), std::string::npos) << mt;
    EXPECT_EQ(num_format(styles, mt), "0.00");
    const std::string mu = cell(s, column_of(s, "测量面积(亩)") + "3");
    EXPECT_NE(mu.find("<v>15</v>"), std::string::npos) << mu;
    EXPECT_EQ(num_format(styles, mu), "#,##0.0");
    EXPECT_EQ(num_format(styles, cell(s, column_of(s, "园区内面积比例") + "3")), "0.00%");
    // Enterprise E2's name "@SUM(1)": text as it reads, Text format.
    const std::string e = unzip(x, "xl/worksheets/sheet4.xml");
    const size_t at = e.find("<t>@SUM(1)</t>");
    ASSERT_NE(at, std::string::npos);
    EXPECT_EQ(num_format(styles, e.substr(e.rfind("<c r=", at), at - e.rfind("<c r=", at))), "@");
}

// Dates as dates: approval AP1's appr_dt 2018-03-01 in the golden states case.
TEST(ReportXlsxPrint, DatesAsDates) {
    TempDir tmp;
    auto r = run_landeff({"run", (kGolden / "states" / "landeff.toml").string(), "--out", (tmp.path() / "o").string(), "--quiet",
                          "--formats", "gpkg,xlsx"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const fs::path x = tmp.path() / "o" / "report.xlsx";
    const std::string s = unzip(x, "xl/worksheets/sheet5.xml");  // 批而未供, AP1 first (row 2)
    ASSERT_NE(cell(s, "A2").find("<t>AP1</t>"), std::string::npos);
    // Excel serial of 2018-01-01 is 43101; + 31 (January) + 28 (February) = 43160 for 2018-03-01.
    const std::string c = cell(s, column_of(s, "批准日期") + "2");
    EXPECT_EQ(c.find(" t=\""), std::string::npos) << c;
    EXPECT_NE(c.find("<v>43160</v>"), std::string::npos) << c;
    EXPECT_EQ(num_format(unzip(x, "xl/styles.xml"), c), "yyyy-mm-dd");
}

// LibreOffice is not installed on this machine (too large for the session): converting the
// workbook to PDF headless and counting its pages with pdfinfo is left for later.

}  // namespace
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
        ASSERT_TRUE(l) << L.name;  // the demo gives all three control lines, so ctl_* are here too
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
