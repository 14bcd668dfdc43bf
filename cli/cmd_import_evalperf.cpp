// perfjudge import evalperf FILE.jsonl --problems EVALPLUS.jsonl --out DIR
#include <fmt/format.h>

#include "cli/commands.hpp"
#include "harness/samples/evalperf_import.hpp"

namespace pj::cli {

void add_import_evalperf(CLI::App& imp) {
  struct Args {
    std::string jsonl;
    std::string problems;
    std::string out;
  };
  auto a = std::make_shared<Args>();
  auto* ep = imp.add_subcommand("evalperf",
                                "EvalPerf's JSONL (reference ladders, pe_input) -> function tasks");
  ep->add_option("jsonl", a->jsonl, "EvalPerf's JSONL")->required();
  ep->add_option("--problems", a->problems, "EvalPlus's JSONL (prompt, entry_point, base_input)")
      ->required();
  ep->add_option("--out", a->out, "Directory to write the tasks into")->required();
  ep->callback([a] {
    const auto r = harness::import_evalperf(a->jsonl, a->problems, a->out);
    for (const auto& w : r.warnings) fmt::print(stderr, "perfjudge: warning: {}\n", w);
    fmt::print("imported {} EvalPerf problems into {} ({} skipped)\n", r.task_dirs.size(), a->out,
               r.warnings.size());
  });
}

}  // namespace pj::cli
