// The bad-input corpus (tests/data/bad/<case>/): each case runs landeff and checks the exit
// code, that stderr names what is wrong, that the inputs did not change, and that no output
// (not even a temporary directory) is left behind by a failed run.
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>

#include "cli_util.hpp"

namespace fs = std::filesystem;
using namespace landeff::test;

namespace {

struct Case {
    std::string name;
    fs::path dir;
    std::string args;
    int exit = -1;
    std::vector<std::string> stderr_has;
    std::string setup;
};

std::vector<Case> load_cases() {
    std::vector<Case> cases;
    const fs::path root = fs::path(LANDEFF_TEST_DATA) / "bad";
    for (const auto& e : fs::directory_iterator(root)) {
        if (!e.is_directory() || !fs::exists(e.path() / "expect.txt")) continue;
        Case c;
        c.name = e.path().filename().string();
        c.dir = e.path();
        std::ifstream in(e.path() / "expect.txt");
        std::string line;
        while (std::getline(in, line)) {
            const auto eq = line.find(" = ");
            if (eq == std::string::npos) continue;
            const std::string k = line.substr(0, eq), v = line.substr(eq + 3);
            if (k == "args") c.args = v;
            else if (k == "exit") c.exit = std::stoi(v);
            else if (k == "stderr") c.stderr_has.push_back(v);
            else if (k == "setup") c.setup = v;
        }
        cases.push_back(c);
    }
    std::sort(cases.begin(), cases.end(), [](const Case& a, const Case& b) { return a.name < b.name; });
    return cases;
}

std::string substitute(std::string s, const std::string& key, const std::string& value) {
    for (size_t p; (p = s.find(key)) != std::string::npos;) s.replace(p, key.size(), value);
    return s;
}

class BadInput : public ::testing::TestWithParam<Case> {};

TEST_P(BadInput, ExitCodeMessageAndNothingLost) {
    const Case& c = GetParam();
    TempDir tmp;
    const fs::path out = tmp.path() / "out";
    if (c.setup == "out_exists") {
        fs::create_directories(out);
        std::ofstream(out / "keep.txt") << "user data";
    } else if (c.setup == "out_parent_is_file") {
        std::ofstream(out) << "a file where a directory is expected";
    }
    const auto before = fingerprint(c.dir);
    const auto out_before = fs::exists(out) ? fingerprint(tmp.path()) : std::map<std::string, std::string>{};

    std::vector<std::string> args;
    for (const auto& a : split_args(c.args))
        args.push_back(substitute(substitute(substitute(a, "{dir}", c.dir.string()), "{out}", out.string()), "{tmp}",
                                  tmp.path().string()));
    const CliResult r = run_landeff(args);

    EXPECT_EQ(r.exit_code, c.exit) << "stderr:\n" << r.err;
    for (const auto& s : c.stderr_has) EXPECT_NE(r.err.find(s), std::string::npos) << "missing \"" << s << "\" in stderr:\n" << r.err;
    EXPECT_EQ(fingerprint(c.dir), before) << "the case's input folder changed";
    if (c.exit != 0) {
        if (c.setup.empty()) EXPECT_FALSE(fs::exists(out)) << "a failed run left an output directory";
        else EXPECT_EQ(fingerprint(tmp.path()), out_before) << "a failed run changed the existing output";
    }
    for (const auto& e : fs::directory_iterator(tmp.path()))
        EXPECT_EQ(e.path().filename().string().find(".tmp-"), std::string::npos) << "temporary directory left: " << e.path();
    for (const auto& e : fs::directory_iterator(c.dir))
        EXPECT_EQ(e.path().filename().string().find(".tmp-"), std::string::npos) << "temporary directory left: " << e.path();
}

INSTANTIATE_TEST_SUITE_P(Corpus, BadInput, ::testing::ValuesIn(load_cases()),
                         [](const ::testing::TestParamInfo<Case>& i) { return i.param.name; });

TEST(BadInputCorpus, HasAtLeastTwentyCases) { EXPECT_GE(load_cases().size(), 20u); }

}  // namespace
