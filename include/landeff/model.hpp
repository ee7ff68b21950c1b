#pragma once
// The typed results that flow between stages: read → overlay → measure → assess → write.
#include <bitset>
#include <cstdint>
#include <limits>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "landeff/worklist.hpp"
#include "landeff/config.hpp"
#include "landeff/crs.hpp"
#include "landeff/notes.hpp"
#include "landeff/source.hpp"

namespace landeff {

struct GradingRules;  // params.hpp

inline constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
inline constexpr double kM2PerMu = 10000.0 / 15.0;  // 1 亩 = 10000/15 m² (rules.md §1, a definition)

// One correction applied to the inputs (异议更正, issue 17, corrections.hpp): the row it changed and
// the value before and after, as text (numbers with up to 15 significant digits, dates YYYY-MM-DD).
struct AppliedCorrection {
    std::string corr_id, layer, target, field, before, after, reason, doc;  // layer: enterprises | parcels
};
// A manual grade override asked for by the corrections table (field `grade`), applied after grading.
struct OverrideRequest {
    uint32_t row = 0;  // index into Dataset::corrections.features
    std::string ent_id;
    char grade = 0;    // A B C D
};
// An override applied: the enterprise's grade before (as graded) and after.
struct AppliedOverride {
    std::string corr_id, ent_id, reason, doc;
    char before = 0, after = 0;
};
struct LanduseSums;  // devzone.hpp
struct FirstPass;    // partition.hpp: a second pass's grades from the first (issue 21)

struct Dataset {
    Config cfg;
    WorkingCrs crs;
    LayerData parks, parcels, approvals, enterprises, urban_core, restricted, leases;
    LayerData dev_boundary, farmland, eco_redline, landuse, plan;  // the development-zone check (issue 18)
    LayerData corrections;                                         // 异议更正 (issue 17), applied by apply_corrections()
    std::vector<AppliedCorrection> corrected;                      // what apply_corrections() changed, in table order
    std::vector<OverrideRequest> override_requests;                // field `grade` rows, for apply_overrides()
    // The 三调 layer is streamed (stream_landuse): `landuse` keeps no features, these its sums.
    std::shared_ptr<const LanduseSums> landuse_sums;
    // A partitioned run (rules.md §10): the enterprises of the enterprises table whose parcels it did
    // not read (they are owned where their land is, not by the first partition), sorted.
    std::vector<std::string> ents_elsewhere;
    // Per park: all its parcels were read (the park ring), and (the first partition) no parcel meets it.
    std::vector<char> parks_read, parks_empty;
    // The second pass of a two-pass partitioned run: the other partitions' grades and tax_low medians.
    std::shared_ptr<const FirstPass> first_pass;
    const LayerData& layer(LayerKind k) const;
};

struct ParkShare {
    uint32_t park;   // index into Dataset::parks.features
    double area_m2;  // area of the parcel inside that park
};

// The parks a parcel lies in, in the order overlay_parks found them (issue 20): almost every parcel
// lies in one park, held inside the 16 bytes; two or more go to one block of their own. A vector
// was 24 bytes and a 16-byte block for each of millions of parcels. Read like a vector of
// ParkShare (size, empty, [i], range-for), but its elements are values, not references.
class ParkShares {
public:
    ParkShares() = default;
    ParkShares(const ParkShares& o) { copy_from(o); }
    ParkShares(ParkShares&& o) noexcept : m_n(o.m_n), m_park(o.m_park) {
        if (m_n > 1) m_many = o.m_many; else m_area = o.m_area;
        o.m_n = 0;
        o.m_area = 0;  // with m_n <= 1, m_area is the union's member in use
    }
    ParkShares& operator=(const ParkShares& o) {
        if (this != &o) {
            release();
            copy_from(o);
        }
        return *this;
    }
    ParkShares& operator=(ParkShares&& o) noexcept {
        if (this != &o) {
            release();
            m_n = o.m_n;
            m_park = o.m_park;
            if (m_n > 1) m_many = o.m_many; else m_area = o.m_area;
            o.m_n = 0;
            o.m_area = 0;
        }
        return *this;
    }
    ~ParkShares() { release(); }

    size_t size() const { return m_n; }
    bool empty() const { return m_n == 0; }
    ParkShare operator[](size_t i) const { return m_n == 1 ? ParkShare{m_park, m_area} : m_many[i]; }
    void push_back(ParkShare s);

