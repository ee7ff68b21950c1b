// Transparent huge pages for the allocator's memory (issue 20, src/cli/huge_pages.cpp): the
// executable marks its heap with MADV_HUGEPAGE unless LANDEFF_HUGE_PAGES=0, run.json says what
// the system allows and what was marked, and the outputs do not depend on it.
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>

#include <nlohmann/json.hpp>

#include "cli_util.hpp"

namespace fs = std::filesystem;
using namespace landeff::test;

namespace {

// The mode in brackets in /sys/kernel/mm/transparent_hugepage/enabled, "unavailable" without it.
std::string system_mode() {
    std::ifstream f("/sys/kernel/mm/transparent_hugepage/enabled");
    std::string line;
    if (!std::getline(f, line)) return "unavailable";
    const auto a = line.find('['), b = line.find(']');
    return a == std::string::npos || b == std::string::npos ? "unavailable" : line.substr(a + 1, b - a - 1);
}

nlohmann::json run_json(const fs::path& out) { return nlohmann::json::parse(read_file(out / "run.json")); }

}  // namespace

TEST(HugePages, MarkedUnlessTurnedOffAndTheOutputsAreTheSame) {
    TempDir tmp;
    const fs::path city = tmp.path() / "city";
    auto s = run_landeff({"synth", "--parcels", "3000", "--seed", "7", "--out", city.string(), "--quiet"});
    ASSERT_EQ(s.exit_code, 0) << s.err;
    auto on = run_landeff({"run", (city / "landeff.toml").string(), "--out", (tmp.path() / "on").string(), "--quiet", "--formats", "gpkg"});
    ASSERT_EQ(on.exit_code, 0) << on.err;
    setenv("LANDEFF_HUGE_PAGES", "0", 1);
    auto off = run_landeff({"run", (city / "landeff.toml").string(), "--out", (tmp.path() / "off").string(), "--quiet", "--formats", "gpkg"});
    unsetenv("LANDEFF_HUGE_PAGES");
    ASSERT_EQ(off.exit_code, 0) << off.err;
    const auto a = run_json(tmp.path() / "on")["huge_pages"], b = run_json(tmp.path() / "off")["huge_pages"];
    EXPECT_EQ(a["system"], system_mode());
    EXPECT_EQ(b["system"], system_mode());
#if LANDEFF_HUGE_PAGES_BUILT
    // 3 000 parcels: oneTBB's allocator maps regions of 2 MiB and more (45 MiB marked when written).
    // A kernel without THP refuses the advice (madvise fails): nothing is counted as marked then.
    EXPECT_EQ(a["marking"], true);
    if (system_mode() != "unavailable") {
        EXPECT_GE(a["advised_mib"].get<double>(), 2.0);
    }
#else
    // A sanitizer build, or one without oneTBB's malloc: nothing marks the memory.
    EXPECT_EQ(a["marking"], false);
    EXPECT_EQ(a["advised_mib"].get<double>(), 0.0);
#endif
    EXPECT_EQ(b["marking"], false);
    EXPECT_EQ(b["advised_mib"].get<double>(), 0.0);
    EXPECT_EQ(b["resident_mib"].get<double>(), system_mode() == "always" ? b["resident_mib"].get<double>() : 0.0)
        << "no huge pages without the mark unless the system gives them to every program";
    // The same figures, byte for byte, either way.
    EXPECT_EQ(read_file(tmp.path() / "on" / "landeff.gpkg"), read_file(tmp.path() / "off" / "landeff.gpkg"));
}
