// The stress phase of function tasks: one sandboxed session per (program, task), serving every
// level. The session driver (share/driver/function_session.py) imports the program once and
// forks one process per call from that state; the supervisor reads the tree's task-clock (and perf
// counters where a PMU exists) at each call's marks (sandbox.hpp, "CallPlan"). So the interpreter's
// start-up is paid once per session, not once per call, and no call sees another's state.
//
// Contenders run one after the other: references first (their calls give the per-call time
// limit of everyone else), then samples, then the baseline's session, which does everything the
// driver does except import and call a candidate. A call's cost is its inner window net of
// the baseline's inner window on the same input; everything outside the inner windows (the
// fork, decoding, reaping, the gaps between calls) must stay within the baseline's own, or the
// sample fails: that is where a candidate would hide work.
#include "harness/task/function_stress.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <unordered_map>

#include "core/error.hpp"
#include "core/file.hpp"
#include "core/text.hpp"
#include "harness/task/checker.hpp"
#include "harness/task/stress_summary.hpp"
#include "metrics/metrics.hpp"

namespace fs = std::filesystem;

namespace pj::harness {

namespace {

// check_hidden_work's allowance: kSessionSlackNs, plus per call kPerCallSlackNs and half the
// baseline's own CPU outside that input's window, plus half the calls' own CPU. kSlackNs: the
// absolute part of the carried-state rule.
constexpr double kSessionSlackNs = 50e6;
constexpr double kPerCallSlackNs = 5e6;
constexpr double kSlackNs = 2e6;
// The baseline's rounds over the level's inputs (spread over its sessions), whatever --warmup
// and --repeats say: it only measures the driver's own window (decoding the input, encoding
// None), which does not vary like a candidate's work, and it was a third of all calls at
// ENAMEL's 6 repeats.
constexpr int kBaselineRounds = 3;
// The most sessions a program's repeats are spread over (spread_repeats).
constexpr int kMaxPasses = 3;
// The driver's no-op calls in a program's own session: one for every two measured rounds.
int noop_rounds(int repeats) {
  return (repeats + 1) / 2;
}

struct Session {
  store::ProgramInfo info;
  Runnable runnable;
  bool reference = false;
  bool baseline = false;
  std::string verdict = "OK";
  bool censored = false;
  std::string message;
  std::vector<sandbox::Result> passes;  // one per session that served this level, in order
  std::vector<std::vector<store::ExecutionRow>> measured;  // per seed index
  std::vector<std::vector<store::ExecutionRow>> noops;     // per seed index: its no-op calls
};

struct LevelPlan {
  const Task* task = nullptr;
  int level = 0;
  std::vector<std::uint64_t> seeds;
  std::vector<fs::path> inputs, expected;
  int warmup = 0, repeats = 1;
  int first_repeat = 0;           // the repeat index of this pass's first measured round
  int noops = 0, first_noop = 0;  // this pass's no-op rounds and the index of its first
  std::vector<Round> rounds;      // in call order (lay_out)

