#pragma once
// Parcel × park overlay (issue 3 §1): an R-tree over park envelopes, per-thread prepared park
// geometries, a containment fast path, and GEOS intersection (of the park clipped to the
// parcel's box) only for parcels on a boundary.
#include "landeff/findings.hpp"
#include "landeff/model.hpp"
#include "landeff/params.hpp"

namespace landeff {

void overlay_parks(const Dataset& ds, const AreaRules& area, const QualityRules& quality, Analysis& an, Findings& findings);

// Pairs of features of one layer whose interiors overlap by more than `min_area` (CRS units²).
struct OverlapPair {
    uint32_t a, b;
    double area;
};
std::vector<OverlapPair> self_overlaps(const std::vector<Feature>& features, double min_area);

// A finding `code` for each pair of features of `layer` overlapping by more than
// quality.overlap_min_m2: "<a> overlaps <b> by N m²; <consequence>". Returns the pairs found.
size_t report_overlaps(const Dataset& ds, const LayerData& layer, const char* code, const std::string& consequence,
                       double overlap_min_m2, Findings& findings);

}  // namespace landeff
