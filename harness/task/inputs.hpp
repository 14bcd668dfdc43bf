// Test and stress inputs, and their expected outputs, generated once and cached on disk.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <mutex>
#include <span>
#include <string>
#include <vector>

#include "harness/lang/languages.hpp"
#include "harness/task/task.hpp"

namespace pj::harness {

// One run of a generator in a batch: `gen SEED ARGS...`.
struct GenRun {
  const std::vector<std::string>* args;
  std::uint64_t seed;
};

class InputCache {
 public:
  // root: e.g. default_cache_dir() / "inputs". Thread-safe: concurrent callers may ask for
  // the same input; files are written to a temporary name and renamed into place.
  InputCache(std::filesystem::path root, Builder& builder);

  // Key: generator hash, seed and arguments. Runs the generator sandboxed with limits, for
  // this seed alone; throws pj::Error(Input) "TASK: GENERATOR: ..." when it fails. A fixed
  // level's input is its file number `seed` (1-based), keyed on the file's content.
  std::filesystem::path stress_input(const Task& task, int level, std::uint64_t seed);
  // Every seed of a level, in the level's order; the missing ones in one generator batch.
  std::vector<std::filesystem::path> stress_inputs(const Task& task, int level);
  std::filesystem::path test_input(const Task& task, const TestCase& test);

  // Generates what is missing of the task's generated tests and of these levels' inputs in one
  // batch (run_generator_batch, each run with its own arguments). Inputs a failing batch
  // completed are cached; throws like stress_input, naming the failing seed.
  void prepare_inputs(const Task& task, const std::vector<int>& levels);

  // The expected output for an input: the test's .out/.json expected when it has one, else the
  // best reference's output (run once, cached by reference hash and input hash).
  std::filesystem::path expected_output(const Task& task, const std::filesystem::path& input,
                                        const TestCase* test = nullptr);

  // The generator's outputs for each run (a run listed twice is generated once), generated in
  // two batches, the second in reverse order, even when cached: one interpreter start-up per
  // batch serves every level and the tests. Throws pj::Error(Input) "TASK: GENERATOR: not
  // deterministic ..." naming the first run whose two outputs differ. validate's determinism
  // check; the outputs are cached as stress_input/test_input would.
  std::vector<std::filesystem::path> generate_verified(const Task& task,
                                                       std::span<const GenRun> runs);

  // Function tasks: computes the best reference's outputs for every input not cached yet in
  // one session (function_stress.hpp) rather than one process per input. Whatever it cannot
  // compute is left to expected_output, which reports the failure.
  void prime_expected(const Task& task, const std::vector<std::filesystem::path>& inputs,
                      const std::filesystem::path& scratch);

  const std::filesystem::path& root() const { return root_; }

 private:
  std::filesystem::path fixed_input(const std::filesystem::path& file);
  std::filesystem::path reference_output_path(const Task& task,
                                              const std::filesystem::path& input) const;
  // sha1 of an input file, computed once per (path, size, mtime): every level's session asks
  // for each input's expected output, and some inputs are tens of MB.
  std::string input_digest(const std::filesystem::path& input) const;

  std::filesystem::path root_;
  Builder& builder_;
  mutable std::mutex digest_mu_;
  mutable std::map<std::string, std::string> digests_;
};

// Limits of one generator run (generators are trusted less than perfjudge, more than samples).
inline constexpr double kGeneratorCpuSeconds = 60;
inline constexpr std::uint64_t kGeneratorMemoryMib = 2048;
inline constexpr std::uint64_t kGeneratorOutputMib = 512;

// Runs the task's generator for every run in one sandboxed process
// (share/generator/batch_generator.py: each run as `gen SEED ARG...` would run alone), writing
// run i's input to outs[i] and calling on_input(i) once it is complete; no caching. The limits
// are those of one run times the number of runs. Returns runs.size(); throws
// pj::Error(Input) "TASK: GENERATOR: seed S args [...]: what" naming the run that failed (the
// inputs before it are complete).
std::size_t run_generator_batch(const Task& task, Builder& builder, std::span<const GenRun> runs,
                                std::span<const std::filesystem::path> outs,
                                const std::function<void(std::size_t)>& on_input = {});

// The same, one run per seed with the same arguments (seed i's input in outs[i]).
std::size_t run_generator_batch(const Task& task, Builder& builder,
                                const std::vector<std::string>& args,
                                std::span<const std::uint64_t> seeds,
                                std::span<const std::filesystem::path> outs,
                                const std::function<void(std::size_t)>& on_input = {});

// The batch of one seed, writing its input to `out`.
void run_generator(const Task& task, Builder& builder, const std::vector<std::string>& args,
                   std::uint64_t seed, const std::filesystem::path& out);

}  // namespace pj::harness
