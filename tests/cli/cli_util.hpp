#pragma once
// Helpers for CLI tests: run the landeff binary, make temp dirs, fingerprint a folder.
#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace landeff::test {

struct CliResult {
    int exit_code = -1;
    std::string out, err;
};

// Runs `landeff <args>` (args is shell-quoted here; {…} placeholders already substituted).
CliResult run_landeff(const std::vector<std::string>& args);

// A fresh directory under the system temp dir, removed by the destructor.
class TempDir {
public:
    TempDir();
    ~TempDir();
    const std::filesystem::path& path() const { return m_path; }

private:
    std::filesystem::path m_path;
};

// Every regular file below `dir` with its size and content hash, and every directory.
std::map<std::string, std::string> fingerprint(const std::filesystem::path& dir);

std::string read_file(const std::filesystem::path& p);

// A layer of a GeoPackage (or any OGR file) as rows keyed by their first field; every field as
// text ("" = null), plus "#geom" = "yes" when the feature has a geometry.
using Row = std::map<std::string, std::string>;
std::map<std::string, Row> read_rows(const std::filesystem::path& file, const std::string& layer);
// A field as a number (NaN when null or absent).
double num(const Row& r, const std::string& key);
std::vector<std::string> split_args(const std::string& s);

// GeoJSON fixtures in EPSG:4549 (CGCS2000 / 3° GK zone 40): the "crs" member, and the rectangle
// [x0, x1] × [y0, y1] in metres from the point (500000, 3100000), as a Polygon geometry.
inline constexpr const char* kGeoJsonCrs4549 = R"("crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::4549"}})";
std::string geojson_rect(double x0, double y0, double x1, double y1);

}  // namespace landeff::test
