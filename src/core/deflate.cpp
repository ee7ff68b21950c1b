#include "landeff/deflate.hpp"

#include <isa-l/crc.h>
#include <isa-l/igzip_lib.h>
#include <zlib.h>

#include <immintrin.h>

#include <algorithm>
#include <cstring>
#include <memory>
#include <stdexcept>
#include <vector>

namespace landeff {
namespace {

// ISA-L's vector code (its AVX2 and AVX-512 deflate, CRC-32 and Adler-32, hand-written assembly)
// returns with the upper halves of the vector registers still in use: it ends without the
// vzeroupper a compiled AVX function ends with. Until something clears them, every legacy-SSE
// instruction the thread runs pays for it: glibc's atan2, exp and sinh took 20 times as long (3 M
// calls 0.056 s, after one crc32_gzip_refl 1.17 s, on this project's 2-core Xeon), PROJ's inverse
// Gauss–Krüger projection with them 4–5 times (report.html's map on the hostile 1 M city: 3.9 s
// for 3.9 M points against 0.2 µs a point before the thread had deflated), and every TBB worker
// that had deflated a piece of report.xlsx or report.html carried that into whatever it ran next.
// Each call into ISA-L is therefore followed by vzeroupper (on a CPU without AVX, ISA-L used
// none and there is nothing to clear). Test Deflate.LeavesNoVectorUpperHalvesInUse reads the
// processor's own record of it (XGETBV 1).
__attribute__((target("avx"))) void zero_upper_avx() { _mm256_zeroupper(); }

void after_isal() {
    static const bool avx = __builtin_cpu_supports("avx");
    if (avx) zero_upper_avx();
}

}  // namespace

// igzip rather than zlib (issue 20): on the parcels sheet of the 200 000 city (387 MB of XML) igzip's
// level 1 took 0.63 s for 74 MB, zlib's level 1 2.7 s for 77 MB and its default level 6 5.4 s for
// 60 MB; on report.html's data (97 MB of JSON) 0.15 s for 20.8 MB against GDAL's libdeflate at level 6
// 1.0 s for 16.7 MB. The output buffer is not zeroed first (no page of it is touched in vain).
std::string deflate_piece(std::string_view in, bool last) {
    thread_local std::vector<uint8_t> level_buf(ISAL_DEF_LVL1_DEFAULT);
    // The output is made in a buffer each thread keeps (issue 20): report.xlsx deflates a piece of
    // about 4 MB per batch of rows, and a new buffer each time cost a fresh allocation whose pages the
    // kernel zeroes on first touch. Pieces larger than kKeep get a buffer of their own.
    constexpr size_t kKeep = size_t(16) << 20;
    thread_local std::unique_ptr<uint8_t[]> kept;
    thread_local size_t kept_cap = 0;
    size_t cap = in.size() + in.size() / 8 + 1024;
    for (;;) {
        std::unique_ptr<uint8_t[]> own;
        uint8_t* out = nullptr;
        if (cap <= kKeep) {
            if (kept_cap < cap) {
                kept.reset();
                kept_cap = std::min(kKeep, std::max(cap, kept_cap * 2));
                kept.reset(new uint8_t[kept_cap]);
            }
            out = kept.get();
        } else {
            own.reset(new uint8_t[cap]);
            out = own.get();
        }
        // isal_deflate_stateless_init sets only some fields of the state; the rest would be what the
        // stack held (igzip then chose its hash table from it: the same text came out 70 % larger
        // in landeff than in a test program), so the whole is zeroed first.
        isal_zstream zs;
        std::memset(&zs, 0, sizeof zs);
        isal_deflate_stateless_init(&zs);
        zs.level = 1;
        zs.level_buf = level_buf.data();
        zs.level_buf_size = static_cast<uint32_t>(level_buf.size());
        zs.gzip_flag = IGZIP_DEFLATE;
        zs.flush = last ? NO_FLUSH : FULL_FLUSH;
        zs.end_of_stream = last ? 1 : 0;
        zs.next_in = reinterpret_cast<uint8_t*>(const_cast<char*>(in.data()));
        zs.avail_in = static_cast<uint32_t>(in.size());
        zs.next_out = out;
        zs.avail_out = static_cast<uint32_t>(cap);
        const int rc = isal_deflate_stateless(&zs);
        after_isal();
        if (rc == COMP_OK && zs.avail_in == 0) return std::string(reinterpret_cast<const char*>(out), zs.total_out);
        if (rc != STATELESS_OVERFLOW || cap > 2 * in.size() + 65536)
            throw std::runtime_error("isal_deflate_stateless " + std::to_string(rc));
        cap *= 2;
    }
}

uint32_t crc32_of(std::string_view in) {
    const uint32_t crc = crc32_gzip_refl(0, reinterpret_cast<const unsigned char*>(in.data()), in.size());
    after_isal();
    return crc;
}
uint32_t adler32_of(std::string_view in) {
    const uint32_t adler = isal_adler32(1, reinterpret_cast<const unsigned char*>(in.data()), in.size());
    after_isal();
    return adler;
}
uint32_t crc32_joined(uint32_t first, uint32_t second, uint64_t second_size) {
    return static_cast<uint32_t>(crc32_combine(first, second, static_cast<z_off_t>(second_size)));
}
uint32_t adler32_joined(uint32_t first, uint32_t second, uint64_t second_size) {
    return static_cast<uint32_t>(adler32_combine(first, second, static_cast<z_off_t>(second_size)));
}

void DeflateSink::flush() {
    if (m_text.empty()) return;
    m_pieces.push_back(deflate_piece(m_text, false));
    m_adler = adler32_joined(m_adler, adler32_of(m_text), m_text.size());
    m_size += m_text.size();
    m_text.clear();
}

// 0x78 0x01: deflate with a 32 KiB window (igzip's), the fastest level, (0x78 × 256 + 0x01) % 31 = 0.
ZlibStream::ZlibStream() : m_head("\x78\x01", 2) {}

void ZlibStream::add(const DeflateSink& sink) {
    m_sinks.push_back(&sink);
    m_adler = adler32_joined(m_adler, sink.adler(), sink.size());
}

const std::vector<std::string_view>& ZlibStream::finish_parts() {
    if (m_parts.empty()) {
        m_tail = deflate_piece(std::string_view(), true);  // the last block, empty
        for (int shift = 24; shift >= 0; shift -= 8) m_tail.push_back(static_cast<char>((m_adler >> shift) & 0xff));
        m_parts.emplace_back(m_head);
        for (const DeflateSink* s : m_sinks)
            for (const std::string& p : s->pieces()) m_parts.emplace_back(p);
        m_parts.emplace_back(m_tail);
    }
    return m_parts;
}

std::string ZlibStream::finish() {
    const auto& parts = finish_parts();
    size_t n = 0;
    for (const auto& p : parts) n += p.size();
    std::string out;
    out.reserve(n);
    for (const auto& p : parts) out.append(p);
    return out;
}

}  // namespace landeff
