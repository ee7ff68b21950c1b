// EnvelopeIndex (spatial_index.hpp): a query finds exactly the boxes that meet it, however the
// index cut its entries into trees (issue 20: from 65 536 entries, four slices by centre x packed
// on every core). Checked against a scan of every box.
#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <random>
#include <vector>

#include "landeff/spatial_index.hpp"

using namespace landeff;

namespace {

using Box = std::array<double, 4>;

std::vector<uint32_t> scan(const std::vector<Box>& boxes, const Box& q) {
    std::vector<uint32_t> out;
    for (uint32_t i = 0; i < boxes.size(); ++i) {
        const Box& b = boxes[i];
        if (std::isnan(b[0])) continue;
        if (b[2] >= q[0] && b[0] <= q[2] && b[3] >= q[1] && b[1] <= q[3]) out.push_back(i);
    }
    return out;
}

// n boxes of 0 … 30 m on a 10 km square, every 97th without a geometry (NaN), and every 1000th a
// copy of the one before (equal boxes, equal centres, across whatever cut falls between them).
std::vector<Box> random_boxes(size_t n, uint32_t seed) {
    std::mt19937 rng(seed);
    std::uniform_real_distribution<double> at(0, 10000), size(0, 30);
    std::vector<Box> boxes(n);
    for (size_t i = 0; i < n; ++i) {
        if (i % 97 == 5) {
            boxes[i] = {NAN, NAN, NAN, NAN};
            continue;
        }
        if (i % 1000 == 1 && !std::isnan(boxes[i - 1][0])) {
            boxes[i] = boxes[i - 1];
            continue;
        }
        const double x = at(rng), y = at(rng);
        boxes[i] = {x, y, x + size(rng), y + size(rng)};
    }
    return boxes;
}

void expect_queries_match_scan(size_t n) {
    const std::vector<Box> boxes = random_boxes(n, 11);
    const EnvelopeIndex index(boxes);
    std::mt19937 rng(3);
    std::uniform_real_distribution<double> at(-100, 10100), size(0, 800);
    std::vector<uint32_t> hits;
    size_t found = 0;
    for (int k = 0; k < 300; ++k) {
        const double x = at(rng), y = at(rng);
        const Box q{x, y, x + size(rng), y + size(rng)};
        index.query(q[0], q[1], q[2], q[3], hits);
        const auto want = scan(boxes, q);
        EXPECT_EQ(hits, want) << "n " << n << " query " << k;
        found += want.size();
    }
    // Vertical strips across the whole square cross every place a cut could fall.
    for (int k = 0; k <= 20; ++k) {
        const Box q{k * 500.0 - 1, -1, k * 500.0 + 1, 10101};
        index.query(q[0], q[1], q[2], q[3], hits);
        EXPECT_EQ(hits, scan(boxes, q)) << "n " << n << " strip " << k;
    }
    // A box found by itself: its own corner point meets it (touching counts).
    for (size_t i = 0; i < n; i += n / 50) {
        if (std::isnan(boxes[i][0])) continue;
        index.query(boxes[i][2], boxes[i][3], boxes[i][2], boxes[i][3], hits);
        EXPECT_TRUE(std::binary_search(hits.begin(), hits.end(), static_cast<uint32_t>(i))) << "n " << n << " box " << i;
    }
    EXPECT_GT(found, 300u);  // the queries do find boxes
}

}  // namespace

TEST(EnvelopeIndex, OneTreeFindsWhatAScanFinds) { expect_queries_match_scan(20000); }

TEST(EnvelopeIndex, SlicedTreesFindWhatAScanFinds) { expect_queries_match_scan(100000); }

// Fewer entries than slices would need and an index with none: no tree misbehaves.
TEST(EnvelopeIndex, EmptyAndAllNaN) {
    const EnvelopeIndex none(std::vector<Box>{});
    std::vector<uint32_t> hits{7};
    none.query(0, 0, 1, 1, hits);
    EXPECT_TRUE(hits.empty());
    const EnvelopeIndex nan(std::vector<Box>(70000, Box{NAN, NAN, NAN, NAN}));
    nan.query(-1e9, -1e9, 1e9, 1e9, hits);
    EXPECT_TRUE(hits.empty());
}
