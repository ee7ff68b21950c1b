#include <gtest/gtest.h>

#include "landeff/text.hpp"

using namespace landeff;

TEST(Text, NearestFindsTypo) { EXPECT_EQ(nearest("area_tolerence", {"area_tolerance", "far_max"}), "area_tolerance"); }
