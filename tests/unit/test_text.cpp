#include <gtest/gtest.h>

#include <cstdio>

#include <cmath>
#include <cstring>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "landeff/text.hpp"

using namespace landeff;

TEST(Text, NearestFindsTypo) {
    EXPECT_EQ(nearest("quality.area_tolerence", {"quality.area_tolerance", "quality.far_max"}), "quality.area_tolerance");
}

TEST(Text, NearestRefusesUnrelatedWord) { EXPECT_EQ(nearest("colour", {"quality.area_tolerance", "year"}), ""); }

TEST(Text, Utf8Validation) {
    EXPECT_TRUE(is_valid_utf8("宗地代码"));
    EXPECT_TRUE(is_valid_utf8("ascii"));
    EXPECT_FALSE(is_valid_utf8("\xD7\xDA\xB5\xD8"));  // 宗地 in GBK
    EXPECT_FALSE(is_valid_utf8("\xC0\xAF"));          // overlong '/'
    EXPECT_FALSE(is_valid_utf8("\xE5\xAE"));          // truncated 3-byte sequence
}

TEST(Text, TrimRemovesIdeographicAndAsciiSpace) {
    EXPECT_EQ(trim("\xE3\x80\x80 宗地 \t"), "宗地");
    EXPECT_EQ(trim("\xEF\xBB\xBFZDDM"), "ZDDM");  // a BOM before the first header
}

TEST(Text, FullWidthDigitsBecomeAscii) { EXPECT_EQ(fullwidth_to_ascii("１２３．５"), "123.5"); }

TEST(Text, EditDistance) {
    EXPECT_EQ(edit_distance("kitten", "sitting"), 3u);
    EXPECT_EQ(edit_distance("", "abc"), 3u);
}

TEST(Text, RedactsPasswords) {
    EXPECT_EQ(redact_secrets("PG:dbname=land host=db password=s3cret user=x"), "PG:dbname=land host=db password=*** user=x");
    EXPECT_EQ(redact_secrets("PG:password='a b' dbname=x"), "PG:password=*** dbname=x");
}

// Every spelling libpq accepts (keyword/value with or without spaces, quoted with escapes,
// backslash-escaped unquoted values, URIs with userinfo or a password parameter) and the
// environment variable as a shell would show it.
TEST(Text, RedactsPasswordsInEverySpelling) {
    EXPECT_EQ(redact_secrets("host=h password = s3cret user=u"), "host=h password = *** user=u");
    EXPECT_EQ(redact_secrets("host=h password\t=\ts3cret"), "host=h password\t=\t***");
    EXPECT_EQ(redact_secrets(R"(PG:password='a b\' c' dbname=x)"), "PG:password=*** dbname=x");
    EXPECT_EQ(redact_secrets(R"(PG:password='a\\' dbname=x)"), "PG:password=*** dbname=x");  // 'a\\' is a, backslash
    EXPECT_EQ(redact_secrets(R"(password=a\ b host=h)"), "password=*** host=h");             // libpq: a backslash escapes the space
    EXPECT_EQ(redact_secrets("PG:PASSWORD=s3cret dbname=x"), "PG:PASSWORD=*** dbname=x");
    EXPECT_EQ(redact_secrets("PGPASSWORD=s3cret landeff run"), "PGPASSWORD=*** landeff run");
    EXPECT_EQ(redact_secrets("a password=1 b password=2 c"), "a password=*** b password=*** c");
    EXPECT_EQ(redact_secrets("password='never closed host=h"), "password=***");
    EXPECT_EQ(redact_secrets("postgresql://user:s3cret@host/db"), "postgresql://user:***@host/db");
    EXPECT_EQ(redact_secrets("PG:postgres://u:s%40cret@h:5432/db?sslmode=require"), "PG:postgres://u:***@h:5432/db?sslmode=require");
    EXPECT_EQ(redact_secrets("postgresql://u:pa@ss@host/db"), "postgresql://u:***@host/db");  // the last @ ends it
    EXPECT_EQ(redact_secrets("postgresql://host/db?user=u&password=s3cret&sslmode=require"),
              "postgresql://host/db?user=u&password=***&sslmode=require");
    EXPECT_EQ(redact_secrets("postgresql://host/db?password=s3cret#x"), "postgresql://host/db?password=***#x");
    // Hiding twice changes nothing (main hides every message again on its way out).
    EXPECT_EQ(redact_secrets("PG:password=***: cannot connect"), "PG:password=***: cannot connect");
    EXPECT_EQ(redact_secrets(redact_secrets("password='a b' x")), "password=*** x");
    // Nothing to hide: left as it was.
    EXPECT_EQ(redact_secrets("postgresql://u@host/db"), "postgresql://u@host/db");
    EXPECT_EQ(redact_secrets("https://example.org/a:b@c"), "https://example.org/a:b@c");
    EXPECT_EQ(redact_secrets("FATAL: password authentication failed for user \"u\""),
              "FATAL: password authentication failed for user \"u\"");
    EXPECT_EQ(redact_secrets("parcels.shp: 宗地 password"), "parcels.shp: 宗地 password");
}

