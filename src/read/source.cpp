#include "landeff/source.hpp"

#include <cpl_csv.h>
#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include <tbb/enumerable_thread_specific.h>
#include <tbb/parallel_pipeline.h>
#include <tbb/task_arena.h>

#include <sqlite3.h>

#include <algorithm>
#include <atomic>
#include <cstring>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <optional>
#include <set>
#include <unordered_map>

#include "landeff/csv_records.hpp"
#include "landeff/encoding.hpp"
#include "landeff/error.hpp"
#include "landeff/geometry.hpp"
#include "landeff/partition.hpp"
#include "landeff/progress.hpp"
#include "landeff/text.hpp"
#include "landeff/values.hpp"
#include "landeff/writer.hpp"

namespace fs = std::filesystem;

namespace landeff {
namespace {
constexpr size_t kBatch = 8192;
constexpr size_t kEncodingSample = 2000;

bool is_connection(const std::string& p) {
    return p.rfind("PG:", 0) == 0 || p.rfind("/vsi", 0) == 0 || p.find("://") != std::string::npos;
}

std::string config_ref(const InputSpec& in) {
    return "[inputs." + in.name + "] (line " + std::to_string(in.line) + ")";
}

// The same in both languages, for errors: "[inputs.parcels]（第 3 行）" / "[inputs.parcels] (line 3)".
Text input_ref(const InputSpec& in) { return tr(Msg::EInputRef, {in.name, std::to_string(in.line)}); }

Text did_you_mean(const std::string& near) { return near.empty() ? Text{} : tr(Msg::EDidYouMean, {near}); }

// A .dbf whose header claims more or fewer records than the .shx indexes: GDAL would read the
// smaller number silently, so the mismatch is an error.
void check_shapefile_counts(const std::string& shp, const std::string& label) {
    fs::path dbf(shp), shx(shp);
    dbf.replace_extension(".dbf");
    shx.replace_extension(".shx");
    std::error_code ec;
    if (!fs::exists(dbf, ec) || !fs::exists(shx, ec)) return;
    std::ifstream d(dbf, std::ios::binary);
    unsigned char h[8] = {};
    d.read(reinterpret_cast<char*>(h), 8);
    if (d.gcount() < 8) throw RunError(Msg::EDbfShort, {label});
    const uint32_t dbf_n = h[4] | (h[5] << 8) | (h[6] << 16) | (static_cast<uint32_t>(h[7]) << 24);
    const auto shx_size = fs::file_size(shx, ec);
    if (ec || shx_size < 100) return;
    const uint64_t shx_n = (shx_size - 100) / 8;
    if (dbf_n != shx_n)
        throw RunError(Msg::EDbfShx, {label, std::to_string(dbf_n), std::to_string(shx_n)});
}

struct OpenResult {
    GDALDatasetUniquePtr ds;
    std::string encoding;
    std::string encoding_how;
    std::string recode_from;  // non-empty: we recode strings ourselves (CSV, XLSX given an encoding)
    // A declared encoding the bytes overruled (the encoding_mismatch finding): what declared it
    // (".cpg" or "LDID") and what it said; empty when nothing was overruled.
    std::string overruled_by, overruled_encoding;
};

// Every error GDAL raises while opening, so a failure can say why (the last message alone is
// often the vaguest: "Failed to read GeoJSON data" after "Too many characters in number").
thread_local std::vector<std::string> t_open_errors;

void CPL_STDCALL collect_open_error(CPLErr cls, CPLErrorNum, const char* msg) {
    if (cls >= CE_Failure && msg && t_open_errors.size() < 5) t_open_errors.emplace_back(msg);
}

std::string open_errors() {
    std::vector<std::string> unique;
    for (const auto& e : t_open_errors)
        if (std::find(unique.begin(), unique.end(), e) == unique.end()) unique.push_back(e);
    return join(unique, "; ");
}

GDALDatasetUniquePtr open_with(const InputSpec& in, const std::vector<std::string>& options) {
    CPLStringList opts;
    for (const auto& o : options) opts.AddString(o.c_str());
    CPLErrorReset();
    t_open_errors.clear();
    CPLPushErrorHandler(collect_open_error);
    GDALDatasetUniquePtr ds(GDALDataset::Open(in.path.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY, nullptr, opts.List(), nullptr));
    CPLPopErrorHandler();
    return ds;
}

std::vector<std::string> base_options(const InputSpec& in, const std::string& driver_hint) {
    std::vector<std::string> o;
    const std::string ext = ascii_lower(fs::path(in.path).extension().string());
    if (ext == ".csv" || driver_hint == "CSV") {
        if (!in.x_field.empty()) o.push_back("X_POSSIBLE_NAMES=" + in.x_field);
        if (!in.y_field.empty()) o.push_back("Y_POSSIBLE_NAMES=" + in.y_field);
        if (!in.wkt_field.empty()) o.push_back("GEOM_POSSIBLE_NAMES=" + in.wkt_field);
        if (!in.x_field.empty() || !in.wkt_field.empty()) o.push_back("KEEP_GEOM_COLUMNS=NO");
        o.push_back("EMPTY_STRING_AS_NULL=YES");
    }
    return o;
}

OGRLayer* pick_layer(GDALDataset& ds, const InputSpec& in, const LayerSchema& s, const std::string& label) {
    std::vector<std::string> names;
    for (auto* l : ds.GetLayers()) names.emplace_back(l->GetName());
    if (!in.layer.empty()) {
        if (auto* l = ds.GetLayerByName(in.layer.c_str())) return l;
        throw ConfigError(Msg::ENoLayerNamed, {label, in.layer, input_ref(in), names.empty() ? tr(Msg::ENoLayers) : Text{join(names, "、"), join(names, ", ")},
                                               did_you_mean(nearest(in.layer, names))});
    }
    if (names.size() == 1) return ds.GetLayer(0);
    if (names.empty()) throw RunError(Msg::ENoVectorLayer, {label, input_ref(in), std::string(s.name)});
    for (auto* l : ds.GetLayers())
        if (iequals(l->GetName(), s.name)) return l;
    throw ConfigError(Msg::EManyLayers, {label, std::to_string(names.size()), std::string(s.name), input_ref(in), join(names, ", ")});
}

// Raw string samples (field names and text values) for encoding detection.
std::vector<std::string> sample_strings(OGRLayer* layer) {
    std::vector<std::string> out;
    OGRFeatureDefn* defn = layer->GetLayerDefn();
    for (int i = 0; i < defn->GetFieldCount(); ++i) out.emplace_back(defn->GetFieldDefn(i)->GetNameRef());
    layer->ResetReading();
    size_t n = 0;
    for (auto& f : *layer) {
        for (int i = 0; i < defn->GetFieldCount(); ++i)
            if (defn->GetFieldDefn(i)->GetType() == OFTString && f->IsFieldSetAndNotNull(i))
                out.emplace_back(f->GetFieldAsString(i));
        if (++n >= kEncodingSample) break;
    }
    layer->ResetReading();
    return out;
}

OpenResult open_source(const InputSpec& in, const LayerSchema& s, const std::string& label) {
    if (!is_connection(in.path)) {
        std::error_code ec;
        if (!fs::exists(in.path, ec))
            throw RunError(Msg::EFileNotFound, {label, in.path, input_ref(in), in.path_as_written});
    }
    OpenResult r;
    r.ds = open_with(in, base_options(in, ""));
    if (!r.ds) {
        std::string why = redact_secrets(open_errors());
        if (in.path.rfind("PG:", 0) == 0) {  // libpq's own reason: refused, unknown host, wrong password
            for (auto& c : why)
                if (c == '\n' || c == '\t') c = ' ';
            throw RunError(Msg::EDbConnect, {label, why.empty() ? tr(Msg::ENoReason) : Text{why, why}});
        }
        throw RunError(Msg::ECannotOpen, {label, why.empty() ? Text{} : tr(Msg::EDetail, {why})});
    }
    const std::string driver = r.ds->GetDriver() ? r.ds->GetDriver()->GetDescription() : "";
    if (driver == "ESRI Shapefile") check_shapefile_counts(in.path, label);
    if (driver == "ESRI Shapefile") {
        if (!in.encoding.empty()) {
            r.encoding = canonical_encoding(in.encoding);
            r.encoding_how = "config";
            r.ds = open_with(in, {"ENCODING=" + r.encoding});
        } else if (auto declared = shapefile_declared_encoding(in.path); !declared.empty()) {
            fs::path cpg(in.path);
            cpg.replace_extension(".cpg");
            std::error_code ec;
            r.encoding = declared;
            r.encoding_how = fs::exists(cpg, ec) ? ".cpg" : "LDID";
            // A .cpg (or LDID) saying GBK over text that is valid UTF-8 (an export that wrote UTF-8
            // and kept an old .cpg) would decode every Chinese value into mojibake: the bytes win.
            bool utf8_after_all = false;
            if (declared == "CP936" || declared == "GB18030") {
                r.ds = open_with(in, {"ENCODING="});
                if (r.ds && plausible_utf8(sample_strings(pick_layer(*r.ds, in, s, label)))) {
                    utf8_after_all = true;
                    r.encoding = "UTF-8";
                    r.overruled_by = fs::exists(cpg, ec) ? ".cpg" : "LDID";
                    r.overruled_encoding = declared;
                    r.encoding_how = "the bytes (the " + r.overruled_by + " says " + declared + ", but the text is UTF-8)";
                }
            }
            if (!utf8_after_all && declared.rfind("LDID/", 0) != 0) r.ds = open_with(in, {"ENCODING=" + declared});
        } else {
            // No .cpg and LDID 0: GDAL would assume ISO-8859-1. Read the raw bytes and decide.
            r.ds = open_with(in, {"ENCODING="});
            OGRLayer* l = pick_layer(*r.ds, in, s, label);
            r.encoding = detect_encoding(sample_strings(l));
            r.encoding_how = "detected from the bytes (no .cpg, LDID 0)";
            if (r.encoding == "CP936" || r.encoding == "ISO-8859-1") r.ds = open_with(in, {"ENCODING=" + r.encoding});
        }
        if (!r.ds) throw RunError(Msg::EOpenEncoding, {label, r.encoding, std::string(CPLGetLastErrorMsg())});
    } else if (driver == "CSV" || driver == "XLSX" || driver == "DXF" || driver == "ODS") {
        if (!in.encoding.empty()) {
            r.encoding = canonical_encoding(in.encoding);
            r.encoding_how = "config";
        } else {
            OGRLayer* l = pick_layer(*r.ds, in, s, label);
            r.encoding = detect_encoding(sample_strings(l));
            r.encoding_how = "detected from the bytes";
        }
        if (r.encoding != "UTF-8" && r.encoding != "ASCII") r.recode_from = r.encoding;
    } else {
        r.encoding = in.encoding.empty() ? "UTF-8" : canonical_encoding(in.encoding);
        r.encoding_how = in.encoding.empty() ? "the format's own" : "config";
        if (r.encoding != "UTF-8") r.recode_from = r.encoding;
    }
    return r;
}

std::string number_text(double v) {
    if (std::floor(v) == v && std::fabs(v) < 1e15) {
        char buf[32];
        std::snprintf(buf, sizeof buf, "%.0f", v);
        return buf;
    }
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.15g", v);
    return buf;
}

// A field name as UTF-8, repaired like a value when it is not (it reaches messages and outputs).
std::string utf8_name(const char* name, const std::string& recode_from) {
    TextRepair how = TextRepair::None;
    return repair_utf8(to_utf8(name, recode_from), how);
}

struct FieldMap {
    std::vector<int> src;  // per canonical field: OGR field index or -1
};

FieldMap resolve_fields(OGRFeatureDefn* defn, const LayerSchema& s, const Config& cfg, const std::string& label,
                        const std::string& recode_from) {
    std::vector<std::string> names;
    for (int i = 0; i < defn->GetFieldCount(); ++i)
        names.push_back(utf8_name(defn->GetFieldDefn(i)->GetNameRef(), recode_from));
    FieldMap m;
    m.src.assign(s.fields.size(), -1);
    std::vector<bool> used(names.size(), false);
    auto find = [&](std::string_view want, bool exact) -> int {
        for (size_t i = 0; i < names.size(); ++i)
            if (!used[i] && (exact ? names[i] == want : iequals(names[i], want))) return static_cast<int>(i);
        return -1;
    };
    // 1. Explicit [fields.<layer>] mappings: the user's word wins, and must name a real field.
    if (auto it = cfg.fields.find(std::string(s.name)); it != cfg.fields.end()) {
        for (const auto& [canon, source] : it->second) {
            int idx = find(source, true);
            if (idx < 0) idx = find(source, false);
            if (idx < 0) {
                throw ConfigError(Msg::EFieldNotFound, {label, std::string(s.name), canon, source, join(names, ", "),
                                                        did_you_mean(nearest(source, names))});
            }
            m.src[static_cast<size_t>(field_index(s, canon))] = idx;
            used[static_cast<size_t>(idx)] = true;
        }
    }
    // 2. Canonical names, then 3. built-in aliases in their listed order.
    for (size_t c = 0; c < s.fields.size(); ++c) {
        if (m.src[c] >= 0) continue;
        int idx = find(s.fields[c].name, false);
        if (idx >= 0) { m.src[c] = idx; used[static_cast<size_t>(idx)] = true; }
    }
    for (size_t c = 0; c < s.fields.size(); ++c) {
        if (m.src[c] >= 0) continue;
        for (const auto& alias : split(s.fields[c].aliases, '|')) {
            int idx = find(alias, false);
            if (idx >= 0) { m.src[c] = idx; used[static_cast<size_t>(idx)] = true; break; }
        }
    }
    return m;
}

struct ReadErrors {
    size_t failures = 0;
    std::string first;
    bool located = false;
    size_t at = 0;  // features read before the first error
};

void CPL_STDCALL capture_read_error(CPLErr cls, CPLErrorNum, const char* msg) {
    auto* e = static_cast<ReadErrors*>(CPLGetErrorHandlerUserData());
    if (!e || cls < CE_Failure) return;
    if (e->failures++ == 0) e->first = msg ? msg : "";
}

struct ParsedFeature {
    Feature f;
    std::vector<Finding> findings;
    std::vector<uint16_t> rounded_ids;  // canonical id fields whose number had lost digits
    std::vector<std::pair<int, TextRepair>> repairs;  // source fields whose text was not UTF-8
};

// A value of a GeoPackage column as GDAL's GeoPackage driver sets it on its OGRFeature
// (OGRGeoPackageLayer::TranslateFeature): NULL stays null, else by the field's OGR type whatever
// SQLite's storage class — an integer field takes sqlite3_column_int(64), a real one
// sqlite3_column_double, a text one sqlite3_column_text (cut at a NUL byte, as GDAL's copy is).
struct RowValue {
    enum Tag : uint8_t { Null, Int, Int64, Real, Text };
    Tag tag = Null;
    int64_t i = 0;   // Int, Int64
    double d = 0;    // Real
    size_t off = 0;  // Text: its NUL-terminated bytes in the batch's text buffer
};

// One row read by GpkgRows, with the accessors Reader::parse uses on an OGRFeature, giving what
// OGRFeature's give for the same field (only the types GpkgRows accepts: text, integer, real).
struct GpkgRow {
    int64_t fid = 0;
    const RowValue* v = nullptr;    // the row's values, by column of the scan
    const int* col_of = nullptr;    // per OGR field index: its column of the scan (every field parse reads has one)
    const char* text = nullptr;     // the batch's text buffer
    mutable char num[32] = {};      // GetFieldAsString of a number

