// sqlite_direct_vfs (issue 20, src/write/sqlite_direct.cpp): SQLite's pages appended to the main
// database gathered into runs written with O_DIRECT by a thread of their own, every other write
// through the page cache, reads seeing the runs not yet written. The same statements run on a
// database opened with it and on one opened with SQLite's default VFS give the same file byte for
// byte and the same answers along the way — with a page cache of a few pages, so SQLite spills,
// reads back, rewrites earlier pages, rolls a transaction back (the journal written over pages that
// may still be in a run) and frees pages — at two page sizes.
#include <gtest/gtest.h>

#include <fcntl.h>
#include <sys/mount.h>
#include <sqlite3.h>
#include <sys/vfs.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <random>
#include <string>
#include <vector>

#include "direct_io_util.hpp"
#include "temp_dir.hpp"

#include "landeff/sqlite_direct.hpp"

using namespace landeff;
using landeff::test_support::TempDir;
namespace fs = std::filesystem;

namespace {

struct Db {
    sqlite3* db = nullptr;
    Db(const fs::path& p, const char* vfs) {
        EXPECT_EQ(sqlite3_open_v2(p.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, vfs), SQLITE_OK);
    }
    ~Db() {
        if (db) sqlite3_close(db);
    }
    void exec(const std::string& sql) { ASSERT_EQ(sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr), SQLITE_OK) << sql << ": " << sqlite3_errmsg(db); }
    std::string query(const std::string& sql) {
        sqlite3_stmt* st = nullptr;
        std::string out;
        if (sqlite3_prepare_v2(db, sql.c_str(), -1, &st, nullptr) != SQLITE_OK) return std::string("prepare failed: ") + sqlite3_errmsg(db);
        int rc;
        while ((rc = sqlite3_step(st)) == SQLITE_ROW)
            for (int c = 0; c < sqlite3_column_count(st); ++c) {
                const unsigned char* t = sqlite3_column_text(st, c);
                out += t ? reinterpret_cast<const char*>(t) : "NULL";
                out += '|';
            }
        if (rc != SQLITE_DONE) out += std::string("step failed: ") + sqlite3_errmsg(db);
        sqlite3_finalize(st);
        return out;
    }
};

// Whether some descriptor of this process open on `p` has O_DIRECT (/proc/self/fdinfo's flags).
bool open_direct(const fs::path& p) {
    const fs::path want = fs::canonical(p);
    for (const auto& e : fs::directory_iterator("/proc/self/fd")) {
        std::error_code ec;
        const fs::path target = fs::read_symlink(e.path(), ec);
        if (ec || target != want) continue;
        std::ifstream info("/proc/self/fdinfo/" + e.path().filename().string());
        std::string key;
        while (info >> key)
            if (key == "flags:") {
                std::string octal;
                info >> octal;
                if (std::strtol(octal.c_str(), nullptr, 8) & O_DIRECT) return true;
            }
    }
    return false;
}