#include "landeff/notes.hpp"

TEST(NoteList, KeepsItemsInOrderAndJoinsThem) {
    NoteList n;
    EXPECT_TRUE(n.empty());
    EXPECT_EQ(n.size(), 0u);
    EXPECT_EQ(n.join("; "), "");
    n.push_back("far_low: 0.5 vs 1");
    n.push_back("");  // says nothing: not kept
    n.push_back("tax_low: 4 vs 5");
    ASSERT_EQ(n.size(), 2u);
    EXPECT_EQ(n[0], "far_low: 0.5 vs 1");
    EXPECT_EQ(n.at(1), "tax_low: 4 vs 5");
    EXPECT_THROW((void)n.at(2), std::out_of_range);
    EXPECT_EQ(n.join("; "), "far_low: 0.5 vs 1; tax_low: 4 vs 5");
    EXPECT_EQ(n.items(), (std::vector<std::string>{"far_low: 0.5 vs 1", "tax_low: 4 vs 5"}));
    n = NoteList();
    EXPECT_TRUE(n.empty());
}

TEST(NoteList, BuildsFromVectorAndKeepsSeparatorsOfItsOwnItems) {
    // Items may contain the output separator text; only join() turns item boundaries into it.
    const NoteList n(std::vector<std::string>{"far_min, coverage_min (GB 2008)", "far_max (contract)"});
    EXPECT_EQ(n.size(), 2u);
    EXPECT_EQ(n.join(" | "), "far_min, coverage_min (GB 2008) | far_max (contract)");
    EXPECT_EQ(join(n, "; "), "far_min, coverage_min (GB 2008); far_max (contract)");
}

TEST(NoteList, CopiesAreIndependentAndTheListIsOnePointer) {
    static_assert(sizeof(NoteList) == sizeof(void*), "a parcel carries four of these: keep them one pointer");
    NoteList a;
    a.push_back("x: 1 vs 2");
    NoteList b = a;
    b.push_back("y: 3 vs 4");
    EXPECT_EQ(a.size(), 1u);
    EXPECT_EQ(b.join("; "), "x: 1 vs 2; y: 3 vs 4");
    a = b;
    b = NoteList();
    EXPECT_EQ(a.size(), 2u);
    EXPECT_TRUE(b.empty());
    NoteList c = std::move(a);
    EXPECT_EQ(c.at(1), "y: 3 vs 4");
}

// NoteList::share (issue 20): lists with the same text point at one copy in the pool; copies, moves
// and a later push_back keep every list's own items.
TEST(NoteList, SharedListsKeepOneCopyAndStayIndependent) {
    TextPool pool;
    NoteList a, b, solo;
    for (NoteList* l : {&a, &b}) {
        l->push_back("mu_tax: 无税收数据");
        l->push_back("far: 无建筑面积");
    }
    solo.push_back("far_min(contract): 0.38 vs 1");
    a.share(pool);
    b.share(pool);
    solo.share(pool);
    EXPECT_TRUE(a.shared());
    EXPECT_EQ(pool.size(), 2u) << "two distinct texts";
    EXPECT_EQ(a.join("; "), "mu_tax: 无税收数据; far: 无建筑面积");
    EXPECT_EQ(b.size(), 2u);
    EXPECT_EQ(b.at(1), "far: 无建筑面积");
    EXPECT_EQ(solo.items(), std::vector<std::string>{"far_min(contract): 0.38 vs 1"});
    NoteList c = a;  // a copy shares too
    EXPECT_TRUE(c.shared());
    c.push_back("coverage: 无占地面积");  // grows into a block of its own; a and b unchanged
    EXPECT_FALSE(c.shared());
    EXPECT_EQ(c.size(), 3u);
    EXPECT_EQ(a.size(), 2u);
    EXPECT_EQ(b.join("|"), "mu_tax: 无税收数据|far: 无建筑面积");
    NoteList d = std::move(b);
    EXPECT_TRUE(b.empty());
    EXPECT_EQ(d.join("; "), a.join("; "));
    d = c;  // an owned copy over a shared one
    EXPECT_FALSE(d.shared());
    EXPECT_EQ(d.at(2), "coverage: 无占地面积");
    a = NoteList();
    EXPECT_TRUE(a.empty());
    NoteList empty;
    empty.share(pool);  // nothing to keep
    EXPECT_TRUE(empty.empty());
    EXPECT_FALSE(empty.shared());
    EXPECT_EQ(pool.size(), 2u);
}