    int64_t GetFID() const { return fid; }
    const RowValue& at(int idx) const { return v[col_of[idx]]; }
    bool IsFieldSetAndNotNull(int idx) const { return col_of[idx] >= 0 && at(idx).tag != RowValue::Null; }
    double GetFieldAsDouble(int idx) const {
        const RowValue& x = at(idx);
        switch (x.tag) {
            case RowValue::Int:
            case RowValue::Int64: return static_cast<double>(x.i);
            case RowValue::Real: return x.d;
            case RowValue::Text: return CPLAtof(text + x.off);  // OGRFeature's for a text field
            case RowValue::Null: break;
        }
        return 0;
    }
    // OGRFeature's "%d" / CPL_FRMT_GIB for integers. A real's text is never asked: raw_text and
    // text_of format a real field themselves (number_text, id_number_text).
    const char* GetFieldAsString(int idx) const {
        const RowValue& x = at(idx);
        switch (x.tag) {
            case RowValue::Text: return text + x.off;
            case RowValue::Int: std::snprintf(num, sizeof num, "%d", static_cast<int>(x.i)); return num;
            case RowValue::Int64: std::snprintf(num, sizeof num, "%lld", static_cast<long long>(x.i)); return num;
            case RowValue::Real: std::snprintf(num, sizeof num, "%.15g", x.d); return num;
            case RowValue::Null: break;
        }
        return "";
    }
    // Never asked: a field parse reads as a date or date-time keeps GDAL's read (GpkgRows::open).
    int GetFieldAsDateTime(int, int*, int*, int*, int*, int*, float*, int*) const { return FALSE; }
};

// One record read by CsvRecords, with the accessors Reader::parse uses on an OGRFeature, giving what
// GDAL's CSV layer gives for the same field when every field is text (the only CSVs read that way):
// a field past the record's end is unset, an empty one null (EMPTY_STRING_AS_NULL=YES).
struct CsvRow {
    int64_t fid = 0;
    const char* text = nullptr;       // the fields, each ended by a NUL
    const uint32_t* starts = nullptr; // where each begins in text
    size_t n = 0;                     // fields in the record, at most the header's count

    int64_t GetFID() const { return fid; }
    bool IsFieldSetAndNotNull(int idx) const { return idx >= 0 && static_cast<size_t>(idx) < n && text[starts[idx]] != '\0'; }
    const char* GetFieldAsString(int idx) const { return idx >= 0 && static_cast<size_t>(idx) < n ? text + starts[idx] : ""; }
    double GetFieldAsDouble(int idx) const { return CPLAtof(GetFieldAsString(idx)); }  // OGRFeature's for a text field
    // Never asked: every field of a CSV read this way is text.
    int GetFieldAsDateTime(int, int*, int*, int*, int*, int*, float*, int*) const { return FALSE; }
};

struct Reader {
    const LayerSchema& s;
    const LayerData& layer;
    const FieldMap& map;
    OGRFeatureDefn* defn;
    std::string recode_from;
    Lang lang;  // of the findings' messages (output.lang)

    // Row: an OGRFeature (GDAL's read) or a GpkgRow (a GeoPackage row read from SQLite, GpkgRows):
    // the same parse for both, through the few accessors it uses.
    template <class Row>
    std::string raw_text(const Row& f, int idx, ParsedFeature& out) const {
        const auto t = defn->GetFieldDefn(idx)->GetType();
        if (t == OFTReal) return number_text(f.GetFieldAsDouble(idx));
        // Every text reaching an output must be UTF-8 (issue 14): a value in another encoding
        // than the file's is decoded as GBK, or its invalid bytes replaced, and said.
        const std::string_view as_read = f.GetFieldAsString(idx);
        // Most values: UTF-8 as read, trimmed without the two copies below (the same text).
        if (kept_as_is(as_read, recode_from) && is_valid_utf8(as_read)) return trim(as_read);
        TextRepair how = TextRepair::None;
        std::string v = repair_utf8(to_utf8(as_read, recode_from), how);
        if (how != TextRepair::None) out.repairs.emplace_back(idx, how);
        return trim(v);
    }

    std::string field_name(int idx) const {
        TextRepair how = TextRepair::None;
        return repair_utf8(to_utf8(defn->GetFieldDefn(idx)->GetNameRef(), recode_from), how);
    }

