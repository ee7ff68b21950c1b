// PostGIS as a source (issue 7), against a real PostgreSQL 15 + PostGIS 3 server started for
// the test on 127.0.0.1 in a temporary directory and stopped afterwards.
#include <gtest/gtest.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <cmath>
#include <fstream>
#include <thread>

#include "cli_util.hpp"

namespace fs = std::filesystem;
using namespace landeff::test;

namespace {

const fs::path kBasic = fs::path(LANDEFF_TEST_DATA) / "golden" / "basic";

// A TCP port free on 127.0.0.1 now, chosen by the kernel (bind to port 0). ctest runs every test in
// its own process, each with its own server: a port derived from the pid could collide with
// another test's server or any other listener, which made a test fail now and then under -j2.
int free_port() {
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0) return 40000 + static_cast<int>(getpid() % 20000);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    a.sin_port = 0;
    socklen_t len = sizeof a;
    int port = 0;
    if (::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0 && ::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len) == 0)
        port = ntohs(a.sin_port);
    ::close(fd);
    return port > 0 ? port : 40000 + static_cast<int>(getpid() % 20000);
}
const char* kPgBin = "/usr/lib/postgresql/15/bin";

class PostGIS : public ::testing::Test {
protected:
    static void SetUpTestSuite() {
        s_dir = new TempDir();
        s_port = free_port();
        // The server refuses to run as root: as root, run it as the postgres user.
        const std::string as = geteuid() == 0 ? "runuser -u postgres -- " : "";
        if (geteuid() == 0) std::system(("chown postgres '" + s_dir->path().string() + "'").c_str());
        const std::string data = (s_dir->path() / "data").string(), sock = s_dir->path().string();
        s_ok = std::system((as + kPgBin + "/initdb -D '" + data + "' -A trust -U postgres -E UTF8 --no-locale >/dev/null 2>&1").c_str()) == 0 &&
               std::system((as + kPgBin + "/pg_ctl -D '" + data + "' -l '" + sock + "/log' -w -t 300 -o \"-p " + std::to_string(s_port) +
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
    // P1: 30 mu, tax 60 → 2.0 万元/亩 (test_golden.cpp); 4 parcels; the region total in its own table.
    EXPECT_EQ(query("landeff", "SELECT round(mu_tax::numeric, 6) FROM landeff_2024.parks WHERE park_id = 'P1'"), "2.000000");
    EXPECT_EQ(query("landeff", "SELECT count(*) FROM landeff_2024.parcels"), "4");
    EXPECT_EQ(query("landeff", "SELECT count(*) FROM landeff_2024.parks WHERE park_id = '*'"), "0");
    EXPECT_EQ(query("landeff", "SELECT count(*) FROM landeff_2024.region WHERE region_id = '*'"), "1");
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

namespace {

// Every file below `dir` as text (report.xlsx unzipped), for a search for a secret.
std::string all_text(const fs::path& dir) {
    std::string all;
    for (const auto& e : fs::recursive_directory_iterator(dir)) {
        if (!e.is_regular_file()) continue;
        all += read_file(e.path());
        if (e.path().extension() == ".xlsx") {
            const fs::path txt = e.path().string() + ".txt";
            std::system(("unzip -p '" + e.path().string() + "' > '" + txt.string() + "' 2>/dev/null").c_str());
            all += read_file(txt);
            fs::remove(txt);
        }
    }
    return all;
}

}  // namespace

// `--out PG:… --schema public --overwrite` once replaced the source table the run had just read.
// A table the run reads is refused as an output (same database, schema and name; a layer named
// without its schema resolves through the search path), whatever --overwrite says.
TEST_F(PostGIS, AnInputTableIsNeverAnOutput) {
    ASSERT_TRUE(s_ok);
    for (const char* layer : {"parks", "parcels"})
        ASSERT_EQ(std::system(("ogr2ogr -f PostgreSQL \"" + pg() + "\" '" + (kBasic / (std::string(layer) + ".geojson")).string() +
                               "' -nln " + layer + " -lco SCHEMA=public -lco COLUMN_TYPES=zdmj=text >/dev/null 2>&1").c_str()), 0);
    TempDir tmp;
    std::ofstream(tmp.path() / "c.toml") << "year = 2024\ncrs = \"EPSG:4549\"\n"
                                         << "[inputs.parks]\npath = \"" << pg() << "\"\nlayer = \"public.parks\"\n"
                                         << "[inputs.parcels]\npath = \"" << pg() << "\"\nlayer = \"parcels\"\n";
    const std::string rows_before = query("landeff", "SELECT count(*) || ' ' || sum(ST_Area(wkb_geometry))::bigint FROM public.parcels");
    ASSERT_EQ(rows_before.substr(0, 2), "4 ");
    {
        auto r = run_landeff({"run", (tmp.path() / "c.toml").string(), "--out", pg(), "--schema", "public", "--overwrite", "--quiet"});
        EXPECT_EQ(r.exit_code, 2) << r.err;
        EXPECT_NE(r.err.find("would replace public.parks, which this run reads ([inputs.parks])"), std::string::npos) << r.err;
        EXPECT_NE(r.err.find("a PostGIS input is never an output"), std::string::npos) << r.err;
    }
    EXPECT_EQ(query("landeff", "SELECT count(*) || ' ' || sum(ST_Area(wkb_geometry))::bigint FROM public.parcels"), rows_before);
    EXPECT_EQ(query("landeff", "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public' AND table_name "
                                "IN ('landeff_run', 'findings', 'enterprises', 'unsupplied')"), "0");
    // Only the parcels read (parks from the files): refused for parcels, found through the search path.
    std::ofstream(tmp.path() / "d.toml") << "year = 2024\ncrs = \"EPSG:4549\"\n"
                                         << "[inputs.parks]\npath = \"" << (kBasic / "parks.geojson").string() << "\"\n"
                                         << "[inputs.parcels]\npath = \"" << pg() << "\"\nlayer = \"parcels\"\n";
    auto r = run_landeff({"run", (tmp.path() / "d.toml").string(), "--out", pg(), "--schema", "public", "--overwrite", "--quiet"});
    EXPECT_EQ(r.exit_code, 2) << r.err;
    EXPECT_NE(r.err.find("would replace public.parcels, which this run reads ([inputs.parcels])"), std::string::npos) << r.err;
    EXPECT_EQ(query("landeff", "SELECT count(*) || ' ' || sum(ST_Area(wkb_geometry))::bigint FROM public.parcels"), rows_before);
    // Another schema of the same database is fine.
    r = run_landeff({"run", (tmp.path() / "d.toml").string(), "--out", pg(), "--schema", "from_public", "--quiet"});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(query("landeff", "SELECT count(*) FROM from_public.parcels"), "4");
    psql("landeff", "DROP TABLE public.parks; DROP TABLE public.parcels");
}

// Tables of an output's name that no landeff run created are never replaced, --overwrite or not,
// and the message does not suggest --overwrite.
TEST_F(PostGIS, TablesNoLandeffRunCreatedAreNeverReplaced) {
    ASSERT_TRUE(s_ok);
    ASSERT_TRUE(psql("landeff", "CREATE SCHEMA theirs; CREATE TABLE theirs.parcels (x int); INSERT INTO theirs.parcels VALUES (7); "
                                "CREATE TABLE theirs.landeff_run (note text); INSERT INTO theirs.landeff_run VALUES ('mine')"));
    for (bool overwrite : {false, true}) {
        std::vector<std::string> a = {"run", (kBasic / "landeff.toml").string(), "--out", pg(), "--schema", "theirs", "--quiet"};
        if (overwrite) a.push_back("--overwrite");
        auto r = run_landeff(a);
        EXPECT_EQ(r.exit_code, 2) << r.err;
        EXPECT_NE(r.err.find("already has landeff_run, parcels, which no landeff run created"), std::string::npos) << r.err;
        EXPECT_EQ(r.err.find("--overwrite"), std::string::npos) << r.err;
    }
    EXPECT_EQ(query("landeff", "SELECT x FROM theirs.parcels"), "7");
    EXPECT_EQ(query("landeff", "SELECT note FROM theirs.landeff_run"), "mine");
    EXPECT_EQ(query("landeff", "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'theirs'"), "2");
    // A landeff run records what it created; --overwrite replaces those and only those.
    ASSERT_TRUE(psql("landeff", "CREATE SCHEMA ours"));
    auto r = run_landeff({"run", (kBasic / "landeff.toml").string(), "--out", pg(), "--schema", "ours", "--quiet"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(query("landeff", "SELECT run->'output'->'tables' ? 'parcels' FROM ours.landeff_run"), "t");
    r = run_landeff({"run", (kBasic / "landeff.toml").string(), "--out", pg(), "--schema", "ours", "--quiet", "--overwrite"});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    // A landeff_run of an older landeff (no table list) proves nothing: refused.
    ASSERT_TRUE(psql("landeff", "UPDATE ours.landeff_run SET run = run #- '{output,tables}'"));
    r = run_landeff({"run", (kBasic / "landeff.toml").string(), "--out", pg(), "--schema", "ours", "--quiet", "--overwrite"});
    EXPECT_EQ(r.exit_code, 2) << r.err;
    EXPECT_NE(r.err.find("which no landeff run created"), std::string::npos) << r.err;
}

// A password in every spelling libpq accepts, in the inputs and in --out, and PGPASSWORD in the
// environment: never on stderr, in any output file (report.xlsx unzipped) or in landeff_run; one
// warning recommends ~/.pgpass, service= or PGPASSWORD.
TEST_F(PostGIS, PasswordsNeverShownInAnySpelling) {
    ASSERT_TRUE(s_ok);
    ASSERT_TRUE(psql("landeff", "CREATE SCHEMA sec"));
    ASSERT_EQ(std::system(("ogr2ogr -f PostgreSQL \"" + pg() + "\" '" + (kBasic / "parcels.geojson").string() +
                           "' -nln parcels -lco SCHEMA=sec -lco COLUMN_TYPES=zdmj=text >/dev/null 2>&1").c_str()), 0);
    const std::string port = std::to_string(s_port);
    struct Spelling {
        std::string conn, secret;
    };
    // The server trusts 127.0.0.1, so any password connects; what matters is where it shows.
    const std::vector<Spelling> spellings = {
        {pg(" password=s3cret-A1"), "s3cret-A1"},
        {pg(" password = s3cret-B2"), "s3cret-B2"},
        {pg(R"( password='s3cret C3\' q')"), "s3cret C3"},
        {"PG:postgresql://postgres:s3cret-D4@127.0.0.1:" + port + "/landeff", "s3cret-D4"},
    };
    setenv("PGPASSWORD", "s3cret-ENV6", 1);
    for (size_t k = 0; k < spellings.size(); ++k) {
        const auto& sp = spellings[k];
        TempDir tmp;
        std::string toml_conn;  // TOML basic string: escape \ and "
        for (char c : sp.conn) toml_conn += (c == '\\' || c == '"') ? std::string("\\") + c : std::string(1, c);
        std::ofstream(tmp.path() / "c.toml") << "year = 2024\ncrs = \"EPSG:4549\"\n"
                                             << "[inputs.parks]\npath = \"" << (kBasic / "parks.geojson").string() << "\"\n"
                                             << "[inputs.parcels]\npath = \"" << toml_conn << "\"\nlayer = \"sec.parcels\"\n";
        auto r = run_landeff({"run", (tmp.path() / "c.toml").string(), "--out", (tmp.path() / "o").string(), "--formats",
                              "gpkg,geojson,shp,xlsx,html"});
        ASSERT_EQ(r.exit_code, 0) << k << ": " << r.err;
        const std::string files = all_text(tmp.path() / "o");
        ASSERT_NE(files.find("parcels"), std::string::npos);
        ASSERT_NE(files.find("[inputs.parcels]"), std::string::npos);  // the finding about the password is in the outputs
        for (const std::string& secret : {sp.secret, std::string("s3cret-ENV6")}) {
            EXPECT_EQ(r.err.find(secret), std::string::npos) << k << ": " << r.err;
            EXPECT_EQ(files.find(secret), std::string::npos) << k << ": " << secret << " in an output file";
        }
        EXPECT_NE(r.err.find("password_in_config"), std::string::npos) << r.err;
        EXPECT_NE(r.err.find("~/.pgpass"), std::string::npos) << r.err;
        // The warning on its own line, once (in Chinese, the default output.lang; English: LangFindings.PasswordWarning).
        const std::string warn = "landeff: warning: c.toml 中 [inputs.parcels] 的 path: 连接字符串中写有数据库密码";
        EXPECT_NE(r.err.find(warn), std::string::npos) << r.err;
        EXPECT_EQ(r.err.find(warn), r.err.rfind(warn)) << r.err;
        // The same spelling as --out: the schema's tables and the messages.
        const std::string schema = "sec_out_" + std::to_string(k);
        r = run_landeff({"run", (tmp.path() / "c.toml").string(), "--out", sp.conn, "--schema", schema});
        ASSERT_EQ(r.exit_code, 0) << k << ": " << r.err;
        EXPECT_EQ(r.err.find(sp.secret), std::string::npos) << k << ": " << r.err;
        EXPECT_EQ(query("landeff", "SELECT count(*) FROM " + schema + ".landeff_run WHERE run::text LIKE '%s3cret%'"), "0");
        EXPECT_EQ(query("landeff", "SELECT count(*) FROM " + schema + ".findings WHERE message LIKE '%s3cret%'"), "0");
        EXPECT_EQ(query("landeff", "SELECT count(*) FROM " + schema + ".parcels"), "4");
    }
    unsetenv("PGPASSWORD");
}

// libpq's own reason for a failed connection reaches the user (wrong password, refused, unknown
// host, no such database), without the password.
TEST_F(PostGIS, ConnectionFailureShowsLibpqsReason) {
    ASSERT_TRUE(s_ok);
    // One role that must give its password (scram), ahead of the server's "trust everyone" lines.
    {
        const fs::path hba = s_dir->path() / "data" / "pg_hba.conf";
        const std::string rest = read_file(hba);
        std::ofstream(hba) << "host all pwuser 127.0.0.1/32 scram-sha-256\n" << rest;
        const std::string as = geteuid() == 0 ? "runuser -u postgres -- " : "";
        ASSERT_EQ(std::system((as + kPgBin + "/pg_ctl -D '" + (s_dir->path() / "data").string() + "' reload >/dev/null 2>&1").c_str()), 0);
        ASSERT_TRUE(psql("postgres", "CREATE ROLE pwuser LOGIN PASSWORD 'right-pw'"));
        std::this_thread::sleep_for(std::chrono::milliseconds(500));  // the reload is asynchronous
    }
    struct Bad {
        std::string conn, reason;
    };
    const std::vector<Bad> bad = {
        {"PG:host=127.0.0.1 port=" + std::to_string(s_port) + " dbname=landeff user=pwuser password='s3cret F7'",
         "password authentication failed for user \"pwuser\""},
        {"PG:host=127.0.0.1 port=1 dbname=landeff user=postgres password=s3cret-F7", "Connection refused"},
        {"PG:host=no-such-host.invalid dbname=landeff user=postgres password = s3cret-F7", "could not translate host name"},
        {"PG:host=127.0.0.1 port=" + std::to_string(s_port) + " dbname=no_such_db user=postgres password=s3cret-F7",
         "database \"no_such_db\" does not exist"},
        // GDAL 3.6 appends its own options to the string, which a URI with a query cannot take.
        {"PG:postgres://postgres@127.0.0.1:" + std::to_string(s_port) + "/landeff?password=s3cret-F7", "cannot connect"},
    };
    for (const auto& b : bad) {
        TempDir tmp;
        auto r = run_landeff({"run", (kBasic / "landeff.toml").string(), "--out", b.conn, "--schema", "x", "--quiet"});
        EXPECT_EQ(r.exit_code, 1) << r.err;
        EXPECT_NE(r.err.find(b.reason), std::string::npos) << r.err;
        EXPECT_EQ(r.err.find("s3cret"), std::string::npos) << r.err;
        std::ofstream(tmp.path() / "c.toml") << "year = 2024\ncrs = \"EPSG:4549\"\n[inputs.parks]\npath = \"" << b.conn
                                             << "\"\nlayer = \"parks\"\n[inputs.parcels]\npath = \""
                                             << (kBasic / "parcels.geojson").string() << "\"\n";
        r = run_landeff({"run", (tmp.path() / "c.toml").string(), "--out", (tmp.path() / "o").string(), "--quiet", "--lang", "en"});
        EXPECT_EQ(r.exit_code, 1) << r.err;
        EXPECT_NE(r.err.find(b.reason), std::string::npos) << r.err;
        EXPECT_EQ(r.err.find("s3cret"), std::string::npos) << r.err;
        // The same in Chinese (the default): libpq's reason inside the Chinese sentence, the password redacted.
        r = run_landeff({"run", (tmp.path() / "c.toml").string(), "--out", (tmp.path() / "o").string(), "--quiet"});
        EXPECT_EQ(r.exit_code, 1) << r.err;
        EXPECT_NE(r.err.find("landeff: 错误："), std::string::npos) << r.err;
        EXPECT_NE(r.err.find(b.reason == "cannot connect" ? std::string("无法连接数据库") : b.reason), std::string::npos) << r.err;
        EXPECT_EQ(r.err.find("s3cret"), std::string::npos) << r.err;
        EXPECT_FALSE(fs::exists(tmp.path() / "o"));
    }
}
