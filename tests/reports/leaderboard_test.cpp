#include "reports/leaderboard.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <nlohmann/json.hpp>

#include "core/error.hpp"
#include "core/temp_dir.hpp"
#include "fixture.hpp"
#include "real_run.hpp"
#include "reports/load.hpp"
#include "standard_fixture.hpp"

namespace pj::reports {
namespace {

using test::kXss;

struct Standard : ::testing::Test {
  TempDir dir{"pj-reports"};
  std::filesystem::path db = dir.path() / "s.db";
  void SetUp() override { test::build_standard(db); }
  Leaderboard board(LeaderboardOptions opt = {}) { return compute_leaderboard(load(db), opt); }
};

const ModelRow& row(const Leaderboard& lb, const std::string& model) {
  for (const auto& r : lb.rows) {
    if (r.model == model) return r;
  }
  throw std::runtime_error("no row " + model);
}

TEST_F(Standard, PassAtOneIsTheMeanOverTasksWithAnInterval) {
  const auto lb = board();
  const auto& a = row(lb, "alpha");
  EXPECT_EQ(a.n_tasks, 2);
  EXPECT_EQ(a.n_samples, 6);
  const auto* p = a.find("pass@1");
  ASSERT_TRUE(p && p->value);
  EXPECT_DOUBLE_EQ(*p->value, 0.625);
  ASSERT_TRUE(p->ci);
  EXPECT_LE(p->ci->lo, 0.625);
  EXPECT_GE(p->ci->hi, 0.625);
  EXPECT_DOUBLE_EQ(*row(lb, kXss).find("pass@1")->value, 1.0);
}

TEST_F(Standard, CostRatioIsTheGeometricMeanAgainstTheBestReference) {
  const auto lb = board();
  EXPECT_NEAR(*row(lb, "alpha").find("cost_ratio")->value, std::sqrt(2.0), 1e-12);
  // x0 timed out on the scoring level, so only x1 (2.0 / 1.0) counts.
  EXPECT_NEAR(*row(lb, kXss).find("cost_ratio")->value, 2.0, 1e-12);
}

TEST_F(Standard, EfficientAtKCountsSamplesStrictlyCheaperThanTheBestReference) {
  const auto lb = board();
  EXPECT_DOUBLE_EQ(*row(lb, "alpha").find("efficient@1")->value, (0.25 + 0.0) / 2);
}

TEST_F(Standard, CoffeSpeedupIsReferenceCostsOverCandidateCosts) {
  const auto lb = board();
  // COFFE sums over every stress test: sum's levels 0 and 1, 3 correct samples vs the best
  // reference's 0.01 + 1.0 each (3.03 / (0.51 + 2.01 + 1.01)); prod: 0.1 / 0.2.
  EXPECT_NEAR(*row(lb, "alpha").find("coffe_speedup")->value, (3.03 + 0.1) / (3.53 + 0.2), 1e-12);
}

TEST_F(Standard, EnamelPenalisesTheCensoredSample) {
  const auto lb = board();
  const auto* e = row(lb, kXss).find("eff@1");
  ASSERT_TRUE(e && e->value) << e->unavailable;
  EXPECT_GE(*e->value, 0.0);
  EXPECT_LE(*e->value, 1.0);
  // The per-task mean for kXss is below 1: x0 is censored at level 1.
  for (const auto& t : lb.tasks) {
    for (const auto& m : t.models) {
      if (t.task_id == "sum" && m.model == kXss) {
        ASSERT_TRUE(m.eff);
        EXPECT_LT(*m.eff, 1.0);
      }
    }
  }
}

TEST_F(Standard, TooFewSamplesForKIsUnavailableWithAReasonNotZero) {
  LeaderboardOptions opt;
  opt.ks = {1, 3};
  const auto lb = board(opt);
  const auto* p = row(lb, "alpha").find("pass@3");
  ASSERT_TRUE(p);
  EXPECT_FALSE(p->value);
  EXPECT_NE(p->unavailable.find("task prod has 2"), std::string::npos) << p->unavailable;
  EXPECT_FALSE(row(lb, "alpha").find("eff@3")->value);
  EXPECT_TRUE(row(lb, "alpha").find("pass@1")->value);
}

TEST_F(Standard, InstructionsNeverRecordedIsAnErrorNotUnavailableScores) {
  LeaderboardOptions opt;
  opt.cost = Cost::Instructions;
  EXPECT_THROW(board(opt), Error);
}

TEST_F(Standard, RowsSortByTheChosenMetricInItsDirection) {
  LeaderboardOptions opt;
  opt.sort_by = "pass@1";
  EXPECT_EQ(board(opt).rows.front().model, kXss);
  opt.sort_by = "cost_ratio";  // lower is better
  EXPECT_EQ(board(opt).rows.front().model, "alpha");
  opt.sort_by = "nonsense";
  EXPECT_THROW(board(opt), Error);
}

TEST_F(Standard, TaskViewHoldsTheReferenceLadderAndScoringLevel) {
  const auto lb = board();
  ASSERT_EQ(lb.tasks.size(), 2u);
  const auto& sum = lb.tasks[1];
  ASSERT_EQ(sum.task_id, "sum");
  EXPECT_EQ(sum.scoring_level, 1);
  ASSERT_EQ(sum.ladder.size(), 2u);
  EXPECT_EQ(sum.ladder[0].name, "naive-cpp");
  EXPECT_DOUBLE_EQ(*sum.ladder[0].cost, 4.0);
  EXPECT_DOUBLE_EQ(*sum.ladder[1].cost, 1.0);
  EXPECT_EQ(sum.models.size(), 2u);
}

TEST_F(Standard, DpsAndPieAndEffibenchAreComputed) {
  const auto lb = board();
  const auto& a = row(lb, "alpha");
  for (const char* m : {"dps", "dps_norm", "pie_speedup@1", "pie_opt@1", "net", "nmu", "ntmu"}) {
    const auto* s = a.find(m);
    ASSERT_TRUE(s) << m;
    EXPECT_TRUE(s->value) << m << ": " << s->unavailable;
    EXPECT_TRUE(s->ci) << m;
  }
  // PIE source is the slowest reference; a0 (0.5) is 8x faster than naive (4.0) on sum.
  EXPECT_GT(*a.find("pie_speedup@1")->value, 1.0);
}

TEST_F(Standard, PieReportsCorrectAndEveryThreshold) {
  // alpha: sum a0 (0.5) against the slowest reference (4.0): 8x; prod b0 (0.2) against 0.1: 1x.
  const auto lb = board();
  const auto& a = row(lb, "alpha");
  const std::vector<std::pair<std::string, double>> expected{
      {"pie_speedup@1", 4.5},  {"pie_opt@1", 50},      {"pie_correct@1", 100},
      {"pie_opt_1.25x@1", 50}, {"pie_opt_1.5x@1", 50}, {"pie_opt_2x@1", 50},
      {"pie_opt_3x@1", 50},    {"pie_opt_5x@1", 50},   {"pie_opt_10x@1", 0}};
  for (const auto& [name, value] : expected) {
    const auto* s = a.find(name);
    ASSERT_TRUE(s && s->value) << name;
    EXPECT_DOUBLE_EQ(*s->value, value) << name;
    EXPECT_TRUE(s->ci) << name;
  }
  // kXss's first sample timed out on the scoring level: no correct best@1.
  EXPECT_DOUBLE_EQ(*row(lb, kXss).find("pie_correct@1")->value, 0.0);
}

TEST_F(Standard, EffibenchReportsTheRatioOfSumsBesideTheMeanOfRatios) {
  // sum: correct samples' mean cost 3.5/3 against the canonical 1.0; prod: 0.2 against 0.1.
  // Peak memory and the memory-time integrals are equal on both sides.
  const auto lb = board();
  const auto& a = row(lb, "alpha");
  EXPECT_NEAR(*a.find("net")->value, (3.5 / 3 + 2.0) / 2, 1e-12);
  EXPECT_NEAR(*a.find("net_ratio_of_sums")->value, (3.5 / 3 + 0.2) / (1.0 + 0.1), 1e-12);
  EXPECT_DOUBLE_EQ(*a.find("nmu_ratio_of_sums")->value, 1.0);
  EXPECT_DOUBLE_EQ(*a.find("ntmu_ratio_of_sums")->value, 1.0);
  EXPECT_TRUE(lower_is_better("net_ratio_of_sums"));
}

TEST_F(Standard, DetailMetricsAreDataButNotTableColumns) {
  const auto lb = board();
  const auto has = [](const std::vector<std::string>& v, const std::string& name) {
    return std::find(v.begin(), v.end(), name) != v.end();
  };
  for (const char* detail : {"pie_correct@1", "pie_opt_10x@1", "ntmu_ratio_of_sums"}) {
    EXPECT_TRUE(has(lb.metric_names, detail)) << detail;
    EXPECT_FALSE(has(lb.table_metric_names, detail)) << detail;
  }
  for (const auto& name : lb.table_metric_names) EXPECT_TRUE(has(lb.metric_names, name)) << name;
}

// Task t: references slow (40 ms) and fast (10 ms) on level 1; each model's samples in order,
// `fast`, `slow` or a failing verdict (which gets no stress results, as in a real run).
void add_dps_task(test::FixtureDb& f, std::int64_t run, const std::string& task,
                  const std::string& model, const std::vector<std::string>& samples) {
  f.add_task(run, task, {{0, 0, {1}}, {1, 1, {1}}});
  const auto slow = f.add_reference(run, task, "slow", "naive", 0);
  const auto fast = f.add_reference(run, task, "fast", "expert", 1);
  for (const auto p : {slow, fast}) f.add_stress(p, 0, 1, 0.001);
  f.add_stress(slow, 1, 1, 0.040);
  f.add_stress(fast, 1, 1, 0.010);
  for (std::size_t i = 0; i < samples.size(); ++i) {
    const auto s = f.add_sample(run, task, model, task + "-" + std::to_string(i));
    if (samples[i] != "fast" && samples[i] != "slow") {
      f.add_result(s, samples[i], false);
      continue;
    }
    f.add_result(s, "OK", true);
    f.add_stress(s, 0, 1, 0.001);
    f.add_stress(s, 1, 1, samples[i] == "fast" ? 0.010 : 0.040);
  }
}

std::vector<std::string> with_failures(std::vector<std::string> v, std::size_t n) {
  v.resize(n, "WA");
  return v;
}

// t1: 2 of 20 correct (both as fast as the fast reference, DPS 100); t2: 1 of 20 (slow, 50).
std::filesystem::path dps_min_correct_db(const std::filesystem::path& dir) {
  const auto db = dir / "m.db";
  test::FixtureDb f(db);
  const auto run = f.add_run(R"({"cost":"cpu_time"})");
  add_dps_task(f, run, "t1", "m", with_failures({"fast", "fast"}, 20));
  add_dps_task(f, run, "t2", "m", with_failures({"slow"}, 20));
  return db;
}

TEST(Dps, DefaultMinCorrectIsATenthOfEachTasksSamples) {
  TempDir dir("pj-dps");
  const auto ds = load(dps_min_correct_db(dir.path()));
  // n = 20 needs 2 correct samples: only t1 counts.
  EXPECT_DOUBLE_EQ(*row(compute_leaderboard(ds), "m").find("dps")->value, 100.0);
  LeaderboardOptions one;
  one.dps_min_correct = 1;
  EXPECT_DOUBLE_EQ(*row(compute_leaderboard(ds, one), "m").find("dps")->value, 75.0);
  LeaderboardOptions three;
  three.dps_min_correct = 3;
  const auto strict = compute_leaderboard(ds, three);
  const auto* none = row(strict, "m").find("dps");
  EXPECT_FALSE(none->value);
  EXPECT_NE(none->unavailable.find("no task has 3 correct sample(s)"), std::string::npos)
      << none->unavailable;
}

TEST(Dps, ReportTakesDpsMinCorrect) {
  TempDir dir("pj-dps");
  const auto db = dps_min_correct_db(dir.path()).string();
  const auto dps_of = [&](std::vector<std::string> extra) {
    std::vector<std::string> args{"report", "--db", db, "--format", "json"};
    args.insert(args.end(), extra.begin(), extra.end());
    std::string out;
    EXPECT_EQ(test::run_cli(args, &out), 0);
    return nlohmann::json::parse(out)["models"][0]["metrics"]["dps"]["value"].get<double>();
  };
  EXPECT_DOUBLE_EQ(dps_of({}), 100.0);
  EXPECT_DOUBLE_EQ(dps_of({"--dps-min-correct", "1"}), 75.0);
  std::string err;
  EXPECT_EQ(test::run_cli({"report", "--db", db, "--dps-min-correct", "0"}, nullptr, &err), 2);
  EXPECT_NE(err.find("--dps-min-correct must be at least 1"), std::string::npos) << err;
}

// One task, three samples: fast, slow and `third` (first in stored order, so PIE's best@1 sees
// it).
Leaderboard third_sample_board(const std::filesystem::path& dir, const std::string& third) {
  const auto db = dir / (third + ".db");
  {
    test::FixtureDb f(db);
    const auto run = f.add_run(R"({"cost":"cpu_time"})");
    add_dps_task(f, run, "t", "m", {third, "fast", "slow"});
  }
  LeaderboardOptions opt;
  opt.ks = {1, 3};
  return compute_leaderboard(load(db), opt);
}

TEST(NoCode, ScoresExactlyLikeAWrongAnswer) {
  TempDir dir("pj-nocode");
  const auto no_code = third_sample_board(dir.path(), "NO_CODE");
  const auto wa = third_sample_board(dir.path(), "WA");
  const auto& n = row(no_code, "m");
  const auto& w = row(wa, "m");
  EXPECT_EQ(n.n_samples, 3);  // counted in n, not dropped
  ASSERT_EQ(no_code.tasks.size(), 1u);
  ASSERT_EQ(no_code.tasks[0].models.size(), 1u);
  EXPECT_EQ(no_code.tasks[0].models[0].n, 3);
  EXPECT_EQ(no_code.tasks[0].models[0].correct, 2);
  EXPECT_NEAR(*n.find("pass@1")->value, 2.0 / 3.0, 1e-12);
  EXPECT_DOUBLE_EQ(*n.find("pie_correct@1")->value, 0.0);  // best@1 is the failed sample
  // eff@1 is the mean of three ENAMEL scores with the failed one 0: against the fast reference
  // (T = 2 * 10 ms) the fast sample scores 1 and the slow one (40 ms > T) 0.
  EXPECT_NEAR(*n.find("eff@1")->value, 1.0 / 3.0, 1e-12);
  ASSERT_EQ(n.metrics.size(), w.metrics.size());
  for (std::size_t i = 0; i < n.metrics.size(); ++i) {
    const auto& [name, s] = n.metrics[i];
    const Score& t = w.metrics[i].second;
    EXPECT_EQ(name, w.metrics[i].first);
    ASSERT_EQ(s.value.has_value(), t.value.has_value()) << name;
    if (s.value) {
      EXPECT_EQ(*s.value, *t.value) << name;
    }
    ASSERT_EQ(s.ci.has_value(), t.ci.has_value()) << name;
    if (s.ci) {
      EXPECT_EQ(s.ci->lo, t.ci->lo) << name;
      EXPECT_EQ(s.ci->hi, t.ci->hi) << name;
    }
    EXPECT_EQ(s.unavailable, t.unavailable) << name;
  }
}

TEST(Dps, TimesClusterInNanosecondsSoDistinctReferencesStayDistinct) {
  // References at 10 ms and 40 ms of CPU time: two clusters in EvalPerf's rule when the cost
  // is in ns (gap 0.75 > 0.10 + sqrt(1e4 / 4e7)); in seconds sqrt(1e4 / 0.04) = 500 would
  // merge them and give every sample below 40 ms the full score.
  TempDir dir("pj-dps");
  const auto db = dir.path() / "d.db";
  {
    test::FixtureDb f(db);
    const auto run = f.add_run(R"({"cost":"cpu_time"})");
    f.add_task(run, "t", {{0, 0, {1}}, {1, 1, {1}}});
    const auto slow = f.add_reference(run, "t", "slow", "naive", 0);
    const auto fast = f.add_reference(run, "t", "fast", "expert", 1);
    const auto a = f.add_sample(run, "t", "m", "a");          // as fast as the fast reference
    const auto b = f.add_sample(run, "t", "m", "b");          // as slow as the slow one
    for (const auto p : {a, b}) f.add_result(p, "OK", true);  // references come with one
    for (const auto p : {slow, fast, a, b}) f.add_stress(p, 0, 1, 0.001);
    f.add_stress(slow, 1, 1, 0.040);
    f.add_stress(fast, 1, 1, 0.010);
    f.add_stress(a, 1, 1, 0.010);
    f.add_stress(b, 1, 1, 0.040);
  }
  LeaderboardOptions opt;
  opt.dps_min_correct = 1;
  const auto lb = compute_leaderboard(load(db), opt);
  const auto& m = row(lb, "m");
  // a: fastest cluster (100 / 100); b: slowest cluster (50 / 50); mean over the task's samples.
  EXPECT_DOUBLE_EQ(*m.find("dps")->value, 75.0);
  EXPECT_DOUBLE_EQ(*m.find("dps_norm")->value, 75.0);
}

TEST(Load, DefaultRunsAreTheLatestRunOfEachModel) {
  TempDir dir("pj-reports");
  const auto db = dir.path() / "r.db";
  test::FixtureDb f(db);
  const auto r1 = f.add_run();
  f.add_task(r1, "t", {});
  f.add_result(f.add_sample(r1, "t", "old-only", "0"), "OK", true);
  f.add_result(f.add_sample(r1, "t", "both", "0"), "OK", true);
  const auto r2 = f.add_run();
  f.add_task(r2, "t", {});
  f.add_result(f.add_sample(r2, "t", "both", "0"), "WA", false);
  const auto ds = load(db);
  ASSERT_EQ(ds.runs.size(), 2u);
  const auto lb = compute_leaderboard(ds);
  // "both" is read from run 2 only.
  for (const auto& r : lb.rows) {
    if (r.model == "both") {
      EXPECT_DOUBLE_EQ(*r.find("pass@1")->value, 0.0);
      EXPECT_EQ(r.n_samples, 1);
    }
  }
  LoadOptions only1;
  only1.runs = {r1};
  EXPECT_EQ(load(db, only1).runs.size(), 1u);
  only1.runs = {99};
  EXPECT_THROW(load(db, only1), Error);
}

TEST(Load, ForeignFileIsAnInputError) {
  TempDir dir("pj-reports");
  const auto db = dir.path() / "x.db";
  {
    store::Db d(db, store::Db::Mode::ReadWrite);
    d.exec("CREATE TABLE x(a)");
  }
  try {
    load(db);
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::Input);
    EXPECT_NE(std::string(e.what()).find("not a perfjudge store"), std::string::npos);
  }
}

}  // namespace
}  // namespace pj::reports
