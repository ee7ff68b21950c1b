// Data-driven golden cases (the GEOS XML-test idea): every folder under tests/data/golden/ that
// holds an `expect.tsv` is one case. The runner runs `landeff run <case>/landeff.toml` (plus the
// arguments listed in an optional `args` file, one per line) and checks every row of expect.tsv:
//
//   layer  id  field  value  tolerance  arithmetic
//
// - layer: a layer of landeff.gpkg (parks, parcels, enterprises, unsupplied, findings, region —
//   the region total, one row with region_id `*` —, …), or
//   `run.json` with a JSON pointer as field and `-` as id.
// - id: the value of the layer's id field (park_id, region_id, parcel_id, ent_id, appr_id; `id` for findings).
// - tolerance: a number (|got − value| ≤ tolerance; an empty value means "null"), `=` (exact text;
//   empty = null or empty), `~` (contains), `!~` (does not contain); for findings with field
//   `code`: `present` / `absent` (a finding with that code for that id exists / does not).
// - arithmetic: the hand calculation behind the value. It is required: a value without its
//   arithmetic is a malformed row, and a malformed row fails the case.
// Lines starting with `#` and blank lines are comments. A new case needs no C++.
//
// A folder with several configs (e.g. golden/compliance: cn-2008.toml, cn-2023.toml) holds one
// `expect.<stem>.tsv` per config `<stem>.toml`; each pair is its own case, named `<folder>/<stem>`
// (test name `<folder>_<stem>`). `expect.tsv` goes with `landeff.toml`. An `args` file applies to
// every config of its folder.
//
// Besides the rows, every case checks: exit code 0, nothing on stderr (the run is --quiet), and the
// case's inputs unchanged. What expect.tsv cannot say (a row that must not exist, geometry, two runs
// byte-identical, other exit codes) stays in C++ beside the suite that owns the case.
#include <gtest/gtest.h>

#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include <nlohmann/json.hpp>

#include <cmath>
#include <fstream>
#include <map>
#include <sstream>

#include "cli_util.hpp"

namespace fs = std::filesystem;
using namespace landeff::test;

