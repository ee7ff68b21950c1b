// The README's configuration reference is generated from the settings table; this keeps it true.
#include <gtest/gtest.h>

#include <fstream>

#include "cli_util.hpp"

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
