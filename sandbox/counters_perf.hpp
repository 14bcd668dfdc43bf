// Hardware and software counters through perf_event_open, with libpfm4 turning event names
// ("instructions", "task-clock", "INST_RETIRED:ANY_P") into perf_event_attr.
#pragma once

#include <linux/perf_event.h>
#include <sys/types.h>

#include <map>
#include <string>
#include <variant>
#include <vector>

#include "core/fd.hpp"
#include "sandbox/perf_probe.hpp"
#include "sandbox/sandbox.hpp"

namespace pj::sandbox {

// User-level-only encoding of `name`, or libpfm4's reason why it has none.
std::variant<perf_event_attr, std::string> encode_event(const std::string& name);

// True when a counter for `name` can be opened on this machine right now (probed on self).
bool perf_event_available(const std::string& name);

class PerfCounters {
 public:
  // Opens each counter on `pid` (a process that has not exec'd yet): disabled,
  // enable_on_exec and inherit, so only the candidate and its descendants are counted and
  // the counting starts at its exec. Names that cannot be opened land in `unavailable`.
  void open(pid_t pid, const std::vector<std::string>& names,
            std::map<std::string, std::string>& unavailable);

  // Reads and scales every opened counter; call after the run ended.
  void read(std::map<std::string, Counter>& out,
            std::map<std::string, std::string>& unavailable) const;

  // The scaled value of every counter that could be read, now (the program may be running):
  // what a call's boundary records.
  std::map<std::string, double> snapshot() const;

  bool empty() const { return fds_.empty(); }

 private:
  std::vector<std::pair<std::string, UniqueFd>> fds_;
};

}  // namespace pj::sandbox
