// One session serves every level of a function task (harness/task/function_stress.cpp): its calls
// are split back into the levels, and a level the session failed on ends the split, so that
// the levels after it get a session of their own.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "harness/task/function_stress.hpp"

namespace pj::harness {
namespace {

sandbox::CallRecord call(bool complete, std::uint64_t gap_ns) {
  sandbox::CallRecord c;
  c.complete = complete;
  c.gap_cpu_ns = gap_ns;
  c.cpu_ns = 1000;
  return c;
}

sandbox::Result session(sandbox::Verdict v, std::optional<int> exit_code,
                        std::vector<sandbox::CallRecord> calls) {
  sandbox::Result r;
  r.verdict = v;
  r.exit_code = exit_code;
  r.calls = std::move(calls);
  r.load_cpu_ns = 5;
  r.tail_cpu_ns = 7;
  r.max_rss_kib = 100;
  return r;
}

TEST(SessionSplit, ACleanSessionGivesEveryLevelItsCalls) {
  const auto r =
      session(sandbox::Verdict::OK, 0,
              {call(true, 1), call(true, 2), call(true, 3), call(true, 4), call(true, 5)});
  const auto parts = split_session(r, {2, 3});
  ASSERT_EQ(parts.size(), 2u);
  EXPECT_EQ(parts[0].calls.size(), 2u);
  EXPECT_EQ(parts[1].calls.size(), 3u);
  EXPECT_EQ(*parts[1].calls[0].gap_cpu_ns, 3u);
  EXPECT_EQ(parts[0].verdict, sandbox::Verdict::OK);
  EXPECT_EQ(parts[1].verdict, sandbox::Verdict::OK);
  // The first level keeps the load; its tail is the CPU up to the next level's first call.
  EXPECT_EQ(parts[0].load_cpu_ns, 5u);
  EXPECT_FALSE(parts[1].load_cpu_ns);
  EXPECT_EQ(parts[0].tail_cpu_ns, 3u);
  EXPECT_EQ(parts[1].tail_cpu_ns, 7u);
}

TEST(SessionSplit, TheLevelASessionFailedOnEndsTheSplit) {
  // Killed inside the second level's second call: the first level is whole, the second gets
  // the verdict, the third never began.
  const auto r = session(sandbox::Verdict::TLE, std::nullopt,
                         {call(true, 1), call(true, 2), call(true, 3), call(false, 4)});
  const auto parts = split_session(r, {2, 2, 2});
  ASSERT_EQ(parts.size(), 2u);
  EXPECT_EQ(parts[0].verdict, sandbox::Verdict::OK);
  EXPECT_EQ(parts[0].exit_code, 0);
  EXPECT_EQ(parts[1].verdict, sandbox::Verdict::TLE);
  EXPECT_EQ(parts[1].calls.size(), 2u);
  EXPECT_FALSE(parts[1].calls[1].complete);
}

TEST(SessionSplit, ASessionThatDiesBetweenLevelsFailsTheLevelBefore) {
  // Every call of the first level ended, but the session was killed before the next began:
  // nothing says the gap after them was clean, so that level carries the verdict.
  const auto r = session(sandbox::Verdict::MLE, std::nullopt, {call(true, 1), call(true, 2)});
  const auto parts = split_session(r, {2, 2});
  ASSERT_EQ(parts.size(), 1u);
  EXPECT_EQ(parts[0].verdict, sandbox::Verdict::MLE);
  EXPECT_EQ(parts[0].calls.size(), 2u);
}

TEST(SessionSplit, AnUncleanExitFailsTheLastLevel) {
  const auto r = session(sandbox::Verdict::OK, 1, {call(true, 1), call(true, 2)});
  const auto parts = split_session(r, {1, 1});
  ASSERT_EQ(parts.size(), 2u);
  EXPECT_EQ(parts[0].verdict, sandbox::Verdict::OK);
  EXPECT_EQ(parts[1].exit_code, 1);
}

TEST(SessionSplit, ASessionThatNeverStartedFailsTheFirstLevel) {
  sandbox::Result r = session(sandbox::Verdict::IE, std::nullopt, {});
  r.message = "the sandbox did not start";
  const auto parts = split_session(r, {3, 3});
  ASSERT_EQ(parts.size(), 1u);
  EXPECT_EQ(parts[0].verdict, sandbox::Verdict::IE);
  EXPECT_EQ(parts[0].message, "the sandbox did not start");
  EXPECT_TRUE(parts[0].calls.empty());
}

// Repeats are spread over up to three sessions, each with at least two calls per input
// (warm-ups count), the first sessions taking the remainder.
TEST(SpreadRepeats, AsManySessionsAsGiveEachTwoCallsAtMostThree) {
  EXPECT_EQ(spread_repeats(0, 6), (std::vector<int>{2, 2, 2}));  // ENAMEL's defaults
  EXPECT_EQ(spread_repeats(0, 4), (std::vector<int>{2, 2}));
  EXPECT_EQ(spread_repeats(0, 5), (std::vector<int>{3, 2}));
  EXPECT_EQ(spread_repeats(0, 3), (std::vector<int>{3}));
  EXPECT_EQ(spread_repeats(0, 10), (std::vector<int>{4, 3, 3}));
  EXPECT_EQ(spread_repeats(1, 3), (std::vector<int>{1, 1, 1}));
  EXPECT_EQ(spread_repeats(1, 2), (std::vector<int>{1, 1}));
  EXPECT_EQ(spread_repeats(5, 1), (std::vector<int>{1}));
  EXPECT_EQ(spread_repeats(0, 1), (std::vector<int>{1}));
}

// The driver's no-op rounds are spread evenly among the real ones and never come first (the
// carried-state check compares a session's first real call with its later ones).
TEST(LayOutRounds, NoopRoundsAreSpreadEvenlyAndNeverFirst) {
  const auto kinds = [](int real, int noops) {
    std::string out;
    for (const Round& r : lay_out_rounds(real, noops)) out += r.noop ? 'N' : 'R';
    return out;
  };
  EXPECT_EQ(kinds(2, 1), "RNR");  // ENAMEL's defaults: 2 repeats per session
  EXPECT_EQ(kinds(1, 1), "RN");
  EXPECT_EQ(kinds(4, 2), "RRNRNR");
  EXPECT_EQ(kinds(11, 5), "RRNRRNRRNRRNRRNR");
  EXPECT_EQ(kinds(3, 0), "RRR");
  EXPECT_EQ(kinds(0, 2), "");
  // Each kind's rounds are numbered in order.
  const auto r = lay_out_rounds(4, 2);
  std::vector<int> real, noop;
  for (const Round& x : r) (x.noop ? noop : real).push_back(x.index);
  EXPECT_EQ(real, (std::vector<int>{0, 1, 2, 3}));
  EXPECT_EQ(noop, (std::vector<int>{0, 1}));
}

}  // namespace
}  // namespace pj::harness

