#include "harness/run/confirm.hpp"

#include <fmt/format.h>

#include "core/error.hpp"
#include "core/temp_dir.hpp"
#include "harness/lang/languages.hpp"
#include "harness/task/execute.hpp"
#include "harness/task/inputs.hpp"
#include "harness/task/task.hpp"

namespace pj::harness {

namespace fs = std::filesystem;

namespace {

Task find_task(const ConfirmProgram& p) {
  for (Task& t : load_suite(p.tasks_dir).tasks) {
    if (t.id != p.task_id) continue;
    if (t.kind != TaskKind::Program) {
      fail_input(
          fmt::format("--confirm: task {} is a function task; only program tasks can be "
                      "re-measured",
                      t.id));
    }
    return std::move(t);
  }
  fail_input(fmt::format("--confirm: no task {} under {} (the run's --tasks)", p.task_id,
                         p.tasks_dir.string()));
}

// A program ready to execute on its input.
struct Prepared {
  Task task;
  Runnable runnable;
  fs::path input;
  ExecOptions eo;
};

Prepared prepare_side(const ConfirmProgram& p, Builder& builder, InputCache& inputs, int level,
                      std::uint64_t seed) {
  Task task = find_task(p);
  BuildResult built = prepare(task, builder, p.language, p.source);
  if (!built.ok)
    fail_input(fmt::format("--confirm: task {}: the program no longer builds", p.task_id));
  fs::path input = inputs.stress_input(task, level, seed);
  ExecOptions eo = exec_options_for(task);
  return {std::move(task), std::move(built.runnable), std::move(input), eo};
}

void run_once(const Prepared& p, const fs::path& scratch, Remeasured& out) {
  const Execution ex = execute(p.runnable, p.input, p.eo, scratch);
  std::error_code ec;
  fs::remove(ex.stdout_file, ec);
  if (ex.result.verdict != sandbox::Verdict::OK) {
    fail_input(fmt::format("--confirm: task {}: a re-measurement ended {}", p.task.id,
                           sandbox::to_string(ex.result.verdict)));
  }
  out.cpu_s.push_back(static_cast<double>(ex.result.cpu_user_ns + ex.result.cpu_sys_ns) / 1e9);
  out.wall_s.push_back(static_cast<double>(ex.result.wall_ns) / 1e9);
}

}  // namespace

std::pair<Remeasured, Remeasured> remeasure_interleaved(const ConfirmProgram& base,
                                                        const ConfirmProgram& cand, int level,
                                                        std::uint64_t seed, std::size_t n,
                                                        const fs::path& cache_dir) {
  Builder builder(cache_dir / "builds");
  InputCache inputs(cache_dir / "inputs", builder);
  const Prepared b = prepare_side(base, builder, inputs, level, seed);
  const Prepared c = prepare_side(cand, builder, inputs, level, seed);
  TempDir scratch("pj-confirm");
  std::pair<Remeasured, Remeasured> out;
  for (std::size_t i = 0; i < n; ++i) {
    run_once(b, scratch.path(), out.first);
    run_once(c, scratch.path(), out.second);
  }
  return out;
}

}  // namespace pj::harness
