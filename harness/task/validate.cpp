#include "harness/task/validate.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <fstream>
#include <limits>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <thread>

#include "core/error.hpp"
#include "core/file.hpp"
#include "core/temp_dir.hpp"
#include "core/text.hpp"
#include "core/version.hpp"
#include "harness/task/checker.hpp"
#include "harness/task/execute.hpp"
#include "harness/task/function_stress.hpp"
#include "harness/task/stress_summary.hpp"
#include "metrics/metrics.hpp"

namespace pj::harness {

namespace fs = std::filesystem;

namespace {

// A run that did not end OK, as one line: its verdict, a non-zero exit code and the first line
// of what it said (its stderr or the sandbox's message).
std::string failure_text(const sandbox::Result& res, const std::string& said) {
  return fmt::format(
      "{}{} {}", sandbox::to_string(res.verdict),
      res.exit_code && *res.exit_code != 0 ? fmt::format(" (exit code {})", *res.exit_code) : "",
      printable(first_lines(said, 1), 300));
}

// Everything validate_task needs while it works through one task.
class TaskCheck {
 public:
  TaskCheck(const Task& task, const ValidateOptions& opt, Cost cost, Builder& builder,
            InputCache& inputs)
      : task_(task), opt_(opt), cost_(cost), builder_(builder), inputs_(inputs) {
    out_.task_id = task.id;
  }

  TaskValidation run() {
    build_references();
    check_fixed_inputs();
    if (!check_generator()) return out_;
    check_tests();
    check_stress();
    check_ladder();
    return out_;
  }

 private:
  struct Ref {
    const Reference* ref;
    BuildResult build;
    bool failed = false;  // reported once; not run again
    double cost = 0;      // summed over the largest level's seeds
    bool measured = true;
  };
  // One input a function task's reference is called on, and the answer it must give.
  struct Call {
    fs::path input, expected;
    std::string where;
    bool expected_from_best = false;
  };

  std::string rel(const fs::path& p) const { return fs::relative(p, task_.dir).string(); }
  void error(const fs::path& file, const std::string& what) {
    out_.errors.push_back(
        fmt::format("{}: {}: {}", task_.id, (task_.dir / rel(file)).string(), what));
  }
  void fail(Ref& r, const std::string& what) {
    error(r.ref->file, what);
    r.failed = true;
  }
  // Runs a pj::Error-throwing step; its message (already "TASK: FILE: what") becomes an error.
  template <typename F>
  bool attempt(F&& f) {
    try {
      f();
      return true;
    } catch (const Error& e) {
      out_.errors.push_back(e.what());
      return false;
    }
  }

  void build_references() {
    for (const auto& ref : task_.references) {
      Ref r{&ref, {}};
      attempt([&] { r.build = prepare(task_, builder_, ref.language, read_file(ref.file)); });
      if (!r.build.ok) {
        fail(r, "does not build: " + printable(first_lines(r.build.diagnostics, 2), 400));
      }
      refs_.push_back(std::move(r));
    }
  }

  std::vector<std::uint64_t> seeds_of(const StressLevel& l) const {
    if (opt_.quick && !l.seeds.empty()) return {l.seeds.front()};
    return l.seeds;
  }

  // Determinism: every selected (level, seed) and every generated test is generated twice, in
  // two batches of the whole task in opposite orders, and compared byte for byte. The tests are
  // then in the cache, where check_tests reads them.
  bool check_generator() {
    if (task_.generator.empty()) return true;
    std::vector<GenRun> runs;
    for (const TestCase& t : task_.tests)
      if (t.gen_seed) runs.push_back({&t.gen_args, *t.gen_seed});
    for (const auto& l : task_.levels) {
      if (l.fixed()) continue;  // nothing generated: nothing to be deterministic
      for (auto seed : seeds_of(l)) runs.push_back({&l.args, seed});
    }
    return attempt([&] { inputs_.generate_verified(task_, runs); });
  }

  // Every file of every fixed level, --quick or not (reading them is cheap): not empty and,
  // for function tasks, a JSON argument list. The bad ones are then not run at all, so that
  // a broken input is blamed on itself rather than on every reference.
  void check_fixed_inputs() {
    for (const auto& l : task_.levels) {
      for (std::size_t i = 0; i < l.inputs.size(); ++i) {
        const fs::path& file = l.inputs[i];
        const std::string what = fixed_input_problem(file);
        if (what.empty()) continue;
        error(file, fmt::format("level {} seed {} (fixed input): {}", l.index, i + 1, what));
        bad_inputs_.insert(file);
      }
    }
  }

