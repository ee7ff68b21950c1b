// The README's configuration reference is generated from the settings table; this keeps it true.
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "cli_util.hpp"
#include "landeff/columns.hpp"

namespace fs = std::filesystem;
using namespace landeff::test;

TEST(Docs, ReadmeConfigReferenceMatchesTheSettingsTable) {
    const auto r = run_landeff({"config", "--markdown"});
    ASSERT_EQ(r.exit_code, 0);
    const std::string readme = read_file(fs::path(LANDEFF_TEST_DATA) / ".." / ".." / "README.md");
    EXPECT_NE(readme.find(r.out), std::string::npos) << "README.md is out of date: run scripts/readme-config";
}

TEST(Docs, DefaultsAreValidToml) {
    // `landeff config --defaults` must itself be a config landeff accepts (plus the inputs).
    TempDir tmp;
    auto r = run_landeff({"config", "--defaults"});
    ASSERT_EQ(r.exit_code, 0);
    std::string text = r.out;
    text.insert(0, "year = 2024\n");
    const auto parks = fs::path(LANDEFF_TEST_DATA) / "golden" / "basic";
    text += "\n[inputs.parks]\npath = \"" + (parks / "parks.geojson").string() + "\"\n[inputs.parcels]\npath = \"" +
            (parks / "parcels.geojson").string() + "\"\n";
    std::ofstream(tmp.path() / "d.toml") << text;
    r = run_landeff({"inspect", (tmp.path() / "d.toml").string(), "--quiet"});
    EXPECT_EQ(r.exit_code, 0) << r.err << "\n" << text;
}

// The repository stands alone: a newcomer who clones it has nothing beside it. No text file may
// point outside the repository, and the rule book and the Chinese quick start exist and name only
// settings that exist.
namespace {

fs::path source_root() { return fs::weakly_canonical(fs::path(LANDEFF_TEST_DATA) / ".." / ".."); }

// The text files of the source tree: build trees, outputs and hidden directories are skipped.
std::vector<fs::path> text_files(const fs::path& root) {
    static const std::vector<std::string> kExt = {".md", ".cpp", ".hpp", ".h", ".toml", ".py", ".sh", ".txt"};
    std::vector<fs::path> out;
    for (auto it = fs::recursive_directory_iterator(root); it != fs::recursive_directory_iterator(); ++it) {
        const std::string name = it->path().filename().string();
        if (it->is_directory()) {
            if (name.rfind('.', 0) == 0 || name.rfind("build", 0) == 0 || name == "out") it.disable_recursion_pending();
            continue;
        }
        if (!it->is_regular_file()) continue;
        const std::string ext = it->path().extension().string();
        const bool script = it->path().parent_path().filename() == "scripts" && ext.empty();
        if (script || name == "CMakeLists.txt" || std::find(kExt.begin(), kExt.end(), ext) != kExt.end())
            out.push_back(it->path());
    }
    std::sort(out.begin(), out.end());
    return out;
}

// Markdown link targets `](target)` that are relative paths (not URLs, not in-page anchors).
std::vector<std::string> relative_links(const std::string& text) {
    std::vector<std::string> out;
    for (size_t pos = text.find("]("); pos != std::string::npos; pos = text.find("](", pos + 2)) {
        const size_t end = text.find_first_of(") \n", pos + 2);
        if (end == std::string::npos || text[end] != ')') continue;
        std::string target = text.substr(pos + 2, end - pos - 2);
        if (target.empty() || target[0] == '#' || target.find("://") != std::string::npos || target.rfind("mailto:", 0) == 0) continue;
        target = target.substr(0, target.find('#'));
        out.push_back(target);
    }
    return out;
}

// Every setting key of `landeff config --defaults`: "key" at the top level, "section.key" below.
std::set<std::string> setting_keys(std::set<std::string>& sections) {
    const auto r = run_landeff({"config", "--defaults"});
    EXPECT_EQ(r.exit_code, 0);
    std::set<std::string> keys;
    std::string section;
    const std::regex header(R"(^\[([a-z_.]+)\]$)"), key(R"(^(?:# )?([a-z0-9_]+) =)");
    std::istringstream in(r.out);
    std::smatch m;
    for (std::string line; std::getline(in, line);) {
        if (std::regex_search(line, m, header)) {
            section = m[1];
            sections.insert(section);
        } else if (std::regex_search(line, m, key)) {
            keys.insert(section.empty() ? std::string(m[1]) : section + "." + std::string(m[1]));
        }
    }
    return keys;
}

// The setting keys a document names: `section.key` in backticks, and keys of its ```toml blocks
// (except the [inputs.*], [fields.*] and [years.*] tables, whose keys are not settings).
std::vector<std::string> keys_named_in(const std::string& text, const std::set<std::string>& sections) {
    std::vector<std::string> out;
    const std::regex ticked(R"(`([a-z_]+)\.([a-z0-9_]+)`)");
    for (auto it = std::sregex_iterator(text.begin(), text.end(), ticked); it != std::sregex_iterator(); ++it)
        if (sections.count((*it)[1])) out.push_back((*it)[1].str() + "." + (*it)[2].str());
    std::istringstream in(text);
    bool toml = false;
    std::string section;
    const std::regex header(R"(^\s*\[([A-Za-z0-9_.]+)\])"), key(R"(^\s*([A-Za-z0-9_]+)\s*=)");
    std::smatch m;
    for (std::string line; std::getline(in, line);) {
        if (line.rfind("```", 0) == 0) {
            toml = line == "```toml";
            section.clear();
            continue;
        }
        if (!toml) continue;
        if (std::regex_search(line, m, header)) {
            section = m[1];
        } else if (std::regex_search(line, m, key)) {
            if (section.rfind("inputs.", 0) == 0 || section.rfind("fields.", 0) == 0 || section.rfind("years.", 0) == 0) continue;
            out.push_back(section.empty() ? std::string(m[1]) : section + "." + std::string(m[1]));
        }
    }
    return out;
}

}  // namespace

