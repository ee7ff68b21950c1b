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
double area(const GEOSGeometry* g);       // in CRS units²; 0 for null
GeomPtr intersection(const GEOSGeometry* a, const GEOSGeometry* b);
GeomPtr difference(const GEOSGeometry* a, const GEOSGeometry* b);
// g ∩ other, clipping `other` to g's box first so a large polygon costs only its local part.
GeomPtr clipped_intersection(const GEOSGeometry* g, const GEOSGeometry* other);
// The union of the given geometries (taking ownership of them); null for none.
GeomPtr unary_union(std::vector<GEOSGeometry*>&& parts);
// The polygons of any geometry (nested collections included), as clones.
std::vector<GeomPtr> polygons_of(const GEOSGeometry* g);
bool envelope(const GEOSGeometry* g, double& minx, double& miny, double& maxx, double& maxy);

// Conversions with OGR (through WKB, the exchange GDAL itself uses).
GeomPtr from_ogr(const OGRGeometry& g);
std::unique_ptr<OGRGeometry> to_ogr(const GEOSGeometry* g);

}  // namespace landeff