    // A text field's value; an id stored as a real number (an XLSX cell) is written without
    // exponent, and one whose digits were lost is remembered in `rounded` (issue 14).
    template <class Row>
    std::string text_of(const Row& f, int idx, size_t c, ParsedFeature& out) const {
        if (defn->GetFieldDefn(idx)->GetType() != OFTReal || !is_id_field(s.fields[c].name)) return raw_text(f, idx, out);
        bool rounded = false;
        std::string t = id_number_text(f.GetFieldAsDouble(idx), rounded);
        if (rounded) out.rounded_ids.push_back(static_cast<uint16_t>(c));
        return t;
    }

    template <class Row>
    void parse(const Row& of, ParsedFeature& out) const {
        Feature& feat = out.f;
        feat.fid = of.GetFID();
        // The record is collected here and made in one allocation at the end (one builder per thread).
        thread_local RecordBuilder rec;
        rec.reset(s.n_text, s.fields.size() - s.n_text);
        // The id first, so every later message can name the feature.
        if (map.src[0] >= 0 && of.IsFieldSetAndNotNull(map.src[0])) rec.set_text(0, text_of(of, map.src[0], 0, out));
        for (size_t c = 0; c < s.fields.size(); ++c) {
            const int idx = map.src[c];
            if (idx < 0 || !of.IsFieldSetAndNotNull(idx)) continue;
            const FieldSpec& spec = s.fields[c];
            const auto otype = defn->GetFieldDefn(idx)->GetType();
            const bool numeric = otype == OFTInteger || otype == OFTInteger64 || otype == OFTReal;
            if (spec.kind == FieldKind::Text) {
                if (c > 0) rec.set_text(c, text_of(of, idx, c, out));
                continue;
            }
            double slot = std::numeric_limits<double>::quiet_NaN();  // the value, when it parses
            auto bad = [&](const std::string& code, const std::string& raw, const std::string& what) {
                out.findings.push_back(Finding{std::string(s.name), feat.fid, std::string(rec.text(0)), code, Severity::Warning,
                                               say(lang, Msg::ReadBadValue, {feature_ref(layer, feat.fid, rec.text(0)), std::string(spec.name),
                                                                             layer.source_field[c], quote_text(raw), what})});
            };
            switch (spec.kind) {
                case FieldKind::Number: {
                    if (numeric) { slot = of.GetFieldAsDouble(idx); break; }
                    const std::string raw = raw_text(of, idx, out);
                    if (raw.empty()) break;
                    if (auto v = parse_number(raw, spec.unit)) slot = *v;
                    else bad("bad_number", raw, say(lang, Msg::ReadNotNumber, {spec.unit.empty() ? std::string() : say(lang, Msg::ReadInUnit, {std::string(spec.unit)})}));
                    break;
                }
                case FieldKind::Date: {
                    if (otype == OFTDate || otype == OFTDateTime) {
                        int y, mo, d, h, mi, tz;
                        float sec;
                        if (of.GetFieldAsDateTime(idx, &y, &mo, &d, &h, &mi, &sec, &tz) && is_valid_ymd(y, mo, d))
                            slot = to_num(Date::from_ymd(y, mo, d));
                        else bad("bad_date", of.GetFieldAsString(idx), say(lang, Msg::ReadNotValidDate));
                        break;
                    }
                    const std::string raw = raw_text(of, idx, out);
                    if (raw.empty()) break;
                    if (auto d = parse_date(raw)) slot = to_num(*d);
                    else bad("bad_date", raw, say(lang, Msg::ReadNotDate));
                    break;
                }
                case FieldKind::Flag: {
                    if (numeric) { slot = of.GetFieldAsDouble(idx) != 0 ? 1.0 : 0.0; break; }
                    const std::string raw = raw_text(of, idx, out);
                    if (raw.empty()) break;
                    if (auto v = parse_flag(raw)) slot = *v ? 1.0 : 0.0;
                    else bad("bad_flag", raw, say(lang, Msg::ReadNotFlag));
                    break;
                }
                case FieldKind::Year: {
                    if (numeric) {
                        const double v = of.GetFieldAsDouble(idx);
                        if (v >= 1800 && v <= 2200 && std::floor(v) == v) slot = v;
                        else bad("bad_year", number_text(v), say(lang, Msg::ReadNotYear));
                        break;
                    }
                    const std::string raw = raw_text(of, idx, out);
                    if (raw.empty()) break;
                    if (auto y = parse_year(raw)) slot = *y;
                    else bad("bad_year", raw, say(lang, Msg::ReadNotYearFmt));
                    break;
                }
                case FieldKind::Text: break;
            }
            rec.set_num(c - s.n_text, slot);
        }
        normalize_codes(feat.fid, rec, out.findings);
        feat.rec = rec.build();
        std::sort(out.repairs.begin(), out.repairs.end());
        out.repairs.erase(std::unique(out.repairs.begin(), out.repairs.end()), out.repairs.end());
        for (const auto& [idx, how] : out.repairs)
            out.findings.push_back(Finding{std::string(s.name), feat.fid, std::string(rec.text(0)), "text_encoding", Severity::Warning,
                                           say(lang, how == TextRepair::DecodedGbk ? Msg::ReadGbk : Msg::ReadBadUtf8,
                                               {feature_ref(layer, feat.fid, rec.text(0)), field_name(idx)})});
        for (uint16_t c : out.rounded_ids) {
            const std::string v(rec.text(c));
            out.findings.push_back(Finding{std::string(s.name), feat.fid, std::string(rec.text(0)), "id_rounded", Severity::Error,
                                           say(lang, Msg::ReadIdRounded, {feature_ref(layer, feat.fid, rec.text(0)),
                                                                         std::string(s.fields[c].name), layer.source_field[c], v})});
        }
    }

    // Canonical spellings of coded text fields: park level, enterprise scale.
    void normalize_codes(int64_t fid, RecordBuilder& rec, std::vector<Finding>& findings) const {
        auto fix = [&](size_t c, auto parser, const std::string& fallback, const std::string& allowed) {
            const std::string v(rec.text(c));
            if (v.empty()) return;
            if (auto p = parser(v)) { rec.set_text(c, *p); return; }
            findings.push_back(Finding{std::string(s.name), fid, std::string(rec.text(0)), "bad_code", Severity::Warning,
                                       say(lang, Msg::ReadBadCode, {feature_ref(layer, fid, rec.text(0)), std::string(s.fields[c].name),
                                                                    quote_text(v), allowed, fallback.empty() ? say(lang, Msg::ReadMissing) : fallback})});
            rec.set_text(c, fallback);
        };
        if (s.kind == LayerKind::Parks)
            fix(static_cast<size_t>(ParkF::level), parse_level, "other",
                "national/provincial/municipal/county/other (国家级/省级/市级/县级)");
        if (s.kind == LayerKind::Enterprises)
            fix(static_cast<size_t>(EntF::scale), parse_scale, "", "above/below (规上/规下)");
    }
};

std::string crs_name(const OGRSpatialReference* srs) {
    if (!srs) return "";
    const char* n = srs->GetName();
    const char* auth = srs->GetAuthorityName(nullptr);
    const char* code = srs->GetAuthorityCode(nullptr);
    std::string out = n ? n : "unnamed CRS";
    if (auth && code) out += std::string(" (") + auth + ":" + code + ")";
    return out;
}

std::string make_label(const InputSpec& in, const std::string& layer_name, size_t n_layers) {
    // A connection string is named without its password (it reaches messages and outputs).
    std::string base = is_connection(in.path) ? redact_secrets(in.path_as_written) : fs::path(in.path).filename().string();
    if (n_layers > 1 || !in.layer.empty()) base += ":" + layer_name;
    return base;
}

}  // namespace

std::string feature_ref(const LayerData& layer, int64_t fid, std::string_view id) {
    std::string r = layer.label + "[fid=" + std::to_string(fid);
    const auto& s = schema(layer.kind);
    // A very long id (a 10 MB attribute) is cut in messages; the findings layer keeps it whole.
    if (!id.empty()) r += " " + std::string(s.fields[0].name) + "=" + (id.size() > 80 ? utf8_prefix(std::string(id), 80) + "…" : std::string(id));
    return r + "]";
}

std::optional<std::pair<double, double>> lonlat_center(const InputSpec& in) {
    auto ds = open_with(in, base_options(in, ""));
    if (!ds || ds->GetLayerCount() == 0) return std::nullopt;
    OGRLayer* l = in.layer.empty() ? ds->GetLayer(0) : ds->GetLayerByName(in.layer.c_str());
    if (!l) return std::nullopt;
    OGREnvelope e;
    if (l->GetExtent(&e, TRUE) != OGRERR_NONE) return std::nullopt;
    std::shared_ptr<OGRSpatialReference> src;
    if (!in.crs_in.empty()) src = parse_crs(in.crs_in, "inputs." + in.name + ".crs_in");
    else if (l->GetSpatialRef()) src = std::shared_ptr<OGRSpatialReference>(l->GetSpatialRef()->Clone());
    if (!src) return std::nullopt;
    src->SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    OGRSpatialReference wgs;
    wgs.importFromEPSG(4326);
    wgs.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    std::unique_ptr<OGRCoordinateTransformation> ct(OGRCreateCoordinateTransformation(src.get(), &wgs));
    if (!ct) return std::nullopt;
    double x = (e.MinX + e.MaxX) / 2, y = (e.MinY + e.MaxY) / 2;
    if (!ct->Transform(1, &x, &y)) return std::nullopt;
    return std::make_pair(x, y);
}

namespace {

// The transformation from the layer's CRS to the working CRS (null when they are the same or the
// layer has no geometry): the config's crs_in wins (a wrong .prj is common); else the source's own.
// Sets out.source_crs.
std::unique_ptr<OGRCoordinateTransformation> source_transform(const InputSpec& in, const LayerSchema& s, OGRLayer* layer,
                                                              OGRFeatureDefn* defn, const WorkingCrs& crs, LayerData& out) {
    std::unique_ptr<OGRCoordinateTransformation> ct;
    const bool geometric = s.has_geometry;
    if (geometric) {
        if (defn->GetGeomFieldCount() == 0)
            throw ConfigError(Msg::ENoGeometry, {out.label, std::string(s.name), input_ref(in)});
        std::shared_ptr<OGRSpatialReference> srs;
        if (!in.crs_in.empty()) srs = parse_crs(in.crs_in, "inputs." + in.name + ".crs_in");
        else if (const auto* lsrs = layer->GetSpatialRef()) srs.reset(lsrs->Clone());
        if (!srs)
            throw ConfigError(Msg::ENoCrs, {out.label, input_ref(in)});
        srs->SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
        out.source_crs = crs_name(srs.get());
        if (!srs->IsSame(crs.srs.get())) {
            ct.reset(OGRCreateCoordinateTransformation(srs.get(), crs.srs.get()));
            if (!ct)
                throw ConfigError(Msg::ENoTransform, {out.label, out.source_crs, crs.definition, std::string(CPLGetLastErrorMsg())});
        }
    }
    return ct;
}

// Findings on how the layer's text was decoded (a .cpg that does not match, an undeclared encoding).
void note_encoding(const InputSpec& in, const LayerSchema& s, const OpenResult& src, const LayerData& out, Findings& findings) {
    if (!src.overruled_by.empty())
        findings.add(std::string(s.name), -1, "", "encoding_mismatch", Severity::Warning,
                     say(findings.lang(), Msg::EncodingMismatch, {out.label, src.overruled_by, config_ref(in), src.overruled_encoding}));
    if (src.encoding_how.rfind("detected", 0) == 0 && src.encoding != "ASCII" && src.encoding != "UTF-8")
        findings.add(std::string(s.name), -1, "", "encoding", Severity::Info,
                     say(findings.lang(), Msg::EncodingUndeclared, {out.label, src.encoding, config_ref(in)}));
}

// A GeoPackage layer read from SQLite itself (issue 20). Two ways:
// - rows (attrs() true): one scan of the table in rowid order (GDAL's own scan order) reads each
//   feature's fid, geometry blob and the attribute columns parse reads, in place of GDAL's
//   GetNextFeature; the values are kept as GDAL's driver would set them (RowValue) and parsed from
//   there (GpkgRow). Only when every field parse reads is text, integer (plain, boolean or 16-bit)
//   or real, and the scan's statement prepares; any other layer (a date, date-time or binary field
//   read, LANDEFF_GPKG_ROWS=NO) reads its fields through GDAL as before:
// - blobs only: GDAL reads the fields with the geometry ignored, and each feature's blob is found by
//   its fid in one scan of the table in rowid order, else by a lookup.
// Rows are read in ranges of fids, each on a connection of its own in the read's parallel stage, when
// the run has two or more threads and the table allows it (plan_ranges): the same rows in the same
// order as the one scan, with the serial stage no longer the read's bound.
// Either way a blob that is plain (plain_gpkg_polygonal_wkb) goes to GEOS as it is, in the parallel
// stage; any other (curves, Z/M, empty, odd headers, a fid not found) is GDAL's geometry, from a
// second dataset by GetFeature, so the result is GDAL's wherever the blob does not prove it the same.
class GpkgRows {
public:
    // A connection and its statement: the one scan, or (ranges) a range of fids read in the parallel stage.
    struct Cursor {
        sqlite3* db = nullptr;
        sqlite3_stmt* st = nullptr;
        Cursor() = default;
        Cursor(const Cursor&) = delete;
        Cursor& operator=(const Cursor&) = delete;
        ~Cursor() {
            sqlite3_finalize(st);
            sqlite3_close(db);
        }
    };

