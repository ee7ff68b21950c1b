#pragma once
// Layout maps (issue 6): Mapnik draws the map, Cairo the layout (title, legend with areas in mu,
// scale bar, north arrow, CRS and data date). Everything is read from an output directory's
// landeff.gpkg, so `landeff map` re-renders without rerunning the analysis.
#include <filesystem>
#include <string>
#include <utility>
#include <vector>

#include "landeff/settings.hpp"

namespace landeff {

struct MapOptions {
    std::string page = "A4";             // A4 | A3
    std::string orientation = "landscape";
    int dpi = 300;                       // PNG resolution
    std::string breaks = "quantile";     // per-mu tax classes: quantile | jenks
    int classes = 5;
    std::string region;                  // for titles
    int year = 0;
    std::string eval_date;
    std::string crs;                     // e.g. "EPSG:4549 CGCS2000 / 3-degree Gauss-Kruger CM 120E"
};

// The maps.* settings as map options (page, orientation, dpi, breaks, classes, region): the one
// place they are read, for `run` and for `map` (whose options are those settings too).
MapOptions map_options(const Settings& s);

struct RenderedMap {
    std::string id, title;
    std::filesystem::path pdf, png, json;
};

// Renders the four maps from `gpkg` into `out_dir` (created). Throws RunError.
// With `changes_gpkg` (a `landeff compare` output), a fifth map shows the parcels that changed.
std::vector<RenderedMap> render_maps(const std::filesystem::path& gpkg, const MapOptions& opt,
                                     const std::filesystem::path& out_dir, const std::filesystem::path& changes_gpkg = {});

// Class breaks for a sorted-or-not sample: `classes` − 1 inner breaks, ascending.
std::vector<double> quantile_breaks(std::vector<double> values, int classes);
std::vector<double> jenks_breaks(std::vector<double> values, int classes);

}  // namespace landeff
