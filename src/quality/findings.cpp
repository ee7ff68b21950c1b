#include "landeff/findings.hpp"

#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>
#include <tbb/parallel_sort.h>

#include <algorithm>
#include <tuple>
#include <vector>

#include "landeff/labels.hpp"

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
    // The order of a stable sort by (layer, fid, code, message): the position a finding was added in
    // breaks the ties, which makes the order total, so a parallel sort gives exactly that order
    // (issue 20: the stable sort ran on one core, looking each side's layer up in the map for every
    // comparison — a fifth of a second at 1 M parcels with the other core idle). Each layer's rank
    // is looked up once; the findings are compared through their positions, then moved in place.
    const size_t n = m_items.size();
    std::vector<int> ranks(n);
    std::vector<size_t> order(n);
    tbb::parallel_for(tbb::blocked_range<size_t>(0, n), [&](const tbb::blocked_range<size_t>& r) {
        for (size_t i = r.begin(); i < r.end(); ++i) {
            ranks[i] = rank(m_items[i].layer);
            order[i] = i;
        }
    });
    tbb::parallel_sort(order.begin(), order.end(), [&](size_t i, size_t j) {
        const Finding &a = m_items[i], &b = m_items[j];
        return std::tie(ranks[i], a.fid, a.code, a.message, i) < std::tie(ranks[j], b.fid, b.code, b.message, j);
    });
    std::vector<Finding> sorted(n);
    tbb::parallel_for(tbb::blocked_range<size_t>(0, n), [&](const tbb::blocked_range<size_t>& r) {
        for (size_t k = r.begin(); k < r.end(); ++k) sorted[k] = std::move(m_items[order[k]]);
    });
    m_items = std::move(sorted);
}

size_t Findings::count(Severity s) const {
    std::lock_guard lock(m_mutex);
    return static_cast<size_t>(std::count_if(m_items.begin(), m_items.end(), [&](const Finding& f) { return f.severity == s; }));
}

size_t Findings::count_code(const std::string& code) const {
    std::lock_guard lock(m_mutex);
    return static_cast<size_t>(std::count_if(m_items.begin(), m_items.end(), [&](const Finding& f) { return f.code == code; }));
}

void Findings::summarize(std::ostream& os, size_t examples, Lang lang) const {
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
        os << say(lang, Msg::SummaryNone) << "\n";
        return;
    }
    size_t e = 0, w = 0, i = 0;
    for (const auto& f : m_items) (f.severity == Severity::Error ? e : f.severity == Severity::Warning ? w : i)++;
    os << say(lang, Msg::SummaryCounts, {std::to_string(e), std::to_string(w), std::to_string(i)}) << "\n";
    for (const auto& [key, g] : groups) {
        os << "  " << (lang == Lang::zh ? severity_labels().zh(severity_name(g.sev)) : severity_name(g.sev)) << " " << key.first << "/" << key.second << ": " << g.n << "\n";
        for (const auto* f : g.ex) os << "    " << f->message << "\n";
    }
}

}  // namespace landeff
