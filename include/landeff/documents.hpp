#pragma once
// The documents of the annual evaluation (issue 17, rules.md §5 "Documents"): the 一企一单
// confirmation sheets (confirm.pdf, one A4 page per enterprise, and the `confirm` sheet of
// report.xlsx) and the 公示 lists (notice.xlsx, notice.pdf). build_documents() gathers their
// figures from the analysis once; the PDF writer (documents_pdf.cpp) and the xlsx writer
// (xlsx.cpp) only lay them out, so every document shows the same figures.
#include <filesystem>
#include <string>
#include <vector>

#include "landeff/grades.hpp"
#include "landeff/model.hpp"

namespace landeff {

// A parcel line of a confirmation sheet: one of the enterprise's own parcels, or a lease (a tenant's
// leased floor space on another's parcel, with the land it is given for it).
struct ConfirmParcel {
    std::string parcel_id;
    bool lease = false;
    double area_mu = kNaN;       // own parcel: its measured area; lease: the land derived from the lease
    std::string supply_dt;       // own parcel: 供地日期 (YYYY-MM-DD or empty)
    bool after_t = false;        // own parcel supplied after T: listed, not counted (rules.md §4)
    double leased_floor_m2 = kNaN;  // lease: the leased floor area
    std::string lease_from, lease_to;  // lease: its term (empty = open)
};

// One enterprise's confirmation sheet (every enterprise of the analysis, graded or not).
struct ConfirmSheet {
    std::string ent_id, name;     // ent_id is the 统一社会信用代码 where the data uses it as the id
    std::string scale_cn;         // 规上 / 规下, as reported
    std::string list, list_cn;    // the ranked list (grading.lists); empty when not ranked
    std::vector<ConfirmParcel> parcels;
    double parcel_mu = kNaN;      // its own parcels supplied at T
    double leased_in_mu = 0, leased_out_mu = 0;
    double land_mu = kNaN;        // land used for its ratios
    std::vector<GradeItem> items; // empty when not scored
    double score = kNaN;
    int rank = -1, ranked_of = 0;
    char grade = 'N';
    std::string why;              // grade_why(): the reason when not graded, the band otherwise
};

// One 公示 list: the enterprises of one ranked list (or the ones graded D directly), in publishing
// order: grade A → D, then rank, then ent_id.
struct NoticeEntry {
    std::string name, ent_id;
    char grade = 'N';
    int rank = -1;  // -1: not ranked (graded D directly)
};
struct NoticeList {
    std::string code, label;  // list code ("above", …, "forced_d") and its Chinese label
    std::vector<NoticeEntry> entries;
};

struct Documents {
    int year = 0;
    std::string eval_date;                 // YYYY-MM-DD
    std::string confirm_title;             // docs.confirm_title, {year} filled in
    std::string notice_title;              // notice.title, {year} filled in
    std::string deadline, contact;         // notice.deadline, notice.contact (empty = a blank line to fill in)
    std::vector<std::string> sources;      // the input layers the figures come from
    std::vector<ConfirmSheet> sheets;      // in the enterprises' order (ent_id)
    std::vector<NoticeList> lists;         // in the lists' order, then the directly graded D
};

// Needs the grades (grade_enterprises). Reads the docs.* and notice.* settings.
Documents build_documents(const Dataset& ds, const Analysis& an);

// confirm.pdf: one A4 page per sheet. notice.pdf: the 公示 lists. Cairo's PDF surface, text in the
// Noto Sans CJK SC face; the PDF's creation date is the evaluation date, so identical inputs give
// identical bytes. A failed write ends the run (RunError naming the file).
void write_confirm_pdf(const Documents& docs, const std::filesystem::path& file);
void write_notice_pdf(const Documents& docs, const std::filesystem::path& file);
// notice.xlsx: one sheet per list (xlsx.cpp), printed like report.xlsx.
void write_notice_xlsx(const Documents& docs, const std::filesystem::path& file);

// "第 3 名 / 共 12 家", or "—" when not ranked.
std::string rank_text(int rank, int ranked_of);

}  // namespace landeff
