// What the runs table records about the machine: CPU model, kernel, cores, counter backend and
// the frequency governor (when readable), since all of them change what a measurement means.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

namespace pj::harness {

// "perf" when the CPU exposes a hardware instruction counter, else "valgrind".
std::string instructions_backend();

// {cpu_model, kernel, cores, counter_backend, governor (null when unreadable), aslr}
nlohmann::json host_info();

}  // namespace pj::harness
