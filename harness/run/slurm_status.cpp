#include "harness/run/slurm_status.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "core/error.hpp"
#include "core/text.hpp"
#include "store/store.hpp"

namespace fs = std::filesystem;

namespace pj::harness {

namespace {

// The programs a run judges, as store.cpp's kToJudge: samples, and the references of the
// tasks that have samples (baselines are never judged).
constexpr const char* kJudged =
    "p.run_id = ?1 AND (p.role = 'sample' OR (p.role = 'reference' AND p.task_id IN "
    "(SELECT task_id FROM programs WHERE run_id = ?1 AND role = 'sample')))";

// Stress units of the tasks with samples: one per (task, level, seed). A done unit key is
// "stress:T:L:S" (one seed) or "stress:T:L" (a function task's level measured in sessions,
// all its seeds at once).
std::pair<std::int64_t, std::int64_t> stress_units(store::Store& s, std::int64_t run) {
  std::map<std::string, std::map<std::int64_t, std::int64_t>> seeds;  // task -> level -> n
  store::Statement st = s.db().prepare(
      "SELECT task_id, levels_json FROM tasks WHERE run_id = ?1 AND task_id IN "
      "(SELECT task_id FROM programs WHERE run_id = ?1 AND role = 'sample')");
  st.bind(1, run);
  std::int64_t total = 0;
  while (st.step()) {
    const nlohmann::json levels = nlohmann::json::parse(st.text(1), nullptr, false);
    if (!levels.is_array()) continue;
    for (const nlohmann::json& l : levels) {
      const auto n = static_cast<std::int64_t>(l.value("seeds", nlohmann::json::array()).size());
      seeds[st.text(0)][l.value("level", std::int64_t{0})] = n;
      total += n;
    }
  }
  std::set<std::string> covered;  // "T:L" whole levels, "T:L:S" single seeds
  std::int64_t done = 0;
  store::Statement u =
      s.db().prepare("SELECT unit FROM units_done WHERE run_id = ? AND unit LIKE 'stress:%'");
  u.bind(1, run);
  while (u.step()) {
    const std::string key = u.text(0).substr(7);
    for (const auto& [task, levels] : seeds) {
      if (key.rfind(task + ":", 0) != 0) continue;
      const std::string rest = key.substr(task.size() + 1);
      const std::size_t colon = rest.find(':');
      try {
        const std::int64_t level = std::stoll(rest.substr(0, colon));
        const auto it = levels.find(level);
        if (it == levels.end()) continue;
        if (colon == std::string::npos) {
          done += it->second;
        } else {
          ++done;
        }
      } catch (const std::exception&) {
        // a key of some other shape ("stress:T", the session unit beside its levels)
      }
      break;
    }
  }
  return {std::min(done, total), total};
}

bool active(const std::string& slurm_state) {
  static const std::set<std::string> kActive = {
      "PENDING",      "RUNNING",     "CONFIGURING", "COMPLETING", "SUSPENDED", "REQUEUED",
      "REQUEUE_HOLD", "REQUEUE_FED", "RESIZING",    "SIGNALING",  "STAGE_OUT"};
  return kActive.count(slurm_state) > 0;
}

std::string first_line(const std::string& text) {
  const std::string line = text.substr(0, text.find('\n'));
  return printable(line, 200);
}

// squeue's lines "JOBID|STATE|REASON" for one job (every array element apart, finished ones
// too while slurmctld remembers them). nullopt when squeue cannot answer; an empty list when
// it no longer knows the job.
std::optional<std::vector<std::vector<std::string>>> squeue(const ToolRunner& tools,
                                                            const std::string& job,
                                                            std::string& why) {
  const ToolResult r = tools(
      {"squeue", "--noheader", "--array", "--states=all", "--jobs=" + job, "--format=%i|%T|%r"});
  if (!r.started) {
    why = r.err;
    return std::nullopt;
  }
  std::vector<std::vector<std::string>> rows;
  if (r.status != 0) {
    if (r.err.find("Invalid job id") != std::string::npos) return rows;
    why = fmt::format("squeue failed: {}", first_line(r.err));
    return std::nullopt;
  }
  std::size_t pos = 0;
  while (pos < r.out.size()) {
    const std::size_t end = std::min(r.out.find('\n', pos), r.out.size());
    const std::string line = r.out.substr(pos, end - pos);
    pos = end + 1;
    std::vector<std::string> cols;
    std::size_t c = 0;
    for (std::size_t bar; (bar = line.find('|', c)) != std::string::npos; c = bar + 1)
      cols.push_back(line.substr(c, bar - c));
    cols.push_back(line.substr(c));
    if (cols.size() == 3 && !cols[0].empty()) rows.push_back(std::move(cols));
  }
  return rows;
}

void read_array_elements(SlurmStatus& out, const SlurmJobsFile& jobs, const ToolRunner& tools) {
  out.queue_known = true;
  for (const std::string& job : jobs.array_jobs) {  // oldest first: a resubmit's element wins
    std::string why;
    const auto rows = squeue(tools, job, why);
    if (!rows) {
      out.queue_known = false;
      out.queue_note = why;
      return;
    }
    for (const auto& row : *rows) {
      const std::size_t us = row[0].find('_');
      if (us == std::string::npos) continue;
      try {
        const int i = std::stoi(row[0].substr(us + 1));
        if (i < 0 || i >= out.shards) continue;
        out.shard[i].job = row[0];
        out.shard[i].job_state = row[1];
      } catch (const std::exception&) {
        // "4711_[1-3]": squeue --array lists elements apart, so this is not expected
      }
    }
  }
}

// A database that says running while the scheduler does not run it was killed.
void reconcile(ShardStatus& s, bool queue_known) {
  if (s.state != "running") return;
  if (!queue_known) {
    s.note = "per its database; squeue cannot say whether it still runs";
  } else if (s.job_state.empty()) {
    s.state = "failed";
    s.note = "its database says running but Slurm no longer lists it";
  } else if (!active(s.job_state)) {
    s.state = "failed";
    s.note = fmt::format("its database says running but its job ended {}", s.job_state);
  }
}

MergeStatus merge_status(const fs::path& dir, const SlurmJobsFile& jobs, int shards,
                         const ToolRunner& tools) {
  MergeStatus m;
  m.job = jobs.merge_job;
  const fs::path merged = dir / "merged.sqlite";
  std::error_code ec;
  if (fs::exists(merged, ec)) {
    m.merged_exists = true;
    try {
      store::Store s = store::Store::open_read_only(merged);
      store::Statement st = s.db().prepare(
          "SELECT count(DISTINCT shard_index) FROM runs WHERE shard_count = ? AND status = "
          "'complete'");
      st.bind(1, static_cast<std::int64_t>(shards));
      if (st.step()) m.merged_shards = static_cast<int>(st.int64(0));
    } catch (const Error&) {
      m.merged_exists = false;  // being created by the merge job right now
    }
  }
  m.state = "unknown";
  if (m.job.empty()) {
    m.note = "no merge job in jobs.json (written with --dry-run?)";
    return m;
  }
  std::string why;
  if (const auto rows = squeue(tools, m.job, why); rows && !rows->empty()) {
    m.state = rows->front()[1];
    if (m.state == "PENDING") m.note = rows->front()[2];
    return m;
  } else if (rows) {
    why = fmt::format("squeue no longer lists job {}", m.job);
  }
  const ToolResult r = tools(
      {"sacct", "--noheader", "--parsable2", "--allocations", "--jobs=" + m.job, "--format=State"});
  if (r.started && r.status == 0 && !first_line(r.out).empty()) {
    m.state = first_line(r.out);
    const std::size_t space = m.state.find(' ');  // "CANCELLED by 0"
    if (space != std::string::npos) m.state.resize(space);
    return m;
  }
  const std::string sacct = !r.started      ? r.err
                            : r.status != 0 ? "sacct: " + first_line(r.err)
                                            : "sacct has no record of it";
  m.note = fmt::format("{}; {}", why, sacct);
  return m;
}

}  // namespace

bool SlurmStatus::all_complete() const {
  return std::all_of(shard.begin(), shard.end(),
                     [](const ShardStatus& s) { return s.state == "complete"; });
}

ShardStatus shard_progress(const fs::path& db, int index, int count) {
  ShardStatus out;
  out.index = index;
  out.db = db;
  out.state = "missing";
  std::error_code ec;
  if (!fs::exists(db, ec)) return out;
  store::Store s = store::Store::open_read_only(db);
  store::Statement run = s.db().prepare(
      "SELECT id, status, coalesce(shard_host, '') FROM runs WHERE shard_index = ? AND "
      "shard_count = ? ORDER BY id DESC LIMIT 1");
  run.bind(1, static_cast<std::int64_t>(index)).bind(2, static_cast<std::int64_t>(count));
  if (!run.step()) {
    out.note = fmt::format("no run of shard {}/{} in it", index, count);
    return out;
  }
  const std::int64_t id = run.int64(0);
  out.state = run.text(1);
  out.host = run.text(2);
  store::Statement ingest =
      s.db().prepare("SELECT 1 FROM units_done WHERE run_id = ? AND unit = 'ingest'");
  ingest.bind(1, id);
  if (!ingest.step()) return out;  // reading its samples: the total is not known yet
  store::Statement checks =
      s.db().prepare(fmt::format("SELECT count(*), count(r.program_id) FROM programs p LEFT JOIN "
                                 "program_results r ON r.program_id = p.id WHERE {}",
                                 kJudged));
  checks.bind(1, id);
  checks.step();
  const auto [stress_done, stress_total] = stress_units(s, id);
  out.total = checks.int64(0) + stress_total;
  out.done = checks.int64(1) + stress_done;
  return out;
}

SlurmStatus slurm_status(const fs::path& dir_in, const ToolRunner& tools) {
  SlurmStatus out;
  out.dir = fs::absolute(dir_in);
  const SlurmJobsFile jobs = read_jobs_file(out.dir);
  out.shards = jobs.shards;
  for (int i = 0; i < jobs.shards; ++i) {
    out.shard.push_back(
        shard_progress(out.dir / "shards" / fmt::format("shard-{}.sqlite", i), i, jobs.shards));
  }
  if (jobs.array_jobs.empty()) {
    out.queue_note = "no array job in jobs.json (written with --dry-run?)";
  } else {
    read_array_elements(out, jobs, tools);
  }
  for (ShardStatus& s : out.shard) reconcile(s, out.queue_known);
  out.merge = merge_status(out.dir, jobs, jobs.shards, tools);
  return out;
}

std::string render_status(const SlurmStatus& st) {
  std::string out;
  for (const ShardStatus& s : st.shard) {
    const std::string units =
        s.total ? fmt::format("{}/{} units", s.done, *s.total)
                : (s.state == "missing" ? std::string("-") : std::string("reading samples"));
    std::string job = s.job.empty() ? "" : fmt::format("  job {} {}", s.job, s.job_state);
    std::string line =
        fmt::format("shard {}/{}  {:<11} {:<16}", s.index, st.shards, s.state, units);
    if (!s.host.empty()) line += "  on " + s.host;
    line += job;
    if (!s.note.empty()) line += "  (" + s.note + ")";
    line.erase(line.find_last_not_of(' ') + 1);  // the padding of a missing shard's columns
    out += line + "\n";
  }
  if (!st.queue_known && !st.queue_note.empty()) {
    out += fmt::format("array jobs: unknown ({})\n", st.queue_note);
  }
  const MergeStatus& m = st.merge;
  std::string merge =
      m.job.empty() ? "merge  " + m.state : fmt::format("merge  job {} {}", m.job, m.state);
  if (!m.note.empty()) merge += " (" + m.note + ")";
  out += merge + "\n";
  const fs::path merged = st.dir / "merged.sqlite";
  out += m.merged_exists ? fmt::format("merged {}: {} of {} shards\n", merged.string(),
                                       m.merged_shards, st.shards)
                         : fmt::format("merged {}: not written yet\n", merged.string());
  return out;
}

ResubmitResult resubmit_slurm(const fs::path& dir_in, const ToolRunner& tools) {
  const SlurmStatus st = slurm_status(dir_in, tools);
  SlurmJobsFile jobs = read_jobs_file(st.dir);
  if (!st.queue_known && !jobs.array_jobs.empty()) {
    fail_input(fmt::format(
        "slurm resubmit {}: cannot tell which shards are still queued ({}); resubmit one by "
        "hand with sbatch --array=I {}",
        st.dir.string(), st.queue_note, (st.dir / "run.sbatch").string()));
  }
  ResubmitResult out;
  std::string array;
  for (const ShardStatus& s : st.shard) {
    if (s.state == "complete") continue;
    if (active(s.job_state)) {
      out.waits_for.push_back(s.job);  // still queued or running: the new merge waits for it
      continue;
    }
    out.shards.push_back(s.index);
    array += (array.empty() ? "" : ",") + std::to_string(s.index);
  }
  const bool merged = st.merge.merged_exists && st.merge.merged_shards == st.shards;
  if (out.shards.empty() && (merged || active(st.merge.state))) return out;  // nothing to do
  const SbatchRunner sbatch = sbatch_with(tools);
  const fs::path run = st.dir / "run.sbatch", merge = st.dir / "merge.sbatch";
  if (!out.shards.empty()) {
    out.array_job = parsable_job_id(sbatch({"--parsable", "--array=" + array, run.string()}), run);
    jobs.array_jobs.push_back(out.array_job);
    write_jobs_file(st.dir, jobs);
    out.waits_for.insert(out.waits_for.begin(), out.array_job);
  }
  if (active(st.merge.state)) {
    // It waits on afterok of an array with a failed element, so it would never start (or,
    // with kill_invalid_depend, be cancelled); the new merge replaces it.
    tools({"scancel", st.merge.job});
    out.cancelled_merge = st.merge.job;
  }
  std::vector<std::string> args = {"--parsable"};
  if (!out.waits_for.empty()) {
    std::string dep = "--dependency=afterok";
    for (const std::string& j : out.waits_for) dep += ":" + j;
    args.push_back(dep);
  }
  args.push_back(merge.string());
  out.merge_job = parsable_job_id(sbatch(args), merge);
  jobs.merge_job = out.merge_job;
  write_jobs_file(st.dir, jobs);
  return out;
}

}  // namespace pj::harness