  void lay_out() { rounds = lay_out_rounds(warmup + repeats, noops); }
  std::size_t calls() const { return seeds.size() * rounds.size(); }
  std::size_t seed_of(std::size_t call) const { return call % seeds.size(); }
  const Round& round_of(std::size_t call) const { return rounds.at(call / seeds.size()); }
};

}  // namespace

sandbox::Result run_session(const Runnable& r, const ExecOptions& eo, sandbox::CallPlan plan,
                            double load_cpu_s, const fs::path& scratch) {
  sandbox::Config cfg;
  r.configure(cfg);
  cfg.argv = session_argv(r);
  // The session's limits (and so its wall limit, 3 × CPU + 1 s: the only bound on a call that
  // sleeps) are the sum of its calls' own.
  double calls_cpu_s = 0;
  for (std::size_t k = 0; k < plan.calls(); ++k) calls_cpu_s += plan.call_limit(k);
  cfg.limits.cpu_seconds = load_cpu_s + calls_cpu_s;
  cfg.limits.memory_mib = eo.memory_mib;
  cfg.limits.output_mib = eo.output_mib;
  cfg.counters = eo.counters;
  cfg.backend = eo.backend;
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

void convert_requests(const Task& task, const Runnable& baseline, double call_cpu_s,
                      const fs::path& scratch, std::vector<std::vector<std::string>>& requests) {
  Runnable convert = baseline;
  convert.argv.push_back("--convert");
  sandbox::CallPlan plan;
  plan.call_cpu_seconds = call_cpu_s;
  std::size_t largest = 0;
  for (const auto& level : requests) {
    for (const std::string& r : level) {
      plan.requests.push_back(r);
      largest = std::max(largest, r.size());
    }
  }
  ExecOptions eo = exec_options_for(task);
  eo.output_mib = std::max<std::uint64_t>(eo.output_mib, 2 * (largest >> 20) + 1);
  const sandbox::Result r = run_session(convert, eo, std::move(plan), call_cpu_s, scratch);
  if (r.verdict != sandbox::Verdict::OK || r.exit_code != 0) return;
  std::size_t k = 0;
  for (auto& level : requests) {
    for (std::string& request : level) {
      if (k >= r.calls.size()) return;
      CallResult res = call_result(r.calls[k++]);
      // Returned and empty: this value has no faithful marshal.
      if (res.kind == CallResult::Returned && res.text.size() > 1 && res.text[0] == '\0')
        request = std::move(res.text);
    }
  }
}

CallResult call_result(const sandbox::CallRecord& c) {
  if (!c.complete || !c.output || c.output->empty())
    return {CallResult::Died, "the call's process died"};
  const std::string body = c.output->substr(1);
  switch ((*c.output)[0]) {
    case 0:
      return {CallResult::Returned, body};
    case 1:
      return {CallResult::Raised, body};
    case 3:
      return {CallResult::Disturbed, body};
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

std::string fail_session(Session& s, std::string verdict, std::string message) {
  s.verdict = std::move(verdict);
  s.message = printable(message, 1000);
  return s.verdict;
}

store::ExecutionRow call_row(const Session& s, const LevelPlan& lp, const sandbox::Result& r,
                             std::size_t k, const std::string& body) {
  const sandbox::CallRecord& c = r.calls[k];
  const std::size_t si = lp.seed_of(k);
  const Round& round = lp.round_of(k);
  store::ExecutionRow row;
  row.program_id = s.info.id;
  row.phase = round.noop ? "noop" : "stress";
  row.verdict = "OK";
  row.test_name = fmt::format("level{}-seed{}", lp.level, lp.seeds[si]);
  row.level = lp.level;
  row.seed = static_cast<std::int64_t>(lp.seeds[si]);
  row.repeat = round.noop ? lp.first_noop + round.index : lp.first_repeat + round.index - lp.warmup;
  row.session = static_cast<std::int64_t>(s.passes.size() - 1);
  row.exit_code = 0;
  row.wall_ns = static_cast<std::int64_t>(c.wall_ns);
  row.cpu_user_ns = static_cast<std::int64_t>(c.cpu_ns.value_or(0));
  row.max_rss_kib = static_cast<std::int64_t>(r.max_rss_kib);
  row.stdout_bytes = static_cast<std::int64_t>(body.size());
  for (const auto& [name, v] : c.counters) row.counters.push_back({name, v, "perf", {}, {}});
  if (c.encode_cpu_ns) {
    row.counters.push_back(
        {std::string(kEncodeCpuNs), static_cast<double>(*c.encode_cpu_ns), "call-channel", {}, {}});
    row.counters.push_back({std::string(kEncodeWallNs),
                            static_cast<double>(c.encode_wall_ns),
                            "call-channel",
                            {},
                            {}});
  }
  for (const auto& [name, v] : c.encode_counters)
    row.counters.push_back({std::string(kEncodePrefix) + name, v, "perf", {}, {}});
  return row;
}

// A no-op call runs only the driver's own code, after the input was decoded: anything but its
// fixed answer means the candidate reached into it (a thread it started while decoding).
bool noop_answered(const CallResult& res) {
  return res.kind == CallResult::Returned && res.text == "null";
}

// Checks every call's output of one pass (each distinct output once per input) and adds the
// calls to the stored rows. Returns the session's verdict.
std::string judge_calls(Session& s, const LevelPlan& lp, Builder& builder,
                        const fs::path& scratch) {
  const sandbox::Result& r = s.passes.back();
  if (r.verdict != sandbox::Verdict::OK) {
    s.censored = is_censoring(r.verdict);
    return fail_session(s, std::string(sandbox::to_string(r.verdict)), r.message);
  }
  if (r.exit_code != 0 || r.calls.size() != lp.calls()) {
    return fail_session(s, "RE",
                        fmt::format("the driver ended after {} of {} calls{}", r.calls.size(),
                                    lp.calls(), r.message.empty() ? "" : ": " + r.message));
  }
  if (s.measured.empty()) s.measured.assign(lp.seeds.size(), {});
  if (s.noops.empty()) s.noops.assign(lp.seeds.size(), {});
  // Per seed, the calls whose output was accepted: a repeat with the same output is accepted
  // by comparing the two (outputs can be megabytes, and most repeats repeat the first).
  std::vector<std::vector<std::size_t>> accepted(lp.seeds.size());
  for (std::size_t k = 0; k < r.calls.size(); ++k) {
    const sandbox::CallRecord& c = r.calls[k];
    const std::size_t si = lp.seed_of(k);
    const std::string where = fmt::format("level {} seed {}", lp.level, lp.seeds[si]);
    const CallResult res = call_result(c);
    if (res.kind == CallResult::Died || res.kind == CallResult::Raised)
      return fail_session(s, "RE", where + ": " + res.text);
    if (res.kind == CallResult::BadInput)
      fail_input(fmt::format("task {} {}: {}", lp.task->id, where, res.text));
    if (!c.cpu_ns) return fail_session(s, "IE", "the task-clock could not be read per call");
    if (lp.round_of(k).noop) {
      if (!noop_answered(res)) {
        return fail_session(s, "SECURITY",
                            fmt::format("{}: the driver's no-op call was disturbed: {}", where,
                                        res.kind == CallResult::Disturbed
                                            ? res.text
                                            : "it answered " + printable(res.text, 200)));
      }
      s.noops[si].push_back(call_row(s, lp, r, k, res.text));
      continue;
    }
    const std::string& body = res.text;
    // The channel shares one copy among a request's calls that answered alike.
    const auto same_output = [&](std::size_t j) { return r.calls[j].output == c.output; };
    if (!s.baseline && std::none_of(accepted[si].begin(), accepted[si].end(), same_output)) {
      const CheckOutcome chk =
          check_call(*lp.task, builder, lp.inputs[si], lp.expected[si], body, scratch);
      if (chk.verdict != CheckVerdict::Accepted) {
        return fail_session(s, chk.verdict == CheckVerdict::WrongAnswer ? "WA" : "IE",
                            fmt::format("{}, call {}: {}", where, k, chk.message));
      }
      accepted[si].push_back(k);
    }
    if (lp.round_of(k).index < lp.warmup) continue;
    s.measured[si].push_back(call_row(s, lp, r, k, body));
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
  for (const sandbox::Result& pass : base.passes) {
    for (std::size_t k = 0; k < pass.calls.size(); ++k) {
      const auto& c = pass.calls[k];
      double& o = a.overhead_ns[lp.seed_of(k)];
      o = std::max(o, static_cast<double>(outside_ns(c)));
      a.gap_ns = std::max(a.gap_ns, static_cast<double>(c.gap_cpu_ns.value_or(0)));
    }
    a.tail_ns = std::max(a.tail_ns, static_cast<double>(pass.tail_cpu_ns.value_or(0)));
  }
  return a;
}

// CPU a session spent outside its calls' windows beyond what the baseline needs. Outside a
// window no code holds a call's input, and nothing done there can change an answer already
// sent (function_session.py), so such work cannot make a call look cheaper; this rule keeps a
// candidate from burning CPU there unseen (a busy thread, a slow exit). The allowance is
// generous: forking and reaping a Python process costs a few ms, and on a loaded virtual
// machine one such figure can be several times another's with nothing hidden. Under valgrind
// a call's process and its markers each write their counts as they exit (some 10 ms each, more
// for a program that ran more lines than the baseline), so the slack per call grows with what
// the baseline itself needed there (the reference of humaneval-51 went 11 % over a fixed slack
// with two sessions beside each other).
// Each pass (session) is held to the allowance on its own.
void check_hidden_work(Session& s, const LevelPlan& lp, const Allowance& a) {
  for (const sandbox::Result& pass : s.passes) {
    double excess = 0, inner_total = 0, per_call = 0;
    for (std::size_t k = 0; k < pass.calls.size(); ++k) {
      const auto& c = pass.calls[k];
      const double overhead = a.overhead_ns[lp.seed_of(k)];
      inner_total += static_cast<double>(c.cpu_ns.value_or(0));
      per_call += kPerCallSlackNs + 0.5 * overhead;
      excess += std::max(0.0, static_cast<double>(outside_ns(c)) - overhead);
      if (k > 0) excess += std::max(0.0, static_cast<double>(c.gap_cpu_ns.value_or(0)) - a.gap_ns);
    }
    excess += std::max(0.0, static_cast<double>(pass.tail_cpu_ns.value_or(0)) - a.tail_ns);
    const double allowed = kSessionSlackNs + per_call + 0.5 * inner_total;
    if (excess > allowed) {
      fail_session(s, "SECURITY",
                   fmt::format("work hidden outside the measured calls: {:.1f} ms of CPU beyond "
                               "the driver's own around and between the {} calls of level {} "
                               "(allowed: {:.1f} ms)",
                               excess / 1e6, pass.calls.size(), lp.level, allowed / 1e6));
      return;
    }
  }
}

// Each pass starts from a fresh import, so a candidate that carries state does it again in
// every one: its first call on an input is dear in each of them. A single dear first call is
// what a loaded machine produces now and then (humaneval-109: 5.6 ms against 0.9 ms, once in
// three sessions), so the sample fails only when every session shows it.
void check_carried_state(Session& s, const LevelPlan& lp) {
  for (std::size_t si = 0; si < lp.seeds.size() && s.verdict == "OK"; ++si) {
    std::vector<std::vector<double>> costs;
    for (const sandbox::Result& pass : s.passes) {
      costs.emplace_back();
      for (std::size_t k = si; k < pass.calls.size(); k += lp.seeds.size())
        if (!lp.round_of(k).noop)
          costs.back().push_back(static_cast<double>(pass.calls[k].cpu_ns.value_or(0)));
    }
    const auto dear = carried_state(costs);
    if (!dear) continue;
    fail_session(s, "SECURITY",
                 fmt::format("state carried between calls: the first call on level {} seed {} "
                             "took {:.2f} ms of CPU, the later ones {:.2f} ms (in each of {} "
                             "sessions)",
                             lp.level, lp.seeds[si], dear->first_ns / 1e6, dear->typical_ns / 1e6,
                             s.passes.size()));
  }
}

// What encoding the result on seed `si` cost the references that passed: the least of their
// estimates per figure, so that no program is credited more than a reference's own encoding.
EncodingCost reference_encoding(const std::vector<Session>& all, std::size_t si) {
  EncodingCost least;
  const auto keep = [](std::optional<double>& l, const std::optional<double>& v) {
    if (v && (!l || *v < *l)) l = v;
  };
  for (const Session& s : all) {
    if (!s.reference || s.verdict != "OK" || si >= s.measured.size()) continue;
    const EncodingCost e = encoding_cost(s.measured[si]);
    keep(least.instructions, e.instructions);
  }
  return least;
}

// The checks that compare a level's sessions with the baseline's, and the stored rows.
void settle_level(std::vector<Session>& all, const LevelPlan& lp, const LevelPlan& base_lp,
                  const std::function<void(const std::string&)>& warn, StressOutcome& out) {
  const Session* base = nullptr;
  for (const Session& s : all)
    if (s.baseline) base = &s;
  if (base && base->verdict != "OK") {
    warn(fmt::format(
        "perfjudge: warning: task {} level {}: the baseline failed ({}: {}); costs are stored "
        "gross and hidden work is not checked",
        lp.task->id, lp.level, base->verdict, base->message));
    base = nullptr;
  }
  if (base) {
    const Allowance a = allowance_of(*base, base_lp);
    for (Session& s : all)
      if (!s.baseline && s.verdict == "OK") check_hidden_work(s, lp, a);
  }
  for (Session& s : all)
    if (!s.baseline && s.verdict == "OK") check_carried_state(s, lp);

  for (std::size_t si = 0; si < lp.seeds.size(); ++si) {
    const EncodingCost encoding = reference_encoding(all, si);
    for (const Session& s : all) {
      const std::vector<store::ExecutionRow> none;
      const bool ok = s.verdict == "OK";
      const auto& rows = ok ? s.measured[si] : none;
      const auto& noops = ok && !s.noops.empty() ? s.noops[si] : none;
      const std::vector<store::ExecutionRow>* base_rows =
          base && !s.baseline ? &base->measured[si] : nullptr;
      store::StressResultRow row =
          summarise_rows(s.info.id, lp.level, lp.seeds[si], s.verdict, s.censored, rows, base_rows,
                         base_rows ? base->info.id : 0, &noops, &encoding);
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
      for (const auto& r : noops) out.executions.push_back(r);
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

namespace {

LevelPlan level_plan(const FunctionTaskInput& in, const StressLevel& level) {
  LevelPlan lp;
  lp.task = in.task;
  lp.level = level.index;
  lp.seeds = level.seeds;
  lp.warmup = in.warmup;
  lp.repeats = in.repeats;
  for (std::uint64_t seed : lp.seeds)
    lp.inputs.push_back(in.inputs.stress_input(*in.task, level.index, seed));
  lp.lay_out();
  return lp;
}

}  // namespace

std::vector<sandbox::Result> split_session(const sandbox::Result& r,
                                           const std::vector<std::size_t>& calls_per_level) {
  std::vector<sandbox::Result> parts;
  std::size_t offset = 0;
  for (std::size_t j = 0; j < calls_per_level.size(); ++j) {
    const std::size_t end = offset + calls_per_level[j];
    const bool last = j + 1 == calls_per_level.size();
    bool ended = r.calls.size() >= end;
    for (std::size_t k = offset; ended && k < end; ++k) ended = r.calls[k].complete;
    const bool clean_end = r.verdict == sandbox::Verdict::OK && r.exit_code == 0;
    const bool settled = ended && (r.calls.size() > end || (last && clean_end));
    sandbox::Result part = r;
    const auto at = [&](std::size_t k) {
      return r.calls.begin() + static_cast<std::ptrdiff_t>(std::min(k, r.calls.size()));
    };
    part.calls.assign(at(offset), at(end));
    if (j > 0) part.load_cpu_ns.reset();
    if (settled) {
      part.verdict = sandbox::Verdict::OK;
      part.exit_code = 0;
      part.signal.reset();
      part.message.clear();
      // The CPU after this level's last call, up to the next level's first: its tail.
      if (!last) part.tail_cpu_ns = r.calls[end].gap_cpu_ns;
    }
    parts.push_back(std::move(part));
    if (!settled) break;
    offset = end;
  }
  return parts;
}

namespace {

// `total` split into `parts` shares that differ by at most one, the larger ones first.
std::vector<int> even_shares(int total, std::size_t parts) {
  const int n = static_cast<int>(parts);
  std::vector<int> shares(parts, total / n);
  for (int i = 0; i < total % n; ++i) ++shares[static_cast<std::size_t>(i)];
  return shares;
}

}  // namespace

std::vector<Round> lay_out_rounds(int real, int noops) {
  std::vector<Round> rounds;
  int next = 0;
  for (int i = 0; i < real; ++i) {
    rounds.push_back({false, i});
    // No-op j follows real round ceil((j + 1) * real / (noops + 1)), counted from 1.
    while (next < noops && ((next + 1) * real + noops) / (noops + 1) == i + 1)
      rounds.push_back({true, next++});
  }
  return rounds;
}

std::vector<int> spread_repeats(int warmup, int repeats) {
  // The most sessions (up to kMaxPasses) that still give each at least two calls per input,
  // warm-ups included: the carried-state check compares a session's first call with its later
  // ones.
  int passes = 1;
  for (int p = kMaxPasses; p > 1; --p) {
    if (warmup + repeats / p >= 2) {
      passes = p;
      break;
    }
  }
  passes = std::min(passes, std::max(repeats, 1));
  return even_shares(repeats, static_cast<std::size_t>(passes));
}

// Every call starts from the same loaded state, so repeats of one input cost alike; a first
// call far dearer than the later ones means they found its work done.
std::optional<DearFirstCall> carried_state(const std::vector<std::vector<double>>& sessions) {
  std::optional<DearFirstCall> shown;
  for (const auto& calls : sessions) {
    if (calls.size() < 2) return std::nullopt;
    std::vector<double> later(calls.begin() + 1, calls.end());
    std::nth_element(later.begin(), later.begin() + static_cast<std::ptrdiff_t>(later.size() / 2),
                     later.end());
    const double typical = later[later.size() / 2];
    if (calls.front() <= 4 * typical + kSlackNs) return std::nullopt;
    if (!shown) shown = DearFirstCall{calls.front(), typical};
  }
  return shown;
}

namespace {

// Everything measure_function_task needs about one task: the plans of each pass over each
// level, the baseline's plans and the inputs' texts.
struct TaskPlans {
  std::vector<std::vector<LevelPlan>> passes;      // [pass][level]
  std::vector<std::vector<LevelPlan>> baseline;    // [pass][level]: kBaselineRounds in all
  std::vector<std::vector<std::string>> requests;  // [level][seed]: each input's text
};

TaskPlans task_plans(const FunctionTaskInput& in) {
  const Task& task = *in.task;
  std::vector<LevelPlan> plans;
  std::vector<fs::path> all_inputs;
  TaskPlans tp;
  for (const StressLevel& level : task.levels) {
    if (std::find(in.levels.begin(), in.levels.end(), level.index) == in.levels.end()) continue;
    plans.push_back(level_plan(in, level));
    all_inputs.insert(all_inputs.end(), plans.back().inputs.begin(), plans.back().inputs.end());
    // Each input's text, read once for every contender's sessions (and the baseline's).
    tp.requests.emplace_back();
    for (const fs::path& input : plans.back().inputs)
      tp.requests.back().push_back(read_file(input));
  }
  // One session computes the best reference's outputs for every level's inputs.
  in.inputs.prime_expected(task, all_inputs, in.scratch);
  const auto base =
      std::find_if(in.contenders.begin(), in.contenders.end(),
                   [](const SessionContender& c) { return c.info.role == "baseline"; });
  if (base != in.contenders.end())
    convert_requests(task, base->runnable, task.limits.cpu_seconds * in.timeout_scale, in.scratch,
                     tp.requests);
  for (LevelPlan& lp : plans)
    for (const fs::path& input : lp.inputs)
      lp.expected.push_back(in.inputs.expected_output(task, input));
  const std::vector<int> shares = spread_repeats(in.warmup, in.repeats);
  // The baseline's rounds are spread over as many sessions as the programs' (one each, mostly):
  // its estimate is subtracted from theirs, so it must average over as many placements.
  const std::vector<int> base_shares =
      even_shares(std::min(in.warmup + in.repeats, kBaselineRounds), shares.size());
  int first = 0, base_first = 0, first_noop = 0;
  for (std::size_t p = 0; p < shares.size(); ++p) {
    const int noops = noop_rounds(shares[p]);
    tp.passes.push_back(plans);
    tp.baseline.push_back(plans);
    for (std::size_t li = 0; li < plans.size(); ++li) {
      LevelPlan& lp = tp.passes.back()[li];
      lp.repeats = shares[p];
      lp.first_repeat = first;
      lp.noops = noops;
      lp.first_noop = first_noop;
      lp.lay_out();
      LevelPlan& base = tp.baseline.back()[li];
      base.warmup = 0;
      base.repeats = base_shares[p];
      base.first_repeat = base_first;
      base.lay_out();
    }
    first += shares[p];
    base_first += base_shares[p];
    first_noop += noops;
  }
  return tp;
}

// One pass of one contender: sessions over every level it has not failed, a level a session
// failed on ending it there and the levels after it getting a session of their own, as they
// would have had alone. `limit` is each level's per-call CPU limit.
void run_pass(const FunctionTaskInput& in, const SessionContender& c,
              const std::vector<LevelPlan>& plans, const TaskPlans& tp,
              std::vector<Session*> sessions, const std::vector<double>& limit) {
  const double cap = in.task->limits.cpu_seconds * in.timeout_scale;
  std::vector<std::size_t> pending;
  for (std::size_t li = 0; li < plans.size(); ++li)
    if (sessions[li]->verdict == "OK") pending.push_back(li);
  while (!pending.empty() && !in.stop) {
    sandbox::CallPlan plan;
    plan.call_cpu_seconds = cap;
    std::vector<std::size_t> calls_per_level;
    for (const std::size_t li : pending) {
      const LevelPlan& lp = plans[li];
      const std::size_t first = plan.requests.size();
      plan.requests.insert(plan.requests.end(), tp.requests[li].begin(), tp.requests[li].end());
      for (std::size_t k = 0; k < lp.calls(); ++k) {
        plan.order.push_back(first + lp.seed_of(k));
        plan.call_cpu_limits.push_back(limit[li]);
        plan.noop.push_back(lp.round_of(k).noop);
      }
      calls_per_level.push_back(lp.calls());
    }
    const sandbox::Result r = run_session(c.runnable, in.exec, std::move(plan), cap, in.scratch);
    std::vector<sandbox::Result> settled = split_session(r, calls_per_level);
    for (std::size_t j = 0; j < settled.size(); ++j) {
      Session& s = *sessions[pending[j]];
      s.passes.push_back(std::move(settled[j]));
      judge_calls(s, plans[pending[j]], in.builder, in.scratch);
    }
    pending.erase(pending.begin(), pending.begin() + static_cast<std::ptrdiff_t>(settled.size()));
  }
}

}  // namespace

StressOutcome measure_function_task(const FunctionTaskInput& in) {
  const Task& task = *in.task;
  const TaskPlans tp = task_plans(in);
  const std::size_t levels = tp.passes[0].size();

  std::vector<SessionContender> contenders = in.contenders;
  std::stable_partition(contenders.begin(), contenders.end(),
                        [](const SessionContender& c) { return c.info.role == "reference"; });
  // sessions[level][contender]
  std::vector<std::vector<Session>> sessions(levels);
  for (auto& row : sessions) {
    for (const auto& c : contenders) {
      Session s;
      s.info = c.info;
      s.runnable = c.runnable;
      s.reference = c.info.role == "reference";
      s.baseline = c.info.role == "baseline";
      if (!c.built) fail_session(s, "IE", "the program no longer builds");
      row.push_back(std::move(s));
    }
  }

  // Each program's repeats are spread over a few sessions, run in turns (every contender's
  // first, then every contender's second, ...): a session carries a bias of its own (where its
  // pages landed, what the host did meanwhile) that its repeats share, so the estimate over
  // several sessions is what comparing two programs needs. The baseline's are spread alike.
  const double cap = task.limits.cpu_seconds * in.timeout_scale;
  std::vector<std::optional<double>> slowest(levels);
  for (std::size_t p = 0; p < tp.passes.size(); ++p) {
    for (std::size_t ci = 0; ci < contenders.size(); ++ci) {
      if (in.stop) return {};
      const bool reference = contenders[ci].info.role == "reference";
      const bool baseline = contenders[ci].info.role == "baseline";
      // References run first: their slowest call so far per level limits everyone else's.
      std::vector<double> limit(levels, cap);
      for (std::size_t li = 0; li < levels && !reference; ++li)
        if (slowest[li])
          limit[li] = stress_time_limit(*slowest[li], task.limits.alpha, task.limits.cpu_seconds,
                                        in.timeout_scale);
      std::vector<Session*> column;
      for (auto& row : sessions) column.push_back(&row[ci]);
      run_pass(in, contenders[ci], baseline ? tp.baseline[p] : tp.passes[p], tp, column, limit);
      if (in.stop) return {};
      if (!reference) continue;
      for (std::size_t li = 0; li < levels; ++li) {
        if (sessions[li][ci].verdict != "OK") continue;
        for (const auto& c : sessions[li][ci].passes.back().calls)
          slowest[li] =
              std::max(slowest[li].value_or(0.0), static_cast<double>(*c.outer_cpu_ns) / 1e9);
      }
    }
  }

  StressOutcome out;
  for (std::size_t li = 0; li < levels; ++li)
    settle_level(sessions[li], tp.passes[0][li], tp.baseline[0][li], in.warn, out);
  return out;
}

}  // namespace pj::harness