TEST(Docs, NoFileLinksOutsideTheRepository) {
    const fs::path root = source_root();
    const auto files = text_files(root);
    ASSERT_GT(files.size(), 50u) << "the source tree was not found at " << root;
    // Spelled in two pieces so this file does not match itself.
    const std::vector<std::string> needles = {std::string("..") + "/shared", std::string("/work") + "/shared"};
    for (const auto& f : files) {
        const std::string text = read_file(f);
        const std::string rel = fs::relative(f, root).string();
        for (const auto& n : needles) EXPECT_EQ(text.find(n), std::string::npos) << rel << " mentions " << n;
        if (f.extension() != ".md") {
            EXPECT_EQ(text.find(std::string("](") + "../"), std::string::npos) << rel << " has a link that leaves its folder";
            continue;
        }
        // A relative link must stay inside the repository and point at a file that exists.
        for (const auto& target : relative_links(text)) {
            const fs::path to = (f.parent_path() / target).lexically_normal();
            const std::string inside = to.lexically_relative(root).string();
            EXPECT_FALSE(inside.empty() || inside.rfind("..", 0) == 0) << rel << " links outside the repository: " << target;
            EXPECT_TRUE(fs::exists(to)) << rel << " links to a file that does not exist: " << target;
        }
    }
}

TEST(Docs, RuleBookAndQuickStartExistAndNameRealSettings) {
    const fs::path root = source_root();
    std::set<std::string> sections;
    const auto keys = setting_keys(sections);
    ASSERT_GT(keys.size(), 50u);
    ASSERT_TRUE(keys.count("states.idle_years"));  // the parser reads the defaults as meant
    const std::string readme = read_file(root / "README.md");
    for (const char* doc : {"docs/rules.md", "使用说明.md"}) {
        ASSERT_TRUE(fs::exists(root / doc)) << doc;
        EXPECT_NE(readme.find(std::string("](") + doc + ")"), std::string::npos) << "README.md does not link " << doc;
        const auto named = keys_named_in(read_file(root / doc), sections);
        EXPECT_GE(named.size(), 5u) << doc << " names almost no settings: is the key pattern still right?";
        for (const auto& k : named) EXPECT_TRUE(keys.count(k)) << doc << " names the setting " << k << ", which `landeff config --defaults` does not have";
    }
}

// The audit table's proof column names tests and golden cases: each must exist, so a renamed or
// removed test cannot leave a rule claiming a proof that is gone.
TEST(Docs, AuditTableNamesTestsThatExist) {
    const fs::path root = source_root();
    std::set<std::string> tests;
    const std::regex def(R"(TEST(?:_F|_P)?\(\s*(\w+),\s*(\w+)\))");
    for (const auto& f : text_files(root / "tests")) {
        if (f.extension() != ".cpp") continue;
        const std::string text = read_file(f);
        for (auto it = std::sregex_iterator(text.begin(), text.end(), def); it != std::sregex_iterator(); ++it)
            tests.insert((*it)[1].str() + "." + (*it)[2].str());
    }
    ASSERT_TRUE(tests.count("States.TestsCanBeSwitchedOff"));  // the definitions were found
    const std::string rules = read_file(root / "docs" / "rules.md");
    const std::regex named(R"(`([A-Z]\w*\.[A-Z]\w*)`)"), golden(R"(golden/(\w+))");
    size_t n = 0;
    for (auto it = std::sregex_iterator(rules.begin(), rules.end(), named); it != std::sregex_iterator(); ++it, ++n)
        EXPECT_TRUE(tests.count((*it)[1].str())) << "docs/rules.md names the test " << (*it)[1] << ", which does not exist";
    EXPECT_GE(n, 20u) << "the audit table names almost no tests: is the pattern still right?";
    for (auto it = std::sregex_iterator(rules.begin(), rules.end(), golden); it != std::sregex_iterator(); ++it)
        EXPECT_TRUE(fs::is_directory(root / "tests" / "data" / "golden" / (*it)[1].str()))
            << "docs/rules.md names the golden case " << (*it)[1] << ", which does not exist";
}

// Every output column (the declared schema, columns.cpp) is described in README "Outputs".
TEST(Docs, ReadmeNamesEveryOutputColumn) {
    const std::string readme = read_file(fs::path(LANDEFF_TEST_DATA) / ".." / ".." / "README.md");
    for (const auto& L : landeff::output_schema())
        for (const auto& f : L.fields)
            EXPECT_NE(readme.find("`" + f.name + "`"), std::string::npos) << L.name << "." << f.name << " is not in README.md";
}
