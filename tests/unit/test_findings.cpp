// Findings::sort: the order is layer (config, run, parks, parcels, approvals, enterprises, … then
// the rest), fid, code, message — and findings equal in all four keep the order they were added in.
#include <gtest/gtest.h>

#include <string>
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
