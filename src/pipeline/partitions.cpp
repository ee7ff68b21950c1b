// Partitioned runs (issue 21, rules.md §10): the partition codes of a parcels layer, the parcels one
// partition reads (its own, and the read-only halo its figures need), and the rows it owns.
#include <geos_c.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <map>
#include <set>
#include <string_view>
#include <unordered_map>

#include "landeff/devzone.hpp"
#include "landeff/error.hpp"
#include "landeff/grades.hpp"
#include "landeff/messages.hpp"
#include "landeff/overlay.hpp"
#include "landeff/params.hpp"
#include "landeff/states.hpp"
#include "landeff/writer.hpp"
#include "landeff/partition.hpp"
#include "landeff/progress.hpp"
#include "landeff/indicators.hpp"
#include "landeff/spatial_index.hpp"
#include "landeff/text.hpp"
#include "parts.hpp"

namespace landeff::pipeline {

namespace {

size_t partition_chars(const Settings& s) { return admin_chars(s, admin_level(s.str("partition.by"))); }

std::array<double, 4> box_of(const GEOSGeometry* g) {
    std::array<double, 4> b{};
    envelope(g, b[0], b[1], b[2], b[3]);
    return b;
}

// The parcels read so far, by source fid (dedupes the overlapping reads; source order at the end).
struct Gathered {
    LayerData meta;                        // the first read's description (label, fields, encoding)
    std::map<int64_t, Feature> by_fid;
    std::vector<Finding> findings;         // the reads' own findings (geometry repairs, bad values)
    std::set<std::pair<int64_t, uint16_t>> rounded;  // (fid, canonical field)
    // Adds a read's features; returns the fids that were new.
    std::vector<int64_t> add(LayerData&& L, Findings& f) {
        std::vector<int64_t> fresh;
        for (const auto& [i, c] : L.rounded_ids) rounded.emplace(L.features[i].fid, c);
        std::vector<Feature> feats = std::move(L.features);
        L.features.clear();
        if (!meta.present) meta = std::move(L);
        for (auto& ft : feats) {
            const int64_t fid = ft.fid;
            if (by_fid.emplace(fid, std::move(ft)).second) fresh.push_back(fid);
        }
        for (const auto& x : f.items()) findings.push_back(x);
        return fresh;
    }
};

// The parcels layer's ids (one attribute-only scan) with what the halo's steps look up in them: rows
// by parcel_id (sorted: a prefix or an id is a range) and by enterprise.
struct IdIndex {
    ParcelIdTable t;
    std::vector<uint32_t> by_id;                    // rows, sorted by parcel_id (then row)
    std::vector<uint32_t> ent_start, ent_rows;      // rows of enterprise e: ent_rows[ent_start[e] .. ent_start[e + 1])
    std::unordered_map<std::string_view, uint32_t> ent_of;  // enterprise id → its index in t.ents
    explicit IdIndex(ParcelIdTable table) : t(std::move(table)) {
        const size_t n = t.fid.size();
        by_id.resize(n);
        for (size_t i = 0; i < n; ++i) by_id[i] = static_cast<uint32_t>(i);
        std::sort(by_id.begin(), by_id.end(), [&](uint32_t a, uint32_t b) { return t.parcel_id[a] != t.parcel_id[b] ? t.parcel_id[a] < t.parcel_id[b] : a < b; });
        ent_start.assign(t.ents.size() + 1, 0);
        for (uint32_t e : t.ent) ++ent_start[e + 1];
        for (size_t e = 0; e < t.ents.size(); ++e) ent_start[e + 1] += ent_start[e];
        ent_rows.resize(n);
        std::vector<uint32_t> at(ent_start.begin(), ent_start.end() - 1);
        for (size_t i = 0; i < n; ++i) ent_rows[at[t.ent[i]]++] = static_cast<uint32_t>(i);
        for (size_t e = 1; e < t.ents.size(); ++e) ent_of.emplace(t.ents[e], static_cast<uint32_t>(e));
    }
    // The fids of the parcels whose id starts with `prefix` (an empty prefix: none).
    void with_prefix(const std::string& prefix, std::vector<int64_t>& out) const {
        if (prefix.empty()) return;
        auto it = std::lower_bound(by_id.begin(), by_id.end(), prefix, [&](uint32_t r, const std::string& p) { return t.parcel_id[r] < p; });
        for (; it != by_id.end() && t.parcel_id[*it].compare(0, prefix.size(), prefix) == 0; ++it) out.push_back(t.fid[*it]);
    }
    // The fids of the parcels whose id is `id`.
    void with_id(const std::string& id, std::vector<int64_t>& out) const {
        auto it = std::lower_bound(by_id.begin(), by_id.end(), id, [&](uint32_t r, const std::string& p) { return t.parcel_id[r] < p; });
        for (; it != by_id.end() && t.parcel_id[*it] == id; ++it) out.push_back(t.fid[*it]);
    }
    // The fids of the parcels of enterprise `ent` (not empty).
    void of_ent(std::string_view ent, std::vector<int64_t>& out) const {
        auto e = ent_of.find(ent);
        if (e == ent_of.end()) return;
        for (uint32_t k = ent_start[e->second]; k < ent_start[e->second + 1]; ++k) out.push_back(t.fid[ent_rows[k]]);
    }
};

}  // namespace

}  // namespace landeff::pipeline