// TextPool (issue 20): one copy of each text, a view that stays put while the pool grows and while
// two threads add to it at once.
TEST(TextPool, KeepsEachTextOnceAndItsViewsStayValid) {
    TextPool pool;
    const std::string first = "far_min, far_max (contract); far_min (cn-2008, GB/T 4754-2002 34)";
    const std::string_view a = pool.intern(first);
    const std::string_view b = pool.intern(std::string(first));  // another buffer, the same text
    EXPECT_EQ(a, first);
    EXPECT_EQ(a.data(), b.data()) << "the same text is kept once";
    EXPECT_NE(a.data(), first.data()) << "the pool keeps its own copy";
    EXPECT_EQ(pool.intern(""), "");
    EXPECT_NE(pool.intern("admin_max (cn-2008)").data(), a.data());
    // Many more texts than the set's first buckets: rehashing must not move the texts.
    std::vector<std::string_view> views;
    std::vector<std::string> texts;
    for (int i = 0; i < 20000; ++i) texts.push_back("check " + std::to_string(i) + " (source " + std::to_string(i % 7) + ")");
    for (const auto& t : texts) views.push_back(pool.intern(t));
    EXPECT_EQ(a, first);
    for (size_t i = 0; i < texts.size(); ++i) {
        ASSERT_EQ(views[i], texts[i]);
        ASSERT_EQ(pool.intern(texts[i]).data(), views[i].data());
    }
    EXPECT_EQ(pool.size(), texts.size() + 3);
    // Two threads interning the same texts in opposite orders get the same views.
    TextPool shared;
    std::vector<std::string_view> up(texts.size()), down(texts.size());
    std::thread t1([&] { for (size_t i = 0; i < texts.size(); ++i) up[i] = shared.intern(texts[i]); });
    std::thread t2([&] { for (size_t i = texts.size(); i-- > 0;) down[i] = shared.intern(texts[i]); });
    t1.join();
    t2.join();
    EXPECT_EQ(shared.size(), texts.size());
    for (size_t i = 0; i < texts.size(); ++i) ASSERT_EQ(up[i].data(), down[i].data());
}

// A thread remembers the views a pool gave it (no lock for a text it asked for before): those views
// are of that pool only — another pool, or a new pool made where a destroyed one was, keeps its own
// copy and counts it.
TEST(TextPool, AThreadsRememberedViewsAreOfOnePool) {
    const std::string text = "far_min (cn-2008, GB/T 4754-2002 34)";
    TextPool a, b;
    const std::string_view in_a = a.intern(text);
    const std::string_view in_b = b.intern(text);
    EXPECT_NE(in_a.data(), in_b.data()) << "each pool keeps its own copy";
    EXPECT_EQ(a.intern(text).data(), in_a.data());
    EXPECT_EQ(b.intern(text).data(), in_b.data());
    EXPECT_EQ(a.size(), 1u);
    EXPECT_EQ(b.size(), 1u);
    // The same storage, a new pool: its first intern adds the text to it (a remembered view of the
    // pool destroyed there would leave it empty, and dangle).
    std::optional<TextPool> p;
    p.emplace();
    (void)p->intern(text);
    (void)p->intern(text);
    const void* where = &*p;
    p.reset();
    p.emplace();
    ASSERT_EQ(static_cast<const void*>(&*p), where);
    EXPECT_EQ(p->size(), 0u);
    EXPECT_EQ(p->intern(text), text);
    EXPECT_EQ(p->size(), 1u);
}

