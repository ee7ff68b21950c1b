#include "landeff/run_dir.hpp"

#include <ogrsf_frmts.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

#include "landeff/error.hpp"

namespace fs = std::filesystem;

namespace landeff {

RunDir open_run_dir(const fs::path& dir, const std::string& command, bool need_json) {
    RunDir r;
    r.dir = dir;
    const std::string d = dir.string();
    const std::string hint = ": give an output directory of `landeff run` (it holds run.json and landeff.gpkg)";
    std::error_code ec;
    if (!fs::is_directory(dir, ec)) throw ConfigError(command + ": " + d + " is not a directory" + hint);
    const bool has_json = fs::exists(dir / "run.json", ec), has_gpkg = fs::exists(dir / "landeff.gpkg", ec);
    if (!has_json && !has_gpkg)
        throw ConfigError(command + ": " + d + " is not a landeff output: it has neither run.json nor landeff.gpkg" +
                          hint);
    if (has_json) {
        std::ifstream in(dir / "run.json");
        std::stringstream text;
        text << in.rdbuf();
        if (!in)
            throw RunError(command + ": " + (dir / "run.json").string() + ": cannot read: " + std::strerror(errno));
        r.json = nlohmann::json::parse(text.str(), nullptr, false);
        if (r.json.is_discarded() || !r.json.is_object())
            throw RunError(command + ": " + (dir / "run.json").string() +
                           " is damaged: not a JSON object (run `landeff run` again to rewrite the output)");
        if (!r.json.contains("landeff_version"))
            throw ConfigError(command + ": " + d + " is not a landeff output: its run.json has no \"landeff_version\"" +
                              hint);
        const auto& j = r.json;
        // Outputs of landeff's other commands: the wrong directory, not a damaged one.
        if (j.contains("previous") && j.contains("parcel_changes"))
            throw ConfigError(command + ": " + d +
                              " is an output of `landeff compare` (changes.gpkg), not of `landeff run`" + hint);
        if (j.contains("command") && j.at("command").is_string() &&
            j.at("command").get<std::string>().find(" inspect ") != std::string::npos)
            throw ConfigError(command + ": " + d +
                              " is an output of `landeff inspect` (data-quality findings only), not of `landeff run`" +
                              hint);
        const auto damaged = [&](const std::string& what) {
            return RunError(command + ": " + (dir / "run.json").string() + " is damaged: " + what +
                            " is missing or of the wrong type (run `landeff run` again to rewrite the output)");
        };
        if (!j.contains("config") || !j.at("config").is_object() || !j.at("config").contains("settings") ||
            !j.at("config").at("settings").is_object())
            throw damaged("config.settings");
        r.settings = j.at("config").at("settings");
        if (!r.settings.contains("year") || !r.settings.at("year").is_number_integer())
            throw damaged("config.settings.year");
        r.year = r.settings.at("year").get<int>();
        if (!j.contains("working_crs") || !j.at("working_crs").is_object() ||
            !j.at("working_crs").contains("definition") || !j.at("working_crs").at("definition").is_string())
            throw damaged("working_crs.definition");
        r.crs = j.at("working_crs").at("definition").get<std::string>();
    } else if (need_json) {
        throw RunError(command + ": " + d +
                       " is damaged: it has landeff.gpkg but no run.json (the year, settings and working "
                       "CRS of the run are unknown; run `landeff run` again to rewrite the output)");
    }
    if (!has_gpkg)
        throw ConfigError(command + ": " + d +
                          " has no landeff.gpkg: run `landeff run` with the gpkg format (--formats gpkg,…)");
    return r;
}

GDALDatasetUniquePtr open_run_gpkg(const fs::path& dir, const std::string& command, const LayerFields& needed) {
    const fs::path file = dir / "landeff.gpkg";
    GDALDatasetUniquePtr ds(GDALDataset::Open(file.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY));
    if (!ds)
        throw RunError(command + ": " + file.string() + " is damaged: cannot open it as a GeoPackage (" +
                       CPLGetLastErrorMsg() + "); run `landeff run` again to rewrite the output");
    for (const auto& [layer, fields] : needed) {
        OGRLayer* l = ds->GetLayerByName(layer.c_str());
        if (!l)
            throw RunError(command + ": " + file.string() + " is damaged: it has no layer \"" + layer +
                           "\" (run `landeff run` again to rewrite the output)");
        for (const auto& f : fields)
            if (l->GetLayerDefn()->GetFieldIndex(f.c_str()) < 0)
                throw RunError(command + ": " + file.string() + " is damaged: layer \"" + layer + "\" has no field \"" +
                               f + "\" (run `landeff run` again to rewrite the output)");
    }
    return ds;
}

}  // namespace landeff
