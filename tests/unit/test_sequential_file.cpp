// SequentialFile (issue 20, src/core/sequential_file.cpp): a file written front to back, its full
// buffers put on the disk with O_DIRECT by a thread of its own, its last partial block and the
// bytes rewritten in place (write_at) through the page cache. Whatever the pieces' sizes and
// wherever they are rewritten, the file holds exactly the bytes of one string built the same way,
// with direct I/O and without (LANDEFF_DIRECT_IO=0); errors come back as fwrite's do.
#include <gtest/gtest.h>

#include <sys/vfs.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <ostream>
#include <random>
#include <string>

#include "direct_io_util.hpp"
#include "temp_dir.hpp"

#include "landeff/sequential_file.hpp"

using namespace landeff;
using landeff::test_support::TempDir;
using landeff::test_support::on_ext4;
namespace fs = std::filesystem;

namespace {

// Sets LANDEFF_DIRECT_IO for the test's scope.
struct DirectIo {
    explicit DirectIo(bool on) {
        if (on)
            unsetenv("LANDEFF_DIRECT_IO");
        else
            setenv("LANDEFF_DIRECT_IO", "0", 1);
    }
    ~DirectIo() { unsetenv("LANDEFF_DIRECT_IO"); }
};

// Bytes that tell their offset apart (a repeating pattern would hide a piece written at the wrong place).
std::string piece(std::mt19937_64& rng, size_t n) {
    std::string s(n, '\0');
    for (size_t k = 0; k < n; k += 8) {
        const uint64_t v = rng();
        std::memcpy(s.data() + k, &v, std::min<size_t>(8, n - k));
    }
    return s;
}

// Random pieces appended and random earlier ranges rewritten, into the file and into a string.
void random_file(const fs::path& p, uint64_t seed, bool expect_direct) {
    std::mt19937_64 rng(seed);
    SequentialFile f;
    ASSERT_TRUE(f.open(p)) << std::strerror(errno);
    if (expect_direct) {
        EXPECT_TRUE(f.direct()) << "ext4 takes O_DIRECT";
    }
    std::string want;
    const int steps = static_cast<int>(rng() % 60);
    for (int k = 0; k < steps; ++k) {
        const auto kind = rng() % 10;
        if (kind < 7 || want.empty()) {
            // Mostly small pieces, some of a block or a buffer, their boundaries and a little past.
            static const size_t sizes[] = {0, 1, 7, 100, 4095, 4096, 4097, 65536, SequentialFile::kBuffer - 1,
                                           SequentialFile::kBuffer, SequentialFile::kBuffer + 1, 3 * SequentialFile::kBuffer + 5};
            const size_t n = rng() % 3 == 0 ? sizes[rng() % std::size(sizes)] : static_cast<size_t>(rng() % 20000);
            const std::string s = piece(rng, n);
            ASSERT_TRUE(f.write(s)) << std::strerror(errno);
            want += s;
        } else {
            // A range already written: near the start (long since on the disk), near the end (in the
            // buffer being filled) or anywhere, across buffers too.
            const size_t at = kind == 7 ? static_cast<size_t>(rng() % std::min<size_t>(want.size(), 200))
                                        : kind == 8 ? want.size() - static_cast<size_t>(rng() % std::min<size_t>(want.size(), 5000)) - 1
                                                    : static_cast<size_t>(rng() % want.size());
            const size_t n = std::min<size_t>(want.size() - at, rng() % 3 == 0 ? static_cast<size_t>(rng() % (3 * SequentialFile::kBuffer))
                                                                                  : static_cast<size_t>(rng() % 300));
            const std::string s = piece(rng, n);
            ASSERT_TRUE(f.write_at(at, s)) << std::strerror(errno);
            want.replace(at, n, s);
        }
        ASSERT_EQ(f.size(), want.size());
    }
    ASSERT_TRUE(f.close()) << std::strerror(errno);
    const std::string got = landeff::test_support::file_bytes(p);
    ASSERT_EQ(got.size(), want.size()) << "seed " << seed;
    EXPECT_TRUE(got == want) << "seed " << seed << ": the bytes differ";
}

}  // namespace

// Every size at and around the block and buffer boundaries, written as one piece, both ways.
TEST(SequentialFile, EverySizeAroundTheBoundaries) {
    TempDir tmp("seqfile");
    const bool ext4 = on_ext4(tmp.path());
    std::mt19937_64 rng(1);
    for (bool direct : {true, false}) {
        DirectIo env(direct);
        for (size_t n : {size_t(0), size_t(1), size_t(4095), size_t(4096), size_t(4097), size_t(8192),
                         SequentialFile::kBuffer - 4096, SequentialFile::kBuffer - 1, SequentialFile::kBuffer,
                         SequentialFile::kBuffer + 1, SequentialFile::kBuffer + 4096,
                         SequentialFile::kBuffers * SequentialFile::kBuffer + 1, 5 * SequentialFile::kBuffer + 4095}) {
            const fs::path p = tmp / ("f" + std::to_string(n));
            const std::string s = piece(rng, n);
            SequentialFile f;
            ASSERT_TRUE(f.open(p));
            EXPECT_EQ(f.direct(), direct && ext4) << n;
            ASSERT_TRUE(f.write(s));
            ASSERT_TRUE(f.close()) << std::strerror(errno);
            const std::string got = landeff::test_support::file_bytes(p);
            ASSERT_EQ(got.size(), n) << (direct ? "direct " : "buffered ") << n;
            EXPECT_TRUE(got == s) << (direct ? "direct " : "buffered ") << n;
        }
    }
}

