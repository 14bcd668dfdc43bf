// Internal to the run pipeline: the stress phase of function tasks, one sandboxed session per
// (program, level) with per-call costs read by the supervisor (function_stress.cpp).
#pragma once

#include <atomic>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "harness/execute.hpp"
#include "harness/inputs.hpp"
#include "harness/stress_summary.hpp"
#include "harness/task.hpp"
#include "store/store.hpp"

namespace pj::harness {

struct SessionContender {
  store::ProgramInfo info;  // role reference, sample or baseline
  Runnable runnable;        // as prepare() or baseline_runnable() made it (the one-call driver)
  bool built = true;
};

struct FunctionLevelInput {
  const Task* task = nullptr;
  int level = 0;
  std::vector<std::uint64_t> seeds;
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

// Every contender's session on every seed of the level: the stored call rows and one summary
// per (program, seed). Empty when `stop` was raised.
StressOutcome measure_function_level(const FunctionLevelInput& in);

// The session driver's command for a program prepared with the one-call driver.
std::vector<std::string> session_argv(const Runnable& one_call);

}  // namespace pj::harness
