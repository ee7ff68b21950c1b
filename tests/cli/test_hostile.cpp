// Hostile inputs and failed runs (issue 8): bounded time and memory or a clear error, and never
// an output directory or temporary file left behind by a failed run.
#include <gtest/gtest.h>

#include <gdal_priv.h>
#include <ogrsf_frmts.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmath>
#include <csignal>
#include <fstream>
#include <sstream>

#include "cli_util.hpp"

namespace fs = std::filesystem;
using namespace landeff::test;

namespace {

const char* kCrs = kGeoJsonCrs4549;

std::string ring(const std::vector<std::pair<double, double>>& pts) {
    std::ostringstream os;
    os.precision(10);
    os << "[";
    for (size_t i = 0; i < pts.size(); ++i) os << (i ? "," : "") << "[" << 500000 + pts[i].first << "," << 3100000 + pts[i].second << "]";
    return os.str() + "]";
}

std::vector<std::pair<double, double>> square(double x0, double y0, double x1, double y1, bool clockwise = false) {
    if (clockwise) return {{x0, y0}, {x0, y1}, {x1, y1}, {x1, y0}, {x0, y0}};
    return {{x0, y0}, {x1, y0}, {x1, y1}, {x0, y1}, {x0, y0}};
}

// A city of one 4 km park and the given parcels features (JSON text); returns the config path.
fs::path city(const TempDir& tmp, const std::string& parcel_features) {
    std::ofstream(tmp.path() / "parks.geojson") << "{\"type\":\"FeatureCollection\"," << kCrs
        << ",\"features\":[{\"type\":\"Feature\",\"properties\":{\"park_id\":\"P\"},\"geometry\":{\"type\":\"Polygon\",\"coordinates\":["
        << ring(square(-2000, -2000, 2000, 2000)) << "]}}]}";
    std::ofstream(tmp.path() / "parcels.geojson") << "{\"type\":\"FeatureCollection\"," << kCrs << ",\"features\":[" << parcel_features << "]}";
    std::ofstream(tmp.path() / "c.toml") << "year = 2024\ncrs = \"EPSG:4549\"\n[inputs.parks]\npath = \"parks.geojson\"\n"
                                            "[inputs.parcels]\npath = \"parcels.geojson\"\n";
    return tmp.path() / "c.toml";
}

std::string polygon_feature(const std::string& id, const std::string& rings_json, const std::string& type = "Polygon") {
    return "{\"type\":\"Feature\",\"properties\":{\"parcel_id\":\"" + id + "\"},\"geometry\":{\"type\":\"" + type +
           "\",\"coordinates\":" + rings_json + "}}";
}

double parcel_area(const fs::path& gpkg, const std::string& id) {
    GDALAllRegister();
    GDALDatasetUniquePtr ds(GDALDataset::Open(gpkg.c_str(), GDAL_OF_VECTOR));
    if (!ds) return std::nan("");
    for (auto& f : *ds->GetLayerByName("parcels"))
        if (id == f->GetFieldAsString("parcel_id")) return f->GetFieldAsDouble("area_m2");
    return std::nan("");
}

void expect_no_leftovers(const TempDir& tmp) {
    for (const auto& e : fs::directory_iterator(tmp.path()))
        EXPECT_EQ(e.path().filename().string().find(".tmp-"), std::string::npos) << "left behind: " << e.path();
}

TEST(Hostile, PolygonWithAMillionVertices) {
    // A regular 1 000 000-gon of radius 200 m: area = ½·n·r²·sin(2π/n) = π·200²·(1 − 6.6e-12) ≈ 125663.706 m².
    TempDir tmp;
    const int n = 1000000;
    std::vector<std::pair<double, double>> pts;
    pts.reserve(n + 1);
    for (int i = 0; i <= n; ++i) {
        const double a = 2 * M_PI * (i % n) / n;
        pts.emplace_back(200 * std::cos(a), 200 * std::sin(a));
    }
    const auto cfg = city(tmp, polygon_feature("BIG", "[" + ring(pts) + "]"));
    auto r = run_landeff({"run", cfg.string(), "--out", (tmp.path() / "o").string(), "--quiet", "--formats", "gpkg"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_NEAR(parcel_area(tmp.path() / "o" / "landeff.gpkg", "BIG"), 0.5 * n * 200.0 * 200.0 * std::sin(2 * M_PI / n), 0.05);
}

TEST(Hostile, PolygonWithTenThousandHoles) {
    // A 1000 m square with 100 × 100 holes of 2 m × 2 m: 10⁶ − 10000·4 = 960000 m².
    TempDir tmp;
    std::string rings = "[" + ring(square(-500, -500, 500, 500));
    for (int i = 0; i < 100; ++i)
        for (int j = 0; j < 100; ++j) {
            const double x = -495 + i * 9.9, y = -495 + j * 9.9;
            rings += "," + ring(square(x, y, x + 2, y + 2, true));
        }
    rings += "]";
    const auto cfg = city(tmp, polygon_feature("HOLES", rings));
    auto r = run_landeff({"run", cfg.string(), "--out", (tmp.path() / "o").string(), "--quiet", "--formats", "gpkg"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_NEAR(parcel_area(tmp.path() / "o" / "landeff.gpkg", "HOLES"), 960000.0, 1e-3);
}

TEST(Hostile, SelfOverlappingMultipolygonIsRepairedToItsUnion) {
    // Parts (0..100)×(0..100) and (50..150)×(0..100) overlap: the union is 150 × 100 = 15000 m².
    TempDir tmp;
    const auto cfg = city(tmp, polygon_feature("OVL", "[[" + ring(square(0, 0, 100, 100)) + "],[" + ring(square(50, 0, 150, 100)) + "]]",
                                               "MultiPolygon"));
    auto r = run_landeff({"run", cfg.string(), "--out", (tmp.path() / "o").string(), "--formats", "gpkg"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_NEAR(parcel_area(tmp.path() / "o" / "landeff.gpkg", "OVL"), 15000.0, 1e-6);
    EXPECT_NE(r.err.find("invalid_geometry_repaired"), std::string::npos) << r.err;
}

TEST(Hostile, GeoJsonNestedTenThousandDeep) {
    TempDir tmp;
    std::string deep(10000, '[');
    deep += std::string(10000, ']');
    const auto cfg = city(tmp, "{\"type\":\"Feature\",\"properties\":{\"parcel_id\":\"D\",\"x\":" + deep +
                                   "},\"geometry\":{\"type\":\"Polygon\",\"coordinates\":[" + ring(square(0, 0, 10, 10)) + "]}}");
    auto r = run_landeff({"run", cfg.string(), "--out", (tmp.path() / "o").string(), "--quiet", "--formats", "gpkg"});
    // Either read (the nesting is in an attribute landeff does not use) or refused with a clear
    // message naming the file; never a crash.
    EXPECT_TRUE(r.exit_code == 0 || r.exit_code == 1) << r.exit_code << r.err;
    if (r.exit_code == 1) {
        EXPECT_NE(r.err.find("parcels.geojson"), std::string::npos) << r.err;
    }
    if (r.exit_code != 0) {
        EXPECT_FALSE(fs::exists(tmp.path() / "o"));
    }
    expect_no_leftovers(tmp);
}

TEST(Hostile, TenMegabyteStringAttribute) {
    // In a CSV (with WKT geometry) the 10 MB value runs through: the shapefile cuts it to the DBF's
    // 254 bytes, the messages name the parcel with a cut id (the two parcels overlap).
    TempDir tmp;
    const auto cfg = city(tmp, polygon_feature("OK", "[" + ring(square(0, 0, 10, 10)) + "]"));
    const std::string big(10 * 1024 * 1024, 'x');
    std::ofstream(tmp.path() / "big.csv") << "parcel_id,wkt\n" << big
        << ",\"POLYGON((500000 3100000,500010 3100000,500010 3100010,500000 3100010,500000 3100000))\"\n"
        << "DUP,\"POLYGON((500005 3100005,500015 3100005,500015 3100015,500005 3100015,500005 3100005))\"\n";
    std::string toml = read_file(cfg);
    toml.replace(toml.find("path = \"parcels.geojson\""), 24, "path = \"big.csv\"\nwkt_field = \"wkt\"\ncrs_in = \"EPSG:4549\"");
    std::ofstream(cfg) << toml;
    auto r = run_landeff({"run", cfg.string(), "--out", (tmp.path() / "o").string(), "--formats", "gpkg,shp,xlsx"});
    ASSERT_EQ(r.exit_code, 0) << r.err.substr(0, 2000);
    EXPECT_LT(r.err.size(), 100000u);
    EXPECT_NE(r.err.find("parcel_overlap"), std::string::npos);
    GDALAllRegister();
    GDALDatasetUniquePtr shp(GDALDataset::Open((tmp.path() / "o" / "shp" / "parcels.shp").c_str(), GDAL_OF_VECTOR));
    size_t longest = 0;
    for (auto& f : *shp->GetLayer(0)) longest = std::max(longest, std::string(f->GetFieldAsString("parcel_id")).size());
    EXPECT_EQ(longest, 254u);
}

TEST(Hostile, TenMegabyteStringInGeoJsonIsAClearError) {
    // GDAL's GeoJSON reader refuses a token of 10 000 000 characters or more: the message names
    // the file and gives GDAL's own reason.
    TempDir tmp;
    const std::string big(10 * 1024 * 1024, 'x');
    const auto cfg = city(tmp, "{\"type\":\"Feature\",\"properties\":{\"parcel_id\":\"" + big +
                                   "\"},\"geometry\":{\"type\":\"Polygon\",\"coordinates\":[" + ring(square(0, 0, 10, 10)) + "]}}");
    auto r = run_landeff({"run", cfg.string(), "--out", (tmp.path() / "o").string(), "--quiet", "--formats", "gpkg"});
    EXPECT_EQ(r.exit_code, 1) << r.err.substr(0, 2000);
    EXPECT_NE(r.err.find("parcels.geojson：无法作为矢量数据打开"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("Too many characters"), std::string::npos) << r.err;
    EXPECT_FALSE(fs::exists(tmp.path() / "o"));
}

TEST(Hostile, DbfLyingAboutItsRecordCount) {
    TempDir tmp;
    std::string feats;
    for (int i = 0; i < 5; ++i) feats += (i ? "," : "") + polygon_feature("L" + std::to_string(i), "[" + ring(square(i * 20, 0, i * 20 + 10, 10)) + "]");
    const auto cfg = city(tmp, feats);
    ASSERT_EQ(std::system(("ogr2ogr '" + (tmp.path() / "parcels.shp").string() + "' '" + (tmp.path() / "parcels.geojson").string() + "'").c_str()), 0);
    {  // Claim 9 records instead of 5 (bytes 4–7 of the DBF header, little-endian).
        std::fstream dbf(tmp.path() / "parcels.dbf", std::ios::in | std::ios::out | std::ios::binary);
        dbf.seekp(4);
        const char n[4] = {9, 0, 0, 0};
        dbf.write(n, 4);
    }
    std::string toml = read_file(cfg);
    toml.replace(toml.find("parcels.geojson"), 15, "parcels.shp");
    std::ofstream(cfg) << toml;
    auto r = run_landeff({"run", cfg.string(), "--out", (tmp.path() / "o").string(), "--quiet", "--formats", "gpkg", "--lang", "en"});
    EXPECT_EQ(r.exit_code, 1) << r.err;
    EXPECT_NE(r.err.find("parcels.shp: the .dbf says 9 records but the .shx indexes 5 shapes"), std::string::npos) << r.err;
    EXPECT_FALSE(fs::exists(tmp.path() / "o"));
    r = run_landeff({"run", cfg.string(), "--out", (tmp.path() / "o").string(), "--quiet", "--formats", "gpkg"});  // Chinese by default
    EXPECT_EQ(r.exit_code, 1) << r.err;
    EXPECT_NE(r.err.find("parcels.shp：.dbf 记录数为 9，而 .shx 索引了 5 个图形"), std::string::npos) << r.err;
    EXPECT_FALSE(fs::exists(tmp.path() / "o"));
}

TEST(Hostile, NanCoordinatesAreAFinding) {
    TempDir tmp;
    const auto cfg = city(tmp, polygon_feature("OK", "[" + ring(square(0, 0, 10, 10)) + "]"));
    std::ofstream(tmp.path() / "nan.csv") << "parcel_id,wkt\nNAN,\"POLYGON((nan nan,10 0,10 10,0 10,nan nan))\"\n";
    std::string toml = read_file(cfg);
    toml.replace(toml.find("path = \"parcels.geojson\""), 24, "path = \"nan.csv\"\nwkt_field = \"wkt\"\ncrs_in = \"EPSG:4549\"");
    std::ofstream(cfg) << toml;
    auto r = run_landeff({"run", cfg.string(), "--out", (tmp.path() / "o").string(), "--formats", "gpkg"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_NE(r.err.find("parcel_id=NAN]"), std::string::npos) << r.err;
}

// A write that fails part-way (a 200 KB file-size limit) exits 1 with the reason and leaves nothing.
TEST(FailedRun, WriteFailurePartWayLeavesNoOutput) {
    TempDir tmp;
    const fs::path demo = fs::path(LANDEFF_TEST_DATA) / ".." / ".." / "data" / "demo" / "landeff.toml";
    const std::string err = (tmp.path() / "err").string();
    const std::string cmd = "bash -c \"ulimit -f 200; '" + std::string(LANDEFF_BIN) + "' run '" + demo.string() + "' --out '" +
                            (tmp.path() / "o").string() + "' --quiet --formats gpkg\" 2>'" + err + "'";
    const int status = std::system(cmd.c_str());
    ASSERT_TRUE(WIFEXITED(status));
    EXPECT_EQ(WEXITSTATUS(status), 1) << read_file(err);
    EXPECT_NE(read_file(err).find("landeff: 错误："), std::string::npos) << read_file(err);
    // The operating system's reason (EFBIG, SIGXFSZ being ignored), not a guess about the file.
    EXPECT_NE(read_file(err).find("file too large"), std::string::npos) << read_file(err);
    EXPECT_FALSE(fs::exists(tmp.path() / "o"));
    expect_no_leftovers(tmp);
}

// Every signal that asks a run to stop, in the middle of it: exit 128 + the signal, no output directory, no
// temporary files. SIGINT (Ctrl-C), SIGTERM (kill), SIGHUP (the terminal closed), SIGQUIT
// (Ctrl-\\) and SIGPIPE (`landeff run … | head -1` once head has gone).
TEST(FailedRun, InterruptedRunLeavesNothing) {
    TempDir tmp;
    auto s = run_landeff({"synth", "--parcels", "60000", "--seed", "4", "--out", (tmp.path() / "city").string(), "--quiet"});
    ASSERT_EQ(s.exit_code, 0) << s.err;
    for (int sig : {SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGPIPE}) {
        const fs::path out = tmp.path() / ("o" + std::to_string(sig));
        const pid_t pid = fork();
        if (pid == 0) {
            const std::string cfg = (tmp.path() / "city" / "landeff.toml").string(), o = out.string();
            freopen("/dev/null", "w", stderr);
            execl(LANDEFF_BIN, LANDEFF_BIN, "run", cfg.c_str(), "--out", o.c_str(), "--quiet", "--formats",
                  "gpkg,geojson,shp,xlsx,html", static_cast<char*>(nullptr));
            _exit(127);
        }
        usleep(1500 * 1000);  // well inside the run (reading and writing 60 000 parcels takes seconds)
        kill(pid, sig);
        int status = 0;
        waitpid(pid, &status, 0);
        ASSERT_TRUE(WIFEXITED(status)) << "killed by a signal instead of stopping cleanly";
        EXPECT_EQ(WEXITSTATUS(status), 128 + sig);  // as a shell reports it: SIGINT 130, SIGTERM 143, …
        EXPECT_FALSE(fs::exists(out));
    }
    expect_no_leftovers(tmp);
}

TEST(FailedRun, MaxMemoryStopsCleanly) {
    TempDir tmp;
    auto s = run_landeff({"synth", "--parcels", "20000", "--seed", "5", "--out", (tmp.path() / "city").string(), "--quiet"});
    ASSERT_EQ(s.exit_code, 0) << s.err;
    auto r = run_landeff({"run", (tmp.path() / "city" / "landeff.toml").string(), "--out", (tmp.path() / "o").string(),
                          "--quiet", "--formats", "gpkg", "--max-memory", "40M"});
    EXPECT_EQ(r.exit_code, 1) << r.err;
    EXPECT_NE(r.err.find("超过 --max-memory"), std::string::npos) << r.err;
    EXPECT_FALSE(fs::exists(tmp.path() / "o"));
    expect_no_leftovers(tmp);
}

}  // namespace
