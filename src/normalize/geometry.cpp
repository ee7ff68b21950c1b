#include "landeff/geometry.hpp"

#include <ogr_geometry.h>
#include <ogr_spatialref.h>

#include <cmath>
#include <cstdio>

#include "landeff/format.hpp"

namespace landeff {
namespace {

// Collects the polygons of any geometry (nested collections included) into `out`.
void collect_polygons(const GEOSGeometry* g, std::vector<GeomPtr>& out, bool& dropped_other) {
    const int type = GEOSGeomTypeId_r(geos(), g);
    if (type == GEOS_POLYGON) {
        if (!GEOSisEmpty_r(geos(), g)) out.push_back(clone(g));
        return;
    }
    if (type == GEOS_MULTIPOLYGON || type == GEOS_GEOMETRYCOLLECTION) {
        const int n = GEOSGetNumGeometries_r(geos(), g);
        for (int i = 0; i < n; ++i) collect_polygons(GEOSGetGeometryN_r(geos(), g, i), out, dropped_other);
        return;
    }
    if (!GEOSisEmpty_r(geos(), g)) dropped_other = true;
}

bool all_finite(const OGRGeometry* g) {
    OGREnvelope e;
    g->getEnvelope(&e);
    return std::isfinite(e.MinX) && std::isfinite(e.MinY) && std::isfinite(e.MaxX) && std::isfinite(e.MaxY) &&
           std::fabs(e.MinX) < 1e15 && std::fabs(e.MaxX) < 1e15 && std::fabs(e.MinY) < 1e15 &&
           std::fabs(e.MaxY) < 1e15;
}

std::string fmt_area(double a) { return fmt::fixed(a, 2); }

}  // namespace

NormalizedGeom normalize_geos(GeomPtr g) {
    NormalizedGeom out;
    if (!g) {
        out.notes.push_back({"null_geometry", true, Msg::GeomNull});
        return out;
    }
    if (GEOSisEmpty_r(geos(), g.get())) {
        out.notes.push_back({"empty_geometry", true, Msg::GeomEmpty});
        return out;
    }
    const int type = GEOSGeomTypeId_r(geos(), g.get());
    if (type == GEOS_POINT || type == GEOS_MULTIPOINT || type == GEOS_LINESTRING || type == GEOS_MULTILINESTRING) {
        out.notes.push_back({"wrong_geometry_type", true, Msg::GeomWrongType, {type_name(g.get())}});
        return out;
    }
    GeomPtr cur = std::move(g);
    const char valid = GEOSisValid_r(geos(), cur.get());
    if (valid != 1) {
        const std::string why = invalid_reason(cur.get());
        const double before = area(cur.get());
        GeomPtr fixed = make_valid(cur.get());
        if (!fixed) {
            out.notes.push_back({"invalid_geometry", true, Msg::GeomUnrepaired, {why, geos_last_error()}});
            return out;
        }
        cur = std::move(fixed);
        out.notes.push_back({"invalid_geometry_repaired", false, Msg::GeomRepaired, {why, fmt_area(before), fmt_area(area(cur.get()))}});
    }
    std::vector<GeomPtr> polys;
    bool dropped = false;
    collect_polygons(cur.get(), polys, dropped);
    if (dropped)
        out.notes.push_back({"mixed_geometry", false, Msg::GeomMixed});
    if (polys.empty()) {
        out.notes.push_back({"empty_geometry", true, Msg::GeomNoPolygon});
        return out;
    }
    const size_t n_polys = polys.size();
    out.geom = collection(GEOS_MULTIPOLYGON, std::move(polys));
    // Parts of a repaired multipolygon may overlap each other; a union keeps the area honest.
    if (n_polys > 1 && GEOSisValid_r(geos(), out.geom.get()) != 1) {
        GeomPtr u = unary_union(out.geom.get());
        std::vector<GeomPtr> parts;
        bool d2 = false;
        if (u) collect_polygons(u.get(), parts, d2);
        if (!parts.empty()) {
            out.geom = collection(GEOS_MULTIPOLYGON, std::move(parts));
            out.notes.push_back({"invalid_geometry_repaired", false, Msg::GeomPartsMerged});
        }
    }
    return out;
}

NormalizedGeom normalize_polygonal(OGRGeometry* g, OGRCoordinateTransformation* ct) {
    if (!g) return normalize_geos(nullptr);
    if (g->IsEmpty()) return normalize_geos(empty_polygon());
    std::unique_ptr<OGRGeometry> linear;
    if (g->hasCurveGeometry(TRUE)) {
        linear.reset(g->getLinearGeometry());
        g = linear.get();
    }
    g->flattenTo2D();
    g->setMeasured(FALSE);
    NormalizedGeom pre;
    // Closed line rings (DXF, CAD exports) become polygons.
    const auto flat = wkbFlatten(g->getGeometryType());
    std::unique_ptr<OGRGeometry> polygonized;
    if (flat == wkbLineString || flat == wkbMultiLineString) {
        OGRGeometry* p = OGRGeometryFactory::forceTo(g->clone(), wkbMultiPolygon);
        if (p && wkbFlatten(p->getGeometryType()) == wkbMultiPolygon && !p->IsEmpty()) {
            polygonized.reset(p);
            g = p;
            pre.notes.push_back({"polygonized_lines", false, Msg::GeomPolygonized});
        } else {
            delete p;
        }
    }
    if (!all_finite(g)) {
        NormalizedGeom out;
        out.notes.push_back({"bad_coordinates", true, Msg::GeomBadCoords});
        return out;
    }
    if (ct && g->transform(ct) != OGRERR_NONE) {
        NormalizedGeom out;
        out.notes.push_back({"transform_failed", true, Msg::GeomTransformFailed});
        return out;
    }
    GeomPtr gg = from_ogr(*g);
    if (!gg) {
        NormalizedGeom out;
        out.notes.push_back({"invalid_geometry", true, Msg::GeomUnreadable, {geos_last_error()}});
        return out;
    }
    auto out = normalize_geos(std::move(gg));
    out.notes.insert(out.notes.begin(), pre.notes.begin(), pre.notes.end());
    return out;
}

}  // namespace landeff
