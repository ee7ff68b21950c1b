// confirm.pdf and notice.pdf (issue 17): the 一企一单 confirmation sheets and the 公示 lists, laid out
// on A4 with Cairo's PDF surface. Text goes through Cairo's toy text API in one fontconfig face,
// Noto Sans CJK SC (fonts-noto-cjk): it covers Latin and CJK, and Chinese needs no shaping, so
// Pango would add a dependency without changing a glyph.
#include <cairo-pdf.h>
#include <cairo.h>

#include <algorithm>
#include <cmath>

#include "landeff/documents.hpp"
#include "landeff/error.hpp"
#include "landeff/format.hpp"
#include "landeff/labels.hpp"
#include "landeff/progress.hpp"
#include "landeff/text.hpp"

namespace fs = std::filesystem;

namespace landeff {
namespace {

// A4 in points, the margins, and the body text size.
constexpr double kPageW = 595.276, kPageH = 841.89, kMargin = 50, kBody = 10, kRow = 18;
constexpr const char* kFace = "Noto Sans CJK SC";

enum class Align { Left, Center, Right };

// One PDF being written: the surface, its context and the two faces.
class Pdf {
public:
    Pdf(const fs::path& file, const std::string& title, const std::string& eval_date) : m_file(file) {
        m_surface = cairo_pdf_surface_create(file.c_str(), kPageW, kPageH);
        if (cairo_surface_status(m_surface) != CAIRO_STATUS_SUCCESS) fail(cairo_surface_status(m_surface));
        // The creation date is the evaluation date (Cairo would stamp the clock time): same inputs,
        // same bytes.
        const std::string stamp = eval_date + "T00:00:00Z";
        cairo_pdf_surface_set_metadata(m_surface, CAIRO_PDF_METADATA_CREATE_DATE, stamp.c_str());
        cairo_pdf_surface_set_metadata(m_surface, CAIRO_PDF_METADATA_TITLE, title.c_str());
        cairo_pdf_surface_set_metadata(m_surface, CAIRO_PDF_METADATA_CREATOR, "landeff " LANDEFF_VERSION);
        m_cr = cairo_create(m_surface);
        m_regular = cairo_toy_font_face_create(kFace, CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL);
        m_bold = cairo_toy_font_face_create(kFace, CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_BOLD);
        cairo_set_line_width(m_cr, 0.6);
    }
    Pdf(const Pdf&) = delete;
    Pdf& operator=(const Pdf&) = delete;
    ~Pdf() {
        if (m_regular) cairo_font_face_destroy(m_regular);
        if (m_bold) cairo_font_face_destroy(m_bold);
        if (m_cr) cairo_destroy(m_cr);
        if (m_surface) cairo_surface_destroy(m_surface);
    }

