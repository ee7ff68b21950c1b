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
    const Text hint = tr(Msg::ERunDirHint), rerun = tr(Msg::ERunDirRerun);
    const std::string json = (dir / "run.json").string();
    std::error_code ec;
    if (!fs::is_directory(dir, ec)) throw ConfigError(Msg::ERunDirNotDir, {command, d, hint});
    const bool has_json = fs::exists(dir / "run.json", ec), has_gpkg = fs::exists(dir / "landeff.gpkg", ec);
    if (!has_json && !has_gpkg)
        throw ConfigError(Msg::ERunDirNotOutput, {command, d, hint});
    if (has_json) {
        std::ifstream in(dir / "run.json");
        std::stringstream text;
        text << in.rdbuf();
        if (!in)
            throw RunError(Msg::ERunDirCannotRead, {command, json, std::string(std::strerror(errno))});
        r.json = nlohmann::json::parse(text.str(), nullptr, false);
        if (r.json.is_discarded() || !r.json.is_object())
            throw RunError(Msg::ERunDirNotJson, {command, json, rerun});
        if (!r.json.contains("landeff_version"))
            throw ConfigError(Msg::ERunDirNoVersion, {command, d, hint});
        const auto& j = r.json;
        // Outputs of landeff's other commands: the wrong directory, not a damaged one.
        if (j.contains("previous") && j.contains("parcel_changes"))
            throw ConfigError(Msg::ERunDirCompareOutput, {command, d, hint});
        if (j.contains("command") && j.at("command").is_string() &&
            j.at("command").get<std::string>().find(" inspect ") != std::string::npos)
            throw ConfigError(Msg::ERunDirInspectOutput, {command, d, hint});
        const auto damaged = [&](const std::string& what) {
            return RunError(Msg::ERunDirDamagedKey, {command, json, what, rerun});
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
        throw RunError(Msg::ERunDirNoJson, {command, d});
    }
    if (!has_gpkg)
        throw ConfigError(Msg::ERunDirNoGpkg, {command, d});
    return r;
}

GDALDatasetUniquePtr open_run_gpkg(const fs::path& dir, const std::string& command, const LayerFields& needed) {
    const fs::path file = dir / "landeff.gpkg";
    GDALDatasetUniquePtr ds(GDALDataset::Open(file.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY));
    if (!ds)
        throw RunError(Msg::ERunDirGpkgOpen, {command, file.string(), std::string(CPLGetLastErrorMsg())});
    for (const auto& [layer, fields] : needed) {
        OGRLayer* l = ds->GetLayerByName(layer.c_str());
        if (!l)
            throw RunError(Msg::ERunDirNoLayer, {command, file.string(), layer, tr(Msg::ERunDirRerun)});
        for (const auto& f : fields)
            if (l->GetLayerDefn()->GetFieldIndex(f.c_str()) < 0)
                throw RunError(Msg::ERunDirNoField, {command, file.string(), layer, f, tr(Msg::ERunDirRerun)});
    }
    return ds;
}

}  // namespace landeff
