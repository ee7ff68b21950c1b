#pragma once
// QGIS styles (issue 6): QML and SLD for the output layers, stored in landeff.gpkg's
// layer_styles table (so layers open styled) and as .qml sidecars of the shapefiles.
#include <filesystem>
#include <string>
#include <vector>

#include "landeff/palette.hpp"
#include "landeff/writer.hpp"

namespace landeff {

std::string qml_categorized(const Classification& c, const std::vector<OutField>& fields, const std::string& label_field);
std::string qml_single(uint32_t rgb, const std::vector<OutField>& fields);
std::string sld_categorized(const Classification& c);

// Adds layer_styles to the GeoPackage and .qml files next to the shapefiles (when present).
void write_styles(const std::vector<OutLayer>& layers, const std::filesystem::path& out_dir, const std::string& stamp_date);

}  // namespace landeff
