// The evaluation's documents (issue 17): confirm.pdf (一企一单, one page per enterprise), notice.pdf
// and notice.xlsx (公示), report.xlsx's confirm sheet. Read back with poppler's pdfinfo/pdftotext,
// the workbooks' XML (unzip -p) and GDAL's XLSX driver. The figures are golden/lists' hand-computed
// ones (tests/data/golden/docs/expect.tsv and lists/expect.tsv carry the arithmetic).
#include <gtest/gtest.h>

#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include <cstdio>
#include <memory>

#include <nlohmann/json.hpp>

#include "cli_util.hpp"

namespace fs = std::filesystem;
using namespace landeff::test;

namespace {

const fs::path kGolden = fs::path(LANDEFF_TEST_DATA) / "golden";

std::string shell(const std::string& cmd) {
    std::string out;
    std::unique_ptr<FILE, int (*)(FILE*)> p(popen(cmd.c_str(), "r"), pclose);
    if (!p) return out;
    char buf[4096];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, p.get())) > 0) out.append(buf, n);
    return out;
}

// The text of page k (1-based) of a PDF, as pdftotext reads it in reading order.
std::string page_text(const fs::path& pdf, int k) {
    return shell("pdftotext -layout -f " + std::to_string(k) + " -l " + std::to_string(k) + " '" + pdf.string() + "' -");
}
std::string pdf_text(const fs::path& pdf) { return shell("pdftotext -layout '" + pdf.string() + "' -"); }
int pdf_pages(const fs::path& pdf) {
    const std::string info = shell("pdfinfo '" + pdf.string() + "'");
    const auto at = info.find("Pages:");
    return at == std::string::npos ? -1 : std::atoi(info.c_str() + at + 6);
}
std::string unzip(const fs::path& xlsx, const std::string& member) { return shell("unzip -p '" + xlsx.string() + "' '" + member + "'"); }

// The line of `text` holding `key` (the row of a table), or "".
std::string line_with(const std::string& text, const std::string& key) {
    const auto at = text.find(key);
    if (at == std::string::npos) return "";
    const auto b = text.rfind('\n', at), e = text.find('\n', at);
    return text.substr(b == std::string::npos ? 0 : b + 1, e == std::string::npos ? std::string::npos : e - (b == std::string::npos ? 0 : b + 1));
}

// Each name's first position in `text`; the names must appear in the order given.
void expect_in_order(const std::string& text, const std::vector<std::string>& names, const std::string& what) {
    size_t prev = 0;
    for (const auto& n : names) {
        const auto at = text.find(n, prev);
        ASSERT_NE(at, std::string::npos) << what << ": " << n << " missing or out of order";
        prev = at + n.size();
    }
}

// golden/docs run once with the documents and report.xlsx for the whole suite.
class Documents : public ::testing::Test {
protected:
    static void SetUpTestSuite() {
        s_tmp = new TempDir;
        s_out = s_tmp->path() / "docs";
        s_run = run_landeff({"run", (kGolden / "docs" / "landeff.toml").string(), "--out", s_out.string(), "--quiet", "--formats", "docs,xlsx"});
    }
    static void TearDownTestSuite() {
        delete s_tmp;
        s_tmp = nullptr;
    }
    void SetUp() override { ASSERT_EQ(s_run.exit_code, 0) << s_run.err; }
    static TempDir* s_tmp;
    static fs::path s_out;
    static CliResult s_run;
};
TempDir* Documents::s_tmp = nullptr;
fs::path Documents::s_out;
CliResult Documents::s_run;

// The enterprises of the analysis in ent_id order, one page each: A1 A2 G1 G2 S1 S2 T1 T2 X1 X2
// (T1 only by lease, T2 only by its enterprises row, X1 exempt and X2 forced D included) = 10.
TEST_F(Documents, ConfirmPdfHasOnePagePerEnterprise) {
    EXPECT_TRUE(s_run.err.empty()) << s_run.err;
    EXPECT_EQ(pdf_pages(s_out / "confirm.pdf"), 10);
}

