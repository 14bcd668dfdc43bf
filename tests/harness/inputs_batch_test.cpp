// Generator batches: one sandboxed process serves every seed of a level, and each input is
// byte-identical to what the generator writes when it runs alone for that seed.
#include <gtest/gtest.h>

#include <cstdio>

#include "core/error.hpp"
#include "core/temp_dir.hpp"
#include "harness/task/inputs.hpp"
#include "harness/task/validate.hpp"
#include "run_test_util.hpp"
#include "task_test_util.hpp"

namespace pj::harness {
namespace {

namespace fs = std::filesystem;
using testing::slurp;
using testing::write;

// A program task around `gen` (file name gen.py or gen.cpp), level 0 = args ["4"], seeds.
fs::path write_task(const fs::path& dir, const std::string& gen_name, const std::string& gen,
                    const std::string& seeds = "[1, 2, 3]") {
  write(dir / "task.toml", "id = \"batch\"\nstatement = \"s.md\"\n[stress]\ngenerator = \"" +
                               gen_name + "\"\n[[stress.levels]]\nargs = [\"4\"]\nseeds = " +
                               seeds + "\n[[references]]\nfile = \"ref.py\"\nlevel = \"expert\"\n");
  write(dir / "s.md", "x\n");
  write(dir / "ref.py", "print(0)\n");
  write(dir / gen_name, gen);
  return dir;
}

// stdout of `cmd` run directly, outside perfjudge.
std::string output_of(const std::string& cmd) {
  std::string out;
  FILE* p = ::popen(cmd.c_str(), "r");
  if (p == nullptr) return "popen failed";
  char buf[4096];
  for (std::size_t n; (n = std::fread(buf, 1, sizeof buf, p)) > 0;) out.append(buf, n);
  ::pclose(p);
  return out;
}

class BatchTest : public ::testing::Test {
 protected:
  TempDir tmp_;
  TempDir cache_;
  Builder builder_{cache_.path() / "builds"};
  InputCache inputs_{cache_.path() / "inputs", builder_};
};

// Every way a Python generator may write (print, sys.stdout.write, its buffer, fd 1 itself,
// a module-level RNG), and a __main__ guard.
constexpr const char* kWriter = R"(import os
import random
import sys

rng = random.Random(int(sys.argv[1]) * 7919)
def main():
    print(sys.argv[1], sys.argv[2:], __name__)
    sys.stdout.write(" ".join(str(rng.randrange(10**6)) for _ in range(int(sys.argv[2]))) + "\n")
    sys.stdout.flush()
    sys.stdout.buffer.write(b"bytes\n")
    sys.stdout.flush()
    os.write(1, b"fd1\n")
    print("caf\u00e9")

if __name__ == "__main__":
    main()
)";

TEST_F(BatchTest, EachBatchedInputIsWhatTheGeneratorWritesAlone) {
  const Task t = load_task(write_task(tmp_.path() / "t", "gen.py", kWriter));
  const std::vector<fs::path> batched = inputs_.stress_inputs(t, 0);
  ASSERT_EQ(batched.size(), 3u);
  TempDir other;
  Builder b2(other.path() / "builds");
  InputCache alone(other.path() / "inputs", b2);
  for (std::size_t i = 0; i < 3; ++i) {
    const std::string seed = std::to_string(i + 1);
    const std::string direct = output_of("cd " + tmp_.path().string() +
                                         "/t && PYTHONHASHSEED=0 PYTHONIOENCODING=utf-8 "
                                         "/usr/bin/python3 -S -B gen.py " +
                                         seed + " 4");
    EXPECT_NE(direct.find("fd1\n"), std::string::npos) << direct;
    EXPECT_EQ(slurp(batched[i]), direct) << "seed " << seed;
    // A batch of one (what `tasks gen` runs) gives the same bytes.
    EXPECT_EQ(slurp(alone.stress_input(t, 0, i + 1)), direct) << "seed " << seed;
  }
}

TEST_F(BatchTest, OneProcessServesTheWholeLevel) {
  // State a seed leaves in a standard-library module is visible to the next seed only when
  // they share a process: the counter shows one process for the three seeds.
  const Task t = load_task(write_task(tmp_.path() / "t", "gen.py",
                                      "import sys\nsys.pj_runs = getattr(sys, 'pj_runs', 0) + 1\n"
                                      "print(sys.argv[1], sys.pj_runs)\n"));
  const std::vector<fs::path> in = inputs_.stress_inputs(t, 0);
  ASSERT_EQ(in.size(), 3u);
  EXPECT_EQ(slurp(in[0]), "1 1\n");
  EXPECT_EQ(slurp(in[1]), "2 2\n");
  EXPECT_EQ(slurp(in[2]), "3 3\n");
  // Such a generator's inputs depend on the seeds before them: validate says so.
  ValidateOptions o;
  o.cost = Cost::CpuTime;
  o.cache_dir = (tmp_.path() / "vcache");
  const ValidateReport r = validate_suite(tmp_.path() / "t", o);
  bool found = false;
  for (const auto& e : r.errors) {
    found = found || e.find("gen.py: not deterministic: seed 1 args [4]") != std::string::npos;
  }
  EXPECT_TRUE(found) << (r.errors.empty() ? "no error" : r.errors.front());
}

TEST_F(BatchTest, ModulesAndMainOfOneSeedAreFreshForTheNext) {
  // A module-level cache in __main__ and the recursion limit are the seed's own.
  const Task t = load_task(write_task(tmp_.path() / "t", "gen.py",
                                      "import sys\ntry:\n    seen\nexcept NameError:\n"
                                      "    seen = []\nseen.append(sys.argv[1])\n"
                                      "print(seen, sys.getrecursionlimit())\n"
                                      "sys.setrecursionlimit(50000)\n"));
  const std::vector<fs::path> in = inputs_.stress_inputs(t, 0);
  ASSERT_EQ(in.size(), 3u);
  EXPECT_EQ(slurp(in[1]), "['2'] 1000\n");
  EXPECT_EQ(slurp(in[2]), "['3'] 1000\n");
}

TEST_F(BatchTest, AFailingSeedIsNamedAndTheInputsBeforeItAreKept) {
  const Task t = load_task(
      write_task(tmp_.path() / "t", "gen.py",
                 "import sys\nif sys.argv[1] == '2':\n    raise ValueError('seed two is broken')\n"
                 "print(sys.argv[1])\n"));
  try {
    inputs_.stress_inputs(t, 0);
    ADD_FAILURE() << "no error";
  } catch (const Error& e) {
    const std::string what = e.what();
    EXPECT_EQ(e.kind(), ErrorKind::Input);
    EXPECT_NE(what.find("batch: "), std::string::npos) << what;
    EXPECT_NE(what.find("gen.py: seed 2 args [4]: exited with code 1: ValueError: seed two is "
                        "broken"),
              std::string::npos)
        << what;
  }
  std::size_t cached = 0;
  for (const auto& e : fs::recursive_directory_iterator(inputs_.root())) {
    if (e.is_regular_file()) {
      ++cached;
      EXPECT_EQ(slurp(e.path()), "1\n") << e.path();
    }
  }
  EXPECT_EQ(cached, 1u);  // seed 1 only; no temporary file left
  // Seed 3 is reproducible on its own.
  EXPECT_EQ(slurp(inputs_.stress_input(t, 0, 3)), "3\n");
}

TEST_F(BatchTest, ABuiltGeneratorRunsOncePerSeedInTheBatch) {
  const Task t = load_task(write_task(tmp_.path() / "t", "gen.cpp",
                                      "#include <cstdio>\n#include <cstdlib>\nint main(int c, "
                                      "char** v) {\n  std::printf(\"%s %s\\n\", v[1], v[2]);\n"
                                      "  return std::atoi(v[1]) == 5 ? 3 : 0;\n}\n",
                                      "[1, 2, 5]"));
  try {
    inputs_.stress_inputs(t, 0);
    ADD_FAILURE() << "no error";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("gen.cpp: seed 5 args [4]: exited with code 3"),
              std::string::npos)
        << e.what();
  }
  EXPECT_EQ(slurp(inputs_.stress_input(t, 0, 1)), "1 4\n");
  EXPECT_EQ(slurp(inputs_.stress_input(t, 0, 2)), "2 4\n");
}

