#include "landeff/versions.hpp"

#include <gdal_priv.h>
#include <geos_c.h>
#include <proj.h>

namespace landeff {

std::string gdal_version() { return GDALVersionInfo("RELEASE_NAME"); }
std::string geos_version() { return GEOSversion(); }
std::string proj_version() { return proj_info().version; }

nlohmann::json library_versions() {
    return {{"gdal", gdal_version()}, {"geos", geos_version()}, {"proj", proj_version()}};
}

}  // namespace landeff
