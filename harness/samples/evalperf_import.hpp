// `perfjudge import evalperf FILE.jsonl --problems EVALPLUS.jsonl --out DIR`: EvalPerf's
// records (a reference ladder and one performance-exercising input per HumanEval+/MBPP+
// problem) as function tasks. See README.md, "Importing EvalPerf", for an imported task.
#pragma once

#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace pj::harness {

// One line of EvalPerf's JSONL.
struct EvalPerfRecord {
  std::string task_id;                  // "HumanEval/10" or "Mbpp/3"
  std::vector<std::string> references;  // solutions, slowest first
  std::vector<double> scores;           // each reference's EvalPerf score, 0-100
  std::string pe_input;                 // the argument list, as JSON or as a Python literal
  bool pe_input_is_json = true;         // false: a Python literal, converted at import
  int line = 0;
};

// The parts of one line of EvalPlus's JSONL the import uses.
struct EvalPlusProblem {
  std::string task_id;
  std::string prompt;
  std::string entry_point;
  std::vector<std::string> base_inputs;  // each a JSON argument list; may be empty
  int line = 0;
};

// Each reads and checks its file; throws pj::Error(Input) "FILE:LINE: what".
std::vector<EvalPerfRecord> read_evalperf_jsonl(const std::filesystem::path& file);
std::map<std::string, EvalPlusProblem> read_evalplus_jsonl(const std::filesystem::path& file);

struct EvalPerfOptions {
  double cpu_seconds = 20;  // absolute cap of one execution
  std::uint64_t memory_mib = 2048;
  double alpha = 2;
};

struct EvalPerfImport {
  std::vector<std::filesystem::path> task_dirs;  // one per imported record, in file order
  std::vector<std::string> warnings;  // "FILE:LINE: TASK_ID: ..." for each record skipped
};

// Writes one task directory per record whose task_id is in `problems` under out_dir (created;
// existing task files are overwritten, so re-importing is idempotent). Python-literal
// pe_inputs are converted by share_dir()/evalperf/pe_input.py, run sandboxed.
EvalPerfImport import_evalperf(const std::filesystem::path& evalperf,
                               const std::filesystem::path& problems,
                               const std::filesystem::path& out_dir,
                               const EvalPerfOptions& opt = {});

}  // namespace pj::harness
