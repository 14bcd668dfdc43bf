// Test and stress inputs, and their expected outputs, generated once and cached on disk.
#pragma once

#include <cstdint>
#include <filesystem>

#include "harness/languages.hpp"
#include "harness/task.hpp"

namespace pj::harness {

class InputCache {
 public:
  // root: e.g. default_cache_dir() / "inputs". Thread-safe: concurrent callers may ask for
  // the same input; files are written to a temporary name and renamed into place.
  InputCache(std::filesystem::path root, Builder& builder);

  // Key: generator hash, seed and arguments. Runs the generator sandboxed with limits;
  // throws pj::Error(Input) "TASK: GENERATOR: ..." when it fails.
  std::filesystem::path stress_input(const Task& task, int level, std::uint64_t seed);
  std::filesystem::path test_input(const Task& task, const TestCase& test);

  // The expected output for an input: the test's .out/.json expected when it has one, else the
  // best reference's output (run once, cached by reference hash and input hash).
  std::filesystem::path expected_output(const Task& task, const std::filesystem::path& input,
                                        const TestCase* test = nullptr);

 private:
  std::filesystem::path root_;
  Builder& builder_;
};

}  // namespace pj::harness