#include "landeff/schema.hpp"

TEST(Record, SetAndReadEveryTextFieldIncludingEmptyAndChinese) {
    Record t(4, 0);
    ASSERT_EQ(t.n_text(), 4u);
    for (size_t i = 0; i < 4; ++i) EXPECT_EQ(t.text(i), "");
    t.set_text(2, "工业用地");
    t.set_text(0, "330302000000GB00001");
    EXPECT_EQ(t.text(0), "330302000000GB00001");
    EXPECT_EQ(t.text(1), "");
    EXPECT_EQ(t.text(2), "工业用地");  // 12 UTF-8 bytes
    EXPECT_EQ(t.text(2).size(), 12u);
    t.set_text(0, "");  // shrinking one field moves the others' text
    EXPECT_EQ(t.text(0), "");
    EXPECT_EQ(t.text(2), "工业用地");
    EXPECT_THROW((void)t.text(4), std::out_of_range);
    EXPECT_THROW(t.set_text(4, "x"), std::out_of_range);
}

TEST(Record, KeepsOnlyTheNumbersItHasAndReadsTheRestAsNaN) {
    // A parcel: 5 text fields, 33 numeric ones. The first, a middle and the last numeric field set.
    Record r(5, 33);
    ASSERT_EQ(r.n_num(), 33u);
    for (size_t i = 0; i < 33; ++i) EXPECT_TRUE(std::isnan(r.num(i))) << i;
    const size_t empty = r.block_size();
    // Head: 4 counts + 1 (the text offsets' width) + two 8-byte masks = 21; five 2-byte text end
    // offsets (the texts take under 64 KiB): 21 + 2 × 5 = 31 bytes, no value stored.
    EXPECT_EQ(empty, 21u + 2 * 5);
    r.set_num(32, 7.25);   // 725 × 0.01: four bytes
    r.set_num(0, -0.0);    // eight: -0.0 would come back as 0 from an int32
    r.set_num(17, 1e300);  // eight
    r.set_text(1, "91330300MA2XXXXX1X");
    EXPECT_EQ(r.block_size(), empty + 2 * 8 + 4 + 18);
    EXPECT_EQ(r.num(32), 7.25);
    EXPECT_EQ(r.num(17), 1e300);
    EXPECT_EQ(r.num(0), 0.0);
    EXPECT_TRUE(std::signbit(r.num(0)));  // -0.0 is a value, kept as written
    for (size_t i : {1u, 16u, 18u, 31u}) EXPECT_TRUE(std::isnan(r.num(i))) << i;
    EXPECT_EQ(r.text(1), "91330300MA2XXXXX1X");
    r.set_num(17, std::nan(""));  // NaN is "no value": the slot goes
    EXPECT_EQ(r.block_size(), empty + 8 + 4 + 18);
    EXPECT_TRUE(std::isnan(r.num(17)));
    EXPECT_EQ(r.num(32), 7.25);
    EXPECT_THROW((void)r.num(33), std::out_of_range);
    EXPECT_THROW(r.set_num(33, 1), std::out_of_range);
    // The typed accessors: a parcel's area_reg is numeric field 0, tax_min 24 (text first, rules' order).
    Record p = empty_record(schema(LayerKind::Parcels));
    p.set(ParcelF::tax_min, 12.5);
    p.set(ParcelF::ent_id, std::string_view("E1"));
    EXPECT_EQ(p.n(ParcelF::tax_min), 12.5);
    EXPECT_TRUE(p.has(ParcelF::tax_min));
    EXPECT_FALSE(p.has(ParcelF::tax));
    EXPECT_EQ(p.s(ParcelF::ent_id), "E1");
    EXPECT_EQ(p.s(ParcelF::parcel_id), "");
}

