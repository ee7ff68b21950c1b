#pragma once
// The one thin RAII layer over the GEOS C API. Each thread gets its own context handle;
// geometries are owned by GeomPtr, prepared geometries by PreparedPtr. Raw pointers never own.
#include <geos_c.h>

#include <memory>
#include <string>
#include <vector>

class OGRGeometry;

namespace landeff {

GEOSContextHandle_t geos();           // this thread's context
std::string geos_last_error();        // last GEOS error message on this thread

struct GeomDeleter {
    void operator()(GEOSGeometry* g) const;
};
struct PreparedDeleter {
    void operator()(const GEOSPreparedGeometry* g) const;
};
using GeomPtr = std::unique_ptr<GEOSGeometry, GeomDeleter>;
using PreparedPtr = std::unique_ptr<const GEOSPreparedGeometry, PreparedDeleter>;

GeomPtr clone(const GEOSGeometry* g);
PreparedPtr prepare(const GEOSGeometry* g);
GeomPtr from_wkt(const std::string& wkt);  // tests and fixtures; throws std::runtime_error
std::string to_wkt(const GEOSGeometry* g, int decimals = 3);
std::string type_name(const GEOSGeometry* g);       // "Point", "MultiPolygon", …
std::string invalid_reason(const GEOSGeometry* g);  // GEOS isValidReason ("Self-intersection[…]")
double area(const GEOSGeometry* g);       // in CRS units²; 0 for null
GeomPtr intersection(const GEOSGeometry* a, const GEOSGeometry* b);
GeomPtr difference(const GEOSGeometry* a, const GEOSGeometry* b);
// g ∩ other, clipping `other` to g's box first so a large polygon costs only its local part.
GeomPtr clipped_intersection(const GEOSGeometry* g, const GEOSGeometry* other);
// g clipped to the rectangle [x0, x1] × [y0, y1] (GEOS ClipByRect: fast; cuts a large polygon down
// to its local part before an overlay). A copy of g when GEOS cannot clip it; null for null.
GeomPtr clip_by_rect(const GEOSGeometry* g, double x0, double y0, double x1, double y1);
// A collection of `type` (GEOS_MULTIPOLYGON, GEOS_GEOMETRYCOLLECTION) made of the parts, which it
// takes: no copy, and nothing leaks whatever happens.
GeomPtr collection(int type, std::vector<GeomPtr>&& parts);
// The union of the given geometries (taking them, no copy); null for none.
GeomPtr unary_union(std::vector<GeomPtr>&& parts);
// The union of one geometry's own parts (a multipolygon whose polygons overlap).
GeomPtr unary_union(const GEOSGeometry* g);
// GEOS MakeValid; null when GEOS cannot repair it (geos_last_error() says why).
GeomPtr make_valid(const GEOSGeometry* g);
// GEOS TopologyPreserveSimplify (for display: report.html's map); null on a GEOS error.
GeomPtr simplify_preserve_topology(const GEOSGeometry* g, double tolerance);
GeomPtr empty_polygon();
// The polygon of the ring `shell` with the rings `holes` as its holes (all linear rings, copied; the
// caller makes sure the holes lie inside the shell and apart); null when GEOS cannot build it.
GeomPtr polygon_of_rings(const GEOSGeometry* shell, const std::vector<const GEOSGeometry*>& holes);
// The polygons of any geometry (nested collections included), as clones.
std::vector<GeomPtr> polygons_of(const GEOSGeometry* g);
bool envelope(const GEOSGeometry* g, double& minx, double& miny, double& maxx, double& maxy);

// Conversions with OGR (through WKB, the exchange GDAL itself uses).
GeomPtr from_ogr(const OGRGeometry& g);
std::unique_ptr<OGRGeometry> to_ogr(const GEOSGeometry* g);

}  // namespace landeff
