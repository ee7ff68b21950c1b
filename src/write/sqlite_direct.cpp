// SQLite's pages of landeff.gpkg written past the page cache (issue 20): a VFS over SQLite's default
// one. include/landeff/sqlite_direct.hpp says why and what it promises.
#include "landeff/sqlite_direct.hpp"
#include "landeff/sequential_file.hpp"

#include <fcntl.h>
#include <sqlite3.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <condition_variable>
#include <cstdint>
#include <cstdlib>
#include <chrono>
#include <cstring>
#include <deque>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace landeff {

namespace {

constexpr size_t kAlign = 4096;             // offsets and addresses of direct writes
constexpr size_t kRun = size_t(4) << 20;    // bytes per direct write (LANDEFF_TEST_DIRECT_RUN_KB for tests)
constexpr size_t kBuffers = 3;              // the run being filled and two written or waiting
constexpr int kDrain = 0x4C4E4446;          // our file control (sqlite_direct_drain), far past SQLite's own

struct Run {
    char* buf = nullptr;  // kRun bytes, aligned
    uint64_t start = 0;   // file offset of buf[0]
    size_t len = 0;       // bytes held
    uint64_t end() const { return start + len; }
    bool overlaps(uint64_t off, uint64_t end_) const { return len > 0 && off < end() && start < end_; }
};

// The main database's runs of pages and the thread that writes them.
class Writer {
public:
    Writer(int fd, uint64_t size) : m_fd(fd), m_last_end(size) {
        // For the tests: smaller runs, and a writer slow enough that SQLite reads and rewrites pages
        // while their runs wait (tests/unit/test_sqlite_direct.cpp).
        if (const char* e = std::getenv("LANDEFF_TEST_DIRECT_RUN_KB")) {
            const long kb = std::strtol(e, nullptr, 10);
            if (kb >= 4 && kb <= 4096 && kb % 4 == 0) m_run = static_cast<size_t>(kb) * 1024;
        }
        if (const char* e = std::getenv("LANDEFF_TEST_DIRECT_DELAY_MS")) m_delay_ms = std::max(0L, std::min(1000L, std::strtol(e, nullptr, 10)));
    }
    ~Writer() {
        for (char* b : m_free) std::free(b);
        if (m_cur.buf) std::free(m_cur.buf);
        for (const Run& r : m_queue) std::free(r.buf);
    }

    // SQLite's xWrite: into the run being filled when the bytes continue it (or start a new one at
    // the end of the last), else through `real` once what it overlaps is on the disk.
    int write(sqlite3_file* real, const void* data, int amt, sqlite3_int64 off) {
        std::unique_lock<std::mutex> lk(m_mutex);
        if (m_error) return failure();
        const uint64_t o = static_cast<uint64_t>(off), e = o + static_cast<uint64_t>(amt);
        const char* p = static_cast<const char*>(data);
        if (m_cur.buf && o >= m_cur.start && e <= m_cur.start + m_run) {
            // Anywhere in the run's span: SQLite spills pages in order but not always every one of
            // them, so a page may come after a later one. Bytes skipped over are zeros, as a
            // write past the end of a file leaves them, until a write fills them.
            if (o > m_cur.end()) std::memset(m_cur.buf + m_cur.len, 0, static_cast<size_t>(o - m_cur.end()));
            std::memcpy(m_cur.buf + (o - m_cur.start), p, static_cast<size_t>(amt));
            m_cur.len = std::max<size_t>(m_cur.len, static_cast<size_t>(e - m_cur.start));
            if (m_cur.len == m_run) submit();
            return SQLITE_OK;
        }
        if (o >= next() && o % kAlign == 0) {
            // At or past the end of everything gathered: a new run (a gap reads as zeros, as a
            // write past the end of a file leaves it).
            if (m_cur.buf) submit();
            uint64_t at = o;
            while (p != static_cast<const char*>(data) + amt) {
                if (!m_cur.buf) {
                    if (!take_buffer(lk)) return failure();
                    m_cur.start = at;
                    m_cur.len = 0;
                }
                const size_t n = std::min<size_t>(m_run - m_cur.len, static_cast<size_t>(static_cast<const char*>(data) + amt - p));
                std::memcpy(m_cur.buf + m_cur.len, p, n);
                m_cur.len += n;
                p += n;
                at += n;
                if (m_cur.len == m_run) submit();
            }
            return SQLITE_OK;
        }
        // Elsewhere (a page written again, a header): through the page cache, after the runs it
        // overlaps are on the disk — their older bytes must not land after it.
        if (m_cur.overlaps(o, e)) submit();
        m_cv.wait(lk, [&] {
            if (m_error) return true;
            for (const Run& r : m_queue)
                if (r.overlaps(o, e)) return false;
            return true;
        });
        if (m_error) return failure();
        return real->pMethods->xWrite(real, data, amt, off);
    }

