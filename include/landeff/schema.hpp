#pragma once
// Canonical input fields of README, per layer, with Chinese labels and built-in aliases.
//
// Each layer's fields are listed text-first: a record keeps text fields as text and all other
// fields (numbers, flags, dates as day numbers) as numbers, NaN meaning "no value".
#include <cmath>
#include <cstring>
#include <limits>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace landeff {

enum class FieldKind { Text, Number, Date, Flag, Year };

struct FieldSpec {
    std::string_view name;     // canonical name (README)
    FieldKind kind;
    std::string_view label;    // Chinese label, used as output alias and in messages
    std::string_view aliases;  // '|'-separated built-in source names, matched case-insensitively
    std::string_view unit;     // expected unit (m², 万元, …) or empty
};

enum class LayerKind {
    Parks, Parcels, Approvals, Enterprises, UrbanCore, Restricted,
    // The development-zone check (issue 18): control lines, the 三调 survey, the planned land use.
    DevBoundary, Farmland, EcoRedline, Landuse, Plan,
    // Tenants' leases and the corrections after the public notice (issue 17).
    Leases, Corrections
};

struct LayerSchema {
    LayerKind kind;
    std::string_view name;   // config name: [inputs.<name>]
    std::string_view label;  // Chinese name
    bool has_geometry;
    bool required;
    std::span<const FieldSpec> fields;
    size_t n_text;           // fields[0..n_text) are Text
};

const LayerSchema& schema(LayerKind kind);
const std::vector<LayerKind>& all_layer_kinds();
const LayerSchema* schema_by_name(std::string_view name);
int field_index(const LayerSchema& s, std::string_view canonical);  // -1 when unknown

// Field enums, in the order of the schema tables (text fields first).
enum class ParkF : int { park_id, name, level, industry, platform, COUNT };
enum class ParcelF : int {
    parcel_id, ent_id, land_use, ind_code, gov_cause,
    area_reg, floor_m2, tall_m2, footprint, green_m2, admin_m2,
    supply_dt, start_due, start_dt, done_due, done_dt, susp_dt,
    dev_m2, plan_m2, inv_total, inv_done, land_price, in_prod,
    far_min, far_max, cov_min, green_max, inv_min, out_min, tax_min,
    output, tax, value_add, invest, far_rep, cov_rep, term_yrs, term_end, COUNT
};
enum class ApprovalF : int { appr_id, doc_no, batch, appr_dt, COUNT };
enum class EntF : int {
    ent_id, name, scale, ind_code, exempt, force_d,
    year, land_m2, output, tax, value_add, invest, revenue, energy, emission, rd, employees, elec,
    leased, founded, water, COUNT
};
enum class ZoneF : int { zone_id, name, COUNT };  // also the control lines (dev_boundary, farmland, eco_redline)
enum class LanduseF : int { lu_id, dlbm, dlmc, tbmj, COUNT };
enum class PlanF : int { plan_id, plan_code, plan_name, COUNT };
// Leases (租赁, issue 17): a tenant enterprise's floor space in a parcel's buildings.
enum class LeaseF : int { lease_id, ent_id, parcel_id, leased_m2, land_m2, start_dt, end_dt, COUNT };

// Corrections (异议更正, issue 17): all text; `value` is parsed as the corrected field reads it.
enum class CorrF : int { corr_id, ent_id, parcel_id, field, value, reason, doc_no, COUNT };

template <class F> struct FieldTraits;
template <> struct FieldTraits<ParkF> { static constexpr size_t n_text = 5; static constexpr LayerKind kind = LayerKind::Parks; };
template <> struct FieldTraits<ParcelF> { static constexpr size_t n_text = 5; static constexpr LayerKind kind = LayerKind::Parcels; };
template <> struct FieldTraits<ApprovalF> { static constexpr size_t n_text = 3; static constexpr LayerKind kind = LayerKind::Approvals; };
template <> struct FieldTraits<EntF> { static constexpr size_t n_text = 6; static constexpr LayerKind kind = LayerKind::Enterprises; };
template <> struct FieldTraits<ZoneF> { static constexpr size_t n_text = 2; static constexpr LayerKind kind = LayerKind::UrbanCore; };
template <> struct FieldTraits<LanduseF> { static constexpr size_t n_text = 3; static constexpr LayerKind kind = LayerKind::Landuse; };
template <> struct FieldTraits<PlanF> { static constexpr size_t n_text = 3; static constexpr LayerKind kind = LayerKind::Plan; };
template <> struct FieldTraits<LeaseF> { static constexpr size_t n_text = 3; static constexpr LayerKind kind = LayerKind::Leases; };
template <> struct FieldTraits<CorrF> { static constexpr size_t n_text = 7; static constexpr LayerKind kind = LayerKind::Corrections; };

// One feature's attribute values in canonical order, in one block of memory (issue 20): a province
// keeps millions of records, and one pointer to one allocation sized to what the feature has replaces
// a text block and a vector of every numeric field (33 doubles per parcel, most of them often NaN).
//
// Block: [n_text: 1 byte][n_num: 1 byte][n_wide: 1 byte][n_narrow: 1 byte][4 bytes padding][mask:
// 8 bytes, bit k = numeric field k has a value][narrow: 8 bytes, bit k = its value is held in four
// bytes][the n_wide wide values, 8-byte doubles, in field order][the n_narrow narrow values, int32
// k each, the value being k × 0.01, in field order][end offset of each text field: n_text ×
// uint32][the texts' bytes, back to back]. A number that is NaN is "no value" and is not stored.
// A value is narrow only when k × 0.01 gives back exactly the same double (dates as day numbers,
// counts, flags, most areas and money figures of two decimals; never -0.0): half the bytes, the
// same bits (issue 20). Views returned by text() stay valid until the record is next changed.
//
// Records are made once by a RecordBuilder (the readers); set_text/set_num remake the block and are
// for the few changes after reading (corrections, tests). The accessors are inline: every stage
// reads records in its inner loops.
class Record {
public:
    Record() = default;
    Record(size_t n_text, size_t n_num);  // every text empty, every number NaN
    Record(const Record& o);
    Record(Record&&) noexcept = default;
    Record& operator=(const Record& o);
    Record& operator=(Record&&) noexcept = default;

