// Samples the live processes of a run from /proc: their memory (resident memory and the shared
// objects they map) and CPU time.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <vector>

namespace pj::sandbox {

struct TreeSample {
  // Resident memory summed over the live processes below init, plus what the shmem objects
  // they map shared hold beyond it (pages dropped with MADV_DONTNEED or no longer mapped).
  std::uint64_t rss_kib = 0;
  std::uint64_t cpu_ns = 0;  // their CPU plus everything init already reaped
  int processes = 0;
};

// `init` is the host pid of the run's pid 1; it is not counted itself (it only reaps).
TreeSample sample_tree(pid_t init);

// The live processes below `init`, as sample_tree counts them, without reading their memory:
// the call channel asks at the end of every call, where the maps of each process cost more
// than many calls.
int count_processes(pid_t init);

// Host pids of the direct children of `pid` (all its threads).
std::vector<pid_t> children_of(pid_t pid);

}  // namespace pj::sandbox
