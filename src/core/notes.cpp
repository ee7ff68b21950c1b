#include "landeff/notes.hpp"

#include <algorithm>
#include <atomic>
#include <cstring>
#include <stdexcept>
#include <unordered_set>

namespace landeff {

NoteList::NoteList(const std::vector<std::string>& items) {
    for (const auto& s : items) push_back(s);
}

void NoteList::release() {
    if (m_text && !shared()) delete[] reinterpret_cast<char*>(m_text);
    m_text = 0;
}

void NoteList::assign(std::string_view text) {
    char* block = nullptr;
    if (!text.empty()) {
        block = new char[text.size() + 1];
        std::memcpy(block, text.data(), text.size());
        block[text.size()] = '\0';
    }
    release();  // after the copy: `text` may be a view of our own block
    m_text = reinterpret_cast<uintptr_t>(block);
}

void NoteList::copy_from(const NoteList& o) {
    if (o.shared()) {
        release();
        m_text = o.m_text;
    } else {
        assign(o.view());
    }
}

void NoteList::share(TextPool& pool) {
    if (!m_text || shared()) return;
    const char* kept = pool.intern(view()).data();  // std::string's text: NUL-terminated
    const auto p = reinterpret_cast<uintptr_t>(kept);
    if (p & kShared) return;  // a string's text is at least 8-byte aligned: were it not, the list keeps its own
    release();
    m_text = p | kShared;
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
    out.reserve(v.size() + 4 * sep.size());
    size_t start = 0;
    for (size_t end; (end = v.find(kSep, start)) != std::string_view::npos; start = end + 1)
        out.append(v.substr(start, end - start)).append(sep);
    out.append(v.substr(start));
    return out;
}

std::string join(const NoteList& notes, std::string_view sep) { return notes.join(sep); }

namespace {
std::atomic<uint64_t> g_pools{0};
}  // namespace

TextPool::TextPool() : m_id(++g_pools) {}

// A few hundred texts recur over a million parcels, so every core asked for the same shard's lock
// parcel after parcel: with two threads a tenth of the compliance step went to waiting for it
// (issue 20). Each thread first looks in its own set of the views the pool gave it — no lock, the
// same view — and takes the lock only for a text it has not asked for yet. The set is of one pool
// (m_id) and starts again past kRecent texts, so a stream of distinct texts costs it nothing.
std::string_view TextPool::intern(std::string_view text) {
    constexpr size_t kRecent = 4096;
    struct Recent {
        uint64_t pool = 0;
        std::unordered_set<std::string_view> seen;  // views into the pool's texts
    };
    thread_local Recent recent;
    if (recent.pool != m_id) {
        recent.seen.clear();
        recent.pool = m_id;
    }
    if (auto hit = recent.seen.find(text); hit != recent.seen.end()) return *hit;
    const size_t h = Hash{}(text);
    Shard& sh = m_shards[h % kShards];
    std::string_view kept;
    {
        std::lock_guard<std::mutex> lock(sh.lock);
        auto it = sh.texts.find(text);
        if (it == sh.texts.end()) it = sh.texts.emplace(text).first;
        kept = *it;
    }
    if (recent.seen.size() >= kRecent) recent.seen.clear();
    recent.seen.insert(kept);
    return kept;
}

size_t TextPool::size() const {
    size_t n = 0;
    for (const auto& sh : m_shards) {
        std::lock_guard<std::mutex> lock(sh.lock);
        n += sh.texts.size();
    }
    return n;
}

}  // namespace landeff
