// `run` and `inspect` share one declaration of their common options (issue 15 item 3): the two
// copies had drifted, and `inspect --quiet` still printed its findings and its summary.
#include <gtest/gtest.h>

#include <regex>
#include <set>

#include "cli_util.hpp"

namespace fs = std::filesystem;
using namespace landeff::test;

namespace {

const fs::path kBasic = fs::path(LANDEFF_TEST_DATA) / "golden" / "basic";

// The long options a command's --help lists ("--out", "--quiet", …).
std::set<std::string> options_of(const std::string& command) {
    const auto r = run_landeff({command, "--help"});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    std::set<std::string> out;
    const std::regex opt(R"(^\s+(--[a-z][a-z-]*))");
    std::smatch m;
    std::string::size_type start = 0;
    while (start < r.out.size()) {
        auto end = r.out.find('\n', start);
        if (end == std::string::npos) end = r.out.size();
        const std::string line = r.out.substr(start, end - start);
        if (std::regex_search(line, m, opt)) out.insert(m[1]);
        start = end + 1;
    }
    return out;
}

}  // namespace

// basic has findings (a parcel outside every park, enterprises without a parcel …): without
// --quiet inspect lists them on stderr; with --quiet a successful inspect says nothing at all.
TEST(CliOptions, InspectQuietPrintsNothingOnSuccess) {
    const std::string cfg = (kBasic / "landeff.toml").string();
    auto loud = run_landeff({"inspect", cfg});
    ASSERT_EQ(loud.exit_code, 0) << loud.err;
    EXPECT_FALSE(loud.err.empty()) << "without --quiet, inspect reports on stderr (else this test proves nothing)";

    auto quiet = run_landeff({"inspect", cfg, "--quiet"});
    EXPECT_EQ(quiet.exit_code, 0) << quiet.err;
    EXPECT_EQ(quiet.err, "") << "inspect --quiet printed on stderr";
    EXPECT_EQ(quiet.out, "");

    TempDir tmp;  // with --out too: the findings go to the folder, nothing to the terminal
    quiet = run_landeff({"inspect", cfg, "--out", (tmp.path() / "o").string(), "--quiet"});
    EXPECT_EQ(quiet.exit_code, 0) << quiet.err;
    EXPECT_EQ(quiet.err, "");
    EXPECT_TRUE(fs::exists(tmp.path() / "o" / "landeff.gpkg"));
}

// Every common option works on both commands, all at once.
TEST(CliOptions, RunAndInspectAcceptTheSameCommonOptions) {
    TempDir tmp;
    const std::string cfg = (kBasic / "landeff.toml").string();
    for (const std::string cmd : {"run", "inspect"}) {
        const fs::path out = tmp.path() / cmd;
        fs::create_directory(out);  // empty: --overwrite may replace it
        auto r = run_landeff({cmd, cfg, "--out", out.string(), "--year", "2024", "--overwrite", "--quiet", "--jobs", "2",
                              "--max-memory", "90%"});
        EXPECT_EQ(r.exit_code, 0) << cmd << ": " << r.err;
        EXPECT_EQ(r.err, "") << cmd;
        EXPECT_TRUE(fs::exists(out / "run.json")) << cmd;
    }
}

// The declared options: inspect has exactly run's, less the two about what run writes.
TEST(CliOptions, InspectDeclaresRunsOptionsLessItsOutputOnes) {
    const auto run = options_of("run");
    const auto inspect = options_of("inspect");
    ASSERT_TRUE(run.count("--quiet") && run.count("--out")) << "the --help parse found nothing";
    std::set<std::string> only_run;
    for (const auto& o : run)
        if (!inspect.count(o)) only_run.insert(o);
    std::set<std::string> only_inspect;
    for (const auto& o : inspect)
        if (!run.count(o)) only_inspect.insert(o);
    EXPECT_EQ(only_run, (std::set<std::string>{"--formats", "--schema"}));
    EXPECT_EQ(only_inspect, std::set<std::string>{});
}

// CLI manners (issue 16): a mistyped command names the nearest one, `landeff help` is `--help`,
// and --version names the libraries that computed the figures.
namespace {

TEST(CliManners, UnknownCommandSuggestsTheNearest) {
    auto r = run_landeff({"rnu", (kBasic / "landeff.toml").string()});
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_NE(r.err.find("landeff: error: unknown command \"rnu\"; did you mean \"run\"?"), std::string::npos) << r.err;
    r = run_landeff({"inspcet"});
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_NE(r.err.find("did you mean \"inspect\"?"), std::string::npos) << r.err;
    // Nothing near: the commands are listed instead of a guess.
    r = run_landeff({"xyzzy"});
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_EQ(r.err.find("did you mean"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("Commands: run, inspect, synth, map, compare, config"), std::string::npos) << r.err;
}

TEST(CliManners, HelpCommandIsTheHelpOption) {
    const auto help = run_landeff({"help"});
    EXPECT_EQ(help.exit_code, 0) << help.err;
    EXPECT_NE(help.out.find("Usage: landeff"), std::string::npos) << help.out;
    for (const char* c : {"run", "inspect", "synth", "map", "compare", "config"})
        EXPECT_NE(help.out.find(c), std::string::npos) << c;
}

TEST(CliManners, VersionNamesGdalGeosAndProj) {
    const auto r = run_landeff({"--version"});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    const std::regex v(R"(^landeff \S+ \(GDAL \d+\.\d+\.\d+, GEOS \d+\.\d+\.\d+\S*, PROJ \d+\.\d+\.\d+\))");
    EXPECT_TRUE(std::regex_search(r.out, v)) << r.out;
}

}  // namespace
