// Preparing a program of a task (build, and for function tasks the Python driver around it)
// and executing it once on one input in the sandbox. Shared by `tasks validate` and `run`.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "harness/lang/languages.hpp"
#include "harness/task/task.hpp"
#include "sandbox/sandbox.hpp"

namespace pj::harness {

// Builds `source` and, for function tasks, wraps it in share/driver/function_driver.py so that
// stdin carries the JSON argument list and stdout the JSON return value.
BuildResult prepare(const Task& task, Builder& builder, std::string_view language,
                    std::string_view source);

// Function tasks: the driver that reads the input but calls nothing; its cost is subtracted
// from every function-task measurement (see docs/TASK_FORMAT.md). `builder` is the run's, so
// the interpreter it resolves lands in the run's cache (`--cache`).
Runnable baseline_runnable(const Task& task, Builder& builder);

struct ExecOptions {
  double cpu_seconds = 10;
  std::optional<double> wall_seconds;
  std::uint64_t memory_mib = 1024;
  std::uint64_t output_mib = 64;
  std::vector<std::string> counters;  // e.g. {"instructions", "task-clock"}
  sandbox::CounterBackend backend = sandbox::CounterBackend::Auto;
  std::optional<int> pin_cpu;
};

ExecOptions exec_options_for(const Task& task);  // the task's absolute caps

struct Execution {
  sandbox::Result result;
  std::filesystem::path stdout_file;  // inside the caller's scratch directory
  std::string stderr_head;            // first lines of stderr, made printable
};

// EffiBench's memory-time integral of one run (MiB*s): metrics::memory_time_integral over the
// sandbox's memory curve; 0 when memory was not sampled. Both the stored executions and the
// `perfjudge sandbox` meta record take it from here.
double memory_time_mib_s(const sandbox::Result& r);

// Runs once with stdin = input; stdout goes to scratch/<unique>.out. scratch must exist.
Execution execute(const Runnable& program, const std::filesystem::path& input,
                  const ExecOptions& opt, const std::filesystem::path& scratch);

}  // namespace pj::harness
