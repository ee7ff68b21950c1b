#pragma once
// The versions of the libraries whose behaviour shapes the figures (overlay: GEOS; CRS and areas:
// PROJ; reading and writing: GDAL), named by `landeff --version` and in every run.json
// ("libraries"), so a bug report or an audit knows exactly what computed a result.
#include <nlohmann/json.hpp>

#include <string>

namespace landeff {

std::string gdal_version();  // GDALVersionInfo("RELEASE_NAME"), e.g. "3.6.2"
std::string geos_version();  // GEOSversion(), e.g. "3.11.1-CAPI-1.17.1"
std::string proj_version();  // proj_info().version, e.g. "9.1.1"
// {"gdal": …, "geos": …, "proj": …} for run.json.
nlohmann::json library_versions();

}  // namespace landeff