// A text's end offset takes two bytes while a record's texts take at most 65 535 bytes, four beyond
// (issue 20): at the boundary and past it every text reads back whole, and changing one moves the rest.
TEST(Record, TextsPast64KiBTakeFourByteOffsets) {
    auto make = [](size_t big) {
        RecordBuilder b;
        b.reset(3, 1);
        b.set_text(0, "P1");                    // 2 bytes
        b.set_text(1, std::string(big, 'x'));  // big bytes
        b.set_text(2, "工业");                  // 6 bytes
        b.set_num(0, 7.25);
        return b.build();
    };
    // 2 + 65 527 + 6 = 65 535 bytes of text: 2-byte offsets. Block: 21 head + 4 (7.25 narrow) + 3 × 2 + 65 535.
    const Record at = make(65527);
    EXPECT_EQ(at.block_size(), 21u + 4 + 3 * 2 + 65535);
    // One byte more, 65 536: 4-byte offsets: 21 + 4 + 3 × 4 + 65 536.
    const Record past = make(65528);
    EXPECT_EQ(past.block_size(), 21u + 4 + 3 * 4 + 65536);
    for (const Record* r : {&at, &past}) {
        EXPECT_EQ(r->text(0), "P1");
        EXPECT_EQ(r->text(2), "工业");
        EXPECT_EQ(r->num(0), 7.25);
    }
    EXPECT_EQ(at.text(1).size(), 65527u);
    EXPECT_EQ(past.text(1).size(), 65528u);
    EXPECT_EQ(past.text(1).find_first_not_of('x'), std::string_view::npos);
    Record shrunk = past;  // back under 64 KiB: 2-byte offsets again, the other texts intact
    shrunk.set_text(1, "E9");
    EXPECT_EQ(shrunk.block_size(), 21u + 4 + 3 * 2 + 2 + 2 + 6);
    EXPECT_EQ(shrunk.text(0), "P1");
    EXPECT_EQ(shrunk.text(1), "E9");
    EXPECT_EQ(shrunk.text(2), "工业");
    // A record with 200 000 bytes of text (a long remark) stays exact too.
    const Record huge = make(200000);
    EXPECT_EQ(huge.text(1).size(), 200000u);
    EXPECT_EQ(huge.text(2), "工业");
}

TEST(Record, SixtyFourNumbersAllSetReadBackInOrder) {
    RecordBuilder b;
    b.reset(1, 64);
    for (size_t i = 0; i < 64; ++i) b.set_num(i, static_cast<double>(i) * 1.5 - 3);
    const Record r = b.build();
    for (size_t i = 0; i < 64; ++i) EXPECT_EQ(r.num(i), static_cast<double>(i) * 1.5 - 3) << i;
    EXPECT_THROW(b.reset(1, 65), std::logic_error);
}

// Narrow values (issue 20): a value is held in four bytes only when it reads back as the very same
// double; everything else, at either side of the int32 range and between, stays eight bytes and exact.
TEST(Record, NarrowValuesReadBackBitForBit) {
    const std::vector<double> values = {
        0.0, -0.0, 1.0, -1.0, 7.25, 18991.45, 426.41, 0.381, 0.1, 0.3, 1.0 / 3.0, 20000.0, 45657.0,  // 45657: a date's days
        21474836.47, 21474836.48, -21474836.48, -21474836.49, 1e-300, 5e-324, 1e300, -1e15, 12345678.9,
        std::nextafter(18991.45, 0.0), std::nextafter(7.25, 100.0), 2147483647.0, 0.01, 0.005, 0.015, 99.99};
    RecordBuilder b;
    b.reset(0, values.size());
    for (size_t i = 0; i < values.size(); ++i) b.set_num(i, values[i]);
    const Record r = b.build();
    for (size_t i = 0; i < values.size(); ++i) {
        const double v = r.num(i);
        EXPECT_EQ(std::memcmp(&v, &values[i], sizeof v), 0) << i << ": " << values[i] << " read back as " << v;
    }
    // Bytes a value takes: a one-value record's block less the empty one's.
    auto bytes = [](double v) {
        Record one(0, 1);
        const size_t empty = one.block_size();
        one.set_num(0, v);
        return one.block_size() - empty;
    };
    for (double v : {0.0, 1.0, -1.0, 7.25, 20000.0, 45657.0, 117.0}) EXPECT_EQ(bytes(v), 4u) << v;  // integers and 725 × 0.01
    for (double v : {-0.0, 0.381, 1.0 / 3.0, 5e-324, 1e300, -1e15, 2147483647.0}) EXPECT_EQ(bytes(v), 8u) << v;
    // The same values changed one at a time through set_num keep every other value exact.
    Record c = r;
    c.set_num(5, 0.381);
    EXPECT_EQ(c.num(5), 0.381);
    EXPECT_EQ(c.num(4), 7.25);
    EXPECT_EQ(c.num(6), 426.41);
}

