// Hand-made golden cases of issue 13 items 4, 5, 6, 7 and 10 (tests/data/golden/<case>/expect.tsv).
// Each row of expect.tsv carries its own hand arithmetic. This file checks every row until the
// data-driven runner (one parameterised test over all golden folders) is on main; then it can go.
#include <gtest/gtest.h>

#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include <cmath>
#include <fstream>
#include <sstream>

#include "cli_util.hpp"

namespace fs = std::filesystem;
using namespace landeff::test;

namespace {

const fs::path kGolden = fs::path(LANDEFF_TEST_DATA) / "golden";

std::vector<std::string> tabs(const std::string& line) {
    std::vector<std::string> out;
    std::string cell;
    std::istringstream in(line);
    while (std::getline(in, cell, '\t')) out.push_back(cell);
    if (!line.empty() && line.back() == '\t') out.push_back("");
    return out;
}

void check_case(const std::string& name) {
    TempDir tmp;
    const fs::path dir = kGolden / name;
    auto r = run_landeff({"run", (dir / "landeff.toml").string(), "--out", (tmp.path() / "o").string(), "--quiet",
                          "--formats", "gpkg"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const fs::path gpkg = tmp.path() / "o" / "landeff.gpkg";
    std::map<std::string, std::map<std::string, Row>> layers;
    std::vector<std::pair<std::string, std::string>> findings;  // (id, code)
    {
        GDALAllRegister();
        GDALDatasetUniquePtr ds(GDALDataset::Open(gpkg.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY));
        ASSERT_TRUE(ds);
        for (auto& f : *ds->GetLayerByName("findings")) findings.push_back({f->GetFieldAsString("id"), f->GetFieldAsString("code")});
    }
    std::ifstream in(dir / "expect.tsv");
    std::string line;
    size_t line_no = 0, rows = 0;
    while (std::getline(in, line)) {
        ++line_no;
        if (line_no == 1 || line.empty() || line[0] == '#') continue;
        const auto c = tabs(line);
        ASSERT_GE(c.size(), 5u) << name << "/expect.tsv:" << line_no;
        const std::string &layer = c[0], &id = c[1], &field = c[2], &value = c[3], &tol = c[4];
        const std::string where = name + "/expect.tsv:" + std::to_string(line_no) + " " + layer + " " + id + " " + field;
        ++rows;
        if (layer == "findings") {
            const bool found = std::find(findings.begin(), findings.end(), std::pair{id, value}) != findings.end();
            EXPECT_EQ(found, tol == "present") << where;
            continue;
        }
        if (!layers.count(layer)) layers[layer] = read_rows(gpkg, layer);
        auto& rows_of = layers[layer];
        ASSERT_TRUE(rows_of.count(id)) << where << ": no such row";
        const Row& row = rows_of[id];
        ASSERT_TRUE(row.count(field)) << where << ": no such field";
        const std::string& got = row.at(field);
        if (tol == "=") EXPECT_EQ(got, value) << where;
        else if (tol == "~") EXPECT_NE(got.find(value), std::string::npos) << where << ": " << got;
        else if (tol == "!~") EXPECT_EQ(got.find(value), std::string::npos) << where << ": " << got;
        else EXPECT_NEAR(num(row, field), std::stod(value), std::stod(tol)) << where << ": " << got;
    }
    EXPECT_GT(rows, 0u) << name;
}

TEST(GoldenGrading, ContractVsControl) { check_case("contract_vs_control"); }
TEST(GoldenGrading, IndustryCodes) { check_case("industry_codes"); }
TEST(GoldenGrading, GradeFigures) { check_case("grade_figures"); }
TEST(GoldenGrading, BandsSmall) { check_case("bands_small"); }

}  // namespace

namespace {
TEST(GoldenGrading, EmissionZeroEverywhere) { check_case("emission_zero"); }
}  // namespace
