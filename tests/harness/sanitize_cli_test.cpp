// `perfjudge sanitize` end to end: streaming JSONL in, one line per sample out, bad lines
// reported with file:line while the rest go on.
#include <gtest/gtest.h>

#include <filesystem>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "common/files.hpp"
#include "common/launch.hpp"
#include "core/temp_dir.hpp"

namespace {

namespace fs = std::filesystem;
using nlohmann::json;

using pj::test::write_text;

// A program task and a function task, just complete enough for the task loader.
void make_tasks(const fs::path& root) {
  write_text(root / "sum/task.toml",
             "id = \"sum\"\ntitle = \"Sum\"\nstatement = \"statement.md\"\nkind = \"program\"\n"
             "languages = [\"cpp\", \"python\"]\naliases = [\"Demo/0\"]\n"
             "[tests]\ndir = \"tests\"\n"
             "[[references]]\nname = \"ref\"\nfile = \"ref/ok.py\"\nlevel = \"naive\"\n");
  write_text(root / "sum/statement.md", "Sum two numbers.\n");
  write_text(root / "sum/tests/a.in", "1 2\n");
  write_text(root / "sum/tests/a.out", "3\n");
  write_text(root / "sum/ref/ok.py", "print(sum(map(int, input().split())))\n");
  write_text(root / "add/task.toml",
             "id = \"add\"\ntitle = \"Add\"\nstatement = \"statement.md\"\nkind = \"function\"\n"
             "entry_point = \"add\"\nprompt = \"prompt.py\"\n"
             "[tests]\ndir = \"tests\"\n"
             "[[references]]\nname = \"ref\"\nfile = \"ref/ok.py\"\nlevel = \"naive\"\n");
  write_text(root / "add/statement.md", "Add two numbers.\n");
  write_text(root / "add/prompt.py", "def add(a, b):\n");
  write_text(root / "add/tests/a.json", "{\"args\": [1, 2], \"expected\": 3}\n");
  write_text(root / "add/ref/ok.py", "def add(a, b):\n    return a + b\n");
}

struct CliRun {
  int status = -1;
  std::vector<json> lines;
  std::string err;
};

CliRun run_cli(const fs::path& dir, const std::string& samples) {
  write_text(dir / "samples.jsonl", samples);
  const auto done =
      pj::test::perfjudge({"sanitize", "--tasks", (dir / "tasks").string(), "--samples",
                           (dir / "samples.jsonl").string(), "-o", (dir / "out.jsonl").string()});
  CliRun r;
  r.status = done.status;
  std::istringstream out(pj::test::read_text(dir / "out.jsonl"));
  for (std::string line; std::getline(out, line);) r.lines.push_back(json::parse(line));
  r.err = done.err;
  return r;
}

TEST(SanitizeCli, WritesOneLinePerSampleAndReportsBadLines) {
  pj::TempDir dir("pj-sanitize-cli");
  make_tasks(dir.path() / "tasks");
  const std::string samples =
      R"({"task_id": "sum", "model": "m1", "sample_id": "s1", "solution": "Here:\n```cpp\n#include <iostream>\nint main(){int a,b;std::cin>>a>>b;std::cout<<a+b;}\n```\nDone."})"
      "\n"
      R"({"task_id": "Demo/0", "solution": "I cannot answer that."})"
      "\n"
      "{not json\n"
      "\n"
      R"({"task_id": "nope\u001b[31m", "solution": "x"})"
      "\n"
      R"({"task_id": "add", "completion": "    return a + b\n\nprint(add(1, 2))\n"})"
      "\n";
  const CliRun r = run_cli(dir.path(), samples);
  EXPECT_EQ(r.status, 2) << r.err;  // bad lines make the command fail, after finishing
  ASSERT_EQ(r.lines.size(), 3u) << r.err;

  EXPECT_EQ(r.lines[0]["sample_id"], "s1");
  EXPECT_EQ(r.lines[0]["model"], "m1");
  EXPECT_EQ(r.lines[0]["language"], "cpp");
  EXPECT_EQ(r.lines[0]["solution"],
            "#include <iostream>\nint main(){int a,b;std::cin>>a>>b;std::cout<<a+b;}\n");
  EXPECT_EQ(r.lines[0]["sanitize"]["block_chosen"], 1);
  EXPECT_FALSE(r.lines[0].contains("verdict"));
  EXPECT_EQ(r.lines[0]["raw"], false);

  EXPECT_EQ(r.lines[1]["task_id"], "sum");  // the alias resolves to the task id
  EXPECT_EQ(r.lines[1]["verdict"], "NO_CODE");
  // Still raw, so that `perfjudge run` on this output judges it NO_CODE again.
  EXPECT_EQ(r.lines[1]["raw"], true);
  EXPECT_EQ(r.lines[1]["solution"], "I cannot answer that.");
  EXPECT_EQ(r.lines[1]["raw_response"], "I cannot answer that.");

  // A completion continues the task's prompt; the example print is dropped.
  EXPECT_EQ(r.lines[2]["solution"], "def add(a, b):\n    return a + b\n");
  EXPECT_FALSE(r.lines[2].contains("completion"));

  // The same parser as `perfjudge run`, so the same message.
  EXPECT_NE(r.err.find("samples.jsonl:3: malformed JSON"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("samples.jsonl:5: unknown task 'nope\\x1b[31m'"), std::string::npos)
      << r.err;
  EXPECT_NE(r.err.find("2 with code, 1 NO_CODE, 2 bad line(s)"), std::string::npos) << r.err;
}

TEST(SanitizeCli, CleanFileExitsZeroAndRawMayHoldTheResponse) {
  pj::TempDir dir("pj-sanitize-cli");
  make_tasks(dir.path() / "tasks");
  const CliRun r = run_cli(dir.path(), R"({"task_id": "sum", "raw": "```py\nprint(1)\n```"})"
                                       "\n");
  EXPECT_EQ(r.status, 0) << r.err;
  ASSERT_EQ(r.lines.size(), 1u);
  EXPECT_EQ(r.lines[0]["verdict"], "NO_CODE");  // prints but never reads the input
}

// `sanitize` reads a record by the rule `perfjudge run` reads it (harness/samples/samples.hpp): a
// raw flag without any text is the model's empty answer, a field of the wrong type a bad line.
TEST(SanitizeCli, ReadsRecordsByTheRuleOfRun) {
  pj::TempDir dir("pj-sanitize-cli");
  make_tasks(dir.path() / "tasks");
  const CliRun r = run_cli(dir.path(), R"({"task_id": "sum", "raw": true})"
                                       "\n"
                                       R"({"task_id": "sum", "model": 7, "solution": "x"})"
                                       "\n");
  EXPECT_EQ(r.status, 2) << r.err;
  ASSERT_EQ(r.lines.size(), 1u) << r.err;
  EXPECT_EQ(r.lines[0]["verdict"], "NO_CODE");
  EXPECT_EQ(r.lines[0]["raw_response"], "");
  EXPECT_NE(r.err.find("samples.jsonl:2: field 'model' must be a string"), std::string::npos)
      << r.err;
  EXPECT_NE(r.err.find("1 NO_CODE, 1 bad line(s)"), std::string::npos) << r.err;
}

}  // namespace