    void font(double size, bool bold) {
        cairo_set_font_face(m_cr, bold ? m_bold : m_regular);
        cairo_set_font_size(m_cr, size);
    }
    double width(const std::string& s) {
        cairo_text_extents_t ext;
        cairo_text_extents(m_cr, s.c_str(), &ext);
        return ext.x_advance;
    }
    // Text at baseline y; shrunk to fit max_w when given (down to 5 pt, then cut with "…").
    void text(double x, double y, const std::string& s, double size, bool bold = false, Align a = Align::Left,
              double max_w = 0) {
        if (s.empty()) return;
        font(size, bold);
        std::string t = s;
        double w = width(t);
        if (max_w > 0 && w > max_w) {
            const double fitted = std::max(5.0, size * max_w / w);
            font(fitted, bold);
            w = width(t);
            std::string base = t;
            while (w > max_w && base.size() > 1) {
                base = utf8_prefix(base, base.size() - 1);  // one character less
                t = base + "…";
                w = width(t);
            }
        }
        const double left = a == Align::Left ? x : a == Align::Center ? x - w / 2 : x - w;
        cairo_move_to(m_cr, left, y);
        cairo_show_text(m_cr, t.c_str());
    }
    void line(double x1, double y1, double x2, double y2) {
        cairo_move_to(m_cr, x1, y1);
        cairo_line_to(m_cr, x2, y2);
        cairo_stroke(m_cr);
    }
    // Lines of at most max_w, broken between characters (Chinese has no spaces to break at).
    std::vector<std::string> wrap(const std::string& s, double size, double max_w) {
        font(size, false);
        std::vector<std::string> out;
        std::string cur;
        double w = 0;
        for (size_t i = 0; i < s.size();) {
            size_t n = 1;
            const auto c = static_cast<unsigned char>(s[i]);
            if (c >= 0xF0) n = 4;
            else if (c >= 0xE0) n = 3;
            else if (c >= 0xC0) n = 2;
            const std::string ch = s.substr(i, n);
            i += n;
            const double cw = width(ch);
            if (w + cw > max_w && !cur.empty()) {
                out.push_back(cur);
                cur.clear();
                w = 0;
            }
            cur += ch;
            w += cw;
        }
        if (!cur.empty()) out.push_back(cur);
        return out;
    }
    void page() { cairo_show_page(m_cr); }
    void finish() {
        cairo_destroy(m_cr);
        m_cr = nullptr;
        cairo_surface_finish(m_surface);
        const cairo_status_t st = cairo_surface_status(m_surface);
        if (st != CAIRO_STATUS_SUCCESS) fail(st);
    }

private:
    [[noreturn]] void fail(cairo_status_t st) {
        throw RunError(Msg::EPdfFailed, {m_file.string(), std::string(cairo_status_to_string(st))});
    }
    fs::path m_file;
    cairo_surface_t* m_surface = nullptr;
    cairo_t* m_cr = nullptr;
    cairo_font_face_t* m_regular = nullptr;
    cairo_font_face_t* m_bold = nullptr;
};

// A table: column widths (summing to the text width), a header row and rows, with a grid. Returns
// the y below it.
double table(Pdf& pdf, double y, const std::vector<double>& widths, const std::vector<std::string>& head,
             const std::vector<std::vector<std::string>>& rows, const std::vector<Align>& align) {
    const double x0 = kMargin, x1 = kPageW - kMargin;
    auto row = [&](const std::vector<std::string>& cells, bool bold) {
        pdf.line(x0, y, x1, y);
        double x = x0;
        for (size_t c = 0; c < widths.size() && c < cells.size(); ++c) {
            const Align a = bold ? Align::Center : align[c];
            const double tx = a == Align::Left ? x + 4 : a == Align::Center ? x + widths[c] / 2 : x + widths[c] - 4;
            pdf.text(tx, y + kRow - 5, cells[c], kBody - 1, bold, a, widths[c] - 8);
            x += widths[c];
        }
        y += kRow;
    };
    const double top = y;
    row(head, true);
    for (const auto& r : rows) row(r, false);
    pdf.line(x0, y, x1, y);
    double x = x0;
    for (size_t c = 0; c <= widths.size(); ++c) {
        pdf.line(x, top, x, y);
        if (c < widths.size()) x += widths[c];
    }
    return y;
}

std::string area(double mu) { return std::isnan(mu) ? "—" : fmt::fixed(mu, 2); }

// An item's value: 亩均 figures (万元/亩) with 2 decimals, the others with 4 significant digits.
std::string item_value(const GradeItem& it, double v) {
    if (std::isinf(v)) return "∞";
    return it.label.rfind("亩均", 0) == 0 ? fmt::money_per_mu(v) : fmt::number(v);
}

std::string item_note(const GradeItem& it) {
    switch (it.how) {
        case 'c': return "排放为0，取封顶分";
        case 'm': return "未报排放，取平均分";
        case 'z': return "缺少数据，计0分";
        default: return "";
    }
}

std::string grade_text(char g) { return std::string(grade_labels().zh(std::string(1, g))); }

void confirm_page(Pdf& pdf, const Documents& d, const ConfirmSheet& c, size_t page, size_t pages) {
    const double w = kPageW - 2 * kMargin;
    double y = kMargin + 16;
    pdf.text(kPageW / 2, y, d.confirm_title, 15, true, Align::Center, w);
    y += 20;
    pdf.text(kPageW / 2, y, "评价年度：" + std::to_string(d.year) + " 年　　评价基准日：" + d.eval_date, kBody - 1, false, Align::Center);
    y += 14;
    y = table(pdf, y, {110, w - 110}, {"项目", "内容"},
              {{"企业名称", c.name.empty() ? "—" : c.name},
               {"统一社会信用代码", c.ent_id},
               {"企业规模", c.scale_cn.empty() ? "—" : c.scale_cn},
               {"评价名单", c.list_cn.empty() ? "未列入评价名单" : c.list_cn}},
              {Align::Left, Align::Left});
    y += 18;
    pdf.text(kMargin, y, "一、用地情况", kBody + 1, true);
    y += 6;
    // One page per enterprise: past this many parcel lines the rest are counted, not listed.
    constexpr size_t kMaxParcelRows = 12;
    std::vector<std::vector<std::string>> rows;
    for (size_t k = 0; k < c.parcels.size(); ++k) {
        const ConfirmParcel& p = c.parcels[k];
        if (k + 1 == kMaxParcelRows && c.parcels.size() > kMaxParcelRows) {
            rows.push_back({"……", "", "", "另有 " + std::to_string(c.parcels.size() - k) + " 宗，见 report.xlsx 的 confirm 表"});
            break;
        }
        if (!p.lease)
            rows.push_back({p.parcel_id, area(p.area_mu), p.supply_dt.empty() ? "—" : p.supply_dt,
                            p.after_t ? "自有（基准日后供地，不计入）" : "自有"});
        else
            rows.push_back({p.parcel_id, area(p.area_mu), "—",
                            "租赁：建筑面积 " + fmt::m2(p.leased_floor_m2) + " 平方米，" + (p.lease_from.empty() ? "—" : p.lease_from) +
                                " 至 " + (p.lease_to.empty() ? "—" : p.lease_to)});
    }
    if (rows.empty()) rows.push_back({"—", "", "", "无宗地"});
    y = table(pdf, y, {110, 70, 80, w - 260}, {"宗地代码", "面积(亩)", "供地日期", "说明"}, rows,
              {Align::Left, Align::Right, Align::Center, Align::Left});
    y += 16;
    std::string land = "评价用地面积：" + area(c.land_mu) + " 亩";
    if (c.leased_in_mu > 0 || c.leased_out_mu > 0)
        land += "（自有宗地 " + area(c.parcel_mu) + " 亩 − 租出 " + area(c.leased_out_mu) + " 亩 + 租入 " + area(c.leased_in_mu) + " 亩）";
    pdf.text(kMargin, y, land, kBody, false, Align::Left, w);
    y += 22;
    pdf.text(kMargin, y, "二、评价指标与得分", kBody + 1, true);
    y += 6;
    if (!c.items.empty()) {
        std::vector<std::vector<std::string>> items;
        for (const auto& it : c.items)
            items.push_back({it.label, std::isnan(it.value) ? "—" : item_value(it, it.value), std::isnan(it.bench) ? "—" : item_value(it, it.bench),
                             fmt::number(it.weight), fmt::fixed(it.points, 2), item_note(it)});
        y = table(pdf, y, {100, 75, 75, 50, 60, w - 360}, {"评价指标", "指标值", "基准值", "权重", "得分", "说明"}, items,
                  {Align::Left, Align::Right, Align::Right, Align::Right, Align::Right, Align::Left});
        y += 18;
        pdf.text(kMargin, y, "综合得分：" + fmt::fixed(c.score, 2) + " 分　　名次：" + rank_text(c.rank, c.ranked_of) + "（" + c.list_cn + "）",
                 kBody, true, Align::Left, w);
        y += 18;
        pdf.text(kMargin, y, "评价等级：" + grade_text(c.grade), kBody, true);
        y += 16;
    } else {
        y += 14;
        pdf.text(kMargin, y, c.grade == 'N' ? "评价结果：不参评" : "评价等级：" + grade_text(c.grade) + "（直接评定，不参与排名）", kBody, true);
        y += 16;
        for (const auto& l : pdf.wrap("原因：" + c.why, kBody - 1, w)) {
            pdf.text(kMargin, y, l, kBody - 1);
            y += 13;
        }
    }
    y = std::max(y + 10, kPageH - 250.0);
    pdf.text(kMargin, y, "三、数据来源", kBody + 1, true);
    y += 16;
    for (const auto& l : pdf.wrap(join(d.sources, "；") + "；评价基准日 " + d.eval_date + "。", kBody - 1, w)) {
        pdf.text(kMargin, y, l, kBody - 1);
        y += 13;
    }
    y += 10;
    pdf.text(kMargin, y, "四、企业确认", kBody + 1, true);
    y += 20;
    pdf.text(kMargin, y, "□ 以上数据无误　　□ 有异议（请附书面说明及佐证材料）", kBody);
    y += 40;
    pdf.text(kMargin, y, "企业确认签字（盖章）：", kBody);
    pdf.line(kMargin + 110, y + 2, kMargin + 290, y + 2);
    pdf.text(kMargin + 310, y, "日期：　　　　年　　月　　日", kBody);
    pdf.text(kPageW / 2, kPageH - 30, "第 " + std::to_string(page) + " 页 / 共 " + std::to_string(pages) + " 页", kBody - 2, false, Align::Center);
}

}  // namespace

void write_confirm_pdf(const Documents& d, const fs::path& file) {
    Pdf pdf(file, d.confirm_title, d.eval_date);
    Progress progress(tr(Msg::PConfirmPdf), d.sheets.size());
    for (size_t i = 0; i < d.sheets.size(); ++i) {
        confirm_page(pdf, d, d.sheets[i], i + 1, d.sheets.size());
        pdf.page();
        if ((i & 255) == 0) progress.update(i);
    }
    progress.done();
    pdf.finish();
}

void write_notice_pdf(const Documents& d, const fs::path& file) {
    Pdf pdf(file, d.notice_title, d.eval_date);
    const double w = kPageW - 2 * kMargin, bottom = kPageH - 50;
    size_t page = 1;
    double y = kMargin + 16;
    auto footer = [&] { pdf.text(kPageW / 2, kPageH - 30, "第 " + std::to_string(page) + " 页", kBody - 2, false, Align::Center); };
    auto new_page = [&] {
        footer();
        pdf.page();
        ++page;
        y = kMargin;
    };
    pdf.text(kPageW / 2, y, d.notice_title, 15, true, Align::Center, w);
    y += 22;
    pdf.text(kPageW / 2, y, "评价年度：" + std::to_string(d.year) + " 年　　评价基准日：" + d.eval_date, kBody - 1, false, Align::Center);
    y += 22;
    const std::string blank = "＿＿＿＿＿＿＿＿＿＿＿＿";
    for (const auto& l : pdf.wrap("现将评价结果予以公示。对公示结果有异议的，请于 " + (d.deadline.empty() ? blank : d.deadline) +
                                      " 前以书面形式提出，并附佐证材料。", kBody, w)) {
        pdf.text(kMargin, y, l, kBody);
        y += 15;
    }
    pdf.text(kMargin, y, "异议截止日期：" + (d.deadline.empty() ? blank : d.deadline), kBody);
    y += 15;
    for (const auto& l : pdf.wrap("联系方式：" + (d.contact.empty() ? blank : d.contact), kBody, w)) {
        pdf.text(kMargin, y, l, kBody);
        y += 15;
    }
    y += 8;
    static const char* kNumerals[] = {"一", "二", "三", "四", "五", "六", "七", "八", "九", "十"};
    const std::vector<double> widths = {40, w - 290, 150, 50, 50};
    const std::vector<std::string> head = {"序号", "企业名称", "统一社会信用代码", "等级", "名次"};
    const std::vector<Align> align = {Align::Right, Align::Left, Align::Left, Align::Center, Align::Right};
    for (size_t k = 0; k < d.lists.size(); ++k) {
        const NoticeList& L = d.lists[k];
        if (y + 3 * kRow + 20 > bottom) new_page();
        y += 14;
        pdf.text(kMargin, y, std::string(k < 10 ? kNumerals[k] : "") + "、" + L.label + "（" + std::to_string(L.entries.size()) + " 家）",
                 kBody + 1, true);
        y += 6;
        size_t i = 0;
        do {
            // As many rows as fit on this page, the header row repeated on every page.
            const size_t fit = static_cast<size_t>(std::max(1.0, std::floor((bottom - y) / kRow) - 1));
            std::vector<std::vector<std::string>> rows;
            for (; i < L.entries.size() && rows.size() < fit; ++i) {
                const NoticeEntry& e = L.entries[i];
                rows.push_back({std::to_string(i + 1), e.name, e.ent_id, std::string(1, e.grade), e.rank > 0 ? std::to_string(e.rank) : "—"});
            }
            y = table(pdf, y, widths, head, rows, align);
            if (i < L.entries.size()) new_page();
        } while (i < L.entries.size());
        y += 6;
    }
    footer();
    pdf.page();
    pdf.finish();
}

}  // namespace landeff