    class const_iterator {
    public:
        using value_type = ParkShare;
        using difference_type = std::ptrdiff_t;
        const_iterator(const ParkShares* c, size_t i) : m_c(c), m_i(i) {}
        ParkShare operator*() const { return (*m_c)[m_i]; }
        const_iterator& operator++() { ++m_i; return *this; }
        bool operator==(const const_iterator& o) const { return m_i == o.m_i; }
        bool operator!=(const const_iterator& o) const { return m_i != o.m_i; }
    private:
        const ParkShares* m_c;
        size_t m_i;
    };
    const_iterator begin() const { return {this, 0}; }
    const_iterator end() const { return {this, m_n}; }

private:
    void release() {
        if (m_n > 1) delete[] m_many;
        m_n = 0;
        m_area = 0;
    }
    void copy_from(const ParkShares& o);  // into an empty list
    uint32_t m_n = 0;
    uint32_t m_park = 0;  // the one park (m_n == 1)
    union {
        double m_area = 0;     // its area (m_n == 1)
        ParkShare* m_many;     // m_n elements (m_n > 1)
    };
};
static_assert(sizeof(ParkShares) == 16);

// A short list of indices (an enterprise's parcels, issue 20): up to three held inside the 16 bytes,
// more in one block of their own; contiguous either way, read like a vector<uint32_t>.
class SmallIds {
public:
    SmallIds() = default;
    SmallIds(const SmallIds& o) { copy_from(o); }
    SmallIds(SmallIds&& o) noexcept { steal(o); }
    SmallIds& operator=(const SmallIds& o) {
        if (this != &o) {
            release();
            copy_from(o);
        }
        return *this;
    }
    SmallIds& operator=(SmallIds&& o) noexcept {
        if (this != &o) {
            release();
            steal(o);
        }
        return *this;
    }
    ~SmallIds() { release(); }

