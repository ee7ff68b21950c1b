#pragma once
// landeff.qgz (issue 16): a QGIS 3.22 project beside landeff.gpkg, so a planner opens one file and
// prints. The layers (relative paths to ./landeff.gpkg) in drawing order — findings and the
// patrol worklist (hidden),
// parks as outlines with labels, 批而未供, parcels; the tables below — each with the styles of
// styles.hpp (the same generator as layer_styles, all named styles of a layer in its style
// manager), four map themes and four print layouts (the four maps of `landeff map`: title, map,
// legend, scale bar, north arrow, CRS and evaluation date), project CRS = the data's CRS.
// The .qgs inside is one zip entry with a fixed timestamp: the file is byte-identical across runs.
#include <filesystem>
#include <string>
#include <vector>

#include "landeff/crs.hpp"
#include "landeff/styles.hpp"
#include "landeff/writer.hpp"

namespace landeff {

struct QgisProjectOptions {
    std::string region;              // maps.region, for titles ("" = none)
    int year = 0;                    // evaluation year, for titles
    std::string eval_date;           // YYYY-MM-DD: the footer, and the zip entry's timestamp
    std::string page = "A4";         // maps.page: A4 | A3
    std::string orientation = "landscape";  // maps.orientation
};

// The .qgs document (tests read it; write_qgis_project zips it). `gpkg` is read for the layers'
// extent; the project refers to it as ./<its file name>.
std::string qgis_project_xml(const std::vector<OutLayer>& layers, const TaxClasses& tax, const WorkingCrs& crs,
                             const std::filesystem::path& gpkg, const QgisProjectOptions& opt);

// Writes `qgz` (normally DIR/landeff.qgz, inside a StagedOutput's directory). Throws RunError.
void write_qgis_project(const std::vector<OutLayer>& layers, const TaxClasses& tax, const WorkingCrs& crs,
                        const std::filesystem::path& gpkg, const std::filesystem::path& qgz, const QgisProjectOptions& opt);

}  // namespace landeff
