// What happened during a run, and the verdict it earns (precedence: a forged report channel
// first, as SECURITY, since nothing else reported can be trusted; then
// IE > TLE > TLE_WALL > MLE > OLE > SECURITY > RE).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>

#include "sandbox/sandbox.hpp"

namespace pj::sandbox {

struct Outcome {
  enum class Kill { None, Cpu, Wall, Memory, Output };
  std::optional<Kill> kill;     // why the supervisor killed the run, if it did
  std::string internal_error;   // non-empty: the sandbox itself failed
  std::string breach;           // non-empty: the candidate reached the report channel
  std::string call_breach;      // non-empty: the call protocol was broken (CallPlan runs)
  std::string cpu_message;      // why Kill::Cpu, when it was one call's limit
  std::string wall_message;     // why Kill::Wall, when it was one call's limit
  std::string output_stream;    // "stdout" or "stderr" for Kill::Output
  bool disk_full = false;       // the workdir and /tmp reached Limits::disk_mib
  std::string copy_back_error;  // why copying the workdir back stopped, if it did
  std::uint64_t cpu_ns = 0;
  std::uint64_t max_rss_kib = 0;
  std::uint64_t stdout_bytes = 0, stderr_bytes = 0;
  std::optional<int> exit_code, signal;
  // Supervisor bookkeeping.
  std::uint64_t peak_rss_kib = 0, sampled_cpu_ns = 0, init_cpu_ns = 0;
};

std::pair<Verdict, std::string> decide(const Outcome& o, const Limits& limits);

}  // namespace pj::sandbox