// Page 1 = A1 (规上): LA1 15 mu supplied 2024-12-30 (the day before T), 3 mu of it leased to T1
// (10000 × 2000 / 10000 m² = 2000 m²), so 12 mu used; 亩均税收 120 / 12 = 10.00 against b_tax 10,
// weight 30 → 30 × 10 / 10 = 30.00 points; the other five items have no figures: 0. Score 30.00,
// second of the two above-scale (A2 60) → 第 2 名 / 共 2 家, bands 50|50|0|0 → B.
TEST_F(Documents, ConfirmPageOfAnOwnerShowsItsLandFiguresRankAndGrade) {
    const std::string p = page_text(s_out / "confirm.pdf", 1);
    EXPECT_NE(p.find("2024年度工业企业亩均效益综合评价数据确认单(测试县)"), std::string::npos) << p;
    EXPECT_NE(p.find("规上一"), std::string::npos) << p;
    EXPECT_EQ(p.find("规上二"), std::string::npos) << "A2's name on A1's page\n" << p;
    EXPECT_NE(p.find("A1"), std::string::npos);
    EXPECT_NE(p.find("规上企业"), std::string::npos) << p;
    EXPECT_NE(p.find("LA1"), std::string::npos);
    EXPECT_NE(p.find("2024-12-30"), std::string::npos) << p;
    EXPECT_NE(p.find("评价用地面积：12.00 亩（自有宗地 15.00 亩 − 租出 3.00 亩 + 租入 0.00 亩）"), std::string::npos) << p;
    const std::string tax = line_with(p, "亩均税收");
    EXPECT_NE(tax.find("10.00"), std::string::npos) << tax;  // value 120 / 12, benchmark 10
    EXPECT_NE(tax.find("30.00"), std::string::npos) << tax;  // points 30 × 10 / 10
    EXPECT_NE(p.find("综合得分：30.00 分"), std::string::npos) << p;
    EXPECT_NE(p.find("第 2 名 / 共 2 家"), std::string::npos) << p;
    EXPECT_NE(p.find("评价等级：B 提升发展"), std::string::npos) << p;
    EXPECT_NE(p.find("企业确认签字（盖章）"), std::string::npos) << p;
    EXPECT_NE(p.find("日期"), std::string::npos);
    EXPECT_NE(p.find("enterprises.csv"), std::string::npos) << p;
    EXPECT_NE(p.find("评价基准日 2024-12-31"), std::string::npos) << p;
}

// Page 2 = A2: LA2 supplied on T (2024-12-31) counted, LA3 supplied the day after (2025-01-01) listed
// but not counted: land 15.00 mu, not 30; 亩均税收 300 / 15 = 20.00, points min(30 × 20 / 10, 2 × 30) = 60.00.
TEST_F(Documents, ConfirmPageListsAParcelSuppliedAfterTWithoutCountingIt) {
    const std::string p = page_text(s_out / "confirm.pdf", 2);
    EXPECT_NE(p.find("规上二"), std::string::npos) << p;
    EXPECT_NE(p.find("2024-12-31"), std::string::npos) << p;
    EXPECT_NE(line_with(p, "LA3").find("基准日后供地，不计入"), std::string::npos) << p;
    EXPECT_NE(p.find("2025-01-01"), std::string::npos) << p;
    EXPECT_NE(p.find("评价用地面积：15.00 亩"), std::string::npos) << p;
    const std::string tax = line_with(p, "亩均税收");
    EXPECT_NE(tax.find("20.00"), std::string::npos) << tax;
    EXPECT_NE(tax.find("60.00"), std::string::npos) << tax;
    EXPECT_NE(p.find("第 1 名 / 共 2 家"), std::string::npos) << p;
    EXPECT_NE(p.find("评价等级：A 优先发展"), std::string::npos) << p;
}

// Page 5 = S1 (规下, 2.99925 mu < 3: the small list): 亩均税收 15 / 2.99925 = 5.00125 → 5.00;
// score 50 × 5.00125 / 5 + 50 × (15 / 30) / 0.5 = 50.0125 + 50 = 100.01; first of S1, S2 → 第 1 名 / 共 2 家, A.
TEST_F(Documents, ConfirmPageOfTheSmallList) {
    const std::string p = page_text(s_out / "confirm.pdf", 5);
    EXPECT_NE(p.find("规下小一"), std::string::npos) << p;
    EXPECT_NE(p.find("规下企业(用地不足门槛)"), std::string::npos) << p;
    EXPECT_NE(line_with(p, "亩均税收").find("5.00"), std::string::npos) << p;
    EXPECT_NE(p.find("综合得分：100.01 分"), std::string::npos) << p;
    EXPECT_NE(p.find("第 1 名 / 共 2 家"), std::string::npos) << p;
    EXPECT_NE(p.find("评价等级：A 优先发展"), std::string::npos) << p;
}

