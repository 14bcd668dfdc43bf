// Per-run cost of starting /bin/true: bare, through `perfjudge sandbox`, through bubblewrap,
// and through the in-process library call the harness uses. Usage: RUNS PERFJUDGE_EXE
// [PROGRAM STDIN]: with a program, also the in-process call on it, reading STDIN and writing
// its output to files as the harness does (bench/run_overhead.sh subtracts that figure).
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
#include <string>
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

struct Figure {
  std::string name;
  double median_ms = 0, mean_ms = 0;
  bool ok = true;
};

Figure measure(const std::string& name, int runs, const std::function<bool()>& once) {
  for (int i = 0; i < 3; ++i) once();  // warm caches
  std::vector<double> ms;
  Figure f{name};
  for (int i = 0; i < runs; ++i) {
    const auto t0 = Clock::now();
    f.ok = once() && f.ok;
    ms.push_back(std::chrono::duration<double, std::milli>(Clock::now() - t0).count());
  }
  std::sort(ms.begin(), ms.end());
  f.median_ms = ms[ms.size() / 2];
  for (double v : ms) f.mean_ms += v / static_cast<double>(ms.size());
  return f;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3 && argc != 5) {
    fmt::print(stderr, "usage: {} RUNS PERFJUDGE_EXE [PROGRAM STDIN]\n", argv[0]);
    return 2;
  }
  const int runs = std::max(1, std::atoi(argv[1]));
  const std::string exe = argv[2];
  std::vector<Figure> figs;
  figs.push_back(
      measure("bare fork+exec /bin/true", runs, [] { return spawn_and_wait({"/bin/true"}); }));
  figs.push_back(measure("perfjudge sandbox -- /bin/true", runs, [&] {
    return spawn_and_wait({exe, "sandbox", "--", "/bin/true"});
  }));
  pj::sandbox::Config cfg;
  cfg.argv = {"/bin/true"};
  figs.push_back(measure("in-process pj::sandbox::run(/bin/true)", runs, [&] {
    return pj::sandbox::run(cfg).verdict == pj::sandbox::Verdict::OK;
  }));
  if (argc == 5) {
    const std::filesystem::path program = std::filesystem::absolute(argv[3]);
    const pj::TempDir scratch("pj-bench");
    pj::sandbox::Config p;
    p.argv = {program.string()};
    p.bind_ro = {program.parent_path()};
    p.stdin_path = std::filesystem::absolute(argv[4]);
    p.stdout_path = scratch.path() / "out";
    p.stderr_path = scratch.path() / "err";
    figs.push_back(
        measure(fmt::format("in-process pj::sandbox::run({})", program.filename().string()), runs,
                [&] { return pj::sandbox::run(p).verdict == pj::sandbox::Verdict::OK; }));
  }
  const bool have_bwrap = access("/usr/bin/bwrap", X_OK) == 0;
  if (have_bwrap) {
    figs.push_back(measure("bwrap --unshare-all ... /bin/true", runs, [] {
      return spawn_and_wait({"/usr/bin/bwrap", "--unshare-all", "--ro-bind", "/", "/", "--dev",
                             "/dev", "--proc", "/proc", "/bin/true"});
    }));
  }
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
  bool all_ok = true;
  for (const auto& f : figs) all_ok = all_ok && f.ok;
  return all_ok ? 0 : 1;
}
