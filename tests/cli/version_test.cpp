#include <gtest/gtest.h>

#include <array>
#include <cstdio>
#include <regex>
#include <string>

namespace {

std::string capture(const std::string& cmd, int* status) {
  std::string out;
  FILE* p = ::popen(cmd.c_str(), "r");
  if (p == nullptr) return out;
  std::array<char, 4096> buf{};
  while (std::fgets(buf.data(), buf.size(), p) != nullptr) out += buf.data();
  *status = ::pclose(p);
  return out;
}

TEST(Version, PrintsVersionAndTheBuiltCommit) {
  int status = -1;
  const std::string out = capture(std::string(PJ_PERFJUDGE_EXE) + " --version", &status);
  EXPECT_EQ(WEXITSTATUS(status), 0);
  std::smatch m;
  ASSERT_TRUE(std::regex_search(
      out, m, std::regex(R"(^perfjudge (\d+\.\d+\.\d+) \(([0-9a-f]{12}|unknown)(-dirty)?\))")))
      << out;
  int git_status = -1;
  std::string head =
      capture(std::string("git -C ") + PJ_SOURCE_DIR + " rev-parse --short=12 HEAD 2>/dev/null",
              &git_status);
  if (WEXITSTATUS(git_status) == 0 && !head.empty()) {
    head.erase(head.find_last_not_of('\n') + 1);
    EXPECT_EQ(m[2].str(), head);
  }
}

TEST(Version, UnknownSubcommandIsAUsageErrorWithExitCode2) {
  int status = -1;
  capture(std::string(PJ_PERFJUDGE_EXE) + " no-such-command 2>/dev/null", &status);
  EXPECT_EQ(WEXITSTATUS(status), 2);
}

TEST(Version, MissingSubcommandIsAUsageError) {
  int status = -1;
  capture(std::string(PJ_PERFJUDGE_EXE) + " 2>/dev/null", &status);
  EXPECT_EQ(WEXITSTATUS(status), 2);
}

}  // namespace
