// The one measurement interface: which backend a config gets, what each does to the command
// before the launch, and that an absent count is reported with its reason, never as 0.
#include "sandbox/measurement.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>

#include "sandbox/counters_perf.hpp"

namespace pj::sandbox::test {
namespace {

Config config(CounterBackend backend, std::vector<std::string> counters) {
  Config cfg;
  cfg.argv = {"/bin/true"};
  cfg.backend = backend;
  cfg.counters = std::move(counters);
  return cfg;
}

struct Wrapped {
  std::vector<std::string> argv{"/bin/true", "arg"};
  Limits limits;
  std::vector<std::filesystem::path> rw_binds;
};

Wrapped wrap(Measurement& m) {
  Wrapped w;
  w.limits.cpu_seconds = 2;
  w.limits.memory_mib = 100;
  m.wrap(w.argv, w.limits, w.rw_binds);
  return w;
}

TEST(Measurement, ValgrindWrapsTheCommandScalesItsLimitsAndBindsItsOutputDirectory) {
  const auto m =
      make_measurement(config(CounterBackend::Valgrind, {"instructions"}), sandbox_host_ids());
  const Wrapped w = wrap(*m);
  ASSERT_GT(w.argv.size(), 2u);
  EXPECT_NE(w.argv.front().find("valgrind"), std::string::npos) << w.argv.front();
  EXPECT_EQ(w.argv[w.argv.size() - 2], "/bin/true");  // the command itself runs last
  EXPECT_EQ(w.argv.back(), "arg");
  EXPECT_GT(w.limits.cpu_seconds, 2.0);  // valgrind is 12-50x slower than native
  EXPECT_GT(w.limits.memory_mib, 100u);
  ASSERT_EQ(w.rw_binds.size(), 1u);  // cachegrind's out files
  EXPECT_TRUE(std::filesystem::is_directory(w.rw_binds[0]));
  const bool out_file_in_dir = std::any_of(w.argv.begin(), w.argv.end(), [&](const auto& a) {
    return a.find(w.rw_binds[0].string()) != std::string::npos;
  });
  EXPECT_TRUE(out_file_in_dir);
}

TEST(Measurement, ValgrindReportsEveryOtherCounterAndAMissingCountAsUnavailable) {
  const auto m = make_measurement(config(CounterBackend::Valgrind, {"instructions", "task-clock"}),
                                  sandbox_host_ids());
  wrap(*m);
  m->attach(std::nullopt, "no process");
  EXPECT_TRUE(m->snapshot().empty());  // cachegrind counts only at each process's exit
  std::map<std::string, Counter> out;
  std::map<std::string, std::string> unavailable;
  m->read(out, unavailable);  // nothing ran, so cachegrind wrote nothing
  EXPECT_TRUE(out.empty());
  EXPECT_EQ(unavailable.count("instructions"), 1u);
  EXPECT_EQ(unavailable.count("task-clock"), 1u);
  EXPECT_NE(unavailable["task-clock"].find("valgrind"), std::string::npos);
}

void write_file(const std::filesystem::path& p, const std::string& text) {
  std::ofstream(p) << text;
}

// A call-channel run under valgrind reads each call's count at its marks: the one process that
// exited since the last mark. Every file is removed once read, so a call cannot leave anything
// there for the next one, and read() still sums every process.
TEST(Measurement, ValgrindSnapshotsCountTheOneProcessThatExitedAndRemoveEveryFile) {
  const auto m =
      make_measurement(config(CounterBackend::Valgrind, {"instructions"}), sandbox_host_ids());
  EXPECT_TRUE(m->counts_at_exit());
  const Wrapped w = wrap(*m);
  ASSERT_EQ(w.rw_binds.size(), 1u);
  const std::filesystem::path dir = w.rw_binds[0];
  const auto env = m->env();  // valgrind's temporary files go there too: /tmp is read-only
  ASSERT_EQ(env.size(), 1u);
  EXPECT_EQ(env[0], std::make_pair(std::string("TMPDIR"), dir.string()));
  m->attach(std::nullopt, "no process");
  EXPECT_TRUE(m->snapshot().empty());  // nothing exited yet

  write_file(dir / "cg.7", "events: Ir\nsummary: 1000\n");
  write_file(dir / "state-for-the-next-call", "memo");
  const auto one = m->snapshot();
  ASSERT_EQ(one.count("instructions"), 1u);
  EXPECT_EQ(one.at("instructions"), 1000.0);
  EXPECT_TRUE(std::filesystem::is_empty(dir));

  write_file(dir / "cg.8", "events: Ir\nsummary: 20\n");
  write_file(dir / "cg.9", "events: Ir\nsummary: 30\n");
  EXPECT_TRUE(m->snapshot().empty());  // whose count is whose is unknown
  EXPECT_TRUE(std::filesystem::is_empty(dir));

  write_file(dir / "cg.10", "events: Ir\nsummary: 4\n");
  std::map<std::string, Counter> out;
  std::map<std::string, std::string> unavailable;
  m->read(out, unavailable);
  ASSERT_EQ(out.count("instructions"), 1u) << unavailable["instructions"];
  EXPECT_EQ(out.at("instructions").value, 1054.0);
}

TEST(Measurement, ValgrindSnapshotsRefuseADirectoryInTheOutputDirectory) {
  const auto m =
      make_measurement(config(CounterBackend::Valgrind, {"instructions"}), sandbox_host_ids());
  const Wrapped w = wrap(*m);
  std::filesystem::create_directory(w.rw_binds[0] / "d");
  write_file(w.rw_binds[0] / "cg.7", "events: Ir\nsummary: 1000\n");
  EXPECT_TRUE(m->snapshot().empty());  // not walked as root
  std::map<std::string, Counter> out;
  std::map<std::string, std::string> unavailable;
  m->read(out, unavailable);
  EXPECT_TRUE(out.empty());
  EXPECT_NE(unavailable["instructions"].find("cannot remove d"), std::string::npos)
      << unavailable["instructions"];
}

TEST(Measurement, PerfLeavesTheCommandAloneAndNamesWhyAnUnattachedRunHasNoCounts) {
  const auto m = make_measurement(config(CounterBackend::Perf, {"task-clock", "instructions"}),
                                  sandbox_host_ids());
  const Wrapped w = wrap(*m);
  EXPECT_EQ(w.argv, (std::vector<std::string>{"/bin/true", "arg"}));
  EXPECT_DOUBLE_EQ(w.limits.cpu_seconds, 2.0);
  EXPECT_TRUE(w.rw_binds.empty());
  m->attach(std::nullopt, "could not find the candidate process to count");
  std::map<std::string, Counter> out;
  std::map<std::string, std::string> unavailable;
  m->read(out, unavailable);
  EXPECT_TRUE(out.empty());  // never a 0
  EXPECT_EQ(unavailable["task-clock"], "could not find the candidate process to count");
  EXPECT_EQ(unavailable["instructions"], "could not find the candidate process to count");
}

TEST(Measurement, AutoTakesValgrindForInstructionsOnlyWithoutAHardwareCounter) {
  const auto m =
      make_measurement(config(CounterBackend::Auto, {"instructions"}), sandbox_host_ids());
  const Wrapped w = wrap(*m);
  const bool wrapped = w.argv.front().find("valgrind") != std::string::npos;
  EXPECT_EQ(wrapped, !perf_event_available("instructions"));
  const auto time_only =
      make_measurement(config(CounterBackend::Auto, {"task-clock"}), sandbox_host_ids());
  EXPECT_EQ(wrap(*time_only).argv.front(), "/bin/true");
}

}  // namespace
}  // namespace pj::sandbox::test
