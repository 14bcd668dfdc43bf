#include "harness/inputs.hpp"

#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "core/error.hpp"
#include "core/fd.hpp"
#include "core/file.hpp"
#include "core/hash.hpp"
#include "core/text.hpp"
#include "harness/execute.hpp"
#include "harness/function_stress.hpp"

namespace pj::harness {

namespace fs = std::filesystem;

namespace {

// A private file in dir, for writing before the rename that publishes it.
fs::path temp_in(const fs::path& dir) {
  fs::create_directories(dir);
  std::string tmpl = (dir / ".tmp-XXXXXX").string();
  UniqueFd fd(::mkstemp(tmpl.data()));
  if (!fd)
    fail_internal(
        fmt::format("cannot create a file in {}: {}", dir.string(), std::strerror(errno)));
  ::fchmod(fd.get(), 0644);  // program checkers, run unprivileged, read inputs and outputs
  return tmpl;
}

// Publishes tmp as final; a concurrent writer of the same key wrote identical bytes.
void publish(const fs::path& tmp, const fs::path& final_path) {
  std::error_code ec;
  fs::rename(tmp, final_path, ec);
  if (ec) {
    fs::remove(tmp, ec);
    if (!fs::exists(final_path)) fail_internal("cannot write " + final_path.string());
  }
}

fs::path sharded(const fs::path& root, std::string_view kind, const std::string& key,
                 std::string_view ext) {
  return root / std::string(kind) / key.substr(0, 2) / (key + std::string(ext));
}

std::string what_failed(const Execution& ex) {
  const auto& r = ex.result;
  std::string what;
  if (r.verdict == sandbox::Verdict::OK || r.verdict == sandbox::Verdict::RE) {
    what = r.signal ? fmt::format("killed by signal {}", *r.signal)
                    : fmt::format("exited with code {}", r.exit_code.value_or(-1));
  } else {
    what = std::string(sandbox::to_string(r.verdict));
    if (!r.message.empty()) what += " (" + printable(r.message, 200) + ")";
  }
  // The last line of stderr usually says why (a Python traceback ends with the exception).
  const std::string& err = ex.stderr_head;
  if (!err.empty()) {
    auto end = err.find_last_not_of('\n');
    auto start = err.rfind('\n', end);
    what += ": " + printable(err.substr(start == std::string::npos ? 0 : start + 1,
                                        end - (start == std::string::npos ? 0 : start + 1) + 1),
                             300);
  }
  return what;
}

std::string gen_key(const Task& task, const std::vector<std::string>& args, std::uint64_t seed) {
  Hasher h;
  h.add("perfjudge-input-v1").add_file(task.generator).add(task.generator.extension().string());
  h.add(std::to_string(seed));
  for (const auto& a : args) h.add(a);
  return h.hex();
}

// The "args" (or "expected") member of a function test file, as one JSON line.
std::string json_member(const fs::path& file, std::string_view member) {
  const auto j = nlohmann::json::parse(read_file(file), nullptr, false);
  if (j.is_discarded() || !j.is_object() || !j.contains(member)) {
    fail_input(fmt::format("{}: no '{}' in this JSON test", file.string(), member));
  }
  return j[std::string(member)].dump() + "\n";
}

}  // namespace

void run_generator(const Task& task, Builder& builder, const std::vector<std::string>& args,
                   std::uint64_t seed, const fs::path& out) {
  const std::string who = fmt::format("{}: {}", task.id, task.generator.string());
  if (task.generator.empty()) fail_input(task.id + ": the task has no generator");
  const auto lang = language_from_extension(task.generator.extension().string());
  if (!lang) fail_input(who + ": unknown generator language");
  const BuildResult b = builder.build(*lang, read_file(task.generator));
  if (!b.ok) fail_input(who + ": does not build: " + printable(first_lines(b.diagnostics, 1), 300));
  Runnable r = b.runnable;
  r.argv.push_back(std::to_string(seed));
  r.argv.insert(r.argv.end(), args.begin(), args.end());
  ExecOptions opt;
  opt.cpu_seconds = kGeneratorCpuSeconds;
  opt.memory_mib = kGeneratorMemoryMib;
  opt.output_mib = kGeneratorOutputMib;
  const fs::path scratch = out.parent_path();
  Execution ex = execute(r, "", opt, scratch);
  std::error_code ec;
  if (ex.result.verdict != sandbox::Verdict::OK || ex.result.exit_code != 0) {
    fs::remove(ex.stdout_file, ec);
    fail_input(
        fmt::format("{}: seed {} args [{}]: {}", who, seed, fmt::join(args, " "), what_failed(ex)));
  }
  fs::rename(ex.stdout_file, out, ec);
  if (ec)
    fail_internal(
        fmt::format("cannot move generator output to {}: {}", out.string(), ec.message()));
}

namespace {

fs::path generate_cached(const fs::path& root, Builder& builder, const Task& task,
                         const std::vector<std::string>& args, std::uint64_t seed) {
  const fs::path final_path = sharded(root, "gen", gen_key(task, args, seed), ".in");
  if (fs::is_regular_file(final_path)) return final_path;
  const fs::path tmp = temp_in(final_path.parent_path());
  try {
    run_generator(task, builder, args, seed, tmp);
  } catch (...) {
    std::error_code ec;
    fs::remove(tmp, ec);
    throw;
  }
  publish(tmp, final_path);
  return final_path;
}

}  // namespace

InputCache::InputCache(fs::path root, Builder& builder)
    : root_(std::move(root)), builder_(builder) {
  fs::create_directories(root_);
  root_ = fs::canonical(root_);
}

fs::path InputCache::stress_input(const Task& task, int level, std::uint64_t seed) {
  if (level < 0 || static_cast<std::size_t>(level) >= task.levels.size()) {
    fail_usage(fmt::format("task {} has no stress level {}", task.id, level));
  }
  return generate_cached(root_, builder_, task, task.levels[static_cast<std::size_t>(level)].args,
                         seed);
}

fs::path InputCache::generate_verified(const Task& task, const std::vector<std::string>& args,
                                       std::uint64_t seed) {
  const fs::path final_path = sharded(root_, "gen", gen_key(task, args, seed), ".in");
  const fs::path first = temp_in(final_path.parent_path());
  const fs::path second = temp_in(final_path.parent_path());
  auto cleanup = [&] {
    std::error_code ec;
    fs::remove(first, ec);
    fs::remove(second, ec);
  };
  try {
    run_generator(task, builder_, args, seed, first);
    run_generator(task, builder_, args, seed, second);
  } catch (...) {
    cleanup();
    throw;
  }
  if (read_file(first) != read_file(second)) {
    cleanup();
    fail_input(
        fmt::format("{}: {}: not deterministic: seed {} args [{}] gave two different outputs",
                    task.id, task.generator.string(), seed, fmt::join(args, " ")));
  }
  std::error_code ec;
  fs::remove(second, ec);
  publish(first, final_path);
  return final_path;
}

fs::path InputCache::test_input(const Task& task, const TestCase& test) {
  if (test.gen_seed) return generate_cached(root_, builder_, task, test.gen_args, *test.gen_seed);
  if (task.kind == TaskKind::Program) return test.input;
  // A function test file holds {"args", "expected"}: only the arguments reach the program.
  const std::string args = json_member(test.input, "args");
  const fs::path final_path = sharded(root_, "args", sha1_hex(args), ".json");
  if (fs::is_regular_file(final_path)) return final_path;
  const fs::path tmp = temp_in(final_path.parent_path());
  write_file(tmp, args);
  publish(tmp, final_path);
  return final_path;
}

fs::path InputCache::expected_output(const Task& task, const fs::path& input,
                                     const TestCase* test) {
  if (test != nullptr && test->expected) {
    if (task.kind == TaskKind::Program) return *test->expected;
    const std::string expected = json_member(*test->expected, "expected");
    const fs::path final_path = sharded(root_, "expected", sha1_hex(expected), ".json");
    if (fs::is_regular_file(final_path)) return final_path;
    const fs::path tmp = temp_in(final_path.parent_path());
    write_file(tmp, expected);
    publish(tmp, final_path);
    return final_path;
  }
  const Reference& ref = task.best_reference();
  const fs::path final_path = reference_output_path(task, input);
  if (fs::is_regular_file(final_path)) return final_path;
  const std::string who = fmt::format("{}: {}", task.id, ref.file.string());
  const BuildResult b = prepare(task, builder_, ref.language, read_file(ref.file));
  if (!b.ok) fail_input(who + ": does not build: " + printable(first_lines(b.diagnostics, 1), 300));
  fs::create_directories(final_path.parent_path());
  Execution ex = execute(b.runnable, input, exec_options_for(task), final_path.parent_path());
  if (ex.result.verdict != sandbox::Verdict::OK || ex.result.exit_code != 0) {
    std::error_code ec;
    fs::remove(ex.stdout_file, ec);
    fail_input(fmt::format("{}: the best reference fails on {}: {}", who, input.string(),
                           what_failed(ex)));
  }
  publish(ex.stdout_file, final_path);
  return final_path;
}

fs::path InputCache::reference_output_path(const Task& task, const fs::path& input) const {
  const Reference& ref = task.best_reference();
  Hasher h;
  h.add("perfjudge-expected-v1").add(ref.language).add_file(ref.file).add(to_string(task.kind));
  h.add(task.entry_point).add(sha1_file(input));
  return sharded(root_, "expected", h.hex(), ".out");
}

void InputCache::prime_expected(const Task& task, const std::vector<fs::path>& inputs,
                                const fs::path& scratch) {
  if (task.kind != TaskKind::Function) return;
  std::vector<fs::path> missing, targets;
  for (const fs::path& in : inputs) {
    fs::path p = reference_output_path(task, in);
    if (fs::is_regular_file(p)) continue;
    missing.push_back(in);
    targets.push_back(std::move(p));
  }
  if (missing.size() < 2) return;  // expected_output's own run is as cheap
  const Reference& ref = task.best_reference();
  const BuildResult b = prepare(task, builder_, ref.language, read_file(ref.file));
  if (!b.ok) return;  // expected_output reports it, input by input
  const sandbox::Result r =
      run_calls(b.runnable, missing, exec_options_for(task), task.limits.cpu_seconds, scratch);
  for (std::size_t i = 0; i < r.calls.size() && i < missing.size(); ++i) {
    const CallResult res = call_result(r.calls[i]);
    if (res.kind != CallResult::Returned) continue;  // expected_output says why, on its own run
    fs::create_directories(targets[i].parent_path());
    const fs::path tmp = temp_in(targets[i].parent_path());
    write_file(tmp, res.text + "\n");
    publish(tmp, targets[i]);
  }
}

}  // namespace pj::harness
