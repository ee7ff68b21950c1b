#pragma once
// PostGIS as an output (issue 7): every output layer as a table of one schema, with a GiST index
// on the geometry and the Chinese field aliases as column comments, all in one transaction.
#include <string>
#include <vector>

#include "landeff/crs.hpp"
#include "landeff/writer.hpp"

namespace landeff {

// The tables landeff owns in a schema (the output layers and landeff_run).
std::vector<std::string> postgis_tables(const std::vector<OutLayer>& layers);

// A PostGIS table the run reads: never an output.
struct PostgisInput {
    std::string name;   // the [inputs.<name>] it comes from
    std::string conn;   // "PG:…"
    std::string layer;  // the OGR layer read: "schema.table" or "table" (resolved with search_path)
};

// Writes `layers` and the run record into `schema` of the database `conn` ("PG:…"). Refused
// (ConfigError) when an output table is one of `inputs` (same database, schema and name), or when
// the schema holds a table of an output's name that no landeff run created (the `tables` that
// `landeff_run` lists); without `overwrite` also when earlier landeff tables exist. With it only
// those are replaced — other tables of the schema are left alone. Any failure rolls the whole
// write back (RunError). `run_json` is stored in landeff_run with output.tables added.
void write_postgis(const std::vector<OutLayer>& layers, const WorkingCrs& crs, const std::string& conn,
                   const std::string& schema, bool overwrite, const std::string& run_json,
                   const std::vector<PostgisInput>& inputs = {});

}  // namespace landeff
