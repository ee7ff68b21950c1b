// libFuzzer target: date, number, flag, year, level and scale parsers; encoding detection and
// GBK decoding; the "did you mean" edit distance.
#include <cstddef>
#include <cstdint>
#include <string>

#include "landeff/dates.hpp"
#include "landeff/encoding.hpp"
#include "landeff/text.hpp"
#include "landeff/values.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string s(reinterpret_cast<const char*>(data), size);
    if (auto d = landeff::parse_date(s)) {
        // A parsed date must print back to a date that parses to itself.
        auto again = landeff::parse_date(d->iso());
        if (!again || *again != *d) __builtin_trap();
        (void)landeff::add_years(*d, 1);
    }
    for (const char* unit : {"", "m²", "万元", "ratio"}) (void)landeff::parse_number(s, unit);
    (void)landeff::parse_flag(s);
    (void)landeff::parse_year(s);
    (void)landeff::parse_level(s);
    (void)landeff::parse_scale(s);
    (void)landeff::detect_encoding({s});
    if (landeff::is_valid_gbk(s)) (void)landeff::to_utf8(s, "CP936");
    (void)landeff::trim(s);
    (void)landeff::fullwidth_to_ascii(s);
    if (s.size() < 256) (void)landeff::nearest(s, {"quality.area_tolerance", "inputs.parcels"});
    return 0;
}
