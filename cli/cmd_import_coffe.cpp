// perfjudge import coffe DIR --out OUT
// perfjudge import coffe [DIR] --samples examples/<subset>/<Model>.json --out SAMPLES.jsonl
#include <fmt/format.h>

#include <filesystem>

#include "cli/commands.hpp"
#include "core/error.hpp"
#include "harness/samples/coffe_import.hpp"

namespace pj::cli {

namespace {

struct CoffeArgs {
  std::string dir;
  std::string samples;
  std::string out;
};

void print_warnings(const std::vector<std::string>& warnings) {
  for (const auto& w : warnings) fmt::print(stderr, "perfjudge: warning: {}\n", w);
}

void run_coffe(const CoffeArgs& a) {
  namespace fs = std::filesystem;
  if (a.samples.empty()) {
    if (a.dir.empty()) fail_usage("import coffe: give the COFFE checkout DIR, or --samples FILE");
    const auto r = harness::import_coffe(a.dir, a.out);
    print_warnings(r.warnings);
    fmt::print("imported {} COFFE tasks into {} ({} marked excluded, {} warnings)\n",
               r.task_dirs.size(), a.out, r.excluded, r.warnings.size());
    return;
  }
  // examples/<subset>/<Model>.json sits three levels below the checkout.
  const fs::path dir = a.dir.empty()
                           ? fs::absolute(a.samples).parent_path().parent_path().parent_path()
                           : fs::path(a.dir);
  const auto r = harness::convert_coffe_samples(a.samples, dir, a.out);
  print_warnings(r.warnings);
  fmt::print("wrote {} raw samples of model {} to {}\n", r.samples, r.model, a.out);
}

}  // namespace

void add_import_coffe(CLI::App& imp) {
  auto a = std::make_shared<CoffeArgs>();
  auto* c =
      imp.add_subcommand("coffe", "COFFE's datasets -> tasks, or one model's outputs -> samples");
  c->add_option("dir", a->dir, "COFFE checkout (holding datasets/function and datasets/file)");
  c->add_option("--samples", a->samples,
                "examples/<subset>/<Model>.json to convert into a samples JSONL");
  c->add_option("--out", a->out, "Directory of the tasks, or with --samples the JSONL file")
      ->required();
  c->callback([a] { run_coffe(*a); });
}

}  // namespace pj::cli
