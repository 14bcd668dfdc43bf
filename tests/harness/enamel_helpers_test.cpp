// share/enamel/enamel_helpers.py, checked by a Python script (the fixture lists the cases).
#include <gtest/gtest.h>

#include "task_test_util.hpp"

namespace {

TEST(EnamelHelpers, MillerRabinRandPrimesParensAndPrimality) {
  const std::string out = pj::harness::testing::run_python_check("enamel/helpers_check.py");
  EXPECT_EQ(out.rfind("ok ", 0), 0u) << out;
}

}  // namespace
