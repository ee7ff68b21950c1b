#pragma once
// A synthetic city (issue 2 §9) in EPSG:4549 with Chinese names and realistic field names:
// parks of every level, an urban core and a restricted zone, parcels mostly inside parks (some
// straddling a boundary, some in a park's hole, some outside), approvals partly supplied, an
// enterprises table for the year, and dates that produce every land state of rules.md §4.
#include <cstdint>
#include <filesystem>

namespace landeff {

struct SynthOptions {
    size_t parcels = 0;  // required without --from
    uint64_t seed = 1;
    int year = 2024;
    std::filesystem::path out;
    bool overwrite = false;
    // --hostile (issue 20): the benchmark city as hostile as real data — uneven park sizes (a few
    // huge, many small), about 10 % of the parcels straddling a park boundary (a village enclave
    // over half the parcel), and approvals in blocks of parcels larger than a parcel that overlap
    // their neighbours at the corners. Deterministic by seed; the default city is unchanged.
    bool hostile = false;
    // --province (issue 21): the parcels of a province of counties instead of one county; 0 = one county
    // (330302) as before. The counties are equal west-to-east strips, so some park straddles a county
    // line and some enterprise holds parcels in two counties.
    size_t counties = 0;
    // --parks (issue 20, maps): how many parks (at least 6); 0 = one per 80 parcels, between 6 and 50 000, as
    // before. At most a quarter of the parcels, so every park holds at least four.
    size_t parks = 0;
};

struct SynthSummary {
    size_t parks = 0, parcels = 0, approvals = 0, enterprises = 0;
};

// Writes OUT/city.gpkg, OUT/enterprises.csv and OUT/landeff.toml. Deterministic for a seed.
SynthSummary synthesize(const SynthOptions& opt);

// The following year of a synthetic city in `from` (issue 9): some parcels started, some idle
// land recovered (parcels removed), one parcel split and two merged (new ids), land supplied
// after last year's evaluation date now supplied, some plants stopped, enterprise figures grown
// or shrunk, one enterprise gone and one new. Deterministic for a seed.
SynthSummary synthesize_next_year(const std::filesystem::path& from, const SynthOptions& opt);

}  // namespace landeff
