// `--cost auto` on the commands that measure (`run`, `tasks validate`): what this machine can
// count. Shared so that both say the same thing in the same words.
#pragma once

#include <string>

#include "core/cost.hpp"

namespace pj::harness {

struct CostChoice {
  Cost cost = Cost::CpuTime;  // never Auto
  std::string note;           // one line for the user when Auto chose; "" otherwise
};

// Instructions by perf where the hardware counter opens, else CPU time with a note that says
// how to get exact counts and what they cost. An explicit cost is returned as is.
CostChoice choose_cost_for_machine(Cost requested);

}  // namespace pj::harness
