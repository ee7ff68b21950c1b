#include "landeff/writer.hpp"

#include <gdal_priv.h>
#include <ogr_p.h>
#include <ogrsf_frmts.h>
#include <fcntl.h>
#include <sys/resource.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include <tbb/blocked_range.h>
#include <tbb/enumerable_thread_specific.h>
#include <tbb/global_control.h>
#include <tbb/parallel_for.h>
#include <tbb/parallel_pipeline.h>
#include <tbb/parallel_sort.h>
#include <tbb/task_arena.h>
#include <tbb/task_group.h>

#include <algorithm>
#include <numeric>
#include <array>
#include <cctype>
#include <charconv>
#include <cerrno>
#include <bit>
#include <cmath>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <future>
#include <iostream>
#include <limits>
#include <list>
#include <mutex>
#include <optional>
#include <atomic>

#include <nlohmann/json.hpp>
#include <sqlite3.h>

#include "landeff/error.hpp"
#include "landeff/geometry.hpp"
#include "landeff/print_real.hpp"
#include "landeff/geos.hpp"
#include "landeff/progress.hpp"
#include "landeff/char_buf.hpp"
#include "landeff/remembered_transform.hpp"
#include "landeff/row_cells.hpp"
#include "landeff/sequential_file.hpp"
#include "landeff/sqlite_direct.hpp"
#include "landeff/text.hpp"

namespace fs = std::filesystem;

namespace landeff {
using namespace std::string_view_literals;

namespace {

OGRFieldType ogr_type(OutType t) { return t == OutType::Text ? OFTString : t == OutType::Int ? OFTInteger64 : OFTReal; }

}  // namespace

OGRFeatureDefn* feature_defn_of(const OutLayer& L, const char* name) {
    OGRFeatureDefn* defn = new OGRFeatureDefn(name ? name : L.name.c_str());
    defn->Reference();
    defn->SetGeomType(wkbNone);
    for (const auto& f : L.fields) {
        OGRFieldDefn fd(f.name.c_str(), ogr_type(f.type));
        defn->AddFieldDefn(&fd);
    }
    return defn;
}

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
    if (m_cells) return m_cells->set(i, v);
    m_f->SetField(static_cast<int>(i), v);
}
void OutRow::set(size_t i, int64_t v) {
    if (m_cells) return m_cells->set(i, v);
    m_f->SetField(static_cast<int>(i), static_cast<GIntBig>(v));
}
void OutRow::set(size_t i, std::string_view v) {
    if (m_cut) v = v.substr(0, utf8_prefix_size(v, m_max));
    if (m_cells) return m_cells->set(i, v);
    m_f->SetField(static_cast<int>(i), std::string(v).c_str());
}

void OutRow::set(size_t i, const Value& v) {
    switch (v.index()) {
        case 0: return;
        case 1: set(i, std::get<double>(v)); return;
        case 2: set(i, std::get<int64_t>(v)); return;
        case 3: set(i, std::get<std::string_view>(v)); return;
        default: set(i, std::get<std::string>(v)); return;
    }
}

namespace {

// Whether `path` has reached the process's file-size limit (ulimit -f): a write past it fails with
// EFBIG, which GDAL's close of a GeoPackage reports as "disk I/O error" after errno has moved on.
bool file_at_size_limit(const fs::path& path) {
    struct rlimit rl {};
    if (getrlimit(RLIMIT_FSIZE, &rl) != 0 || rl.rlim_cur == RLIM_INFINITY) return false;
    std::error_code ec;
    const auto size = fs::file_size(path, ec);
    return !ec && size + 65536 >= static_cast<uintmax_t>(rl.rlim_cur);
}

}  // namespace

std::string write_failure_reason(const fs::path& path, int err) {
    std::string os_reason;
    if (err == ENOSPC || err == EFBIG || err == EDQUOT || err == EROFS || err == EIO) {
        os_reason = std::strerror(err);
    } else if (file_at_size_limit(path)) {
        os_reason = std::strerror(EFBIG);  // a failed write that GDAL reported without its errno
    } else {
        struct statvfs v {};
        fs::path dir = path.parent_path();
        if (dir.empty()) dir = ".";
        if (statvfs(dir.c_str(), &v) == 0 && v.f_bavail == 0) os_reason = std::strerror(ENOSPC);
    }
    if (!os_reason.empty()) {
        os_reason[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(os_reason[0])));
        return os_reason + " (" + path.parent_path().string() + ")";
    }
    std::string gdal = CPLGetLastErrorMsg();
    if (!gdal.empty()) return gdal;
    return err ? std::string(std::strerror(err)) : std::string("no reason given");
}

namespace {

// GDAL 3.6 has no GDALDataset::Close(); an error while flushing shows as the last CPL error.
void close_dataset(GDALDatasetUniquePtr& ds, const fs::path& p) {
    CPLErrorReset();
    errno = 0;
    GDALClose(GDALDataset::ToHandle(ds.release()));
    const int err = errno;
    if (CPLGetLastErrorType() >= CE_Failure) throw RunError(p.string() + ": closing failed: " + write_failure_reason(p, err));
}

GDALDatasetUniquePtr create(const char* driver_name, const fs::path& path) {
    GDALDriver* drv = GetGDALDriverManager()->GetDriverByName(driver_name);
    if (!drv) throw RunError(std::string("GDAL has no ") + driver_name + " driver; reinstall gdal");
    errno = 0;
    GDALDatasetUniquePtr ds(drv->Create(path.string().c_str(), 0, 0, 0, GDT_Unknown, nullptr));
    const int err = errno;
    if (!ds) throw RunError(path.string() + ": cannot create: " + write_failure_reason(path, err));
    return ds;
}

// Creates the layer and its fields (names, OGR types, aliases; shapefile widths): the schema, which
// GDAL writes for every format.
OGRLayer* create_layer(GDALDataset& ds, const OutLayer& L, const WorkingCrs& crs, const std::vector<std::string>& lco,
                       const std::string& label, bool shapefile, size_t max_string, const ShapefilePlan* plan) {
    CPLStringList opts;
    for (const auto& o : lco) opts.AddString(o.c_str());
    errno = 0;
    OGRLayer* layer = ds.CreateLayer(L.name.c_str(), L.geometry ? crs.srs.get() : nullptr,
                                     L.geometry ? wkbMultiPolygon : wkbNone, opts.List());
    if (!layer) throw RunError(label + ": cannot create layer " + L.name + ": " + write_failure_reason(ds.GetDescription(), errno));
    for (const auto& f : L.fields) {
        OGRFieldDefn fd(f.name.c_str(), ogr_type(f.type));
        if (shapefile && f.type == OutType::Text)
            fd.SetWidth(plan ? plan->width[static_cast<size_t>(&f - L.fields.data())] : static_cast<int>(max_string));
        if (shapefile && f.type == OutType::Real) { fd.SetWidth(24); fd.SetPrecision(6); }
        fd.SetAlternativeName(f.alias.c_str());
        errno = 0;
        if (layer->CreateField(&fd) != OGRERR_NONE) {
            const int err = errno;
            throw RunError(label + ": cannot create field " + L.name + "." + f.name + ": " +
                           write_failure_reason(ds.GetDescription(), err));
        }
    }
    return layer;
}

// Row i of L as a feature of `defn`: its fields, and its geometry converted to OGR and passed through
// `project` (the GeoJSON's WGS 84); null when `project` gives no geometry. Safe on any thread.
template <class Project>
std::unique_ptr<OGRFeature> row_feature(const OutLayer& L, size_t i, OGRFeatureDefn* defn, bool shapefile, size_t max_string,
                                        Project project) {
    auto feat = std::make_unique<OGRFeature>(defn);
    OutRow row(*feat, shapefile, max_string);
    L.fill(i, row);
    if (L.geometry && row.geom)
        if (auto g = to_ogr(row.geom)) {
            g = project(std::move(g));
            if (!g) return nullptr;
            feat->SetGeometryDirectly(g.release());
        }
    return feat;
}

std::unique_ptr<OGRFeature> row_feature(const OutLayer& L, size_t i, OGRFeatureDefn* defn, bool shapefile, size_t max_string) {
    return row_feature(L, i, defn, shapefile, max_string, [](std::unique_ptr<OGRGeometry> g) { return g; });
}

// Rows [start, start + n) of L created, in order, in the layer of the batch file at `path`.
template <class Project>
void create_rows(OGRLayer& layer, const OutLayer& L, size_t start, size_t n, bool shapefile, size_t max_string, Project project,
                 const std::string& label, const std::string& path) {
    OGRFeatureDefn* defn = layer.GetLayerDefn();
    for (size_t k = 0; k < n; ++k) {
        CPLErrorReset();
        const auto feat = row_feature(L, start + k, defn, shapefile, max_string, project);
        if (!feat || layer.CreateFeature(feat.get()) != OGRERR_NONE)
            throw RunError(label + ": writing " + L.name + " row " + std::to_string(start + k) +
                           " failed: " + write_failure_reason(path, 0));
    }
}

void write_layer(GDALDataset& ds, const OutLayer& L, const WorkingCrs& crs, const std::vector<std::string>& lco,
                 const std::string& label, bool shapefile, size_t max_string, bool transaction,
                 const ShapefilePlan* plan = nullptr, bool show_progress = true) {
    OGRLayer* layer = create_layer(ds, L, crs, lco, label, shapefile, max_string, plan);
    if (transaction && ds.StartTransaction() != OGRERR_NONE) transaction = false;
    OGRFeatureDefn* defn = layer->GetLayerDefn();
    std::optional<Progress> progress;
    if (show_progress) progress.emplace("Writing " + label + " " + L.name, L.count);
    // A pipeline: batches of features are prepared in parallel (fill, field values, GEOS → OGR
    // geometry) while the previous batch is inserted; only CreateFeature runs serially, in order.
    constexpr size_t kBatch = 2048;
    struct Batch {
        size_t start = 0, n = 0;
        std::vector<std::unique_ptr<OGRFeature>> feats;
    };
    in_ordered_batches<Batch>(
        L.count, kBatch,
        [&](Batch& b) {
            b.feats.resize(b.n);
            for (size_t k = 0; k < b.n; ++k) b.feats[k] = row_feature(L, b.start + k, defn, shapefile, max_string);
        },
        [&](Batch& b) {
            for (size_t k = 0; k < b.n; ++k) {
                errno = 0;
                if (layer->CreateFeature(b.feats[k].get()) != OGRERR_NONE) {
                    const int err = errno;
                    throw RunError(label + ": writing " + L.name + " row " + std::to_string(b.start + k) +
                                   " failed: " + write_failure_reason(ds.GetDescription(), err));
                }
                b.feats[k].reset();
            }
            if (progress) progress->update(b.start + b.n);
            else check_interrupt();
        });
    errno = 0;
    if (transaction && ds.CommitTransaction() != OGRERR_NONE) {
        const int err = errno;
        throw RunError(label + ": committing " + L.name + " failed: " + write_failure_reason(ds.GetDescription(), err));
    }
    if (progress) progress->done();
}

// ---- GeoJSON: GDAL's own bytes, serialised in parallel (issue 20) -----------------------------
// GDAL 3.6's GeoJSON writer does all of a feature's work inside CreateFeature, on one thread: with
// RFC7946=YES it copies the feature, reprojects the geometry to WGS 84 (PROJ), builds a json-c
// object (coordinates rounded to 7 decimals) and prints it. So each batch of rows is written here by
// GDAL's GeoJSON driver itself, into its own in-memory file (/vsimem) on the thread that prepared
// the batch, with the same layer options, fields and CRS; the real file is then the FeatureCollection
// head that driver writes, each batch's features in row order (",\n" between two, as the driver
// separates them) and its tail. Every byte is still GDAL's: the head and the tail are those of the
// same layer written without features, and a batch's features are the bytes between them in its own
// file (checked for each batch). The driver's only state across features is that separator; a
// feature carries no id (no FID is set and ID_GENERATE is off) and the FeatureCollection no bbox
// (WRITE_BBOX is off), so the file equals the one a single CreateFeature loop writes.
// ---- GeoJSON features made here, GDAL's bytes without GDAL's per-feature work (issue 20) -------
// GDAL 3.6's GeoJSON driver spends most of a feature on an OGRFeature, a json-c tree and printf
// (about 17 CPU-s of 200 000 parcels). Each feature is now printed here as that driver prints it
// (ogrgeojsonwriter.cpp, with json-c 0.16's spaced output and no "/" escape): the same members in
// the same order, reals as OGR_json_double_with_significant_figures_to_string prints them (%.17g,
// fewer digits when that shows a run of six 0s or 9s, ".0" added to an integer), 64-bit integers,
// text with json-c's escapes, rings turned for RFC 7946's right-hand rule, coordinates as
// OGRFormatDouble prints them with 7 decimals (GDAL's own call when the digits hold a run its
// rounding looks at). What GDAL would treat differently is left to GDAL: a batch with a text that
// reads as a JSON object or array (GDAL embeds it), a geometry type other than points, lines and
// polygons, or a geometry outside the WGS 84 bounds is written by the driver as before. Test
// GeoJson.WrittenInBatchesItIsGdalsOwnFile compares every file with GDAL's; LANDEFF_GEOJSON_ROWS=GDAL
// has the driver write every batch.

// printf's %.{digits}g (to_chars is defined as printf's output).
size_t print_g(char* b, size_t size, double v, int digits) {
    return static_cast<size_t>(print_real(b, b + size, v, std::chars_format::general, digits).ptr - b);
}

// A real field's value as GDAL's GeoJSON writer prints it (significant figures unset: 17), written
// at `p`, which has room for 64 bytes (a 17-digit real is at most 24 characters, print_real copies
// 32 at once); returns the end. Where the 17 digits hold six 9s or six 0s in a row after the point
// (one pass over a few characters each), GDAL's shorter print is found as it finds it.
char* put_geojson_real(char* p, double v) {
    auto dot_of = [](const char* s, size_t n) {
        size_t k = 0;
        while (k < n && s[k] != '.') ++k;
        return k;
    };
    auto runs = [&](const char* s, size_t n) {
        int zeros = 0, nines = 0;
        for (size_t k = dot_of(s, n); k < n; ++k) {
            zeros = s[k] == '0' ? zeros + 1 : 0;
            nines = s[k] == '9' ? nines + 1 : 0;
            if (zeros >= 6 || nines >= 6) return true;
        }
        return false;
    };
    size_t n = print_g(p, 48, v, 17);
    if (runs(p, n)) {
        bool ok = false;
        for (int digits = 16; digits >= 14 && !ok; --digits) {
            n = print_g(p, 48, v, digits);
            ok = dot_of(p, n) < n && !runs(p, n);
        }
        if (!ok) n = print_g(p, 48, v, 17);
    }
    char* end = p + n;
    if (std::none_of(p, end, [](char c) { return c == '.' || c == 'e'; })) end = put_literal(end, ".0");
    return end;
}

// A coordinate as GDAL's GeoJSON writer prints it with COORDINATE_PRECISION=7 (RFC 7946), written
// at `p`, which has room for 80 bytes (the longest print, a "%.7f" of up to 1e50, is 59 characters;
// print_real copies 32 at once); returns the end.
constexpr size_t kCoordRoom = 80;
char* put_geojson_coord(char* p, double v) {
    if (std::fabs(v) > 1e50) return p + print_g(p, kCoordRoom, v, 18);
    const auto r = print_real(p, p + kCoordRoom, v, std::chars_format::fixed, 7);
    char* end = r.ptr;
    const char* d = end - 7;  // "%.7f": the point, then seven decimals, end the text
    bool run3 = false;
    for (int k = 0; k + 2 < 7 && !run3; ++k)
        run3 = (d[k] == '0' || d[k] == '9') && d[k + 1] == d[k] && d[k + 2] == d[k];
    if (run3) {
        // OGRFormatDouble rounds such runs of digits (intelliround): its own result.
        char g[kCoordRoom] = {};
        OGRFormatDouble(g, sizeof g, v, '.', 7);
        const size_t len = std::strlen(g);
        std::memcpy(p, g, len);
        return p + len;
    }
    while (end[-1] == '0') --end;  // no run of three: at most two, a digit stays
    return end;
}

void append_geojson_coord(std::string& out, double v) {
    char b[kCoordRoom];
    out.append(b, put_geojson_coord(b, v));
}

// A ring's or line's positions, reversed when `reverse`; false when a coordinate is not finite
// (GDAL writes no geometry then). Written at a cursor with room made once for the ring (issue 20).
bool append_geojson_positions(std::string& out, const OGRSimpleCurve& c, bool reverse) {
    const int n = c.getNumPoints();
    const bool z = wkbHasZ(c.getGeometryType());
    for (int k = 0; k < n; ++k)
        if (!std::isfinite(c.getX(k)) || !std::isfinite(c.getY(k)) || (z && !std::isfinite(c.getZ(k)))) return false;
    // Per position at most ", [ " + a coordinate's room + ", " + its room + " ]" (+ ", " + room with a z).
    const size_t at = out.size();
    out.resize(at + 4 + static_cast<size_t>(n) * (8 + (z ? 3 : 2) * (kCoordRoom + 2)));
    char* p = out.data() + at;
    *p++ = '[';
    for (int i = 0; i < n; ++i) {
        const int k = reverse ? n - 1 - i : i;
        p = i ? put_literal(p, ", [ ") : put_literal(p, " [ ");
        p = put_geojson_coord(p, c.getX(k));
        p = put_literal(p, ", ");
        p = put_geojson_coord(p, c.getY(k));
        if (z) {
            p = put_literal(p, ", ");
            p = put_geojson_coord(p, c.getZ(k));
        }
        p = put_literal(p, " ]");
    }
    p = put_literal(p, " ]");
    out.resize(static_cast<size_t>(p - out.data()));
    return true;
}

// A polygon's ring after " " (the exterior) or ", " (a hole), its positions oriented as RFC 7946
// §3.1.6 asks: exterior rings counter-clockwise, holes clockwise.
bool append_geojson_ring(std::string& out, const OGRLinearRing& ring, bool exterior) {
    out.append(exterior ? " "sv : ", "sv);
    return append_geojson_positions(out, ring, exterior ? ring.isClockwise() : !ring.isClockwise());
}

bool append_geojson_polygon(std::string& out, const OGRPolygon& p) {
    out.push_back('[');
    const int holes = p.getNumInteriorRings();
    for (int r = -1; r < holes; ++r) {
        const OGRLinearRing* ring = r < 0 ? p.getExteriorRing() : p.getInteriorRing(r);
        if (!ring) break;
        if (!append_geojson_ring(out, *ring, r < 0)) return false;
    }
    out.append(" ]"sv);
    return true;
}

// A geometry's member as GDAL writes it: 1 written, 0 GDAL writes null, -1 left to GDAL.
int append_geojson_geometry(std::string& out, const OGRGeometry& g) {
    const OGRwkbGeometryType t = wkbFlatten(g.getGeometryType());
    auto array_of = [&](const OGRGeometryCollection& c, auto part) {
        out.push_back('[');
        for (int i = 0; i < c.getNumGeometries(); ++i) {
            out.append(i ? ", "sv : " "sv);
            if (!part(*c.getGeometryRef(i))) return false;
        }
        out.append(" ]"sv);
        return true;
    };
    auto point = [&](const OGRGeometry& m) {
        const OGRPoint& pt = *m.toPoint();
        if (pt.IsEmpty() && !wkbHasZ(pt.getGeometryType())) return false;
        const double c[3] = {pt.getX(), pt.getY(), pt.getZ()};
        const int dims = wkbHasZ(pt.getGeometryType()) ? 3 : 2;
        for (int k = 0; k < dims; ++k)
            if (!std::isfinite(c[k])) return false;
        out.append("[ "sv);
        for (int k = 0; k < dims; ++k) {
            if (k) out.append(", "sv);
            append_geojson_coord(out, c[k]);
        }
        out.append(" ]"sv);
        return true;
    };
    const char* name = t == wkbPoint ? "Point" : t == wkbLineString ? "LineString" : t == wkbPolygon ? "Polygon"
                       : t == wkbMultiPoint ? "MultiPoint" : t == wkbMultiLineString ? "MultiLineString"
                       : t == wkbMultiPolygon ? "MultiPolygon" : nullptr;
    if (!name) return -1;
    const size_t at = out.size();
    out.append("{ \"type\": \""sv).append(name).append("\", \"coordinates\": "sv);
    bool ok = false;
    switch (t) {
        case wkbPoint: ok = point(g); break;
        case wkbLineString: ok = append_geojson_positions(out, *g.toLineString(), false); break;
        case wkbPolygon: ok = append_geojson_polygon(out, *g.toPolygon()); break;
        case wkbMultiPoint: ok = array_of(*g.toGeometryCollection(), point); break;
        case wkbMultiLineString:
            ok = array_of(*g.toGeometryCollection(), [&](const OGRGeometry& m) { return append_geojson_positions(out, *m.toLineString(), false); });
            break;
        case wkbMultiPolygon:
            ok = array_of(*g.toGeometryCollection(), [&](const OGRGeometry& m) { return append_geojson_polygon(out, *m.toPolygon()); });
            break;
        default: out.resize(at); return -1;
    }
    if (!ok) {
        out.resize(at);
        return 0;
    }
    out.append(" }"sv);
    return 1;
}

// The reprojection GDAL's GeoJSON layer makes (ogrgeojsondatasource.cpp, ICreateLayer with RFC7946):
// from the working CRS to WGS 84 (SetWellKnownGeogCS, longitude first) unless the CRS already is that,
// by OGRGeometryFactory::transformWithOptions with WRAPDATELINE=YES, as its ICreateFeature calls it.
// One for all the layers of a run: a transformation costs about 40 ms to make, so each thread makes
// one, once.
//
// GDAL 3.6's transformWithOptions spends most of its time on what does not depend on the geometry:
// it builds WGS 84 anew and compares it with the target for every call, then asks of every geometry
// whether the projection is continuous across the antimeridian (five one-point transformations), and
// copies the geometry three times. What it does to a polygon then depends on three things: (1) a polar
// projection (the target's poles map to points of the source where longitude turns round them) cuts
// geometries at the pole; (2) a geometry that crosses the antimeridian is cut there; (3) WRAPDATELINE
// moves or cuts geometries at ±180° and makes a multipolygon of one part its polygon. A polygon whose
// every transformed vertex lies within [-170°, 170°] and within 10° of longitude of the others crosses
// no antimeridian (its segments are short and the projection continuous along them, so none of their
// points reaches ±180°: (2) finds no crossing and (3) no jump of longitude), so for it the result is
// the geometry transformed, vertex by vertex by the same transformation, as GDAL transforms it — with
// one part of a multipolygon made its polygon. Everything else (a polar projection, geometries near
// the antimeridian, other geometry types) goes through GDAL's own call. LANDEFF_GEOJSON_ROWS=GDAL
// writes every row through GDAL's call and driver: tests compare the two byte for byte.
class GeojsonReprojection {
    // The shortcut's longitudes (above): every transformed vertex within [-170°, 170°] and within 10°
    // of the others.
    static bool within_shortcut(double min_x, double max_x) { return min_x >= -170 && max_x <= 170 && max_x - min_x <= 10; }

public:
    explicit GeojsonReprojection(const WorkingCrs& crs) {
        if (!crs.srs) return;
        wgs84_ = std::make_unique<OGRSpatialReference>();
        wgs84_->SetWellKnownGeogCS("WGS84");
        wgs84_->SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
        const char* const same[] = {"IGNORE_DATA_AXIS_TO_SRS_AXIS_MAPPING=YES", "CRITERION=EQUIVALENT", nullptr};
        if (crs.srs->IsSame(wgs84_.get(), same)) return;
        srs_.reset(crs.srs->Clone());
        // Whether GDAL would treat the projection as polar: as IsPolarToWGS84 in ogrgeometryfactory.cpp
        // decides it, with the same pair of transformations it makes.
        std::unique_ptr<OGRCoordinateTransformation> there(OGRCreateCoordinateTransformation(srs_.get(), wgs84_.get()));
        std::unique_ptr<OGRCoordinateTransformation> back(OGRCreateCoordinateTransformation(wgs84_.get(), srs_.get()));
        if (!there) throw RunError("no transformation from the working CRS to WGS 84 for the GeoJSON files");
        if (back && srs_->IsProjected()) {
            there->SetEmitErrors(false);
            back->SetEmitErrors(false);
            auto pole_turns = [&](double pole) {
                double x = 0, y = pole;
                if (!back->Transform(1, &x, &y) || !(std::fabs(x) < 1e10 && std::fabs(y) < 1e10)) return false;
                double xs[] = {x, x - 1e5, x + 1e5}, ys[] = {y, y - 1e5, y + 1e5};
                return there->Transform(3, xs, ys) && std::fabs(ys[0] - pole) < 1e-10 && std::fabs(xs[2] - xs[1]) > 170 &&
                       std::fabs(ys[2] - ys[1]) < 1e-10;
            };
            polar_ = pole_turns(90.0) != pole_turns(-90.0);
        }
    }

