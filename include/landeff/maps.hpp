#pragma once
// Layout maps (issue 6): Mapnik draws the map, Cairo the layout (title, legend with areas in mu,
// scale bar, north arrow, CRS and data date). Everything is read from an output directory's
// landeff.gpkg, so `landeff map` re-renders without rerunning the analysis.
#include <array>
#include <filesystem>
#include <string>
#include <utility>
#include <vector>

#include "landeff/settings.hpp"

namespace landeff {

struct Dataset;
class Findings;

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
    std::string unit;                    // 制图单位 in the footer; empty = left out
    std::string source;                  // 数据来源 in the footer; empty = left out
    double outlier_km = 5;               // parcels farther from every park stay out of the extent
    int atlas_min_parks = 30;            // at least this many parks: also maps/atlas.pdf; 0 = never
    int atlas_max_pages = 2000;          // more atlas pages than this: no atlas.pdf, a warning instead
    int overview_labels = 20;
    int max_labels = 2000;               // more parks: the region maps label the largest this many            // parks labelled on the atlas's overview (the largest)
    std::string atlas_by = "park";       // park | platform (a host with the parks it hosts)
    std::string lang = "zh";             // zh | en: titles, legends, figures and footer (output.lang, --lang)
};

// The maps.* settings as map options (page, orientation, dpi, breaks, classes, region, unit,
// source, outlier_km, the atlas's; the language from output.lang): the one
// place they are read, for `run` and for `map` (whose options are those settings too).
MapOptions map_options(const Settings& s);

struct RenderedMap {
    std::string id, title;
    std::filesystem::path pdf, png, json;
};

// Renders the four maps from `gpkg` into `out_dir` (created). Throws RunError.
// With `changes_gpkg` (a `landeff compare` output), a fifth map shows the parcels that changed.
// With at least `atlas_min_parks` parks, also `atlas.pdf`: an overview page and one page per park.
std::vector<RenderedMap> render_maps(const std::filesystem::path& gpkg, const MapOptions& opt,
                                     const std::filesystem::path& out_dir, const std::filesystem::path& changes_gpkg = {});

// The extent of the maps (issue 16): the parks' boxes and the boxes of the parcels within
// `max_dist` (CRS units) of a park's box; a parcel farther from every park is an outlier and does
// not stretch the extent. Boxes are {x0, y0, x1, y1}; a box with a NaN (no geometry) is skipped.
// The distance of two boxes is the shortest between them (0 when they meet). An R-tree over the
// parks finds the candidates, so the cost is about (parks + parcels) · log(parks).
struct MapExtent {
    std::array<double, 4> box{};        // meaningful when !empty
    bool empty = true;
    std::vector<size_t> outliers;       // indices into the parcels, ascending
};
MapExtent map_extent(const std::vector<std::array<double, 4>>& parks, const std::vector<std::array<double, 4>>& parcels,
                     double max_dist);

// Records a `map_outlier` finding (info) for every parcel farther than maps.outlier_km from every
// park: the maps leave it out of their extent.
void find_map_outliers(const Dataset& ds, double outlier_km, Findings& findings);

// Class breaks for a sorted-or-not sample: `classes` − 1 inner breaks, ascending.
std::vector<double> quantile_breaks(std::vector<double> values, int classes);
std::vector<double> jenks_breaks(std::vector<double> values, int classes);
// The class of a value among ascending inner breaks: the number of breaks ≤ value (a value on a
// break belongs to the class above it), 0 … breaks.size(). A NaN (null) value has no class:
// breaks.size() + 1, the 无数据 class.
size_t value_class(double value, const std::vector<double>& breaks);

}  // namespace landeff
