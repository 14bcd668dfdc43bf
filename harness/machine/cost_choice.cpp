#include "harness/machine/cost_choice.hpp"

#include "harness/machine/doctor.hpp"
#include "sandbox/sandbox.hpp"

namespace pj::harness {

SandboxProbe probe_sandbox() {
  sandbox::Config probe;
  probe.argv = {"/bin/true"};
  probe.counters = {"instructions"};
  probe.backend = sandbox::CounterBackend::Perf;
  probe.sample_memory = false;
  const sandbox::Result r = sandbox::run(probe);
  SandboxProbe p;
  p.ran = r.verdict == sandbox::Verdict::OK;
  p.message = r.message;
  p.instructions = r.counters.count("instructions") != 0;
  if (!p.instructions) {
    const auto why = r.counters_unavailable.find("instructions");
    p.why_not = why == r.counters_unavailable.end() ? r.message : why->second;
  }
  return p;
}

CostChoice choose_cost(Cost requested, const SandboxProbe& probe) {
  if (requested != Cost::Auto) return {requested, {}};
  const Cost cost = probe.instructions ? Cost::Instructions : Cost::CpuTime;
  return {cost, "perfjudge: " + auto_cost_line(probe)};
}

CostChoice choose_cost_for_machine(Cost requested) {
  if (requested != Cost::Auto) return {requested, {}};
  return choose_cost(requested, probe_sandbox());
}

}  // namespace pj::harness
