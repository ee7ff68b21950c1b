#pragma once
// Deflate streams made of pieces compressed on any thread and joined (issue 20): report.xlsx's
// sheets and report.html's data. Each piece but the last ends with a full flush, on a byte boundary
// and with no reference to what came before, so the pieces of one stream can be compressed apart
// and written one after the other; the checksums of the pieces are combined.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace landeff {

// `in` as one piece of a raw deflate stream, by ISA-L's igzip at its level 1; `last` ends the
// stream. Throws std::runtime_error naming igzip's error.
std::string deflate_piece(std::string_view in, bool last);

// Zip's and gzip's CRC-32 of `in` (zlib's crc32), and zlib's Adler-32, by ISA-L; the checksums of
// two pieces joined, by zlib.
uint32_t crc32_of(std::string_view in);
uint32_t adler32_of(std::string_view in);
uint32_t crc32_joined(uint32_t first, uint32_t second, uint64_t second_size);
uint32_t adler32_joined(uint32_t first, uint32_t second, uint64_t second_size);

// A zlib stream (RFC 1950: what a browser's DecompressionStream('deflate') reads) written a piece
// at a time: text appended to `text()` is deflated each time it passes `chunk` bytes, so no more
// than that is held uncompressed. Pieces of several sinks join into one stream (ZlibStream).
class DeflateSink {
public:
    explicit DeflateSink(size_t chunk = size_t(1) << 20) : m_chunk(chunk) { m_text.reserve(chunk + chunk / 4); }
    std::string& text() { return m_text; }
    // Deflates the text held when it has passed the chunk size.
    void maybe_flush() {
        if (m_text.size() >= m_chunk) flush();
    }
    void flush();  // deflates what text() holds (a full flush)
    // The deflated pieces in order, each kept as made (not joined into one string that would grow
    // by copies: report.html's data is some 100 MB of them at 1 M parcels).
    const std::vector<std::string>& pieces() const { return m_pieces; }
    uint32_t adler() const { return m_adler; }
    uint64_t size() const { return m_size; }  // bytes of text taken

private:
    size_t m_chunk;
    std::string m_text;
    std::vector<std::string> m_pieces;
    uint32_t m_adler = 1;
    uint64_t m_size = 0;
};

// The zlib stream of the pieces' text one after the other: a header, the pieces' deflated bytes,
// an empty last block, the Adler-32 of the whole. The sinks' pieces are referred to, not copied: the
// sinks must stay (unchanged) while the stream's parts are read.
class ZlibStream {
public:
    ZlibStream();
    ZlibStream(const ZlibStream&) = delete;
    ZlibStream& operator=(const ZlibStream&) = delete;
    void add(const DeflateSink& sink);  // a sink flushed whole
    // Ends the stream; its bytes in order, as views into the sinks and this stream.
    const std::vector<std::string_view>& finish_parts();
    std::string finish();  // the same bytes as one string

private:
    std::string m_head, m_tail;
    std::vector<const DeflateSink*> m_sinks;
    std::vector<std::string_view> m_parts;
    uint32_t m_adler = 1;
};

}  // namespace landeff
