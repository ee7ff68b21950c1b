// The CSV records read by landeff itself (issue 20, src/read/csv_records.cpp) against GDAL's CSV
// driver reading the same file: the same features, fids, fields set or null, and text, on files of
// every rule (line ends of each kind, quotes across lines, doubled quotes, byte-order marks, empty
// lines, short and long records, a delimiter last) and on a thousand random ones; then a whole
// enterprises table read both ways (LANDEFF_CSV_ROWS=YES / NO) to the same records and findings.
#include <gtest/gtest.h>

#include <cpl_conv.h>
#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <vector>

#include "temp_dir.hpp"

#include "landeff/config.hpp"
#include "landeff/crs.hpp"
#include "landeff/csv_records.hpp"
#include "landeff/findings.hpp"
#include "landeff/schema.hpp"
#include "landeff/source.hpp"

using namespace landeff;
namespace fs = std::filesystem;

namespace {

void write_file(const fs::path& p, const std::string& bytes) {
    std::ofstream f(p, std::ios::binary);
    f.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

// One feature as a string: "fid|field=text|field=<null>|…", the same for both readers.
std::string describe(int64_t fid, const std::vector<std::pair<bool, std::string>>& fields) {
    std::string s = std::to_string(fid);
    for (const auto& [set, text] : fields) s += set ? "|" + text : std::string("|<null>");
    return s;
}

// GDAL's reading of the file, as landeff opens a CSV. Empty when GDAL cannot open it.
struct GdalRead {
    bool opened = false;
    std::vector<std::string> names;
    std::vector<std::string> features;
};
GdalRead gdal_read(const fs::path& p) {
    GdalRead r;
    const char* opts[] = {"EMPTY_STRING_AS_NULL=YES", nullptr};
    GDALDatasetUniquePtr ds(GDALDataset::Open(p.string().c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY, nullptr, opts, nullptr));
    if (!ds || ds->GetLayerCount() != 1) return r;
    OGRLayer* l = ds->GetLayer(0);
    OGRFeatureDefn* d = l->GetLayerDefn();
    r.opened = true;
    for (int i = 0; i < d->GetFieldCount(); ++i) r.names.emplace_back(d->GetFieldDefn(i)->GetNameRef());
    for (auto& f : *l) {
        std::vector<std::pair<bool, std::string>> fields;
        for (int i = 0; i < d->GetFieldCount(); ++i)
            fields.emplace_back(f->IsFieldSetAndNotNull(i), f->IsFieldSetAndNotNull(i) ? f->GetFieldAsString(i) : "");
        r.features.push_back(describe(f->GetFID(), fields));
    }
    return r;
}

// landeff's reading: null when CsvRecords leaves the file to GDAL.
struct OwnRead {
    bool taken = false;
    std::vector<std::string> header;
    std::vector<std::string> features;
};
OwnRead own_read(const fs::path& p, size_t batch = 3) {
    OwnRead r;
    auto c = CsvRecords::open(p.string(), ',', 100000000);
    if (!c) return r;
    r.taken = true;
    r.header = c->header();
    CsvBatch b;
    std::string joined, text;
    std::vector<uint32_t> starts;
    while (c->next(b, batch))
        for (const auto& rec : b.recs) {
            csv_split(csv_record_text(b, rec, joined), ',', text, starts);
            std::vector<std::pair<bool, std::string>> fields;
            for (size_t i = 0; i < r.header.size(); ++i) {
                const bool set = i < starts.size() && text[starts[i]] != '\0';
                fields.emplace_back(set, set ? std::string(text.c_str() + starts[i]) : std::string());
            }
            r.features.push_back(describe(rec.fid, fields));
        }
    return r;
}

// Where the header is GDAL's field names one for one (the reads landeff takes over), the features
// must be GDAL's. Returns whether it was compared.
bool same_as_gdal(const fs::path& p, const std::string& what) {
    const GdalRead g = gdal_read(p);
    const OwnRead o = own_read(p);
    if (!g.opened || !o.taken || o.header != g.names || g.names.empty()) return false;
    EXPECT_EQ(o.features, g.features) << what;
    return true;
}

std::string printable(const std::string& s) {
    std::string o;
    for (unsigned char c : s) {
        if (c == '\n') o += "\\n";
        else if (c == '\r') o += "\\r";
        else if (c == '\t') o += "\\t";
        else if (c < 0x20 || c >= 0x80) {
            char b[8];
            std::snprintf(b, sizeof b, "\\x%02X", c);
            o += b;
        } else o += static_cast<char>(c);
    }
    return o;
}

}  // namespace

// Each rule of csv_records.hpp on a file made for it; the expected features written out by hand
// (fid|field…), and GDAL's reading the same.
TEST(CsvRecords, EveryRuleAsGdalReadsIt) {
    GDALAllRegister();
    const test_support::TempDir dir("landeff_csv_records");
    struct Case {
        const char* name;
        std::string bytes;
        std::vector<std::string> expect;  // fid|a|b|c
    };
    const std::string bom = "\xEF\xBB\xBF";
    const std::vector<Case> cases = {
        {"plain", "a,b,c\n1,2,3\nx,y,z\n", {"1|1|2|3", "2|x|y|z"}},
        {"crlf", "a,b,c\r\n1,2,3\r\nx,y,z\r\n", {"1|1|2|3", "2|x|y|z"}},
        {"cr", "a,b,c\r1,2,3\rx,y,z", {"1|1|2|3", "2|x|y|z"}},
        {"lfcr is one end", "a,b,c\n\r1,2,3\n\rx,y,z\n\r\"p\n\rq\",r\n", {"1|1|2|3", "2|x|y|z", "3|p\nq|r|<null>"}},
        {"no last end", "a,b,c\n1,2,3", {"1|1|2|3"}},
        // An empty line is no feature and takes no fid; "\n\n" after "\r" is two ends.
        {"empty lines", "a,b,c\n\n1,2,3\r\n\r\nx,y,z\n\n\n", {"1|1|2|3", "2|x|y|z"}},
        {"bom", bom + "a,b,c\n1,2,3\n", {"1|1|2|3"}},
        {"bom on a record", "a,b,c\n" + bom + "1,2,3\n" + bom + "\n4,5,6\n", {"1|1|2|3", "2|4|5|6"}},
        // Short records: the missing fields unset; long ones: the rest ignored; empty is null.
        {"short and long", "a,b,c\n1\n1,2\n1,2,3,4,5\n,,\n", {"1|1|<null>|<null>", "2|1|2|<null>", "3|1|2|3", "4|<null>|<null>|<null>"}},
        {"quoted", "a,b,c\n\"1,5\",\"say \"\"hi\"\"\",\"\"\n", {"1|1,5|say \"hi\"|<null>"}},
        // A quote opens and closes anywhere in a field; text after a closing quote is kept.
        {"quotes mid-field", "a,b,c\nab\"c,d\"e,f\n", {"1|abc,de|f|<null>"}},
        // Quotes across lines: joined by "\n" whatever the end was.
        {"multi-line", "a,b,c\n\"one\r\ntwo\",2,\"x\ny\rz\"\n3,4,5\n", {"1|one\ntwo|2|x\ny\nz", "2|3|4|5"}},
        // An odd quote to the end of the file: all the rest is one record.
        {"unclosed", "a,b,c\n1,\"2,3\n4,5,6\n", {"1|1|2,3\n4,5,6|<null>"}},
        // A delimiter last adds an empty field, even inside quotes at the file's end.
        {"delimiter last", "a,b,c\n1,2,\n", {"1|1|2|<null>"}},
        {"spaces kept", "a,b,c\n 1 , 2 ,3 \n", {"1| 1 | 2 |3 "}},
        {"only spaces", "a,b,c\n \n", {"1| |<null>|<null>"}},
        {"chinese", "a,b,c\n温州,规上,\"中,文\"\n", {"1|温州|规上|中,文"}},
    };
    for (size_t i = 0; i < cases.size(); ++i) {
        const fs::path p = dir / ("case" + std::to_string(i) + ".csv");
        write_file(p, cases[i].bytes);
        const OwnRead o = own_read(p);
        ASSERT_TRUE(o.taken) << cases[i].name;
        EXPECT_EQ(o.header, (std::vector<std::string>{"a", "b", "c"})) << cases[i].name;
        EXPECT_EQ(o.features, cases[i].expect) << cases[i].name;
        EXPECT_TRUE(same_as_gdal(p, cases[i].name)) << cases[i].name << ": GDAL's field names differ";
    }
}

// The fields of one record (CSVSplitLine): a delimiter last is one more, empty field — null as any
// empty field, so only the split itself shows it.
TEST(CsvRecords, SplitsAsCsvSplitLine) {
    std::string text;
    std::vector<uint32_t> starts;
    auto fields = [&](std::string_view rec) {
        csv_split(rec, ',', text, starts);
        std::vector<std::string> out;
        for (uint32_t s : starts) out.emplace_back(text.c_str() + s);
        return out;
    };
    using V = std::vector<std::string>;
    EXPECT_EQ(fields(""), V{});
    EXPECT_EQ(fields(","), (V{"", ""}));
    EXPECT_EQ(fields("1,2,"), (V{"1", "2", ""}));
    EXPECT_EQ(fields("1,\"2,"), (V{"1", "2,", ""}));  // the last delimiter inside an open quote still counts
    EXPECT_EQ(fields("\"a\"\"b\",c"), (V{"a\"b", "c"}));
    EXPECT_EQ(fields("a\"\"b"), (V{"ab"}));  // outside quotes two quotes open and close
    EXPECT_EQ(fields(" x ,"), (V{" x ", ""}));
}

// What CsvRecords leaves to GDAL: a NUL byte, a line at the limit.
TEST(CsvRecords, LeavesToGdalWhatItDoesNotTake) {
    const test_support::TempDir dir("landeff_csv_records_left");
    const fs::path nul = dir / "nul.csv";
    write_file(nul, std::string("a,b\n1,2\0x\n", 11));
    EXPECT_FALSE(CsvRecords::open(nul.string(), ',', 100000000));
    const fs::path longline = dir / "long.csv";
    write_file(longline, "a,b\n" + std::string(50, 'x') + "\n");
    EXPECT_FALSE(CsvRecords::open(longline.string(), ',', 50));
    EXPECT_TRUE(CsvRecords::open(longline.string(), ',', 51));
    EXPECT_FALSE(CsvRecords::open((dir / "missing.csv").string(), ',', 100));
    EXPECT_FALSE(CsvRecords::open(dir.path().string(), ',', 100));  // a directory
}

// A thousand random files from the pieces the rules are about, each read both ways.
TEST(CsvRecords, RandomFilesAsGdalReadsThem) {
    GDALAllRegister();
    const test_support::TempDir dir("landeff_csv_records_random");
    const std::vector<std::string> pieces = {"a", "b", "中", "1.5", ",", ",", ",", "\"", "\"", "\"\"", "\n", "\n", "\r\n", "\r",
                                             "\n\r", " ", "\xEF\xBB\xBF", ";", "\t", "x y"};
    std::mt19937 rng(20261205);
    size_t compared = 0;
    for (int n = 0; n < 1000; ++n) {
        std::string body;
        const int len = std::uniform_int_distribution<int>(0, 60)(rng);
        for (int k = 0; k < len; ++k) body += pieces[std::uniform_int_distribution<size_t>(0, pieces.size() - 1)(rng)];
        const std::string bytes = (n % 7 == 0 ? "\xEF\xBB\xBF" : "") + std::string(n % 3 == 0 ? "a,b,c\r\n" : "a,b,c\n") + body;
        const fs::path p = dir / ("r" + std::to_string(n) + ".csv");
        write_file(p, bytes);
        if (same_as_gdal(p, printable(bytes))) ++compared;
        if (HasFailure()) break;
    }
    EXPECT_GT(compared, 990u);  // the header is always GDAL's names here
}

namespace {

struct LayerRead {
    std::vector<std::string> records;
    std::vector<std::string> findings;
    size_t direct = 0;
};

LayerRead read_enterprises(const fs::path& csv, bool own, const std::string& encoding = "") {
    CPLSetConfigOption("LANDEFF_CSV_ROWS", own ? "YES" : "NO");
    InputSpec in;
    in.name = "enterprises";
    in.path = csv.string();
    in.path_as_written = csv.filename().string();
    in.encoding = encoding;
    Config cfg;
    const WorkingCrs crs = make_working_crs("EPSG:4549", 0, 0);
    Findings f;
    const LayerData l = read_layer(in, LayerKind::Enterprises, cfg, crs, f);
    CPLSetConfigOption("LANDEFF_CSV_ROWS", nullptr);
    LayerRead r;
    r.direct = l.direct_rows;
    const LayerSchema& s = schema(LayerKind::Enterprises);
    for (const Feature& feat : l.features) {
        std::string line = std::to_string(feat.fid);
        for (size_t c = 0; c < s.n_text; ++c) line += "|" + std::string(feat.rec.text(c));
        for (size_t c = s.n_text; c < s.fields.size(); ++c) {
            const double v = feat.rec.num(c - s.n_text);
            char b[40];
            std::snprintf(b, sizeof b, "|%.17g", v);
            line += std::isnan(v) ? std::string("|nan") : std::string(b);
        }
        r.records.push_back(line);
    }
    for (const Finding& x : f.items()) r.findings.push_back(x.code + " " + std::to_string(x.fid) + " " + x.id + " " + x.message);
    return r;
}

}  // namespace

// The enterprises table read by landeff and by GDAL: the same records (every text and number) and
// the same findings, on a file with the usual troubles — Excel's BOM and CRLF, quoted numbers,
// thousands separators, full-width digits, bad values, a multi-line name, short rows, an empty line.
TEST(CsvRecords, EnterprisesTableAsGdalReadsIt) {
    GDALAllRegister();
    const test_support::TempDir dir("landeff_csv_records_ents");
    const std::string header = "\xEF\xBB\xBF统一社会信用代码,年度,企业名称,规模,行业代码,工业总产值,实缴税金,用地面积,是否租赁,成立年份\r\n";
    const std::string rows =
        "913303000000003FYB,\"2024\",温州博纳泵业股份有限公司,规上,\"1970\",\"14,981.1\",\"911.73\",\"3348.0\",\"1\",\"2008\"\r\n"
        "913303000000003Q6R,2024,\"温州\"\"精工\"\"电子\r\n有限公司\",规下,3660,０.５, 12 ,abc,否,20x5\r\n"
        "\r\n"
        "913303000000004AAA,2024,短行\r\n"
        "913303000000005BBB,2024,,其他,,,,,,,,extra\r\n"
        " 913303000000006CCC ,2023,空格,规上,C3660,1e3,-5,0,是,1999";
    const fs::path p = dir / "enterprises.csv";
    write_file(p, header + rows);
    const LayerRead own = read_enterprises(p, true);
    const LayerRead gdal = read_enterprises(p, false);
    EXPECT_EQ(own.direct, 5u);  // read by landeff: five records (the empty line none)
    EXPECT_EQ(gdal.direct, 0u);
    EXPECT_EQ(own.records, gdal.records);
    EXPECT_EQ(own.findings, gdal.findings);
    ASSERT_EQ(own.records.size(), 5u);
    // The multi-line name and its doubled quotes, as GDAL reads them (fid 2).
    EXPECT_NE(own.records[1].find("温州\"精工\"电子\n有限公司"), std::string::npos) << own.records[1];
    EXPECT_FALSE(own.findings.empty());  // the bad values are said, the same way

    // The same table in GBK (as Excel on Chinese Windows saves it): recoded the same way.
    std::string gbk_bytes;
    {
        const std::string utf8 = "企业代码,企业名称,规模,工业总产值\n91A,温州甲厂,规上,100\n91B,乙厂,规下,\n";
        char* g = CPLRecode(utf8.c_str(), CPL_ENC_UTF8, "CP936");
        gbk_bytes = g;
        CPLFree(g);
    }
    const fs::path gbk = dir / "gbk.csv";
    write_file(gbk, gbk_bytes);
    const LayerRead own_gbk = read_enterprises(gbk, true);
    const LayerRead gdal_gbk = read_enterprises(gbk, false);
    EXPECT_EQ(own_gbk.direct, 2u);
    EXPECT_EQ(own_gbk.records, gdal_gbk.records);
    EXPECT_EQ(own_gbk.findings, gdal_gbk.findings);
    ASSERT_EQ(own_gbk.records.size(), 2u);
    EXPECT_NE(own_gbk.records[0].find("温州甲厂"), std::string::npos) << own_gbk.records[0];

    // A .csvt beside it gives GDAL typed fields: GDAL reads that table.
    write_file(dir / "enterprises.csvt", "String,Integer,String,String,String,Real,Real,Real,String,Integer\n");
    EXPECT_EQ(read_enterprises(p, true).direct, 0u);
}