// Page 7 = T1, a tenant: 2000 m² leased of LA1's 10000 m² floor → 15 × 2000 / 10000 = 3.00 mu.
// 亩均税收 30 / 3 = 10.00 against the tenants' benchmark (30 + 30) / (3 + 1.5) = 13.33, weight 50 →
// 50 × 10 / 13.3333 = 37.50; 单位电耗税收 30 / 30 = 1 against 60 / 80 = 0.75 → 50 × 1 / 0.75 = 66.67;
// score 104.17, second of the tenants (T2 115) → 第 2 名 / 共 2 家, bands 20|40|35|5 → C.
TEST_F(Documents, ConfirmPageOfATenantShowsTheLease) {
    const std::string p = page_text(s_out / "confirm.pdf", 7);
    EXPECT_NE(p.find("租户一"), std::string::npos) << p;
    EXPECT_NE(p.find("租赁企业"), std::string::npos) << p;
    EXPECT_NE(line_with(p, "LA1").find("3.00"), std::string::npos) << p;
    EXPECT_NE(p.find("建筑面积 2000.0 平方米"), std::string::npos) << p;
    EXPECT_NE(p.find("评价用地面积：3.00 亩（自有宗地 0.00 亩 − 租出 0.00 亩 + 租入 3.00 亩）"), std::string::npos) << p;
    const std::string tax = line_with(p, "亩均税收");
    EXPECT_NE(tax.find("10.00"), std::string::npos) << tax;
    EXPECT_NE(tax.find("13.33"), std::string::npos) << tax;
    EXPECT_NE(tax.find("37.50"), std::string::npos) << tax;
    const std::string elec = line_with(p, "单位电耗税收");
    EXPECT_NE(elec.find("0.75"), std::string::npos) << elec;
    EXPECT_NE(elec.find("66.67"), std::string::npos) << elec;
    EXPECT_NE(p.find("综合得分：104.17 分"), std::string::npos) << p;
    EXPECT_NE(p.find("第 2 名 / 共 2 家"), std::string::npos) << p;
    EXPECT_NE(p.find("评价等级：C 帮扶转型"), std::string::npos) << p;
}

// Pages 9 and 10: X1 exempt (公用事业) is on confirm.pdf with its reason; X2 graded D directly.
TEST_F(Documents, ConfirmPagesOfTheNotGradedAndTheForcedD) {
    const std::string x1 = page_text(s_out / "confirm.pdf", 9);
    EXPECT_NE(x1.find("免评"), std::string::npos) << x1;
    EXPECT_NE(x1.find("评价结果：不参评"), std::string::npos) << x1;
    EXPECT_NE(x1.find("公用事业"), std::string::npos) << x1;
    const std::string x2 = page_text(s_out / "confirm.pdf", 10);
    EXPECT_NE(x2.find("评D"), std::string::npos) << x2;
    EXPECT_NE(x2.find("D 倒逼整治"), std::string::npos) << x2;
    EXPECT_NE(x2.find("重大安全事故"), std::string::npos) << x2;
}

// The publishing order: each list by grade A → D, then rank: 规上 A2 (A, 1) A1 (B, 2); 规下≥3亩 G1 (B)
// G2 (C); 规下<3亩 S1 (A) S2 (D); 租赁 T2 (B, 115) T1 (C, 104.17); then X2 graded D directly. X1
// (exempt) is not published. A2 before A1 and T2 before T1 is not the ent_id order.
const std::vector<std::string> kPublished = {"规上二", "规上一", "规下大一", "规下大二", "规下小一", "规下小二", "租户二", "租户一", "评D"};

TEST_F(Documents, NoticePdfHasTitleDeadlineContactAndThePublishingOrder) {
    const std::string t = pdf_text(s_out / "notice.pdf");
    EXPECT_NE(t.find("2024年度测试县工业企业亩均效益综合评价结果公示"), std::string::npos) << t;
    EXPECT_NE(t.find("评价年度：2024 年"), std::string::npos) << t;
    EXPECT_NE(t.find("异议截止日期：2025-01-15"), std::string::npos) << t;
    EXPECT_NE(t.find("测试县亩均办 0574-12345678"), std::string::npos) << t;
    expect_in_order(t, kPublished, "notice.pdf");
    EXPECT_EQ(t.find("免评"), std::string::npos) << "an exempt enterprise on the notice";
    EXPECT_NE(t.find("直接评定为D类"), std::string::npos) << t;
}