// The probe generator: its output shows how many seeds its process has served.
constexpr const char* kCounter =
    "import sys\nsys.pj_runs = getattr(sys, 'pj_runs', 0) + 1\nprint(sys.argv[1], sys.pj_runs)\n";

// prepare_inputs serves every level of a task, each with its own arguments, and its generated
// tests from one process: the counter runs on across them. Each input is still the one its
// (arguments, seed) gives alone.
TEST_F(BatchTest, OneProcessServesEveryLevelOfATask) {
  const fs::path dir = tmp_.path() / "levels";
  write(dir / "task.toml",
        "id = \"levels\"\nstatement = \"s.md\"\n[tests]\ngenerated = [{ args = [\"7\"], seeds = "
        "[5] }]\n[stress]\ngenerator = \"gen.py\"\n[[stress.levels]]\nargs = [\"4\"]\nseeds = "
        "[1, 2]\n[[stress.levels]]\nargs = [\"9\", \"x\"]\nseeds = [1]\n[[references]]\nfile = "
        "\"ref.py\"\nlevel = \"expert\"\n");
  write(dir / "s.md", "x\n");
  write(dir / "ref.py", "print(0)\n");
  write(dir / "gen.py",
        "import sys\nsys.pj_runs = getattr(sys, 'pj_runs', 0) + 1\n"
        "print(' '.join(sys.argv[1:]), sys.pj_runs)\n");
  const Task t = load_task(dir);
  inputs_.prepare_inputs(t, {0, 1});
  ASSERT_EQ(t.tests.size(), 1u);
  EXPECT_EQ(slurp(inputs_.test_input(t, t.tests[0])), "5 7 1\n");
  EXPECT_EQ(slurp(inputs_.stress_input(t, 0, 1)), "1 4 2\n");
  EXPECT_EQ(slurp(inputs_.stress_input(t, 0, 2)), "2 4 3\n");
  EXPECT_EQ(slurp(inputs_.stress_input(t, 1, 1)), "1 9 x 4\n");
}

