#pragma once
// Geometry normalization (issue 2 §6): every polygon layer ends up as valid 2-D MultiPolygons
// in the working CRS, or no geometry at all with a note saying why.
#include <string>
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
    GeomPtr geom;                // MultiPolygon, valid; null when a fatal note was recorded
    std::vector<GeomNote> notes;
};

// `g` may be modified (transformed, flattened). `ct` may be null (same CRS).
NormalizedGeom normalize_polygonal(OGRGeometry* g, OGRCoordinateTransformation* ct);

// Normalizes a GEOS geometry already in the working CRS (repair, polygon extraction, multi).
NormalizedGeom normalize_geos(GeomPtr g);

}  // namespace landeff
