#include "sandbox/measurement.hpp"

#include <algorithm>

#include "sandbox/counters_perf.hpp"

namespace pj::sandbox {

std::unique_ptr<Measurement> make_measurement(const Config& cfg, const HostIds& ids) {
  const bool wants_instructions =
      std::find(cfg.counters.begin(), cfg.counters.end(), "instructions") != cfg.counters.end();
  const bool valgrind = cfg.backend == CounterBackend::Valgrind ||
                        (cfg.backend == CounterBackend::Auto && wants_instructions &&
                         !perf_event_available("instructions"));
  return valgrind ? valgrind_measurement(cfg.counters, ids) : perf_measurement(cfg.counters);
}

}  // namespace pj::sandbox
