#pragma once
// A short list of explanations ("far_low(contract): 0.5 vs 1", "mu_tax: no tax figure") kept in one
// block of text. Every parcel carries several such lists and a province holds millions of
// parcels in memory at once (issue 7): one pointer (8 bytes, null when empty) to one allocation
// sized to the text replaces a vector of strings, each with its own header and heap block.
#include <array>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

namespace landeff {

class TextPool;

class NoteList {
public:
    NoteList() = default;
    NoteList(const std::vector<std::string>& items);  // NOLINT: a drop-in for vector<string>
    NoteList(const NoteList& o) { copy_from(o); }
    NoteList(NoteList&& o) noexcept : m_text(o.m_text) { o.m_text = 0; }
    NoteList& operator=(const NoteList& o) {
        if (this != &o) copy_from(o);
        return *this;
    }
    NoteList& operator=(NoteList&& o) noexcept {
        if (this != &o) {
            release();
            m_text = o.m_text;
            o.m_text = 0;
        }
        return *this;
    }
    ~NoteList() { release(); }

    void push_back(std::string_view note);  // an empty note says nothing and is not kept
    size_t size() const;
    bool empty() const { return !m_text; }
    std::string at(size_t i) const;         // throws std::out_of_range
    std::string operator[](size_t i) const { return at(i); }
    std::vector<std::string> items() const;
    std::string join(std::string_view sep) const;

    // Keeps the list's text in `pool` (once per distinct text) and frees its own block (issue 20):
    // the same few explanations recur on thousands of parcels and enterprises. The list then points
    // at the pool's copy, and so do its copies: it must not outlive the pool (the Analysis's
    // `texts`). A later push_back gives it its own block again.
    void share(TextPool& pool);
    bool shared() const { return m_text & kShared; }

private:
    static constexpr char kSep = '\x1f';  // ASCII unit separator: never in a note
    static constexpr uintptr_t kShared = 1;  // low bit of m_text: the text is the pool's, not ours
    const char* ptr() const { return reinterpret_cast<const char*>(m_text & ~kShared); }
    std::string_view view() const { return m_text ? std::string_view(ptr()) : std::string_view(); }
    void assign(std::string_view text);
    void copy_from(const NoteList& o);
    void release();
    // NUL-terminated items separated by kSep, in our own block or (kShared) in a TextPool; 0 = no items.
    uintptr_t m_text = 0;
};

std::string join(const NoteList& notes, std::string_view sep);

// Texts that many records share, each kept once (issue 20): the compliance checks a parcel could be
// evaluated on are one of a few hundred texts for a million parcels — held per parcel they were
// about a twentieth of a province's memory. intern() gives a view of the pool's copy (NUL-terminated),
// valid as long as the pool; safe to call from several threads.
class TextPool {
public:
    TextPool();
    TextPool(const TextPool&) = delete;
    TextPool& operator=(const TextPool&) = delete;
    std::string_view intern(std::string_view text);
    size_t size() const;

private:
    struct Hash {
        using is_transparent = void;
        size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
    };
    // Shards by hash, each with its own lock: every parcel's lists go through intern() from all cores.
    struct Shard {
        mutable std::mutex lock;
        std::unordered_set<std::string, Hash, std::equal_to<>> texts;  // nodes: a text never moves
    };
    static constexpr size_t kShards = 16;
    std::array<Shard, kShards> m_shards;
    // This pool among every pool the process made: a thread's cache of the texts it interned
    // (intern) belongs to one pool, and a pool made later at the same address is another.
    const uint64_t m_id;
};

}  // namespace landeff
