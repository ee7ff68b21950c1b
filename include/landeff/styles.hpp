#pragma once
// QGIS styles (issues 6 and 16): one generator for the styles of every output layer — stored in a
// GeoPackage's layer_styles table (one default per layer, tables included, so every layer opens
// styled and with its Chinese aliases), as .qml sidecars of the shapefiles, and inside the QGIS
// project landeff.qgz (qgis_project.hpp), which embeds the same renderer, labels and aliases.
#include <filesystem>
#include <string>
#include <vector>

#include "landeff/palette.hpp"
#include "landeff/writer.hpp"

namespace landeff {

// One named style of one layer. `body` holds the elements a QML file and a project's <maplayer>
// share: <renderer-v2> (layers with geometry), <labeling> (when labelled) and <aliases>.
struct LayerStyle {
    std::string layer;     // output layer (table) name
    std::string name;      // style name (Chinese)
    bool is_default = false;
    bool geometry = true;  // false: a table (aliases only)
    std::string renderer;  // categorizedSymbol | RuleRenderer | singleSymbol | "" (a table)
    bool labels = false;
    std::string body;
    std::string sld;       // SLD of a categorized style, else empty
};

// Class breaks of the per-mu tax style (the map's: maps.breaks, maps.classes over parcels.mu_tax).
struct TaxClasses {
    std::vector<double> breaks;  // inner breaks, ascending (classes − 1 of them, fewer for few values)
};

// Every style of `layers`: for each layer exactly one default (the first listed for it).
//  parks: 平台分类 (outlines coloured by category, labelled with the park name; default),
//         平台分类填充 (filled by category, labelled); parcels: 土地状态 (default), 企业亩均效益等级,
//         亩均税收 (rule-based classes, no value drawn as 无税收数据), 宗地底图 (grey); unsupplied: 批而未供 (hatched,
//         a colour no land state uses); findings: 严重程度 (outlines by severity); worklist: magenta
//         outlines numbered by seq; parcel_changes: 变化类型; park_changes: outlines, labelled;
//         tables: aliases only.
std::vector<LayerStyle> layer_styles(const std::vector<OutLayer>& layers, const TaxClasses& tax);

// A QML document of one style (what QGIS "Save Style…" writes, the parts landeff sets).
std::string qml(const LayerStyle& s);

// The per-mu tax classes of the parcels in `gpkg` (empty breaks when it has no parcels layer).
TaxClasses tax_classes(const std::filesystem::path& gpkg, const std::string& method, int classes);
// The same classes from the output layers in memory — the parcels layer's mu_tax cells, the values
// the writers write (non-finite ones are nulls), in the same row order — so a run need not read
// its GeoPackage back (issue 20: 11 CPU-s on one thread at 1 M parcels). Empty breaks when there
// is no parcels layer or it has no mu_tax.
TaxClasses tax_classes(const std::vector<OutLayer>& layers, const std::string& method, int classes);

// Adds layer_styles to `gpkg` (every style of layer_styles(), one default per layer; skipped when
// it does not exist) and, where a directory of `sidecar_dirs` holds a layer's shapefile (or .dbf)
// or GeoJSON file, its default style as <layer>.qml beside it. `stamp_date` (YYYY-MM-DD) is the
// rows' update_time, so the file is reproducible.
void write_styles(const std::vector<OutLayer>& layers, const TaxClasses& tax, const std::filesystem::path& gpkg,
                  const std::vector<std::filesystem::path>& sidecar_dirs, const std::string& stamp_date);

// The merge of a partitioned run (rules.md §10): the per-mu tax style of `gpkg`'s parcels, written
// with the classes `was` (the first partition's), redrawn with `now` (the merged parcels'). RunError
// when the style is not the one landeff wrote for `was`.
void restyle_tax_classes(const std::filesystem::path& gpkg, const TaxClasses& was, const TaxClasses& now);

}  // namespace landeff
