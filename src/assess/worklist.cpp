#include "landeff/worklist.hpp"

#include <algorithm>
#include <cmath>
#include <optional>
#include <string>

#include <tbb/parallel_for.h>
#include <tbb/parallel_sort.h>

#include "landeff/format.hpp"
#include "landeff/indicators.hpp"
#include "landeff/labels.hpp"
#include "landeff/model.hpp"
#include "landeff/params.hpp"

namespace landeff {
namespace {

// The wording of each kind of work: code, next action, legal basis (rules.md §4). One table, in
// WorkKind order; the Chinese labels of the codes are work_kind_labels() (labels.cpp).
struct KindText {
    const char* code;
    const char* action;
    const char* basis;
};
constexpr KindText kKinds[kWorkKinds] = {
    {"recover", "报有批准权的人民政府批准后，无偿收回国有建设用地使用权", "《闲置土地处置办法》(国土资源部令第53号)第十四条第(二)项"},
    {"idle_fee", "下达《征缴土地闲置费决定书》，按土地出让或划拨价款的20%征缴土地闲置费", "《闲置土地处置办法》第十四条第(一)项"},
    {"idle_gov", "与国有建设用地使用权人协商，拟订处置方案(延长动工开发期限、调整用途、置换土地等)",
     "《闲置土地处置办法》第八条、第十二条"},
    {"start_late", "开展闲置土地调查核实，发出《闲置土地调查通知书》，督促动工开发",
     "《闲置土地处置办法》第二条、第九条；出让合同约定的动工开发日期"},
    {"done_late", "督促竣工，核查延期原因，依出让合同追究违约责任", "出让合同约定的竣工日期"},
    {"start_soon", "提醒用地单位按期动工", "出让合同约定的动工开发日期"},
    {"done_soon", "提醒用地单位按期竣工", "出让合同约定的竣工日期"},
    {"review", "开展达产复核：亩均产值、亩均税收、投资强度对照出让合同约定", "出让合同(标准地)约定的达产指标"},
    {"term_end", "评估亩均效益，决定续期或到期收回", "出让合同约定的出让年期(弹性年期出让)"},
};

}  // namespace

const char* work_kind_name(WorkKind k) { return kKinds[static_cast<size_t>(k)].code; }
const char* work_action(WorkKind k) { return kKinds[static_cast<size_t>(k)].action; }
const char* work_basis(WorkKind k) { return kKinds[static_cast<size_t>(k)].basis; }

namespace {

// 达产复核 (rules.md §4): each figure the contract promised against the parcel's. Returns 1 when every
// promised figure is met, 0 when one is missed, -1 when one cannot be judged (no figure); with
// `detail`, appends the comparison in Chinese.
int8_t review_figures(const Record& r, const ParcelResult& pr, std::string* detail) {
    int8_t met = 1;
    bool first = true;
    auto check = [&](const char* what, double value, double promised) {
        if (std::isnan(promised)) return;
        const bool known = !std::isnan(value);
        const bool ok = known && value >= promised;
        if (!known && met == 1) met = -1;
        if (known && !ok) met = 0;
        if (!detail) return;
        *detail += first ? "" : "；";
        first = false;
        if (!known)
            *detail += std::string(what) + " 无数据 (约定 " + fmt::fixed(promised, 2) + ")";
        else
            *detail += std::string(what) + " " + fmt::fixed(value, 2) + (ok ? " ≥ " : " < ") + "约定 " + fmt::fixed(promised, 2);
    };
    check("亩均产值", pr.mu_output, r.n(ParcelF::out_min));
    check("亩均税收", pr.mu_tax, r.n(ParcelF::tax_min));
    check("投资强度", pr.inv_int, r.n(ParcelF::inv_min));
    return met;
}

std::optional<Date> date_of(const Record& r, ParcelF f) {
    const double v = r.n(f);
    return std::isnan(v) ? std::nullopt : std::optional<Date>(from_num(v));
}

}  // namespace

std::string work_detail(const Dataset& ds, const Analysis& an, const WorkItem& w) {
    const Record& r = ds.parcels.features[w.parcel].rec;
    const ParcelResult& pr = an.parcels[w.parcel];
    switch (w.kind) {
        case WorkKind::Recover:
        case WorkKind::IdleFee:
            return "闲置" + std::to_string(pr.idle_yrs) + "年" +
                   (std::isnan(pr.idle_fee) ? std::string() : "，闲置费" + fmt::fixed(pr.idle_fee, 2) + "万元");
        case WorkKind::IdleGov: return "闲置" + std::to_string(pr.idle_yrs) + "年，政府或不可抗力原因";
        case WorkKind::StartLate:
        case WorkKind::StartSoon: return "约定开工日 " + w.due.iso();
        case WorkKind::DoneLate:
        case WorkKind::DoneSoon: return "约定竣工日 " + w.due.iso();
        case WorkKind::Review: {
            const auto done = date_of(r, ParcelF::done_dt);
            std::string detail = "竣工 " + (done ? done->iso() : std::string()) + "，复核日 " + w.due.iso() + "：";
            review_figures(r, pr, &detail);
            return detail;
        }
        case WorkKind::TermEnd:
            return "出让年期至 " + w.due.iso() + "；亩均产值 " + (std::isnan(pr.mu_output) ? "无数据" : fmt::fixed(pr.mu_output, 2)) +
                   "，亩均税收 " + (std::isnan(pr.mu_tax) ? "无数据" : fmt::fixed(pr.mu_tax, 2)) + " 万元/亩";
    }
    return {};
}

std::vector<WorkItem> build_worklist(const Dataset& ds, const WorklistRules& rules, const Analysis& an) {
    an.require(Stage::States, "build_worklist");  // the land states, idle years and recovery candidacy
    const Date T = ds.cfg.eval_date;
    const int32_t within = rules.due_within_days;
    const int review_years = rules.review_years;
    const Date term_horizon = add_years(T, rules.term_within_years);
    const auto& parcels = ds.parcels.features;
    // The parcels in blocks on every core, each block's items in the parcels' order; the blocks
    // joined in order give the items one pass over the parcels gives.
    constexpr size_t kBlock = 4096;
    std::vector<std::vector<WorkItem>> blocks((parcels.size() + kBlock - 1) / kBlock);
    tbb::parallel_for(size_t(0), blocks.size(), [&](size_t b) {
        std::vector<WorkItem>& items = blocks[b];
        for (size_t i = b * kBlock; i < std::min(parcels.size(), (b + 1) * kBlock); ++i) {
            const Record& r = parcels[i].rec;
            const ParcelResult& pr = an.parcels[i];
            if (pr.state == LandState::NotSupplied) continue;  // nobody's land at T: nothing to patrol yet
            // The figures behind each item (its `detail`) are written by work_detail() at output time.
            auto add = [&](WorkKind kind, Date due, int8_t met = -1) {
                items.push_back({static_cast<uint32_t>(i), kind, due, T.days - due.days, met});
            };
            const auto start_due = date_of(r, ParcelF::start_due), done_due = date_of(r, ParcelF::done_due);
            const bool started = started_at(r, T), built = built_at(r, T);
            // Idle land runs from the date its clock started: the agreed start date (test a) or the
            // suspension (test b).
            const auto idle_from = started ? date_of(r, ParcelF::susp_dt) : start_due;
            switch (pr.state) {
                case LandState::Idle:
                    if (idle_from) add(pr.recover == 1 ? WorkKind::Recover : WorkKind::IdleFee, *idle_from);
                    break;
                case LandState::IdleGov:
                    if (idle_from) add(WorkKind::IdleGov, *idle_from);
                    break;
                case LandState::Overdue: add(WorkKind::StartLate, *start_due); break;
                case LandState::DoneOverdue: add(WorkKind::DoneLate, *done_due); break;
                default: break;
            }
            // Reminders: due on T or within the window after it.
            if (!started && start_due && *start_due >= T && start_due->days - T.days <= within)
                add(WorkKind::StartSoon, *start_due);
            if (started && !built && done_due && *done_due >= T && done_due->days - T.days <= within)
                add(WorkKind::DoneSoon, *done_due);
            // 达产复核: a completed parcel whose contract promised per-mu figures, review_years after completion.
            const auto done = date_of(r, ParcelF::done_dt);
            const double out_min = r.n(ParcelF::out_min), tax_min = r.n(ParcelF::tax_min), inv_min = r.n(ParcelF::inv_min);
            if (built && done && *done <= T && (!std::isnan(out_min) || !std::isnan(tax_min) || !std::isnan(inv_min))) {
                const Date review = add_years(*done, review_years);
                if (review.days - T.days <= within) add(WorkKind::Review, review, review_figures(r, pr, nullptr));
            }
            // The end of the land-use term: term_end, or the supply date plus term_yrs whole years.
            std::optional<Date> term_end = date_of(r, ParcelF::term_end);
            const double term_yrs = r.n(ParcelF::term_yrs);
            const auto supply = date_of(r, ParcelF::supply_dt);
            if (!term_end && supply && !std::isnan(term_yrs) && term_yrs > 0 && term_yrs == std::floor(term_yrs))
                term_end = add_years(*supply, static_cast<int>(term_yrs));
            if (term_end && *term_end <= term_horizon) add(WorkKind::TermEnd, *term_end);
        }
    });
    size_t total = 0;
    for (const auto& b : blocks) total += b.size();
    std::vector<WorkItem> items;
    items.reserve(total);
    for (auto& b : blocks) {
        items.insert(items.end(), b.begin(), b.end());
        std::vector<WorkItem>().swap(b);
    }
    // On every core. A parcel gives at most one item of a kind and the items are in parcel order
    // here, so ties of kind, days and parcel_id broken by the parcel's index are the order a stable
    // sort gives (it was a serial fifth of a second at 1 M parcels).
    tbb::parallel_sort(items.begin(), items.end(), [&](const WorkItem& a, const WorkItem& b) {
        if (a.kind != b.kind) return a.kind < b.kind;
        if (a.days != b.days) return a.days > b.days;
        if (const int c = parcels[a.parcel].rec.s(ParcelF::parcel_id).compare(parcels[b.parcel].rec.s(ParcelF::parcel_id))) return c < 0;
        return a.parcel < b.parcel;
    });
    return items;
}

}  // namespace landeff
