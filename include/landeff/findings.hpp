#pragma once
// Data-quality findings: expected per-feature problems that a run records and goes on from.
#include <cstdint>
#include <map>
#include <mutex>
#include <ostream>
#include <string>
#include <vector>

#include "landeff/messages.hpp"

namespace landeff {

enum class Severity { Error, Warning, Info };
const char* severity_name(Severity s);

struct Finding {
    std::string layer;    // canonical layer: parcels, parks, … or "config"/"run"
    int64_t fid = -1;     // source feature id, -1 when not about one feature
    std::string id;       // the feature's own id (parcel_id, park_id, …) when known
    std::string code;     // stable short code, e.g. bad_date, duplicate_id
    Severity severity = Severity::Warning;
    std::string message;  // names the file, layer, feature and field, and says what to do
};

class Findings {
public:
    void add(Finding f);
    void add(const std::string& layer, int64_t fid, std::string_view id, const std::string& code,
             Severity sev, const std::string& message);
    void merge(std::vector<Finding>&& more);
    // The language of the messages (output.lang, --lang); set once, before the first finding.
    void set_lang(Lang lang) { m_lang = lang; }
    Lang lang() const { return m_lang; }
    // Sorts into a stable order (layer, fid, code, message) so outputs are reproducible.
    void sort();
    const std::vector<Finding>& items() const { return m_items; }
    size_t count(Severity s) const;
    size_t count_code(const std::string& code) const;
    // A short summary for stderr: counts by code, and up to `examples` messages per code.
    void summarize(std::ostream& os, size_t examples, Lang lang = Lang::zh) const;

private:
    mutable std::mutex m_mutex;
    std::vector<Finding> m_items;
    Lang m_lang = Lang::zh;
};

}  // namespace landeff
