// `--cost auto` on the commands that measure (`run`, `tasks validate`): what this machine can
// count. Shared so that both say the same thing in the same words, which are the doctor's
// (harness/machine/doctor.hpp, auto_cost_line).
#pragma once

#include <string>

#include "core/cost.hpp"

namespace pj::harness {

struct CostChoice {
  Cost cost = Cost::CpuTime;  // never Auto
  std::string note;           // one line for the user when Auto chose; "" otherwise
};

// One sandboxed /bin/true with the hardware instruction counter: what every measured run needs
// (perf_event_paranoid and container seccomp profiles differ between the host and the sandbox).
struct SandboxProbe {
  bool ran = false;           // the sandbox started the program and it exited 0
  std::string message;        // the sandbox's message when it did not
  bool instructions = false;  // perf counted its instructions
  std::string why_not;        // why perf did not, when it did not
};
SandboxProbe probe_sandbox();

// Instructions by perf where the probe counted them, else CPU time; the note is the doctor's
// line on it. An explicit cost is returned as is, with no note.
CostChoice choose_cost(Cost requested, const SandboxProbe& probe);

// choose_cost with probe_sandbox(), run only for Auto.
CostChoice choose_cost_for_machine(Cost requested);

}  // namespace pj::harness
