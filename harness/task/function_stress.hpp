// Internal to the run pipeline: the stress phase of function tasks, one sandboxed session per
// (program, task) with per-call costs read by the supervisor (function_stress.cpp).
#pragma once

#include <atomic>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "harness/task/checker.hpp"
#include "harness/task/execute.hpp"
#include "harness/task/inputs.hpp"
#include "harness/task/stress_summary.hpp"
#include "harness/task/task.hpp"
#include "store/store.hpp"

namespace pj::harness {

struct SessionContender {
  store::ProgramInfo info;  // role reference, sample or baseline
  Runnable runnable;        // as prepare() or baseline_runnable() made it (the one-call driver)
  bool built = true;
};

struct FunctionTaskInput {
  const Task* task = nullptr;
  std::vector<int> levels;  // the levels to measure (indices of task->levels' entries)
  int warmup = 0, repeats = 1;
  std::vector<SessionContender> contenders;
  InputCache& inputs;
  Builder& builder;
  ExecOptions exec;  // memory and output caps, counters, the pinned CPU
  double timeout_scale = 1;
  std::filesystem::path scratch;
  const std::atomic<bool>& stop;
  std::function<void(const std::string&)> warn;
};

// Every contender's calls on every seed of the given levels: each contender's repeats spread
// over a few sessions (spread_repeats), each session serving all the levels (a level it failed
// on ends there; the later ones get a session of their own), the contenders taking turns.
// Returns the stored call rows and one summary per (program, level, seed); empty when `stop`
// was raised.
StressOutcome measure_function_task(const FunctionTaskInput& in);

// How a program's repeats are spread over its sessions: each entry is one session's share of
// the measured rounds (each session also runs the warm-ups). As many sessions as give every
// session at least two calls per input, at most three; one when repeats allow no more.
std::vector<int> spread_repeats(int warmup, int repeats);

// One round of calls over a level's inputs: a real one (warm-ups first, then the measured
// repeats) or one of the driver's no-op calls, which measure its own window in the program's
// session so that it is subtracted there (summarise_rows).
struct Round {
  bool noop = false;
  int index = 0;  // among the real rounds, or among the no-op ones
};

// `real` rounds with `noops` no-op rounds spread evenly among them, never first: the
// carried-state check compares a session's first real call with its later ones.
std::vector<Round> lay_out_rounds(int real, int noops);

// A first call on one input that costs more than 4 x its session's later calls + 2 ms, in
// each of the sessions: the later calls found its work done, through state carried between
// calls (a channel the fork does not cut). `sessions[p]`: session p's CPU per call on the
// input, in call order. Returns the dear first call and the later calls' median, of the first
// session, when it is so.
struct DearFirstCall {
  double first_ns = 0, typical_ns = 0;
};
std::optional<DearFirstCall> carried_state(const std::vector<std::vector<double>>& sessions);

// One session's Result split back into the levels it served, in order (calls_per_level: each
// level's share of the calls). A level whose calls all ended, followed by another level's
// call or by the session's clean end, becomes a run of its own that ended OK (its tail: the
// CPU up to the next level's first call); the level where the session failed gets the
// session's verdict and its calls so far, and ends the list. The levels after it never began.
std::vector<sandbox::Result> split_session(const sandbox::Result& r,
                                           const std::vector<std::size_t>& calls_per_level);

// The session driver's command for a program prepared with the one-call driver.
std::vector<std::string> session_argv(const Runnable& one_call);

// One session of `program` (prepared with the one-call driver) under the given caps: the CPU
// limit is load_cpu_s plus the calls' own limits (plan.call_limit). /tmp is read-only; stderr's
// first lines are appended to the message of a session that failed.
sandbox::Result run_session(const Runnable& program, const ExecOptions& eo, sandbox::CallPlan plan,
                            double load_cpu_s, const std::filesystem::path& scratch);

// A session calling each input once (correctness tests, expected outputs).
sandbox::Result run_calls(const Runnable& program, const std::vector<std::filesystem::path>& inputs,
                          const ExecOptions& eo, double call_cpu_s,
                          const std::filesystem::path& scratch);

// The task's inputs in the form the calls decode fastest (function_session.py): each request
// that the driver's --convert session (`baseline` with --convert: it loads no candidate)
// answered with a marshal becomes a zero byte and that marshal; the others (a value holding a
// set, an input that is not an argument list) stay the JSON text they were. Every contender's
// sessions, the baseline's included, then get the same requests, and the driver tells the two
// forms apart by their first byte. If the conversion's session fails, every request stays as
// it was.
void convert_requests(const Task& task, const Runnable& baseline, double call_cpu_s,
                      const std::filesystem::path& scratch,
                      std::vector<std::vector<std::string>>& requests);

// What one call's output frame says (function_session.py's status byte).
struct CallResult {
  enum Kind { Returned, Raised, BadInput, Disturbed, Died } kind;
  std::string text;  // Returned: the encoded value; otherwise why
};
CallResult call_result(const sandbox::CallRecord& c);

// Checks a returned value against the expected output file (check_output, with a value equal
// to the expected one's encoding accepted at once).
CheckOutcome check_call(const Task& task, Builder& builder, const std::filesystem::path& input,
                        const std::filesystem::path& expected, const std::string& result,
                        const std::filesystem::path& scratch);

}  // namespace pj::harness
