// The correctness phase: build each program, run it on every correctness test, stop at the
// first failure. One transaction per program stores its verdict and test executions.
#include <fmt/format.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <unordered_set>

#include "core/error.hpp"
#include "core/file.hpp"
#include "core/text.hpp"
#include "harness/run/run_context.hpp"
#include "harness/run/scheduler.hpp"
#include "harness/task/checker.hpp"
#include "harness/task/function_stress.hpp"

namespace fs = std::filesystem;

namespace pj::harness {

namespace {

struct Judged {
  store::ProgramResultRow result;
  std::vector<store::ExecutionRow> executions;
};

void remove_quietly(const fs::path& p) {
  std::error_code ec;
  fs::remove(p, ec);
}

// A function task's tests, in one session that calls each test's input once (function_stress.hpp).
void judge_session(RunContext& ctx, const Task& task, const Runnable& program, Judged& out,
                   const ExecOptions& eo, const fs::path& scratch) {
  std::vector<fs::path> inputs, expected;
  std::vector<fs::path> unanswered;  // tests whose expected value is the best reference's
  for (const TestCase& test : task.tests) {
    inputs.push_back(ctx.inputs.test_input(task, test));
    if (!test.expected) unanswered.push_back(inputs.back());
  }
  ctx.inputs.prime_expected(task, unanswered, scratch);
  for (std::size_t i = 0; i < task.tests.size(); ++i)
    expected.push_back(ctx.inputs.expected_output(task, inputs[i], &task.tests[i]));
  const double call_cpu = task.limits.cpu_seconds * ctx.opt.timeout_scale;
  const sandbox::Result r = run_calls(program, inputs, eo, call_cpu, scratch);
  for (std::size_t i = 0; i < task.tests.size(); ++i) {
    store::ExecutionRow row = execution_row(out.result.program_id, r);
    row.phase = "test";
    row.test_name = task.tests[i].name;
    std::string verdict = "OK", message, excerpt;
    if (i < r.calls.size()) {
      const sandbox::CallRecord& c = r.calls[i];
      row.cpu_user_ns = static_cast<std::int64_t>(c.cpu_ns.value_or(0));
      row.cpu_sys_ns = 0;
      row.wall_ns = static_cast<std::int64_t>(c.wall_ns);
      const CallResult res = call_result(c);
      if (res.kind != CallResult::Returned) {
        verdict = res.kind == CallResult::BadInput ? "IE" : "RE";
        message = res.text;
      } else {
        const CheckOutcome chk =
            check_call(task, ctx.builder, inputs[i], expected[i], res.text, scratch);
        if (chk.verdict == CheckVerdict::WrongAnswer) {
          verdict = "WA";
          message = chk.message;
          excerpt = first_lines(res.text.substr(0, 4096), 10);
        } else if (chk.verdict == CheckVerdict::CheckerError) {
          verdict = "IE";
          message = "checker error: " + chk.message;
        }
      }
    } else {
      // The session ended before this test's call ended (its limit, a crash, a failed import).
      verdict =
          r.verdict == sandbox::Verdict::OK ? "RE" : std::string(sandbox::to_string(r.verdict));
      message = r.message.empty() ? fmt::format("the driver ended after {} of {} tests",
                                                r.calls.size(), task.tests.size())
                                  : r.message;
    }
    row.verdict = verdict;
    row.message = message.empty() ? std::nullopt : std::optional(printable(message, 1000));
    out.executions.push_back(std::move(row));
    if (verdict != "OK") {
      out.result.verdict = verdict;
      out.result.failed_test = task.tests[i].name;
      out.result.message = printable(message, 1000);
      if (!excerpt.empty()) out.result.output_excerpt = excerpt;
      return;
    }
  }
  if (r.verdict != sandbox::Verdict::OK) {  // e.g. work left running after the last test
    out.result.verdict = std::string(sandbox::to_string(r.verdict));
    out.result.message = printable(r.message, 1000);
    return;
  }
  out.result.verdict = "OK";
  out.result.passed = true;
}

Judged judge(RunContext& ctx, const Task& task, const store::ProgramInfo& p, int worker) {
  Judged out;
  out.result.program_id = p.id;
  const BuildResult built = build_program(ctx, task, p);
  out.result.build_json =
      nlohmann::json{{"language", p.language}, {"cached", built.cached}, {"key", built.cache_key}}
          .dump();
  if (!built.ok) {
    out.result.verdict = "CE";
    out.result.message = "compile error";
    out.result.output_excerpt = first_lines(built.diagnostics, 20);
    return out;
  }
  ExecOptions eo = exec_options_for(task);
  eo.pin_cpu = ctx.cpu_of(worker);
  const fs::path& scratch = ctx.scratch[static_cast<std::size_t>(worker)]->path();
  if (task.kind == TaskKind::Function && !task.tests.empty()) {
    judge_session(ctx, task, built.runnable, out, eo, scratch);
    return out;
  }
  for (const TestCase& test : task.tests) {
    if (ctx.stop) return out;
    const fs::path input = ctx.inputs.test_input(task, test);
    const fs::path expected = ctx.inputs.expected_output(task, input, &test);
    const Execution ex = execute(built.runnable, input, eo, scratch);
    store::ExecutionRow row = execution_row(p.id, ex.result);
    row.phase = "test";
    row.test_name = test.name;
    std::string verdict(sandbox::to_string(ex.result.verdict));
    std::string message = ex.result.message;
    std::string excerpt = ex.stderr_head;
    if (ex.result.verdict == sandbox::Verdict::OK) {
      const CheckOutcome c = check_output(task, ctx.builder, input, expected, ex.stdout_file);
      if (c.verdict == CheckVerdict::WrongAnswer) {
        verdict = "WA";
        message = c.message;
        excerpt = first_lines(read_head(ex.stdout_file, 4096), 10);
      } else if (c.verdict == CheckVerdict::CheckerError) {
        verdict = "IE";
        message = "checker error: " + c.message;
      }
    }
    remove_quietly(ex.stdout_file);
    row.verdict = verdict;
    if (!message.empty()) row.message = printable(message, 1000);
    out.executions.push_back(std::move(row));
    if (verdict != "OK") {
      out.result.verdict = verdict;
      out.result.failed_test = test.name;
      out.result.message = printable(message, 1000);
      if (!excerpt.empty()) out.result.output_excerpt = excerpt;
      return out;
    }
  }
  out.result.verdict = "OK";
  out.result.passed = true;
  return out;
}

}  // namespace

store::ExecutionRow execution_row(std::int64_t program_id, const sandbox::Result& r) {
  store::ExecutionRow row;
  row.program_id = program_id;
  row.verdict = std::string(sandbox::to_string(r.verdict));
  if (r.exit_code) row.exit_code = *r.exit_code;
  if (r.signal) row.signal = *r.signal;
  row.wall_ns = static_cast<std::int64_t>(r.wall_ns);
  row.cpu_user_ns = static_cast<std::int64_t>(r.cpu_user_ns);
  row.cpu_sys_ns = static_cast<std::int64_t>(r.cpu_sys_ns);
  row.max_rss_kib = static_cast<std::int64_t>(r.max_rss_kib);
  row.mem_time_mib_s = memory_time_mib_s(r);
  row.stdout_bytes = static_cast<std::int64_t>(r.stdout_bytes);
  if (!r.message.empty()) row.message = printable(r.message, 1000);
  for (const auto& [name, c] : r.counters) {
    row.counters.push_back({name, c.value, c.backend, static_cast<std::int64_t>(c.time_enabled_ns),
                            static_cast<std::int64_t>(c.time_running_ns)});
  }
  return row;
}

BuildResult build_program(RunContext& ctx, const Task& task, const store::ProgramInfo& p) {
  // A program task's baseline is its language's empty program, built like any candidate.
  if (p.role == "baseline" && task.kind == TaskKind::Function) {
    BuildResult b;
    b.ok = true;
    b.runnable = baseline_runnable(task, ctx.builder);
    return b;
  }
  if (p.language == "executable") {
    BuildResult b;
    b.ok = true;
    b.runnable.argv = {p.source};
    b.runnable.bind_ro = {fs::path(p.source)};
    return b;
  }
  return prepare(task, ctx.builder, p.language, p.source);
}

void register_tasks(RunContext& ctx) {
  std::lock_guard lock(ctx.db_mu);
  if (ctx.store.is_done(ctx.run_id, "tasks")) return;
  store::Transaction tx(ctx.store.db());
  for (const Task& t : ctx.tasks) {
    // Only the levels this run measures: scores (ENAMEL's weights, the scoring level) are then
    // computed over what was measured, not over levels no program ran.
    nlohmann::json levels = nlohmann::json::array();
    for (const StressLevel& l : t.levels) {
      if (!ctx.opt.measures_level(l.index)) continue;
      nlohmann::json spec = {
          {"level", l.index}, {"hardness", l.hardness}, {"seeds", l.seeds}, {"args", l.args}};
      if (l.fixed()) {  // seed S is inputs[S - 1]
        std::vector<std::string> files;
        for (const auto& f : l.inputs) files.push_back(fs::relative(f, t.dir).string());
        spec["inputs"] = files;
      }
      levels.push_back(std::move(spec));
    }
    ctx.store.put_task(ctx.run_id, {t.id, std::string(to_string(t.kind)), t.manifest_sha1,
                                    t.limits.alpha, levels.dump()});
    for (const Reference& r : t.references) {
      store::ProgramRow row;
      row.task_id = t.id;
      row.role = "reference";
      row.sample_id = r.name;
      row.ref_level = r.level;
      row.ref_rank = r.rank;
      row.language = r.language;
      row.source = read_file(r.file);
      row.origin = r.file.string();
      ctx.store.put_program(ctx.run_id, row);
    }
    if (t.kind == TaskKind::Function) {
      store::ProgramRow row;
      row.task_id = t.id;
      row.role = "baseline";
      row.sample_id = "baseline";
      row.language = "python";
      row.source = "";
      row.origin = "share/driver/function_driver.py --baseline";
      ctx.store.put_program(ctx.run_id, row);
    }
  }
  ctx.store.mark_done(ctx.run_id, "tasks");
  tx.commit();
}

void register_baselines(RunContext& ctx) {
  std::lock_guard lock(ctx.db_mu);
  const std::unordered_set<std::string> wanted = ctx.store.tasks_with_samples(ctx.run_id);
  store::Transaction tx(ctx.store.db());
  for (const Task& t : ctx.tasks) {
    if (t.kind != TaskKind::Program || !wanted.count(t.id)) continue;
    for (const std::string& language : ctx.store.passing_languages(ctx.run_id, t.id)) {
      if (language == "executable") continue;  // a given binary has no empty counterpart
      store::ProgramRow row;
      row.task_id = t.id;
      row.role = "baseline";
      row.sample_id = "baseline-" + language;
      row.language = language;
      row.source = std::string(empty_program(language));
      row.origin = "share/languages.toml: empty (" + language + ")";
      ctx.store.put_program(ctx.run_id, row);  // the same row again on a resume
    }
  }
  tx.commit();
}

void judge_all(RunContext& ctx) {
  ctx.progress.set_phase("correctness", Progress::Counting::Samples);
  {
    std::lock_guard lock(ctx.db_mu);
    ctx.progress.add_total(ctx.store.count_without_result(ctx.run_id));
  }
  std::int64_t cursor = 0;
  std::vector<std::int64_t> page;
  std::size_t pos = 0;
  std::function<std::optional<std::int64_t>()> next = [&]() -> std::optional<std::int64_t> {
    if (pos == page.size()) {
      std::lock_guard lock(ctx.db_mu);
      page = ctx.store.programs_without_result(ctx.run_id, cursor, 256);
      pos = 0;
      if (page.empty()) return std::nullopt;
      cursor = page.back();
    }
    return page[pos++];
  };
  std::function<void(std::int64_t&, int)> work = [&](std::int64_t& id, int worker) {
    std::optional<store::ProgramInfo> p;
    {
      std::lock_guard lock(ctx.db_mu);
      p = ctx.store.program(id);
    }
    if (!p || !ctx.by_id.count(p->task_id)) return;
    const Task& task = *ctx.by_id.at(p->task_id);
    ctx.progress.set_current(task.id);
    Judged j = judge(ctx, task, *p, worker);
    if (ctx.stop) return;  // the unit in flight is dropped, never half-written
    {
      std::lock_guard lock(ctx.db_mu);
      store::Transaction tx(ctx.store.db());
      for (const store::ExecutionRow& e : j.executions) ctx.store.insert_execution(e);
      ctx.store.insert_result(j.result);
      ctx.store.mark_done(ctx.run_id, fmt::format("check:{}", id));
      tx.commit();
    }
    if (p->role == "reference" && !j.result.passed) {
      ctx.progress.message(fmt::format("perfjudge: warning: task {}: reference {} fails: {} {}",
                                       task.id, printable(p->sample_id), j.result.verdict,
                                       j.result.message.value_or("")));
    }
    ctx.progress.finished_unit(p->role == "sample" && j.result.passed);
    ctx.progress.tick();
  };
  run_workers<std::int64_t>(ctx.opt.jobs, ctx.cpus, ctx.stop, next, work);
}

}  // namespace pj::harness
