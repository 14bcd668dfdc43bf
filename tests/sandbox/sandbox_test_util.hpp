// Shared helpers of the sandbox tests: hostile programs, short limits, captured output.
#pragma once

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "common/files.hpp"
#include "core/temp_dir.hpp"
#include "sandbox/sandbox.hpp"

namespace pj::sandbox::test {

inline std::filesystem::path hostile_dir() {
  return std::filesystem::path(PJ_BINARY_DIR) / "hostile";
}

inline std::string hostile(const std::string& name) {
  return (hostile_dir() / name).string();
}

// Short limits keep the suite fast; the hostile programs are made visible read-only.
inline Config config(std::vector<std::string> argv) {
  Config c;
  c.argv = std::move(argv);
  c.limits.cpu_seconds = 1;
  c.limits.wall_seconds = 10;  // roomy: CI machines are loaded; TLE_WALL tests set their own
  c.limits.memory_mib = 256;
  c.limits.output_mib = 4;
  c.bind_ro = {hostile_dir()};
  return c;
}

inline std::string slurp(const std::filesystem::path& p) {
  return pj::test::read_text(p);
}

struct Captured {
  Result result;
  std::string out, err;
};

inline Captured run_captured(Config c) {
  TempDir dir("pj-sandbox-test");
  c.stdout_path = dir.path() / "stdout";
  c.stderr_path = dir.path() / "stderr";
  Captured cap;
  cap.result = run(c);
  cap.out = slurp(c.stdout_path);
  cap.err = slurp(c.stderr_path);
  return cap;
}

inline bool contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

}  // namespace pj::sandbox::test
