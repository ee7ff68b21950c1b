#include "landeff/postgis.hpp"

#include <gdal_priv.h>
#include <ogrsf_frmts.h>

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

}  // namespace

std::vector<std::string> postgis_tables(const std::vector<OutLayer>& layers) {
    std::vector<std::string> t;
    for (const auto& L : layers) t.push_back(L.name);
    t.push_back("landeff_run");
    return t;
}

void write_postgis(const std::vector<OutLayer>& layers, const WorkingCrs& crs, const std::string& conn,
                   const std::string& schema, bool overwrite, const std::string& run_json) {
    const std::string shown = redact_secrets(conn);
    CPLErrorReset();
    GDALDatasetUniquePtr ds(GDALDataset::Open(conn.c_str(), GDAL_OF_VECTOR | GDAL_OF_UPDATE));
    if (!ds) throw RunError(shown + ": cannot connect: " + redact_secrets(CPLGetLastErrorMsg()));
    // Refuse before writing anything when landeff tables exist and --overwrite was not given.
    {
        std::string list;
        for (const auto& t : postgis_tables(layers)) list += (list.empty() ? "" : ",") + literal(t);
        OGRLayer* rs = ds->ExecuteSQL(("SELECT table_name FROM information_schema.tables WHERE table_schema = " + literal(schema) +
                                       " AND table_name IN (" + list + ")").c_str(), nullptr, nullptr);
        std::vector<std::string> existing;
        if (rs) {
            for (auto& f : *rs) existing.emplace_back(f->GetFieldAsString(0));
            ds->ReleaseResultSet(rs);
        }
        if (!existing.empty() && !overwrite)
            throw ConfigError("schema " + schema + " in " + shown + " already has landeff tables (" + join(existing, ", ") +
                              "); they were left untouched: use --overwrite to replace them, or another --schema");
    }
    if (ds->StartTransaction(TRUE) != OGRERR_NONE) throw RunError(shown + ": cannot start a transaction");
    try {
        sql(*ds, "CREATE SCHEMA IF NOT EXISTS " + ident(schema));
        for (const auto& t : postgis_tables(layers)) sql(*ds, "DROP TABLE IF EXISTS " + ident(schema) + "." + ident(t));
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
        sql(*ds, "INSERT INTO " + ident(schema) + ".landeff_run VALUES (" + literal(run_json) + "::jsonb)");
        sql(*ds, "COMMENT ON TABLE " + ident(schema) + ".landeff_run IS 'landeff 运行记录 (run.json)'");
        if (ds->CommitTransaction() != OGRERR_NONE) throw RunError(shown + ": commit failed: " + redact_secrets(CPLGetLastErrorMsg()));
    } catch (...) {
        ds->RollbackTransaction();  // the schema is as it was
        throw;
    }
}

}  // namespace landeff