TEST_F(BatchTest, RunAndTasksPrepareGenerateEachLevelInOneBatch) {
  const fs::path dir = write_task(tmp_.path() / "tasks" / "batch", "gen.py", kCounter);
  write(dir / "tests" / "one.in", "1 1\n");
  write(dir / "tests" / "one.out", "1 1\n");
  write(dir / "ref.py", "import sys\nsys.stdout.write(sys.stdin.read())\n");
  write(tmp_.path() / "samples.jsonl",
        R"({"task_id": "batch", "model": "m", "sample_id": "echo", "language": "python", )"
        R"("solution": "import sys\nsys.stdout.write(sys.stdin.read())\n"})"
        "\n");
  const fs::path cache = tmp_.path() / "run-cache";
  const fs::path log = tmp_.path() / "log.txt";
  ASSERT_EQ(pj::test::run_perfjudge(
                pj::test::quick_run_args(tmp_.path() / "samples.jsonl", tmp_.path() / "r.sqlite",
                                         cache, tmp_.path() / "tasks"),
                log),
            0)
      << slurp(log);
  Builder b(cache / "builds");
  InputCache run_inputs(cache / "inputs", b);
  const Task t = load_task(dir);
  EXPECT_EQ(slurp(run_inputs.stress_input(t, 0, 3)), "3 3\n");  // cached by the run's batch
  // `tasks prepare` does the same into an empty cache.
  const fs::path prep = tmp_.path() / "prep-cache";
  const std::string out = output_of(std::string(PJ_PERFJUDGE_EXE) + " tasks prepare --tasks " +
                                    (tmp_.path() / "tasks").string() + " --cache " + prep.string());
  EXPECT_NE(out.find("prepared the inputs of 1 tasks (3 generated inputs): 0 errors"),
            std::string::npos)
      << out;
  Builder b2(prep / "builds");
  InputCache prepared(prep / "inputs", b2);
  EXPECT_EQ(slurp(prepared.stress_input(t, 0, 2)), "2 2\n");
}

TEST_F(BatchTest, TasksPrepareReportsAFailingGeneratorAndExitsOne) {
  write_task(tmp_.path() / "tasks" / "batch", "gen.py",
             "import sys\nif sys.argv[1] == '3':\n    sys.exit('no seed three')\nprint(1)\n");
  const std::string cmd = std::string(PJ_PERFJUDGE_EXE) + " tasks prepare --tasks " +
                          (tmp_.path() / "tasks").string() + " --cache " +
                          (tmp_.path() / "c").string() + "; echo exit=$?";
  const std::string out = output_of(cmd);
  EXPECT_NE(out.find("error: batch: "), std::string::npos) << out;
  EXPECT_NE(out.find("gen.py: seed 3 args [4]: exited with code 1: no seed three"),
            std::string::npos)
      << out;
  EXPECT_NE(out.find("exit=1"), std::string::npos) << out;
}

}  // namespace
}  // namespace pj::harness
