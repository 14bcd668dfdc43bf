// Runs every case of tests/sanitize_corpus/ through sanitize() and compares the result with
// the case's expected program or NO_CODE reason. Each case is a directory: case.toml (task
// kind, entry point, languages, expected verdict), response.md, expected.<ext>.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include <toml++/toml.h>

#include "harness/samples/sanitize.hpp"

namespace {

namespace fs = std::filesystem;
using pj::harness::Task;
using pj::harness::TaskKind;

fs::path corpus_dir() {
  return fs::path(PJ_SOURCE_DIR) / "tests" / "sanitize_corpus";
}

std::vector<std::string> case_names() {
  std::vector<std::string> names;
  for (const auto& entry : fs::directory_iterator(corpus_dir())) {
    if (fs::exists(entry.path() / "case.toml")) names.push_back(entry.path().filename());
  }
  std::sort(names.begin(), names.end());
  return names;
}

std::string read_text(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

std::string expected_program(const fs::path& dir) {
  for (const auto& entry : fs::directory_iterator(dir)) {
    if (entry.path().stem() == "expected") return read_text(entry.path());
  }
  ADD_FAILURE() << dir << " has no expected.<ext> file";
  return {};
}

Task task_of(const toml::table& c, const std::string& name) {
  Task task;
  task.id = name;
  task.kind = c["kind"].value_or(std::string("program")) == "function" ? TaskKind::Function
                                                                       : TaskKind::Program;
  task.entry_point = c["entry_point"].value_or(std::string());
  if (const auto* langs = c["languages"].as_array()) {
    for (const auto& l : *langs) task.languages.push_back(l.value_or(std::string()));
  } else if (task.kind == TaskKind::Function) {
    task.languages = {"python"};
  } else {
    task.languages = {"c", "cpp", "python", "rust", "java", "javascript"};
  }
  task.default_language = task.languages.front();
  return task;
}

class SanitizeCorpus : public ::testing::TestWithParam<std::string> {};

TEST_P(SanitizeCorpus, MatchesExpected) {
  const fs::path dir = corpus_dir() / GetParam();
  const toml::table c = toml::parse_file((dir / "case.toml").string());
  const Task task = task_of(c, GetParam());
  std::optional<std::string> hint;
  if (auto h = c["language_hint"].value<std::string>()) hint = *h;

  const auto result = pj::harness::sanitize(read_text(dir / "response.md"), task, hint);
  const std::string verdict = c["verdict"].value_or(std::string());
  ASSERT_TRUE(verdict == "OK" || verdict == "NO_CODE") << "bad verdict in " << dir;
  ASSERT_TRUE(result.report.contains("blocks_found"));
  ASSERT_TRUE(result.report.contains("notes"));
  if (verdict == "NO_CODE") {
    EXPECT_FALSE(result.ok) << "program:\n" << result.program;
    EXPECT_NE(result.reason.find(c["reason"].value_or(std::string("?"))), std::string::npos)
        << "reason: " << result.reason;
    EXPECT_TRUE(result.report["block_chosen"].is_null());
    return;
  }
  ASSERT_TRUE(result.ok) << "reason: " << result.reason << "\nreport: " << result.report.dump(2);
  EXPECT_EQ(result.program, expected_program(dir)) << "report: " << result.report.dump(2);
  EXPECT_EQ(result.language, c["language"].value_or(std::string()));
  EXPECT_EQ(result.report["language"], result.language);
  EXPECT_EQ(result.report["block_chosen"], c["block_chosen"].value_or(0));
}

INSTANTIATE_TEST_SUITE_P(Cases, SanitizeCorpus, ::testing::ValuesIn(case_names()),
                         [](const auto& info) {
                           std::string name = info.param;
                           std::replace(name.begin(), name.end(), '-', '_');
                           return name;
                         });

TEST(SanitizeCorpusCoverage, HasAtLeastFortyCasesOfBothKinds) {
  int function = 0, program = 0, no_code = 0;
  for (const auto& name : case_names()) {
    const toml::table c = toml::parse_file((corpus_dir() / name / "case.toml").string());
    (c["kind"].value_or(std::string()) == "function" ? function : program)++;
    if (c["verdict"].value_or(std::string()) == "NO_CODE") ++no_code;
  }
  EXPECT_GE(function + program, 40);
  EXPECT_GE(function, 10);
  EXPECT_GE(program, 10);
  EXPECT_GE(no_code, 5);
}

}  // namespace
