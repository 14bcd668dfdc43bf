#include <gtest/gtest.h>

#include <csignal>
#include <nlohmann/json.hpp>

#include "core/error.hpp"
#include "sandbox/sandbox.hpp"
#include "sandbox/verdict_rules.hpp"

namespace pj::sandbox {
namespace {

TEST(VerdictNames, RoundTrip) {
  for (auto v : {Verdict::OK, Verdict::RE, Verdict::TLE, Verdict::TLE_WALL, Verdict::MLE,
                 Verdict::OLE, Verdict::SECURITY, Verdict::IE}) {
    EXPECT_EQ(verdict_from_string(to_string(v)), v);
  }
  EXPECT_EQ(to_string(Verdict::TLE_WALL), "TLE_WALL");
  EXPECT_FALSE(verdict_from_string("ok").has_value());
  EXPECT_EQ(backend_from_string("valgrind"), CounterBackend::Valgrind);
  EXPECT_EQ(to_string(CounterBackend::Perf), "perf");
  EXPECT_FALSE(backend_from_string("papi").has_value());
}

Limits limits() {
  Limits l;
  l.cpu_seconds = 1;
  l.memory_mib = 10;
  l.output_mib = 1;
  return l;
}

TEST(VerdictRules, CleanExitIsOk) {
  Outcome o;
  o.exit_code = 0;
  EXPECT_EQ(decide(o, limits()).first, Verdict::OK);
}

TEST(VerdictRules, ReachingTheDiskLimitIsOleBelowMleAboveSecurity) {
  Outcome o;
  o.disk_full = true;
  o.signal = SIGSYS;
  Limits l = limits();
  l.disk_mib = 32;
  EXPECT_EQ(decide(o, l), std::make_pair(Verdict::OLE, std::string("the workdir and /tmp reached "
                                                                   "the disk limit of 32 MiB")));
  o.max_rss_kib = 20 * 1024;
  EXPECT_EQ(decide(o, l).first, Verdict::MLE);
  o.max_rss_kib = 0;
  o.disk_full = false;
  o.copy_back_error = "the files to copy back exceed the disk limit (at 'x')";
  const auto [v, msg] = decide(o, l);
  EXPECT_EQ(v, Verdict::OLE);
  EXPECT_NE(msg.find("(at 'x')"), std::string::npos) << msg;
}

TEST(VerdictRules, PrecedenceFollowsTheIssue) {
  // Start with every condition and remove them from the top: each step reveals the next.
  Outcome o;
  o.internal_error = "boom";
  o.cpu_ns = 2'000'000'000;
  o.kill = Outcome::Kill::Wall;
  o.max_rss_kib = 20 * 1024;
  o.stdout_bytes = 2 << 20;
  o.signal = SIGSYS;
  const Verdict expected[] = {Verdict::IE,  Verdict::TLE,      Verdict::TLE_WALL, Verdict::MLE,
                              Verdict::OLE, Verdict::SECURITY, Verdict::RE};
  EXPECT_EQ(decide(o, limits()).first, expected[0]);
  o.internal_error.clear();
  EXPECT_EQ(decide(o, limits()).first, expected[1]);
  o.cpu_ns = 0;
  EXPECT_EQ(decide(o, limits()).first, expected[2]);
  o.kill.reset();
  EXPECT_EQ(decide(o, limits()).first, expected[3]);
  o.max_rss_kib = 0;
  EXPECT_EQ(decide(o, limits()).first, expected[4]);
  o.stdout_bytes = 0;
  EXPECT_EQ(decide(o, limits()).first, expected[5]);
  o.signal = SIGSEGV;
  auto [v, msg] = decide(o, limits());
  EXPECT_EQ(v, expected[6]);
  EXPECT_NE(msg.find("SIGSEGV"), std::string::npos) << msg;
  o.signal.reset();
  o.exit_code = 3;
  EXPECT_EQ(decide(o, limits()), std::make_pair(Verdict::RE, std::string("exited with code 3")));
}

TEST(VerdictRules, ForgedReportChannelOutranksEverything) {
  Outcome o;
  o.breach = "the sandbox's report channel was forged: a second fork report";
  o.internal_error = "cannot execute 'x'";
  o.exit_code = 0;
  EXPECT_EQ(decide(o, limits()), std::make_pair(Verdict::SECURITY, o.breach));
}

TEST(VerdictRules, SigxcpuIsATimeLimitNotACrash) {
  Outcome o;
  o.signal = SIGXCPU;
  o.cpu_ns = 500'000'000;  // below the 1 s limit: the rlimit fired before a sample saw it
  EXPECT_EQ(decide(o, limits()).first, Verdict::TLE);
}

TEST(MetaRecord, JsonRoundTripKeepsEveryField) {
  Result r;
  r.verdict = Verdict::RE;
  r.exit_code = 3;
  r.wall_ns = 11;
  r.cpu_user_ns = 12;
  r.cpu_sys_ns = 13;
  r.max_rss_kib = 14;
  r.stdout_bytes = 15;
  r.stderr_bytes = 16;
  r.killed_by_sandbox = true;
  r.message = "exited with code 3";
  r.counters["task-clock"] = Counter{1234, "perf", 20, 10};
  r.counters_unavailable["instructions"] = "no hardware PMU";
  const auto j = to_json(r);
  EXPECT_TRUE(j.at("signal").is_null());
  EXPECT_EQ(j.at("verdict"), "RE");
  EXPECT_EQ(j.at("counters").at("task-clock").at("backend"), "perf");
  const Result back = result_from_json(j);
  EXPECT_EQ(to_json(back), j);
}

TEST(MetaRecord, MalformedJsonIsAnInputError) {
  auto j = nlohmann::json::parse(R"({"verdict":"MAYBE"})");
  EXPECT_THROW(result_from_json(j), Error);
  j = nlohmann::json::parse(R"({"verdict":"OK"})");
  EXPECT_THROW(result_from_json(j), Error);
}

}  // namespace
}  // namespace pj::sandbox
