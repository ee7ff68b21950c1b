#include "landeff/pipeline.hpp"

#include <gdal_priv.h>
#include <ogrsf_frmts.h>
#include <openssl/evp.h>
#include <tbb/global_control.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <cmath>
#include <fstream>
#include <numeric>
#include <thread>

#include "landeff/checks.hpp"
#include "landeff/columns.hpp"
#include "landeff/compliance.hpp"
#include "landeff/standards.hpp"
#include "landeff/states.hpp"
#include "landeff/grades.hpp"
#include "landeff/score.hpp"
#include "landeff/platforms.hpp"
#include "landeff/report.hpp"
#include "landeff/styles.hpp"
#include "landeff/maps.hpp"
#include "landeff/compare.hpp"
#include "landeff/postgis.hpp"

#include <array>
#include <map>
#include <sstream>
#include "landeff/error.hpp"
#include "landeff/indicators.hpp"
#include "landeff/invariants.hpp"
#include "landeff/overlay.hpp"
#include "landeff/progress.hpp"
#include "landeff/text.hpp"

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
        case LayerKind::Leases: return leases;
    }
    return parks;
}

const std::set<std::string>& known_formats() {
    static const std::set<std::string> f = {"gpkg", "geojson", "shp", "xlsx", "html", "maps"};
    return f;
}
const std::set<std::string>& vector_formats() {
    static const std::set<std::string> f = {"gpkg", "geojson", "shp"};
    return f;
}

namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point t) {
    return std::chrono::duration<double>(Clock::now() - t).count();
}

std::string sha256_file(const fs::path& p, uintmax_t& bytes) {
    std::ifstream in(p, std::ios::binary);
    if (!in) return "";
    EVP_MD_CTX* ctx = EVP_MD_CTX_new();
    EVP_DigestInit_ex(ctx, EVP_sha256(), nullptr);
    std::vector<char> buf(1 << 20);
    bytes = 0;
    while (in) {
        in.read(buf.data(), static_cast<std::streamsize>(buf.size()));
        const auto n = in.gcount();
        if (n > 0) {
            EVP_DigestUpdate(ctx, buf.data(), static_cast<size_t>(n));
            bytes += static_cast<uintmax_t>(n);
        }
    }
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int len = 0;
    EVP_DigestFinal_ex(ctx, md, &len);
    EVP_MD_CTX_free(ctx);
    static const char* hex = "0123456789abcdef";
    std::string out;
    for (unsigned i = 0; i < len; ++i) {
        out += hex[md[i] >> 4];
        out += hex[md[i] & 15];
    }
    return out;
}

// The files that make up an input (a shapefile is several).
std::vector<fs::path> input_files(const std::string& path) {
    std::vector<fs::path> out;
    std::error_code ec;
    if (!fs::is_regular_file(path, ec)) return out;
    const fs::path p(path);
    out.push_back(p);
    if (ascii_lower(p.extension().string()) == ".shp")
        for (const char* ext : {".dbf", ".shx", ".prj", ".cpg", ".DBF", ".SHX", ".PRJ", ".CPG"}) {
            fs::path s = p;
            s.replace_extension(ext);
            if (fs::is_regular_file(s, ec)) out.push_back(s);
        }
    return out;
}

std::string fmt(double v, int decimals) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
    return buf;
}

}  // namespace

void Timings::add(const std::string& step, double s) {
    steps.emplace_back(step, s);
    rss.emplace_back(step, static_cast<double>(resident_bytes()) / (1024.0 * 1024.0));
}

