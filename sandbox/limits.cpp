#include "sandbox/limits.hpp"

#include <cerrno>
#include <cmath>

namespace pj::sandbox {
namespace {

rlimit both(rlim_t v) {
  return rlimit{v, v};
}

}  // namespace

RlimitPlan rlimit_plan(const Limits& limits) {
  // RLIMIT_CPU is per process and whole seconds; the supervisor decides TLE from the tree's
  // total long before this fires, so it only matters if the supervisor is starved.
  const auto cpu = static_cast<rlim_t>(std::ceil(limits.cpu_seconds)) + 1;
  return RlimitPlan{{
      // Counted per user in the run's own user namespace (kernel ucounts), so concurrent
      // runs do not share the budget. +1 for the sandbox's init (pid 1).
      {RLIMIT_NPROC, both(static_cast<rlim_t>(limits.processes) + 1)},
      {RLIMIT_NOFILE, both(static_cast<rlim_t>(limits.open_files))},
      {RLIMIT_CPU, rlimit{cpu, cpu + 1}},
      {RLIMIT_FSIZE, both(static_cast<rlim_t>(limits.output_mib) << 20)},
      {RLIMIT_CORE, both(0)},
  }};
}

int apply_rlimits(const RlimitPlan& plan) {
  for (const auto& s : plan)
    if (::setrlimit(s.resource, &s.value) != 0) return errno;
  return 0;
}

}  // namespace pj::sandbox
