#include "landeff/pipeline.hpp"

#include <tbb/global_control.h>

#include <algorithm>
#include <atomic>
#include <future>
#include <optional>
#include <fstream>

#include "landeff/checks.hpp"
#include "landeff/columns.hpp"
#include "landeff/compliance.hpp"
#include "landeff/corrections.hpp"
#include "landeff/devzone.hpp"
#include "landeff/documents.hpp"
#include "landeff/error.hpp"
#include "landeff/grades.hpp"
#include "landeff/indicators.hpp"
#include "landeff/invariants.hpp"
#include "landeff/overlay.hpp"
#include "landeff/params.hpp"
#include "landeff/platforms.hpp"
#include "landeff/policy.hpp"
#include "landeff/progress.hpp"
#include "landeff/report.hpp"
#include "landeff/qgis_project.hpp"
#include "landeff/score.hpp"
#include "landeff/standards.hpp"
#include "landeff/states.hpp"
#include "landeff/styles.hpp"
#include "landeff/text.hpp"
#include "parts.hpp"

namespace fs = std::filesystem;

namespace landeff {

const LayerData& Dataset::layer(LayerKind k) const {
    switch (k) {
        case LayerKind::Parks: return parks;
        case LayerKind::Parcels: return parcels;
        case LayerKind::Approvals: return approvals;
        case LayerKind::Enterprises: return enterprises;
        case LayerKind::UrbanCore: return urban_core;
        case LayerKind::Restricted: return restricted;
        case LayerKind::DevBoundary: return dev_boundary;
        case LayerKind::Farmland: return farmland;
        case LayerKind::EcoRedline: return eco_redline;
        case LayerKind::Landuse: return landuse;
        case LayerKind::Plan: return plan;
        case LayerKind::Leases: return leases;
        case LayerKind::Corrections: return corrections;
    }
    return parks;
}

using pipeline::Clock;
using pipeline::seconds_since;

void Timings::add(const std::string& step, double s) {
    steps.emplace_back(step, s);
    rss.emplace_back(step, static_cast<double>(resident_bytes()) / (1024.0 * 1024.0));
}

Dataset load_dataset(Config cfg, Findings& findings, Timings& timings, const std::string& partition, PartitionPass pass) {
    Dataset ds;
    const ReadRules rules(cfg.settings);  // read and checked once, before any input is read
    auto t0 = Clock::now();
    const InputSpec* parks_in = cfg.input(LayerKind::Parks);
    double lon = 0, lat = 0;
    // Planar areas need a CRS that does not distort them where the data is (issue 14): the
    // parks' (else the parcels') centre decides "auto" and is where the distortion is measured.
    const bool planar = rules.area.mode == AreaMode::Planar;
    std::optional<std::pair<double, double>> c;
    if (cfg.crs == "auto" || planar) {
        c = lonlat_center(*parks_in);
        if (!c && cfg.input(LayerKind::Parcels)) c = lonlat_center(*cfg.input(LayerKind::Parcels));
    }
    if (cfg.crs == "auto") {
        if (!c)
            throw ConfigError("crs = \"auto\" needs the parks' or parcels' location, but neither layer could be located "
                              "(empty, or no CRS); set crs = \"EPSG:4549\" (for example) in " + cfg.file.string());
        lon = c->first;
        lat = c->second;
    }
    ds.crs = make_working_crs(cfg.crs, lon, lat);
    if (planar && c) {
        auto line = cfg.setting_lines.find("crs");
        const std::string where = cfg.file.string() + (line != cfg.setting_lines.end() ? std::string(":").append(std::to_string(line->second)) : std::string()) +
                                  ": crs" + (cfg.crs == "auto" ? " \"auto\"" : "");
        check_area_distortion(ds.crs, c->first, c->second, rules.crs_max_area_error, where);
    }
    ds.cfg = std::move(cfg);
    const CsvLineLimit csv_line;  // for all the reads below, some at the same time
    // The enterprises table (issue 20) is read beside the other layers when the run has two or more
    // threads: GDAL's CSV reader parses it on one thread (5.5 s of a 14 s read step at 1 M parcels),
    // while the parcels' and the 三调 reads leave a core partly idle. It depends on no other layer.
    // Collected after the loop, so an error in a layer before it is still the one reported; its
    // progress line stays off the terminal, which the other reads use. With --jobs 1, or a
    // partition's read (which reads some layers out of order), it is read in turn.
    std::future<LayerData> ents_beside;
    double ents_seconds = 0;
    const InputSpec* ents_in = ds.cfg.input(LayerKind::Enterprises);
    if (ents_in && partition.empty() && tbb::global_control::active_value(tbb::global_control::max_allowed_parallelism) > 1)
        ents_beside = std::async(std::launch::async, [&ds, &findings, &ents_seconds, ents_in] {
            const auto t = Clock::now();
            const QuietProgressHere quiet;
            LayerData d = read_layer(*ents_in, LayerKind::Enterprises, ds.cfg, ds.crs, findings);
            ents_seconds = seconds_since(t);
            return d;
        });
    for (auto kind : all_layer_kinds()) {
        const InputSpec* in = ds.cfg.input(kind);
        // A partition reads the approvals, leases and corrections before its parcels (below).
        if (!partition.empty() && (kind == LayerKind::Approvals || kind == LayerKind::Leases || kind == LayerKind::Corrections)) continue;
        LayerData& target = const_cast<LayerData&>(ds.layer(kind));
        target.kind = kind;
        target.source_field.assign(schema(kind).fields.size(), "");
        if (!in) continue;
        if (kind == LayerKind::Enterprises && ents_beside.valid()) continue;  // read beside, collected below
        if (kind == LayerKind::Landuse && pass == PartitionPass::Grades) continue;  // a first pass grades: no 三调 sums
        auto t_layer = Clock::now();
        // The 三调 layer (a county's hundreds of thousands of polygons) is streamed: overlaid with
        // the parks and parcels read before it, chunk by chunk, and not kept.
        if (kind == LayerKind::Landuse)
            stream_landuse(ds, *in, rules.devzone, findings, partition.empty() ? std::nullopt : pipeline::partition_landuse_box(ds, partition));
        else if (kind == LayerKind::Parcels && !partition.empty()) {
            // A partition: the approvals, leases and corrections first (which parcels it reads depends
            // on them), then its parcels.
            for (LayerKind before : {LayerKind::Approvals, LayerKind::Leases, LayerKind::Corrections}) {
                LayerData& l = const_cast<LayerData&>(ds.layer(before));
                l.kind = before;
                l.source_field.assign(schema(before).fields.size(), "");
                if (const InputSpec* b = ds.cfg.input(before)) {
                    l = read_layer(*b, before, ds.cfg, ds.crs, findings);
                    timings.layers.emplace_back(std::string(schema(before).name), seconds_since(t_layer));  // read_s: its own entry
                    t_layer = Clock::now();
                }
            }
            target = pipeline::read_partition_parcels(ds, *in, partition, findings, pass);
        } else target = read_layer(*in, kind, ds.cfg, ds.crs, findings);
        timings.layers.emplace_back(std::string(schema(kind).name), seconds_since(t_layer));
    }
    if (ents_beside.valid()) {
        ds.enterprises = ents_beside.get();
        timings.layers.emplace_back(std::string(schema(LayerKind::Enterprises).name), ents_seconds);
    }
    if (!partition.empty()) pipeline::find_ents_elsewhere(ds, partition);
    // Objections' corrections (异议更正) change the records read, before any analysis (never the files).
    apply_corrections(ds, findings);
    timings.add("read", seconds_since(t0));
    return ds;
}

Analysis analyze(Dataset& ds, Findings& findings, Timings& timings, bool indicators) {
    Analysis an;
    // Every stage's settings, read and checked once (params.hpp), before any stage runs.
    const StageRules rules(ds.cfg.settings);
    auto t0 = Clock::now();
    check_inputs(ds, rules.quality, findings);
    timings.add("checks", seconds_since(t0));
    t0 = Clock::now();
    overlay_parks(ds, rules.area, rules.quality, an, findings);
    timings.add("overlay", seconds_since(t0));
    find_map_outliers(ds, rules.quality.map_outlier_km, findings);
    check_areas(ds, rules.quality, an, findings);
    if (indicators) {
        t0 = Clock::now();
        measure(ds, rules.leases, an, findings);
        timings.add("measure", seconds_since(t0));
        t0 = Clock::now();
        const ControlStandard standard = load_standard(ds.cfg);
        check_compliance(ds, standard, rules.compliance, an);
        timings.add("compliance", seconds_since(t0));
        // Grades before states: "enterprise graded D" is a 低效 test (grade_d). Grading reads only
        // measure()'s figures, so nothing is circular; each stage checks its inputs have run.
        t0 = Clock::now();
        grade_enterprises(ds, rules.grading, an, findings);
        apply_overrides(ds, an, findings);  // manual grade overrides (人工调整): before the grade_d land test reads grades
        timings.add("grades", seconds_since(t0));
        t0 = Clock::now();
        classify_parcels(ds, standard, an);
        an.worklist = build_worklist(ds, rules.worklist, an);
        timings.add("states", seconds_since(t0));
        t0 = Clock::now();
        assess_unsupplied(ds, rules.unsupplied, an, findings);
        timings.add("unsupplied", seconds_since(t0));
        t0 = Clock::now();
        check_devzones(ds, rules.devzone, an, findings);  // before the platforms: rule 0 reads its control-line shares
        // The 三调 sums (a figure and the survey polygons' evidence per parcel they touch: about 200 MB
        // at 5 M parcels) are read only by check_devzones: gone before the stages after it and the
        // write reach the run's peak (issue 20).
        ds.landuse_sums.reset();
        timings.add("devzone", seconds_since(t0));
        t0 = Clock::now();
        score_parks(ds, rules.score, an);
        classify_platforms(ds, rules.platforms, an);
        timings.add("score", seconds_since(t0));
        t0 = Clock::now();
        // A failed invariant is a landeff bug: said loudly, recorded, and the run goes on.
        for (const auto& msg : check_invariants(ds, an)) {
            std::fprintf(stderr, "landeff: internal check failed (please report): %s\n", msg.c_str());
            findings.add("run", -1, "", "invariant_failed", Severity::Error, "internal check failed: " + msg);
        }
        timings.add("invariants", seconds_since(t0));
    }
    return an;
}

namespace {

// What a run that ends the process leaves for the operating system (RunOptions::process_ends).
struct Kept {
    Dataset ds;
    Analysis an;
    std::unique_ptr<Findings> findings;
};
Kept* g_kept = nullptr;

// shown_dir: the directory named on stderr as the output, when out_dir is inside a staging directory
// (a year of a multi-year run: OUT/<year>, not the temporary folder it is written in).
int run_config(Config cfg, const RunOptions& opt, std::ostream& err, const fs::path& out_dir,
               const std::vector<std::pair<int, fs::path>>& history, const fs::path& shown_dir = {});

}  // namespace

int run_command(const RunOptions& opt, std::ostream& err) {
    set_progress_enabled(!opt.quiet);
    start_memory_watchdog(opt.max_memory);
    std::unique_ptr<tbb::global_control> jobs;
    if (opt.jobs > 0)
        jobs = std::make_unique<tbb::global_control>(tbb::global_control::max_allowed_parallelism,
                                                     static_cast<size_t>(opt.jobs));
    pipeline::check_formats(opt.formats);

    Config cfg = load_config(opt.config, opt.year);
    if (!opt.lang.empty()) {
        cfg.settings.set("output.lang", opt.lang);  // --lang overrides output.lang
        config_warnings(cfg);                      // worded in that language
    }
    // The control-indicator preset and the investment table are settings too: loaded once here, so a
    // typo fails before any data is read, naming the line of the key (issue 14).
    try {
        (void)load_standard(cfg);
    } catch (const ConfigError& e) {
        std::string msg = e.what();
        for (const char* key : {"control.preset", "control.inv_table"})
            if (msg.rfind(key, 0) == 0 && cfg.setting_lines.count(key))
                msg = cfg.file.string() + ":" + std::to_string(cfg.setting_lines.at(key)) + ": " + msg;
        throw ConfigError(msg);
    }
    // So is the table of differentiated policies (issue 17): a malformed row fails before any reading.
    try {
        (void)parse_policy_table(cfg.settings.str("policy.table"));
    } catch (const ConfigError& e) {
        auto line = cfg.setting_lines.find("policy.table");
        throw ConfigError(line == cfg.setting_lines.end() ? std::string(e.what())
                                                          : cfg.file.string() + ":" + std::to_string(line->second) + ": " + e.what());
    }
    // Config warnings are said even with --quiet: they change what the run means.
    for (const auto& w : cfg.warnings) err << "landeff: warning: " << w << "\n";
    const bool to_postgis = opt.out && opt.out->string().rfind("PG:", 0) == 0;
    if (to_postgis) {
        if (opt.engine == "dask") throw ConfigError("--engine dask writes a directory: give --out DIR, not a PG: connection");
        if (opt.schema.empty()) throw ConfigError("--out PG:… needs --schema NAME (e.g. --schema landeff_" + std::to_string(cfg.year) + ")");
        if (!cfg.years.empty()) throw ConfigError("a multi-year config writes directories: give --out DIR, not a PG: connection");
        return run_config(std::move(cfg), opt, err, {}, {});
    }
    if (!opt.schema.empty()) throw ConfigError("--schema goes with --out \"PG:…\"");
    fs::path out_dir;
    if (opt.out) out_dir = *opt.out;
    else if (!opt.inspect_only) out_dir = cfg.dir / ("landeff_out_" + std::to_string(cfg.year));
    if (!opt.partition.empty()) {
        if (cfg.settings.str("partition.by") == "none")
            throw ConfigError(cfg.file.string() + ": --partition needs partition.by = \"county\" or \"city\" under [partition]");
        if (!cfg.years.empty()) throw ConfigError("--partition runs one year: a multi-year config is not split");
        if (!opt.out) throw ConfigError("--partition " + opt.partition + " needs --out DIR (the partition's own folder)");
        pipeline::check_partition_exact(cfg);
    }
    if ((opt.grades_only || !opt.grades_dir.empty()) &&
        (opt.partition.empty() || !opt.out || (opt.grades_only && !opt.grades_dir.empty()) || opt.engine == "dask"))
        throw ConfigError(say(lang_of(cfg.settings), Msg::FirstPassOptions, {opt.grades_only ? "--grades-only" : "--grades"}));
    if (opt.engine == "dask") {
        if (!opt.partition.empty()) throw ConfigError("--engine dask runs every partition: leave out --partition");
        if (!cfg.years.empty()) throw ConfigError("--engine dask runs one year: give --year or a one-year config");
        if (cfg.settings.str("partition.by") == "none")
            throw ConfigError(cfg.file.string() + ": --engine dask needs partition.by = \"county\" or \"city\" "
                              "(how the run splits into tasks without changing a figure)");
        pipeline::check_partition_exact(cfg);  // a run-wide median is refused before any task starts
        return pipeline::run_dask(opt, out_dir, err);
    }
    if (cfg.years.empty() || opt.inspect_only) return run_config(std::move(cfg), opt, err, out_dir, {});

    // Several years: each into OUT/<year>/, each later year compared with the one before (years.cpp).
    // A year's results are freed before the next year is read.
    RunOptions each_year = opt;
    each_year.process_ends = false;
    return pipeline::run_years(cfg, each_year, err, out_dir, &run_config);
}

namespace {

// A password written into the config (or --out) works, but it sits in a file others may read and
// copy: say so once per run (stderr and a finding), with the ways libpq finds it elsewhere.
void warn_of_passwords(const Config& cfg, const RunOptions& opt, std::ostream& err, Findings& findings) {
    const Lang lang = findings.lang();
    std::vector<std::string> where;
    for (const auto& [name, in] : cfg.inputs)
        if (redact_secrets(in.path_as_written) != in.path_as_written)
            where.push_back(say(lang, Msg::PasswordWhereInput, {cfg.file.filename().string(), name}));
    if (opt.out && redact_secrets(opt.out->string()) != opt.out->string()) where.push_back(say(lang, Msg::PasswordWhereOut));
    if (where.empty()) return;
    const std::string msg = say(lang, where.size() == 1 ? Msg::PasswordInConfigOne : Msg::PasswordInConfigMany,
                                {join(where, lang == Lang::zh ? "、" : ", ")});
    findings.add("config", -1, "", "password_in_config", Severity::Warning, msg);
    static std::atomic<bool> warned{false};
    if (!warned.exchange(true)) err << "landeff: warning: " << msg << "\n";
}

// A shapefile that would pass a format limit (2 GiB .dbf or .shp, 255 fields) is not written: the
// run says so on stderr and in a finding (shapefile_limit) and writes the other formats (issue 16).
void skip_oversized_shapefiles(const Dataset& ds, const Analysis& an, const OutputRules& rules, Findings& findings,
                               std::ostream& err, std::vector<OutLayer>& layers, WriteOptions& wo, bool whys_once,
                               bool texts_once) {
    if (!wo.formats.count("shp")) return;
    wo.shp_plans = plan_shapefiles(layers, wo.max_string);
    const auto problems = shapefile_problems(wo.shp_plans, shapefile_limits(), findings.lang());
    if (problems.empty()) return;
    for (const auto& p : problems) {
        const std::string msg = say(findings.lang(), Msg::ShpNotWritten, {p});
        err << "landeff: warning: " << msg << "\n";
        findings.add("run", -1, "", "shapefile_limit", Severity::Warning, msg);
    }
    wo.formats.erase("shp");
    wo.shp_plans.clear();
    layers = output_layers(ds, an, findings, rules, whys_once, texts_once);  // the findings layer now holds the new findings
}

// The outputs of a directory run, written into the staging directory `dir`: the vector layers and
// styles, report.xlsx, the comparison with the previous year (a later year of a multi-year run),
// the maps, report.html, and run.json last.
void write_directory(const Dataset& ds, const Analysis& an, Findings& findings, std::ostream& err, Timings& timings,
                     const RunOptions& opt, const std::vector<std::pair<int, fs::path>>& history, const fs::path& dir,
                     const std::string& started, Clock::time_point t_start, pipeline::InputHashes& hashes) {
    auto t0 = Clock::now();
    const OutputRules rules(ds.cfg.settings);  // output.*, html.*: read and checked once
    // The enterprises are read by the GeoPackage (also written for the maps), report.xlsx and
    // report.html: with two of them, their explanations are made once (output_layers).
    const int enterprise_readers = (opt.formats.count("gpkg") || opt.formats.count("maps") ? 1 : 0) +
                                   static_cast<int>(opt.formats.count("xlsx")) + static_cast<int>(opt.formats.count("html"));
    const bool whys_once = !opt.inspect_only && enterprise_readers >= 2;
    // The parcels and the worklist are read by every format (report.html: the parcels): with two of
    // them, the texts their rows are made of at write time are made once too.
    const int parcel_readers = enterprise_readers + static_cast<int>(opt.formats.count("geojson")) +
                               static_cast<int>(opt.formats.count("shp"));
    const bool texts_once = !opt.inspect_only && parcel_readers >= 2;
    auto layers = output_layers(ds, an, findings, rules, whys_once, texts_once);
    if (opt.inspect_only) {
        std::vector<OutLayer> only;
        for (auto& L : layers)
            if (L.name == "findings") only.push_back(std::move(L));
        layers = std::move(only);
    }
    WriteOptions wo;
    for (const auto& f : opt.formats)
        if (vector_formats().count(f)) wo.formats.insert(f);
    // The maps are drawn from the GeoPackage: write it even when only maps were asked for.
    const bool maps_wanted = !opt.inspect_only && opt.formats.count("maps");
    const bool gpkg_for_maps_only = maps_wanted && !wo.formats.count("gpkg");
    if (maps_wanted) wo.formats.insert("gpkg");
    if (opt.inspect_only) wo.formats = {"gpkg"};
    wo.stamp_date = ds.cfg.eval_date.iso();
    wo.max_string = rules.max_string;
    skip_oversized_shapefiles(ds, an, rules, findings, err, layers, wo, whys_once, texts_once);
    // For report.xlsx and report.html: not made without them (issue 20: one core's work at the start
    // of the write that a GeoPackage-only run never reads).
    const bool summary_wanted = !opt.inspect_only && (opt.formats.count("xlsx") || opt.formats.count("html"));
    const ReportSummary summary = summary_wanted ? make_summary(ds, an, findings) : ReportSummary{};
    // The evaluation's documents (issue 17): confirm.pdf, notice.pdf, notice.xlsx and report.xlsx's
    // confirm sheet.
    std::optional<Documents> docs;
    if (!opt.inspect_only && opt.formats.count("docs")) docs = build_documents(ds, an);
    // report.xlsx is written beside the other outputs (issue 20): libxlsxwriter fills and deflates it
    // on one thread, so with two or more cores it overlaps the vector formats, the maps and
    // report.html instead of following them. It reads only what is final by now (the layers, the
    // summary, the documents); its progress line stays off the terminal, which the others use.
    // With --jobs 1 it runs in turn, on the one core it is given.
    const bool beside = tbb::global_control::active_value(tbb::global_control::max_allowed_parallelism) > 1;
    std::future<double> xlsx_seconds;
    if (!opt.inspect_only && opt.formats.count("xlsx")) {
        auto write_report = [&, dz_platforms = devzone_platform_layer(ds, an)] {
            const auto t = Clock::now();
            const QuietProgressHere quiet;
            write_xlsx(layers, summary, dir / "report.xlsx", wo.stamp_date, docs ? &*docs : nullptr, &dz_platforms);
            return seconds_since(t);
        };
        xlsx_seconds = std::async(beside ? std::launch::async : std::launch::deferred, std::move(write_report));
    }
    // report.html's data, from the layers alone, made beside the vector formats too (issue 20); the
    // page itself is written last, with run.json and the maps' links.
    const bool html_wanted = !opt.inspect_only && opt.formats.count("html");
    HtmlOptions ho;
    ho.crs = ds.crs.srs;
    ho.map_max_parcels = rules.html_map_max_parcels;
    ho.map_simplify = rules.html_map_simplify;
    ho.table_rows = rules.html_table_rows;
    ho.xlsx_link = xlsx_seconds.valid();
    std::future<HtmlPageDataPtr> html_data;
    double html_data_seconds = 0;
    if (html_wanted) {
        html_data = std::async(beside ? std::launch::async : std::launch::deferred, [&] {
            const auto t = Clock::now();
            const QuietProgressHere quiet;
            auto d = html_page_data(layers, summary, ho, !maps_wanted);
            html_data_seconds = seconds_since(t);
            return d;
        });
    }
    // The styles' per-mu tax classes, from the layers in memory (the values written), not read back
    // from landeff.gpkg: made beside the vector formats too (issue 20: a million values gathered and
    // sorted on one core, once the write's tail).
    const MapOptions mo = pipeline::map_options(ds);  // the per-mu tax classes and page of the maps
    std::future<TaxClasses> tax_future;
    if (!opt.inspect_only && wo.formats.count("gpkg"))
        tax_future = std::async(beside ? std::launch::async : std::launch::deferred,
                                [&] { return tax_classes(layers, mo.breaks, mo.classes); });
    write_vector_outputs(layers, ds.crs, dir, wo);
    {
        ScopedConfig stamp("OGR_CURRENT_DATE", wo.stamp_date + "T00:00:00.000Z");  // reproducible timestamps
        if (!opt.inspect_only) {
            const fs::path gpkg = dir / "landeff.gpkg";
            const TaxClasses tax = tax_future.valid() ? tax_future.get() : TaxClasses{};
            write_styles(layers, tax, gpkg, {dir / "shp", dir / "geojson"}, wo.stamp_date);
            // The QGIS project beside the GeoPackage it opens (not when the GeoPackage is only
            // written for the maps and removed at the end).
            if (opt.formats.count("gpkg"))
                write_qgis_project(layers, tax, ds.crs, gpkg, dir / "landeff.qgz",
                                   {mo.region, ds.cfg.year, ds.cfg.eval_date.iso(), mo.page, mo.orientation});
        }
    }
    timings.add("write", seconds_since(t0));
    if (docs) {
        t0 = Clock::now();
        write_confirm_pdf(*docs, dir / "confirm.pdf");
        timings.add("confirm_pdf", seconds_since(t0));
        t0 = Clock::now();
        write_notice_pdf(*docs, dir / "notice.pdf");
        write_notice_xlsx(*docs, dir / "notice.xlsx");
        timings.add("notice", seconds_since(t0));
    }
    nlohmann::json rj = pipeline::run_record(ds, an, findings, timings, opt, started, &hashes);
    // A later year of a multi-year run: what changed since the previous year.
    std::string change_section;
    fs::path changes_gpkg;
    if (!history.empty()) {
        const auto t1 = Clock::now();
        CompareOptions co;
        co.prev = history.back().second;
        co.cur = dir;
        co.out = dir / "changes";
        co.cur_settings = ds.cfg.resolved()["settings"];
        co.cur_year = ds.cfg.year;
        const CompareSummary cs = compare_runs(co);
        changes_gpkg = co.out / "changes.gpkg";
        change_section = pipeline::trend_html(history, ds, an, cs);
        rj["timings_s"]["compare"] = seconds_since(t1);
    }
    std::vector<std::pair<std::string, fs::path>> maps;
    if (maps_wanted) {
        const auto t1 = Clock::now();
        for (const auto& m : render_maps(dir / "landeff.gpkg", pipeline::map_options(ds), dir / "maps", changes_gpkg))
            maps.emplace_back(m.title, m.png);
        rj["timings_s"]["maps"] = seconds_since(t1);
    }
    if (html_wanted) {
        const auto t1 = Clock::now();
        HtmlPageDataPtr data = html_data.get();
        write_html(layers, summary, rj.dump(2), maps, dir / "report.html", change_section, ho, std::move(data));
        // The step's wall time after the maps (the page, and any wait for its data), and the data's
        // own seconds (made beside the vector formats when there are two cores, as report.xlsx).
        rj["timings_s"]["html"] = seconds_since(t1);
        rj["timings_s"]["html_data"] = html_data_seconds;
    }
    // report.xlsx's own seconds (overlapping the steps above when written beside them); a failure
    // of it fails the run here, as it would have in turn.
    if (xlsx_seconds.valid()) rj["timings_s"]["xlsx"] = xlsx_seconds.get();
    if (gpkg_for_maps_only) fs::remove(dir / "landeff.gpkg");
    // Every file the run wrote, by path inside the output directory (not the staging marker, a
    // hidden file that the final rename keeps out of sight).
    std::vector<std::string> outputs;
    for (const auto& f : fs::recursive_directory_iterator(dir))
        if (f.is_regular_file() && f.path().filename().string().front() != '.')
            outputs.push_back(fs::relative(f.path(), dir).generic_string());
    outputs.push_back("run.json");
    std::sort(outputs.begin(), outputs.end());
    rj["outputs"] = outputs;
    // The total covers everything above (compare, maps, html included); run.json is written last.
    rj["timings_s"]["total"] = seconds_since(t_start);
    rj["finished"] = pipeline::iso_now();
    pipeline::write_run_json(rj, dir);
}

int run_config(Config cfg, const RunOptions& opt, std::ostream& err, const fs::path& out_dir,
               const std::vector<std::pair<int, fs::path>>& history, const fs::path& shown_dir) {
    if (opt.grades_only) return pipeline::run_first_pass(std::move(cfg), opt, err, out_dir);  // issue 21: a first pass
    const auto t_start = Clock::now();
    const std::string started = pipeline::iso_now();
    // Check the output directory before the (possibly long) analysis.
    std::unique_ptr<StagedOutput> staged;
    if (!out_dir.empty()) staged = std::make_unique<StagedOutput>(out_dir, opt.overwrite, pipeline::all_input_paths(cfg));

    // A second pass: the first pass's tables are checked before any parcel is read.
    std::shared_ptr<const FirstPass> first_pass;
    if (!opt.grades_dir.empty()) first_pass = pipeline::read_first_pass(cfg, opt.grades_dir, opt.partition);
    auto findings_held = std::make_unique<Findings>();  // kept past the run when the process ends (below)
    Findings& findings = *findings_held;
    findings.set_lang(lang_of(cfg.settings));
    for (const auto& w : cfg.warnings) findings.add("config", -1, "", "config_warning", Severity::Warning, w);
    Timings timings;
    warn_of_passwords(cfg, opt, err, findings);
    Dataset ds = load_dataset(std::move(cfg), findings, timings, opt.partition, first_pass ? PartitionPass::Second : PartitionPass::One);
    ds.first_pass = std::move(first_pass);
    // The inputs' SHA-256 for run.json (parts.hpp), hashed from here on beside the analysis and the
    // write: with two cores, the analysis's stages leave one idle now and then (their serial parts),
    // the write hardly ever (issue 20).
    std::optional<pipeline::InputHashes> hashes;
    if (staged) hashes.emplace(ds.cfg);
    // inspect runs the analysis too: the enterprise–parcel joins, the grades and the 批而未供 checks
    // record data-quality findings, and inspect reports exactly the findings run would.
    Analysis an = analyze(ds, findings, timings);
    if (!opt.partition.empty()) pipeline::mark_owned(ds, an, opt.partition);
    findings.sort();

    if (!opt.quiet) findings.summarize(err, QualityRules(ds.cfg.settings).examples, lang_of(ds.cfg.settings));

    // PostGIS output: the tables only (files such as report.xlsx and the maps need a directory).
    if (opt.out && opt.out->string().rfind("PG:", 0) == 0 && !opt.inspect_only) {
        pipeline::write_postgis_run(ds, an, findings, timings, opt, started, err);
        return 0;
    }
    if (staged) {
        write_directory(ds, an, findings, err, timings, opt, history, staged->dir(), started, t_start, *hashes);
        staged->commit();
    }
    if (!opt.quiet)
        pipeline::print_run_summary(ds, an, opt, err, !staged ? fs::path() : shown_dir.empty() ? staged->final_dir() : shown_dir);
    if (opt.process_ends) {
        // Everything is written and committed; the process exits next. The data and results stay
        // reachable from here (not a leak to a leak checker) and the OS takes the memory back whole.
        g_kept = new Kept{std::move(ds), std::move(an), std::move(findings_held)};
    }
    return 0;
}

}  // namespace

}  // namespace landeff
