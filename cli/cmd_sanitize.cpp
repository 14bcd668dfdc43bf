// `perfjudge sanitize`: raw model responses (EvalPlus-style JSONL) in, judged programs out,
// one output line per sample. Documented in README.md, "Raw responses".
#include <fmt/format.h>

#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "cli/commands.hpp"
#include "core/error.hpp"
#include "core/text.hpp"
#include "harness/samples/samples.hpp"
#include "harness/samples/sanitize.hpp"
#include "harness/task/task.hpp"

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

// The response to sanitize; a `completion` continues the task's prompt by the rule `run` uses.
std::string response_of(const harness::RawSample& sample, const harness::Task& task) {
  if (!sample.completion) return sample.text;
  return harness::continues_prompt(task, sample.text, true) ? task.prompt + sample.text
                                                            : sample.text;
}

// The output record of one line; nullopt (reported through on_error) for a bad line. The
// fields are read by the parser `perfjudge run` uses, so both accept the same records.
std::optional<json> sanitize_line(const std::string& line, const std::string& where,
                                  const harness::TaskIndex& tasks, Counts& counts,
                                  const harness::ErrorSink& on_error) {
  json sample;
  const auto raw = harness::parse_jsonl_line(line, where, on_error, &sample);
  if (!raw) return std::nullopt;
  const harness::Task* task = tasks.find(raw->task_ref);
  if (task == nullptr) {
    on_error(fmt::format("{}: unknown task '{}'", where, printable(raw->task_ref, 200)));
    return std::nullopt;
  }
  const std::string response = response_of(*raw, *task);
  const auto result = harness::sanitize(response, *task, raw->language);
  json out = sample;
  out.erase("completion");
  out["task_id"] = task->id;
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
  const harness::TaskIndex tasks(suite.tasks);

  std::ifstream in(opt.samples, std::ios::binary);
  if (!in) fail_input(fmt::format("{}: cannot open the sample file", opt.samples.string()));
  std::unique_ptr<std::ofstream> file;
  if (opt.out != "-") {
    file = std::make_unique<std::ofstream>(opt.out, std::ios::binary | std::ios::trunc);
    if (!*file) fail_input(fmt::format("{}: cannot write the output file", opt.out));
  }
  std::ostream& out = file ? *file : std::cout;

  Counts counts;
  const harness::ErrorSink on_error = [](const std::string& message) {
    fmt::print(stderr, "perfjudge: error: {}\n", message);
  };
  std::string line;
  for (long number = 1; std::getline(in, line); ++number) {
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    const std::string where = fmt::format("{}:{}", opt.samples.string(), number);
    std::optional<json> record;
    try {
      record = sanitize_line(line, where, tasks, counts, on_error);
    } catch (const Error& e) {
      if (e.kind() != ErrorKind::Input) throw;
      on_error(fmt::format("{}: {}", where, e.what()));
    }
    if (!record) {
      ++counts.bad;
      continue;
    }
    out << record->dump(-1, ' ', false, json::error_handler_t::replace) << '\n';
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
