// scripts/demo (`make run`) with a stand-in for perfjudge that records its calls: the demo
// runs the demo suite at every level, writes the HTML report and ends with the three lines
// that say what the columns mean, where the report is and what to try next.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "common/files.hpp"
#include "common/launch.hpp"
#include "core/temp_dir.hpp"

namespace {

namespace fs = std::filesystem;

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
  const auto r = pj::test::run_process(
      {"/bin/bash", pj::test::source_path("scripts/demo").string(), stub.string(), db.string()},
      pj::test::merged_output());
  const std::string& out = r.out;
  ASSERT_EQ(r.status, 0) << out;

  const std::string log = pj::test::read_text(calls);
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
