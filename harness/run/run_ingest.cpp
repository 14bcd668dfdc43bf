#include <fmt/format.h>

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "core/text.hpp"
#include "harness/run/run_context.hpp"
#include "harness/samples/samples.hpp"
#include "harness/samples/sanitize.hpp"

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

// Records for tasks the suite does not have, one entry per task id: a file written for another
// suite would otherwise print one line per record.
class UnknownTasks {
 public:
  void add(const RawSample& raw) {
    const std::string id = raw.enamel_index ? fmt::format("ENAMEL problem {}", *raw.enamel_index)
                                            : fmt::format("'{}'", printable(raw.task_ref, 100));
    auto [it, fresh] = by_id_.try_emplace(id, Entry{raw.origin, 0});
    if (fresh) order_.push_back(id);
    ++it->second.records;
  }
  // "FILE:LINE: unknown task 'X' (N records)", the first record's origin, in order of appearance.
  std::vector<std::string> lines() const {
    std::vector<std::string> out;
    for (const auto& id : order_) {
      const Entry& e = by_id_.at(id);
      out.push_back(fmt::format("{}: unknown task {} ({} record{})", e.first_origin, id, e.records,
                                e.records == 1 ? "" : "s"));
    }
    return out;
  }

 private:
  struct Entry {
    std::string first_origin;
    std::int64_t records = 0;
  };
  std::map<std::string, Entry> by_id_;
  std::vector<std::string> order_;
};

}  // namespace

void ingest_samples(RunContext& ctx, const std::vector<Task>& all_tasks) {
  {
    std::lock_guard lock(ctx.db_mu);
    if (ctx.store.is_done(ctx.run_id, "ingest")) return;
  }
  ctx.progress.set_phase("ingest", Progress::Counting::Open);
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
  UnknownTasks unknown;
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
    if (!(raw.enamel_index ? index.find_enamel(*raw.enamel_index) : index.find(raw.task_ref))) {
      ++ctx.bad_input;
      unknown.add(raw);
      return;
    }
    std::optional<Sample> s = resolve_sample(std::move(raw), index, default_model, on_error);
    if (!s || !ctx.by_id.count(s->task->id)) return;  // bad, or a task not selected
    s->task = ctx.by_id.at(s->task->id);
    if (s->sample_id.empty()) {
      s->sample_id = std::to_string(numbering[{s->task->id, s->model}]++);
    }
    // After the numbering, which counts every record of the file: each shard then gives a
    // sample the id an unsharded run gives it. Before sanitizing, which is the costly part.
    if (const auto& sh = ctx.opt.shard;
        sh && shard_of(s->model, s->task->id, s->sample_id, sh->count) != sh->index) {
      return;
    }
    Ingested in = to_program(std::move(*s));
    std::lock_guard lock(ctx.db_mu);
    if (!tx) tx.emplace(ctx.store.db());
    const std::int64_t id = ctx.store.put_program(ctx.run_id, in.row);
    if (in.no_code) {
      in.no_code->program_id = id;
      ctx.store.insert_result(*in.no_code);
    }
    ctx.progress.set_current(in.row.task_id);
    ctx.progress.finished_unit();
    ctx.progress.tick();
    if (++in_batch >= kIngestBatch) {
      tx->commit();
      tx.reset();
      in_batch = 0;
    }
  };
  read_samples(ctx.opt.samples, sink, on_error);
  for (const auto& line : unknown.lines()) ctx.progress.message("perfjudge: error: " + line);
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
