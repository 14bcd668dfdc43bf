#include <fmt/format.h>

#include <filesystem>
#include <memory>

#include "cli/commands.hpp"
#include "core/error.hpp"
#include "harness/run/slurm.hpp"
#include "harness/run/slurm_status.hpp"

namespace pj::cli {

namespace {

void add_status(CLI::App& slurm, int& status) {
  auto dir = std::make_shared<std::filesystem::path>();
  CLI::App* cmd = slurm.add_subcommand(
      "status", "each shard's progress from its database, and the merge job's state");
  cmd->add_option("DIR", *dir, "the --out DIR of `slurm submit`")->required();
  cmd->callback([dir, &status] {
    const harness::SlurmStatus st = harness::slurm_status(*dir, harness::system_tools());
    fmt::print("{}", harness::render_status(st));
    status = st.all_complete() ? exit_code::ok : exit_code::negative;
  });
}

void add_resubmit(CLI::App& slurm, int& status) {
  auto dir = std::make_shared<std::filesystem::path>();
  CLI::App* cmd = slurm.add_subcommand(
      "resubmit", "resubmit the shards that are neither complete nor queued, and the merge");
  cmd->add_option("DIR", *dir, "the --out DIR of `slurm submit`")->required();
  cmd->callback([dir, &status] {
    const harness::ResubmitResult r = harness::resubmit_slurm(*dir, harness::system_tools());
    if (r.shards.empty() && r.merge_job.empty()) {
      fmt::print("nothing to resubmit: every shard is complete or queued, and so is the merge\n");
    }
    if (!r.array_job.empty()) {
      std::string list;
      for (int i : r.shards) list += (list.empty() ? "" : ",") + std::to_string(i);
      fmt::print("array job {} (shards {})\n", r.array_job, list);
    }
    if (!r.cancelled_merge.empty()) fmt::print("cancelled merge job {}\n", r.cancelled_merge);
    if (!r.merge_job.empty()) {
      std::string deps;
      for (const std::string& j : r.waits_for) deps += (deps.empty() ? "" : ", ") + j;
      fmt::print("merge job {}{}\n", r.merge_job, deps.empty() ? std::string() : " after " + deps);
    }
    status = exit_code::ok;
  });
}

}  // namespace

void add_slurm(CLI::App& app, int& status) {
  struct Args {
    harness::SlurmOptions opt;
    bool dry_run = false;
  };
  auto args = std::make_shared<Args>();
  CLI::App* slurm = app.add_subcommand("slurm", "run one evaluation as a Slurm array job");
  slurm->require_subcommand(1);
  CLI::App* cmd = slurm->add_subcommand(
      "submit", "write an sbatch array script and a dependent merge script into DIR, submit both");
  harness::SlurmOptions& o = args->opt;
  cmd->add_option("--tasks", o.tasks_dir, "directory holding the tasks")->required();
  cmd->add_option("--samples", o.samples, "the samples, as for `perfjudge run`")->required();
  cmd->add_option("--shards", o.shards, "N: array elements, one shard each")->required();
  cmd->add_option("--partition", o.partition, "#SBATCH --partition");
  cmd->add_option("--time", o.time, "#SBATCH --time of each element and of the merge");
  cmd->add_option("--cpus-per-task", o.cpus_per_task, "#SBATCH --cpus-per-task of each element");
  cmd->add_option("--mem", o.mem, "#SBATCH --mem");
  cmd->add_option("--out", o.out, "DIR: the scripts, shards/, logs/ and merged.sqlite")->required();
  cmd->add_flag("--dry-run", args->dry_run, "write the scripts without submitting them");
  cmd->add_option("run_options", o.run_extra, "after --: more `perfjudge run` options");
  cmd->callback([args, &status] {
    harness::SlurmOptions opt = args->opt;
    opt.perfjudge = std::filesystem::read_symlink("/proc/self/exe");
    const harness::SlurmScripts s = harness::write_slurm_scripts(opt);
    fmt::print("wrote {}\nwrote {}\n", s.run_script.string(), s.merge_script.string());
    if (args->dry_run) {
      fmt::print(
          "not submitted (--dry-run): sbatch --parsable {} then sbatch "
          "--dependency=afterok:ARRAY_JOB_ID {}\n",
          s.run_script.string(), s.merge_script.string());
      status = exit_code::ok;
      return;
    }
    const harness::SlurmJobs jobs = harness::submit_slurm(s, harness::system_sbatch());
    fmt::print("array job {} ({} shards), merge job {} into {}\n", jobs.array_job, opt.shards,
               jobs.merge_job, s.merged_db.string());
    status = exit_code::ok;
  });
  add_status(*slurm, status);
  add_resubmit(*slurm, status);
}

}  // namespace pj::cli
