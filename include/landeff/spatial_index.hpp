#pragma once
// A static R-tree over feature envelopes (Boost.Geometry, STR packing), shared by the overlay,
// the self-overlap checks and the land-state stage.
#include <array>
#include <cstdint>
#include <limits>
#include <memory>
#include <vector>

#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>

#include "landeff/geos.hpp"

namespace landeff {

class EnvelopeIndex {
public:
    // geoms[i] may be null (not indexed).
    explicit EnvelopeIndex(const std::vector<const GEOSGeometry*>& geoms);
    // Over boxes {x0, y0, x1, y1}; a box with a NaN is not indexed.
    explicit EnvelopeIndex(const std::vector<std::array<double, 4>>& boxes);
    ~EnvelopeIndex();
    EnvelopeIndex(EnvelopeIndex&&) noexcept;
    // Indices whose envelope meets the box, in ascending order.
    void query(double x0, double y0, double x1, double y1, std::vector<uint32_t>& out) const;
    // Same, for a geometry's envelope; empty for a null or empty geometry.
    void query(const GEOSGeometry* g, std::vector<uint32_t>& out) const;

private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

// Convenience: the geometries of a vector of features.
template <class Features>
std::vector<const GEOSGeometry*> geometries_of(const Features& features) {
    std::vector<const GEOSGeometry*> out;
    out.reserve(features.size());
    for (const auto& f : features) out.push_back(f.geom.get());
    return out;
}

// The envelopes of a vector of features however their geometries are held (a packed parcel's
// from its WKB, issue 20); NaN for none.
template <class Features>
std::vector<std::array<double, 4>> boxes_of(const Features& features) {
    std::vector<std::array<double, 4>> out(features.size());
    // On every core: a packed parcel's box walks its WKB's points (a million parcels in the overlap check).
    tbb::parallel_for(tbb::blocked_range<size_t>(0, features.size(), 4096), [&](const tbb::blocked_range<size_t>& r) {
        for (size_t i = r.begin(); i != r.end(); ++i) {
            auto& b = out[i];
            if (!features[i].geom || !envelope(features[i].geom, b[0], b[1], b[2], b[3])) b.fill(std::numeric_limits<double>::quiet_NaN());
        }
    });
    return out;
}

}  // namespace landeff