Dataset load_dataset(Config cfg, Findings& findings, Timings& timings) {
    Dataset ds;
    auto t0 = Clock::now();
    const InputSpec* parks_in = cfg.input(LayerKind::Parks);
    double lon = 0, lat = 0;
    // Planar areas need a CRS that does not distort them where the data is (issue 14): the
    // parks' (else the parcels') centre decides "auto" and is where the distortion is measured.
    const bool planar = cfg.settings.str("area_mode") == "planar";
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
        const std::string where = cfg.file.string() + (line != cfg.setting_lines.end() ? ":" + std::to_string(line->second) : "") +
                                  ": crs" + (cfg.crs == "auto" ? " \"auto\"" : "");
        check_area_distortion(ds.crs, c->first, c->second, cfg.settings.number("crs_max_area_error"), where);
    }
    ds.cfg = std::move(cfg);
    for (auto kind : all_layer_kinds()) {
        const InputSpec* in = ds.cfg.input(kind);
        LayerData& target = const_cast<LayerData&>(ds.layer(kind));
        target.kind = kind;
        target.source_field.assign(schema(kind).fields.size(), "");
        if (!in) continue;
        target = read_layer(*in, kind, ds.cfg, ds.crs, findings);
    }
    timings.add("read", seconds_since(t0));
    return ds;
}

