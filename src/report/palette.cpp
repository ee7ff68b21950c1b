#include "landeff/palette.hpp"

#include <algorithm>
#include <stdexcept>

#include "landeff/labels.hpp"

namespace landeff {

namespace {

// A classification of a label table: one colour per code, in the table's order; the labels come
// from labels.cpp, so legends, styles and reports say the same.
Classification classify(std::string layer, std::string field, const LabelTable& t, const std::vector<uint32_t>& rgb) {
    if (rgb.size() != t.labels.size()) throw std::logic_error("palette: one colour per label of " + std::string(t.name));
    Classification c{std::move(layer), std::move(field), std::string(t.name), {}, std::string(t.name_en)};
    for (size_t i = 0; i < rgb.size(); ++i)
        c.classes.push_back({std::string(t.labels[i].code), std::string(t.labels[i].zh), rgb[i], std::string(t.labels[i].en)});
    return c;
}

}  // namespace

const Classification& park_categories() {
    static const Classification c =
        classify("parks", "category", platform_category_labels(), {0x1F78B4, 0x33A02C, 0xFF7F00, 0xE31A1C});
    return c;
}

const Classification& parcel_states() {
    // no_data (数据不足) in the maps' one "no data" grey, as the 无数据 class of the per-mu tax map;
    // white was the page's background and read as "not drawn".
    static const Classification c = classify("parcels", "state", land_state_labels(),
                                             {0xBDBDBD, 0x9ECAE1, 0xFDAE6B, 0xD94801, 0xE31A1C, 0xFB9A99, 0x984EA3, 0x33A02C, no_data_rgb()});
    return c;
}

const Classification& enterprise_grades() {
    static const Classification c = classify("parcels", "grade", grade_labels(), {0x1A9850, 0x91CF60, 0xFEE08B, 0xD73027, 0xD9D9D9});
    return c;
}

const Classification& parcel_changes() {
    static const Classification c = classify("parcel_changes", "change", parcel_change_labels(),
                                             {0x1A9850, 0xD73027, 0x984EA3, 0x91CF60, 0x2C7BB6, 0xFDAE61, 0xA6611A, 0x252525,
                                              0x5AB4AC, 0xFEE08B});
    return c;
}

const Swatch& no_data_swatch() {
    static const Swatch s{"no_data", std::string(map_legend_labels().zh("no_data")), 0xDDDDDD,
                          std::string(map_legend_labels().text("no_data", true))};
    return s;
}

const Classification& finding_severities() {
    static const Classification c = classify("findings", "severity", severity_labels(), {0xD7191C, 0xFF7F00, 0x2C7BB6});
    return c;
}

// Dark brown: none of the land states' colours (greys, blues, oranges, reds, purple, green) is near it.
uint32_t unsupplied_rgb() { return 0x8C510A; }

// The development-zone map's control lines (issue 18): farmland a wheat yellow, the red line a red,
// the development boundary a dark violet outline; none is one of the platform categories' colours.
uint32_t devzone_farmland_rgb() { return 0xF2D95C; }
uint32_t devzone_redline_rgb() { return 0xD7301F; }
uint32_t devzone_boundary_rgb() { return 0x54278F; }

const std::vector<uint32_t>& tax_ramp() {
    static const std::vector<uint32_t> r = {0xFFFFCC, 0xC7E9B4, 0x7FCDBB, 0x41B6C4, 0x1D91C0, 0x225EA8, 0x253494, 0x081D58, 0x041030};
    return r;
}

uint32_t tax_ramp_colour(size_t cls, size_t n_classes) {
    const size_t last = tax_ramp().size() - 1;
    return tax_ramp()[std::min<size_t>(cls * last / std::max<size_t>(1, n_classes - 1), last)];
}

uint32_t no_data_rgb() { return no_data_swatch().rgb; }

}  // namespace landeff
