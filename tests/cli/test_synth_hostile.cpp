// `landeff synth --hostile` (issue 20): the benchmark city as hostile as real data. Checked on a
// city of 3 000 parcels read back with GDAL: approvals larger than parcels that overlap each other,
// about 10 % of the parcels straddling a park boundary, uneven park sizes, the same city for the
// same seed, and the default city untouched by the option's existence.
#include <gtest/gtest.h>

#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include <algorithm>
#include <memory>
#include <vector>

#include "cli_util.hpp"

namespace fs = std::filesystem;
using namespace landeff::test;

namespace {

using Geoms = std::vector<std::unique_ptr<OGRGeometry>>;

Geoms geoms_of(GDALDataset& ds, const char* layer) {
    Geoms out;
    OGRLayer* l = ds.GetLayerByName(layer);
    if (!l) return out;
    l->ResetReading();
    for (auto& f : *l)
        if (f->GetGeometryRef()) out.emplace_back(f->GetGeometryRef()->clone());
    return out;
}

double area_of(const OGRGeometry& g) {
    return wkbFlatten(g.getGeometryType()) == wkbMultiPolygon ? g.toMultiPolygon()->get_Area() : g.toPolygon()->get_Area();
}

double overlap_area(const OGRGeometry& a, const OGRGeometry& b) {
    OGREnvelope ea, eb;
    a.getEnvelope(&ea);
    b.getEnvelope(&eb);
    if (!ea.Intersects(eb)) return 0;
    std::unique_ptr<OGRGeometry> i(a.Intersection(&b));
    if (!i || i->IsEmpty()) return 0;
    const auto t = wkbFlatten(i->getGeometryType());
    if (t == wkbPolygon || t == wkbMultiPolygon) return area_of(*i);
    if (t == wkbGeometryCollection) {
        double s = 0;
        for (const auto* p : *i->toGeometryCollection()) {
            const auto pt = wkbFlatten(p->getGeometryType());
            if (pt == wkbPolygon || pt == wkbMultiPolygon) s += area_of(*p);
        }
        return s;
    }
    return 0;
}

struct HostileCity {
    TempDir tmp;
    fs::path dir;
    HostileCity() : dir(tmp.path() / "city") {
        GDALAllRegister();
        auto r = run_landeff({"synth", "--parcels", "3000", "--seed", "3", "--hostile", "--out", dir.string(), "--quiet"});
        EXPECT_EQ(r.exit_code, 0) << r.err;
    }
};

TEST(SynthHostile, ApprovalsAreBlocksLargerThanParcelsOverlappingTheirNeighbours) {
    HostileCity c;
    GDALDatasetUniquePtr ds(GDALDataset::Open((c.dir / "city.gpkg").string().c_str(), GDAL_OF_VECTOR));
    ASSERT_TRUE(ds);
    const Geoms appr = geoms_of(*ds, "approvals"), parcels = geoms_of(*ds, "parcels");
    ASSERT_GE(appr.size(), 100u);
    ASSERT_EQ(parcels.size(), 3000u);
    double appr_sum = 0, parcel_sum = 0;
    for (const auto& g : appr) appr_sum += area_of(*g);
    for (const auto& g : parcels) parcel_sum += area_of(*g);
    // A block is 2–4 × 2–3 cells of 200 m × 160 m (6.4–19.2 ha); a parcel at most 185 m × 145 m (2.7 ha).
    EXPECT_GT(appr_sum / static_cast<double>(appr.size()), 2.0 * parcel_sum / static_cast<double>(parcels.size()));
    // Pairs overlapping by more than 1 m² (envelopes first: a few hundred approvals).
    size_t overlapping = 0;
    for (size_t a = 0; a < appr.size(); ++a)
        for (size_t b = a + 1; b < appr.size(); ++b)
            if (overlap_area(*appr[a], *appr[b]) > 1.0) ++overlapping;
    // Each block's north-east square overlaps up to three neighbours: far more than a few pairs.
    EXPECT_GE(overlapping, appr.size() / 2) << overlapping << " overlapping pairs of " << appr.size() << " approvals";
}

TEST(SynthHostile, AboutTenPercentOfParcelsStraddleAParkAndParkSizesAreUneven) {
    HostileCity c;
    GDALDatasetUniquePtr ds(GDALDataset::Open((c.dir / "city.gpkg").string().c_str(), GDAL_OF_VECTOR));
    ASSERT_TRUE(ds);
    const Geoms parks = geoms_of(*ds, "parks"), parcels = geoms_of(*ds, "parcels");
    ASSERT_GE(parks.size(), 20u);
    size_t straddling = 0, inside = 0;
    for (const auto& p : parcels) {
        double in = 0;
        for (const auto& k : parks) in += overlap_area(*p, *k);
        const double share = in / area_of(*p);
        if (share > 0.01 && share < 0.99) ++straddling;
        if (share >= 0.99) ++inside;
    }
    // 94 % of the parcels lie in parks (6 % outside), each straddling with probability 0.10:
    // 0.94 × 0.10 = 9.4 % expected; a binomial of 3 000 has a standard deviation of 0.5 points.
    const double share = static_cast<double>(straddling) / static_cast<double>(parcels.size());
    EXPECT_GT(share, 0.075) << straddling;
    EXPECT_LT(share, 0.115) << straddling;
    EXPECT_GT(inside, parcels.size() / 2);
    // Zipf's law over 37 parks: the largest holds about 1/H(37) ≈ 24 % of the parcels in parks, the
    // median one about 1/19 of that; the frames' areas follow.
    std::vector<double> areas;
    for (const auto& k : parks) {
        OGREnvelope e;
        k->getEnvelope(&e);
        areas.push_back((e.MaxX - e.MinX) * (e.MaxY - e.MinY));
    }
    std::sort(areas.begin(), areas.end());
    EXPECT_GT(areas.back(), 8.0 * areas[areas.size() / 2]) << areas.back() << " vs median " << areas[areas.size() / 2];
}

TEST(SynthHostile, SameSeedSameCityAndTheDefaultCityUnchanged) {
    HostileCity a, b;
    EXPECT_EQ(fingerprint(a.dir), fingerprint(b.dir));
    // The default city (no --hostile) is still the demo city of data/demo.
    TempDir tmp;
    auto r = run_landeff({"synth", "--parcels", "300", "--seed", "1", "--out", (tmp.path() / "d").string(), "--quiet"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(read_file(tmp.path() / "d" / "city.gpkg"), read_file(fs::path(LANDEFF_TEST_DATA) / ".." / ".." / "data" / "demo" / "city.gpkg"));
    EXPECT_NE(read_file(tmp.path() / "d" / "city.gpkg"), read_file(a.dir / "city.gpkg"));
}

// --parks N (issue 20, maps: a city of 100 000 parks): exactly N parks, each holding parcels, for the
// default city and the hostile one; at most a quarter of the parcels, refused beyond that.
TEST(SynthParks, ParksOptionGivesThatManyParksEachWithParcels) {
    GDALAllRegister();
    for (const bool hostile : {false, true}) {
        TempDir tmp;
        const fs::path dir = tmp.path() / "c";
        std::vector<std::string> args = {"synth", "--parcels", "2000", "--parks", "400", "--seed", "5", "--out", dir.string(), "--quiet"};
        if (hostile) args.push_back("--hostile");
        auto r = run_landeff(args);
        ASSERT_EQ(r.exit_code, 0) << r.err;
        GDALDatasetUniquePtr ds(GDALDataset::Open((dir / "city.gpkg").string().c_str(), GDAL_OF_VECTOR));
        ASSERT_TRUE(ds);
        // Without --parks 2000 parcels give 2000 / 80 = 25 parks; with it, 400.
        EXPECT_EQ(ds->GetLayerByName("parks")->GetFeatureCount(), 400) << (hostile ? "hostile" : "default");
        // Every park holds a parcel: 400 parks' geometries each intersect some parcel's centre.
        const Geoms parks = geoms_of(*ds, "parks"), parcels = geoms_of(*ds, "parcels");
        ASSERT_EQ(parcels.size(), 2000u);
        size_t with_parcel = 0;
        for (const auto& pk : parks) {
            OGREnvelope e;
            pk->getEnvelope(&e);
            for (const auto& pc : parcels) {
                OGREnvelope q;
                pc->getEnvelope(&q);
                if (e.Contains(q)) {
                    ++with_parcel;
                    break;
                }
            }
        }
        EXPECT_EQ(with_parcel, parks.size()) << (hostile ? "hostile" : "default");
    }
    TempDir tmp;
    auto r = run_landeff({"synth", "--parcels", "2000", "--parks", "501", "--out", (tmp.path() / "x").string(), "--quiet"});
    EXPECT_NE(r.exit_code, 0);  // 501 × 4 = 2004 > 2000 parcels
    EXPECT_NE(r.err.find("--parks"), std::string::npos) << r.err;
}

}  // namespace