    // Null when the layer cannot be read this way (then GDAL reads the geometries, as before).
    static std::unique_ptr<GpkgRows> open(const InputSpec& in, OGRLayer* layer, OGRFeatureDefn* defn, const FieldMap& map) {
        if (!CPLTestBool(CPLGetConfigOption("LANDEFF_GPKG_BLOBS", "YES"))) return nullptr;
        std::error_code ec;
        if (is_connection(in.path) || !fs::is_regular_file(in.path, ec)) return nullptr;
        const char* fid = layer->GetFIDColumn();
        const char* geom = layer->GetGeometryColumn();
        if (!fid || !*fid || !geom || !*geom) return nullptr;
        auto g = std::unique_ptr<GpkgRows>(new GpkgRows);
        g->path_ = in.path;
        g->layer_name_ = layer->GetName();
        if (!g->connect(g->scan_)) return nullptr;
        sqlite3* db = g->scan_.db;
        g->table_ = quote_id(g->layer_name_);
        g->fid_col_ = quote_id(fid);
        const std::string c = quote_id(geom);
        std::string one = "SELECT ";
        one.append(c).append(" FROM ").append(g->table_).append(" WHERE ").append(g->fid_col_).append(" = ?");
        if (sqlite3_prepare_v2(db, one.c_str(), -1, &g->one_, nullptr) != SQLITE_OK) return nullptr;
        std::string scan = "SELECT ";
        scan.append(g->fid_col_).append(", ").append(c);
        const std::string geoms_only = scan + " FROM " + g->table_;
        // The fields parse reads, each once, in field order.
        g->col_of_.assign(static_cast<size_t>(defn->GetFieldCount()), -1);
        bool rows = CPLTestBool(CPLGetConfigOption("LANDEFF_GPKG_ROWS", "YES"));
        for (int idx : map.src) {
            if (idx < 0 || g->col_of_[static_cast<size_t>(idx)] >= 0) continue;
            g->col_of_[static_cast<size_t>(idx)] = 0;
        }
        for (int idx = 0; idx < defn->GetFieldCount(); ++idx) {
            if (g->col_of_[static_cast<size_t>(idx)] < 0) continue;
            const OGRFieldDefn* fd = defn->GetFieldDefn(idx);
            Kind k = Kind::Text;
            switch (fd->GetType()) {
                case OFTString: k = Kind::Text; break;
                case OFTInteger: k = Kind::Int; break;
                case OFTInteger64: k = Kind::Int64; break;
                case OFTReal: k = Kind::Real; break;
                default: rows = false;  // a date, a date-time, a blob …: GDAL reads the fields
            }
            g->col_of_[static_cast<size_t>(idx)] = static_cast<int>(g->kinds_.size());
            g->kinds_.push_back(k);
            scan.append(", ").append(quote_id(fd->GetNameRef()));
        }
        scan.append(" FROM ").append(g->table_);
        if (rows && sqlite3_prepare_v2(db, scan.c_str(), -1, &g->scan_.st, nullptr) == SQLITE_OK) {
            g->rows_ = true;
            g->scan_sql_ = scan;
            return g;
        }
        sqlite3_finalize(g->scan_.st);
        g->scan_.st = nullptr;
        g->kinds_.clear();
        if (sqlite3_prepare_v2(db, geoms_only.c_str(), -1, &g->scan_.st, nullptr) != SQLITE_OK) return nullptr;
        return g;
    }
    ~GpkgRows() { sqlite3_finalize(one_); }

    // True: the scan reads the fields too (step, fid, geometry, values); false: blobs only (next).
    bool rows() const { return rows_; }
    size_t n_columns() const { return kinds_.size(); }
    const int* col_of() const { return col_of_.data(); }
    // Rows: the one scan, in rowid order.
    Cursor& scan() { return scan_; }

    // Rows, in ranges (issue 20): true when the table can be read as ranges of fids (kBatch a range,
    // read_features), each by a connection of its own in the read's parallel stage, in the one scan's
    // order, from `first` to `last`: the fid column
    // is the table's rowid (SQLite's plan searches the range by INTEGER PRIMARY KEY: not a view, not
    // WITHOUT ROWID) and the fids fill at least half of [first, last] (a table of a few rows spread
    // over far-apart fids reads as the one scan). `count`: the layer's feature count (a hint).
    bool plan_ranges(int64_t count, int64_t& first, int64_t& last) {
        if (!rows_ || count <= 0 || !CPLTestBool(CPLGetConfigOption("LANDEFF_GPKG_RANGES", "YES"))) return false;
        range_sql_ = scan_sql_ + " WHERE " + fid_col_ + " >= ?1 AND " + fid_col_ + " <= ?2";
        sqlite3* db = scan_.db;
        bool by_rowid = false;
        sqlite3_stmt* plan = nullptr;
        if (sqlite3_prepare_v2(db, ("EXPLAIN QUERY PLAN " + range_sql_).c_str(), -1, &plan, nullptr) == SQLITE_OK) {
            // Each row: id, parent, notused, detail ("SEARCH parcels USING INTEGER PRIMARY KEY (rowid>? AND rowid<?)").
            int rc = 0, n = 0;
            while ((rc = sqlite3_step(plan)) == SQLITE_ROW) {
                ++n;
                const auto* d = reinterpret_cast<const char*>(sqlite3_column_text(plan, 3));
                by_rowid = d && std::strstr(d, "USING INTEGER PRIMARY KEY") != nullptr;
            }
            by_rowid = by_rowid && rc == SQLITE_DONE && n == 1;
        }
        sqlite3_finalize(plan);
        if (!by_rowid) return false;
        // The first and the last fid, each by one descent of the table's b-tree (SQLite reads a lone
        // min() or max() of the rowid that way; both in one query would scan the table).
        auto end = [&](const char* fn, int64_t& v) {
            sqlite3_stmt* st = nullptr;
            const std::string q = std::string("SELECT ") + fn + "(" + fid_col_ + ") FROM " + table_;
            const bool got = sqlite3_prepare_v2(db, q.c_str(), -1, &st, nullptr) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW &&
                             sqlite3_column_type(st, 0) == SQLITE_INTEGER;
            if (got) v = sqlite3_column_int64(st, 0);
            sqlite3_finalize(st);
            return got;
        };
        if (!end("min", first) || !end("max", last)) return false;
        // The span in unsigned arithmetic: last - first may not fit an int64_t.
        const uint64_t span = static_cast<uint64_t>(last) - static_cast<uint64_t>(first);
        return span / 2 <= static_cast<uint64_t>(count);
    }