    // SQLite's xRead: the file's bytes with the runs not yet written laid over them, under the lock
    // (a run stays listed until its write has returned, so what is not listed is in the file).
    int read(sqlite3_file* real, void* data, int amt, sqlite3_int64 off) {
        std::lock_guard<std::mutex> lk(m_mutex);
        if (m_error) return failure();
        int rc = real->pMethods->xRead(real, data, amt, off);
        if (rc != SQLITE_OK && rc != SQLITE_IOERR_SHORT_READ) return rc;
        const uint64_t o = static_cast<uint64_t>(off), e = o + static_cast<uint64_t>(amt);
        uint64_t end = 0;
        auto lay = [&](const Run& r) {
            if (!r.overlaps(o, e)) return;
            const uint64_t a = std::max(o, r.start), b = std::min(e, r.end());
            std::memcpy(static_cast<char*>(data) + (a - o), r.buf + (a - r.start), static_cast<size_t>(b - a));
        };
        for (const Run& r : m_queue) {
            lay(r);
            end = std::max(end, r.end());
        }
        if (m_cur.buf) {
            lay(m_cur);
            end = std::max(end, m_cur.end());
        }
        // A short read of the file is whole when the runs reach past it (zeros in a gap, as SQLite's
        // short read fills them).
        if (rc == SQLITE_IOERR_SHORT_READ && e <= end) rc = SQLITE_OK;
        return rc;
    }

    // The file's size as SQLite sees it: the runs count.
    int size(sqlite3_file* real, sqlite3_int64* out) {
        std::lock_guard<std::mutex> lk(m_mutex);
        const int rc = real->pMethods->xFileSize(real, out);
        if (rc != SQLITE_OK) return rc;
        uint64_t end = static_cast<uint64_t>(*out);
        for (const Run& r : m_queue) end = std::max(end, r.end());
        if (m_cur.buf) end = std::max(end, m_cur.end());
        *out = static_cast<sqlite3_int64>(end);
        return SQLITE_OK;
    }

    // Every run on the disk (before a sync, a truncation, a close). `reset_end`: the file's new size.
    int drain() {
        std::unique_lock<std::mutex> lk(m_mutex);
        if (m_cur.buf) submit();
        m_cv.wait(lk, [&] { return m_queue.empty(); });
        return m_error ? failure() : SQLITE_OK;
    }
    void set_end(uint64_t end) {
        std::lock_guard<std::mutex> lk(m_mutex);
        m_last_end = end;
    }

    int stop() {
        const int rc = drain();
        {
            std::lock_guard<std::mutex> lk(m_mutex);
            m_stop = true;
        }
        m_cv.notify_all();
        if (m_thread.joinable()) m_thread.join();
        ::close(m_fd);
        m_fd = -1;
        return rc;
    }

private:
    uint64_t next() const { return m_cur.buf ? m_cur.end() : m_last_end; }

    int failure() const {
        errno = m_error;
        return m_error == ENOSPC || m_error == EDQUOT ? SQLITE_FULL : SQLITE_IOERR_WRITE;
    }

