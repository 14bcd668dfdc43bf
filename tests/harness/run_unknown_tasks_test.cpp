// A sample file written for another suite: one error line per unknown task id, with a count,
// not one per record.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "core/temp_dir.hpp"
#include "run_test_util.hpp"

namespace {

namespace fs = std::filesystem;

TEST(RunUnknownTasks, OneLinePerUnknownTaskWithItsCount) {
  pj::TempDir dir("pj-run-unknown");
  const fs::path samples = dir.path() / "s.jsonl";
  {
    std::ofstream out(samples);
    for (int i = 0; i < 5; ++i)
      out << R"j({"task_id": "nope", "solution": "print(1)"})j"
          << "\n";
    out << R"j({"task_id": "nada", "solution": "print(1)"})j"
        << "\n";
    out << R"j({"task_id": "sum-list", "sample_id": "ok", "solution": "import sys\nd = sys.stdin.read().split()\nprint(sum(map(int, d[1:])))\n"})j"
        << "\n";
    out << R"j({"task_id": "nope", "solution": "print(1)"})j"
        << "\n";
  }
  const fs::path log = dir.path() / "log.txt";
  auto args = pj::test::quick_run_args(samples, dir.path() / "r.sqlite", dir.path() / "cache");
  args.insert(args.end(), {"--only", "sum-list"});
  pj::test::run_perfjudge(args, log);
  std::ifstream in(log);
  std::stringstream ss;
  ss << in.rdbuf();
  const std::string text = ss.str();
  const std::string file = samples.string();
  EXPECT_NE(text.find("perfjudge: error: " + file + ":1: unknown task 'nope' (6 records)\n"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("perfjudge: error: " + file + ":6: unknown task 'nada' (1 record)\n"),
            std::string::npos)
      << text;
  std::size_t lines = 0;
  for (std::size_t at = 0; (at = text.find("unknown task", at)) != std::string::npos; ++at) ++lines;
  EXPECT_EQ(lines, 2u) << text;
}

}  // namespace
