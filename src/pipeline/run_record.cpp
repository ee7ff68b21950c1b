// run.json: the record of a run (version, command, resolved config, working CRS, each input with
// its files' sizes and SHA-256, counts, findings, timings and memory).
#include <openssl/evp.h>
#include <tbb/global_control.h>
#include <tbb/parallel_for.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <ctime>
#include <fstream>
#include <optional>
#include <thread>

#include "landeff/error.hpp"
#include "landeff/progress.hpp"
#include "landeff/text.hpp"
#include "landeff/versions.hpp"
#include "parts.hpp"

namespace fs = std::filesystem;

namespace landeff::pipeline {

namespace {

std::string hex_of(const unsigned char* md, unsigned len) {
    static const char* hex = "0123456789abcdef";
    std::string out;
    for (unsigned i = 0; i < len; ++i) {
        out += hex[md[i] >> 4];
        out += hex[md[i] & 15];
    }
    return out;
}

std::string sha256_text(const std::string& text) {
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int len = 0;
    EVP_Digest(text.data(), text.size(), md, &len, EVP_sha256(), nullptr);
    return hex_of(md, len);
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
    return hex_of(md, len);
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

nlohmann::json input_json(const LayerData& l, const InputSpec& in, InputHashes& hashes) {
    nlohmann::json j;
    j["path"] = redact_secrets(in.path_as_written);
    j["layer"] = l.layer_name;
    j["driver"] = l.driver;
    j["features"] = l.streamed ? l.n_features : l.features.size();  // a streamed layer keeps none
    j["encoding"] = l.encoding;
    j["encoding_how"] = l.encoding_how;
    if (!l.source_crs.empty()) j["crs"] = l.source_crs;
    const auto& s = schema(l.kind);
    for (size_t c = 0; c < s.fields.size(); ++c)
        j["fields"][std::string(s.fields[c].name)] = l.source_field[c].empty() ? nlohmann::json(nullptr) : nlohmann::json(l.source_field[c]);
    for (const auto& f : input_files(in.path)) {
        const auto [sha, bytes] = hashes.of(f);
        j["files"].push_back({{"file", f.filename().string()}, {"bytes", bytes}, {"sha256", sha}});
    }
    return j;
}

// The distinct files of a config's inputs, in the order the inputs name them.
std::vector<fs::path> distinct_input_files(const Config& cfg) {
    std::vector<fs::path> out;
    for (auto kind : all_layer_kinds())
        if (const InputSpec* in = cfg.input(kind))
            for (const auto& f : input_files(in->path))
                if (std::find(out.begin(), out.end(), f) == out.end()) out.push_back(f);
    return out;
}

}  // namespace

struct InputHashes::Impl {
    std::vector<fs::path> files;
    std::vector<std::string> sha;
    std::vector<uintmax_t> bytes;
    std::vector<char> done;  // per file: hashed (by the thread, or on demand)
    std::thread thread;
};

InputHashes::InputHashes(const Config& cfg) : m(std::make_unique<Impl>()) {
    m->files = distinct_input_files(cfg);
    const size_t n = m->files.size();
    m->sha.resize(n);
    m->bytes.assign(n, 0);
    m->done.assign(n, 0);
    if (n == 0 || tbb::global_control::active_value(tbb::global_control::max_allowed_parallelism) < 2) return;
    // Only this thread writes sha/bytes/done until it is joined (of() joins it first).
    m->thread = std::thread([impl = m.get(), n] {
        tbb::parallel_for(size_t{0}, n, [impl](size_t i) {
            impl->sha[i] = sha256_file(impl->files[i], impl->bytes[i]);
            impl->done[i] = 1;
        });
    });
}

InputHashes::~InputHashes() {
    if (m->thread.joinable()) m->thread.join();
}

std::pair<std::string, uintmax_t> InputHashes::of(const fs::path& file) {
    if (m->thread.joinable()) m->thread.join();
    size_t i = 0;
    while (i < m->files.size() && m->files[i] != file) ++i;
    if (i == m->files.size()) {  // not an input of the config (not expected): hashed here
        uintmax_t bytes = 0;
        std::string sha = sha256_file(file, bytes);
        return {std::move(sha), bytes};
    }
    if (!m->done[i]) {
        m->sha[i] = sha256_file(file, m->bytes[i]);
        m->done[i] = 1;
    }
    return {m->sha[i], m->bytes[i]};
}

std::string iso_now() {
    const auto t = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return buf;
}

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

std::string first_pass_fingerprint(const Config& cfg) {
    // The version, the resolved config (settings, year, inputs as written) and each input file's content.
    std::string text = std::string(LANDEFF_VERSION).append("\n").append(cfg.resolved().dump()).append("\n");
    for (const auto& p : all_input_paths(cfg)) {
        uintmax_t bytes = 0;
        text.append(fs::path(p).filename().string()).append(" ").append(sha256_file(p, bytes)).append("\n");
    }
    return sha256_text(text);
}

nlohmann::json run_record_inputs(const Dataset& ds) {
    nlohmann::json j = nlohmann::json::object();
    InputHashes hashes(ds.cfg);
    for (auto kind : all_layer_kinds())
        if (const InputSpec* in = ds.cfg.input(kind)) j[std::string(schema(kind).name)] = input_json(ds.layer(kind), *in, hashes);
    return j;
}

nlohmann::json run_record_head(const Dataset& ds, const RunOptions& opt, const std::string& started) {
    nlohmann::json rj;
    rj["landeff_version"] = LANDEFF_VERSION;
    rj["libraries"] = library_versions();  // GDAL, GEOS, PROJ
    rj["command"] = redact_secrets(opt.command_line);
    rj["started"] = started;
    rj["config"] = ds.cfg.resolved();
    rj["working_crs"] = {{"definition", ds.crs.definition}, {"name", ds.crs.name}};
    if (!opt.partition.empty()) rj["partition"] = opt.partition;  // rules.md §10: the rows this partition owns
    return rj;
}

nlohmann::json run_record(const Dataset& ds, const Analysis& an, const Findings& findings, const Timings& timings,
                          const RunOptions& opt, const std::string& started, InputHashes* hashes) {
    std::optional<InputHashes> own;
    if (!hashes) hashes = &own.emplace(ds.cfg);
    nlohmann::json rj = run_record_head(ds, opt, started);
    rj["working_crs"]["metres_per_unit"] = ds.crs.unit_m;
    if (an.owned.active) {
        rj["partition_region"] = region_part_json(an.owned.region);
        // What the partition read (its own parcels and the halo), step by step, and what it owns.
        nlohmann::json steps = nlohmann::json::array();
        for (const auto& st : partition_read_log()) steps.push_back({{"step", st.step}, {"parcels", st.parcels}, {"seconds", st.seconds}});
        rj["partition_read"] = {{"parcels_read", ds.parcels.features.size()},
                                {"parcels_owned", std::count(an.owned.parcels.begin(), an.owned.parcels.end(), true)},
                                {"steps", steps}};
    }
    for (auto kind : all_layer_kinds())
        if (const InputSpec* in = ds.cfg.input(kind)) rj["inputs"][std::string(schema(kind).name)] = input_json(ds.layer(kind), *in, *hashes);
    rj["counts"] = {{"parks", ds.parks.features.size()},
                    {"parcels", ds.parcels.features.size()},
                    {"parcels_outside_parks", an.n_outside},
                    {"enterprises", an.ents.size()},
                    {"approvals", ds.approvals.features.size()},
                    {"land_mu", an.total_land_m2 / kM2PerMu},
                    {"land_outside_mu", an.outside_land_m2 / kM2PerMu}};
    // land_mu is every parcel measured; of it, land supplied after T is nobody's at T (DOMAIN §4).
    if (!opt.inspect_only) rj["counts"]["land_later_mu"] = an.region.later_m2 / kM2PerMu;
    // Objections (异议更正, issue 17): every correction applied and every manual grade override.
    if (ds.corrections.present) {
        rj["corrections"] = nlohmann::json::array();
        for (const auto& c : ds.corrected)
            rj["corrections"].push_back({{"id", c.corr_id}, {"layer", c.layer}, {"target", c.target}, {"field", c.field},
                                         {"before", c.before}, {"after", c.after}, {"reason", c.reason}, {"doc", c.doc}});
        rj["overrides"] = nlohmann::json::array();
        for (const auto& o : an.overrides)
            rj["overrides"].push_back({{"id", o.corr_id}, {"ent_id", o.ent_id}, {"before", std::string(1, o.before)},
                                       {"after", std::string(1, o.after)}, {"reason", o.reason}, {"doc", o.doc}});
    }
    // The development-zone check of each platform of several parks (issue 18), as in the devzone
    // sheet of report.xlsx: areas in 亩, shares as fractions, null = not computed.
    for (const auto& pf : an.dz_platforms) {
        auto num = [](double v) { return std::isnan(v) ? nlohmann::json(nullptr) : nlohmann::json(v); };
        auto mu = [&](double m2) { return num(m2 / kM2PerMu); };
        const ParkResult& p = pf.p;
        const DevzoneFigures& d = p.dz;
        nlohmann::json j;
        for (uint32_t k : pf.parks) j["parks"].push_back(std::string(ds.parks.features[k].rec.s(ParkF::park_id)));
        j["area_mu"] = mu(p.area_m2);
        j["dev_in_mu"] = mu(d.dev_in_m2);
        j["dev_out_mu"] = mu(d.dev_out_m2);
        j["dev_out_rt"] = num(d.dev_out_rt);
        j["farm_mu"] = mu(d.farm_m2);
        j["eco_mu"] = mu(d.eco_m2);
        j["cur_con_mu"] = mu(d.cur_con);
        j["cur_ind_mu"] = mu(d.cur_ind);
        j["cur_ind_rt"] = num(d.cur_ind_rt);
        j["pln_con_mu"] = mu(d.pln_con);
        j["pln_ind_mu"] = mu(d.pln_ind);
        j["pln_ind_rt"] = num(d.pln_ind_rt);
        j["appr_mu"] = mu(p.appr_m2);
        j["unsup_mu"] = mu(p.unsup_m2);
        j["unsup_rt"] = num(d.unsup_rt);
        j["land_mu"] = mu(p.land_m2);
        j["idle_mu"] = mu(p.idle_m2);
        j["idle_rate"] = num(d.idle_rt);
        j["sup_n_mu"] = mu(d.sup_n_m2);
        j["sup_avg_mu"] = mu(d.sup_mean);
        j["proof_mu"] = mu(d.proof_m2);
        j["sup_yrs"] = num(d.sup_yrs);
        j["sup_why"] = d.sup_why;
        j["below_mu"] = mu(d.below_m2);
        j["below_rt"] = num(d.below_rt);
        rj["devzone_platforms"][pf.id] = j;
    }
    rj["findings"] = {{"error", findings.count(Severity::Error)},
                      {"warning", findings.count(Severity::Warning)},
                      {"info", findings.count(Severity::Info)}};
    for (const auto& [step, s] : timings.steps) rj["timings_s"][step] = s;
    for (const auto& [step, mib] : timings.rss) rj["memory_mib"][step] = std::round(mib);
    for (const auto& [layer, s] : timings.layers) rj["read_s"][layer] = s;
    rj["memory_mib"]["peak"] = std::round(static_cast<double>(peak_resident_bytes()) / (1024.0 * 1024.0));
    const HugePages hp = huge_pages();
    rj["huge_pages"] = {{"system", hp.system},
                        {"marking", hp.marking},
                        {"advised_mib", std::round(static_cast<double>(hp.advised) / (1024.0 * 1024.0))},
                        {"resident_mib", std::round(static_cast<double>(hp.resident) / (1024.0 * 1024.0))}};
    return rj;
}

void write_run_json(const nlohmann::json& rj, const fs::path& dir) {
    std::ofstream o(dir / "run.json");
    o << rj.dump(2) << "\n";
    errno = 0;
    o.close();
    if (!o) throw RunError("cannot write run.json in " + dir.string() + ": " + write_failure_reason(dir / "run.json", errno));
}

}  // namespace landeff::pipeline
