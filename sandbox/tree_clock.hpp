// The CPU time of a run's whole process tree, as the kernel's task-clock counts it: a
// software perf event that works without a PMU. Opened with `inherit` on the candidate before
// it execs, it counts every descendant, including children that are never waited for (a
// parent that ignores SIGCHLD has them auto-reaped, and their time never reaches any rusage).
// The supervisor holds the fd; nothing in the sandbox can reach it.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <optional>
#include <string>

#include "core/fd.hpp"

namespace pj::sandbox {

class TreeClock {
 public:
  // Opens the clock on `pid` (not yet exec'd; counting starts at its exec). Returns "" or why
  // it could not be opened; without it the run falls back to rusage and /proc sampling.
  std::string open(pid_t pid);

  // CPU nanoseconds of the tree so far (running descendants included), or nullopt when the
  // clock is not open or cannot be read.
  std::optional<std::uint64_t> read_ns() const;

  bool is_open() const { return static_cast<bool>(fd_); }

 private:
  UniqueFd fd_;
};

}  // namespace pj::sandbox
