#include "landeff/synth.hpp"

#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <fstream>
#include <string>
#include <vector>

#include "landeff/dates.hpp"
#include "landeff/error.hpp"
#include "landeff/progress.hpp"
#include "landeff/writer.hpp"
#include "rng.hpp"

namespace fs = std::filesystem;

namespace landeff {
namespace {

struct Rect {
    double x0, y0, x1, y1;
};

OGRPolygon* rect_polygon(const Rect& r) {
    auto* ring = new OGRLinearRing();
    ring->addPoint(r.x0, r.y0);
    ring->addPoint(r.x1, r.y0);
    ring->addPoint(r.x1, r.y1);
    ring->addPoint(r.x0, r.y1);
    ring->addPoint(r.x0, r.y0);
    auto* p = new OGRPolygon();
    p->addRingDirectly(ring);
    return p;
}

using Ring = std::vector<std::pair<double, double>>;

// A closed polygon through the points (the first repeated at the end).
OGRPolygon* ring_polygon(const Ring& pts) {
    auto* ring = new OGRLinearRing();
    for (const auto& [x, y] : pts) ring->addPoint(x, y);
    ring->addPoint(pts.front().first, pts.front().second);
    auto* p = new OGRPolygon();
    p->addRingDirectly(ring);
    return p;
}

Ring rect_ring(const Rect& r) { return {{r.x0, r.y0}, {r.x1, r.y0}, {r.x1, r.y1}, {r.x0, r.y1}}; }

const std::vector<std::string> kPlaces = {"鹿城", "龙湾", "瓯海", "洞头", "乐清", "瑞安", "永嘉", "平阳", "苍南", "文成",
                                          "泰顺", "龙港", "滨海", "瓯江", "温瑞", "南白象", "仙岩", "塘下", "柳市", "北白象",
                                          "虹桥", "鳌江", "灵溪", "桥头", "七都", "丽岙", "茶山", "娄桥", "郭溪", "潘桥"};
const std::vector<std::string> kFirmWords = {"华立", "正泰", "德力西", "天正", "奥康", "红蜻蜓", "瑞明", "中胜", "新亚",
                                             "宏丰", "华峰", "森马", "报喜鸟", "庄吉", "人民", "长城", "东方", "环球",
                                             "万向", "恒达", "金龙", "瓯江", "海特", "博纳", "联合", "精工", "永固"};
const std::vector<std::string> kFirmTrades = {"电气", "汽摩配件", "鞋业", "服饰", "阀门", "泵业", "机械", "电子", "新材料",
                                              "智能装备", "精密制造", "塑业", "包装", "眼镜", "锁具", "科技", "光电"};
// GB/T 4754-2017 manufacturing divisions used for ind_code (two-digit prefixes).
const std::vector<std::string> kDivisions = {"13", "17", "18", "19", "26", "29", "30", "33", "34", "35", "36", "38", "39", "40"};

struct ParkPlan {
    std::string id, name, level, level_zh, industry;
    std::vector<std::string> lead;  // leading divisions
    Rect frame;                     // outer rectangle of the park
    Rect cut;                       // straddle cut: east edge moved into the last column (if used)
    bool straddle = false, hole = false, multi = false;
    Rect hole_rect{}, second{};     // hole ring; second part of a multipolygon
    int first_parcel = 0, n_parcels = 0;
    // --hostile: village enclaves over the east half of some parcels (holes of the park); the
    // parcel grid's origin and columns (the approval blocks follow it).
    std::vector<Rect> enclaves;
    double gx = 0, gy = 0;
    int cols = 0, rows = 0;
};

struct ParcelPlan {
    Rect r;
    int park = -1;
    // As write_parcels() wrote it (for the tenants' leases): the id and the floor area (0 = not built).
    std::string id;
    double floor_m2 = 0;
};

std::string ds_date(Rng& rng, Date d) {
    // Mixed date spellings, as exports from different systems have them.
    const double u = rng.uniform();
    std::string iso = d.iso();
    if (u < 0.8) return iso;
    if (u < 0.9) return iso.substr(0, 4) + "/" + iso.substr(5, 2) + "/" + iso.substr(8, 2);
    return iso.substr(0, 4) + iso.substr(5, 2) + iso.substr(8, 2);
}

void check_ok(bool ok, const std::string& what) {
    if (!ok) throw RunError(Msg::ESynthGdal, {"synth", what, std::string(CPLGetLastErrorMsg())});
}

OGRLayer* make_layer(GDALDataset& ds, const char* name, OGRSpatialReference* srs, OGRwkbGeometryType gt,
                     const std::vector<std::pair<const char*, OGRFieldType>>& fields) {
    OGRLayer* l = ds.CreateLayer(name, srs, gt, nullptr);
    check_ok(l != nullptr, std::string("creating layer ") + name);
    for (const auto& [fname, type] : fields) {
        OGRFieldDefn fd(fname, type);
        check_ok(l->CreateField(&fd) == OGRERR_NONE, std::string("creating field ") + fname);
    }
    return l;
}

std::string uscc(uint64_t n) {
    static const char* kChars = "0123456789ABCDEFGHJKLMNPQRTUWXY";  // the USCC alphabet
    std::string tail;
    for (int i = 0; i < 10; ++i) {
        tail += kChars[n % 31];
        n /= 31;
    }
    std::reverse(tail.begin(), tail.end());
    return "91330300" + tail;
}

// The layout of the synthetic city: a parcel cell 200 m × 160 m including a road; parks laid out
// on a grid of slots; the origin near Wenzhou (CGCS2000 GK CM 120E).
constexpr double kCellW = 200, kCellH = 160, kMargin = 30, kGap = 600;
constexpr double kE0 = 480000, kN0 = 3090000;

struct City {
    std::vector<ParkPlan> parks;
    std::vector<ParcelPlan> parcels;
    bool hostile = false;
};

struct Ent {
    std::string id, name, ind;
    double land_m2 = 0;
    bool producing = false;
};

// The parks and parcels of a city of N parcels (P parks), drawn from rng in a fixed order.
City plan_city(Rng& rng, size_t N, size_t P) {
    const size_t n_outside = std::max<size_t>(3, N * 6 / 100);
    const size_t n_in = N - n_outside;
    const double cw = kCellW, ch = kCellH, margin = kMargin, gap = kGap;
    const double E0 = kE0, N0 = kN0;
    City city;
    city.parks.resize(P);
    std::vector<ParkPlan>& parks = city.parks;
    std::vector<ParcelPlan>& parcels = city.parcels;
    parcels.reserve(N);
    const size_t slots_x = static_cast<size_t>(std::ceil(std::sqrt(static_cast<double>(P))));
    const size_t per_park = n_in / P, extra = n_in % P;
    const int cols_max = static_cast<int>(std::ceil(std::sqrt(static_cast<double>(per_park + 1) * 1.3)));
    const int rows_max = static_cast<int>(std::ceil(static_cast<double>(per_park + 1) / cols_max)) + 1;
    const double slot_w = cols_max * cw + 2 * margin + gap;
    const double slot_h = rows_max * ch + 2 * margin + gap + 200;
    static const char* kLevels[] = {"国家级", "省级", "市级", "县级", "其他"};
    static const char* kLevelEn[] = {"national", "provincial", "municipal", "county", "other"};
    for (size_t k = 0; k < P; ++k) {
        ParkPlan& pk = parks[k];
        const int lv = k == 0 ? 0 : k == 1 ? 1 : k % 9 == 5 ? 1 : static_cast<int>(2 + k % 3);
        pk.level_zh = kLevels[lv];
        pk.level = kLevelEn[lv];
        const std::string place = kPlaces[k % kPlaces.size()] + (k >= kPlaces.size() ? std::to_string(k / kPlaces.size()) : "");
        static const char* kKinds[] = {"经济技术开发区", "高新技术产业园区", "工业园区", "产业园", "工业区块"};
        pk.name = place + kKinds[lv];
        char id[32];
        std::snprintf(id, sizeof id, "%c3303%04zu", lv == 0 ? 'G' : lv == 1 ? 'S' : 'Y', k);
        pk.id = id;
        pk.lead = {kDivisions[k % kDivisions.size()], kDivisions[(k * 7 + 3) % kDivisions.size()]};
        if (pk.lead[0] == pk.lead[1]) pk.lead.pop_back();
        pk.industry = pk.lead[0] + (pk.lead.size() > 1 ? "," + pk.lead[1] : "");
        pk.n_parcels = static_cast<int>(per_park + (k < extra ? 1 : 0));
        pk.first_parcel = static_cast<int>(parcels.size());
        pk.multi = k == 2 && P > 2;
        pk.hole = k == 1;
        pk.straddle = k % 3 == 0;
        const double ox = E0 + static_cast<double>(k % slots_x) * slot_w;
        const double oy = N0 + static_cast<double>(k / slots_x) * slot_h;
        const int cols = std::max(2, static_cast<int>(std::ceil(std::sqrt(pk.n_parcels * 1.3))));
        const int rows = (pk.n_parcels + cols - 1) / cols;
        const int split_row = rows / 2;
        for (int i = 0; i < pk.n_parcels; ++i) {
            const int c = i % cols, r = i / cols;
            const double yshift = pk.multi && r >= split_row ? 200.0 : 0.0;
            const double w = rng.uniform(120, 185), h = rng.uniform(100, 145);
            const double x0 = ox + margin + c * cw, y0 = oy + margin + r * ch + yshift;
            parcels.push_back({{x0, y0, x0 + w, y0 + h}, static_cast<int>(k), {}, 0});
        }
        pk.frame = {ox, oy, ox + 2 * margin + cols * cw - (cw - 185), oy + 2 * margin + rows * ch - (ch - 145) + (pk.multi ? 200.0 : 0.0)};
        if (pk.straddle) {
            // East edge through the middle of the last column: those parcels lie half inside.
            pk.cut = pk.frame;
            pk.cut.x1 = ox + margin + (cols - 1) * cw + 75;
        }
        if (pk.multi) {
            pk.second = {pk.frame.x0, oy + margin + split_row * ch + 200 - margin, pk.frame.x1, pk.frame.y1};
            pk.frame.y1 = oy + margin + split_row * ch - (ch - 145) + margin;
        }
        if (pk.hole && pk.n_parcels > cols + 1) {
            // A village enclave around the second row's second parcel: that parcel is outside.
            const Rect& pr = parcels[static_cast<size_t>(pk.first_parcel + cols + 1)].r;
            pk.hole_rect = {pr.x0 - 5, pr.y0 - 5, pr.x1 + 5, pr.y1 + 5};
        }
    }
    // Parcels outside every park, along a strip south of the grid.
    for (size_t i = 0; i < n_outside; ++i) {
        const double x0 = E0 + static_cast<double>(i) * cw, y0 = N0 - 900;
        parcels.push_back({{x0, y0, x0 + rng.uniform(120, 185), y0 + rng.uniform(100, 145)}, -1, {}, 0});
    }
    return city;
}

// The hostile city (synth --hostile, issue 20), drawn from rng in a fixed order. Park sizes follow
// Zipf's law (weight 1/rank, ranks shuffled by the seed, at least 4 parcels each): a few huge
// parks, many small. The parks are packed in shelves (rows of uneven height). Each parcel in a park
// straddles the park's boundary with probability kStraddle: a village enclave (a hole of the park)
// covers its east half. Parcels outside every park lie in rows of 500 south of the parks.
constexpr double kStraddle = 0.10;

City plan_hostile_city(Rng& rng, size_t N, size_t P) {
    const size_t n_outside = std::max<size_t>(3, N * 6 / 100);
    const size_t n_in = N - n_outside;
    const double cw = kCellW, ch = kCellH, margin = kMargin, gap = kGap;
    City city;
    city.hostile = true;
    city.parks.resize(P);
    std::vector<ParkPlan>& parks = city.parks;
    std::vector<ParcelPlan>& parcels = city.parcels;
    parcels.reserve(N);
    // Sizes: Zipf weights over shuffled ranks.
    std::vector<size_t> rank(P);
    for (size_t k = 0; k < P; ++k) rank[k] = k;
    for (size_t k = P; k > 1; --k) std::swap(rank[k - 1], rank[static_cast<size_t>(rng.next() % k)]);
    double wsum = 0;
    for (size_t k = 0; k < P; ++k) wsum += 1.0 / static_cast<double>(rank[k] + 1);
    const size_t min_n = std::max<size_t>(1, std::min<size_t>(4, n_in / P));
    std::vector<size_t> size(P);
    size_t given = 0;
    for (size_t k = 0; k < P; ++k) {
        size[k] = min_n + static_cast<size_t>(std::floor(static_cast<double>(n_in - min_n * P) / (static_cast<double>(rank[k] + 1) * wsum)));
        given += size[k];
    }
    for (size_t k = 0; k < P; ++k)
        if (rank[k] == 0) size[k] += n_in - given;  // the rounding remainder to the largest park
    // Footprints, then shelves about as wide as the square root of their total area.
    std::vector<int> cols(P), rows(P);
    double total = 0, widest = 0;
    for (size_t k = 0; k < P; ++k) {
        cols[k] = std::max(2, static_cast<int>(std::ceil(std::sqrt(static_cast<double>(size[k]) * 1.3))));
        rows[k] = (static_cast<int>(size[k]) + cols[k] - 1) / cols[k];
        const double w = cols[k] * cw + 2 * margin + gap, h = rows[k] * ch + 2 * margin + gap;
        total += w * h;
        widest = std::max(widest, w);
    }
    const double shelf_w = std::max(widest, std::sqrt(total));
    double x = kE0, y = kN0, shelf_h = 0;
    static const char* kLevels[] = {"国家级", "省级", "市级", "县级", "其他"};
    static const char* kLevelEn[] = {"national", "provincial", "municipal", "county", "other"};
    static const char* kKinds[] = {"经济技术开发区", "高新技术产业园区", "工业园区", "产业园", "工业区块"};
    for (size_t k = 0; k < P; ++k) {
        ParkPlan& pk = parks[k];
        const int lv = k == 0 ? 0 : k == 1 ? 1 : k % 9 == 5 ? 1 : static_cast<int>(2 + k % 3);
        pk.level_zh = kLevels[lv];
        pk.level = kLevelEn[lv];
        const std::string place = kPlaces[k % kPlaces.size()] + (k >= kPlaces.size() ? std::to_string(k / kPlaces.size()) : "");
        pk.name = place + kKinds[lv];
        char id[32];
        std::snprintf(id, sizeof id, "%c3303%04zu", lv == 0 ? 'G' : lv == 1 ? 'S' : 'Y', k);
        pk.id = id;
        pk.lead = {kDivisions[k % kDivisions.size()], kDivisions[(k * 7 + 3) % kDivisions.size()]};
        if (pk.lead[0] == pk.lead[1]) pk.lead.pop_back();
        pk.industry = pk.lead[0] + (pk.lead.size() > 1 ? "," + pk.lead[1] : "");
        pk.n_parcels = static_cast<int>(size[k]);
        pk.first_parcel = static_cast<int>(parcels.size());
        pk.cols = cols[k];
        pk.rows = rows[k];
        const double w = cols[k] * cw + 2 * margin + gap, h = rows[k] * ch + 2 * margin + gap;
        if (x > kE0 && x + w > kE0 + shelf_w) {
            x = kE0;
            y += shelf_h;
            shelf_h = 0;
        }
        const double ox = x, oy = y;
        x += w;
        shelf_h = std::max(shelf_h, h);
        pk.gx = ox + margin;
        pk.gy = oy + margin;
        for (int i = 0; i < pk.n_parcels; ++i) {
            const int c = i % pk.cols, r = i / pk.cols;
            const double pw = rng.uniform(120, 185), ph = rng.uniform(100, 145);
            const double x0 = pk.gx + c * cw, y0 = pk.gy + r * ch;
            parcels.push_back({{x0, y0, x0 + pw, y0 + ph}, static_cast<int>(k), {}, 0});
            // The enclave reaches 5 m into the roads around the parcel's east half (roads ≥ 15 m
            // wide), so enclaves never touch each other or the park's outer ring.
            if (rng.chance(kStraddle)) pk.enclaves.push_back({x0 + pw / 2, y0 - 5, x0 + pw + 5, y0 + ph + 5});
        }
        pk.frame = {ox, oy, ox + 2 * margin + pk.cols * cw - (cw - 185), oy + 2 * margin + pk.rows * ch - (ch - 145)};
    }
    const double south = kN0 - 900;
    for (size_t i = 0; i < n_outside; ++i) {
        const double x0 = kE0 + static_cast<double>(i % 500) * cw, y0 = south - static_cast<double>(i / 500) * ch;
        parcels.push_back({{x0, y0, x0 + rng.uniform(120, 185), y0 + rng.uniform(100, 145)}, -1, {}, 0});
    }
    return city;
}

// The hostile city's approvals of park pk (synth --hostile): its parcel grid cut into blocks of 2–4
// columns × 2–3 rows, each block's rectangle through the middle of the roads around it plus a
// 60 m × 60 m square centred on its north-east corner, so each block overlaps its east, north and
// north-east neighbours at that corner (as real batches do) and cuts into their corner parcels;
// about 8 % of the blocks are never approved. Drawn from rng.
std::vector<Ring> hostile_blocks(const ParkPlan& pk, Rng& rng) {
    const double cw = kCellW, ch = kCellH, road = 7.5, tab = 30;
    std::vector<int> cuts_x = {0}, cuts_y = {0};
    while (cuts_x.back() < pk.cols) cuts_x.push_back(std::min(pk.cols, cuts_x.back() + rng.integer(2, 4)));
    while (cuts_y.back() < pk.rows) cuts_y.push_back(std::min(pk.rows, cuts_y.back() + rng.integer(2, 3)));
    std::vector<Ring> out;
    for (size_t j = 0; j + 1 < cuts_y.size(); ++j)
        for (size_t i = 0; i + 1 < cuts_x.size(); ++i) {
            if (rng.chance(0.08)) continue;
            const double X0 = pk.gx + cuts_x[i] * cw - road, X1 = pk.gx + cuts_x[i + 1] * cw - road;
            const double Y0 = pk.gy + cuts_y[j] * ch - road, Y1 = pk.gy + cuts_y[j + 1] * ch - road;
            out.push_back({{X0, Y0}, {X1, Y0}, {X1, Y1 - tab}, {X1 + tab, Y1 - tab}, {X1 + tab, Y1 + tab}, {X1 - tab, Y1 + tab},
                           {X1 - tab, Y1}, {X0, Y1}});
        }
    return out;
}

// Parks (Chinese field names, as bureaus keep them).
void write_parks(GDALDataset& ds, OGRSpatialReference& srs, const std::vector<ParkPlan>& parks) {
    OGRLayer* lp = make_layer(ds, "parks", &srs, wkbMultiPolygon,
                              {{"园区代码", OFTString}, {"园区名称", OFTString}, {"级别", OFTString}, {"主导产业", OFTString}});
    check_ok(ds.StartTransaction() == OGRERR_NONE, "transaction");
    for (const auto& pk : parks) {
        OGRFeature f(lp->GetLayerDefn());
        f.SetField("园区代码", pk.id.c_str());
        f.SetField("园区名称", pk.name.c_str());
        f.SetField("级别", pk.level_zh.c_str());
        f.SetField("主导产业", pk.industry.c_str());
        auto* mp = new OGRMultiPolygon();
        OGRPolygon* main = rect_polygon(pk.straddle ? pk.cut : pk.frame);
        if (pk.hole && pk.hole_rect.x1 > pk.hole_rect.x0) {
            OGRPolygon* h = rect_polygon(pk.hole_rect);
            main->addRing(h->getExteriorRing());
            delete h;
        }
        for (const Rect& e : pk.enclaves) {
            OGRPolygon* h = rect_polygon(e);
            main->addRing(h->getExteriorRing());
            delete h;
        }
        mp->addGeometryDirectly(main);
        if (pk.multi) mp->addGeometryDirectly(rect_polygon(pk.second));
        f.SetGeometryDirectly(mp);
        check_ok(lp->CreateFeature(&f) == OGRERR_NONE, "writing a park");
    }
    check_ok(ds.CommitTransaction() == OGRERR_NONE, "commit");
}

// Zones: the urban core around parks 2–3, the restricted zone over the last park.
void write_zones(GDALDataset& ds, OGRSpatialReference& srs, const std::vector<ParkPlan>& parks) {
    const size_t P = parks.size();
    auto zone = [&](const char* name, const char* zname, const Rect& r) {
        OGRLayer* l = make_layer(ds, name, &srs, wkbMultiPolygon, {{"编号", OFTString}, {"名称", OFTString}});
        OGRFeature f(l->GetLayerDefn());
        f.SetField("编号", "1");
        f.SetField("名称", zname);
        auto* mp = new OGRMultiPolygon();
        mp->addGeometryDirectly(rect_polygon(r));
        f.SetGeometryDirectly(mp);
        check_ok(l->CreateFeature(&f) == OGRERR_NONE, std::string("writing ") + name);
    };
    const Rect& a = parks[std::min<size_t>(3, P - 1)].frame;
    const Rect& b = parks[std::min<size_t>(4, P - 1)].frame;
    zone("urban_core", "主城区", {std::min(a.x0, b.x0) - 100, std::min(a.y0, b.y0) - 100, std::max(a.x1, b.x1) + 100,
                                  std::max(a.y1, b.y1) + 100});
    const Rect& z = parks[P - 1].frame;
    zone("restricted", "生态限制发展区", {z.x0 - 200, z.y0 - 200, z.x1 + 200, z.y1 + 200});
}

// Approvals: each park's first rows plus an unsupplied strip; every third park one more, all
// unsupplied (hostile: the park's blocks of hostile_blocks() and the strip). Returns how many were written.
int write_approvals(GDALDataset& ds, OGRSpatialReference& srs, const City& city, Rng& rng, int year) {
    const std::vector<ParkPlan>& parks = city.parks;
    const size_t P = parks.size();
    const double cw = kCellW, ch = kCellH, margin = kMargin;
    OGRLayer* la = make_layer(ds, "approvals", &srs, wkbMultiPolygon,
                              {{"批准编号", OFTString}, {"批准文号", OFTString}, {"批次名称", OFTString}, {"批准日期", OFTString}});
    check_ok(ds.StartTransaction() == OGRERR_NONE, "transaction");
    int appr_n = 0;
    for (size_t k = 0; k < P; ++k) {
        const auto& pk = parks[k];
        const Rect& fr = pk.frame;
        std::vector<Ring> rings;
        if (city.hostile) rings = hostile_blocks(pk, rng);
        else
            rings.push_back(rect_ring({fr.x0 + margin - 10, fr.y0 + margin - 10, fr.x1 - margin + 10,
                                       std::min(fr.y1, fr.y0 + margin + 2 * ch)}));
        // 80 m strip beside the frame's south edge, approved but never supplied.
        rings.push_back(rect_ring({fr.x0 + margin, fr.y0 - 90, fr.x0 + margin + 2 * cw, fr.y0 - 10}));
        if (k % 3 == 1 && !city.hostile) rings.push_back(rect_ring({fr.x1 + 100, fr.y0, fr.x1 + 100 + 2 * cw, fr.y0 + 2 * ch}));
        for (const auto& r : rings) {
            OGRFeature f(la->GetLayerDefn());
            char id[32], doc[64], batch[96];
            const int y = year - rng.integer(1, 14);
            std::snprintf(id, sizeof id, "PZ%06d", ++appr_n);
            std::snprintf(doc, sizeof doc, "浙政土字〔%d〕%d号", y, rng.integer(10, 480));
            std::snprintf(batch, sizeof batch, "%s%d年度第%d批次城镇建设用地", pk.name.c_str(), y, rng.integer(1, 9));
            f.SetField("批准编号", id);
            f.SetField("批准文号", doc);
            f.SetField("批次名称", batch);
            f.SetField("批准日期", Date::from_ymd(y, rng.integer(1, 12), rng.integer(1, 28)).iso().c_str());
            auto* mp = new OGRMultiPolygon();
            mp->addGeometryDirectly(ring_polygon(r));
            f.SetGeometryDirectly(mp);
            check_ok(la->CreateFeature(&f) == OGRERR_NONE, "writing an approval");
        }
    }
    check_ok(ds.CommitTransaction() == OGRERR_NONE, "commit");
    return appr_n;
}

// Enterprises: runs of 1–3 neighbouring parcels share one; ent_of[i] is parcel i's.
std::vector<Ent> plan_enterprises(Rng& rng, const City& city, std::vector<int>& ent_of) {
    const std::vector<ParkPlan>& parks = city.parks;
    const std::vector<ParcelPlan>& parcels = city.parcels;
    std::vector<Ent> ents;
    ent_of.assign(parcels.size(), -1);
    for (size_t i = 0; i < parcels.size();) {
        const double u = rng.uniform();
        const size_t run = u < 0.7 ? 1 : u < 0.9 ? 2 : 3;
        Ent e;
        e.id = uscc(ents.size() * 7919 + 104729);
        e.name = "温州" + rng.pick(kFirmWords) + rng.pick(kFirmTrades) + (ents.size() % 4 == 0 ? "股份有限公司" : "有限公司");
        const int park = parcels[i].park;
        const auto& lead = park >= 0 ? parks[static_cast<size_t>(park)].lead : kDivisions;
        const std::string div = rng.chance(0.65) ? rng.pick(lead) : rng.pick(kDivisions);
        char ind[8];
        std::snprintf(ind, sizeof ind, "%s%02d", div.c_str(), rng.integer(10, 99));
        e.ind = ind;
        for (size_t j = i; j < std::min(parcels.size(), i + run); ++j) ent_of[j] = static_cast<int>(ents.size());
        ents.push_back(e);
        i += run;
    }
    return ents;
}

// What draw_land_state() decided for a parcel: built (completed), producing, and the FAR and
// coverage its areas are made from.
struct DrawnState {
    bool built = false, producing = false;
    double far = 0, cov = 0;
};

// The land state parcel i is built to show at 31 December of the year (its dates and development
// fields on f), drawn from rng. Parcel 13 is always supplied after the evaluation date, so every
// land state appears.
DrawnState draw_land_state(OGRFeature& f, Rng& rng, Date T, size_t i, double area) {
    // Parcel 13 is always supplied after the evaluation date, so every land state appears.
    const double s = i == 13 ? 0.885 : rng.uniform();
    auto days_before = [&](int lo, int hi) { return Date{T.days - rng.integer(lo, hi)}; };
    auto set_date = [&](const char* fld, Date d) { f.SetField(fld, ds_date(rng, d).c_str()); };
    DrawnState st;
    bool& built = st.built;
    bool& producing = st.producing;
    double& far = st.far;
    double& cov = st.cov;
    if (s < 0.65 || s >= 0.89) {
        // In use (normal or inefficient), or under construction (s ≥ 0.89).
        const bool building = s >= 0.89 && s < 0.95;
        const Date supply = building ? days_before(400, 700) : days_before(2 * 365, 16 * 365);
        set_date("GDSJ", supply);
        const Date due{supply.days + 180};
        set_date("YDKGSJ", due);
        set_date("SJKGSJ", Date{due.days - rng.integer(0, 90)});
        set_date("YDJGSJ", Date{due.days + 730});
        if (!building) {
            set_date("SJJGSJ", Date{due.days + 730 + rng.integer(-60, 120)});
            built = true;
        }
        far = rng.uniform(1.0, 2.4);
        cov = rng.uniform(0.36, 0.62);
        producing = built;
        if (s >= 0.55 && s < 0.65) {  // inefficient: low FAR, low coverage, or built but idle plant
            const double v = rng.uniform();
            if (v < 0.4) far = rng.uniform(0.3, 0.65);
            else if (v < 0.7) cov = rng.uniform(0.12, 0.28);
            else producing = false;
        }
        f.SetField("YKFMJ", built ? std::round(area) : std::round(area * rng.uniform(0.4, 0.9)));
        f.SetField("YWCTZ", std::round(f.GetFieldAsDouble("JHZTZ") * (built ? rng.uniform(0.9, 1.15) : rng.uniform(0.4, 0.8))));
    } else if (s < 0.72) {  // supplied, start not yet due
        const Date supply = days_before(60, 300);
        set_date("GDSJ", supply);
        set_date("YDKGSJ", Date{T.days + rng.integer(30, 330)});
    } else if (s < 0.78) {  // overdue by less than a year
        const Date due = days_before(20, 350);
        set_date("GDSJ", Date{due.days - 180});
        set_date("YDKGSJ", due);
    } else if (s < 0.83) {  // idle, test (a): not started a full year after the due date
        const Date due = days_before(366, 1600);
        set_date("GDSJ", Date{due.days - 180});
        set_date("YDKGSJ", due);
        if (rng.chance(0.25)) f.SetField("ZFYY", "规划调整（政府原因）");
    } else if (s < 0.86) {  // idle, test (b): started, under 1/3 developed, suspended over a year
        const Date due = days_before(3 * 365, 6 * 365);
        set_date("GDSJ", Date{due.days - 180});
        set_date("YDKGSJ", due);
        set_date("SJKGSJ", Date{due.days + 20});
        set_date("TGSJ", days_before(380, 900));
        f.SetField("YKFMJ", std::round(area * rng.uniform(0.1, 0.3)));
        f.SetField("YWCTZ", std::round(f.GetFieldAsDouble("JHZTZ") * rng.uniform(0.05, 0.2)));
    } else if (s < 0.88) {  // no dates recorded
    } else {  // supplied after the evaluation date
        set_date("GDSJ", Date{T.days + rng.integer(10, 200)});
        set_date("YDKGSJ", Date{T.days + rng.integer(200, 400)});
    }
    return st;
}

// Parcels, with pinyin-abbreviation field names as land-registry exports have them; each parcel's
// land state at T is drawn from rng. Adds each parcel's land to its enterprise.
// The county codes of a synthetic province (--province): two per city, cities 3303 (温州), 3304 (嘉兴),
// 3305 (湖州), … so the first 4 characters are the city and the first 6 the county (GB/T 2260 layout).
std::string county_code(size_t k) {
    char buf[48];
    std::snprintf(buf, sizeof buf, "33%02zu%02zu", 3 + k / 2, k % 2 == 0 ? size_t(2) : size_t(3));
    return buf;
}

// The county of each parcel: with `counties` > 0, west-to-east strips by the parcel's centre, the
// lines drawn at the centres' quantiles so each county holds about as many parcels (strips of equal
// width put 95 % of the parcels in the first county, the parks' grid being narrower than the extent
// of the few far parcels); else every parcel in 330302.
std::vector<std::string> parcel_counties(const std::vector<ParcelPlan>& parcels, size_t counties) {
    std::vector<std::string> out(parcels.size(), "330302");
    if (counties == 0 || parcels.empty()) return out;
    std::vector<double> cx(parcels.size());
    for (size_t i = 0; i < parcels.size(); ++i) cx[i] = (parcels[i].r.x0 + parcels[i].r.x1) / 2;
    std::vector<double> sorted = cx;
    std::sort(sorted.begin(), sorted.end());
    std::vector<double> lines;  // the county lines: the centre of the parcel at rank n·k / counties
    for (size_t k = 1; k < counties; ++k) lines.push_back(sorted[sorted.size() * k / counties]);
    for (size_t i = 0; i < parcels.size(); ++i) {
        const auto k = static_cast<size_t>(std::upper_bound(lines.begin(), lines.end(), cx[i]) - lines.begin());
        out[i] = county_code(std::min(k, counties - 1));
    }
    return out;
}

void write_parcels(GDALDataset& ds, OGRSpatialReference& srs, std::vector<ParcelPlan>& parcels, std::vector<Ent>& ents,
                   const std::vector<int>& ent_of, Rng& rng, Date T, size_t counties) {
    OGRLayer* lz = make_layer(
        ds, "parcels", &srs, wkbMultiPolygon,
        {{"ZDDM", OFTString},   {"QYDM", OFTString},   {"TDYT", OFTString},   {"HYDM", OFTString},
         {"ZDMJ", OFTReal},     {"ZJZMJ", OFTReal},    {"GC8MJ", OFTReal},    {"JZJDMJ", OFTReal},
         {"LDMJ", OFTReal},     {"XZBGMJ", OFTReal},   {"GDSJ", OFTString},   {"YDKGSJ", OFTString},
         {"SJKGSJ", OFTString}, {"YDJGSJ", OFTString}, {"SJJGSJ", OFTString}, {"TGSJ", OFTString},
         {"YKFMJ", OFTReal},    {"YKFZMJ", OFTReal},   {"JHZTZ", OFTReal},    {"YWCTZ", OFTReal},
         {"TDJK", OFTReal},     {"ZFYY", OFTString},   {"SFTC", OFTInteger},  {"RJLXX", OFTReal},
         {"RJLSX", OFTReal},    {"JZXSXX", OFTReal},   {"LDLSX", OFTReal},    {"TZQD", OFTReal},
         {"YDMJCZ", OFTReal},   {"YDMJSS", OFTReal}});
    check_ok(ds.StartTransaction() == OGRERR_NONE, "transaction");

    const std::vector<std::string> county = parcel_counties(parcels, counties);
    Progress progress(tr(Msg::PSynth), parcels.size());
    for (size_t i = 0; i < parcels.size(); ++i) {
        ParcelPlan& pp = parcels[i];
        Rect r = pp.r;
        if (i == 5) r.x1 = parcels[i + 1].r.x0 + 20;  // one pair of overlapping parcels (a digitising error)
        const double area = (r.x1 - r.x0) * (r.y1 - r.y0);
        const double mu = area / (10000.0 / 15.0);
        OGRFeature f(lz->GetLayerDefn());
        // 宗地代码: 6 admin + 3 地籍区 + 3 地籍子区 + 2 特征码 + 5 sequence = 19 characters; the
        // sequence carries into the 子区 and 区 digits so ids stay unique up to 10¹¹ parcels.
        auto zddm = [&](size_t n) {
            char buf[32];
            std::snprintf(buf, sizeof buf, "%s%03zu%03zuGB%05zu", county[n].c_str(), (n / 100000000) % 1000, (n / 100000) % 1000,
                          n % 100000);
            return std::string(buf);
        };
        const std::string id = i == 9 ? zddm(i - 1) : zddm(i);  // one duplicated id, as real exports have
        f.SetField("ZDDM", id.c_str());
        pp.id = id;
        Ent& e = ents[static_cast<size_t>(ent_of[i])];
        e.land_m2 += area;
        f.SetField("QYDM", e.id.c_str());
        const double lu = rng.uniform();
        f.SetField("TDYT", lu < 0.9 ? "100101" : lu < 0.95 ? "100102" : lu < 0.98 ? "1101" : lu < 0.99 ? "0701" : "0901");
        f.SetField("HYDM", e.ind.c_str());
        const bool mismatch = rng.chance(0.03);
        f.SetField("ZDMJ", std::round(area * (mismatch ? rng.uniform(1.08, 1.15) : 1.0 + rng.normal() * 0.004) * 100) / 100);
        f.SetField("YKFZMJ", std::round(area));
        f.SetField("TDJK", std::round(mu * rng.uniform(15, 40) * 100) / 100);
        f.SetField("JHZTZ", std::round(mu * rng.uniform(150, 260)));
        f.SetField("RJLXX", rng.chance(0.7) ? 1.0 : 0.8);
        f.SetField("RJLSX", rng.chance(0.5) ? 2.5 : 3.0);
        f.SetField("JZXSXX", 0.30);
        f.SetField("LDLSX", 0.20);
        const bool recent = rng.chance(0.5);
        if (recent) {
            f.SetField("TZQD", 250.0);
            f.SetField("YDMJCZ", 200.0);
            f.SetField("YDMJSS", 10.0);
        }
        // The land state this parcel is built to show at 31 December of the year.
        const DrawnState st = draw_land_state(f, rng, T, i, area);
        const bool built = st.built, producing = st.producing;
        const double far = st.far, cov = st.cov;
        if (i == 11) f.SetField("YDKGSJ", "2021-02-30");  // one impossible date in the export
        if (built) {
            pp.floor_m2 = std::round(area * far);
            f.SetField("ZJZMJ", std::round(area * far));
            f.SetField("GC8MJ", std::round(area * far * rng.uniform(0, 0.15)));
            f.SetField("JZJDMJ", std::round(area * cov));
            f.SetField("LDMJ", std::round(area * rng.uniform(0.05, 0.18)));
            f.SetField("XZBGMJ", std::round(area * rng.uniform(0.02, 0.08)));
        }
        f.SetField("SFTC", producing ? 1 : 0);
        e.producing = e.producing || producing;
        auto* mp = new OGRMultiPolygon();
        mp->addGeometryDirectly(rect_polygon(r));
        f.SetGeometryDirectly(mp);
        check_ok(lz->CreateFeature(&f) == OGRERR_NONE, "writing a parcel");
        if ((i & 65535) == 0) progress.update(i);
    }
    check_ok(ds.CommitTransaction() == OGRERR_NONE, "commit");
    progress.done();
}

// A tenant enterprise of the standard factories (租赁企业, issue 17): its row of the enterprises table.
struct Tenant {
    std::string id, name;
    double tax = 0, elec = 0, output = 0;
};

// What write_enterprises() wrote for an enterprise with parcels, for choosing the corrections.
struct EntRow {
    std::string id;
    double mu = 0, tax = 0, elec = 0;
    bool below = false, graded = false;  // 规下; not exempt, not forced D, producing, ≥ 5 mu
};

// Enterprises table (CSV with Chinese headers and a BOM, as Excel saves it), the tenants' rows last.
// Returns its row count; `rows` gets what was written for the enterprises with parcels.
size_t write_enterprises(GDALDriver& csv, const fs::path& path, const std::vector<Ent>& ents, Rng& rng, int year,
                         const std::vector<Tenant>& tenants, std::vector<EntRow>& rows) {
    GDALDatasetUniquePtr cds(csv.Create(path.string().c_str(), 0, 0, 0, GDT_Unknown, nullptr));
    check_ok(cds != nullptr, "creating enterprises.csv");
    const char* lco[] = {"WRITE_BOM=YES", nullptr};
    OGRLayer* le = cds->CreateLayer("enterprises", nullptr, wkbNone, const_cast<char**>(lco));
    check_ok(le != nullptr, "creating the enterprises table");
    const char* cols[] = {"统一社会信用代码", "年度", "企业名称", "规模", "行业代码", "工业总产值", "实缴税金", "工业增加值",
                          "累计固定资产投资", "主营业务收入", "综合能耗", "主要污染物排放量", "研发经费", "从业人员",
                          "用电量", "是否租赁", "成立年份", "不参评原因", "直接评D原因"};
    for (const char* c : cols) {
        OGRFieldDefn fd(c, OFTString);
        check_ok(le->CreateField(&fd) == OGRERR_NONE, std::string("creating column ") + c);
    }
    auto num = [](double v, int dec) {
        char buf[64];
        std::snprintf(buf, sizeof buf, "%.*f", dec, v);
        return std::string(buf);
    };
    size_t n_rows = 0;
    for (size_t k = 0; k < ents.size() + 2; ++k) {
        const bool orphan = k >= ents.size();  // two rows whose enterprise has no parcel
        Ent e = orphan ? Ent{uscc(999000 + k), "温州" + rng.pick(kFirmWords) + "贸易有限公司", "5191", 20000, true} : ents[k];
        if (!orphan && k % 37 == 36) continue;  // a few enterprises missing from the statistics
        const double mu = e.land_m2 / (10000.0 / 15.0);
        const double q = std::exp(0.55 * rng.normal());
        const double output = e.producing ? mu * 300 * q * rng.uniform(0.7, 1.3) : 0;
        const double tax = e.producing ? mu * 14 * q * rng.uniform(0.6, 1.4) : 0;
        const double va = output * rng.uniform(0.18, 0.3);
        OGRFeature f(le->GetLayerDefn());
        f.SetField(0, e.id.c_str());
        f.SetField(1, std::to_string(year).c_str());
        f.SetField(2, e.name.c_str());
        f.SetField(3, output >= 2000 ? "规上" : "规下");
        f.SetField(4, e.ind.c_str());
        f.SetField(5, num(output, 1).c_str());
        f.SetField(6, num(tax, 2).c_str());
        f.SetField(7, num(va, 1).c_str());
        f.SetField(8, num(mu * rng.uniform(180, 320), 1).c_str());
        f.SetField(9, num(output * rng.uniform(0.95, 1.1), 1).c_str());
        if (e.producing) {
            f.SetField(10, num(va / rng.uniform(1.2, 4.0), 1).c_str());
            if (!rng.chance(0.1)) f.SetField(11, num(va / rng.uniform(2000, 8000), 3).c_str());
            f.SetField(12, num(output * rng.uniform(0.005, 0.05), 1).c_str());
            f.SetField(13, std::to_string(static_cast<int>(mu * rng.uniform(1, 4)) + 5).c_str());
            f.SetField(14, num(tax / rng.uniform(0.12, 0.4), 1).c_str());
        }
        f.SetField(15, rng.chance(0.05) ? "1" : "0");
        f.SetField(16, std::to_string(year - rng.integer(1, 25)).c_str());
        if (k % 53 == 7) f.SetField(17, "公用事业企业");
        else if (!e.producing) f.SetField(17, "在建项目，不参评");
        if (k % 97 == 11) f.SetField(18, "发生较大安全生产事故");
        check_ok(le->CreateFeature(&f) == OGRERR_NONE, "writing an enterprise row");
        ++n_rows;
        if (!orphan)
            rows.push_back({e.id, mu, std::stod(num(tax, 2)), e.producing ? std::stod(f.GetFieldAsString(14)) : 0.0, output < 2000,
                            e.producing && k % 53 != 7 && k % 97 != 11 && mu >= 5});
    }
    for (const Tenant& t : tenants) {
        OGRFeature f(le->GetLayerDefn());
        f.SetField(0, t.id.c_str());
        f.SetField(1, std::to_string(year).c_str());
        f.SetField(2, t.name.c_str());
        f.SetField(3, "规下");
        f.SetField(5, num(t.output, 1).c_str());
        f.SetField(6, num(t.tax, 2).c_str());
        f.SetField(14, num(t.elec, 1).c_str());
        f.SetField(15, "1");
        check_ok(le->CreateFeature(&f) == OGRERR_NONE, "writing a tenant's row");
        ++n_rows;
    }
    CPLErrorReset();
    GDALClose(GDALDataset::ToHandle(cds.release()));
    check_ok(CPLGetLastErrorType() < CE_Failure, "closing enterprises.csv");
    return n_rows;
}

// The development-zone check's layers (issue 18), drawn from the parks and parcels without drawing
// from the random stream, so every other layer stays as it was. Field names as the control-line and
// 三调 databases have them (BSM, DLBM, DLMC, TBMJ, YDYHFLDM).
void write_devzone_layers(GDALDataset& ds, OGRSpatialReference& srs, const City& city) {
    using Rows = std::vector<std::pair<std::vector<std::string>, Rect>>;
    auto rect_layer = [&](const char* name, const std::vector<std::pair<const char*, OGRFieldType>>& fields, const Rows& rows) {
        OGRLayer* l = make_layer(ds, name, &srs, wkbMultiPolygon, fields);
        check_ok(ds.StartTransaction() == OGRERR_NONE, "transaction");
        for (const auto& [values, r] : rows) {
            OGRFeature f(l->GetLayerDefn());
            for (size_t c = 0; c < fields.size() && c < values.size(); ++c) f.SetField(static_cast<int>(c), values[c].c_str());
            auto* mp = new OGRMultiPolygon();
            mp->addGeometryDirectly(rect_polygon(r));
            f.SetGeometryDirectly(mp);
            check_ok(l->CreateFeature(&f) == OGRERR_NONE, std::string("writing ") + name);
        }
        check_ok(ds.CommitTransaction() == OGRERR_NONE, "commit");
    };
    const auto& parks = city.parks;
    const size_t P = parks.size();
    if (P == 0) return;
    Rows dev, farm, eco, lu, plan;
    for (size_t k = 0; k < P; ++k) {
        const Rect& fr = parks[k].frame;
        const std::string n = std::to_string(k + 1);
        // The boundary holds every park but the second, which lies 30 % outside it.
        Rect d{fr.x0 - 50, fr.y0 - 50, fr.x1 + 50, fr.y1 + 250};
        if (k == 1 % P) d.x1 = fr.x0 + 0.7 * (fr.x1 - fr.x0);
        dev.push_back({{"CZKFBJ" + n, "城镇开发边界"}, d});
        // Planned use: the western 60 % industrial, the rest residential.
        const double xm = fr.x0 + 0.6 * (fr.x1 - fr.x0);
        plan.push_back({{"GH" + n + "A", "1001", "工业用地"}, {fr.x0, fr.y0, xm, fr.y1 + 250}});
        plan.push_back({{"GH" + n + "B", "0701", "城镇住宅用地"}, {xm, fr.y0, fr.x1, fr.y1 + 250}});
    }
    // Farmland: two overlapping strips along the second park's east edge (outside the boundary).
    const Rect& f2 = parks[1 % P].frame;
    farm.push_back({{"JBNT1", "永久基本农田"}, {f2.x1 - 60, f2.y0, f2.x1 + 200, f2.y0 + 150}});
    farm.push_back({{"JBNT2", "永久基本农田"}, {f2.x1 - 30, f2.y0 + 50, f2.x1 + 100, f2.y0 + 300}});
    // The red line along the last park's south edge (its restricted zone).
    const Rect& last = parks[P - 1].frame;
    eco.push_back({{"STHX1", "生态保护红线"}, {last.x0 - 150, last.y0 - 150, last.x1 + 150, last.y0 + 100}});
    // 三调: one polygon per parcel as planned; every 17th in use as shops, every 23rd as housing (挪作他用).
    for (size_t i = 0; i < city.parcels.size(); ++i) {
        const bool shops = i % 17 == 3, homes = i % 23 == 7;
        const Rect& r = city.parcels[i].r;
        char tb[32], mj[32];
        std::snprintf(tb, sizeof tb, "DLTB%07zu", i + 1);
        std::snprintf(mj, sizeof mj, "%.2f", (r.x1 - r.x0) * (r.y1 - r.y0));
        lu.push_back({{tb, shops ? "05H1" : homes ? "0701" : "0601", shops ? "商业服务业设施用地" : homes ? "城镇住宅用地" : "工业用地", mj}, r});
    }
    rect_layer("dev_boundary", {{"BSM", OFTString}, {"MC", OFTString}}, dev);
    rect_layer("farmland", {{"BSM", OFTString}, {"MC", OFTString}}, farm);
    rect_layer("eco_redline", {{"BSM", OFTString}, {"MC", OFTString}}, eco);
    rect_layer("landuse", {{"TBBH", OFTString}, {"DLBM", OFTString}, {"DLMC", OFTString}, {"TBMJ", OFTReal}}, lu);
    rect_layer("plan", {{"BSM", OFTString}, {"YDYHFLDM", OFTString}, {"YDYHFLMC", OFTString}}, plan);
}

// Tenants of the standard factories (租赁企业) and their leases (issue 17): up to three built parcels
// (every 7th from the fourth) each leased in part to a tenant, the last one beyond its floor area (a
// lease_over_floor finding). Drawn from their own random stream, so every other layer stays as it was.
std::vector<Tenant> plan_tenants(const City& city, uint64_t seed, int year, const fs::path& leases_csv) {
    Rng rng(seed, 0x7e4a47ull);
    std::vector<Tenant> out;
    std::ofstream csv(leases_csv);
    csv << "\xEF\xBB\xBF租赁编号,承租企业代码,宗地代码,租赁建筑面积,起租日期,到期日期\n";
    const double shares[] = {0.25, 0.4, 1.2};  // the third leases more than the building holds
    for (size_t i = 3; i < city.parcels.size() && out.size() < std::size(shares); i += 7) {
        const ParcelPlan& p = city.parcels[i];
        if (p.floor_m2 <= 0 || i == 5 || i == 6 || i == 8 || i == 9) continue;  // not built, overlapping or duplicated ids
        const size_t k = out.size();
        Tenant t;
        t.id = uscc(888000 + k);
        t.name = "温州" + rng.pick(kFirmWords) + rng.pick(kFirmTrades) + "科技有限公司";
        const double land_mu = (p.r.x1 - p.r.x0) * (p.r.y1 - p.r.y0) * std::min(1.0, shares[k]) / (10000.0 / 15.0);
        t.tax = std::round(land_mu * rng.uniform(6, 20) * 100) / 100;
        t.elec = std::round(t.tax / rng.uniform(0.12, 0.4) * 10) / 10;
        t.output = std::round(t.tax * rng.uniform(15, 30) * 10) / 10;
        csv << "ZL" << year << "-" << (k + 1) << "," << t.id << "," << p.id << "," << std::round(p.floor_m2 * shares[k]) << ","
            << (year - 2) << "-01-01," << (year + 3) << "-12-31\n";
        out.push_back(std::move(t));
    }
    check_ok(static_cast<bool>(csv), "writing leases.csv");
    return out;
}

// The outcome of the objections after the public notice (异议更正, issue 17): the graded 规下 enterprise
// with the lowest per-mu tax proves a tax eight times what the statistics said (a correction that moves
// its grade), and the graded enterprise with the highest per-mu tax (规上 or 规下) is set to B by hand
// (an override). Chosen from the rows as written, without drawing random numbers.
void write_corrections(const fs::path& path, const std::vector<EntRow>& rows, int year) {
    const EntRow* low = nullptr;
    const EntRow* high = nullptr;
    for (const EntRow& r : rows) {
        if (!r.graded || r.tax <= 0 || r.elec <= 0) continue;
        if (r.below && (!low || r.tax / r.mu < low->tax / low->mu)) low = &r;
        if (!high || r.tax / r.mu > high->tax / high->mu) high = &r;
    }
    std::ofstream csv(path);
    csv << "\xEF\xBB\xBF更正编号,企业代码,宗地代码,更正字段,更正后数值,更正理由,文号\n";
    char tax[64];
    if (low) {
        std::snprintf(tax, sizeof tax, "%.2f", low->tax * 8);
        csv << "YY" << year << "-1," << low->id << ",,实缴税金," << tax << ",企业提交税务部门出具的年度完税证明,亩均办〔" << (year + 1)
            << "〕1号\n";
    }
    if (high && high != low)
        csv << "YY" << year << "-2," << high->id << ",,等级,B,新增产能尚未释放，经联审会议调整,亩均办〔" << (year + 1) << "〕2号\n";
    check_ok(static_cast<bool>(csv), "writing corrections.csv");
}

void write_config(const fs::path& path, size_t N, uint64_t seed, int year, bool hostile, size_t counties) {
    std::ofstream toml(path);
    toml << "# A synthetic " << (counties ? "province" : "city") << " made by `landeff synth --parcels " << N << " --seed " << seed
         << (hostile ? " --hostile" : "") << (counties ? " --province" : "") << "`.\n"
         << "# Field names are Chinese (parks, enterprises) and pinyin initials (parcels): landeff\n"
         << "# resolves them through its built-in aliases, so no [fields.*] mapping is needed.\n"
         << "year = " << year << "\n"
         << "crs = \"EPSG:4549\"   # CGCS2000 / 3-degree Gauss-Kruger CM 120E\n\n"
         << "[inputs.parks]\npath = \"city.gpkg\"\nlayer = \"parks\"\n\n"
         << "[inputs.parcels]\npath = \"city.gpkg\"\nlayer = \"parcels\"\n\n"
         << "[inputs.approvals]\npath = \"city.gpkg\"\nlayer = \"approvals\"\n\n"
         << "[inputs.enterprises]\npath = \"enterprises.csv\"\n\n"
         << "[inputs.urban_core]\npath = \"city.gpkg\"\nlayer = \"urban_core\"\n\n"
         << "[inputs.restricted]\npath = \"city.gpkg\"\nlayer = \"restricted\"\n\n"
         << "# The development-zone integration check (开发区整合优化核查)\n"
         << "[inputs.dev_boundary]\npath = \"city.gpkg\"\nlayer = \"dev_boundary\"\n\n"
         << "[inputs.farmland]\npath = \"city.gpkg\"\nlayer = \"farmland\"\n\n"
         << "[inputs.eco_redline]\npath = \"city.gpkg\"\nlayer = \"eco_redline\"\n\n"
         << "[inputs.landuse]\npath = \"city.gpkg\"\nlayer = \"landuse\"\n\n"
         << "[inputs.plan]\npath = \"city.gpkg\"\nlayer = \"plan\"\n\n"
         << "# Tenants of the standard factories and the objections' corrections (issue 17)\n"
         << "[inputs.leases]\npath = \"leases.csv\"\n\n"
         << "[inputs.corrections]\npath = \"corrections.csv\"\n";
    if (counties)
        toml << "\n# " << counties << " counties (the first 6 characters of 宗地代码 ZDDM) in " << (counties + 1) / 2
             << " cities (the first 4): each county ranks its own lists, so a run splits by county without changing a figure.\n"
             << "[grading]\npopulation = \"county\"\n\n[partition]\nby = \"county\"\n\n"
             << "# Two medians made local for a run split by county (run --partition, rules.md §10): tax_low's region\n"
             << "# median per county, and a fixed per-mu tax for platform rule 4 (the median over all platforms is\n"
             << "# not known to one county).\n"
             << "[states]\ntax_low_region = \"county\"\n\n[platform]\ntax_benchmark = 20\n";
    check_ok(static_cast<bool>(toml), "writing landeff.toml");
    toml.close();
}

}  // namespace

SynthSummary synthesize(const SynthOptions& opt) {
    if (opt.parcels < 20) throw ConfigError(Msg::ESynthMinParcels, {});
    Rng rng(opt.seed, 0x1234567ull);
    const Date T = Date::from_ymd(opt.year, 12, 31);
    const size_t N = opt.parcels;
    if (opt.parks != 0 && opt.parks * 4 > N) throw ConfigError(Msg::ESynthParks, {});
    const size_t P = opt.parks != 0 ? opt.parks : std::clamp<size_t>(N / 80, 6, 50000);
    City city = opt.hostile ? plan_hostile_city(rng, N, P) : plan_city(rng, N, P);

    StagedOutput staged(opt.out, opt.overwrite, {});
    GDALDriver* gpkg = GetGDALDriverManager()->GetDriverByName("GPKG");
    GDALDriver* csv = GetGDALDriverManager()->GetDriverByName("CSV");
    check_ok(gpkg && csv, "GDAL drivers GPKG and CSV");
    OGRSpatialReference srs;
    srs.importFromEPSG(4549);
    srs.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    CPLSetThreadLocalConfigOption("OGR_CURRENT_DATE", (T.iso() + "T00:00:00.000Z").c_str());
    GDALDatasetUniquePtr ds(gpkg->Create((staged.dir() / "city.gpkg").string().c_str(), 0, 0, 0, GDT_Unknown, nullptr));
    check_ok(ds != nullptr, "creating city.gpkg");
    write_parks(*ds, srs, city.parks);
    write_zones(*ds, srs, city.parks);
    const int appr_n = write_approvals(*ds, srs, city, rng, opt.year);
    std::vector<int> ent_of;
    std::vector<Ent> ents = plan_enterprises(rng, city, ent_of);
    write_parcels(*ds, srs, city.parcels, ents, ent_of, rng, T, opt.counties);
    write_devzone_layers(*ds, srs, city);
    CPLErrorReset();
    GDALClose(GDALDataset::ToHandle(ds.release()));
    check_ok(CPLGetLastErrorType() < CE_Failure, "closing city.gpkg");
    CPLSetThreadLocalConfigOption("OGR_CURRENT_DATE", nullptr);

    const std::vector<Tenant> tenants = plan_tenants(city, opt.seed, opt.year, staged.dir() / "leases.csv");
    std::vector<EntRow> rows;
    const size_t n_rows = write_enterprises(*csv, staged.dir() / "enterprises.csv", ents, rng, opt.year, tenants, rows);
    write_corrections(staged.dir() / "corrections.csv", rows, opt.year);
    write_config(staged.dir() / "landeff.toml", N, opt.seed, opt.year, opt.hostile, opt.counties);
    staged.commit();
    return SynthSummary{P, city.parcels.size(), static_cast<size_t>(appr_n), n_rows};
}

}  // namespace landeff