// State carried between calls shows in every session (each starts from a fresh import); one
// dear first call among three sessions is what a loaded machine does now and then.
TEST(CarriedState, OnlyADearFirstCallInEverySessionFailsTheSample) {
  using V = std::vector<std::vector<double>>;
  const V cached = {{20e6, 0.1e6}, {21e6, 0.1e6, 0.1e6}, {19e6, 0.2e6}};
  const auto dear = pj::harness::carried_state(cached);
  ASSERT_TRUE(dear);
  EXPECT_DOUBLE_EQ(dear->first_ns, 20e6);
  EXPECT_DOUBLE_EQ(dear->typical_ns, 0.1e6);
  EXPECT_TRUE(pj::harness::carried_state(V{{20e6, 0.1e6}}));  // one session: all there is to go on
  // humaneval-109 under load: 5.6 ms against 0.9 ms in one session of three.
  EXPECT_FALSE(pj::harness::carried_state(V{{5.62e6, 0.89e6}, {0.9e6, 0.88e6}, {0.91e6, 0.9e6}}));
  // Within 4 x the later calls + 2 ms: a cold first call, not a cache.
  EXPECT_FALSE(pj::harness::carried_state(V{{5.5e6, 0.9e6}, {5.5e6, 0.9e6}}));
  EXPECT_FALSE(pj::harness::carried_state(V{{20e6}}));  // one call: nothing to compare
}
