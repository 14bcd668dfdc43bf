#include <gtest/gtest.h>

#include <algorithm>
#include <nlohmann/json.hpp>
#include <sstream>

#include "core/error.hpp"
#include "core/temp_dir.hpp"
#include "harness/lang/languages.hpp"
#include "harness/samples/coffe_import.hpp"
#include "harness/task/inputs.hpp"
#include "harness/task/task.hpp"
#include "harness/task/validate.hpp"
#include "suite_validation.hpp"
#include "task_test_util.hpp"

namespace pj::harness {
namespace {

namespace fs = std::filesystem;

fs::path coffe_fixture() {
  return fs::path(PJ_SOURCE_DIR) / "tests/fixtures/coffe";
}

// A copy of the fixture checkout, so a test may break one of its files.
fs::path copy_checkout(const fs::path& dir) {
  fs::copy(coffe_fixture(), dir / "coffe", fs::copy_options::recursive);
  return dir / "coffe";
}

bool any_contains(const std::vector<std::string>& lines, std::string_view what) {
  return std::any_of(lines.begin(), lines.end(),
                     [&](const std::string& l) { return l.find(what) != std::string::npos; });
}

std::string generated(const Task& t, const std::vector<std::string>& args, std::uint64_t seed) {
  TempDir tmp;
  Builder builder(tmp.path() / "builds");
  run_generator(t, builder, args, seed, tmp.path() / "input");
  return testing::slurp(tmp.path() / "input");
}

TEST(CoffeNames, UntrustedTextBecomesASafeId) {
  EXPECT_EQ(coffe_name("HumanEval/0"), "humaneval-0");
  EXPECT_EQ(coffe_name("Mbpp/9 (odd name!)"), "mbpp-9-odd-name");
  EXPECT_EQ(coffe_name("../../etc/passwd"), "etc-passwd");
  EXPECT_EQ(coffe_name("\xc3\xa9t\xc3\xa9"), "t");
  EXPECT_EQ(coffe_name("///"), "task");
  EXPECT_LE(coffe_name(std::string(500, 'a')).size(), 48u);
}

TEST(CoffeImport, FunctionLevelTasks) {
  TempDir out;
  const CoffeImport r = import_coffe(coffe_fixture(), out.path());
  ASSERT_EQ(r.task_dirs.size(), 5u);
  EXPECT_EQ(r.excluded, 1u);
  EXPECT_EQ(r.task_dirs[0], out.path() / "function" / "coffe-humaneval-0");

  const Task add = load_task(r.task_dirs[0]);
  EXPECT_EQ(add.id, "coffe-humaneval-0");
  EXPECT_EQ(add.kind, TaskKind::Function);
  EXPECT_EQ(add.entry_point, "add_all");
  EXPECT_NE(add.prompt.find("def add_all(xs):"), std::string::npos);
  EXPECT_EQ(add.checker.type, CheckerType::Loose);
  EXPECT_FALSE(add.excluded);
  ASSERT_EQ(add.levels.size(), 1u);
  EXPECT_DOUBLE_EQ(add.levels[0].hardness, 1);
  EXPECT_EQ(add.levels[0].seeds, (std::vector<std::uint64_t>{1, 2}));
  ASSERT_EQ(add.tests.size(), 2u);  // testcases.json, with COFFE's expected values
  EXPECT_TRUE(add.tests[0].expected.has_value());
  ASSERT_EQ(add.references.size(), 1u);
  EXPECT_EQ(testing::slurp(add.references[0].file), "def add_all(xs):\n    return sum(xs)\n");

  // No testcases.json entry: the check body's literal calls (candidate(n) is not one).
  const Task first = load_task(r.task_dirs[1]);
  EXPECT_EQ(first.id, "coffe-mbpp-7");
  ASSERT_EQ(first.tests.size(), 2u);
  EXPECT_EQ(first.tests[0].gen_args, (std::vector<std::string>{"test"}));

  // A stressful input that is no literal ([1] * 50): excluded, the reason in the manifest.
  const Task ones = load_task(r.task_dirs[2]);
  EXPECT_EQ(ones.id, "coffe-mbpp-9-odd-name");
  EXPECT_TRUE(ones.excluded);
  EXPECT_EQ(ones.levels[0].seeds, (std::vector<std::uint64_t>{1}));
  EXPECT_NE(testing::slurp(ones.manifest)
                .find("# excluded: 1 of 2 stressful inputs cannot be "
                      "used (stressful input 2: not a Python literal"),
            std::string::npos);
  // The best solution only continues the prompt: the reference is both.
  EXPECT_EQ(testing::slurp(ones.references[0].file),
            "def count_ones(xs):\n    return xs.count(1)\n");
  // Re-importing overwrites in place.
  EXPECT_EQ(import_coffe(coffe_fixture(), out.path()).task_dirs, r.task_dirs);
}

TEST(CoffeImport, FileLevelTasks) {
  TempDir out;
  const CoffeImport r = import_coffe(coffe_fixture(), out.path());
  ASSERT_EQ(r.task_dirs.size(), 5u);
  const Task cf = load_task(r.task_dirs[3]);
  EXPECT_EQ(cf.id, "coffe-codeforces-0");
  EXPECT_EQ(cf.kind, TaskKind::Program);
  EXPECT_EQ(cf.languages, std::vector<std::string>{"python"});
  EXPECT_EQ(cf.checker.type, CheckerType::Loose);
  EXPECT_EQ(cf.python.recursion_limit, 100000);
  EXPECT_EQ(cf.python.int_max_str_digits, 0);
  ASSERT_EQ(cf.tests.size(), 2u);
  ASSERT_EQ(cf.levels.size(), 1u);
  EXPECT_EQ(cf.levels[0].seeds, (std::vector<std::uint64_t>{1, 2}));
  // The dataset name "Code Contests/../x" cannot climb out of OUT/file.
  EXPECT_EQ(r.task_dirs[4], out.path() / "file" / "coffe-code-contests-x-1");
  EXPECT_TRUE(load_task(r.task_dirs[4]).tests.empty());
}

TEST(CoffeImport, MissingTestcasesAreWarnedPerTask) {
  TempDir out;
  const CoffeImport r = import_coffe(coffe_fixture(), out.path());
  EXPECT_EQ(r.warnings.size(), 2u) << ::testing::PrintToString(r.warnings);
  EXPECT_TRUE(any_contains(r.warnings, "task coffe-mbpp-9-odd-name has no correctness tests"));
  EXPECT_TRUE(any_contains(r.warnings,
                           "datasets/file/testcases.json: Read two integers and "
                           "print their sum.: no entry: task coffe-code-contests-x-1 "
                           "has no correctness tests"));
  // Without the file at all, every file-level task is warned about.
  TempDir tmp;
  const fs::path checkout = copy_checkout(tmp.path());
  fs::remove(checkout / "datasets/file/testcases.json");
  const CoffeImport r2 = import_coffe(checkout, tmp.path() / "out");
  EXPECT_TRUE(any_contains(r2.warnings,
                           "datasets/file/testcases.json is absent: task "
                           "coffe-codeforces-0 has no correctness tests"));
}

TEST(CoffeImport, GeneratorsPrintTheSeedthStressfulInput) {
  TempDir out;
  const CoffeImport r = import_coffe(coffe_fixture(), out.path());
  const std::vector<std::string> stress = {"stress"};
  const Task add = load_task(r.task_dirs[0]);
  EXPECT_EQ(generated(add, stress, 1), "[[1, 2, 3]]\n");
  EXPECT_EQ(generated(add, stress, 2), "[[100000000000000000000, -5]]\n");  // a tuple of args
  const Task first = load_task(r.task_dirs[1]);
  EXPECT_EQ(generated(first, stress, 2), "[7]\n");
  EXPECT_EQ(generated(first, {"test"}, 1), "[3]\n");
  EXPECT_EQ(generated(first, {"test"}, 2), "[0]\n");
  // File level: the SEED-th generate_input() after random.seed(1024), as COFFE runs it.
  const Task cf = load_task(r.task_dirs[3]);
  const std::string text = generated(cf, stress, 1);
  EXPECT_EQ(text, generated(cf, stress, 1));
  EXPECT_EQ(text, testing::run_python_check("coffe/seed1024.py"));
  EXPECT_EQ(generated(cf, stress, 2), "2000\n");
}

TEST(CoffeImport, ImportedTasksValidate) {
  TempDir out, cache;
  import_coffe(coffe_fixture(), out.path());
  const ValidateReport r = testing::validate_imported(out.path(), cache.path());
  EXPECT_TRUE(r.ok()) << testing::error_lines(r);
  EXPECT_EQ(r.tasks, 5u);
}

TEST(CoffeImport, PromptsJsonSaysWhichFieldKeysTheFiles) {
  TempDir tmp;
  const fs::path checkout = copy_checkout(tmp.path());
  const fs::path dir = checkout / "datasets/function";
  EXPECT_EQ(read_coffe_subset(checkout, "function").records[0].key.substr(0, 17),
            "Complete add_all.");
  // A checkout whose files are keyed by the code prompt instead.
  const auto data = nlohmann::json::parse(testing::slurp(dir / "data.json"));
  nlohmann::json prompts = nlohmann::json::array();
  for (const auto& rec : data) prompts.push_back(rec["prompt"]);
  testing::write(dir / "prompts.json", prompts.dump());
  for (const char* name : {"best_solutions.json", "stressful_testcases.json"}) {
    const auto by_final = nlohmann::json::parse(testing::slurp(dir / name));
    nlohmann::json by_prompt;
    for (const auto& rec : data)
      by_prompt[rec["prompt"].get<std::string>()] =
          by_final[rec["final_prompt"].get<std::string>()];
    testing::write(dir / name, by_prompt.dump());
  }
  fs::remove(dir / "testcases.json");
  EXPECT_EQ(read_coffe_subset(checkout, "function").records[0].key,
            "def add_all(xs):\n    \"\"\"Sum of xs.\"\"\"\n");
  const CoffeImport r = import_coffe(checkout, tmp.path() / "out");
  EXPECT_EQ(r.task_dirs.size(), 5u);
  testing::write(dir / "prompts.json", "{}");
  EXPECT_THROW(read_coffe_subset(checkout, "function"), Error);
}

TEST(CoffeImport, MalformedFilesNameFileAndLineOrKey) {
  TempDir tmp;
  const fs::path checkout = copy_checkout(tmp.path());
  auto error_of = [&] {
    try {
      import_coffe(checkout, tmp.path() / "out");
    } catch (const Error& e) {
      EXPECT_EQ(e.kind(), ErrorKind::Input);
      return std::string(e.what());
    }
    ADD_FAILURE() << "accepted";
    return std::string();
  };
  const fs::path best = checkout / "datasets/function/best_solutions.json";
  const std::string good = testing::slurp(best);
  testing::write(best, "{\n \"x\": [\"code\", true],\n oops\n}\n");
  EXPECT_NE(error_of().find("datasets/function/best_solutions.json:3: malformed JSON"),
            std::string::npos)
      << error_of();
  testing::write(best, "{\"Write count_ones(xs), the number of 1s in xs.\": [\"code\"]}");
  EXPECT_NE(error_of().find("best_solutions.json: Write count_ones(xs), the number of 1s in xs.: "
                            "expected [code, valid]"),
            std::string::npos)
      << error_of();
  testing::write(best, good);
  testing::write(checkout / "datasets/function/data.json",
                 "[{\"task_id\": \"a\", \"entry_point\": \"1x\", \"prompt\": \"\", "
                 "\"final_prompt\": \"p\"}]");
  EXPECT_NE(error_of().find("data.json: [0]: entry_point is not a Python identifier"),
            std::string::npos)
      << error_of();
  EXPECT_THROW(import_coffe(tmp.path() / "nothing", tmp.path() / "out"), Error);
}

TEST(CoffeSamples, ModelOutputsBecomeRawSamples) {
  TempDir out;
  const fs::path jsonl = out.path() / "samples.jsonl";
  const CoffeSamples r = convert_coffe_samples(coffe_fixture() / "examples/function/Model-X.json",
                                               coffe_fixture(), jsonl);
  EXPECT_EQ(r.model, "Model-X");
  EXPECT_EQ(r.samples, 3u);
  EXPECT_TRUE(r.warnings.empty());
  std::istringstream lines(testing::slurp(jsonl));
  std::vector<nlohmann::json> got;
  for (std::string line; std::getline(lines, line);) got.push_back(nlohmann::json::parse(line));
  ASSERT_EQ(got.size(), 3u);
  EXPECT_EQ(got[0]["task_id"], "coffe-humaneval-0");
  EXPECT_EQ(got[0]["model"], "Model-X");
  EXPECT_EQ(got[0]["sample_id"], 0);
  EXPECT_EQ(got[0]["raw"], true);
  EXPECT_EQ(got[0]["completion"], "```python\ndef add_all(xs):\n    return sum(xs)\n```");
  EXPECT_EQ(got[1]["sample_id"], 1);
  EXPECT_EQ(got[2]["task_id"], "coffe-mbpp-7");

  const CoffeSamples f =
      convert_coffe_samples(coffe_fixture() / "examples/file/Model-X.json", coffe_fixture(), jsonl);
  EXPECT_EQ(f.samples, 1u);
  const auto line = nlohmann::json::parse(testing::slurp(jsonl));
  EXPECT_EQ(line["task_id"], "coffe-code-contests-x-1");
  EXPECT_TRUE(line.contains("solution"));
}

TEST(CoffeSamples, UnknownPromptsAreWarnedAndBadShapesAreErrors) {
  TempDir tmp;
  const fs::path checkout = copy_checkout(tmp.path());
  const fs::path model = checkout / "examples/function/M.json";
  testing::write(model, "{\"no such prompt\": [[\"x\"], true]}");
  const CoffeSamples r = convert_coffe_samples(model, checkout, tmp.path() / "s.jsonl");
  EXPECT_EQ(r.samples, 0u);
  EXPECT_TRUE(any_contains(r.warnings, "M.json: no such prompt: no record of"));
  testing::write(model, "{\"no such prompt\": [\"x\", true]}");
  try {
    convert_coffe_samples(model, checkout, tmp.path() / "s.jsonl");
    ADD_FAILURE() << "accepted";
  } catch (const Error& e) {
    EXPECT_NE(
        std::string(e.what()).find("M.json: no such prompt: expected [[response, ...], valid]"),
        std::string::npos)
        << e.what();
  }
}

}  // namespace
}  // namespace pj::harness
