// Manual grade overrides (人工调整, issue 17): field `grade` of the corrections input, applied after
// grading. See corrections.hpp for the rules.
#include <algorithm>

#include "landeff/corrections.hpp"
#include "landeff/messages.hpp"

namespace landeff {

void apply_overrides(const Dataset& ds, Analysis& an, Findings& findings) {
    an.require(Stage::Grades, "apply_overrides");  // the grade as graded is the "before"
    an.overrides.clear();
    const Lang lang = lang_of(ds.cfg.settings);
    for (const OverrideRequest& q : ds.override_requests) {
        const Feature& f = ds.corrections.features[q.row];
        const std::string corr_id(f.rec.s(CorrF::corr_id));
        const std::string ref = feature_ref(ds.corrections, f.fid, corr_id);
        // an.ents is sorted by ent_id (measure()).
        auto it = std::lower_bound(an.ents.begin(), an.ents.end(), q.ent_id,
                                   [](const EntResult& e, const std::string& v) { return e.ent_id < v; });
        if (it == an.ents.end() || it->ent_id != q.ent_id) {
            findings.add("corrections", f.fid, corr_id, "override_invalid", Severity::Warning, say(lang, Msg::OverrideUnknownEnt, {ref, q.ent_id}));
            continue;
        }
        AppliedOverride o;
        o.corr_id = corr_id;
        o.ent_id = q.ent_id;
        o.reason = std::string(f.rec.s(CorrF::reason));
        o.doc = std::string(f.rec.s(CorrF::doc_no));
        o.before = it->grade;
        o.after = q.grade;
        // One enterprise's grade only: its score, rank and list stay; nobody else moves.
        it->grade = q.grade;
        it->override_idx = static_cast<int32_t>(an.overrides.size());
        for (uint32_t p : it->parcels) an.parcels[p].grade = q.grade;
        findings.add("corrections", f.fid, corr_id, "override_applied", Severity::Info,
                     say(lang, Msg::OverrideApplied, {ref, o.ent_id, std::string(1, o.before), std::string(1, o.after),
                                                      o.reason.empty() ? "—" : o.reason, o.doc.empty() ? "—" : o.doc}));
        an.overrides.push_back(std::move(o));
    }
}

}  // namespace landeff
