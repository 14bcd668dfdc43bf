// scripts/demo (`make run`) with a stand-in for perfjudge that records its calls: the demo
// runs the demo suite at every level, writes the HTML report and ends with the three lines
// that say what the columns mean, where the report is and what to try next.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "core/temp_dir.hpp"

namespace {

namespace fs = std::filesystem;

std::string slurp(const fs::path& p) {
  std::ifstream in(p);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> out;
  std::stringstream ss(text);
  for (std::string line; std::getline(ss, line);) out.push_back(line);
  return out;
}

TEST(DemoScript, RunsTheDemoSuiteWritesHtmlAndEndsWithThreeLines) {
  pj::TempDir dir("pj-demo-script");
  const fs::path stub = dir.path() / "perfjudge";
  const fs::path calls = dir.path() / "calls.txt";
  {
    std::ofstream out(stub);
    out << "#!/bin/bash\necho \"$*\" >> '" << calls.string() << "'\n"
        << "prev=\nfor a in \"$@\"; do [ \"$prev\" = -o ] && echo '<html></html>' > \"$a\"; "
           "prev=$a; done\nexit 0\n";
  }
  fs::permissions(stub, fs::perms::owner_all);
  const fs::path db = dir.path() / "demo.sqlite";
  const std::string cmd = "bash " + std::string(PJ_SOURCE_DIR) + "/scripts/demo " + stub.string() +
                          " " + db.string() + " 2>&1";
  FILE* p = ::popen(cmd.c_str(), "r");
  ASSERT_NE(p, nullptr);
  std::string out;
  std::array<char, 4096> buf{};
  while (std::fgets(buf.data(), buf.size(), p) != nullptr) out += buf.data();
  const int status = ::pclose(p);
  ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << out;

  const std::string log = slurp(calls);
  const std::string suite = std::string(PJ_SOURCE_DIR) + "/samples/demo-tasks";
  EXPECT_NE(log.find("run --tasks " + suite), std::string::npos) << log;
  EXPECT_EQ(log.find("--levels"), std::string::npos) << log;  // every level of the demo suite
  const fs::path html = dir.path() / "demo.html";
  EXPECT_NE(log.find("report --db " + db.string() + " --format html -o " + html.string()),
            std::string::npos)
      << log;
  EXPECT_TRUE(fs::exists(html));

  const auto lines = lines_of(out);
  ASSERT_GE(lines.size(), 3u) << out;
  const auto n = lines.size();
  EXPECT_EQ(lines[n - 3].rfind("columns: pass@1 = ", 0), 0u) << out;
  EXPECT_EQ(lines[n - 2], "HTML report: " + html.string()) << out;
  EXPECT_EQ(
      lines[n - 1].rfind(
          "next: " + stub.string() + " report --db " + db.string() + " --task distinct-count", 0),
      0u)
      << out;
}

}  // namespace
