#pragma once
// Reading any OGR source into canonical records (issue 2 §3–6).
#include <algorithm>
#include <array>
#include <cstdint>
#include <functional>
#include <optional>
#include <set>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "landeff/config.hpp"
#include "landeff/crs.hpp"
#include "landeff/findings.hpp"
#include "landeff/geos.hpp"
#include "landeff/schema.hpp"

namespace landeff {

struct Feature {
    int64_t fid = -1;
    Record rec;
    Shape geom;  // valid Polygon (one part) or MultiPolygon in the working CRS, or null; parcels packed as read
};

struct LayerData {
    LayerKind kind = LayerKind::Parks;
    std::string label;        // for messages: "parcels.shp" or "city.gpkg:parcels"
    std::string path;         // as resolved
    std::string layer_name;   // the OGR layer read
    std::string driver;
    std::vector<Feature> features;
    std::vector<std::string> source_field;  // per canonical field: the source field used, "" = missing
    std::string encoding;     // text encoding used
    std::string encoding_how; // config, .cpg, LDID, detected, or the format's own (UTF-8)
    std::string source_crs;   // name of the source CRS
    bool present = false;     // false when the optional input was not configured
    // Streamed (read_layer_streamed): the features were handed to a sink chunk by chunk and are
    // not kept; n_features counts them (read_layer: features.size()).
    bool streamed = false;
    size_t n_features = 0;
    // Features whose geometry went from the GeoPackage blob straight to GEOS (issue 20; the others
    // through GDAL's OGRGeometry): for tests and measurements.
    size_t direct_geoms = 0;
    // Features whose fields were read by landeff itself, from the GeoPackage's SQLite table or the
    // CSV file's bytes (issue 20; the others through GDAL's OGRFeature): for tests and measurements.
    size_t direct_rows = 0;
    // Of direct_rows, those read in ranges of fids, each on a SQLite connection of its own in the
    // read's parallel stage (issue 20; the others by the one scan): for tests and measurements.
    size_t ranged_rows = 0;
    // (feature index, canonical field) of ids stored as numbers that lost digits (issue 14), in
    // feature order: such a row is never joined on that id.
    std::vector<std::pair<uint32_t, uint16_t>> rounded_ids;
    template <class F> bool id_rounded(size_t feature, F f) const {
        const std::pair<uint32_t, uint16_t> key(static_cast<uint32_t>(feature), static_cast<uint16_t>(f));
        return std::binary_search(rounded_ids.begin(), rounded_ids.end(), key);
    }

