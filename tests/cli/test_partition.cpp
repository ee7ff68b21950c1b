// Issue 21 (rules.md §10): a synthetic province (`landeff synth --province`) whose parcel ids start
// with county codes, and grading.population = "county" ranking each county's lists apart.
#include <gtest/gtest.h>

#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <regex>
#include <sstream>
#include <set>

#include "cli_util.hpp"

namespace fs = std::filesystem;
using namespace landeff::test;

// `synth --province` makes 4 counties in 2 cities (the first 6 / 4 characters of 宗地代码), a park whose
// parcels lie in two counties and an enterprise with parcels in two counties; its landeff.toml ranks by
// county, and a run of it ranks every (county, list) population apart: within each, ranks run 1..n with
// ranked_of = n, and the explanation names the county.
TEST(SynthProvince, CountiesParksAndEnterprisesAcrossCountyLines) {
    TempDir tmp;
    const fs::path prov = tmp.path() / "prov", out = tmp.path() / "out";
    auto s = run_landeff({"synth", "--parcels", "400", "--seed", "1", "--province", "--out", prov.string(), "--quiet"});
    ASSERT_EQ(s.exit_code, 0) << s.err;
    const std::string toml = read_file(prov / "landeff.toml");
    EXPECT_NE(toml.find("population = \"county\""), std::string::npos) << toml;
    EXPECT_NE(toml.find("by = \"county\""), std::string::npos) << toml;
    auto r = run_landeff({"run", (prov / "landeff.toml").string(), "--out", out.string(), "--formats", "gpkg", "--quiet"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const auto parcels = read_rows(out / "landeff.gpkg", "parcels");
    std::set<std::string> counties, cities;
    std::map<std::string, std::set<std::string>> park_counties, ent_counties;
    for (const auto& [id, row] : parcels) {
        ASSERT_EQ(id.size(), 19u) << id;  // 宗地代码: 6 county + 3 + 3 + 2 + 5
        counties.insert(id.substr(0, 6));
        cities.insert(id.substr(0, 4));
        if (!row.at("park_id").empty()) park_counties[row.at("park_id")].insert(id.substr(0, 6));
        ent_counties[row.at("ent_id")].insert(id.substr(0, 6));
    }
    EXPECT_EQ(counties, (std::set<std::string>{"330302", "330303", "330402", "330403"}));
    EXPECT_EQ(cities, (std::set<std::string>{"3303", "3304"}));
    size_t straddling_parks = 0, straddling_ents = 0;
    for (const auto& [park, c] : park_counties) straddling_parks += c.size() > 1;
    for (const auto& [ent, c] : ent_counties) straddling_ents += c.size() > 1;
    EXPECT_GE(straddling_parks, 1u) << "a park across a county line";
    EXPECT_GE(straddling_ents, 1u) << "an enterprise with parcels in two counties";

    // Every ranked enterprise names its county; each (county, list) population ranks 1..n of n.
    const std::regex county_re("\\(县级 (\\d{6})\\)排名 (\\d+)/(\\d+)");
    std::map<std::pair<std::string, std::string>, std::vector<std::pair<int, int>>> pops;
    for (const auto& [id, row] : read_rows(out / "landeff.gpkg", "enterprises")) {
        if (row.at("rank").empty()) continue;
        std::smatch m;
        ASSERT_TRUE(std::regex_search(row.at("why"), m, county_re)) << id << ": " << row.at("why");
        EXPECT_EQ(m[2].str(), row.at("rank")) << id;
        EXPECT_EQ(m[3].str(), row.at("ranked_of")) << id;
        pops[{m[1].str(), row.at("list")}].push_back({std::stoi(row.at("rank")), std::stoi(row.at("ranked_of"))});
    }
    std::set<std::string> ranked_counties;
    for (const auto& [key, members] : pops) {
        ranked_counties.insert(key.first);
        for (const auto& [rank, of] : members) {
            EXPECT_EQ(static_cast<size_t>(of), members.size()) << key.first << " " << key.second;
            EXPECT_GE(rank, 1);
            EXPECT_LE(static_cast<size_t>(rank), members.size());
        }
    }
    EXPECT_EQ(ranked_counties.size(), 4u) << "every county ranks its own lists";
}

// Without --province, synth makes one county as before (330302): the demo city is unchanged.
TEST(SynthProvince, PlainSynthIsOneCounty) {
    TempDir tmp;
    auto s = run_landeff({"synth", "--parcels", "40", "--seed", "1", "--out", (tmp.path() / "c").string(), "--quiet"});
    ASSERT_EQ(s.exit_code, 0) << s.err;
    EXPECT_EQ(read_file(tmp.path() / "c" / "landeff.toml").find("[partition]"), std::string::npos);
    auto c = run_landeff({"synth", "--parcels", "40", "--counties", "3", "--out", (tmp.path() / "d").string(), "--quiet"});
    EXPECT_EQ(c.exit_code, 2) << "--counties needs --province: " << c.err;
}

// ---------------------------------------------------------------------------------------------
// Partitioned runs (issue 21 items 1, 4): run --list-partitions, run --partition K, merge.

namespace {

// Every feature table of a GeoPackage: layer → row key → field → cell (a number or text), and the
// row's geometry area ("#area"). Keys: the layer's id; findings and the control lines by their
// whole row (findings of one feature share its id), with a count for repeats.
struct Cell {
    bool number = false;
    double v = 0;
    std::string text;
};
using Rows = std::map<std::string, std::map<std::string, Cell>>;

std::map<std::string, Rows> read_gpkg(const fs::path& file) {
    GDALDatasetUniquePtr ds(GDALDataset::Open(file.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY));
    EXPECT_TRUE(ds) << file;
    std::map<std::string, Rows> out;
    if (!ds) return out;
    const std::map<std::string, std::string> key_of = {{"parks", "park_id"},         {"parcels", "parcel_id"}, {"enterprises", "ent_id"},
                                                       {"unsupplied", "appr_id"},    {"region", "region_id"},  {"worklist", "parcel_id"}};
    for (auto* layer : ds->GetLayers()) {
        const std::string name = layer->GetName();
        if (name == "layer_styles") continue;
        Rows& rows = out[name];
        OGRFeatureDefn* defn = layer->GetLayerDefn();
        for (auto& f : *layer) {
            std::map<std::string, Cell> row;
            std::string whole;
            for (int i = 0; i < defn->GetFieldCount(); ++i) {
                Cell c;
                const auto t = defn->GetFieldDefn(i)->GetType();
                if (!f->IsFieldSetAndNotNull(i)) c.text = "<null>";
                else if (t == OFTReal || t == OFTInteger || t == OFTInteger64) {
                    c.number = true;
                    c.v = f->GetFieldAsDouble(i);
                } else c.text = f->GetFieldAsString(i);
                whole += std::string(defn->GetFieldDefn(i)->GetNameRef()) + "=" + (c.number ? "#" : c.text) + "|";
                row[defn->GetFieldDefn(i)->GetNameRef()] = c;
            }
            if (const OGRGeometry* g = f->GetGeometryRef()) {
                Cell a;
                a.number = true;
                if (auto* s = dynamic_cast<const OGRSurface*>(g)) a.v = s->get_Area();
                else if (auto* m = dynamic_cast<const OGRMultiSurface*>(g)) a.v = m->get_Area();
                row["#area"] = a;
            }
            std::string key = key_of.count(name) ? row[key_of.at(name)].text : whole;
            if (name == "worklist") key += "|" + row["item"].text;
            std::string k = key;
            for (int n = 2; rows.count(k); ++n) k = key + "#" + std::to_string(n);
            rows[k] = row;
        }
    }
    return out;
}

// EXPECT every layer, row and figure of `got` equal to `want`: the same layers, the same row keys,
// numbers equal to 1e-9 relative, texts equal. Returns the number of figures compared. `skip`: layers and
// fields not compared (what names the source file or its driver's fid numbering).
size_t expect_same_gpkg(const fs::path& want_file, const fs::path& got_file, const std::set<std::string>& skip = {}) {
    const auto want = read_gpkg(want_file), got = read_gpkg(got_file);
    std::set<std::string> wl, gl;
    for (const auto& [k, v] : want) wl.insert(k);
    for (const auto& [k, v] : got) gl.insert(k);
    EXPECT_EQ(wl, gl) << "the same layers";
    size_t n = 0;
    for (const auto& [layer, rows] : want) {
        if (!got.count(layer) || skip.count(layer)) continue;
        const Rows& g = got.at(layer);
        std::set<std::string> wk, gk;
        for (const auto& [k, v] : rows) wk.insert(k);
        for (const auto& [k, v] : g) gk.insert(k);
        std::vector<std::string> only_want, only_got;
        std::set_difference(wk.begin(), wk.end(), gk.begin(), gk.end(), std::back_inserter(only_want));
        std::set_difference(gk.begin(), gk.end(), wk.begin(), wk.end(), std::back_inserter(only_got));
        EXPECT_TRUE(only_want.empty() && only_got.empty())
            << layer << ": " << only_want.size() << " rows only in the single run (first: " << (only_want.empty() ? "" : only_want.front())
            << "), " << only_got.size() << " only in the merged one (first: " << (only_got.empty() ? "" : only_got.front()) << ")";
        for (const auto& [key, row] : rows) {
            auto it = g.find(key);
            if (it == g.end()) continue;
            for (const auto& [field, c] : row) {
                if (skip.count(field)) continue;
                auto jt = it->second.find(field);
                if (jt == it->second.end()) {
                    ADD_FAILURE() << layer << " " << key << ": no field " << field;
                    continue;
                }
                ++n;
                const Cell& d = jt->second;
                if (c.number && d.number) {
                    const double tol = 1e-9 * std::max({1.0, std::fabs(c.v), std::fabs(d.v)});
                    EXPECT_NEAR(c.v, d.v, tol) << layer << " " << key << " " << field;
                } else {
                    EXPECT_EQ(c.text, d.text) << layer << " " << key << " " << field;
                }
            }
        }
    }
    return n;
}

std::vector<std::string> lines_of(const std::string& s) {
    std::vector<std::string> out;
    std::istringstream in(s);
    for (std::string l; std::getline(in, l);)
        if (!l.empty()) out.push_back(l);
    return out;
}

}  // namespace

// The acceptance test of issue 21: a synthetic province run whole, and run county by county
// (--list-partitions, --partition K for every K, merge), gives the same landeff.gpkg figure by figure:
// every layer, the same ids, numbers to 1e-9 relative, texts equal. The province has a park across a
// county line and an enterprise with parcels in two counties (SynthProvince above checks both).
TEST(Partition, CountyByCountyThenMergeEqualsTheSingleRun) {
    TempDir tmp;
    const fs::path prov = tmp.path() / "prov", single = tmp.path() / "single", merged = tmp.path() / "merged";
    auto s = run_landeff({"synth", "--parcels", "2000", "--seed", "3", "--province", "--out", prov.string(), "--quiet"});
    ASSERT_EQ(s.exit_code, 0) << s.err;
    const std::string cfg = (prov / "landeff.toml").string();
    auto r = run_landeff({"run", cfg, "--out", single.string(), "--formats", "gpkg", "--quiet"});
    ASSERT_EQ(r.exit_code, 0) << r.err;

    auto l = run_landeff({"run", cfg, "--list-partitions"});
    ASSERT_EQ(l.exit_code, 0) << l.err;
    const auto codes = lines_of(l.out);
    EXPECT_EQ(codes, (std::vector<std::string>{"330302", "330303", "330402", "330403"})) << "sorted, one a line, nothing else: " << l.out;
    std::vector<std::string> merge = {"merge", cfg, "--out", merged.string(), "--quiet"};
    for (const auto& k : codes) {
        const fs::path dir = tmp.path() / ("part_" + k);
        auto p = run_landeff({"run", cfg, "--partition", k, "--out", dir.string(), "--formats", "gpkg", "--quiet"});
        ASSERT_EQ(p.exit_code, 0) << k << ": " << p.err;
        EXPECT_EQ(p.err, "") << k;
        const auto rj = nlohmann::json::parse(read_file(dir / "run.json"));
        EXPECT_EQ(rj.value("partition", std::string()), k);
        // Its parcels are its own (their ids start with its code).
        for (const auto& [id, row] : read_rows(dir / "landeff.gpkg", "parcels")) EXPECT_EQ(id.substr(0, 6), k) << id;
        merge.push_back(dir.string());
    }
    auto m = run_landeff(merge);
    ASSERT_EQ(m.exit_code, 0) << m.err;
    EXPECT_EQ(m.err, "");
    const size_t figures = expect_same_gpkg(single / "landeff.gpkg", merged / "landeff.gpkg");
    EXPECT_GT(figures, 10000u) << "the layers were compared, not empty";
    const auto rj = nlohmann::json::parse(read_file(merged / "run.json"));
    EXPECT_EQ(rj["partitions"], nlohmann::json(codes));
    const auto sj = nlohmann::json::parse(read_file(single / "run.json"));
    for (const auto& [name, in] : sj["inputs"].items())
        EXPECT_EQ(rj["input_files"][name], in["files"]) << name << ": the inputs' sha256 as the single run's";
}

namespace {

// Two counties of one city, 330102 (A) and 330103 (B); parcels 100 m × 100 m = 15 mu (synth-free, by hand).
//   P_TIE:   A1 [0,100] in A and B1 [100,200] in B: 15 mu each, a tie → the smaller code, 330102.
//   P_B:     A2 [1000,1100] in A, B2 [1100,1200] and B3 [1200,1300] in B: 15 vs 30 mu → 330103, a park
//            partition 330102 meets but does not own.
//   E_HALO:  parcels A3 [2000,2100] in A, B4 [2100,2200] and B5 [2200,2300] in B (outside every park):
//            15 vs 30 mu → owned by 330103; partition 330102 reads B4 and B5 as its halo to spread E_HALO's tax
//            of 90 万元 over its 45 mu: 90 / 45 = 2 万元/亩 on A3 too.
//   E_TIE:   A4 [3000,3100] in A and B6 [3100,3200] in B: a tie → 330102.
void write_two_counties(const fs::path& dir) {
    fs::create_directories(dir);
    auto parcel = [](const std::string& id, const std::string& ent, double x0) {
        return std::string(R"({"type":"Feature","properties":{"ZDDM":")") + id + R"(","QYDM":")" + ent +
               R"(","GDSJ":"2022-01-01","YDKGSJ":"2024-06-30","SJKGSJ":"2022-06-01","SJJGSJ":"2023-06-30","SFTC":1},"geometry":)" +
               geojson_rect(x0, 100, x0 + 100, 200) + "}";
    };
    std::ofstream(dir / "parcels.geojson")
        << R"({"type":"FeatureCollection",)" << kGeoJsonCrs4549 << R"(,"features":[)"
        << parcel("330102001001JA00001", "E_P1", 0) << "," << parcel("330103001001JB00001", "E_P2", 100) << ","
        << parcel("330102001001JA00002", "E_P3", 1000) << "," << parcel("330103001001JB00002", "E_P4", 1100) << ","
        << parcel("330103001001JB00003", "E_P4", 1200) << "," << parcel("330102001001JA00003", "E_HALO", 2000) << ","
        << parcel("330103001001JB00004", "E_HALO", 2100) << "," << parcel("330103001001JB00005", "E_HALO", 2200) << ","
        << parcel("330102001001JA00004", "E_TIE", 3000) << "," << parcel("330103001001JB00006", "E_TIE", 3100) << "]}\n";
    std::ofstream(dir / "parks.geojson") << R"({"type":"FeatureCollection",)" << kGeoJsonCrs4549 << R"(,"features":[)"
                                         << R"({"type":"Feature","properties":{"park_id":"P_TIE","name":"tie","level":"municipal"},"geometry":)"
                                         << geojson_rect(0, 0, 200, 300) << "},"
                                         << R"({"type":"Feature","properties":{"park_id":"P_B","name":"b","level":"municipal"},"geometry":)"
                                         << geojson_rect(1000, 0, 1300, 300) << "}]}\n";
    std::ofstream(dir / "enterprises.csv") << "ent_id,year,name,scale,tax\nE_P1,2024,p1,below,30\nE_P2,2024,p2,below,30\n"
                                              "E_P3,2024,p3,below,30\nE_P4,2024,p4,below,60\nE_HALO,2024,halo,below,90\nE_TIE,2024,tie,below,60\n";
    std::ofstream(dir / "landeff.toml") << "year = 2024\ncrs = \"EPSG:4549\"\n[inputs.parks]\npath = \"parks.geojson\"\n"
                                           "[inputs.parcels]\npath = \"parcels.geojson\"\n[inputs.enterprises]\npath = \"enterprises.csv\"\n"
                                           "[grading]\npopulation = \"county\"\n[partition]\nby = \"county\"\n"
                                           "[states]\ntax_low_region = \"county\"\n[platform]\ntax_benchmark = 1\n";
}

std::set<std::string> ids_of(const fs::path& gpkg, const std::string& layer) {
    std::set<std::string> out;
    for (const auto& [id, row] : read_rows(gpkg, layer)) out.insert(id);
    return out;
}

}  // namespace

