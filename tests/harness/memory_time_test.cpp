// The stored memory-time integral is metrics' trapezoid over the sandbox's memory curve.
#include <gtest/gtest.h>

#include "harness/run/run_context.hpp"
#include "harness/task/execute.hpp"

namespace pj::harness {
namespace {

sandbox::Result with_curve(std::vector<sandbox::MemorySample> curve) {
  sandbox::Result r;
  r.verdict = sandbox::Verdict::OK;
  r.memory_samples = std::move(curve);
  return r;
}

TEST(MemoryTime, StoredIntegralIsTheTrapezoidOfTheSamples) {
  // In MiB: 0 -> 20 over 0..1 s: 10; flat 20 over 1..2 s: 20; 20 -> 0 over 2..4 s: 20. Total
  // 50 MiB*s, where holding each sample until the next would give 60 and holding it back to
  // the previous one 40.
  const sandbox::Result r = with_curve({{0, 0}, {1, 20 * 1024}, {2, 20 * 1024}, {4, 0}});
  EXPECT_DOUBLE_EQ(memory_time_mib_s(r), 50.0);
  EXPECT_DOUBLE_EQ(execution_row(7, r).mem_time_mib_s, 50.0);
}

TEST(MemoryTime, NoCurveStoresZero) {
  EXPECT_EQ(memory_time_mib_s(with_curve({})), 0.0);
  EXPECT_EQ(execution_row(7, with_curve({})).mem_time_mib_s, 0.0);
}

}  // namespace
}  // namespace pj::harness