// 120 random files of pieces and rewrites, direct and buffered: each the string built alongside.
TEST(SequentialFile, RandomPiecesAndRewritesAsOneString) {
    TempDir tmp("seqfile");
    const bool ext4 = on_ext4(tmp.path());
    if (!ext4)
        std::fprintf(stderr, "\n*** SequentialFile: %s is not ext4; O_DIRECT may be refused there, and the files are then "
                             "written through the page cache ***\n\n", tmp.path().c_str());
    for (uint64_t seed = 0; seed < 60; ++seed) {
        {
            DirectIo env(true);
            random_file(tmp / "d", seed, ext4);
        }
        {
            DirectIo env(false);
            random_file(tmp / "b", seed, false);
        }
        if (HasFatalFailure()) return;
    }
}

// A shapefile's way: room for the header first, the records, then the header written over the room.
TEST(SequentialFile, HeaderWrittenLastOverItsRoom) {
    TempDir tmp("seqfile");
    SequentialFile f;
    ASSERT_TRUE(f.open(tmp / "x.shp"));
    ASSERT_TRUE(f.write(std::string(100, '\0')));
    std::string body;
    for (int k = 0; k < 400000; ++k) body += "record " + std::to_string(k) + "\n";
    ASSERT_GT(body.size(), 2 * SequentialFile::kBuffer);
    ASSERT_TRUE(f.write(body));
    const std::string head(100, 'H');
    ASSERT_TRUE(f.write_at(0, head));
    ASSERT_TRUE(f.close());
    EXPECT_TRUE(landeff::test_support::file_bytes(tmp / "x.shp") == head + body);
}

// Replacing a file: the earlier, longer one's bytes are gone (O_TRUNC).
TEST(SequentialFile, ReplacesALongerFile) {
    TempDir tmp("seqfile");
    {
        std::ofstream o(tmp / "r", std::ios::binary);
        o << std::string(3 * SequentialFile::kBuffer, 'o');
    }
    SequentialFile f;
    ASSERT_TRUE(f.open(tmp / "r"));
    ASSERT_TRUE(f.write("short"));
    ASSERT_TRUE(f.close());
    EXPECT_EQ(landeff::test_support::file_bytes(tmp / "r"), "short");
}

// Errors as fwrite's: false and errno.
TEST(SequentialFile, ErrorsAsFwrite) {
    TempDir tmp("seqfile");
    {
        SequentialFile f;
        errno = 0;
        EXPECT_FALSE(f.open(tmp / "no such dir" / "x"));
        EXPECT_EQ(errno, ENOENT);
        EXPECT_FALSE(f.write("x"));
        EXPECT_EQ(errno, EBADF);
    }
    {
        SequentialFile f;
        ASSERT_TRUE(f.open(tmp / "y"));
        ASSERT_TRUE(f.write("0123456789"));
        EXPECT_FALSE(f.write_at(5, "abcdef"));  // past the end: nothing is written
        EXPECT_EQ(errno, EINVAL);
        EXPECT_FALSE(f.write_at(11, ""));
        EXPECT_TRUE(f.write_at(10, ""));
        ASSERT_TRUE(f.close());
        EXPECT_EQ(landeff::test_support::file_bytes(tmp / "y"), "0123456789");
        EXPECT_FALSE(f.close());
        EXPECT_EQ(errno, EBADF);
    }
    // A full device (/dev/full: every write fails with ENOSPC): a buffer written by the file's
    // thread fails there, and the next call or close says so.
    for (size_t n : {size_t(10), 5 * SequentialFile::kBuffer}) {
        SequentialFile f;
        ASSERT_TRUE(f.open("/dev/full")) << std::strerror(errno);
        bool ok = true;
        for (size_t k = 0; ok && k < n; k += 4096) ok = f.write(std::string(std::min<size_t>(4096, n - k), 'z'));
        if (ok) ok = f.close();
        EXPECT_FALSE(ok) << n;
        EXPECT_EQ(errno, ENOSPC) << n << ": " << std::strerror(errno);
    }
}

// report.html's way: an ostream over the file, small and large pieces, the same bytes.
TEST(SequentialFile, OstreamOverIt) {
    TempDir tmp("seqfile");
    std::mt19937_64 rng(5);
    std::string want;
    SequentialFile f;
    ASSERT_TRUE(f.open(tmp / "page.html"));
    {
        SequentialFileBuf buf(f);
        std::ostream os(&buf);
        for (int k = 0; k < 2000; ++k) {
            const size_t n = rng() % 50 == 0 ? static_cast<size_t>(rng() % 300000) : static_cast<size_t>(rng() % 100);
            const std::string s = piece(rng, n);
            os << s;
            if (k % 7 == 0) os << 'c';
            want += s;
            if (k % 7 == 0) want += 'c';
        }
        os.flush();
        ASSERT_TRUE(static_cast<bool>(os));
    }
    ASSERT_TRUE(f.close());
    EXPECT_TRUE(landeff::test_support::file_bytes(tmp / "page.html") == want);
}