  std::string fixed_input_problem(const fs::path& file) const {
    std::string text;
    try {
      text = read_file(file);
    } catch (const Error& e) {
      return e.what();
    }
    if (text.find_first_not_of(" \t\r\n") == std::string::npos) return "the file is empty";
    if (!function_task()) return "";
    const auto j = nlohmann::json::parse(text, nullptr, false);
    if (j.is_discarded()) return "not JSON (a function task's input is a JSON argument list)";
    if (!j.is_array()) return "not a JSON argument list ([arg1, arg2, ...])";
    return "";
  }

  bool bad_input(const StressLevel& l, std::uint64_t seed) const {
    return l.fixed() && bad_inputs_.count(l.input_file(seed)) > 0;
  }

  ExecOptions options(bool measure) const {
    ExecOptions o = exec_options_for(task_);
    if (measure && cost_ == Cost::Instructions) o.counters = {"instructions"};
    return o;
  }

  std::optional<double> cost_of(const Execution& ex) const {
    if (cost_ == Cost::CpuTime) {
      return static_cast<double>(ex.result.cpu_user_ns + ex.result.cpu_sys_ns) / 1e9;
    }
    if (cost_ == Cost::WallTime) return static_cast<double>(ex.result.wall_ns) / 1e9;
    auto it = ex.result.counters.find("instructions");
    if (it == ex.result.counters.end()) return std::nullopt;
    return it->second.value;
  }

  // Runs `r` on `input` and checks its output; returns the execution when it passed.
  std::optional<Execution> run_checked(Ref& r, const fs::path& input, const fs::path& expected,
                                       const std::string& where, bool measure) {
    Execution ex = execute(r.build.runnable, input, options(measure), scratch_.path());
    const auto& res = ex.result;
    if (res.verdict != sandbox::Verdict::OK || res.exit_code != 0) {
      fail(r, fmt::format("{}: {}", where, failure_text(res, ex.stderr_head)));
      return std::nullopt;
    }
    const CheckOutcome c = check_output(task_, builder_, input, expected, ex.stdout_file);
    if (c.verdict == CheckVerdict::CheckerError) {
      error(task_.checker.file.empty() ? task_.manifest : task_.checker.file,
            fmt::format("{}: checker error: {}", where, c.message));
      r.failed = true;
      return std::nullopt;
    }
    if (c.verdict != CheckVerdict::Accepted) {
      fail(r, fmt::format("{}: wrong answer: {}", where, c.message));
      return std::nullopt;
    }
    return ex;
  }

  bool function_task() const { return task_.kind == TaskKind::Function; }
  bool is_best(const Ref& r) const { return r.ref == &task_.best_reference(); }
  bool best_failed() const {
    return std::any_of(refs_.begin(), refs_.end(),
                       [&](const Ref& r) { return is_best(r) && r.failed; });
  }

  // The best reference produced `expected` itself: running it again proves nothing, but the
  // checker must still accept that answer.
  void check_own_answer(Ref& r, const fs::path& input, const fs::path& expected,
                        const std::string& where) {
    const CheckOutcome c = check_output(task_, builder_, input, expected, expected);
    if (c.verdict == CheckVerdict::Accepted) return;
    error(task_.checker.file.empty() ? r.ref->file : task_.checker.file,
          fmt::format("{}: the checker rejects the best reference's own answer: {}", where,
                      c.message));
    r.failed = true;
  }

  void check_input(const fs::path& input, const fs::path& expected, const std::string& where,
                   bool expected_from_best) {
    if (function_task()) {
      calls_.push_back({input, expected, where, expected_from_best});
      return;
    }
    // A failed best reference is already reported; its answers blame nobody else.
    if (expected_from_best && best_failed()) return;
    for (auto& r : refs_) {
      if (r.failed) continue;
      if (expected_from_best && is_best(r)) {
        check_own_answer(r, input, expected, where);
      } else {
        run_checked(r, input, expected, where, false);
      }
    }
  }

  // Whether the ladder compares r with anything: another reference of its language.
  bool has_rival(const Ref& r) const {
    return std::count_if(refs_.begin(), refs_.end(),
                         [&](const Ref& o) { return o.ref->language == r.ref->language; }) > 1;
  }

