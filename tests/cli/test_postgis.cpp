// PostGIS as a source (issue 7), against a real PostgreSQL 15 + PostGIS 3 server started for
// the test on 127.0.0.1 in a temporary directory and stopped afterwards.
#include <gtest/gtest.h>

#include <unistd.h>

#include <cmath>
#include <fstream>

#include "cli_util.hpp"

namespace fs = std::filesystem;
using namespace landeff::test;

namespace {

const fs::path kBasic = fs::path(LANDEFF_TEST_DATA) / "golden" / "basic";
const char* kPgBin = "/usr/lib/postgresql/15/bin";

class PostGIS : public ::testing::Test {
protected:
    static void SetUpTestSuite() {
        s_dir = new TempDir();
        s_port = 40000 + static_cast<int>(getpid() % 20000);
        // The server refuses to run as root: as root, run it as the postgres user.
        const std::string as = geteuid() == 0 ? "runuser -u postgres -- " : "";
        if (geteuid() == 0) std::system(("chown postgres '" + s_dir->path().string() + "'").c_str());
        const std::string data = (s_dir->path() / "data").string(), sock = s_dir->path().string();
        s_ok = std::system((as + kPgBin + "/initdb -D '" + data + "' -A trust -U postgres -E UTF8 --no-locale >/dev/null 2>&1").c_str()) == 0 &&
               std::system((as + kPgBin + "/pg_ctl -D '" + data + "' -l '" + sock + "/log' -w -o \"-p " + std::to_string(s_port) +
                            " -k '" + sock + "' -c listen_addresses=127.0.0.1 -c fsync=off\" start >/dev/null 2>&1").c_str()) == 0 &&
               psql("postgres", "CREATE DATABASE landeff") && psql("landeff", "CREATE EXTENSION postgis");
    }
    static void TearDownTestSuite() {
        const std::string as = geteuid() == 0 ? "runuser -u postgres -- " : "";
        std::system((as + kPgBin + "/pg_ctl -D '" + (s_dir->path() / "data").string() + "' -m immediate stop >/dev/null 2>&1").c_str());
        delete s_dir;
    }
    static bool psql(const std::string& db, const std::string& sql) {
        return std::system(("psql -q -h 127.0.0.1 -p " + std::to_string(s_port) + " -U postgres -d " + db + " -c \"" + sql +
                            "\" >/dev/null 2>&1").c_str()) == 0;
    }
    // The result of a query, trimmed ("" on failure).
    static std::string query(const std::string& db, const std::string& sql) {
        const fs::path out = s_dir->path() / "q.txt";
        if (std::system(("psql -At -h 127.0.0.1 -p " + std::to_string(s_port) + " -U postgres -d " + db + " -c \"" + sql + "\" > '" +
                         out.string() + "' 2>/dev/null").c_str()) != 0)
            return "";
        std::string r = read_file(out);
        while (!r.empty() && (r.back() == '\n' || r.back() == ' ')) r.pop_back();
        return r;
    }
    static std::string pg(const std::string& extra = "") {
        return "PG:host=127.0.0.1 port=" + std::to_string(s_port) + " dbname=landeff user=postgres" + extra;
    }
    static TempDir* s_dir;
    static int s_port;
    static bool s_ok;
};
TempDir* PostGIS::s_dir = nullptr;
int PostGIS::s_port = 0;
bool PostGIS::s_ok = false;

TEST_F(PostGIS, SourceGivesTheSameResultsAsTheFiles) {
    ASSERT_TRUE(s_ok) << "could not start PostgreSQL + PostGIS (scripts/install-deps installs them)";
    ASSERT_TRUE(psql("landeff", "CREATE SCHEMA land"));
    for (const char* layer : {"parks", "parcels"})
        ASSERT_EQ(std::system(("ogr2ogr -f PostgreSQL \"" + pg() + "\" '" + (kBasic / (std::string(layer) + ".geojson")).string() +
                               "' -nln " + layer + " -lco SCHEMA=land -lco COLUMN_TYPES=zdmj=text >/dev/null 2>&1").c_str()), 0);
    TempDir tmp;
    // A password in the connection string must never reach run.json or the messages.
    std::ofstream(tmp.path() / "c.toml") << "year = 2024\ncrs = \"EPSG:4549\"\n"
                                         << "[inputs.parks]\npath = \"" << pg(" password=s3cret-pw") << "\"\nlayer = \"land.parks\"\n"
                                         << "[inputs.parcels]\npath = \"" << pg(" password=s3cret-pw") << "\"\nlayer = \"land.parcels\"\n"
                                         << "[inputs.enterprises]\npath = \"" << (kBasic / "enterprises.csv").string() << "\"\n";
    auto r = run_landeff({"run", (tmp.path() / "c.toml").string(), "--out", (tmp.path() / "pg").string(), "--formats", "gpkg"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(r.err.find("s3cret-pw"), std::string::npos) << r.err;
    EXPECT_EQ(read_file(tmp.path() / "pg" / "run.json").find("s3cret-pw"), std::string::npos);
    EXPECT_NE(read_file(tmp.path() / "pg" / "run.json").find("password=***"), std::string::npos);
    auto file_run = run_landeff({"run", (kBasic / "landeff.toml").string(), "--out", (tmp.path() / "files").string(), "--quiet",
                                 "--formats", "gpkg"});
    ASSERT_EQ(file_run.exit_code, 0) << file_run.err;
    // Same parcels, same figures (test_golden.cpp works them out: A 2.0 万元/亩, D 0.6667, …).
    auto a = read_rows(tmp.path() / "pg" / "landeff.gpkg", "parcels");
    auto b = read_rows(tmp.path() / "files" / "landeff.gpkg", "parcels");
    ASSERT_EQ(a.size(), 4u);
    ASSERT_EQ(a.size(), b.size());
    for (const auto& [id, row] : b)
        for (const char* f : {"park_id", "share", "area_m2", "mu_tax", "far", "state"})
            EXPECT_EQ(a[id][f], row.at(f)) << id << "." << f;
    EXPECT_NEAR(num(a["A"], "mu_tax"), 2.0, 1e-9);
}

TEST_F(PostGIS, WhereFilterRunsInTheDatabase) {
    ASSERT_TRUE(s_ok);
    psql("landeff", "CREATE SCHEMA IF NOT EXISTS w");
    ASSERT_EQ(std::system(("ogr2ogr -f PostgreSQL \"" + pg() + "\" '" + (kBasic / "parcels.geojson").string() +
                           "' -nln parcels -lco SCHEMA=w -lco COLUMN_TYPES=zdmj=text >/dev/null 2>&1").c_str()), 0);
    TempDir tmp;
    std::ofstream(tmp.path() / "c.toml") << "year = 2024\ncrs = \"EPSG:4549\"\n[inputs.parks]\npath = \"" << (kBasic / "parks.geojson").string()
                                         << "\"\n[inputs.parcels]\npath = \"" << pg() << "\"\nlayer = \"w.parcels\"\n"
                                         << "where = \"zddm IN ('A','B')\"\n";
    auto r = run_landeff({"run", (tmp.path() / "c.toml").string(), "--out", (tmp.path() / "o").string(), "--quiet", "--formats", "gpkg"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    // A and B only: 10000 + 15000 m² = 37.5 mu.
    EXPECT_NE(read_file(tmp.path() / "o" / "run.json").find("\"land_mu\": 37.5"), std::string::npos);
}

TEST_F(PostGIS, SinkWritesEveryLayerInOneSchema) {
    ASSERT_TRUE(s_ok);
    TempDir tmp;
    auto r = run_landeff({"run", (kBasic / "landeff.toml").string(), "--out", pg(" password=s3cret-pw"), "--schema", "landeff_2024",
                          "--quiet"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    // P1: 30 mu, tax 60 → 2.0 万元/亩 (test_golden.cpp); 4 parcels; the region row "*" too.
    EXPECT_EQ(query("landeff", "SELECT round(mu_tax::numeric, 6) FROM landeff_2024.parks WHERE park_id = 'P1'"), "2.000000");
    EXPECT_EQ(query("landeff", "SELECT count(*) FROM landeff_2024.parcels"), "4");
    EXPECT_EQ(query("landeff", "SELECT count(*) FROM landeff_2024.parks WHERE park_id = '*'"), "1");
    EXPECT_EQ(query("landeff", "SELECT count(*) FROM pg_indexes WHERE schemaname = 'landeff_2024' AND tablename = 'parcels' "
                                "AND indexdef ILIKE '%gist%'"), "1");
    EXPECT_EQ(query("landeff", "SELECT col_description('landeff_2024.parks'::regclass, attnum) FROM pg_attribute "
                                "WHERE attrelid = 'landeff_2024.parks'::regclass AND attname = 'mu_tax'"),
              "亩均税收(万元/亩)");
    EXPECT_EQ(query("landeff", "SELECT count(*) FROM landeff_2024.landeff_run"), "1");
    EXPECT_EQ(query("landeff", "SELECT count(*) FROM landeff_2024.landeff_run WHERE run::text LIKE '%s3cret-pw%'"), "0");
}

TEST_F(PostGIS, ExistingTablesNeedOverwriteWhichKeepsOtherTables) {
    ASSERT_TRUE(s_ok);
    auto run = [&](bool overwrite) {
        std::vector<std::string> a = {"run", (kBasic / "landeff.toml").string(), "--out", pg(), "--schema", "twice", "--quiet"};
        if (overwrite) a.push_back("--overwrite");
        return run_landeff(a);
    };
    ASSERT_EQ(run(false).exit_code, 0);
    ASSERT_TRUE(psql("landeff", "CREATE TABLE twice.other (x int); INSERT INTO twice.other VALUES (7)"));
    auto again = run(false);
    EXPECT_EQ(again.exit_code, 2);
    EXPECT_NE(again.err.find("already has landeff tables"), std::string::npos) << again.err;
    EXPECT_EQ(run(true).exit_code, 0);
    EXPECT_EQ(query("landeff", "SELECT x FROM twice.other"), "7");  // not a landeff table: kept
    EXPECT_EQ(query("landeff", "SELECT count(*) FROM twice.parcels"), "4");
}

// A failure part-way: a composite type named `findings` (DROP TABLE IF EXISTS passes it by) makes
// the last table's creation fail after parks, parcels, enterprises and unsupplied were written
// in the transaction — all of it rolled back.
TEST_F(PostGIS, FailurePartWayLeavesTheSchemaAsItWas) {
    ASSERT_TRUE(s_ok);
    ASSERT_TRUE(psql("landeff", "CREATE SCHEMA broken; CREATE TYPE broken.findings AS (x int)"));
    auto r = run_landeff({"run", (kBasic / "landeff.toml").string(), "--out", pg(), "--schema", "broken", "--quiet"});
    EXPECT_EQ(r.exit_code, 1) << r.err;
    EXPECT_NE(r.err.find("PostGIS"), std::string::npos) << r.err;
    EXPECT_EQ(query("landeff", "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'broken'"), "0");
    EXPECT_EQ(query("landeff", "SELECT count(*) FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace "
                                "WHERE n.nspname = 'broken' AND t.typname = 'findings'"), "1");
}

}  // namespace
