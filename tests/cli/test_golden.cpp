// Golden CLI tests on tiny hand-made inputs. Every expected value is worked out by hand in the
// comment beside it. The figures of golden/basic, quality, quality_curve and survey_feet are checked
// from their expect.tsv (test_golden_data.cpp); this file keeps what expect.tsv cannot say: files
// written, stderr, geometry, rows that must not exist, byte-identical runs, exit codes, progress.
// 1 亩 = 10000/15 m² = 666.666… m².
#include <gtest/gtest.h>

#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include <cmath>
#include <fstream>
#include <map>

#include <nlohmann/json.hpp>

#include "cli_util.hpp"

namespace fs = std::filesystem;
using namespace landeff::test;

namespace {

const fs::path kBasic = fs::path(LANDEFF_TEST_DATA) / "golden" / "basic";

class GoldenBasic : public ::testing::Test {
protected:
    static void SetUpTestSuite() {
        s_tmp = new TempDir();
        s_before = fingerprint(kBasic);
        s_result = run_landeff({"run", (kBasic / "landeff.toml").string(), "--out", (s_tmp->path() / "out").string(),
                                "--quiet", "--formats", "gpkg,geojson,shp"});
    }
    static void TearDownTestSuite() {
        delete s_tmp;
        s_tmp = nullptr;
    }
    static fs::path out() { return s_tmp->path() / "out"; }
    static TempDir* s_tmp;
    static CliResult s_result;
    static std::map<std::string, std::string> s_before;
};
TempDir* GoldenBasic::s_tmp = nullptr;
CliResult GoldenBasic::s_result;
std::map<std::string, std::string> GoldenBasic::s_before;

TEST_F(GoldenBasic, RunsCleanlyAndQuietly) {
    EXPECT_EQ(s_result.exit_code, 0) << s_result.err;
    EXPECT_EQ(s_result.err, "") << "--quiet must print nothing on success";
    EXPECT_EQ(fingerprint(kBasic), s_before) << "inputs changed";
    for (const char* f : {"landeff.gpkg", "run.json", "geojson/parks.geojson", "geojson/parcels.geojson",
                          "geojson/unsupplied.geojson", "shp/parcels.shp", "shp/parcels.dbf", "shp/parcels.prj",
                          "shp/parcels.cpg", "shp/parks.shp"})
        EXPECT_TRUE(fs::exists(out() / f)) << f;
    EXPECT_EQ(read_file(out() / "shp/parcels.cpg"), "UTF-8");
}

TEST_F(GoldenBasic, RegionIsItsOwnTableWithoutGeometry) {
    // The region's figures are checked in golden/basic/expect.tsv; here that the region total is
    // its own one-row table without geometry, and the parks layer holds parks only (a "*" row there
    // made "zoom to layer" go to (0,0) and summing land_mu over the layer count everything twice).
    auto parks = read_rows(out() / "landeff.gpkg", "parks");
    EXPECT_FALSE(parks.count("*"));
    EXPECT_EQ(parks.size(), 2u);  // P1 and P2 of golden/basic
    GDALAllRegister();
    GDALDatasetUniquePtr ds(GDALDataset::Open((out() / "landeff.gpkg").c_str(), GDAL_OF_VECTOR));
    ASSERT_TRUE(ds);
    OGRLayer* region = ds->GetLayerByName("region");
    ASSERT_TRUE(region);
    EXPECT_EQ(region->GetGeomType(), wkbNone);
    EXPECT_EQ(region->GetFeatureCount(), 1);
    region->ResetReading();
    OGRFeatureUniquePtr f(region->GetNextFeature());
    ASSERT_TRUE(f);
    EXPECT_STREQ(f->GetFieldAsString("region_id"), "*");
    EXPECT_STREQ(f->GetFieldAsString("name"), "全区合计");
    // GeoJSON (null geometry) and a DBF-only shapefile hold the same table.
    EXPECT_TRUE(fs::exists(out() / "geojson" / "region.geojson"));
    EXPECT_TRUE(fs::exists(out() / "shp" / "region.dbf"));
}

TEST_F(GoldenBasic, FindingsNameFeatureAndField) {
    bool mismatch = false, outside = false;
    GDALAllRegister();
    GDALDatasetUniquePtr ds(GDALDataset::Open((out() / "landeff.gpkg").c_str(), GDAL_OF_VECTOR));
    for (auto& feat : *ds->GetLayerByName("findings")) {
        const std::string code = feat->GetFieldAsString("code");
        const std::string msg = feat->GetFieldAsString("message");
        // C: registered 12000 vs measured 10000 → |10000−12000|/12000 = 16.7 % > 5 %.
        if (code == "area_mismatch") {
            mismatch = true;
            EXPECT_EQ(std::string(feat->GetFieldAsString("id")), "C");
            // In Chinese by default (issue 16), after the feature reference that names the file and fid.
            EXPECT_NE(msg.find("parcel_id=C]: 登记面积 12000.00 m² 与实测面积 10000.00 m² 相差 16.7 %"), std::string::npos) << msg;
        }
        if (code == "outside_parks") outside = std::string(feat->GetFieldAsString("id")) == "C";
    }
    EXPECT_TRUE(mismatch);
    EXPECT_TRUE(outside);
}

// With --lang en the same finding is worded in English; its code and feature reference stay.
// C: registered 12000 vs measured 10000 → |10000−12000|/12000 = 16.7 % > 5 % (quality.area_tolerance).
TEST(GoldenBasicEn, FindingMessagesInEnglish) {
    TempDir tmp;
    const auto r = run_landeff({"run", (kBasic / "landeff.toml").string(), "--out", (tmp.path() / "out").string(), "--quiet",
                                "--formats", "gpkg", "--lang", "en"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    GDALAllRegister();
    GDALDatasetUniquePtr ds(GDALDataset::Open((tmp.path() / "out" / "landeff.gpkg").c_str(), GDAL_OF_VECTOR));
    ASSERT_TRUE(ds);
    bool seen = false;
    for (auto& feat : *ds->GetLayerByName("findings")) {
        if (std::string(feat->GetFieldAsString("code")) != "area_mismatch") continue;
        seen = true;
        const std::string msg = feat->GetFieldAsString("message");
        EXPECT_NE(msg.find("parcel_id=C]: registered area 12000.00 m² and measured area 10000.00 m² differ by 16.7 %"), std::string::npos)
            << msg;
        EXPECT_EQ(msg.find("相差"), std::string::npos) << msg;
    }
    EXPECT_TRUE(seen);
}

// Issue 16: every finding kind and explanation of golden/lang_findings is worded in Chinese by default and in
// English with --lang en; its code, feature reference and figures stay. The arithmetic of each case's figures
// is in golden/lang_findings/expect.tsv (6 parcels of P1 supplied by T, 5 of them without money, …).
namespace {
// Every text of `field` in `layer` for the feature `id` (and, for findings, the code `code`), joined by " || ".
std::string texts_of(const fs::path& gpkg, const std::string& layer, const std::string& id_field, const std::string& id,
                     const std::string& field, const std::string& code = "") {
    GDALAllRegister();
    GDALDatasetUniquePtr ds(GDALDataset::Open(gpkg.c_str(), GDAL_OF_VECTOR));
    if (!ds || !ds->GetLayerByName(layer.c_str())) return "(no layer " + layer + ")";
    std::string out;
    for (auto& f : *ds->GetLayerByName(layer.c_str())) {
        if (id_field.size() && f->GetFieldAsString(id_field.c_str()) != id) continue;
        if (!code.empty() && f->GetFieldAsString("code") != code) continue;
        out += std::string(out.empty() ? "" : " || ") + f->GetFieldAsString(field.c_str());
    }
    return out;
}

// One text a case's output must word in Chinese by default and in English with --lang en.
struct LangCase {
    const char* layer;
    const char* id;
    const char* field;  // for findings: the code
    const char* zh;
    const char* en;
};

// Runs `toml` twice (the default language, then --lang en) and checks each case: the Chinese text in the
// default run and not the English one, the English text with --lang en and not the Chinese one.
void check_both_languages(const fs::path& toml, const std::vector<LangCase>& cases) {
    TempDir tmp;
    const auto zh_run = run_landeff({"run", toml.string(), "--out", (tmp.path() / "zh").string(), "--quiet", "--formats", "gpkg"});
    ASSERT_EQ(zh_run.exit_code, 0) << zh_run.err;
    const auto en_run = run_landeff({"run", toml.string(), "--out", (tmp.path() / "en").string(), "--quiet", "--formats", "gpkg",
                                     "--lang", "en"});
    ASSERT_EQ(en_run.exit_code, 0) << en_run.err;
    for (const auto& c : cases) {
        const std::string layer = c.layer;
        const bool finding = layer == "findings";
        const std::string idf = finding ? "id" : layer == "parcels" ? "parcel_id" : layer == "parks" ? "park_id" : "ent_id";
        const std::string field = finding ? "message" : c.field, code = finding ? c.field : "";
        const std::string zh = texts_of(tmp.path() / "zh" / "landeff.gpkg", layer, idf, c.id, field, code);
        const std::string en = texts_of(tmp.path() / "en" / "landeff.gpkg", layer, idf, c.id, field, code);
        EXPECT_NE(zh.find(c.zh), std::string::npos) << layer << " " << c.id << " " << c.field << ": " << zh;
        EXPECT_EQ(zh.find(c.en), std::string::npos) << layer << " " << c.id << " " << c.field << " is English by default: " << zh;
        EXPECT_NE(en.find(c.en), std::string::npos) << layer << " " << c.id << " " << c.field << " --lang en: " << en;
        EXPECT_EQ(en.find(c.zh), std::string::npos) << layer << " " << c.id << " " << c.field << " --lang en: " << en;
    }
}
}  // namespace

TEST(LangFindings, ChineseByDefaultEnglishWithLangEn) {
    const fs::path dir = fs::path(LANDEFF_TEST_DATA) / "golden" / "lang_findings";
    const std::vector<LangCase> cases = {
        {"findings", "C", "outside_parks", "不在任何园区内; 输出中其 park_id 为空", "lies outside every park; it is reported with an empty park_id"},
        // P1 and P2 share 100 m × 1000 m = 100 000 m².
        {"findings", "P1", "park_overlap", "重叠 100000.0 m²; 重叠处的宗地用地在两个园区中都计入(全区合计只计一次)",
         "by 100000.0 m²; parcel land there is counted in both parks (the region total counts it once)"},
        // D and D2: 50 m × 100 m = 5 000 m².
        {"findings", "D", "parcel_overlap", "重叠 5000.0 m²; 宗地不应重叠: 请核对边界", "by 5000.0 m²; parcels should not overlap: check the boundaries"},
        // AP1 and AP2: 100 m × 350 m = 35 000 m².
        {"findings", "AP1", "approval_overlap", "重叠 35000.0 m²; 园区合计中重叠部分只计一次", "by 35000.0 m²; park sums count the overlap once"},
        {"findings", "AP3", "approval_after_eval", "批准日期 2025-02-01 晚于评价日 2024-12-31: 评价日尚未批准",
         "approved 2025-02-01, after the evaluation date 2024-12-31: not approved at T"},
        {"findings", "H", "built_unsupplied", "2020-05-01 开工, 但无供地日期(supply_dt)", "started 2020-05-01, but no supply date (supply_dt)"},
        {"findings", "B", "parcel_no_ent", "企业代码 E5 在 2024 年度企业数据中无对应行", "ent_id E5 has no row in the enterprises table for 2024"},
        {"findings", "E9", "ent_no_parcel", "没有宗地使用此企业代码", "no parcel has this ent_id"},
        {"findings", "E1", "duplicate_id", "2024 年度的第二行数据; 只使用第一行(fid=", "a second row for 2024; only the first (fid="},
        {"findings", "E", "null_geometry", "要素无几何; 保留在无几何的表中", "the feature has no geometry; it is kept in tables without one"},
        {"findings", "G", "bad_date", "不是日期; 请写作 YYYY-MM-DD(也可 YYYY/MM/DD 或 YYYYMMDD); 按缺失值处理",
         "is not a date; write YYYY-MM-DD (also YYYY/MM/DD or YYYYMMDD); the value is treated as missing"},
        {"findings", "E9", "bad_code", "不是 above/below (规上/规下) 之一; 按 缺失值 处理", "is not one of above/below (规上/规下); treated as missing"},
        // P1: A, B, D, D2, G, H supplied by T (6); only A has money.
        {"findings", "P1", "missing_money", "评价日已供的 6 宗地中有 5 宗无产值或税收数据(无企业数据行, 也无宗地自身数据); 在园区合计中按 0 计",
         "5 of its 6 parcels supplied at T have no output or tax figure (no enterprise row, no own figures); they count as zero"},
        {"parcels", "F", "nulls", "money: 供地日期 2025-03-01 晚于评价日 2024-12-31: 评价日不是任何企业的用地",
         "money: supplied 2025-03-01, after T 2024-12-31: nobody's land at T"},
        {"parcels", "B", "nulls", "mu_tax: 无税收数据", "mu_tax: no tax figure"},
        {"parks", "P1", "reasons", "5 宗地无产值/税收数据, 按 0 计", "5 parcels without output/tax figures count as zero"},
        {"parks", "P2", "reasons", "园区内无宗地: 亩均指标为空", "no parcel land inside: per-mu figures are null"},
        {"parks", "P2", "reasons", "supply_rt: 园区内无批准用地", "supply_rt: no approved land inside"},
        {"enterprises", "E9", "nulls", "mu_tax: 缺少用地面积", "mu_tax: land area missing"},
        {"findings", "", "missing_id", "enterprises.csv[fid=2]: 该行无企业代码(ent_id), 无法关联宗地, 已跳过",
         "enterprises.csv[fid=2]: the row has no ent_id; it cannot be joined to parcels and is skipped"},
        // E1 reports tax and output only: the value-added items score 0.
        {"findings", "E1", "grade_missing_figure", "亩均增加值: 无 value_add 数据; 该项得 0 分", "亩均增加值: no value_add figure; the item scores 0 points"},
        {"findings", "E1", "grade_missing_figure", "全员劳动生产率: 无 value_add 数据, 无 employees 数据; 该项得 0 分",
         "全员劳动生产率: no value_add figure, no employees figure; the item scores 0 points"},
        // E1 is ranked in the above-scale list (its only member: 1 of 1).
        {"enterprises", "E1", "why", "规上企业排名 1/1", "rank 1 of 1 above-scale (规上)"},
        {"enterprises", "E1", "nulls", "va_energy: 无增加值", "va_energy: no value added"},
        // E5: parcel B's ent_id, without a row in enterprises.csv (year = 2024).
        {"enterprises", "E5", "nulls", "无 2024 年度企业数据行", "no enterprise row for 2024"},
    };
    check_both_languages(dir / "landeff.toml", cases);
}

// Issue 16, the English left after the first passes: the evidence of `diverted`, map_outlier and
// encoding_mismatch, each in its own case (the run-level warnings: Shapefile.* in test_formats.cpp and
// LangFindings.PasswordWarning below).
TEST(LangFindings, DivertedOutlierAndEncodingToo) {
    const fs::path data = fs::path(LANDEFF_TEST_DATA);
    // golden/devzone A4 (x 351–451, y 200–300): 5 100 m² on L2 0701 (x 400–451) of its 10 000 m² = 51.0 % >
    // devzone.diverted_share 0.5 = 50.0 %.
    check_both_languages(data / "golden" / "devzone" / "landeff.toml",
                         {{"parcels", "A4", "div_why", "diverted: 三调其他用途地类占 51.0 % > 50.0 %", "diverted: 51.0 % under other-use codes > 50.0 %"},
                          {"findings", "A4", "diverted", "三调其他用途地类占 51.0 % > 50.0 %", "51.0 % under other-use codes > 50.0 %"},
                          // Found by the audit: Z1's quota note, 10 000 ÷ 40 000 = 25.0 % ≥ the row 0.25 → −0.2 = −20.0 %;
                          // Z2's supply years, (1 000 000 − 20 000 − 0) ÷ (10 000 ÷ 5 = 2 000) = 490.
                          {"parks", "Z1", "quota_why", "低于控制标准(far_min, inv_min)的工业用地占 25.0 % ≥ 25.0 % → -20.0 %",
                           "25.0 % of industrial land below the control standards (far_min, inv_min) ≥ 25.0 % → -20.0 %"},
                          {"parks", "Z2", "sup_why", "(规划建设用地 1000000.0 m² − 已供地 20000.0 m² − 有用地依据的土地 0.0 m²) ÷ 年均供地 2000.0 m²",
                           "(planned construction 1000000.0 m² − supplied 20000.0 m² − proof of use 0.0 m²) ÷ mean annual supply 2000.0 m²"}});
    // golden/map_outlier E_OUT: x 2001 − park's x 1000 = 1001 m > maps.outlier_km = 1 km.
    check_both_languages(data / "golden" / "map_outlier" / "landeff.toml",
                         {{"findings", "E_OUT", "map_outlier", "距每个园区都超过 1 km(maps.outlier_km); 地图范围不包含该宗地",
                           "lies more than 1 km (maps.outlier_km) from every park; the maps leave it out of their extent"}});
    // bad/cpg_gbk_over_utf8: parks.cpg says GBK (CP936), the .dbf's text is UTF-8.
    check_both_languages(data / "bad" / "cpg_gbk_over_utf8" / "landeff.toml",
                         {{"findings", "", "encoding_mismatch", "已按 UTF-8 读取: .cpg 声明的编码是 CP936, 但文本实为 UTF-8; 请更正或删除 .cpg 文件",
                           "read as UTF-8: the .cpg says CP936, but the text is UTF-8; correct or delete the .cpg"}});
}

// A database password written into the config: the warning (stderr, before any input is read) in Chinese by
// default, in English with --lang en, and the password in neither. Port 1 of 127.0.0.1 refuses the connection,
// so the run then fails reading the parcels; the warning came first.
TEST(LangFindings, PasswordWarning) {
    TempDir tmp;
    std::ofstream(tmp.path() / "c.toml") << "year = 2024\ncrs = \"EPSG:4549\"\n[inputs.parks]\npath = \""
                                         << (kBasic / "parks.geojson").string() << "\"\n[inputs.parcels]\n"
                                         << "path = \"PG:host=127.0.0.1 port=1 dbname=x user=u password=hunter2 connect_timeout=2\"\n";
    const auto zh = run_landeff({"run", (tmp.path() / "c.toml").string(), "--out", (tmp.path() / "zh").string()});
    const auto en = run_landeff({"run", (tmp.path() / "c.toml").string(), "--out", (tmp.path() / "en").string(), "--lang", "en"});
    EXPECT_NE(zh.err.find("landeff: warning: c.toml 中 [inputs.parcels] 的 path: 连接字符串中写有数据库密码"), std::string::npos) << zh.err;
    EXPECT_NE(zh.err.find("请改存于 ~/.pgpass"), std::string::npos) << zh.err;
    EXPECT_EQ(zh.err.find("holds a database password"), std::string::npos) << zh.err;
    EXPECT_NE(en.err.find("landeff: warning: [inputs.parcels] path in c.toml holds a database password in the connection string"),
              std::string::npos)
        << en.err;
    EXPECT_EQ(en.err.find("写有数据库密码"), std::string::npos) << en.err;
    EXPECT_EQ(zh.err.find("hunter2"), std::string::npos) << zh.err;
    EXPECT_EQ(en.err.find("hunter2"), std::string::npos) << en.err;
}

// The recorded field mapping (/inputs/parcels/fields/parcel_id) and land (/counts/land_mu = 67.5) are
// rows of golden/basic/expect.tsv; a file's hash has no hand-computed value, so only its presence is here.
TEST_F(GoldenBasic, RunJsonRecordsInputs) {
    const std::string j = read_file(out() / "run.json");
    EXPECT_NE(j.find("\"sha256\""), std::string::npos);
}

// run.json's size and SHA-256 of every input file are the file's own (from its bytes, cli_util's
// fingerprint), with one thread (hashed when run.json is made) and with two (hashed by a thread
// during the write step). The demo names city.gpkg for ten inputs: each distinct file is hashed
// once (issue 20) and every input that names it carries that hash.
TEST(Golden, RunJsonHashesAreTheInputFilesOwn) {
    const fs::path demo = fs::path(LANDEFF_TEST_DATA) / ".." / ".." / "data" / "demo";
    const auto files = fingerprint(demo);  // file → "size:sha256"
    TempDir tmp;
    for (const char* jobs : {"1", "2"}) {
        const fs::path out = tmp.path() / (std::string("j") + jobs);
        auto r = run_landeff({"run", (demo / "landeff.toml").string(), "--out", out.string(), "--quiet", "--formats", "gpkg",
                              "--jobs", jobs});
        ASSERT_EQ(r.exit_code, 0) << r.err;
        const auto rj = nlohmann::json::parse(read_file(out / "run.json"));
        size_t n = 0, gpkg = 0;
        for (const auto& [name, in] : rj["inputs"].items())
            for (const auto& f : in["files"]) {
                const std::string file = f["file"].get<std::string>();
                ASSERT_TRUE(files.count(file)) << name << ": " << file;
                EXPECT_EQ(std::to_string(f["bytes"].get<uint64_t>()) + ":" + f["sha256"].get<std::string>(), files.at(file))
                    << name << ", --jobs " << jobs;
                ++n;
                gpkg += file == "city.gpkg";
            }
        // parks, parcels, approvals, urban_core, restricted, dev_boundary, farmland, eco_redline,
        // landuse, plan in city.gpkg; enterprises, leases, corrections in their CSVs: 10 + 3 = 13.
        EXPECT_EQ(gpkg, 10u) << "--jobs " << jobs;
        EXPECT_EQ(n, 13u) << "--jobs " << jobs;
    }
}

TEST(Golden, TwoRunsAreByteIdentical) {
    TempDir tmp;
    for (const char* o : {"a", "b"}) {
        auto r = run_landeff({"run", (kBasic / "landeff.toml").string(), "--out", (tmp.path() / o).string(), "--quiet",
                              "--formats", "gpkg,geojson,shp"});
        ASSERT_EQ(r.exit_code, 0) << r.err;
    }
    for (const char* f : {"landeff.gpkg", "geojson/parcels.geojson", "geojson/parks.geojson", "shp/parcels.shp",
                          "shp/parcels.dbf", "shp/parks.dbf", "shp/parks.shx", "landeff.qgz", "geojson/findings.geojson",
                          "shp/findings.shp", "shp/findings.dbf", "shp/parks.qml"})
        EXPECT_EQ(read_file(tmp.path() / "a" / f), read_file(tmp.path() / "b" / f)) << f;
    // landeff.qgz's one entry is stamped with the evaluation date, not the clock: its local header's
    // DOS time (bytes 10–11) is 0 (00:00:00) and its DOS date (bytes 12–13, little-endian) is
    // ((2024 − 1980) << 9) | (12 << 5) | 31 = 22528 + 384 + 31 = 22943 for 2024-12-31.
    const std::string z = read_file(tmp.path() / "a" / "landeff.qgz");
    ASSERT_GT(z.size(), 30u);
    EXPECT_EQ(z.substr(0, 4), std::string("PK\x03\x04"));
    auto u16 = [&](size_t i) { return static_cast<unsigned>(static_cast<unsigned char>(z[i])) | static_cast<unsigned>(static_cast<unsigned char>(z[i + 1])) << 8; };
    EXPECT_EQ(u16(10), 0u);
    EXPECT_EQ(u16(12), 22943u);
    EXPECT_EQ(z.substr(30, u16(26)), "landeff.qgs");  // the entry's name (length at bytes 26–27)
}

TEST(Golden, OverwriteReplacesAndWithoutItRefuses) {
    TempDir tmp;
    const std::string out = (tmp.path() / "o").string();
    ASSERT_EQ(run_landeff({"run", (kBasic / "landeff.toml").string(), "--out", out, "--quiet", "--formats", "gpkg"}).exit_code, 0);
    std::ofstream(tmp.path() / "o" / "stale.txt") << "old";
    auto r = run_landeff({"run", (kBasic / "landeff.toml").string(), "--out", out, "--quiet", "--formats", "gpkg"});
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_TRUE(fs::exists(tmp.path() / "o" / "stale.txt"));
    r = run_landeff({"run", (kBasic / "landeff.toml").string(), "--out", out, "--quiet", "--formats", "gpkg", "--overwrite"});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    EXPECT_FALSE(fs::exists(tmp.path() / "o" / "stale.txt")) << "the old directory is replaced whole";
    EXPECT_TRUE(fs::exists(tmp.path() / "o" / "landeff.gpkg"));
}

// Areas in m² whatever the CRS unit (US survey feet): golden/survey_feet/expect.tsv.

// Inputs in another CRS are transformed: the basic parcels given in EPSG:4326 keep their area
// within projection error (< 0.01 %) when the working CRS is the same GK zone.
TEST(Golden, InputsInAnotherCrsAreTransformed) {
    TempDir tmp;
    for (const char* f : {"parks.geojson", "enterprises.csv"}) fs::copy_file(kBasic / f, tmp.path() / f);
    const std::string cmd = "ogr2ogr -t_srs EPSG:4326 -lco RFC7946=NO '" + (tmp.path() / "parcels.geojson").string() + "' '" +
                            (kBasic / "parcels.geojson").string() + "' 2>/dev/null";
    ASSERT_EQ(std::system(cmd.c_str()), 0);
    fs::copy_file(kBasic / "landeff.toml", tmp.path() / "landeff.toml");
    auto r = run_landeff({"run", (tmp.path() / "landeff.toml").string(), "--out", (tmp.path() / "o").string(), "--quiet",
                          "--formats", "gpkg"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    auto parcels = read_rows(tmp.path() / "o" / "landeff.gpkg", "parcels");
    EXPECT_NEAR(num(parcels["A"], "area_m2"), 10000, 1.0);
    EXPECT_NEAR(num(parcels["D"], "share"), 0.5, 1e-4);
}

}  // namespace

namespace {

const fs::path kQuality = fs::path(LANDEFF_TEST_DATA) / "golden" / "quality";

// golden/quality and golden/quality_curve: the findings, the 3-D polygon's area and the circle's area are
// in their expect.tsv. Here only what expect.tsv cannot say: a row that must not exist, and a geometry.

// The mapping parcel_id = "ZDDM" wins over the field literally named parcel_id: no row carries a decoy id.
TEST(GoldenQuality, MappedIdBeatsTheCanonicalName) {
    TempDir tmp;
    auto r = run_landeff({"run", (kQuality / "landeff.toml").string(), "--out", (tmp.path() / "o").string(), "--quiet",
                          "--formats", "gpkg"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    auto parcels = read_rows(tmp.path() / "o" / "landeff.gpkg", "parcels");
    EXPECT_EQ(parcels.count("decoy1"), 0u);
    EXPECT_EQ(parcels.count("Z3D"), 1u);  // the contrast: the mapped id is there
}

// The linearized circle (golden/quality_curve) keeps a geometry.
TEST(GoldenQuality, CurvesAreLinearized) {
    TempDir tmp;
    auto r = run_landeff({"run", (fs::path(LANDEFF_TEST_DATA) / "golden" / "quality_curve" / "landeff.toml").string(), "--out",
                          (tmp.path() / "o").string(), "--quiet", "--formats", "gpkg"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    auto parcels = read_rows(tmp.path() / "o" / "landeff.gpkg", "parcels");
    EXPECT_EQ(parcels["CIRCLE"]["#geom"], "yes");
}

}  // namespace

namespace {

// Progress in GDAL's style on a terminal (a pseudo-terminal made by `script`), none in a pipe.
TEST(Progress, OnATerminalOnlyAndNotWithQuiet) {
    TempDir tmp;
    const std::string cfg = (kBasic / "landeff.toml").string();
    const std::string log = (tmp.path() / "tty.log").string();
    const std::string cmd = "script -qec \"'" + std::string(LANDEFF_BIN) + "' run '" + cfg + "' --out '" +
                            (tmp.path() / "a").string() + "' --formats gpkg\" '" + log + "' >/dev/null 2>&1";
    ASSERT_EQ(std::system(cmd.c_str()), 0);
    EXPECT_NE(read_file(log).find("0...10...20...30"), std::string::npos) << read_file(log);
    const std::string cmd_quiet = "script -qec \"'" + std::string(LANDEFF_BIN) + "' run '" + cfg + "' --out '" +
                                  (tmp.path() / "b").string() + "' --formats gpkg --quiet\" '" + log + "' >/dev/null 2>&1";
    ASSERT_EQ(std::system(cmd_quiet.c_str()), 0);
    EXPECT_EQ(read_file(log).find("0...10"), std::string::npos);
    // Through a pipe: the summary, but no progress.
    auto r = run_landeff({"run", cfg, "--out", (tmp.path() / "c").string(), "--formats", "gpkg"});
    ASSERT_EQ(r.exit_code, 0);
    EXPECT_NE(r.err.find("数据质量:"), std::string::npos);  // the summary, in Chinese by default (output.lang)
    EXPECT_EQ(r.err.find("0...10"), std::string::npos);
}

}  // namespace