    // Null when the files need no reprojection (no CRS, or already WGS 84).
    const OGRSpatialReference* working() const { return srs_.get(); }
    // A copy of WGS 84 as the GeoJSON layers declare it (null without a CRS).
    std::unique_ptr<OGRSpatialReference> wgs84() {
        if (!wgs84_) return nullptr;
        std::lock_guard<std::mutex> lock(lock_);
        return std::unique_ptr<OGRSpatialReference>(wgs84_->Clone());
    }

    // `g` (in the working CRS) as GDAL's call reprojects it; null when it cannot be. `again` makes the
    // geometry anew for GDAL's call when the shortcut does not apply (g is transformed in place).
    template <class Again>
    std::unique_ptr<OGRGeometry> operator()(std::unique_ptr<OGRGeometry> g, Again again) {
        Thread& t = thread();
        const OGRwkbGeometryType type = wkbFlatten(g->getGeometryType());
        if (!polar_ && (type == wkbPolygon || type == wkbMultiPolygon) && g->transform(t.memo.get()) == OGRERR_NONE) {
            OGREnvelope e;
            g->getEnvelope(&e);
            if (within_shortcut(e.MinX, e.MaxX)) {
                OGRGeometryCollection* parts = type == wkbMultiPolygon ? g->toGeometryCollection() : nullptr;
                if (parts && parts->getNumGeometries() == 1) {
                    std::unique_ptr<OGRGeometry> part(parts->getGeometryRef(0));
                    parts->removeGeometry(0, FALSE);
                    return part;
                }
                return g;
            }
            g = again();
        }
        return by_gdal(*g, t);
    }
    std::unique_ptr<OGRGeometry> by_gdal(const OGRGeometry& g) { return by_gdal(g, thread()); }

    // The same from a 2-D little-endian Polygon or MultiPolygon WKB (a packed parcel), without an
    // OGRGeometry (issue 20: making one and its rings' copies cost about as much as the projection):
    // its points projected in one call, then the geometry member as append_geojson_geometry writes
    // the reprojected geometry, appended to `out`. 1 written; 0 when the row is one GDAL writes
    // itself (a latitude beyond ±90°, as features_direct decides it); -1 when the shortcut does not
    // apply (a polar projection, an empty or short ring, another geometry type, a point that cannot
    // be projected or lands off the shortcut's longitudes): nothing written, the OGRGeometry path
    // then takes the row as before.
    int from_wkb(std::string_view w, std::string& out) {
        if (polar_) return -1;
        struct Scratch {
            std::vector<WkbRing> rings;
            std::vector<double> x, y, z;
            std::vector<int> ok;
            OGRLinearRing ring;
        };
        thread_local Scratch s;
        s.rings.clear(), s.x.clear(), s.y.clear();
        size_t left_out = 0, polygons = 0;
        if (!wkb_rings(w, s.rings, &left_out) || left_out > 0 || s.rings.empty()) return -1;
        for (const WkbRing& r : s.rings) {
            if (r.n < 4) return -1;
            polygons += r.outer ? 1 : 0;
            for (uint32_t k = 0; k < r.n; ++k) {
                double c[2];
                std::memcpy(c, w.data() + r.at + 16 * static_cast<size_t>(k), sizeof c);  // little-endian, as this machine (shp_records)
                s.x.push_back(c[0]);
                s.y.push_back(c[1]);
            }
        }
        // One call for every point, quiet (when a point fails the OGRGeometry path reports it).
        Thread& th = thread();
        const size_t n = s.x.size();
        s.z.assign(n, 0.0);  // OGRSimpleCurve::transform passes zeros for a 2-D ring
        s.ok.assign(n, 0);
        const bool emit = th.memo->GetEmitErrors();
        th.memo->SetEmitErrors(false);
        const int done = th.memo->Transform(static_cast<int>(n), s.x.data(), s.y.data(), s.z.data(), nullptr, s.ok.data());
        th.memo->SetEmitErrors(emit);
        if (!done) return -1;
        double min_x = 0, max_x = 0, min_y = 0, max_y = 0;
        for (size_t i = 0; i < n; ++i) {
            if (!s.ok[i] || !std::isfinite(s.x[i]) || !std::isfinite(s.y[i])) return -1;
            if (i == 0 || s.x[i] < min_x) min_x = s.x[i];
            if (i == 0 || s.x[i] > max_x) max_x = s.x[i];
            if (i == 0 || s.y[i] < min_y) min_y = s.y[i];
            if (i == 0 || s.y[i] > max_y) max_y = s.y[i];
        }
        if (!within_shortcut(min_x, max_x)) return -1;
        if (!(min_y >= -90 && max_y <= 90)) return 0;
        // A multipolygon of one part is written as its polygon (operator() above); rings as
        // append_geojson_polygon writes them (OGR's isClockwise on the projected ring).
        out.append(polygons == 1 ? "{ \"type\": \"Polygon\", \"coordinates\": "sv : "{ \"type\": \"MultiPolygon\", \"coordinates\": [ "sv);
        size_t first = 0;
        for (size_t k = 0; k < s.rings.size(); ++k) {
            const WkbRing& r = s.rings[k];
            if (r.outer) out.append(k ? " ], ["sv : "["sv);
            s.ring.setPoints(static_cast<int>(r.n), s.x.data() + first, s.y.data() + first);
            first += r.n;
            append_geojson_ring(out, s.ring, r.outer);
        }
        out.append(polygons == 1 ? " ] }"sv : " ] ] }"sv);
        return 1;
    }

private:
    struct Thread {
        std::unique_ptr<OGRCoordinateTransformation> ct;  // GDAL's call's
        std::unique_ptr<RememberedTransform> memo;         // the shortcut's: the same transformation, remembering points
        OGRGeometryFactory::TransformWithOptionsCache cache;
    };
    Thread& thread() {
        Thread& t = threads_.local();
        if (!t.ct) {
            std::lock_guard<std::mutex> lock(lock_);  // OGRSpatialReference is not safe to read from two threads
            // Both made before either is kept: a thread never holds one without the other.
            std::unique_ptr<OGRCoordinateTransformation> ct(OGRCreateCoordinateTransformation(srs_.get(), wgs84_.get()));
            std::unique_ptr<OGRCoordinateTransformation> again(OGRCreateCoordinateTransformation(srs_.get(), wgs84_.get()));
            if (!ct || !again) throw RunError("no transformation from the working CRS to WGS 84 for the GeoJSON files");
            t.memo = std::make_unique<RememberedTransform>(std::move(again));
            t.ct = std::move(ct);
        }
        return t;
    }
    std::unique_ptr<OGRGeometry> by_gdal(const OGRGeometry& g, Thread& t) {
        const char* const options[] = {"WRAPDATELINE=YES", nullptr};
        return std::unique_ptr<OGRGeometry>(
            OGRGeometryFactory::transformWithOptions(&g, t.ct.get(), const_cast<char**>(options), t.cache));
    }

    std::unique_ptr<OGRSpatialReference> srs_, wgs84_;
    std::mutex lock_;
    bool polar_ = false;
    tbb::enumerable_thread_specific<Thread> threads_;
};

struct GeojsonWriter {
    const OutLayer& L;
    const std::vector<std::string> lco = {"RFC7946=YES", "WRITE_NAME=NO"};
    std::string label;
    size_t max_string;
    GeojsonReprojection& wgs;  // shared by the layers; each batch's layer is then WGS 84, so GDAL's own
                               // call only copies the geometry (and checks the [-180, 180] × [-90, 90] bounds)
    std::string head, tail;
    const bool by_gdal = env_is("LANDEFF_GEOJSON_ROWS", "GDAL");

