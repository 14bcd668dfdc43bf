// `perfjudge sanitize`: raw model responses (EvalPlus-style JSONL) in, judged programs out,
// one output line per sample. Documented in README.md, "Raw responses".
#include <fmt/format.h>

#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <memory>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "cli/commands.hpp"
#include "core/error.hpp"
#include "core/text.hpp"
#include "harness/samples.hpp"
#include "harness/sanitize.hpp"
#include "harness/task.hpp"

namespace pj::cli {

namespace {

using nlohmann::json;
namespace fs = std::filesystem;

struct Options {
  fs::path tasks;
  fs::path samples;
  std::string out;
};

struct Counts {
  int ok = 0;
  int no_code = 0;
  int bad = 0;
};

std::map<std::string, const harness::Task*> index_tasks(const harness::LoadReport& suite) {
  std::map<std::string, const harness::Task*> by_name;
  for (const auto& task : suite.tasks) {
    by_name[task.id] = &task;
    for (const auto& alias : task.aliases) by_name[alias] = &task;
  }
  return by_name;
}

const json* string_field(const json& sample, const char* key) {
  const auto it = sample.find(key);
  if (it == sample.end() || it->is_null()) return nullptr;
  if (!it->is_string()) fail_input(fmt::format("field '{}' must be a string", key));
  return &*it;
}

// The response to sanitize; a `completion` continues the task's prompt by the rule `run` uses.
std::string response_of(const json& sample, const harness::Task& task) {
  // As in `perfjudge run`: "raw" is either the response itself or a flag.
  if (const auto raw = sample.find("raw"); raw != sample.end() && !raw->is_null()) {
    if (raw->is_string()) return raw->get<std::string>();
    if (!raw->is_boolean()) fail_input("field 'raw' must be a string or a boolean");
  }
  if (const json* solution = string_field(sample, "solution")) return solution->get<std::string>();
  const json* completion = string_field(sample, "completion");
  if (completion == nullptr) fail_input("the sample has neither 'solution' nor 'completion'");
  std::string text = completion->get<std::string>();
  return harness::continues_prompt(task, text, true) ? task.prompt + text : text;
}

json sanitize_line(const std::string& line,
                   const std::map<std::string, const harness::Task*>& tasks, Counts& counts) {
  json sample = json::parse(line, nullptr, false);
  if (sample.is_discarded()) fail_input("not valid JSON");
  if (!sample.is_object()) fail_input("not a JSON object");
  const json* task_id = string_field(sample, "task_id");
  if (task_id == nullptr) fail_input("missing 'task_id'");
  const auto found = tasks.find(task_id->get<std::string>());
  if (found == tasks.end()) {
    fail_input(fmt::format("unknown task '{}'", printable(task_id->get<std::string>(), 200)));
  }
  const harness::Task& task = *found->second;
  std::optional<std::string> hint;
  if (const json* language = string_field(sample, "language")) hint = language->get<std::string>();

  const std::string response = response_of(sample, task);
  const auto result = harness::sanitize(response, task, hint);
  json out = sample;
  out.erase("completion");
  out["task_id"] = task.id;
  out["raw"] = false;
  out["raw_response"] = response;
  out["solution"] = result.program;
  out["sanitize"] = result.report;
  if (result.ok) {
    out["language"] = result.language;
    ++counts.ok;
  } else {
    // Still raw, so that `perfjudge run` on this file sanitizes it again and stores NO_CODE
    // with its report, instead of refusing an empty solution.
    out["raw"] = true;
    out["solution"] = response;
    out["verdict"] = "NO_CODE";
    out["reason"] = result.reason;
    ++counts.no_code;
  }
  return out;
}

int run_sanitize(const Options& opt) {
  const harness::LoadReport suite = harness::load_suite(opt.tasks);
  for (const auto& error : suite.errors) fmt::print(stderr, "perfjudge: warning: {}\n", error);
  if (suite.tasks.empty()) fail_input(fmt::format("{}: no task found", opt.tasks.string()));
  const auto tasks = index_tasks(suite);

  std::ifstream in(opt.samples, std::ios::binary);
  if (!in) fail_input(fmt::format("{}: cannot open the sample file", opt.samples.string()));
  std::unique_ptr<std::ofstream> file;
  if (opt.out != "-") {
    file = std::make_unique<std::ofstream>(opt.out, std::ios::binary | std::ios::trunc);
    if (!*file) fail_input(fmt::format("{}: cannot write the output file", opt.out));
  }
  std::ostream& out = file ? *file : std::cout;

  Counts counts;
  std::string line;
  for (long number = 1; std::getline(in, line); ++number) {
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    try {
      out << sanitize_line(line, tasks, counts).dump(-1, ' ', false, json::error_handler_t::replace)
          << '\n';
    } catch (const Error& e) {
      if (e.kind() != ErrorKind::Input) throw;
      ++counts.bad;
      fmt::print(stderr, "perfjudge: error: {}:{}: {}\n", opt.samples.string(), number, e.what());
    }
  }
  out.flush();
  if (!out) fail_internal(fmt::format("{}: write failed", opt.out));
  fmt::print(stderr, "sanitized {} sample(s): {} with code, {} NO_CODE, {} bad line(s)\n",
             counts.ok + counts.no_code, counts.ok, counts.no_code, counts.bad);
  return counts.bad > 0 ? exit_code::error : exit_code::ok;
}

}  // namespace

void add_sanitize(CLI::App& app, int& status) {
  auto opt = std::make_shared<Options>();
  auto* cmd = app.add_subcommand("sanitize", "turn raw model responses into programs");
  cmd->add_option("--tasks", opt->tasks, "directory holding the tasks")->required();
  cmd->add_option("--samples", opt->samples, "JSONL file of raw samples")->required();
  cmd->add_option("-o,--output", opt->out, "output JSONL file ('-' for stdout)")->required();
  cmd->callback([opt, &status] { status = run_sanitize(*opt); });
}

}  // namespace pj::cli
