// The one cost vocabulary every command's --cost takes.
#include "core/cost.hpp"

#include <gtest/gtest.h>

#include "core/error.hpp"

namespace pj {
namespace {

TEST(CostNames, CanonicalNamesRoundTrip) {
  for (Cost c : {Cost::Auto, Cost::Instructions, Cost::CpuTime, Cost::WallTime})
    EXPECT_EQ(cost_from_string(to_string(c)), c);
}

TEST(CostNames, AliasesMeanTheSameCost) {
  EXPECT_EQ(cost_from_string("instr"), Cost::Instructions);
  EXPECT_EQ(cost_from_string("cpu"), Cost::CpuTime);
  EXPECT_EQ(cost_from_string("cpu-time"), Cost::CpuTime);
  EXPECT_EQ(cost_from_string("wall"), Cost::WallTime);
  EXPECT_EQ(cost_from_string("wall-time"), Cost::WallTime);
  EXPECT_FALSE(cost_from_string("cycles"));
  EXPECT_FALSE(cost_from_string(""));
}

TEST(CostNames, UnknownNameIsAUsageErrorNamingTheOptionAndTheNames) {
  try {
    parse_cost("cycles", "--metric");
    FAIL() << "accepted cycles";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::Usage);
    const std::string m = e.what();
    EXPECT_NE(m.find("--metric cycles"), std::string::npos) << m;
    EXPECT_NE(m.find("auto | instructions | cpu_time | wall_time"), std::string::npos) << m;
  }
}

}  // namespace
}  // namespace pj
