#include <fmt/format.h>

#include <memory>

#include "cli/commands.hpp"
#include "core/error.hpp"
#include "store/merge.hpp"

namespace pj::cli {

void add_merge(CLI::App& app, int& status) {
  struct Args {
    std::filesystem::path out;
    std::vector<std::filesystem::path> shards;
  };
  auto args = std::make_shared<Args>();
  CLI::App* cmd = app.add_subcommand(
      "merge", "combine the shard databases of one `run --shard I/N` evaluation into one");
  cmd->add_option("--out", args->out, "database to merge into (created if missing)")->required();
  cmd->add_option("shards", args->shards, "shard databases (SHARD.sqlite...)")->required();
  cmd->callback([args, &status] {
    const store::MergeReport r = store::merge(args->out, args->shards);
    for (const auto& m : r.merged) fmt::print(stderr, "perfjudge: merged {}\n", m);
    for (const auto& m : r.skipped) fmt::print(stderr, "perfjudge: skipped {}\n", m);
    if (!r.missing.empty()) {
      fmt::print(stderr,
                 "perfjudge: error: {}: missing shard{} {} of {}; merge {} when done (the "
                 "shards merged so far are kept)\n",
                 args->out.string(), r.missing.size() == 1 ? "" : "s", fmt::join(r.missing, ", "),
                 r.shard_count, r.missing.size() == 1 ? "it" : "them");
      status = exit_code::negative;
      return;
    }
    fmt::print(stderr, "perfjudge: {}: all {} shards merged\n", args->out.string(), r.shard_count);
    status = exit_code::ok;
  });
}

}  // namespace pj::cli