    GeojsonWriter(const OutLayer& layer, GeojsonReprojection& reprojection, std::string lbl, size_t max_str)
        : L(layer), label(std::move(lbl)), max_string(max_str), wgs(reprojection) {
        const std::string empty = text(0, 0);
        static constexpr std::string_view kTail = "\n]\n}\n";
        if (empty.size() < kTail.size() || std::string_view(empty).substr(empty.size() - kTail.size()) != kTail)
            throw RunError(label + ": GDAL's GeoJSON writer ended a FeatureCollection unexpectedly");
        head = empty.substr(0, empty.size() - kTail.size());
        tail = kTail;
    }

    // Rows [start, start + n) as GDAL's GeoJSON driver writes them into a file of their own.
    std::string text(size_t start, size_t n) {
        static std::atomic<uint64_t> serial{0};
        const std::string path = std::string("/vsimem/landeff-").append(std::to_string(getpid())).append("-"sv)
                                     .append(std::to_string(serial++)).append(".geojson"sv);
        struct Unlink {
            const std::string& p;
            ~Unlink() { VSIUnlink(p.c_str()); }
        } unlink{path};
        WorkingCrs batch_crs;
        if (L.geometry) batch_crs.srs = wgs.wgs84();
        auto ds = create("GeoJSON", path);
        OGRLayer* layer = create_layer(*ds, L, batch_crs, lco, label, false, max_string, nullptr);
        create_rows(*layer, L, start, n, false, max_string,
                    [&](std::unique_ptr<OGRGeometry> g) { return wgs.working() ? wgs.by_gdal(*g) : std::move(g); }, label, path);
        close_dataset(ds, path);
        vsi_l_offset len = 0;
        GByte* buf = VSIGetMemFileBuffer(path.c_str(), &len, FALSE);
        if (!buf) throw RunError(label + ": GDAL's GeoJSON writer left no text for " + L.name);
        return std::string(reinterpret_cast<const char*>(buf), static_cast<size_t>(len));
    }

    // Rows [start, start + n) as the driver writes them between the head and the tail, made here;
    // false when a row is one GDAL treats on its own (above).
    bool features_direct(size_t start, size_t n, std::string& out) {
        RowReader rows(L);
        const std::vector<RowCells::Cell>& cells = rows.cells();
        const std::string& text = rows.text();
        // Each field's member name as written after the first member (`, "name": `); the first
        // member is the same without its comma.
        std::vector<std::string> keys;
        for (const auto& f : L.fields) keys.push_back(", \"" + f.name + "\": ");
        for (size_t k = 0; k < n; ++k) {
            const GeomRef geom = rows.read(start + k);
            // The row's properties written at a cursor with room made once (issue 20): a bound on
            // each member (its name, 64 for a number, 2 + 6 a byte for text: the longest escape).
            size_t bound = 64;
            for (size_t c = 0; c < cells.size(); ++c)
                if (cells[c].kind != RowCells::Null)
                    bound += keys[c].size() + (cells[c].kind == RowCells::Text ? 2 + 6 * size_t(cells[c].span.len) : 64);
            const size_t at = out.size();
            out.resize(at + bound);
            char* p = out.data() + at;
            if (k) p = put_literal(p, ",\n");
            p = put_literal(p, "{ \"type\": \"Feature\", \"properties\": {");
            bool first = true;
            for (size_t c = 0; c < cells.size(); ++c) {
                const RowCells::Cell& cell = cells[c];
                if (cell.kind == RowCells::Null) continue;
                const std::string& key = keys[c];
                std::memcpy(p, key.data() + (first ? 1 : 0), key.size() - (first ? 1 : 0));
                p += key.size() - (first ? 1 : 0);
                first = false;
                switch (cell.kind) {
                    case RowCells::Real: p = put_geojson_real(p, cell.real); break;
                    case RowCells::Int: p = std::to_chars(p, p + 24, cell.integer).ptr; break;
                    default: {
                        const std::string_view t = RowCells::text_of(cell, text);
                        if (t.size() > 0 && ((t.front() == '{' && t.back() == '}') || (t.front() == '[' && t.back() == ']')))
                            return false;  // GDAL embeds text that parses as JSON
                        p = put_json_string(p, t);
                    }
                }
            }
            out.resize(static_cast<size_t>(p - out.data()));
            out.append(first ? "}, \"geometry\": " : " }, \"geometry\": ");
            // A packed parcel's geometry straight from its WKB where it can be (from_wkb), else through
            // an OGRGeometry.
            const int from_wkb = L.geometry && geom && geom.packed() && wgs.working() ? wgs.from_wkb(geom.packed()->wkb(), out) : -1;
            if (from_wkb == 0) return false;
            if (from_wkb == 1) {
                out.append(" }"sv);
                continue;
            }
            std::unique_ptr<OGRGeometry> g;
            if (L.geometry && geom) {
                g = to_ogr(geom);
                if (g && wgs.working()) {
                    g = wgs(std::move(g), [&] { return to_ogr(geom); });
                    if (!g) return false;  // GDAL's path reports it
                }
            }
            if (g) {
                OGREnvelope e;
                g->getEnvelope(&e);
                if (!g->IsEmpty() && !(e.MinX >= -180 && e.MaxX <= 180 && e.MinY >= -90 && e.MaxY <= 90)) return false;
                const int written = append_geojson_geometry(out, *g);
                if (written < 0) return false;
                if (written == 0) out.append("null"sv);
            } else {
                out.append("null"sv);
            }
            out.append(" }"sv);
        }
        return true;
    }

    // The features of a batch's file, what lies between the head and the tail, in `out` (emptied first).
    void features(size_t start, size_t n, std::string& out) {
        out.clear();
        if (!by_gdal) {
            if (features_direct(start, n, out)) return;
            out.clear();
        }
        std::string t = text(start, n);
        if (t.size() < head.size() + tail.size() || t.compare(0, head.size(), head) != 0 ||
            t.compare(t.size() - tail.size(), tail.size(), tail) != 0)
            throw RunError(label + ": GDAL's GeoJSON writer wrote rows " + std::to_string(start) + "… of " + L.name +
                           " in an unexpected frame");
        t.erase(t.size() - tail.size());
        t.erase(0, head.size());
        out = std::move(t);
    }
};

void write_geojson_layer(const OutLayer& L, GeojsonReprojection& reprojection, const fs::path& p, const std::string& label,
                         size_t max_string, bool show_progress) {
    GeojsonWriter w(L, reprojection, label, max_string);
    std::optional<Progress> progress;
    if (show_progress) progress.emplace("Writing " + label + " " + L.name, L.count);
    errno = 0;
    SequentialFile f;
    if (!f.open(p)) throw RunError(p.string() + ": cannot create: " + write_failure_reason(p, errno));
    auto put = [&](const std::string& s) {
        errno = 0;
        if (!f.write(s)) {
            const int err = errno;
            throw RunError(label + ": writing " + L.name + " failed: " + write_failure_reason(p, err));
        }
    };
    put(w.head);
    constexpr size_t kBatch = 2048;
    struct Batch {
        size_t start = 0, n = 0;
        std::string text;
        void recycle() { text.clear(); }  // its buffer kept for a later batch (in_ordered_batches)
    };
    in_ordered_batches<Batch>(
        L.count, kBatch, [&](Batch& b) { w.features(b.start, b.n, b.text); },
        [&](Batch& b) {
            if (b.start > 0) put(",\n");
            put(b.text);
            if (progress) progress->update(b.start + b.n);
            else check_interrupt();
        });
    put(w.tail);
    errno = 0;
    if (!f.close()) {
        const int err = errno;
        throw RunError(p.string() + ": closing failed: " + write_failure_reason(p, err));
    }
    if (progress) progress->done();
}

// ---- Shapefiles: GDAL's own records, written in parallel (issue 20) ----------------------------
// GDAL's shapefile driver converts each feature inside CreateFeature (the rings oriented for the
// format, the shape record, every attribute printed into the .dbf record), on one thread. Here each
// batch of rows is written by that driver, with the same layer options and fields, into a shapefile
// of its own in memory (/vsimem) on the thread that prepared it, and the real files are spliced
// from those (the shapefile specification, ESRI 1998, and shapelib's shpopen.c/dbfopen.c):
//   .shp  a 100-byte header, then per row a record: its number (1-based, 4 bytes big-endian), its
//         content length in 16-bit words (big-endian), the content. Records are copied with their
//         number moved on by the batch's first row. The header is the first batch's, with the file
//         length (bytes 24–27, big-endian, in 16-bit words) and the x/y bounds (bytes 36–67, four
//         little-endian doubles) of the whole file: shapelib starts the bounds from the first
//         record's first vertex, or from 0 when that record is null or has no vertex, and widens
//         them by every vertex after; a polygon record's own box (content bytes 4–35) is the range
//         of its vertices, so the file's bounds are those boxes merged (and 0 when row 0 is null).
//   .shx  the same header with its own length, then per row the record's offset in the .shp (in
//         16-bit words) and its content length, both big-endian: offsets move on by where the
//         batch's records start in the real .shp.
//   .dbf  a header (its length in bytes 8–9, the record length in 10–11, the record count in 4–7,
//         little-endian), fixed-length records, then shapelib's end-of-file byte 0x1A: the first
//         batch's header with the count of all rows, every batch's records, the end byte.
// The .prj and .cpg are written by GDAL at the real path (an empty layer). The widths of the text
// fields come from the layer's ShapefilePlan, so every batch's .dbf has the same header.
struct ShpPiece {
    std::string shp, shx, dbf;            // the records of the batch (no headers)
    std::string shp_head, shx_head, dbf_head, dbf_end;
    double box[4] = {0, 0, 0, 0};         // min x, min y, max x, max y of the records with vertices
    bool has_box = false, first_empty = false;
};

uint32_t be32(const std::string& b, size_t at) {
    return (static_cast<uint32_t>(static_cast<unsigned char>(b[at])) << 24) |
           (static_cast<uint32_t>(static_cast<unsigned char>(b[at + 1])) << 16) |
           (static_cast<uint32_t>(static_cast<unsigned char>(b[at + 2])) << 8) |
           static_cast<uint32_t>(static_cast<unsigned char>(b[at + 3]));
}
// v as 4 big-endian bytes at `d` (the shapefiles' headers and record headers).
void store_be32(char* d, uint32_t v) {
    for (int k = 0; k < 4; ++k) d[k] = static_cast<char>((v >> (24 - 8 * k)) & 0xFFu);
}
void set_be32(std::string& b, size_t at, uint32_t v) { store_be32(b.data() + at, v); }
uint32_t le32(const std::string& b, size_t at) {
    uint32_t v = 0;
    for (int k = 3; k >= 0; --k) v = (v << 8) | static_cast<unsigned char>(b[at + static_cast<size_t>(k)]);
    return v;
}
void set_le32(std::string& b, size_t at, uint32_t v) {
    for (int k = 0; k < 4; ++k) b[at + static_cast<size_t>(k)] = static_cast<char>((v >> (8 * k)) & 0xFFu);
}
double le_f64(const std::string& b, size_t at) {
    uint64_t u = 0;
    for (int k = 7; k >= 0; --k) u = (u << 8) | static_cast<unsigned char>(b[at + static_cast<size_t>(k)]);
    double d;
    std::memcpy(&d, &u, sizeof d);
    return d;
}
void set_le_f64(std::string& b, size_t at, double d) {
    uint64_t u;
    std::memcpy(&u, &d, sizeof u);
    for (int k = 0; k < 8; ++k) b[at + static_cast<size_t>(k)] = static_cast<char>((u >> (8 * k)) & 0xFFu);
}

std::string vsimem_file(const std::string& path) {
    vsi_l_offset len = 0;
    GByte* buf = VSIGetMemFileBuffer(path.c_str(), &len, FALSE);
    return buf ? std::string(reinterpret_cast<const char*>(buf), static_cast<size_t>(len)) : std::string();
}

// ---- .dbf records printed by landeff (issue 20) --------------------------------------------------
// GDAL's shapefile driver prints every attribute of a feature into its .dbf record inside
// CreateFeature (an OGRFeature per row, shapelib's printf per number). The records are now printed
// here as shapelib and GDAL's shapefile layer print them, from the field descriptors GDAL wrote into
// the layer's empty .dbf: a blank deletion flag; text left-aligned and padded with blanks; a real
// number as "%<width>.<decimals>f"; an integer as "%<width>lld"; a null as '*'s in a number field
// and blanks in a text one. The batch's geometry is still written by GDAL's driver (a layer without
// fields), so the .shp and .shx stay GDAL's. What GDAL treats on its own goes to the driver for the
// whole batch: a text longer than its field or a number wider than its field (GDAL truncates with a
// warning or widens the field). Test Shapefile.DbfRecordsPrintedHereAreTheDriversBytes compares with
// LANDEFF_SHP_ROWS=GDAL, which has the driver write every batch.
struct DbfLayout {
    struct Field {
        char type;
        size_t offset, width;
        int decimals;
    };
    std::vector<Field> fields;
    size_t record = 0;
    std::string head, end;  // GDAL's header of the empty layer (0 records) and what follows it
    bool ok = false;
};

// The layout of the empty .dbf GDAL wrote for L (ok only when it has L's fields and nothing unusual).
DbfLayout dbf_layout(const std::string& dbf, const OutLayer& L) {
    DbfLayout d;
    if (dbf.size() < 33) return d;
    auto le16 = [&](size_t at) { return static_cast<size_t>(static_cast<unsigned char>(dbf[at])) | (static_cast<size_t>(static_cast<unsigned char>(dbf[at + 1])) << 8); };
    const size_t head = le16(8);
    d.record = le16(10);
    if (head > dbf.size() || le32(dbf, 4) != 0) return d;
    size_t offset = 1;
    for (size_t at = 32; at + 32 <= head && dbf[at] != '\x0D'; at += 32) {
        const DbfLayout::Field f{dbf[at + 11], offset, static_cast<unsigned char>(dbf[at + 16]), static_cast<unsigned char>(dbf[at + 17])};
        if (f.type != 'C' && f.type != 'N') return d;
        d.fields.push_back(f);
        offset += f.width;
    }
    if (offset != d.record || d.fields.size() != L.fields.size()) return d;
    d.head = dbf.substr(0, head);
    d.end = dbf.substr(head);
    d.ok = true;
    return d;
}

// Appends a row's record; false when GDAL would treat a value on its own.
bool append_dbf_record(std::string& out, const DbfLayout& d, const RowCells::Cell* cells, const std::string& text) {
    const size_t at = out.size();
    out.append(d.record, ' ');
    char* rec = out.data() + at;
    for (size_t k = 0; k < d.fields.size(); ++k) {
        const DbfLayout::Field& f = d.fields[k];
        const RowCells::Cell& c = cells[k];
        char* dst = rec + f.offset;
        if (c.kind == RowCells::Null) {
            if (f.type == 'N') std::memset(dst, '*', f.width);
            continue;
        }
        if (f.type == 'C') {
            if (c.kind != RowCells::Text || c.span.len > f.width) return false;
            std::memcpy(dst, text.data() + c.span.off, c.span.len);
            continue;
        }
        char b[64];
        std::to_chars_result r{};
        if (c.kind == RowCells::Real && f.decimals > 0) r = print_real(b, b + sizeof b, c.real, std::chars_format::fixed, f.decimals);
        else if (c.kind == RowCells::Int && f.decimals == 0 && f.width < 32) r = std::to_chars(b, b + sizeof b, c.integer);
        else return false;
        if (r.ec != std::errc() || static_cast<size_t>(r.ptr - b) > f.width) return false;
        const size_t n = static_cast<size_t>(r.ptr - b);
        std::memcpy(dst + (f.width - n), b, n);  // right-aligned, blanks before
    }
    return true;
}

// Little-endian appends (the .shp records, the GeoPackage blobs and R-tree rows).
void put_u32(std::string& b, uint32_t v) {
    for (int k = 0; k < 4; ++k) b.push_back(static_cast<char>((v >> (8 * k)) & 0xFFu));
}
void put_f64(std::string& b, double v) {
    uint64_t u;
    std::memcpy(&u, &v, sizeof u);
    for (int k = 0; k < 8; ++k) b.push_back(static_cast<char>((u >> (8 * k)) & 0xFFu));
}

// ---- .shp records written by landeff (issue 20) --------------------------------------------------
// A polygon row's record as GDAL's shapefile driver writes it (SHPWriteOGRObject, then shapelib's
// SHPWriteObject), from the row's WKB without an OGRGeometry or the driver: the record number and
// content length in 16-bit words (big-endian), then shape type 5, the box of the vertices, the counts
// of parts and points, each part's first point and the points (little-endian). The parts are the
// rings, polygon by polygon, exterior first; a polygon with an empty exterior and an empty ring are
// left out, as the driver leaves them; an exterior ring is written clockwise and a hole
// counter-clockwise (reversed when the WKB has them the other way); no ring at all is a null shape
// (type 0). A ring whose orientation has no sign (no area), a non-finite coordinate or WKB other
// than GEOS's little-endian 2-D polygon or multipolygon is left to the driver: the batch falls back.
// Tests: Shapefile.RecordsAreTheDriversBytes compares records with the driver's;
// Shapefile.DbfRecordsPrintedHereAreTheDriversBytes compares every file with the driver's.
namespace shp_records {

void put_be32(std::string& b, uint32_t v) {
    for (int k = 0; k < 4; ++k) b.push_back(static_cast<char>((v >> (24 - 8 * k)) & 0xFFu));
}

using Ring = WkbRing;

// The rings as the driver takes them (an empty exterior drops its polygon, an empty ring is left out).
bool rings_of(std::string_view w, std::vector<Ring>& rings) { return wkb_rings(w, rings); }

uint64_t points_of(const std::vector<Ring>& rings) {
    uint64_t points = 0;
    for (const Ring& r : rings) points += r.n;
    return points;
}

// A polygon record's content: type, box, the counts (44 bytes), 4 a ring, 16 a point.
uint64_t content_bytes(const std::vector<Ring>& rings) {
    return 44 + 4 * static_cast<uint64_t>(rings.size()) + 16 * points_of(rings);
}

double coord(std::string_view w, size_t at) {
    double d;
    std::memcpy(&d, w.data() + at, sizeof d);  // WKB little-endian, as this machine (checked below)
    return d;
}

// Appends the record of row `number` (1-based) to `shp` and its index entry to `shx`; sets
// `vertices` to whether it has any and widens `box` by them. False: left to the driver.
bool append(std::string& shp, std::string& shx, uint32_t number, std::string_view w, bool& vertices, double box[4], bool& has_box) {
    static_assert(std::endian::native == std::endian::little, "WKB coordinates are read as they lie");
    thread_local std::vector<Ring> rings;  // one vector per thread, used again record after record
    rings.clear();
    if (!w.empty() && !rings_of(w, rings)) return false;
    const size_t at = shp.size();
    put_be32(shx, static_cast<uint32_t>((100 + at) / 2));
    vertices = false;
    if (rings.empty()) {  // a null shape
        put_be32(shp, number);
        put_be32(shp, 2);
        put_u32(shp, 0);
        put_be32(shx, 2);
        return true;
    }
    const uint64_t points = points_of(rings), words = content_bytes(rings) / 2;
    if (words > std::numeric_limits<int32_t>::max()) return false;
    // The record's bytes are known: made room for once and written in place (issue 20).
    shp.resize(at + 8 + 2 * static_cast<size_t>(words));
    char* const rec = shp.data() + at;
    auto le32 = [](char* d, uint32_t v) { std::memcpy(d, &v, 4); };  // little-endian, as this machine
    auto f64 = [](char* d, double v) { std::memcpy(d, &v, 8); };
    store_be32(rec, number);
    store_be32(rec + 4, static_cast<uint32_t>(words));
    le32(rec + 8, 5);
    // rec + 12: the box (32 bytes), written last
    le32(rec + 44, static_cast<uint32_t>(rings.size()));
    le32(rec + 48, static_cast<uint32_t>(points));
    char* q = rec + 52;
    uint32_t first = 0;
    for (const Ring& r : rings) {
        le32(q, first);
        q += 4;
        first += r.n;
    }
    double b[4] = {0, 0, 0, 0};
    bool set = false;
    for (const Ring& r : rings) {
        // Twice the signed area (positive: counter-clockwise), from the first point.
        const double x0 = coord(w, r.at), y0 = coord(w, r.at + 8);
        double twice = 0;
        for (uint32_t i = 1; i + 1 < r.n; ++i) {
            const size_t a = r.at + 16 * static_cast<size_t>(i);
            twice += (coord(w, a) - x0) * (coord(w, a + 16 + 8) - y0) - (coord(w, a + 16) - x0) * (coord(w, a + 8) - y0);
        }
        if (!(twice != 0) || r.n < 4) return false;  // no sign (or NaN): the driver decides
        const bool clockwise = twice < 0;
        const bool reverse = r.outer ? !clockwise : clockwise;
        for (uint32_t i = 0; i < r.n; ++i) {
            const size_t a = r.at + 16 * static_cast<size_t>(reverse ? r.n - 1 - i : i);
            const double x = coord(w, a), y = coord(w, a + 8);
            if (!std::isfinite(x) || !std::isfinite(y)) return false;
            if (!set) b[0] = b[2] = x, b[1] = b[3] = y, set = true;
            b[0] = std::min(b[0], x), b[1] = std::min(b[1], y), b[2] = std::max(b[2], x), b[3] = std::max(b[3], y);
            f64(q, x);
            f64(q + 8, y);
            q += 16;
        }
    }
    for (int k = 0; k < 4; ++k) f64(rec + 12 + 8 * k, b[k]);
    put_be32(shx, static_cast<uint32_t>(words));
    vertices = true;
    if (!has_box) std::copy(b, b + 4, box);
    box[0] = std::min(box[0], b[0]), box[1] = std::min(box[1], b[1]);
    box[2] = std::max(box[2], b[2]), box[3] = std::max(box[3], b[3]);
    has_box = true;
    return true;
}

}  // namespace shp_records

struct ShpWriter {
    const OutLayer& L;
    std::vector<std::string> lco;
    std::string label;
    size_t max_string;
    const ShapefilePlan* plan;
    DbfLayout layout;  // the .dbf records printed here when ok (dbf_layout), else by GDAL
    // The headers of the layer's empty .shp and .shx GDAL wrote (a polygon layer's: shape type 5):
    // with them the .shp records are written here (shp_records), else by GDAL.
    std::string shp_head, shx_head;

