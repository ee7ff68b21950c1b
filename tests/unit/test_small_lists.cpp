// ParkShares and SmallIds (model.hpp, issue 20): the short lists held inline for millions of parcels
// and enterprises must behave exactly like the vectors they replace, across the inline → block step.
#include <gtest/gtest.h>

#include <utility>
#include <vector>

#include "landeff/model.hpp"

using namespace landeff;

namespace {

std::vector<std::pair<uint32_t, double>> items(const ParkShares& s) {
    std::vector<std::pair<uint32_t, double>> out;
    for (const ParkShare& p : s) out.emplace_back(p.park, p.area_m2);
    return out;
}

}  // namespace

TEST(ParkShares, HoldsNoneOneAndManyInOrder) {
    ParkShares s;
    EXPECT_TRUE(s.empty());
    EXPECT_EQ(s.begin(), s.end());
    s.push_back({7, 12.5});  // one: inline
    ASSERT_EQ(s.size(), 1u);
    EXPECT_EQ(s[0].park, 7u);
    EXPECT_EQ(s[0].area_m2, 12.5);
    s.push_back({3, 0.25});  // two: the inline one moves into the block first
    s.push_back({9, 100.0});
    s.push_back({1, 1e-9});
    using V = std::vector<std::pair<uint32_t, double>>;
    EXPECT_EQ(items(s), (V{{7, 12.5}, {3, 0.25}, {9, 100.0}, {1, 1e-9}}));
    EXPECT_EQ(s[2].park, 9u);
}

TEST(ParkShares, CopiesAndMovesAreIndependent) {
    using V = std::vector<std::pair<uint32_t, double>>;
    for (size_t n : {0u, 1u, 2u, 5u}) {
        ParkShares a;
        V want;
        for (uint32_t k = 0; k < n; ++k) {
            a.push_back({k, k + 0.5});
            want.emplace_back(k, k + 0.5);
        }
        ParkShares b = a;          // copy
        b.push_back({99, 9.0});    // changes b only
        EXPECT_EQ(items(a), want) << n;
        ParkShares c = std::move(b);
        EXPECT_TRUE(b.empty()) << n;  // NOLINT: a moved-from list is empty by contract
        V want_c = want;
        want_c.emplace_back(99, 9.0);
        EXPECT_EQ(items(c), want_c) << n;
        ParkShares d;
        d.push_back({5, 5.0});
        d = c;  // copy-assign over a list that had one
        EXPECT_EQ(items(d), want_c) << n;
        d = std::move(a);  // move-assign over a block
        EXPECT_EQ(items(d), want) << n;
        d = d;  // NOLINT: self-assignment keeps the list
        EXPECT_EQ(items(d), want) << n;
    }
}

TEST(SmallIds, HoldsThreeInlineThenGrowsContiguously) {
    SmallIds s;
    std::vector<uint32_t> want;
    EXPECT_TRUE(s.empty());
    for (uint32_t k = 0; k < 40; ++k) {  // past the inline three and several doublings
        s.push_back(k * 3 + 1);
        want.push_back(k * 3 + 1);
        ASSERT_EQ(std::vector<uint32_t>(s.begin(), s.end()), want) << k;
        ASSERT_EQ(s.size(), want.size());
        ASSERT_EQ(s[k], want[k]);
    }
}

TEST(SmallIds, CopiesAndMovesAreIndependent) {
    for (uint32_t n : {0u, 2u, 3u, 4u, 9u}) {
        SmallIds a;
        std::vector<uint32_t> want;
        for (uint32_t k = 0; k < n; ++k) {
            a.push_back(k);
            want.push_back(k);
        }
        SmallIds b = a;
        b.push_back(77);  // a copy of exactly n (a block of n when n > 3) grows on
        EXPECT_EQ(std::vector<uint32_t>(a.begin(), a.end()), want) << n;
        auto want_b = want;
        want_b.push_back(77);
        EXPECT_EQ(std::vector<uint32_t>(b.begin(), b.end()), want_b) << n;
        SmallIds c = std::move(b);
        EXPECT_TRUE(b.empty()) << n;  // NOLINT
        EXPECT_EQ(std::vector<uint32_t>(c.begin(), c.end()), want_b) << n;
        c = a;
        EXPECT_EQ(std::vector<uint32_t>(c.begin(), c.end()), want) << n;
        SmallIds d;
        d.push_back(1);
        d = std::move(c);
        EXPECT_EQ(std::vector<uint32_t>(d.begin(), d.end()), want) << n;
    }
}