TEST(Record, BuilderStartsEachRecordEmpty) {
    RecordBuilder b;
    b.reset(2, 3);
    b.set_text(0, "P1");
    b.set_text(1, "E1");
    b.set_num(1, 4);
    const Record first = b.build();
    b.reset(2, 3);  // the next feature: nothing of the first may remain
    b.set_text(0, "P2");
    const Record second = b.build();
    EXPECT_EQ(first.text(1), "E1");
    EXPECT_EQ(first.num(1), 4);
    EXPECT_EQ(second.text(0), "P2");
    EXPECT_EQ(second.text(1), "");
    EXPECT_TRUE(std::isnan(second.num(1)));
    b.reset(first);  // a record's values, to change one
    b.set_num(2, 9);
    const Record changed = b.build();
    EXPECT_EQ(changed.text(0), "P1");
    EXPECT_EQ(changed.num(1), 4);
    EXPECT_EQ(changed.num(2), 9);
}

TEST(Record, CopiesOwnTheirValues) {
    Record a(2, 1);
    a.set_text(1, "ent-1");
    a.set_num(0, 1);
    Record b = a;
    b.set_text(1, "ent-2");
    b.set_num(0, 2);
    EXPECT_EQ(a.text(1), "ent-1");
    EXPECT_EQ(a.num(0), 1);
    EXPECT_EQ(b.text(1), "ent-2");
    a = b;
    EXPECT_EQ(a.text(1), "ent-2");
    EXPECT_EQ(a.num(0), 2);
    const Record none;  // a default-made record has no fields
    EXPECT_EQ(none.n_text(), 0u);
    EXPECT_EQ(none.block_size(), 0u);
    EXPECT_THROW((void)none.text(0), std::out_of_range);
    static_assert(sizeof(Record) == sizeof(void*));
}