TEST_F(Documents, NoticeXlsxHasOneSheetPerListInPublishingOrder) {
    const fs::path x = s_out / "notice.xlsx";
    const std::string wb = unzip(x, "xl/workbook.xml");
    expect_in_order(wb, {"规上企业", "规下企业(用地达到门槛)", "规下企业(用地不足门槛)", "租赁企业", "直接评定为D类"}, "sheets");
    // Print setup as report.xlsx: the header row (row 4) repeated, fit to one page wide, landscape.
    EXPECT_NE(wb.find("_xlnm.Print_Titles"), std::string::npos) << wb;
    EXPECT_NE(wb.find("$4:$4"), std::string::npos) << wb;
    std::string all;
    for (int k = 1; k <= 5; ++k) {
        const std::string s = unzip(x, "xl/worksheets/sheet" + std::to_string(k) + ".xml");
        // One page wide: fitToPage on, fitToWidth 1 (its default, so libxlsxwriter leaves it out), any height.
        EXPECT_NE(s.find("<pageSetUpPr fitToPage=\"1\"/>"), std::string::npos) << k;
        EXPECT_NE(s.find("fitToHeight=\"0\""), std::string::npos) << k;
        EXPECT_EQ(s.find("fitToWidth"), std::string::npos) << k;
        EXPECT_NE(s.find("orientation=\"landscape\""), std::string::npos) << k;
        EXPECT_NE(s.find("2024年度测试县工业企业亩均效益综合评价结果公示"), std::string::npos) << k;
        EXPECT_NE(s.find("2025-01-15"), std::string::npos) << k;
        all += s;
    }
    expect_in_order(all, kPublished, "notice.xlsx");
    EXPECT_EQ(all.find("免评"), std::string::npos);
}

// report.xlsx's confirm sheet, read back with GDAL: T1's row has the figures of its page.
TEST_F(Documents, ReportXlsxConfirmSheetHoldsTheSameFigures) {
    GDALAllRegister();
    CPLSetConfigOption("OGR_XLSX_HEADERS", "FORCE");
    GDALDatasetUniquePtr x(GDALDataset::Open((s_out / "report.xlsx").c_str(), GDAL_OF_VECTOR));
    ASSERT_TRUE(x);
    OGRLayer* l = x->GetLayerByName("一企一单确认(confirm)");
    ASSERT_NE(l, nullptr);
    EXPECT_EQ(l->GetFeatureCount(), 10);  // one row per enterprise, as confirm.pdf's pages
    bool seen = false;
    for (auto& f : *l) {
        if (std::string(f->GetFieldAsString("统一社会信用代码")) != "T1") continue;
        seen = true;
        EXPECT_NEAR(f->GetFieldAsDouble("评价用地面积(亩)"), 3, 1e-9);          // 15 × 2000 / 10000
        EXPECT_NEAR(f->GetFieldAsDouble("租入用地(亩)"), 3, 1e-9);
        EXPECT_NEAR(f->GetFieldAsDouble("亩均税收值"), 10, 1e-9);               // 30 / 3
        EXPECT_NEAR(f->GetFieldAsDouble("亩均税收基准值"), 60.0 / 4.5, 1e-9);   // (30 + 30) / (3 + 1.5)
        EXPECT_NEAR(f->GetFieldAsDouble("亩均税收得分"), 37.5, 1e-9);           // 50 × 10 / 13.3333
        EXPECT_NEAR(f->GetFieldAsDouble("单位电耗税收得分"), 200.0 / 3, 1e-9);  // 50 × 1 / 0.75
        EXPECT_NEAR(f->GetFieldAsDouble("综合评价得分"), 37.5 + 200.0 / 3, 1e-6);
        EXPECT_EQ(f->GetFieldAsInteger("名次"), 2);
        EXPECT_EQ(f->GetFieldAsInteger("参评企业数"), 2);
        EXPECT_STREQ(f->GetFieldAsString("评价等级"), "C 帮扶转型");
        EXPECT_STREQ(f->GetFieldAsString("评价名单"), "租赁企业");
    }
    EXPECT_TRUE(seen);
}