    // Called with the lock held.
    void submit() {
        if (!m_thread.joinable()) m_thread = std::thread([this] { run(); });
        m_last_end = m_cur.end();
        m_queue.push_back(m_cur);
        m_cur = Run{};
        m_cv.notify_all();
    }
    bool take_buffer(std::unique_lock<std::mutex>& lk) {
        m_cv.wait(lk, [&] { return !m_free.empty() || m_held < kBuffers || m_error; });
        if (m_error) return false;
        if (!m_free.empty()) {
            m_cur.buf = m_free.back();
            m_free.pop_back();
            return true;
        }
        m_cur.buf = static_cast<char*>(std::aligned_alloc(kAlign, kRun));
        if (!m_cur.buf) {
            m_error = ENOMEM;
            return false;
        }
        ++m_held;
        return true;
    }

    void run() {
        std::unique_lock<std::mutex> lk(m_mutex);
        for (;;) {
            m_cv.wait(lk, [&] { return m_stop || !m_queue.empty(); });
            if (m_queue.empty()) return;
            const Run r = m_queue.front();  // stays listed (for reads) until written
            const bool skip = m_error != 0;
            lk.unlock();
            int err = 0;
            if (m_delay_ms > 0) std::this_thread::sleep_for(std::chrono::milliseconds(m_delay_ms));
            if (!skip && !pwrite_all(m_fd, r.buf, r.len, r.start, m_direct)) err = errno;
            lk.lock();
            if (err && !m_error) m_error = err;
            m_queue.pop_front();
            m_free.push_back(r.buf);
            m_cv.notify_all();
        }
    }

