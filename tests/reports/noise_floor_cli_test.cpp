// gate and compare say when their threshold is below the data's noise floor (issue 15): one
// "perfjudge: note:" line on stderr, and the gate's Markdown carries it too. Quiet data: no note.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include "common/launch.hpp"
#include "core/temp_dir.hpp"
#include "fixture.hpp"

namespace pj::reports {
namespace {

// One run: sample m/0 on task t level 1 seed 1, nine repeats of `repeats`.
void one_run(const std::filesystem::path& file, const std::vector<double>& repeats) {
  test::FixtureDb f(file);
  const auto run = f.add_run();
  f.add_task(run, "t", {{1, 1.0, {1}}});
  const auto ref = f.add_reference(run, "t", "ref", "fast", 1);
  f.add_stress(ref, 1, 1, 1.0);
  const auto s = f.add_sample(run, "t", "m", "0");
  f.add_result(s, "OK", true);
  f.add_stress(s, 1, 1, 1.0);
  f.add_repeats(s, 1, 1, repeats);
}

struct NoiseFloorCli : ::testing::Test {
  TempDir dir{"pj-floor-cli"};
  std::string noisy_a, noisy_b, quiet_a, quiet_b;
  void SetUp() override {
    noisy_a = (dir.path() / "na.db").string();
    noisy_b = (dir.path() / "nb.db").string();
    quiet_a = (dir.path() / "qa.db").string();
    quiet_b = (dir.path() / "qb.db").string();
    // CV 13.7% over nine repeats: a floor of 15.9%, above the default --min-effect 5%.
    const std::vector<double> noisy = {0.8, 1.2, 0.9, 1.1, 1.0, 0.85, 1.15, 0.95, 1.05};
    one_run(noisy_a, noisy);
    one_run(noisy_b, noisy);
    const std::vector<double> quiet = {1.0, 1.001, 0.999, 1.0, 1.0, 1.002, 0.998, 1.0, 1.0};
    one_run(quiet_a, quiet);
    one_run(quiet_b, quiet);
  }
};

const char* kNote = "perfjudge: note: --min-effect 5.0% is below the noise floor ";

TEST_F(NoiseFloorCli, GateNotesAThresholdBelowTheFloor) {
  const auto r = pj::test::perfjudge(
      {"gate", "--baseline", noisy_a, "--candidate", noisy_b, "--cost", "cpu_time"});
  EXPECT_EQ(r.status, 0) << r.out << r.err;
  EXPECT_NE(r.err.find(kNote), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("of cpu_time (median CV"), std::string::npos) << r.err;
  EXPECT_NE(r.out.find("> note: --min-effect 5.0% is below the noise floor"), std::string::npos)
      << r.out;
  // A threshold above the floor: no note.
  const auto wide = pj::test::perfjudge({"gate", "--baseline", noisy_a, "--candidate", noisy_b,
                                         "--cost", "cpu_time", "--min-effect", "40%"});
  EXPECT_EQ(wide.err.find("note:"), std::string::npos) << wide.err;
  const auto quiet = pj::test::perfjudge(
      {"gate", "--baseline", quiet_a, "--candidate", quiet_b, "--cost", "cpu_time"});
  EXPECT_EQ(quiet.status, 0) << quiet.err;
  EXPECT_EQ(quiet.err.find("note:"), std::string::npos) << quiet.err;
}

TEST_F(NoiseFloorCli, CompareNotesAThresholdBelowTheFloor) {
  const auto r =
      pj::test::perfjudge({"compare", "--db", noisy_a, "--db", noisy_b, "--cost", "cpu_time"});
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_NE(r.err.find(kNote), std::string::npos) << r.err;
  const auto quiet =
      pj::test::perfjudge({"compare", "--db", quiet_a, "--db", quiet_b, "--cost", "cpu_time"});
  EXPECT_EQ(quiet.status, 0) << quiet.err;
  EXPECT_EQ(quiet.err.find("note:"), std::string::npos) << quiet.err;
}

}  // namespace
}  // namespace pj::reports
