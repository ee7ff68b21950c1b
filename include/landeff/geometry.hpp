#pragma once
// Geometry normalization (issue 2 §6): every polygon layer ends up as valid 2-D MultiPolygons
// in the working CRS, or no geometry at all with a note saying why.
#include <string>
#include <string_view>
#include <vector>

#include "landeff/geos.hpp"
#include "landeff/messages.hpp"

class OGRGeometry;
class OGRCoordinateTransformation;

namespace landeff {

struct GeomNote {
    std::string code;      // finding code: null_geometry, empty_geometry, invalid_geometry_repaired, …
    bool fatal;            // the feature keeps no geometry
    Msg message;           // its wording (said in output.lang by the reader that records the finding)
    std::vector<std::string> args{};
};

struct NormalizedGeom {
    GeomPtr geom;                // Polygon (one part) or MultiPolygon, valid; null when a fatal note was recorded
    std::vector<GeomNote> notes;
};

// `g` may be modified (transformed, flattened). `ct` may be null (same CRS).
NormalizedGeom normalize_polygonal(OGRGeometry* g, OGRCoordinateTransformation* ct);

// Normalizes a GEOS geometry already in the working CRS (repair, polygon extraction): one polygon
// stays a Polygon (several parts make a MultiPolygon), as the writers write it back as a MultiPolygon.
NormalizedGeom normalize_geos(GeomPtr g);

// True when g is proven valid as GEOS's IsValidOp would find it, without asking it: one Polygon (or
// a MultiPolygon of one) without holes, of at most 64 edges, finite coordinates, and a shell that is
// a simple closed curve (consecutive repeated points aside, no two edges meet but consecutive ones at
// their shared vertex, and those do not fold back onto each other) — decided with exact orientation
// signs. False says nothing: GEOS decides (a parcel's check cost GEOS's full topology analysis, a
// sixth of the hostile city's read).
bool proven_valid_simple_polygon(const GEOSGeometry* g);

// The same proof on little-endian 2-D WKB (a Polygon of one ring, or a MultiPolygon of one such
// part, nothing left over): the Polygon's bytes (its size in *polygon_size) — what GEOS would read
// and, valid, keep and write back as it is — or null when it cannot prove it.
const unsigned char* proven_valid_simple_wkb(const unsigned char* wkb, size_t size, size_t* polygon_size);

// The WKB of a GeoPackage geometry blob (GeoPackage 1.3 §2.1.3) when the blob is one whose
// normalize_polygonal result is provably normalize_wkb of that WKB, else null (the reader then
// takes GDAL's geometry). So: magic "GP", version 0, a standard (not extended) geometry not marked
// empty, an envelope of type 0–4, then little-endian 2-D WKB of a Polygon (type 3) or MultiPolygon
// (6) of little-endian Polygons, at least one ring in every polygon and one polygon, at least one
// point in every ring, every coordinate finite and below 1e15 in magnitude, and nothing after it.
// For such WKB OGR's import and ISO export give the same bytes back, the geometry is not empty,
// has no curves, Z or M, and passes all_finite: the OGR path hands GEOS these very bytes.
// Sets *wkb_size.
const unsigned char* plain_gpkg_polygonal_wkb(const unsigned char* blob, size_t size, size_t* wkb_size);

// normalize_polygonal's last steps for WKB already 2-D, finite and in the working CRS: GEOS reads
// it (unreadable: a fatal invalid_geometry note), then normalize_geos.
NormalizedGeom normalize_wkb(const unsigned char* wkb, size_t size);

// The rings of a little-endian 2-D Polygon or MultiPolygon WKB (GEOS's, as a packed Shape holds
// it): each ring's first point's offset in the WKB and its point count, polygon by polygon, the
// exterior first (marked outer); a polygon whose exterior is empty is left out, and so is an empty
// ring (as GDAL's shapefile driver takes them); `left_out`, when given, counts the polygons without
// rings and the rings so left out. False for other WKB or bytes left over.
struct WkbRing {
    size_t at;   // the first point's offset in the WKB
    uint32_t n;  // points
    bool outer;
};
bool wkb_rings(std::string_view w, std::vector<WkbRing>& rings, size_t* left_out = nullptr);

}  // namespace landeff
