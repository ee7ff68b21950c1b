#pragma once
// A short list of explanations ("far_low(contract): 0.5 vs 1", "mu_tax: no tax figure") kept in one
// block of text. Every parcel carries several such lists and a province holds millions of
// parcels in memory at once (issue 7): one pointer (8 bytes, null when empty) to one allocation
// sized to the text replaces a vector of strings, each with its own header and heap block.
#include <cstddef>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

namespace landeff {

class NoteList {
public:
    NoteList() = default;
    NoteList(const std::vector<std::string>& items);  // NOLINT: a drop-in for vector<string>
    NoteList(const NoteList& o) { assign(o.view()); }
    NoteList(NoteList&&) noexcept = default;
    NoteList& operator=(const NoteList& o) {
        if (this != &o) assign(o.view());
        return *this;
    }
    NoteList& operator=(NoteList&&) noexcept = default;

    void push_back(std::string_view note);  // an empty note says nothing and is not kept
    size_t size() const;
    bool empty() const { return !m_text; }
    std::string at(size_t i) const;         // throws std::out_of_range
    std::string operator[](size_t i) const { return at(i); }
    std::vector<std::string> items() const;
    std::string join(std::string_view sep) const;

private:
    static constexpr char kSep = '\x1f';  // ASCII unit separator: never in a note
    std::string_view view() const { return m_text ? std::string_view(m_text.get()) : std::string_view(); }
    void assign(std::string_view text);
    std::unique_ptr<char[]> m_text;       // NUL-terminated items separated by kSep; null = no items
};

std::string join(const NoteList& notes, std::string_view sep);

// Texts that many records share, each kept once (issue 20): the compliance checks a parcel could be
// evaluated on are one of a few hundred texts for a million parcels — held per parcel they were
// about a twentieth of a province's memory. intern() gives a view of the pool's copy, valid as
// long as the pool; safe to call from several threads.
class TextPool {
public:
    std::string_view intern(std::string_view text);
    size_t size() const;

private:
    struct Hash {
        using is_transparent = void;
        size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
    };
    mutable std::mutex m_lock;
    std::unordered_set<std::string, Hash, std::equal_to<>> m_texts;  // nodes: a text never moves
};

}  // namespace landeff
