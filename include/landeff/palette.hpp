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
};

struct Classification {
    std::string layer;  // output layer
    std::string field;  // attribute it classifies
    std::string name;   // style / map name
    std::vector<Swatch> classes;
};

const Classification& park_categories();    // parks.category
const Classification& parcel_states();      // parcels.state
const Classification& enterprise_grades();  // parcels.grade
const Classification& parcel_changes();     // parcel_changes.change (landeff compare)
// The 无数据 class of a classed map: features without the mapped value (a null 亩均税收), never
// drawn in a value class's colour.
const Swatch& no_data_swatch();

}  // namespace landeff