    size_t size() const { return m_n; }
    bool empty() const { return m_n == 0; }
    const uint32_t* begin() const { return m_n > kInline ? m_heap.many : m_in; }
    const uint32_t* end() const { return begin() + m_n; }
    uint32_t operator[](size_t i) const { return begin()[i]; }
    void push_back(uint32_t v);

private:
    static constexpr uint32_t kInline = 3;
    void release() {
        if (m_n > kInline) delete[] m_heap.many;
        m_n = 0;
    }
    void copy_from(const SmallIds& o);  // into an empty list
    void steal(SmallIds& o) {
        m_n = o.m_n;
        if (m_n > kInline) {
            m_heap = o.m_heap;
        } else {
            for (uint32_t k = 0; k < m_n; ++k) m_in[k] = o.m_in[k];
        }
        o.m_n = 0;
    }
    uint32_t m_n = 0;
    union {
        uint32_t m_in[kInline];  // m_n <= 3
        struct {
            uint32_t capacity;   // of `many`: 8 at first, doubled as it fills (a copy's is its size)
            uint32_t* many;
        } __attribute__((packed)) m_heap;  // m_n > 3
    };
};
static_assert(sizeof(SmallIds) == 16);

// The primary land state of a parcel at the evaluation date (rules.md §4, README).
enum class LandState : uint8_t { NotSupplied, UnusedDue, Overdue, DoneOverdue, Idle, IdleGov, Inefficient, Normal, NoData };
const char* state_name(LandState s);  // not_supplied, unused_due, overdue, done_overdue, idle, idle_gov, …
inline constexpr size_t kLandStates = 9;

// Where a parcel's money figures came from (ParcelResult::money_from).
enum class MoneyFrom : uint8_t { None, Enterprise, Parcel };
inline const char* money_from_name(MoneyFrom m) {  // the column's codes: "", enterprise, parcel
    return m == MoneyFrom::Enterprise ? "enterprise" : m == MoneyFrom::Parcel ? "parcel" : "";
}

// The fields are ordered by size (eight-byte figures and lists, then four-byte codes, then one- and
// two-byte flags), not by topic, so the struct has no padding, and every code is as narrow as its
// values: a province holds millions (issue 20; 272 → 240 → 200 bytes). The comment on each says
// what it belongs to.
struct ParcelResult {
    double area_m2 = kNaN;         // measured area (m²), NaN without geometry
    double inside_m2 = 0;          // area inside the union of parks
    // Money for the parcel (万元): the enterprise's spread by area, else the parcel's own.
    double output = kNaN, tax = kNaN, value_add = kNaN, invest = kNaN;
    double mu_output = kNaN, mu_tax = kNaN, mu_va = kNaN, inv_int = kNaN, far = kNaN, coverage = kNaN;
    double green_rt = kNaN, admin_rt = kNaN;
    // Land state (issue 4); `state`, `idle_yrs`, `recover` and `state_set` below.
    double idle_fee = kNaN;               // 万元
    // Industrial land diverted to other uses (挪作他用, issue 18): share of the parcel under other-use
    // 三调 codes, the survey polygons as evidence, and the flag `diverted` below.
    double div_share = kNaN;
    ParkShares parks;              // parks it lies in, by park index
    NoteList nulls;                // "mu_tax: no tax figure" — why an indicator is null
    // Compliance with the control indicators and the parcel's own contract (issue 3 §6); `compliant` below.
    NoteList violations;           // "far_min(cn-2008): 0.38 vs 1" (name(source): value vs threshold)
    NoteList tests;                // land state: the tests that fired: "name: value vs threshold"
    NoteList div_evidence;
    // The checks that could be evaluated, "; "-joined: the Analysis's texts' NUL-terminated copy.
    const char* checked = "";
    int32_t main_park = -1;        // park holding the largest part
    int16_t idle_yrs = -1;         // full years idle, -1 when not idle
    int8_t compliant = -1;         // 1 all checks passed, 0 one failed, -1 nothing checkable
    int8_t recover = -1;           // 1 candidate for recovery without compensation, 0 not, -1 n/a
    LandState state = LandState::NoData;
    bool state_set = false;
    char grade = 0;                // the owning enterprise's grade (0 = no enterprise)
    int8_t diverted = -1;          // 1 diverted, 0 not, -1 not checked
    MoneyFrom money_from = MoneyFrom::None;
    // inside_m2 / area_m2 (NaN without area)
    double share() const { return area_m2 > 0 ? inside_m2 / area_m2 : kNaN; }
};
static_assert(sizeof(ParcelResult) <= 200, "ParcelResult has padding again: order its fields by size");

// One approval's land not covered by supplied parcels (批而未供).
struct Unsupplied {
    uint32_t approval = 0;   // index into Dataset::approvals.features
    Shape geom;              // MultiPolygon (pieces ≥ the sliver tolerance), may be null when all supplied;
                             // packed as soon as it is made (assess_unsupplied, issue 20)
    double area_m2 = 0;
    double approval_m2 = 0;  // the approval's own area
    int32_t park = -1;       // park with the largest share
    int age_yrs = -1;        // full years since approval at T, -1 without a date
    double own_unsup_m2 = 0; // its unsupplied land not in an approval of lower index (the region's disjoint cut)
};

// The development-zone integration check of one park (issue 18, rules.md §9). Areas in m²; NaN =
// not computed (its input layer not configured, or a zero denominator).
struct DevzoneFigures {
    double dev_in_m2 = kNaN, dev_out_m2 = kNaN, dev_out_rt = kNaN;  // inside / outside 城镇开发边界
    double farm_m2 = kNaN, eco_m2 = kNaN;                           // on 永久基本农田 / 生态保护红线 (overlaps once)
    double farm_rt = kNaN;                                          // farm_m2 / the park's area
    double cur_con = kNaN, cur_ind = kNaN, cur_min = kNaN, cur_sto = kNaN, cur_ind_rt = kNaN;  // 三调
    double pln_con = kNaN, pln_ind = kNaN, pln_ind_rt = kNaN;                                  // plan
    double unsup_rt = kNaN, idle_rt = kNaN;      // 批而未供 / approved; idle / supplied
    double sup_n_m2 = kNaN, sup_mean = kNaN;     // supplied in the N years ending at T; ÷ N (m²/year)
    double proof_m2 = kNaN, sup_yrs = kNaN;      // land with proof of use; supply years remaining
    double ind_m2 = 0, below_m2 = 0, below_rt = kNaN, quota_adj = kNaN;  // quota suggestion
    std::string quota_why, sup_why;
};

struct ParkResult {
    double area_m2 = kNaN;  // the park polygon's own area
    double land_m2 = 0;     // parcel land inside the park, supplied at T (a parcel supplied after T is nobody's land yet)
    double later_m2 = 0;    // parcel land inside the park supplied after T: in no land, money or floor sum
    double output = 0, tax = 0, value_add = 0, invest = 0, floor_m2 = 0, footprint_m2 = 0;
    size_t n_parcels = 0;        // parcels inside, supplied at T or not
    size_t n_later = 0;          // of which supplied after T
    size_t n_missing_money = 0;  // parcels inside supplied at T with no money figures (counted as zero)
    // Parcels inside supplied at T with a floor-area, footprint or investment figure: with none,
    // the park's FAR, coverage or investment intensity is null (no figure), not 0.
    size_t n_floor = 0, n_footprint = 0, n_invest = 0;
    // Likewise with an output, tax or value-added figure: with none, the park's mu_output, mu_tax or
    // mu_va is null (no figure), not 0 (a park whose parcels report tax but no output).
    size_t n_output = 0, n_tax = 0, n_va = 0;
    double appr_m2 = kNaN, unsup_m2 = kNaN, supply_rt = kNaN;  // 批 and 批而未供 inside the park
    double idle_m2 = 0, ineff_m2 = 0;                           // idle and inefficient land inside
    size_t n_state[kLandStates] = {};                            // parcels (main park) by state
    // TD/T 1029 (issue 5): land classes (m²), indicators, zone type and score.
    double cls_A = 0, cls_A1 = 0, cls_A2 = 0, cls_B21 = 0, cls_D = 0, cls_G = 0;
    double tdt[11];                                              // indicators in kTdtIndicators order
    std::string zone_type;                                       // industry-led | integrated
    double score = kNaN;
    std::string score_why;
    // Platform classification (issue 5).
    std::string category, role = "none", host_id;
    std::vector<std::string> class_why;
    double lead_share = kNaN, restricted_share = kNaN, urban_share = kNaN, idle_share = kNaN, unsup_share = kNaN;
    std::string land_ratio;                                      // industrial : residential : public service
    ParkResult() { for (double& v : tdt) v = kNaN; }
    double mu_output = kNaN, mu_tax = kNaN, mu_va = kNaN, inv_int = kNaN, far = kNaN, coverage = kNaN;
    NoteList reasons;
    DevzoneFigures dz;  // the development-zone check (issue 18)
};

// The development-zone check of a platform of several parks (parks sharing their `platform` field,
// as classify_platforms groups them; issue 18): measured on the union of its parks, so land where
// its parks overlap counts once. `f` is a synthetic park record (park_id = the platform's id, name
// listing its parks, the union as geometry) and `p` its figures (area, land, approved, 批而未供,
// idle and `dz`), so the park columns read it like a park's row.
struct PlatformFigures {
    std::string id;
    std::vector<uint32_t> parks;  // indices into Dataset::parks.features, by park_id
    Feature f;
    ParkResult p;
};

// Ordered by size like ParcelResult (issue 20: 192 bytes and a block for its parcels → 176).
struct EntResult {
    double parcel_m2 = 0;          // measured land of its parcels supplied at T (rules.md §4 "Everything is as at T")
    double land_m2 = kNaN;         // land used for its ratios (parcels − leased out + leased in, else its own reported land)
    double leased_in_m2 = 0;       // tenant land from its leases active at T (leases.hpp)
    double leased_out_m2 = 0;      // land of its parcels that its tenants hold at T
    double mu_tax = kNaN, mu_va = kNaN, mu_output = kNaN, inv_int = kNaN;
    // rules.md §3 enterprise ratios.
    double va_energy = kNaN;   // value added / energy, 万元/吨标煤
    double va_emis = kNaN;     // value added / emissions, 万元/吨
    double labor_prod = kNaN;  // value added / employees, 万元/人
    double rd_share = kNaN;    // R&D / revenue
    double tax_elec = kNaN;    // tax / electricity, 万元/万kWh
    // 亩均效益综合评价 (issue 5).
    double score = kNaN;
    std::string_view ent_id;   // points into the Dataset's records (which outlive the Analysis)
    SmallIds parcels;          // parcel indices
    NoteList nulls;
    int32_t row = -1;          // index into Dataset::enterprises.features (this year's row)
    int32_t rank = -1;         // 1 = best, within its list's ranked population (GradeScale)
    int32_t ranked_of = 0;     // size of that population
    int32_t scale = -1;        // index into Analysis::grade_scales (its list and population) when scored, else -1
    int32_t override_idx = -1; // index into Analysis::overrides when its grade was set by hand (人工调整)
    char grade = 'N';          // A B C D, N not graded
    char band_grade = 0;       // the grade its position alone gives (differs when tied with a better one)
    // The explanation is written at output time by grade_why() (grades.hpp): held for millions
    // of enterprises it would be the largest thing in memory (issue 7).
};
static_assert(sizeof(EntResult) <= 176, "EntResult has padding again: order its fields by size");

// One lease counted at T (leases.hpp): the land it moves from the parcel's owner to the tenant.
struct LeaseResult {
    uint32_t lease = 0;    // index into Dataset::leases.features
    uint32_t parcel = 0;   // index into Dataset::parcels.features
    int32_t tenant = -1;   // index into Analysis::ents
    int32_t owner = -1;    // index into Analysis::ents, -1 when the parcel has no enterprise
    double land_m2 = 0;    // tenant land (after scaling down a parcel leased beyond its floor area)
};

// One ranked population of 亩均 grading (above- or below-scale) and what its scores were
// measured against: enough to explain any member's grade again.
struct GradeScale {
    std::string label;                         // "above-scale (规上)"
    std::string code;                          // the list: above, below (grading.lists = "scale"); above,
                                               // below_ge, below_lt, tenant ("ningbo")
    bool above = true;                         // which item table
    std::string population;                    // its county / city code (grading.population); empty = the whole run
    std::vector<double> weight, bench, mean;   // per item; mean = the population's mean points
    double cap = kNaN;                         // grading.item_cap
    bool rank_mode = true;                     // grading.band_mode = "rank"
    std::vector<double> percents, thresholds;  // bands (rank) or score thresholds (score)
    bool per_band = false;                     // grading.band_rounding = "per_band"
    size_t min_for_d = 0;                      // grading.min_for_d (per_band only)
};

// The analysis stages, in the order their results are needed. A stage that reads another's result
// calls Analysis::require() first: run out of order, it throws instead of reading zeros.
enum class Stage : uint8_t { Overlay, Measure, Compliance, Grades, States, Unsupplied, Score, Platforms, Devzone };
inline constexpr size_t kStages = 9;
inline const char* stage_name(Stage s) {
    switch (s) {
        case Stage::Overlay: return "overlay_parks";
        case Stage::Measure: return "measure";
        case Stage::Compliance: return "check_compliance";
        case Stage::Grades: return "grade_enterprises";
        case Stage::States: return "classify_parcels";
        case Stage::Unsupplied: return "assess_unsupplied";
        case Stage::Score: return "score_parks";
        case Stage::Platforms: return "classify_platforms";
        case Stage::Devzone: return "check_devzones";
    }
    return "?";
}

// The rows a partitioned run owns (rules.md §10), per parcel, park, enterprise and approval; inactive
// in a whole run (every row is written).
struct PartitionRows {
    bool active = false;
    bool first = false;     // the smallest partition code: owns what no partition's land decides
    std::string code;
    std::vector<bool> parcels, parks, ents, approvals;
    ParkResult region;      // the region's sums over the owned rows (before finish_park)
};

struct Analysis {
    std::bitset<kStages> done;   // the stages that have run on this Analysis
    bool has(Stage s) const { return done.test(static_cast<size_t>(s)); }
    void mark(Stage s) { done.set(static_cast<size_t>(s)); }
    // Throws std::logic_error (a landeff bug, not a data problem) when `need` has not run.
    void require(Stage need, const char* who) const {
        if (!has(need))
            throw std::logic_error(std::string("internal error: ") + who + " needs the result of " + stage_name(need) +
                                   ", which has not run");
    }
    std::vector<ParcelResult> parcels;
    // Texts shared by many results (ParcelResult::checked), each once; shared by copies of this
    // Analysis, so their views stay valid.
    std::shared_ptr<TextPool> texts = std::make_shared<TextPool>();
    std::vector<ParkResult> parks;
    std::vector<EntResult> ents;
    PartitionRows owned;         // a partitioned run's rows (mark_owned); inactive otherwise
    std::vector<GradeScale> grade_scales;
    std::shared_ptr<const GradingRules> grading;  // the rules grade_enterprises graded with (grade_why reads them)
    std::vector<LeaseResult> leases;  // leases counted at T, in lease order (measure())
    std::vector<AppliedOverride> overrides;  // manual grade overrides applied (apply_overrides), in table order
    // Each parcel's industry code: its own, else its enterprise's (set by measure()). Held as the
    // enterprise row whose code it is (-1 none; four bytes, not a 16-byte view, per parcel: issue 20).
    std::vector<int32_t> ind_row;
    std::string_view parcel_ind_code(const Dataset& ds, size_t i) const;
    ParkResult region;           // the region total (the `region` table, region_id "*"): every parcel once
    std::vector<WorkItem> worklist;       // the patrol worklist (build_worklist), in urgency order
    std::vector<Unsupplied> unsupplied;  // one per approval with unsupplied land
    std::vector<double> appr_own_m2;     // per approval: its area not in an approval of lower index (approved at T)
    std::vector<PlatformFigures> dz_platforms;  // platforms of ≥ 2 parks, by id (check_devzones)
    double total_land_m2 = 0;    // all parcels' measured land
    double outside_land_m2 = 0;  // land outside every park
    size_t n_outside = 0;
    bool parks_overlap = false;
};

}  // namespace landeff
