// What perf can count on this machine, asked directly (no sandboxed run): the probes of
// `perfjudge doctor`. The sandbox's second public header, beside sandbox.hpp.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace pj::sandbox {

// What opening one perf event (user-level only, on this process) says: the doctor names the
// event that failed and how.
struct EventProbe {
  bool opened = false;
  int error = 0;        // perf_event_open's errno; 0 when it opened or libpfm4 has no encoding
  std::string message;  // "" when opened, e.g. "no hardware PMU (perf_event_open: ENOENT)"
};
EventProbe probe_perf_event(const std::string& name);

// The events libpfm4 knows on the PMUs it detects on this CPU.
struct PmuEvents {
  std::size_t count = 0;            // over every detected PMU, the generic ones included
  std::vector<std::string> pmus;    // e.g. "skx", "perf (generic)"
  std::vector<std::string> sample;  // up to sample_size names from the hardware PMUs
};
PmuEvents pmu_events(std::size_t sample_size);

}  // namespace pj::sandbox