    // Rows [start, start + n) as GDAL's shapefile driver writes them into files of their own; the
    // .dbf records printed here when the layout allows (GDAL's driver writes the geometry only).
    ShpPiece piece(size_t start, size_t n) {
        if (layout.ok) {
            if (auto p = piece_printed(start, n)) return std::move(*p);
        }
        return piece_by_gdal(start, n, false, nullptr);
    }

    std::optional<ShpPiece> piece_printed(size_t start, size_t n) {
        RowReader rows(L, true, max_string);
        std::string records;
        records.reserve(n * layout.record);
        std::vector<GeomRef> refs(n);
        for (size_t k = 0; k < n; ++k) {
            const GeomRef geom = rows.read(start + k);
            if (!append_dbf_record(records, layout, rows.cells().data(), rows.text())) return std::nullopt;
            if (L.geometry) refs[k] = geom;
        }
        std::optional<ShpPiece> direct = shp_head.empty() ? std::nullopt : shapes(start, refs);
        ShpPiece p;
        if (direct) {
            p = std::move(*direct);
        } else {
            std::vector<std::unique_ptr<OGRGeometry>> geoms(n);
            for (size_t k = 0; k < n; ++k)
                if (refs[k]) geoms[k] = to_ogr(refs[k]);
            p = piece_by_gdal(start, n, true, &geoms);
        }
        p.dbf_head = layout.head;
        p.dbf = std::move(records);
        p.dbf_end = layout.end;
        return p;
    }

    // The .shp records and .shx entries of rows [start, start + refs.size()) written here
    // (shp_records); none when one of them is left to GDAL's driver.
    std::optional<ShpPiece> shapes(size_t start, const std::vector<GeomRef>& refs) {
        ShpPiece p;
        p.shp_head = shp_head;
        p.shx_head = shx_head;
        p.shp.reserve(refs.size() * 200);
        p.shx.reserve(refs.size() * 8);
        for (size_t k = 0; k < refs.size(); ++k) {
            std::string_view wkb;
            WkbPtr owned;
            if (const Shape* s = refs[k].packed()) {
                wkb = s->wkb();
            } else if (const GEOSGeometry* g = refs[k].geos_geom(); g && !GEOSisEmpty_r(geos(), g)) {
                size_t len = 0;
                owned = wkb_2d(g, len);
                if (!owned) return std::nullopt;
                wkb = std::string_view(reinterpret_cast<const char*>(owned.get()), len);
            }
            bool vertices = false;
            if (!shp_records::append(p.shp, p.shx, static_cast<uint32_t>(start + k + 1), wkb, vertices, p.box, p.has_box))
                return std::nullopt;
            if (k == 0) p.first_empty = !vertices;
        }
        return p;
    }

