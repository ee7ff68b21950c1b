#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include <cmath>
#include <fstream>
#include <sstream>

#include "landeff/dates.hpp"
#include "landeff/error.hpp"
#include "landeff/synth.hpp"
#include "landeff/writer.hpp"
#include "rng.hpp"

namespace fs = std::filesystem;

namespace landeff {
namespace {

void check(bool ok, const std::string& what) {
    if (!ok) throw RunError(Msg::ESynthGdal, {"synth --from", what, std::string(CPLGetLastErrorMsg())});
}

// The parcels (in input order) that the next year splits (kSplit) and merges (kMergeA + kMergeB),
// as the README promises: they are never the idle parcels recovered first.
constexpr size_t kSplit = 20, kMergeA = 30, kMergeB = 31;
// The enterprise that closes: the 4th data row of enterprises.csv.
constexpr size_t kClosedRow = 4;

OGRPolygon* rect(double x0, double y0, double x1, double y1) {
    auto* ring = new OGRLinearRing();
    ring->addPoint(x0, y0);
    ring->addPoint(x1, y0);
    ring->addPoint(x1, y1);
    ring->addPoint(x0, y1);
    ring->addPoint(x0, y0);
    auto* p = new OGRPolygon();
    p->addRingDirectly(ring);
    return p;
}

// The enterprise that closes this year: the ent_id of row kClosedRow of last year's table.
std::string closed_enterprise(const fs::path& from) {
    std::string closed;
    GDALDatasetUniquePtr in(GDALDataset::Open((from / "enterprises.csv").c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY));
    check(in != nullptr, "reading enterprises.csv");
    size_t row = 0;
    for (auto& f : *in->GetLayer(0))
        if (++row == kClosedRow) closed = f->GetFieldAsString(0);
    return closed;
}

// Next year's city.gpkg: the other layers copied, the parcels moved on a year (some idle land
// recovered, construction started, plants stopped; one parcel split, two merged).
void next_year_layers(GDALDataset& src, const fs::path& dir, const std::string& closed, int year, Rng& rng, SynthSummary& sum) {
    const Date T = Date::from_ymd(year, 12, 31);
    GDALDriver* gpkg = GetGDALDriverManager()->GetDriverByName("GPKG");
    ScopedConfig stamp("OGR_CURRENT_DATE", T.iso() + "T00:00:00.000Z");
    GDALDatasetUniquePtr dst(gpkg->Create((dir / "city.gpkg").c_str(), 0, 0, 0, GDT_Unknown, nullptr));
    check(dst != nullptr, "creating city.gpkg");
    for (const char* name : {"parks", "urban_core", "restricted", "approvals", "dev_boundary", "farmland", "eco_redline", "landuse", "plan"})
        if (OGRLayer* l = src.GetLayerByName(name)) check(dst->CopyLayer(l, name) != nullptr, std::string("copying ") + name);
    sum.parks = static_cast<size_t>(src.GetLayerByName("parks")->GetFeatureCount());
    OGRLayer* in = src.GetLayerByName("parcels");
    OGRLayer* out = dst->CreateLayer("parcels", in->GetSpatialRef(), wkbMultiPolygon, nullptr);
    check(out != nullptr, "creating parcels");
    for (int i = 0; i < in->GetLayerDefn()->GetFieldCount(); ++i) out->CreateField(in->GetLayerDefn()->GetFieldDefn(i));
    check(dst->StartTransaction() == OGRERR_NONE, "transaction");
    const std::string started = Date::from_ymd(year, 5, 10).iso();
    size_t n = 0;
    OGRFeatureUniquePtr pending_merge;  // parcel 30 waits for parcel 31
    for (auto& f : *in) {
        const size_t i = n++;
        OGRFeature nf(out->GetLayerDefn());
        nf.SetFrom(f.get());
        const std::string due = f->GetFieldAsString("YDKGSJ"), start = f->GetFieldAsString("SJKGSJ");
        const std::string supply = f->GetFieldAsString("GDSJ");
        const bool not_started = start.empty() && !due.empty();
        const double u = rng.uniform();
        // Last year's late supplies are now supplied (their dates stay; the evaluation date moved).
        if (not_started) {
            auto d = parse_date(due);
            const bool idle_last_year = d && full_years_between(*d, Date::from_ymd(year - 1, 12, 31)) >= 1;
            const bool reserved = i == kSplit || i == kMergeA || i == kMergeB;
            if (idle_last_year && u < 0.25 && !reserved) continue;  // idle land recovered (收回): the parcel is gone
            if (u < 0.45) nf.SetField("SJKGSJ", started.c_str());  // construction started this year
        } else if (f->GetFieldAsInteger("SFTC") == 1 && u < 0.05) {
            nf.SetField("SFTC", 0);  // the plant stopped: newly not in production
        }
        (void)supply;
        if (!closed.empty() && closed == f->GetFieldAsString("QYDM")) nf.SetFieldNull(nf.GetFieldIndex("QYDM"));
        OGREnvelope e;
        f->GetGeometryRef()->getEnvelope(&e);
        const std::string id = f->GetFieldAsString("ZDDM");
        if (i == kSplit) {  // split into two halves with new ids
            for (int half = 0; half < 2; ++half) {
                OGRFeature part(out->GetLayerDefn());
                part.SetFrom(&nf);
                part.SetField("ZDDM", (id.substr(0, 14) + (half ? "90001" : "90000")).c_str());
                const double xm = (e.MinX + e.MaxX) / 2;
                auto* mp = new OGRMultiPolygon();
                mp->addGeometryDirectly(half ? rect(xm, e.MinY, e.MaxX, e.MaxY) : rect(e.MinX, e.MinY, xm, e.MaxY));
                part.SetGeometryDirectly(mp);
                part.SetField("ZDMJ", std::round((e.MaxX - e.MinX) / 2 * (e.MaxY - e.MinY)));
                check(out->CreateFeature(&part) == OGRERR_NONE, "writing a split parcel");
            }
            continue;
        }
        if (i == kMergeA) {
            pending_merge.reset(nf.Clone());
            continue;
        }
        if (i == kMergeB && pending_merge) {  // merged with parcel 30 into one new parcel
            OGREnvelope e0;
            pending_merge->GetGeometryRef()->getEnvelope(&e0);
            e0.Merge(e);
            nf.SetField("ZDDM", (id.substr(0, 14) + "90002").c_str());
            auto* mp = new OGRMultiPolygon();
            mp->addGeometryDirectly(rect(e0.MinX, e0.MinY, e0.MaxX, e0.MaxY));
            nf.SetGeometryDirectly(mp);
            nf.SetField("ZDMJ", std::round((e0.MaxX - e0.MinX) * (e0.MaxY - e0.MinY)));
            pending_merge.reset();
        }
        check(out->CreateFeature(&nf) == OGRERR_NONE, "writing a parcel");
        ++sum.parcels;
    }
    if (pending_merge) check(out->CreateFeature(pending_merge.get()) == OGRERR_NONE, "writing a parcel");
    check(dst->CommitTransaction() == OGRERR_NONE, "commit");
    sum.approvals = static_cast<size_t>(src.GetLayerByName("approvals")->GetFeatureCount());
}

// Enterprises: the year moves on; figures grow or shrink; one row gone, one new. GDAL's CSV
// driver reads and writes the table (quoting, the BOM), as it wrote last year's.
void next_year_enterprises(const fs::path& from, const fs::path& dir, int year, Rng& rng, SynthSummary& sum) {
    GDALDatasetUniquePtr in(GDALDataset::Open((from / "enterprises.csv").c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY));
    check(in != nullptr, "reading enterprises.csv");
    OGRLayer* li = in->GetLayer(0);
    GDALDriver* csv = GetGDALDriverManager()->GetDriverByName("CSV");
    GDALDatasetUniquePtr out(csv->Create((dir / "enterprises.csv").c_str(), 0, 0, 0, GDT_Unknown, nullptr));
    check(out != nullptr, "creating enterprises.csv");
    const char* lco[] = {"WRITE_BOM=YES", nullptr};
    OGRLayer* lo = out->CreateLayer("enterprises", nullptr, wkbNone, const_cast<char**>(lco));
    check(lo != nullptr, "creating the enterprises table");
    OGRFeatureDefn* defn = li->GetLayerDefn();
    for (int i = 0; i < defn->GetFieldCount(); ++i) lo->CreateField(defn->GetFieldDefn(i));
    // Columns 5–14 are the money and quantity figures (工业总产值 … 用电量).
    size_t row = 0;
    for (auto& f : *li) {
        if (++row == kClosedRow) continue;  // the enterprise that closed
        OGRFeature nf(lo->GetLayerDefn());
        nf.SetFrom(f.get());
        nf.SetField(1, std::to_string(year).c_str());
        const double g = 1 + 0.08 + 0.15 * (rng.uniform() * 2 - 1);  // about +8 % a year, ±15 %
        for (int k = 5; k <= 14 && k < defn->GetFieldCount(); ++k) {
            if (!f->IsFieldSetAndNotNull(k) || std::string(f->GetFieldAsString(k)).empty()) continue;
            char buf[64];
            std::snprintf(buf, sizeof buf, "%.2f", f->GetFieldAsDouble(k) * g);
            nf.SetField(k, buf);
        }
        check(lo->CreateFeature(&nf) == OGRERR_NONE, "writing an enterprise row");
        ++sum.enterprises;
    }
    OGRFeature nf(lo->GetLayerDefn());
    const char* fresh[] = {"91330300NEWCO00001", nullptr, "温州新兴智能装备有限公司", "规下", "3411", "800", "40", "200", "1500",
                           "820", "90", "0.5", "30", "20", "150", "0", nullptr};
    for (int k = 0; k < 17 && k < defn->GetFieldCount(); ++k)
        if (fresh[k]) nf.SetField(k, fresh[k]);
    nf.SetField(1, std::to_string(year).c_str());
    nf.SetField(16, std::to_string(year).c_str());
    check(lo->CreateFeature(&nf) == OGRERR_NONE, "writing an enterprise row");
    ++sum.enterprises;
}

// Next year's landeff.toml: last year's with the year moved on.
void next_year_config(const fs::path& from, const fs::path& dir, int year) {
    std::ifstream cfg_in(from / "landeff.toml");
    std::stringstream cfg;
    cfg << cfg_in.rdbuf();
    std::string toml = cfg.str();
    const auto pos = toml.find("\nyear = ");
    if (pos != std::string::npos) toml.replace(pos + 8, 4, std::to_string(year));
    // The tenants' leases run on (copied); last year's corrections were decisions about last year's
    // figures and are not carried into the next year (issue 17).
    for (const char* block : {"[inputs.corrections]\npath = \"corrections.csv\"\n"})
        if (const auto at = toml.find(block); at != std::string::npos) toml.erase(at, std::string_view(block).size());
    if (fs::exists(from / "leases.csv")) fs::copy_file(from / "leases.csv", dir / "leases.csv");
    toml = "# The year after " + from.filename().string() + ", made by `landeff synth --from`.\n" + toml;
    std::ofstream(dir / "landeff.toml") << toml;
}

}  // namespace

SynthSummary synthesize_next_year(const fs::path& from, const SynthOptions& opt) {
    GDALAllRegister();
    GDALDatasetUniquePtr src(GDALDataset::Open((from / "city.gpkg").c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY));
    if (!src) throw ConfigError(Msg::ESynthNoCity, {from.string()});
    Rng rng(opt.seed, 0x7777ull);
    const int year = opt.year;
    StagedOutput staged(opt.out, opt.overwrite, {(from / "city.gpkg").string(), (from / "enterprises.csv").string()});
    SynthSummary sum;
    // The enterprise that closes leaves its table and its parcels (they stay, with no enterprise),
    // so `compare` reports it gone, not as an enterprise without figures.
    const std::string closed = closed_enterprise(from);
    // One random stream, parcels first, then enterprises: the same seed makes the same next year.
    next_year_layers(*src, staged.dir(), closed, year, rng, sum);
    next_year_enterprises(from, staged.dir(), year, rng, sum);
    next_year_config(from, staged.dir(), year);
    staged.commit();
    return sum;
}

}  // namespace landeff
