#pragma once
// The tabular and narrative reports (issue 6): report.xlsx and report.html, built from the same
// output layers as the vector files so their figures cannot drift apart.
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "landeff/findings.hpp"
#include "landeff/model.hpp"
#include "landeff/writer.hpp"

class OGRSpatialReference;

namespace landeff {

// Key figures and counts for the summary sheet and the report's first section.
struct ReportSummary {
    std::string title;                                       // e.g. "2024 年度土地利用效率评价"
    std::vector<std::pair<std::string, std::string>> facts;  // label → value (text)
    // For the spreadsheet, aligned with facts: the value as a number and its unit (as OutField::unit,
    // plus "个" a count, "年" a year, "日期" a date whose text is YYYY-MM-DD). A NaN value (or a fact
    // past the end of this list) is written as its text.
    std::vector<std::pair<double, std::string>> fact_numbers;
    struct Count {
        std::string table, key, label;
        size_t n = 0;
        double mu = 0;
        std::string heading;  // the table's heading in the reports: 宗地状态, 平台分类, 企业等级
    };
    std::vector<Count> counts;  // by state, category, grade
    // Further tables, each a sheet of report.xlsx and a section of report.html: 异议更正 (with a
    // corrections input) and 差别化政策 (when an enterprise's grade has a measure), issue 17.
    // A table's rows are made when they are written (issue 20: 差别化政策 has a row per graded
    // enterprise and measure, held as cells it was the largest thing in memory during the write):
    // `row(i)` for i < `count` reads the Dataset and Analysis the summary was made from, so it is
    // valid while they live; it is const and safe to call from two threads (report.xlsx is written
    // beside report.html).
    struct Table {
        std::string title;               // the sheet's name (≤ 31 characters)
        std::vector<OutField> fields;    // headers (alias) and number formats (type, unit)
        size_t count = 0;                // rows
        std::function<std::vector<Value>(size_t)> row;
    };
    std::vector<Table> tables;
    // The parks table of the summary sheet: one line per park by park_id, then the region total
    // (id "*", name 全区合计) as its last line. Figures as in the parks layer (NaN = no value).
    struct ParkLine {
        std::string id, name;
        double land_mu, output, tax, mu_output, mu_tax, supply_rt;
    };
    std::vector<ParkLine> parks;
};

// The tables of the evaluation's objections and policies (src/report/objections.cpp): 异议更正 (each
// correction applied, each manual grade override) and 差别化政策 (policy.table × graded enterprises).
std::vector<ReportSummary::Table> objection_tables(const Dataset& ds, const Analysis& an);

ReportSummary make_summary(const Dataset& ds, const Analysis& an, const Findings& findings);

// True when a spreadsheet would read the text as a formula (=, +, -, @, tab or CR first).
bool looks_like_formula(std::string_view text);

struct Documents;  // documents.hpp

// Writes report.xlsx: a summary sheet and one sheet per layer (Chinese headers, number formats,
// frozen header row, auto-filter; layers over Excel's row limit continue on further sheets), and
// with `docs` (--formats docs) the 一企一单 confirm sheet, one row per enterprise (issue 17).
// `dz_platforms` (may be null): the development-zone check's platforms of several parks
// (devzone_platform_layer), written in the devzone sheet below the parks, one row per platform.
void write_xlsx(const std::vector<OutLayer>& layers, const ReportSummary& summary, const std::filesystem::path& file,
                const std::string& stamp_date, const Documents* docs = nullptr, const OutLayer* dz_platforms = nullptr);

}  // namespace landeff

namespace landeff {

// What report.html's map needs beyond the layers (settings html.map_max_parcels, html.map_simplify,
// html.table_rows).
struct HtmlOptions {
    std::shared_ptr<OGRSpatialReference> crs;  // the layers' (working) CRS; null = no map
    int64_t map_max_parcels = 50000;           // more parcels: the map shows parks and 批而未供 only
    double map_simplify = 1e-4;                // display tolerance as a fraction of the extent's longer side
    int64_t table_rows = 1000;                 // rows shown per table (report.xlsx has all)
    bool xlsx_link = false;                    // report.xlsx is written beside it: link to it
};

// Writes report.html (issue 19): one self-contained file that needs no network — Leaflet and
// ECharts inline (web_assets.hpp), the data as JSON (geometry simplified, in WGS 84), an
// interactive map, search, a page per park and charts, and the tables (sortable by clicking a
// header). `run_json` is run.json's content (configuration, inputs and checksums); `map_pngs` are
// the layout maps written beside it (maps/<name>.png with its .pdf), linked with their captions.
//
// The page's data from the layers (every row scanned, the geometry in WGS 84: most of the work) can
// be made beforehand by html_page_data, beside the other outputs (issue 20), and handed to write_html;
// with `links_known` (no layout maps will be linked) it is dumped and deflated there too.
struct HtmlPageData;  // html.cpp
struct HtmlPageDataDelete {
    void operator()(HtmlPageData* d) const;
};
using HtmlPageDataPtr = std::unique_ptr<HtmlPageData, HtmlPageDataDelete>;
HtmlPageDataPtr html_page_data(const std::vector<OutLayer>& layers, const ReportSummary& summary, const HtmlOptions& options,
                               bool links_known);
void write_html(const std::vector<OutLayer>& layers, const ReportSummary& summary, const std::string& run_json,
                const std::vector<std::pair<std::string, std::filesystem::path>>& map_pngs,
                const std::filesystem::path& file, const std::string& extra_section = "", const HtmlOptions& options = {},
                HtmlPageDataPtr prepared = {});

}  // namespace landeff
