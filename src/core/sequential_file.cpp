// A large output file written front to back, its full buffers put on the disk with O_DIRECT by a
// thread of its own (issue 20). include/landeff/sequential_file.hpp says why and what it promises.
#include "landeff/sequential_file.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>

namespace landeff {

bool direct_io_wanted() {
    const char* e = std::getenv("LANDEFF_DIRECT_IO");
    if (!e) return true;
    const std::string v(e);
    return !(v == "0" || v == "NO" || v == "no" || v == "OFF" || v == "off" || v == "FALSE" || v == "false");
}

bool set_direct_io(int fd) {
    if (!direct_io_wanted()) return false;
    const int fl = fcntl(fd, F_GETFL);
    return fl >= 0 && fcntl(fd, F_SETFL, fl | O_DIRECT) == 0;
}

namespace {

// Takes O_DIRECT off the descriptor: the rest is written through the page cache.
void buffered(int fd) {
    const int fl = fcntl(fd, F_GETFL);
    if (fl >= 0 && (fl & O_DIRECT)) fcntl(fd, F_SETFL, fl & ~O_DIRECT);
}

}  // namespace

void SequentialFile::Aligned::operator()(char* p) const { std::free(p); }

SequentialFile::~SequentialFile() {
    if (m_fd < 0) return;
    stop_thread();
    ::close(m_fd);
}

void SequentialFile::stop_thread() {
    {
        std::lock_guard<std::mutex> lk(m_mutex);
        m_stop = true;
    }
    m_cv.notify_all();
    if (m_thread.joinable()) m_thread.join();
}

bool SequentialFile::open(const std::filesystem::path& path) {
    if (m_fd >= 0) {
        errno = EBUSY;
        return false;
    }
    m_fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
    if (m_fd < 0) return false;
    // Set after open, not with it: where the file system refuses the flag the file is written
    // through the page cache.
    m_direct = set_direct_io(m_fd);
    return true;
}

bool SequentialFile::failed() {
    std::lock_guard<std::mutex> lk(m_mutex);
    if (!m_error) return false;
    errno = m_error;
    return true;
}

bool pwrite_all(int fd, const char* p, size_t len, uint64_t offset, bool& direct) {
    while (len > 0) {
        const ssize_t n = ::pwrite(fd, p, len, static_cast<off_t>(offset));
        if (n < 0) {
            if (errno == EINTR) continue;
            if (errno == EINVAL && direct) {
                buffered(fd);
                direct = false;
                continue;
            }
            return false;
        }
        if (n == 0) {
            errno = EIO;
            return false;
        }
        p += n;
        len -= static_cast<size_t>(n);
        offset += static_cast<uint64_t>(n);
    }
    return true;
}

bool SequentialFile::put(const char* p, size_t len, uint64_t offset) {
    bool direct = m_direct;
    const bool ok = pwrite_all(m_fd, p, len, offset, direct);
    if (!direct) m_direct = false;
    return ok;
}

void SequentialFile::run() {
    std::unique_lock<std::mutex> lk(m_mutex);
    for (;;) {
        m_cv.wait(lk, [&] { return m_stop || !m_queue.empty(); });
        if (m_queue.empty()) return;
        Full f = std::move(m_queue.front());
        m_queue.pop_front();
        const bool skip = m_error != 0;  // after a failed write nothing more is written
        lk.unlock();
        int err = 0;
        if (!skip && !put(f.buf.get(), f.len, f.offset)) err = errno;
        lk.lock();
        if (err && !m_error) m_error = err;
        m_free.push_back(std::move(f.buf));
        m_cv.notify_all();
    }
}

bool SequentialFile::submit(size_t len) {
    std::unique_lock<std::mutex> lk(m_mutex);
    if (m_error) {
        errno = m_error;
        return false;
    }
    if (!m_thread.joinable()) m_thread = std::thread([this] { run(); });
    m_queue.push_back(Full{std::move(m_cur), m_cur_offset, len});
    m_cur_offset += len;
    m_cur_len = 0;
    m_cv.notify_all();
    return true;
}

bool SequentialFile::write(std::string_view s) {
    if (m_fd < 0) {
        errno = EBADF;
        return false;
    }
    if (failed()) return false;
    while (!s.empty()) {
        if (!m_cur) {
            std::unique_lock<std::mutex> lk(m_mutex);
            m_cv.wait(lk, [&] { return !m_free.empty() || m_held < kBuffers || m_error; });
            if (m_error) {
                errno = m_error;
                return false;
            }
            if (!m_free.empty()) {
                m_cur = std::move(m_free.back());
                m_free.pop_back();
            } else {
                m_cur.reset(static_cast<char*>(std::aligned_alloc(kAlign, kBuffer)));
                if (!m_cur) {
                    errno = ENOMEM;
                    return false;
                }
                ++m_held;
            }
        }
        const size_t n = std::min(s.size(), kBuffer - m_cur_len);
        std::memcpy(m_cur.get() + m_cur_len, s.data(), n);
        m_cur_len += n;
        m_size += n;
        s.remove_prefix(n);
        if (m_cur_len == kBuffer && !submit(kBuffer)) return false;
    }
    return true;
}

bool SequentialFile::write_at(uint64_t offset, std::string_view s) {
    if (m_fd < 0) {
        errno = EBADF;
        return false;
    }
    if (offset > m_size || s.size() > m_size - offset) {
        errno = EINVAL;
        return false;
    }
    if (failed()) return false;
    // What lies in the buffer being filled is written there; what lies before it is kept and
    // written last, through the page cache, in the order given (a later rewrite wins).
    if (offset < m_cur_offset) {
        const size_t before = static_cast<size_t>(std::min<uint64_t>(m_cur_offset - offset, s.size()));
        m_patches.emplace_back(offset, std::string(s.substr(0, before)));
        s.remove_prefix(before);
        offset += before;
    }
    if (!s.empty()) std::memcpy(m_cur.get() + (offset - m_cur_offset), s.data(), s.size());
    return true;
}

bool SequentialFile::close() {
    if (m_fd < 0) {
        errno = EBADF;
        return false;
    }
    bool ok = true;
    int err = 0;
    // The whole blocks of the last buffer go as the others did; the partial block after them
    // through the page cache.
    std::string tail;
    uint64_t tail_offset = m_cur_offset;
    if (m_cur_len > 0) {
        const size_t whole = m_direct ? m_cur_len / kAlign * kAlign : m_cur_len;
        tail.assign(m_cur.get() + whole, m_cur_len - whole);
        tail_offset = m_cur_offset + whole;
        if (whole > 0 && !submit(whole)) {
            ok = false;
            err = errno;
        }
    }
    stop_thread();
    if (ok && m_error) {
        ok = false;
        err = m_error;
    }
    if (ok && (!tail.empty() || !m_patches.empty())) {
        buffered(m_fd);
        if (!put(tail.data(), tail.size(), tail_offset)) {
            ok = false;
            err = errno;
        }
        for (size_t k = 0; ok && k < m_patches.size(); ++k)
            if (!put(m_patches[k].second.data(), m_patches[k].second.size(), m_patches[k].first)) {
                ok = false;
                err = errno;
            }
    }
    if (::close(m_fd) != 0 && ok) {
        ok = false;
        err = errno;
    }
    m_fd = -1;
    m_cur.reset();
    m_free.clear();
    m_patches.clear();
    if (!ok) errno = err;
    return ok;
}

}  // namespace landeff