    // Ranges: a cursor for one range (from the pool, else a new connection), null when it cannot be
    // opened (the batch fails as a read error naming SQLite's message in `why`).
    std::unique_ptr<Cursor> take(std::string& why) {
        {
            std::lock_guard<std::mutex> lock(pool_mutex_);
            if (!pool_.empty()) {
                auto c = std::move(pool_.back());
                pool_.pop_back();
                return c;
            }
        }
        auto c = std::make_unique<Cursor>();
        if (!connect(*c) || sqlite3_prepare_v2(c->db, range_sql_.c_str(), -1, &c->st, nullptr) != SQLITE_OK) {
            why = c->db ? sqlite3_errmsg(c->db) : "out of memory";
            return nullptr;
        }
        return c;
    }
    void give(std::unique_ptr<Cursor> c) {
        sqlite3_reset(c->st);
        std::lock_guard<std::mutex> lock(pool_mutex_);
        pool_.push_back(std::move(c));
    }
    // Ranges: starts cursor `c` on the fids [lo, hi].
    static void bind(Cursor& c, int64_t lo, int64_t hi) {
        sqlite3_reset(c.st);
        sqlite3_bind_int64(c.st, 1, lo);
        sqlite3_bind_int64(c.st, 2, hi);
    }

    // Rows: the next row (SQLITE_ROW), the end (SQLITE_DONE) or an error (another code; message()).
    static int step(Cursor& c) { return sqlite3_step(c.st); }
    static std::string message(const Cursor& c) { return sqlite3_errmsg(c.db); }
    static int64_t fid(const Cursor& c) { return sqlite3_column_int64(c.st, 0); }

    // Rows: the current row's geometry, as next() gives it.
    bool geometry(Cursor& c, std::string& bytes, std::unique_ptr<OGRGeometry>& geom) { return blob(c.st, 1, fid(c), bytes, geom); }

    // Rows: appends the current row's values (n_columns() of them) to `vals`, their text to `text`,
    // as OGRGeoPackageLayer::TranslateFeature sets them on GDAL's feature.
    void values(const Cursor& c, std::vector<RowValue>& vals, std::string& text) const {
        sqlite3_stmt* st = c.st;
        for (size_t k = 0; k < kinds_.size(); ++k) {
            const int col = static_cast<int>(k) + 2;
            RowValue x;
            if (sqlite3_column_type(st, col) != SQLITE_NULL) {
                switch (kinds_[k]) {
                    case Kind::Text: {
                        // sqlite3_column_text: an integer or real as SQLite writes it, a blob's bytes;
                        // GDAL copies it as a C string, so up to a NUL byte.
                        const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(st, col));
                        if (!p) break;  // out of memory: GDAL leaves the field unset too
                        x.tag = RowValue::Text;
                        x.off = text.size();
                        text.append(p).push_back('\0');
                        break;
                    }
                    case Kind::Int:
                        // Boolean and 16-bit fields too: GDAL 3.6's driver keeps sqlite3_column_int as
                        // it is (a 5 in a BOOLEAN column stays 5, 70000 in a SMALLINT 70000; test
                        // GpkgRead.RowsGiveGdalsFieldsValuesAndFindings).
                        x.tag = RowValue::Int;
                        x.i = sqlite3_column_int(st, col);
                        break;
                    case Kind::Int64:
                        x.tag = RowValue::Int64;
                        x.i = sqlite3_column_int64(st, col);
                        break;
                    case Kind::Real:
                        x.tag = RowValue::Real;
                        x.d = sqlite3_column_double(st, col);
                        break;
                }
            }
            vals.push_back(x);
        }
    }

    // Blobs only: feature `fid`'s geometry: appends its WKB to `bytes` and returns true when the blob
    // is plain; else returns false and sets `geom` to GDAL's geometry (null for a NULL column).
    bool next(int64_t fid, std::string& bytes, std::unique_ptr<OGRGeometry>& geom) {
        while (!scan_done_ && (!have_row_ || row_fid_ < fid)) {
            if (sqlite3_step(scan_.st) == SQLITE_ROW) {
                have_row_ = true;
                row_fid_ = sqlite3_column_int64(scan_.st, 0);
            } else {
                scan_done_ = true;
                have_row_ = false;
            }
        }
        if (have_row_ && row_fid_ == fid) return blob(scan_.st, 1, fid, bytes, geom);
        sqlite3_reset(one_);
        sqlite3_bind_int64(one_, 1, fid);
        if (sqlite3_step(one_) == SQLITE_ROW) return blob(one_, 0, fid, bytes, geom);
        geom = gdal_geometry(fid);
        return false;
    }

private:
    enum class Kind : uint8_t { Text, Int, Int64, Real };
    GpkgRows() = default;
    // A read-only connection used by one thread at a time (NOMUTEX: in SQLite's default serialized
    // mode every sqlite3_column_* call took its mutex).
    bool connect(Cursor& c) const {
        return sqlite3_open_v2(path_.c_str(), &c.db, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, nullptr) == SQLITE_OK;
    }
    static std::string quote_id(const std::string& s) {
        std::string q = "\"";
        for (char ch : s) {
            if (ch == '"') q += '"';
            q += ch;
        }
        q += '"';
        return q;
    }
    bool blob(sqlite3_stmt* st, int col, int64_t fid, std::string& bytes, std::unique_ptr<OGRGeometry>& geom) {
        if (sqlite3_column_type(st, col) == SQLITE_NULL) return false;  // no geometry, as GDAL reads it
        const auto* b = static_cast<const unsigned char*>(sqlite3_column_blob(st, col));
        const size_t n = static_cast<size_t>(sqlite3_column_bytes(st, col));
        size_t wn = 0;
        if (const unsigned char* w = plain_gpkg_polygonal_wkb(b, n, &wn)) {
            bytes.append(reinterpret_cast<const char*>(w), wn);
            return true;
        }
        geom = gdal_geometry(fid);
        return false;
    }
    // GDAL's geometry of feature `fid`, from a second dataset (one for the read: ranges read on
    // several threads take turns).
    std::unique_ptr<OGRGeometry> gdal_geometry(int64_t fid) {
        std::lock_guard<std::mutex> lock(fallback_mutex_);
        if (!fallback_) {
            fallback_.reset(GDALDataset::Open(path_.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY, nullptr, nullptr, nullptr));
            if (fallback_) fallback_layer_ = fallback_->GetLayerByName(layer_name_.c_str());
        }
        // Never a feature silently without its geometry: a second dataset that cannot be opened, or
        // a feature it does not find, stops the read naming the file, the layer and the fid.
        const std::string where = path_ + " " + layer_name_;
        if (!fallback_layer_) throw RunError(Msg::ECannotOpen, {where, Text{}});
        OGRFeatureUniquePtr f(fallback_layer_->GetFeature(static_cast<GIntBig>(fid)));
        if (!f) throw RunError(Msg::EFeatureGone, {where, std::to_string(fid)});
        return std::unique_ptr<OGRGeometry>(f->StealGeometry());
    }

