// The valgrind backend: exact instruction counts without a PMU, from cachegrind's `Ir`.
#pragma once

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "sandbox/sandbox.hpp"

namespace pj::sandbox {

inline constexpr const char* kValgrind = "/usr/bin/valgrind";

// Cachegrind runs a program roughly 10-50x slower and adds its own memory: the limits of a
// valgrind run are scaled so the same program gets the same verdict as without it.
inline constexpr double kValgrindTimeFactor = 20.0;
inline constexpr double kValgrindTimeExtraSeconds = 2.0;
inline constexpr std::uint64_t kValgrindExtraMemoryMib = 256;

Limits valgrind_limits(const Limits& limits);
double valgrind_seconds(double seconds);  // a time limit so scaled

// argv prefixed with cachegrind, writing one cg.<pid> file per process into out_dir.
std::vector<std::string> valgrind_argv(const std::vector<std::string>& argv,
                                       const std::filesystem::path& out_dir);

// Sum of the `summary:` Ir of every cachegrind file in out_dir, or why there is none.
std::optional<std::uint64_t> sum_cachegrind_ir(const std::filesystem::path& out_dir,
                                               std::string& why);

}  // namespace pj::sandbox
