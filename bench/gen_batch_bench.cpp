// Generating a suite's stress inputs one sandboxed process per input (before batching) against
// one generator batch per (task, level) (share/generator/batch_generator.py, what `run` and
// `tasks prepare` do now), in one process with one warm build cache, the two interleaved task by
// task (alternating which goes first) so that machine drift hits both alike. Checks that both
// give the same bytes. Usage: TASKS_DIR SCRATCH_DIR. bench/gen_batch.sh runs it on the ENAMEL
// import.
#include <fmt/format.h>
#include <algorithm>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "harness/task/inputs.hpp"
#include "harness/task/task.hpp"

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

namespace {

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3) {
    fmt::print(stderr, "usage: pj_gen_batch_bench TASKS_DIR SCRATCH_DIR\n");
    return 2;
  }
  try {
    const fs::path scratch = argv[2];
    const pj::harness::LoadReport suite = pj::harness::load_suite(argv[1]);
    pj::harness::Builder builder(scratch / "builds");
    double per_input_s = 0, batched_s = 0;
    std::size_t inputs = 0, batches = 0, differ = 0;
    for (std::size_t i = 0; i < suite.tasks.size(); ++i) {
      const auto& task = suite.tasks[i];
      // Fixed levels (stored files) are not generated: nothing to time.
      const auto first = std::find_if(task.levels.begin(), task.levels.end(),
                                      [](const auto& l) { return !l.fixed(); });
      if (task.generator.empty() || first == task.levels.end()) continue;
      const fs::path dir = scratch / "out" / task.id;
      fs::create_directories(dir);
      // Warm the build cache (and the interpreter's pages) for both alike.
      pj::harness::run_generator(task, builder, first->args, first->seeds.front(), dir / "warm");
      for (const auto& level : task.levels) {
        if (level.fixed()) continue;
        std::vector<fs::path> one, batch;
        for (auto seed : level.seeds) {
          one.push_back(dir / fmt::format("one-{}-{}", level.index, seed));
          batch.push_back(dir / fmt::format("batch-{}-{}", level.index, seed));
        }
        auto per_input = [&] {
          const auto t0 = Clock::now();
          for (std::size_t k = 0; k < level.seeds.size(); ++k) {
            pj::harness::run_generator(task, builder, level.args, level.seeds[k], one[k]);
          }
          per_input_s += std::chrono::duration<double>(Clock::now() - t0).count();
        };
        auto batched = [&] {
          const auto t0 = Clock::now();
          pj::harness::run_generator_batch(task, builder, level.args, level.seeds, batch);
          batched_s += std::chrono::duration<double>(Clock::now() - t0).count();
        };
        if ((i + static_cast<std::size_t>(level.index)) % 2 == 0) {
          per_input();
          batched();
        } else {
          batched();
          per_input();
        }
        for (std::size_t k = 0; k < level.seeds.size(); ++k) {
          if (slurp(one[k]) != slurp(batch[k])) ++differ;
        }
        inputs += level.seeds.size();
        ++batches;
      }
    }
    fmt::print(
        "{} tasks, {} inputs in {} levels: one process per input {:.1f} s ({:.1f} ms/input), "
        "one batch per level {:.1f} s ({:.1f} ms/input): {:.1f}x faster; {} inputs differ\n",
        suite.tasks.size(), inputs, batches, per_input_s, 1000 * per_input_s / inputs, batched_s,
        1000 * batched_s / inputs, per_input_s / batched_s, differ);
    return differ == 0 ? 0 : 1;
  } catch (const pj::Error& e) {
    fmt::print(stderr, "pj_gen_batch_bench: {}\n", e.what());
    return 2;
  }
}
