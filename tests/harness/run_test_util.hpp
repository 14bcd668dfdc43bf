// Helpers for the run pipeline tests: launching the real perfjudge CLI and reading its store.
#pragma once

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <string>
#include <vector>

#include "store/store.hpp"

namespace pj::test {

inline std::filesystem::path run_fixture() {
  return std::filesystem::path(PJ_SOURCE_DIR) / "tests" / "fixtures" / "run";
}

// Starts perfjudge with args (stdout/stderr to `log`), returns its pid.
inline pid_t spawn_perfjudge(const std::vector<std::string>& args,
                             const std::filesystem::path& log) {
  const pid_t pid = ::fork();
  if (pid == 0) {
    ::setpgid(0, 0);  // the test's own SIGINT must not reach it, and ours reaches only it
    FILE* f = std::fopen(log.c_str(), "w");
    if (f) {
      ::dup2(::fileno(f), 1);
      ::dup2(::fileno(f), 2);
    }
    std::vector<char*> argv;
    std::string exe = PJ_PERFJUDGE_EXE;
    argv.push_back(exe.data());
    std::vector<std::string> copy = args;
    for (auto& a : copy) argv.push_back(a.data());
    argv.push_back(nullptr);
    ::execv(exe.c_str(), argv.data());
    ::_exit(127);
  }
  return pid;
}

inline int wait_exit(pid_t pid) {
  int st = 0;
  ::waitpid(pid, &st, 0);
  if (WIFEXITED(st)) return WEXITSTATUS(st);
  return 128 + WTERMSIG(st);
}

inline int run_perfjudge(const std::vector<std::string>& args, const std::filesystem::path& log) {
  return wait_exit(spawn_perfjudge(args, log));
}

// `perfjudge run` of `samples` on the fixture tasks (unless `tasks` is given) into `db`, with
// the quick settings most tests use: CPU time, one repeat, no warm-up, level 0, its own cache.
inline std::vector<std::string> quick_run_args(const std::filesystem::path& samples,
                                               const std::filesystem::path& db,
                                               const std::filesystem::path& cache,
                                               const std::filesystem::path& tasks = {}) {
  return {"run",
          "--tasks",
          (tasks.empty() ? run_fixture() / "tasks" : tasks).string(),
          "--samples",
          samples.string(),
          "--db",
          db.string(),
          "--cost",
          "cpu_time",
          "--repeats",
          "1",
          "--warmup",
          "0",
          "--levels",
          "0",
          "--cache",
          cache.string()};
}

// After a SIGKILL of perfjudge, its sandboxed children may outlive it; kill its process group.
inline void kill_leftovers(pid_t pgid) {
  ::kill(-pgid, SIGKILL);
}

inline std::int64_t scalar(store::Store& s, const std::string& sql) {
  auto st = s.db().prepare(sql);
  return st.step() ? st.int64(0) : -1;
}

}  // namespace pj::test
