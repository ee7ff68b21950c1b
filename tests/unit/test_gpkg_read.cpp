// The GeoPackage read straight from the geometry blobs (issue 20, src/read/source.cpp GpkgGeoms)
// against GDAL's own geometries (LANDEFF_GPKG_BLOBS=NO, the path every other format takes): the same
// features in the same order, the same geometries to the byte, the same findings — on a layer of odd
// features written by GDAL (empty, null, multipart, holes, invalid, Z, M, curved, lines, points,
// coordinates out of range, an unclosed ring, an empty part) with a gap in the fids.
#include <gtest/gtest.h>

#include <cpl_conv.h>
#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include <unistd.h>

#include <cmath>
#include <cstring>
#include <filesystem>
#include <string>
#include <vector>

#include "landeff/config.hpp"
#include "landeff/crs.hpp"
#include "landeff/findings.hpp"
#include "landeff/geometry.hpp"
#include "landeff/geos.hpp"
#include "landeff/source.hpp"

using namespace landeff;
namespace fs = std::filesystem;

namespace {

// The odd features; `plain` marks those whose blob the new path must decode itself (the rest go
// through GDAL's geometry there too).
struct Odd {
    const char* wkt;  // nullptr: no geometry
    bool plain;
};
const std::vector<Odd> kOdd = {
    {"POLYGON((0 0,10 0,10 10,0 10,0 0))", true},
    {"MULTIPOLYGON(((0 0,10 0,10 10,0 10,0 0),(2 2,2 4,4 4,4 2,2 2)),((20 0,30 0,30 10,20 10,20 0)))", true},
    {"POLYGON((0 0,10 10,10 0,0 10,0 0))", true},                                         // bow-tie: repaired
    {"MULTIPOLYGON(((0 0,10 0,10 10,0 10,0 0)),((5 5,15 5,15 15,5 15,5 5)))", true},    // overlapping parts
    {"POLYGON((0 0,10 0,10 10))", true},                                                  // unclosed: GEOS cannot read it
    {"POLYGON((0 0,10 0,10 10,0 10,0 0),(20 20,21 20,21 21,20 20))", true},              // a hole outside the shell
    {nullptr, false},
    {"POLYGON EMPTY", false},
    {"MULTIPOLYGON EMPTY", false},
    {"MULTIPOLYGON(EMPTY,((0 0,1 0,1 1,0 1,0 0)))", false},
    {"POLYGON Z((0 0 1,10 0 1,10 10 1,0 10 1,0 0 1))", false},
    {"POLYGON M((0 0 1,10 0 1,10 10 1,0 10 1,0 0 1))", false},
    {"POLYGON ZM((0 0 1 2,10 0 1 2,10 10 1 2,0 10 1 2,0 0 1 2))", false},
    {"CURVEPOLYGON(CIRCULARSTRING(0 0,1 1,2 0,1 -1,0 0))", false},
    {"LINESTRING(0 0,10 0,10 10,0 0)", false},
    {"POINT(1 1)", false},
    {"POLYGON((0 0,1e16 0,1e16 10,0 10,0 0))", false},                                     // bad_coordinates
    {"GEOMETRYCOLLECTION(POLYGON((0 0,1 0,1 1,0 1,0 0)),LINESTRING(0 0,5 5))", false},   // mixed
};

std::string wkb_hex(const GEOSGeometry* g) {
    if (!g) return "null";
    auto* w = GEOSWKBWriter_create_r(geos());
    GEOSWKBWriter_setByteOrder_r(geos(), w, GEOS_WKB_NDR);
    size_t n = 0;
    unsigned char* buf = GEOSWKBWriter_writeHEX_r(geos(), w, g, &n);
    GEOSWKBWriter_destroy_r(geos(), w);
    std::string s(reinterpret_cast<const char*>(buf), n);
    GEOSFree_r(geos(), buf);
    return s;
}

struct Read {
    LayerData layer;
    std::vector<Finding> findings;
};

Read read_with(const fs::path& gpkg, bool blobs) {
    CPLSetConfigOption("LANDEFF_GPKG_BLOBS", blobs ? "YES" : "NO");
    InputSpec in;
    in.name = "parcels";
    in.path = gpkg.string();
    in.path_as_written = "odd.gpkg";
    in.layer = "parcels";
    Config cfg;
    const WorkingCrs crs = make_working_crs("EPSG:4549", 0, 0);
    Findings f;
    Read r;
    r.layer = read_layer(in, LayerKind::Parcels, cfg, crs, f);
    r.findings = f.items();
    CPLSetConfigOption("LANDEFF_GPKG_BLOBS", nullptr);
    return r;
}

}  // namespace

