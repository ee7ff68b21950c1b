#pragma once
// A CSV file's records and fields read by landeff itself, as GDAL 3.6's CSV driver reads them
// (issue 20): GDAL's reader parses one line at a time on one thread and makes an OGRFeature per row
// (2.4 of the 3.3 s the 700 000-row enterprises.csv of a 1 M-parcel city took). Here the serial part
// only finds where each record ends; its fields are split on every core.
//
// What "as GDAL reads them" means, rule by rule (cpl_csv.cpp's CSVReadParseLine3L and CSVSplitLine,
// cpl_conv.cpp's CPLReadLine3L, ogrcsvlayer.cpp's GetNextLineTokens and GetNextUnfilteredFeature):
// - a line ends at "\r\n", "\n\r", "\r" or "\n" (a pair is one end), or at the end of the file;
// - a record is one line, and while the count of double quotes in it is odd, the next line too,
//   joined by "\n"; a UTF-8 byte-order mark at the start of a record's first line is skipped;
// - a record with no text (an empty line) is no feature and takes no fid; the others are numbered
//   from 1 after the header (the first record);
// - fields are split at the delimiter outside quotes; a quote toggles "inside" and is dropped, two
//   quotes inside are one; a record ending in a delimiter has one more, empty field;
// - fields past the header's count are ignored, missing ones are unset, an empty one is null
//   (EMPTY_STRING_AS_NULL=YES, as landeff opens every CSV).
// Used only where these rules are all there is (CsvRecords::open says when); any other CSV is read
// by GDAL. tests/unit/test_csv_records.cpp checks every rule against GDAL itself.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace landeff {

// Records read in one go: their bytes, and where each is.
struct CsvBatch {
    struct Rec {
        size_t begin = 0, end = 0;  // [begin, end) in raw: the record's text, without its last line's end
        int64_t fid = 0;
        bool lines = false;         // more than one line: the line ends inside become "\n"
    };
    std::string raw;
    std::vector<Rec> recs;
};

class CsvRecords {
public:
    // Null when the file is not one this reader takes as GDAL would: not a regular file, a NUL byte
    // in it, a line of line_limit bytes or more (GDAL's OGR_CSV_MAX_LINE_SIZE error), unreadable.
    static std::unique_ptr<CsvRecords> open(const std::string& path, char delimiter, size_t line_limit);
    ~CsvRecords();
    CsvRecords(const CsvRecords&) = delete;
    CsvRecords& operator=(const CsvRecords&) = delete;

    // The header's fields (the first record, split as any other).
    const std::vector<std::string>& header() const { return header_; }
    char delimiter() const { return delim_; }
    // The next records with text, up to max, into b (cleared first). False when none is left.
    // An I/O error is thrown as std::runtime_error.
    bool next(CsvBatch& b, size_t max);

private:
    CsvRecords() = default;
    // Reads more of the file after buf_; false at its end.
    bool more();
    int fd_ = -1;
    char delim_ = ',';
    bool eof_ = false;
    std::string buf_;   // bytes read and not yet handed out
    int64_t next_fid_ = 1;
    std::vector<std::string> header_;
};

// A record's text: lines joined by "\n" where it has several (GDAL's working line).
std::string_view csv_record_text(const CsvBatch& b, const CsvBatch::Rec& r, std::string& scratch);

// Splits a record into fields as GDAL's CSVSplitLine does with a one-byte delimiter, quotes
// honoured and dropped, delimiters not merged: the fields' text goes to `text`, each ended by a
// NUL, and `starts` gets where each begins. No fields for an empty record.
void csv_split(std::string_view record, char delimiter, std::string& text, std::vector<uint32_t>& starts);

}  // namespace landeff