    std::string path_, layer_name_, table_, fid_col_;
    Cursor scan_;
    sqlite3_stmt* one_ = nullptr;  // on scan_'s connection
    bool rows_ = false;
    std::string scan_sql_, range_sql_;  // rows: the scan's SQL; ranges: with its fid range
    std::mutex pool_mutex_;
    std::vector<std::unique_ptr<Cursor>> pool_;  // ranges: idle cursors
    std::vector<int> col_of_;   // rows: per OGR field index, its value's place in a row (-1: not read)
    std::vector<Kind> kinds_;   // rows: per value, how GDAL sets it
    bool scan_done_ = false, have_row_ = false;
    int64_t row_fid_ = 0;
    std::mutex fallback_mutex_;
    GDALDatasetUniquePtr fallback_;
    OGRLayer* fallback_layer_ = nullptr;
};

// A CSV layer read by CsvRecords (issue 20), or null where GDAL reads it: only a plain local .csv of
// text fields (no geometry columns, no .csvt types or widths), comma-separated as GDAL detects it
// from the first line (no tab there), whose header CsvRecords splits into GDAL's field names, one for
// one. LANDEFF_CSV_ROWS=NO: GDAL reads every CSV (tests compare the two).
std::unique_ptr<CsvRecords> open_csv_records(const InputSpec& in, OGRLayer* layer, OGRFeatureDefn* defn) {
    if (!CPLTestBool(CPLGetConfigOption("LANDEFF_CSV_ROWS", "YES"))) return nullptr;
    std::error_code ec;
    if (is_connection(in.path) || !fs::is_regular_file(in.path, ec) || ascii_lower(fs::path(in.path).extension().string()) != ".csv")
        return nullptr;
    if (layer->GetLayerDefn()->GetGeomFieldCount() != 0 || defn->GetFieldCount() == 0) return nullptr;
    for (int i = 0; i < defn->GetFieldCount(); ++i) {
        const OGRFieldDefn* fd = defn->GetFieldDefn(i);
        if (fd->GetType() != OFTString || fd->GetSubType() != OFSTNone || fd->GetWidth() != 0) return nullptr;
    }
    // The first line, as GDAL's driver reads it to choose the delimiter.
    std::string first;
    {
        std::ifstream f(in.path, std::ios::binary);
        char c;
        while (f.get(c) && c != '\n' && c != '\r' && first.size() < (size_t{1} << 20)) first.push_back(c);
    }
    if (first.find('\t') != std::string::npos || first.find('\0') != std::string::npos || CSVDetectSeperator(first.c_str()) != ',')
        return nullptr;
    const long long limit = std::atoll(CPLGetConfigOption("OGR_CSV_MAX_LINE_SIZE", "10000000"));
    auto r = CsvRecords::open(in.path, ',', limit > 0 ? static_cast<size_t>(limit) : SIZE_MAX);
    if (!r || r->header().size() != static_cast<size_t>(defn->GetFieldCount())) return nullptr;
    for (int i = 0; i < defn->GetFieldCount(); ++i)
        if (r->header()[static_cast<size_t>(i)] != defn->GetFieldDefn(i)->GetNameRef()) return nullptr;
    return r;
}

// Reads every feature of `layer` into out.features, in source order: the driver reads batches
// serially while earlier batches are parsed and their geometries repaired in parallel.
// Streamed (sink given): the features go to the sink in chunks of `chunk`, in source order, and none stay.
// With `fids` (sorted): only those features, by GetFeature where the driver reads at random, else from one scan.
void read_features(OGRLayer* layer, const LayerSchema& s, const FieldMap& map, OGRFeatureDefn* defn, const OpenResult& src,
                   const OGRCoordinateTransformation* ct, LayerData& out, Findings& findings, size_t chunk, const FeatureSink* sink,
                   const std::vector<int64_t>* fids = nullptr, GpkgRows* blobs = nullptr, CsvRecords* csv = nullptr) {
    const bool geometric = s.has_geometry;
    const bool pack = geometric && s.kind == LayerKind::Parcels && !sink;
    Reader reader{s, out, map, defn, src.recode_from, findings.lang()};
    tbb::enumerable_thread_specific<std::unique_ptr<OGRCoordinateTransformation>> cts([&] {
        return std::unique_ptr<OGRCoordinateTransformation>(ct ? ct->Clone() : nullptr);
    });
    // GDAL 3.6's CSV layer counts by parsing the whole file, whatever bForce says (3.3 of the 9.3 s
    // GDAL spends on a 700 000-row enterprises.csv): not asked there — the progress line counts
    // without a total and the features' vector grows as it is filled.
    const bool count_reads_all = !layer->TestCapability(OLCFastFeatureCount) && src.ds->GetDriver() &&
                                 EQUAL(src.ds->GetDriver()->GetDescription(), "CSV");
    const GIntBig total = fids ? static_cast<GIntBig>(fids->size()) : count_reads_all ? -1 : layer->GetFeatureCount(FALSE);
    const bool by_fid = fids && layer->TestCapability(OLCRandomRead);
    size_t next_fid = 0;  // by_fid: the next of *fids to fetch
    std::optional<int64_t> missing;  // by_fid: a fid GetFeature did not find
    Progress progress(tr(Msg::PReading, {out.label}), total > 0 ? static_cast<size_t>(total) : 0);
    layer->ResetReading();
    // The count is a hint (-1 when the driver would have to scan): reserving avoids the doubling
    // vector's copy, which at 5 M features briefly holds the layer twice.
    if (total > 0 && !sink) out.features.reserve(static_cast<size_t>(total));
    out.streamed = sink != nullptr;
    std::vector<Feature> pending;  // streamed: the chunk being filled
    size_t n_done = 0;             // features appended or handed to the sink
    auto flush = [&] {
        if (pending.empty()) return;
        const size_t first = n_done - pending.size();
        (*sink)(out, pending, first);
        pending.clear();
    };
    const bool rows = blobs && blobs->rows();  // the fields from SQLite too (GpkgRows)
    const size_t n_cols = rows ? blobs->n_columns() : 0;
    // Rows in ranges of fids [range_lo, range_lo + kBatch - 1], each read in the parallel stage (GpkgRows).
    int64_t range_lo = 0, range_last = 0;
    const bool ranges = rows && !fids && tbb::this_task_arena::max_concurrency() > 1 &&
                        blobs->plan_ranges(static_cast<int64_t>(total), range_lo, range_last);
    struct Batch {
        std::vector<OGRFeatureUniquePtr> raw;
        // rows: feature i is fid[i], its values vals[i * n_cols …), their text in `text`, its
        // geometry when not plain geoms[i] (null: none).
        std::vector<int64_t> fid;
        std::vector<RowValue> vals;
        std::string text;
        std::vector<std::unique_ptr<OGRGeometry>> geoms;
        CsvBatch records;  // csv: the records read by CsvRecords
        int64_t lo = 0, hi = 0;  // ranges: the batch's fids, read in the parallel stage
        ReadErrors errors;       // ranges: what went wrong reading the batch (at: its rows before the first)
        // One of the three holds the batch's features (the others are empty).
        size_t size() const { return !fid.empty() ? fid.size() : !raw.empty() ? raw.size() : records.recs.size(); }
        std::vector<ParsedFeature> parsed;
        // With `blobs`: feature i's plain WKB is wkb[at[i], at[i + 1]) (empty: GDAL's geometry, set on raw[i]).
        std::string wkb;
        std::vector<size_t> at;
    };
    // A pipeline: the driver reads batches serially while earlier batches are parsed and their
    // geometries repaired in parallel; results are appended in source order.
    // GDAL reports a damaged record (a truncated .shp, a dropped connection) as an error but may
    // still return the feature, without its geometry: such a read must not pass as complete.
    ReadErrors errors;
    size_t n_read = 0;
    bool source_done = false;
    std::atomic<bool> range_failed{false};  // ranges: a batch failed (set by the last stage, read by the first)
    // Rows: up to kBatch rows from cursor `c` into `b`, one a feature, straight from SQLite; a failing
    // step (a damaged file) is a read error, and so is one GDAL reports while reading a row's geometry
    // (the caller's error handler counts it in `e`), located at `base` + the rows before it. True when
    // the cursor has no more rows.
    auto read_rows = [&](GpkgRows::Cursor& c, Batch& b, ReadErrors& e, size_t base) {
        b.at.reserve(kBatch + 1);
        if (b.at.empty()) b.at.push_back(0);
        b.fid.reserve(kBatch);
        b.geoms.reserve(kBatch);
        b.vals.reserve(kBatch * n_cols);
        while (b.fid.size() < kBatch) {
            const int rc = GpkgRows::step(c);
            if (rc != SQLITE_ROW) {
                if (rc != SQLITE_DONE && e.failures++ == 0) {
                    e.first = GpkgRows::message(c);
                    e.located = true;
                    e.at = base + b.fid.size();
                }
                return true;
            }
            b.fid.push_back(GpkgRows::fid(c));
            b.geoms.emplace_back();
            blobs->geometry(c, b.wkb, b.geoms.back());
            b.at.push_back(b.wkb.size());
            blobs->values(c, b.vals, b.text);
            if (e.failures > 0 && !e.located) {
                e.located = true;
                e.at = base + b.fid.size() - 1;
            }
        }
        return false;
    };
    // Ranges: reads the batch's rows on a cursor of its own, all of them before any is parsed (so a
    // task stolen while parsing never finds the cursor in use), as the one scan reads them.
    auto read_range = [&](Batch& b) {
        std::string why;
        auto cur = blobs->take(why);
        if (!cur) {
            b.errors.failures = 1;
            b.errors.first = why;
            b.errors.located = true;
            return;
        }
        GpkgRows::bind(*cur, b.lo, b.hi);  // at most kBatch fids: read whole
        CPLPushErrorHandlerEx(capture_read_error, &b.errors);  // GDAL's geometry of a blob not plain
        try {
            read_rows(*cur, b, b.errors, 0);
        } catch (...) {
            CPLPopErrorHandler();
            throw;
        }
        CPLPopErrorHandler();
        blobs->give(std::move(cur));
    };
    tbb::parallel_pipeline(
        8,
        tbb::make_filter<void, std::shared_ptr<Batch>>(
            tbb::filter_mode::serial_in_order,
            [&](tbb::flow_control& fc) -> std::shared_ptr<Batch> {
                // Ranges: `errors` is the last stage's (range_failed says it failed); else this stage's.
                if (source_done || (ranges ? range_failed.load() : errors.failures > 0)) {
                    fc.stop();
                    return nullptr;
                }
                check_interrupt();
                auto b = std::make_shared<Batch>();
                if (ranges) {
                    // The next kBatch fids (the last range ends at the table's last fid).
                    b->lo = range_lo;
                    const uint64_t left = static_cast<uint64_t>(range_last) - static_cast<uint64_t>(range_lo);
                    if (left < kBatch) {
                        b->hi = range_last;
                        source_done = true;
                    } else {
                        b->hi = range_lo + static_cast<int64_t>(kBatch - 1);
                        range_lo = b->hi + 1;
                    }
                    return b;
                }
                if (csv) {
                    // Where each record ends, found here; their fields are split in the parallel stage.
                    try {
                        if (!csv->next(b->records, kBatch)) source_done = true;
                    } catch (const std::exception& e) {
                        errors.failures = 1;
                        errors.first = e.what();
                        errors.located = true;
                        errors.at = n_read;
                        source_done = true;
                    }
                    n_read += b->records.recs.size();
                    return b;
                }
                if (blobs) {
                    b->at.reserve(kBatch + 1);
                    b->at.push_back(0);
                }
                CPLPushErrorHandlerEx(capture_read_error, &errors);  // GDAL's geometry of a blob not plain
                if (rows) {
                    if (read_rows(blobs->scan(), *b, errors, n_read)) source_done = true;
                    n_read += b->fid.size();
                    CPLPopErrorHandler();
                    return b;
                }
                while (b->raw.size() < kBatch) {
                    if (by_fid && next_fid == fids->size()) {
                        source_done = true;
                        break;
                    }
                    OGRFeatureUniquePtr f(by_fid ? layer->GetFeature((*fids)[next_fid++]) : layer->GetNextFeature());
                    if (blobs && f) {
                        std::unique_ptr<OGRGeometry> g;
                        if (!blobs->next(f->GetFID(), b->wkb, g)) f->SetGeometryDirectly(g.release());
                        b->at.push_back(b->wkb.size());
                    }
                    if (errors.failures > 0 && !errors.located) {
                        errors.located = true;
                        errors.at = n_read;
                    }
                    if (!f) {
                        if (by_fid) missing = (*fids)[next_fid - 1];  // the id scan saw it: the file changed under the run
                        source_done = true;
                        break;
                    }
                    ++n_read;
                    if (fids && !by_fid && !std::binary_search(fids->begin(), fids->end(), static_cast<int64_t>(f->GetFID()))) continue;
                    b->raw.push_back(std::move(f));
                }
                CPLPopErrorHandler();
                return b;
            }) &
            tbb::make_filter<std::shared_ptr<Batch>, std::shared_ptr<Batch>>(
                tbb::filter_mode::parallel,
                [&](std::shared_ptr<Batch> b) {
                    if (ranges) read_range(*b);
                    b->parsed.resize(b->size());
                    GpkgRow row;
                    if (rows) {
                        row.col_of = blobs->col_of();
                        row.text = b->text.data();
                    }
                    thread_local std::string joined, fields;
                    thread_local std::vector<uint32_t> starts;
                    for (size_t i = 0; i < b->size(); ++i) {
                        ParsedFeature& pf = b->parsed[i];
                        if (csv) {
                            const CsvBatch::Rec& r = b->records.recs[i];
                            csv_split(csv_record_text(b->records, r, joined), csv->delimiter(), fields, starts);
                            const CsvRow record{r.fid, fields.data(), starts.data(), std::min(starts.size(), csv->header().size())};
                            reader.parse(record, pf);
                        } else if (rows) {
                            row.fid = b->fid[i];
                            row.v = b->vals.data() + i * n_cols;
                            reader.parse(row, pf);
                        } else {
                            reader.parse(*b->raw[i], pf);
                        }
                        if (geometric) {
                            const bool plain = blobs && b->at[i + 1] > b->at[i];
                            const auto* wkb = plain ? reinterpret_cast<const unsigned char*>(b->wkb.data()) + b->at[i] : nullptr;
                            const size_t wkb_n = plain ? b->at[i + 1] - b->at[i] : 0;
                            size_t proven_n = 0;
                            const unsigned char* proven = plain && pack ? proven_valid_simple_wkb(wkb, wkb_n, &proven_n) : nullptr;
                            if (proven) {
                                // A parcel whose blob is a Polygon proven valid (a simple shell) is packed
                                // from its bytes as they are: what GEOS would read, keep and write back.
                                pf.f.geom = Shape::packed_from(proven, proven_n);
                            } else {
                                OGRGeometry* g = rows ? b->geoms[i].get() : plain ? nullptr : b->raw[i]->GetGeometryRef();
                                auto ng = plain ? normalize_wkb(wkb, wkb_n) : normalize_polygonal(g, cts.local().get());
                                pf.f.geom = std::move(ng.geom);
                                // A parcel is held as its WKB from here on (issue 20): a province's
                                // parcels as GEOS objects were a third of its memory.
                                if (pack) pf.f.geom.pack();
                                const std::string ref = ng.notes.empty() ? std::string() : feature_ref(out, pf.f.fid, pf.f.rec.text(0));
                                for (const auto& note : ng.notes)
                                    pf.findings.push_back(Finding{std::string(s.name), pf.f.fid, std::string(pf.f.rec.text(0)), note.code,
                                                                  note.fatal ? Severity::Error : Severity::Warning,
                                                                  ref + ": " + say(reader.lang, note.message, note.args)});
                            }
                        }
                        if (rows) b->geoms[i].reset();
                        else if (!csv) b->raw[i].reset();
                    }
                    return b;
                }) &
            tbb::make_filter<std::shared_ptr<Batch>, void>(tbb::filter_mode::serial_in_order, [&](std::shared_ptr<Batch> b) {
                // Ranges: the first batch in order that failed reports where (counted from the
                // features before it); the batches after it are not read.
                if (ranges && b->errors.failures > 0 && errors.failures == 0) {
                    errors = b->errors;
                    errors.at += n_done;
                    range_failed = true;
                }
                if (blobs)
                    for (size_t i = 0; i + 1 < b->at.size(); ++i) out.direct_geoms += b->at[i + 1] > b->at[i] ? 1 : 0;
                if (rows) out.direct_rows += b->fid.size();
                if (ranges) out.ranged_rows += b->fid.size();
                if (csv) out.direct_rows += b->records.recs.size();
                for (auto& p : b->parsed) {
                    findings.merge(std::move(p.findings));
                    for (uint16_t c : p.rounded_ids) out.rounded_ids.emplace_back(static_cast<uint32_t>(n_done), c);
                    ++n_done;
                    if (!sink) {
                        out.features.push_back(std::move(p.f));
                        continue;
                    }
                    pending.push_back(std::move(p.f));
                    if (pending.size() >= chunk) flush();
                }
                progress.update(n_done);
            }));
    if (errors.failures > 0)
        throw RunError(Msg::EReadErrors, {out.label, std::to_string(errors.failures), std::to_string(errors.at + 1),
                                          total > 0 ? tr(Msg::EOfTotal, {std::to_string(total)}) : Text{}, errors.first});
    if (missing)
        throw RunError(Msg::EFeatureGone, {out.label, std::to_string(*missing)});
    if (sink) flush();
    out.n_features = n_done;
    progress.done();
}

// A text value as an OGR SQL literal: in single quotes, a quote doubled.
std::string sql_text(std::string_view v) {
    std::string out = "'";
    for (char c : v) {
        if (c == '\'') out += '\'';
        out += c;
    }
    return out + "'";
}

// The SQL of a LayerFilter over this layer's source field names (ANDed with the config's where).
std::string filter_sql(const LayerFilter& f, const LayerSchema& s, const FieldMap& map, OGRFeatureDefn* defn, const std::string& label) {
    std::vector<std::string> terms;
    auto field = [&](std::string_view canon) {
        const int idx = map.src[static_cast<size_t>(field_index(s, canon))];
        if (idx < 0) throw ConfigError(Msg::EPartNeedsField, {label, std::string(canon)});
        return std::string("\"") + defn->GetFieldDefn(idx)->GetNameRef() + "\"";
    };
    if (!f.id_prefixes.empty()) {
        std::vector<std::string> any;
        for (const auto& p : f.id_prefixes) any.push_back(field("parcel_id") + " LIKE " + sql_text(p + "%"));
        terms.push_back("(" + join(any, " OR ") + ")");
    }
    if (!f.ent_ids.empty()) {
        std::vector<std::string> vals;
        for (const auto& e : f.ent_ids) vals.push_back(sql_text(e));
        terms.push_back(field("ent_id") + " IN (" + join(vals, ",") + ")");
    }
    if (!f.parcel_ids.empty()) {
        std::vector<std::string> vals;
        for (const auto& e : f.parcel_ids) vals.push_back(sql_text(e));
        terms.push_back(field("parcel_id") + " IN (" + join(vals, ",") + ")");
    }
    return join(terms, " AND ");
}

// The working-CRS rectangle as a rectangle of the layer's CRS: its densified outline transformed back.
OGREnvelope source_bbox(const std::array<double, 4>& b, const OGRCoordinateTransformation* to_working) {
    OGREnvelope e;
    if (!to_working) {
        e.MinX = b[0], e.MinY = b[1], e.MaxX = b[2], e.MaxY = b[3];
        return e;
    }
    std::unique_ptr<OGRCoordinateTransformation> back(to_working->GetInverse());
    if (!back) throw RunError(Msg::EPartTransform, {});
    constexpr int kSteps = 16;
    for (int i = 0; i <= kSteps; ++i) {
        const double t = static_cast<double>(i) / kSteps;
        double xs[4] = {b[0] + t * (b[2] - b[0]), b[0] + t * (b[2] - b[0]), b[0], b[2]};
        double ys[4] = {b[1], b[3], b[1] + t * (b[3] - b[1]), b[1] + t * (b[3] - b[1])};
        if (!back->Transform(4, xs, ys)) throw RunError(Msg::EPartTransform, {});
        for (int k = 0; k < 4; ++k) e.Merge(xs[k], ys[k]);
    }
    // A margin for the curvature between the densified points: 1e-6 of the size, at least a millimetre-ish.
    const double m = std::max({(e.MaxX - e.MinX) * 1e-6, (e.MaxY - e.MinY) * 1e-6, 1e-8});
    e.MinX -= m, e.MinY -= m, e.MaxX += m, e.MaxY += m;
    return e;
}

constexpr const char* kCsvLineKey = "OGR_CSV_MAX_LINE_SIZE";
constexpr const char* kCsvLineValue = "100000000";
}  // namespace

