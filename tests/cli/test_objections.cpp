// Issue 17's objections and policies as report.xlsx shows them: the sheets 异议更正 and 差别化政策, read
// back with GDAL (the golden cases check the GeoPackage and run.json; these sheets are only in the workbook).
#include <gtest/gtest.h>

#include <cpl_conv.h>
#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include <cmath>
#include <vector>

#include "cli_util.hpp"

namespace fs = std::filesystem;
using namespace landeff::test;

namespace {

const fs::path kGolden = fs::path(LANDEFF_TEST_DATA) / "golden";

// The rows of one sheet, every cell as text ("" = empty), the header row read as field names.
std::vector<std::vector<std::string>> sheet(const fs::path& xlsx, const char* name) {
    GDALAllRegister();
    CPLSetConfigOption("OGR_XLSX_HEADERS", "FORCE");
    // The driver reads the sheets lazily: the option stays set until the rows are read.
    GDALDatasetUniquePtr ds(GDALDataset::Open(xlsx.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY));
    std::vector<std::vector<std::string>> out;
    OGRLayer* l = ds ? ds->GetLayerByName(name) : nullptr;
    if (!l) {
        CPLSetConfigOption("OGR_XLSX_HEADERS", nullptr);
        ADD_FAILURE() << xlsx << " cannot be opened or has no sheet " << name;
        return out;
    }
    for (auto& f : *l) {
        std::vector<std::string> r;
        for (int i = 0; i < f->GetFieldCount(); ++i) r.push_back(f->IsFieldSetAndNotNull(i) ? f->GetFieldAsString(i) : "");
        out.push_back(r);
    }
    CPLSetConfigOption("OGR_XLSX_HEADERS", nullptr);
    return out;
}

fs::path run_case(const TempDir& tmp, const char* name) {
    const fs::path out = tmp.path() / name;
    const auto r = run_landeff({"run", (kGolden / name / "landeff.toml").string(), "--out", out.string(), "--quiet", "--formats", "xlsx"});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(r.err, "");
    return out / "report.xlsx";
}

double number(const std::string& s) { return s.empty() ? NAN : std::stod(s); }

}  // namespace

// 差别化政策 of golden/policy (policy.table there): one row per enterprise × measure of its grade, in ent_id
// then table order. Columns: 企业代码, 企业名称, 评价等级, 政策措施, 标准, 标准单位, 数量, 数量单位, 金额(万元), 说明.
TEST(Objections, PolicySheetAmountsByGrade) {
    TempDir tmp;
    const auto rows = sheet(run_case(tmp, "policy"), "差别化政策");
    ASSERT_EQ(rows.size(), 5u) << "F1 A: 1 measure; F2 C: 2; F3 D: 2";
    // F1 (A, score 125): 城镇土地使用税减免 100 %, no quantity: listed without an amount.
    EXPECT_EQ(rows[0][0], "F1");
    EXPECT_EQ(rows[0][3], "城镇土地使用税减免");
    EXPECT_DOUBLE_EQ(number(rows[0][4]), 100);
    EXPECT_TRUE(std::isnan(number(rows[0][8])));
    // F2 (C, score 75): 差别化电价 100 万kWh × 0.1 元/kWh = 10 万元 (10⁴ kWh × 元/kWh = 10⁴ 元 = 1 万元 each).
    EXPECT_EQ(rows[1][0], "F2");
    EXPECT_EQ(rows[1][3], "差别化电价");
    EXPECT_DOUBLE_EQ(number(rows[1][6]), 100);
    EXPECT_NEAR(number(rows[1][8]), 10, 1e-9);
    // F2: 差别化水价 20000 吨 × 0.5 元/吨 = 10000 元 = 1 万元.
    EXPECT_EQ(rows[2][3], "差别化水价");
    EXPECT_DOUBLE_EQ(number(rows[2][6]), 20000);
    EXPECT_NEAR(number(rows[2][8]), 1, 1e-9);
    // F3 (D, score 45): 差别化电价 120 万kWh × 0.3 元/kWh = 36 万元; 差别化水价 without a water figure: no amount.
    EXPECT_EQ(rows[3][0], "F3");
    EXPECT_NEAR(number(rows[3][8]), 36, 1e-9);
    EXPECT_EQ(rows[4][3], "差别化水价");
    EXPECT_TRUE(std::isnan(number(rows[4][8])));
    EXPECT_NE(rows[4][9].find("用水量"), std::string::npos) << rows[4][9];
}

// 异议更正 of golden/corrections: the corrections applied (C1, C7) then the override (C2), each with its
// before → after, reason and document; and 差别化政策 follows the overridden grade (E2 D → C).
TEST(Objections, CorrectionSheetListsEveryChangeAndPolicyFollowsOverride) {
    TempDir tmp;
    const fs::path xlsx = run_case(tmp, "corrections");
    const auto rows = sheet(xlsx, "异议更正");
    // Columns: 类型, 更正编号, 对象, 代码, 字段, 更正前, 更正后, 理由, 文号.
    ASSERT_EQ(rows.size(), 3u) << "C1 and C7 applied, C2 overridden; the rejected rows are findings only";
    EXPECT_EQ(rows[0][1], "C1");
    EXPECT_EQ(rows[0][3], "E1");
    EXPECT_EQ(rows[0][4], "tax");
    EXPECT_EQ(rows[0][5], "120");
    EXPECT_EQ(rows[0][6], "135");
    EXPECT_EQ(rows[0][8], "税证〔2025〕1号");
    EXPECT_EQ(rows[1][1], "C7");
    EXPECT_EQ(rows[1][2], "宗地");
    EXPECT_EQ(rows[1][5], "5000");
    EXPECT_EQ(rows[1][6], "12000");
    EXPECT_EQ(rows[2][0], "人工调整等级");
    EXPECT_EQ(rows[2][3], "E2");
    EXPECT_EQ(rows[2][5], "D");
    EXPECT_EQ(rows[2][6], "C");
    EXPECT_EQ(rows[2][7], "新投产企业");
    // Default policy.table: C 差别化电价 0.1 元/kWh. E2 (C by override): 100 万kWh × 0.1 = 10 万元.
    bool found = false;
    for (const auto& r : sheet(xlsx, "差别化政策"))
        if (r[0] == "E2" && r[3] == "差别化电价") {
            found = true;
            EXPECT_EQ(r[2], "C");
            EXPECT_NEAR(number(r[8]), 10, 1e-9);
        }
    EXPECT_TRUE(found) << "E2's overridden grade C has the C measures";
}
