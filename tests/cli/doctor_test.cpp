// `perfjudge doctor` on this machine: valid JSON with every finding, exit 0 (these machines
// can run a measured evaluation).
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "common/launch.hpp"

namespace {

using pj::test::perfjudge;

TEST(CliDoctor, JsonHasEveryFindingAndExitsZeroHere) {
  const auto r = perfjudge({"doctor", "--json"});
  EXPECT_EQ(r.status, 0) << r.out << r.err;
  const nlohmann::json j = nlohmann::json::parse(r.out);  // throws (fails) when not JSON
  for (const char* key : {"sandbox", "pmu", "perf_event_paranoid", "container", "pmu_events",
                          "namespaces", "seccomp", "cgroup", "valgrind", "governor", "turbo",
                          "load", "languages", "cost", "can_measure", "exit_code"})
    EXPECT_TRUE(j.contains(key)) << key;
  EXPECT_EQ(j["can_measure"], true);
  EXPECT_TRUE(j["languages"].contains("python"));
  EXPECT_TRUE(j["cost"]["auto"] == "instructions" || j["cost"]["auto"] == "cpu_time");
  EXPECT_GT(j["pmu_events"]["data"]["count"].get<int>(), 0);
}

TEST(CliDoctor, TextEndsWithTheCostModesAndTheAutoChoice) {
  const auto r = perfjudge({"doctor"});
  EXPECT_EQ(r.status, 0) << r.out << r.err;
  EXPECT_NE(r.out.find("\ncost modes: "), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("\n--cost auto: "), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("a measured evaluation can run here (exit 0)"), std::string::npos);
}

}  // namespace