// Who owns what (rules.md §10): a park by the partition holding most of its parcel land (a tie: the
// smaller code), an enterprise likewise, each computed with the other county's parcels as a halo.
TEST(Partition, OwnershipTiesParksOfTheOtherCountyAndAHaloEnterprise) {
    TempDir tmp;
    const fs::path in = tmp.path() / "in";
    write_two_counties(in);
    const std::string cfg = (in / "landeff.toml").string();
    std::map<std::string, fs::path> out;
    for (const std::string k : {"330102", "330103"}) {
        out[k] = tmp.path() / k;
        auto r = run_landeff({"run", cfg, "--partition", k, "--out", out[k].string(), "--formats", "gpkg", "--quiet"});
        ASSERT_EQ(r.exit_code, 0) << k << ": " << r.err;
    }
    const fs::path a = out["330102"] / "landeff.gpkg", b = out["330103"] / "landeff.gpkg";
    EXPECT_EQ(ids_of(a, "parks"), (std::set<std::string>{"P_TIE"})) << "15 mu each: the tie goes to the smaller code 330102";
    EXPECT_EQ(ids_of(b, "parks"), (std::set<std::string>{"P_B"})) << "15 mu in 330102 vs 30 in 330103";
    // P_B computed in 330103 with 330102's A2 as its halo: 3 parcels × 15 mu = 45 mu.
    EXPECT_NEAR(num(read_rows(b, "parks").at("P_B"), "land_mu"), 45.0, 1e-9) << "15 + 15 + 15 mu";
    EXPECT_NEAR(num(read_rows(a, "parks").at("P_TIE"), "land_mu"), 30.0, 1e-9) << "15 + 15 mu";
    EXPECT_EQ(ids_of(a, "enterprises"), (std::set<std::string>{"E_P1", "E_P3", "E_TIE"})) << "E_TIE: 15 vs 15 mu → 330102";
    EXPECT_EQ(ids_of(b, "enterprises"), (std::set<std::string>{"E_P2", "E_P4", "E_HALO"})) << "E_HALO: 15 vs 30 mu → 330103";
    // A3 is 330102's own parcel of E_HALO: its per-mu tax spreads E_HALO's 90 万元 over all 45 mu of it.
    const auto pa = read_rows(a, "parcels");
    EXPECT_EQ(pa.size(), 4u) << "A1..A4 only";
    EXPECT_NEAR(num(pa.at("330102001001JA00003"), "mu_tax"), 2.0, 1e-9) << "90 万元 / (3 × 15 亩) = 2";
    EXPECT_NEAR(num(read_rows(b, "enterprises").at("E_HALO"), "land_mu"), 45.0, 1e-9) << "3 × 15 mu";
    // No region row in a partition: the merge sums the partitions' parts.
    EXPECT_TRUE(read_rows(a, "region").empty());

    // The merge refuses what is not one run: a missing partition (exit 1), a partition given twice or
    // run with another configuration (exit 2), each naming what is wrong.
    auto miss = run_landeff({"merge", cfg, "--out", (tmp.path() / "m1").string(), out["330102"].string()});
    EXPECT_EQ(miss.exit_code, 1) << miss.err;
    EXPECT_NE(miss.err.find("330103"), std::string::npos) << miss.err;
    EXPECT_FALSE(fs::exists(tmp.path() / "m1"));
    {
        std::ofstream(in / "landeff.toml", std::ios::app) << "[quality]\narea_tolerance = 0.06\n";
    }
    auto other = run_landeff({"merge", cfg, "--out", (tmp.path() / "m2").string(), out["330102"].string(), out["330103"].string()});
    EXPECT_EQ(other.exit_code, 2) << other.err;
    EXPECT_NE(other.err.find(out["330102"].string()), std::string::npos) << "names the folder: " << other.err;
    EXPECT_FALSE(fs::exists(tmp.path() / "m2"));
}

