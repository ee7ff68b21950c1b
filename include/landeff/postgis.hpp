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

// Writes `layers` and the run record into `schema` of the database `conn` ("PG:…"). Without
// `overwrite`, existing landeff tables are a ConfigError; with it they are replaced — other
// tables of the schema are left alone. Any failure rolls the whole write back (RunError).
void write_postgis(const std::vector<OutLayer>& layers, const WorkingCrs& crs, const std::string& conn,
                   const std::string& schema, bool overwrite, const std::string& run_json);

}  // namespace landeff