    bool has_field(size_t canonical) const { return !source_field[canonical].empty(); }
    template <class F> bool has_field(F f) const { return has_field(static_cast<size_t>(f)); }
};

// The centre of the input's extent in longitude/latitude (for crs = "auto").
std::optional<std::pair<double, double>> lonlat_center(const InputSpec& in);

class ScopedConfig;  // writer.hpp

// GDAL's CSV reader stops at lines of 10 MB; landeff's reads allow ten times that (bounded) for long
// texts (OGR_CSV_MAX_LINE_SIZE). The option is global to the process: a limit set while one is held
// leaves it alone, so layers read at the same time (load_dataset, under one enclosing limit) never
// change it under one another.
class CsvLineLimit {
public:
    CsvLineLimit();
    ~CsvLineLimit();
    CsvLineLimit(const CsvLineLimit&) = delete;
    CsvLineLimit& operator=(const CsvLineLimit&) = delete;

private:
    std::unique_ptr<ScopedConfig> m_set;  // null when the limit was held already
};

// Reads the whole layer. Throws RunError (unreadable input) or ConfigError (wrong layer name,
// bad filter, missing CRS, a [fields] mapping naming a field that does not exist).
LayerData read_layer(const InputSpec& in, LayerKind kind, const Config& cfg, const WorkingCrs& crs,
                     Findings& findings);

// Reads the layer like read_layer, but hands its features to `sink` in chunks of `chunk` (the last
// may be smaller), in source order, with the index of the chunk's first feature, and keeps none:
// memory is bounded by the chunk, whatever the layer's size. The sink may move from the chunk;
// `layer` is the layer's description (label, fields) for its messages.
using FeatureSink = std::function<void(const LayerData& layer, std::vector<Feature>& chunk, size_t first)>;
// With `bbox` (working CRS): only the features whose rectangle meets it, through the source's spatial
// index where it has one (GeoPackage R-tree, shapefile .qix), else by one scan.
LayerData read_layer_streamed(const InputSpec& in, LayerKind kind, const Config& cfg, const WorkingCrs& crs, Findings& findings,
                              size_t chunk, const FeatureSink& sink, const std::optional<std::array<double, 4>>& bbox = std::nullopt);

// What a partitioned run reads of a layer (rules.md §10), ANDed with the config's where: parcels whose
// parcel_id starts with one of `id_prefixes`; whose ent_id is one of `ent_ids`; whose parcel_id is
// one of `parcel_ids`; whose geometry's
// rectangle meets `bbox` (min x, min y, max x, max y in the working CRS), through the source's spatial
// index. An empty part filters nothing.
// `fids`: exactly the features with these source fids (sorted), fetched by fid where the driver reads
// at random (GeoPackage, shapefile, FlatGeobuf: GetFeature), else kept from one scan; the caller chose
// them from read_parcel_id_table, which applied the config's where, so with fids the other terms
// must be empty and the where is not applied again.
struct LayerFilter {
    std::vector<std::string> id_prefixes;
    std::vector<std::string> ent_ids;
    std::vector<std::string> parcel_ids;
    std::optional<std::array<double, 4>> bbox;
    std::vector<int64_t> fids;
};
LayerData read_layer_filtered(const InputSpec& in, LayerKind kind, const Config& cfg, const WorkingCrs& crs, Findings& findings,
                              const LayerFilter& filter);

// The partition codes of the parcels layer (the first `chars` characters of each parcel_id), sorted,
// once each: reads only the parcel_id field (no geometry, no other field). Parcels without an id are
// in no partition.
std::vector<std::string> read_parcel_codes(const InputSpec& in, const Config& cfg, size_t chars);
// Which of `ents` some parcel names as its ent_id (one scan of the parcels' ids, no geometry).
std::set<std::string> parcel_ent_ids_among(const InputSpec& in, const Config& cfg, const std::set<std::string>& ents);

// Every parcel's source fid, parcel_id and ent_id, in source order, from one scan reading only those two
// fields (no geometry) with the config's where: what a partition picks its parcels from (rules.md §10)
// by set tests, before fetching them by fid. Ids as the full read gives them (decoded, trimmed); the
// enterprises are interned (ent[i] indexes ents; ents[0] is "").
struct ParcelIdTable {
    std::vector<int64_t> fid;
    std::vector<std::string> parcel_id;
    std::vector<uint32_t> ent;
    std::vector<std::string> ents;
};
ParcelIdTable read_parcel_id_table(const InputSpec& in, const Config& cfg);

// The fids of the parcels whose rectangle meets a working-CRS rectangle, with the config's where, through
// the source's spatial index (GeoPackage R-tree), no field read: the source opened once for many
// rectangles (a partition's parks and approvals), where a read per rectangle opened it each time.
class ParcelBoxQuery {
public:
    ParcelBoxQuery(const InputSpec& in, const WorkingCrs& crs);
    ~ParcelBoxQuery();
    std::vector<int64_t> fids(const std::array<double, 4>& box);  // sorted

private:
    struct Impl;
    std::unique_ptr<Impl> m;
};

// "label[fid=12 parcel_id=…]" for messages.
std::string feature_ref(const LayerData& layer, int64_t fid, std::string_view id);

}  // namespace landeff
