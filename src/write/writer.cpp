#include "landeff/writer.hpp"

#include <gdal_priv.h>
#include <ogrsf_frmts.h>
#include <unistd.h>

#include <tbb/parallel_pipeline.h>

#include <algorithm>
#include <cmath>
#include <mutex>

#include "landeff/error.hpp"
#include "landeff/progress.hpp"
#include "landeff/text.hpp"

namespace fs = std::filesystem;

namespace landeff {

namespace {

}  // namespace

ScopedConfig::ScopedConfig(const char* key, const std::string& value) : m_key(key) {
    if (const char* old = CPLGetConfigOption(key, nullptr)) {
        m_old = old;
        m_had = true;
    }
    CPLSetConfigOption(key, value.c_str());
}
ScopedConfig::~ScopedConfig() { CPLSetConfigOption(m_key, m_had ? m_old.c_str() : nullptr); }

void OutRow::set(size_t i, double v) {
    if (!std::isfinite(v)) return;  // null
    m_f.SetField(static_cast<int>(i), v);
}
void OutRow::set(size_t i, int64_t v) { m_f.SetField(static_cast<int>(i), static_cast<GIntBig>(v)); }
void OutRow::set(size_t i, const std::string& v) {
    if (m_cut && v.size() > m_max) m_f.SetField(static_cast<int>(i), utf8_prefix(v, m_max).c_str());
    else m_f.SetField(static_cast<int>(i), v.c_str());
}

namespace {

std::mutex g_staging_mutex;
std::string g_staging;


// GDAL 3.6 has no GDALDataset::Close(); an error while flushing shows as the last CPL error.
void close_dataset(GDALDatasetUniquePtr& ds, const fs::path& p) {
    CPLErrorReset();
    GDALClose(GDALDataset::ToHandle(ds.release()));
    if (CPLGetLastErrorType() >= CE_Failure) throw RunError(p.string() + ": closing failed: " + CPLGetLastErrorMsg());
}

GDALDatasetUniquePtr create(const char* driver_name, const fs::path& path) {
    GDALDriver* drv = GetGDALDriverManager()->GetDriverByName(driver_name);
    if (!drv) throw RunError(std::string("GDAL has no ") + driver_name + " driver; reinstall gdal");
    GDALDatasetUniquePtr ds(drv->Create(path.string().c_str(), 0, 0, 0, GDT_Unknown, nullptr));
    if (!ds) throw RunError(path.string() + ": cannot create: " + CPLGetLastErrorMsg());
    return ds;
}

void write_layer(GDALDataset& ds, const OutLayer& L, const WorkingCrs& crs, const std::vector<std::string>& lco,
                 const std::string& label, bool shapefile, size_t max_string, bool transaction) {
    CPLStringList opts;
    for (const auto& o : lco) opts.AddString(o.c_str());
    OGRLayer* layer = ds.CreateLayer(L.name.c_str(), L.geometry ? crs.srs.get() : nullptr,
                                     L.geometry ? wkbMultiPolygon : wkbNone, opts.List());
    if (!layer) throw RunError(label + ": cannot create layer " + L.name + ": " + CPLGetLastErrorMsg());
    for (const auto& f : L.fields) {
        OGRFieldDefn fd(f.name.c_str(), f.type == OutType::Text ? OFTString : f.type == OutType::Int ? OFTInteger64 : OFTReal);
        if (shapefile && f.type == OutType::Text) fd.SetWidth(static_cast<int>(max_string));
        if (shapefile && f.type == OutType::Real) { fd.SetWidth(24); fd.SetPrecision(6); }
        fd.SetAlternativeName(f.alias.c_str());
        if (layer->CreateField(&fd) != OGRERR_NONE)
            throw RunError(label + ": cannot create field " + L.name + "." + f.name + ": " + CPLGetLastErrorMsg());
    }
    if (transaction && ds.StartTransaction() != OGRERR_NONE) transaction = false;
    OGRFeatureDefn* defn = layer->GetLayerDefn();
    Progress progress("Writing " + label + " " + L.name, L.count);
    // A pipeline: batches of features are prepared in parallel (fill, field values, GEOS → OGR
    // geometry) while the previous batch is inserted; only CreateFeature runs serially, in order.
    constexpr size_t kBatch = 2048;
    struct Batch {
        size_t start = 0, n = 0;
        std::vector<std::unique_ptr<OGRFeature>> feats;
    };
    size_t next = 0;
    auto prepare_one = [&](size_t i) {
        auto feat = std::make_unique<OGRFeature>(defn);
        OutRow row(*feat, shapefile, max_string);
        L.fill(i, row);
        if (L.geometry && row.geom) {
            auto g = to_ogr(row.geom);
            if (g) feat->SetGeometryDirectly(g.release());
        }
        return feat;
    };
    tbb::parallel_pipeline(
        8, tbb::make_filter<void, std::shared_ptr<Batch>>(tbb::filter_mode::serial_in_order,
                                                         [&](tbb::flow_control& fc) -> std::shared_ptr<Batch> {
                                                             if (next >= L.count) {
                                                                 fc.stop();
                                                                 return nullptr;
                                                             }
                                                             auto b = std::make_shared<Batch>();
                                                             b->start = next;
                                                             b->n = std::min(kBatch, L.count - next);
                                                             next += b->n;
                                                             return b;
                                                         }) &
               tbb::make_filter<std::shared_ptr<Batch>, std::shared_ptr<Batch>>(
                   tbb::filter_mode::parallel,
                   [&](std::shared_ptr<Batch> b) {
                       b->feats.resize(b->n);
                       for (size_t k = 0; k < b->n; ++k) b->feats[k] = prepare_one(b->start + k);
                       return b;
                   }) &
               tbb::make_filter<std::shared_ptr<Batch>, void>(tbb::filter_mode::serial_in_order, [&](std::shared_ptr<Batch> b) {
                   for (size_t k = 0; k < b->n; ++k) {
                       if (layer->CreateFeature(b->feats[k].get()) != OGRERR_NONE)
                           throw RunError(label + ": writing " + L.name + " row " + std::to_string(b->start + k) +
                                          " failed: " + CPLGetLastErrorMsg());
                       b->feats[k].reset();
                   }
                   progress.update(b->start + b->n);
               }));
    if (transaction && ds.CommitTransaction() != OGRERR_NONE)
        throw RunError(label + ": committing " + L.name + " failed: " + CPLGetLastErrorMsg());
    progress.done();
}

std::string sql_text(const std::string& s) {
    std::string out = "'";
    for (char c : s) out += c == '\'' ? std::string("''") : std::string(1, c);
    return out + "'";
}

// Field aliases in the GeoPackage schema extension (gpkg_data_columns): GDAL 3.6 does not write
// OGRFieldDefn alternative names there itself; later GDAL and QGIS read them from `name`/`title`.
void write_gpkg_aliases(GDALDataset& ds, const std::vector<OutLayer>& layers) {
    std::vector<std::string> sql = {
        "CREATE TABLE IF NOT EXISTS gpkg_extensions (table_name TEXT, column_name TEXT, extension_name TEXT NOT NULL, "
        "definition TEXT NOT NULL, scope TEXT NOT NULL, CONSTRAINT ge_tce UNIQUE (table_name, column_name, extension_name))",
        "CREATE TABLE IF NOT EXISTS gpkg_data_columns (table_name TEXT NOT NULL, column_name TEXT NOT NULL, name TEXT, "
        "title TEXT, description TEXT, mime_type TEXT, constraint_name TEXT, "
        "CONSTRAINT pk_gdc PRIMARY KEY (table_name, column_name), CONSTRAINT gdc_tn UNIQUE (table_name, name))",
        "CREATE TABLE IF NOT EXISTS gpkg_data_column_constraints (constraint_name TEXT NOT NULL, constraint_type TEXT "
        "NOT NULL, value TEXT, min NUMERIC, min_is_inclusive BOOLEAN, max NUMERIC, max_is_inclusive BOOLEAN, "
        "description TEXT, CONSTRAINT gdcc_ntv UNIQUE (constraint_name, constraint_type, value))",
        "INSERT OR IGNORE INTO gpkg_extensions VALUES ('gpkg_data_columns', NULL, 'gpkg_schema', "
        "'http://www.geopackage.org/spec121/#extension_schema', 'read-write')",
        "INSERT OR IGNORE INTO gpkg_extensions VALUES ('gpkg_data_column_constraints', NULL, 'gpkg_schema', "
        "'http://www.geopackage.org/spec121/#extension_schema', 'read-write')"};
    for (const auto& L : layers)
        for (const auto& f : L.fields)
            sql.push_back("INSERT OR REPLACE INTO gpkg_data_columns (table_name, column_name, name, title) VALUES (" +
                          sql_text(L.name) + ", " + sql_text(f.name) + ", " + sql_text(f.alias) + ", " +
                          sql_text(f.alias) + ")");
    for (const auto& q : sql) {
        CPLErrorReset();
        OGRLayer* rs = ds.ExecuteSQL(q.c_str(), nullptr, nullptr);
        if (rs) ds.ReleaseResultSet(rs);
        if (CPLGetLastErrorType() >= CE_Failure) throw RunError("landeff.gpkg: writing field aliases failed: " + std::string(CPLGetLastErrorMsg()));
    }
}

}  // namespace

void write_vector_outputs(const std::vector<OutLayer>& layers, const WorkingCrs& crs, const fs::path& dir,
                          const WriteOptions& opt) {
    // GeoPackage timestamps and the DBF header date come from the evaluation date, so two runs
    // of the same inputs give byte-identical files.
    ScopedConfig stamp("OGR_CURRENT_DATE", opt.stamp_date + "T00:00:00.000Z");
    // The files sit in the staging directory until the final rename, so SQLite need not fsync
    // each transaction; a larger page cache speeds up building the spatial index.
    ScopedConfig sync("OGR_SQLITE_SYNCHRONOUS", "OFF");
    ScopedConfig cache("OGR_SQLITE_CACHE", "512");
    if (opt.formats.count("gpkg")) {
        const fs::path p = dir / "landeff.gpkg";
        auto ds = create("GPKG", p);
        for (const auto& L : layers)
            write_layer(*ds, L, crs, {"FID=ogc_fid", "SPATIAL_INDEX=YES", "IDENTIFIER=" + L.title, "DESCRIPTION=" + L.title}, "landeff.gpkg",
                        false, opt.max_string, true);
        write_gpkg_aliases(*ds, layers);
        close_dataset(ds, p);
    }
    if (opt.formats.count("geojson")) {
        fs::create_directories(dir / "geojson");
        for (const auto& L : layers) {
            if (!L.geometry) continue;
            const fs::path p = dir / "geojson" / (L.name + ".geojson");
            auto ds = create("GeoJSON", p);
            write_layer(*ds, L, crs, {"RFC7946=YES", "WRITE_NAME=NO"}, "geojson/" + L.name + ".geojson", false,
                        opt.max_string, false);
            close_dataset(ds, p);
        }
    }
    if (opt.formats.count("shp")) {
        fs::create_directories(dir / "shp");
        for (const auto& L : layers) {
            if (!L.geometry) continue;
            const fs::path p = dir / "shp" / (L.name + ".shp");
            auto ds = create("ESRI Shapefile", p);
            write_layer(*ds, L, crs, {"ENCODING=UTF-8", "SPATIAL_INDEX=NO", "DBF_DATE_LAST_UPDATE=" + opt.stamp_date},
                        "shp/" + L.name + ".shp", true, opt.max_string, false);
            close_dataset(ds, p);
        }
    }
}

StagedOutput::StagedOutput(const fs::path& final_dir, bool overwrite, const std::vector<std::string>& input_paths)
    : m_final(fs::absolute(final_dir).lexically_normal()), m_overwrite(overwrite) {
    if (m_final.filename().empty()) m_final = m_final.parent_path();
    std::error_code ec;
    if (fs::exists(m_final, ec)) {
        if (!overwrite)
            throw ConfigError("output directory " + m_final.string() +
                              " already exists; it was left untouched. Use --overwrite to replace it, or choose another --out");
        if (!fs::is_directory(m_final, ec))
            throw ConfigError("--out " + m_final.string() + " exists and is not a directory; choose another --out");
    }
    // Replacing the directory must never delete an input.
    for (const auto& in : input_paths) {
        if (in.rfind("PG:", 0) == 0 || in.rfind("/vsi", 0) == 0) continue;
        const fs::path ip = fs::weakly_canonical(fs::absolute(in), ec);
        const fs::path od = fs::weakly_canonical(m_final, ec);
        auto rel = ip.lexically_relative(od);
        if (!rel.empty() && *rel.begin() != "..")
            throw ConfigError("--out " + m_final.string() + " contains the input " + ip.string() +
                              "; writing there could overwrite inputs: choose an output directory outside the inputs");
    }
    const fs::path parent = m_final.parent_path();
    fs::create_directories(parent, ec);
    if (ec || !fs::is_directory(parent))
        throw RunError("cannot create the parent of the output directory " + parent.string() + ": " +
                       (ec ? ec.message() : "not a directory"));
    if (access(parent.c_str(), W_OK) != 0)
        throw RunError("cannot write in " + parent.string() + " (permission denied): choose a writable --out");
    m_tmp = parent / ("." + m_final.filename().string() + ".tmp-" + std::to_string(getpid()));
    fs::remove_all(m_tmp, ec);
    if (!fs::create_directory(m_tmp, ec))
        throw RunError("cannot create the temporary output directory " + m_tmp.string() + ": " + ec.message());
    std::lock_guard lock(g_staging_mutex);
    g_staging = m_tmp.string();
}

StagedOutput::~StagedOutput() {
    if (!m_committed) {
        std::error_code ec;
        fs::remove_all(m_tmp, ec);
    }
    std::lock_guard lock(g_staging_mutex);
    g_staging.clear();
}

void StagedOutput::commit() {
    check_interrupt();
    std::error_code ec;
    fs::path old;
    if (fs::exists(m_final, ec)) {
        old = m_final.parent_path() / ("." + m_final.filename().string() + ".old-" + std::to_string(getpid()));
        fs::remove_all(old, ec);
        fs::rename(m_final, old, ec);
        if (ec) throw RunError("cannot replace " + m_final.string() + ": " + ec.message());
    }
    fs::rename(m_tmp, m_final, ec);
    if (ec) {
        if (!old.empty()) fs::rename(old, m_final);  // put the previous output back
        throw RunError("cannot move the output into place at " + m_final.string() + ": " + ec.message());
    }
    m_committed = true;
    if (!old.empty()) fs::remove_all(old, ec);
}

std::string current_staging_dir() {
    std::lock_guard lock(g_staging_mutex);
    return g_staging;
}

}  // namespace landeff