    // With `geometry_only`, a layer without fields gets `geoms` (the rows' geometries) and its .dbf
    // is not used.
    ShpPiece piece_by_gdal(size_t start, size_t n, bool geometry_only, std::vector<std::unique_ptr<OGRGeometry>>* geoms) {
        static std::atomic<uint64_t> serial{0};
        const std::string dir = std::string("/vsimem/landeff-shp-").append(std::to_string(getpid())).append("-"sv)
                                    .append(std::to_string(serial++));
        const std::string base = dir + "/" + L.name;
        struct Cleanup {
            const std::string& d;
            ~Cleanup() { VSIRmdirRecursive(d.c_str()); }
        } cleanup{dir};
        VSIMkdir(dir.c_str(), 0755);
        // No CRS: a batch's .prj is not kept (GDAL wrote the layer's at the real path), and writing
        // one cost PROJ a WKT export and database lookups per batch (issue 20).
        const WorkingCrs batch_crs;
        if (geometry_only) {
            OutLayer shapes;
            shapes.name = L.name;
            shapes.geometry = true;
            auto ds = create("ESRI Shapefile", base + ".shp");
            OGRLayer* layer = create_layer(*ds, shapes, batch_crs, lco, label, true, max_string, nullptr);
            for (size_t k = 0; k < n; ++k) {
                OGRFeature f(layer->GetLayerDefn());
                if ((*geoms)[k]) f.SetGeometryDirectly((*geoms)[k].release());
                CPLErrorReset();
                if (layer->CreateFeature(&f) != OGRERR_NONE)
                    throw RunError(label + ": writing " + L.name + " row " + std::to_string(start + k) +
                                   " failed: " + write_failure_reason(base + ".shp", 0));
            }
            close_dataset(ds, base + ".shp");
        } else {
            auto ds = create("ESRI Shapefile", base + ".shp");
            OGRLayer* layer = create_layer(*ds, L, batch_crs, lco, label, true, max_string, plan);
            create_rows(*layer, L, start, n, true, max_string, [](std::unique_ptr<OGRGeometry> g) { return g; }, label,
                        base + ".shp");
            close_dataset(ds, base + ".shp");
        }
        const std::string shp = vsimem_file(base + ".shp"), shx = vsimem_file(base + ".shx"), dbf = vsimem_file(base + ".dbf");
        auto bad = [&](const char* what) {
            return RunError(label + ": GDAL's shapefile driver wrote rows " + std::to_string(start) + "… of " + L.name +
                            " unexpectedly (" + what + ")");
        };
        if (shp.size() < 100 || shx.size() != 100 + 8 * n || (!geometry_only && dbf.size() < 32)) throw bad("file sizes");
        ShpPiece p;
        p.shp_head = shp.substr(0, 100);
        p.shx_head = shx.substr(0, 100);
        if (!geometry_only) {
            const size_t dbf_head = static_cast<unsigned char>(dbf[8]) | (static_cast<size_t>(static_cast<unsigned char>(dbf[9])) << 8);
            const size_t rec_len = static_cast<unsigned char>(dbf[10]) | (static_cast<size_t>(static_cast<unsigned char>(dbf[11])) << 8);
            if (le32(dbf, 4) != n || dbf.size() < dbf_head + n * rec_len || dbf.size() > dbf_head + n * rec_len + 1) throw bad(".dbf size");
            p.dbf_head = dbf.substr(0, dbf_head);
            p.dbf = dbf.substr(dbf_head, n * rec_len);
            p.dbf_end = dbf.substr(dbf_head + n * rec_len);
        }
        p.shx = shx.substr(100);
        // The records: renumbered from the batch's first row; their boxes merged.
        p.shp = shp.substr(100);
        size_t at = 0;
        for (size_t k = 0; k < n; ++k) {
            if (at + 12 > p.shp.size() || be32(p.shp, at) != k + 1) throw bad("record numbers");
            const size_t len = 2 * static_cast<size_t>(be32(p.shp, at + 4));
            if (at + 8 + len > p.shp.size() || be32(shx, 100 + 8 * k) != (100 + at) / 2) throw bad("record offsets");
            set_be32(p.shp, at, static_cast<uint32_t>(start + k + 1));
            const uint32_t type = le32(p.shp, at + 8);
            const bool vertices = type != 0 && len >= 44 && le32(p.shp, at + 8 + 40) > 0;
            if (type != 0 && type != 5) throw bad("a shape type other than polygon");
            if (k == 0) p.first_empty = !vertices;
            if (vertices) {
                const double b[4] = {le_f64(p.shp, at + 12), le_f64(p.shp, at + 20), le_f64(p.shp, at + 28), le_f64(p.shp, at + 36)};
                if (!p.has_box) std::copy(b, b + 4, p.box);
                p.box[0] = std::min(p.box[0], b[0]);
                p.box[1] = std::min(p.box[1], b[1]);
                p.box[2] = std::max(p.box[2], b[2]);
                p.box[3] = std::max(p.box[3], b[3]);
                p.has_box = true;
            }
            at += 8 + len;
        }
        if (at != p.shp.size()) throw bad("trailing bytes");
        return p;
    }
};

void write_shapefile_layer(const OutLayer& L, const WorkingCrs& crs, const fs::path& p, const std::vector<std::string>& lco,
                           const std::string& label, size_t max_string, const ShapefilePlan& plan, bool show_progress) {
    // GDAL writes the empty layer at the real path: the .prj, .cpg and the empty files, which the
    // spliced .shp, .shx and .dbf then replace.
    {
        auto ds = create("ESRI Shapefile", p);
        create_layer(*ds, L, crs, lco, label, true, max_string, &plan);
        close_dataset(ds, p);
    }
    ShpWriter w{L, lco, label, max_string, &plan, {}, {}, {}};
    // The records are printed here from the descriptors GDAL wrote (unless LANDEFF_SHP_ROWS=GDAL).
    if (!env_is("LANDEFF_SHP_ROWS", "GDAL")) {
        std::ifstream in(fs::path(p).replace_extension(".dbf"), std::ios::binary);
        const std::string empty_dbf((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        w.layout = dbf_layout(empty_dbf, L);
        const auto head = [&](const char* ext) {
            std::ifstream f(fs::path(p).replace_extension(ext), std::ios::binary);
            std::string h(100, '\0');
            return f.read(h.data(), 100) && f.peek() == std::char_traits<char>::eof() ? h : std::string();
        };
        w.shp_head = head(".shp");
        w.shx_head = head(".shx");
        if (w.shp_head.empty() || w.shx_head.empty() || le32(w.shp_head, 32) != 5 || le32(w.shx_head, 32) != 5) w.shp_head.clear();
    }
    std::optional<Progress> progress;
    if (show_progress) progress.emplace("Writing " + label + " " + L.name, L.count);
    struct Out {
        fs::path path;
        SequentialFile f;
    };
    std::array<Out, 3> out;
    const char* exts[3] = {".shp", ".shx", ".dbf"};
    for (size_t k = 0; k < 3; ++k) {
        out[k].path = fs::path(p).replace_extension(exts[k]);
        errno = 0;
        if (!out[k].f.open(out[k].path))
            throw RunError(out[k].path.string() + ": cannot create: " + write_failure_reason(out[k].path, errno));
    }
    auto put = [&](size_t k, const std::string& s) {
        errno = 0;
        if (!out[k].f.write(s)) {
            const int err = errno;
            throw RunError(label + ": writing " + L.name + " failed: " + write_failure_reason(out[k].path, err));
        }
    };
    // Headers are written last, when the counts and bounds are known: their place first.
    for (size_t k = 0; k < 2; ++k) put(k, std::string(100, '\0'));
    ShpPiece first;
    bool have_first = false;
    uint64_t shp_bytes = 100;
    double box[4] = {0, 0, 0, 0};
    bool box_set = false;
    constexpr size_t kBatch = 2048;
    struct Batch {
        size_t start = 0, n = 0;
        ShpPiece piece;
    };
    in_ordered_batches<Batch>(
        L.count, kBatch, [&](Batch& b) { b.piece = w.piece(b.start, b.n); },
        [&](Batch& b) {
            ShpPiece& pc = b.piece;
            if (!have_first) {
                first.shp_head = pc.shp_head;
                first.shx_head = pc.shx_head;
                first.dbf_head = pc.dbf_head;
                first.dbf_end = pc.dbf_end;
                first.first_empty = pc.first_empty;
                put(2, std::string(pc.dbf_head.size(), '\0'));
                have_first = true;
            } else if (pc.shp_head.compare(32, 4, first.shp_head, 32, 4) != 0 || pc.shp_head.compare(68, 32, first.shp_head, 68, 32) != 0 ||
                       pc.dbf_head.size() != first.dbf_head.size() || pc.dbf_head.compare(8, pc.dbf_head.size() - 8, first.dbf_head, 8) != 0 ||
                       pc.dbf_end != first.dbf_end) {
                throw RunError(label + ": GDAL's shapefile driver wrote rows " + std::to_string(b.start) + "… of " + L.name +
                               " with another header");
            }
            if (pc.has_box) {
                if (!box_set) std::copy(pc.box, pc.box + 4, box);
                box[0] = std::min(box[0], pc.box[0]);
                box[1] = std::min(box[1], pc.box[1]);
                box[2] = std::max(box[2], pc.box[2]);
                box[3] = std::max(box[3], pc.box[3]);
                box_set = true;
            }
            // The index entries point into the real .shp.
            const uint32_t shift = static_cast<uint32_t>((shp_bytes - 100) / 2);
            for (size_t at = 0; at < pc.shx.size(); at += 8) set_be32(pc.shx, at, be32(pc.shx, at) + shift);
            shp_bytes += pc.shp.size();
            if (shp_bytes / 2 > std::numeric_limits<int32_t>::max())
                throw RunError(label + ": " + L.name + ".shp would exceed the shapefile format's size");
            put(0, pc.shp);
            put(1, pc.shx);
            put(2, pc.dbf);
            pc = ShpPiece();
            if (progress) progress->update(b.start + b.n);
            else check_interrupt();
        });
    // The headers: the file lengths, the bounds (from 0 when row 0 is null or has no vertex, as
    // shapelib starts them), the record count.
    if (first.first_empty) {
        box[0] = std::min(box[0], 0.0), box[1] = std::min(box[1], 0.0);
        box[2] = std::max(box[2], 0.0), box[3] = std::max(box[3], 0.0);
    }
    std::string shp_head = first.shp_head, shx_head = first.shx_head;
    set_be32(shp_head, 24, static_cast<uint32_t>(shp_bytes / 2));
    set_be32(shx_head, 24, static_cast<uint32_t>((100 + 8 * L.count) / 2));
    for (std::string* h : {&shp_head, &shx_head})
        for (size_t k = 0; k < 4; ++k) set_le_f64(*h, 36 + 8 * k, box[k]);
    std::string dbf_head = first.dbf_head;
    set_le32(dbf_head, 4, static_cast<uint32_t>(L.count));
    put(2, first.dbf_end);
    const std::string* heads[3] = {&shp_head, &shx_head, &dbf_head};
    for (size_t k = 0; k < 3; ++k) {
        errno = 0;
        if (!out[k].f.write_at(0, *heads[k])) {
            const int err = errno;
            throw RunError(label + ": writing " + L.name + " failed: " + write_failure_reason(out[k].path, err));
        }
        errno = 0;
        if (!out[k].f.close()) {
            const int err = errno;
            throw RunError(out[k].path.string() + ": closing failed: " + write_failure_reason(out[k].path, err));
        }
    }
    if (progress) progress->done();
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
        "definition TEXT NOT NULL, scope TEXT NOT NULL, CONSTRAINT ge_tce UNIQUE (table_name, column_name, "
        "extension_name))",
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
        if (CPLGetLastErrorType() >= CE_Failure)
            throw RunError("landeff.gpkg: writing field aliases failed: " +
                           write_failure_reason(ds.GetDescription(), errno));
    }
}

// ---- The GeoPackage rows, written straight into SQLite (issue 20) ---------------------------
// GDAL 3.6 inserts one feature at a time (OGRFeature → SQL binding → geometry blob → R-tree
// trigger), on one thread. Here GDAL still writes the schema (tables, gpkg_contents,
// gpkg_geometry_columns, gpkg_spatial_ref_sys, gpkg_ogr_contents, the feature-count triggers,
// aliases), then one SQLite connection inserts every layer's rows in one transaction with a
// prepared statement; the rows and their geometry blobs are built in parallel in batches and
// only sqlite3_step runs serially, in output order. GDAL then builds each R-tree once
// (CreateSpatialIndex), as it does itself for a layer created with SPATIAL_INDEX=YES.
// CONTRIBUTING.md ("The GeoPackage write") states the format rules relied on.

struct SqliteDb {
    sqlite3* db = nullptr;
    SqliteDb() = default;
    SqliteDb(const SqliteDb&) = delete;
    SqliteDb& operator=(const SqliteDb&) = delete;
    ~SqliteDb() {
        if (db) sqlite3_close_v2(db);
    }
};

// Rows per INSERT statement in the GeoPackage write (fewer when the columns would pass SQLite's
// limit on parameters). LANDEFF_TEST_GPKG_ROWS_PER_INSERT (1 to 1024) sets it for the test that proves
// the file does not depend on it.
size_t rows_per_insert() {
    if (const char* e = std::getenv("LANDEFF_TEST_GPKG_ROWS_PER_INSERT")) {
        const long v = std::strtol(e, nullptr, 10);
        if (v >= 1 && v <= 1024) return static_cast<size_t>(v);
    }
    return 32;
}

struct SqliteStmt {
    sqlite3_stmt* st = nullptr;
    SqliteStmt() = default;
    SqliteStmt(const SqliteStmt&) = delete;
    SqliteStmt& operator=(const SqliteStmt&) = delete;
    ~SqliteStmt() { reset(); }
    void reset() {
        if (st) sqlite3_finalize(st);
        st = nullptr;
    }
};

std::string sql_name(const std::string& s) {
    std::string out = "\"";
    for (char c : s) out += c == '"' ? std::string("\"\"") : std::string(1, c);
    return out + "\"";
}

// A failed SQLite call ends the run: the operating system's reason when SQLite had one (disk
// full, file too large), else SQLite's message.
[[noreturn]] void sqlite_failure(sqlite3* db, const fs::path& p, const std::string& what) {
    const int call_errno = errno;  // what the failed write(2) left, before anything else runs
    auto os_error = [](int e) { return e == ENOSPC || e == EFBIG || e == EDQUOT || e == EROFS || e == EIO; };
    int err = sqlite3_system_errno(db);
    if (!os_error(err)) err = call_errno;
    std::string reason;
    if (os_error(err))
        reason = write_failure_reason(p, err);
    else {
        reason = sqlite3_errmsg(db);
        CPLErrorReset();
        const std::string os = write_failure_reason(p, 0);  // a full disk that SQLite did not name
        if (os.find(std::strerror(ENOSPC)) != std::string::npos) reason = os;
    }
    throw RunError("landeff.gpkg: " + what + " failed: " + reason);
}

void sqlite_exec(sqlite3* db, const fs::path& p, const std::string& sql, const std::string& what) {
    if (sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr) != SQLITE_OK) sqlite_failure(db, p, what);
}

void sqlite_prepare(sqlite3* db, const fs::path& p, const std::string& sql, SqliteStmt& s, const std::string& what) {
    if (sqlite3_prepare_v2(db, sql.c_str(), -1, &s.st, nullptr) != SQLITE_OK) sqlite_failure(db, p, what);
}

struct Extent {
    double minx = 0, miny = 0, maxx = 0, maxy = 0;
    bool set = false;
    void add(const Extent& e) {
        if (!e.set) return;
        if (!set) {
            *this = e;
            return;
        }
        minx = std::min(minx, e.minx);
        miny = std::min(miny, e.miny);
        maxx = std::max(maxx, e.maxx);
        maxy = std::max(maxy, e.maxy);
    }
};

}  // namespace

namespace {

// The blob of `wkb` (n bytes, GEOS's little-endian 2-D WKB of the geometry) with its envelope.
bool gpkg_blob_of_wkb(const unsigned char* wkb, size_t n, bool empty, bool has_env, double minx, double miny, double maxx,
                      double maxy, int32_t srs_id, std::string& blob, double* env) {
    // Header (GeoPackage 1.3 §2.1.3): magic "GP", version 0, flags, srs_id, envelope.
    // Flags: bit 0 byte order (1 = little-endian), bits 1–3 the envelope (1 = [minx, maxx, miny,
    // maxy]; 0 = none), bit 4 empty geometry. An empty geometry has no envelope, as GDAL writes it.
    blob.reserve(8 + (has_env ? 32 : 0) + n);
    blob.push_back('G');
    blob.push_back('P');
    blob.push_back('\0');
    blob.push_back(static_cast<char>(0x01 | (has_env ? 0x02 : 0x00) | (empty ? 0x10 : 0x00)));
    put_u32(blob, static_cast<uint32_t>(srs_id));
    if (has_env) {
        put_f64(blob, minx);
        put_f64(blob, maxx);
        put_f64(blob, miny);
        put_f64(blob, maxy);
        if (env) {
            env[0] = minx;
            env[1] = miny;
            env[2] = maxx;
            env[3] = maxy;
        }
    }
    // A feature of one part is held as a Polygon (normalize_geos): written, as every layer here, as a
    // MultiPolygon — a little-endian head (byte order, type 6, one part) before the polygon's WKB.
    if (n > 5 && wkb[0] == 1 && wkb[1] == 3 && wkb[2] == 0 && wkb[3] == 0 && wkb[4] == 0) {
        blob.push_back('\x01');
        put_u32(blob, 6);
        put_u32(blob, 1);
    }
    blob.append(reinterpret_cast<const char*>(wkb), n);
    return has_env;
}

}  // namespace

bool gpkg_geometry_blob(const GEOSGeometry* g, int32_t srs_id, std::string& blob, double* env) {
    blob.clear();
    if (!g) return false;
    size_t n = 0;
    const WkbPtr wkb = wkb_2d(g, n);
    if (!wkb) return false;
    const bool empty = GEOSisEmpty_r(geos(), g) == 1;
    double minx = 0, miny = 0, maxx = 0, maxy = 0;
    const bool has_env = !empty && envelope(g, minx, miny, maxx, maxy);
    return gpkg_blob_of_wkb(wkb.get(), n, empty, has_env, minx, miny, maxx, maxy, srs_id, blob, env);
}

bool gpkg_geometry_blob(GeomRef g, int32_t srs_id, std::string& blob, double* env) {
    const Shape* s = g.packed();
    if (!s) return gpkg_geometry_blob(g.geos_geom(), srs_id, blob, env);
    blob.clear();
    // A packed shape is never empty (Shape::pack leaves an empty geometry as GEOS holds it).
    double minx = 0, miny = 0, maxx = 0, maxy = 0;
    const bool has_env = s->envelope(minx, miny, maxx, maxy);
    const std::string_view w = s->wkb();
    return gpkg_blob_of_wkb(reinterpret_cast<const unsigned char*>(w.data()), w.size(), false, has_env, minx, miny, maxx, maxy,
                            srs_id, blob, env);
}

