#include "landeff/notes.hpp"

#include <algorithm>
#include <cstring>
#include <stdexcept>

namespace landeff {

NoteList::NoteList(const std::vector<std::string>& items) {
    for (const auto& s : items) push_back(s);
}

void NoteList::assign(std::string_view text) {
    if (text.empty()) {
        m_text.reset();
        return;
    }
    auto block = std::make_unique_for_overwrite<char[]>(text.size() + 1);
    std::memcpy(block.get(), text.data(), text.size());
    block[text.size()] = '\0';
    m_text = std::move(block);
}

void NoteList::push_back(std::string_view note) {
    if (note.empty()) return;
    std::string grown(view());
    if (!grown.empty()) grown.push_back(kSep);
    grown.append(note);
    assign(grown);
}

size_t NoteList::size() const {
    const std::string_view v = view();
    return v.empty() ? 0 : static_cast<size_t>(std::count(v.begin(), v.end(), kSep)) + 1;
}

std::vector<std::string> NoteList::items() const {
    std::vector<std::string> out;
    const std::string_view v = view();
    if (v.empty()) return out;
    size_t start = 0;
    for (;;) {
        const size_t end = v.find(kSep, start);
        out.emplace_back(v.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start));
        if (end == std::string_view::npos) break;
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
    const std::string_view v = view();
    std::string out;
    out.reserve(v.size() + size() * sep.size());
    for (char c : v) {
        if (c == kSep) out.append(sep);
        else out.push_back(c);
    }
    return out;
}

std::string join(const NoteList& notes, std::string_view sep) { return notes.join(sep); }

std::string_view TextPool::intern(std::string_view text) {
    std::lock_guard<std::mutex> lock(m_lock);
    auto it = m_texts.find(text);
    if (it == m_texts.end()) it = m_texts.emplace(text).first;
    return *it;
}

size_t TextPool::size() const {
    std::lock_guard<std::mutex> lock(m_lock);
    return m_texts.size();
}

}  // namespace landeff
