// Public API of the sandbox: run one untrusted command, isolated and limited, and measure it.
// The harness calls run() in-process; `perfjudge sandbox` is a thin CLI over it.
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json_fwd.hpp>

namespace pj::sandbox {

// Precedence when several apply: a forged report channel (SECURITY) first, then
// IE > TLE > TLE_WALL > MLE > OLE > SECURITY > RE.
enum class Verdict { OK, RE, TLE, TLE_WALL, MLE, OLE, SECURITY, IE };

std::string_view to_string(Verdict v);
std::optional<Verdict> verdict_from_string(std::string_view s);

enum class CounterBackend { Perf, Valgrind, Auto };
std::string_view to_string(CounterBackend b);
std::optional<CounterBackend> backend_from_string(std::string_view s);

struct Limits {
  double cpu_seconds = 10.0;
  std::optional<double> wall_seconds;  // default: 3 * cpu_seconds + 1
  std::uint64_t memory_mib = 1024;     // peak memory of the whole process tree
  std::uint64_t output_mib = 64;       // stdout and stderr, each
  std::uint64_t disk_mib = 512;        // workdir + /tmp, together (a tmpfs: held in memory)
  int processes = 64;
  int open_files = 256;

  double effective_wall_seconds() const { return wall_seconds.value_or(3 * cpu_seconds + 1); }
};

// A program that runs many measured calls in one process (function tasks' driver). The
// program gets one end of a stream socket as fd 3 and marks each call's boundaries on it; the
// supervisor reads its counters at every mark, so the per-call figures come from counters
// the program cannot reach. Frames are one type byte, a 4-byte little-endian length and the
// payload. The program sends:
//   'L'  once, when it has loaded (the candidate is imported; no input exists in it yet)
//   'B'  a call begins: answered by 'G', or by 'Q' when no request is left
//   'b'  the measured window opens: answered by 'I' + the request, so no code outside the
//        window ever holds the input it answers
//   'd'  the request is decoded: answered by 'R' (run the call) or 'N' (a no-op call: the
//        driver's own window, measured in the program's own session). The kind is told only
//        now, so nothing that ran before (decoding, which candidate code may hook) could
//        behave differently in the two
//   'r'  the call returned (or the no-op ended): answered by 'o'. What follows, encoding the
//        result and sending it, is still inside the window, and its cost is also recorded on
//        its own (CallRecord::encode_*), so that the harness can take the reference's
//        encoding of the same result out of every program's count. Required where counts come
//        per process at exit (kCountAtExitEnv, which is where exact counts are), optional
//        elsewhere: a round trip per call that time costs do not use
//   'O'  the call's output (payload), still inside the window
//   'e'  the window closes: answered by 'a'
//   'E'  the call ended and every process it started is gone: answered by 'A'
// in that order ('E' may follow 'B', 'b', 'd', 'r' or 'O' directly when the call's process died).
// Any other order, a second 'L', or a process left over at 'E' is a breach: verdict SECURITY.
// Documented for task authors in docs/TASK_FORMAT.md ("Function tasks").
// Given to a CallPlan program whose counters exist only per process, at its exit (valgrind):
// each call's process forks a marker process just before 'b' and another just before 'r' (which
// it must send), and
// the call's counters are that process's at its exit minus the first marker's, read at 'b' and
// 'E' (CallRecord::counters); its encoding's, minus the second's, read at 'r' and 'E'.
inline constexpr const char* kCountAtExitEnv = "PERFJUDGE_COUNT_AT_EXIT=1";

struct CallPlan {
  std::vector<std::string> requests;  // the distinct requests
  // CPU limit of one call ('B' to 'E'): TLE beyond it; its wall limit is 3 × that + 1 s,
  // TLE_WALL beyond it.
  double call_cpu_seconds = 10.0;
  // Each call's output is capped by Limits::output_mib (OLE beyond it), not their sum.
  // The calls, in order: an index into `requests` each; empty means each request once, in
  // order. Repeats share one copy (an input may be tens of MB, called W+R times).
  std::vector<std::size_t> order;
  // Per call, when the calls' limits differ (one session serving several levels): call k's
  // CPU limit is call_cpu_limits[k]; empty means call_cpu_seconds for every call.
  std::vector<double> call_cpu_limits;
  // Per call: true for a no-op call (answered 'N' at 'd'); empty means none.
  std::vector<bool> noop;