// One workload, the same statements whatever the VFS; the answers along the way, in order.
std::vector<std::string> workload(const fs::path& p, const char* vfs, int page_size, uint64_t seed, bool* saw_direct) {
    std::vector<std::string> answers;
    Db d(p, vfs);
    std::mt19937_64 rng(seed);
    d.exec("PRAGMA page_size = " + std::to_string(page_size));
    d.exec("PRAGMA cache_size = 8");  // pages: SQLite spills and reads back all the time
    d.exec("PRAGMA synchronous = OFF");
    d.exec("CREATE TABLE t (id INTEGER PRIMARY KEY AUTOINCREMENT, k INTEGER, v BLOB)");
    d.exec("CREATE INDEX t_k ON t (k)");
    d.exec("CREATE TABLE u (id INTEGER PRIMARY KEY, s TEXT)");
    auto blob = [&](size_t n) {
        std::string h;
        for (size_t k = 0; k < n; ++k) h += "0123456789abcdef"[rng() % 16];
        return "x'" + (h.size() % 2 ? h + "0" : h) + "'";
    };
    for (int round = 0; round < 6; ++round) {
        d.exec("BEGIN");
        const int rows = 300 + static_cast<int>(rng() % 500);
        for (int r = 0; r < rows; ++r) {
            const size_t n = rng() % 8 == 0 ? 2 * static_cast<size_t>(page_size) + rng() % 5000 : rng() % 400;  // some overflow pages
            d.exec("INSERT INTO t (k, v) VALUES (" + std::to_string(rng() % 1000) + ", " + blob(n) + ")");
            if (r % 97 == 0) d.exec("INSERT INTO u (s) VALUES ('" + std::to_string(rng()) + "')");
            if (r % 150 == 0) answers.push_back(d.query("SELECT count(*), sum(length(v)), sum(k) FROM t"));
        }
        // Earlier pages written again, and read back.
        d.exec("UPDATE t SET v = " + blob(60) + " WHERE id % 7 = " + std::to_string(rng() % 7));
        answers.push_back(d.query("SELECT count(*), sum(length(v)), min(id), max(id) FROM t WHERE k < 500"));
        d.exec("COMMIT");
        if (saw_direct && open_direct(p)) *saw_direct = true;
        // A transaction rolled back: the journal's pages written back over the file.
        d.exec("BEGIN");
        d.exec("DELETE FROM t WHERE k % 3 = 0");
        for (int r = 0; r < 200; ++r) d.exec("INSERT INTO t (k, v) VALUES (" + std::to_string(rng() % 1000) + ", " + blob(rng() % 3000) + ")");
        answers.push_back(d.query("SELECT count(*), sum(length(v)) FROM t"));
        d.exec("ROLLBACK");
        answers.push_back(d.query("SELECT count(*), sum(length(v)), sum(k) FROM t"));
        // Pages freed and used again.
        d.exec("DELETE FROM t WHERE id % 5 = " + std::to_string(rng() % 5));
    }
    answers.push_back(d.query("PRAGMA integrity_check"));
    answers.push_back(d.query("SELECT count(*), sum(length(v)), sum(k) FROM t"));
    answers.push_back(d.query("SELECT group_concat(s) FROM u"));
    return answers;
}

}  // namespace

// Runs of 64 KiB written by a thread that waits 2 ms before each, so that SQLite reads, rewrites
// and rolls back pages while their runs wait; then runs of the real size, written at once.
TEST(SqliteDirect, SameFileAndAnswersAsSqlitesOwnVfs) {
    TempDir tmp("sqlite-direct");
    const bool ext4 = landeff::test_support::on_ext4(tmp.path());
    unsetenv("LANDEFF_DIRECT_IO");
    struct Env {
        ~Env() {
            unsetenv("LANDEFF_TEST_DIRECT_RUN_KB");
            unsetenv("LANDEFF_TEST_DIRECT_DELAY_MS");
        }
    } env;
    for (int page_size : {4096, 16384}) {
        for (uint64_t seed : {1, 2, 3}) {
            if (seed < 3) {
                setenv("LANDEFF_TEST_DIRECT_RUN_KB", "64", 1);
                setenv("LANDEFF_TEST_DIRECT_DELAY_MS", "2", 1);
            } else {
                unsetenv("LANDEFF_TEST_DIRECT_RUN_KB");
                unsetenv("LANDEFF_TEST_DIRECT_DELAY_MS");
            }
            const fs::path a = tmp / ("direct-" + std::to_string(page_size) + "-" + std::to_string(seed) + ".db");
            const fs::path b = tmp / ("plain-" + std::to_string(page_size) + "-" + std::to_string(seed) + ".db");
            bool saw_direct = false;
            const auto got = workload(a, sqlite_direct_vfs(), page_size, seed, &saw_direct);
            const auto want = workload(b, nullptr, page_size, seed, nullptr);
            if (HasFatalFailure()) return;
            if (ext4) {
                EXPECT_TRUE(saw_direct) << "ext4 takes O_DIRECT: the database's appended pages should have gone that way";
            }
            EXPECT_EQ(got, want) << page_size << " " << seed;
            ASSERT_EQ(want.end()[-3], "ok|");
            const std::string fa = landeff::test_support::file_bytes(a), fb = landeff::test_support::file_bytes(b);
            EXPECT_EQ(fa.size(), fb.size()) << page_size << " " << seed;
            EXPECT_TRUE(fa == fb) << page_size << " " << seed << ": the files differ";
        }
    }
}

