// Findings::sort: the order is layer (config, run, parks, parcels, approvals, enterprises, … then
// the rest), fid, code, message — and findings equal in all four keep the order they were added in.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <string>
#include <tuple>
#include <vector>

#include "landeff/findings.hpp"

using namespace landeff;

TEST(Findings, SortIsByLayerFidCodeMessageAndStableForTies) {
    Findings f;
    // Added out of order; ids tell them apart where the four keys tie.
    f.add("parcels", 7, "P7-second", "outside_parks", Severity::Info, "m");
    f.add("zz_unknown", 1, "Z", "c", Severity::Info, "m");           // unknown layers last (rank 99)
    f.add("parcels", 7, "P7-a", "area_mismatch", Severity::Warning, "m");  // code orders before outside_parks
    f.add("enterprises", 2, "E2", "ent_no_parcel", Severity::Warning, "m");
    f.add("parcels", 3, "P3", "outside_parks", Severity::Info, "m");
    f.add("parks", 9, "K9", "missing_money", Severity::Info, "m");
    f.add("config", -1, "", "config_warning", Severity::Warning, "b");
    f.add("config", -1, "", "config_warning", Severity::Warning, "a");  // message orders before "b"
    f.add("parcels", 7, "P7-third", "outside_parks", Severity::Error, "m");  // ties with P7-second: after it
    f.add("parcels", 7, "P7-fourth", "outside_parks", Severity::Info, "m");
    f.add("run", -1, "", "invariant_failed", Severity::Error, "x");
    f.sort();
    std::vector<std::string> got;
    for (const auto& x : f.items()) got.push_back(x.layer + "/" + std::to_string(x.fid) + "/" + x.code + "/" + x.message + "/" + x.id);
    const std::vector<std::string> want = {
        "config/-1/config_warning/a/",
        "config/-1/config_warning/b/",
        "run/-1/invariant_failed/x/",
        "parks/9/missing_money/m/K9",
        "parcels/3/outside_parks/m/P3",
        "parcels/7/area_mismatch/m/P7-a",
        "parcels/7/outside_parks/m/P7-second",  // the three ties, in the order added
        "parcels/7/outside_parks/m/P7-third",
        "parcels/7/outside_parks/m/P7-fourth",
        "enterprises/2/ent_no_parcel/m/E2",
        "zz_unknown/1/c/m/Z",
    };
    EXPECT_EQ(got, want);
    EXPECT_EQ(f.items()[7].severity, Severity::Error);  // whole findings moved, not only their keys
    f.sort();  // sorting again changes nothing
    std::vector<std::string> again;
    for (const auto& x : f.items()) again.push_back(x.layer + "/" + std::to_string(x.fid) + "/" + x.code + "/" + x.message + "/" + x.id);
    EXPECT_EQ(again, want);
}

// Many findings with few distinct keys (ties everywhere), across the layers known and unknown: the
// order is that of a stable sort by the four keys, however the sort is split over the cores (it is
// a parallel sort with the position added as the last key; a sort without it fails here).
TEST(Findings, ManyTiesKeepTheOrderAddedWhateverTheCores) {
    const std::vector<std::string> layers = {"parcels", "zz_b", "parks", "config", "zz_a", "enterprises"};
    const std::vector<std::string> codes = {"c2", "c1"};
    struct Key {
        int rank;
        int64_t fid;
        std::string code, message, id;
    };
    auto rank_of = [](const std::string& l) {
        return l == "config" ? 0 : l == "parks" ? 2 : l == "parcels" ? 3 : l == "enterprises" ? 5 : 99;
    };
    Findings f;
    std::vector<Key> want;
    uint32_t x = 12345;
    auto next = [&](uint32_t n) {
        x = x * 1103515245u + 12345u;
        return (x >> 8) % n;
    };
    for (int i = 0; i < 50000; ++i) {
        const std::string& layer = layers[next(6)];
        const int64_t fid = next(5);
        const std::string& code = codes[next(2)];
        const std::string message = next(2) ? "m" : "n";
        const std::string id = std::to_string(i);
        f.add(layer, fid, id, code, Severity::Info, message);
        want.push_back({rank_of(layer), fid, code, message, layer + "#" + id});
    }
    std::stable_sort(want.begin(), want.end(), [](const Key& a, const Key& b) {
        return std::tie(a.rank, a.fid, a.code, a.message) < std::tie(b.rank, b.fid, b.code, b.message);
    });
    f.sort();
    ASSERT_EQ(f.items().size(), want.size());
    size_t wrong = 0;
    for (size_t k = 0; k < want.size(); ++k)
        if (f.items()[k].layer + "#" + f.items()[k].id != want[k].id) ++wrong;
    EXPECT_EQ(wrong, 0u);
}
