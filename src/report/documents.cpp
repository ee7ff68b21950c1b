// The figures of the evaluation's documents (issue 17): the 一企一单 confirmation sheets and the 公示
// lists, gathered once from the analysis (documents.hpp).
#include "landeff/documents.hpp"

#include <algorithm>
#include <cmath>

#include "landeff/dates.hpp"
#include "landeff/indicators.hpp"
#include "landeff/labels.hpp"
#include "landeff/leases.hpp"

namespace landeff {
namespace {

std::string with_year(std::string text, int year) {
    const std::string key = "{year}";
    for (size_t at = text.find(key); at != std::string::npos; at = text.find(key, at))
        text.replace(at, key.size(), std::to_string(year));
    return text;
}

std::string date_text(const Record& r, ParcelF f) { return r.has(f) ? from_num(r.n(f)).iso() : std::string(); }
std::string date_text(const Record& r, LeaseF f) { return r.has(f) ? from_num(r.n(f)).iso() : std::string(); }

}  // namespace

std::string rank_text(int rank, int ranked_of) {
    if (rank <= 0) return "—";
    return "第 " + std::to_string(rank) + " 名 / 共 " + std::to_string(ranked_of) + " 家";
}

Documents build_documents(const Dataset& ds, const Analysis& an) {
    an.require(Stage::Grades, "build_documents");
    const Settings& s = ds.cfg.settings;
    Documents d;
    d.year = ds.cfg.year;
    d.eval_date = ds.cfg.eval_date.iso();
    d.confirm_title = with_year(s.str("docs.confirm_title"), d.year);
    d.notice_title = with_year(s.str("notice.title"), d.year);
    d.deadline = s.str("notice.deadline");
    d.contact = s.str("notice.contact");
    for (auto kind : {LayerKind::Enterprises, LayerKind::Parcels, LayerKind::Leases})
        if (ds.cfg.input(kind)) d.sources.push_back(std::string(schema(kind).name) + ": " + ds.layer(kind).label);

    // Each enterprise's leases counted at T, as tenant (the land comes from Analysis::leases).
    std::vector<std::vector<const LeaseResult*>> leases_of(an.ents.size());
    for (const auto& l : an.leases)
        if (l.tenant >= 0) leases_of[static_cast<size_t>(l.tenant)].push_back(&l);

    d.sheets.reserve(an.ents.size());
    for (size_t i = 0; i < an.ents.size(); ++i) {
        const EntResult& e = an.ents[i];
        ConfirmSheet c;
        c.ent_id = std::string(e.ent_id);
        if (e.row >= 0) {
            const Record& r = ds.enterprises.features[static_cast<size_t>(e.row)].rec;
            c.name = std::string(r.s(EntF::name));
            c.scale_cn = std::string(enterprise_scale_labels().zh(r.s(EntF::scale)));
        }
        if (e.scale >= 0) {
            c.list = an.grade_scales[static_cast<size_t>(e.scale)].code;
            c.list_cn = std::string(grading_list_labels().zh(c.list));
        }
        for (uint32_t p : e.parcels) {
            const Record& pr = ds.parcels.features[p].rec;
            ConfirmParcel cp;
            cp.parcel_id = std::string(pr.s(ParcelF::parcel_id));
            cp.area_mu = an.parcels[p].area_m2 / kM2PerMu;
            cp.supply_dt = date_text(pr, ParcelF::supply_dt);
            cp.after_t = supplied_after(pr, ds.cfg.eval_date);
            c.parcels.push_back(std::move(cp));
        }
        for (const LeaseResult* l : leases_of[i]) {
            const Record& lr = ds.leases.features[l->lease].rec;
            ConfirmParcel cp;
            cp.lease = true;
            cp.parcel_id = std::string(ds.parcels.features[l->parcel].rec.s(ParcelF::parcel_id));
            cp.area_mu = l->land_m2 / kM2PerMu;
            cp.leased_floor_m2 = lr.n(LeaseF::leased_m2);
            cp.lease_from = date_text(lr, LeaseF::start_dt);
            cp.lease_to = date_text(lr, LeaseF::end_dt);
            c.parcels.push_back(std::move(cp));
        }
        c.parcel_mu = e.parcel_m2 / kM2PerMu;
        c.leased_in_mu = e.leased_in_m2 / kM2PerMu;
        c.leased_out_mu = e.leased_out_m2 / kM2PerMu;
        c.land_mu = e.land_m2 / kM2PerMu;
        c.items = grade_items(ds, an, e);
        c.score = e.score;
        c.rank = e.rank;
        c.ranked_of = e.ranked_of;
        c.grade = e.grade;
        c.why = grade_why(ds, an, e);
        d.sheets.push_back(std::move(c));
    }

    // The 公示 lists: each ranked list, then the enterprises graded D directly (force_d), which are in
    // no ranked list but are published with the D grade. Not graded (N) ones are not published.
    // Ranked by county or city (grading.population), a list is one county's: its code in the label, so
    // two counties' 规下企业 are two lists with two names (and notice.xlsx two sheets).
    const bool by_population = std::any_of(an.grade_scales.begin(), an.grade_scales.end(),
                                           [](const GradeScale& sc) { return !sc.population.empty(); });
    for (const auto& sc : an.grade_scales) {
        std::string label(grading_list_labels().zh(sc.code));
        if (by_population) label += "（" + (sc.population.empty() ? std::string("县市不明") : sc.population) + "）";
        d.lists.push_back({sc.code, label, {}});
    }
    NoticeList forced{"forced_d", "直接评定为D类", {}};
    for (size_t i = 0; i < an.ents.size(); ++i) {
        const EntResult& e = an.ents[i];
        if (e.grade < 'A' || e.grade > 'D') continue;
        NoticeEntry n{d.sheets[i].name, d.sheets[i].ent_id, e.grade, e.rank};
        (e.scale >= 0 ? d.lists[static_cast<size_t>(e.scale)] : forced).entries.push_back(std::move(n));
    }
    if (!forced.entries.empty()) d.lists.push_back(std::move(forced));
    for (auto& L : d.lists)
        std::stable_sort(L.entries.begin(), L.entries.end(), [](const NoticeEntry& a, const NoticeEntry& b) {
            if (a.grade != b.grade) return a.grade < b.grade;
            const int ra = a.rank > 0 ? a.rank : INT32_MAX, rb = b.rank > 0 ? b.rank : INT32_MAX;
            if (ra != rb) return ra < rb;
            return a.ent_id < b.ent_id;
        });
    return d;
}

}  // namespace landeff
