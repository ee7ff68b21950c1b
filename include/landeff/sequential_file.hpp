#pragma once
// A large output file written front to back (issue 20): the GeoJSON layers, the shapefiles' .shp,
// .shx and .dbf, report.xlsx and report.html.
//
// Written through the page cache, every byte of such a file is first copied by the kernel into a
// page it allocates, and on a virtual machine whose free memory goes back to its host a new page
// costs a fault on the host as well: measured on the 2-core machine of scripts/bench, dd wrote 3 GB
// through the page cache in 6.7 CPU-seconds (about 0.47 GB/s) and with O_DIRECT in 0.3. An
// all-formats run at 1 M parcels writes about 5 GB this way. So the bytes are gathered into
// aligned buffers of kBuffer bytes and each full buffer is written by a thread of the file's own
// with O_DIRECT (the disk's DMA reads it where it is), while the caller fills the next one; the
// last, partial block and the bytes rewritten in place (write_at: the shapefiles' headers, known
// last) go through the page cache when the file is closed.
//
// Where the file system refuses O_DIRECT (tmpfs, some network and FUSE file systems) or a direct
// write is refused for its alignment, the same buffers are written through the page cache; so they
// are everywhere with LANDEFF_DIRECT_IO=0. The file's bytes are the same either way.
//
// Errors as fwrite's: a call that fails returns false with errno set to the failing system call's
// (ENOSPC for a full disk); a write that failed on the file's thread makes the next call fail.
#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <filesystem>
#include <memory>
#include <mutex>
#include <streambuf>
#include <string>
#include <string_view>
#include <thread>
#include <utility>
#include <vector>

namespace landeff {

// Whether large outputs may be written with O_DIRECT: not when LANDEFF_DIRECT_IO is 0, no, off or
// false. SequentialFile and the GeoPackage's SQLite VFS (sqlite_direct.hpp) ask it.
bool direct_io_wanted();

// Sets O_DIRECT on `fd` when direct_io_wanted(); whether it is set (a file system without direct
// I/O refuses the flag: EINVAL).
bool set_direct_io(int fd);

// pwrite of all `len` bytes at `offset` (EINTR retried). A write refused with EINVAL while `direct`
// (a device whose blocks are larger than the alignment used) takes O_DIRECT off the descriptor,
// clears `direct` and goes through the page cache. False with errno set when a write fails.
bool pwrite_all(int fd, const char* p, size_t len, uint64_t offset, bool& direct);

class SequentialFile {
public:
    static constexpr size_t kAlign = 4096;           // offsets, lengths and addresses of direct writes
    static constexpr size_t kBuffer = size_t(2) << 20;  // bytes per write; at most kBuffers held
    static constexpr size_t kBuffers = 3;

    SequentialFile() = default;
    SequentialFile(const SequentialFile&) = delete;
    SequentialFile& operator=(const SequentialFile&) = delete;
    ~SequentialFile();  // without close(): the file is left as far as it was written (no error)

    // Creates or truncates `path` (mode 0666 less the umask, as fopen's "wb"). False with errno set
    // when it cannot be created.
    bool open(const std::filesystem::path& path);
    bool is_open() const { return m_fd >= 0; }

    // Appends `s`.
    bool write(std::string_view s);
    // Overwrites s.size() bytes at `offset`, all of them already appended (offset + s.size() ≤
    // size()); what is written there later by write_at wins.
    bool write_at(uint64_t offset, std::string_view s);
    uint64_t size() const { return m_size; }

    // Writes what is left, waits for the file's thread and closes the file.
    bool close();

    // Whether full buffers go to the disk with O_DIRECT (for tests and the bench's notes).
    bool direct() const { return m_direct; }

private:
    struct Aligned {
        void operator()(char* p) const;
    };
    using Buffer = std::unique_ptr<char, Aligned>;
    struct Full {
        Buffer buf;
        uint64_t offset = 0;
        size_t len = 0;
    };

    bool submit(size_t len);  // hands the current buffer's first len bytes (a multiple of kAlign) to the thread
    void run();               // the file's thread
    bool put(const char* p, size_t len, uint64_t offset);  // pwrite all of it (the thread's or close's)
    bool failed();            // an error on the thread: errno set to it
    void stop_thread();       // lets the thread write what is queued, and joins it

    int m_fd = -1;
    std::atomic<bool> m_direct{false};  // cleared by the file's thread when a direct write is refused
    uint64_t m_size = 0;       // bytes appended
    uint64_t m_cur_offset = 0;  // file offset of m_cur's first byte
    size_t m_cur_len = 0;
    Buffer m_cur;
    std::vector<std::pair<uint64_t, std::string>> m_patches;  // write_at before m_cur

    std::mutex m_mutex;
    std::condition_variable m_cv;
    std::deque<Full> m_queue;   // full buffers to write, in order
    std::vector<Buffer> m_free;  // written ones, to fill again
    size_t m_held = 0;          // buffers allocated
    bool m_stop = false;
    int m_error = 0;            // errno of the thread's failed write
    std::thread m_thread;
};

// A std::ostream's buffer over a SequentialFile (report.html's writer takes an ostream): small
// pieces gathered here, large ones handed on as they are. A failed write fails the stream (badbit);
// errno is the failing call's.
class SequentialFileBuf : public std::streambuf {
public:
    explicit SequentialFileBuf(SequentialFile& f) : m_f(f), m_buf(size_t(1) << 16) { setp(m_buf.data(), m_buf.data() + m_buf.size()); }

protected:
    int_type overflow(int_type c) override {
        if (!drain()) return traits_type::eof();
        if (!traits_type::eq_int_type(c, traits_type::eof())) {
            *pptr() = traits_type::to_char_type(c);
            pbump(1);
        }
        return traits_type::not_eof(c);
    }
    std::streamsize xsputn(const char* s, std::streamsize n) override {
        if (n < static_cast<std::streamsize>(m_buf.size())) return std::streambuf::xsputn(s, n);
        if (!drain() || !m_f.write(std::string_view(s, static_cast<size_t>(n)))) return 0;
        return n;
    }
    int sync() override { return drain() ? 0 : -1; }

private:
    bool drain() {
        const size_t n = static_cast<size_t>(pptr() - pbase());
        setp(m_buf.data(), m_buf.data() + m_buf.size());
        return n == 0 || m_f.write(std::string_view(m_buf.data(), n));
    }
    SequentialFile& m_f;
    std::vector<char> m_buf;
};

}  // namespace landeff