namespace landeff {
namespace {

// next_special against a byte-by-byte scan: every byte value (UTF-8 lead and continuation bytes, the
// neighbours of 0x20 and of each special byte) at every offset of strings of every length up to 40,
// from every start.
size_t naive_next(std::string_view t, size_t k, std::string_view specials) {
    for (; k < t.size(); ++k)
        if (static_cast<unsigned char>(t[k]) < 0x20 || specials.find(t[k]) != std::string_view::npos) return k;
    return t.size();
}

TEST(Text, NextSpecialFindsWhatAByteLoopFinds) {
    uint32_t x = 7;
    auto rnd = [&] { return x = x * 1664525u + 1013904223u; };
    const unsigned char edge[] = {0x00, 0x01, 0x09, 0x0A, 0x1F, 0x20, 0x21, 0x22, 0x23, 0x25, 0x26, 0x27, 0x3B, 0x3C,
                                  0x3D, 0x3E, 0x3F, 0x5B, 0x5C, 0x5D, 0x7F, 0x80, 0x9F, 0xA0, 0xE5, 0xFF, 'a', '0'};
    for (int round = 0; round < 4000; ++round) {
        const size_t len = rnd() % 41;
        std::string t(len, 'x');
        for (auto& c : t) {
            const uint32_t r = rnd();
            // Mostly plain text, so that whole words pass; now and then an edge byte or any byte.
            c = static_cast<char>(r % 4 == 0 ? edge[(r >> 8) % sizeof edge] : r % 4 == 1 ? (r >> 8) & 0xFF : 'a' + (r >> 8) % 26);
        }
        for (size_t k = 0; k <= len; ++k) {
            EXPECT_EQ((next_special<'"', '\\'>(t, k)), naive_next(t, k, "\"\\")) << round << " " << k;
            EXPECT_EQ((next_special<'&', '<', '>'>(t, k)), naive_next(t, k, "&<>")) << round << " " << k;
            EXPECT_EQ(next_special<>(t, k), naive_next(t, k, "")) << round << " " << k;
        }
    }
    // Long plain runs, a hit at each place of the last word.
    for (size_t at = 0; at < 64; ++at) {
        std::string t(64, 'q');
        t[at] = '<';
        EXPECT_EQ((next_special<'&', '<', '>'>(t, 0)), at);
        t[at] = '\x1f';
        EXPECT_EQ((next_special<'"'>(t, 0)), at);
    }
}

// find_nul against string_view::find('\0'): NUL bytes among every byte value (0x01 and 0x80 beside
// them, where a borrow or a top bit could mislead the eight-byte test) at every place of strings up
// to 40 bytes, one or several of them, views starting anywhere in their text.
TEST(Text, FindNulFindsWhatFindFinds) {
    uint32_t x = 11;
    auto rnd = [&] { return x = x * 1664525u + 1013904223u; };
    const unsigned char edge[] = {0x00, 0x00, 0x01, 0x7F, 0x80, 0x81, 0xFF, 0xE5};
    for (int round = 0; round < 20000; ++round) {
        const size_t len = rnd() % 41;
        std::string t(len + 8, 'x');
        for (auto& c : t) {
            const uint32_t r = rnd();
            c = static_cast<char>(r % 5 == 0 ? edge[(r >> 8) % sizeof edge] : r % 5 == 1 ? (r >> 8) & 0xFF : 'a' + (r >> 8) % 26);
        }
        const size_t from = rnd() % 8;
        const std::string_view v(t.data() + from, len);
        EXPECT_EQ(find_nul(v), std::min(v.size(), v.find('\0'))) << round;
    }
    for (size_t at = 0; at < 40; ++at) {
        std::string t(40, '\x01');
        t[at] = '\0';
        EXPECT_EQ(find_nul(t), at);
        EXPECT_EQ(find_nul(std::string_view(t).substr(0, at)), at);  // the NUL just past the view's end is not seen
    }
    EXPECT_EQ(find_nul(""), 0u);
}

// put_json_string (a cursor with room made beforehand), and append_json_string which writes through
// it, against a byte-by-byte escaping: random strings of every byte value, quotes, backslashes and
// control characters among them, into exactly the room the function asks for.
std::string naive_json(std::string_view t) {
    std::string out = "\"";
    for (const char ch : t) {
        const auto c = static_cast<unsigned char>(ch);
        if (c == '"') out += "\\\"";
        else if (c == '\\') out += "\\\\";
        else if (c == '\b') out += "\\b";
        else if (c == '\f') out += "\\f";
        else if (c == '\n') out += "\\n";
        else if (c == '\r') out += "\\r";
        else if (c == '\t') out += "\\t";
        else if (c < 0x20) {
            char e[8];
            std::snprintf(e, sizeof e, "\\u%04x", c);
            out += e;
        } else {
            out += ch;
        }
    }
    return out + "\"";
}

TEST(Text, JsonStringAtACursorEscapesEachByte) {
    uint32_t x = 5;
    auto rnd = [&] { return x = x * 1664525u + 1013904223u; };
    const unsigned char edge[] = {0x00, 0x01, 0x08, 0x09, 0x0A, 0x0C, 0x0D, 0x1F, 0x20, '"', '\\', 0x7F, 0xE4, 0xB8};
    for (int round = 0; round < 5000; ++round) {
        std::string t(rnd() % 50, 'x');
        for (auto& c : t) {
            const uint32_t r = rnd();
            c = static_cast<char>(r % 3 == 0 ? edge[(r >> 8) % sizeof edge] : r % 3 == 1 ? (r >> 8) & 0xFF : 'a' + (r >> 8) % 26);
        }
        const std::string expected = naive_json(t);
        std::string room(2 + 6 * t.size(), '\0');
        const char* end = put_json_string(room.data(), t);
        EXPECT_EQ(std::string_view(room.data(), static_cast<size_t>(end - room.data())), expected) << round;
        std::string appended = "before";
        append_json_string(appended, t);
        EXPECT_EQ(appended, "before" + expected) << round;
    }
}

TEST(Text, JsonStringsEscapedAsBefore) {
    std::string out;
    append_json_string(out, "a\"b\\c\n\t\x01\x1f 中文 plain text that is long enough to pass whole words\b\f\r");
    EXPECT_EQ(out, "\"a\\\"b\\\\c\\n\\t\\u0001\\u001f 中文 plain text that is long enough to pass whole words\\b\\f\\r\"");
}

}  // namespace
}  // namespace landeff
