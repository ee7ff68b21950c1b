#include "landeff/spatial_index.hpp"

#include <algorithm>
#include <cmath>
#include <boost/geometry.hpp>
#include <boost/geometry/index/rtree.hpp>

namespace bg = boost::geometry;
namespace bgi = boost::geometry::index;

namespace landeff {

using BPoint = bg::model::point<double, 2, bg::cs::cartesian>;
using BBox = bg::model::box<BPoint>;
using Entry = std::pair<BBox, uint32_t>;

struct EnvelopeIndex::Impl {
    bgi::rtree<Entry, bgi::rstar<16>> tree;
};

EnvelopeIndex::EnvelopeIndex(const std::vector<const GEOSGeometry*>& geoms) : m_impl(std::make_unique<Impl>()) {
    std::vector<Entry> entries;
    entries.reserve(geoms.size());
    for (uint32_t i = 0; i < geoms.size(); ++i) {
        double x0, y0, x1, y1;
        if (envelope(geoms[i], x0, y0, x1, y1)) entries.emplace_back(BBox({x0, y0}, {x1, y1}), i);
    }
    m_impl->tree = bgi::rtree<Entry, bgi::rstar<16>>(entries.begin(), entries.end());  // packing (STR)
}

EnvelopeIndex::EnvelopeIndex(const std::vector<std::array<double, 4>>& boxes) : m_impl(std::make_unique<Impl>()) {
    std::vector<Entry> entries;
    entries.reserve(boxes.size());
    for (uint32_t i = 0; i < boxes.size(); ++i) {
        const auto& b = boxes[i];
        if (!std::isnan(b[0] + b[1] + b[2] + b[3])) entries.emplace_back(BBox({b[0], b[1]}, {b[2], b[3]}), i);
    }
    m_impl->tree = bgi::rtree<Entry, bgi::rstar<16>>(entries.begin(), entries.end());  // packing (STR)
}

EnvelopeIndex::~EnvelopeIndex() = default;
EnvelopeIndex::EnvelopeIndex(EnvelopeIndex&&) noexcept = default;

void EnvelopeIndex::query(double x0, double y0, double x1, double y1, std::vector<uint32_t>& out) const {
    out.clear();
    thread_local std::vector<Entry> hits;
    hits.clear();
    m_impl->tree.query(bgi::intersects(BBox({x0, y0}, {x1, y1})), std::back_inserter(hits));
    for (const auto& h : hits) out.push_back(h.second);
    std::sort(out.begin(), out.end());
}

void EnvelopeIndex::query(const GEOSGeometry* g, std::vector<uint32_t>& out) const {
    double x0, y0, x1, y1;
    if (!envelope(g, x0, y0, x1, y1)) {
        out.clear();
        return;
    }
    query(x0, y0, x1, y1, out);
}

}  // namespace landeff
