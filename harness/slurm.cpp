#include "harness/slurm.hpp"

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>

#include <fmt/format.h>

#include <cerrno>
#include <cstring>

#include "core/error.hpp"
#include "core/fd.hpp"
#include "core/file.hpp"
#include "core/text.hpp"

extern char** environ;

namespace fs = std::filesystem;

namespace pj::harness {

namespace {

// One /bin/sh word.
std::string quote(const std::string& s) {
  std::string out = "'";
  for (char c : s) {
    if (c == '\'') {
      out += "'\\''";
    } else {
      out += c;
    }
  }
  return out + "'";
}

std::string directives(const SlurmOptions& o) {
  std::string out;
  if (!o.partition.empty()) out += fmt::format("#SBATCH --partition={}\n", o.partition);
  if (!o.time.empty()) out += fmt::format("#SBATCH --time={}\n", o.time);
  if (!o.mem.empty()) out += fmt::format("#SBATCH --mem={}\n", o.mem);
  return out;
}

std::string run_script(const SlurmOptions& o, const fs::path& dir) {
  std::string extra;
  for (const std::string& a : o.run_extra) extra += " " + quote(a);
  return fmt::format(
      "#!/bin/bash\n"
      "# Written by `perfjudge slurm submit`: one array element per shard, each resuming from\n"
      "# its own database when run again (sbatch this file, or --array=I for one shard).\n"
      "#SBATCH --job-name=perfjudge\n"
      "#SBATCH --array=0-{}\n"
      "#SBATCH --output={}/logs/shard-%a.log\n"
      "{}{}"
      "set -euo pipefail\n"
      "exec {} run --tasks {} --samples {} \\\n"
      "  --db {}/shards/shard-\"$SLURM_ARRAY_TASK_ID\".sqlite --shard auto/{} --quiet{}\n",
      o.shards - 1, dir.string(),
      o.cpus_per_task > 0 ? fmt::format("#SBATCH --cpus-per-task={}\n", o.cpus_per_task) : "",
      directives(o), quote(o.perfjudge.string()), quote(fs::absolute(o.tasks_dir).string()),
      quote(fs::absolute(o.samples).string()), quote(dir.string()), o.shards, extra);
}

std::string merge_script(const SlurmOptions& o, const fs::path& dir) {
  std::string shards;
  for (int i = 0; i < o.shards; ++i) {
    shards += fmt::format(" \\\n  {}",
                          quote((dir / "shards" / fmt::format("shard-{}.sqlite", i)).string()));
  }
  return fmt::format(
      "#!/bin/bash\n"
      "# Written by `perfjudge slurm submit`: merges the shards once the array succeeded\n"
      "# (submitted with --dependency=afterok on it). Running it again is harmless.\n"
      "#SBATCH --job-name=perfjudge-merge\n"
      "#SBATCH --output={}/logs/merge.log\n"
      "{}"
      "set -euo pipefail\n"
      "exec {} merge --out {}{}\n",
      dir.string(), directives(o), quote(o.perfjudge.string()),
      quote((dir / "merged.sqlite").string()), shards);
}

// "123" or "123;cluster" (sbatch --parsable) -> "123".
std::string job_id_of(const std::string& out, const fs::path& script) {
  const std::string id = out.substr(0, out.find_first_of(";\n"));
  if (id.empty() || id.find_first_not_of("0123456789") != std::string::npos) {
    fail_input(fmt::format("sbatch {}: no job id in its output '{}'", script.string(),
                           printable(out, 200)));
  }
  return id;
}

}  // namespace

SlurmScripts write_slurm_scripts(const SlurmOptions& o) {
  if (o.tasks_dir.empty()) fail_usage("slurm submit: --tasks is required");
  if (o.samples.empty()) fail_usage("slurm submit: --samples is required");
  if (o.out.empty()) fail_usage("slurm submit: --out DIR is required");
  if (o.shards < 1) fail_usage(fmt::format("--shards {}: must be at least 1", o.shards));
  if (o.cpus_per_task < 0) fail_usage("--cpus-per-task must be at least 1");
  const fs::path dir = fs::absolute(o.out);
  std::error_code ec;
  fs::create_directories(dir / "shards", ec);
  fs::create_directories(dir / "logs", ec);
  if (ec) fail_input(fmt::format("{}: cannot create directory: {}", dir.string(), ec.message()));
  SlurmScripts s{dir / "run.sbatch", dir / "merge.sbatch", dir / "merged.sqlite"};
  write_file(s.run_script, run_script(o, dir));
  write_file(s.merge_script, merge_script(o, dir));
  return s;
}

SbatchRunner system_sbatch() {
  return [](const std::vector<std::string>& args) {
    std::vector<std::string> argv = {"sbatch"};
    argv.insert(argv.end(), args.begin(), args.end());
    std::vector<char*> cargv;
    for (std::string& a : argv) cargv.push_back(a.data());
    cargv.push_back(nullptr);
    int fds[2];
    if (pipe2(fds, O_CLOEXEC) != 0) fail_internal(fmt::format("pipe: {}", std::strerror(errno)));
    UniqueFd read_end(fds[0]), write_end(fds[1]);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, write_end.get(), STDOUT_FILENO);
    pid_t pid = 0;
    const int rc = posix_spawnp(&pid, "sbatch", &actions, nullptr, cargv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    write_end.reset();
    if (rc != 0) {
      fail_input(
          fmt::format("sbatch: cannot run it ({}); is Slurm installed? --dry-run writes "
                      "the scripts without submitting",
                      std::strerror(rc)));
    }
    std::string out;
    char buf[4096];
    for (ssize_t n; (n = ::read(read_end.get(), buf, sizeof buf)) != 0;) {
      if (n < 0 && errno == EINTR) continue;
      if (n < 0) break;
      out.append(buf, static_cast<std::size_t>(n));
    }
    int status = 0;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
      fail_input(fmt::format("sbatch {} failed (its message is above)", args.back()));
    }
    return out;
  };
}

SlurmJobs submit_slurm(const SlurmScripts& s, const SbatchRunner& sbatch) {
  SlurmJobs jobs;
  jobs.array_job = job_id_of(sbatch({"--parsable", s.run_script.string()}), s.run_script);
  jobs.merge_job = job_id_of(
      sbatch({"--parsable", "--dependency=afterok:" + jobs.array_job, s.merge_script.string()}),
      s.merge_script);
  return jobs;
}

}  // namespace pj::harness
