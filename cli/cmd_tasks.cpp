// perfjudge tasks list | show ID | validate [DIR | --tasks DIR] | gen ID --level L --seed S |
// prepare
#include <fmt/format.h>

#include <algorithm>
#include <atomic>
#include <fstream>
#include <iostream>
#include <set>
#include <thread>

#include "cli/commands.hpp"
#include "core/error.hpp"
#include "core/text.hpp"
#include "harness/task/inputs.hpp"
#include "harness/task/task.hpp"
#include "harness/task/validate.hpp"

namespace pj::cli {

namespace fs = std::filesystem;
using namespace pj::harness;

namespace {

std::string_view checker_name(CheckerType t) {
  switch (t) {
    case CheckerType::Exact:
      return "exact";
    case CheckerType::Tokens:
      return "tokens";
    case CheckerType::Float:
      return "float";
    case CheckerType::Loose:
      return "loose";
    case CheckerType::Program:
      return "program";
  }
  return "?";
}

// Loads the suite; manifest errors are shown on stderr but do not hide the valid tasks.
LoadReport load_or_warn(const fs::path& root) {
  LoadReport r = load_suite(root);
  for (const auto& e : r.errors) fmt::print(stderr, "perfjudge: {}\n", e);
  return r;
}

const Task& find_task(const LoadReport& r, const std::string& id) {
  for (const auto& t : r.tasks) {
    if (t.id == id || std::find(t.aliases.begin(), t.aliases.end(), id) != t.aliases.end()) {
      return t;
    }
  }
  fail_usage(fmt::format("no task '{}' (see `perfjudge tasks list`)", printable(id)));
}

void list(const fs::path& root, int& status) {
  const LoadReport r = load_or_warn(root);
  for (const auto& t : r.tasks) {
    fmt::print("{:<28} {:<8} tests={:<3} levels={} refs={}{}  {}\n", t.id, to_string(t.kind),
               t.tests.size(), t.levels.size(), t.references.size(), t.excluded ? " excluded" : "",
               printable(t.title, 80));
  }
  fmt::print("{} tasks, {} manifest errors\n", r.tasks.size(), r.errors.size());
  if (!r.errors.empty()) status = exit_code::negative;
}

void show(const fs::path& root, const std::string& id) {
  const LoadReport r = load_suite(root);
  const Task& t = find_task(r, id);
  fmt::print("id:        {}\ntitle:     {}\ndir:       {}\nkind:      {}\n", t.id,
             printable(t.title), t.dir.string(), to_string(t.kind));
  if (!t.aliases.empty()) fmt::print("aliases:   {}\n", fmt::join(t.aliases, ", "));
  if (t.kind == TaskKind::Function) fmt::print("entry:     {}\n", t.entry_point);
  if (t.python.any()) fmt::print("python:    {}\n", fmt::join(t.python.driver_args(), " "));
  fmt::print("languages: {} (default {})\n", fmt::join(t.languages, ", "), t.default_language);
  fmt::print("limits:    cpu {} s, memory {} MiB, output {} MiB, alpha {}\n", t.limits.cpu_seconds,
             t.limits.memory_mib, t.limits.output_mib, t.limits.alpha);
  fmt::print("checker:   {}", checker_name(t.checker.type));
  if (t.checker.type == CheckerType::Float) {
    fmt::print(" (abs {} rel {})", t.checker.abs_tol, t.checker.rel_tol);
  }
  if (t.checker.type == CheckerType::Program) fmt::print(" {}", t.checker.file.string());
  fmt::print("\nexcluded:  {}\n", t.excluded ? "yes" : "no");
  fmt::print("tests:     {}\n", t.tests.size());
  for (const auto& tc : t.tests) {
    if (tc.gen_seed) {
      fmt::print("  {} (generated: seed {} args [{}])\n", tc.name, *tc.gen_seed,
                 fmt::join(tc.gen_args, " "));
    } else {
      fmt::print("  {}{}\n", tc.name, tc.expected ? "" : " (expected from the best reference)");
    }
  }
  if (!t.generator.empty()) fmt::print("generator: {}\n", t.generator.string());
  for (const auto& l : t.levels) {
    if (l.fixed()) {
      std::vector<std::string> files;
      for (const auto& f : l.inputs) files.push_back(fs::relative(f, t.dir).string());
      fmt::print("  level {}: fixed inputs [{}] seeds [{}] hardness {}\n", l.index,
                 fmt::join(files, " "), fmt::join(l.seeds, " "), l.hardness);
      continue;
    }
    fmt::print("  level {}: args [{}] seeds [{}] hardness {}\n", l.index, fmt::join(l.args, " "),
               fmt::join(l.seeds, " "), l.hardness);
  }
  if (!t.prompt.empty()) {
    fmt::print("prompt:\n");
    std::string_view rest = t.prompt;
    while (!rest.empty()) {
      const auto nl = std::min(rest.find('\n'), rest.size());
      fmt::print("  | {}\n", printable(rest.substr(0, nl)));
      rest.remove_prefix(std::min(nl + 1, rest.size()));
    }
  }
  fmt::print("references:\n");
  for (const auto& ref : t.references) {
    fmt::print("  {:<16} {:<7} {:<10} {}\n", ref.name, ref.level, ref.language,
               fs::relative(ref.file, t.dir).string());
  }
  fmt::print("statement: {}\n", t.statement.string());
}

void gen(const fs::path& root, const std::string& id, int level, std::uint64_t seed,
         const fs::path& cache) {
  const LoadReport r = load_suite(root);
  const Task& t = find_task(r, id);
  Builder builder(cache / "builds");
  InputCache inputs(cache / "inputs", builder);
  const fs::path file = inputs.stress_input(t, level, seed);
  std::ifstream in(file, std::ios::binary);
  std::cout << in.rdbuf();
  std::cout.flush();
}

// Every generated test and stress input of every task into the cache, one generator batch per
// task and argument list (what `run` does before judging); one error line per failing task.
void prepare(const fs::path& root, const fs::path& cache, int jobs, int& status) {
  const LoadReport r = load_or_warn(root);
  Builder builder(cache / "builds");
  InputCache inputs(cache / "inputs", builder);
  std::vector<std::string> errors(r.tasks.size());
  std::atomic<std::size_t> next{0};
  auto worker = [&] {
    for (std::size_t i = next++; i < r.tasks.size(); i = next++) {
      std::vector<int> levels;
      for (const auto& l : r.tasks[i].levels) levels.push_back(l.index);
      try {
        inputs.prepare_inputs(r.tasks[i], levels);
      } catch (const Error& e) {
        if (e.kind() != ErrorKind::Input) throw;
        errors[i] = e.what();
      }
    }
  };
  {
    std::vector<std::jthread> pool;
    for (int j = 1; j < std::min<int>(jobs, static_cast<int>(r.tasks.size())); ++j) {
      pool.emplace_back(worker);
    }
    worker();
  }
  std::size_t inputs_n = 0, failed = 0;
  for (std::size_t i = 0; i < r.tasks.size(); ++i) {
    if (!errors[i].empty()) {
      fmt::print("error: {}\n", errors[i]);
      ++failed;
      continue;
    }
    // Distinct inputs: generated tests often share a level's arguments and seeds.
    std::set<std::pair<std::vector<std::string>, std::uint64_t>> distinct;
    for (const auto& t : r.tasks[i].tests) {
      if (t.gen_seed) distinct.insert({t.gen_args, *t.gen_seed});
    }
    for (const auto& l : r.tasks[i].levels) {
      if (l.fixed()) continue;  // stored, not generated
      for (auto seed : l.seeds) distinct.insert({l.args, seed});
    }
    inputs_n += distinct.size();
  }
  fmt::print("prepared the inputs of {} tasks ({} generated inputs): {} errors\n",
             r.tasks.size() - failed, inputs_n, failed);
  if (failed > 0 || !r.errors.empty()) status = exit_code::negative;
}

struct ValidateArgs {
  std::string dir = "tasks";
  std::string cost = "auto";
  bool quick = false;
  bool verbose = false;
  double min_ratio = 1.0;
  int jobs = 1;
  std::string cache;
};

void validate(const ValidateArgs& a, int& status) {
  ValidateOptions opt;
  opt.cost = parse_cost(a.cost);
  opt.quick = a.quick;
  opt.min_ratio = a.min_ratio;
  opt.jobs = a.jobs;
  opt.cache_dir = a.cache;
  if (a.verbose) opt.progress = [](const std::string& line) { fmt::print(stderr, "{}\n", line); };
  const ValidateReport r = validate_suite(a.dir, opt);
  if (!r.cost_note.empty()) fmt::print(stderr, "{}\n", r.cost_note);
  for (const auto& e : r.errors) fmt::print("error: {}\n", e);
  if (a.verbose) {
    for (const auto& n : r.notes) fmt::print("note: {}\n", n);
  }
  fmt::print("validated {} tasks ({}, cost {}): {} errors\n", r.tasks,
             a.quick ? "quick" : "all seeds", to_string(r.cost), r.errors.size());
  status = r.ok() ? exit_code::ok : exit_code::negative;
}

}  // namespace

void add_tasks(CLI::App& app, int& status) {
  auto* tasks = app.add_subcommand("tasks", "List, show, validate tasks and print their inputs");
  tasks->require_subcommand(1);

  auto dir = std::make_shared<std::string>("tasks");
  auto* ls = tasks->add_subcommand("list", "List the tasks under a directory");
  ls->add_option("--tasks", *dir, "Task directory (searched recursively)")->capture_default_str();
  ls->callback([dir, &status] { list(*dir, status); });

  auto id = std::make_shared<std::string>();
  auto* sh = tasks->add_subcommand("show", "Show one task (by id or alias)");
  sh->add_option("id", *id, "Task id or alias")->required();
  sh->add_option("--tasks", *dir, "Task directory (searched recursively)")->capture_default_str();
  sh->callback([dir, id] { show(*dir, *id); });

  auto va = std::make_shared<ValidateArgs>();
  auto* v = tasks->add_subcommand("validate", "Check manifests, references, generators, ladders");
  auto* positional =
      v->add_option("dir", va->dir, "Task directory (searched recursively)")->capture_default_str();
  // --tasks as in list, show, gen and run; the positional form stays.
  v->add_option("--tasks", va->dir, "Task directory (same as DIR)")->excludes(positional);
  v->add_option("--cost", va->cost, std::string("ladder cost: ") + kCostHelp)
      ->capture_default_str();
  v->add_flag("--quick", va->quick, "Only the first seed of every stress level");
  v->add_option("--min-ratio", va->min_ratio,
                "A lower tier must cost more than this many times a higher one")
      ->capture_default_str()
      ->check(CLI::PositiveNumber);
  v->add_option("--jobs,-j", va->jobs, "Tasks validated concurrently")
      ->capture_default_str()
      ->check(CLI::Range(1, 256));
  v->add_option("--cache", va->cache,
                "Cache directory (default $PERFJUDGE_CACHE or ~/.cache/perfjudge)");
  v->add_flag("--verbose,-v", va->verbose, "Progress on stderr and the ladder costs");
  v->callback([va, &status] { validate(*va, status); });

  auto level = std::make_shared<int>(0);
  auto seed = std::make_shared<std::uint64_t>(1);
  auto cache = std::make_shared<std::string>();
  auto* g = tasks->add_subcommand("gen", "Print the stress input of a level and seed");
  g->add_option("id", *id, "Task id or alias")->required();
  g->add_option("--level", *level, "Stress level index (0 = first)")->required();
  g->add_option("--seed", *seed, "Seed")->required();
  g->add_option("--tasks", *dir, "Task directory (searched recursively)")->capture_default_str();
  g->add_option("--cache", *cache, "Cache directory");
  g->callback([dir, id, level, seed, cache] {
    gen(*dir, *id, *level, *seed, cache->empty() ? default_cache_dir() : fs::path(*cache));
  });

  auto jobs = std::make_shared<int>(1);
  auto* pr = tasks->add_subcommand(
      "prepare", "Generate every task's inputs into the cache, one generator run per level");
  pr->add_option("--tasks", *dir, "Task directory (searched recursively)")->capture_default_str();
  pr->add_option("--cache", *cache, "Cache directory");
  pr->add_option("--jobs,-j", *jobs, "Tasks prepared concurrently")
      ->capture_default_str()
      ->check(CLI::Range(1, 256));
  pr->callback([dir, cache, jobs, &status] {
    prepare(*dir, cache->empty() ? default_cache_dir() : fs::path(*cache), *jobs, status);
  });
}

}  // namespace pj::cli
