// perfjudge import enamel CSV --out DIR (and evalperf: cmd_import_evalperf.cpp)
#include <fmt/format.h>

#include "cli/commands.hpp"
#include "core/error.hpp"
#include "harness/samples/enamel_import.hpp"

namespace pj::cli {

void add_import(CLI::App& app, int& /*status*/) {
  auto* imp = app.add_subcommand("import", "Import tasks from other benchmarks");
  imp->require_subcommand(1);
  struct Args {
    std::string csv;
    std::string out;
  };
  auto a = std::make_shared<Args>();
  auto* en = imp->add_subcommand("enamel", "ENAMEL's enamel.csv -> 164 function tasks");
  en->add_option("csv", a->csv, "ENAMEL's enamel.csv")->required();
  en->add_option("--out", a->out, "Directory to write the tasks into")->required();
  en->callback([a] {
    const auto r = harness::import_enamel(a->csv, a->out);
    fmt::print("imported {} ENAMEL problems into {} ({} marked excluded)\n", r.task_dirs.size(),
               a->out, r.excluded);
  });
  add_import_coffe(*imp);
  add_import_evalperf(*imp);
}

}  // namespace pj::cli
