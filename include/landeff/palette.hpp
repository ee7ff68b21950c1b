#pragma once
// One palette for QGIS styles and layout maps, so a category has the same colour everywhere.
#include <cstdint>
#include <string>
#include <vector>

namespace landeff {

struct Swatch {
    std::string value;  // attribute value
    std::string label;  // Chinese legend label
    uint32_t rgb;       // 0xRRGGBB
    std::string label_en{};  // English legend label (maps with --lang en); empty = the Chinese one
};

struct Classification {
    std::string layer;  // output layer
    std::string field;  // attribute it classifies
    std::string name;   // style / map name
    std::vector<Swatch> classes;
    std::string name_en{};  // the English name (map legends with --lang en); empty = the Chinese one
};

const Classification& park_categories();    // parks.category
const Classification& parcel_states();      // parcels.state
const Classification& enterprise_grades();  // parcels.grade
const Classification& parcel_changes();     // parcel_changes.change (landeff compare)
const Classification& finding_severities(); // findings.severity (outlines of the feature a finding is about)

// 批而未供 (unsupplied approvals): a colour no land state uses, drawn hatched over the parcels.
uint32_t unsupplied_rgb();
// The devzone map's control lines: farmland fill, red-line fill, development-boundary outline.
uint32_t devzone_farmland_rgb();
uint32_t devzone_redline_rgb();
uint32_t devzone_boundary_rgb();
// The per-mu tax classes, low to high (the map and the QGIS style pick from it the same way).
const std::vector<uint32_t>& tax_ramp();
uint32_t tax_ramp_colour(size_t cls, size_t n_classes);  // class cls of n_classes
uint32_t no_data_rgb();                                   // 无税收数据: a value the data lacks
// The 无数据 class of a classed map: features without the mapped value (a null 亩均税收), never
// drawn in a value class's colour.
const Swatch& no_data_swatch();

}  // namespace landeff