// LANDEFF_DIRECT_IO=0: SQLite's own writes, the same file.
TEST(SqliteDirect, OffWithTheEnvironment) {
    TempDir tmp("sqlite-direct");
    setenv("LANDEFF_DIRECT_IO", "0", 1);
    bool saw_direct = false;
    const auto got = workload(tmp / "off.db", sqlite_direct_vfs(), 4096, 3, &saw_direct);
    unsetenv("LANDEFF_DIRECT_IO");
    const auto want = workload(tmp / "plain.db", nullptr, 4096, 3, nullptr);
    EXPECT_FALSE(saw_direct);
    EXPECT_EQ(got, want);
    EXPECT_TRUE(landeff::test_support::file_bytes(tmp / "off.db") == landeff::test_support::file_bytes(tmp / "plain.db"));
}

// A full disk when the last run is written: COMMIT has returned (the pages wait in the run, and with
// synchronous = OFF nothing syncs), SQLite would ignore what closing the file returns — so
// sqlite_direct_drain says it: SQLITE_FULL, errno ENOSPC. A 1 MiB tmpfs (which takes O_DIRECT on
// this kernel; where it does not, SQLite's own writes fail at COMMIT instead, and that is checked).
TEST(SqliteDirect, FullDiskAtTheLastRunIsSaid) {
    TempDir tmp("sqlite-direct");
    const fs::path mnt = tmp / "small";
    fs::create_directories(mnt);
    if (mount("tmpfs", mnt.c_str(), "tmpfs", 0, "size=1m") != 0) {
        const std::string why = std::strerror(errno);
        std::fprintf(stderr, "\n*** SqliteDirect.FullDiskAtTheLastRunIsSaid NOT RUN: cannot mount a tmpfs (%s); run the tests as "
                             "root in a container allowed to mount (CAP_SYS_ADMIN) to test a full disk ***\n\n", why.c_str());
        GTEST_SKIP() << "cannot mount a small tmpfs here (" << why << ")";
    }
    struct Unmount {
        fs::path p;
        ~Unmount() { umount2(p.c_str(), MNT_DETACH); }
    } unmount{mnt};
    unsetenv("LANDEFF_DIRECT_IO");
    Db d(mnt / "x.db", sqlite_direct_vfs());
    d.exec("PRAGMA synchronous = OFF");
    d.exec("CREATE TABLE t (v BLOB)");
    ASSERT_EQ(sqlite3_exec(d.db, "BEGIN", nullptr, nullptr, nullptr), SQLITE_OK);
    for (int k = 0; k < 300; ++k) ASSERT_EQ(sqlite3_exec(d.db, "INSERT INTO t VALUES (randomblob(5000))", nullptr, nullptr, nullptr), SQLITE_OK);
    const int commit = sqlite3_exec(d.db, "COMMIT", nullptr, nullptr, nullptr);
    if (commit != SQLITE_OK) {
        // Not held in a run (no O_DIRECT here): SQLite's own write failed, and said so.
        EXPECT_EQ(commit & 0xff, SQLITE_FULL) << sqlite3_errmsg(d.db);
        return;
    }
    errno = 0;
    EXPECT_EQ(sqlite_direct_drain(d.db), SQLITE_FULL);
    EXPECT_EQ(errno, ENOSPC) << std::strerror(errno);
}

// A database of SQLite's own VFS: nothing to wait for.
TEST(SqliteDirect, DrainOfAnotherVfsIsOk) {
    TempDir tmp("sqlite-direct");
    Db d(tmp / "plain.db", nullptr);
    d.exec("CREATE TABLE t (v)");
    EXPECT_EQ(sqlite_direct_drain(d.db), SQLITE_OK);
}