TEST(GpkgRead, BlobsGiveGdalsGeometriesAndFindings) {
    GDALAllRegister();
    const fs::path dir = fs::temp_directory_path() / ("landeff_gpkg_read_" + std::to_string(::getpid()));
    fs::create_directories(dir);
    const fs::path gpkg = dir / "odd.gpkg";
    {
        GDALDriver* drv = GetGDALDriverManager()->GetDriverByName("GPKG");
        ASSERT_NE(drv, nullptr);
        GDALDatasetUniquePtr ds(drv->Create(gpkg.string().c_str(), 0, 0, 0, GDT_Unknown, nullptr));
        ASSERT_TRUE(ds);
        OGRSpatialReference srs;
        srs.importFromEPSG(4549);
        OGRLayer* l = ds->CreateLayer("parcels", &srs, wkbUnknown, nullptr);
        ASSERT_NE(l, nullptr);
        OGRFieldDefn id("parcel_id", OFTString);
        ASSERT_EQ(l->CreateField(&id), OGRERR_NONE);
        // Every odd feature twice, the copy after a feature that is then deleted (a gap in the fids).
        for (int round = 0; round < 2; ++round)
            for (size_t i = 0; i < kOdd.size(); ++i) {
                OGRFeature f(l->GetLayerDefn());
                f.SetField("parcel_id", ("P" + std::to_string(round) + "_" + std::to_string(i)).c_str());
                if (kOdd[i].wkt) {
                    OGRGeometry* g = nullptr;
                    ASSERT_EQ(OGRGeometryFactory::createFromWkt(kOdd[i].wkt, nullptr, &g), OGRERR_NONE) << kOdd[i].wkt;
                    f.SetGeometryDirectly(g);
                }
                ASSERT_EQ(l->CreateFeature(&f), OGRERR_NONE) << i;
                if (round == 1 && i == 3) {
                    OGRFeature gap(l->GetLayerDefn());
                    gap.SetField("parcel_id", "gone");
                    ASSERT_EQ(l->CreateFeature(&gap), OGRERR_NONE);
                    ASSERT_EQ(l->DeleteFeature(gap.GetFID()), OGRERR_NONE);
                }
            }
    }
    const Read gdal = read_with(gpkg, false);
    const Read blobs = read_with(gpkg, true);
    size_t n_plain = 0;
    for (const auto& o : kOdd) n_plain += o.plain ? 1 : 0;
    // The switch works: GDAL's path decodes nothing itself, the new one every plain blob (and nothing else).
    EXPECT_EQ(gdal.layer.direct_geoms, 0u);
    EXPECT_EQ(blobs.layer.direct_geoms, 2 * n_plain);
    ASSERT_EQ(gdal.layer.features.size(), 2 * kOdd.size());
    ASSERT_EQ(blobs.layer.features.size(), gdal.layer.features.size());
    for (size_t i = 0; i < gdal.layer.features.size(); ++i) {
        const Feature& a = gdal.layer.features[i];
        const Feature& b = blobs.layer.features[i];
        const Odd& o = kOdd[i % kOdd.size()];
        const std::string what = o.wkt ? o.wkt : "no geometry";
        EXPECT_EQ(a.fid, b.fid) << what;
        EXPECT_EQ(std::string(a.rec.text[0]), std::string(b.rec.text[0])) << what;
        EXPECT_EQ(wkb_hex(a.geom.get()), wkb_hex(b.geom.get())) << what;
    }
    // Some features keep a geometry, some do not: the comparison above compared something.
    EXPECT_NE(wkb_hex(gdal.layer.features[0].geom.get()), "null");
    EXPECT_EQ(wkb_hex(gdal.layer.features[6].geom.get()), "null");
    ASSERT_EQ(gdal.findings.size(), blobs.findings.size());
    EXPECT_GT(gdal.findings.size(), 10u);  // null, empty, repaired, unreadable, bad coordinates …
    for (size_t i = 0; i < gdal.findings.size(); ++i) {
        EXPECT_EQ(gdal.findings[i].fid, blobs.findings[i].fid);
        EXPECT_EQ(gdal.findings[i].code, blobs.findings[i].code);
        EXPECT_EQ(gdal.findings[i].message, blobs.findings[i].message);
    }
    std::error_code ec;
    fs::remove_all(dir, ec);
}

// The blob check itself: plain polygonal WKB is handed back, anything else refused.
TEST(GpkgRead, PlainBlobCheck) {
    // GP, version 0, flags 0x01 (little-endian, no envelope), srs 0; POLYGON((0 0,1 0,1 1,0 0)).
    std::string wkb = {1, 3, 0, 0, 0, 1, 0, 0, 0, 4, 0, 0, 0};
    auto pt = [&](double x, double y) {
        wkb.append(reinterpret_cast<const char*>(&x), 8);
        wkb.append(reinterpret_cast<const char*>(&y), 8);
    };
    pt(0, 0), pt(1, 0), pt(1, 1), pt(0, 0);
    const std::string head = {'G', 'P', 0, 1, 0, 0, 0, 0};
    auto check = [](const std::string& blob) {
        size_t n = 0;
        const auto* p = plain_gpkg_polygonal_wkb(reinterpret_cast<const unsigned char*>(blob.data()), blob.size(), &n);
        return p ? n : size_t(0);
    };
    EXPECT_EQ(check(head + wkb), wkb.size());
    EXPECT_EQ(check(head + wkb + std::string(1, '\0')), 0u);              // trailing byte
    EXPECT_EQ(check(head + wkb.substr(0, wkb.size() - 1)), 0u);           // cut short
    std::string empty_flag = head;
    empty_flag[3] = 0x11;
    EXPECT_EQ(check(empty_flag + wkb), 0u);
    std::string extended = head;
    extended[3] = 0x21;
    EXPECT_EQ(check(extended + wkb), 0u);
    std::string z = wkb;
    z[1] = static_cast<char>(0xEB), z[2] = 0x03;  // 1003: Polygon Z
    EXPECT_EQ(check(head + z), 0u);
    std::string nan = wkb;
    const double q = std::nan("");
    std::memcpy(nan.data() + 13, &q, 8);
    EXPECT_EQ(check(head + nan), 0u);
    EXPECT_EQ(check(std::string("GP")), 0u);
}
