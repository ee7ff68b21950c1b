#include "landeff/zip_out.hpp"

#include <initializer_list>
#include <utility>

namespace landeff {
namespace {

// minizip's zip64local_putValue over out[at, at + bytes): little-endian, every byte 0xff when the
// value does not fit. Written byte by byte: GCC 12 at -O3 warns, wrongly, of an overlapping memcpy
// when std::string::replace does it.
void put_at(std::string& out, size_t at, uint64_t v, int bytes) {
    const bool fits = bytes == 8 || v >> (8 * bytes) == 0;
    for (int k = 0; k < bytes; ++k)
        out.at(at + static_cast<size_t>(k)) = static_cast<char>(fits ? (v >> (8 * k)) & 0xff : 0xff);
}
// The same appended.
void put(std::string& out, uint64_t v, int bytes) {
    const size_t at = out.size();
    out.resize(at + static_cast<size_t>(bytes));
    put_at(out, at, v, bytes);
}
// Fields one after the other: (value, bytes).
void put_fields(std::string& out, std::initializer_list<std::pair<uint64_t, int>> fields) {
    for (const auto& [v, n] : fields) put(out, v, n);
}

constexpr uint64_t k32 = 0xffffffff;

}  // namespace

bool ZipOut::open(const std::filesystem::path& path) { return m_f.open(path); }

bool ZipOut::begin(const Entry& e) {
    // As minizip: the date in 64 bits (tm_zip's fields are unsigned), written into its 4 bytes as
    // 0xffffffff when it does not fit.
    uint64_t dos = e.dos_date;
    if (dos == 0) {  // zip64local_TmzDateToDosDate
        auto field = [&](int k) { return static_cast<uint64_t>(static_cast<uint32_t>(e.tm[k])); };
        uint64_t year = field(0);
        if (year >= 1980) year -= 1980;
        else if (year >= 80) year -= 80;
        const uint64_t month = static_cast<uint32_t>(static_cast<uint32_t>(e.tm[1]) + 1u);  // tm_mon + 1 in unsigned int
        dos = ((field(2) + 32 * month + 512 * year) << 16) | (field(5) / 2 + 32 * field(4) + 2048 * field(3));
    }
    uint16_t flag = 0;
    if (e.level == 8 || e.level == 9) flag |= 2;
    if (e.level == 2) flag |= 4;
    if (e.level == 1) flag |= 6;
    m_local = m_f.size();
    m_compressed = 0;
    // The central record: version made by 0, needed 20 (45 when end() finds zip64 sizes), sizes and
    // CRC filled in by end().
    const uint64_t method = static_cast<uint64_t>(e.method);
    m_header.clear();
    // signature, made by, needed, flag, method, date, CRC, sizes, name, extra, comment, disk, attributes, offset
    put_fields(m_header, {{0x02014b50, 4}, {0, 2}, {20, 2}, {flag, 2}, {method, 2}, {dos, 4}, {0, 4}, {0, 4}, {0, 4},
                          {e.name.size(), 2}, {0, 2}, {0, 2}, {0, 2}, {e.internal_fa, 2}, {e.external_fa, 4},
                          {m_local >= k32 ? k32 : m_local, 4}});
    m_header += e.name;
    // The local header (zip64: version 45, sizes 0xffffffff, a zip64 extra field of zeros).
    std::string h;
    put_fields(h, {{0x04034b50, 4}, {45, 2}, {flag, 2}, {method, 2}, {dos, 4}, {0, 4}, {k32, 4}, {k32, 4}, {e.name.size(), 2}, {20, 2}});
    h += e.name;
    m_zip64_extra = m_local + h.size();
    put_fields(h, {{1, 2}, {16, 2}, {0, 8}, {0, 8}});
    return m_f.write(h);
}

bool ZipOut::write(std::string_view compressed) {
    m_compressed += compressed.size();
    return compressed.empty() || m_f.write(compressed);
}

bool ZipOut::end(uint64_t uncompressed_size, uint32_t crc) {
    const uint64_t compressed = m_compressed;
    if (compressed >= k32 || uncompressed_size >= k32 || m_local >= k32) {
        put_at(m_header, 4, 45, 2);
        put_at(m_header, 6, 45, 2);
    }
    put_at(m_header, 16, crc, 4);
    put_at(m_header, 20, compressed >= k32 ? k32 : compressed, 4);
    put_at(m_header, 24, uncompressed_size >= k32 ? k32 : uncompressed_size, 4);
    uint64_t extra = 0;
    if (uncompressed_size >= k32) extra += 8;
    if (compressed >= k32) extra += 8;
    if (m_local >= k32) extra += 8;
    if (extra > 0) {
        put(m_header, 1, 2);
        put(m_header, extra, 2);
        if (uncompressed_size >= k32) put(m_header, uncompressed_size, 8);
        if (compressed >= k32) put(m_header, compressed, 8);
        if (m_local >= k32) put(m_header, m_local, 8);
        put_at(m_header, 30, extra + 4, 2);
    }
    m_central += m_header;
    // The local header's CRC, and its sizes: in the zip64 extra field when either needs it (the
    // 32-bit fields keep 0xffffffff), else in the 32-bit fields (the extra field keeps its zeros).
    std::string b;
    put(b, crc, 4);
    if (!m_f.write_at(m_local + 14, b)) return false;
    b.clear();
    if (uncompressed_size >= k32 || compressed >= k32) {
        put(b, uncompressed_size, 8);
        put(b, compressed, 8);
        if (!m_f.write_at(m_zip64_extra + 4, b)) return false;
    } else {
        put(b, compressed, 4);
        put(b, uncompressed_size, 4);
        if (!m_f.write_at(m_local + 18, b)) return false;
    }
    ++m_entries;
    return true;
}

bool ZipOut::close() {
    const uint64_t dir_at = m_f.size();
    std::string t = std::move(m_central);
    const uint64_t dir_size = t.size();
    if (dir_at >= k32 || m_entries > 0xffff) {
        const uint64_t record_at = dir_at + dir_size;
        // the zip64 end of central directory record, then its locator
        put_fields(t, {{0x06064b50, 4}, {44, 8}, {45, 2}, {45, 2}, {0, 4}, {0, 4}, {m_entries, 8}, {m_entries, 8}, {dir_size, 8},
                       {dir_at, 8}, {0x07064b50, 4}, {0, 4}, {record_at, 8}, {1, 4}});
    }
    const uint64_t listed = m_entries >= 0xffff ? 0xffff : m_entries;
    put_fields(t, {{0x06054b50, 4}, {0, 2}, {0, 2}, {listed, 2}, {listed, 2}, {dir_size, 4}, {dir_at >= k32 ? k32 : dir_at, 4}, {0, 2}});
    return m_f.write(t) && m_f.close();
}

}  // namespace landeff