namespace {

// ---- The R-tree, built once from the rows' envelopes (issue 20) ------------------------------
// GDAL 3.6 fills a GeoPackage R-tree (a SQLite rtree virtual table) one row at a time through
// SQLite's R*-tree insert, on one thread: at 1 M parcels that took as long as inserting the rows.
// Here the tree is packed in one pass (sort-tile-recursive: envelopes sorted by x into vertical
// slices, each slice by y, cut into full nodes; the same for each level above) and its three
// shadow tables written directly, in SQLite's own node format (sqlite/ext/rtree/rtree.c):
//   <t>_node(nodeno, data): node 1 is the root. data: 2 bytes the tree's depth (root only, big-
//     endian; leaves are depth 0), 2 bytes the cell count, then cells of 8 bytes id (big-endian;
//     the row id in a leaf, the child's node number above) and the four coordinates minx, maxx,
//     miny, maxy as big-endian 32-bit floats, a minimum rounded down and a maximum rounded up so
//     the float box holds the double one (as SQLite rounds them: the same boxes its insert stores). The blob's length is the node size SQLite chose when
//     the table was created (it reads it back from node 1), which fixes the cells per node.
//   <t>_rowid(rowid, nodeno): the leaf holding each row id.  <t>_parent(nodeno, parentnode): the
//     parent of every node but the root.
// SQLite's rtreecheck() checks exactly these invariants (tests/cli/test_formats.cpp). The layout
// depends only on the envelopes and row ids, so the bytes do not depend on --jobs.
// A row's envelope as the R-tree stores it: float bounds rounded outwards (rtree_detail::down, up)
// when the row is written, so a layer of millions of rows holds 24 bytes a row, not 40 and a copy.
struct RtreeEntry {
    int64_t id;
    float minx, maxx, miny, maxy;
};

namespace rtree_detail {

using Box = RtreeEntry;

// SQLite's own rounding of a coordinate (rtree.c, rtreeValueDown / rtreeValueUp), so the boxes are
// the ones its insert would store.
constexpr double kRndTowards = 1.0 - 1.0 / 8388608.0;
constexpr double kRndAway = 1.0 + 1.0 / 8388608.0;
float down(double d) {
    float f = static_cast<float>(d);
    if (static_cast<double>(f) > d) f = static_cast<float>(d * (d < 0 ? kRndAway : kRndTowards));
    return f;
}
float up(double d) {
    float f = static_cast<float>(d);
    if (static_cast<double>(f) < d) f = static_cast<float>(d * (d < 0 ? kRndTowards : kRndAway));
    return f;
}
void put_be64(std::string& b, uint64_t v) {
    for (int k = 7; k >= 0; --k) b.push_back(static_cast<char>((v >> (8 * k)) & 0xFFu));
}
void put_be32(std::string& b, uint32_t v) {
    for (int k = 3; k >= 0; --k) b.push_back(static_cast<char>((v >> (8 * k)) & 0xFFu));
}
void put_float(std::string& b, float f) {
    uint32_t u;
    std::memcpy(&u, &f, sizeof u);
    put_be32(b, u);
}

// Sort-tile-recursive order of one level: `per` boxes per node. The orders are total (ties by id,
// unique in a level), so sorting on every core gives the same boxes in the same order as on one:
// the last layer's R-tree has no next layer's rows beside it (issue 20).
void str_order(std::vector<Box>& v, size_t per) {
    auto cx = [](const Box& b) { return static_cast<double>(b.minx) + static_cast<double>(b.maxx); };
    auto cy = [](const Box& b) { return static_cast<double>(b.miny) + static_cast<double>(b.maxy); };
    tbb::parallel_sort(v.begin(), v.end(), [&](const Box& a, const Box& b) { return cx(a) != cx(b) ? cx(a) < cx(b) : a.id < b.id; });
    const size_t nodes = (v.size() + per - 1) / per;
    const size_t slices = static_cast<size_t>(std::ceil(std::sqrt(static_cast<double>(nodes))));
    const size_t slice = per * ((nodes + slices - 1) / slices);  // boxes per vertical slice
    tbb::parallel_for(size_t(0), (v.size() + slice - 1) / slice, [&](size_t k) {
        const size_t s = k * slice;
        auto e = v.begin() + static_cast<std::ptrdiff_t>(std::min(v.size(), s + slice));
        std::sort(v.begin() + static_cast<std::ptrdiff_t>(s), e,
                  [&](const Box& a, const Box& b) { return cy(a) != cy(b) ? cy(a) < cy(b) : a.id < b.id; });
    });
}

}  // namespace rtree_detail

// The node size SQLite chose when GDAL created the R-tree (it reads it back from node 1: it fixes
// the cells per node).
size_t rtree_node_size(sqlite3* db, const fs::path& p, const std::string& table) {
    SqliteStmt q;
    const std::string what = "building the spatial index " + table;
    sqlite_prepare(db, p, "SELECT length(data) FROM " + sql_name(table + "_node") + " WHERE nodeno = 1", q, what);
    if (sqlite3_step(q.st) != SQLITE_ROW) throw RunError("landeff.gpkg: " + what + ": no root node");
    return static_cast<size_t>(sqlite3_column_int64(q.st, 0));
}

// An R-tree packed from the rows' envelopes (no SQLite: made beside the next layer's rows).
struct RtreeLayout {
    struct Node {
        int64_t no;
        size_t first, n;  // its cells in `cells`
    };
    size_t node_size = 0, per = 0;
    std::vector<std::vector<Node>> levels;      // from the leaves up; the last level is the root
    std::vector<std::vector<RtreeEntry>> cells;  // per level, its nodes' cells in order
    std::vector<std::vector<uint32_t>> by_id;   // per level, its cells ordered by their id
};

RtreeLayout rtree_layout(std::vector<RtreeEntry>&& entries, size_t node_size, const std::string& table) {
    using namespace rtree_detail;
    RtreeLayout t;
    t.node_size = node_size;
    t.per = node_size >= 4 ? (node_size - 4) / 24 : 0;
    if (t.per < 2) throw RunError("landeff.gpkg: building the spatial index " + table + ": unexpected node size " + std::to_string(node_size));
    if (entries.size() > std::numeric_limits<uint32_t>::max())
        throw RunError("landeff.gpkg: building the spatial index " + table + ": more than 4 294 967 295 rows in one layer");
    const size_t per = t.per;
    std::vector<Box> level = std::move(entries);  // the leaves: their boxes are already rounded
    // Levels from the leaves up: each node's number and its boxes; the root (the last level's only
    // node) is node 1, the others numbered 2, 3, … from the leaves up.
    int64_t next_no = 2;
    while (true) {
        const bool root = level.size() <= per;
        if (!root) str_order(level, per);
        std::vector<RtreeLayout::Node> nodes;
        std::vector<Box> up_level;
        for (size_t s = 0; s < level.size(); s += per) {
            const size_t n = std::min(per, level.size() - s);
            RtreeLayout::Node nd{root ? 1 : next_no++, s, n};
            Box b{nd.no, level[s].minx, level[s].maxx, level[s].miny, level[s].maxy};
            for (size_t k = s; k < s + n; ++k) {
                b.minx = std::min(b.minx, level[k].minx);
                b.maxx = std::max(b.maxx, level[k].maxx);
                b.miny = std::min(b.miny, level[k].miny);
                b.maxy = std::max(b.maxy, level[k].maxy);
            }
            nodes.push_back(nd);
            up_level.push_back(b);
        }
        t.levels.push_back(std::move(nodes));
        t.cells.push_back(std::move(level));
        if (root) break;
        level = std::move(up_level);
    }
    // A level's cells sorted by their id through an index (4 bytes a row); cell k of a level is in
    // that level's node k / per.
    for (const auto& c : t.cells) {
        std::vector<uint32_t> order(c.size());
        std::iota(order.begin(), order.end(), uint32_t{0});
        tbb::parallel_sort(order.begin(), order.end(), [&](uint32_t a, uint32_t b) { return c[a].id < c[b].id; });
        t.by_id.push_back(std::move(order));
    }
    return t;
}

// A layer's R-tree written into SQLite's tables a piece at a time (issue 20): its nodes from the
// leaves up (the root last, as an UPDATE of the node GDAL made), then each level's (row, leaf) or
// (child, parent) pairs in key order, several per INSERT, then GDAL's triggers put back. The one
// connection writes it between the batches of the layers written after its own, a share after
// each batch (write_gpkg_rows), so the other cores make those layers' rows meanwhile instead of
// waiting for it (at 1 M parcels their R-tree alone was 0.3 s on one core). The work is counted in
// units, a pair one and a node kNodeUnits; how much is written when depends on row counts only, and
// a statement of several pairs writes what as many single ones would, so the file's bytes depend
// neither on --jobs nor on rows_per_insert.
class RtreeWrite {
public:
    static constexpr size_t kNodeUnits = 8;
    RtreeWrite(std::string label, std::string table, std::future<RtreeLayout> layout,
               std::vector<std::pair<std::string, std::string>> triggers, size_t ready_after)
        : ready_at(ready_after), m_label(std::move(label)), m_table(std::move(table)), m_future(std::move(layout)),
          m_triggers(std::move(triggers)), m_what("building the spatial index " + m_table) {}
    // Written once this many rows (of all layers) are in: its layout is packed meanwhile.
    size_t ready_at;
    bool done() const { return m_done; }
    // The units left (waits for the layout).
    size_t left() {
        fetch();
        return m_left;
    }
    // Writes about `units` of what is left (a node may pass it by up to kNodeUnits - 1; nothing for
    // 0 units); the units written.
    size_t write(sqlite3* db, const fs::path& p, size_t units) {
        fetch();
        size_t did = 0;
        const RtreeLayout& t = m_t;
        const int depth = static_cast<int>(t.levels.size()) - 1;
        while (!m_done && did < units) {
            if (m_nodes) {  // node k of level lv
                if (!m_ins_node.st) {
                    sqlite_prepare(db, p, "INSERT INTO " + sql_name(m_table + "_node") + " (nodeno, data) VALUES (?, ?)", m_ins_node, m_what);
                    sqlite_prepare(db, p, "UPDATE " + sql_name(m_table + "_node") + " SET data = ? WHERE nodeno = 1", m_upd_root, m_what);
                }
                const RtreeLayout::Node& nd = t.levels[m_lv][m_k];
                m_blob.clear();
                m_blob.push_back(static_cast<char>(nd.no == 1 ? (depth >> 8) & 0xFF : 0));
                m_blob.push_back(static_cast<char>(nd.no == 1 ? depth & 0xFF : 0));
                m_blob.push_back(static_cast<char>((nd.n >> 8) & 0xFF));
                m_blob.push_back(static_cast<char>(nd.n & 0xFF));
                for (size_t k = nd.first; k < nd.first + nd.n; ++k) {
                    const rtree_detail::Box& c = t.cells[m_lv][k];
                    rtree_detail::put_be64(m_blob, static_cast<uint64_t>(c.id));
                    rtree_detail::put_float(m_blob, c.minx);
                    rtree_detail::put_float(m_blob, c.maxx);
                    rtree_detail::put_float(m_blob, c.miny);
                    rtree_detail::put_float(m_blob, c.maxy);
                }
                m_blob.resize(t.node_size, '\0');
                sqlite3_stmt* st = nd.no == 1 ? m_upd_root.st : m_ins_node.st;
                int param = 1;
                if (nd.no != 1) sqlite3_bind_int64(st, param++, nd.no);
                sqlite3_bind_blob(st, param, m_blob.data(), static_cast<int>(m_blob.size()), SQLITE_STATIC);
                if (sqlite3_step(st) != SQLITE_DONE) sqlite_failure(db, p, m_what);
                sqlite3_reset(st);
                did += kNodeUnits;
                if (++m_k == t.levels[m_lv].size()) {
                    m_k = 0;
                    if (++m_lv == t.levels.size()) {
                        m_nodes = false;
                        m_lv = 0;
                    }
                }
                continue;
            }
            // Each row's leaf (_rowid) and each child's parent (_parent), inserted in key order: in the
            // nodes' order (STR, by place) every insert went to a random page of the two tables' B-trees,
            // and with SQLite's page cache of 2 MB the pages were written out and read back again and
            // again — 4.4 GB written for a landeff.gpkg of 1.5 GB at 1 M parcels, 1.5 GB in key order.
            // Several pairs per INSERT, as the layers' rows (rows_per_insert): what SQLite does once per
            // statement was two thirds of the R-tree's time with one pair per statement.
            const std::vector<rtree_detail::Box>& c = t.cells[m_lv];
            const std::vector<uint32_t>& order = t.by_id[m_lv];
            if (m_pairs_level != m_lv) {
                const std::string head = "INSERT INTO " + sql_name(m_table + (m_lv == 0 ? "_rowid" : "_parent")) +
                                         (m_lv == 0 ? " (rowid, nodeno)" : " (nodeno, parentnode)") + " VALUES (?, ?)";
                std::string many_sql = head;
                for (size_t r = 1; r < m_pairs_per; ++r) many_sql += ", (?, ?)";
                m_one.reset();
                m_many.reset();
                sqlite_prepare(db, p, head, m_one, m_what);
                if (m_pairs_per > 1) sqlite_prepare(db, p, many_sql, m_many, m_what);
                m_pairs_level = m_lv;
            }
            while (m_k < order.size() && did < units) {
                const size_t m = m_many.st && order.size() - m_k >= m_pairs_per && units - did >= m_pairs_per ? m_pairs_per : 1;
                sqlite3_stmt* st = m > 1 ? m_many.st : m_one.st;
                for (size_t r = 0; r < m; ++r) {
                    const uint32_t at = order[m_k + r];
                    sqlite3_bind_int64(st, static_cast<int>(2 * r + 1), c[at].id);
                    sqlite3_bind_int64(st, static_cast<int>(2 * r + 2), t.levels[m_lv][at / t.per].no);
                }
                if (sqlite3_step(st) != SQLITE_DONE) sqlite_failure(db, p, m_what);
                sqlite3_reset(st);
                m_k += m;
                did += m;
            }
            if (m_k == order.size()) {  // this level's pairs are in: its cells are not needed again
                m_t.cells[m_lv] = {};
                m_t.by_id[m_lv] = {};
                m_k = 0;
                if (++m_lv == t.levels.size()) {
                    m_one.reset();
                    m_many.reset();
                    m_ins_node.reset();
                    m_upd_root.reset();
                    for (const auto& tr : m_triggers) sqlite_exec(db, p, tr.second, m_label);
                    m_done = true;
                    m_t = RtreeLayout();
                }
            }
        }
        m_left -= std::min(m_left, did);
        return did;
    }

private:
    void fetch() {
        if (m_fetched) return;
        m_t = m_future.get();
        m_fetched = true;
        size_t nodes = 0, pairs = 0;
        for (size_t lv = 0; lv < m_t.levels.size(); ++lv) nodes += m_t.levels[lv].size(), pairs += m_t.cells[lv].size();
        m_left = nodes * kNodeUnits + pairs;
    }
    std::string m_label, m_table;
    std::future<RtreeLayout> m_future;
    std::vector<std::pair<std::string, std::string>> m_triggers;
    std::string m_what;
    RtreeLayout m_t;
    bool m_fetched = false, m_done = false, m_nodes = true;
    size_t m_left = 0, m_lv = 0, m_k = 0;
    size_t m_pairs_per = rows_per_insert(), m_pairs_level = SIZE_MAX;
    SqliteStmt m_ins_node, m_upd_root, m_one, m_many;
    std::string m_blob;
};

// The rows of every layer into the GeoPackage GDAL created (the schema and empty R-trees).
void write_gpkg_rows(const fs::path& p, const std::vector<OutLayer>& layers,
                     const std::vector<std::vector<std::string>>& columns) {
    SqliteDb db;
    // NOMUTEX: only the pipeline's serial stage below uses this connection, one thread at a time;
    // in SQLite's default serialized mode every bind and step took the connection's mutex (about
    // 50 lock pairs a row: perf showed them on this, the write's one serial thread).
    // sqlite_direct_vfs: the pages appended go to the disk with O_DIRECT from a thread of their own
    // (sqlite_direct.hpp), not copied into the page cache on this, the critical, thread.
    if (sqlite3_open_v2(p.c_str(), &db.db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, sqlite_direct_vfs()) != SQLITE_OK) {
        if (!db.db) throw RunError("landeff.gpkg: cannot open for writing rows: out of memory");
        sqlite_failure(db.db, p, "opening for writing rows");
    }
    sqlite3_extended_result_codes(db.db, 1);
    // The file sits in the staging directory until the final rename: no fsync per transaction.
    sqlite_exec(db.db, p, "PRAGMA synchronous = OFF", "setting up SQLite");
    sqlite_exec(db.db, p, "BEGIN", "starting the transaction");
    // A layer's R-tree is packed (rtree_layout: sorting its envelopes) beside the next layers' rows,
    // then written between their batches (RtreeWrite) and its triggers put back — at the same rows
    // whatever --jobs, so the file's bytes do not depend on it. With one thread it is packed where
    // it is first written.
    const bool beside = tbb::global_control::active_value(tbb::global_control::max_allowed_parallelism) > 1;
    std::list<RtreeWrite> rtrees;
    // The layers with a geometry first (in their order), then the tables: the last R-trees are
    // written between the enterprises' rows rather than alone at the end. The rows of each layer
    // are the same whatever the order.
    std::vector<size_t> write_order(layers.size());
    std::iota(write_order.begin(), write_order.end(), size_t{0});
    std::stable_partition(write_order.begin(), write_order.end(), [&](size_t li) { return layers[li].geometry; });
    size_t total_rows = 0, rows_in = 0;
    for (const auto& L : layers) total_rows += L.count;
    // After n more rows went in: a share of the R-trees due, as much of them as is due spread evenly
    // over the rows still to come, these n included (all of it after the last batch).
    auto rtrees_after_rows = [&](size_t n) {
        rows_in += n;
        size_t due = 0;
        for (auto& r : rtrees)
            if (r.ready_at <= rows_in) due += r.left();
        if (due == 0) return;
        const size_t rest = total_rows - rows_in + n;
        size_t want = rest > n ? (due / rest) * n + ((due % rest) * n + rest - 1) / rest : due;
        for (auto& r : rtrees) {
            if (want == 0) break;
            if (r.ready_at > rows_in) continue;
            want -= std::min(want, r.write(db.db, p, want));
        }
        rtrees.remove_if([](const RtreeWrite& r) { return r.done(); });
    };
    for (const size_t li : write_order) {
        const OutLayer& L = layers[li];
        const std::string label = "landeff.gpkg " + L.name;
        // The geometry column and its spatial reference, as GDAL registered them.
        std::string geom_col;
        int32_t srs_id = 0;
        if (L.geometry) {
            SqliteStmt q;
            sqlite_prepare(db.db, p, "SELECT column_name, srs_id FROM gpkg_geometry_columns WHERE table_name = ?", q,
                           label);
            sqlite3_bind_text(q.st, 1, L.name.c_str(), -1, SQLITE_STATIC);
            if (sqlite3_step(q.st) != SQLITE_ROW) throw RunError(label + ": GDAL registered no geometry column");
            geom_col = reinterpret_cast<const char*>(sqlite3_column_text(q.st, 0));
            srs_id = sqlite3_column_int(q.st, 1);
        }
        // GDAL's trigger counting inserted features would run one UPDATE per row, and its R-tree
        // triggers one R-tree insert per row: they are taken out while the rows go in and put back,
        // with GDAL's own SQL, once the count is set and the R-tree is built (RtreeWrite).
        std::vector<std::pair<std::string, std::string>> triggers;
        {
            SqliteStmt q;
            sqlite_prepare(db.db, p,
                           "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND lower(tbl_name) = lower(?1) AND "
                           "(name = 'trigger_insert_feature_count_' || ?1 OR substr(name, 1, length(?1) + 7) = 'rtree_' || ?1 || '_') "
                           "ORDER BY rowid",
                           q, label);
            sqlite3_bind_text(q.st, 1, L.name.c_str(), -1, SQLITE_STATIC);
            while (sqlite3_step(q.st) == SQLITE_ROW)
                triggers.emplace_back(reinterpret_cast<const char*>(sqlite3_column_text(q.st, 0)),
                                      reinterpret_cast<const char*>(sqlite3_column_text(q.st, 1)));
        }
        for (const auto& t : triggers) sqlite_exec(db.db, p, "DROP TRIGGER " + sql_name(t.first), label);

        const std::vector<std::string>& cols = columns[li];
        std::string sql = "INSERT INTO " + sql_name(L.name) + " (";
        std::string values;
        if (L.geometry) {
            sql += sql_name(geom_col);
            values += "?";
        }
        for (const auto& c : cols) {
            if (!values.empty()) {
                sql += ", ";
                values += ", ";
            }
            sql += sql_name(c);
            values += "?";
        }
        sql += ") VALUES (" + values + ")";
        const std::string one_row = values;
        SqliteStmt ins;
        if (!cols.empty() || L.geometry)
            sqlite_prepare(db.db, p, sql, ins, label + ": preparing the insert");
        else
            sqlite_prepare(db.db, p, "INSERT INTO " + sql_name(L.name) + " DEFAULT VALUES", ins,
                           label + ": preparing the insert");

        OGRFeatureDefn* defn = feature_defn_of(L);
        Progress progress("Writing landeff.gpkg " + L.name, L.count);
        Extent extent;
        // Batches of rows are prepared in parallel (fill → field values; GEOS → WKB → the
        // GeoPackage blob with its envelope) while the previous batch is inserted.
        constexpr size_t kBatch = 2048;
        struct Batch {
            size_t start = 0, n = 0;
            std::vector<RowCells::Cell> cells;  // row k's fields at k × nfields …
            std::string text;                   // their text
            std::vector<std::string> blobs;
            std::vector<signed char> geom;  // -1 null geometry, 0 empty (no envelope), 1 with envelope
            Extent extent;
            std::vector<RtreeEntry> env;  // the rows with an envelope (id: k, the row in the batch)
            // Used again for a later batch (in_ordered_batches), its buffers kept: prepare sets cells,
            // blobs (each rewritten or, for a row without geometry, left unread: geom -1) and geom.
            void recycle() {
                text.clear();
                extent = Extent();
                env.clear();
            }
        };
        std::vector<RtreeEntry> rtree;
        if (L.geometry) rtree.reserve(L.count);
        const int geom_params = L.geometry ? 1 : 0;
        const int nfields = static_cast<int>(L.fields.size());
        // Several rows per INSERT (issue 20): what SQLite does once per statement — with GDAL's
        // AUTOINCREMENT key, reading and rewriting the table's sqlite_sequence row — is paid once per
        // rows_per rows. The rows, their order and their rowids are those of one INSERT per row, and
        // the file's bytes too (test GeoPackage.SeveralRowsPerInsertGiveTheSameFile).
        const int nparams = geom_params + nfields;
        const int max_vars = sqlite3_limit(db.db, SQLITE_LIMIT_VARIABLE_NUMBER, -1);
        const size_t rows_per = nparams > 0 ? std::min<size_t>(rows_per_insert(), static_cast<size_t>(std::max(1, max_vars / nparams))) : 1;
        SqliteStmt many;
        if (rows_per > 1) {
            std::string multi = sql;
            for (size_t r = 1; r < rows_per; ++r) multi.append(", ("sv).append(one_row).append(")"sv);
            sqlite_prepare(db.db, p, multi, many, label + ": preparing the insert");
        }
        // Binds row k of batch b to parameters base + 1 … base + nparams of st.
        auto bind_row = [&](sqlite3_stmt* st, int base, const auto& b, size_t k) {
            const RowCells::Cell* cells = b.cells.data() + k * static_cast<size_t>(nfields);
            if (L.geometry) {
                if (b.geom[k] < 0)
                    sqlite3_bind_null(st, base + 1);
                else
                    sqlite3_bind_blob(st, base + 1, b.blobs[k].data(), static_cast<int>(b.blobs[k].size()), SQLITE_STATIC);
            }
            for (int c = 0; c < nfields; ++c) {
                const int param = base + geom_params + c + 1;
                const RowCells::Cell& cell = cells[c];
                switch (cell.kind) {
                    case RowCells::Null: sqlite3_bind_null(st, param); break;
                    case RowCells::Real: sqlite3_bind_double(st, param, cell.real); break;
                    case RowCells::Int: sqlite3_bind_int64(st, param, cell.integer); break;
                    case RowCells::Text:
                        sqlite3_bind_text(st, param, b.text.data() + cell.span.off, static_cast<int>(cell.span.len), SQLITE_STATIC);
                        break;
                }
            }
        };
        in_ordered_batches<Batch>(
            L.count, kBatch,
            [&](Batch& b) {
                b.cells.assign(b.n * static_cast<size_t>(nfields), RowCells::Cell());
                b.blobs.resize(b.n);
                b.geom.assign(b.n, -1);
                OGRFeature scratch(defn);
                RowCells rc;
                rc.layer = &L;
                rc.scratch = &scratch;
                rc.text = &b.text;
                for (size_t k = 0; k < b.n; ++k) {
                    rc.cells = b.cells.data() + k * static_cast<size_t>(nfields);
                    OutRow row(rc);
                    L.fill(b.start + k, row);
                    if (!L.geometry || !row.geom) continue;
                    double env[4];
                    const bool has_env = gpkg_geometry_blob(row.geom, srs_id, b.blobs[k], env);
                    if (b.blobs[k].empty()) continue;  // GEOS could not write it: null, as before
                    b.geom[k] = has_env ? 1 : 0;
                    if (has_env) {
                        b.extent.add(Extent{env[0], env[1], env[2], env[3], true});
                        using rtree_detail::down, rtree_detail::up;
                        b.env.push_back(RtreeEntry{static_cast<int64_t>(k), down(env[0]), up(env[2]), down(env[1]), up(env[3])});
                    }
                }
            },
            [&](Batch& b) {
                std::vector<int64_t> rowids(b.n, 0);
                size_t k = 0;
                while (k < b.n) {
                    const size_t m = many.st && b.n - k >= rows_per ? rows_per : 1;
                    sqlite3_stmt* st = m > 1 ? many.st : ins.st;
                    for (size_t r = 0; r < m; ++r) bind_row(st, static_cast<int>(r) * nparams, b, k + r);
                    if (sqlite3_step(st) != SQLITE_DONE)
                        sqlite_failure(db.db, p, "writing " + L.name + " row " + std::to_string(b.start + k));
                    sqlite3_reset(st);
                    // The m rows took consecutive rowids ending at the last one (AUTOINCREMENT, no fid given).
                    if (L.geometry) {
                        const int64_t last = sqlite3_last_insert_rowid(db.db);
                        for (size_t r = 0; r < m; ++r) rowids[k + r] = last - static_cast<int64_t>(m - 1 - r);
                    }
                    k += m;
                }
                for (RtreeEntry e : b.env) {
                    e.id = rowids[static_cast<size_t>(e.id)];
                    rtree.push_back(e);
                }
                extent.add(b.extent);
                rtrees_after_rows(b.n);
                progress.update(b.start + b.n);
            });
        defn->Release();
        sqlite3_clear_bindings(ins.st);
        if (many.st) sqlite3_clear_bindings(many.st);

        // What GDAL keeps beside the rows: the layer's feature count and (with geometry) extent.
        // A layer without rows keeps the NULL count GDAL created it with (GDAL writes the count
        // only after inserting a feature).
        if (L.count > 0) {
            SqliteStmt u;
            sqlite_prepare(db.db, p, "UPDATE gpkg_ogr_contents SET feature_count = ? WHERE lower(table_name) = lower(?)", u, label);
            sqlite3_bind_int64(u.st, 1, static_cast<sqlite3_int64>(L.count));
            sqlite3_bind_text(u.st, 2, L.name.c_str(), -1, SQLITE_STATIC);
            if (sqlite3_step(u.st) != SQLITE_DONE) sqlite_failure(db.db, p, "counting " + L.name);
        }
        if (extent.set) {
            // GDAL writes the extent through SQLite's printf ("%.18g", which SQLite renders with
            // at most 16 significant digits): the same text here gives the same stored doubles.
            char* q = sqlite3_mprintf(
                "UPDATE gpkg_contents SET min_x = %.18g, min_y = %.18g, max_x = %.18g, max_y = %.18g "
                "WHERE lower(table_name) = lower('%q') AND lower(data_type) = 'features'",
                extent.minx, extent.miny, extent.maxx, extent.maxy, L.name.c_str());
            if (!q) throw RunError(label + ": out of memory");
            const std::string update(q);
            sqlite3_free(q);
            sqlite_exec(db.db, p, update, "writing the extent of " + L.name);
        }
        // This layer's R-tree, packed while the next rows go in and written between their batches
        // once a quarter as many rows as it has entries are in; its triggers back after it. A layer
        // without one gets its triggers back now.
        if (L.geometry && !rtree.empty()) {
            const std::string table = "rtree_" + L.name + "_" + geom_col;
            const size_t node_size = rtree_node_size(db.db, p, table);
            const size_t ready_at = rows_in + rtree.size() / 4;
            rtrees.emplace_back(label, table,
                                std::async(beside ? std::launch::async : std::launch::deferred,
                                           [entries = std::move(rtree), node_size, table]() mutable {
                                               return rtree_layout(std::move(entries), node_size, table);
                                           }),
                                std::move(triggers), ready_at);
        } else {
            for (const auto& t : triggers) sqlite_exec(db.db, p, t.second, label);
        }
        progress.done();
    }
    // What is left of the R-trees (those of the last layers, or all of them for a run of few rows).
    for (auto& r : rtrees) r.write(db.db, p, std::numeric_limits<size_t>::max());
    rtrees.clear();
    sqlite_exec(db.db, p, "COMMIT", "committing the rows");
    // The last runs of pages on the disk, and a failure to write them said (sqlite_direct.hpp).
    errno = 0;
    if (sqlite_direct_drain(db.db) != SQLITE_OK) sqlite_failure(db.db, p, "writing the rows");
    if (sqlite3_close(db.db) != SQLITE_OK) sqlite_failure(db.db, p, "closing");
    db.db = nullptr;
}

// The aliases (gpkg_data_columns) through GDAL, after the rows.
void write_gpkg_aliases_of(const fs::path& p, const std::vector<OutLayer>& layers) {
    errno = 0;
    GDALDatasetUniquePtr ds(GDALDataset::Open(p.c_str(), GDAL_OF_VECTOR | GDAL_OF_UPDATE));
    if (!ds) throw RunError("landeff.gpkg: cannot reopen for the field aliases: " + write_failure_reason(p, errno));
    write_gpkg_aliases(*ds, layers);
    close_dataset(ds, p);
}

}  // namespace

