// Helpers for the run pipeline tests: launching the real perfjudge CLI and reading its store.
#pragma once

#include <signal.h>

#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "common/files.hpp"
#include "common/launch.hpp"
#include "store/store.hpp"

namespace pj::test {

inline std::filesystem::path run_fixture() {
  return fixture_path("run");
}

// perfjudge with args to its end, stdout and stderr to `log`: its exit status.
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

// Sets the value of `option` in quick_run_args's `args` (every option there has a value).
inline void set_option(std::vector<std::string>& args, const std::string& option,
                       const std::string& value) {
  for (std::size_t i = 0; i + 1 < args.size(); ++i)
    if (args[i] == option) args[i + 1] = value;
}

// One line of a samples file: a Python sample of `task`, `id` its model and its sample id.
inline std::string python_sample_line(const std::string& task, const std::string& id,
                                      const std::string& source) {
  return nlohmann::json{{"task_id", task},
                        {"model", id},
                        {"sample_id", id},
                        {"language", "python"},
                        {"solution", source}}
             .dump() +
         "\n";
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
