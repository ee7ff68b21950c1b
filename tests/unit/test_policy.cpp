// policy.table (差别化政策, issue 17): the rows as parsed, and malformed rows refused naming the key.
#include <gtest/gtest.h>

#include "landeff/error.hpp"
#include "landeff/policy.hpp"

using namespace landeff;

TEST(Policy, ParsesTableRowsInOrder) {
    const auto t = parse_policy_table(" C:差别化电价:元/kWh:0.1:elec; A:城镇土地使用税减免:%:100: ;D:差别化水价:元/吨:1:water;");
    ASSERT_EQ(t.size(), 3u);  // the empty last row is skipped
    EXPECT_EQ(t[0].grade, 'C');
    EXPECT_EQ(t[0].measure, "差别化电价");
    EXPECT_EQ(t[0].unit, "元/kWh");
    EXPECT_DOUBLE_EQ(t[0].rate, 0.1);
    EXPECT_EQ(t[0].quantity, "elec");
    EXPECT_EQ(t[1].grade, 'A');
    EXPECT_EQ(t[1].quantity, "");  // no quantity: listed without an amount
    EXPECT_DOUBLE_EQ(t[1].rate, 100);
    EXPECT_EQ(t[2].quantity, "water");
    EXPECT_TRUE(parse_policy_table("").empty());
    // Four columns: the quantity is optional.
    EXPECT_EQ(parse_policy_table("B:奖励:万元:5").at(0).quantity, "");
}

TEST(Policy, RefusesMalformedRows) {
    auto message = [](const std::string& text) {
        try {
            (void)parse_policy_table(text);
        } catch (const ConfigError& e) {
            return std::string(e.what());
        }
        return std::string("accepted");
    };
    EXPECT_NE(message("E:差别化电价:元/kWh:0.1:elec").find("grade \"E\""), std::string::npos);
    EXPECT_NE(message("C:差别化电价:元/kWh:abc:elec").find("rate \"abc\""), std::string::npos);
    EXPECT_NE(message("C:差别化电价:元/kWh:0.1:gas").find("quantity \"gas\""), std::string::npos);
    EXPECT_NE(message("C:差别化电价").find("5 columns expected, found 2"), std::string::npos);
    EXPECT_NE(message("C::元/kWh:0.1:elec").find("measure is empty"), std::string::npos);
    EXPECT_EQ(message("C:差别化电价:元/kWh:0.1:elec").rfind("accepted", 0), 0u);
    EXPECT_EQ(message("C:x:y:1:elec;D:x:y:2:").find("policy.table"), std::string::npos);  // valid: "accepted"
    EXPECT_EQ(message("X:x:y:1:").rfind("policy.table: ", 0), 0u);  // errors name the key first
}
