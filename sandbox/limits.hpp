// The kernel resource limits of a run: hard backstops behind the supervisor's own checks.
#pragma once

#include <sys/resource.h>

#include <array>

#include "sandbox/sandbox.hpp"

namespace pj::sandbox {

struct RlimitSetting {
  int resource;
  rlimit value;
};

using RlimitPlan = std::array<RlimitSetting, 5>;

// Computed in the supervisor. `processes` counts the sandbox's init process too.
RlimitPlan rlimit_plan(const Limits& limits);

// Async-signal-safe. Returns 0 or the errno of the first failing setrlimit.
int apply_rlimits(const RlimitPlan& plan);

}  // namespace pj::sandbox
