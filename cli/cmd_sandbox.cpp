// `perfjudge sandbox [options] -- CMD [ARGS...]`: one isolated run, its meta record as JSON.
#include <fmt/format.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "cli/commands.hpp"
#include "core/error.hpp"
#include "harness/task/execute.hpp"
#include "sandbox/sandbox.hpp"

namespace pj::cli {
namespace {

struct SandboxOptions {
  sandbox::Config cfg;
  std::optional<double> wall;
  std::string stdin_path, stdout_path, stderr_path, workdir, meta, backend = "auto";
  std::string counters;
  std::vector<std::string> bind_ro, env;
  std::optional<int> pin_cpu;
  bool keep_aslr = false;
};

std::vector<std::string> split_list(const std::string& s) {
  std::vector<std::string> out;
  std::stringstream in(s);
  for (std::string item; std::getline(in, item, ',');)
    if (!item.empty()) out.push_back(item);
  return out;
}

sandbox::Config to_config(SandboxOptions& o, std::vector<std::string> argv) {
  sandbox::Config cfg = o.cfg;
  cfg.argv = std::move(argv);
  cfg.limits.wall_seconds = o.wall;
  cfg.stdin_path = o.stdin_path;
  cfg.stdout_path = o.stdout_path;
  cfg.stderr_path = o.stderr_path;
  cfg.workdir = o.workdir;
  for (const auto& b : o.bind_ro) cfg.bind_ro.emplace_back(b);
  for (const auto& kv : o.env) {
    const auto eq = kv.find('=');
    if (eq == std::string::npos || eq == 0) fail_usage("--env expects K=V, got '" + kv + "'");
    cfg.env.emplace_back(kv.substr(0, eq), kv.substr(eq + 1));
  }
  cfg.counters = split_list(o.counters);
  const auto backend = sandbox::backend_from_string(o.backend);
  if (!backend) fail_usage("--counter-backend must be perf, valgrind or auto");
  cfg.backend = *backend;
  cfg.pin_cpu = o.pin_cpu;
  cfg.disable_aslr = !o.keep_aslr;
  return cfg;
}

}  // namespace

void add_sandbox(CLI::App& app, int& status) {
  auto opts = std::make_shared<SandboxOptions>();
  auto argv = std::make_shared<std::vector<std::string>>();
  CLI::App* cmd =
      app.add_subcommand("sandbox", "Run one command isolated and print its meta record (JSON)");
  cmd->footer("Exit status: 0 verdict OK, 1 any other verdict, 2 usage or internal error.");
  auto& l = opts->cfg.limits;
  cmd->add_option("--time-limit", l.cpu_seconds, "CPU time limit in seconds (whole tree)")
      ->capture_default_str();
  cmd->add_option("--wall-limit", opts->wall, "wall-clock limit in seconds (default 3*CPU+1)");
  cmd->add_option("--memory-limit", l.memory_mib, "peak memory of the process tree, MiB")
      ->capture_default_str();
  cmd->add_option("--output-limit", l.output_mib, "stdout and stderr cap, MiB each")
      ->capture_default_str();
  cmd->add_option("--disk-limit", l.disk_mib,
                  "space for files in the workdir and /tmp together, MiB (held in memory)")
      ->capture_default_str();
  cmd->add_option("--processes", l.processes, "process limit")->capture_default_str();
  cmd->add_option("--open-files", l.open_files, "open-file limit")->capture_default_str();
  cmd->add_option("--stdin", opts->stdin_path, "file fed to stdin (default /dev/null)");
  cmd->add_option("--stdout", opts->stdout_path, "file receiving stdout (default: discarded)");
  cmd->add_option("--stderr", opts->stderr_path, "file receiving stderr (default: discarded)");
  cmd->add_option("--workdir", opts->workdir,
                  "working directory, writable (default: a private temporary one)");
  cmd->add_option("--bind-ro", opts->bind_ro, "make PATH visible read-only (repeatable)");
  cmd->add_option("--env", opts->env, "set K=V in the environment (repeatable)");
  cmd->add_option("--counters", opts->counters,
                  "comma-separated counters, e.g. instructions,cycles,task-clock");
  cmd->add_option("--counter-backend", opts->backend, "perf, valgrind or auto")
      ->capture_default_str();
  cmd->add_option("--pin-cpu", opts->pin_cpu, "run on this CPU only");
  cmd->add_flag("--keep-aslr", opts->keep_aslr, "leave address-space randomisation on");
  cmd->add_option("--meta", opts->meta, "write the meta record to FILE instead of stdout");
  cmd->add_option("command", *argv, "CMD [ARGS...] (after --)")->required();
  cmd->callback([opts, argv, &status] {
    const sandbox::Config cfg = to_config(*opts, *argv);
    const sandbox::Result result = sandbox::run(cfg);
    nlohmann::json meta = sandbox::to_json(result);
    meta["mem_time_mib_s"] = harness::memory_time_mib_s(result);
    const std::string json = meta.dump();
    if (opts->meta.empty()) {
      fmt::print("{}\n", json);
    } else {
      std::ofstream out(opts->meta, std::ios::trunc);
      out << json << '\n';
      if (!out.flush()) fail_usage("cannot write --meta file " + opts->meta);
    }
    if (result.verdict == sandbox::Verdict::IE)
      fmt::print(stderr, "perfjudge: error: {}\n", result.message);
    status = result.verdict == sandbox::Verdict::OK   ? exit_code::ok
             : result.verdict == sandbox::Verdict::IE ? exit_code::error
                                                      : exit_code::negative;
  });
}

}  // namespace pj::cli
