// The enterprises table is read beside the other layers when the run has two or more threads
// (issue 20, load_dataset): the error reported, and what is left behind, must be what reading the
// layers in turn gives (--jobs 1).
#include <gtest/gtest.h>

#include <fstream>

#include <nlohmann/json.hpp>

#include "cli_util.hpp"

namespace fs = std::filesystem;
using namespace landeff::test;

namespace {

// A small synthetic city whose config is edited by `edit` (each pair: a line of the config and its
// replacement), with `ents.gpkg`, a file that is not a database, beside it.
fs::path city(const TempDir& tmp, const std::vector<std::pair<std::string, std::string>>& edit) {
    const fs::path dir = tmp.path() / "city";
    const auto s = run_landeff({"synth", "--parcels", "300", "--seed", "3", "--out", dir.string(), "--quiet"});
    EXPECT_EQ(s.exit_code, 0) << s.err;
    std::string toml = read_file(dir / "landeff.toml");
    for (const auto& [from, to] : edit) {
        const auto at = toml.find(from);
        EXPECT_NE(at, std::string::npos) << from;
        if (at != std::string::npos) toml.replace(at, from.size(), to);
    }
    std::ofstream(dir / "landeff.toml", std::ios::binary) << toml;
    std::ofstream(dir / "ents.gpkg", std::ios::binary) << std::string(2000, 'x');
    return dir;
}

const std::pair<std::string, std::string> kBrokenEnterprises{"path = \"enterprises.csv\"", "path = \"ents.gpkg\""};
const std::pair<std::string, std::string> kBrokenParcels{"layer = \"parcels\"", "layer = \"nope\""};

}  // namespace

// Both the parcels (a layer that does not exist) and the enterprises (not a database) are wrong:
// the parcels are read first in turn, so theirs is the error, with one thread or two.
TEST(ReadBeside, AnEarlierLayersErrorIsStillTheOneReported) {
    TempDir tmp;
    const fs::path dir = city(tmp, {kBrokenEnterprises, kBrokenParcels});
    const auto before = fingerprint(dir);
    for (const char* jobs : {"1", "2"}) {
        const fs::path out = tmp.path() / (std::string("out") + jobs);
        const auto r = run_landeff({"run", (dir / "landeff.toml").string(), "--out", out.string(), "--quiet", "--jobs", jobs});
        EXPECT_EQ(r.exit_code, 2) << "--jobs " << jobs << ": " << r.err;
        EXPECT_NE(r.err.find("\"nope\""), std::string::npos) << "--jobs " << jobs << ": " << r.err;
        EXPECT_EQ(r.err.find("ents.gpkg"), std::string::npos) << "--jobs " << jobs << ": " << r.err;
        EXPECT_FALSE(fs::exists(out)) << "--jobs " << jobs;
    }
    EXPECT_EQ(fingerprint(dir), before) << "an input changed";
}

// Only the enterprises are wrong: their error, the same words with one thread or two, and nothing
// written.
TEST(ReadBeside, TheEnterprisesErrorIsReportedAndNothingIsLeft) {
    TempDir tmp;
    const fs::path dir = city(tmp, {kBrokenEnterprises});
    std::string err1;
    for (const char* jobs : {"1", "2"}) {
        const fs::path out = tmp.path() / (std::string("out") + jobs);
        const auto r = run_landeff({"run", (dir / "landeff.toml").string(), "--out", out.string(), "--quiet", "--jobs", jobs});
        EXPECT_EQ(r.exit_code, 1) << "--jobs " << jobs << ": " << r.err;
        EXPECT_NE(r.err.find("ents.gpkg"), std::string::npos) << "--jobs " << jobs << ": " << r.err;
        EXPECT_FALSE(fs::exists(out)) << "--jobs " << jobs;
        if (err1.empty()) err1 = r.err;
        else EXPECT_EQ(r.err, err1) << "--jobs 1 and --jobs 2 say different things";
    }
}

// A good city: the same landeff.gpkg (findings layer included) and the same run record of the
// enterprises input with one thread or two; the enterprises' read time is recorded either way.
TEST(ReadBeside, OneThreadOrTwoTheSameOutputs) {
    TempDir tmp;
    const fs::path dir = city(tmp, {});
    for (const char* jobs : {"1", "2"}) {
        const auto r = run_landeff({"run", (dir / "landeff.toml").string(), "--out", (tmp.path() / jobs).string(), "--quiet",
                                    "--formats", "gpkg", "--jobs", jobs});
        ASSERT_EQ(r.exit_code, 0) << r.err;
    }
    EXPECT_EQ(read_file(tmp.path() / "1" / "landeff.gpkg"), read_file(tmp.path() / "2" / "landeff.gpkg"));
    nlohmann::json ents[2];
    for (int k = 0; k < 2; ++k) {
        const auto rj = nlohmann::json::parse(read_file(tmp.path() / (k ? "2" : "1") / "run.json"));
        ASSERT_TRUE(rj["read_s"].contains("enterprises")) << "--jobs " << k + 1;
        EXPECT_TRUE(rj["read_s"]["enterprises"].is_number()) << "--jobs " << k + 1;
        ents[k] = rj["inputs"]["enterprises"];
    }
    EXPECT_GT(ents[0]["features"].get<int>(), 0);
    EXPECT_EQ(ents[0], ents[1]);  // features, fields found, encoding, the file's size and SHA-256
}
