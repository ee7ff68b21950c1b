#include "landeff/spatial_index.hpp"

#include <algorithm>
#include <cmath>
#include <boost/geometry.hpp>
#include <boost/geometry/index/rtree.hpp>
#include <tbb/parallel_for.h>
#include <tbb/parallel_invoke.h>

namespace bg = boost::geometry;
namespace bgi = boost::geometry::index;

namespace landeff {

using BPoint = bg::model::point<double, 2, bg::cs::cartesian>;
using BBox = bg::model::box<BPoint>;
using Entry = std::pair<BBox, uint32_t>;

using Tree = bgi::rtree<Entry, bgi::rstar<16>>;

// The entries in a few trees, each over a slice of them by the x of their boxes' centres (issue 20:
// one tree packed on one core was 0.15 s at 1 M parcels, twice in a run, the other cores idle). The
// slices are cut by nth_element and packed on every core; a query asks each tree whose bounds meet
// the box, and the hits are sorted, so what a query finds does not depend on how the entries were
// cut.
struct EnvelopeIndex::Impl {
    std::vector<Tree> trees;
    std::vector<BBox> bounds;  // each tree's
};

namespace {

constexpr size_t kSliceFrom = 65536;  // fewer entries: one tree
constexpr size_t kSlices = 4;

double centre_x(const Entry& e) { return e.first.min_corner().get<0>() + e.first.max_corner().get<0>(); }

// Slices [lo, hi) of `entries` into `parts` runs (a power of two) by centre x, on every core.
void cut(std::vector<Entry>& entries, size_t lo, size_t hi, size_t parts) {
    if (parts < 2 || hi - lo < 2) return;
    const size_t mid = lo + (hi - lo) / 2;
    std::nth_element(entries.begin() + static_cast<std::ptrdiff_t>(lo), entries.begin() + static_cast<std::ptrdiff_t>(mid),
                     entries.begin() + static_cast<std::ptrdiff_t>(hi), [](const Entry& a, const Entry& b) {
                         const double xa = centre_x(a), xb = centre_x(b);
                         return xa != xb ? xa < xb : a.second < b.second;
                     });
    tbb::parallel_invoke([&] { cut(entries, lo, mid, parts / 2); }, [&] { cut(entries, mid, hi, parts / 2); });
}

void build(std::vector<Tree>& trees, std::vector<BBox>& bounds, std::vector<Entry>& entries) {
    const size_t n = entries.size();
    const size_t k = n >= kSliceFrom ? kSlices : 1;
    cut(entries, 0, n, k);
    trees.resize(k);
    bounds.resize(k);
    tbb::parallel_for(size_t(0), k, [&](size_t t) {
        const auto b = entries.begin() + static_cast<std::ptrdiff_t>(n * t / k);
        const auto e = entries.begin() + static_cast<std::ptrdiff_t>(n * (t + 1) / k);
        trees[t] = Tree(b, e);  // packing (STR)
        bounds[t] = trees[t].bounds();
    });
}

}  // namespace

EnvelopeIndex::EnvelopeIndex(const std::vector<const GEOSGeometry*>& geoms) : m_impl(std::make_unique<Impl>()) {
    std::vector<Entry> entries;
    entries.reserve(geoms.size());
    for (uint32_t i = 0; i < geoms.size(); ++i) {
        double x0, y0, x1, y1;
        if (envelope(geoms[i], x0, y0, x1, y1)) entries.emplace_back(BBox({x0, y0}, {x1, y1}), i);
    }
    build(m_impl->trees, m_impl->bounds, entries);
}

EnvelopeIndex::EnvelopeIndex(const std::vector<std::array<double, 4>>& boxes) : m_impl(std::make_unique<Impl>()) {
    std::vector<Entry> entries;
    entries.reserve(boxes.size());
    for (uint32_t i = 0; i < boxes.size(); ++i) {
        const auto& b = boxes[i];
        if (!std::isnan(b[0] + b[1] + b[2] + b[3])) entries.emplace_back(BBox({b[0], b[1]}, {b[2], b[3]}), i);
    }
    build(m_impl->trees, m_impl->bounds, entries);
}

EnvelopeIndex::~EnvelopeIndex() = default;
EnvelopeIndex::EnvelopeIndex(EnvelopeIndex&&) noexcept = default;

void EnvelopeIndex::query(double x0, double y0, double x1, double y1, std::vector<uint32_t>& out) const {
    out.clear();
    thread_local std::vector<Entry> hits;
    hits.clear();
    const BBox box({x0, y0}, {x1, y1});
    for (size_t t = 0; t < m_impl->trees.size(); ++t)
        if (!m_impl->trees[t].empty() && bg::intersects(m_impl->bounds[t], box))
            m_impl->trees[t].query(bgi::intersects(box), std::back_inserter(hits));
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
