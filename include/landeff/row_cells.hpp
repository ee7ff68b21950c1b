#pragma once
// Rows of an output layer as cells, prepared in parallel and consumed in order: what the
// GeoPackage's direct insert, the printed GeoJSON features and .dbf records (writer.cpp) and
// report.xlsx's sheets (xlsx.cpp) share.
#include <ogr_feature.h>

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "landeff/ordered_batches.hpp"
#include "landeff/text.hpp"
#include "landeff/writer.hpp"

namespace landeff {

// A row's values for the GeoPackage's direct insert and report.xlsx's rows (issue 20): what the write would read back from
// an OGRFeature of the layer's definition — GetFieldAsDouble of a Real field, GetFieldAsInteger64 of
// an Int, GetFieldAsString of a Text — without building the feature. A value of the field's own type
// is stored as OGR stores it (a double, an int64, the text up to its first NUL byte, as SetField's
// C string); any other goes through `scratch`, a feature of the same definition, so OGR's own
// conversion decides (test GeoPackage.DirectCellsHoldWhatTheFeatureHolds).
struct RowCells {
    enum Kind : uint8_t { Null, Real, Int, Text };
    struct Cell {
        Kind kind = Null;
        union {
            double real;
            int64_t integer;
            struct {
                uint32_t off, len;  // in `text`
            } span;
        };
        Cell() : real(0) {}
    };
    // A Text cell's text, in the text its row's cells were read with.
    static std::string_view text_of(const Cell& c, const std::string& text) { return {text.data() + c.span.off, c.span.len}; }
    const OutLayer* layer = nullptr;
    OGRFeature* scratch = nullptr;
    Cell* cells = nullptr;      // this row's, one per field
    std::string* text = nullptr;  // the batch's text, back to back

    void put_text(Cell& c, const char* s, size_t n) {
        c.kind = Text;
        c.span.off = static_cast<uint32_t>(text->size());
        c.span.len = static_cast<uint32_t>(n);
        text->append(s, n);
    }
    // OGR's conversion of v into field i, read back as the write reads it.
    template <class V>
    void converted(size_t i, const V& v) {
        const int f = static_cast<int>(i);
        scratch->SetField(f, v);
        Cell& c = cells[i];
        if (!scratch->IsFieldSetAndNotNull(f)) {
            c.kind = Null;
        } else {
            switch (layer->fields[i].type) {
                case OutType::Real: c.kind = Real, c.real = scratch->GetFieldAsDouble(f); break;
                case OutType::Int: c.kind = Int, c.integer = scratch->GetFieldAsInteger64(f); break;
                case OutType::Text: {
                    const char* t = scratch->GetFieldAsString(f);
                    put_text(c, t, std::strlen(t));
                    break;
                }
            }
        }
        scratch->UnsetField(f);
    }
    void set(size_t i, double v) {
        if (layer->fields[i].type != OutType::Real) return converted(i, v);
        cells[i].kind = Real;
        cells[i].real = v;
    }
    void set(size_t i, int64_t v) {
        if (layer->fields[i].type != OutType::Int) return converted(i, static_cast<GIntBig>(v));
        cells[i].kind = Int;
        cells[i].integer = v;
    }
    void set(size_t i, std::string_view v) {
        if (layer->fields[i].type != OutType::Text) return converted(i, std::string(v).c_str());
        put_text(cells[i], v.data(), find_nul(v));  // as SetField's C string keeps it
    }
};

// A layer's rows read one at a time into RowCells (the cells valid until the next read), with the
// scratch feature the conversions need; strings cut at `max_string` bytes when `cut_strings`. With
// `want` (one flag per field, kept by the caller) only those fields are filled, the rest null
// (OutLayer::fill_some).
class RowReader {
public:
    explicit RowReader(const OutLayer& L, bool cut_strings = false, size_t max_string = 0, const std::vector<char>* want = nullptr)
        : m_layer(L), m_defn(feature_defn_of(L)), m_scratch(m_defn), m_cells(L.fields.size()), m_cut(cut_strings), m_max(max_string),
          m_want(want && L.fill_some && want->size() == L.fields.size() ? want : nullptr) {
        m_rc.layer = &L;
        m_rc.scratch = &m_scratch;
        m_rc.cells = m_cells.data();
        m_rc.text = &m_text;
    }
    ~RowReader() { m_defn->Release(); }
    RowReader(const RowReader&) = delete;
    RowReader& operator=(const RowReader&) = delete;
    // Fills row i; returns its geometry (valid as long as the layer's data).
    GeomRef read(size_t i) {
        m_text.clear();
        std::fill(m_cells.begin(), m_cells.end(), RowCells::Cell());
        OutRow row(m_rc, m_cut, m_max);
        if (m_want) m_layer.fill_some(i, row, *m_want);
        else m_layer.fill(i, row);
        return row.geom;
    }
    const std::vector<RowCells::Cell>& cells() const { return m_cells; }
    const std::string& text() const { return m_text; }  // the cells' text, back to back

private:
    const OutLayer& m_layer;
    OGRFeatureDefn* m_defn;
    OGRFeature m_scratch;
    std::vector<RowCells::Cell> m_cells;
    std::string m_text;
    RowCells m_rc;
    bool m_cut;
    size_t m_max;
    const std::vector<char>* m_want;
};

// Whether the environment variable `name` holds `value`: the test switches that have a library
// write what landeff writes itself (LANDEFF_XLSX_ROWS=LXW, LANDEFF_GEOJSON_ROWS=GDAL,
// LANDEFF_SHP_ROWS=GDAL), the references the tests compare with.
inline bool env_is(const char* name, std::string_view value) {
    const char* v = std::getenv(name);
    return v && value == v;
}

}  // namespace landeff
