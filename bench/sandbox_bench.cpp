// Per-run cost of starting /bin/true: bare, through `perfjudge sandbox`, through bubblewrap,
// and through the in-process library call the harness uses, the cases interleaved. Usage: RUNS
// PERFJUDGE_EXE [PROGRAM STDIN]: with a program, also the in-process call on it, reading STDIN and
// writing its output to files as the harness does (bench/run_overhead.sh subtracts that figure).
// Usage `starts COUNT`: COUNT back-to-back in-process starts of /bin/true, each one's
// latency and verdict, for bench/sandbox_starts.sh, which runs it under load.
#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fmt/format.h>
#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/temp_dir.hpp"
#include "sandbox/sandbox.hpp"

extern char** environ;

namespace {

using Clock = std::chrono::steady_clock;

// posix_spawn rather than Boost.Process: the baseline must be the cheapest fork+exec there
// is, without Boost's extra error-reporting pipe.
bool spawn_and_wait(const std::vector<std::string>& argv) {
  std::vector<char*> args;
  for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
  pid_t pid = 0;
  const int rc = posix_spawn(&pid, args[0], &fa, nullptr, args.data(), environ);
  posix_spawn_file_actions_destroy(&fa);
  if (rc != 0) return false;
  int status = 0;
  waitpid(pid, &status, 0);
  return WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

struct Case {
  std::string name;
  std::function<bool()> once;
};

struct Figure {
  std::string name;
  double median_ms = 0, mean_ms = 0;
  bool ok = true;
};

// Round-robin: run i of every case before run i+1 of any, so that a change of the machine's
// load during the measurement shifts every case alike and the ratios between them stay fair.
std::vector<Figure> measure(const std::vector<Case>& cases, int runs) {
  for (const Case& c : cases)
    for (int i = 0; i < 3; ++i) c.once();  // warm caches
  std::vector<std::vector<double>> ms(cases.size());
  std::vector<Figure> figs;
  for (const Case& c : cases) figs.push_back(Figure{c.name});
  for (int i = 0; i < runs; ++i) {
    for (std::size_t k = 0; k < cases.size(); ++k) {
      const auto t0 = Clock::now();
      figs[k].ok = cases[k].once() && figs[k].ok;
      ms[k].push_back(std::chrono::duration<double, std::milli>(Clock::now() - t0).count());
    }
  }
  for (std::size_t k = 0; k < cases.size(); ++k) {
    std::sort(ms[k].begin(), ms[k].end());
    figs[k].median_ms = ms[k][ms[k].size() / 2];
    for (double v : ms[k]) figs[k].mean_ms += v / static_cast<double>(ms[k].size());
  }
  return figs;
}

double percentile(const std::vector<double>& sorted, double p) {
  const auto i = static_cast<std::size_t>(p * static_cast<double>(sorted.size() - 1) + 0.5);
  return sorted[std::min(i, sorted.size() - 1)];
}

// One line: the IE count (the figure that must be zero) and the latency distribution.
int starts(int count) {
  pj::sandbox::Config cfg;
  cfg.argv = {"/bin/true"};
  std::vector<double> ms;
  int ie = 0, other = 0;
  std::string first_ie;
  for (int i = 0; i < count; ++i) {
    const auto t0 = Clock::now();
    const pj::sandbox::Result r = pj::sandbox::run(cfg);
    ms.push_back(std::chrono::duration<double, std::milli>(Clock::now() - t0).count());
    if (r.verdict == pj::sandbox::Verdict::IE) {
      if (ie++ == 0) first_ie = r.message;
    } else if (r.verdict != pj::sandbox::Verdict::OK) {
      ++other;
    }
  }
  std::sort(ms.begin(), ms.end());
  fmt::print("starts {}  IE {}  other non-OK {}  median {:.2f} ms  p99 {:.2f} ms  max {:.2f} ms\n",
             count, ie, other, percentile(ms, 0.5), percentile(ms, 0.99), ms.back());
  if (ie > 0) fmt::print("first IE: {}\n", first_ie);
  return ie == 0 && other == 0 ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc == 3 && std::string_view(argv[1]) == "starts")
    return starts(std::max(1, std::atoi(argv[2])));
  if (argc != 3 && argc != 5) {
    fmt::print(stderr, "usage: {0} RUNS PERFJUDGE_EXE [PROGRAM STDIN] | {0} starts COUNT\n",
               argv[0]);
    return 2;
  }
  const int runs = std::max(1, std::atoi(argv[1]));
  const std::string exe = argv[2];
  std::vector<Case> cases;
  cases.push_back({"bare fork+exec /bin/true", [] { return spawn_and_wait({"/bin/true"}); }});
  cases.push_back({"perfjudge sandbox -- /bin/true", [&] {
                     return spawn_and_wait({exe, "sandbox", "--", "/bin/true"});
                   }});
  pj::sandbox::Config cfg;
  cfg.argv = {"/bin/true"};
  cases.push_back({"in-process pj::sandbox::run(/bin/true)",
                   [&] { return pj::sandbox::run(cfg).verdict == pj::sandbox::Verdict::OK; }});
  std::optional<pj::TempDir> scratch;
  pj::sandbox::Config p;
  if (argc == 5) {
    const std::filesystem::path program = std::filesystem::absolute(argv[3]);
    scratch.emplace("pj-bench");
    p.argv = {program.string()};
    p.bind_ro = {program.parent_path()};
    p.stdin_path = std::filesystem::absolute(argv[4]);
    p.stdout_path = scratch->path() / "out";
    p.stderr_path = scratch->path() / "err";
    cases.push_back({fmt::format("in-process pj::sandbox::run({})", program.filename().string()),
                     [&] { return pj::sandbox::run(p).verdict == pj::sandbox::Verdict::OK; }});
  }
  const bool have_bwrap = access("/usr/bin/bwrap", X_OK) == 0;
  if (have_bwrap) {
    cases.push_back({"bwrap --unshare-all ... /bin/true", [] {
                       return spawn_and_wait({"/usr/bin/bwrap", "--unshare-all", "--ro-bind", "/",
                                              "/", "--dev", "/dev", "--proc", "/proc",
                                              "/bin/true"});
                     }});
  }
  const std::vector<Figure> figs = measure(cases, runs);
  const double bare = figs[0].median_ms;
  const double bwrap = have_bwrap ? figs.back().median_ms : 0;
  fmt::print("runs per case: {}\n", runs);
  fmt::print("{:<42} {:>10} {:>10} {:>9} {:>9}\n", "case", "median ms", "mean ms", "x bare",
             "x bwrap");
  for (const auto& f : figs) {
    fmt::print("{:<42} {:>10.3f} {:>10.3f} {:>9.2f} {:>9}{}\n", f.name, f.median_ms, f.mean_ms,
               f.median_ms / bare,
               have_bwrap ? fmt::format("{:.2f}", f.median_ms / bwrap) : std::string("-"),
               f.ok ? "" : "  (some runs FAILED)");
  }
  if (have_bwrap) {
    fmt::print("perfjudge sandbox / bwrap (medians, runs interleaved): {:.2f}\n",
               figs[1].median_ms / bwrap);
  }
  bool all_ok = true;
  for (const auto& f : figs) all_ok = all_ok && f.ok;
  return all_ok ? 0 : 1;
}
