#include "harness/run/run.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <nlohmann/json.hpp>

#include "core/error.hpp"
#include "core/hash.hpp"
#include "core/text.hpp"
#include "core/version.hpp"
#include "harness/machine/cost_choice.hpp"
#include "harness/machine/doctor.hpp"
#include "harness/machine/host_info.hpp"
#include "harness/run/run_context.hpp"
#include "harness/run/scheduler.hpp"
#include "harness/samples/samples.hpp"
#include "harness/task/stress_summary.hpp"
#include "store/merge.hpp"

namespace fs = std::filesystem;

namespace pj::harness {

namespace {

// The selected tasks: --only (ids or aliases; an excluded task named there is included),
// else every task that is not excluded (unless --include-excluded).
std::vector<Task> select_tasks(const RunOptions& opt, const std::vector<Task>& all) {
  std::vector<Task> out;
  if (opt.only.empty()) {
    for (const Task& t : all) {
      if (!t.excluded || opt.include_excluded) out.push_back(t);
    }
    return out;
  }
  const TaskIndex index(all);
  for (const std::string& name : opt.only) {
    const Task* t = index.find(name);
    if (!t) {
      fail_usage(
          fmt::format("--only {}: no such task under {}", printable(name), opt.tasks_dir.string()));
    }
    if (std::none_of(out.begin(), out.end(), [&](const Task& x) { return x.id == t->id; })) {
      out.push_back(*t);
    }
  }
  std::sort(out.begin(), out.end(), [](const Task& a, const Task& b) { return a.id < b.id; });
  return out;
}

nlohmann::json settings_of(const RunOptions& opt, const std::vector<Task>& tasks,
                           const std::vector<std::string>& counters) {
  nlohmann::json task_list = nlohmann::json::array();
  for (const Task& t : tasks)
    task_list.push_back({{"id", t.id}, {"manifest_sha1", t.manifest_sha1}});
  std::error_code ec;
  const fs::path lang_config = share_dir() / "languages.toml";
  nlohmann::json s;
  s["cost"] = to_string(opt.cost);
  s["repeats"] = opt.repeats;
  s["warmup"] = opt.warmup;
  s["jobs"] = opt.jobs;
  s["timeout_scale"] = opt.timeout_scale;
  s["min_stress_seconds"] = kMinStressSeconds;
  s["levels"] = opt.levels;
  s["model"] = opt.model;
  s["include_excluded"] = opt.include_excluded;
  s["counters"] = counters;
  // Only when chosen: runs recorded before the option existed resume as they were.
  if (opt.backend != sandbox::CounterBackend::Auto)
    s["counter_backend"] = std::string(sandbox::to_string(opt.backend));
  s["samples_sha1"] = samples_hash(opt.samples);
  s["tasks"] = task_list;
  s["languages_toml_sha1"] = fs::exists(lang_config, ec) ? sha1_file(lang_config) : "";
  s["all_raw"] = opt.all_raw;
  s["aslr"] = "disabled";
  s["environment"] = "fixed by the sandbox (PATH and per-language variables only)";
  return s;
}

// Opens the run this command resumes, or a new one.
std::pair<std::int64_t, bool> open_run(store::Store& st, const RunOptions& opt,
                                       const nlohmann::json& settings) {
  // Shards of one evaluation share their settings; the key tells them apart, so that a shard
  // resumes only itself even when several shards write to one database.
  const std::string key = opt.shard ? sha1_hex(fmt::format("{}|shard {}/{}", settings.dump(),
                                                           opt.shard->index, opt.shard->count))
                                    : sha1_hex(settings.dump());
  if (!opt.new_run) {
    if (auto found = st.find_run(key)) {
      st.set_run_status(found->id, "running");
      return {found->id, true};
    }
  }
  nlohmann::json recorded = settings;
  recorded["samples"] = fs::absolute(opt.samples).string();
  recorded["tasks_dir"] = fs::absolute(opt.tasks_dir).string();
  store::RunRow row;
  row.run_key = key;
  row.command_line = nlohmann::json(opt.command_line).dump();
  row.perfjudge_version = version();
  row.git_hash = git_hash();
  // The load, governor and turbo state move during a long run: "start" here, "end" when it
  // stops (run() below), so that a report can say whether the machine was quiet throughout.
  nlohmann::json host = host_info();
  host["start"] = machine_state(real_host());
  row.host_json = host.dump();
  row.settings_json = recorded.dump();
  if (opt.shard) {
    row.shard_index = opt.shard->index;
    row.shard_count = opt.shard->count;
    if (!opt.shard->job_id.empty()) row.shard_job_id = opt.shard->job_id;
    row.shard_host = host_name();
    row.shard_group = store::shard_group_of(row.settings_json);
  }
  store::Transaction tx(st.db());
  const std::int64_t id = st.create_run(row);
  tx.commit();
  return {id, false};
}

void check_options(const RunOptions& opt) {
  if (opt.repeats < 1) fail_usage("--repeats must be at least 1");
  if (opt.warmup < 0) fail_usage("--warmup must be at least 0");
  if (opt.jobs < 0) fail_usage("--jobs must be at least 1 (or 0: one per CPU)");
  if (!(opt.timeout_scale > 0)) fail_usage("--timeout-scale must be positive");
  std::error_code ec;
  if (!fs::is_directory(opt.tasks_dir, ec)) {
    fail_usage(fmt::format("--tasks {}: not a directory", opt.tasks_dir.string()));
  }
}

}  // namespace

JobsChoice jobs_for_cost(int requested, Cost cost, int cpus) {
  cpus = std::max(cpus, 1);
  if (cost == Cost::WallTime) {
    if (requested <= 1) return {1, {}};
    return {1,
            "perfjudge: warning: --cost wall_time measures elapsed time, which co-running "
            "jobs distort; using --jobs 1"};
  }
  if (requested == 0) return {cpus, {}};
  if (cost == Cost::CpuTime && requested > cpus) {
    return {cpus, fmt::format("perfjudge: warning: --cost cpu_time needs a CPU per job; using "
                              "--jobs {} (the CPUs this process may use)",
                              cpus)};
  }
  return {requested, {}};
}

RunSummary run(const RunOptions& given) {
  check_options(given);
  RunOptions opt = given;
  Progress progress(opt.out, Progress::style_for(opt.out, opt.quiet));
  const CostChoice choice = choose_cost_for_machine(opt.cost);
  opt.cost = choice.cost;
  if (!choice.note.empty()) progress.message(choice.note);
  const JobsChoice jobs =
      jobs_for_cost(opt.jobs, opt.cost, static_cast<int>(allowed_cpus().size()));
  if (!jobs.warning.empty()) progress.message(jobs.warning);
  opt.jobs = jobs.jobs;

  LoadReport suite = load_suite(opt.tasks_dir);
  for (const std::string& e : suite.errors) progress.message("perfjudge: error: " + e);
  std::vector<Task> selected = select_tasks(opt, suite.tasks);
  if (selected.empty()) fail_input(fmt::format("{}: no usable task", opt.tasks_dir.string()));

  const std::vector<std::string> counters = opt.cost == Cost::Instructions
                                                ? std::vector<std::string>{"instructions"}
                                                : std::vector<std::string>{};
  const nlohmann::json settings = settings_of(opt, selected, counters);

  store::Store st(opt.db);
  const auto [run_id, resumed] = open_run(st, opt, settings);

  const fs::path cache = opt.cache_dir.empty() ? default_cache_dir() : opt.cache_dir;
  Builder builder(cache / "builds");
  InputCache inputs(cache / "inputs", builder);
  std::atomic<bool> stop{false};
  RunContext ctx(opt, st, builder, inputs, progress, stop);
  ctx.run_id = run_id;
  ctx.tasks = std::move(selected);
  for (const Task& t : ctx.tasks) ctx.by_id.emplace(t.id, &t);
  ctx.counters = counters;
  if (opt.cost == Cost::Instructions) {
    const SandboxProbe probe = probe_sandbox();
    ctx.exact_counts = opt.backend == sandbox::CounterBackend::Valgrind ||
                       (opt.backend == sandbox::CounterBackend::Auto && !probe.instructions);
    if (ctx.exact_counts)
      progress.message(
          "perfjudge: instructions are counted exactly by valgrind: each input's call is "
          "counted once per program (--repeats and --warmup apply to time costs)");
    // What this cost needs and the machine lacks, in the doctor's words (valgrind, say).
    const std::string missing = missing_for_cost(opt.cost, probe, real_host());
    if (!missing.empty()) progress.message("perfjudge: " + missing);
  }
  ctx.cpus = allowed_cpus();
  for (int w = 0; w < opt.jobs; ++w) ctx.scratch.push_back(std::make_unique<TempDir>("pj-run"));

  std::optional<InterruptWatcher> watcher;
  if (opt.handle_signals) watcher.emplace(stop, [&progress] { progress.tick(); });
  if (resumed) progress.message(fmt::format("perfjudge: resuming run {}", run_id));
  if (opt.shard) {
    progress.message(fmt::format("perfjudge: shard {}/{} (index from {}{})", opt.shard->index,
                                 opt.shard->count, opt.shard->index_from,
                                 opt.shard->job_id.empty() ? "" : ", job " + opt.shard->job_id));
  }

  register_tasks(ctx);
  if (!stop) ingest_samples(ctx, suite.tasks);
  if (!stop) prepare_all_inputs(ctx);
  if (!stop) judge_all(ctx);
  if (!stop) register_baselines(ctx);
  if (!stop) stress_all(ctx);
  progress.finish();

  RunSummary sum;
  sum.run_id = run_id;
  sum.resumed = resumed;
  sum.interrupted = stop;
  sum.jobs = opt.jobs;
  sum.bad_input = ctx.bad_input;
  std::lock_guard lock(ctx.db_mu);
  st.set_run_status(run_id, stop ? "interrupted" : "complete");
  st.set_run_host_key(run_id, "end", machine_state(real_host()).dump());
  sum.samples = st.count_programs(run_id, "sample");
  sum.judged = st.count_results(run_id, false);
  sum.passed = st.count_results(run_id, true);
  sum.executions = st.count_executions(run_id);
  return sum;
}

}  // namespace pj::harness
