// `run` and `inspect` share one declaration of their common options (issue 15 item 3): the two
// copies had drifted, and `inspect --quiet` still printed its findings and its summary.
#include <gtest/gtest.h>

#include <ogrsf_frmts.h>
#include <sys/wait.h>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <fstream>
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
    const std::regex opt(R"(^\s+(?:-[a-z],\s*)?(--[a-z][a-z-]*))");  // "  -q,--quiet" lists --quiet
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

// The declared options: inspect has exactly run's, less the two about what run writes and the two
// that split a run into partitions.
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
    // run's own: what it writes (--formats, --schema), how it is split (--list-partitions, --partition, issue 21)
    // and where the parts run (--engine, --scheduler, --workers: Dask, issue 21), and the two passes of a
    // partition (--grades-only, --grades: issue 21's small halo).
    EXPECT_EQ(only_run, (std::set<std::string>{"--engine", "--formats", "--grades", "--grades-only", "--list-partitions", "--partition",
                                               "--scheduler", "--schema", "--workers"}));
    EXPECT_EQ(only_inspect, std::set<std::string>{});
}

// CLI manners (issue 16): a mistyped command names the nearest one, `landeff help` is `--help`,
// and --version names the libraries that computed the figures.
namespace {

// Chinese by default, English with --lang en anywhere on the command line (issue 16 follow-up).
TEST(CliManners, UnknownCommandSuggestsTheNearest) {
    auto r = run_landeff({"rnu", (kBasic / "landeff.toml").string()});
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_NE(r.err.find("landeff: 错误：未知命令 \"rnu\"；是否应为 \"run\"？"), std::string::npos) << r.err;
    r = run_landeff({"rnu", (kBasic / "landeff.toml").string(), "--lang", "en"});
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_NE(r.err.find("landeff: error: unknown command \"rnu\"; did you mean \"run\"?"), std::string::npos) << r.err;
    r = run_landeff({"inspcet", "--lang=en"});
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_NE(r.err.find("did you mean \"inspect\"?"), std::string::npos) << r.err;
    // Nothing near: the commands are listed instead of a guess.
    r = run_landeff({"xyzzy"});
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_EQ(r.err.find("是否应为"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("可用命令：run, inspect, synth, map, compare, merge, config"), std::string::npos) << r.err;
    r = run_landeff({"xyzzy", "--lang", "en"});
    EXPECT_EQ(r.err.find("did you mean"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("Commands: run, inspect, synth, map, compare, merge, config"), std::string::npos) << r.err;
}

// --help is Chinese unless --lang en is on the command line (the help is printed before any config is read).
TEST(CliManners, HelpIsChineseByDefaultEnglishWithLangEn) {
    auto r = run_landeff({"run", "--help"});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    EXPECT_NE(r.out.find("配置文件（TOML）"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("工作线程数"), std::string::npos) << r.out;
    EXPECT_EQ(r.out.find("Worker threads"), std::string::npos) << r.out;
    r = run_landeff({"run", "--help", "--lang", "en"});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    EXPECT_NE(r.out.find("Configuration file (TOML)"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("Worker threads"), std::string::npos) << r.out;
    EXPECT_EQ(r.out.find("工作线程数"), std::string::npos) << r.out;
    r = run_landeff({"help"});
    EXPECT_NE(r.out.find("分析配置的城市或地区"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("退出码"), std::string::npos) << r.out;
}

TEST(CliManners, HelpCommandIsTheHelpOption) {
    const auto help = run_landeff({"help"});
    EXPECT_EQ(help.exit_code, 0) << help.err;
    EXPECT_NE(help.out.find("Usage: landeff"), std::string::npos) << help.out;
    for (const char* c : {"run", "inspect", "synth", "map", "compare", "merge", "config"})
        EXPECT_NE(help.out.find(c), std::string::npos) << c;
}

TEST(CliManners, VersionNamesGdalGeosAndProj) {
    const auto r = run_landeff({"--version"});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    const std::regex v(R"(^landeff \S+ \(GDAL \d+\.\d+\.\d+, GEOS \d+\.\d+\.\d+\S*, PROJ \d+\.\d+\.\d+\))");
    EXPECT_TRUE(std::regex_search(r.out, v)) << r.out;
}

}  // namespace

// CLI manners, the rest (issue 16): usage errors, -q, Ctrl-C, run.json's library versions,
// inspect --quiet on a terminal, and inspect's findings = run's.
namespace {

// Every finding of a landeff.gpkg as "layer|id|code|severity|message", sorted.
std::vector<std::string> findings_of(const fs::path& gpkg) {
    std::vector<std::string> out;
    GDALAllRegister();
    GDALDatasetUniquePtr ds(GDALDataset::Open(gpkg.string().c_str(), GDAL_OF_VECTOR));
    EXPECT_TRUE(ds) << gpkg;
    if (!ds) return out;
    OGRLayer* L = ds->GetLayerByName("findings");
    EXPECT_TRUE(L) << gpkg;
    if (!L) return out;
    for (auto& f : *L)
        out.push_back(std::string(f->GetFieldAsString("layer")) + "|" + f->GetFieldAsString("id") + "|" +
                      f->GetFieldAsString("code") + "|" + f->GetFieldAsString("severity") + "|" + f->GetFieldAsString("message"));
    std::sort(out.begin(), out.end());
    return out;
}

TEST(CliManners, UsageErrorsStartWithLandeffError) {
    auto r = run_landeff({"run"});  // CONFIG missing
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_EQ(r.err.rfind("landeff: 错误：命令行参数有误：", 0), 0u) << r.err;
    r = run_landeff({"run", (kBasic / "landeff.toml").string(), "--no-such-option"});
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_EQ(r.err.rfind("landeff: 错误：", 0), 0u) << r.err;
    EXPECT_NE(r.err.find("--no-such-option"), std::string::npos) << r.err;  // CLI11's sentence names it
    r = run_landeff({"run", (kBasic / "landeff.toml").string(), "--no-such-option", "--lang", "en"});
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_EQ(r.err.rfind("landeff: error: ", 0), 0u) << r.err;
    r = run_landeff({"inspect", (kBasic / "landeff.toml").string(), "--lang", "fr"});  // zh or en only
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_EQ(r.err.rfind("landeff: 错误：", 0), 0u) << r.err;
    // --help is no error: stdout, exit 0, no "error".
    r = run_landeff({"run", "--help"});
    EXPECT_EQ(r.exit_code, 0);
    EXPECT_EQ(r.err, "");
}

// The language of an error: --lang on the command line, else the config's output.lang once it is read,
// else Chinese. The case's config says output.lang = "en" and score.t_idle = 1 (found after reading).
TEST(CliManners, ErrorLanguageCommandLineThenConfig) {
    const fs::path cfg = fs::path(LANDEFF_TEST_DATA) / "bad" / "setting_t_idle_one_config_en" / "landeff.toml";
    TempDir tmp;
    auto r = run_landeff({"run", cfg.string(), "--out", (tmp.path() / "o").string()});
    EXPECT_EQ(r.exit_code, 2) << r.err;
    EXPECT_EQ(r.err.rfind("landeff: error: ", 0), 0u) << r.err;
    EXPECT_NE(r.err.find("score.t_idle = 1 divides by zero"), std::string::npos) << r.err;
    r = run_landeff({"run", cfg.string(), "--out", (tmp.path() / "o").string(), "--lang", "zh"});
    EXPECT_EQ(r.exit_code, 2) << r.err;
    EXPECT_EQ(r.err.rfind("landeff: 错误：配置文件 ", 0), 0u) << r.err;
    EXPECT_NE(r.err.find("landeff.toml 第 10 行：score.t_idle = 1 使 S = (1−X)/(1−T)·100 除以零；应小于 1"), std::string::npos) << r.err;
    EXPECT_FALSE(fs::exists(tmp.path() / "o"));
}

TEST(CliManners, DashQIsQuiet) {
    TempDir tmp;
    for (const std::string cmd : {"run", "inspect"}) {
        auto r = run_landeff({cmd, (kBasic / "landeff.toml").string(), "--out", (tmp.path() / cmd).string(), "-q"});
        EXPECT_EQ(r.exit_code, 0) << cmd << ": " << r.err;
        EXPECT_EQ(r.err, "") << cmd;
    }
}

// The summary follows --lang: Chinese by default, English with --lang en.
TEST(CliManners, SummaryInChineseByDefaultAndEnglishWithLangEn) {
    const std::string cfg = (kBasic / "landeff.toml").string();
    auto zh = run_landeff({"inspect", cfg});
    ASSERT_EQ(zh.exit_code, 0) << zh.err;
    EXPECT_NE(zh.err.find("数据质量: "), std::string::npos) << zh.err;
    auto en = run_landeff({"inspect", cfg, "--lang", "en"});
    ASSERT_EQ(en.exit_code, 0) << en.err;
    EXPECT_NE(en.err.find("data quality: "), std::string::npos) << en.err;
    EXPECT_EQ(en.err.find("数据质量"), std::string::npos) << en.err;
}

// The run summary on stderr is Chinese by default and English with --lang en (issue 16). golden/basic:
// parcels A 100 × 100 = 10000 m² = 15 mu, B 150 × 100 = 22.5 mu, C 15 mu, D 15 mu → 67.5 mu; C outside
// every park; P1 = A 15 + B's 100/150 of 22.5 = 15 → 30.0 mu, P2 = B's 7.5 + D's half 7.5 = 15.0 mu.
TEST(CliManners, RunSummaryInChineseByDefaultAndEnglishWithLangEn) {
    TempDir tmp;
    const std::string cfg = (kBasic / "landeff.toml").string(), out = (tmp.path() / "o").string();
    auto zh = run_landeff({"run", cfg, "--out", out, "--formats", "gpkg"});
    ASSERT_EQ(zh.exit_code, 0) << zh.err;
    EXPECT_NE(zh.err.find("运行 2024 年度(评价日 2024-12-31,坐标系 EPSG:4549):2 个园区,4 宗地(67.5 亩,1 宗不在任何园区内)"),
              std::string::npos) << zh.err;
    EXPECT_NE(zh.err.find("  P1 甲园区:30.0 亩,亩均税收 2.00 万元/亩"), std::string::npos) << zh.err;
    EXPECT_NE(zh.err.find("  P2 乙园区:15.0 亩"), std::string::npos) << zh.err;
    EXPECT_NE(zh.err.find("输出: " + out), std::string::npos) << zh.err;
    auto en = run_landeff({"run", cfg, "--out", out, "--overwrite", "--formats", "gpkg", "--lang", "en"});
    ASSERT_EQ(en.exit_code, 0) << en.err;
    EXPECT_NE(en.err.find("run 2024 (evaluation date 2024-12-31, CRS EPSG:4549): 2 parks, 4 parcels (67.5 mu, 1 outside every park)"),
              std::string::npos) << en.err;
    EXPECT_NE(en.err.find("outputs: " + out), std::string::npos) << en.err;
    EXPECT_EQ(en.err.find("运行"), std::string::npos) << en.err;
}

// run.json names the libraries that computed it, the same versions --version prints.
TEST(CliManners, RunJsonNamesGdalGeosAndProj) {
    TempDir tmp;
    auto r = run_landeff({"run", (kBasic / "landeff.toml").string(), "--out", (tmp.path() / "o").string(), "--quiet",
                          "--formats", "gpkg"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const auto rj = nlohmann::json::parse(read_file(tmp.path() / "o" / "run.json"));
    ASSERT_TRUE(rj.contains("libraries")) << rj.dump();
    const auto v = run_landeff({"--version"});
    for (const auto& [key, name] : std::vector<std::pair<std::string, std::string>>{{"gdal", "GDAL"}, {"geos", "GEOS"}, {"proj", "PROJ"}}) {
        ASSERT_TRUE(rj["libraries"].contains(key)) << key;
        const std::string ver = rj["libraries"][key];
        EXPECT_FALSE(ver.empty()) << key;
        EXPECT_NE(v.out.find(name + " " + ver), std::string::npos) << v.out << " vs " << ver;
    }
}

// On a terminal (script fakes one) inspect --quiet shows no progress and no summary; without
// --quiet the same command shows both (else the test proves nothing).
TEST(CliManners, InspectQuietIsQuietOnATerminal) {
    TempDir tmp;
    const std::string cfg = (kBasic / "landeff.toml").string(), log = (tmp.path() / "tty.log").string();
    auto on_tty = [&](const std::string& extra) {
        const std::string cmd = "script -qec \"'" + std::string(LANDEFF_BIN) + "' inspect '" + cfg + "'" + extra + "\" '" + log +
                                "' >/dev/null 2>&1";
        EXPECT_EQ(std::system(cmd.c_str()), 0) << cmd;
        return read_file(log);
    };
    // script writes its own "Script started/done" lines around what the command printed.
    const std::string loud = on_tty("");
    EXPECT_NE(loud.find("0...10"), std::string::npos) << loud;
    EXPECT_NE(loud.find("数据质量"), std::string::npos) << loud;
    for (const char* q : {" --quiet", " -q"}) {
        const std::string quiet = on_tty(q);
        EXPECT_NE(quiet.find("COMMAND_EXIT_CODE=\"0\""), std::string::npos) << quiet;
        EXPECT_EQ(quiet.find("0...10"), std::string::npos) << q << ": " << quiet;
        EXPECT_EQ(quiet.find("数据质量"), std::string::npos) << q << ": " << quiet;
        EXPECT_EQ(quiet.find("warning"), std::string::npos) << q << ": " << quiet;
    }
}

// inspect reports exactly the findings run does: golden/indicators_ent_park has an enterprise
// without a parcel (ent_no_parcel), parcels without output/tax figures (missing_money) and
// enterprises missing a grading figure (grade_missing_figure), which inspect used to skip.
TEST(CliManners, InspectFindsWhatRunFinds) {
    TempDir tmp;
    const std::string cfg = (fs::path(LANDEFF_TEST_DATA) / "golden" / "indicators_ent_park" / "landeff.toml").string();
    auto run = run_landeff({"run", cfg, "--out", (tmp.path() / "run").string(), "--quiet", "--formats", "gpkg"});
    ASSERT_EQ(run.exit_code, 0) << run.err;
    auto ins = run_landeff({"inspect", cfg, "--out", (tmp.path() / "inspect").string(), "--quiet"});
    ASSERT_EQ(ins.exit_code, 0) << ins.err;
    const auto a = findings_of(tmp.path() / "run" / "landeff.gpkg");
    const auto b = findings_of(tmp.path() / "inspect" / "landeff.gpkg");
    for (const char* code : {"|ent_no_parcel|", "|missing_money|", "|grade_missing_figure|"})
        ASSERT_TRUE(std::any_of(a.begin(), a.end(), [&](const std::string& f) { return f.find(code) != std::string::npos; }))
            << code << " must be among run's findings, else this test proves nothing";
    EXPECT_EQ(a, b);
}

// Ctrl-C: exit 130 (128 + SIGINT), and on a terminal the message starts on its own line, not
// after the progress dots. `timeout -s INT` sends the SIGINT 1 s into a run of 150 000 parcels
// (2.9 s on the 2-core benchmark machine; 60 000 parcels interrupted at 2 s finished first there,
// in 1.6 s, once the run had become fast enough).
TEST(CliManners, CtrlCExits130WithItsMessageOnItsOwnLine) {
    TempDir tmp;
    auto s = run_landeff({"synth", "--parcels", "150000", "--seed", "4", "--out", (tmp.path() / "city").string(), "--quiet"});
    ASSERT_EQ(s.exit_code, 0) << s.err;
    const std::string log = (tmp.path() / "tty.log").string();
    const std::string cmd = "script -qec \"timeout --preserve-status -s INT 1 '" + std::string(LANDEFF_BIN) + "' run '" +
                            (tmp.path() / "city" / "landeff.toml").string() + "' --out '" + (tmp.path() / "o").string() +
                            "' --formats gpkg\" '" + log + "' >/dev/null 2>&1";
    const int status = std::system(cmd.c_str());
    ASSERT_TRUE(WIFEXITED(status));
    EXPECT_EQ(WEXITSTATUS(status), 130) << read_file(log);
    const std::string out = read_file(log);
    const auto at = out.find("landeff: 错误：已中断");
    ASSERT_NE(at, std::string::npos) << out;
    ASSERT_GT(at, 0u) << "the progress line came first: " << out;
    EXPECT_EQ(out[at - 1], '\n') << out;  // the terminal writes \r\n: the line before is closed
    EXPECT_FALSE(fs::exists(tmp.path() / "o"));
}

}  // namespace
