#pragma once
// Bytes written through a cursor (issue 20): the writer asks for room once per piece of output
// (a cell, a row) and then writes with fixed-size copies, instead of std::string::append's capacity
// check and call to memcpy for each few bytes (report.xlsx's rows are some 4 GB of XML at 1 M
// parcels, put together from pieces of 1 to 20 bytes).
#include <algorithm>
#include <cstddef>
#include <cstdlib>
#include <cstring>
#include <new>
#include <string_view>
#include <utility>

namespace landeff {

class CharBuf {
public:
    CharBuf() = default;
    ~CharBuf() { std::free(m_data); }
    CharBuf(const CharBuf&) = delete;
    CharBuf& operator=(const CharBuf&) = delete;
    CharBuf(CharBuf&& o) noexcept
        : m_data(std::exchange(o.m_data, nullptr)), m_size(std::exchange(o.m_size, 0)), m_cap(std::exchange(o.m_cap, 0)) {}
    CharBuf& operator=(CharBuf&& o) noexcept {
        std::swap(m_data, o.m_data);
        std::swap(m_size, o.m_size);
        std::swap(m_cap, o.m_cap);
        return *this;
    }

    // The end of what is held, with room for `n` more bytes after it (valid until the next room()).
    char* room(size_t n) {
        if (m_cap - m_size < n) grow(m_size + n);
        return m_data + m_size;
    }
    // What was written from room() on ends at `end`.
    void commit(const char* end) { m_size = static_cast<size_t>(end - m_data); }
    // Keeps the first `n` bytes (n ≤ size()).
    void truncate(size_t n) { m_size = n; }
    void clear() { m_size = 0; }
    size_t size() const { return m_size; }
    std::string_view view() const { return {m_data, m_size}; }

private:
    void grow(size_t need) {
        const size_t cap = std::max({need, m_cap * 2, size_t(4096)});
        char* p = static_cast<char*>(std::realloc(m_data, cap));
        if (!p) throw std::bad_alloc();
        m_data = p;
        m_cap = cap;
    }
    char* m_data = nullptr;
    size_t m_size = 0, m_cap = 0;
};

// Writes the N - 1 characters of a literal at `p` (one fixed-size copy); returns the end.
template <size_t N>
inline char* put_literal(char* p, const char (&s)[N]) {
    std::memcpy(p, s, N - 1);
    return p + (N - 1);
}

// A short text (at most 15 bytes) kept in 16 bytes, copied whole and advanced by its length: the
// destination needs 16 bytes of room.
struct Short16 {
    char s[16] = {};
    size_t n = 0;
    Short16() = default;
    explicit Short16(std::string_view t) : n(std::min<size_t>(t.size(), 15)) { std::memcpy(s, t.data(), n); }
    char* put(char* p) const {
        std::memcpy(p, s, 16);
        return p + n;
    }
};

}  // namespace landeff