    size_t n_text() const { return m_block ? static_cast<unsigned char>(m_block[0]) : 0; }
    size_t n_num() const { return m_block ? static_cast<unsigned char>(m_block[1]) : 0; }
    // Throws std::out_of_range past n_text().
    std::string_view text(size_t i) const {
        const size_t nt = n_text();
        if (i >= nt) [[unlikely]] out_of_range("text", i, nt);
        const char* ends = m_block.get() + values_end();
        const size_t w = end_width();
        const uint32_t begin = i ? text_end(ends, w, i - 1) : 0, end = text_end(ends, w, i);
        return {ends + w * nt + begin, end - begin};
    }
    // NaN = no value; throws std::out_of_range past n_num().
    double num(size_t i) const {
        const size_t nn = n_num();
        if (i >= nn) [[unlikely]] out_of_range("numeric", i, nn);
        uint64_t mask, narrow;
        std::memcpy(&mask, m_block.get() + kMask, 8);
        const uint64_t bit = uint64_t{1} << i;
        if (!(mask & bit)) return std::numeric_limits<double>::quiet_NaN();
        std::memcpy(&narrow, m_block.get() + kMask + 8, 8);
        if (narrow & bit) {
            int32_t k;
            std::memcpy(&k, m_block.get() + narrow_begin() + 4 * count_bits(narrow & (bit - 1)), 4);
            return static_cast<double>(k) * kNarrowUnit;
        }
        double v;
        std::memcpy(&v, m_block.get() + kHead + 8 * count_bits(mask & ~narrow & (bit - 1)), 8);
        return v;
    }
    void set_text(size_t i, std::string_view value);
    void set_num(size_t i, double value);
    size_t block_size() const;              // bytes of the block (0 for a default-made record)
    // Asks the processor to fetch the block's head (a hint for a record read soon; nothing changes).
    void prefetch() const { __builtin_prefetch(m_block.get()); }

    template <class F> std::string_view s(F f) const { return text(static_cast<size_t>(f)); }
    template <class F> double n(F f) const { return num(static_cast<size_t>(f) - FieldTraits<F>::n_text); }
    template <class F> void set(F f, double v) { set_num(static_cast<size_t>(f) - FieldTraits<F>::n_text, v); }
    template <class F> void set(F f, std::string_view v) { set_text(static_cast<size_t>(f), v); }
    template <class F> bool has(F f) const { return !std::isnan(n(f)); }

private:
    friend class RecordBuilder;
    // The head: the four counts (texts, numbers, wide and narrow values), the width of a text's end
    // offset (2 bytes when the texts take under 64 KiB — nearly always — else 4), the two masks.
    static constexpr size_t kMask = 5;
    static constexpr size_t kHead = kMask + 16;
    static constexpr double kNarrowUnit = 0.01;  // a narrow value is its int32 × this
    size_t narrow_begin() const { return kHead + 8 * static_cast<unsigned char>(m_block[2]); }  // after the wide values
    size_t values_end() const { return narrow_begin() + 4 * static_cast<unsigned char>(m_block[3]); }
    size_t end_width() const { return static_cast<unsigned char>(m_block[4]); }
    // Where text k ends (bytes after the texts' start): the k-th end offset of `w` bytes at `ends`.
    static uint32_t text_end(const char* ends, size_t w, size_t k) {
        if (w == 2) {
            uint16_t e;
            std::memcpy(&e, ends + 2 * k, 2);
            return e;
        }
        uint32_t e;
        std::memcpy(&e, ends + 4 * k, 4);
        return e;
    }
    [[noreturn]] static void out_of_range(const char* what, size_t i, size_t n);
    // std::popcount without the POPCNT instruction (Debian builds for the x86-64 baseline) is a call
    // into libgcc; this is its inline bit-parallel count.
    static size_t count_bits(uint64_t x) {
        x = x - ((x >> 1) & 0x5555555555555555ULL);
        x = (x & 0x3333333333333333ULL) + ((x >> 2) & 0x3333333333333333ULL);
        x = (x + (x >> 4)) & 0x0F0F0F0F0F0F0F0FULL;
        return static_cast<size_t>((x * 0x0101010101010101ULL) >> 56);
    }
    std::unique_ptr<char[]> m_block;
};

// Collects one record's fields, then makes its block in one allocation. Keeps its buffers between
// records (a reader reuses one per thread).
class RecordBuilder {
public:
    void reset(size_t n_text, size_t n_num);  // every text empty, every number NaN
    void reset(const Record& r);              // the record's values, to change some
    size_t n_text() const { return m_text.size(); }
    size_t n_num() const { return m_num.size(); }
    std::string_view text(size_t i) const { return m_text.at(i); }
    void set_text(size_t i, std::string_view v) { m_text.at(i).assign(v); }
    double num(size_t i) const { return m_num.at(i); }
    void set_num(size_t i, double v) { m_num.at(i) = v; }
    Record build() const;

private:
    std::vector<std::string> m_text;
    std::vector<double> m_num;
    mutable std::vector<int32_t> m_narrow;  // build()'s scratch: each narrow value's int32
};

Record empty_record(const LayerSchema& s);

}  // namespace landeff
