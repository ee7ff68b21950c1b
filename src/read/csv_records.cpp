#include "landeff/csv_records.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>

namespace landeff {
namespace {

constexpr size_t kBlock = size_t{1} << 20;  // bytes read at a time

enum class Scan { Record, More, End };

struct Found {
    size_t begin = 0, end = 0;  // the record's text
    size_t next = 0;            // where the next record starts
    bool lines = false;
};

bool is_bom(const char* d) {
    return static_cast<unsigned char>(d[0]) == 0xEF && static_cast<unsigned char>(d[1]) == 0xBB && static_cast<unsigned char>(d[2]) == 0xBF;
}

// One record from d[p, n): its lines up to the first whose end leaves an even count of quotes
// (CSVReadParseLine3L). More: the bytes so far do not tell where it ends (eof false).
Scan scan_record(const char* d, size_t n, size_t p, bool eof, Found& f) {
    if (p >= n) return eof ? Scan::End : Scan::More;
    bool odd = false;
    bool first = true;
    f.lines = false;
    size_t ls = p;
    for (;;) {
        size_t i = ls;
        while (i < n && d[i] != '\r' && d[i] != '\n') {
            if (d[i] == '"') odd = !odd;
            ++i;
        }
        size_t next = n;  // after this line's end
        if (i == n) {
            if (!eof) return Scan::More;  // the line may go on
        } else if (i + 1 < n) {
            next = i + ((d[i] == '\r' && d[i + 1] == '\n') || (d[i] == '\n' && d[i + 1] == '\r') ? 2 : 1);
        } else {
            if (!eof) return Scan::More;  // "\r" or "\n" last: a pair or not
            next = n;
        }
        if (first) {
            f.begin = i - p >= 3 && is_bom(d + p) ? p + 3 : p;  // the first line's byte-order mark
            first = false;
        }
        f.end = i;
        f.next = next;
        // Even: the record ends here. Odd at the file's end: GDAL splits what it has.
        if (!odd || next >= n) {
            if (odd && next >= n && !eof) return Scan::More;  // another line may come
            return Scan::Record;
        }
        ls = next;
        f.lines = true;
    }
}

}  // namespace

std::unique_ptr<CsvRecords> CsvRecords::open(const std::string& path, char delimiter, size_t line_limit) {
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0 || !S_ISREG(st.st_mode)) return nullptr;
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return nullptr;
    std::unique_ptr<CsvRecords> r(new CsvRecords);
    r->fd_ = fd;
    r->delim_ = delimiter;
    // One pass first: a NUL byte (GDAL's lines are C strings: cut there) or a line of line_limit
    // bytes or more (GDAL stops with an error) leaves the file to GDAL. Lines counted between "\n"s
    // only: a file of "\r" ends may be left to GDAL when it need not be, never the other way.
    {
        std::string block(kBlock, '\0');
        size_t since_nl = 0;
        for (;;) {
            const ssize_t got = ::read(fd, block.data(), kBlock);
            if (got < 0) {
                if (errno == EINTR) continue;
                return nullptr;
            }
            if (got == 0) break;
            const char* d = block.data();
            const size_t n = static_cast<size_t>(got);
            if (std::memchr(d, '\0', n)) return nullptr;
            size_t at = 0;
            while (at < n) {
                const void* nl = std::memchr(d + at, '\n', n - at);
                const size_t stop = nl ? static_cast<size_t>(static_cast<const char*>(nl) - d) : n;
                since_nl += stop - at;
                if (since_nl >= line_limit) return nullptr;
                if (!nl) break;
                since_nl = 0;
                at = stop + 1;
            }
        }
        if (::lseek(fd, 0, SEEK_SET) != 0) return nullptr;
    }
    // The header: the first record, whatever its text.
    Found f;
    for (;;) {
        const Scan s = scan_record(r->buf_.data(), r->buf_.size(), 0, r->eof_, f);
        if (s == Scan::More) {
            r->more();
            continue;
        }
        if (s == Scan::End) return r;  // an empty file: no header, no records
        break;
    }
    CsvBatch one;
    one.raw = r->buf_;
    const CsvBatch::Rec rec{f.begin, f.end, 0, f.lines};
    std::string scratch, text;
    std::vector<uint32_t> starts;
    csv_split(csv_record_text(one, rec, scratch), delimiter, text, starts);
    for (uint32_t s : starts) r->header_.emplace_back(text.c_str() + s);
    r->buf_.erase(0, f.next);
    return r;
}

CsvRecords::~CsvRecords() {
    if (fd_ >= 0) ::close(fd_);
}

bool CsvRecords::more() {
    if (eof_) return false;
    const size_t old = buf_.size();
    buf_.resize(old + kBlock);
    ssize_t got;
    do got = ::read(fd_, buf_.data() + old, kBlock);
    while (got < 0 && errno == EINTR);
    if (got < 0) {
        const int e = errno;
        buf_.resize(old);
        throw std::runtime_error(std::strerror(e));
    }
    buf_.resize(old + static_cast<size_t>(got));
    if (got == 0) eof_ = true;
    return got > 0;
}

bool CsvRecords::next(CsvBatch& b, size_t max) {
    b.recs.clear();
    size_t p = 0;
    Found f;
    while (b.recs.size() < max) {
        const Scan s = scan_record(buf_.data(), buf_.size(), p, eof_, f);
        if (s == Scan::More) {
            more();
            continue;
        }
        if (s == Scan::End) break;
        if (f.lines || f.end > f.begin) b.recs.push_back(CsvBatch::Rec{f.begin, f.end, next_fid_++, f.lines});  // an empty line: no feature
        p = f.next;
    }
    // The batch keeps the bytes of its records; the rest stays for the next.
    b.raw.swap(buf_);
    buf_.assign(b.raw, p, std::string::npos);
    b.raw.resize(p);
    return !b.recs.empty();
}

std::string_view csv_record_text(const CsvBatch& b, const CsvBatch::Rec& r, std::string& scratch) {
    const char* d = b.raw.data();
    if (!r.lines) return std::string_view(d + r.begin, r.end - r.begin);
    scratch.clear();
    for (size_t i = r.begin; i < r.end; ++i) {
        const char c = d[i];
        if (c != '\r' && c != '\n') {
            scratch.push_back(c);
            continue;
        }
        // A line's end, one or a pair, is one "\n" in GDAL's working line.
        if (i + 1 < r.end && ((c == '\r' && d[i + 1] == '\n') || (c == '\n' && d[i + 1] == '\r'))) ++i;
        scratch.push_back('\n');
    }
    return scratch;
}

void csv_split(std::string_view s, char delim, std::string& text, std::vector<uint32_t>& starts) {
    text.clear();
    starts.clear();
    const size_t n = s.size();
    size_t p = 0;
    while (p < n) {
        bool in = false;
        starts.push_back(static_cast<uint32_t>(text.size()));
        for (;;) {
            const char c = s[p];
            if (!in && c == delim) {
                ++p;
                break;
            }
            if (c == '"') {
                if (!in || p + 1 >= n || s[p + 1] != '"') {
                    // A quote that opens or closes: dropped.
                    in = !in;
                    if (++p >= n) break;
                    continue;
                }
                ++p;  // two quotes inside: the second is kept
            }
            text.push_back(s[p]);
            if (++p >= n) break;
        }
        text.push_back('\0');
        // A record ending in a delimiter has one more, empty field (whether that delimiter was
        // inside quotes or not, as CSVSplitLine decides it).
        if (p >= n && s[p - 1] == delim) {
            starts.push_back(static_cast<uint32_t>(text.size()));
            text.push_back('\0');
        }
    }
}

}  // namespace landeff