  void check_tests() {
    prime_expected();
    for (const auto& test : task_.tests) {
      fs::path input, expected;
      if (!attempt([&] {
            input = inputs_.test_input(task_, test);
            expected = inputs_.expected_output(task_, input, &test);
          })) {
        continue;
      }
      check_input(input, expected, "test " + test.name, !test.expected.has_value());
    }
  }

  // A stress input as the user can rebuild it: level, seed, generator arguments and the
  // `tasks gen` command (the cache file it lives in means nothing to them).
  std::string stress_where(const StressLevel& l, std::uint64_t seed) const {
    if (l.fixed()) {
      return fmt::format("level {} seed {} (fixed input {})", l.index, seed,
                         rel(l.input_file(seed)));
    }
    return fmt::format(
        "level {} seed {} (generator args [{}]; input: perfjudge tasks gen {} --level {} --seed "
        "{} --tasks {})",
        l.index, seed, fmt::join(l.args, " "), task_.id, l.index, seed,
        task_.dir.parent_path().string());
  }

  // The best reference's answer on a stress input, or empty when it failed: then the best
  // reference is reported as failing there, and nobody's cost on that level means anything.
  std::optional<fs::path> stress_expected(const fs::path& input, const std::string& where,
                                          bool last_level) {
    try {
      return inputs_.expected_output(task_, input);
    } catch (const Error& e) {
      if (e.kind() != ErrorKind::Input) throw;
      std::string why = e.what();
      const std::string marker = "fails on " + input.string() + ": ";
      const auto at = why.find(marker);
      why = at == std::string::npos ? why : why.substr(at + marker.size());
      for (auto& r : refs_) {
        if (is_best(r) && !r.failed) fail(r, fmt::format("{}: fails: {}", where, why));
        if (last_level) r.measured = false;
      }
      return std::nullopt;
    }
  }

  void check_stress() {
    const std::size_t last = task_.levels.empty() ? 0 : task_.levels.size() - 1;
    std::vector<Call> largest;
    for (const auto& l : task_.levels) {
      for (auto seed : seeds_of(l)) {
        const bool last_level = static_cast<std::size_t>(l.index) == last;
        if (bad_input(l, seed)) {  // reported by check_fixed_inputs; the ladder lacks it
          if (last_level)
            for (auto& r : refs_) r.measured = false;
          continue;
        }
        const std::string where = stress_where(l, seed);
        fs::path input;
        if (!attempt([&] { input = inputs_.stress_input(task_, l.index, seed); })) continue;
        const auto got = stress_expected(input, where, last_level);
        if (!got) continue;
        if (last_level) {
          largest.push_back({input, *got, where, true});
        } else {
          check_input(input, *got, where, true);
        }
      }
    }
    check_calls();
    if (function_task() && cost_ != Cost::Instructions) {
      measure_calls(largest);
      return;
    }
    for (const Call& c : largest) measure_input(c.input, c.expected, c.where);
  }

  // Function tasks: each reference's correctness calls (the tests, the smaller levels) in one
  // session of its own, as `run` judges programs; a process per call would pay the
  // interpreter's start-up for each. The best reference made the expected outputs, so it is
  // not run again: the checker's acceptance of its answers is checked on the first one and on
  // the largest level's (measure_calls), since `run` accepts an answer equal to the expected
  // one without the checker.
  void check_calls() {
    if (calls_.empty()) return;
    for (auto& r : refs_) {
      if (r.failed) continue;
      // A failed best reference is already reported; its answers blame nobody else (it may
      // fail on a test with an expected answer of its own, in this loop).
      const bool best_ok = !best_failed();
      std::vector<Call> mine;
      for (const Call& c : calls_)
        if (!(c.expected_from_best && (!best_ok || is_best(r)))) mine.push_back(c);
      if (is_best(r)) {
        const auto own = std::find_if(calls_.begin(), calls_.end(),
                                      [](const Call& c) { return c.expected_from_best; });
        if (own != calls_.end() && best_ok)
          check_own_answer(r, own->input, own->expected, own->where);
      }
      if (!mine.empty()) session_costs(&r, r.build.runnable, mine, 1, false);
    }
    calls_.clear();
  }

