// The task-format additions of issue 17 through the real CLI: a Class.method entry point (the
// bundled LeetCode-style task) and [python] settings, in correctness tests (one process per
// call) and stress sessions alike.
#include <gtest/gtest.h>

#include <map>
#include <string>

#include <nlohmann/json.hpp>

#include "core/temp_dir.hpp"
#include "harness/samples/samples.hpp"
#include "run_test_util.hpp"
#include "task_test_util.hpp"

namespace pj::test {
namespace {

namespace fs = std::filesystem;
using harness::testing::slurp;
using harness::testing::write;

std::string jsonl(const std::string& id, const nlohmann::json& fields) {
  nlohmann::json j = fields;
  j["sample_id"] = id;
  j["model"] = "m";
  return j.dump() + "\n";
}

// sample_id -> "correctness verdict/level-0 stress verdict of seed 1" ("-" when none).
std::map<std::string, std::string> verdicts(const fs::path& db) {
  store::Store s(db);
  auto st = s.db().prepare(
      "SELECT p.sample_id, pr.verdict, COALESCE((SELECT r.verdict FROM stress_results r WHERE "
      "r.program_id = p.id AND r.level = 0 AND r.seed = 1), '-') FROM programs p JOIN "
      "program_results pr ON pr.program_id = p.id WHERE p.role = 'sample'");
  std::map<std::string, std::string> out;
  while (st.step()) out[st.text(0)] = st.text(1) + "/" + st.text(2);
  return out;
}

const std::string kHashMap =
    "class Solution:\n"
    "    def twoSum(self, nums, target):\n"
    "        seen = {}\n"
    "        for j, x in enumerate(nums):\n"
    "            if target - x in seen:\n"
    "                return [seen[target - x], j]\n"
    "            seen[x] = j\n";

TEST(TaskFormatRun, LeetCodeClassSolutionRunsEndToEnd) {
  TempDir dir("pj-taskfmt");
  fs::create_directories(dir.path() / "tasks");
  fs::copy(source_path("tasks/leetcode-two-sum"), dir.path() / "tasks/leetcode-two-sum",
           fs::copy_options::recursive);
  const std::string raw = "Use a hash map:\n\n```python\n" + kHashMap +
                          "\n\nprint(Solution().twoSum([2, 7, 11, 15], 9))\n```\n";
  const std::string body =  // continues prompt.py (the class and method header)
      "        seen = {}\n"
      "        for j, x in enumerate(nums):\n"
      "            if target - x in seen:\n"
      "                return [seen[target - x], j]\n"
      "            seen[x] = j\n";
  // State on the instance is fresh in every call: the driver makes one Solution() per call.
  const std::string per_instance =
      "class Solution:\n"
      "    def __init__(self):\n"
      "        self.calls = 0\n"
      "    def twoSum(self, nums, target):\n"
      "        self.calls += 1\n"
      "        assert self.calls == 1\n"
      "        index = {x: i for i, x in enumerate(nums)}\n"
      "        for i, x in enumerate(nums):\n"
      "            if index.get(target - x, i) != i:\n"
      "                return [i, index[target - x]]\n";
  write(dir.path() / "samples.jsonl",
        jsonl("raw", {{"task_id", "leetcode-two-sum"}, {"raw", true}, {"solution", raw}}) +
            jsonl("completion",
                  {{"task_id", "leetcode-two-sum"}, {"raw", true}, {"completion", body}}) +
            jsonl("instance", {{"task_id", "leetcode-two-sum"}, {"solution", per_instance}}) +
            jsonl("wrong", {{"task_id", "leetcode-two-sum"},
                            {"solution",
                             "class Solution:\n    def twoSum(self, n, t):\n"
                             "        return [0, 1]\n"}}) +
            jsonl("function", {{"task_id", "leetcode-two-sum"},
                               {"solution", "def twoSum(nums, target):\n    return [0, 1]\n"}}));
  const int rc = run_perfjudge(quick_run_args(dir.path() / "samples.jsonl", dir.path() / "db",
                                              dir.path() / "cache", dir.path() / "tasks"),
                               dir.path() / "log");
  ASSERT_EQ(rc, 0) << slurp(dir.path() / "log");
  const auto v = verdicts(dir.path() / "db");
  EXPECT_EQ(v.at("raw"), "OK/OK");
  EXPECT_EQ(v.at("completion"), "OK/OK");
  EXPECT_EQ(v.at("instance"), "OK/OK");
  EXPECT_EQ(v.at("wrong"), "WA/-");
  EXPECT_EQ(v.at("function"), "RE/-");  // no class Solution to instantiate
}

// A function task whose references are iterative and whose sample recurses 150000 deep:
// beyond the drivers' default recursion limit (100000) unless [python] raises it.
fs::path deep_task(const fs::path& root, const std::string& python_table) {
  const fs::path t = root / "deep-sum";
  write(t / "task.toml",
        "id = \"deep-sum\"\nstatement = \"s.md\"\nkind = \"function\"\n"
        "entry_point = \"total\"\n" +
            python_table +
            "\n[stress]\ngenerator = \"gen.py\"\n"
            "[[stress.levels]]\nargs = [\"150000\"]\nseeds = [1]\n"
            "[[references]]\nfile = \"ref.py\"\nlevel = \"expert\"\n");
  write(t / "s.md", "Sum 1..n.\n");
  write(t / "gen.py", "import sys\nprint('[%d]' % int(sys.argv[2]))\n");
  write(t / "ref.py", "def total(n):\n    return n * (n + 1) // 2\n");
  write(t / "tests/deep.json", "{\"args\": [150000], \"expected\": 11250075000}\n");
  return t;
}

std::map<std::string, std::string> run_deep(const std::string& python_table) {
  TempDir dir("pj-taskfmt");
  deep_task(dir.path() / "tasks", python_table);
  write(dir.path() / "samples.jsonl",
        jsonl("recursive", {{"task_id", "deep-sum"},
                            {"solution",
                             "def total(n):\n"
                             "    return 0 if n == 0 else n + total(n - 1)\n"}}));
  const int rc = run_perfjudge(quick_run_args(dir.path() / "samples.jsonl", dir.path() / "db",
                                              dir.path() / "cache", dir.path() / "tasks"),
                               dir.path() / "log");
  EXPECT_EQ(rc, 0) << slurp(dir.path() / "log");
  return verdicts(dir.path() / "db");
}

TEST(TaskFormatRun, RecursionLimitSettingLetsADeepSamplePass) {
  EXPECT_EQ(run_deep("[python]\nrecursion_limit = 200000\n").at("recursive"), "OK/OK");
  EXPECT_EQ(run_deep("").at("recursive"), "RE/-");
}

TEST(TaskFormatPrompt, CompletionsContinueThePromptOfEitherKind) {
  harness::Task fn;
  fn.kind = harness::TaskKind::Function;
  fn.entry_point = "Solution.twoSum";
  fn.prompt = "class Solution:\n    def twoSum(self, nums, target):\n";
  EXPECT_TRUE(harness::continues_prompt(fn, "        return []\n", true));
  EXPECT_FALSE(harness::continues_prompt(fn, kHashMap, true));  // restates class and method
  EXPECT_TRUE(harness::continues_prompt(fn, "class Helper:\n    pass\n", true));
  harness::Task program;
  program.kind = harness::TaskKind::Program;
  EXPECT_FALSE(harness::continues_prompt(program, "    main()\n", true));  // no prompt
  program.prompt = "import sys\n\ndef main():\n";
  EXPECT_TRUE(harness::continues_prompt(program, "    print(sys.stdin.read())\n", true));
  EXPECT_FALSE(harness::continues_prompt(program, "import sys\nprint(1)\n", true));
  EXPECT_FALSE(harness::continues_prompt(program, "```python\nprint(1)\n```\n", true));
}

// `perfjudge sanitize` of a completion for a program task with a prompt sanitizes prompt +
// completion, and `tasks show` prints the prompt.
TEST(TaskFormatPrompt, ProgramTaskPromptIsUsedBySanitizeAndShown) {
  TempDir dir("pj-taskfmt");
  const fs::path t = dir.path() / "tasks/echo";
  write(t / "task.toml",
        "id = \"echo\"\nstatement = \"s.md\"\nprompt = \"prompt.py\"\n"
        "languages = [\"python\"]\n[python]\nrecursion_limit = 5000\n"
        "[[references]]\nfile = \"ref.py\"\nlevel = \"expert\"\n");
  write(t / "s.md", "Echo stdin.\n");
  write(t / "prompt.py", "import sys\n\n\ndef main():\n");
  write(t / "ref.py", "import sys\nsys.stdout.write(sys.stdin.read())\n");
  write(t / "tests/a.in", "hi\n");
  write(t / "tests/a.out", "hi\n");
  write(dir.path() / "raw.jsonl",
        jsonl("c", {{"task_id", "echo"},
                    {"raw", true},
                    {"completion", "    sys.stdout.write(sys.stdin.read())\n\n\nmain()\n"}}));
  const Finished san = perfjudge({"sanitize", "--tasks", (dir.path() / "tasks").string(),
                                  "--samples", (dir.path() / "raw.jsonl").string(), "-o", "-"});
  ASSERT_EQ(san.status, 0) << san.err;
  const auto out = nlohmann::json::parse(san.out.substr(0, san.out.find('\n')));
  EXPECT_EQ(out.at("solution"),
            "import sys\n\n\ndef main():\n    sys.stdout.write(sys.stdin.read())\n\n\nmain()\n")
      << san.out;
  const Finished show =
      perfjudge({"tasks", "show", "echo", "--tasks", (dir.path() / "tasks").string()});
  ASSERT_EQ(show.status, 0) << show.err;
  EXPECT_NE(show.out.find("prompt:\n  | import sys\n  | \n  | \n  | def main():\n"),
            std::string::npos)
      << show.out;
  EXPECT_NE(show.out.find("python:    --recursion-limit 5000\n"), std::string::npos) << show.out;
}

}  // namespace
}  // namespace pj::test
