// A fresh directory for one test, removed with everything in it when the test ends — also when an
// ASSERT returns early. Its name carries the test's stem, the process id and a counter, so tests run
// in parallel by ctest (one process each) or twice in one process never share one.
#pragma once

#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <string>
#include <string_view>
#include <system_error>

namespace landeff::test_support {

class TempDir {
public:
    explicit TempDir(std::string_view stem) {
        static std::atomic<unsigned> serial{0};
        path_ = std::filesystem::temp_directory_path() /
                (std::string(stem) + "-" + std::to_string(::getpid()) + "-" + std::to_string(serial++));
        std::filesystem::remove_all(path_);  // a leftover of an earlier process with the same pid
        std::filesystem::create_directories(path_);
    }
    ~TempDir() {
        std::error_code ec;  // never throw from a destructor; a leftover is harmless
        std::filesystem::remove_all(path_, ec);
    }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;

    const std::filesystem::path& path() const { return path_; }
    std::filesystem::path operator/(const std::filesystem::path& p) const { return path_ / p; }

private:
    std::filesystem::path path_;
};

}  // namespace landeff::test_support
