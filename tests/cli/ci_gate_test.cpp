// scripts/ci-gate, the script docs/ci-example.yml runs, end to end on the bundled example
// (examples/ci-gate): the gate must catch the known regression and pass the unchanged build.
// Instruction counts make both outcomes independent of the machine's speed and load.
#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "common/files.hpp"
#include "common/launch.hpp"

namespace {

namespace fs = std::filesystem;

struct Gate {
  int exit_code = -1;
  std::string output, markdown, junit;
};

using pj::test::read_text;

Gate ci_gate(const std::string& new_source, const fs::path& out) {
  const fs::path src = PJ_SOURCE_DIR;
  const fs::path example = src / "examples" / "ci-gate";
  const fs::path work = fs::path(PJ_TEST_WORK_DIR) / "ci-gate";
  fs::remove_all(out);
  const auto r = pj::test::run_process(
      {"/bin/bash", (src / "scripts" / "ci-gate").string(), "--perfjudge", PJ_PERFJUDGE_EXE,
       "--tasks", (example / "task").string(), "--old", (example / "old.cpp").string(), "--new",
       (example / new_source).string(), "--out", out.string(), "--cache",
       (work / "cache").string()},
      pj::test::merged_output());
  Gate g;
  g.output = r.out;
  g.exit_code = r.status;
  g.markdown = read_text(out / "gate.md");
  g.junit = read_text(out / "gate.xml");
  return g;
}

TEST(CiGate, CatchesTheRegressionOfTheExample) {
  const Gate g = ci_gate("new.cpp", fs::path(PJ_TEST_WORK_DIR) / "ci-gate" / "regressed");
  EXPECT_EQ(g.exit_code, 1) << g.output;
  EXPECT_NE(g.markdown.find("regression"), std::string::npos) << g.markdown;
  EXPECT_NE(g.markdown.find("on `instructions`"), std::string::npos) << g.markdown;
  EXPECT_NE(g.markdown.find("1 regression(s)"), std::string::npos) << g.markdown;
  EXPECT_NE(g.junit.find("<failure"), std::string::npos) << g.junit;
}

TEST(CiGate, PassesTheUnchangedBuild) {
  const Gate g = ci_gate("old.cpp", fs::path(PJ_TEST_WORK_DIR) / "ci-gate" / "unchanged");
  EXPECT_EQ(g.exit_code, 0) << g.output;
  EXPECT_NE(g.markdown.find("on `instructions`: 0 regression(s)"), std::string::npos) << g.markdown;
  EXPECT_EQ(g.junit.find("<failure"), std::string::npos) << g.junit;
}

TEST(CiGate, BadArgumentsAreAnErrorWithExitCode2) {
  const auto r = pj::test::run_process(
      {"/bin/bash", pj::test::source_path("scripts/ci-gate").string(), "--tasks", "/no/such/dir",
       "--old", "a.cpp", "--new", "b.cpp", "--perfjudge", "/bin/false"},
      pj::test::merged_output());
  const std::string& out = r.out;
  EXPECT_EQ(r.status, 2) << out;
  EXPECT_NE(out.find("ci-gate: error: /no/such/dir: no such file or directory"), std::string::npos)
      << out;
}

// The example workflow runs the tested script rather than its own copy of the steps.
TEST(CiGate, TheExampleWorkflowCallsTheScript) {
  const std::string yml = read_text(pj::test::source_path("docs/ci-example.yml"));
  EXPECT_NE(yml.find("bash perfjudge/scripts/ci-gate "), std::string::npos) << yml;
  EXPECT_EQ(yml.find("perfjudge run "), std::string::npos) << yml;
}

}  // namespace
