// `landeff merge` (issue 21, rules.md §10): the folders of a partitioned run's partitions into one
// output folder equal to the single run: every partition's own rows, the worklist in one urgency order,
// and the region total summed from the partitions' parts.
#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include <algorithm>
#include <fstream>
#include <map>
#include <set>

#include "landeff/columns.hpp"
#include "landeff/error.hpp"
#include "landeff/indicators.hpp"
#include "landeff/maps.hpp"
#include "landeff/styles.hpp"
#include "landeff/text.hpp"
#include "landeff/writer.hpp"
#include "parts.hpp"

namespace fs = std::filesystem;

namespace landeff {

namespace {

struct Part {
    fs::path dir;
    std::string code;
    nlohmann::json rj;
    GDALDatasetUniquePtr gpkg;
};

nlohmann::json read_json(const fs::path& p) {
    std::ifstream in(p);
    if (!in) throw RunError(p.string() + ": cannot read");
    try {
        return nlohmann::json::parse(in);
    } catch (const std::exception& e) {
        throw RunError(p.string() + ": not valid JSON (" + e.what() + "): the folder is not a finished landeff output");
    }
}

// The input files of a run (name, size, SHA-256 per input; not what the run read of them).
nlohmann::json input_files(const nlohmann::json& rj) {
    nlohmann::json out = nlohmann::json::object();
    if (rj.contains("inputs"))
        for (const auto& [name, in] : rj["inputs"].items()) out[name] = in.value("files", nlohmann::json());
    return out;
}

// The settings and inputs a partition ran with must be this merge's (rules.md §10): the same
// resolved configuration, and the same input files (their SHA-256 in run.json).
void check_same_run(const std::vector<Part>& parts, const Config& cfg) {
    // Compared as written (a setting without a value is NaN in memory, null in run.json).
    const std::string want = cfg.resolved().dump();
    const Part& first = parts.front();
    for (const Part& p : parts) {
        if (p.rj.value("config", nlohmann::json()).dump() != want)
            throw ConfigError(p.dir.string() + ": partition " + p.code + " was run with another configuration than " + cfg.file.string() +
                              " (its run.json config differs: settings, inputs or year); run it again with this config");
        if (input_files(p.rj) != input_files(first.rj))
            throw ConfigError(p.dir.string() + ": partition " + p.code + " was run on other input files than " + first.dir.string() +
                              " (partition " + first.code + "): their SHA-256 in run.json differ; run the partitions again on the same inputs");
        if (p.rj.value("landeff_version", std::string()) != first.rj.value("landeff_version", std::string()))
            throw ConfigError(p.dir.string() + ": partition " + p.code + " was run by landeff " + p.rj.value("landeff_version", std::string("?")) +
                              ", " + first.dir.string() + " by " + first.rj.value("landeff_version", std::string("?")) + "; run them with one version");
    }
}

std::string text_of(const OGRFeature& f, const char* field) {
    const int i = f.GetFieldIndex(field);
    return i >= 0 && f.IsFieldSetAndNotNull(i) ? std::string(f.GetFieldAsString(i)) : std::string();
}

using Key = std::function<bool(const OGRFeatureUniquePtr&, const OGRFeatureUniquePtr&)>;

// Replaces the rows of `layer` in `out` by every partition's rows, in `order` (a stable sort over the
// partitions' rows in code order; null: as read, which for parcels is already the single run's id order).
void merge_layer(GDALDataset& out, const std::vector<Part>& parts, const char* layer, const Key& order,
                 const std::function<void(OGRFeature&, size_t)>& renumber = {}) {
    OGRLayer* dst = out.GetLayerByName(layer);
    if (!dst) return;  // not written by this run (it has no such input)
    out.ExecuteSQL((std::string("DELETE FROM \"") + layer + "\"").c_str(), nullptr, nullptr);
    std::vector<OGRFeatureUniquePtr> rows;
    for (const Part& p : parts) {
        OGRLayer* src = p.gpkg->GetLayerByName(layer);
        if (!src) throw RunError(p.dir.string() + "/landeff.gpkg: no layer " + layer + " (partition " + p.code + "): the folder is incomplete");
        src->ResetReading();
        for (auto& f : *src) rows.emplace_back(f.release());
    }
    if (order) std::stable_sort(rows.begin(), rows.end(), order);
    for (size_t i = 0; i < rows.size(); ++i) {
        OGRFeatureUniquePtr nf(OGRFeature::CreateFeature(dst->GetLayerDefn()));
        nf->SetFrom(rows[i].get());
        nf->SetFID(OGRNullFID);
        if (renumber) renumber(*nf, i);
        if (dst->CreateFeature(nf.get()) != OGRERR_NONE)
            throw RunError(std::string("merge: cannot write a row of ") + layer + ": " + CPLGetLastErrorMsg());
    }
}

Key by_text(const char* field) {
    return [field](const OGRFeatureUniquePtr& a, const OGRFeatureUniquePtr& b) { return text_of(*a, field) < text_of(*b, field); };
}

}  // namespace

int merge_command(const MergeOptions& opt, std::ostream& err) {
    Config cfg = load_config(opt.config);
    if (!opt.lang.empty()) cfg.settings.set("output.lang", opt.lang);  // as run --lang: the partitions ran with it
    if (cfg.settings.str("partition.by") == "none")
        throw ConfigError(cfg.file.string() + ": partition.by = \"none\": there are no partitions to merge");
    if (opt.parts.empty()) throw ConfigError("merge needs the partitions' folders: landeff merge CONFIG --out DIR DIR_K1 DIR_K2 …");
    std::vector<Part> parts;
    for (const auto& d : opt.parts) {
        Part p;
        p.dir = d;
        if (!fs::exists(d / "run.json") || !fs::exists(d / "landeff.gpkg"))
            throw RunError(d.string() + ": no run.json or landeff.gpkg: not a finished partition folder (run landeff run CONFIG "
                           "--partition K --out " + d.string() + " --formats gpkg)");
        p.rj = read_json(d / "run.json");
        p.code = p.rj.value("partition", std::string());
        if (p.code.empty()) throw ConfigError(d.string() + ": its run.json has no \"partition\": a whole run, not a partition's folder");
        parts.push_back(std::move(p));
    }
    std::sort(parts.begin(), parts.end(), [](const Part& a, const Part& b) { return a.code < b.code; });
    for (size_t i = 1; i < parts.size(); ++i)
        if (parts[i].code == parts[i - 1].code)
            throw ConfigError("partition " + parts[i].code + " is given twice: " + parts[i - 1].dir.string() + " and " + parts[i].dir.string());
    check_same_run(parts, cfg);
    const std::vector<std::string> codes = partition_codes(cfg);
    std::vector<std::string> missing, extra, given;
    for (const Part& p : parts) given.push_back(p.code);
    std::set_difference(codes.begin(), codes.end(), given.begin(), given.end(), std::back_inserter(missing));
    std::set_difference(given.begin(), given.end(), codes.begin(), codes.end(), std::back_inserter(extra));
    if (!extra.empty()) throw ConfigError("partitions " + join(extra, ", ") + " are not partitions of the parcels layer (landeff run CONFIG --list-partitions)");
    if (!missing.empty())
        throw RunError("the partitions " + join(missing, ", ") + " are missing: run landeff run CONFIG --partition K --out DIR_K for each, then merge all " +
                       std::to_string(codes.size()));
    for (Part& p : parts) {
        p.gpkg.reset(GDALDataset::Open((p.dir / "landeff.gpkg").c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY));
        if (!p.gpkg) throw RunError((p.dir / "landeff.gpkg").string() + ": cannot open: " + CPLGetLastErrorMsg());
    }

    StagedOutput staged(opt.out, opt.overwrite, pipeline::all_input_paths(cfg));
    const fs::path gpkg = staged.dir() / "landeff.gpkg";
    // The first partition's file gives the schema, aliases, styles and the control-line layers (every
    // partition writes those whole); its rows of every partitioned layer are replaced below.
    fs::copy_file(parts.front().dir / "landeff.gpkg", gpkg);
    {
        ScopedConfig stamp("OGR_CURRENT_DATE", cfg.eval_date.iso() + "T00:00:00.000Z");  // reproducible timestamps
        GDALDatasetUniquePtr out(GDALDataset::Open(gpkg.c_str(), GDAL_OF_VECTOR | GDAL_OF_UPDATE));
        if (!out) throw RunError(gpkg.string() + ": cannot open for writing: " + CPLGetLastErrorMsg());
        out->StartTransaction();
        merge_layer(*out, parts, "parks", by_text("park_id"));
        merge_layer(*out, parts, "parcels", nullptr);  // partitions in code order: parcel_id order already
        merge_layer(*out, parts, "enterprises", by_text("ent_id"));
        merge_layer(*out, parts, "unsupplied", by_text("appr_id"));
        merge_layer(*out, parts, "findings", nullptr);
        // The worklist: one urgency order (priority, most days first, parcel_id), numbered again.
        merge_layer(*out, parts, "worklist",
                    [](const OGRFeatureUniquePtr& a, const OGRFeatureUniquePtr& b) {
                        const auto ka = std::make_tuple(a->GetFieldAsInteger64("priority"), -a->GetFieldAsInteger64("days"), text_of(*a, "parcel_id"));
                        const auto kb = std::make_tuple(b->GetFieldAsInteger64("priority"), -b->GetFieldAsInteger64("days"), text_of(*b, "parcel_id"));
                        return ka < kb;
                    },
                    [](OGRFeature& f, size_t i) { f.SetField("seq", static_cast<GIntBig>(i + 1)); });
        // The region: the partitions' sums added, then its ratios as a whole run computes them.
        ParkResult total;
        total.appr_m2 = kNaN;
        total.unsup_m2 = kNaN;
        for (const Part& p : parts) {
            if (!p.rj.contains("partition_region")) throw RunError(p.dir.string() + "/run.json: no partition_region: made by another landeff version");
            pipeline::add_region_part(total, p.rj.at("partition_region"));
        }
        finish_park(total, lang_of(cfg.settings));
        total.supply_rt = total.appr_m2 > 0 ? (total.appr_m2 - total.unsup_m2) / total.appr_m2 : kNaN;
        Dataset ds;
        ds.cfg = cfg;
        OGRLayer* region = out->GetLayerByName("region");
        if (!region) throw RunError(gpkg.string() + ": no region table");
        out->ExecuteSQL("DELETE FROM \"region\"", nullptr, nullptr);
        const OutLayer L = table_layer("region", "", false, region_columns(), 1, [&](size_t) { return ParkRow{ds, total, nullptr, nullptr}; });
        OGRFeatureUniquePtr f(OGRFeature::CreateFeature(region->GetLayerDefn()));
        OutRow row(*f, false, 0);
        L.fill(0, row);
        if (region->CreateFeature(f.get()) != OGRERR_NONE) throw RunError("merge: cannot write the region row: " + std::string(CPLGetLastErrorMsg()));
        if (out->CommitTransaction() != OGRERR_NONE) throw RunError(gpkg.string() + ": cannot commit: " + CPLGetLastErrorMsg());
    }
    {
        // The per-mu tax classes of the style are the merged parcels' (the maps' quantiles or breaks
        // over every partition's rows), not the first partition's copied with its file.
        ScopedConfig stamp("OGR_CURRENT_DATE", cfg.eval_date.iso() + "T00:00:00.000Z");
        Dataset whole;
        whole.cfg = cfg;
        const MapOptions mo = pipeline::map_options(whole);
        restyle_tax_classes(gpkg, tax_classes(parts.front().dir / "landeff.gpkg", mo.breaks, mo.classes),
                            tax_classes(gpkg, mo.breaks, mo.classes));
    }
    nlohmann::json rj;
    const Part& first = parts.front();
    for (const char* k : {"landeff_version", "libraries", "config", "working_crs"})
        if (first.rj.contains(k)) rj[k] = first.rj[k];
    rj["input_files"] = input_files(first.rj);  // the inputs' SHA-256 (each partition read a part of them)
    rj["command"] = redact_secrets(opt.command_line);
    rj["partitions"] = given;
    nlohmann::json from = nlohmann::json::array();
    for (const Part& p : parts) from.push_back({{"partition", p.code}, {"dir", p.dir.string()}, {"finished", p.rj.value("finished", std::string())}});
    rj["merged_from"] = from;
    rj["outputs"] = {"landeff.gpkg", "run.json"};
    rj["finished"] = pipeline::iso_now();
    pipeline::write_run_json(rj, staged.dir());
    staged.commit();
    if (!opt.quiet) err << "landeff: merged " << parts.size() << " partitions into " << staged.final_dir().string() << "\n";
    return 0;
}

}  // namespace landeff
