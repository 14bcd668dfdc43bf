#include <gtest/gtest.h>

#include <regex>
#include <string>

#include "common/launch.hpp"

namespace {

using pj::test::perfjudge;

TEST(Version, PrintsVersionAndTheBuiltCommit) {
  const auto r = perfjudge({"--version"});
  EXPECT_EQ(r.status, 0);
  std::smatch m;
  ASSERT_TRUE(std::regex_search(
      r.out, m, std::regex(R"(^perfjudge (\d+\.\d+\.\d+) \(([0-9a-f]{12}|unknown)(-dirty)?\))")))
      << r.out;
  const auto git = pj::test::run_process(
      {"/usr/bin/git", "-C", PJ_SOURCE_DIR, "rev-parse", "--short=12", "HEAD"});
  std::string head = git.out;
  if (git.status == 0 && !head.empty()) {
    head.erase(head.find_last_not_of('\n') + 1);
    EXPECT_EQ(m[2].str(), head);
  }
}

TEST(Version, UnknownSubcommandIsAUsageErrorWithExitCode2) {
  EXPECT_EQ(perfjudge({"no-such-command"}).status, 2);
}

TEST(Version, MissingSubcommandIsAUsageError) {
  EXPECT_EQ(perfjudge({}).status, 2);
}

}  // namespace
