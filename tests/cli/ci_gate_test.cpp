// scripts/ci-gate, the script docs/ci-example.yml runs, end to end on the bundled example
// (examples/ci-gate): the gate must catch the known regression and pass the unchanged build.
// Instruction counts make both outcomes independent of the machine's speed and load.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace {

namespace fs = std::filesystem;

struct Gate {
  int exit_code = -1;
  std::string output, markdown, junit;
};

std::string slurp(const fs::path& p) {
  std::ifstream in(p);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

Gate ci_gate(const std::string& new_source, const fs::path& out) {
  const fs::path src = PJ_SOURCE_DIR;
  const fs::path example = src / "examples" / "ci-gate";
  const fs::path work = fs::path(PJ_TEST_WORK_DIR) / "ci-gate";
  fs::remove_all(out);
  const std::string cmd = "bash '" + (src / "scripts" / "ci-gate").string() + "' --perfjudge '" +
                          PJ_PERFJUDGE_EXE + "' --tasks '" + (example / "task").string() +
                          "' --old '" + (example / "old.cpp").string() + "' --new '" +
                          (example / new_source).string() + "' --out '" + out.string() +
                          "' --cache '" + (work / "cache").string() + "' 2>&1";
  Gate g;
  FILE* p = ::popen(cmd.c_str(), "r");
  if (p == nullptr) return g;
  char buf[4096];
  for (std::size_t n; (n = std::fread(buf, 1, sizeof buf, p)) > 0;) g.output.append(buf, n);
  const int status = ::pclose(p);
  g.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  g.markdown = slurp(out / "gate.md");
  g.junit = slurp(out / "gate.xml");
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
  const std::string cmd = "bash '" + std::string(PJ_SOURCE_DIR) +
                          "/scripts/ci-gate' --tasks /no/such/dir --old a.cpp --new b.cpp "
                          "--perfjudge /bin/false 2>&1";
  FILE* p = ::popen(cmd.c_str(), "r");
  ASSERT_NE(p, nullptr);
  char buf[4096];
  std::string out;
  for (std::size_t n; (n = std::fread(buf, 1, sizeof buf, p)) > 0;) out.append(buf, n);
  const int status = ::pclose(p);
  EXPECT_EQ(WEXITSTATUS(status), 2) << out;
  EXPECT_NE(out.find("ci-gate: error: /no/such/dir: no such file or directory"), std::string::npos)
      << out;
}

// The example workflow runs the tested script rather than its own copy of the steps.
TEST(CiGate, TheExampleWorkflowCallsTheScript) {
  const std::string yml = slurp(fs::path(PJ_SOURCE_DIR) / "docs" / "ci-example.yml");
  EXPECT_NE(yml.find("bash perfjudge/scripts/ci-gate "), std::string::npos) << yml;
  EXPECT_EQ(yml.find("perfjudge run "), std::string::npos) << yml;
}

}  // namespace