namespace landeff {

std::vector<std::string> partition_codes(const Config& cfg) {
    const InputSpec* in = cfg.input(LayerKind::Parcels);
    if (cfg.settings.str("partition.by") == "none")
        throw ConfigError(cfg.file.string() + ": partition.by = \"none\": this run is not split; set partition.by = \"county\" or \"city\" "
                          "under [partition] to list its partitions");
    if (!in) throw ConfigError(cfg.file.string() + ": a partitioned run needs [inputs.parcels]");
    return read_parcel_codes(*in, cfg, pipeline::partition_chars(cfg.settings));
}

std::string FirstPass::table_of(std::string_view code) const {
    const std::string part = code.empty() ? first_code : std::string(code.substr(0, partition_chars));
    return (std::filesystem::path(dir) / part / "grades.json").string();
}

void first_pass_mismatch(const Dataset& ds, const std::string& code, const std::string& subject, const std::string& field,
                         const std::string& table_value, const std::string& here_value) {
    throw RunError(say(lang_of(ds.cfg.settings), Msg::FirstPassMismatch,
                       {ds.first_pass->table_of(code), subject, field, table_value, here_value}));
}

void first_pass_no_grade(const Dataset& ds, const std::string& ent_id, const std::string& population) {
    throw RunError(say(lang_of(ds.cfg.settings), Msg::FirstPassNoGrade, {ds.first_pass->table_of(population), ent_id, population}));
}

}  // namespace landeff