uint64_t shp_record_bytes(const GeomRef& geom) {
    if (const Shape* s = geom.packed()) {
        std::vector<shp_records::Ring> rings;
        if (shp_records::rings_of(s->wkb(), rings)) return 8 + (rings.empty() ? 4 : shp_records::content_bytes(rings));
    }
    uint64_t rings = 0, points = 0;
    const GeomHold held = geom.hold();
    const GEOSGeometry* g = held.get();
    const int n = GEOSGetNumGeometries_r(geos(), g);
    for (int k = 0; k < n; ++k)
        rings += 1 + static_cast<uint64_t>(std::max(0, GEOSGetNumInteriorRings_r(geos(), GEOSGetGeometryN_r(geos(), g, k))));
    points = static_cast<uint64_t>(std::max(0, GEOSGetNumCoordinates_r(geos(), g)));
    return 8 + 44 + 4 * rings + 16 * points;
}

std::vector<ShapefilePlan> plan_shapefiles(const std::vector<OutLayer>& layers, size_t max_string) {
    std::vector<ShapefilePlan> plans;
    for (const auto& L : layers) {
        ShapefilePlan plan;
        plan.layer = L.name;
        plan.fields = L.fields.size();
        plan.width.assign(L.fields.size(), 0);
        if (!L.geometry && !L.table_everywhere) {
            plans.push_back(std::move(plan));
            continue;
        }
        // Per thread: the longest text of each field and the .shp record bytes of its rows. The rows
        // are read as the shapefile writer reads them (RowReader: cells, no OGRFeature a row).
        struct Part {
            std::vector<size_t> longest;
            uint64_t shp = 0;
        };
        // Only the text fields are filled: the widths are the texts' (the rest of the row is not made).
        std::vector<char> texts(L.fields.size(), 0);
        for (size_t c = 0; c < L.fields.size(); ++c) texts[c] = L.fields[c].type == OutType::Text;
        tbb::enumerable_thread_specific<Part> parts([&] { return Part{std::vector<size_t>(L.fields.size(), 0), 0}; });
        tbb::parallel_for(tbb::blocked_range<size_t>(0, L.count, 1024), [&](const tbb::blocked_range<size_t>& range) {
            Part& part = parts.local();
            RowReader rows(L, true, max_string, &texts);
            for (size_t i = range.begin(); i != range.end(); ++i) {
                const GeomRef geom = rows.read(i);
                const auto& cells = rows.cells();
                for (size_t c = 0; c < L.fields.size(); ++c)
                    if (L.fields[c].type == OutType::Text && cells[c].kind == RowCells::Text)
                        part.longest[c] = std::max(part.longest[c], static_cast<size_t>(cells[c].span.len));
                part.shp += L.geometry && geom ? shp_record_bytes(geom) : 12;  // a null shape: 8 + 4
            }
        });
        uint64_t record = 1;  // the deletion flag
        std::vector<size_t> longest(L.fields.size(), 0);
        uint64_t shp = 100;   // the file header
        for (const auto& part : parts) {
            for (size_t c = 0; c < longest.size(); ++c) longest[c] = std::max(longest[c], part.longest[c]);
            shp += part.shp;
        }
        for (size_t c = 0; c < L.fields.size(); ++c) {
            const auto type = L.fields[c].type;
            if (type == OutType::Text) plan.width[c] = static_cast<int>(std::clamp<size_t>(longest[c], 1, max_string));
            record += type == OutType::Text ? static_cast<uint64_t>(plan.width[c]) : type == OutType::Real ? 24 : 18;
        }
        plan.dbf_bytes = 32 + 32 * static_cast<uint64_t>(L.fields.size()) + 1 + record * L.count + 1;
        plan.shp_bytes = L.geometry ? shp : 0;
        plans.push_back(std::move(plan));
    }
    return plans;
}

ShapefileLimits shapefile_limits() {
    ShapefileLimits lim;
    if (const char* v = std::getenv("LANDEFF_TEST_SHP_MAX_BYTES"))  // tests only (writer.hpp)
        if (const auto n = std::strtoull(v, nullptr, 10); n > 0) lim.file_bytes = n;
    return lim;
}

std::vector<std::string> shapefile_problems(const std::vector<ShapefilePlan>& plans, const ShapefileLimits& limits, Lang lang) {
    std::vector<std::string> out;
    const auto n = [](uint64_t v) { return std::to_string(v); };
    for (const auto& p : plans) {
        const std::string shp = "shp/" + p.layer;
        if (p.fields > limits.fields) out.push_back(say(lang, Msg::ShpTooManyFields, {shp + ".dbf", n(p.fields), n(limits.fields)}));
        if (p.dbf_bytes > limits.file_bytes)
            out.push_back(say(lang, Msg::ShpTooLarge, {shp + ".dbf", n(p.dbf_bytes), n(limits.file_bytes)}));
        if (p.shp_bytes > limits.file_bytes)
            out.push_back(say(lang, Msg::ShpTooLarge, {shp + ".shp", n(p.shp_bytes), n(limits.file_bytes)}));
    }
    return out;
}

