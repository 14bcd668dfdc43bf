// What reports read from a store: runs, tasks, programs with their verdicts and stress results
// (and, for the gate, every measured repeat). Plain data; load.hpp fills it.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/cost.hpp"

namespace pj::reports {

struct RunInfo {
  std::int64_t id = 0;
  std::string db;  // file it was read from
  std::string status;
  std::string started_at;
  std::string finished_at;
  std::string perfjudge_version;
  std::string git_hash;
  std::string host_json;
  std::string settings_json;
};

struct LevelSpec {
  int level = 0;
  double hardness = 0;
  std::vector<std::int64_t> seeds;
};

struct TaskInfo {
  std::int64_t run_id = 0;
  std::string task_id;
  std::string kind;
  double alpha = 2.0;
  std::vector<LevelSpec> levels;
};

struct ProgramResult {
  std::string verdict;
  bool passed = false;
  std::optional<std::string> failed_test;
  std::optional<std::string> message;
  std::optional<std::string> output_excerpt;
};

// One stress_results row: the Hodges-Lehmann summary over repeats; NULL costs stay empty.
struct StressCell {
  int level = 0;
  std::int64_t seed = 0;
  std::string verdict;
  bool censored = false;
  std::optional<double> instructions;
  std::optional<double> cpu_s;
  std::optional<double> wall_s;
  std::optional<double> max_rss_kib;
  std::optional<double> mem_time_mib_s;
};

// Every measured stress repeat of one (level, seed): what the gate's tests need.
struct Repeats {
  std::vector<double> instructions;  // empty when no counter was recorded
  std::vector<double> cpu_s;
  std::vector<double> wall_s;
  std::vector<std::optional<std::int64_t>> session;  // the function-task session of each repeat

  // The repeats of cost `k` in repeat order; null when it was not recorded in every repeat.
  const std::vector<double>* of(Cost k) const;
};

struct Program {
  std::int64_t id = 0;
  std::int64_t run_id = 0;
  std::string task_id;
  std::string role;  // sample | reference | baseline
  std::string model;
  std::string sample_id;
  std::optional<std::string> ref_level;
  std::optional<int> ref_rank;
  std::string language;
  std::string source;
  std::optional<std::string> raw_response;
  std::optional<std::string> sanitize_json;
  std::optional<std::string> origin;
  std::optional<ProgramResult> result;                      // empty while the run has not judged it
  std::vector<StressCell> stress;                           // sorted by (level, seed)
  std::map<std::pair<int, std::int64_t>, Repeats> repeats;  // filled on request only

  // Correct: passed the correctness tests and printed no wrong answer, crashed on no stress
  // input (ENAMEL and COFFE count either as an incorrect sample). A timeout or memory-out on a
  // stress input is censoring, not a failure; an IE is the harness's, not the program's.
  bool passed() const { return result && result->passed && !stress_failure(); }
  // The first stress result that fails the program (WA, RE, OLE, SECURITY), or null.
  const StressCell* stress_failure() const;
  const StressCell* cell(int level, std::int64_t seed) const;
};

struct Dataset {
  std::vector<RunInfo> runs;
  std::vector<TaskInfo> tasks;    // one per (run, task)
  std::vector<Program> programs;  // in (run, task, role, id) order

  const TaskInfo* task(std::int64_t run_id, const std::string& task_id) const;
  std::vector<std::string> models() const;  // distinct sample models, sorted
};

}  // namespace pj::reports
