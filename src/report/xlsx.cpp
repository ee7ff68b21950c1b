#include <ogr_feature.h>
#include <cpl_conv.h>
#include <minizip/unzip.h>
#include <xlsxwriter.h>
#include <zlib.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <cstdlib>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <ctime>
#include <functional>
#include <map>
#include <optional>
#include <memory>
#include <set>
#include <string_view>

#include "landeff/char_buf.hpp"
#include "landeff/documents.hpp"
#include "landeff/deflate.hpp"
#include "landeff/error.hpp"
#include "landeff/format.hpp"
#include "landeff/labels.hpp"
#include "landeff/print_real.hpp"
#include "landeff/progress.hpp"
#include <functional>

#include "landeff/report.hpp"
#include "landeff/row_cells.hpp"
#include "landeff/text.hpp"
#include "landeff/writer.hpp"
#include "landeff/zip_out.hpp"

namespace fs = std::filesystem;

namespace landeff {
using namespace std::string_view_literals;
namespace {

constexpr lxw_row_t kMaxDataRows = 1048575;  // Excel's 1,048,576 rows less the header

// A workbook written row by row to `file` (temporary files beside it), with the title and a fixed
// creation date (the evaluation date, YYYY-MM-DD) so identical inputs give identical bytes. close()
// says why a write failed; a workbook not closed (an exception) is closed by the destructor.
struct Workbook {
    lxw_workbook* wb = nullptr;
    Workbook(const fs::path& file, const std::string& title, const std::string& date_iso, bool zip64) {
        const std::string tmpdir = file.parent_path().string();
        lxw_workbook_options opt = {};
        opt.constant_memory = LXW_TRUE;  // rows streamed to disk: bounded memory at province scale
        opt.tmpdir = const_cast<char*>(tmpdir.c_str());
        if (zip64) opt.use_zip64 = LXW_TRUE;
        wb = workbook_new_opt(file.c_str(), &opt);
        if (!wb) throw RunError(Msg::EXlsxCreate, {file.string()});
        lxw_doc_properties props = {};
        props.title = const_cast<char*>(title.c_str());
        props.author = const_cast<char*>("landeff " LANDEFF_VERSION);
        std::tm tm = {};
        std::sscanf(date_iso.c_str(), "%d-%d-%d", &tm.tm_year, &tm.tm_mon, &tm.tm_mday);
        tm.tm_year -= 1900;
        tm.tm_mon -= 1;
        props.created = timegm(&tm);
        workbook_set_properties(wb, &props);
    }
    Workbook(const Workbook&) = delete;
    Workbook& operator=(const Workbook&) = delete;
    void close(const fs::path& file) {
        lxw_workbook* w = wb;
        wb = nullptr;
        errno = 0;
        const lxw_error err = workbook_close(w);
        const int os_err = errno;
        if (err != LXW_NO_ERROR)
            throw RunError(Msg::EXlsxWrite, {file.string(), std::string(lxw_strerror(err)), write_failure_reason(file, os_err)});
    }
    ~Workbook() {
        if (wb) workbook_close(wb);
    }
};

// Sheets wider than this many columns print on A3 rather than A4 (both landscape, one page wide).
constexpr size_t kA4MaxColumns = 12;
constexpr uint8_t kPaperA4 = 9, kPaperA3 = 8;  // Excel's paperSize codes

// Which number format a field gets, from its declared unit (columns.cpp): fractions as %, 亩均
// figures (万元/亩, 万元/公顷) with 2 decimals, areas (亩, 平方米) with 1, money with separators;
// in the summary "个" and "年" as integers and "日期" (a YYYY-MM-DD text) as a date.
enum class Fmt { Text, Int, Ratio, Money, Area, PerArea, Date, Plain };

Fmt format_of_unit(const std::string& unit) {
    if (unit == "1") return Fmt::Ratio;
    if (unit == "亩" || unit == "平方米") return Fmt::Area;
    if (unit == "万元") return Fmt::Money;
    if (unit == "万元/亩" || unit == "万元/公顷") return Fmt::PerArea;
    if (unit == "日期") return Fmt::Date;
    if (unit == "个" || unit == "年") return Fmt::Int;
    return Fmt::Plain;
}

// A text column whose alias ends in 日期 (批准日期) holds a YYYY-MM-DD date (text columns declare
// no unit, tests/unit/test_columns.cpp): it is written as a date cell.
bool is_date_column(const OutField& f) {
    const std::string_view suffix = "日期";
    return f.alias.size() >= suffix.size() && f.alias.compare(f.alias.size() - suffix.size(), suffix.size(), suffix) == 0;
}

Fmt format_of(const OutField& f) {
    if (f.type == OutType::Text) return is_date_column(f) ? Fmt::Date : Fmt::Text;
    if (f.type == OutType::Int) return Fmt::Int;
    // A real number counted in years (可供地年限 103.33 年) keeps its decimals: the Int branch
    // would write it truncated.
    const Fmt u = format_of_unit(f.unit);
    return u == Fmt::Int ? Fmt::PerArea : u;
}

// A YYYY-MM-DD text as a date, or false.
bool parse_date(std::string_view t, lxw_datetime& d) {
    int y = 0, m = 0, day = 0;
    char rest = 0;
    if (t.size() != 10) return false;
    char z[11];
    t.copy(z, 10);
    z[10] = 0;
    if (std::sscanf(z, "%4d-%2d-%2d%c", &y, &m, &day, &rest) != 3) return false;
    if (y < 1900 || m < 1 || m > 12 || day < 1 || day > 31) return false;
    d = lxw_datetime{y, m, day, 0, 0, 0.0};
    return true;
}

// '&' starts a code in an Excel header or footer; a literal one is doubled.
std::string header_text(const std::string& t) {
    std::string out;
    for (char c : t) {
        out += c;
        if (c == '&') out += '&';
    }
    return out;
}

// Landscape, A4 (A3 when wider than kA4MaxColumns), one page wide, the header row on every page,
// the report title, sheet title and evaluation date in the header, the page number in the footer.
void page_setup(lxw_worksheet* sh, size_t columns, lxw_row_t header_row, const std::string& report_title,
                const std::string& sheet_title, const std::string& date) {
    worksheet_set_landscape(sh);
    worksheet_set_paper(sh, columns > kA4MaxColumns ? kPaperA3 : kPaperA4);
    worksheet_fit_to_pages(sh, 1, 0);
    worksheet_repeat_rows(sh, header_row, header_row);
    const std::string head = "&L" + header_text(report_title) + "&C" + header_text(sheet_title) + "&R评价基准日 " + header_text(date);
    // Excel caps a header at 255 characters: a long title keeps the sheet title and the date.
    if (worksheet_set_header(sh, head.c_str()) != LXW_NO_ERROR)
        worksheet_set_header(sh, ("&C" + header_text(utf8_prefix(sheet_title, 120)) + "&R评价基准日 " + header_text(date)).c_str());
    worksheet_set_footer(sh, "&C第 &P 页 共 &N 页");
}

// One column of a layer's sheet: a field of the layer, or the name of the park in its park_id field.
struct SheetCol {
    size_t field;
    bool park_name;
    Fmt fmt;
    std::string alias;
};

// --- The documents of issue 17 (documents.hpp): report.xlsx's confirm sheet and notice.xlsx.

struct DocFormats {
    lxw_format *head, *integer, *area, *per_area, *plain, *text;
};

// A text cell (as text even when it looks like a formula).
void put_text(lxw_worksheet* sh, lxw_row_t r, lxw_col_t c, const std::string& v, const DocFormats& f) {
    if (!v.empty()) worksheet_write_string(sh, r, c, v.c_str(), looks_like_formula(v) ? f.text : nullptr);
}
void put_number(lxw_worksheet* sh, lxw_row_t r, lxw_col_t c, double v, lxw_format* fmt) {
    if (!std::isnan(v) && !std::isinf(v)) worksheet_write_number(sh, r, c, v, fmt);
}

// The 一企一单 confirm sheet: one row per enterprise with the figures of its page of confirm.pdf.
// The grading items differ between lists (above-scale six, the others two): one group of columns
// (value, benchmark, weight, points) per item label, in the order they first appear.
void write_confirm_sheet(lxw_workbook* wb, const Documents& d, const DocFormats& f, const std::string& report_title,
                         const std::string& stamp_date) {
    std::vector<std::string> labels;
    for (const auto& c : d.sheets)
        for (const auto& it : c.items)
            if (std::find(labels.begin(), labels.end(), it.label) == labels.end()) labels.push_back(it.label);
    std::vector<std::string> head = {"统一社会信用代码", "企业名称", "企业规模", "评价名单", "宗地", "自有宗地面积(亩)", "租出用地(亩)",
                                     "租入用地(亩)", "评价用地面积(亩)"};
    for (const auto& l : labels)
        for (const char* part : {"值", "基准值", "权重", "得分"}) head.push_back(l + part);
    for (const char* h : {"综合评价得分", "名次", "参评企业数", "评价等级", "评价说明"}) head.push_back(h);
    const char* name = "一企一单确认(confirm)";
    lxw_worksheet* sh = workbook_add_worksheet(wb, name);
    for (size_t c = 0; c < head.size(); ++c) {
        worksheet_write_string(sh, 0, static_cast<lxw_col_t>(c), head[c].c_str(), f.head);
        worksheet_set_column(sh, static_cast<lxw_col_t>(c), static_cast<lxw_col_t>(c), c == 1 || c == 4 || c + 1 == head.size() ? 30 : 12, nullptr);
    }
    worksheet_freeze_panes(sh, 1, 2);
    page_setup(sh, head.size(), 0, report_title, name, stamp_date);
    lxw_row_t r = 1;
    for (const auto& c : d.sheets) {
        if (r > kMaxDataRows) break;
        std::vector<std::string> parcels;
        for (const auto& p : c.parcels)
            parcels.push_back((p.lease ? "租赁 " : "") + p.parcel_id + " " + fmt::fixed(p.area_mu, 2) + "亩" +
                              (p.lease ? " (建筑面积 " + fmt::m2(p.leased_floor_m2) + "平方米)" : p.supply_dt.empty() ? "" : " " + p.supply_dt) +
                              (p.after_t ? " 基准日后供地" : ""));
        lxw_col_t col = 0;
        put_text(sh, r, col++, c.ent_id, f);
        put_text(sh, r, col++, c.name, f);
        put_text(sh, r, col++, c.scale_cn, f);
        put_text(sh, r, col++, c.list_cn, f);
        put_text(sh, r, col++, join(parcels, "; "), f);
        for (double v : {c.parcel_mu, c.leased_out_mu, c.leased_in_mu, c.land_mu}) put_number(sh, r, col++, v, f.area);
        for (const auto& l : labels) {
            const auto it = std::find_if(c.items.begin(), c.items.end(), [&](const GradeItem& g) { return g.label == l; });
            if (it != c.items.end()) {
                put_number(sh, r, col, it->value, f.plain);
                put_number(sh, r, col + 1, it->bench, f.plain);
                put_number(sh, r, col + 2, it->weight, f.plain);
                put_number(sh, r, col + 3, it->points, f.per_area);
            }
            col = static_cast<lxw_col_t>(col + 4);
        }
        put_number(sh, r, col++, c.score, f.per_area);
        if (c.rank > 0) worksheet_write_number(sh, r, col, c.rank, f.integer);
        ++col;
        if (c.ranked_of > 0) worksheet_write_number(sh, r, col, c.ranked_of, f.integer);
        ++col;
        put_text(sh, r, col++, std::string(grade_labels().zh(std::string(1, c.grade))), f);
        std::string why = c.why;
        if (why.size() > 32000) why = utf8_prefix(why, 32000) + "…";
        put_text(sh, r, col++, why, f);
        ++r;
    }
    worksheet_autofilter(sh, 0, 0, r - 1, static_cast<lxw_col_t>(head.size() - 1));
}

}  // namespace

namespace {

// The workbook's cell formats, added once per workbook in this order (the order is the styles'
// order in the file), and the number format of each kind of figure.
struct SheetFormats {
    lxw_format *head, *title, *f_int, *f_ratio, *f_money, *f_area, *f_per_area, *f_date, *f_text, *f_plain;

