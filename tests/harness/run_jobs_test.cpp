// How many workers a run uses for each cost (harness/run/run.hpp, jobs_for_cost).
#include <gtest/gtest.h>

#include "harness/run/run.hpp"

namespace pj::harness {
namespace {

TEST(RunJobs, DefaultIsOnePinnedWorkerPerCpuForCountsAndCpuTime) {
  EXPECT_EQ(jobs_for_cost(0, Cost::CpuTime, 2).jobs, 2);
  EXPECT_EQ(jobs_for_cost(0, Cost::Instructions, 4).jobs, 4);
  EXPECT_TRUE(jobs_for_cost(0, Cost::CpuTime, 2).warning.empty());
}

TEST(RunJobs, WallTimeRunsOneJobAndSaysSoWhenMoreWereAsked) {
  EXPECT_EQ(jobs_for_cost(0, Cost::WallTime, 8).jobs, 1);
  EXPECT_TRUE(jobs_for_cost(0, Cost::WallTime, 8).warning.empty());
  const JobsChoice c = jobs_for_cost(4, Cost::WallTime, 8);
  EXPECT_EQ(c.jobs, 1);
  EXPECT_NE(c.warning.find("--jobs 1"), std::string::npos) << c.warning;
}

TEST(RunJobs, CpuTimeNeverRunsMoreJobsThanCpus) {
  const JobsChoice c = jobs_for_cost(8, Cost::CpuTime, 2);
  EXPECT_EQ(c.jobs, 2);
  EXPECT_NE(c.warning.find("--jobs 2"), std::string::npos) << c.warning;
  EXPECT_EQ(jobs_for_cost(2, Cost::CpuTime, 2).jobs, 2);
  EXPECT_TRUE(jobs_for_cost(2, Cost::CpuTime, 2).warning.empty());
  // Counts do not depend on co-runners: the request stands.
  EXPECT_EQ(jobs_for_cost(8, Cost::Instructions, 2).jobs, 8);
}

}  // namespace
}  // namespace pj::harness
