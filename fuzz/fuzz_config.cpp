// libFuzzer target: the TOML config parser and validator. Any input must give a Config or a
// landeff::Error — never a crash, a hang or another exception.
#include <cstddef>
#include <cstdint>
#include <string>

#include "landeff/config.hpp"
#include "landeff/error.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    try {
        landeff::parse_config(std::string(reinterpret_cast<const char*>(data), size), "/fuzz/landeff.toml");
    } catch (const landeff::Error&) {
    }
    return 0;
}
