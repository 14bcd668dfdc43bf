// The validation the suite tests run (bundled tasks, ENAMEL's import): quick mode, by CPU time,
// with the test's own cache, one task at a time (ctest runs the shards side by side).
#pragma once

#include <filesystem>
#include <string>

#include "harness/task/validate.hpp"

namespace pj::harness::testing {

inline ValidateReport validate_quick(const std::filesystem::path& root,
                                     const std::filesystem::path& cache) {
  ValidateOptions o;
  o.cost = Cost::CpuTime;
  o.quick = true;
  o.jobs = 1;
  o.cache_dir = cache;
  return validate_suite(root, o);
}

// Every error on its own line, for the failure message.
inline std::string error_lines(const ValidateReport& r) {
  std::string out;
  for (const auto& e : r.errors) out += e + "\n";
  return out;
}

}  // namespace pj::harness::testing
