// The per-run noise of issue 15: the share of unstable benchmarks and the median CV, with the
// load at the run's start and end, in the header of every report format.
#include "reports/noise.hpp"

#include <gtest/gtest.h>

#include "core/temp_dir.hpp"
#include "fixture.hpp"
#include "reports/format.hpp"
#include "reports/load.hpp"

namespace pj::reports {
namespace {

constexpr const char* kHost =
    R"({"cpu_model":"Test CPU","start":{"loadavg":[0.5,0.25,0.125],"governor":"performance",)"
    R"("turbo":false},"end":{"loadavg":[1.5,1.25,1.0],"governor":"performance","turbo":false}})";

// One run, one task, four benchmarks with hand-checkable CVs: 0 (reference), 0.1 (unstable),
// 0.02 and one repeat only (no CV: not counted).
struct Noise : ::testing::Test {
  TempDir dir{"pj-noise"};
  Dataset ds;
  void SetUp() override {
    const auto file = dir.path() / "n.db";
    {
      test::FixtureDb f(file);
      const auto run = f.add_run();
      f.set_host(run, kHost);
      f.add_task(run, "t", {{1, 1.0, {1, 2, 3}}});
      const auto ref = f.add_reference(run, "t", "ref", "fast", 1);
      f.add_stress(ref, 1, 1, 1.0);
      f.add_repeats(ref, 1, 1, {1.0, 1.0, 1.0});
      const auto s = f.add_sample(run, "t", "m", "0");
      f.add_result(s, "OK", true);
      for (const std::int64_t seed : {1, 2, 3}) f.add_stress(s, 1, seed, 1.0);
      f.add_repeats(s, 1, 1, {0.9, 1.1});    // sd 0.1414, mean 1: CV 0.1414
      f.add_repeats(s, 1, 2, {0.98, 1.02});  // CV 0.0283
      f.add_repeats(s, 1, 3, {1.0});
    }
    LoadOptions lo;
    lo.with_repeats = true;
    ds = load(file, lo);
  }
};

TEST_F(Noise, CountsUnstableBenchmarksAndTheMedianCv) {
  const auto n = run_noise(ds, Cost::CpuTime);
  ASSERT_EQ(n.size(), 1u);
  EXPECT_EQ(n[0].benchmarks, 3u);
  EXPECT_EQ(n[0].unstable, 1u);
  EXPECT_NEAR(*n[0].unstable_share(), 1.0 / 3, 1e-12);
  EXPECT_NEAR(*n[0].median_cv, 0.04 / std::sqrt(2.0), 1e-6);
  EXPECT_EQ(n[0].load_start, nlohmann::json::parse("[0.5,0.25,0.125]"));
  EXPECT_EQ(n[0].load_end, nlohmann::json::parse("[1.5,1.25,1.0]"));
}

TEST_F(Noise, LinesSayTheShareTheMedianAndTheLoad) {
  const auto n = run_noise(ds, Cost::CpuTime).at(0);
  EXPECT_EQ(noise_line(n),
            "noise run #1 (cpu_time): 1 of 3 benchmarks unstable (33.3%, CV > 5%), median CV "
            "2.83%");
  EXPECT_EQ(load_line(n), "load run #1: 0.50 0.25 0.12 at start, 1.50 1.25 1.00 at end");
}

TEST_F(Noise, RunWithoutRepeatsOrLoadSaysSo) {
  for (auto& p : ds.programs) p.repeats.clear();
  ds.runs[0].host_json = R"({"cores":2})";
  const auto n = run_noise(ds, Cost::CpuTime).at(0);
  EXPECT_EQ(n.benchmarks, 0u);
  EXPECT_FALSE(n.median_cv);
  EXPECT_EQ(noise_line(n), "noise run #1 (cpu_time): no benchmark has two repeats");
  EXPECT_EQ(load_line(n), "load run #1: not recorded at start, not recorded at end");
}

TEST_F(Noise, EveryReportHeaderShowsIt) {
  LeaderboardOptions opt;
  opt.cost = Cost::CpuTime;
  const auto lb = compute_leaderboard(ds, opt);
  const std::string noise = "1 of 3 benchmarks unstable (33.3%, CV > 5%), median CV 2.83%";
  const std::string load = "0.50 0.25 0.12 at start, 1.50 1.25 1.00 at end";
  const auto text = format_text(ds, lb);
  EXPECT_LT(text.find(noise), text.find("model")) << text;
  EXPECT_NE(text.find(load), std::string::npos) << text;
  const auto md = format_markdown(ds, lb);
  EXPECT_LT(md.find("- noise run #1"), md.find("| model |")) << md;
  EXPECT_NE(md.find(load), std::string::npos) << md;
  const auto html = format_html(ds, lb);
  EXPECT_NE(html.find("CV &gt; 5%"), std::string::npos);
  EXPECT_NE(html.find(load), std::string::npos);
  const auto j = to_json(ds, lb);
  const auto& jn = j["runs"][0]["noise"];
  EXPECT_EQ(jn["cost"], "cpu_time");
  EXPECT_EQ(jn["benchmarks"], 3);
  EXPECT_EQ(jn["unstable"], 1);
  EXPECT_NEAR(jn["unstable_share"].get<double>(), 1.0 / 3, 1e-12);
  EXPECT_NEAR(jn["median_cv"].get<double>(), 0.0283, 1e-4);
  EXPECT_EQ(jn["unstable_cv"], 0.05);
  EXPECT_EQ(jn["load_end"], nlohmann::json::parse("[1.5,1.25,1.0]"));
  EXPECT_EQ(j["runs"][0]["host"]["start"]["governor"], "performance");
}

}  // namespace
}  // namespace pj::reports
