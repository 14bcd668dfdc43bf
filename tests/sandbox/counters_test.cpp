// Counters: libpfm4 encodings, perf software events measured for real, honest absence of
// hardware events, and the valgrind backend.
#include <linux/perf_event.h>

#include <cstring>
#include <variant>

#include "sandbox/counters_perf.hpp"
#include "sandbox/counters_valgrind.hpp"
#include "sandbox/pfm_helper.hpp"
#include "sandbox_test_util.hpp"

namespace pj::sandbox::test {
namespace {

perf_event_attr encoded(const std::string& name) {
  auto enc = encode_event(name);
  EXPECT_TRUE(std::holds_alternative<perf_event_attr>(enc))
      << name << ": " << std::get<std::string>(enc);
  return std::holds_alternative<perf_event_attr>(enc) ? std::get<perf_event_attr>(enc)
                                                      : perf_event_attr{};
}

TEST(PerfEncoding, GenericNamesBecomeKernelEventsWithoutAPmu) {
  perf_event_attr a = encoded("instructions");
  EXPECT_EQ(a.type, PERF_TYPE_HARDWARE);
  EXPECT_EQ(a.config, PERF_COUNT_HW_INSTRUCTIONS);
  EXPECT_EQ(a.exclude_kernel, 1u);  // user level only
  EXPECT_EQ(a.exclude_hv, 1u);
  EXPECT_EQ(a.exclude_user, 0u);
  a = encoded("cycles");
  EXPECT_EQ(a.type, PERF_TYPE_HARDWARE);
  EXPECT_EQ(a.config, PERF_COUNT_HW_CPU_CYCLES);
  a = encoded("task-clock");
  EXPECT_EQ(a.type, PERF_TYPE_SOFTWARE);
  EXPECT_EQ(a.config, PERF_COUNT_SW_TASK_CLOCK);
  a = encoded("page-faults");
  EXPECT_EQ(a.type, PERF_TYPE_SOFTWARE);
  EXPECT_EQ(a.config, PERF_COUNT_SW_PAGE_FAULTS);
}

TEST(PerfEncoding, UnknownNamesCarryLibpfmsReason) {
  auto enc = encode_event("no-such-event-xyz");
  ASSERT_TRUE(std::holds_alternative<std::string>(enc));
  EXPECT_EQ(std::get<std::string>(enc), "libpfm4: event not found");
}

TEST(PerfCounters, TaskClockOfASpinnerIsCloseToItsCpuTime) {
  auto cfg = config({hostile("spinner"), "0.3"});
  cfg.counters = {"task-clock", "page-faults"};
  cfg.backend = CounterBackend::Perf;
  const Result r = run(cfg);
  ASSERT_EQ(r.verdict, Verdict::OK) << r.message;
  ASSERT_EQ(r.counters.count("task-clock"), 1u);
  const Counter& tc = r.counters.at("task-clock");
  EXPECT_EQ(tc.backend, "perf");
  const double cpu = static_cast<double>(r.cpu_user_ns + r.cpu_sys_ns);
  EXPECT_GT(tc.value, 0.25e9);
  EXPECT_NEAR(tc.value, cpu, 0.25 * cpu + 20e6) << "task-clock " << tc.value << " cpu " << cpu;
  EXPECT_GT(tc.time_enabled_ns, 0u);
  EXPECT_GT(r.counters.at("page-faults").value, 0.0);
}

TEST(PerfCounters, MissingHardwareCounterIsAbsentAndExplainedNeverZero) {
  if (perf_event_available("instructions")) {
    // A machine with a PMU: the counter must then be real.
    auto cfg = config({hostile("deterministic")});
    cfg.counters = {"instructions"};
    cfg.backend = CounterBackend::Perf;
    const Result r = run(cfg);
    ASSERT_EQ(r.counters.count("instructions"), 1u);
    EXPECT_GT(r.counters.at("instructions").value, 0.0);
    return;
  }
  auto cfg = config({hostile("deterministic")});
  cfg.counters = {"instructions", "task-clock", "bogus-event"};
  cfg.backend = CounterBackend::Perf;
  const Result r = run(cfg);
  ASSERT_EQ(r.verdict, Verdict::OK) << r.message;
  EXPECT_EQ(r.counters.count("instructions"), 0u);
  EXPECT_EQ(r.counters_unavailable.at("instructions"), "no hardware PMU (perf_event_open: ENOENT)");
  EXPECT_EQ(r.counters_unavailable.at("bogus-event"), "libpfm4: event not found");
  EXPECT_EQ(r.counters.count("task-clock"), 1u);
}

TEST(ValgrindCounters, SameBinaryAndInputGiveTheSameCount) {
  auto cfg = config({hostile("deterministic"), "200000"});
  cfg.counters = {"instructions"};
  cfg.backend = CounterBackend::Valgrind;
  const auto a = run_captured(cfg);
  const auto b = run_captured(cfg);
  ASSERT_EQ(a.result.verdict, Verdict::OK) << a.result.message << a.err;
  ASSERT_EQ(a.result.counters.count("instructions"), 1u) << a.err;
  const Counter& ca = a.result.counters.at("instructions");
  EXPECT_EQ(ca.backend, "valgrind");
  EXPECT_GT(ca.value, 200000.0 * 3);
  EXPECT_EQ(ca.value, b.result.counters.at("instructions").value);
  EXPECT_EQ(a.out, b.out);  // the program's output is untouched by valgrind
  EXPECT_EQ(a.err, "");     // and valgrind adds nothing to stderr
  // More work, more instructions.
  cfg.argv = {hostile("deterministic"), "400000"};
  const Result c = run(cfg);
  EXPECT_GT(c.counters.at("instructions").value, ca.value + 200000.0);
}

TEST(ValgrindCounters, AutoPicksValgrindWhenInstructionsHaveNoPmu) {
  auto cfg = config({hostile("deterministic"), "1000"});
  cfg.counters = {"instructions", "task-clock"};
  cfg.backend = CounterBackend::Auto;
  const Result r = run(cfg);
  ASSERT_EQ(r.verdict, Verdict::OK) << r.message;
  ASSERT_EQ(r.counters.count("instructions"), 1u);
  const std::string expected = perf_event_available("instructions") ? "perf" : "valgrind";
  EXPECT_EQ(r.counters.at("instructions").backend, expected);
}

TEST(ValgrindCounters, ChildrenAreCountedToo) {
  auto cfg = config({"/bin/sh", "-c", hostile("deterministic") + " 100000"});
  cfg.counters = {"instructions"};
  cfg.backend = CounterBackend::Valgrind;
  const Result r = run(cfg);
  ASSERT_EQ(r.verdict, Verdict::OK) << r.message;
  auto solo = config({hostile("deterministic"), "100000"});
  solo.counters = {"instructions"};
  solo.backend = CounterBackend::Valgrind;
  EXPECT_GT(r.counters.at("instructions").value, run(solo).counters.at("instructions").value);
}

TEST(ValgrindCounters, LimitsAreScaled) {
  Limits l;
  l.cpu_seconds = 1;
  l.memory_mib = 100;
  const Limits v = valgrind_limits(l);
  EXPECT_DOUBLE_EQ(v.cpu_seconds, kValgrindTimeFactor + kValgrindTimeExtraSeconds);
  EXPECT_DOUBLE_EQ(v.effective_wall_seconds(), 4 * kValgrindTimeFactor + kValgrindTimeExtraSeconds);
  EXPECT_EQ(v.memory_mib, 200 + kValgrindExtraMemoryMib);
}

TEST(PerfProbe, AnUnknownEventSaysLibpfm4AndNoErrno) {
  const EventProbe p = probe_perf_event("no-such-event-anywhere");
  EXPECT_FALSE(p.opened);
  EXPECT_EQ(p.error, 0);
  EXPECT_EQ(p.message.rfind("libpfm4: ", 0), 0u) << p.message;
}

TEST(PerfProbe, AgreesWithPerfEventAvailable) {
  for (const char* name : {"instructions", "task-clock"}) {
    const EventProbe p = probe_perf_event(name);
    EXPECT_EQ(p.opened, perf_event_available(name)) << name;
    EXPECT_EQ(p.opened, p.message.empty()) << name << ": " << p.message;
  }
}

TEST(PerfProbe, Libpfm4KnowsEventsOnSomePmu) {
  const PmuEvents ev = pmu_events(3);
  EXPECT_GT(ev.count, 0u);
  EXPECT_FALSE(ev.pmus.empty());
  EXPECT_LE(ev.sample.size(), 3u);
}

// libpfm4 lives in the pj-pfm executable, not in perfjudge: its answers must arrive whole.
TEST(PfmHelper, AnEncodingIsExactlyOnePerfEventAttr) {
  const PfmAnswer a = ask_pj_pfm({"encode", "task-clock"});
  ASSERT_EQ(a.status, 0) << a.out;
  ASSERT_EQ(a.out.size(), sizeof(perf_event_attr));
  perf_event_attr attr{};
  std::memcpy(&attr, a.out.data(), sizeof attr);
  EXPECT_EQ(attr.type, PERF_TYPE_SOFTWARE);
  EXPECT_EQ(attr.config, PERF_COUNT_SW_TASK_CLOCK);
}

TEST(PfmHelper, AnUnknownEventExitsThreeWithLibpfmsReason) {
  const PfmAnswer a = ask_pj_pfm({"encode", "no-such-event-xyz"});
  EXPECT_EQ(a.status, 3);
  EXPECT_EQ(a.out, "libpfm4: event not found\n");
}

TEST(PfmHelper, BadUsageExitsTwoAndPrintsNothingOnStdout) {
  for (const std::vector<std::string>& args :
       {std::vector<std::string>{"list", "many"}, {"list", "-1"}, {"frobnicate", "x"}, {}}) {
    const PfmAnswer a = ask_pj_pfm(args);
    EXPECT_EQ(a.status, 2) << (args.empty() ? "" : args[0]);
    EXPECT_EQ(a.out, "");
  }
}

TEST(PfmHelper, AnEncodingAskedTwiceIsTheSame) {
  const auto first = encode_event("page-faults");
  const auto again = encode_event("page-faults");
  ASSERT_TRUE(std::holds_alternative<perf_event_attr>(first));
  ASSERT_TRUE(std::holds_alternative<perf_event_attr>(again));
  EXPECT_EQ(std::memcmp(&std::get<perf_event_attr>(first), &std::get<perf_event_attr>(again),
                        sizeof(perf_event_attr)),
            0);
}

}  // namespace
}  // namespace pj::sandbox::test