  // Function tasks, the largest level: each reference's calls and the baseline driver's (which
  // calls nothing) in one session each, every input kStartupRuns times; a call's cost is its
  // window's, net of the baseline's on the same input, as in `run`.
  void measure_calls(const std::vector<Call>& largest) {
    if (best_failed() || largest.empty()) return;
    std::optional<std::vector<std::vector<double>>> base;
    const double at_least = 1e-6;
    for (auto& r : refs_) {
      if (r.failed) continue;
      if (is_best(r))
        check_own_answer(r, largest.front().input, largest.front().expected, largest.front().where);
      if (r.failed || (is_best(r) && !has_rival(r))) {
        r.measured = false;
        continue;
      }
      if (!base) base = baseline_costs(largest);
      const auto costs = session_costs(&r, r.build.runnable, largest, kStartupRuns, true);
      if (!costs) continue;
      for (std::size_t i = 0; i < largest.size(); ++i) {
        const double gross = metrics::hodges_lehmann((*costs)[i]);
        r.cost += base->empty()
                      ? gross
                      : net_cost(gross, metrics::hodges_lehmann((*base)[i]), (*base)[i], at_least);
      }
    }
    if (base && !base->empty()) {
      double total = 0;
      for (const auto& runs : *base) total += metrics::hodges_lehmann(runs);
      startup_[refs_.front().ref->language].total += total;
    }
  }

  // The baseline driver's costs per input, or empty (costs stay gross) when it cannot run.
  std::vector<std::vector<double>> baseline_costs(const std::vector<Call>& largest) {
    Runnable base;
    if (!attempt([&] { base = baseline_runnable(task_, builder_); })) return {};
    return session_costs(nullptr, base, largest, kStartupRuns, true)
        .value_or(std::vector<std::vector<double>>{});
  }

  double call_cost(const sandbox::CallRecord& c) const {
    if (cost_ == Cost::WallTime) return static_cast<double>(c.wall_ns) / 1e9;
    return static_cast<double>(c.cpu_ns.value_or(0)) / 1e9;
  }

  // One session of `program` calling every item `times` times (all items, then all again).
  // Returns each item's call costs when `measure`. With a reference `r`, every distinct output
  // is checked against its item's expected one, and the first failure fails `r` (nullopt);
  // without one (the baseline driver), a failure is the task's error.
  std::optional<std::vector<std::vector<double>>> session_costs(Ref* r, const Runnable& program,
                                                                const std::vector<Call>& items,
                                                                int times, bool measure) {
    sandbox::CallPlan plan;
    plan.call_cpu_seconds = task_.limits.cpu_seconds;
    for (const Call& c : items) plan.requests.push_back(read_file(c.input));
    for (int t = 0; t < times; ++t)
      for (std::size_t i = 0; i < items.size(); ++i) plan.order.push_back(i);
    const std::size_t total = plan.calls();
    const sandbox::Result res = run_session(program, options(measure), std::move(plan),
                                            task_.limits.cpu_seconds, scratch_.path());
    const auto failed = [&](const std::string& where, const std::string& what) {
      if (r) {
        fail(*r, fmt::format("{}: {}", where, what));
      } else {
        error(task_.manifest, fmt::format("{}: the baseline driver failed: {}", where, what));
      }
      return std::nullopt;
    };
    std::vector<std::vector<double>> costs(items.size());
    std::vector<std::string> accepted(items.size());
    for (std::size_t k = 0; k < res.calls.size(); ++k) {
      const std::size_t i = k % items.size();
      const CallResult got = call_result(res.calls[k]);
      if (got.kind == CallResult::Raised || got.kind == CallResult::Died)
        return failed(items[i].where, "RE " + last_line(got.text, 300));
      if (got.kind == CallResult::BadInput)
        return failed(items[i].where,
                      "the input is not an argument list: " + last_line(got.text, 300));
      if (r && got.text != accepted[i]) {
        const CheckOutcome c = check_call(task_, builder_, items[i].input, items[i].expected,
                                          got.text, scratch_.path());
        if (c.verdict == CheckVerdict::CheckerError) {
          error(task_.checker.file.empty() ? task_.manifest : task_.checker.file,
                fmt::format("{}: checker error: {}", items[i].where, c.message));
          r->failed = true;
          return std::nullopt;
        }
        if (c.verdict != CheckVerdict::Accepted)
          return failed(items[i].where, "wrong answer: " + c.message);
        accepted[i] = got.text;
      }
      if (measure) {
        if (!res.calls[k].cpu_ns) return failed(items[i].where, "the call's CPU time is unknown");
        costs[i].push_back(call_cost(res.calls[k]));
      }
    }
    if (res.calls.size() < total || res.verdict != sandbox::Verdict::OK || res.exit_code != 0) {
      const std::string& where = items[std::min(res.calls.size(), total - 1) % items.size()].where;
      return failed(where, failure_text(res, res.message));
    }
    return costs;
  }

