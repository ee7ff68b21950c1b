// Work on every core whose results are taken in order: in_ordered_batches (issue 20).
#pragma once

#include <tbb/parallel_pipeline.h>

#include <algorithm>
#include <cstddef>
#include <memory>
#include <mutex>
#include <vector>

namespace landeff {

// A batch type with a member recycle() is used again once consumed (issue 20): recycle() empties it
// and keeps its buffers, so the strings of a writer's batches (several MB of XML or JSON) are not
// allocated, grown and given back batch after batch. prepare() then receives either a new batch
// or a recycled one, with start and n set.
template <class Batch>
concept RecyclableBatch = requires(Batch& b) { b.recycle(); };

// Rows [0, count) in batches of `rows`: prepare(batch) runs in parallel on batches (each knows its
// start and n), consume(batch) serially in row order while later batches are prepared. The
// writers (GDAL's CreateFeature, the GeoPackage's SQLite insert, report.xlsx's sheets) stream their
// rows through it; so do the analysis loops that find each item's answers in parallel and add them
// up in the items' order (score_parks, the findings layer's lookups), holding a few batches at once
// instead of an answer for every item.
template <class Batch, class Prepare, class Consume>
void in_ordered_batches(size_t count, size_t rows, Prepare prepare, Consume consume) {
    size_t next = 0;
    // The consumed batches waiting to be used again (RecyclableBatch): the first and last stages
    // are each serial but may run at the same time.
    std::mutex spare_lock;
    std::vector<std::shared_ptr<Batch>> spare;
    tbb::parallel_pipeline(
        8, tbb::make_filter<void, std::shared_ptr<Batch>>(tbb::filter_mode::serial_in_order,
                                                          [&](tbb::flow_control& fc) -> std::shared_ptr<Batch> {
                                                              if (next >= count) {
                                                                  fc.stop();
                                                                  return nullptr;
                                                              }
                                                              std::shared_ptr<Batch> b;
                                                              if constexpr (RecyclableBatch<Batch>) {
                                                                  const std::lock_guard<std::mutex> hold(spare_lock);
                                                                  if (!spare.empty()) {
                                                                      b = std::move(spare.back());
                                                                      spare.pop_back();
                                                                  }
                                                              }
                                                              if (!b) b = std::make_shared<Batch>();
                                                              b->start = next;
                                                              b->n = std::min(rows, count - next);
                                                              next += b->n;
                                                              return b;
                                                          }) &
               tbb::make_filter<std::shared_ptr<Batch>, std::shared_ptr<Batch>>(tbb::filter_mode::parallel,
                                                                                [&](std::shared_ptr<Batch> b) {
                                                                                    prepare(*b);
                                                                                    return b;
                                                                                }) &
               tbb::make_filter<std::shared_ptr<Batch>, void>(tbb::filter_mode::serial_in_order, [&](std::shared_ptr<Batch> b) {
                   consume(*b);
                   if constexpr (RecyclableBatch<Batch>) {
                       b->recycle();
                       const std::lock_guard<std::mutex> hold(spare_lock);
                       spare.push_back(std::move(b));
                   }
               }));
}

// Items [0, count): make(i, answer) on every core, a batch of `rows` items at a time, into an answer
// value-initialised for each item; take(i, answer) serially in the items' order. For loops that
// find each item's answer in parallel and add the answers up as one pass would, to the bit (the
// parks' scores, the platforms' land, the development-zone platforms, the findings layer's lookups).
template <class Answer, class Make, class Take>
void in_item_order(size_t count, size_t rows, Make make, Take take) {
    struct Batch {
        size_t start = 0, n = 0;
        std::vector<Answer> answers;
    };
    in_ordered_batches<Batch>(
        count, rows,
        [&](Batch& b) {
            b.answers.resize(b.n);
            for (size_t k = 0; k < b.n; ++k) make(b.start + k, b.answers[k]);
        },
        [&](Batch& b) {
            for (size_t k = 0; k < b.n; ++k) take(b.start + k, b.answers[k]);
        });
}

}  // namespace landeff