    int m_fd;
    size_t m_run = kRun;
    long m_delay_ms = 0;
    bool m_direct = true;  // the thread's own: cleared when a direct write is refused
    uint64_t m_last_end;   // end of the last run submitted (or the file's size when opened)
    Run m_cur;
    std::deque<Run> m_queue;
    std::vector<char*> m_free;
    size_t m_held = 0;
    int m_error = 0;
    bool m_stop = false;
    std::mutex m_mutex;
    std::condition_variable m_cv;
    std::thread m_thread;
};

// A file of this VFS: SQLite's own file after it.
struct File {
    sqlite3_file base;
    Writer* writer;  // the main database with direct writes, else null
    bool chunked;    // SQLITE_FCNTL_CHUNK_SIZE set: size hints write
    sqlite3_file* real() { return reinterpret_cast<sqlite3_file*>(reinterpret_cast<char*>(this) + offset()); }
    static constexpr size_t offset() { return (sizeof(File) + 15) / 16 * 16; }
};

File* file(sqlite3_file* f) { return reinterpret_cast<File*>(f); }
sqlite3_file* real(sqlite3_file* f) { return file(f)->real(); }

sqlite3_vfs* g_root = nullptr;
sqlite3_vfs g_vfs;

int x_close(sqlite3_file* f) {
    File* d = file(f);
    int rc = SQLITE_OK;
    if (d->writer) {
        rc = d->writer->stop();
        const int err = errno;
        delete d->writer;
        d->writer = nullptr;
        errno = err;
    }
    const int rc2 = real(f)->pMethods->xClose(real(f));
    return rc != SQLITE_OK ? rc : rc2;
}
int x_read(sqlite3_file* f, void* p, int amt, sqlite3_int64 off) {
    File* d = file(f);
    return d->writer ? d->writer->read(real(f), p, amt, off) : real(f)->pMethods->xRead(real(f), p, amt, off);
}
int x_write(sqlite3_file* f, const void* p, int amt, sqlite3_int64 off) {
    File* d = file(f);
    return d->writer ? d->writer->write(real(f), p, amt, off) : real(f)->pMethods->xWrite(real(f), p, amt, off);
}
int x_truncate(sqlite3_file* f, sqlite3_int64 size) {
    File* d = file(f);
    if (d->writer) {
        const int rc = d->writer->drain();
        if (rc != SQLITE_OK) return rc;
    }
    const int rc = real(f)->pMethods->xTruncate(real(f), size);
    if (d->writer && rc == SQLITE_OK) d->writer->set_end(static_cast<uint64_t>(size));
    return rc;
}
int x_sync(sqlite3_file* f, int flags) {
    File* d = file(f);
    if (d->writer) {
        const int rc = d->writer->drain();
        if (rc != SQLITE_OK) return rc;
    }
    return real(f)->pMethods->xSync(real(f), flags);
}
int x_file_size(sqlite3_file* f, sqlite3_int64* out) {
    File* d = file(f);
    return d->writer ? d->writer->size(real(f), out) : real(f)->pMethods->xFileSize(real(f), out);
}
int x_lock(sqlite3_file* f, int l) { return real(f)->pMethods->xLock(real(f), l); }
int x_unlock(sqlite3_file* f, int l) { return real(f)->pMethods->xUnlock(real(f), l); }
int x_check_reserved(sqlite3_file* f, int* out) { return real(f)->pMethods->xCheckReservedLock(real(f), out); }
int x_file_control(sqlite3_file* f, int op, void* arg) {
    File* d = file(f);
    // SQLite hints the size at every spill of pages that grew the file; its default VFS acts on the
    // hint (writing past the end through its own descriptor) only once a chunk size is set, so
    // only then do the runs go to the disk first.
    if (op == kDrain) return d->writer ? d->writer->drain() : SQLITE_OK;
    if (op == SQLITE_FCNTL_CHUNK_SIZE && arg && *static_cast<int*>(arg) > 0) d->chunked = true;
    if (d->writer && d->chunked && op == SQLITE_FCNTL_SIZE_HINT) {
        const int rc = d->writer->drain();
        if (rc != SQLITE_OK) return rc;
    }
    return real(f)->pMethods->xFileControl(real(f), op, arg);
}
int x_sector_size(sqlite3_file* f) { return real(f)->pMethods->xSectorSize(real(f)); }
int x_device(sqlite3_file* f) { return real(f)->pMethods->xDeviceCharacteristics(real(f)); }

// Version 1 methods: no shared memory (no WAL: landeff.gpkg is written in rollback mode) and no
// memory-mapped reads, so every read comes through x_read.
const sqlite3_io_methods g_methods = {1,      x_close,          x_read,       x_write,         x_truncate,
                                      x_sync, x_file_size,      x_lock,       x_unlock,        x_check_reserved,
                                      x_file_control,           x_sector_size, x_device,
                                      nullptr, nullptr, nullptr, nullptr, nullptr, nullptr};

int x_open(sqlite3_vfs*, sqlite3_filename name, sqlite3_file* f, int flags, int* out_flags) {
    File* d = file(f);
    d->base.pMethods = nullptr;
    d->writer = nullptr;
    d->chunked = false;
    const int rc = g_root->xOpen(g_root, name, d->real(), flags, out_flags);
    if (rc != SQLITE_OK) return rc;
    d->base.pMethods = &g_methods;
    if ((flags & SQLITE_OPEN_MAIN_DB) && name && direct_io_wanted()) {
        // POSIX locks belong to the process and the file: closing this second descriptor drops those
        // SQLite holds on it. It is closed only as the database closes (x_close), and the file is
        // open on no other connection then (write_gpkg_rows opens it alone, after GDAL closed it).
        const int fd = ::open(name, O_WRONLY | O_CLOEXEC);
        if (fd >= 0) {
            sqlite3_int64 size = 0;
            if (set_direct_io(fd) && d->real()->pMethods->xFileSize(d->real(), &size) == SQLITE_OK)
                d->writer = new Writer(fd, static_cast<uint64_t>(size));
            else
                ::close(fd);
        }
    }
    return SQLITE_OK;
}

}  // namespace

int sqlite_direct_drain(sqlite3* db) {
    const int rc = sqlite3_file_control(db, "main", kDrain, nullptr);
    return rc == SQLITE_NOTFOUND ? SQLITE_OK : rc;  // a file of SQLite's own VFS: nothing waits
}

const char* sqlite_direct_vfs() {
    static std::once_flag once;
    std::call_once(once, [] {
        g_root = sqlite3_vfs_find(nullptr);
        g_vfs = *g_root;  // everything else is the default VFS's own
        g_vfs.pNext = nullptr;
        g_vfs.szOsFile = static_cast<int>(File::offset()) + g_root->szOsFile;
        g_vfs.zName = "landeff-direct";
        g_vfs.xOpen = x_open;
        sqlite3_vfs_register(&g_vfs, 0);
    });
    return g_vfs.zName;
}

}  // namespace landeff