  // Function tasks: the best reference's answers to every test and selected stress input, in
  // one session (what is missing of them; expected_output reports any it could not compute).
  void prime_expected() {
    if (!function_task()) return;
    std::vector<fs::path> inputs;
    attempt([&] {
      for (const auto& test : task_.tests)
        if (!test.expected) inputs.push_back(inputs_.test_input(task_, test));
      for (const auto& l : task_.levels)
        for (auto seed : seeds_of(l))
          if (!bad_input(l, seed)) inputs.push_back(inputs_.stress_input(task_, l.index, seed));
      inputs_.prime_expected(task_, inputs, scratch_.path());
    });
  }

  // What every run of `language` costs before the program's own work, on this input: the
  // function driver that calls nothing, or the language's empty program, run kStartupRuns
  // times (their spread floors the net costs, as in `run`). Built once per task.
  static constexpr int kStartupRuns = 3;
  std::vector<double> startup_costs(const std::string& language, const fs::path& input) {
    auto it = startup_.find(language);
    if (it == startup_.end()) {
      Runnable r;
      bool ok = true;
      if (task_.kind == TaskKind::Function) {
        r = baseline_runnable(task_, builder_);
      } else {
        const BuildResult b = prepare(task_, builder_, language, empty_program(language));
        ok = b.ok;
        r = b.runnable;
        if (!ok) {
          out_.errors.push_back(fmt::format("{}: {}: the empty {} program does not build: {}",
                                            task_.id, (share_dir() / "languages.toml").string(),
                                            language,
                                            printable(first_lines(b.diagnostics, 2), 400)));
        }
      }
      it = startup_.emplace(language, Startup{std::move(r), ok}).first;
    }
    std::vector<double> costs;
    for (int i = 0; i < kStartupRuns && it->second.ok; ++i) {
      const Execution ex = execute(it->second.runnable, input, options(true), scratch_.path());
      std::error_code ec;
      fs::remove(ex.stdout_file, ec);
      const auto c = ex.result.verdict == sandbox::Verdict::OK ? cost_of(ex) : std::nullopt;
      if (!c) return {};  // unmeasurable: the costs stay gross
      costs.push_back(*c);
    }
    return costs;
  }

  // The ladder compares costs net of each language's start-up, as `run` reports them: a fast
  // Python reference would otherwise be mostly interpreter start-up, and its ratio to the naive
  // one would shrink towards 1 as the machine's start-up grows.
  void measure_input(const fs::path& input, const fs::path& expected, const std::string& where) {
    if (best_failed()) return;
    std::map<std::string, std::vector<double>> base;  // by language: the start-up's runs
    for (const auto& r : refs_) {
      if (r.failed || (is_best(r) && !has_rival(r)) || base.count(r.ref->language)) continue;
      auto& runs = base[r.ref->language];
      runs = startup_costs(r.ref->language, input);
      if (!runs.empty()) startup_[r.ref->language].total += metrics::hodges_lehmann(runs);
    }
    const double at_least = cost_ == Cost::Instructions ? 1.0 : 1e-6;
    for (auto& r : refs_) {
      if (r.failed) continue;
      if (is_best(r) && !has_rival(r)) {
        check_own_answer(r, input, expected, where);
        r.measured = false;
        continue;
      }
      auto ex = run_checked(r, input, expected, where, true);
      if (!ex) continue;
      auto c = cost_of(*ex);
      if (!c) {
        r.measured = false;
        continue;
      }
      const auto& runs = base[r.ref->language];
      r.cost += runs.empty() ? *c : net_cost(*c, metrics::hodges_lehmann(runs), runs, at_least);
    }
  }

