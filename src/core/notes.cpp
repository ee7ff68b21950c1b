#include "landeff/notes.hpp"

#include <algorithm>
#include <stdexcept>

namespace landeff {

NoteList::NoteList(const std::vector<std::string>& items) {
    for (const auto& s : items) push_back(s);
}

void NoteList::push_back(std::string_view note) {
    if (note.empty()) return;
    if (empty()) {
        m_text.assign(note);
        return;
    }
    // Grow to the exact size: a doubling string would leave up to half its block unused.
    std::string grown;
    grown.reserve(m_text.size() + 1 + note.size());
    grown.append(m_text).append(1, kSep).append(note);
    m_text.swap(grown);
}

void NoteList::insert_front(std::string_view note) {
    if (note.empty() || empty()) return push_back(note);
    std::string grown;
    grown.reserve(m_text.size() + 1 + note.size());
    grown.append(note).append(1, kSep).append(m_text);
    m_text.swap(grown);
}

size_t NoteList::size() const {
    if (empty()) return 0;
    return static_cast<size_t>(std::count(m_text.begin(), m_text.end(), kSep)) + 1;
}

std::vector<std::string> NoteList::items() const {
    std::vector<std::string> out;
    if (empty()) return out;
    size_t start = 0;
    for (;;) {
        const size_t end = m_text.find(kSep, start);
        out.emplace_back(m_text.substr(start, end == std::string::npos ? std::string::npos : end - start));
        if (end == std::string::npos) break;
        start = end + 1;
    }
    return out;
}

std::string NoteList::at(size_t i) const {
    auto all = items();
    if (i >= all.size()) throw std::out_of_range("NoteList::at: " + std::to_string(i) + " of " + std::to_string(all.size()));
    return all[i];
}

std::string NoteList::join(std::string_view sep) const {
    std::string out;
    out.reserve(m_text.size() + size() * sep.size());
    for (char c : m_text) {
        if (c == kSep) out.append(sep);
        else out.push_back(c);
    }
    return out;
}

void NoteList::clear() {
    std::string().swap(m_text);
}

std::string join(const NoteList& notes, std::string_view sep) { return notes.join(sep); }

}  // namespace landeff
