// Helpers shared by the task-engine tests: fixture paths and small file utilities.
#pragma once

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <string_view>

namespace pj::harness::testing {

inline std::filesystem::path fixture(std::string_view rel) {
  return std::filesystem::path(PJ_SOURCE_DIR) / "tests" / "fixtures" / "tasks" / rel;
}

inline void write(const std::filesystem::path& p, std::string_view text) {
  std::filesystem::create_directories(p.parent_path());
  std::ofstream out(p, std::ios::binary | std::ios::trunc);
  out << text;
}

inline std::string slurp(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// Copies a fixture task into dir / name, so a test may edit it.
inline std::filesystem::path copy_fixture(std::string_view rel, const std::filesystem::path& dir,
                                          std::string_view name) {
  const auto dst = dir / name;
  std::filesystem::copy(fixture(rel), dst, std::filesystem::copy_options::recursive);
  return dst;
}

// Runs one of the Python check scripts under tests/fixtures with the real interpreter, giving it
// the share directory; returns its stdout and stderr.
inline std::string run_python_check(const std::string& script) {
  const std::string cmd = "/usr/bin/python3 -S -B " + std::string(PJ_SOURCE_DIR) +
                          "/tests/fixtures/" + script + " " + std::string(PJ_SOURCE_DIR) +
                          "/share 2>&1";
  std::string out;
  FILE* p = ::popen(cmd.c_str(), "r");
  if (p == nullptr) return "popen failed";
  char buf[4096];
  for (std::size_t n; (n = std::fread(buf, 1, sizeof buf, p)) > 0;) out.append(buf, n);
  ::pclose(p);
  return out;
}

}  // namespace pj::harness::testing