    explicit SheetFormats(lxw_workbook* wb) {
        head = workbook_add_format(wb);
        format_set_bold(head);
        format_set_bg_color(head, 0xDDEBF7);
        format_set_border(head, LXW_BORDER_THIN);
        format_set_text_wrap(head);
        auto number_format = [&](const char* code) {
            lxw_format* f = workbook_add_format(wb);
            format_set_num_format(f, code);
            return f;
        };
        f_int = number_format("0");
        f_ratio = number_format("0.00%");
        f_money = number_format("#,##0.00");
        f_area = number_format("#,##0.0");
        f_per_area = number_format("0.00");
        f_date = number_format("yyyy-mm-dd");
        // Text a spreadsheet would run as a formula (=, +, -, @ first) is written as it reads, as a text
        // cell with the Text number format (@), so that editing the cell keeps it text. (libxlsxwriter
        // 1.1.4, Debian 12's, has no format_set_quote_prefix; the Text format has the same effect.)
        f_text = number_format("@");
        f_plain = number_format("0.0000");
        title = workbook_add_format(wb);
        format_set_bold(title);
        format_set_font_size(title, 14);
        // Each format's style index, given now in this order (libxlsxwriter gives one when a format is
        // first written): the rows added after the workbook is closed (splice_rows) use these indices,
        // which the styles part lists whether or not libxlsxwriter wrote a cell in the format.
        for (lxw_format* f : all()) lxw_format_get_xf_index(f);
    }
    std::array<lxw_format*, 10> all() const { return {head, f_int, f_ratio, f_money, f_area, f_per_area, f_date, f_text, f_plain, title}; }
    lxw_format* of(Fmt f) const {
        switch (f) {
            case Fmt::Int: return f_int;
            case Fmt::Ratio: return f_ratio;
            case Fmt::Money: return f_money;
            case Fmt::Area: return f_area;
            case Fmt::PerArea: return f_per_area;
            case Fmt::Date: return f_date;
            case Fmt::Plain: return f_plain;
            case Fmt::Text: break;
        }
        return nullptr;
    }
};

// One cell of a layer's sheet as written: nothing, a number in a format (a date is a number in the
// date format) or text (in the Text format when it reads like a formula).
struct SheetCell {
    enum Kind : uint8_t { None, Number, Text } kind = None;
    double number = 0;
    std::string_view text;
    lxw_format* fmt = nullptr;
};

// Text as its cell: a YYYY-MM-DD text of a date column as a date; at most 32,000 bytes (an Excel cell
// holds 32,767 characters: `buf` keeps the cut text); empty text is no cell.
SheetCell text_cell(std::string_view v, Fmt f, const SheetFormats& F, std::string& buf) {
    lxw_datetime d{};
    if (f == Fmt::Date && parse_date(v, d)) return {SheetCell::Number, lxw_datetime_to_excel_date_epoch(&d, LXW_EPOCH_1900), {}, F.f_date};
    if (v.size() > 32000) {
        buf = utf8_prefix(std::string(v), 32000) + "…";
        v = buf;
    }
    if (v.empty()) return {};
    return {SheetCell::Text, 0, v, looks_like_formula(v) ? F.f_text : nullptr};
}

// Writes a cell (nothing for SheetCell::None).
void write_cell(lxw_worksheet* sh, lxw_row_t r, lxw_col_t c, const SheetCell& v) {
    if (v.kind == SheetCell::Number) worksheet_write_number(sh, r, c, v.number, v.fmt);
    else if (v.kind == SheetCell::Text) worksheet_write_string(sh, r, c, std::string(v.text).c_str(), v.fmt);
}

// Writes text, or a date cell for a date column holding a YYYY-MM-DD text (text_cell).
void write_text(const SheetFormats& F, lxw_worksheet* sh, lxw_row_t r, lxw_col_t c, std::string_view v, Fmt f) {
    std::string buf;
    write_cell(sh, r, c, text_cell(v, f, F, buf));
}

// The cell of column `sc` of a row whose fields are `cell` (one of them) with their text in `text`.
SheetCell sheet_cell(const SheetCol& sc, const RowCells::Cell& cell, const std::string& text,
                     const std::map<std::string, std::string, std::less<>>& park_names, const SheetFormats& F, std::string& buf) {
    if (cell.kind == RowCells::Null) return {};
    auto as_text = [&]() -> std::string_view {
        if (cell.kind == RowCells::Text) return RowCells::text_of(cell, text);
        buf = cell.kind == RowCells::Int ? std::to_string(cell.integer) : fmt::sig(cell.real, 15);
        return buf;
    };
    if (sc.park_name) {
        const auto it = park_names.find(as_text());
        return it == park_names.end() ? SheetCell{} : text_cell(it->second, Fmt::Text, F, buf);
    }
    if (sc.fmt == Fmt::Text || sc.fmt == Fmt::Date) return text_cell(as_text(), sc.fmt, F, buf);
    // Numbers: a field's format follows its type (format_of), so a Text cell here is not expected;
    // it would be read as OGR reads a number from text.
    double v = cell.kind == RowCells::Real ? cell.real
               : cell.kind == RowCells::Int ? static_cast<double>(cell.integer)
                                            : CPLAtof(std::string(as_text()).c_str());
    if (sc.fmt == Fmt::Int && cell.kind == RowCells::Real) v = static_cast<double>(static_cast<int64_t>(v));
    return {SheetCell::Number, v, {}, sc.fmt == Fmt::Int ? F.f_int : F.of(sc.fmt)};
}

// A layer's sheet whose data rows are written after libxlsxwriter has closed the workbook: rows
// [first, first + rows) of `layer` as rows header_rows + 1 … of xl/worksheets/sheet<sheet>.xml. The
// development-zone check's sheet has two header rows and, after its parks, the rows of `then` (its
// platforms: the same fields) from its first on.
struct DeferredRows {
    unsigned sheet;
    const OutLayer* layer;  // a layer's rows first … first + rows, in the columns `cols`
    std::vector<SheetCol> cols;
    size_t first, rows;
    const ReportSummary::Table* table = nullptr;  // or a table's rows (layer null)
    unsigned header_rows = 1;
    const OutLayer* then = nullptr;  // rows past layer_rows come from its rows 0 …
    size_t layer_rows = SIZE_MAX;
    size_t columns() const { return table ? table->fields.size() : cols.size(); }
};

// Cell c of a ReportSummary::Table row: numbers with their unit's format (a NaN is no cell), text as
// written (no date conversion), cut and marked as text_cell does.
SheetCell table_cell(const ReportSummary::Table& t, const std::vector<Value>& row, size_t c, const SheetFormats& F,
                     std::string& buf) {
    if (c >= row.size()) return {};
    const Value& v = row[c];
    if (const double* d = std::get_if<double>(&v))
        return std::isnan(*d) ? SheetCell{} : SheetCell{SheetCell::Number, *d, {}, F.of(format_of(t.fields[c]))};
    if (const int64_t* i = std::get_if<int64_t>(&v)) return {SheetCell::Number, static_cast<double>(*i), {}, F.f_int};
    if (const std::string* x = std::get_if<std::string>(&v)) return text_cell(*x, Fmt::Text, F, buf);
    if (const std::string_view* y = std::get_if<std::string_view>(&v)) return text_cell(*y, Fmt::Text, F, buf);
    return {};
}

// One of ReportSummary::tables (异议更正, 差别化政策: issue 17) as its own sheet: headers from the
// fields' aliases, numbers with their unit's format, text as written. With `deferred` its rows are
// put in after libxlsxwriter has closed the workbook (splice_rows), as the layer sheets' are.
void write_table_sheet(lxw_workbook* wb, const ReportSummary::Table& t, const SheetFormats& F,
                       const std::string& report_title, const std::string& stamp_date, std::vector<DeferredRows>* deferred) {
    lxw_worksheet* sh = workbook_add_worksheet(wb, t.title.c_str());
    for (size_t c = 0; c < t.fields.size(); ++c) {
        const auto col = static_cast<lxw_col_t>(c);
        worksheet_write_string(sh, 0, col, t.fields[c].alias.c_str(), F.head);
        worksheet_set_column(sh, col, col, format_of(t.fields[c]) == Fmt::Text ? 20 : 12, nullptr);
    }
    worksheet_freeze_panes(sh, 1, 0);
    page_setup(sh, t.fields.size(), 0, report_title, t.title, stamp_date);
    if (deferred) {
        deferred->push_back(DeferredRows{static_cast<unsigned>(sh->index) + 1, nullptr, {}, 0, t.count, &t});
    } else {
        std::string buf;
        for (size_t k = 0; k < t.count; ++k) {
            const std::vector<Value> row = t.row(k);
            for (size_t c = 0; c < t.fields.size(); ++c)
                write_cell(sh, static_cast<lxw_row_t>(k + 1), static_cast<lxw_col_t>(c), table_cell(t, row, c, F, buf));
        }
    }
    if (t.count > 0) worksheet_autofilter(sh, 0, 0, static_cast<lxw_row_t>(t.count), static_cast<lxw_col_t>(t.fields.size() - 1));
}

// A layer's rows read one at a time as the cells of its sheet's columns.
class SheetRowReader {
public:
    SheetRowReader(const OutLayer& L, const std::map<std::string, std::string, std::less<>>& park_names, const SheetFormats& F)
        : m_rows(L), m_park_names(park_names), m_formats(F) {}
    void read(size_t i) { m_rows.read(i); }
    // Column `sc` of the row read last (valid until the next call).
    SheetCell cell(const SheetCol& sc) {
        const RowCells::Cell& c = m_rows.cells()[sc.field];
        if (sc.park_name && c.kind == RowCells::Text) {
            // A park's name looked up once per run of its parcels (they mostly follow each other);
            // kept unless it is the cut copy in m_buf, which the next cell may overwrite.
            const std::string_view id = RowCells::text_of(c, m_rows.text());
            if (m_last_id && *m_last_id == id) return m_last_name;
            const SheetCell v = sheet_cell(sc, c, m_rows.text(), m_park_names, m_formats, m_buf);
            const bool in_buf = v.kind == SheetCell::Text && v.text.data() >= m_buf.data() && v.text.data() <= m_buf.data() + m_buf.size();
            if (in_buf) m_last_id.reset();
            else m_last_id = std::string(id), m_last_name = v;
            return v;
        }
        return sheet_cell(sc, c, m_rows.text(), m_park_names, m_formats, m_buf);
    }

private:
    RowReader m_rows;
    std::string m_buf;
    std::optional<std::string> m_last_id;  // the park id of the last name looked up, and its cell
    SheetCell m_last_name;
    const std::map<std::string, std::string, std::less<>>& m_park_names;
    const SheetFormats& m_formats;
};

// Park names by park_id, from the parks layer (when the workbook has one), for the sheets that
// list parks by id.
std::map<std::string, std::string, std::less<>> park_names_of(const std::vector<OutLayer>& layers) {
    std::map<std::string, std::string, std::less<>> park_names;
    for (const auto& L : layers) {
        if (L.name != "parks") continue;
        int id_field = -1, name_field = -1;
        for (size_t c = 0; c < L.fields.size(); ++c) {
            if (L.fields[c].name == "park_id") id_field = static_cast<int>(c);
            if (L.fields[c].name == "name") name_field = static_cast<int>(c);
        }
        if (id_field < 0 || name_field < 0) break;
        OGRFeatureDefn* defn = feature_defn_of(L, "parks");
        for (size_t i = 0; i < L.count; ++i) {
            OGRFeature feat(defn);
            OutRow out(feat, false, 0);
            L.fill(i, out);
            park_names.emplace(feat.GetFieldAsString(id_field), feat.GetFieldAsString(name_field));
        }
        defn->Release();
    }
    return park_names;
}

// The summary sheet (汇总): the summary's facts, the counts by state, category and grade, and the
// parks with their key figures.
void write_summary_sheet(lxw_workbook* wb, const ReportSummary& summary, const SheetFormats& F,
                         const std::string& stamp_date) {
    lxw_worksheet* ws = workbook_add_worksheet(wb, "汇总");
    worksheet_write_string(ws, 0, 0, summary.title.c_str(), F.title);
    lxw_row_t row = 2;
    worksheet_write_string(ws, row, 0, "指标", F.head);
    worksheet_write_string(ws, row, 1, "数值", F.head);
    ++row;
    const lxw_row_t facts_head = row - 1;
    for (size_t k = 0; k < summary.facts.size(); ++k) {
        const auto& [label, text] = summary.facts[k];
        worksheet_write_string(ws, row, 0, label.c_str(), nullptr);
        // Numbers as numbers, with the number format of their unit; the rest as text.
        const Fmt f = k < summary.fact_numbers.size() ? format_of_unit(summary.fact_numbers[k].second) : Fmt::Text;
        const double v = k < summary.fact_numbers.size() ? summary.fact_numbers[k].first : std::nan("");
        if (f != Fmt::Date && !std::isnan(v))
            worksheet_write_number(ws, row, 1, v, F.of(f));
        else
            write_text(F, ws, row, 1, text, f == Fmt::Date ? Fmt::Date : Fmt::Text);
        ++row;
    }
    ++row;
    worksheet_write_string(ws, row, 0, "分类", F.head);
    worksheet_write_string(ws, row, 1, "类别", F.head);
    worksheet_write_string(ws, row, 2, "数量", F.head);
    worksheet_write_string(ws, row, 3, "面积(亩)", F.head);
    ++row;
    for (const char* table : {"state", "category", "grade"})
        for (const auto& c : summary.counts) {
            if (c.table != table) continue;
            worksheet_write_string(ws, row, 0, c.heading.c_str(), nullptr);
            worksheet_write_string(ws, row, 1, c.label.c_str(), nullptr);
            worksheet_write_number(ws, row, 2, static_cast<double>(c.n), F.f_int);
            worksheet_write_number(ws, row, 3, c.mu, F.f_area);
            ++row;
        }
    // The parks with their key figures, the region total (全区合计) as the last row.
    if (!summary.parks.empty()) {
        ++row;
        const std::pair<const char*, lxw_format*> heads[] = {
            {"园区代码", nullptr},          {"园区名称", nullptr},         {"宗地面积(亩)", F.f_area},
            {"产值(万元)", F.f_money},        {"税收(万元)", F.f_money},       {"亩均产值(万元/亩)", F.f_per_area},
            {"亩均税收(万元/亩)", F.f_per_area}, {"供地率", F.f_ratio}};
        worksheet_set_row(ws, row, 30, nullptr);  // two lines: the wrapped 亩均 headers
        for (lxw_col_t c = 0; c < 8; ++c) worksheet_write_string(ws, row, c, heads[c].first, F.head);
        ++row;
        for (const auto& p : summary.parks) {
            write_text(F, ws, row, 0, p.id, Fmt::Text);
            write_text(F, ws, row, 1, p.name, Fmt::Text);
            const double v[] = {p.land_mu, p.output, p.tax, p.mu_output, p.mu_tax, p.supply_rt};
            for (lxw_col_t c = 2; c < 8; ++c)
                if (!std::isnan(v[c - 2])) worksheet_write_number(ws, row, c, v[c - 2], heads[c].second);
            ++row;
        }
    }
    worksheet_set_column(ws, 0, 0, 22, nullptr);
    worksheet_set_column(ws, 1, 1, 44, nullptr);
    worksheet_set_column(ws, 2, 7, 12, nullptr);
    page_setup(ws, 8, facts_head, summary.title, "汇总", stamp_date);
}

// The key columns of the printed parcels and parks sheets (issue 16, README "Choices"): ids, names,
// areas, the Chinese labels of state / grade / level / category / role and the 亩均 figures, in this
// order and first; kParkName is the park's name beside park_id. The other columns follow as one
// collapsed outline group (hidden, level 1): the sheet prints one page wide at a readable zoom, and a
// reader opens the group with the "+" above the column after it. Layers without a list keep their
// columns as they are.
constexpr std::string_view kParkName = "#park_name";
const std::vector<std::string_view>* key_columns_of(const std::string& layer) {
    static const std::vector<std::string_view> parcels = {"parcel_id", "ent_id",  "park_id",   kParkName, "share",
                                                          "area_m2",   "area_mu", "state_cn",  "grade_cn", "mu_output",
                                                          "mu_tax",    "inv_int", "far",       "coverage"};
    static const std::vector<std::string_view> parks = {"park_id", "name",      "level_cn", "categor_cn", "role_cn",
                                                        "area_mu", "land_mu",   "mu_output", "mu_tax",     "inv_int",
                                                        "far",     "supply_rt", "idle_mu",  "score"};
    if (layer == "parcels") return &parcels;
    if (layer == "parks") return &parks;
    return nullptr;
}

// How many lines a header takes in a column `width` characters wide when it wraps: a Chinese
// character is two characters wide, an ASCII one one (a character of padding on each line).
size_t header_lines(const std::string& alias, double width) {
    size_t units = 0;
    for (unsigned char ch : alias)
        if (ch < 0x80) ++units;
        else if ((ch & 0xC0) != 0x80) units += 2;  // the lead byte of a multi-byte character
    const auto per_line = static_cast<size_t>(std::max(1.0, width - 1));
    return std::max<size_t>(1, (units + per_line - 1) / per_line);
}

// One sheet per layer (more when it passes Excel's row limit); values come from the same fill
// functions as the vector outputs.
void write_layer_sheets(lxw_workbook* wb, const OutLayer& L, const std::map<std::string, std::string, std::less<>>& park_names,
                        const SheetFormats& F, const std::string& report_title, const std::string& stamp_date,
                        std::vector<DeferredRows>* deferred) {
    OGRFeatureDefn* defn = feature_defn_of(L);
    // The sheet's columns: every field, and beside a park_id (outside the parks sheet, which has
    // the name already) the park's name.
    std::vector<SheetCol> cols;
    for (size_t c = 0; c < L.fields.size(); ++c) {
        cols.push_back({c, false, format_of(L.fields[c]), L.fields[c].alias});
        if (L.fields[c].name == "park_id" && L.name != "parks" && !park_names.empty())
            cols.push_back({c, true, Fmt::Text, "园区名称"});
    }
    // The parcels and parks sheets: the key columns first, the others after them (outline group).
    size_t n_key = cols.size();
    if (const auto* keys = key_columns_of(L.name)) {
        auto name_of = [&](const SheetCol& sc) { return sc.park_name ? kParkName : std::string_view(L.fields[sc.field].name); };
        std::vector<SheetCol> ordered;
        for (std::string_view k : *keys)
            for (const auto& sc : cols)
                if (name_of(sc) == k) ordered.push_back(sc);
        n_key = ordered.size();
        for (const auto& sc : cols)
            if (std::find(keys->begin(), keys->end(), name_of(sc)) == keys->end()) ordered.push_back(sc);
        cols = std::move(ordered);
    }
    // Column widths (characters): text 18, numbers 11; the ids and names among the key columns 24, so
    // that a printed 19-character parcel id, an 18-character credit code or a ten-character park
    // name is not cut off.
    std::vector<double> width(cols.size());
    for (size_t c = 0; c < cols.size(); ++c) {
        const std::string& n = L.fields[cols[c].field].name;
        const bool id_or_name = cols[c].park_name || n == "name" || (n.size() > 3 && n.compare(n.size() - 3, 3, "_id") == 0);
        width[c] = cols[c].fmt != Fmt::Text ? 11 : c < n_key && n_key < cols.size() && id_or_name ? 24 : 18;
    }
    lxw_row_col_options detail{};  // the columns after the key ones: hidden, outline level 1
    detail.hidden = 1;
    detail.level = 1;
    lxw_row_col_options expander{};  // the column after the group carries its collapsed "+"
    expander.collapsed = 1;
    const size_t sheets = std::max<size_t>(1, (L.count + kMaxDataRows - 1) / kMaxDataRows);
    std::unique_ptr<Progress> progress;
    if (!deferred) progress = std::make_unique<Progress>(tr(Msg::PXlsx, {L.name}), L.count);
    size_t i = 0;
    for (size_t part = 0; part < sheets; ++part) {
        std::string name = L.title + (part ? " (" + std::to_string(part + 1) + ")" : "");
        lxw_worksheet* sh = workbook_add_worksheet(wb, name.c_str());
        // The header row is as tall as its longest wrapped header (at most 4 lines): LibreOffice keeps
        // an imported row's height, and showed only the last line of "亩均产值(万元/亩)".
        size_t lines = 1;
        for (size_t c = 0; c < cols.size(); ++c) lines = std::max(lines, header_lines(cols[c].alias, width[c]));
        worksheet_set_row(sh, 0, 15.0 * static_cast<double>(std::min<size_t>(lines, 4)), nullptr);
        for (size_t c = 0; c < cols.size(); ++c) {
            worksheet_write_string(sh, 0, static_cast<lxw_col_t>(c), cols[c].alias.c_str(), F.head);
            // 11 characters hold 1,234,567.89 and the headers wrap: at 14/24 the parks sheet's 85
            // columns needed more than LibreOffice's smallest zoom (10 %) and printed two pages wide.
            worksheet_set_column_opt(sh, static_cast<lxw_col_t>(c), static_cast<lxw_col_t>(c),
                                     width[c], nullptr, c < n_key ? nullptr : &detail);
        }
        if (n_key < cols.size()) {
            const auto after = static_cast<lxw_col_t>(cols.size());
            worksheet_set_column_opt(sh, after, after, LXW_DEF_COL_WIDTH, nullptr, &expander);
            worksheet_outline_settings(sh, LXW_TRUE, LXW_TRUE, LXW_TRUE, LXW_FALSE);
        }
        worksheet_freeze_panes(sh, 1, 0);
        // The paper and zoom follow the printed (key) columns; the hidden ones do not print.
        page_setup(sh, n_key, 0, report_title, name, stamp_date);
        const size_t rows = std::min<size_t>(kMaxDataRows, L.count - i);
        if (deferred) {
            // The rows go in after libxlsxwriter has closed the workbook (splice_rows).
            deferred->push_back(DeferredRows{static_cast<unsigned>(sh->index) + 1, &L, cols, i, rows});
        } else {
            SheetRowReader reader(L, park_names, F);
            for (size_t k = 0; k < rows; ++k) {
                reader.read(i + k);
                const auto r = static_cast<lxw_row_t>(k + 1);
                for (size_t c = 0; c < cols.size(); ++c) write_cell(sh, r, static_cast<lxw_col_t>(c), reader.cell(cols[c]));
                if (((i + k) & 4095) == 0) progress->update(i + k);
            }
        }
        i += rows;
        worksheet_autofilter(sh, 0, 0, static_cast<lxw_row_t>(rows), static_cast<lxw_col_t>(cols.size() - 1));
    }
    if (progress) progress->done();
    defn->Release();
}

// The development-zone check (issue 18): one row per zone in the layout these checks are
// submitted in, the columns grouped under a merged header row. Written only when a control-line,
// 三调 or plan layer gave figures, from the parks layer's own fields.
void write_devzone_sheet(lxw_workbook* wb, const OutLayer& L, const OutLayer* dz_platforms, const SheetFormats& F,
                         const std::string& report_title, const std::string& stamp_date, std::vector<DeferredRows>* deferred) {
    struct Group {
        const char* title;
        std::vector<const char*> fields;
    };
    const std::vector<Group> groups = {
        {"开发区", {"park_id", "name", "level_cn", "area_mu"}},
        {"城镇开发边界", {"dev_in_mu", "dev_out_mu", "dev_out_rt"}},
        {"永久基本农田与生态保护红线", {"farm_mu", "eco_mu"}},
        {"现状用地(三调)", {"cur_con_mu", "cur_ind_mu", "cur_min_mu", "cur_sto_mu", "cur_ind_rt"}},
        {"规划用地", {"pln_con_mu", "pln_ind_mu", "pln_ind_rt"}},
        {"批、供、用", {"appr_mu", "unsup_mu", "unsup_rt", "land_mu", "idle_mu", "idle_rate"}},
        {"可供地年限", {"sup_n_mu", "sup_avg_mu", "proof_mu", "sup_yrs"}},
        {"年度用地计划", {"below_mu", "below_rt", "quota_adj", "quota_why"}},
    };
    auto index_of = [&](const char* name) -> int {
        for (size_t c = 0; c < L.fields.size(); ++c)
            if (L.fields[c].name == name) return static_cast<int>(c);
        return -1;
    };
    std::vector<std::pair<size_t, int>> cols;  // (group, field index)
    for (size_t g = 0; g < groups.size(); ++g)
        for (const char* f : groups[g].fields) {
            const int fi = index_of(f);
            if (fi >= 0) cols.emplace_back(g, fi);
        }
    OGRFeatureDefn* defn = feature_defn_of(L, "parks");
    auto fill_from = [&](const OutLayer& from, size_t i) {
        auto feat = std::make_unique<OGRFeature>(defn);
        OutRow out(*feat, false, 0);
        from.fill(i, out);
        return feat;
    };
    auto fill = [&](size_t i) { return fill_from(L, i); };
    bool any = false;
    for (size_t i = 0; i < L.count && !any; ++i) {
        const auto feat = fill(i);
        for (const char* f : {"dev_in_mu", "farm_mu", "eco_mu", "cur_con_mu", "pln_con_mu"}) {
            const int fi = index_of(f);
            if (fi >= 0 && feat->IsFieldSetAndNotNull(fi)) any = true;
        }
    }
    if (any && !cols.empty()) {
        const char* name = "开发区整合核查(devzone)";
        lxw_worksheet* sh = workbook_add_worksheet(wb, name);
        // Row 0: the groups, merged over their columns; row 1: each column's alias.
        size_t c0 = 0;
        while (c0 < cols.size()) {
            size_t c1 = c0;
            while (c1 + 1 < cols.size() && cols[c1 + 1].first == cols[c0].first) ++c1;
            const char* gt = groups[cols[c0].first].title;
            if (c1 > c0)
                worksheet_merge_range(sh, 0, static_cast<lxw_col_t>(c0), 0, static_cast<lxw_col_t>(c1), gt, F.head);
            else
                worksheet_write_string(sh, 0, static_cast<lxw_col_t>(c0), gt, F.head);
            c0 = c1 + 1;
        }
        for (size_t c = 0; c < cols.size(); ++c) {
            const OutField& f = L.fields[static_cast<size_t>(cols[c].second)];
            worksheet_write_string(sh, 1, static_cast<lxw_col_t>(c), f.alias.c_str(), F.head);
            worksheet_set_column(sh, static_cast<lxw_col_t>(c), static_cast<lxw_col_t>(c),
                                 format_of(f) == Fmt::Text ? 24 : 14, nullptr);
        }
        worksheet_freeze_panes(sh, 2, 2);
        page_setup(sh, cols.size(), 1, report_title, name, stamp_date);
        worksheet_repeat_rows(sh, 0, 1);  // both header rows on every printed page
        lxw_row_t r = 2;
        // The parks, then the platforms of several parks (same columns: the park table's), each
        // measured on the union of its parks (PlatformFigures).
        const size_t n_pf = dz_platforms && dz_platforms->fields.size() == L.fields.size() ? dz_platforms->count : 0;
        if (deferred) {
            // Written after libxlsxwriter has closed the workbook, as the layer sheets' rows (the same
            // cells: sheet_cell reads what the feature would hold).
            std::vector<SheetCol> sc;
            for (const auto& [g, fi] : cols) {
                const OutField& f = L.fields[static_cast<size_t>(fi)];
                sc.push_back(SheetCol{static_cast<size_t>(fi), false, format_of(f), f.alias});
            }
            DeferredRows d{static_cast<unsigned>(sh->index) + 1, &L, sc, 0, std::min<size_t>(L.count + n_pf, kMaxDataRows - 1)};
            d.header_rows = 2;
            d.then = n_pf > 0 ? dz_platforms : nullptr;
            d.layer_rows = L.count;
            deferred->push_back(std::move(d));
            defn->Release();
            return;
        }
        for (size_t i = 0; i < L.count + n_pf && r <= kMaxDataRows; ++i, ++r) {
            const auto feat = i < L.count ? fill(i) : fill_from(*dz_platforms, i - L.count);
            for (size_t c = 0; c < cols.size(); ++c) {
                const int fi = cols[c].second;
                if (!feat->IsFieldSetAndNotNull(fi)) continue;
                const auto col = static_cast<lxw_col_t>(c);
                const Fmt fm = format_of(L.fields[static_cast<size_t>(fi)]);
                switch (fm) {
                    case Fmt::Text:
                    case Fmt::Date: write_text(F, sh, r, col, feat->GetFieldAsString(fi), fm); break;
                    case Fmt::Int: worksheet_write_number(sh, r, col, static_cast<double>(feat->GetFieldAsInteger64(fi)), F.f_int); break;
                    default: worksheet_write_number(sh, r, col, feat->GetFieldAsDouble(fi), F.of(fm)); break;
                }
            }
        }
    }
    defn->Release();
}

// --- The rows of the large sheets, written beside libxlsxwriter (issue 20).
//
// libxlsxwriter writes a cell at a time through printf and deflates the workbook on one thread
// (zlib at its default level): at 200 000 parcels report.xlsx took 20 s, most of it in those two.
// The workbook is written by libxlsxwriter with each layer sheet's header row only (its formats,
// columns, panes, filter and page setup as before); the zip is then copied entry by entry
// (compressed bytes as they are), and each of those sheets gets its data rows before </sheetData>:
// made on every core in batches of rows, the XML libxlsxwriter writes for the same cells (test
// ReportXlsx.RowsAreTheXmlLibxlsxwriterWrites), each batch deflated on its own (deflate_piece), the pieces joined
// as one deflate stream (a full flush ends each piece on a byte; the last one ends the stream),
// with the CRC-32 of the whole combined from the pieces'. Batches have a fixed number of rows, so the
// bytes do not depend on the number of threads. LANDEFF_XLSX_ROWS=LXW has libxlsxwriter write the
// rows (the reference the test compares with).

constexpr size_t kSheetBatchRows = 2048;

// A 0-based column as Excel names it (A … Z, AA …).
std::string column_name(size_t c) {
    std::string s;
    for (++c; c > 0; c = (c - 1) / 26) s.insert(s.begin(), static_cast<char>('A' + (c - 1) % 26));
    return s;
}

void append_uint(std::string& out, uint64_t v) {
    char b[24];
    const auto r = std::to_chars(b, b + sizeof b, v);
    out.append(b, r.ptr);
}

// printf's "%.16G", libxlsxwriter's number in a cell (to_chars is defined as printf's output),
// written at `p` (48 bytes of room); returns the end.
char* put_number(char* p, double v) {
    const auto r = print_real(p, p + 48, v, std::chars_format::general, 16);
    for (char* q = p; q < r.ptr; ++q)
        if (*q == 'e') *q = 'E';
    return r.ptr;
}

// Text as libxlsxwriter writes an inline string: control characters but tab and newline as _xHHHH_
// (its write), then &, < and > as entities (its output); written at `p` (room for 7 bytes a byte
// of `t`: the longest escape); returns the end.
char* put_text(char* p, std::string_view t) {
    size_t run = 0;
    for (size_t k = next_special<'&', '<', '>'>(t, 0); k < t.size(); k = next_special<'&', '<', '>'>(t, k + 1)) {
        const auto ch = static_cast<unsigned char>(t[k]);
        const bool control = ch < 0x20 && ch != '\t' && ch != '\n';
        if (ch != '&' && ch != '<' && ch != '>' && !control) continue;
        std::memcpy(p, t.data() + run, k - run);
        p += k - run;
        run = k + 1;
        if (ch == '&') {
            p = put_literal(p, "&amp;");
        } else if (ch == '<') {
            p = put_literal(p, "&lt;");
        } else if (ch == '>') {
            p = put_literal(p, "&gt;");
        } else {
            static constexpr char hex[] = "0123456789ABCDEF";
            p = put_literal(p, "_x00");
            *p++ = hex[ch >> 4];
            *p++ = hex[ch & 15];
            *p++ = '_';
        }
    }
    std::memcpy(p, t.data() + run, t.size() - run);
    return p + (t.size() - run);
}

// `in` as one piece of the sheet's deflate stream (deflate.hpp: igzip's level 1).
std::string deflate_piece(std::string_view in, bool last, const fs::path& file) {
    try {
        return landeff::deflate_piece(in, last);
    } catch (const std::runtime_error& e) {
        throw RunError(Msg::EXlsxWrite, {file.string(), "igzip", e.what()});
    }
}

// The XML of rows [start, start + n) of a deferred sheet (sheet rows start + 2 …), as libxlsxwriter
// writes them in its constant-memory mode: <row r="N">, a cell per value, no row without a cell.
// `cell_open` holds each column's `<c r="AB`; `style` gives each format's ` s="N"` (empty for xf 0).
// Each cell is written at a cursor with room made for it first (CharBuf).
template <class StyleOf>
void append_rows(CharBuf& xml, const DeferredRows& d, const std::vector<Short16>& cell_open, size_t start, size_t n,
                 const std::map<std::string, std::string, std::less<>>& park_names, const SheetFormats& F, StyleOf style) {
    std::optional<SheetRowReader> reader, then;
    if (d.layer) reader.emplace(*d.layer, park_names, F);
    std::vector<Value> row;
    std::string buf;
    for (size_t k = 0; k < n; ++k) {
        SheetRowReader* from = nullptr;
        if (reader && start + k < d.layer_rows) {
            reader->read(d.first + start + k);
            from = &*reader;
        } else if (reader) {
            if (!then) then.emplace(*d.then, park_names, F);
            then->read(start + k - d.layer_rows);
            from = &*then;
        } else {
            row = d.table->row(start + k);
        }
        const size_t row_start = xml.size();
        Short16 r;  // the row's number (at most 7 digits: kMaxDataRows)
        r.n = static_cast<size_t>(std::to_chars(r.s, r.s + 15, uint64_t(start + k + 1 + d.header_rows)).ptr - r.s);
        char* p = xml.room(32);
        p = put_literal(p, "<row r=\"");
        p = r.put(p);
        p = put_literal(p, "\">");
        xml.commit(p);
        bool any = false;
        for (size_t c = 0; c < cell_open.size(); ++c) {
            const SheetCell v = from ? from->cell(d.cols[c]) : table_cell(*d.table, row, c, F, buf);
            if (v.kind == SheetCell::None) continue;
            any = true;
            // <c r="AB12" s="9" …: 16 + 16 + 16; the rest 48 for a number, 64 + 7 a byte for text.
            p = xml.room(v.kind == SheetCell::Number ? 112 : 128 + 7 * v.text.size());
            p = cell_open[c].put(p);
            p = r.put(p);
            *p++ = '"';
            p = style(v.fmt).put(p);
            if (v.kind == SheetCell::Number) {
                p = put_literal(p, "><v>");
                p = put_number(p, v.number);
                p = put_literal(p, "</v></c>");
            } else {
                auto space = [](char ch) { return ch == ' ' || ch == '\t' || ch == '\n'; };
                p = space(v.text.front()) || space(v.text.back()) ? put_literal(p, " t=\"inlineStr\"><is><t xml:space=\"preserve\">")
                                                                  : put_literal(p, " t=\"inlineStr\"><is><t>");
                p = put_text(p, v.text);
                p = put_literal(p, "</t></is></c>");
            }
            xml.commit(p);
        }
        if (any) {
            p = xml.room(8);
            xml.commit(put_literal(p, "</row>"));
        } else {
            xml.truncate(row_start);
        }
    }
}

// Reads the current entry of `uf` whole (uncompressed).
std::string read_entry(unzFile uf, const fs::path& file, const char* name) {
    if (unzOpenCurrentFile(uf) != UNZ_OK) throw RunError(Msg::EXlsxWrite, {file.string(), name, "unzOpenCurrentFile"});
    std::string s;
    char buf[65536];
    int got;
    while ((got = unzReadCurrentFile(uf, buf, sizeof buf)) > 0) s.append(buf, static_cast<size_t>(got));
    unzCloseCurrentFile(uf);
    if (got < 0) throw RunError(Msg::EXlsxWrite, {file.string(), name, "unzReadCurrentFile"});
    return s;
}

// The workbook libxlsxwriter wrote at `base`, each deferred sheet with its rows, written to `file`.
void splice_rows(const fs::path& base, const fs::path& file, const std::vector<DeferredRows>& deferred,
                 const std::map<std::string, std::string, std::less<>>& park_names, const SheetFormats& F) {
    const std::array<lxw_format*, 10> formats = F.all();
    // Each format's style attribute as the cells carry it, made once: ` s="N"`, nothing for xf 0.
    std::array<Short16, 10> style_attr;
    for (size_t k = 0; k < formats.size(); ++k)
        if (const int32_t xf = lxw_format_get_xf_index(formats[k])) {
            std::string a = " s=\"";
            append_uint(a, static_cast<uint64_t>(xf));
            a.push_back('"');
            style_attr[k] = Short16(a);
        }
    static const Short16 no_style;
    auto style = [&](lxw_format* f) -> const Short16& {
        for (size_t k = 0; k < formats.size(); ++k)
            if (formats[k] == f) return style_attr[k];
        return no_style;
    };
    auto fail = [&](const std::string& what) {
        throw RunError(Msg::EXlsxWrite, {file.string(), what, write_failure_reason(file, errno)});
    };
    unzFile uf = unzOpen64(base.c_str());
    if (!uf) fail("unzOpen64");
    std::unique_ptr<void, int (*)(unzFile)> uf_guard(uf, unzClose);
    // report.xlsx written front to back (ZipOut: minizip's bytes without its copy and CRC of the
    // compressed data), each entry's sizes and CRC put into its local header as it ends.
    ZipOut zf;
    errno = 0;
    if (!zf.open(file)) fail("open");
    std::vector<char> buf(1 << 16);
    for (int rc = unzGoToFirstFile(uf); rc == UNZ_OK; rc = unzGoToNextFile(uf)) {
        unz_file_info64 info{};
        char name[512];
        if (unzGetCurrentFileInfo64(uf, &info, name, sizeof name, nullptr, 0, nullptr, 0) != UNZ_OK) fail("unzGetCurrentFileInfo64");
        ZipOut::Entry zi;
        zi.name = name;
        zi.dos_date = static_cast<uint32_t>(info.dosDate);
        zi.tm[0] = static_cast<int>(info.tmu_date.tm_year), zi.tm[1] = static_cast<int>(info.tmu_date.tm_mon);
        zi.tm[2] = static_cast<int>(info.tmu_date.tm_mday), zi.tm[3] = static_cast<int>(info.tmu_date.tm_hour);
        zi.tm[4] = static_cast<int>(info.tmu_date.tm_min), zi.tm[5] = static_cast<int>(info.tmu_date.tm_sec);
        zi.internal_fa = static_cast<uint16_t>(info.internal_fa);
        zi.external_fa = static_cast<uint32_t>(info.external_fa);
        const DeferredRows* d = nullptr;
        for (const auto& x : deferred)
            if ("xl/worksheets/sheet" + std::to_string(x.sheet) + ".xml" == name) d = &x;
        if (!d) {
            // Copied as it is: the compressed bytes, the CRC and sizes of the entry.
            if (unzOpenCurrentFile2(uf, &zi.method, &zi.level, 1) != UNZ_OK) fail(name);
            errno = 0;
            if (!zf.begin(zi)) fail(name);
            int got;
            while ((got = unzReadCurrentFile(uf, buf.data(), static_cast<unsigned>(buf.size()))) > 0)
                if (!zf.write(std::string_view(buf.data(), static_cast<size_t>(got)))) fail(name);
            unzCloseCurrentFile(uf);
            if (got < 0) fail(name);
            if (!zf.end(info.uncompressed_size, static_cast<uint32_t>(info.crc))) fail(name);
            continue;
        }
        // The sheet: libxlsxwriter's XML with the header row, the rows inserted before </sheetData>,
        // the dimension widened to them.
        std::string xml = read_entry(uf, file, name);
        const size_t end_data = xml.rfind("</sheetData>");
        if (end_data == std::string::npos) fail(std::string(name) + ": no </sheetData>");
        std::vector<std::string> col_names(d->columns());
        std::vector<Short16> cell_open(col_names.size());  // each column's `<c r="AB`
        for (size_t c = 0; c < col_names.size(); ++c) {
            col_names[c] = column_name(c);
            cell_open[c] = Short16("<c r=\"" + col_names[c]);
        }
        std::string head = xml.substr(0, end_data);
        const std::string tail = xml.substr(end_data);
        if (d->rows > 0) {
            // libxlsxwriter's dimension ends at the last row holding a cell; every layer row has its id,
            // every table row its first column (类型, 企业代码), every development zone and platform its
            // park_id.
            const std::string dim = "<dimension ref=\"";
            const size_t at = head.find(dim);
            const size_t close = at == std::string::npos ? at : head.find('"', at + dim.size());
            if (close == std::string::npos) fail(std::string(name) + ": no dimension");
            std::string ref = "A1:" + col_names.back();
            append_uint(ref, d->rows + d->header_rows);
            head.replace(at + dim.size(), close - at - dim.size(), ref);
        }
        zi.method = Z_DEFLATED;
        zi.level = 1;
        errno = 0;
        if (!zf.begin(zi)) fail(name);
        uint32_t crc = 0;
        uint64_t size = 0;
        auto put = [&](std::string_view piece, const std::string& z, uint32_t piece_crc) {
            if (!zf.write(z)) fail(name);
            crc = crc32_joined(crc, piece_crc, piece.size());
            size += piece.size();
        };
        put(head, deflate_piece(head, false, file), crc32_of(head));
        struct Batch {
            size_t start = 0, n = 0;
            CharBuf xml;
            std::string z;
            uint32_t crc = 0;
            void recycle() {  // used again for a later batch: the XML's buffer kept (in_ordered_batches)
                xml.clear();
                z.clear();
                crc = 0;
            }
        };
        Progress progress(tr(Msg::PXlsx, {d->layer ? d->layer->name : d->table->title}), d->rows);
        in_ordered_batches<Batch>(
            d->rows, kSheetBatchRows,
            [&](Batch& b) {
                append_rows(b.xml, *d, cell_open, b.start, b.n, park_names, F, style);
                b.z = deflate_piece(b.xml.view(), false, file);
                b.crc = crc32_of(b.xml.view());
            },
            [&](Batch& b) {
                put(b.xml.view(), b.z, b.crc);
                progress.update(b.start + b.n);
            });
        progress.done();
        put(tail, deflate_piece(tail, true, file), crc32_of(tail));
        if (!zf.end(size, crc)) fail(name);
    }
    errno = 0;
    if (!zf.close()) fail("close");
}

}  // namespace

void write_xlsx(const std::vector<OutLayer>& layers, const ReportSummary& summary, const fs::path& file,
                const std::string& stamp_date, const Documents* docs, const OutLayer* dz_platforms) {
    // The layer sheets' rows are added after libxlsxwriter has written the rest (splice_rows), from
    // the workbook it writes beside `file` (removed when done, or on failure).
    const bool splice = !env_is("LANDEFF_XLSX_ROWS", "LXW");
    const fs::path base = splice ? fs::path(file.string() + ".lxw") : file;
    struct RemoveBase {
        fs::path p;
        ~RemoveBase() {
            std::error_code ec;
            if (!p.empty()) fs::remove(p, ec);
        }
    } remove_base{splice ? base : fs::path()};
    Workbook w(base, summary.title, stamp_date, true);

    const SheetFormats F(w.wb);
    const std::map<std::string, std::string, std::less<>> park_names = park_names_of(layers);
    std::vector<DeferredRows> deferred;
    write_summary_sheet(w.wb, summary, F, stamp_date);
    for (const auto& L : layers) write_layer_sheets(w.wb, L, park_names, F, summary.title, stamp_date, splice ? &deferred : nullptr);
    for (const auto& L : layers)
        if (L.name == "parks") write_devzone_sheet(w.wb, L, dz_platforms, F, summary.title, stamp_date, splice ? &deferred : nullptr);
    for (const auto& t : summary.tables) write_table_sheet(w.wb, t, F, summary.title, stamp_date, splice ? &deferred : nullptr);
    if (docs)
        write_confirm_sheet(w.wb, *docs, {F.head, F.f_int, F.f_area, F.f_per_area, F.f_plain, F.f_text}, summary.title,
                            stamp_date);
    w.close(base);
    if (splice) splice_rows(base, file, deferred, park_names, F);
}

// notice.xlsx (issue 17): one sheet per 公示 list, the enterprises in publishing order, printed like
// report.xlsx (landscape A4, one page wide, the header row on every page, title and date in the page
// header) with the notice's title, year, objection deadline and contact line above the table.
// A worksheet named after `label` as Excel allows (at most 31 characters, none of []:*?/\, unique
// within the workbook: "(2)" added to a repeated name); a refusal ends the run naming the sheet.
static lxw_worksheet* add_named_sheet(lxw_workbook* wb, const std::string& label, std::set<std::string>& used, const fs::path& file) {
    std::string clean;
    size_t chars = 0;
    for (size_t i = 0; i < label.size() && chars < 28;) {  // room for "(9)"
        const unsigned char c = static_cast<unsigned char>(label[i]);
        const size_t n = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
        const std::string ch = label.substr(i, n);
        clean += ch.size() == 1 && std::string("[]:*?/\\").find(ch[0]) != std::string::npos ? std::string("_") : ch;
        i += n;
        ++chars;
    }
    if (clean.empty()) clean = "Sheet";
    std::string name = clean;
    for (int k = 2; used.count(name); ++k) name = clean + "(" + std::to_string(k) + ")";
    used.insert(name);
    lxw_worksheet* sh = workbook_add_worksheet(wb, name.c_str());
    if (!sh) throw RunError(Msg::EXlsxSheet, {file.string(), name});
    return sh;
}

void write_notice_xlsx(const Documents& d, const fs::path& file) {
    Workbook w(file, d.notice_title, d.eval_date, false);
    lxw_format* head = workbook_add_format(w.wb);
    format_set_bold(head);
    format_set_bg_color(head, 0xDDEBF7);
    format_set_border(head, LXW_BORDER_THIN);
    lxw_format* title = workbook_add_format(w.wb);
    format_set_bold(title);
    format_set_font_size(title, 14);
    lxw_format* integer = workbook_add_format(w.wb);
    format_set_num_format(integer, "0");
    lxw_format* text = workbook_add_format(w.wb);
    format_set_num_format(text, "@");
    const DocFormats f{head, integer, nullptr, nullptr, nullptr, text};
    const std::string blank = "＿＿＿＿＿＿＿＿";
    std::set<std::string> used;
    for (const auto& L : d.lists) {
        lxw_worksheet* sh = add_named_sheet(w.wb, L.label, used, file);
        worksheet_write_string(sh, 0, 0, d.notice_title.c_str(), title);
        put_text(sh, 1, 0, "评价年度：" + std::to_string(d.year) + " 年　评价基准日：" + d.eval_date + "　" + L.label + "（" +
                               std::to_string(L.entries.size()) + " 家）", f);
        put_text(sh, 2, 0, "异议截止日期：" + (d.deadline.empty() ? blank : d.deadline) + "　联系方式：" + (d.contact.empty() ? blank : d.contact), f);
        const char* cols[] = {"序号", "企业名称", "统一社会信用代码", "评价等级", "名次"};
        const double widths[] = {6, 36, 24, 10, 8};
        for (lxw_col_t c = 0; c < 5; ++c) {
            worksheet_write_string(sh, 3, c, cols[c], head);
            worksheet_set_column(sh, c, c, widths[c], nullptr);
        }
        page_setup(sh, 5, 3, d.notice_title, L.label, d.eval_date);
        lxw_row_t r = 4;
        for (size_t i = 0; i < L.entries.size() && r <= kMaxDataRows; ++i, ++r) {
            const NoticeEntry& e = L.entries[i];
            worksheet_write_number(sh, r, 0, static_cast<double>(i + 1), integer);
            put_text(sh, r, 1, e.name, f);
            put_text(sh, r, 2, e.ent_id, f);
            put_text(sh, r, 3, std::string(1, e.grade), f);
            if (e.rank > 0) worksheet_write_number(sh, r, 4, e.rank, integer);
        }
    }
    if (d.lists.empty()) worksheet_write_string(workbook_add_worksheet(w.wb, "公示"), 0, 0, d.notice_title.c_str(), title);
    w.close(file);
}

}  // namespace landeff