namespace {

// SQLite's page size for landeff.gpkg (issue 20). GDAL creates a GeoPackage with 4 096-byte pages;
// with 16 384 a row of the parcels layer (about 700 bytes) wastes less of each page and the B-trees
// have fewer pages above the rows: copying the own 1 M city's parcels and enterprises into an empty
// file took 3.8 instead of 4.6 CPU-s and the file was 6 % smaller (README, Performance). Pages of
// 64 KiB saved little more, and every random read (a feature QGIS fetches by its id) reads a page.
constexpr const char* kGpkgPageSize = "page_size=16384";

// GDAL's OGR_SQLITE_PRAGMA with the page size added, on this thread only (GDAL applies it when it
// creates the file); a page size the user chose through the option is left as it is.
// GDAL matches the pragma's names in any case (PAGE_SIZE, page_size), and so does this.
class GpkgPageSize {
public:
    GpkgPageSize() {
        const char* set = CPLGetConfigOption("OGR_SQLITE_PRAGMA", nullptr);
        std::string value = set ? set : "";
        if (ascii_lower(value).find("page_size") != std::string::npos) return;
        if (const char* mine = CPLGetThreadLocalConfigOption("OGR_SQLITE_PRAGMA", nullptr)) m_old = mine;
        value = value.empty() ? kGpkgPageSize : value + "," + kGpkgPageSize;
        CPLSetThreadLocalConfigOption("OGR_SQLITE_PRAGMA", value.c_str());
        m_set = true;
    }
    ~GpkgPageSize() {  // this thread's own value, as it was
        if (m_set) CPLSetThreadLocalConfigOption("OGR_SQLITE_PRAGMA", m_old ? m_old->c_str() : nullptr);
    }
    GpkgPageSize(const GpkgPageSize&) = delete;
    GpkgPageSize& operator=(const GpkgPageSize&) = delete;

private:
    bool m_set = false;
    std::optional<std::string> m_old;
};

// landeff.gpkg: GDAL writes the schema; the rows go in through SQLite (write_gpkg_rows); GDAL
// builds the R-trees last.
void write_gpkg(const std::vector<OutLayer>& layers, const WorkingCrs& crs, const fs::path& dir, const WriteOptions& opt) {
    const fs::path p = dir / "landeff.gpkg";
    std::vector<std::vector<std::string>> columns;
    {
        const GpkgPageSize page_size;
        auto ds = create("GPKG", p);
        for (const auto& L : layers) {
            OGRLayer* layer = create_layer(*ds, L, crs,
                                           {"FID=ogc_fid", L.geometry ? "SPATIAL_INDEX=YES" : "SPATIAL_INDEX=NO",
                                            "IDENTIFIER=" + L.title, "DESCRIPTION=" + L.title},
                                           "landeff.gpkg", false, opt.max_string, nullptr);
            OGRFeatureDefn* defn = layer->GetLayerDefn();
            std::vector<std::string> names;
            for (int c = 0; c < defn->GetFieldCount(); ++c) names.emplace_back(defn->GetFieldDefn(c)->GetNameRef());
            if (names.size() != L.fields.size()) throw RunError("landeff.gpkg: layer " + L.name + " has an unexpected field count");
            columns.push_back(std::move(names));
        }
        close_dataset(ds, p);
    }
    write_gpkg_rows(p, layers, columns);
    write_gpkg_aliases_of(p, layers);
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
    // Each format is a task (issue 20): the GeoPackage, the GeoJSON files and the shapefiles are
    // written at the same time, each file by its own writer, so one format's serial insert overlaps
    // another's. Each task is isolated: a thread waiting for its own batches does not take up a
    // whole other format meanwhile. Only one format shows progress (the terminal holds one line).
    // Every file depends on its own rows only, so the bytes do not depend on the order or --jobs.
    const bool several = opt.formats.count("gpkg") + opt.formats.count("geojson") + opt.formats.count("shp") > 1;
    tbb::task_group tasks;
    if (opt.formats.count("gpkg"))
        tasks.run([&] { tbb::this_task_arena::isolate([&] { write_gpkg(layers, crs, dir, opt); }); });
    if (opt.formats.count("geojson"))
        tasks.run([&] {
            tbb::this_task_arena::isolate([&] {
                fs::create_directories(dir / "geojson");
                GeojsonReprojection reprojection(crs);
                for (const auto& L : layers) {
                    if (!L.geometry && !L.table_everywhere) continue;
                    const fs::path p = dir / "geojson" / (L.name + ".geojson");
                    write_geojson_layer(L, reprojection, p, "geojson/" + L.name + ".geojson", opt.max_string,
                                        !several || !opt.formats.count("gpkg"));
                }
            });
        });
    if (opt.formats.count("shp"))
        tasks.run([&] {
            tbb::this_task_arena::isolate([&] {
                fs::create_directories(dir / "shp");
                const std::vector<ShapefilePlan> plans =
                    opt.shp_plans.size() == layers.size() ? opt.shp_plans : plan_shapefiles(layers, opt.max_string);
                for (size_t k = 0; k < layers.size(); ++k) {
                    const OutLayer& L = layers[k];
                    if (!L.geometry && !L.table_everywhere) continue;
                    const fs::path p = dir / "shp" / (L.name + ".shp");
                    const std::vector<std::string> lco = {"ENCODING=UTF-8", "SPATIAL_INDEX=NO",
                                                          "DBF_DATE_LAST_UPDATE=" + opt.stamp_date};
                    if (L.geometry && L.count > 0) {
                        write_shapefile_layer(L, crs, p, lco, "shp/" + L.name + ".shp", opt.max_string, plans[k], !several);
                    } else {  // a table (a .dbf alone) or an empty layer: GDAL writes it whole
                        auto ds = create("ESRI Shapefile", p);
                        write_layer(*ds, L, crs, lco, "shp/" + L.name + ".shp", true, opt.max_string, false, &plans[k], !several);
                        close_dataset(ds, p);
                    }
                }
            });
        });
    tasks.wait();  // rethrows the first task's exception
}

namespace {

constexpr const char* kStagingMarker = ".landeff-staging";

bool is_year_name(const std::string& n) {
    return n.size() == 4 && std::all_of(n.begin(), n.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// The first line of a landeff.toml written by `landeff synth` (or `synth --from`) says so.
bool is_synth_config(const fs::path& toml) {
    std::ifstream in(toml);
    std::string first;
    std::getline(in, first);
    return first.rfind("# ", 0) == 0 && first.find("`landeff synth") != std::string::npos;
}

bool has_landeff_run_json(const fs::path& dir) {
    std::ifstream in(dir / "run.json");
    if (!in) return false;
    const auto j = nlohmann::json::parse(in, nullptr, false);
    return j.is_object() && j.contains("landeff_version") && j["landeff_version"].is_string();
}

// What a directory holds that no landeff command wrote (empty = it may be replaced): an earlier
// `run`, `inspect` or `compare` output (its run.json carries landeff_version), a multi-year
// output (year folders that are landeff outputs), a city from `landeff synth` (its landeff.toml
// says so; city.gpkg, enterprises.csv, leases.csv, corrections.csv and run outputs beside it), or an
// empty directory.
std::vector<std::string> foreign_entries(const fs::path& dir, int depth = 0) {
    std::vector<std::string> foreign;
    if (has_landeff_run_json(dir)) return foreign;
    std::error_code ec;
    const bool synth = is_synth_config(dir / "landeff.toml");
    std::vector<fs::path> entries;
    for (fs::directory_iterator it(dir, ec), e; !ec && it != e; it.increment(ec)) entries.push_back(it->path());
    if (ec) return {dir.filename().string() + " (unreadable: " + ec.message() + ")"};
    std::sort(entries.begin(), entries.end());
    for (const auto& p : entries) {
        const std::string n = p.filename().string();
        if (synth && (n == "landeff.toml" || n == "city.gpkg" || n == "enterprises.csv" || n == "leases.csv" || n == "corrections.csv"))
            continue;
        const bool sub_ok = depth < 2 && fs::is_directory(fs::symlink_status(p, ec)) &&
                            (is_year_name(n) || synth || has_landeff_run_json(p)) && foreign_entries(p, depth + 1).empty() &&
                            !fs::is_empty(p, ec);
        if (!sub_ok) foreign.push_back(n + (fs::is_directory(fs::symlink_status(p, ec)) ? "/" : ""));
    }
    return foreign;
}

std::string pid_text(const fs::path& marker) {
    std::ifstream in(marker);
    std::string pid;
    in >> pid;
    return pid;
}

bool write_marker(const fs::path& dir) {
    std::ofstream o(dir / kStagingMarker);
    o << getpid() << "\n";
    return static_cast<bool>(o);
}

// Staging and set-aside folders of earlier runs for the same output that were killed (SIGKILL,
// power loss) before they could clean up: ours only when they hold the marker, and only when
// the process that wrote it is gone.
void remove_stale_staging(const fs::path& final_dir) {
    std::error_code ec;
    const std::string tmp_prefix = "." + final_dir.filename().string() + ".tmp-";
    const std::string old_prefix = "." + final_dir.filename().string() + ".old-";
    std::vector<fs::path> stale;
    for (fs::directory_iterator it(final_dir.parent_path(), ec), e; !ec && it != e; it.increment(ec)) {
        const std::string n = it->path().filename().string();
        if (n.rfind(tmp_prefix, 0) != 0 && n.rfind(old_prefix, 0) != 0) continue;
        std::error_code ec2;
        if (!fs::is_directory(fs::symlink_status(it->path(), ec2)) || !fs::exists(it->path() / kStagingMarker, ec2)) continue;
        const std::string pid = pid_text(it->path() / kStagingMarker);
        char* end = nullptr;
        const long v = std::strtol(pid.c_str(), &end, 10);
        if (pid.empty() || *end || v <= 0) continue;
        if (kill(static_cast<pid_t>(v), 0) == 0 || errno != ESRCH) continue;  // still running (or not ours to judge)
        stale.push_back(it->path());
    }
    std::sort(stale.begin(), stale.end());
    for (const auto& p : stale) {
        std::cerr << "landeff: note: removing " << p.string() << ", left by an earlier run (process " << pid_text(p / kStagingMarker)
                  << ") that was killed before it could clean up\n";
        fs::remove_all(p, ec);
    }
}

std::string some(const std::vector<std::string>& names) {
    std::vector<std::string> shown(names.begin(), names.begin() + static_cast<std::ptrdiff_t>(std::min<size_t>(5, names.size())));
    std::string s = join(shown, ", ");
    if (names.size() > shown.size()) s += ", … (" + std::to_string(names.size()) + " entries)";
    return s;
}

// Replacing must not delete what landeff did not write.
void check_replaceable(const fs::path& dir) {
    const auto foreign = foreign_entries(dir);
    if (!foreign.empty())
        throw ConfigError("--out " + dir.string() + " is not a landeff output: it holds " + some(foreign) +
                          "; --overwrite replaces only an earlier landeff output or an empty directory, so it was left "
                          "untouched: choose another --out (a new or empty directory)");
}

// rename(2) that never replaces an existing target: renameat2(RENAME_NOREPLACE) where the file
// system has it; elsewhere rename(2), which fails on a non-empty directory (an empty one holds
// nothing to lose).
int rename_noreplace(const fs::path& from, const fs::path& to) {
    if (renameat2(AT_FDCWD, from.c_str(), AT_FDCWD, to.c_str(), RENAME_NOREPLACE) == 0) return 0;
    if (errno != EINVAL && errno != ENOSYS) return errno;
    return std::rename(from.c_str(), to.c_str()) == 0 ? 0 : errno;
}

}  // namespace

StagedOutput::StagedOutput(const fs::path& final_dir, bool overwrite, const std::vector<std::string>& input_paths)
    : m_overwrite(overwrite) {
    if (trim(final_dir.string()).empty())
        throw ConfigError("--out is empty (an unset variable?): give the output directory");
    m_final = fs::absolute(final_dir).lexically_normal();
    if (m_final.filename().empty()) m_final = m_final.parent_path();
    std::error_code ec;
    // Replacing the directory must never delete an input (the config file is one).
    for (const auto& in : input_paths) {
        if (in.rfind("PG:", 0) == 0 || in.rfind("/vsi", 0) == 0 || in.find("://") != std::string::npos) continue;
        const fs::path ip = fs::weakly_canonical(fs::absolute(in), ec);
        const fs::path od = fs::weakly_canonical(m_final, ec);
        auto rel = ip.lexically_relative(od);
        if (!rel.empty() && *rel.begin() != "..")
            throw ConfigError("--out " + m_final.string() + " contains the input " + ip.string() +
                              "; writing there could overwrite inputs: choose an output directory outside the inputs");
    }
    if (fs::exists(fs::symlink_status(m_final, ec))) {
        if (!overwrite)
            throw ConfigError("output directory " + m_final.string() +
                              " already exists; it was left untouched. Use --overwrite to replace it, or choose another --out");
        if (!fs::is_directory(fs::symlink_status(m_final, ec)))
            throw ConfigError("--out " + m_final.string() + " exists and is not a directory; choose another --out");
        check_replaceable(m_final);
    }
    const fs::path parent = m_final.parent_path();
    fs::create_directories(parent, ec);
    if (ec || !fs::is_directory(parent))
        throw RunError("cannot create the parent of the output directory " + parent.string() + ": " +
                       (ec ? ec.message() : "not a directory"));
    if (access(parent.c_str(), W_OK) != 0)
        throw RunError("cannot write in " + parent.string() + " (permission denied): choose a writable --out");
    remove_stale_staging(m_final);
    m_tmp = parent / ("." + m_final.filename().string() + ".tmp-" + std::to_string(getpid()));
    if (fs::exists(m_tmp / kStagingMarker, ec)) fs::remove_all(m_tmp, ec);  // ours: this very process
    if (!fs::create_directory(m_tmp, ec) || !write_marker(m_tmp))
        throw RunError("cannot create the temporary output directory " + m_tmp.string() + ": " +
                       (ec ? ec.message() : std::string(std::strerror(errno))));
}

StagedOutput::~StagedOutput() {
    if (!m_committed) {
        std::error_code ec;
        fs::remove_all(m_tmp, ec);
    }
}

void StagedOutput::commit() {
    check_interrupt();
    std::error_code ec;
    fs::path old;
    if (m_overwrite && fs::exists(fs::symlink_status(m_final, ec))) {
        // Re-check: what is there now may not be what was there when the run started.
        if (!fs::is_directory(fs::symlink_status(m_final, ec)))
            throw RunError("--out " + m_final.string() + " became a file while this run worked; it was left untouched and "
                           "this run's output was discarded");
        if (const auto foreign = foreign_entries(m_final); !foreign.empty())
            throw RunError("--out " + m_final.string() + " changed while this run worked and now holds " + some(foreign) +
                           ", which landeff did not write; it was left untouched and this run's output was discarded: "
                           "choose another --out");
        old = m_final.parent_path() / ("." + m_final.filename().string() + ".old-" + std::to_string(getpid()));
        fs::remove_all(old, ec);
        if (std::rename(m_final.c_str(), old.c_str()) != 0 && errno != ENOENT)
            throw RunError("cannot replace " + m_final.string() + ": " + std::strerror(errno));
        if (!fs::exists(old, ec)) old.clear();  // someone else removed it meanwhile
        else write_marker(old);                 // a kill from here on leaves it for the next run to remove
    }
    if (const int err = rename_noreplace(m_tmp, m_final); err != 0) {
        if (!old.empty() && rename_noreplace(old, m_final) == 0) old.clear();  // put the previous output back
        if (err == EEXIST || err == ENOTEMPTY)
            throw RunError(m_final.string() + " appeared while this run worked (another run, or another program, created "
                           "it); it was left untouched and this run's output was discarded: run again with another --out" +
                           std::string(m_overwrite ? "" : ", or with --overwrite if it is a landeff output to replace") +
                           (old.empty() ? "" : "; the previous output is kept in " + old.string()));
        throw RunError("cannot move the output into place at " + m_final.string() + ": " + std::strerror(err) +
                       (old.empty() ? "" : "; the previous output is kept in " + old.string()));
    }
    m_committed = true;
    // The marker goes only now: a kill before the rename leaves a staging folder the next run
    // recognises as its own.
    fs::remove(m_final / kStagingMarker, ec);
    if (!old.empty()) fs::remove_all(old, ec);
}

bool append_shp_record(std::string& shp, std::string& shx, uint32_t number, std::string_view wkb) {
    bool vertices = false, has_box = false;
    double box[4] = {0, 0, 0, 0};
    return shp_records::append(shp, shx, number, wkb, vertices, box, has_box);
}

}  // namespace landeff