CsvLineLimit::CsvLineLimit() {
    const char* cur = CPLGetConfigOption(kCsvLineKey, nullptr);
    if (cur && std::strcmp(cur, kCsvLineValue) == 0) return;  // held already (by an enclosing limit)
    m_set = std::make_unique<ScopedConfig>(kCsvLineKey, kCsvLineValue);
}
CsvLineLimit::~CsvLineLimit() = default;

namespace {

LayerData read_layer_impl(const InputSpec& in, LayerKind kind, const Config& cfg, const WorkingCrs& crs, Findings& findings,
                          size_t chunk, const FeatureSink* sink, const LayerFilter* filter = nullptr) {
    const CsvLineLimit csv_line;
    const LayerSchema& s = schema(kind);
    LayerData out;
    out.kind = kind;
    out.present = true;
    out.path = in.path;
    // A file name in another encoding (a zip made on Chinese Windows) must not carry invalid UTF-8 into messages.
    std::string label = replace_invalid_utf8(is_connection(in.path) ? redact_secrets(in.path_as_written) : fs::path(in.path).filename().string());
    OpenResult src = open_source(in, s, label);
    OGRLayer* layer = pick_layer(*src.ds, in, s, label);
    out.layer_name = layer->GetName();
    out.label = replace_invalid_utf8(make_label(in, out.layer_name, static_cast<size_t>(src.ds->GetLayerCount())));
    out.driver = src.ds->GetDriver() ? src.ds->GetDriver()->GetDescription() : "";
    out.encoding = src.encoding;
    out.encoding_how = src.encoding_how;
    OGRFeatureDefn* defn = layer->GetLayerDefn();
    const FieldMap map = resolve_fields(defn, s, cfg, out.label, src.recode_from);
    out.source_field.assign(s.fields.size(), "");
    for (size_t c = 0; c < s.fields.size(); ++c)
        if (map.src[c] >= 0) out.source_field[c] = utf8_name(defn->GetFieldDefn(map.src[c])->GetNameRef(), src.recode_from);
    // A partition's read (rules.md §10): the config's where, and the filter's own terms.
    // By fid: the where was applied by the id scan that chose them.
    const bool by_fids = filter && !filter->fids.empty();
    std::string where = by_fids ? std::string() : in.where;
    if (filter && !by_fids) {
        const std::string extra = filter_sql(*filter, s, map, defn, out.label);
        if (!extra.empty()) where = where.empty() ? extra : "(" + where + ") AND " + extra;
    }
    if (!where.empty()) {
        CPLErrorReset();
        if (layer->SetAttributeFilter(where.c_str()) != OGRERR_NONE)
            throw ConfigError(Msg::EBadWhere, {out.label, quote_text(where, 200), input_ref(in), std::string(CPLGetLastErrorMsg())});
    }

    const std::unique_ptr<OGRCoordinateTransformation> ct = source_transform(in, s, layer, defn, crs, out);
    if (filter && filter->bbox && !by_fids) {
        const OGREnvelope e = source_bbox(*filter->bbox, ct.get());
        layer->SetSpatialFilterRect(e.MinX, e.MinY, e.MaxX, e.MaxY);  // the layer's spatial index (GPKG: R-tree)
    }
    note_encoding(in, s, src, out, findings);
    // A GeoPackage read whole in the working CRS: the geometries from the blobs, the fields from
    // SQLite too where GpkgRows can read them as GDAL does (else GDAL the fields).
    std::unique_ptr<GpkgRows> blobs;
    if (out.driver == "GPKG" && s.has_geometry && !ct && where.empty() && !filter)
        if ((blobs = GpkgRows::open(in, layer, defn, map)) && !blobs->rows()) {
            const char* ignored[] = {"OGR_GEOMETRY", nullptr};
            if (layer->SetIgnoredFields(ignored) != OGRERR_NONE) blobs.reset();
        }
    // A CSV of text fields read whole: its records and fields split by landeff, as GDAL splits them.
    std::unique_ptr<CsvRecords> csv;
    if (out.driver == "CSV" && !s.has_geometry && !ct && where.empty() && !filter && !sink) csv = open_csv_records(in, layer, defn);
    read_features(layer, s, map, defn, src, ct.get(), out, findings, chunk, sink, by_fids ? &filter->fids : nullptr, blobs.get(), csv.get());
    return out;
}

}  // namespace

