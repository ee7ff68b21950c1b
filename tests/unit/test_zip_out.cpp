// ZipOut (zip_out.hpp, issue 20): the zip report.xlsx is written as, byte for byte what minizip
// writes for the same entries (report.xlsx was minizip's before).
#include <gtest/gtest.h>
#include <minizip/unzip.h>
#include <minizip/zip.h>
#include <zlib.h>

#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "landeff/zip_out.hpp"
#include "temp_dir.hpp"

namespace landeff {
namespace {

using test_support::TempDir;

struct Item {
    ZipOut::Entry e;
    std::vector<std::string> pieces;  // the compressed bytes, written piece by piece
    uint64_t size = 0;               // the uncompressed size declared at the end
    uint32_t crc = 0;
};

std::string slurp(const std::filesystem::path& p) {
    std::ifstream in(p, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// The entries written by minizip as report.xlsx's splice wrote them before ZipOut.
std::string by_minizip(const std::filesystem::path& p, const std::vector<Item>& items) {
    zipFile zf = zipOpen64(p.c_str(), APPEND_STATUS_CREATE);
    EXPECT_NE(zf, nullptr);
    for (const Item& it : items) {
        zip_fileinfo zi{};
        zi.dosDate = it.e.dos_date;
        zi.tmz_date = {static_cast<uInt>(it.e.tm[5]), static_cast<uInt>(it.e.tm[4]), static_cast<uInt>(it.e.tm[3]),
                       static_cast<uInt>(it.e.tm[2]), static_cast<uInt>(it.e.tm[1]), static_cast<uInt>(it.e.tm[0])};
        zi.internal_fa = it.e.internal_fa;
        zi.external_fa = it.e.external_fa;
        EXPECT_EQ(zipOpenNewFileInZip4_64(zf, it.e.name.c_str(), &zi, nullptr, 0, nullptr, 0, nullptr, it.e.method, it.e.level, 1,
                                          -MAX_WBITS, DEF_MEM_LEVEL, Z_DEFAULT_STRATEGY, nullptr, 0, 0, 0, 1),
                  ZIP_OK);
        for (const auto& piece : it.pieces)
            EXPECT_EQ(zipWriteInFileInZip(zf, piece.data(), static_cast<unsigned>(piece.size())), ZIP_OK);
        EXPECT_EQ(zipCloseFileInZipRaw64(zf, it.size, it.crc), ZIP_OK);
    }
    EXPECT_EQ(zipClose(zf, nullptr), ZIP_OK);
    return slurp(p);
}

std::string by_zip_out(const std::filesystem::path& p, const std::vector<Item>& items) {
    ZipOut z;
    EXPECT_TRUE(z.open(p));
    for (const Item& it : items) {
        EXPECT_TRUE(z.begin(it.e));
        for (const auto& piece : it.pieces) EXPECT_TRUE(z.write(piece));
        EXPECT_TRUE(z.end(it.size, it.crc));
    }
    EXPECT_TRUE(z.close());
    return slurp(p);
}

// `text` deflated raw by zlib at `level`, in pieces of at most `piece` bytes.
Item deflated(const std::string& name, const std::string& text, int level, size_t piece) {
    Item it;
    it.e.name = name;
    it.e.method = Z_DEFLATED;
    it.e.level = level;
    z_stream zs{};
    EXPECT_EQ(deflateInit2(&zs, level, Z_DEFLATED, -MAX_WBITS, 8, Z_DEFAULT_STRATEGY), Z_OK);
    std::string out(deflateBound(&zs, static_cast<uLong>(text.size())), '\0');
    zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(text.data()));
    zs.avail_in = static_cast<uInt>(text.size());
    zs.next_out = reinterpret_cast<Bytef*>(out.data());
    zs.avail_out = static_cast<uInt>(out.size());
    EXPECT_EQ(deflate(&zs, Z_FINISH), Z_STREAM_END);
    out.resize(zs.total_out);
    deflateEnd(&zs);
    for (size_t k = 0; k < out.size(); k += piece) it.pieces.push_back(out.substr(k, piece));
    it.size = text.size();
    it.crc = static_cast<uint32_t>(crc32(0, reinterpret_cast<const Bytef*>(text.data()), static_cast<uInt>(text.size())));
    return it;
}

std::string sheet_text(size_t rows) {
    std::string t = "<sheetData>";
    for (size_t r = 0; r < rows; ++r)
        t += "<row r=\"" + std::to_string(r + 2) + "\"><c r=\"A" + std::to_string(r + 2) + "\" t=\"inlineStr\"><is><t>宗地" +
             std::to_string(r * 7919 % 100003) + "</t></is></c></row>";
    return t + "</sheetData>";
}

// Entries like report.xlsx's: deflated at libxlsxwriter's level (6: flag bits 0) and igzip's (1:
// bits 6), pieces of every size, a stored entry, an empty one, a Chinese name, file attributes, a
// date given as fields (dos_date 0), and the flag bits of levels 2, 8 and 9; then read back by unzip.
TEST(ZipOut, BytesAreMinizips) {
    TempDir dir("zip_out");
    std::vector<Item> items;
    items.push_back(deflated("[Content_Types].xml", sheet_text(3), 6, 1 << 16));
    items.back().e.dos_date = 0x00210000;  // 1980-01-01 00:00, libxlsxwriter's
    items.push_back(deflated("xl/worksheets/sheet3.xml", sheet_text(40000), 1, 4093));
    items.back().e.dos_date = 0x00210000;
    items.back().e.external_fa = 0x81a40000;
    items.back().e.internal_fa = 1;
    Item stored;
    stored.e.name = "docProps/核查说明.txt";
    stored.e.method = 0;
    stored.e.level = 0;
    stored.pieces = {"开发区整合核查", "", "(devzone)"};
    for (const auto& p : stored.pieces) stored.size += p.size();
    const std::string whole = "开发区整合核查(devzone)";
    stored.crc = static_cast<uint32_t>(crc32(0, reinterpret_cast<const Bytef*>(whole.data()), static_cast<uInt>(whole.size())));
    stored.e.tm[0] = 2024, stored.e.tm[1] = 11, stored.e.tm[2] = 31, stored.e.tm[3] = 23, stored.e.tm[4] = 59, stored.e.tm[5] = 59;
    items.push_back(stored);
    Item empty;
    empty.e.name = "xl/empty.xml";
    empty.e.dos_date = 0x5a2d0000;
    items.push_back(empty);
    for (int level : {2, 8, 9}) items.push_back(deflated("l" + std::to_string(level) + ".xml", sheet_text(50), level, 100));
    Item far_date = empty;  // a date given as fields that overflows the 4 bytes: minizip writes 0xffffffff
    far_date.e.name = "xl/far.xml";
    far_date.e.dos_date = 0;
    far_date.e.tm[0] = 5000, far_date.e.tm[2] = 1;
    items.push_back(far_date);
    const std::string a = by_minizip(dir.path() / "minizip.zip", items);
    const std::string b = by_zip_out(dir.path() / "zip_out.zip", items);
    ASSERT_GT(a.size(), 1000u);
    EXPECT_TRUE(a == b) << "sizes " << a.size() << " and " << b.size();

    unzFile uf = unzOpen64((dir.path() / "zip_out.zip").c_str());
    ASSERT_NE(uf, nullptr);
    ASSERT_EQ(unzLocateFile(uf, "xl/worksheets/sheet3.xml", 1), UNZ_OK);
    ASSERT_EQ(unzOpenCurrentFile(uf), UNZ_OK);
    const std::string want = sheet_text(40000);
    std::string got(want.size() + 10, '\0');
    EXPECT_EQ(unzReadCurrentFile(uf, got.data(), static_cast<unsigned>(got.size())), static_cast<int>(want.size()));
    got.resize(want.size());
    EXPECT_TRUE(got == want);
    EXPECT_EQ(unzCloseCurrentFile(uf), UNZ_OK);  // the CRC checked
    unzClose(uf);
}

// The zip64 branches reachable without writing 4 GB. An entry declared larger than 4 GB: its sizes go
// to the zip64 extra fields, versions 45, as minizip writes them. More than 65 535 entries: the
// classic end record says 0xffff entries; Debian's minizip (1.1) then writes no zip64 end records (it
// does only past 4 GB of offset), so its zip lists 65 535 entries to a reader, where ZipOut adds the
// zip64 end record and locator as the format asks (and newer minizip does) — its bytes are
// minizip's with those 76 bytes before the classic end record, and unzip finds all 65 537 entries.
// (report.xlsx has one entry per part: a few dozen.)
TEST(ZipOut, Zip64FieldsAreMinizips) {
    TempDir dir("zip_out64");
    std::vector<Item> big = {deflated("xl/worksheets/sheet3.xml", sheet_text(100), 1, 1000)};
    big[0].size = uint64_t(5) << 30;
    EXPECT_TRUE(by_minizip(dir.path() / "a.zip", big) == by_zip_out(dir.path() / "b.zip", big));
    std::vector<Item> many(65537);
    for (size_t k = 0; k < many.size(); ++k) {
        many[k].e.name = "f" + std::to_string(k);
        many[k].e.method = 0;
        many[k].e.level = 0;
        many[k].pieces = {std::to_string(k)};
        many[k].size = many[k].pieces[0].size();
        many[k].crc = static_cast<uint32_t>(crc32(0, reinterpret_cast<const Bytef*>(many[k].pieces[0].data()),
                                                   static_cast<uInt>(many[k].size)));
    }
    const std::string a = by_minizip(dir.path() / "c.zip", many), b = by_zip_out(dir.path() / "d.zip", many);
    ASSERT_EQ(b.size(), a.size() + 76);
    EXPECT_TRUE(b.compare(0, a.size() - 22, a, 0, a.size() - 22) == 0);  // entries and central directory
    EXPECT_TRUE(b.compare(b.size() - 22, 22, a, a.size() - 22, 22) == 0);  // the classic end record
    EXPECT_EQ(b.substr(a.size() - 22, 4), std::string("PK\x06\x06", 4));
    EXPECT_EQ(b.substr(a.size() - 22 + 56, 4), std::string("PK\x06\x07", 4));
    auto entries = [](const std::filesystem::path& p) {
        unzFile uf = unzOpen64(p.c_str());
        unz_global_info64 gi{};
        if (!uf || unzGetGlobalInfo64(uf, &gi) != UNZ_OK) gi.number_entry = 0;
        if (uf) unzClose(uf);
        return gi.number_entry;
    };
    EXPECT_EQ(entries(dir.path() / "d.zip"), 65537u);
    EXPECT_EQ(entries(dir.path() / "c.zip"), 65535u);
}

}  // namespace
}  // namespace landeff
