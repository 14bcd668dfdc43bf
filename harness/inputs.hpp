// Test and stress inputs, and their expected outputs, generated once and cached on disk.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

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

  // The generator's output for (args, seed), produced twice even when cached; throws
  // pj::Error(Input) "TASK: GENERATOR: not deterministic ..." when the two differ. validate's
  // determinism check; the first output is cached as stress_input/test_input would.
  std::filesystem::path generate_verified(const Task& task, const std::vector<std::string>& args,
                                          std::uint64_t seed);

  // Function tasks: computes the best reference's outputs for every input not cached yet in
  // one session (function_stress.hpp) rather than one process per input. Whatever it cannot
  // compute is left to expected_output, which reports the failure.
  void prime_expected(const Task& task, const std::vector<std::filesystem::path>& inputs,
                      const std::filesystem::path& scratch);

  const std::filesystem::path& root() const { return root_; }

 private:
  std::filesystem::path reference_output_path(const Task& task,
                                              const std::filesystem::path& input) const;

  std::filesystem::path root_;
  Builder& builder_;
};

// Limits of one generator run (generators are trusted less than perfjudge, more than samples).
inline constexpr double kGeneratorCpuSeconds = 60;
inline constexpr std::uint64_t kGeneratorMemoryMib = 2048;
inline constexpr std::uint64_t kGeneratorOutputMib = 512;

// Runs the task's generator once (`gen SEED ARG...`), sandboxed, writing stdout to `out`; no
// caching. Throws pj::Error(Input) "TASK: GENERATOR: what" when it fails. validate uses it to
// check determinism; `perfjudge tasks gen` prints through the cache.
void run_generator(const Task& task, Builder& builder, const std::vector<std::string>& args,
                   std::uint64_t seed, const std::filesystem::path& out);

}  // namespace pj::harness
