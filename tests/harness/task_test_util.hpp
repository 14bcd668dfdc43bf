// Helpers shared by the task-engine tests: fixture paths and small file utilities.
#pragma once

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <string_view>

#include <gtest/gtest.h>

#include "common/files.hpp"
#include "common/launch.hpp"
#include "core/error.hpp"
#include "harness/task/task.hpp"

namespace pj::harness::testing {

// A Python function task "t" calling `entry`, with nothing else set.
inline Task python_function_task(std::string entry = "f") {
  Task t;
  t.id = "t";
  t.kind = TaskKind::Function;
  t.languages = {"python"};
  t.entry_point = std::move(entry);
  return t;
}

inline std::filesystem::path fixture(std::string_view rel) {
  return pj::test::fixture_path("tasks") / rel;
}

// The shared fixture helpers (tests/common), under the names these tests use.
inline void write(const std::filesystem::path& p, std::string_view text) {
  pj::test::write_text(p, text);
}

inline std::string slurp(const std::filesystem::path& p) {
  return pj::test::read_text(p);
}

// Copies a fixture task into dir / name, so a test may edit it.
inline std::filesystem::path copy_fixture(std::string_view rel, const std::filesystem::path& dir,
                                          std::string_view name) {
  const auto dst = dir / name;
  std::filesystem::copy(fixture(rel), dst, std::filesystem::copy_options::recursive);
  return dst;
}

// What load_task says of a task it must refuse as an input error; a test failure when it accepts.
inline std::string load_error(const std::filesystem::path& dir) {
  try {
    load_task(dir);
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::Input);
    return e.what();
  }
  ADD_FAILURE() << "load_task accepted " << dir;
  return "";
}

// Runs one of the Python check scripts under tests/fixtures with the real interpreter, giving it
// the share directory; returns its stdout and stderr.
inline std::string run_python_check(const std::string& script) {
  return pj::test::run_process(
             {"/usr/bin/python3", "-S", "-B", pj::test::fixture_path(script).string(),
              pj::test::source_path("share").string()},
             pj::test::merged_output())
      .out;
}

}  // namespace pj::harness::testing
