#pragma once
// The development-zone integration check (开发区整合优化核查, issue 18, rules.md §9): per park, the
// control lines (城镇开发边界, 永久基本农田, 生态保护红线), current land use from the 三调 survey, the
// planned land use, approved / 批而未供 / supplied / idle land and their rates, the supply years
// remaining, industrial land diverted to other uses (挪作他用) and the next year's quota suggestion.
#include <array>
#include <optional>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "landeff/findings.hpp"
#include "landeff/model.hpp"
#include "landeff/params.hpp"

namespace landeff {

// Needs check_compliance(), classify_parcels() and assess_unsupplied(). Fills ParkResult::dz of
// every park and ParcelResult::diverted / div_share / div_evidence of supplied industrial parcels.
// Overlapping farmland or red-line polygons inside a zone are counted once (a union of the few
// polygons meeting that zone, never of the whole layer); the 三调 and plan layers are partitions
// and are summed polygon by polygon.
void check_devzones(const Dataset& ds, const DevzoneRules& rules, Analysis& an, Findings& findings);

// The 三调 layer's figures, summed while the layer is streamed (stream_landuse) and read by
// check_devzones: per zone (the parks in order, then the platforms of several parks in
// platform_groups order) its construction, industrial, mining and storage land (m²); per parcel of
// industrial use with a geometry its area under devzone.diverted_codes and the polygons as evidence.
struct LanduseSums {
    std::vector<std::array<double, 4>> zone;
    std::vector<double> other_m2;
    // The 三调 polygons under each parcel that has any, by parcel index: a few parcels of a province
    // (a vector per parcel was 24 bytes each, 120 MB at 5 M parcels; issue 20).
    std::unordered_map<uint32_t, std::vector<std::string>> evidence;
};

// The platforms of several parks (the parks sharing their `platform` field, else a park's own id,
// as classify_platforms groups them), by key; each platform's parks by park_id.
std::vector<std::pair<std::string, std::vector<uint32_t>>> platform_groups(const Dataset& ds);

// Reads the landuse input `in` in chunks of rules.landuse_chunk (devzone.landuse_chunk) features, overlaying each chunk
// with the parks, the platforms' unions and the industrial parcels (R-trees, prepared geometries,
// the containment fast path; in parallel within a chunk, summed in the layer's order, so the sums
// are those of reading it whole). Needs ds.parks and ds.parcels read. Sets ds.landuse (without its
// features) and ds.landuse_sums; the layer's id checks and reading findings go to `findings`.
// With `bbox` (a partition, rules.md §10): only the polygons whose rectangle meets it (the sums of the
// zones and parcels inside it are those of the whole layer; the others are not this partition's).
void stream_landuse(Dataset& ds, const InputSpec& in, const DevzoneRules& rules, Findings& findings,
                    const std::optional<std::array<double, 4>>& bbox = std::nullopt);

// devzone.quota_table: "share:adjustment|…", shares ascending (e.g. "0:0|0.1:-0.1|0.3:-0.3").
// Throws std::invalid_argument saying what is wrong.
std::vector<std::pair<double, double>> parse_quota_table(const std::string& text);

}  // namespace landeff
