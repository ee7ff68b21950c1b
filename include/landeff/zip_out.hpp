#pragma once
// A zip file written front to back from entries whose bytes are already compressed (issue 20):
// report.xlsx's sheets, deflated in pieces on every core (xlsx.cpp), and the entries of the
// workbook libxlsxwriter wrote, copied as they are. The bytes are those minizip (Debian's
// libminizip 1.1, zipOpenNewFileInZip4_64 with raw = 1 and zip64 = 1, zipCloseFileInZipRaw64,
// zipClose) writes for the same calls — test ZipOut.BytesAreMinizips compares them — without
// its cost: minizip computes a CRC-32 of the compressed bytes it is given (and then ignores it)
// and copies them into its buffer one byte at a time, half a CPU-second for the 720 MB of the
// 1 M-parcel city's report.xlsx. One difference, where minizip's zip is wrong and report.xlsx never
// goes (a few dozen entries): past 65 535 entries ZipOut writes the zip64 end records the format asks
// for, which Debian's minizip leaves out below 4 GB (test ZipOut.Zip64FieldsAreMinizips).
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>

#include "landeff/sequential_file.hpp"

namespace landeff {

class ZipOut {
public:
    // An entry's header fields as unzip reports them (unz_file_info64): `dos_date` is the MS-DOS
    // date and time; 0 takes them from `tm` (year, month 0–11, day, hour, minute, second) as
    // minizip does.
    struct Entry {
        std::string name;
        uint32_t dos_date = 0;
        int tm[6] = {0, 0, 0, 0, 0, 0};  // tm_year, tm_mon, tm_mday, tm_hour, tm_min, tm_sec
        uint16_t internal_fa = 0;
        uint32_t external_fa = 0;
        int method = 8;  // 0 stored, 8 deflated
        int level = 1;   // minizip's level: only its general-purpose flag bits come of it
    };

    ZipOut() = default;
    ZipOut(const ZipOut&) = delete;
    ZipOut& operator=(const ZipOut&) = delete;

    // Each call returns false with errno set when a write fails (then the file is not usable).
    bool open(const std::filesystem::path& path);
    bool begin(const Entry& e);
    bool write(std::string_view compressed);
    // Ends the entry begun last: its uncompressed size and CRC-32, as minizip's raw close takes them.
    bool end(uint64_t uncompressed_size, uint32_t crc);
    bool close();

private:
    SequentialFile m_f;
    std::string m_central;  // the central directory's records so far
    uint64_t m_entries = 0;
    // The entry being written.
    std::string m_header;  // its central record, completed by end()
    uint64_t m_local = 0;  // offset of its local header
    uint64_t m_zip64_extra = 0;  // offset of the local header's zip64 extra field
    uint64_t m_compressed = 0;
};

}  // namespace landeff
