#include "harness/task/execute.hpp"

#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>

#include "core/error.hpp"
#include "core/fd.hpp"
#include "core/file.hpp"
#include "core/text.hpp"
#include "core/version.hpp"
#include "metrics/metrics.hpp"

namespace pj::harness {

namespace fs = std::filesystem;

namespace {

fs::path driver_path() {
  return share_dir() / "driver" / "function_driver.py";
}

fs::path program_runner_path() {
  return share_dir() / "driver" / "program_runner.py";
}

// A Python program of a program task with [python] settings runs through the runner, which
// applies them and then runs the program unchanged: {python3, -S, -B, runner, SETTINGS, prog}.
Runnable with_python_settings(const Task& task, Runnable r) {
  const fs::path runner = r.bind_fixed_file(fs::canonical(program_runner_path()), "share/driver");
  const std::string program = r.argv.back();
  r.argv.pop_back();
  r.argv.push_back(runner.string());
  for (const auto& a : task.python.driver_args()) r.argv.push_back(a);
  r.argv.push_back(program);
  return r;
}

// The interpreter command of the python language, e.g. {/usr/bin/python3, -S, -B}.
Runnable python_driver(const Task& task, Builder& builder) {
  // Building an empty program resolves the interpreter exactly as candidates get it.
  BuildResult empty = builder.build("python", "");
  if (!empty.ok) fail_internal("cannot prepare the Python interpreter: " + empty.diagnostics);
  Runnable r = empty.runnable;
  r.argv.pop_back();  // the program path; the driver takes its place
  r.argv.push_back(r.bind_fixed_file(fs::canonical(driver_path()), "share/driver").string());
  r.argv.push_back("--entry");
  r.argv.push_back(task.entry_point);
  for (const auto& a : task.python.driver_args()) r.argv.push_back(a);
  return r;
}

// A fresh file name in scratch; the file is created so that concurrent callers never collide.
fs::path unique_file(const fs::path& scratch, std::string_view suffix) {
  std::string tmpl = (scratch / "exec-XXXXXX").string() + std::string(suffix);
  UniqueFd fd(::mkstemps(tmpl.data(), static_cast<int>(suffix.size())));
  if (!fd) {
    fail_internal(
        fmt::format("cannot create a file in {}: {}", scratch.string(), std::strerror(errno)));
  }
  ::fchmod(fd.get(), 0644);  // a program checker (the sandbox's unprivileged user) reads it
  return tmpl;
}

}  // namespace

double memory_time_mib_s(const sandbox::Result& r) {
  if (r.memory_samples.empty()) return 0;
  std::vector<metrics::MemorySample> curve;
  curve.reserve(r.memory_samples.size());
  for (const auto& s : r.memory_samples)
    curve.push_back({s.t_s, static_cast<double>(s.rss_kib) / 1024.0});
  return metrics::memory_time_integral(curve);
}

BuildResult prepare(const Task& task, Builder& builder, std::string_view language,
                    std::string_view source) {
  if (task.kind == TaskKind::Program) {
    BuildResult built = builder.build(language, source);
    if (built.ok && language == "python" && task.python.any()) {
      built.runnable = with_python_settings(task, std::move(built.runnable));
    }
    return built;
  }
  if (language != "python") {
    fail_usage(
        fmt::format("task {}: function tasks take Python, not {}", task.id, printable(language)));
  }
  BuildResult built = builder.build("python", source);
  if (!built.ok) return built;
  const fs::path program = built.runnable.argv.back();
  Runnable wrapped = python_driver(task, builder);
  wrapped.argv.push_back(program.string());
  wrapped.add_binds_of(built.runnable);
  built.runnable = std::move(wrapped);
  return built;
}

Runnable baseline_runnable(const Task& task, Builder& builder) {
  if (task.kind != TaskKind::Function) fail_internal("baseline of a program task " + task.id);
  Runnable r = python_driver(task, builder);
  r.argv.push_back("--baseline");
  return r;
}

ExecOptions exec_options_for(const Task& task) {
  ExecOptions o;
  o.cpu_seconds = task.limits.cpu_seconds;
  o.memory_mib = task.limits.memory_mib;
  o.output_mib = task.limits.output_mib;
  return o;
}

Execution execute(const Runnable& program, const fs::path& input, const ExecOptions& opt,
                  const fs::path& scratch) {
  Execution ex;
  ex.stdout_file = unique_file(scratch, ".out");
  const fs::path err = fs::path(ex.stdout_file).replace_extension(".err");
  sandbox::Config cfg;
  program.configure(cfg);
  cfg.stdin_path = input;
  cfg.stdout_path = ex.stdout_file;
  cfg.stderr_path = err;
  cfg.limits.cpu_seconds = opt.cpu_seconds;
  cfg.limits.wall_seconds = opt.wall_seconds;
  cfg.limits.memory_mib = opt.memory_mib;
  cfg.limits.output_mib = opt.output_mib;
  cfg.counters = opt.counters;
  cfg.backend = opt.backend;
  cfg.pin_cpu = opt.pin_cpu;
  ex.result = sandbox::run(cfg);
  ex.stderr_head = first_lines(read_head(err, 8192), 20);
  std::error_code ec;
  fs::remove(err, ec);
  return ex;
}

}  // namespace pj::harness
