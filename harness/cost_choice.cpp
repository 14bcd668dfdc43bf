#include "harness/cost_choice.hpp"

#include <fmt/format.h>

#include "sandbox/sandbox.hpp"

namespace pj::harness {

CostChoice choose_cost_for_machine(Cost requested) {
  if (requested != Cost::Auto) return {requested, {}};
  // A real sandboxed probe: the counter must open on a process of the sandbox user, which is
  // what every measured run needs (perf_event_paranoid and container seccomp profiles differ).
  sandbox::Config probe;
  probe.argv = {"/bin/true"};
  probe.counters = {"instructions"};
  probe.backend = sandbox::CounterBackend::Perf;
  probe.sample_memory = false;
  const sandbox::Result r = sandbox::run(probe);
  if (r.counters.count("instructions") != 0)
    return {Cost::Instructions,
            "perfjudge: --cost auto: instructions, counted by the hardware PMU"};
  const auto why = r.counters_unavailable.find("instructions");
  return {Cost::CpuTime,
          fmt::format("perfjudge: --cost auto: cpu_time, since perf cannot count instructions here "
                      "({}); --cost instructions counts them exactly under valgrind, about 12-50x "
                      "slower",
                      why == r.counters_unavailable.end() ? r.message : why->second)};
}

}  // namespace pj::harness
