#include "landeff/findings.hpp"

#include <algorithm>
#include <tuple>

namespace landeff {

const char* severity_name(Severity s) {
    switch (s) {
        case Severity::Error: return "error";
        case Severity::Warning: return "warning";
        case Severity::Info: return "info";
    }
    return "?";
}

void Findings::add(Finding f) {
    std::lock_guard lock(m_mutex);
    m_items.push_back(std::move(f));
}

void Findings::add(const std::string& layer, int64_t fid, std::string_view id, const std::string& code,
                   Severity sev, const std::string& message) {
    add(Finding{layer, fid, std::string(id), code, sev, message});
}

void Findings::merge(std::vector<Finding>&& more) {
    std::lock_guard lock(m_mutex);
    m_items.insert(m_items.end(), std::make_move_iterator(more.begin()), std::make_move_iterator(more.end()));
}

void Findings::sort() {
    static const std::map<std::string, int> kLayerOrder = {{"config", 0}, {"run", 1}, {"parks", 2},
                                                           {"parcels", 3}, {"approvals", 4}, {"enterprises", 5},
                                                           {"urban_core", 6}, {"restricted", 7},
                                                           {"dev_boundary", 8}, {"farmland", 9}, {"eco_redline", 10},
                                                           {"landuse", 11}, {"plan", 12}};
    auto rank = [](const std::string& l) {
        auto it = kLayerOrder.find(l);
        return it == kLayerOrder.end() ? 99 : it->second;
    };
    std::lock_guard lock(m_mutex);
    std::stable_sort(m_items.begin(), m_items.end(), [&](const Finding& a, const Finding& b) {
        return std::make_tuple(rank(a.layer), a.fid, a.code, a.message) <
               std::make_tuple(rank(b.layer), b.fid, b.code, b.message);
    });
}

size_t Findings::count(Severity s) const {
    std::lock_guard lock(m_mutex);
    return static_cast<size_t>(std::count_if(m_items.begin(), m_items.end(), [&](const Finding& f) { return f.severity == s; }));
}

size_t Findings::count_code(const std::string& code) const {
    std::lock_guard lock(m_mutex);
    return static_cast<size_t>(std::count_if(m_items.begin(), m_items.end(), [&](const Finding& f) { return f.code == code; }));
}

void Findings::summarize(std::ostream& os, size_t examples) const {
    std::lock_guard lock(m_mutex);
    struct Group { Severity sev; size_t n = 0; std::vector<const Finding*> ex; };
    std::map<std::pair<std::string, std::string>, Group> groups;  // (layer, code)
    for (const auto& f : m_items) {
        auto& g = groups[{f.layer, f.code}];
        g.sev = f.severity;
        ++g.n;
        if (g.ex.size() < examples) g.ex.push_back(&f);
    }
    if (groups.empty()) {
        os << "data quality: no findings\n";
        return;
    }
    size_t e = 0, w = 0, i = 0;
    for (const auto& f : m_items) (f.severity == Severity::Error ? e : f.severity == Severity::Warning ? w : i)++;
    os << "data quality: " << e << " errors, " << w << " warnings, " << i << " notes (all in the findings layer)\n";
    for (const auto& [key, g] : groups) {
        os << "  " << severity_name(g.sev) << " " << key.first << "/" << key.second << ": " << g.n << "\n";
        for (const auto* f : g.ex) os << "    " << f->message << "\n";
    }
}

}  // namespace landeff
