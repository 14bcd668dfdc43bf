// The stress phase of function tasks: one sandboxed session per (program, level). The session
// driver (share/driver/function_session.py) imports the program once and forks one process
// per call from that state; the supervisor reads the tree's task-clock (and perf counters
// where a PMU exists) at each call's marks (sandbox.hpp, "CallPlan"). So the interpreter's
// start-up is paid once per session, not once per call, and no call sees another's state.
//
// Contenders run one after the other: references first (their calls give the per-call time
// limit of everyone else), then samples, then the baseline session, which does everything the
// driver does except import and call a candidate. A call's cost is its inner window net of
// the baseline's inner window on the same input; everything outside the inner windows (the
// fork, decoding, reaping, the gaps between calls) must stay within the baseline's own, or the
// sample fails: that is where a candidate would hide work.
#include "harness/function_stress.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <unordered_map>

#include "core/error.hpp"
#include "core/file.hpp"
#include "core/hash.hpp"
#include "core/text.hpp"
#include "harness/checker.hpp"
#include "harness/run.hpp"
#include "metrics/metrics.hpp"

namespace fs = std::filesystem;

namespace pj::harness {

namespace {

// check_hidden_work's allowance: kSessionSlackNs, plus kPerCallSlackNs per call, plus half the
// calls' own CPU. kSlackNs: the absolute part of the carried-state rule.
constexpr double kSessionSlackNs = 50e6;
constexpr double kPerCallSlackNs = 5e6;
constexpr double kSlackNs = 2e6;
// The baseline session's rounds over the level's inputs, whatever --warmup and --repeats say:
// it only measures the driver's own window (decoding the input, encoding None), which does not
// vary like a candidate's work, and it was a third of all calls at ENAMEL's 6 repeats.
constexpr int kBaselineRounds = 3;

struct Session {
  store::ProgramInfo info;
  Runnable runnable;
  bool reference = false;
  bool baseline = false;
  std::string verdict = "OK";
  bool censored = false;
  std::string message;
  sandbox::Result result;
  std::vector<std::vector<store::ExecutionRow>> measured;  // per seed index
};

struct LevelPlan {
  const Task* task = nullptr;
  int level = 0;
  std::vector<std::uint64_t> seeds;
  std::vector<fs::path> inputs, expected;
  int warmup = 0, repeats = 1;
  std::size_t calls() const { return seeds.size() * static_cast<std::size_t>(warmup + repeats); }
  std::size_t seed_of(std::size_t call) const { return call % seeds.size(); }
  int round_of(std::size_t call) const { return static_cast<int>(call / seeds.size()); }
};

}  // namespace

sandbox::Result run_session(const Runnable& r, const ExecOptions& eo, sandbox::CallPlan plan,
                            double load_cpu_s, const fs::path& scratch) {
  sandbox::Config cfg;
  cfg.argv = session_argv(r);
  cfg.bind_ro = r.bind_ro;
  cfg.env = r.env;
  cfg.limits.cpu_seconds = load_cpu_s + plan.call_cpu_seconds * static_cast<double>(plan.calls());
  cfg.limits.memory_mib = eo.memory_mib;
  cfg.limits.output_mib = eo.output_mib;
  cfg.counters = eo.counters;
  cfg.backend = sandbox::CounterBackend::Perf;
  cfg.pin_cpu = eo.pin_cpu;
  cfg.sample_memory = false;
  cfg.read_only_scratch = true;
  const fs::path err = scratch / "session.err";
  cfg.stderr_path = err;
  cfg.calls = std::move(plan);
  sandbox::Result res = sandbox::run(cfg);
  if (res.verdict == sandbox::Verdict::OK && res.exit_code == 0) return res;
  const std::string head = first_lines(read_head(err, 8192), 20);
  if (!head.empty()) res.message += (res.message.empty() ? "" : ": ") + head;
  return res;
}

sandbox::Result run_calls(const Runnable& program, const std::vector<fs::path>& inputs,
                          const ExecOptions& eo, double call_cpu_s, const fs::path& scratch) {
  sandbox::CallPlan plan;
  plan.call_cpu_seconds = call_cpu_s;
  for (const fs::path& in : inputs) plan.requests.push_back(read_file(in));
  return run_session(program, eo, std::move(plan), call_cpu_s, scratch);
}

CallResult call_result(const sandbox::CallRecord& c) {
  if (!c.complete || c.output.empty()) return {CallResult::Died, "the call's process died"};
  const std::string body = c.output.substr(1);
  switch (c.output[0]) {
    case 0:
      return {CallResult::Returned, body};
    case 1:
      return {CallResult::Raised, body};
    default:
      return {CallResult::BadInput, body};
  }
}

CheckOutcome check_call(const Task& task, Builder& builder, const fs::path& input,
                        const fs::path& expected, const std::string& result,
                        const fs::path& scratch) {
  // The expected value's own encoding: equal values, accepted without running the checker
  // (ENAMEL's is a sandboxed Python program per output).
  if (read_head(expected, result.size() + 2) == result + "\n") return {CheckVerdict::Accepted, {}};
  const fs::path out = scratch / "call.out";
  write_file(out, result + "\n");
  return check_output(task, builder, input, expected, out);
}

namespace {

sandbox::CallPlan call_plan(const LevelPlan& lp, double call_cpu_s) {
  sandbox::CallPlan plan;
  plan.call_cpu_seconds = call_cpu_s;
  for (const fs::path& in : lp.inputs) plan.requests.push_back(read_file(in));
  for (std::size_t k = 0; k < lp.calls(); ++k) plan.order.push_back(lp.seed_of(k));
  return plan;
}

std::string fail_session(Session& s, std::string verdict, std::string message) {
  s.verdict = std::move(verdict);
  s.message = printable(message, 1000);
  return s.verdict;
}

// Checks every call's output (each distinct output once per input) and turns the calls into
// stored rows. Returns the session's verdict.
std::string judge_calls(Session& s, const LevelPlan& lp, Builder& builder,
                        const fs::path& scratch) {
  const sandbox::Result& r = s.result;
  if (r.verdict != sandbox::Verdict::OK) {
    s.censored = is_censoring(r.verdict);
    return fail_session(s, std::string(sandbox::to_string(r.verdict)), r.message);
  }
  if (r.exit_code != 0 || r.calls.size() != lp.calls()) {
    return fail_session(s, "RE",
                        fmt::format("the driver ended after {} of {} calls{}", r.calls.size(),
                                    lp.calls(), r.message.empty() ? "" : ": " + r.message));
  }
  s.measured.assign(lp.seeds.size(), {});
  std::map<std::pair<std::size_t, std::string>, bool> checked;
  for (std::size_t k = 0; k < r.calls.size(); ++k) {
    const sandbox::CallRecord& c = r.calls[k];
    const std::size_t si = lp.seed_of(k);
    const std::string where = fmt::format("level {} seed {}", lp.level, lp.seeds[si]);
    const CallResult res = call_result(c);
    if (res.kind == CallResult::Died || res.kind == CallResult::Raised)
      return fail_session(s, "RE", where + ": " + res.text);
    if (res.kind == CallResult::BadInput)
      fail_input(fmt::format("task {} {}: {}", lp.task->id, where, res.text));
    const std::string& body = res.text;
    if (!s.baseline) {
      const auto key = std::make_pair(si, sha1_hex(body));
      if (!checked.count(key)) {
        const CheckOutcome chk =
            check_call(*lp.task, builder, lp.inputs[si], lp.expected[si], body, scratch);
        if (chk.verdict != CheckVerdict::Accepted) {
          return fail_session(s, chk.verdict == CheckVerdict::WrongAnswer ? "WA" : "IE",
                              fmt::format("{}, call {}: {}", where, k, chk.message));
        }
        checked[key] = true;
      }
    }
    if (!c.cpu_ns) return fail_session(s, "IE", "the task-clock could not be read per call");
    const int round = lp.round_of(k);
    if (round < lp.warmup) continue;
    store::ExecutionRow row;
    row.program_id = s.info.id;
    row.phase = "stress";
    row.verdict = "OK";
    row.test_name = fmt::format("level{}-seed{}", lp.level, lp.seeds[si]);
    row.level = lp.level;
    row.seed = static_cast<std::int64_t>(lp.seeds[si]);
    row.repeat = round - lp.warmup;
    row.exit_code = 0;
    row.wall_ns = static_cast<std::int64_t>(c.wall_ns);
    row.cpu_user_ns = static_cast<std::int64_t>(*c.cpu_ns);
    row.max_rss_kib = static_cast<std::int64_t>(r.max_rss_kib);
    row.stdout_bytes = static_cast<std::int64_t>(body.size());
    for (const auto& [name, v] : c.counters) row.counters.push_back({name, v, "perf", {}, {}});
    s.measured[si].push_back(std::move(row));
  }
  return s.verdict;
}

std::uint64_t outside_ns(const sandbox::CallRecord& c) {
  return c.outer_cpu_ns.value_or(0) - std::min(c.outer_cpu_ns.value_or(0), c.cpu_ns.value_or(0));
}

// The largest overhead the baseline needed per input, its largest gap and its tail.
struct Allowance {
  std::vector<double> overhead_ns;
  double gap_ns = 0, tail_ns = 0;
};

Allowance allowance_of(const Session& base, const LevelPlan& lp) {
  Allowance a;
  a.overhead_ns.assign(lp.seeds.size(), 0);
  for (std::size_t k = 0; k < base.result.calls.size(); ++k) {
    const auto& c = base.result.calls[k];
    double& o = a.overhead_ns[lp.seed_of(k)];
    o = std::max(o, static_cast<double>(outside_ns(c)));
    a.gap_ns = std::max(a.gap_ns, static_cast<double>(c.gap_cpu_ns.value_or(0)));
  }
  a.tail_ns = static_cast<double>(base.result.tail_cpu_ns.value_or(0));
  return a;
}

// CPU a session spent outside its calls' windows beyond what the baseline needs. Outside a
// window no code holds a call's input, and nothing done there can change an answer already
// sent (function_session.py), so such work cannot make a call look cheaper; this rule keeps a
// candidate from burning CPU there unseen (a busy thread, a slow exit). The allowance is
// generous: forking and reaping a Python process costs a few ms, and on a loaded virtual
// machine one such figure can be several times another's with nothing hidden.
void check_hidden_work(Session& s, const LevelPlan& lp, const Allowance& a) {
  double excess = 0, inner_total = 0;
  for (std::size_t k = 0; k < s.result.calls.size(); ++k) {
    const auto& c = s.result.calls[k];
    inner_total += static_cast<double>(c.cpu_ns.value_or(0));
    excess += std::max(0.0, static_cast<double>(outside_ns(c)) - a.overhead_ns[lp.seed_of(k)]);
    if (k > 0) excess += std::max(0.0, static_cast<double>(c.gap_cpu_ns.value_or(0)) - a.gap_ns);
  }
  excess += std::max(0.0, static_cast<double>(s.result.tail_cpu_ns.value_or(0)) - a.tail_ns);
  const double n = static_cast<double>(s.result.calls.size());
  const double allowed = kSessionSlackNs + n * kPerCallSlackNs + 0.5 * inner_total;
  if (excess > allowed) {
    fail_session(s, "SECURITY",
                 fmt::format("work hidden outside the measured calls: {:.1f} ms of CPU beyond "
                             "the driver's own around and between the {} calls of level {} "
                             "(allowed: {:.1f} ms)",
                             excess / 1e6, s.result.calls.size(), lp.level, allowed / 1e6));
  }
}

// Every call starts from the same loaded state, so repeats of one input cost alike. A first
// call far dearer than the later ones on the same input means the later ones found its work
// done: state carried between calls through some channel the fork does not cut.
void check_carried_state(Session& s, const LevelPlan& lp) {
  for (std::size_t si = 0; si < lp.seeds.size() && s.verdict == "OK"; ++si) {
    std::optional<double> first;
    std::vector<double> later;
    for (std::size_t k = si; k < s.result.calls.size(); k += lp.seeds.size()) {
      const double cpu = static_cast<double>(s.result.calls[k].cpu_ns.value_or(0));
      if (!first)
        first = cpu;
      else
        later.push_back(cpu);
    }
    if (later.empty()) continue;
    std::nth_element(later.begin(), later.begin() + later.size() / 2, later.end());
    const double typical = later[later.size() / 2];
    if (*first > 4 * typical + kSlackNs) {
      fail_session(s, "SECURITY",
                   fmt::format("state carried between calls: the first call on level {} seed {} "
                               "took {:.2f} ms of CPU, the later ones {:.2f} ms",
                               lp.level, lp.seeds[si], *first / 1e6, typical / 1e6));
    }
  }
}

}  // namespace

std::vector<std::string> session_argv(const Runnable& one_call) {
  std::vector<std::string> argv = one_call.argv;
  for (std::string& a : argv) {
    const fs::path p(a);
    if (p.filename() == "function_driver.py") {
      a = (p.parent_path() / "function_session.py").string();
      return argv;
    }
  }
  fail_internal("not a function-task driver command: " + printable(argv.front()));
}

StressOutcome measure_function_level(const FunctionLevelInput& in) {
  const Task& task = *in.task;
  LevelPlan lp;
  lp.task = &task;
  lp.level = in.level;
  lp.seeds = in.seeds;
  lp.warmup = in.warmup;
  lp.repeats = in.repeats;
  for (std::uint64_t seed : lp.seeds)
    lp.inputs.push_back(in.inputs.stress_input(task, in.level, seed));
  in.inputs.prime_expected(task, lp.inputs, in.scratch);
  for (const fs::path& input : lp.inputs)
    lp.expected.push_back(in.inputs.expected_output(task, input));

  LevelPlan base_lp = lp;
  base_lp.warmup = 0;
  base_lp.repeats = std::min(lp.warmup + lp.repeats, kBaselineRounds);

  std::vector<Session> all;
  for (const auto& c : in.contenders) {
    Session s;
    s.info = c.info;
    s.runnable = c.runnable;
    s.reference = c.info.role == "reference";
    s.baseline = c.info.role == "baseline";
    if (!c.built) fail_session(s, "IE", "the program no longer builds");
    all.push_back(std::move(s));
  }
  std::stable_partition(all.begin(), all.end(), [](const Session& s) { return s.reference; });

  const double cap = task.limits.cpu_seconds * in.timeout_scale;
  double call_limit = cap;
  bool limit_set = false;
  std::optional<double> slowest;
  for (Session& s : all) {
    if (in.stop) return {};
    if (s.verdict != "OK") continue;
    if (!s.reference && !limit_set) {
      call_limit = slowest ? stress_time_limit(*slowest, task.limits.alpha, task.limits.cpu_seconds,
                                               in.timeout_scale)
                           : cap;
      limit_set = true;
    }
    const LevelPlan& plan = s.baseline ? base_lp : lp;
    s.result = run_session(s.runnable, in.exec, call_plan(plan, call_limit), cap, in.scratch);
    judge_calls(s, plan, in.builder, in.scratch);
    if (s.reference && s.verdict == "OK") {
      for (const auto& c : s.result.calls)
        slowest = std::max(slowest.value_or(0.0), static_cast<double>(*c.outer_cpu_ns) / 1e9);
    }
  }

  const Session* base = nullptr;
  for (const Session& s : all)
    if (s.baseline) base = &s;
  if (base && base->verdict != "OK") {
    in.warn(fmt::format(
        "perfjudge: warning: task {} level {}: the baseline failed ({}: {}); costs are stored "
        "gross and hidden work is not checked",
        task.id, lp.level, base->verdict, base->message));
    base = nullptr;
  }
  if (base) {
    const Allowance a = allowance_of(*base, base_lp);
    for (Session& s : all)
      if (!s.baseline && s.verdict == "OK") check_hidden_work(s, lp, a);
  }
  for (Session& s : all)
    if (!s.baseline && s.verdict == "OK") check_carried_state(s, lp);

  StressOutcome out;
  for (const Session& s : all) {
    for (std::size_t si = 0; si < lp.seeds.size(); ++si) {
      const std::vector<store::ExecutionRow> none;
      const auto& rows = s.verdict == "OK" ? s.measured[si] : none;
      const std::vector<store::ExecutionRow>* base_rows =
          base && !s.baseline ? &base->measured[si] : nullptr;
      store::StressResultRow row =
          summarise_rows(s.info.id, lp.level, lp.seeds[si], s.verdict, s.censored, rows, base_rows,
                         base_rows ? base->info.id : 0);
      if (s.verdict != "OK" && si == 0) {
        store::ExecutionRow failed;
        failed.program_id = s.info.id;
        failed.phase = "stress";
        failed.verdict = s.verdict;
        failed.test_name = fmt::format("level{}-seed{}", lp.level, lp.seeds[si]);
        failed.level = lp.level;
        failed.seed = static_cast<std::int64_t>(lp.seeds[si]);
        failed.repeat = 0;
        failed.message = s.message;
        out.executions.push_back(std::move(failed));
      }
      out.summaries.push_back(std::move(row));
      for (const auto& r : rows) out.executions.push_back(r);
    }
  }
  return out;
}

}  // namespace pj::harness
