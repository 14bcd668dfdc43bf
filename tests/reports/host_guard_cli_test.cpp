// The host guard through the CLI: gate, compare and report refuse time costs measured on
// different CPU models with exit code 2 and one error line, and warn with
// --allow-host-mismatch.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <algorithm>

#include "common/launch.hpp"
#include "core/temp_dir.hpp"
#include "fixture.hpp"

namespace pj::reports {
namespace {

// One run on `cpu` with one sample ("m"/"0", or `model`) timed 9 times on task t level 1 seed 1.
void one_run(test::FixtureDb& f, const std::string& cpu, const std::string& model = "m") {
  const auto run = f.add_run();
  f.set_host(run, fmt::format(R"({{"cpu_model":"{}"}})", cpu));
  f.add_task(run, "t", {{1, 1.0, {1}}});
  const auto ref = f.add_reference(run, "t", "ref", "fast", 1);
  f.add_stress(ref, 1, 1, 1.0);
  const auto s = f.add_sample(run, "t", model, "0");
  f.add_result(s, "OK", true);
  f.add_stress(s, 1, 1, 1.0);
  f.add_repeats(s, 1, 1, {1.0, 1.01, 0.99, 1.02, 0.98, 1.0, 1.01, 0.99, 1.0});
}

struct HostGuardCli : ::testing::Test {
  TempDir dir{"pj-host-cli"};
  std::string a, b, merged;
  void SetUp() override {
    a = (dir.path() / "a.db").string();
    b = (dir.path() / "b.db").string();
    merged = (dir.path() / "merged.db").string();
    {
      test::FixtureDb fa(a);
      one_run(fa, "CPU Alpha");
      test::FixtureDb fb(b);
      one_run(fb, "CPU Beta");
      // Merged shards of two machines: one model's samples on each.
      test::FixtureDb fm(merged);
      one_run(fm, "CPU Alpha", "m1");
      one_run(fm, "CPU Beta", "m2");
    }
  }
};

void expect_refused(const pj::test::Finished& r, const std::string& command) {
  EXPECT_EQ(r.status, 2) << r.out << r.err;
  EXPECT_EQ(r.err.rfind("perfjudge: error: " + command +
                            ": cpu_time measured on different CPU "
                            "models: ",
                        0),
            0u)
      << r.err;
  EXPECT_NE(r.err.find("'CPU Alpha'"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("'CPU Beta'"), std::string::npos) << r.err;
  EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
}

void expect_warned(const pj::test::Finished& r, const std::string& command) {
  EXPECT_EQ(r.status, 0) << r.out << r.err;
  EXPECT_NE(r.err.find("perfjudge: " + command + ": warning: --allow-host-mismatch: cpu_time"),
            std::string::npos)
      << r.err;
  EXPECT_NE(r.err.find("'CPU Beta'"), std::string::npos) << r.err;
}

TEST_F(HostGuardCli, GateRefusesTimesFromDifferentCpuModelsUnlessAllowed) {
  expect_refused(pj::test::perfjudge({"gate", "--baseline", a, "--candidate", b}), "gate");
  const auto r =
      pj::test::perfjudge({"gate", "--baseline", a, "--candidate", b, "--allow-host-mismatch"});
  expect_warned(r, "gate");
  EXPECT_NE(r.out.find("> gate: warning:"), std::string::npos) << r.out;
}

TEST_F(HostGuardCli, CompareRefusesTimesFromDifferentCpuModelsUnlessAllowed) {
  expect_refused(pj::test::perfjudge({"compare", "--db", a, "--db", b}), "compare");
  expect_warned(pj::test::perfjudge({"compare", "--db", a, "--db", b, "--allow-host-mismatch"}),
                "compare");
}

TEST_F(HostGuardCli, ReportRefusesToPoolTimesOfMergedShardsFromTwoCpuModels) {
  expect_refused(pj::test::perfjudge({"report", "--db", merged, "--cost", "cpu_time"}), "report");
  const auto r = pj::test::perfjudge(
      {"report", "--db", merged, "--cost", "cpu_time", "--allow-host-mismatch"});
  expect_warned(r, "report");
  EXPECT_NE(r.out.find("m2"), std::string::npos) << r.out;
  // One CPU model: no word about hosts.
  const auto same = pj::test::perfjudge({"report", "--db", a, "--cost", "cpu_time"});
  EXPECT_EQ(same.status, 0) << same.err;
  EXPECT_EQ(same.err, "");
}

}  // namespace
}  // namespace pj::reports