Analysis analyze(const Dataset& ds, Findings& findings, Timings& timings, bool indicators) {
    Analysis an;
    auto t0 = Clock::now();
    check_inputs(ds, findings);
    timings.add("checks", seconds_since(t0));
    t0 = Clock::now();
    overlay_parks(ds, an, findings);
    timings.add("overlay", seconds_since(t0));
    check_areas(ds, an, findings);
    if (indicators) {
        t0 = Clock::now();
        measure(ds, an, findings);
        timings.add("measure", seconds_since(t0));
        t0 = Clock::now();
        const ControlStandard standard = load_standard(ds.cfg);
        check_compliance(ds, standard, an);
        timings.add("compliance", seconds_since(t0));
        // Grades before states: "enterprise graded D" is a 低效 test (grade_d). Grading reads only
        // measure()'s figures, so nothing is circular; each stage checks its inputs have run.
        t0 = Clock::now();
        grade_enterprises(ds, an, findings);
        timings.add("grades", seconds_since(t0));
        t0 = Clock::now();
        classify_parcels(ds, standard, an);
        an.worklist = build_worklist(ds, an);
        timings.add("states", seconds_since(t0));
        t0 = Clock::now();
        assess_unsupplied(ds, an, findings);
        timings.add("unsupplied", seconds_since(t0));
        t0 = Clock::now();
        score_parks(ds, an);
        classify_platforms(ds, an);
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

nlohmann::json input_json(const LayerData& l, const InputSpec& in) {
    nlohmann::json j;
    j["path"] = redact_secrets(in.path_as_written);
    j["layer"] = l.layer_name;
    j["driver"] = l.driver;
    j["features"] = l.features.size();
    j["encoding"] = l.encoding;
    j["encoding_how"] = l.encoding_how;
    if (!l.source_crs.empty()) j["crs"] = l.source_crs;
    const auto& s = schema(l.kind);
    for (size_t c = 0; c < s.fields.size(); ++c)
        j["fields"][std::string(s.fields[c].name)] = l.source_field[c].empty() ? nlohmann::json(nullptr) : nlohmann::json(l.source_field[c]);
    for (const auto& f : input_files(in.path)) {
        uintmax_t bytes = 0;
        const std::string sha = sha256_file(f, bytes);
        j["files"].push_back({{"file", f.filename().string()}, {"bytes", bytes}, {"sha256", sha}});
    }
    return j;
}

std::string iso_now() {
    const auto t = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return buf;
}

}  // namespace

namespace {

std::vector<std::string> all_input_paths(const Config& cfg) {
    std::vector<std::string> paths;
    if (!cfg.file.empty()) paths.push_back(cfg.file.string());  // the config is an input too
    for (const auto& [name, in] : cfg.inputs)
        for (const auto& f : input_files(in.path)) paths.push_back(f.string());
    for (const auto& [y, spec] : cfg.years)
        for (const auto& [name, in] : spec.inputs)
            for (const auto& f : input_files(in.path)) paths.push_back(f.string());
    return paths;
}

// A park trend table over the years (the latest from this run's analysis) for report.html.
std::string trend_html(const std::vector<std::pair<int, fs::path>>& history, const Dataset& ds, const Analysis& an,
                       const CompareSummary& cs) {
    auto esc = [](const std::string& s) { return xml_escape(s); };
    std::map<std::string, std::map<int, std::array<double, 3>>> by_park;  // park → year → mu_tax, mu_output, idle_mu
    std::map<std::string, std::string> names;
    for (const auto& [year, dir] : history) {
        GDALDatasetUniquePtr g(GDALDataset::Open((dir / "landeff.gpkg").c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY));
        if (!g || !g->GetLayerByName("parks")) continue;
        // The region total: the `region` table (region_id "*"), or in older outputs the parks row park_id "*".
        for (const auto& [layer, id_field] : {std::pair<const char*, const char*>{"parks", "park_id"}, {"region", "region_id"}}) {
            OGRLayer* l = g->GetLayerByName(layer);
            if (!l) continue;
            for (auto& f : *l) {
                const std::string id = f->GetFieldAsString(id_field);
                by_park[id][year] = {f->IsFieldSetAndNotNull(f->GetFieldIndex("mu_tax")) ? f->GetFieldAsDouble("mu_tax") : kNaN,
                                     f->IsFieldSetAndNotNull(f->GetFieldIndex("mu_output")) ? f->GetFieldAsDouble("mu_output") : kNaN,
                                     f->GetFieldAsDouble("idle_mu")};
            }
        }
    }
    for (size_t k = 0; k < an.parks.size(); ++k) {
        const std::string id(ds.parks.features[k].rec.s(ParkF::park_id));
        names[id] = ds.parks.features[k].rec.s(ParkF::name);
        by_park[id][ds.cfg.year] = {an.parks[k].mu_tax, an.parks[k].mu_output, an.parks[k].idle_m2 / kM2PerMu};
    }
    by_park["*"][ds.cfg.year] = {an.region.mu_tax, an.region.mu_output, an.region.idle_m2 / kM2PerMu};
    names["*"] = "全区合计";
    std::vector<int> years;
    for (const auto& [y, d] : history) years.push_back(y);
    years.push_back(ds.cfg.year);
    std::ostringstream os;
    os << "<h2 id=\"changes\">与上年相比的变化</h2>\n<div class=facts>";
    for (const auto& [k, n] : cs.parcel_changes) os << "<div class=fact>宗地 " << esc(k) << "<b>" << n << "</b></div>";
    for (const auto& [k, n] : cs.enterprise_changes) os << "<div class=fact>企业等级 " << esc(k) << "<b>" << n << "</b></div>";
    os << "<div class=fact>园区目标全部达标<b>" << cs.parks_targets_met << " / " << cs.parks_targets_checked << "</b></div></div>\n";
    os << "<p class=note>每宗地、企业、园区的变化见 changes/changes.xlsx。</p>\n<table class=sortable id=\"t-trend\"><thead><tr><th>园区代码</th><th>园区名称</th>";
    for (const char* what : {"亩均税收", "亩均产值", "闲置土地(亩)"})
        for (int y : years) os << "<th>" << what << " " << y << "</th>";
    os << "</tr></thead><tbody>\n";
    for (const auto& [id, per_year] : by_park) {
        os << "<tr><td>" << esc(id) << "</td><td>" << esc(names[id]) << "</td>";
        for (size_t m = 0; m < 3; ++m)
            for (int y : years) {
                auto it = per_year.find(y);
                const double v = it == per_year.end() ? kNaN : it->second[m];
                os << "<td class=n>" << (std::isnan(v) ? std::string() : fmt(v, 2)) << "</td>";
            }
        os << "</tr>\n";
    }
    os << "</tbody></table>\n";
    return os.str();
}

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
    for (const auto& f : opt.formats)
        if (!known_formats().count(f))
            throw ConfigError("--formats: unknown format \"" + f + "\"; known: gpkg, geojson, shp, xlsx, html, maps");

    Config cfg = load_config(opt.config, opt.year);
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
    // Config warnings are said even with --quiet: they change what the run means.
    for (const auto& w : cfg.warnings) err << "landeff: warning: " << w << "\n";
    const bool to_postgis = opt.out && opt.out->string().rfind("PG:", 0) == 0;
    if (to_postgis) {
        if (opt.schema.empty()) throw ConfigError("--out PG:… needs --schema NAME (e.g. --schema landeff_" + std::to_string(cfg.year) + ")");
        if (!cfg.years.empty()) throw ConfigError("a multi-year config writes directories: give --out DIR, not a PG: connection");
        return run_config(std::move(cfg), opt, err, {}, {});
    }
    if (!opt.schema.empty()) throw ConfigError("--schema goes with --out \"PG:…\"");
    fs::path out_dir;
    if (opt.out) out_dir = *opt.out;
    else if (!opt.inspect_only) out_dir = cfg.dir / ("landeff_out_" + std::to_string(cfg.year));
    if (cfg.years.empty() || opt.inspect_only) return run_config(std::move(cfg), opt, err, out_dir, {});

    // Several years: each into OUT/<year>/, each later year compared with the one before; the
    // whole directory appears at the end, or not at all.
    if (out_dir.empty()) throw ConfigError("a multi-year config needs --out");
    StagedOutput top(out_dir, opt.overwrite, all_input_paths(cfg));
    std::vector<std::pair<int, fs::path>> history;
    RunOptions each = opt;
    each.overwrite = false;
    each.formats.insert("gpkg");  // the next year's comparison reads it
    for (const auto& [year, spec] : cfg.years) {
        if (!opt.quiet) err << "== " << year << "\n";
        run_config(cfg.for_year(year), each, err, top.dir() / std::to_string(year), history, out_dir / std::to_string(year));
        history.emplace_back(year, top.dir() / std::to_string(year));
    }
    top.commit();
    return 0;
}

namespace {

// A password written into the config (or --out) works, but it sits in a file others may read and
// copy: say so once per run (stderr and a finding), with the ways libpq finds it elsewhere.
void warn_of_passwords(const Config& cfg, const RunOptions& opt, std::ostream& err, Findings& findings) {
    std::vector<std::string> where;
    for (const auto& [name, in] : cfg.inputs)
        if (redact_secrets(in.path_as_written) != in.path_as_written) where.push_back("[inputs." + name + "] path in " + cfg.file.filename().string());
    if (opt.out && redact_secrets(opt.out->string()) != opt.out->string()) where.push_back("--out");
    if (where.empty()) return;
    const std::string msg = join(where, ", ") + (where.size() == 1 ? " holds" : " hold") + " a database password in the connection string; landeff never shows or stores it "
                            "(password=***), but anyone who can read the file can: keep it in ~/.pgpass, a service= "
                            "entry of ~/.pg_service.conf, or the PGPASSWORD environment variable instead";
    findings.add("config", -1, "", "password_in_config", Severity::Warning, msg);
    static std::atomic<bool> warned{false};
    if (!warned.exchange(true)) err << "landeff: warning: " << msg << "\n";
}

int run_config(Config cfg, const RunOptions& opt, std::ostream& err, const fs::path& out_dir,
               const std::vector<std::pair<int, fs::path>>& history, const fs::path& shown_dir) {
    const auto t_start = Clock::now();
    const std::string started = iso_now();
    // Check the output directory before the (possibly long) analysis.
    std::unique_ptr<StagedOutput> staged;
    if (!out_dir.empty()) staged = std::make_unique<StagedOutput>(out_dir, opt.overwrite, all_input_paths(cfg));

    Findings findings;
    for (const auto& w : cfg.warnings) findings.add("config", -1, "", "config_warning", Severity::Warning, w);
    Timings timings;
    warn_of_passwords(cfg, opt, err, findings);
    Dataset ds = load_dataset(std::move(cfg), findings, timings);
    Analysis an = analyze(ds, findings, timings, !opt.inspect_only);
    findings.sort();

    if (!opt.quiet) findings.summarize(err, static_cast<size_t>(ds.cfg.settings.integer("quality.examples")));

    // PostGIS output: the tables only (files such as report.xlsx and the maps need a directory).
    if (opt.out && opt.out->string().rfind("PG:", 0) == 0 && !opt.inspect_only) {
        auto t0 = Clock::now();
        const auto layers = output_layers(ds, an, findings);
        nlohmann::json rj;
        rj["landeff_version"] = LANDEFF_VERSION;
        rj["command"] = redact_secrets(opt.command_line);
        rj["started"] = started;
        rj["config"] = ds.cfg.resolved();
        rj["working_crs"] = {{"definition", ds.crs.definition}, {"name", ds.crs.name}};
        rj["output"] = {{"postgis", redact_secrets(opt.out->string())}, {"schema", opt.schema}};
        std::vector<PostgisInput> pg_inputs;
        for (auto kind : all_layer_kinds())
            if (const InputSpec* in = ds.cfg.input(kind); in && in->path.rfind("PG:", 0) == 0)
                pg_inputs.push_back({in->name, in->path, ds.layer(kind).layer_name});
        write_postgis(layers, ds.crs, opt.out->string(), opt.schema, opt.overwrite, rj.dump(), pg_inputs);
        timings.add("postgis", seconds_since(t0));
        if (!opt.quiet) {
            std::set<std::string> files;
            for (const auto& f : opt.formats)
                if (f != "gpkg") files.insert(f);
            err << "outputs: schema " << opt.schema << " of " << redact_secrets(opt.out->string()) << "\n";
            if (!files.empty()) err << "note: " << join({files.begin(), files.end()}, ", ") << " need an output directory and were not written\n";
        }
        return 0;
    }

    if (staged) {
        auto t0 = Clock::now();
        auto layers = output_layers(ds, an, findings);
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
        wo.max_string = static_cast<size_t>(ds.cfg.settings.integer("output.max_string"));
        write_vector_outputs(layers, ds.crs, staged->dir(), wo);
        {
            ScopedConfig stamp("OGR_CURRENT_DATE", wo.stamp_date + "T00:00:00.000Z");  // reproducible timestamps
            if (!opt.inspect_only) write_styles(layers, staged->dir(), wo.stamp_date);
        }
        timings.add("write", seconds_since(t0));
        const ReportSummary summary = make_summary(ds, an, findings);  // for report.xlsx and report.html
        if (!opt.inspect_only && opt.formats.count("xlsx")) {
            t0 = Clock::now();
            write_xlsx(layers, summary, staged->dir() / "report.xlsx", wo.stamp_date);
            timings.add("xlsx", seconds_since(t0));
        }

        nlohmann::json rj;
        rj["landeff_version"] = LANDEFF_VERSION;
        rj["command"] = redact_secrets(opt.command_line);
        rj["started"] = started;
        rj["config"] = ds.cfg.resolved();
        rj["working_crs"] = {{"definition", ds.crs.definition}, {"name", ds.crs.name}, {"metres_per_unit", ds.crs.unit_m}};
        for (auto kind : all_layer_kinds())
            if (const InputSpec* in = ds.cfg.input(kind)) rj["inputs"][std::string(schema(kind).name)] = input_json(ds.layer(kind), *in);
        rj["counts"] = {{"parks", ds.parks.features.size()},
                        {"parcels", ds.parcels.features.size()},
                        {"parcels_outside_parks", an.n_outside},
                        {"enterprises", an.ents.size()},
                        {"approvals", ds.approvals.features.size()},
                        {"land_mu", an.total_land_m2 / kM2PerMu},
                        {"land_outside_mu", an.outside_land_m2 / kM2PerMu}};
        // land_mu is every parcel measured; of it, land supplied after T is nobody's at T (DOMAIN §4).
        if (!opt.inspect_only) rj["counts"]["land_later_mu"] = an.region.later_m2 / kM2PerMu;
        rj["findings"] = {{"error", findings.count(Severity::Error)},
                          {"warning", findings.count(Severity::Warning)},
                          {"info", findings.count(Severity::Info)}};
        for (const auto& [step, s] : timings.steps) rj["timings_s"][step] = s;
        for (const auto& [step, mib] : timings.rss) rj["memory_mib"][step] = std::round(mib);
        rj["memory_mib"]["peak"] = std::round(static_cast<double>(peak_resident_bytes()) / (1024.0 * 1024.0));
        // A later year of a multi-year run: what changed since the previous year.
        std::string change_section;
        fs::path changes_gpkg;
        if (!history.empty()) {
            const auto t1 = Clock::now();
            CompareOptions co;
            co.prev = history.back().second;
            co.cur = staged->dir();
            co.out = staged->dir() / "changes";
            co.cur_settings = ds.cfg.resolved()["settings"];
            co.cur_year = ds.cfg.year;
            const CompareSummary cs = compare_runs(co);
            changes_gpkg = co.out / "changes.gpkg";
            change_section = trend_html(history, ds, an, cs);
            rj["timings_s"]["compare"] = seconds_since(t1);
        }
        std::vector<std::pair<std::string, fs::path>> maps;
        if (maps_wanted) {
            const auto t1 = Clock::now();
            MapOptions mo;
            mo.page = ds.cfg.settings.str("maps.page");
            mo.orientation = ds.cfg.settings.str("maps.orientation");
            mo.dpi = static_cast<int>(ds.cfg.settings.integer("maps.dpi"));
            mo.breaks = ds.cfg.settings.str("maps.breaks");
            mo.classes = static_cast<int>(ds.cfg.settings.integer("maps.classes"));
            mo.region = ds.cfg.settings.str("maps.region");
            mo.year = ds.cfg.year;
            mo.eval_date = ds.cfg.eval_date.iso();
            mo.crs = ds.crs.definition;
            for (const auto& m : render_maps(staged->dir() / "landeff.gpkg", mo, staged->dir() / "maps", changes_gpkg))
                maps.emplace_back(m.title, m.png);
            rj["timings_s"]["maps"] = seconds_since(t1);
        }
        if (!opt.inspect_only && opt.formats.count("html")) {
            const auto t1 = Clock::now();
            write_html(layers, summary, rj.dump(2), maps, staged->dir() / "report.html", change_section);
            rj["timings_s"]["html"] = seconds_since(t1);
        }
        if (gpkg_for_maps_only) fs::remove(staged->dir() / "landeff.gpkg");
        // The total covers everything above (compare, maps, html included); run.json is written last.
        rj["timings_s"]["total"] = seconds_since(t_start);
        rj["finished"] = iso_now();
        std::ofstream o(staged->dir() / "run.json");
        o << rj.dump(2) << "\n";
        errno = 0;
        o.close();
        if (!o) throw RunError("cannot write run.json in " + staged->dir().string() + ": " +
                               write_failure_reason(staged->dir() / "run.json", errno));
        staged->commit();
    }

    if (!opt.quiet) {
        err << (opt.inspect_only ? "inspect" : "run") << " " << ds.cfg.year << " (evaluation date "
            << ds.cfg.eval_date.iso() << ", CRS " << ds.crs.definition << "): " << ds.parks.features.size() << " parks, "
            << ds.parcels.features.size() << " parcels (" << fmt(an.total_land_m2 / kM2PerMu, 1) << " mu"
            << (an.region.later_m2 > 0 ? ", of which " + fmt(an.region.later_m2 / kM2PerMu, 1) + " mu supplied after the evaluation date" : std::string())
            << ", " << an.n_outside << " outside every park), " << ds.enterprises.features.size() << " enterprise rows, "
            << ds.approvals.features.size() << " approvals\n";
        if (!opt.inspect_only) {
            std::vector<size_t> by_land(an.parks.size());
            std::iota(by_land.begin(), by_land.end(), size_t{0});
            std::stable_sort(by_land.begin(), by_land.end(),
                             [&](size_t a, size_t b) { return an.parks[a].land_m2 > an.parks[b].land_m2; });
            const size_t shown = std::min<size_t>(5, by_land.size());
            for (size_t k = 0; k < shown; ++k) {
                const size_t i = by_land[k];
                const auto& p = an.parks[i];
                err << "  " << ds.parks.features[i].rec.s(ParkF::park_id) << " " << ds.parks.features[i].rec.s(ParkF::name)
                    << ": " << fmt(p.land_m2 / kM2PerMu, 1) << " mu, 亩均税收 "
                    << (std::isnan(p.mu_tax) ? std::string("—") : fmt(p.mu_tax, 2)) << " 万元/亩\n";
            }
            if (an.parks.size() > shown) err << "  … " << an.parks.size() - shown << " more parks in the outputs (largest first above)\n";
        }
        if (staged) err << "outputs: " << (shown_dir.empty() ? staged->final_dir() : shown_dir).string() << "\n";
    }
    return 0;
}

}  // namespace

}  // namespace landeff
