// The maps' extent without the outlying parcels (issue 16), and the findings that name them.
#include <algorithm>
#include <cmath>

#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>

#include "landeff/findings.hpp"
#include "landeff/format.hpp"
#include "landeff/maps.hpp"
#include "landeff/messages.hpp"
#include "landeff/model.hpp"
#include "landeff/progress.hpp"
#include "landeff/spatial_index.hpp"

namespace landeff {
namespace {

using Box = std::array<double, 4>;

bool has_nan(const Box& b) { return std::isnan(b[0] + b[1] + b[2] + b[3]); }

double box_distance(const Box& a, const Box& b) {
    const double dx = std::max({0.0, a[0] - b[2], b[0] - a[2]});
    const double dy = std::max({0.0, a[1] - b[3], b[1] - a[3]});
    return std::hypot(dx, dy);
}

void merge(MapExtent& e, const Box& b) {
    if (e.empty) {
        e.box = b;
        e.empty = false;
        return;
    }
    e.box = {std::min(e.box[0], b[0]), std::min(e.box[1], b[1]), std::max(e.box[2], b[2]), std::max(e.box[3], b[3])};
}

}  // namespace

MapExtent map_extent(const std::vector<Box>& parks, const std::vector<Box>& parcels, double max_dist) {
    MapExtent e;
    for (const auto& b : parks)
        if (!has_nan(b)) merge(e, b);
    const bool no_parks = e.empty;
    const EnvelopeIndex index(parks);
    // Whether each parcel is near a park, on every core; the extent and the outliers (in the
    // parcels' order) from those answers after.
    std::vector<char> near(parcels.size(), 1);
    if (!no_parks)
        tbb::parallel_for(tbb::blocked_range<size_t>(0, parcels.size(), 4096), [&](const tbb::blocked_range<size_t>& r) {
            check_interrupt();
            std::vector<uint32_t> hits;
            for (size_t i = r.begin(); i != r.end(); ++i) {
                const Box& b = parcels[i];
                if (has_nan(b)) continue;
                hits.clear();
                index.query(b[0] - max_dist, b[1] - max_dist, b[2] + max_dist, b[3] + max_dist, hits);
                near[i] = std::any_of(hits.begin(), hits.end(), [&](uint32_t k) { return box_distance(b, parks[k]) <= max_dist; });
            }
        });
    for (size_t i = 0; i < parcels.size(); ++i) {
        const Box& b = parcels[i];
        if (has_nan(b)) continue;
        if (near[i]) merge(e, b);  // with no parks, nothing to be far from: every parcel counts
        else e.outliers.push_back(i);
    }
    return e;
}

void find_map_outliers(const Dataset& ds, double outlier_km, Findings& findings) {
    const auto boxes = [](const LayerData& layer) {
        std::vector<Box> out(layer.features.size(), Box{kNaN, kNaN, kNaN, kNaN});
        tbb::parallel_for(tbb::blocked_range<size_t>(0, out.size(), 4096), [&](const tbb::blocked_range<size_t>& r) {
            for (size_t i = r.begin(); i != r.end(); ++i) {
                const auto& f = layer.features[i];
                Box& b = out[i];
                if (f.geom && !envelope(f.geom, b[0], b[1], b[2], b[3])) b = {kNaN, kNaN, kNaN, kNaN};
            }
        });
        return out;
    };
    const double km = outlier_km;
    const MapExtent e = map_extent(boxes(ds.parks), boxes(ds.parcels), km * 1000 / ds.crs.unit_m);
    const std::string km_text = fmt::number(km);  // the setting as written: 5 → "5", 0.5 → "0.5"
    for (size_t i : e.outliers) {
        const auto& f = ds.parcels.features[i];
        findings.add("parcels", f.fid, f.rec.s(ParcelF::parcel_id), "map_outlier", Severity::Info,
                     say(findings.lang(), Msg::MapOutlier, {feature_ref(ds.parcels, f.fid, f.rec.s(ParcelF::parcel_id)), km_text}));
    }
}

}  // namespace landeff