namespace landeff::pipeline {

PartitionReadLog& partition_read_log() {
    static PartitionReadLog log;  // one partition per process (`run --partition`)
    return log;
}

LayerData read_partition_parcels(Dataset& ds, const InputSpec& in, const std::string& code, Findings& findings, PartitionPass pass) {
    const Config& cfg = ds.cfg;
    const std::vector<std::string> codes = partition_codes(cfg);
    if (!std::binary_search(codes.begin(), codes.end(), code))
        throw ConfigError("--partition " + code + ": no parcel of " + in.path_as_written + " has an id starting with it; the partitions are: " +
                          join(codes, ", "));
    const size_t pop_chars = admin_chars(cfg.settings, admin_level(cfg.settings.str("grading.population")));
    Gathered g;
    PartitionReadLog& log = partition_read_log();
    log.clear();
    auto step_t0 = Clock::now();
    size_t step_n0 = 0;
    auto step_done = [&](const char* name) {  // run.json "partition_read": where the read's time and parcels go
        log.push_back({name, g.by_fid.size() - step_n0, seconds_since(step_t0)});
        step_n0 = g.by_fid.size();
        step_t0 = Clock::now();
    };
    auto read = [&](const LayerFilter& f) {
        Findings local;
        return g.add(read_layer_filtered(in, LayerKind::Parcels, cfg, ds.crs, local, f), local);
    };
    // Who is wanted by id, prefix or enterprise is decided on the ids of one attribute-only scan (set
    // tests in memory); the rows not read yet are then fetched by fid in one read. (An OGR attribute
    // filter per few hundred ids scanned the whole layer each time: thousands of scans.)
    const IdIndex ids(read_parcel_id_table(in, cfg));
    step_done("ids");
    auto fetch = [&](std::vector<int64_t> fids) {
        std::sort(fids.begin(), fids.end());
        fids.erase(std::unique(fids.begin(), fids.end()), fids.end());
        fids.erase(std::remove_if(fids.begin(), fids.end(), [&](int64_t f) { return g.by_fid.count(f) > 0; }), fids.end());
        if (fids.empty()) return std::vector<int64_t>{};
        LayerFilter f;
        f.fids = std::move(fids);
        return read(f);
    };
    // Rectangles (parks, approvals): their fids through the spatial index, one open source for all.
    ParcelBoxQuery boxes(in, ds.crs);
    auto in_box = [&](const std::array<double, 4>& box) { return fetch(boxes.fids(box)); };
    auto by_prefixes = [&](const std::vector<std::string>& prefixes) {
        std::vector<int64_t> fids;
        for (const auto& p : prefixes) ids.with_prefix(p, fids);
        return fetch(std::move(fids));
    };
    // 1. The partition's own parcels.
    std::vector<int64_t> fresh = by_prefixes({code});
    step_done("own");
    // 2. Parks: every parcel meeting a park that meets a parcel read, until no new park (a parcel
    //    straddling two parks brings the second), so park ownership, the parks' figures and the
    //    park medians of tax_low are those of all the park's parcels.
    const EnvelopeIndex parks(geometries_of(ds.parks.features));
    std::vector<PreparedPtr> prepared(ds.parks.features.size());
    std::vector<bool> expanded(ds.parks.features.size(), false);
    std::vector<uint32_t> hits;
    // A first pass (issue 21) grades its own populations: their enterprises' and tenants' parcels, no park.
    const bool grades_only = pass == PartitionPass::Grades;
    if (grades_only) fresh.clear();
    while (!fresh.empty()) {
        std::set<uint32_t> todo;
        for (int64_t fid : fresh) {
            const GeomHold held = g.by_fid.at(fid).geom.hold();  // a parcel: packed (issue 20)
            const GEOSGeometry* pg = held.get();
            if (!pg) continue;
            hits.clear();
            parks.query(pg, hits);
            for (uint32_t k : hits) {
                if (expanded[k]) continue;
                if (!prepared[k]) prepared[k] = prepare(ds.parks.features[k].geom.get());
                if (GEOSPreparedIntersects_r(geos(), prepared[k].get(), pg) == 1) todo.insert(k);
            }
        }
        fresh.clear();
        for (uint32_t k : todo) {
            expanded[k] = true;
            for (int64_t fid : in_box(box_of(ds.parks.features[k].geom.get()))) fresh.push_back(fid);
        }
    }
    step_done("parks");
    // The first partition owns the parks no parcel meets: it looks (reading each other park's rectangle
    // through the spatial index, keeping nothing).
    ds.parks_read.assign(expanded.begin(), expanded.end());
    ds.parks_empty.assign(ds.parks.features.size(), 0);
    if (code == codes.front() && !grades_only)
        for (size_t k = 0; k < ds.parks.features.size(); ++k) {
            if (expanded[k] || !ds.parks.features[k].geom) continue;
            std::vector<int64_t> near = boxes.fids(box_of(ds.parks.features[k].geom.get())), unread;
            if (!prepared[k]) prepared[k] = prepare(ds.parks.features[k].geom.get());
            bool met = false;
            for (int64_t fid : near) {
                auto it = g.by_fid.find(fid);
                if (it == g.by_fid.end()) unread.push_back(fid);
                else met = met || (it->second.geom && GEOSPreparedIntersects_r(geos(), prepared[k].get(), it->second.geom.hold().get()) == 1);
            }
            if (!met && !unread.empty()) {
                Findings local;
                LayerFilter f;
                f.fids = std::move(unread);
                for (const Feature& x : read_layer_filtered(in, LayerKind::Parcels, cfg, ds.crs, local, f).features)
                    met = met || (x.geom && GEOSPreparedIntersects_r(geos(), prepared[k].get(), x.geom.hold().get()) == 1);
            }
            ds.parks_empty[k] = !met;
        }
    step_done("parks_empty");
    std::set<int64_t> state_set;  // the parcels whose states this partition reports or sums: its own and its parks'
    for (const auto& [fid, f] : g.by_fid) state_set.insert(fid);
    // 3. Approvals this partition may own (rules.md §10: those meeting a park read above; the first
    //    partition owns the approvals outside every park): every parcel meeting them.
    for (const Feature& a : ds.approvals.features) {
        if (!a.geom || grades_only) continue;
        hits.clear();
        parks.query(a.geom.get(), hits);
        bool in_any = false, in_read = false;
        for (uint32_t k : hits) {
            if (!prepared[k]) prepared[k] = prepare(ds.parks.features[k].geom.get());
            if (GEOSPreparedIntersects_r(geos(), prepared[k].get(), a.geom.get()) != 1) continue;
            in_any = true;
            in_read = in_read || expanded[k];
        }
        if (in_read || (!in_any && code == codes.front())) in_box(box_of(a.geom.get()));
    }
    step_done("approvals");
    // 4. Enterprises: every parcel of an enterprise with a parcel read (its figures are spread over
    //    all of them; its county is where most of its land is). 5. Its ranking population: every parcel
    //    of the populations (grading.population) of those enterprises, and again every parcel of
    //    their enterprises, so a grade a parcel's state reads (grade_d) is ranked among all its peers.
    auto enterprise_ring = [&] {
        std::set<std::string_view> ents;
        for (const auto& [fid, f] : g.by_fid)
            if (!f.rec.s(ParcelF::ent_id).empty()) ents.emplace(f.rec.s(ParcelF::ent_id));
        std::vector<int64_t> fids;
        for (std::string_view e : ents) ids.of_ent(e, fids);
        fetch(std::move(fids));
    };
    auto by_ids = [&](const std::set<std::string>& wanted) {
        std::vector<int64_t> fids;
        for (const auto& id : wanted)
            if (!id.empty()) ids.with_id(id, fids);
        fetch(std::move(fids));
    };
    // Leases: every parcel a tenant leases, for the tenants of the parcels read (a tenant's land is
    // all it leases). The first partition owns the leases' and corrections' findings: it reads every
    // parcel they name.
    auto lease_ring = [&] {
        std::set<std::string> read_ids, tenants;
        for (const auto& [fid, f] : g.by_fid) read_ids.emplace(f.rec.s(ParcelF::parcel_id));
        for (const Feature& l : ds.leases.features)
            if (read_ids.count(std::string(l.rec.s(LeaseF::parcel_id)))) tenants.emplace(l.rec.s(LeaseF::ent_id));
        std::set<std::string> want;
        for (const Feature& l : ds.leases.features)
            if (tenants.count(std::string(l.rec.s(LeaseF::ent_id))) && !read_ids.count(std::string(l.rec.s(LeaseF::parcel_id))))
                want.emplace(l.rec.s(LeaseF::parcel_id));
        by_ids(want);
    };
    if (code == codes.front() && !grades_only) {
        std::set<std::string> named;
        for (const Feature& l : ds.leases.features) named.emplace(l.rec.s(LeaseF::parcel_id));
        for (const Feature& c : ds.corrections.features) named.emplace(c.rec.s(CorrF::parcel_id));
        by_ids(named);
        step_done("leases_named");
    }
    lease_ring();
    step_done("leases");
    enterprise_ring();
    step_done("enterprises");
    // 5. not in two passes: the first pass grades only its own populations, the second takes the
    //    other populations' grades (and tax_low medians) from the first pass's tables.
    if (pass == PartitionPass::One) {
        // The enterprises whose grades the states read: the owners of the parcels whose states this
        // partition reports or sums; their populations are among the codes of all their parcels.
        std::set<std::string> pops, graded;
        for (const auto& [fid, f] : g.by_fid)
            if (state_set.count(fid) && !f.rec.s(ParcelF::ent_id).empty()) graded.emplace(f.rec.s(ParcelF::ent_id));
        if (pop_chars > 0)
            for (const auto& [fid, f] : g.by_fid)
                if (graded.count(std::string(f.rec.s(ParcelF::ent_id))) && !f.rec.s(ParcelF::parcel_id).empty())
                    pops.emplace(admin_code(f.rec.s(ParcelF::parcel_id), pop_chars));
        // tax_low with tax_low_scope = "region" compares every parcel with its county's (city's) median:
        // those of the parcels whose states this partition reports (its own and its parks').
        const auto& st = cfg.settings;
        const size_t tax_chars = admin_chars(st, admin_level(st.str("states.tax_low_region")));
        if (tax_chars > 0 && st.str("states.tax_low_scope") == "region" && st.str("states.tests").find("tax_low") != std::string::npos)
            for (const auto& [fid, f] : g.by_fid)
                if (!f.rec.s(ParcelF::parcel_id).empty() && state_set.count(fid)) pops.emplace(admin_code(f.rec.s(ParcelF::parcel_id), tax_chars));
        std::vector<std::string> other;
        for (const auto& p : pops)
            if (p.rfind(code, 0) != 0 || p.size() < code.size()) other.push_back(p);
        if (!other.empty()) {
            by_prefixes(other);
            step_done("populations");
            lease_ring();
            step_done("populations_leases");
            enterprise_ring();
            step_done("populations_enterprises");
        }
    }
    // The layer in source order (fid), as a whole read would hold it.
    LayerData out = std::move(g.meta);
    out.features.clear();
    out.rounded_ids.clear();
    out.features.reserve(g.by_fid.size());
    std::set<int64_t> kept;
    for (auto& [fid, f] : g.by_fid) {
        for (auto it = g.rounded.lower_bound({fid, 0}); it != g.rounded.end() && it->first == fid; ++it)
            out.rounded_ids.emplace_back(static_cast<uint32_t>(out.features.size()), it->second);
        kept.insert(fid);
        out.features.push_back(std::move(f));
    }
    out.n_features = out.features.size();
    std::set<std::tuple<int64_t, std::string, std::string>> said;
    for (auto& x : g.findings)
        if (said.emplace(x.fid, x.code, x.message).second) findings.add(x.layer, x.fid, x.id, x.code, x.severity, x.message);
    return out;
}

std::optional<std::array<double, 4>> partition_landuse_box(const Dataset& ds, const std::string& code) {
    const std::vector<std::string> codes = partition_codes(ds.cfg);
    if (codes.empty() || codes.front() == code) return std::nullopt;
    // The zones whose 三调 sums this partition may report: the parks it read, and every park of a
    // platform holding one of them (a platform's figures are its parks' union's).
    std::vector<char> zone(ds.parks.features.size(), 0);
    for (size_t k = 0; k < zone.size() && k < ds.parks_read.size(); ++k) zone[k] = ds.parks_read[k];
    for (const auto& [id, ks] : platform_groups(ds)) {
        bool any = false;
        for (uint32_t k : ks) any = any || zone[k];
        if (any)
            for (uint32_t k : ks) zone[k] = 1;
    }
    std::array<double, 4> box{};
    bool some = false;
    auto add_box = [&](const std::array<double, 4>& b) {
        if (!some) box = b;
        box = {std::min(box[0], b[0]), std::min(box[1], b[1]), std::max(box[2], b[2]), std::max(box[3], b[3])};
        some = true;
    };
    for (size_t k = 0; k < zone.size(); ++k)
        if (zone[k] && ds.parks.features[k].geom) add_box(box_of(ds.parks.features[k].geom.get()));
    for (const Feature& f : ds.parcels.features) {  // a parcel's box from its packed WKB (issue 20)
        std::array<double, 4> b{};
        if (f.geom && envelope(f.geom, b[0], b[1], b[2], b[3])) add_box(b);
    }
    if (!some) return std::array<double, 4>{0, 0, 0, 0};  // nothing to overlay: a point no polygon need meet
    return box;
}

void find_ents_elsewhere(Dataset& ds, const std::string& code) {
    // Only the first partition owns enterprises without land, so only it needs to know.
    const std::vector<std::string> codes = partition_codes(ds.cfg);
    if (codes.empty() || codes.front() != code) return;
    std::set<std::string> read_ents, table;
    for (const Feature& f : ds.parcels.features) read_ents.emplace(f.rec.s(ParcelF::ent_id));
    for (const Feature& f : ds.enterprises.features)
        if (!f.rec.s(EntF::ent_id).empty() && !read_ents.count(std::string(f.rec.s(EntF::ent_id)))) table.emplace(f.rec.s(EntF::ent_id));
    const InputSpec* in = ds.cfg.input(LayerKind::Parcels);
    if (!in || table.empty()) return;
    const std::set<std::string> found = parcel_ent_ids_among(*in, ds.cfg, table);
    ds.ents_elsewhere.assign(found.begin(), found.end());
}

void check_partition_exact(const Config& cfg) {
    // Medians do not add up: a figure that compares with the median of the whole run cannot come out
    // of one partition. Refused until such a median is made local or fixed (rules.md §10).
    const auto& st = cfg.settings;
    auto fineness = [](const std::string& v) { return v == "county" ? 2 : v == "city" ? 1 : 0; };
    if (st.str("states.tests").find("tax_low") != std::string::npos && st.str("states.tax_low_scope") != "fixed" &&
        fineness(st.str("states.tax_low_region")) < fineness(st.str("partition.by")))
        throw ConfigError(cfg.file.string() + ": --partition: states.tax_low_region = " + quote_text(st.str("states.tax_low_region")) +
                          " compares parcels (outside every park with tax_low_scope = \"park\", all with \"region\") with "
                          "the median per-mu tax of a larger area than partition.by = " + quote_text(st.str("partition.by")) +
                          ", which one partition cannot know; set states.tax_low_region = " + quote_text(st.str("partition.by")) +
                          " (a local median), or states.tax_low_scope = \"fixed\", or run the whole region at once");
    if (std::isnan(st.number("platform.tax_benchmark")))
        throw ConfigError(cfg.file.string() + ": --partition: platform.tax_benchmark is empty, so platform rule 4 compares "
                          "with the median per-mu tax of all platforms, which one partition cannot know; set "
                          "platform.tax_benchmark (万元/亩) under [platform], or run the whole region at once");
}

void mark_owned(const Dataset& ds, Analysis& an, const std::string& code) {
    const size_t chars = partition_chars(ds.cfg.settings);
    const std::vector<std::string> codes = partition_codes(ds.cfg);
    const bool first = !codes.empty() && codes.front() == code;
    PartitionRows& own = an.owned;
    own.active = true;
    own.first = first;
    own.code = code;
    own.parcels.assign(ds.parcels.features.size(), false);
    for (size_t i = 0; i < ds.parcels.features.size(); ++i)
        own.parcels[i] = admin_code(ds.parcels.features[i].rec.s(ParcelF::parcel_id), chars) == code &&
                         !ds.parcels.features[i].rec.s(ParcelF::parcel_id).empty();
    // A park: the partition holding most of its parcel land at T (measured area inside it); without
    // land at T, most of its parcels' area inside; ties: the smaller code; a park no parcel meets: the
    // first partition. Decided where all its parcels were read (ds.parks_read).
    std::vector<std::map<std::string_view, double>> land(ds.parks.features.size()), any(ds.parks.features.size());
    for (size_t i = 0; i < ds.parcels.features.size(); ++i) {
        const Record& r = ds.parcels.features[i].rec;
        if (r.s(ParcelF::parcel_id).empty()) continue;
        const bool later = supplied_after(r, ds.cfg.eval_date);
        for (const ParkShare& s : an.parcels[i].parks) (later ? any : land)[s.park][admin_code(r.s(ParcelF::parcel_id), chars)] += s.area_m2;
    }
    own.parks.assign(ds.parks.features.size(), false);
    for (size_t k = 0; k < land.size(); ++k) {
        if (!ds.parks_read[k]) {
            own.parks[k] = first && ds.parks_empty[k];
            continue;
        }
        const auto& m = !land[k].empty() ? land[k] : any[k];
        std::string_view best;
        double best_m2 = -1;
        for (const auto& [c, m2] : m)
            if (m2 > best_m2) best = c, best_m2 = m2;
        own.parks[k] = m.empty() ? first : best == code;
    }
    own.ents.assign(an.ents.size(), false);
    for (size_t e = 0; e < an.ents.size(); ++e) {
        const std::string c = enterprise_admin_code(ds, an, e, chars);
        // No land read and none leased: the first partition's, unless its parcels lie elsewhere (then
        // the partition holding most of them owns it).
        const bool elsewhere = std::binary_search(ds.ents_elsewhere.begin(), ds.ents_elsewhere.end(), std::string(an.ents[e].ent_id));
        if (!c.empty()) own.ents[e] = c == code;
        else if (!an.ents[e].parcels.empty()) {  // all its parcels supplied after T: the smallest code among them
            std::string_view least;
            for (uint32_t p : an.ents[e].parcels) {
                const std::string_view pc = admin_code(ds.parcels.features[p].rec.s(ParcelF::parcel_id), chars);
                if (least.empty() || (!pc.empty() && pc < least)) least = pc;
            }
            own.ents[e] = least == code;
        } else own.ents[e] = first && !elsewhere;
    }
    // An approval: the owner of the park holding the largest part of it (the approval's own polygon:
    // every partition reads every approval and park, so all decide alike; ties: the park read first);
    // outside every park, the first partition.
    own.approvals.assign(ds.approvals.features.size(), first);
    const EnvelopeIndex parks(geometries_of(ds.parks.features));
    std::vector<uint32_t> hits;
    for (size_t a = 0; a < ds.approvals.features.size(); ++a) {
        const GEOSGeometry* ag = ds.approvals.features[a].geom.get();
        if (!ag) continue;
        hits.clear();
        parks.query(ag, hits);
        double best = 0;
        int64_t park = -1;
        for (uint32_t k : hits) {
            const double m2 = area(intersection(ag, ds.parks.features[k].geom.get()).get());
            if (m2 > best) best = m2, park = k;
        }
        if (park >= 0) own.approvals[a] = own.parks[static_cast<size_t>(park)];
    }
    // The region's sums over the rows this partition owns (the merge adds the partitions' up, rules.md §10).
    ParkResult& r = own.region;
    r = ParkResult{};
    r.idle_m2 = r.ineff_m2 = 0;
    for (size_t i = 0; i < ds.parcels.features.size(); ++i) {
        if (!own.parcels[i]) continue;
        const ParcelResult& pr = an.parcels[i];
        if (!std::isnan(pr.area_m2)) add_parcel_part(ds, an, r, i, pr.area_m2, supplied_after(ds.parcels.features[i].rec, ds.cfg.eval_date));
        const bool idle = pr.state == LandState::Idle || pr.state == LandState::IdleGov;
        if (!std::isnan(pr.area_m2)) {
            if (idle) r.idle_m2 += pr.area_m2;
            if (pr.state == LandState::Inefficient) r.ineff_m2 += pr.area_m2;
        }
        ++r.n_state[static_cast<size_t>(pr.state)];
    }
    r.appr_m2 = 0;
    r.unsup_m2 = 0;
    for (size_t a = 0; a < an.appr_own_m2.size(); ++a)
        if (own.approvals[a]) r.appr_m2 += an.appr_own_m2[a];
    for (const Unsupplied& u : an.unsupplied)
        if (own.approvals[u.approval]) r.unsup_m2 += u.own_unsup_m2;
}

// The sums of a region part (what finish_park reads), by name; counts as numbers.
nlohmann::json region_part_json(const ParkResult& r) {
    nlohmann::json j;
    j["land_m2"] = r.land_m2, j["later_m2"] = r.later_m2, j["output"] = r.output, j["tax"] = r.tax;
    j["value_add"] = r.value_add, j["invest"] = r.invest, j["floor_m2"] = r.floor_m2, j["footprint_m2"] = r.footprint_m2;
    j["n_parcels"] = r.n_parcels, j["n_later"] = r.n_later, j["n_missing_money"] = r.n_missing_money;
    j["n_floor"] = r.n_floor, j["n_footprint"] = r.n_footprint, j["n_invest"] = r.n_invest;
    j["n_output"] = r.n_output, j["n_tax"] = r.n_tax, j["n_va"] = r.n_va;
    j["appr_m2"] = r.appr_m2, j["unsup_m2"] = r.unsup_m2, j["idle_m2"] = r.idle_m2, j["ineff_m2"] = r.ineff_m2;
    j["n_state"] = std::vector<size_t>(std::begin(r.n_state), std::end(r.n_state));
    return j;
}

void add_region_part(ParkResult& r, const nlohmann::json& j) {
    auto d = [&](const char* k) { return j.at(k).get<double>(); };
    auto n = [&](const char* k) { return j.at(k).get<size_t>(); };
    r.land_m2 += d("land_m2"), r.later_m2 += d("later_m2"), r.output += d("output"), r.tax += d("tax");
    r.value_add += d("value_add"), r.invest += d("invest"), r.floor_m2 += d("floor_m2"), r.footprint_m2 += d("footprint_m2");
    r.n_parcels += n("n_parcels"), r.n_later += n("n_later"), r.n_missing_money += n("n_missing_money");
    r.n_floor += n("n_floor"), r.n_footprint += n("n_footprint"), r.n_invest += n("n_invest");
    r.n_output += n("n_output"), r.n_tax += n("n_tax"), r.n_va += n("n_va");
    r.appr_m2 = (std::isnan(r.appr_m2) ? 0 : r.appr_m2) + d("appr_m2");
    r.unsup_m2 = (std::isnan(r.unsup_m2) ? 0 : r.unsup_m2) + d("unsup_m2");
    r.idle_m2 += d("idle_m2"), r.ineff_m2 += d("ineff_m2");
    const auto states = j.at("n_state").get<std::vector<size_t>>();
    if (states.size() != std::size(r.n_state)) throw RunError("run.json partition_region: n_state has " + std::to_string(states.size()) + " states");
    for (size_t k = 0; k < states.size(); ++k) r.n_state[k] += states[k];
}

// --- Two passes (issue 21, rules.md §10).

namespace fs = std::filesystem;

int run_first_pass(Config cfg, const RunOptions& opt, std::ostream& err, const fs::path& out_dir) {
    const auto t_start = Clock::now();
    const std::string started = iso_now();
    StagedOutput staged(out_dir, opt.overwrite, all_input_paths(cfg));
    const std::string fingerprint = first_pass_fingerprint(cfg);
    Findings findings;  // a first pass reports nothing: its partition's second pass says what the data lacks
    findings.set_lang(lang_of(cfg.settings));
    Timings timings;
    Dataset ds = load_dataset(std::move(cfg), findings, timings, opt.partition, PartitionPass::Grades);
    Analysis an;
    const StageRules rules(ds.cfg.settings);
    auto t0 = Clock::now();
    overlay_parks(ds, rules.area, rules.quality, an, findings);
    measure(ds, rules.leases, an, findings);
    grade_enterprises(ds, rules.grading, an, findings);
    timings.add("grades", seconds_since(t0));
    // The table: the graded values of the enterprises of this partition's own populations (as graded,
    // before manual overrides, which every pass applies itself), and its own regions' tax_low medians.
    const std::vector<std::string> codes = partition_codes(ds.cfg);
    FirstPass own;
    own.partition = opt.partition;
    own.first = !codes.empty() && codes.front() == opt.partition;
    nlohmann::json ents = nlohmann::json::object(), medians = nlohmann::json::object();
    for (const EntResult& e : an.ents) {
        if (e.scale < 0) continue;
        const GradeScale& sc = an.grade_scales[static_cast<size_t>(e.scale)];
        if (!own.own(sc.population)) continue;
        ents[std::string(e.ent_id)] = {{"population", sc.population},           {"list", sc.code},
                                       {"grade", std::string(1, e.grade)},       {"band_grade", std::string(1, e.band_grade)},
                                       {"score", e.score},                       {"rank", e.rank},
                                       {"ranked_of", e.ranked_of}};
    }
    for (const auto& [code, m] : tax_low_region_medians(ds, an))
        if (own.own(code)) medians[code] = m;
    nlohmann::json table = {{"landeff_first_pass", 1},
                            {"partition", opt.partition},
                            {"fingerprint", fingerprint},
                            {"enterprises", ents},
                            {"tax_low_medians", medians}};
    {
        std::ofstream out(staged.dir() / "grades.json", std::ios::binary);
        out << table.dump(1) << "\n";
        if (!out) throw RunError((staged.dir() / "grades.json").string() + ": " + write_failure_reason(staged.dir() / "grades.json", errno));
    }
    nlohmann::json rj = run_record_head(ds, opt, started);
    rj["pass"] = "grades";
    rj["inputs"] = run_record_inputs(ds);
    nlohmann::json steps = nlohmann::json::array();
    for (const auto& st : partition_read_log()) steps.push_back({{"step", st.step}, {"parcels", st.parcels}, {"seconds", st.seconds}});
    size_t owned = 0;
    const size_t chars = partition_chars(ds.cfg.settings);
    for (const Feature& f : ds.parcels.features)
        owned += !f.rec.s(ParcelF::parcel_id).empty() && admin_code(f.rec.s(ParcelF::parcel_id), chars) == opt.partition;
    rj["partition_read"] = {{"parcels_read", ds.parcels.features.size()}, {"parcels_owned", owned}, {"steps", steps}};
    rj["first_pass"] = {{"enterprises", ents.size()}, {"tax_low_medians", medians.size()}};
    for (const auto& [step, sec] : timings.steps) rj["timings_s"][step] = sec;
    rj["memory_mib"]["peak"] = std::round(static_cast<double>(peak_resident_bytes()) / (1024.0 * 1024.0));
    rj["outputs"] = {"grades.json", "run.json"};
    rj["timings_s"]["total"] = seconds_since(t_start);
    rj["finished"] = iso_now();
    write_run_json(rj, staged.dir());
    staged.commit();
    if (!opt.quiet)
        err << "landeff: " << opt.partition << ": " << ents.size() << " graded, " << medians.size() << " tax_low medians -> "
            << staged.final_dir().string() << "\n";
    return 0;
}

std::shared_ptr<const FirstPass> read_first_pass(const Config& cfg, const fs::path& dir, const std::string& code) {
    const std::vector<std::string> codes = partition_codes(cfg);
    auto fp = std::make_shared<FirstPass>();
    fp->partition = code;
    fp->first = !codes.empty() && codes.front() == code;
    fp->dir = dir.string();
    fp->first_code = codes.empty() ? std::string() : codes.front();
    fp->partition_chars = partition_chars(cfg.settings);
    const std::string want = first_pass_fingerprint(cfg);
    const Lang lang = lang_of(cfg.settings);
    for (const auto& c : codes) {
        const fs::path file = dir / c / "grades.json";
        std::ifstream in(file, std::ios::binary);
        if (!in) throw ConfigError(say(lang, Msg::FirstPassNoTable, {file.string(), c, (dir / c).string()}));
        try {
            const nlohmann::json j = nlohmann::json::parse(in);
            if (j.value("landeff_first_pass", 0) != 1) throw RunError(say(lang, Msg::FirstPassBadTable, {file.string(), "landeff_first_pass"}));
            if (j.value("partition", std::string()) != c)
                throw RunError(say(lang, Msg::FirstPassBadTable, {file.string(), std::string("partition ").append(j.value("partition", std::string("-")))}));
            const std::string got = j.value("fingerprint", std::string());
            if (got != want) throw RunError(say(lang, Msg::FirstPassStale, {file.string(), got.substr(0, 12), want.substr(0, 12), c}));
            for (const auto& [id, g] : j.at("enterprises").items()) {
                FirstPassGrade x;
                x.population = g.at("population").get<std::string>();
                x.list = g.at("list").get<std::string>();
                const std::string grade = g.at("grade").get<std::string>(), band = g.at("band_grade").get<std::string>();
                if (grade.size() != 1 || band.size() != 1) throw RunError(say(lang, Msg::FirstPassBadTable, {file.string(), std::string("ent_id ").append(id)}));
                x.grade = grade[0];
                x.band_grade = band[0];
                x.score = g.at("score").get<double>();
                x.rank = g.at("rank").get<int>();
                x.ranked_of = g.at("ranked_of").get<int>();
                if (!fp->ents.emplace(id, std::move(x)).second)
                    throw RunError(say(lang, Msg::FirstPassBadTable, {file.string(), std::string("ent_id ").append(id).append(" twice")}));
            }
            for (const auto& [region, m] : j.at("tax_low_medians").items()) fp->tax_median.emplace(region, m.get<double>());
        } catch (const nlohmann::json::exception& e) {
            throw RunError(say(lang, Msg::FirstPassBadTable, {file.string(), e.what()}));
        }
    }
    return fp;
}

}  // namespace landeff::pipeline
