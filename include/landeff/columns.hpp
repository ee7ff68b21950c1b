#pragma once
// The output schema of `landeff run`, declared as data: one table of columns per output layer.
// A column is its name (≤ 10 ASCII characters, shapefile-safe), Chinese alias, type, unit, the
// label table of a coded value, and the function that reads its value for one row. The layer's
// fields, the GeoPackage aliases, the QGIS styles, report.xlsx/report.html and the PostGIS column
// comments all come from these tables (through OutLayer::fields); nothing numbers a column.
//
// Where to add a column: append one line to the layer's table in src/write/columns.cpp (the
// order of the table is the order of the output fields, so append at the end to keep existing
// files' field order), document it in README "Outputs", and add the expectation to a golden case.
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "landeff/findings.hpp"
#include "landeff/labels.hpp"
#include "landeff/model.hpp"
#include "landeff/params.hpp"
#include "landeff/writer.hpp"

namespace landeff {

// What a getter sees of one output row. Views into the Dataset and Analysis, which outlive the
// output layers; `geom` is the row's geometry (null: none).
struct ParkRow {
    const Dataset& ds;
    const ParkResult& p;
    const Feature* f;  // null for the region total (the `region` table)
    const GEOSGeometry* geom;
};
struct ParcelRow {
    const Dataset& ds;
    const Feature& f;
    const ParcelResult& p;
    GeomRef geom;  // the parcel's, packed as read
    // Its tests and violations joined, made once beforehand (output_layers), or null: made here.
    const std::string_view* tests = nullptr;
    const std::string_view* violations = nullptr;
};
struct EnterpriseRow {
    const Dataset& ds;
    const Analysis& an;
    const EntResult& e;
    const GEOSGeometry* geom;
    const std::string_view* why;  // its grade_why made once beforehand (output_layers), or null
};
struct UnsuppliedRow {
    const Dataset& ds;
    const Unsupplied& u;
    const Record& a;     // the approval
    int64_t old_years;   // states.old_approval_years
    GeomRef geom;
};
// One control-line polygon (issue 18: ctl_dev, ctl_farm, ctl_eco), clipped to the map's reach.
struct ControlRow {
    const Feature& f;
    double area_m2;            // of the clipped part
    const GEOSGeometry* geom;  // the clipped part
};
struct FindingRow {
    const Finding& f;
    GeomRef geom;
};
struct WorklistRow {
    const Dataset& ds;
    const Analysis& an;
    const WorkItem& w;
    size_t seq;                // 1-based position in the urgency order
    GeomRef geom;              // the parcel's
    const std::string_view* detail = nullptr;  // work_detail made once beforehand (output_layers), or null
};

// The getter is a plain function by default (the layers of `landeff run`, per row of millions);
// a table whose columns are generated (landeff compare: four per park metric) may use
// std::function<Value(const Row&)>.
template <class Row, class Get = Value (*)(const Row&)>
struct Column {
    std::string name;           // ≤ 10 ASCII characters
    std::string alias;          // Chinese alias, unique in the layer
    OutType type;               // the getter returns double (Real), int64_t (Int) or text (Text), or null
    std::string unit;           // the unit the alias names in brackets, "1" for a fraction 0 … 1, or ""
    const LabelTable* labels;   // coded values: their Chinese labels; else null
    Get get;
};

const std::vector<Column<ParkRow>>& park_columns();
// The region total's table (`region`, one row, region_id "*"): a subset of the park columns.
const std::vector<Column<ParkRow>>& region_columns();
const std::vector<Column<ParcelRow>>& parcel_columns();
const std::vector<Column<EnterpriseRow>>& enterprise_columns();
const std::vector<Column<UnsuppliedRow>>& unsupplied_columns();
const std::vector<Column<FindingRow>>& finding_columns();
const std::vector<Column<WorklistRow>>& worklist_columns();
const std::vector<Column<ControlRow>>& control_columns();

// A coded column (one with a label table) is written twice: its code, then beside it its Chinese
// label in a text column named label_column_name(code column) with alias label_column_alias(…).
// The name is the code column's name with "_cn" appended, the name cut to its first 7 characters
// when that would pass the 10 characters a shapefile allows (state → state_cn, severity →
// severit_cn, zone_type → zone_ty_cn).
inline std::string label_column_name(const std::string& code_column) {
    constexpr size_t kMaxName = 10;
    constexpr size_t kKeep = kMaxName - 3;  // "_cn"
    return (code_column.size() + 3 > kMaxName ? code_column.substr(0, kKeep) : code_column) + "_cn";
}
inline std::string label_column_alias(const std::string& code_alias) { return code_alias + "名称"; }

// The label of a code value: the table's Chinese label, the code itself when the table lacks it,
// null when the code is null.
inline Value label_value(const LabelTable& t, const Value& code) {
    std::string_view text;
    if (const auto* v = std::get_if<std::string_view>(&code)) text = *v;
    else if (const auto* s = std::get_if<std::string>(&code)) text = *s;
    else return Value();
    if (const Label* l = t.find(text)) return l->zh;
    return std::string(text);
}

// The writers' view of a table (name, alias, type, unit, labels), with the label columns.
template <class Row, class Get>
std::vector<OutField> out_fields(const std::vector<Column<Row, Get>>& cols) {
    std::vector<OutField> out;
    out.reserve(cols.size());
    for (const auto& c : cols) {
        out.push_back({c.name, c.alias, c.type, c.unit, c.labels});
        if (c.labels) out.push_back({label_column_name(c.name), label_column_alias(c.alias), OutType::Text, "", nullptr});
    }
    return out;
}

inline bool type_matches(OutType t, const Value& v) {
    switch (v.index()) {
        case 0: return true;
        case 1: return t == OutType::Real;
        case 2: return t == OutType::Int;
        default: return t == OutType::Text;
    }
}

// An output layer whose row i is make_row(i) (a Row with a `geom` member); each column's getter
// fills its field, in the table's order. `cols` must outlive the layer.
template <class Row, class Get, class MakeRow>
OutLayer table_layer(std::string name, std::string title, bool geometry, const std::vector<Column<Row, Get>>& cols,
                     size_t count, MakeRow make_row) {
    OutLayer L;
    L.name = std::move(name);
    L.title = std::move(title);
    L.geometry = geometry;
    L.fields = out_fields(cols);
    L.count = count;
    // Column c's value of a row; a getter returning another type than its column declares is a
    // landeff bug.
    auto value_of = [&cols](size_t c, const Row& row) {
        Value v = cols[c].get(row);
        if (!type_matches(cols[c].type, v)) throw std::logic_error("output column " + cols[c].name + " yields the wrong type");
        return v;
    };
    L.fill = [&cols, make_row, value_of](size_t i, OutRow& r) {
        const Row row = make_row(i);
        size_t k = 0;  // the output field: coded columns take two
        for (size_t c = 0; c < cols.size(); ++c) {
            const Value v = value_of(c, row);
            r.set(k++, v);
            if (cols[c].labels) r.set(k++, label_value(*cols[c].labels, v));
        }
        r.geom = row.geom;
    };
    L.fill_some = [&cols, make_row, value_of](size_t i, OutRow& r, const std::vector<char>& want) {
        const Row row = make_row(i);
        size_t k = 0;  // as fill numbers the fields
        for (size_t c = 0; c < cols.size(); ++c) {
            const bool labelled = cols[c].labels != nullptr;
            if (want[k] || (labelled && want[k + 1])) {
                const Value v = value_of(c, row);
                if (want[k]) r.set(k, v);
                if (labelled && want[k + 1]) r.set(k + 1, label_value(*cols[c].labels, v));
            }
            k += labelled ? 2 : 1;
        }
        r.geom = row.geom;
    };
    // Output field k → (column, whether it is the column's label field), as fill numbers them.
    std::vector<std::pair<size_t, bool>> at;
    for (size_t c = 0; c < cols.size(); ++c) {
        at.emplace_back(c, false);
        if (cols[c].labels) at.emplace_back(c, true);
    }
    L.cell = [&cols, make_row, at = std::move(at)](size_t i, size_t k) -> Value {
        const auto [c, label] = at.at(k);
        const Value v = cols[c].get(make_row(i));
        return label ? label_value(*cols[c].labels, v) : v;
    };
    return L;
}

// Every output layer's name and fields, without data (tests, documentation).
struct OutputLayerSchema {
    const char* name;
    const char* title;
    std::vector<OutField> fields;
    bool optional = false;  // written only when its input is given (the control lines, issue 18)
};
std::vector<OutputLayerSchema> output_schema();

// The output layers of README, filled row by row from the tables above. With `whys_once` the
// enterprises' explanations (grade_why, the longest text of the run) are made once, in parallel,
// and kept for the layers' life, for runs whose formats read the enterprises more than once
// (GeoPackage, report.xlsx, report.html: issue 20); otherwise each read makes them anew. With
// `texts_once` so are the parcels' tests and violations and the worklist's details (the texts a
// row is made up of at write time), for runs whose formats read the parcels more than once.
std::vector<OutLayer> output_layers(const Dataset& ds, const Analysis& an, const Findings& findings,
                                    const OutputRules& rules, bool whys_once = false, bool texts_once = false);

// The platforms of several parks of the development-zone check (Analysis::dz_platforms) as rows
// with the park columns, for the devzone sheet of report.xlsx (not written to landeff.gpkg).
OutLayer devzone_platform_layer(const Dataset& ds, const Analysis& an);

}  // namespace landeff
