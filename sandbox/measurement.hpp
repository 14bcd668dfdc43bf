// How a run's counters are measured: one interface, with perf_event_open (counters_perf) and
// valgrind's cachegrind (counters_valgrind) behind it. The supervisor calls it at four points
// of a run (before the launch, once the candidate forked, at each call's boundary, after the
// end) and never asks which backend it holds.
#pragma once

#include <sys/types.h>

#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "sandbox/launcher.hpp"
#include "sandbox/sandbox.hpp"

namespace pj::sandbox {

class Measurement {
 public:
  virtual ~Measurement() = default;

  // Before the launch: the command as it will run, its limits and the extra directories the
  // candidate must be able to write.
  virtual void wrap(std::vector<std::string>& argv, Limits& limits,
                    std::vector<std::filesystem::path>& rw_binds) = 0;

  // The candidate forked and has not exec'd yet; nullopt when it could not be found (`why`).
  virtual void attach(std::optional<pid_t> candidate, const std::string& why) = 0;

  // Every counter's value now, while the program runs: what a call's boundary records. A
  // backend that counts per process (counts_at_exit) gives the count of the one process that
  // exited since the last snapshot, and nothing when none or several did.
  virtual std::map<std::string, double> snapshot() = 0;

  // Variables the backend needs in the program's environment (after wrap()).
  virtual std::vector<std::pair<std::string, std::string>> env() const { return {}; }

  // The CPU time a limit of `seconds` allows under this backend: wrap() scales the run's
  // limits by it, and the supervisor a CallPlan's per-call limits.
  virtual double scaled_seconds(double seconds) const { return seconds; }

  // True when counts exist only as each process exits: a call-channel program is then told
  // (PERFJUDGE_COUNT_AT_EXIT=1) to fork a marker before each call (function_session.py).
  virtual bool counts_at_exit() const { return false; }

  // After every process of the run is gone: each asked-for counter's value, or why it has none.
  virtual void read(std::map<std::string, Counter>& out,
                    std::map<std::string, std::string>& unavailable) = 0;
};

// The backend the config asks for: valgrind when it says so, or for `Auto` when instructions
// are wanted and no hardware counter for them can be opened; perf otherwise.
std::unique_ptr<Measurement> make_measurement(const Config& cfg, const HostIds& ids);

// perf_event_open counters for `names` (counters_perf.cpp).
std::unique_ptr<Measurement> perf_measurement(std::vector<std::string> names);

// Cachegrind's exact instruction count; every other name is reported unavailable
// (counters_valgrind.cpp).
std::unique_ptr<Measurement> valgrind_measurement(std::vector<std::string> names,
                                                  const HostIds& ids);

}  // namespace pj::sandbox
