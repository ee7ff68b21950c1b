#include <ogr_feature.h>
#include <xlsxwriter.h>

#include <cerrno>
#include <cmath>
#include <ctime>
#include <memory>

#include "landeff/error.hpp"
#include "landeff/progress.hpp"
#include "landeff/report.hpp"
#include "landeff/text.hpp"
#include "landeff/writer.hpp"

namespace fs = std::filesystem;

namespace landeff {
namespace {

constexpr lxw_row_t kMaxDataRows = 1048575;  // Excel's 1,048,576 rows less the header

struct Workbook {
    lxw_workbook* wb = nullptr;
    ~Workbook() {
        if (wb) workbook_close(wb);
    }
};

// Which number format a field gets, from its declared unit: fractions as %, money with separators.
enum class Fmt { Text, Int, Ratio, Money, Area, Plain };

Fmt format_of(const OutField& f) {
    if (f.type == OutType::Text) return Fmt::Text;
    if (f.type == OutType::Int) return Fmt::Int;
    // By the column's declared unit (columns.hpp).
    if (f.unit == "1") return Fmt::Ratio;
    if (f.unit == "亩" || f.unit == "平方米") return Fmt::Area;
    if (f.unit == "万元") return Fmt::Money;
    return Fmt::Plain;
}

}  // namespace

void write_xlsx(const std::vector<OutLayer>& layers, const ReportSummary& summary, const fs::path& file,
                const std::string& stamp_date) {
    const std::string tmpdir = file.parent_path().string();
    lxw_workbook_options opt = {};
    opt.constant_memory = LXW_TRUE;  // rows streamed to disk: bounded memory at province scale
    opt.tmpdir = const_cast<char*>(tmpdir.c_str());
    opt.use_zip64 = LXW_TRUE;
    Workbook w;
    w.wb = workbook_new_opt(file.c_str(), &opt);
    if (!w.wb) throw RunError(file.string() + ": cannot create the workbook");
    // A fixed creation date (the evaluation date) keeps the file reproducible.
    lxw_doc_properties props = {};
    props.title = const_cast<char*>(summary.title.c_str());
    props.author = const_cast<char*>("landeff " LANDEFF_VERSION);
    std::tm tm = {};
    std::sscanf(stamp_date.c_str(), "%d-%d-%d", &tm.tm_year, &tm.tm_mon, &tm.tm_mday);
    tm.tm_year -= 1900;
    tm.tm_mon -= 1;
    props.created = timegm(&tm);
    workbook_set_properties(w.wb, &props);

    lxw_format* head = workbook_add_format(w.wb);
    format_set_bold(head);
    format_set_bg_color(head, 0xDDEBF7);
    format_set_border(head, LXW_BORDER_THIN);
    format_set_text_wrap(head);
    lxw_format* f_int = workbook_add_format(w.wb);
    format_set_num_format(f_int, "0");
    lxw_format* f_ratio = workbook_add_format(w.wb);
    format_set_num_format(f_ratio, "0.00%");
    lxw_format* f_money = workbook_add_format(w.wb);
    format_set_num_format(f_money, "#,##0.00");
    lxw_format* f_area = workbook_add_format(w.wb);
    format_set_num_format(f_area, "#,##0.00");
    lxw_format* f_plain = workbook_add_format(w.wb);
    format_set_num_format(f_plain, "0.0000");
    lxw_format* title = workbook_add_format(w.wb);
    format_set_bold(title);
    format_set_font_size(title, 14);

    // Summary sheet.
    lxw_worksheet* ws = workbook_add_worksheet(w.wb, "汇总");
    worksheet_write_string(ws, 0, 0, summary.title.c_str(), title);
    lxw_row_t row = 2;
    worksheet_write_string(ws, row, 0, "指标", head);
    worksheet_write_string(ws, row, 1, "数值", head);
    ++row;
    for (const auto& [label, value] : summary.facts) {
        worksheet_write_string(ws, row, 0, label.c_str(), nullptr);
        worksheet_write_string(ws, row, 1, value.c_str(), nullptr);
        ++row;
    }
    ++row;
    worksheet_write_string(ws, row, 0, "分类", head);
    worksheet_write_string(ws, row, 1, "类别", head);
    worksheet_write_string(ws, row, 2, "数量", head);
    worksheet_write_string(ws, row, 3, "面积(亩)", head);
    ++row;
    for (const char* table : {"state", "category", "grade"})
        for (const auto& c : summary.counts) {
            if (c.table != table) continue;
            worksheet_write_string(ws, row, 0, c.heading.c_str(), nullptr);
            worksheet_write_string(ws, row, 1, c.label.c_str(), nullptr);
            worksheet_write_number(ws, row, 2, static_cast<double>(c.n), f_int);
            worksheet_write_number(ws, row, 3, c.mu, f_area);
            ++row;
        }
    worksheet_set_column(ws, 0, 0, 22, nullptr);
    worksheet_set_column(ws, 1, 1, 44, nullptr);
    worksheet_set_column(ws, 2, 3, 12, nullptr);

    // One sheet per layer; values come from the same fill functions as the vector outputs.
    for (const auto& L : layers) {
        OGRFeatureDefn* defn = new OGRFeatureDefn(L.name.c_str());
        defn->Reference();
        defn->SetGeomType(wkbNone);
        for (const auto& f : L.fields) {
            OGRFieldDefn fd(f.name.c_str(), f.type == OutType::Text ? OFTString : f.type == OutType::Int ? OFTInteger64 : OFTReal);
            defn->AddFieldDefn(&fd);
        }
        std::vector<Fmt> fmts;
        for (const auto& f : L.fields) fmts.push_back(format_of(f));
        const size_t sheets = std::max<size_t>(1, (L.count + kMaxDataRows - 1) / kMaxDataRows);
        Progress progress("Writing report.xlsx " + L.name, L.count);
        size_t i = 0;
        for (size_t part = 0; part < sheets; ++part) {
            std::string name = L.title + (part ? " (" + std::to_string(part + 1) + ")" : "");
            lxw_worksheet* sh = workbook_add_worksheet(w.wb, name.c_str());
            for (size_t c = 0; c < L.fields.size(); ++c) {
                worksheet_write_string(sh, 0, static_cast<lxw_col_t>(c), L.fields[c].alias.c_str(), head);
                worksheet_set_column(sh, static_cast<lxw_col_t>(c), static_cast<lxw_col_t>(c),
                                     fmts[c] == Fmt::Text ? 24 : 14, nullptr);
            }
            worksheet_freeze_panes(sh, 1, 0);
            lxw_row_t r = 1;
            for (; i < L.count && r <= kMaxDataRows; ++i, ++r) {
                OGRFeature feat(defn);
                OutRow out(feat, false, 0);
                L.fill(i, out);
                for (size_t c = 0; c < L.fields.size(); ++c) {
                    const int fi = static_cast<int>(c);
                    if (!feat.IsFieldSetAndNotNull(fi)) continue;
                    const auto col = static_cast<lxw_col_t>(c);
                    switch (fmts[c]) {
                        case Fmt::Text: {
                            // Text that a spreadsheet (or a CSV saved from it) would run as a formula gets
                            // a leading apostrophe (the OWASP advice against formula injection).
                            // Excel cells hold at most 32,767 characters.
                            std::string v = feat.GetFieldAsString(fi);
                            if (looks_like_formula(v)) v = "'" + v;
                            if (v.size() > 32000) v = utf8_prefix(v, 32000) + "…";
                            worksheet_write_string(sh, r, col, v.c_str(), nullptr);
                            break;
                        }
                        case Fmt::Int:
                            worksheet_write_number(sh, r, col, static_cast<double>(feat.GetFieldAsInteger64(fi)), f_int);
                            break;
                        case Fmt::Ratio: worksheet_write_number(sh, r, col, feat.GetFieldAsDouble(fi), f_ratio); break;
                        case Fmt::Money: worksheet_write_number(sh, r, col, feat.GetFieldAsDouble(fi), f_money); break;
                        case Fmt::Area: worksheet_write_number(sh, r, col, feat.GetFieldAsDouble(fi), f_area); break;
                        case Fmt::Plain: worksheet_write_number(sh, r, col, feat.GetFieldAsDouble(fi), f_plain); break;
                    }
                }
                if ((i & 4095) == 0) progress.update(i);
            }
            worksheet_autofilter(sh, 0, 0, r - 1, static_cast<lxw_col_t>(L.fields.size() - 1));
        }
        progress.done();
        defn->Release();
    }
    lxw_workbook* wb = w.wb;
    w.wb = nullptr;
    errno = 0;
    const lxw_error err = workbook_close(wb);
    const int os_err = errno;
    if (err != LXW_NO_ERROR)
        throw RunError(file.string() + ": writing the workbook failed: " + lxw_strerror(err) + ": " + write_failure_reason(file, os_err));
}

}  // namespace landeff
