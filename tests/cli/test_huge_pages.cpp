// Transparent huge pages for the allocator's memory (issue 20, src/cli/huge_pages.cpp): the
// executable marks its heap with MADV_HUGEPAGE only with LANDEFF_HUGE_PAGES=1 (off by default
// since 2026-12-06), run.json says what the system allows and what was marked, and the outputs do
// not depend on it.
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

TEST(HugePages, MarkedOnlyWhenAskedForAndTheOutputsAreTheSame) {
    TempDir tmp;
    const fs::path city = tmp.path() / "city";
    auto s = run_landeff({"synth", "--parcels", "3000", "--seed", "7", "--out", city.string(), "--quiet"});
    ASSERT_EQ(s.exit_code, 0) << s.err;
    // The run with the environment variable set to `value` (unset when null) into out/NAME.
    const auto run = [&](const char* name, const char* value) {
        if (value) setenv("LANDEFF_HUGE_PAGES", value, 1);
        else unsetenv("LANDEFF_HUGE_PAGES");
        auto r = run_landeff({"run", (city / "landeff.toml").string(), "--out", (tmp.path() / name).string(), "--quiet", "--formats", "gpkg"});
        unsetenv("LANDEFF_HUGE_PAGES");
        EXPECT_EQ(r.exit_code, 0) << name << ": " << r.err;
        return run_json(tmp.path() / name)["huge_pages"];
    };
    const auto plain = run("plain", nullptr), zero = run("zero", "0"), yes = run("yes", "true"), on = run("on", "1");
    for (const auto* hp : {&plain, &zero, &yes, &on}) EXPECT_EQ((*hp)["system"], system_mode());
    // Not asked for (unset, 0, or anything but 1): nothing marked, and no huge pages unless the
    // system gives them to every program.
    for (const auto* hp : {&plain, &zero, &yes}) {
        EXPECT_EQ((*hp)["marking"], false) << *hp;
        EXPECT_EQ((*hp)["advised_mib"].get<double>(), 0.0) << *hp;
        if (system_mode() != "always") {
            EXPECT_EQ((*hp)["resident_mib"].get<double>(), 0.0) << *hp;
        }
    }
#if LANDEFF_HUGE_PAGES_BUILT
    // 3 000 parcels: oneTBB's allocator maps regions of 2 MiB and more (45 MiB marked when written).
    // A kernel without THP refuses the advice (madvise fails): nothing is counted as marked then.
    EXPECT_EQ(on["marking"], true);
    if (system_mode() != "unavailable") {
        EXPECT_GE(on["advised_mib"].get<double>(), 2.0);
    }
#else
    // A sanitizer build, or one without oneTBB's malloc: nothing marks the memory.
    EXPECT_EQ(on["marking"], false);
    EXPECT_EQ(on["advised_mib"].get<double>(), 0.0);
#endif
    // The same figures, byte for byte, either way.
    const std::string plain_gpkg = read_file(tmp.path() / "plain" / "landeff.gpkg");
    EXPECT_EQ(plain_gpkg, read_file(tmp.path() / "on" / "landeff.gpkg"));
    EXPECT_EQ(plain_gpkg, read_file(tmp.path() / "zero" / "landeff.gpkg"));
}