// A partition picks its parcels on one scan of the ids and fetches them by fid (rules.md §10): from a
// driver reading at random (GeoJSON: GetFeature) and from one that cannot (CSV: one scan keeping them)
// it reads the same parcels and writes the same figures; run.json "partition_read" says what each step
// added. Partition 330102 of write_two_counties: own A1..A4 (4); the parks' halo B1 (P_TIE), B2 and
// B3 (P_B) (3); the enterprises' halo B4, B5 (E_HALO) and B6 (E_TIE) (3); the ranking population
// 330103 of E_P2, E_P4, E_HALO, E_TIE adds nothing new: 4 + 3 + 3 = 10 read, 4 owned.
TEST(Partition, FetchByFidFromAnyDriverAndTheReadLog) {
    TempDir tmp;
    const fs::path in = tmp.path() / "in";
    write_two_counties(in);
    {
        // The same parcels as a CSV with a WKT column (no random read in GDAL's CSV driver).
        GDALAllRegister();
        GDALDatasetUniquePtr src(GDALDataset::Open((in / "parcels.geojson").c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY));
        ASSERT_TRUE(src);
        GDALDriver* csv = GetGDALDriverManager()->GetDriverByName("CSV");
        ASSERT_NE(csv, nullptr);
        GDALDatasetUniquePtr dst(csv->Create((in / "parcels.csv").c_str(), 0, 0, 0, GDT_Unknown, nullptr));
        ASSERT_TRUE(dst);
        OGRLayer* from = src->GetLayer(0);
        const char* lco[] = {"GEOMETRY=AS_WKT", nullptr};
        OGRLayer* to = dst->CreateLayer("parcels", nullptr, wkbPolygon, const_cast<char**>(lco));
        ASSERT_NE(to, nullptr);
        for (int i = 0; i < from->GetLayerDefn()->GetFieldCount(); ++i) to->CreateField(from->GetLayerDefn()->GetFieldDefn(i));
        for (auto& f : *from) {
            OGRFeatureUniquePtr g(OGRFeature::CreateFeature(to->GetLayerDefn()));
            g->SetFrom(f.get());
            ASSERT_EQ(to->CreateFeature(g.get()), OGRERR_NONE);
        }
    }
    std::string toml = read_file(in / "landeff.toml");
    const std::string geojson = "[inputs.parcels]\npath = \"parcels.geojson\"\n";
    ASSERT_NE(toml.find(geojson), std::string::npos);
    std::ofstream(in / "csv.toml") << std::string(toml).replace(toml.find(geojson), geojson.size(),
                                                              "[inputs.parcels]\npath = \"parcels.csv\"\nwkt_field = \"WKT\"\ncrs_in = \"EPSG:4549\"\n");
    const fs::path a = tmp.path() / "a", b = tmp.path() / "b";
    auto r = run_landeff({"run", (in / "landeff.toml").string(), "--partition", "330102", "--out", a.string(), "--formats", "gpkg", "--quiet"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    auto c = run_landeff({"run", (in / "csv.toml").string(), "--partition", "330102", "--out", b.string(), "--formats", "gpkg", "--quiet"});
    ASSERT_EQ(c.exit_code, 0) << c.err;
    // Findings name the file and fid_src is the driver's fid (GeoJSON counts from 0, CSV from 1): not compared.
    EXPECT_GT(expect_same_gpkg(a / "landeff.gpkg", b / "landeff.gpkg", {"findings", "fid_src"}), 100u)
        << "GetFeature and the one-scan fallback read alike";
    for (const fs::path& dir : {a, b}) {
        const auto pr = nlohmann::json::parse(read_file(dir / "run.json")).at("partition_read");
        EXPECT_EQ(pr.at("parcels_read"), 10) << dir << ": A1..A4 and B1..B6";
        EXPECT_EQ(pr.at("parcels_owned"), 4) << dir << ": A1..A4";
        std::map<std::string, size_t> step;
        size_t sum = 0;
        for (const auto& st : pr.at("steps")) {
            step[st.at("step").get<std::string>()] += st.at("parcels").get<size_t>();
            sum += st.at("parcels").get<size_t>();
            EXPECT_GE(st.at("seconds").get<double>(), 0.0);
        }
        EXPECT_EQ(sum, 10u) << dir << ": the steps add up to what was read";
        EXPECT_EQ(step["own"], 4u) << dir;
        EXPECT_EQ(step["parks"], 3u) << dir << ": B1, B2, B3";
        EXPECT_EQ(step["enterprises"], 3u) << dir << ": B4, B5, B6";
        EXPECT_EQ(step["populations"], 0u) << dir << ": 330103 already read whole";
    }
}

// --list-partitions and --partition need partition.by; an unknown code is a usage error.
TEST(Partition, ListAndPartitionNeedPartitionBy) {
    TempDir tmp;
    const fs::path in = tmp.path() / "in";
    write_two_counties(in);
    const std::string cfg = (in / "landeff.toml").string();
    auto l = run_landeff({"run", cfg, "--list-partitions"});
    ASSERT_EQ(l.exit_code, 0) << l.err;
    EXPECT_EQ(l.out, "330102\n330103\n");
    auto u = run_landeff({"run", cfg, "--partition", "330104", "--out", (tmp.path() / "u").string(), "--quiet"});
    EXPECT_EQ(u.exit_code, 2) << u.err;
    EXPECT_NE(u.err.find("330102, 330103"), std::string::npos) << "lists the partitions: " << u.err;
    std::string toml = read_file(in / "landeff.toml");
    toml.replace(toml.find("by = \"county\""), 13, "by = \"none\"");
    std::ofstream(in / "landeff.toml") << toml;
    auto n = run_landeff({"run", cfg, "--list-partitions"});
    EXPECT_EQ(n.exit_code, 2) << n.err;
    EXPECT_EQ(n.out, "");
}

namespace {

// The parcels a partition's run.json says it read and owns, and the parcels of its step `name`.
struct ReadLog {
    size_t read = 0, owned = 0;
    std::map<std::string, size_t> steps;
};
ReadLog read_log(const fs::path& dir) {
    const auto pr = nlohmann::json::parse(read_file(dir / "run.json")).at("partition_read");
    ReadLog r;
    r.read = pr.at("parcels_read").get<size_t>();
    r.owned = pr.at("parcels_owned").get<size_t>();
    for (const auto& st : pr.at("steps")) r.steps[st.at("step").get<std::string>()] += st.at("parcels").get<size_t>();
    return r;
}

}  // namespace

// Two passes (issue 21): a first pass per county (--grades-only) writes the grades of its own ranking
// populations and its tax_low medians; the second (--grades DIR) reads its own parcels, its parks' and
// its enterprises' parcels but not the neighbouring county's population, and the merge of the second
// passes equals the single run figure by figure — with tax_low_scope "park" (synth's) and "region" (the
// parks' halo parcels then take their county's median from the first pass).
// Hand check of the bound on synth --province --parcels 2000: 4 counties of 500 parcels (quantile
// lines, 2 000 / 4); a county's one-pass read adds the other county of its city (its parks straddle
// the line, so their owners' population is that county): about 3 × 500. Two passes drop that step, so
// a county reads its 500, the parks' halo and the enterprise ring: at most 2 × 500 (the whole park halo
// of a county is a few parks of 50–150 parcels), and strictly less than its one-pass read.
TEST(Partition, TwoPassesReadASmallHaloAndEqualTheSingleRun) {
    GDALAllRegister();
    TempDir tmp;
    const fs::path prov = tmp.path() / "prov";
    auto s = run_landeff({"synth", "--parcels", "2000", "--seed", "3", "--province", "--out", prov.string(), "--quiet"});
    ASSERT_EQ(s.exit_code, 0) << s.err;
    const std::string toml = read_file(prov / "landeff.toml");
    ASSERT_NE(toml.find("tax_low_region = \"county\""), std::string::npos);
    std::ofstream(prov / "region.toml") << std::string(toml).replace(toml.find("tax_low_region = \"county\""), 25,
                                                                     "tax_low_region = \"county\"\ntax_low_scope = \"region\"");
    for (const std::string name : {"landeff.toml", "region.toml"}) {
        SCOPED_TRACE(name);
        const std::string cfg = (prov / name).string();
        const fs::path top = tmp.path() / ("run_" + name.substr(0, name.find('.'))), single = top / "single", merged = top / "merged", pass1 = top / "pass1";
        auto r = run_landeff({"run", cfg, "--out", single.string(), "--formats", "gpkg", "--quiet"});
        ASSERT_EQ(r.exit_code, 0) << r.err;
        const std::vector<std::string> codes = {"330302", "330303", "330402", "330403"};
        size_t graded = 0, medians = 0;
        for (const auto& k : codes) {
            auto g = run_landeff({"run", cfg, "--partition", k, "--grades-only", "--out", (pass1 / k).string(), "--quiet"});
            ASSERT_EQ(g.exit_code, 0) << k << ": " << g.err;
            const auto t = nlohmann::json::parse(read_file(pass1 / k / "grades.json"));
            EXPECT_EQ(t.at("partition"), k);
            for (const auto& [id, e] : t.at("enterprises").items())
                EXPECT_EQ(e.at("population").get<std::string>().substr(0, 6), k) << id << ": only its own populations";
            graded += t.at("enterprises").size();
            medians += t.at("tax_low_medians").size();
            EXPECT_EQ(read_log(pass1 / k).steps["parks"], 0u) << k << ": a first pass reads no park halo";
        }
        EXPECT_GT(graded, 50u) << "every county grades its enterprises";
        EXPECT_EQ(medians, 4u) << "one tax_low median per county";
        std::vector<std::string> merge = {"merge", cfg, "--out", merged.string(), "--quiet"};
        for (const auto& k : codes) {
            const fs::path one = top / ("one_" + k), two = top / ("two_" + k);
            auto p1 = run_landeff({"run", cfg, "--partition", k, "--out", one.string(), "--formats", "gpkg", "--quiet"});
            ASSERT_EQ(p1.exit_code, 0) << k << ": " << p1.err;
            {
                // read_s: a partition reads its approvals, leases and corrections before its parcels (which
                // parcels depends on them): each has its own entry, not counted under the parcels.
                const auto rj = nlohmann::json::parse(read_file(one / "run.json"));
                const auto& layers = rj.at("read_s");
                double sum = 0;
                for (const char* layer : {"parks", "approvals", "leases", "corrections", "parcels", "enterprises"})
                    EXPECT_TRUE(layers.contains(layer)) << k << " " << layer << " " << layers.dump();
                for (const auto& [layer, sec] : layers.items()) sum += sec.get<double>();
                EXPECT_LE(sum, rj.at("timings_s").at("read").get<double>()) << k << " " << layers.dump();
            }
            auto p2 = run_landeff({"run", cfg, "--partition", k, "--grades", pass1.string(), "--out", two.string(), "--formats", "gpkg", "--quiet"});
            ASSERT_EQ(p2.exit_code, 0) << k << ": " << p2.err;
            EXPECT_EQ(p2.err, "") << k;
            ReadLog a = read_log(one), b = read_log(two);
            EXPECT_EQ(b.owned, 500u) << k << ": 2 000 / 4 counties";
            EXPECT_EQ(a.owned, b.owned) << k;
            EXPECT_GT(a.steps["populations"], 300u) << k << ": one pass reads the other county of its city (most of its 500)";
            EXPECT_EQ(b.steps.count("populations"), 0u) << k << ": no population halo in a second pass";
            EXPECT_LE(b.read, 2 * b.owned) << k << ": its own parcels and a small halo";
            EXPECT_LT(b.read, a.read) << k;
            EXPECT_EQ(b.read, a.read - a.steps["populations"] - a.steps["populations_leases"] - a.steps["populations_enterprises"])
                << k << ": the steps before the populations read the same parcels";
            merge.push_back(two.string());
        }
        auto m = run_landeff(merge);
        ASSERT_EQ(m.exit_code, 0) << m.err;
        const size_t figures = expect_same_gpkg(single / "landeff.gpkg", merged / "landeff.gpkg");
        EXPECT_GT(figures, 10000u) << "the layers were compared, not empty";
    }
}

// A first-pass table that does not fit the run is refused, naming the table: an enterprise of the
// partition's own population graded differently (ent_id named), a table made before an input changed
// (fingerprint), a missing table; --grades-only and --grades need --partition and go apart.
TEST(Partition, AStaleOrMismatchingFirstPassTableIsRefused) {
    TempDir tmp;
    const fs::path prov = tmp.path() / "prov", pass1 = tmp.path() / "pass1";
    auto s = run_landeff({"synth", "--parcels", "400", "--seed", "1", "--province", "--out", prov.string(), "--quiet"});
    ASSERT_EQ(s.exit_code, 0) << s.err;
    const std::string cfg = (prov / "landeff.toml").string();
    auto l = run_landeff({"run", cfg, "--list-partitions"});
    ASSERT_EQ(l.exit_code, 0) << l.err;
    const auto codes = lines_of(l.out);
    ASSERT_EQ(codes.size(), 4u);
    for (const auto& k : codes) {
        auto g = run_landeff({"run", cfg, "--partition", k, "--grades-only", "--out", (pass1 / k).string(), "--quiet", "--lang", "en"});
        ASSERT_EQ(g.exit_code, 0) << k << ": " << g.err;
    }
    const std::string k = codes[1];
    const fs::path table = pass1 / k / "grades.json";
    auto good = run_landeff({"run", cfg, "--partition", k, "--grades", pass1.string(), "--out", (tmp.path() / "good").string(),
                             "--formats", "gpkg", "--quiet", "--lang", "en"});
    ASSERT_EQ(good.exit_code, 0) << "the tables as written fit: " << good.err;
    // One enterprise of K's own population given another grade: K's second pass grades it itself and stops.
    const std::string original = read_file(table);
    auto t = nlohmann::json::parse(original);
    ASSERT_FALSE(t.at("enterprises").empty());
    const std::string ent = t.at("enterprises").begin().key();
    const std::string was = t["enterprises"][ent]["grade"].get<std::string>();
    t["enterprises"][ent]["grade"] = was == "A" ? "D" : "A";
    std::ofstream(table) << t.dump(1);
    auto bad = run_landeff({"run", cfg, "--partition", k, "--grades", pass1.string(), "--out", (tmp.path() / "bad").string(),
                            "--formats", "gpkg", "--quiet", "--lang", "en"});
    EXPECT_EQ(bad.exit_code, 1) << bad.err;
    EXPECT_NE(bad.err.find(table.string()), std::string::npos) << "names the table: " << bad.err;
    EXPECT_NE(bad.err.find("ent_id " + ent), std::string::npos) << "names the enterprise: " << bad.err;
    EXPECT_NE(bad.err.find("grade"), std::string::npos) << bad.err;
    EXPECT_FALSE(fs::exists(tmp.path() / "bad")) << "nothing written";
    // An input changed after the first pass: every table is stale (its fingerprint), named.
    std::ofstream(table) << original;
    const std::string csv = read_file(prov / "enterprises.csv");
    std::ofstream(prov / "enterprises.csv") << csv << "\n";
    auto stale = run_landeff({"run", cfg, "--partition", k, "--grades", pass1.string(), "--out", (tmp.path() / "stale").string(),
                              "--formats", "gpkg", "--quiet", "--lang", "en"});
    EXPECT_NE(stale.exit_code, 0);
    EXPECT_NE(stale.err.find((pass1 / codes[0] / "grades.json").string()), std::string::npos) << "names the first table: " << stale.err;
    EXPECT_NE(stale.err.find("another config, other inputs"), std::string::npos) << stale.err;
    std::ofstream(prov / "enterprises.csv") << csv;
    // A missing table.
    fs::remove_all(pass1 / codes[3]);
    auto missing = run_landeff({"run", cfg, "--partition", k, "--grades", pass1.string(), "--out", (tmp.path() / "missing").string(),
                                "--formats", "gpkg", "--quiet", "--lang", "en"});
    EXPECT_EQ(missing.exit_code, 2) << missing.err;
    EXPECT_NE(missing.err.find((pass1 / codes[3] / "grades.json").string()), std::string::npos) << missing.err;
    // The options.
    auto nop = run_landeff({"run", cfg, "--grades-only", "--out", (tmp.path() / "nop").string(), "--quiet", "--lang", "en"});
    EXPECT_EQ(nop.exit_code, 2) << nop.err;
    EXPECT_NE(nop.err.find("--grades-only needs --partition K"), std::string::npos) << nop.err;
}
