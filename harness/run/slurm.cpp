#include "harness/run/slurm.hpp"

#include <fcntl.h>
#include <poll.h>
#include <spawn.h>
#include <sys/wait.h>

#include <fmt/format.h>

#include <cerrno>
#include <cstring>
#include <nlohmann/json.hpp>

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
  write_jobs_file(dir, SlurmJobsFile{o.shards, {}, {}});
  return s;
}

SlurmJobsFile read_jobs_file(const fs::path& dir) {
  const fs::path file = dir / "jobs.json";
  std::error_code ec;
  if (!fs::exists(file, ec)) {
    fail_input(fmt::format("{}: missing; is {} a directory `perfjudge slurm submit --out` wrote?",
                           file.string(), dir.string()));
  }
  try {
    const nlohmann::json j = nlohmann::json::parse(read_file(file));
    SlurmJobsFile out;
    out.shards = j.at("shards").get<int>();
    out.array_jobs = j.value("array_jobs", std::vector<std::string>{});
    out.merge_job = j.value("merge_job", std::string());
    if (out.shards < 1) fail_input(fmt::format("{}: shards must be at least 1", file.string()));
    return out;
  } catch (const nlohmann::json::exception& e) {
    fail_input(fmt::format("{}: not a jobs file of `perfjudge slurm submit`: {}", file.string(),
                           e.what()));
  }
}

void write_jobs_file(const fs::path& dir, const SlurmJobsFile& jobs) {
  const nlohmann::json j = {
      {"shards", jobs.shards}, {"array_jobs", jobs.array_jobs}, {"merge_job", jobs.merge_job}};
  write_file(dir / "jobs.json", j.dump(2) + "\n");
}

std::string parsable_job_id(const std::string& out, const fs::path& script) {
  const std::string id = out.substr(0, out.find_first_of(";\n"));
  if (id.empty() || id.find_first_not_of("0123456789") != std::string::npos) {
    fail_input(fmt::format("sbatch {}: no job id in its output '{}'", script.string(),
                           printable(out, 200)));
  }
  return id;
}

namespace {

// Reads both pipes to their end together, so that neither side blocks on a full one.
void drain(int out_fd, int err_fd, std::string& out, std::string& err) {
  pollfd fds[2] = {{out_fd, POLLIN, 0}, {err_fd, POLLIN, 0}};
  std::string* into[2] = {&out, &err};
  int open = 2;
  char buf[4096];
  while (open > 0) {
    if (poll(fds, 2, -1) < 0) {
      if (errno == EINTR) continue;
      return;
    }
    for (int i = 0; i < 2; ++i) {
      if (fds[i].fd < 0 || fds[i].revents == 0) continue;
      const ssize_t n = ::read(fds[i].fd, buf, sizeof buf);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) {
        fds[i].fd = -1;
        --open;
        continue;
      }
      into[i]->append(buf, static_cast<std::size_t>(n));
    }
  }
}

}  // namespace

ToolRunner system_tools() {
  return [](const std::vector<std::string>& args) {
    std::vector<std::string> argv = args;
    std::vector<char*> cargv;
    for (std::string& a : argv) cargv.push_back(a.data());
    cargv.push_back(nullptr);
    int out_fds[2], err_fds[2];
    if (pipe2(out_fds, O_CLOEXEC) != 0)
      fail_internal(fmt::format("pipe: {}", std::strerror(errno)));
    UniqueFd out_read(out_fds[0]), out_write(out_fds[1]);
    if (pipe2(err_fds, O_CLOEXEC) != 0)
      fail_internal(fmt::format("pipe: {}", std::strerror(errno)));
    UniqueFd err_read(err_fds[0]), err_write(err_fds[1]);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_adddup2(&actions, out_write.get(), STDOUT_FILENO);
    posix_spawn_file_actions_adddup2(&actions, err_write.get(), STDERR_FILENO);
    pid_t pid = 0;
    const int rc = posix_spawnp(&pid, cargv[0], &actions, nullptr, cargv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    out_write.reset();
    err_write.reset();
    ToolResult r;
    if (rc != 0) {
      r.err = fmt::format("cannot run {}: {}", args.front(), std::strerror(rc));
      return r;
    }
    r.started = true;
    drain(out_read.get(), err_read.get(), r.out, r.err);
    int status = 0;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    r.status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return r;
  };
}

SbatchRunner sbatch_with(ToolRunner tools) {
  return [tools = std::move(tools)](const std::vector<std::string>& args) {
    std::vector<std::string> argv = {"sbatch"};
    argv.insert(argv.end(), args.begin(), args.end());
    const ToolResult r = tools(argv);
    if (!r.started) {
      fail_input(
          fmt::format("sbatch: {}; is Slurm installed? --dry-run writes the scripts "
                      "without submitting",
                      r.err));
    }
    if (r.status != 0) {
      fail_input(fmt::format("sbatch {} failed: {}", args.back(),
                             printable(r.err.substr(0, r.err.find_last_not_of('\n') + 1), 300)));
    }
    return r.out;
  };
}

SbatchRunner system_sbatch() {
  return sbatch_with(system_tools());
}

SlurmJobs submit_slurm(const SlurmScripts& s, const SbatchRunner& sbatch) {
  const fs::path dir = s.run_script.parent_path();
  SlurmJobsFile record = read_jobs_file(dir);
  SlurmJobs jobs;
  jobs.array_job = parsable_job_id(sbatch({"--parsable", s.run_script.string()}), s.run_script);
  record.array_jobs.push_back(jobs.array_job);
  write_jobs_file(dir, record);  // before the merge: a failed merge submit keeps the array's id
  jobs.merge_job = parsable_job_id(
      sbatch({"--parsable", "--dependency=afterok:" + jobs.array_job, s.merge_script.string()}),
      s.merge_script);
  record.merge_job = jobs.merge_job;
  write_jobs_file(dir, record);
  return jobs;
}

}  // namespace pj::harness
