// libFuzzer target: the whole read-and-normalize path fed GeoJSON — GDAL's reader, encoding
// handling, field resolution (canonical names and aliases), value parsing, CRS transform and
// geometry repair. Inputs live in GDAL's in-memory file system.
#include <cpl_vsi.h>
#include <gdal_priv.h>

#include <cstddef>
#include <cstdint>
#include <string>

#include "landeff/config.hpp"
#include "landeff/crs.hpp"
#include "landeff/error.hpp"
#include "landeff/findings.hpp"
#include "landeff/source.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    static const bool init = [] {
        GDALAllRegister();
        CPLSetErrorHandler(CPLQuietErrorHandler);
        return true;
    }();
    (void)init;
    static const landeff::Config cfg = landeff::parse_config(
        "year = 2024\ncrs = \"EPSG:4549\"\n[inputs.parks]\npath = \"/vsimem/parks.geojson\"\n"
        "[inputs.parcels]\npath = \"/vsimem/fuzz.geojson\"\ncrs_in = \"EPSG:4549\"\n",
        "/fuzz/landeff.toml");
    static const landeff::WorkingCrs crs = landeff::make_working_crs("EPSG:4549", 0, 0);
    VSILFILE* f = VSIFileFromMemBuffer("/vsimem/fuzz.geojson", const_cast<GByte*>(data), size, FALSE);
    if (!f) return 0;
    VSIFCloseL(f);
    try {
        landeff::Findings findings;
        (void)landeff::read_layer(*cfg.input(landeff::LayerKind::Parcels), landeff::LayerKind::Parcels, cfg, crs, findings);
    } catch (const landeff::Error&) {
    }
    VSIUnlink("/vsimem/fuzz.geojson");
    return 0;
}
