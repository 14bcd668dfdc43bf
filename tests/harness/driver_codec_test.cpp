// share/driver/pjcodec.py, the JSON encoding of function-task values, checked by a Python script.
#include <gtest/gtest.h>

#include "task_test_util.hpp"

namespace {

TEST(DriverCodec, RoundTripsEveryTaggedType) {
  const std::string out = pj::harness::testing::run_python_check("driver/codec_check.py");
  EXPECT_EQ(out.rfind("ok ", 0), 0u) << out;
}

}  // namespace
