// Batches prepared in parallel and consumed in order (ordered_batches.hpp, issue 20), and the
// batches that are used again once consumed (RecyclableBatch).
#include <gtest/gtest.h>
#include <tbb/global_control.h>

#include <atomic>
#include <string>

#include "landeff/ordered_batches.hpp"

namespace landeff {
namespace {

// What a writer's batch does: rows' text appended to a string, emptied by recycle().
std::atomic<int> g_made{0};
struct TextBatch {
    size_t start = 0, n = 0;
    std::string text;
    bool reused = false;  // set by recycle(): this batch was consumed before
    TextBatch() { ++g_made; }
    void recycle() {
        text.clear();
        reused = true;
    }
};

// No recycle(): every batch is new.
struct PlainBatch {
    size_t start = 0, n = 0;
    std::string text;
};

std::string row_text(size_t i) { return "<row r=\"" + std::to_string(i) + "\">" + std::string(i % 53, 'x') + "</row>"; }

template <class Batch>
std::string run(size_t count, size_t rows, int& fresh_prepares, int& kept_capacity) {
    std::string out;
    std::atomic<int> fresh{0}, kept{0};
    in_ordered_batches<Batch>(
        count, rows,
        [&](Batch& b) {
            // A batch reaches prepare empty, whether new or recycled; a recycled one keeps its buffer.
            EXPECT_TRUE(b.text.empty());
            if (b.text.capacity() > 100) ++kept;
            else ++fresh;
            for (size_t k = 0; k < b.n; ++k) b.text += row_text(b.start + k);
        },
        [&](Batch& b) { out += b.text; });
    fresh_prepares = fresh;
    kept_capacity = kept;
    return out;
}

TEST(OrderedBatches, RecycledBatchesGiveTheRowsInOrder) {
    for (int jobs : {1, 2, 4}) {
        tbb::global_control c(tbb::global_control::max_allowed_parallelism, static_cast<size_t>(jobs));
        const size_t count = 20000, rows = 37;  // 541 batches, the last of 20000 - 540 × 37 = 20 rows
        std::string want;
        for (size_t i = 0; i < count; ++i) want += row_text(i);
        g_made = 0;
        int fresh = 0, kept = 0;
        EXPECT_EQ(run<TextBatch>(count, rows, fresh, kept), want) << jobs;
        // At most the pipeline's eight batches in flight were ever made; all the others were recycled
        // ones, their strings' buffers kept.
        EXPECT_LE(g_made.load(), 8) << jobs;
        EXPECT_GE(g_made.load(), 1) << jobs;
        EXPECT_EQ(fresh, g_made.load()) << jobs;
        EXPECT_EQ(kept, 541 - g_made.load()) << jobs;
    }
}

TEST(OrderedBatches, PlainBatchesAreNewEachTime) {
    const size_t count = 1000, rows = 10;
    std::string want;
    for (size_t i = 0; i < count; ++i) want += row_text(i);
    int fresh = 0, kept = 0;
    EXPECT_EQ(run<PlainBatch>(count, rows, fresh, kept), want);
    EXPECT_EQ(fresh, 100);
    EXPECT_EQ(kept, 0);
}

TEST(OrderedBatches, NoRowsNoBatch) {
    int fresh = 0, kept = 0;
    g_made = 0;
    EXPECT_EQ(run<TextBatch>(0, 16, fresh, kept), "");
    EXPECT_EQ(g_made.load(), 0);
}

}  // namespace
}  // namespace landeff
