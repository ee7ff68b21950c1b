// Outputs never destroy data that is not landeff's (issue 14): --overwrite replaces only an
// earlier landeff output or an empty directory, the final rename never replaces a folder that
// appeared meanwhile, a killed run's staging folder is removed by the next run (only when it is
// its own), `--out ""` is a usage error, a full disk says so, and run.json times the whole run.
#include <gtest/gtest.h>

#include <sys/mount.h>
#include <sys/statvfs.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <csignal>
#include <fstream>
#include <thread>

#include <nlohmann/json.hpp>

#include "cli_util.hpp"

namespace fs = std::filesystem;
using namespace landeff::test;

namespace {

const fs::path kBasic = fs::path(LANDEFF_TEST_DATA) / "golden" / "basic";
const fs::path kYears = fs::path(LANDEFF_TEST_DATA) / "golden" / "years";

CliResult run_basic(const fs::path& out, std::vector<std::string> extra = {}) {
    std::vector<std::string> a = {"run", (kBasic / "landeff.toml").string(), "--out", out.string(), "--quiet", "--formats", "gpkg"};
    a.insert(a.end(), extra.begin(), extra.end());
    return run_landeff(a);
}

// Staging (".o.tmp-PID") and set-aside (".o.old-PID") folders in `dir`.
std::vector<std::string> leftovers(const fs::path& dir) {
    std::vector<std::string> out;
    for (const auto& e : fs::directory_iterator(dir)) {
        const std::string n = e.path().filename().string();
        if (n.find(".tmp-") != std::string::npos || n.find(".old-") != std::string::npos) out.push_back(n);
    }
    return out;
}

// Starts `landeff run CONFIG --out OUT --quiet --formats …` in the background; stderr to `err`.
pid_t spawn_run(const fs::path& config, const fs::path& out, const fs::path& err, const std::string& formats,
                bool overwrite = false) {
    const pid_t pid = fork();
    if (pid == 0) {
        if (!std::freopen(err.c_str(), "w", stderr)) _exit(126);
        const std::string c = config.string(), o = out.string();
        if (overwrite)
            execl(LANDEFF_BIN, LANDEFF_BIN, "run", c.c_str(), "--out", o.c_str(), "--quiet", "--formats", formats.c_str(), "--overwrite",
                  static_cast<char*>(nullptr));
        else
            execl(LANDEFF_BIN, LANDEFF_BIN, "run", c.c_str(), "--out", o.c_str(), "--quiet", "--formats", formats.c_str(),
                  static_cast<char*>(nullptr));
        _exit(127);
    }
    return pid;
}

// Waits (at most 20 s) until the run `pid` has created its staging folder next to `out`.
bool wait_for_staging(const fs::path& out, pid_t pid) {
    const fs::path staging = out.parent_path() / ("." + out.filename().string() + ".tmp-" + std::to_string(pid));
    for (int i = 0; i < 2000; ++i) {
        if (fs::exists(staging / ".landeff-staging")) return true;
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return false;
}

int exit_status(pid_t pid) {
    int status = 0;
    waitpid(pid, &status, 0);
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

// A synthetic city big enough that a run takes seconds (for the tests that act during a run).
const fs::path& big_city() {
    static TempDir dir;
    static bool made = false;
    if (!made) {
        auto s = run_landeff({"synth", "--parcels", "30000", "--seed", "14", "--out", (dir.path() / "city").string(), "--quiet"});
        EXPECT_EQ(s.exit_code, 0) << s.err;
        made = true;
    }
    static const fs::path cfg = dir.path() / "city" / "landeff.toml";
    return cfg;
}

TEST(SafeOutput, OverwriteRefusesAFolderThatIsNotALandeffOutput) {
    TempDir tmp;
    const fs::path docs = tmp.path() / "my_documents";
    fs::create_directories(docs / "photos");
    std::ofstream(docs / "thesis.docx") << "four years of work";
    std::ofstream(docs / "notes.txt") << "notes";
    std::ofstream(docs / "photos" / "a.jpg") << "jpeg";
    const auto before = fingerprint(tmp.path());
    auto r = run_basic(docs, {"--overwrite"});
    EXPECT_EQ(r.exit_code, 2) << r.err;
    EXPECT_NE(r.err.find("is not a landeff output"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("notes.txt, photos/, thesis.docx"), std::string::npos) << r.err;  // what is there, sorted
    EXPECT_EQ(r.err.find("use --overwrite"), std::string::npos) << r.err;
    EXPECT_EQ(fingerprint(tmp.path()), before) << "--overwrite touched a folder landeff did not write";

    // A run.json that is not landeff's (no landeff_version) does not make a folder landeff's.
    std::ofstream(docs / "run.json") << "{\"runner\": \"my marathon log\"}";
    const auto before2 = fingerprint(tmp.path());
    r = run_basic(docs, {"--overwrite"});
    EXPECT_EQ(r.exit_code, 2) << r.err;
    EXPECT_EQ(fingerprint(tmp.path()), before2);
    EXPECT_TRUE(leftovers(tmp.path()).empty());
}

// The config's own folder as --out (its inputs elsewhere): the config is an input.
TEST(SafeOutput, OverwriteNeverDeletesTheConfig) {
    TempDir tmp;
    const fs::path dir = tmp.path() / "project";
    fs::create_directories(dir);
    std::ofstream(dir / "c.toml") << "year = 2024\ncrs = \"EPSG:4549\"\n[inputs.parks]\npath = \"" << (kBasic / "parks.geojson").string()
                                  << "\"\n[inputs.parcels]\npath = \"" << (kBasic / "parcels.geojson").string() << "\"\n";
    const auto before = fingerprint(tmp.path());
    auto r = run_landeff({"run", (dir / "c.toml").string(), "--out", dir.string(), "--overwrite", "--quiet", "--formats", "gpkg"});
    EXPECT_EQ(r.exit_code, 2) << r.err;
    EXPECT_NE(r.err.find("contains the input " + (dir / "c.toml").string()), std::string::npos) << r.err;
    EXPECT_EQ(fingerprint(tmp.path()), before);
    EXPECT_TRUE(leftovers(tmp.path()).empty());
}

// What --overwrite may replace: an empty folder, and the outputs of run, inspect, compare,
// a multi-year run and synth.
TEST(SafeOutput, OverwriteReplacesEveryKindOfLandeffOutput) {
    TempDir tmp;
    const fs::path o = tmp.path() / "o";
    fs::create_directories(o);
    auto r = run_basic(o, {"--overwrite"});
    ASSERT_EQ(r.exit_code, 0) << "an empty folder: " << r.err;
    r = run_basic(o, {"--overwrite"});
    ASSERT_EQ(r.exit_code, 0) << "an earlier run: " << r.err;
    fs::remove_all(o);
    r = run_landeff({"inspect", (kBasic / "landeff.toml").string(), "--out", o.string(), "--quiet"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    r = run_basic(o, {"--overwrite"});
    EXPECT_EQ(r.exit_code, 0) << "an inspect output: " << r.err;

    const fs::path years = tmp.path() / "years";
    r = run_landeff({"run", (kYears / "landeff.toml").string(), "--out", years.string(), "--quiet", "--formats", "gpkg"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    ASSERT_TRUE(fs::exists(years / "2024" / "changes" / "run.json"));
    r = run_landeff({"run", (kYears / "landeff.toml").string(), "--out", years.string(), "--quiet", "--formats", "gpkg", "--overwrite"});
    EXPECT_EQ(r.exit_code, 0) << "a multi-year output: " << r.err;
    r = run_basic(years, {"--overwrite"});
    EXPECT_EQ(r.exit_code, 0) << "a multi-year output replaced by a one-year run: " << r.err;

    const fs::path cmp = tmp.path() / "cmp";
    r = run_landeff({"compare", (years).string(), o.string(), "--out", cmp.string()});
    if (r.exit_code == 0) {
        r = run_basic(cmp, {"--overwrite"});
        EXPECT_EQ(r.exit_code, 0) << "a compare output: " << r.err;
    }

    const fs::path city = tmp.path() / "city";
    r = run_landeff({"synth", "--parcels", "20", "--seed", "1", "--out", city.string(), "--quiet"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    r = run_landeff({"run", (city / "landeff.toml").string(), "--quiet", "--formats", "gpkg"});  // landeff_out_2024 inside
    ASSERT_EQ(r.exit_code, 0) << r.err;
    r = run_landeff({"synth", "--parcels", "20", "--seed", "2", "--out", city.string(), "--quiet", "--overwrite"});
    EXPECT_EQ(r.exit_code, 0) << "a synth city with its run output: " << r.err;
    std::ofstream(city / "my_edits.txt") << "mine";
    r = run_landeff({"synth", "--parcels", "20", "--seed", "3", "--out", city.string(), "--quiet", "--overwrite"});
    EXPECT_EQ(r.exit_code, 2) << "a synth city with a file of the user's: " << r.err;
    EXPECT_TRUE(fs::exists(city / "my_edits.txt"));
    EXPECT_TRUE(leftovers(tmp.path()).empty());
}

// `--out "$UNSET"` must not quietly write to the default folder (or to a folder named " ").
TEST(SafeOutput, EmptyOutIsAUsageError) {
    TempDir tmp;
    fs::copy(kBasic, tmp.path() / "basic");
    const fs::path cfg = tmp.path() / "basic" / "landeff.toml";
    const auto before = fingerprint(tmp.path());
    for (const std::string out : {"", " ", "\t"}) {
        for (const char* cmd : {"run", "inspect"}) {
            auto r = run_landeff({cmd, cfg.string(), "--out", out, "--quiet"});
            EXPECT_EQ(r.exit_code, 2) << cmd << " --out \"" << out << "\": " << r.err;
            EXPECT_NE(r.err.find("--out 为空"), std::string::npos) << r.err;
        }
        auto r = run_landeff({"synth", "--parcels", "10", "--out", out, "--quiet"});
        EXPECT_EQ(r.exit_code, 2) << "synth --out \"" << out << "\": " << r.err;
    }
    EXPECT_EQ(fingerprint(tmp.path()), before) << "something was written";
    EXPECT_FALSE(fs::exists(fs::current_path() / " "));
}

// A folder that appears at --out while the run works is never replaced: without --overwrite the
// run fails at the end (exit 1) and discards its own output; with --overwrite too when what
// appeared is not a landeff output.
TEST(SafeOutput, FolderAppearingDuringTheRunIsNeverReplaced) {
    const fs::path& cfg = big_city();
    for (bool overwrite : {false, true}) {
        TempDir tmp;
        const fs::path out = tmp.path() / "o";
        const pid_t pid = spawn_run(cfg, out, tmp.path() / "err", "gpkg,geojson", overwrite);
        ASSERT_TRUE(wait_for_staging(out, pid)) << read_file(tmp.path() / "err");
        fs::create_directories(out);
        std::ofstream(out / "mine.txt") << "someone else's";
        const auto before = fingerprint(out);
        EXPECT_EQ(exit_status(pid), 1) << read_file(tmp.path() / "err");
        const std::string err = read_file(tmp.path() / "err");
        EXPECT_NE(err.find(overwrite ? "changed while this run worked" : "appeared while this run worked"), std::string::npos) << err;
        EXPECT_NE(err.find("output was discarded"), std::string::npos) << err;
        EXPECT_EQ(fingerprint(out), before) << "the folder that appeared was changed";
        EXPECT_TRUE(leftovers(tmp.path()).empty());
    }
}

// Two runs of the same command at once: one wins whole, the other fails clearly.
TEST(SafeOutput, TwoRunsAtOnceOneWinsWhole) {
    TempDir tmp;
    const fs::path out = tmp.path() / "o";
    const pid_t a = spawn_run(kBasic / "landeff.toml", out, tmp.path() / "err_a", "gpkg,geojson,shp");
    const pid_t b = spawn_run(kBasic / "landeff.toml", out, tmp.path() / "err_b", "gpkg,geojson,shp");
    const int ra = exit_status(a), rb = exit_status(b);
    const std::string ea = read_file(tmp.path() / "err_a"), eb = read_file(tmp.path() / "err_b");
    EXPECT_EQ((ra == 0) + (rb == 0), 1) << ea << "\n" << eb;
    const std::string& loser = ra == 0 ? eb : ea;
    EXPECT_TRUE(loser.find("appeared while this run worked") != std::string::npos || loser.find("already exists") != std::string::npos)
        << loser;
    EXPECT_EQ(read_rows(out / "landeff.gpkg", "parcels").size(), 4u);
    EXPECT_TRUE(fs::exists(out / "geojson" / "parcels.geojson"));
    EXPECT_TRUE(fs::exists(out / "run.json"));
    EXPECT_FALSE(fs::exists(out / ".landeff-staging"));
    EXPECT_TRUE(leftovers(tmp.path()).empty());
}

// After a SIGKILL the staging folder stays; the next run to the same --out names and removes it
// — only its own (the marker inside, the process gone), never a folder that merely looks alike.
TEST(SafeOutput, NextRunRemovesAKilledRunsStagingFolder) {
    const fs::path& cfg = big_city();
    TempDir tmp;
    const fs::path out = tmp.path() / "o";
    const pid_t pid = spawn_run(cfg, out, tmp.path() / "err", "gpkg,geojson,shp");
    ASSERT_TRUE(wait_for_staging(out, pid));
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    kill(pid, SIGKILL);
    EXPECT_EQ(exit_status(pid), 128 + SIGKILL);
    const std::string killed = ".o.tmp-" + std::to_string(pid);
    ASSERT_TRUE(fs::exists(tmp.path() / killed / ".landeff-staging"));
    // Look-alikes that are not a dead run's: no marker; a marker of a live process (this test).
    fs::create_directories(tmp.path() / ".o.tmp-1");
    std::ofstream(tmp.path() / ".o.tmp-1" / "data.txt") << "not landeff's";
    const std::string live = ".o.tmp-" + std::to_string(getpid());
    fs::create_directories(tmp.path() / live);
    std::ofstream(tmp.path() / live / ".landeff-staging") << getpid() << "\n";

    auto r = run_landeff({"run", (kBasic / "landeff.toml").string(), "--out", out.string(), "--quiet", "--formats", "gpkg"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_NE(r.err.find("removing " + (tmp.path() / killed).string()), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("process " + std::to_string(pid) + ") that was killed"), std::string::npos) << r.err;
    EXPECT_FALSE(fs::exists(tmp.path() / killed));
    EXPECT_TRUE(fs::exists(tmp.path() / ".o.tmp-1" / "data.txt"));
    EXPECT_TRUE(fs::exists(tmp.path() / live / ".landeff-staging"));
    EXPECT_EQ(r.err.find((tmp.path() / ".o.tmp-1").string() + ","), std::string::npos) << r.err;
    EXPECT_EQ(r.err.find((tmp.path() / live).string() + ","), std::string::npos) << r.err;
}

// A full disk: the message says so (strerror(ENOSPC)), not GDAL's ".shp file is unreadable, or
// corrupt", and nothing is left on the full file system. A 1 MiB tmpfs is filled up to 8 KiB
// (two pages: the staging folder's marker and a little more), less than any format's files.
TEST(SafeOutput, DiskFullSaysNoSpaceLeftOnDevice) {
    TempDir tmp;
    const fs::path mnt = tmp.path() / "small";
    fs::create_directories(mnt);
    if (mount("tmpfs", mnt.c_str(), "tmpfs", 0, "size=1m") != 0) {
        const std::string why = std::strerror(errno);
        std::fprintf(stderr, "\n*** SafeOutput.DiskFullSaysNoSpaceLeftOnDevice NOT RUN: cannot mount a tmpfs (%s); run the tests "
                             "as root in a container allowed to mount (CAP_SYS_ADMIN) to test a full disk ***\n\n", why.c_str());
        GTEST_SKIP() << "cannot mount a small tmpfs here (" << why << "): the full-disk case needs root with CAP_SYS_ADMIN";
    }
    struct Unmount {
        fs::path p;
        ~Unmount() { umount2(p.c_str(), MNT_DETACH); }
    } unmount{mnt};
    for (const char* formats : {"gpkg", "geojson", "shp", "xlsx", "html"}) {
        {
            struct statvfs v {};
            ASSERT_EQ(statvfs(mnt.c_str(), &v), 0);
            const auto free_bytes = static_cast<std::streamsize>(v.f_bavail * v.f_bsize);
            std::ofstream fill(mnt / "filler", std::ios::binary);
            const std::string block(static_cast<size_t>(free_bytes - 8192), 'x');
            fill.write(block.data(), static_cast<std::streamsize>(block.size()));
            ASSERT_TRUE(static_cast<bool>(fill));
        }
        auto r = run_landeff({"run", (kBasic / "landeff.toml").string(), "--out", (mnt / "o").string(), "--quiet", "--formats", formats});
        EXPECT_EQ(r.exit_code, 1) << formats << ": " << r.err;
        EXPECT_NE(r.err.find("no space left on device"), std::string::npos) << formats << ": " << r.err;
        EXPECT_EQ(r.err.find("unreadable, or corrupt"), std::string::npos) << formats << ": " << r.err;
        EXPECT_FALSE(fs::exists(mnt / "o"));
        EXPECT_TRUE(leftovers(mnt).empty());
        fs::remove_all(mnt / "o");
        fs::remove(mnt / "filler");
    }
}

// run.json's total covers every step, the maps and report.html included (they were measured
// after the total before): total ≥ the sum of the steps.
TEST(SafeOutput, RunJsonTotalCoversTheWholeRun) {
    TempDir tmp;
    auto r = run_landeff({"run", (kBasic / "landeff.toml").string(), "--out", (tmp.path() / "o").string(), "--quiet", "--formats",
                          "gpkg,html,maps"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const auto j = nlohmann::json::parse(read_file(tmp.path() / "o" / "run.json"));
    const auto& t = j.at("timings_s");
    ASSERT_TRUE(t.contains("maps") && t.contains("html") && t.contains("total")) << t.dump();
    // The steps in sequence; report.xlsx and report.html's data are made beside them (their own
    // seconds overlap the write step).
    ASSERT_TRUE(t.contains("html_data")) << t.dump();
    double sum = 0;
    for (const auto& [step, s] : t.items())
        if (step != "total" && step != "xlsx" && step != "html_data") sum += s.get<double>();
    EXPECT_GE(t.at("total").get<double>(), sum) << t.dump();
    // The read step by input layer (issue 20, the profile the bench prints): each input read, in
    // seconds, together within the read step (which also applies the corrections).
    const auto& layers = j.at("read_s");
    double read_sum = 0;
    for (const char* layer : {"parks", "parcels", "enterprises"}) {  // what basic configures
        ASSERT_TRUE(layers.contains(layer)) << layer << " " << layers.dump();
        EXPECT_GT(layers.at(layer).get<double>(), 0) << layer;
    }
    EXPECT_FALSE(layers.contains("approvals")) << "not configured, not read: " << layers.dump();
    for (const auto& [layer, s] : layers.items()) read_sum += s.get<double>();
    EXPECT_LE(read_sum, t.at("read").get<double>()) << layers.dump();
}

// A connection string given without quotes splits into arguments CLI11 did not expect and
// quotes back: the password is hidden there too.
TEST(SafeOutput, UnexpectedArgumentsDoNotShowAPassword) {
    auto r = run_landeff({"run", (kBasic / "landeff.toml").string(), "--out", "PG:host=db", "password=s3cret-G8", "--schema", "x"});
    EXPECT_EQ(r.exit_code, 2) << r.err;
    EXPECT_NE(r.err.find("password=***"), std::string::npos) << r.err;
    EXPECT_EQ(r.err.find("s3cret-G8"), std::string::npos) << r.err;
}

}  // namespace
