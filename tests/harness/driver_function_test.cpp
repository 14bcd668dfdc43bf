// The Python driver of function tasks, run through prepare()/execute() in the sandbox.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "core/temp_dir.hpp"
#include "harness/task/execute.hpp"
#include "task_test_util.hpp"

namespace pj::harness {
namespace {

class DriverTest : public ::testing::Test {
 protected:
  Execution run(const Runnable& r, std::string_view input) {
    testing::write(scratch_.path() / "input.json", input);
    ExecOptions opt;
    opt.cpu_seconds = 20;
    return execute(r, scratch_.path() / "input.json", opt, scratch_.path());
  }
  Execution call(std::string_view source, std::string_view input) {
    const BuildResult b = prepare(task_, builder_, "python", source);
    EXPECT_TRUE(b.ok) << b.diagnostics;
    return run(b.runnable, input);
  }
  static double cpu_s(const Execution& ex) {
    return static_cast<double>(ex.result.cpu_user_ns + ex.result.cpu_sys_ns) / 1e9;
  }
  Task task_ = testing::python_function_task();
  TempDir cache_;
  TempDir scratch_;
  Builder builder_{cache_.path()};
};

TEST_F(DriverTest, CallsTheEntryPointWithTheArguments) {
  const Execution ex = call("def f(a, b):\n    return [a + b, (a, b)]\n", "[2, 40]");
  ASSERT_EQ(ex.result.verdict, sandbox::Verdict::OK) << ex.stderr_head;
  EXPECT_EQ(nlohmann::json::parse(testing::slurp(ex.stdout_file)),
            nlohmann::json::parse(R"([42, {"$tuple": [2, 40]}])"));
}

TEST_F(DriverTest, DecodesTaggedInputs) {
  const Execution ex =
      call("def f(t, s, d):\n    return [type(t).__name__, sorted(s), d[(1, 2)]]\n",
           R"([{"$tuple": [1, 2]}, {"$set": [3, 1]}, {"$dict": [[{"$tuple": [1, 2]}, "x"]]}])");
  ASSERT_EQ(ex.result.verdict, sandbox::Verdict::OK) << ex.stderr_head;
  EXPECT_EQ(testing::slurp(ex.stdout_file), "[\"tuple\", [1, 3], \"x\"]\n");
}

TEST_F(DriverTest, CandidatePrintsCannotCorruptTheResult) {
  const Execution ex =
      call("print('noise')\ndef f():\n    print('more noise')\n    return 7\n", "[]");
  ASSERT_EQ(ex.result.verdict, sandbox::Verdict::OK) << ex.stderr_head;
  EXPECT_EQ(testing::slurp(ex.stdout_file), "7\n");
}

TEST_F(DriverTest, ExceptionsAndUnencodableResultsAreRuntimeErrors) {
  const Execution boom = call("def f():\n    raise ValueError('boom')\n", "[]");
  EXPECT_EQ(boom.result.verdict, sandbox::Verdict::RE);
  EXPECT_NE(boom.stderr_head.find("ValueError: boom"), std::string::npos) << boom.stderr_head;
  const Execution gen = call("def f():\n    return (i for i in range(3))\n", "[]");
  EXPECT_EQ(gen.result.verdict, sandbox::Verdict::RE);
  EXPECT_NE(gen.stderr_head.find("not JSON-representable"), std::string::npos) << gen.stderr_head;
  const Execution missing = call("def g():\n    return 1\n", "[]");
  EXPECT_EQ(missing.result.verdict, sandbox::Verdict::RE);
  EXPECT_NE(missing.stderr_head.find("does not define a function 'f'"), std::string::npos);
}

TEST_F(DriverTest, BaselineReadsTheInputButCallsNothing) {
  const Execution ex = run(baseline_runnable(task_, builder_), "[[1, 2, 3]]");
  ASSERT_EQ(ex.result.verdict, sandbox::Verdict::OK) << ex.stderr_head;
  EXPECT_EQ(testing::slurp(ex.stdout_file), "null\n");
  const Execution bad = run(baseline_runnable(task_, builder_), "{not json");
  EXPECT_EQ(bad.result.verdict, sandbox::Verdict::RE);
}

TEST_F(DriverTest, CandidateCannotFindExpectedOutputsInMemoryOrOnStdin) {
  // The marker only exists in a would-be expected output that the driver never receives.
  const Execution ex = call(
      "import gc, sys\n"
      "def f(x):\n"
      "    marker = 'EXPECTED' + '-MARKER'\n"
      "    seen = any(isinstance(o, str) and marker in o for o in gc.get_objects())\n"
      "    return [seen, sys.stdin.read()]\n",
      "[1]");
  ASSERT_EQ(ex.result.verdict, sandbox::Verdict::OK) << ex.stderr_head;
  EXPECT_EQ(testing::slurp(ex.stdout_file), "[false, \"\"]\n");
}

TEST_F(DriverTest, PatchingTimeOrDriverGlobalsDoesNotChangeMeasuredCost) {
  const std::string work =
      "def spin():\n"
      "    x = 0\n"
      "    for i in range(3000000):\n"
      "        x += i\n"
      "    return x\n";
  const std::string honest = work + "def f():\n    return spin()\n";
  const std::string cheat = work +
                            "import time, sys, __main__\n"
                            "for name in ('time', 'perf_counter', 'process_time', 'monotonic',\n"
                            "             'perf_counter_ns', 'process_time_ns', 'time_ns'):\n"
                            "    setattr(time, name, lambda *a: 0)\n"
                            "for name in list(vars(__main__)):\n"
                            "    if not name.startswith('__'):\n"
                            "        setattr(__main__, name, None)\n"
                            "def f():\n    return spin()\n";
  const Execution a = call(honest, "[]");
  const Execution b = call(cheat, "[]");
  ASSERT_EQ(a.result.verdict, sandbox::Verdict::OK) << a.stderr_head;
  ASSERT_EQ(b.result.verdict, sandbox::Verdict::OK) << b.stderr_head;
  EXPECT_EQ(testing::slurp(a.stdout_file), testing::slurp(b.stdout_file));
  // The sandbox measures the whole process: the patched clock is simply not consulted. Same
  // work, so the same CPU time up to the noise of a loaded machine (hence only a quarter); a
  // clock the program could stop would give about nothing.
  EXPECT_GT(cpu_s(b), 0.25 * cpu_s(a)) << cpu_s(a) << " " << cpu_s(b);
  const Execution base = run(baseline_runnable(task_, builder_), "[]");
  EXPECT_GT(cpu_s(b), cpu_s(base));
}

TEST_F(DriverTest, ClassMethodEntryPointCallsTheMethodOfAFreshInstance) {
  task_.entry_point = "Solution.twoSum";
  const Execution ex = call(
      "class Solution:\n"
      "    made = 0\n"
      "    def __init__(self):\n"
      "        Solution.made += 1\n"
      "    def twoSum(self, nums, target):\n"
      "        return [Solution.made, nums.index(target - nums[-1]), len(nums) - 1]\n",
      "[[2, 7, 11, 15], 17]");
  ASSERT_EQ(ex.result.verdict, sandbox::Verdict::OK) << ex.stderr_head;
  EXPECT_EQ(testing::slurp(ex.stdout_file), "[1, 0, 3]\n");  // made once, inside the call
  const Execution no_method = call("class Solution:\n    def two_sum(self):\n        pass\n", "[]");
  EXPECT_EQ(no_method.result.verdict, sandbox::Verdict::RE);
  EXPECT_NE(no_method.stderr_head.find("class 'Solution' has no method 'twoSum'"),
            std::string::npos)
      << no_method.stderr_head;
  const Execution no_class = call("def twoSum(nums, target):\n    return []\n", "[]");
  EXPECT_EQ(no_class.result.verdict, sandbox::Verdict::RE);
  EXPECT_NE(no_class.stderr_head.find("does not define a class 'Solution'"), std::string::npos);
}

TEST_F(DriverTest, RecursionLimitSettingAppliesToTheCall) {
  const std::string deep =
      "def f(n):\n"
      "    return 0 if n == 0 else 1 + f(n - 1)\n";
  const Execution without = call(deep, "[150000]");  // the driver's default limit is 100000
  EXPECT_EQ(without.result.verdict, sandbox::Verdict::RE);
  EXPECT_NE(without.stderr_head.find("RecursionError"), std::string::npos) << without.stderr_head;
  task_.python.recursion_limit = 200000;
  const Execution with = call(deep, "[150000]");
  ASSERT_EQ(with.result.verdict, sandbox::Verdict::OK) << with.stderr_head;
  EXPECT_EQ(testing::slurp(with.stdout_file), "150000\n");
}

TEST_F(DriverTest, IntMaxStrDigitsSettingAppliesToTheCandidate) {
  const std::string digits = "def f():\n    return len(str(10 ** 5000))\n";
  const Execution unlimited = call(digits, "[]");  // the codec lifts Python's 4300 by default
  ASSERT_EQ(unlimited.result.verdict, sandbox::Verdict::OK) << unlimited.stderr_head;
  EXPECT_EQ(testing::slurp(unlimited.stdout_file), "5001\n");
  task_.python.int_max_str_digits = 1000;
  const Execution limited = call(digits, "[]");
  EXPECT_EQ(limited.result.verdict, sandbox::Verdict::RE);
  EXPECT_NE(limited.stderr_head.find("Exceeds the limit (1000 digits)"), std::string::npos)
      << limited.stderr_head;
}

TEST_F(DriverTest, ProgramTasksApplyPythonSettingsThroughTheRunner) {
  Task program;
  program.kind = TaskKind::Program;
  program.id = "p";
  const std::string source =
      "import sys\n"
      "def depth(n):\n"
      "    return 0 if n == 0 else 1 + depth(n - 1)\n"
      "if __name__ == '__main__':\n"
      "    n = int(sys.stdin.read())\n"
      "    print(depth(n), len(str(10 ** 5000)), sys.argv[0].endswith('.py'))\n";
  const BuildResult plain = prepare(program, builder_, "python", source);
  ASSERT_TRUE(plain.ok) << plain.diagnostics;
  const Execution fails = run(plain.runnable, "5000");  // Python's defaults: 1000 and 4300
  EXPECT_EQ(fails.result.verdict, sandbox::Verdict::RE);
  program.python.recursion_limit = 10000;
  program.python.int_max_str_digits = 0;
  const BuildResult set = prepare(program, builder_, "python", source);
  ASSERT_TRUE(set.ok) << set.diagnostics;
  const Execution passes = run(set.runnable, "5000");
  ASSERT_EQ(passes.result.verdict, sandbox::Verdict::OK) << passes.stderr_head;
  EXPECT_EQ(testing::slurp(passes.stdout_file), "5000 5001 True\n");
  // The source is untouched: the settings live in the command line.
  EXPECT_EQ(set.runnable.argv.back(), plain.runnable.argv.back());
}

}  // namespace
}  // namespace pj::harness