namespace {

const fs::path kGolden = fs::path(LANDEFF_TEST_DATA) / "golden";

struct ExpectRow {
    int line = 0;
    std::string layer, id, field, value, tolerance, arithmetic;
};

std::vector<std::string> split_tabs(const std::string& line) {
    std::vector<std::string> out;
    std::string cur;
    for (char c : line) {
        if (c == '\t') {
            out.push_back(cur);
            cur.clear();
        } else if (c != '\r') {
            cur += c;
        }
    }
    out.push_back(cur);
    return out;
}

// Parses expect.tsv; malformed rows are reported through `errors` (each one fails the case).
std::vector<ExpectRow> read_expect(const fs::path& file, std::vector<std::string>& errors) {
    std::vector<ExpectRow> rows;
    std::ifstream in(file);
    std::string line;
    int n = 0;
    bool header = false;
    while (std::getline(in, line)) {
        ++n;
        if (line.empty() || line[0] == '#' || line.find_first_not_of(" \t\r") == std::string::npos) continue;
        auto cols = split_tabs(line);
        if (!header) {
            header = true;
            if (cols.size() < 6 || cols[0] != "layer" || cols[1] != "id" || cols[2] != "field" || cols[3] != "value" ||
                cols[4] != "tolerance" || cols[5] != "arithmetic")
                errors.push_back(file.string() + ":" + std::to_string(n) +
                                 ": the first line must be the header: layer, id, field, value, tolerance, arithmetic (tabs)");
            continue;
        }
        if (cols.size() != 6) {
            errors.push_back(file.string() + ":" + std::to_string(n) + ": " + std::to_string(cols.size()) +
                             " tab-separated columns, 6 wanted");
            continue;
        }
        ExpectRow r{n, cols[0], cols[1], cols[2], cols[3], cols[4], cols[5]};
        if (r.arithmetic.find_first_not_of(' ') == std::string::npos)
            errors.push_back(file.string() + ":" + std::to_string(n) + ": no hand arithmetic beside the value");
        rows.push_back(std::move(r));
    }
    if (!header) errors.push_back(file.string() + ": empty (no header line)");
    return rows;
}

bool parse_number(const std::string& s, double& v) {
    if (s.empty()) return false;
    char* end = nullptr;
    v = std::strtod(s.c_str(), &end);
    return end && *end == '\0';
}

// One output layer as rows by id (several rows may share an id, e.g. findings).
struct LayerRows {
    bool exists = false;
    std::vector<std::string> fields;
    std::multimap<std::string, std::map<std::string, std::string>> by_id;  // "" value = null
};

std::string id_field(const std::string& layer, const std::vector<std::string>& fields) {
    static const std::map<std::string, std::string> known = {
        {"parks", "park_id"}, {"region", "region_id"}, {"parcels", "parcel_id"}, {"enterprises", "ent_id"}, {"unsupplied", "appr_id"},
        {"findings", "id"}};
    auto it = known.find(layer);
    if (it != known.end()) return it->second;
    for (const auto& f : fields)
        if (f == "id" || (f.size() > 3 && f.compare(f.size() - 3, 3, "_id") == 0)) return f;
    return fields.empty() ? std::string() : fields.front();
}

LayerRows read_layer(const fs::path& gpkg, const std::string& layer) {
    LayerRows out;
    GDALAllRegister();
    GDALDatasetUniquePtr ds(GDALDataset::Open(gpkg.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY));
    if (!ds) return out;
    OGRLayer* L = ds->GetLayerByName(layer.c_str());
    if (!L) return out;
    out.exists = true;
    OGRFeatureDefn* defn = L->GetLayerDefn();
    for (int i = 0; i < defn->GetFieldCount(); ++i) out.fields.emplace_back(defn->GetFieldDefn(i)->GetNameRef());
    const std::string idf = id_field(layer, out.fields);
    for (auto& f : *L) {
        std::map<std::string, std::string> r;
        for (int i = 0; i < f->GetFieldCount(); ++i)
            r[out.fields[static_cast<size_t>(i)]] = f->IsFieldSetAndNotNull(i) ? f->GetFieldAsString(i) : "";
        out.by_id.emplace(r[idf], std::move(r));
    }
    return out;
}

// Checks one value against one expectation; returns an empty string when it holds.
std::string check_value(const ExpectRow& e, bool present, const std::string& got) {
    double want = 0, tol = 0;
    if (e.tolerance == "=") {
        if ((e.value.empty() && (!present || got.empty())) || (present && got == e.value)) return "";
        return "got \"" + (present ? got : std::string("(null)")) + "\"";
    }
    if (e.tolerance == "~") return present && got.find(e.value) != std::string::npos ? "" : "got \"" + got + "\"";
    if (e.tolerance == "!~") return !present || got.find(e.value) == std::string::npos ? "" : "got \"" + got + "\"";
    if (!parse_number(e.tolerance, tol) || tol < 0) return "tolerance \"" + e.tolerance + "\" is not a number, =, ~ or !~";
    if (e.value.empty()) return !present || got.empty() ? "" : "got " + got + ", expected null";
    if (!parse_number(e.value, want)) return "expected value \"" + e.value + "\" is not a number";
    double v = 0;
    if (!present || !parse_number(got, v)) return "got \"" + (present ? got : std::string("(null)")) + "\", not a number";
    if (std::fabs(v - want) <= tol) return "";
    std::ostringstream os;
    os.precision(17);
    os << "got " << v << ", expected " << want << " ± " << tol << " (off by " << v - want << ")";
    return os.str();
}

// The cases: `<folder>` for expect.tsv + landeff.toml, `<folder>/<stem>` for expect.<stem>.tsv + <stem>.toml.
std::vector<std::string> golden_cases() {
    std::vector<std::string> names;
    std::error_code ec;
    for (const auto& d : fs::directory_iterator(kGolden, ec)) {
        if (!d.is_directory()) continue;
        const std::string folder = d.path().filename().string();
        for (const auto& f : fs::directory_iterator(d.path(), ec)) {
            const std::string n = f.path().filename().string();
            if (n == "expect.tsv")
                names.push_back(folder);
            else if (n.size() > 11 && n.compare(0, 7, "expect.") == 0 && n.compare(n.size() - 4, 4, ".tsv") == 0)
                names.push_back(folder + "/" + n.substr(7, n.size() - 11));
        }
    }
    std::sort(names.begin(), names.end());
    return names;
}

// A case's folder, config and expect file.
struct CaseFiles {
    fs::path dir, config, expect;
};
CaseFiles case_files(const std::string& name) {
    const auto slash = name.find('/');
    if (slash == std::string::npos) return {kGolden / name, kGolden / name / "landeff.toml", kGolden / name / "expect.tsv"};
    const fs::path dir = kGolden / name.substr(0, slash);
    const std::string stem = name.substr(slash + 1);
    return {dir, dir / (stem + ".toml"), dir / ("expect." + stem + ".tsv")};
}

class GoldenData : public ::testing::TestWithParam<std::string> {};

TEST_P(GoldenData, ExpectedFiguresHold) {
    const CaseFiles files = case_files(GetParam());
    const fs::path& dir = files.dir;
    std::vector<std::string> errors;
    const auto rows = read_expect(files.expect, errors);
    for (const auto& e : errors) ADD_FAILURE() << e;
    ASSERT_FALSE(rows.empty()) << "no expectations in " << files.expect;
    ASSERT_TRUE(fs::exists(files.config)) << files.expect << " has no config " << files.config;

    const auto before = fingerprint(dir);
    TempDir tmp;
    std::vector<std::string> args = {"run", files.config.string(), "--out", (tmp.path() / "out").string(),
                                     "--quiet", "--formats", "gpkg"};
    if (fs::exists(dir / "args")) {
        std::ifstream in(dir / "args");
        for (std::string a; std::getline(in, a);)
            if (!a.empty() && a[0] != '#') args.push_back(a);
    }
    const CliResult r = run_landeff(args);
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(r.err, "") << "--quiet must print nothing on success";
    EXPECT_EQ(fingerprint(dir), before) << "the case's inputs changed";

    const fs::path out = tmp.path() / "out";
    std::map<std::string, LayerRows> layers;
    nlohmann::json run_json;
    {
        std::ifstream in(out / "run.json");
        run_json = nlohmann::json::parse(in, nullptr, false);
    }
    for (const auto& e : rows) {
        const std::string where = files.expect.filename().string() + ":" + std::to_string(e.line) + " " + e.layer + "[" + e.id + "]." + e.field +
                                  " (" + e.arithmetic + ")";
        if (e.layer == "run.json") {
            if (run_json.is_discarded()) {
                ADD_FAILURE() << where << ": run.json is not JSON";
                continue;
            }
            nlohmann::json::json_pointer ptr;
            try {
                ptr = nlohmann::json::json_pointer(e.field);
            } catch (const std::exception& ex) {
                ADD_FAILURE() << where << ": bad JSON pointer: " << ex.what();
                continue;
            }
            const bool has = run_json.contains(ptr);
            std::string got;
            if (has) got = run_json[ptr].is_string() ? run_json[ptr].get<std::string>() : run_json[ptr].dump();
            const std::string msg = check_value(e, has, got);
            if (!msg.empty()) ADD_FAILURE() << where << ": " << msg;
            continue;
        }
        auto it = layers.find(e.layer);
        if (it == layers.end()) it = layers.emplace(e.layer, read_layer(out / "landeff.gpkg", e.layer)).first;
        const LayerRows& L = it->second;
        if (!L.exists) {
            ADD_FAILURE() << where << ": no layer " << e.layer << " in landeff.gpkg";
            continue;
        }
        if (std::find(L.fields.begin(), L.fields.end(), e.field) == L.fields.end()) {
            ADD_FAILURE() << where << ": layer " << e.layer << " has no field " << e.field;
            continue;
        }
        auto [lo, hi] = L.by_id.equal_range(e.id);
        if (e.tolerance == "present" || e.tolerance == "absent") {
            bool found = false;
            for (auto i = lo; i != hi; ++i) found = found || i->second.at(e.field) == e.value;
            if (found != (e.tolerance == "present"))
                ADD_FAILURE() << where << ": " << (found ? "a row has " : "no row has ") << e.field << " = " << e.value;
            continue;
        }
        if (lo == hi) {
            ADD_FAILURE() << where << ": no row with id " << e.id;
            continue;
        }
        if (std::next(lo) != hi) {
            ADD_FAILURE() << where << ": several rows with id " << e.id << " (use present/absent)";
            continue;
        }
        const std::string msg = check_value(e, true, lo->second.at(e.field));
        if (!msg.empty()) ADD_FAILURE() << where << ": " << msg;
    }
}

INSTANTIATE_TEST_SUITE_P(Cases, GoldenData, ::testing::ValuesIn(golden_cases()),
                         [](const ::testing::TestParamInfo<std::string>& p) {
                             std::string n;
                             for (char c : p.param) n += std::isalnum(static_cast<unsigned char>(c)) ? c : '_';
                             return n;
                         });

// The runner itself must be able to fail: these rows are wrong on purpose.
TEST(GoldenDataRunner, RejectsMalformedRowsAndWrongValues) {
    TempDir tmp;
    {
        std::ofstream o(tmp.path() / "expect.tsv");
        o << "layer\tid\tfield\tvalue\ttolerance\tarithmetic\n"
          << "# a comment\n"
          << "parks\tP1\tland_mu\t30\t0.001\t\n"          // no arithmetic
          << "parks\tP1\tland_mu\t30\n";                   // too few columns
    }
    std::vector<std::string> errors;
    const auto rows = read_expect(tmp.path() / "expect.tsv", errors);
    EXPECT_EQ(rows.size(), 1u);
    ASSERT_EQ(errors.size(), 2u);
    EXPECT_NE(errors[0].find("no hand arithmetic"), std::string::npos) << errors[0];
    EXPECT_NE(errors[1].find("6 wanted"), std::string::npos) << errors[1];

    ExpectRow e{1, "parks", "P1", "land_mu", "30", "0.001", "20000 m² = 30 mu"};
    EXPECT_EQ(check_value(e, true, "30.0005"), "");
    EXPECT_NE(check_value(e, true, "30.002"), "");
    EXPECT_NE(check_value(e, false, ""), "") << "a null is not 30";
    e.value = "";
    EXPECT_EQ(check_value(e, false, ""), "") << "empty value = null expected";
    EXPECT_NE(check_value(e, true, "0"), "") << "0 is not null";
    e.tolerance = "=";
    e.value = "idle";
    EXPECT_EQ(check_value(e, true, "idle"), "");
    EXPECT_NE(check_value(e, true, "idle_gov"), "");
    e.tolerance = "~";
    EXPECT_EQ(check_value(e, true, "x; idle_yrs: 2"), "");
    e.tolerance = "!~";
    EXPECT_NE(check_value(e, true, "x; idle_yrs: 2"), "");
    e.tolerance = "about";
    EXPECT_NE(check_value(e, true, "1"), "") << "an unknown tolerance fails";
}

TEST(GoldenDataRunner, FindsTheCases) {
    // The committed cases with an expect.tsv; a folder silently skipped would make a case vanish.
    const auto cases = golden_cases();
    EXPECT_NE(std::find(cases.begin(), cases.end(), "basic"), cases.end());
    // A folder with several configs: one case per expect.<stem>.tsv, run with <stem>.toml.
    for (const char* c : {"compliance/cn-2008", "compliance/cn-2023"}) {
        EXPECT_NE(std::find(cases.begin(), cases.end(), c), cases.end()) << c;
        const CaseFiles f = case_files(c);
        EXPECT_TRUE(fs::exists(f.config)) << f.config;
        EXPECT_TRUE(fs::exists(f.expect)) << f.expect;
    }
}

}  // namespace
