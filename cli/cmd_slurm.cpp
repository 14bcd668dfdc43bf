#include <fmt/format.h>

#include <filesystem>
#include <memory>

#include "cli/commands.hpp"
#include "core/error.hpp"
#include "harness/slurm.hpp"

namespace pj::cli {

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
}

}  // namespace pj::cli
