#include "landeff/postgis.hpp"

#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <set>

#include "landeff/error.hpp"
#include "landeff/progress.hpp"
#include "landeff/text.hpp"

namespace landeff {
namespace {

std::string ident(const std::string& s) {  // a quoted SQL identifier
    std::string out = "\"";
    for (char c : s) out += c == '"' ? std::string("\"\"") : std::string(1, c);
    return out + "\"";
}

std::string literal(const std::string& s) {
    std::string out = "'";
    for (char c : s) out += c == '\'' ? std::string("''") : std::string(1, c);
    return out + "'";
}

void sql(GDALDataset& ds, const std::string& q) {
    CPLErrorReset();
    OGRLayer* rs = ds.ExecuteSQL(q.c_str(), nullptr, nullptr);
    if (rs) ds.ReleaseResultSet(rs);
    if (CPLGetLastErrorType() >= CE_Failure) throw RunError(std::string("PostGIS: ") + redact_secrets(CPLGetLastErrorMsg()));
}

// The rows of a query, every field as text; empty when it fails (the error is left to the caller).
std::vector<std::vector<std::string>> rows(GDALDataset& ds, const std::string& q) {
    std::vector<std::vector<std::string>> out;
    CPLErrorReset();
    OGRLayer* rs = ds.ExecuteSQL(q.c_str(), nullptr, nullptr);
    if (!rs) return out;
    for (auto& f : *rs) {
        std::vector<std::string> row;
        for (int i = 0; i < f->GetFieldCount(); ++i) row.emplace_back(f->GetFieldAsString(i));
        out.push_back(std::move(row));
    }
    ds.ReleaseResultSet(rs);
    return out;
}

std::string first_value(GDALDataset& ds, const std::string& q) {
    const auto r = rows(ds, q);
    return r.empty() || r[0].empty() ? std::string() : r[0][0];
}

GDALDatasetUniquePtr connect(const std::string& conn, bool update) {
    CPLErrorReset();
    GDALDatasetUniquePtr ds(GDALDataset::Open(conn.c_str(), GDAL_OF_VECTOR | (update ? GDAL_OF_UPDATE : GDAL_OF_READONLY)));
    if (!ds) {
        std::string why = CPLGetLastErrorMsg();
        for (auto& c : why)
            if (c == '\n' || c == '\t') c = ' ';
        while (!why.empty() && why.back() == ' ') why.pop_back();
        throw RunError(redact_secrets(conn) + ": cannot connect: " + redact_secrets(why.empty() ? "no reason given" : why) +
                       "; check host, port, dbname and user (a password belongs in ~/.pgpass, a service= entry or "
                       "PGPASSWORD, not in the config)");
    }
    return ds;
}

// Database and schema-qualified table of a PostGIS input layer: GDAL names a layer
// "schema.table" (or "schema.table(geom)"), and a table of the search path by its name alone.
struct TableId {
    std::string db, schema, table;
};

TableId input_table(const PostgisInput& in) {
    auto ds = connect(in.conn, false);
    TableId id;
    id.db = first_value(*ds, "SELECT current_database()");
    std::string layer = in.layer;
    if (const auto paren = layer.find('('); paren != std::string::npos && layer.back() == ')') layer.erase(paren);
    if (const auto dot = layer.find('.'); dot != std::string::npos) {
        id.schema = layer.substr(0, dot);
        id.table = layer.substr(dot + 1);
    } else {
        id.table = layer;
        id.schema = first_value(*ds, "SELECT n.nspname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.relname = " +
                                         literal(layer) + " AND n.nspname = ANY (current_schemas(false)) "
                                         "ORDER BY array_position(current_schemas(false), n.nspname::text) LIMIT 1");
        if (id.schema.empty()) id.schema = "public";
    }
    return id;
}

// The tables an earlier landeff run created in `schema`: those its landeff_run row lists, and
// landeff_run itself. Empty when there is no landeff_run, or it is not one of ours.
std::set<std::string> landeff_owned(GDALDataset& ds, const std::string& schema) {
    std::set<std::string> owned;
    const auto r = rows(ds, "SELECT run::text FROM " + ident(schema) + ".landeff_run");
    CPLErrorReset();
    for (const auto& row : r) {
        if (row.empty()) continue;
        const auto j = nlohmann::json::parse(row[0], nullptr, false);
        if (!j.is_object() || !j.contains("landeff_version") || !j.contains("output") || !j["output"].is_object() ||
            !j["output"].contains("tables") || !j["output"]["tables"].is_array())
            continue;
        owned.insert("landeff_run");
        for (const auto& t : j["output"]["tables"])
            if (t.is_string()) owned.insert(t.get<std::string>());
    }
    return owned;
}

}  // namespace

std::vector<std::string> postgis_tables(const std::vector<OutLayer>& layers) {
    std::vector<std::string> t;
    for (const auto& L : layers) t.push_back(L.name);
    t.push_back("landeff_run");
    return t;
}

void write_postgis(const std::vector<OutLayer>& layers, const WorkingCrs& crs, const std::string& conn,
                   const std::string& schema, bool overwrite, const std::string& run_json, const std::vector<PostgisInput>& inputs) {
    const std::string shown = redact_secrets(conn);
    const std::vector<std::string> tables = postgis_tables(layers);
    auto ds = connect(conn, true);
    // A table the run read is never an output, whatever --overwrite says.
    const std::string out_db = first_value(*ds, "SELECT current_database()");
    for (const auto& in : inputs) {
        const TableId id = input_table(in);
        if (id.db == out_db && id.schema == schema && std::count(tables.begin(), tables.end(), id.table))
            throw ConfigError("--out " + shown + " --schema " + schema + " would replace " + schema + "." + id.table +
                              ", which this run reads ([inputs." + in.name + "]); a PostGIS input is never an output: "
                              "write into another schema, e.g. --schema landeff_out");
    }
    // Refuse before writing anything: tables no landeff run created are never replaced; earlier
    // landeff tables only with --overwrite.
    {
        std::string list;
        for (const auto& t : tables) list += (list.empty() ? "" : ",") + literal(t);
        std::vector<std::string> existing;
        for (const auto& r : rows(*ds, "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                                       "WHERE n.nspname = " + literal(schema) + " AND c.relkind IN ('r','v','m','f','p') "
                                       "AND c.relname IN (" + list + ") ORDER BY c.relname"))
            existing.push_back(r.at(0));
        const auto owned = existing.empty() ? std::set<std::string>{} : landeff_owned(*ds, schema);
        std::vector<std::string> foreign;
        for (const auto& t : existing)
            if (!owned.count(t)) foreign.push_back(t);
        if (!foreign.empty())
            throw ConfigError("schema " + schema + " in " + shown + " already has " + join(foreign, ", ") +
                              ", which no landeff run created (" + schema + ".landeff_run does not list " +
                              (foreign.size() == 1 ? "it" : "them") + "); landeff never replaces such tables, so they were "
                              "left untouched: write into another schema, e.g. --schema landeff_out");
        if (!existing.empty() && !overwrite)
            throw ConfigError("schema " + schema + " in " + shown + " already has landeff tables (" + join(existing, ", ") +
                              "); they were left untouched: use --overwrite to replace them, or another --schema");
    }
    std::string record = run_json;
    if (auto j = nlohmann::json::parse(run_json, nullptr, false); j.is_object()) {
        j["output"]["tables"] = tables;
        record = j.dump();
    }
    if (ds->StartTransaction(TRUE) != OGRERR_NONE) throw RunError(shown + ": cannot start a transaction");
    try {
        sql(*ds, "CREATE SCHEMA IF NOT EXISTS " + ident(schema));
        for (const auto& t : tables) sql(*ds, "DROP TABLE IF EXISTS " + ident(schema) + "." + ident(t));
        for (const auto& L : layers) {
            check_interrupt();
            CPLStringList opts;
            opts.AddString(("SCHEMA=" + schema).c_str());
            opts.AddString("GEOMETRY_NAME=geom");
            opts.AddString("FID=ogc_fid");
            opts.AddString("SPATIAL_INDEX=GIST");
            opts.AddString("LAUNDER=NO");
            OGRLayer* l = ds->CreateLayer(L.name.c_str(), L.geometry ? crs.srs.get() : nullptr, L.geometry ? wkbMultiPolygon : wkbNone,
                                          opts.List());
            if (!l) throw RunError("PostGIS: cannot create " + schema + "." + L.name + ": " + redact_secrets(CPLGetLastErrorMsg()));
            for (const auto& f : L.fields) {
                OGRFieldDefn fd(f.name.c_str(), f.type == OutType::Text ? OFTString : f.type == OutType::Int ? OFTInteger64 : OFTReal);
                if (l->CreateField(&fd) != OGRERR_NONE) throw RunError("PostGIS: cannot create column " + L.name + "." + f.name);
            }
            Progress progress("Writing PostGIS " + schema + "." + L.name, L.count);
            for (size_t i = 0; i < L.count; ++i) {
                OGRFeature feat(l->GetLayerDefn());
                OutRow row(feat, false, 0);
                L.fill(i, row);
                if (L.geometry && row.geom)
                    if (auto g = to_ogr(row.geom)) feat.SetGeometryDirectly(g.release());
                if (l->CreateFeature(&feat) != OGRERR_NONE)
                    throw RunError("PostGIS: writing " + schema + "." + L.name + " row " + std::to_string(i) + " failed: " +
                                   redact_secrets(CPLGetLastErrorMsg()));
                if ((i & 4095) == 0) progress.update(i);
            }
            progress.done();
            l->SyncToDisk();
            sql(*ds, "COMMENT ON TABLE " + ident(schema) + "." + ident(L.name) + " IS " + literal(L.title));
            for (const auto& f : L.fields)
                sql(*ds, "COMMENT ON COLUMN " + ident(schema) + "." + ident(L.name) + "." + ident(f.name) + " IS " + literal(f.alias));
        }
        sql(*ds, "CREATE TABLE " + ident(schema) + ".landeff_run (run jsonb)");
        sql(*ds, "INSERT INTO " + ident(schema) + ".landeff_run VALUES (" + literal(record) + "::jsonb)");
        sql(*ds, "COMMENT ON TABLE " + ident(schema) + ".landeff_run IS 'landeff 运行记录 (run.json)'");
        if (ds->CommitTransaction() != OGRERR_NONE) throw RunError(shown + ": commit failed: " + redact_secrets(CPLGetLastErrorMsg()));
    } catch (...) {
        ds->RollbackTransaction();  // the schema is as it was
        throw;
    }
}

}  // namespace landeff
