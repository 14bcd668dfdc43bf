// The host guard: time costs from different CPU models are refused unless allowed, instruction
// counts are warned about, unknown CPU models never mismatch.
#include "reports/host_guard.hpp"

#include <gtest/gtest.h>

#include "core/error.hpp"
#include "core/temp_dir.hpp"
#include "fixture.hpp"
#include "reports/load.hpp"

namespace pj::reports {
namespace {

const std::vector<RunHost> kTwo{{"baseline a.db run 1", "Intel(R) Xeon(R) Gold 6230"},
                                {"candidate b.db run 2", "AMD EPYC 7763"}};

TEST(HostGuard, SameOrUnknownCpuModelPassesSilently) {
  const std::vector<RunHost> same{{"a run 1", "X"}, {"b run 2", "X"}, {"c run 3", ""}};
  EXPECT_EQ(check_hosts(same, Cost::CpuTime, false, "gate"), "");
  EXPECT_EQ(check_hosts({{"a run 1", "X"}, {"b run 2", ""}}, Cost::WallTime, false, "gate"), "");
}

TEST(HostGuard, TimeCostsOnDifferentCpuModelsAreRefusedNamingBothHosts) {
  for (const Cost c : {Cost::CpuTime, Cost::WallTime}) {
    try {
      check_hosts(kTwo, c, false, "gate");
      FAIL() << "no error";
    } catch (const Error& e) {
      EXPECT_EQ(e.kind(), ErrorKind::Input);
      const std::string m = e.what();
      EXPECT_EQ(m.rfind(std::string("gate: ") + std::string(to_string(c)), 0), 0u) << m;
      EXPECT_NE(m.find("baseline a.db run 1 ran on 'Intel(R) Xeon(R) Gold 6230'"),
                std::string::npos)
          << m;
      EXPECT_NE(m.find("candidate b.db run 2 on 'AMD EPYC 7763'"), std::string::npos) << m;
      EXPECT_NE(m.find("--allow-host-mismatch"), std::string::npos) << m;
      EXPECT_EQ(m.find('\n'), std::string::npos);
    }
  }
}

TEST(HostGuard, AllowTurnsTheRefusalIntoAWarningNamingBothHosts) {
  const auto w = check_hosts(kTwo, Cost::CpuTime, true, "compare");
  EXPECT_EQ(w.rfind("compare: warning: --allow-host-mismatch: cpu_time", 0), 0u) << w;
  EXPECT_NE(w.find("Intel(R) Xeon(R) Gold 6230"), std::string::npos);
  EXPECT_NE(w.find("AMD EPYC 7763"), std::string::npos);
}

TEST(HostGuard, InstructionCountsAcrossCpuModelsOnlyWarn) {
  const auto w = check_hosts(kTwo, Cost::Instructions, false, "gate");
  EXPECT_EQ(w.rfind("gate: warning: instruction counts from different CPU models", 0), 0u) << w;
  EXPECT_NE(w.find("AMD EPYC 7763"), std::string::npos);
  EXPECT_EQ(check_hosts({{"a", "X"}, {"b", "X"}}, Cost::Instructions, false, "gate"), "");
}

TEST(HostGuard, HostsComeFromTheStoreAndFromReportJson) {
  TempDir dir{"pj-hosts"};
  const auto file = dir.path() / "h.db";
  {
    test::FixtureDb f(file);
    f.set_host(f.add_run(), R"({"cpu_model":"CPU A"})");
    f.set_host(f.add_run(), R"({"cpu_model":"unknown"})");
  }
  LoadOptions lo;
  lo.runs = {1, 2};
  const auto hosts = hosts_of(load(file, lo), "side");
  ASSERT_EQ(hosts.size(), 2u);
  EXPECT_EQ(hosts[0].where, "side " + file.string() + " run 1");
  EXPECT_EQ(hosts[0].cpu_model, "CPU A");
  EXPECT_EQ(hosts[1].cpu_model, "");  // "unknown" never mismatches
  const auto j = nlohmann::json::parse(R"({"runs":[{"id":4,"host":{"cpu_model":"CPU B"}}]})");
  const auto from_json = hosts_of_report_json(j, "candidate", "r.json");
  ASSERT_EQ(from_json.size(), 1u);
  EXPECT_EQ(from_json[0].where, "candidate r.json run 4");
  EXPECT_EQ(from_json[0].cpu_model, "CPU B");
  EXPECT_TRUE(hosts_of_report_json(nlohmann::json::object(), "x", "y").empty());
}

}  // namespace
}  // namespace pj::reports
