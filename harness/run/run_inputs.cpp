// The input phase of a run: before any program runs, every generated test and every measured
// stress input of each task with samples is generated, one generator batch per (task, argument
// list) instead of one process per input (InputCache::prepare_inputs).
#include <fmt/format.h>

#include <unordered_set>

#include "core/error.hpp"
#include "harness/run/run_context.hpp"
#include "harness/run/scheduler.hpp"

namespace pj::harness {

void prepare_all_inputs(RunContext& ctx) {
  std::unordered_set<std::string> wanted;
  {
    std::lock_guard lock(ctx.db_mu);
    wanted = ctx.store.tasks_with_samples(ctx.run_id);
  }
  std::vector<const Task*> tasks;
  for (const Task& t : ctx.tasks) {
    if (wanted.count(t.id) && !t.generator.empty()) tasks.push_back(&t);
  }
  ctx.progress.set_phase("inputs");
  ctx.progress.add_total(static_cast<std::int64_t>(tasks.size()));
  std::size_t pos = 0;
  std::function<std::optional<const Task*>()> next = [&]() -> std::optional<const Task*> {
    if (pos == tasks.size()) return std::nullopt;
    return tasks[pos++];
  };
  std::function<void(const Task*&, int)> work = [&](const Task*& task, int) {
    ctx.progress.set_current(task->id);
    std::vector<int> levels;
    for (const StressLevel& l : task->levels) {
      if (ctx.opt.measures_level(l.index)) levels.push_back(l.index);
    }
    try {
      ctx.inputs.prepare_inputs(*task, levels);
    } catch (const Error& e) {
      if (e.kind() != ErrorKind::Input) throw;
      // Not reported here: the inputs the batch did not complete are generated one by one
      // where they are needed, and the failing one is reported there, with its unit, as
      // before batching.
    }
    ctx.progress.finished_unit();
    ctx.progress.tick();
  };
  run_workers<const Task*>(ctx.opt.jobs, ctx.cpus, ctx.stop, next, work);
}

}  // namespace pj::harness