LayerData read_layer(const InputSpec& in, LayerKind kind, const Config& cfg, const WorkingCrs& crs,
                     Findings& findings) {
    return read_layer_impl(in, kind, cfg, crs, findings, 0, nullptr);
}

LayerData read_layer_filtered(const InputSpec& in, LayerKind kind, const Config& cfg, const WorkingCrs& crs, Findings& findings,
                              const LayerFilter& filter) {
    return read_layer_impl(in, kind, cfg, crs, findings, 0, nullptr, &filter);
}

namespace {

// Scans the parcels layer reading only parcel_id and ent_id (no geometry, no other field), with the
// config's where and an optional filter; calls fn(parcel_id, ent_id) per feature.
void scan_parcel_ids(const InputSpec& in, const Config& cfg, const LayerFilter* filter,
                     const std::function<void(int64_t, const std::string&, const std::string&)>& fn) {
    const LayerSchema& s = schema(LayerKind::Parcels);
    std::string label = replace_invalid_utf8(is_connection(in.path) ? redact_secrets(in.path_as_written) : fs::path(in.path).filename().string());
    OpenResult src = open_source(in, s, label);
    OGRLayer* layer = pick_layer(*src.ds, in, s, label);
    label = replace_invalid_utf8(make_label(in, layer->GetName(), static_cast<size_t>(src.ds->GetLayerCount())));
    OGRFeatureDefn* defn = layer->GetLayerDefn();
    const FieldMap map = resolve_fields(defn, s, cfg, label, src.recode_from);
    std::string where = in.where;
    if (filter) {
        const std::string extra = filter_sql(*filter, s, map, defn, label);
        if (!extra.empty()) where = where.empty() ? extra : "(" + where + ") AND " + extra;
    }
    if (!where.empty()) {
        CPLErrorReset();
        if (layer->SetAttributeFilter(where.c_str()) != OGRERR_NONE)
            throw ConfigError(Msg::EBadWhere, {label, quote_text(where, 200), input_ref(in), std::string(CPLGetLastErrorMsg())});
    }
    const size_t c_id = static_cast<size_t>(field_index(s, "parcel_id")), c_ent = static_cast<size_t>(field_index(s, "ent_id"));
    const int idx = map.src[c_id], ent = map.src[c_ent];
    if (idx < 0) throw ConfigError(Msg::ENoParcelId, {label});
    // Only the ids are read: every other field and the geometry are skipped by the driver.
    std::vector<const char*> ignored;
    for (int i = 0; i < defn->GetFieldCount(); ++i)
        if (i != idx && i != ent) ignored.push_back(defn->GetFieldDefn(i)->GetNameRef());
    ignored.push_back("OGR_GEOMETRY");
    ignored.push_back(nullptr);
    layer->SetIgnoredFields(ignored.data());
    const LayerData none;
    Reader reader{s, none, map, defn, src.recode_from, lang_of(cfg.settings)};
    layer->ResetReading();
    for (auto& f : *layer) {
        check_interrupt();
        ParsedFeature pf;
        fn(f->GetFID(), reader.text_of(*f, idx, c_id, pf), ent >= 0 ? reader.text_of(*f, ent, c_ent, pf) : std::string());
    }
}

}  // namespace

std::vector<std::string> read_parcel_codes(const InputSpec& in, const Config& cfg, size_t chars) {
    std::set<std::string> codes;
    scan_parcel_ids(in, cfg, nullptr, [&](int64_t, const std::string& id, const std::string&) {
        if (!id.empty()) codes.insert(std::string(admin_code(id, chars)));  // no id, no partition
    });
    return {codes.begin(), codes.end()};
}

std::set<std::string> parcel_ent_ids_among(const InputSpec& in, const Config& cfg, const std::set<std::string>& ents) {
    // One scan of the ids (an IN list per few hundred would scan the layer once per list).
    std::set<std::string> found;
    scan_parcel_ids(in, cfg, nullptr, [&](int64_t, const std::string&, const std::string& e) {
        if (ents.count(e)) found.insert(e);
    });
    return found;
}

struct ParcelBoxQuery::Impl {
    OpenResult src;
    OGRLayer* layer = nullptr;
    std::unique_ptr<OGRCoordinateTransformation> ct;
};

ParcelBoxQuery::ParcelBoxQuery(const InputSpec& in, const WorkingCrs& crs) : m(std::make_unique<Impl>()) {
    const LayerSchema& s = schema(LayerKind::Parcels);
    LayerData out;
    out.label = replace_invalid_utf8(is_connection(in.path) ? redact_secrets(in.path_as_written) : fs::path(in.path).filename().string());
    m->src = open_source(in, s, out.label);
    m->layer = pick_layer(*m->src.ds, in, s, out.label);
    out.label = replace_invalid_utf8(make_label(in, m->layer->GetName(), static_cast<size_t>(m->src.ds->GetLayerCount())));
    OGRFeatureDefn* defn = m->layer->GetLayerDefn();
    m->ct = source_transform(in, s, m->layer, defn, crs, out);
    if (!in.where.empty()) {
        CPLErrorReset();
        if (m->layer->SetAttributeFilter(in.where.c_str()) != OGRERR_NONE)
            throw ConfigError(Msg::EBadWhere, {out.label, quote_text(in.where, 200), input_ref(in), std::string(CPLGetLastErrorMsg())});
    } else {
        // Only the geometry (the spatial filter's exact rectangle test): every field is skipped.
        std::vector<const char*> ignored;
        for (int i = 0; i < defn->GetFieldCount(); ++i) ignored.push_back(defn->GetFieldDefn(i)->GetNameRef());
        ignored.push_back(nullptr);
        m->layer->SetIgnoredFields(ignored.data());
    }
}

ParcelBoxQuery::~ParcelBoxQuery() = default;

std::vector<int64_t> ParcelBoxQuery::fids(const std::array<double, 4>& box) {
    const OGREnvelope e = source_bbox(box, m->ct.get());
    m->layer->SetSpatialFilterRect(e.MinX, e.MinY, e.MaxX, e.MaxY);
    m->layer->ResetReading();
    std::vector<int64_t> out;
    for (auto& f : *m->layer) out.push_back(f->GetFID());
    std::sort(out.begin(), out.end());
    return out;
}

ParcelIdTable read_parcel_id_table(const InputSpec& in, const Config& cfg) {
    ParcelIdTable t;
    t.ents.emplace_back();
    std::unordered_map<std::string, uint32_t> ent_index{{std::string(), 0}};
    scan_parcel_ids(in, cfg, nullptr, [&](int64_t fid, const std::string& id, const std::string& e) {
        t.fid.push_back(fid);
        t.parcel_id.push_back(id);
        auto [it, fresh] = ent_index.emplace(e, static_cast<uint32_t>(t.ents.size()));
        if (fresh) t.ents.push_back(e);
        t.ent.push_back(it->second);
    });
    return t;
}

LayerData read_layer_streamed(const InputSpec& in, LayerKind kind, const Config& cfg, const WorkingCrs& crs, Findings& findings,
                              size_t chunk, const FeatureSink& sink, const std::optional<std::array<double, 4>>& bbox) {
    if (bbox) {
        LayerFilter f;
        f.bbox = bbox;
        return read_layer_impl(in, kind, cfg, crs, findings, std::max<size_t>(chunk, 1), &sink, &f);
    }
    return read_layer_impl(in, kind, cfg, crs, findings, std::max<size_t>(chunk, 1), &sink);
}

}  // namespace landeff
