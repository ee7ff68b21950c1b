// What the tests of the O_DIRECT writers (SequentialFile, the GeoPackage's SQLite VFS) share: a
// file's bytes, and whether a directory is on ext4 (which takes O_DIRECT, so there the direct path
// must have been taken).
#pragma once

#include <sys/vfs.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

namespace landeff::test_support {

inline std::string file_bytes(const std::filesystem::path& p) {
    std::ifstream in(p, std::ios::binary);
    return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

inline bool on_ext4(const std::filesystem::path& dir) {
    constexpr long kExt4Magic = 0xEF53;
    struct statfs s {};
    return statfs(dir.c_str(), &s) == 0 && s.f_type == kExt4Magic;
}

}  // namespace landeff::test_support