TEST_F(Documents, RunJsonListsTheDocuments) {
    const auto rj = nlohmann::json::parse(read_file(s_out / "run.json"));
    const auto& o = rj.at("outputs");
    for (const char* f : {"confirm.pdf", "notice.pdf", "notice.xlsx", "report.xlsx", "run.json"})
        EXPECT_NE(std::find(o.begin(), o.end(), f), o.end()) << f;
}

// Same inputs, same bytes: the PDFs carry the evaluation date as their creation date, the workbook too.
TEST_F(Documents, IdenticalInputsGiveIdenticalDocuments) {
    const fs::path again = s_tmp->path() / "again";
    auto r = run_landeff({"run", (kGolden / "docs" / "landeff.toml").string(), "--out", again.string(), "--quiet", "--formats", "docs,xlsx"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    for (const char* f : {"confirm.pdf", "notice.pdf", "notice.xlsx", "report.xlsx"})
        EXPECT_EQ(read_file(s_out / f), read_file(again / f)) << f;
    EXPECT_NE(read_file(s_out / "confirm.pdf").find("/CreationDate (20241231000000Z)"), std::string::npos);
}

// Without notice.deadline and notice.contact (golden/lists) the notice prints blank lines to fill
// in, never a made-up date, under the default title; --formats without docs writes none of them.
TEST(DocumentsDefaults, NoticeWithoutDeadlinePrintsABlankLine) {
    TempDir tmp;
    auto r = run_landeff({"run", (kGolden / "lists" / "landeff.toml").string(), "--out", (tmp.path() / "o").string(), "--quiet", "--formats", "docs"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const std::string t = pdf_text(tmp.path() / "o" / "notice.pdf");
    EXPECT_NE(t.find("2024年度工业企业亩均效益综合评价结果公示"), std::string::npos) << t;
    EXPECT_NE(t.find("异议截止日期：＿＿＿"), std::string::npos) << t;
    EXPECT_NE(t.find("联系方式：＿＿＿"), std::string::npos) << t;
    EXPECT_EQ(t.find("2025"), std::string::npos) << t;
    auto g = run_landeff({"run", (kGolden / "lists" / "landeff.toml").string(), "--out", (tmp.path() / "g").string(), "--quiet", "--formats", "gpkg,xlsx"});
    ASSERT_EQ(g.exit_code, 0) << g.err;
    for (const char* f : {"confirm.pdf", "notice.pdf", "notice.xlsx"}) EXPECT_FALSE(fs::exists(tmp.path() / "g" / f)) << f;
    EXPECT_EQ(unzip(tmp.path() / "g" / "report.xlsx", "xl/workbook.xml").find("confirm"), std::string::npos);
}

}  // namespace

// Ranked by county (grading.population = "county"), two counties each have a 规下 list: the 公示 lists
// carry the county code, so notice.xlsx has one sheet per county's list (the same label twice was a
// sheet name libxlsxwriter refuses, and the run crashed). golden/population_county's hand ranks:
// 330102 holds X1, X2, X3, W, V (5: ranked_of 5), 330103 Y1, Y2, Y3, Y4 and the tenant U (5), and Z,
// with no parcel at T, is ranked alone among enterprises whose county is unknown (1).
TEST(DocumentsByCounty, OneNoticeSheetPerCountysList) {
    TempDir tmp;
    auto r = run_landeff({"run", (kGolden / "population_county" / "landeff.toml").string(), "--out", (tmp.path() / "o").string(),
                          "--quiet", "--formats", "docs"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const std::string wb = unzip(tmp.path() / "o" / "notice.xlsx", "xl/workbook.xml");
    expect_in_order(wb, {"规下企业（330102）", "规下企业（330103）", "规下企业（县市不明）"}, "notice.xlsx sheets");
    // constant-memory workbooks keep their text inline in each sheet
    const std::string strings = unzip(tmp.path() / "o" / "notice.xlsx", "xl/worksheets/sheet*.xml");
    EXPECT_NE(strings.find("规下企业（330102）（5 家）"), std::string::npos) << strings.substr(0, 2000);
    EXPECT_NE(strings.find("规下企业（330103）（5 家）"), std::string::npos);
    EXPECT_NE(strings.find("规下企业（县市不明）（1 家）"), std::string::npos);
    const std::string pdf = pdf_text(tmp.path() / "o" / "notice.pdf");
    EXPECT_NE(pdf.find("规下企业（330103）"), std::string::npos) << pdf.substr(0, 2000);
}