  bool is_noop(std::size_t call) const { return call < noop.size() && noop[call]; }
  std::size_t calls() const { return order.empty() ? requests.size() : order.size(); }
  std::size_t request_index(std::size_t call) const {
    return order.empty() ? call : order.at(call);
  }
  const std::string& request(std::size_t call) const { return requests.at(request_index(call)); }
  double call_limit(std::size_t call) const {
    return call_cpu_limits.empty() ? call_cpu_seconds : call_cpu_limits.at(call);
  }
};

// A host path bound read-only at another path inside the sandbox. Builds are bound at paths
// that do not depend on where the cache lives, so that a program's counts do not either.
struct BindAt {
  std::filesystem::path source;  // on the host
  std::filesystem::path target;  // absolute, inside the sandbox
  bool operator==(const BindAt&) const = default;
};

struct Config {
  std::vector<std::string> argv;  // argv[0] is resolved against the fixed PATH
  Limits limits;
  std::filesystem::path stdin_path;                      // empty: /dev/null
  std::filesystem::path stdout_path;                     // empty: counted, then discarded
  std::filesystem::path stderr_path;                     // empty: counted, then discarded
  std::filesystem::path workdir;                         // empty: a private temporary directory
  std::vector<std::filesystem::path> bind_ro;            // extra read-only paths made visible
  std::vector<BindAt> bind_ro_at;                        // ... and ones bound at another path
  std::vector<std::pair<std::string, std::string>> env;  // the only variables besides PATH
  std::vector<std::string> counters;                     // e.g. {"instructions", "task-clock"}
  CounterBackend backend = CounterBackend::Auto;
  bool disable_aslr = true;       // personality(ADDR_NO_RANDOMIZE)
  std::optional<int> pin_cpu;     // sched_setaffinity of the child
  bool sample_memory = true;      // fills Result::memory_samples
  std::optional<CallPlan> calls;  // set: the program gets the call channel (see CallPlan)
  // /tmp and a private workdir read-only: a CallPlan run's calls cannot hand each other state
  // through files.
  bool read_only_scratch = false;
};

// One call of a CallPlan run. CPU figures are the task-clock of the whole process tree (every
// thread and child counted) between two marks; nullopt when the clock could not be opened.
struct CallRecord {
  bool complete = false;  // 'r', 'O' and 'e' arrived and 'E' ended it
  // The 'O' payload; null when none arrived. Calls of one request that answered alike share
  // one copy: an output may be megabytes, every repeat repeats it, and the supervisor's
  // resident size is paid again at each sandbox start (the clone copies its page tables).
  std::shared_ptr<const std::string> output;
  std::optional<std::uint64_t> cpu_ns;        // inner window: 'b' to 'e'
  std::uint64_t wall_ns = 0;                  // inner window
  std::optional<std::uint64_t> outer_cpu_ns;  // the whole call: 'B' to 'E'
  std::optional<std::uint64_t> gap_cpu_ns;    // before it: the previous 'E' (or 'L') to 'B'
  // Over the inner window; for a backend that counts per process (valgrind), from 'b' to
  // the call's process's exit (the marker it forked at 'b', to its own count at 'E').
  std::map<std::string, double> counters;
  // The tail of the inner window that encodes and sends the result: 'r' to 'e', and for the
  // counters as above ('r' to the process's exit where counts come per process).
  std::optional<std::uint64_t> encode_cpu_ns;
  std::uint64_t encode_wall_ns = 0;
  std::map<std::string, double> encode_counters;
};

// Resident memory of the whole process tree at one instant of the run.
struct MemorySample {
  double t_s = 0;  // seconds since CMD was released
  std::uint64_t rss_kib = 0;
};

struct Counter {
  double value = 0;     // scaled by time_enabled/time_running when multiplexed
  std::string backend;  // "perf" or "valgrind"
  std::uint64_t time_enabled_ns = 0;
  std::uint64_t time_running_ns = 0;
};

// The meta record of one run. Field meanings are documented in README.md ("Meta record").
struct Result {
  Verdict verdict = Verdict::IE;
  std::optional<int> exit_code;
  std::optional<int> signal;
  std::uint64_t wall_ns = 0;
  std::uint64_t cpu_user_ns = 0;
  std::uint64_t cpu_sys_ns = 0;
  std::uint64_t max_rss_kib = 0;
  std::uint64_t stdout_bytes = 0;
  std::uint64_t stderr_bytes = 0;
  bool killed_by_sandbox = false;
  std::string message;
  std::map<std::string, Counter> counters;
  std::map<std::string, std::string> counters_unavailable;  // name -> why
  // The memory curve, time-ordered from t = 0 to the wall time: the samples taken every 1 to
  // 10 ms, with the first measurement held back to t = 0 and the last one held to the end (a
  // run shorter than one interval holds its peak throughout). Empty when Config::sample_memory
  // is off or CMD never started. Its integral (MiB*s) is computed by metrics/, not here.
  std::vector<MemorySample> memory_samples;
  // CallPlan runs: the calls that began, in order; the tree's CPU until 'L' and after the last
  // call's 'E' (nullopt without the clock or when the mark never came).
  std::vector<CallRecord> calls;
  std::optional<std::uint64_t> load_cpu_ns, tail_cpu_ns;
};

// Runs cfg.argv once. Never throws for anything the candidate does; problems of the sandbox
// itself become Verdict::IE with a message. Throws pj::Error only for an invalid Config.
Result run(const Config& cfg);

// The meta record without memory_samples (a long run has thousands); callers that print it add
// the samples' integral as mem_time_mib_s.
nlohmann::json to_json(const Result& r);
Result result_from_json(const nlohmann::json& j);

}  // namespace pj::sandbox
