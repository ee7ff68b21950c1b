// `run --out "PG:…" --schema NAME`: the output tables into a PostGIS schema, with run.json as the
// schema's record. Files such as report.xlsx and the maps need a directory and are not written.
#include "landeff/postgis.hpp"
#include "landeff/text.hpp"
#include "parts.hpp"

namespace landeff::pipeline {

void write_postgis_run(const Dataset& ds, const Analysis& an, const Findings& findings, Timings& timings,
                       const RunOptions& opt, const std::string& started, std::ostream& err) {
    auto t0 = Clock::now();
    const auto layers = output_layers(ds, an, findings, OutputRules(ds.cfg.settings));
    nlohmann::json rj = run_record_head(ds, opt, started);
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
}

}  // namespace landeff::pipeline
