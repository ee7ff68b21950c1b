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
#include <vector>

#include "landeff/findings.hpp"
#include "landeff/labels.hpp"
#include "landeff/model.hpp"
#include "landeff/writer.hpp"

namespace landeff {

// What a getter sees of one output row. Views into the Dataset and Analysis, which outlive the
// output layers; `geom` is the row's geometry (null: none).
struct ParkRow {
    const Dataset& ds;
    const ParkResult& p;
    const Feature* f;  // null for the region total (park_id "*")
    const GEOSGeometry* geom;
};
struct ParcelRow {
    const Dataset& ds;
    const Feature& f;
    const ParcelResult& p;
    const GEOSGeometry* geom;
};
struct EnterpriseRow {
    const Dataset& ds;
    const Analysis& an;
    const EntResult& e;
    const GEOSGeometry* geom;
};
struct UnsuppliedRow {
    const Dataset& ds;
    const Unsupplied& u;
    const Record& a;     // the approval
    int64_t old_years;   // states.old_approval_years
    const GEOSGeometry* geom;
};
struct FindingRow {
    const Finding& f;
    const GEOSGeometry* geom;
};

template <class Row>
struct Column {
    const char* name;           // ≤ 10 ASCII characters
    const char* alias;          // Chinese alias, unique in the layer
    OutType type;               // the getter returns double (Real), int64_t (Int) or text (Text), or null
    const char* unit;           // the unit the alias names in brackets, "1" for a fraction 0 … 1, or ""
    const LabelTable* labels;   // coded values: their Chinese labels; else null
    Value (*get)(const Row&);
};

const std::vector<Column<ParkRow>>& park_columns();
const std::vector<Column<ParcelRow>>& parcel_columns();
const std::vector<Column<EnterpriseRow>>& enterprise_columns();
const std::vector<Column<UnsuppliedRow>>& unsupplied_columns();
const std::vector<Column<FindingRow>>& finding_columns();

// The writers' view of a table (name, alias, type, unit, labels).
template <class Row>
std::vector<OutField> out_fields(const std::vector<Column<Row>>& cols) {
    std::vector<OutField> out;
    out.reserve(cols.size());
    for (const auto& c : cols) out.push_back({c.name, c.alias, c.type, c.unit, c.labels});
    return out;
}

// Every output layer's name and fields, without data (tests, documentation).
struct OutputLayerSchema {
    const char* name;
    const char* title;
    std::vector<OutField> fields;
};
std::vector<OutputLayerSchema> output_schema();

// The output layers of CONTRACT.md, filled row by row from the tables above.
std::vector<OutLayer> output_layers(const Dataset& ds, const Analysis& an, const Findings& findings);

}  // namespace landeff
