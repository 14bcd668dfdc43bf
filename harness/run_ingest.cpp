#include <fmt/format.h>

#include <optional>

#include "core/error.hpp"
#include "core/text.hpp"
#include "harness/run_context.hpp"
#include "harness/samples.hpp"
#include "harness/sanitize.hpp"

namespace pj::harness {

namespace {

constexpr int kIngestBatch = 500;  // samples per transaction: few fsyncs, little lost on a crash

bool allowed(const Task& t, const std::string& lang) {
  return t.languages.empty() ||
         std::find(t.languages.begin(), t.languages.end(), lang) != t.languages.end();
}

struct Ingested {
  store::ProgramRow row;
  std::optional<store::ProgramResultRow> no_code;
};

Ingested to_program(Sample&& s) {
  Ingested out;
  store::ProgramRow& row = out.row;
  row.task_id = s.task->id;
  row.role = "sample";
  row.model = s.model;
  row.sample_id = s.sample_id;
  row.origin = s.origin;
  row.language = s.language;
  if (s.executable) {
    row.source = s.executable->string();
    return out;
  }
  if (!s.raw) {
    row.source = std::move(s.source);
    return out;
  }
  const std::optional<std::string> hint =
      s.language.empty() ? std::nullopt : std::optional<std::string>(s.language);
  SanitizeResult san = sanitize(s.source, *s.task, hint);
  row.raw_response = s.source;
  row.sanitize_json = san.report.dump();
  std::string reason = san.reason;
  if (san.ok && !allowed(*s.task, san.language)) {
    san.ok = false;
    reason = fmt::format("language '{}' is not allowed for task {}", san.language, s.task->id);
  }
  if (san.ok) {
    row.source = std::move(san.program);
    row.language = san.language;
    return out;
  }
  row.source = "";
  if (row.language.empty()) row.language = s.task->default_language;
  store::ProgramResultRow r;
  r.verdict = "NO_CODE";
  r.passed = false;
  r.message = printable(reason, 500);
  out.no_code = r;
  return out;
}

}  // namespace

void ingest_samples(RunContext& ctx, const std::vector<Task>& all_tasks) {
  {
    std::lock_guard lock(ctx.db_mu);
    if (ctx.store.is_done(ctx.run_id, "ingest")) return;
  }
  ctx.progress.set_phase("ingest");
  const TaskIndex index(all_tasks);
  const std::string default_model =
      !ctx.opt.model.empty() ? ctx.opt.model : ctx.opt.samples.stem().string();
  std::map<std::pair<std::string, std::string>, std::int64_t> numbering;
  std::optional<store::Transaction> tx;
  int in_batch = 0;
  auto on_error = [&](const std::string& line) {
    ++ctx.bad_input;
    ctx.progress.message("perfjudge: error: " + line);
  };
  auto sink = [&](RawSample&& raw) {
    if (ctx.stop) return;
    if (ctx.opt.all_raw) raw.raw = true;
    if (raw.task_ref.empty() && !raw.enamel_index) {  // a single program: the one task
      if (ctx.tasks.size() != 1) {
        fail_usage(
            fmt::format("{}: a single program needs exactly one task (--only TASK)", raw.origin));
      }
      raw.task_ref = ctx.tasks.front().id;
    }
    std::optional<Sample> s = resolve_sample(std::move(raw), index, default_model, on_error);
    if (!s || !ctx.by_id.count(s->task->id)) return;  // bad, or a task not selected
    s->task = ctx.by_id.at(s->task->id);
    if (s->sample_id.empty()) {
      s->sample_id = std::to_string(numbering[{s->task->id, s->model}]++);
    }
    Ingested in = to_program(std::move(*s));
    std::lock_guard lock(ctx.db_mu);
    if (!tx) tx.emplace(ctx.store.db());
    const std::int64_t id = ctx.store.put_program(ctx.run_id, in.row);
    if (in.no_code) {
      in.no_code->program_id = id;
      ctx.store.insert_result(*in.no_code);
    }
    ctx.progress.tick();
    if (++in_batch >= kIngestBatch) {
      tx->commit();
      tx.reset();
      in_batch = 0;
    }
  };
  read_samples(ctx.opt.samples, sink, on_error);
  if (ctx.stop) {
    if (tx) tx->commit();  // whole samples only; the rest is read again on resume
    return;
  }
  std::lock_guard lock(ctx.db_mu);
  if (!tx) tx.emplace(ctx.store.db());
  ctx.store.mark_done(ctx.run_id, "ingest");
  tx->commit();
}

}  // namespace pj::harness
