#pragma once
// Output layers, described once and written to every vector format (GeoPackage, GeoJSON,
// Shapefile). Rows are produced on demand by a fill function, so nothing is copied in memory.
#include <cstdint>
#include <filesystem>
#include <functional>
#include <set>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "landeff/crs.hpp"
#include "landeff/geos.hpp"
#include "landeff/messages.hpp"

class OGRFeature;
class OGRFeatureDefn;

namespace landeff {

enum class OutType { Text, Real, Int };

struct LabelTable;

// A column as the writers see it. The output layers of `landeff run` declare theirs in
// columns.cpp (one table per layer); every writer reads them from here.
struct OutField {
    std::string name;   // ≤ 10 ASCII characters (shapefile-safe)
    std::string alias;  // Chinese alias
    OutType type;
    std::string unit = {};                // 亩, 万元, 万元/亩, 1 (a fraction 0 … 1), … ; empty: none
    const LabelTable* labels = nullptr;   // Chinese labels of a coded value (labels.hpp), or null
};

// One cell: null, a number or text (a view when the text lives as long as the row's source).
using Value = std::variant<std::monostate, double, int64_t, std::string_view, std::string>;
// The text of a text cell (a view or a string); empty for null and numbers.
inline std::string_view text_of(const Value& v) {
    if (const auto* t = std::get_if<std::string_view>(&v)) return *t;
    if (const auto* t = std::get_if<std::string>(&v)) return *t;
    return {};
}

struct RowCells;  // writer.cpp: a row's values for the GeoPackage's direct insert

// One output row, written straight into the driver's feature (no intermediate copy), or into the
// cells the GeoPackage write binds to its INSERT (each value as the feature would hold it).
// Fields not set stay null.
class OutRow {
public:
    OutRow(OGRFeature& f, bool cut_strings, size_t max_string) : m_f(&f), m_cut(cut_strings), m_max(max_string) {}
    explicit OutRow(RowCells& cells) : m_cells(&cells) {}
    OutRow(RowCells& cells, bool cut_strings, size_t max_string) : m_cells(&cells), m_cut(cut_strings), m_max(max_string) {}
    void set(size_t i, double v);  // NaN → null
    void set(size_t i, int64_t v);
    // Text: cut at max_string bytes (on a character) when cutting; what OGR keeps of it (up to a NUL).
    void set(size_t i, std::string_view v);
    void set(size_t i, const std::string& v) { set(i, std::string_view(v)); }
    void set(size_t i, const char* v) { set(i, std::string_view(v)); }
    void set(size_t i, const Value& v);  // monostate → null
    GeomRef geom;

private:
    OGRFeature* m_f = nullptr;
    RowCells* m_cells = nullptr;
    bool m_cut = false;
    size_t m_max = 0;
};

struct OutLayer {
    std::string name;
    std::string title;  // Chinese title
    bool geometry = true;
    // A table without geometry written in GeoJSON (null geometries) and shapefile (a .dbf alone)
    // too, not in the GeoPackage only (the region total, a table of one row).
    bool table_everywhere = false;
    std::vector<OutField> fields;
    size_t count = 0;
    std::function<void(size_t, OutRow&)> fill;  // row i, in output order
    // Row i with only the fields k where want[k] is set (the rest left null) and its geometry: for a
    // reader that looks at a few columns (report.html's layers, the shapefile plan's text widths),
    // without computing the others' values (explanations, labels). Set by table_layer; empty for a
    // layer made otherwise (fill is used then).
    std::function<void(size_t, OutRow&, const std::vector<char>& want)> fill_some;
    // One cell: output field `field` of row i, the value fill would write there (a non-finite
    // number is written as null), without building the rest of the row — for what is derived from
    // a column of the written layer (the styles' classes) without reading the file back. Set by
    // table_layer; empty for a layer made otherwise.
    std::function<Value(size_t, size_t)> cell;
};

// The layer's fields (names and OGR types from OutLayer::fields) as an OGR feature definition
// without geometry, named `name` (null: the layer's name), for filling rows in memory with
// OutLayer::fill: report.html's scan, report.xlsx's sheets, the shapefile plan. The caller holds
// one reference and Release()s it.
OGRFeatureDefn* feature_defn_of(const OutLayer& L, const char* name = nullptr);

// Sets a GDAL configuration option for a scope (e.g. OGR_CURRENT_DATE for reproducible files).
class ScopedConfig {
public:
    ScopedConfig(const char* key, const std::string& value);
    ~ScopedConfig();
    ScopedConfig(const ScopedConfig&) = delete;
    ScopedConfig& operator=(const ScopedConfig&) = delete;

private:
    const char* m_key;
    std::string m_old;
    bool m_had = false;
};

// The bytes of a polygon's record in a .shp: 8 header + 44 (type, box, counts) + 4 per ring + 16
// per point. Counted in a packed shape's WKB (GEOS's 2-D WKB of a polygon or multipolygon) without
// making it a GEOS geometry, else in the GEOS geometry (issue 20; test Shapefile.RecordBytes*).
uint64_t shp_record_bytes(const GeomRef& geom);

// Row `number`'s (1-based) record in a .shp, header and content, for `wkb` (GEOS's little-endian 2-D
// WKB of a polygon or multipolygon; empty: a null shape) appended to `shp`, and its index entry to
// `shx` (the offset as if `shp` followed the 100-byte file header), as GDAL's shapefile driver writes
// them; false for what is left to the driver (issue 20; test Shapefile.RecordsAreTheDriversBytes).
bool append_shp_record(std::string& shp, std::string& shx, uint32_t number, std::string_view wkb);

// What a layer's shapefile will hold (issue 16): each text field sized to its content — the
// longest value in UTF-8 bytes after the output.max_string cut, at least 1 — instead of 254 bytes
// each, and the sizes of the .dbf and .shp that makes.
struct ShapefilePlan {
    std::string layer;
    std::vector<int> width;  // per field: text width in bytes (0 for numbers)
    size_t fields = 0;
    uint64_t dbf_bytes = 0, shp_bytes = 0;
};
std::vector<ShapefilePlan> plan_shapefiles(const std::vector<OutLayer>& layers, size_t max_string);

// The shapefile format's limits: 2 GiB per .dbf or .shp (what GDAL and most readers handle) and 255
// fields. The environment variable LANDEFF_TEST_SHP_MAX_BYTES lowers the size limit — for tests
// only, so a small city can stand in for a 600 000-parcel one.
struct ShapefileLimits {
    uint64_t file_bytes = 2147483648ULL;
    size_t fields = 255;
};
ShapefileLimits shapefile_limits();
// Why these shapefiles would exceed a limit (empty = they fit), one sentence per problem naming
// the file, its size or field count and the limit, worded in `lang` (output.lang).
std::vector<std::string> shapefile_problems(const std::vector<ShapefilePlan>& plans, const ShapefileLimits& limits,
                                            Lang lang = Lang::zh);

struct WriteOptions {
    std::set<std::string> formats;  // gpkg, geojson, shp
    std::string stamp_date;         // fixed date for format timestamps (reproducible output)
    size_t max_string = 254;        // shapefile text limit
    std::vector<ShapefilePlan> shp_plans;  // by layer; computed by write_vector_outputs when empty
};

// The GeoPackage geometry blob of `g` (GeoPackage 1.3 §2.1.3, as GDAL writes it): "GP", version 0,
// flags (little-endian; envelope [minx, maxx, miny, maxy] unless the geometry is empty, which sets
// the empty bit instead), srs_id, then GEOS's little-endian 2D WKB. Returns whether it has an
// envelope, and then puts it in env as minx, miny, maxx, maxy. A null geometry, or one GEOS cannot
// write, leaves `blob` empty (the row's geometry is NULL).
bool gpkg_geometry_blob(const GEOSGeometry* g, int32_t srs_id, std::string& blob, double* env);
// The same of a row's geometry: a packed Shape's WKB is copied as it is (the bytes GEOS writes of it).
bool gpkg_geometry_blob(GeomRef g, int32_t srs_id, std::string& blob, double* env);

// Writes each layer in each requested format into `dir` (which must exist).
void write_vector_outputs(const std::vector<OutLayer>& layers, const WorkingCrs& crs, const std::filesystem::path& dir,
                          const WriteOptions& opt);

// An output directory that appears whole or not at all: work goes into a temporary directory
// next to the final one, renamed into place by commit(); anything else removes it.
class StagedOutput {
public:
    StagedOutput(const std::filesystem::path& final_dir, bool overwrite,
                 const std::vector<std::string>& input_paths);
    ~StagedOutput();
    StagedOutput(const StagedOutput&) = delete;
    StagedOutput& operator=(const StagedOutput&) = delete;
    const std::filesystem::path& dir() const { return m_tmp; }
    const std::filesystem::path& final_dir() const { return m_final; }
    void commit();

private:
    std::filesystem::path m_final, m_tmp;
    bool m_overwrite;
    bool m_committed = false;
};

// Why writing `path` failed, for a message: the operating system's reason when it gave one or the
// disk is full ("no space left on device", "file too large" under ulimit -f, "disk quota
// exceeded") — GDAL's own words for a short write mislead (".shp file is unreadable, or corrupt")
// — else GDAL's last error message. `err` is errno right after the failed call.
std::string write_failure_reason(const std::filesystem::path& path, int err);

}  // namespace landeff