  void check_ladder() {
    if (task_.levels.empty()) return;
    std::vector<std::string> costs;
    for (const auto& r : refs_) {
      if (r.failed || !r.measured) continue;
      costs.push_back(fmt::format("{}={:.4g}", r.ref->name, r.cost));
    }
    if (costs.empty()) return;
    std::vector<std::string> startups, ratios;
    for (const auto& [language, st] : startup_) {
      startups.push_back(fmt::format("{}={:.4g}", language, st.total));
    }
    for (const auto& lo : refs_) {
      for (const auto& hi : refs_) {
        if (lo.ref->rank >= hi.ref->rank || lo.ref->language != hi.ref->language) continue;
        if (lo.failed || hi.failed || !lo.measured || !hi.measured || hi.cost <= 0) continue;
        ratios.push_back(
            fmt::format("{}/{}={:.3g}x", lo.ref->name, hi.ref->name, lo.cost / hi.cost));
      }
    }
    out_.notes.push_back(fmt::format(
        "{}: {} on level {}: {}; net of start-up: {}; ratios: {}", task_.id, to_string(cost_),
        task_.levels.back().index, fmt::join(costs, " "), fmt::join(startups, " "),
        ratios.empty() ? std::string("none") : fmt::format("{}", fmt::join(ratios, " "))));
    for (const auto& lo : refs_) {
      for (const auto& hi : refs_) {
        if (lo.ref->rank >= hi.ref->rank || lo.ref->language != hi.ref->language) continue;
        if (lo.failed || hi.failed || !lo.measured || !hi.measured) continue;
        if (lo.cost > hi.cost * opt_.min_ratio && lo.cost > hi.cost) continue;
        error(lo.ref->file,
              fmt::format("ladder: {} ({}) is not {}slower than {} ({}) on level {}: {} {:.4g} vs "
                          "{:.4g}",
                          lo.ref->name, lo.ref->level,
                          opt_.min_ratio > 1 ? fmt::format("{}x ", opt_.min_ratio) : "",
                          hi.ref->name, hi.ref->level, task_.levels.back().index, to_string(cost_),
                          lo.cost, hi.cost));
      }
    }
  }

  const Task& task_;
  const ValidateOptions& opt_;
  Cost cost_;
  Builder& builder_;
  InputCache& inputs_;
  TempDir scratch_{"perfjudge-validate"};
  std::vector<Ref> refs_;
  std::vector<Call> calls_;        // function tasks: the correctness calls check_calls runs
  std::set<fs::path> bad_inputs_;  // fixed stress inputs check_fixed_inputs rejected
  struct Startup {
    Runnable runnable;
    bool ok = true;
    double total = 0;  // summed over the measured inputs, for the note
  };
  std::map<std::string, Startup> startup_;  // by language
  TaskValidation out_;
};

}  // namespace

TaskValidation validate_task(const Task& task, const ValidateOptions& opt, Cost cost,
                             Builder& builder, InputCache& inputs) {
  return TaskCheck(task, opt, cost, builder, inputs).run();
}

ValidateReport validate_suite(const fs::path& root, const ValidateOptions& opt) {
  ValidateReport report;
  LoadReport loaded = load_suite(root);
  report.errors = loaded.errors;
  report.tasks = loaded.tasks.size();
  if (loaded.tasks.empty() && loaded.errors.empty()) {
    report.errors.push_back(fmt::format("{}: no task.toml found", root.string()));
  }
  const CostChoice choice = choose_cost_for_machine(opt.cost);
  report.cost = choice.cost;
  report.cost_note = choice.note;
  const fs::path cache = opt.cache_dir.empty() ? default_cache_dir() : opt.cache_dir;
  Builder builder(cache / "builds");
  InputCache inputs(cache / "inputs", builder);
  std::vector<TaskValidation> results(loaded.tasks.size());
  std::atomic<std::size_t> next{0};
  std::mutex progress_mu;
  auto worker = [&] {
    for (std::size_t i = next++; i < loaded.tasks.size(); i = next++) {
      try {
        results[i] = validate_task(loaded.tasks[i], opt, report.cost, builder, inputs);
      } catch (const std::exception& e) {  // one broken task must not hide the others
        results[i].task_id = loaded.tasks[i].id;
        results[i].errors.push_back(fmt::format("{}: {}: {}", loaded.tasks[i].id,
                                                loaded.tasks[i].manifest.string(), e.what()));
      }
      if (opt.progress) {
        std::lock_guard lock(progress_mu);
        opt.progress(
            fmt::format("{} {}", results[i].errors.empty() ? "ok  " : "FAIL", loaded.tasks[i].id));
      }
    }
  };
  const int jobs = std::max(1, std::min<int>(opt.jobs, static_cast<int>(loaded.tasks.size())));
  std::vector<std::jthread> pool;
  for (int j = 1; j < jobs; ++j) pool.emplace_back(worker);
  worker();
  pool.clear();  // joins
  for (auto& r : results) {
    report.errors.insert(report.errors.end(), r.errors.begin(), r.errors.end());
    report.notes.insert(report.notes.end(), r.notes.begin(), r.notes.end());
  }
  return report;
}

}  // namespace pj::harness
