#include <gtest/gtest.h>
#include <sys/stat.h>

#include <fstream>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "core/temp_dir.hpp"
#include "harness/samples/samples.hpp"

namespace {

namespace fs = std::filesystem;
using pj::harness::RawSample;
using pj::harness::Sample;

void write(const fs::path& p, const std::string& text) {
  fs::create_directories(p.parent_path());
  std::ofstream out(p, std::ios::binary);
  out << text;
}

struct Collected {
  std::vector<RawSample> samples;
  std::vector<std::string> errors;
};

Collected read_all(const fs::path& p) {
  Collected c;
  pj::harness::read_samples(
      p, [&](RawSample&& s) { c.samples.push_back(std::move(s)); },
      [&](const std::string& e) { c.errors.push_back(e); });
  return c;
}

std::vector<pj::harness::Task> two_tasks() {
  std::vector<pj::harness::Task> v(2);
  v[0].id = "sum";
  v[0].kind = pj::harness::TaskKind::Program;
  v[0].languages = {"cpp", "python"};
  v[0].default_language = "cpp";
  v[1].id = "humaneval-3";
  v[1].kind = pj::harness::TaskKind::Function;
  v[1].languages = {"python"};
  v[1].default_language = "python";
  v[1].aliases = {"HumanEval/3", "3"};
  v[1].entry_point = "below_zero";
  v[1].prompt = "def below_zero(ops):\n    \"\"\"doc\"\"\"\n";
  return v;
}

TEST(SamplesRead, JsonlFieldsAndBadLinesAreReportedWithFileAndLine) {
  pj::TempDir dir;
  const fs::path f = dir.path() / "s.jsonl";
  write(f,
        "{\"task_id\":\"sum\",\"solution\":\"int main(){}\",\"model\":\"m1\",\"sample_id\":7}\n"
        "not json\n"
        "\n"
        "{\"task_id\":\"sum\",\"completion\":\"x\",\"language\":\"python\"}\n"
        "{\"solution\":\"x\"}\n"
        "{\"task_id\":\"sum\",\"raw\":\"```cpp\\nint main(){}\\n```\"}\n"
        "{\"task_id\":\"sum\",\"solution\":\"\xff\xfe\"}\n"
        "[1,2]\n");
  const Collected c = read_all(f);
  ASSERT_EQ(c.samples.size(), 3u);
  EXPECT_EQ(c.samples[0].task_ref, "sum");
  EXPECT_EQ(c.samples[0].model, "m1");
  EXPECT_EQ(c.samples[0].sample_id, "7");
  EXPECT_EQ(c.samples[0].text, "int main(){}");
  EXPECT_FALSE(c.samples[0].completion);
  EXPECT_EQ(c.samples[0].origin, f.string() + ":1");
  EXPECT_TRUE(c.samples[1].completion);
  EXPECT_EQ(c.samples[1].language, "python");
  EXPECT_TRUE(c.samples[2].raw);
  EXPECT_EQ(c.samples[2].origin, f.string() + ":6");
  ASSERT_EQ(c.errors.size(), 4u);
  EXPECT_NE(c.errors[0].find(f.string() + ":2: malformed JSON"), std::string::npos) << c.errors[0];
  EXPECT_NE(c.errors[1].find(":5: missing 'task_id'"), std::string::npos) << c.errors[1];
  EXPECT_NE(c.errors[2].find(":7: not valid UTF-8"), std::string::npos) << c.errors[2];
  EXPECT_NE(c.errors[3].find(":8: expected a JSON object"), std::string::npos) << c.errors[3];
  for (const auto& e : c.errors) EXPECT_EQ(e.find('\n'), std::string::npos);
}

TEST(SamplesRead, EnamelObjectAndListFormsStream) {
  pj::TempDir dir;
  const fs::path obj = dir.path() / "e.json";
  write(obj,
        "{\"3\": [\"def below_zero(ops):\\n    return False\\n\", \"    return True\\n\"],"
        " \"x\": [\"a\"], \"5\": [7]}");
  const Collected c = read_all(obj);
  ASSERT_EQ(c.samples.size(), 2u);
  EXPECT_EQ(*c.samples[0].enamel_index, 3);
  EXPECT_EQ(c.samples[0].sample_id, "0");
  EXPECT_EQ(c.samples[1].sample_id, "1");
  ASSERT_EQ(c.errors.size(), 2u);
  EXPECT_NE(c.errors[0].find("'x' is not a problem index"), std::string::npos) << c.errors[0];
  EXPECT_NE(c.errors[1].find("problem 5"), std::string::npos) << c.errors[1];

  const fs::path list = dir.path() / "l.json";
  write(list, "[[\"a\"], [], [\"b\", \"c\"]]");
  const Collected l = read_all(list);
  ASSERT_EQ(l.samples.size(), 3u);
  EXPECT_EQ(*l.samples[0].enamel_index, 0);
  EXPECT_EQ(*l.samples[1].enamel_index, 2);
  EXPECT_EQ(l.samples[2].sample_id, "1");
  EXPECT_TRUE(l.errors.empty());
}

TEST(SamplesRead, MalformedEnamelJsonIsOneLineError) {
  pj::TempDir dir;
  const fs::path f = dir.path() / "bad.json";
  write(f, "{\"1\": [\"a\", ");
  try {
    read_all(f);
    FAIL() << "no error";
  } catch (const pj::Error& e) {
    EXPECT_NE(std::string(e.what()).find(f.string()), std::string::npos);
    EXPECT_NE(std::string(e.what()).find("malformed JSON"), std::string::npos);
  }
}

TEST(SamplesRead, DirectoryLayoutGivesModelTaskAndNumericOrder) {
  pj::TempDir dir;
  write(dir.path() / "gpt" / "sum" / "10.cpp", "int main(){}");
  write(dir.path() / "gpt" / "sum" / "2.py", "print(1)");
  write(dir.path() / "gpt" / "stray.txt", "x");
  const Collected c = read_all(dir.path());
  ASSERT_EQ(c.samples.size(), 2u);
  EXPECT_EQ(c.samples[0].sample_id, "2");
  EXPECT_EQ(c.samples[0].extension, ".py");
  EXPECT_EQ(c.samples[0].model, "gpt");
  EXPECT_EQ(c.samples[1].sample_id, "10");
  EXPECT_EQ(c.samples[1].task_ref, "sum");
  ASSERT_EQ(c.errors.size(), 1u);
  EXPECT_NE(c.errors[0].find("stray.txt"), std::string::npos);
}

TEST(SamplesRead, SingleSourceFileAndExecutable) {
  pj::TempDir dir;
  write(dir.path() / "prog.cpp", "int main(){}");
  Collected c = read_all(dir.path() / "prog.cpp");
  ASSERT_EQ(c.samples.size(), 1u);
  EXPECT_EQ(c.samples[0].extension, ".cpp");
  EXPECT_EQ(c.samples[0].text, "int main(){}");
  EXPECT_FALSE(c.samples[0].executable);

  const fs::path exe = dir.path() / "prog";
  write(exe, "#!/bin/sh\necho 1\n");
  ::chmod(exe.c_str(), 0755);
  c = read_all(exe);
  ASSERT_EQ(c.samples.size(), 1u);
  ASSERT_TRUE(c.samples[0].executable);
  EXPECT_EQ(*c.samples[0].executable, exe);
}

TEST(SamplesResolve, TaskLanguageAndPrompt) {
  const auto tasks = two_tasks();
  const pj::harness::TaskIndex index(tasks);
  std::vector<std::string> errors;
  auto on_error = [&](const std::string& e) { errors.push_back(e); };

  RawSample a;
  a.task_ref = "sum";
  a.text = "int main(){}";
  a.origin = "f:1";
  auto s = pj::harness::resolve_sample(std::move(a), index, "dflt", on_error);
  ASSERT_TRUE(s);
  EXPECT_EQ(s->language, "cpp");  // task default
  EXPECT_EQ(s->model, "dflt");

  RawSample b;
  b.task_ref = "HumanEval/3";
  b.text = "    return False\n";
  b.completion = true;
  b.origin = "f:2";
  s = pj::harness::resolve_sample(std::move(b), index, "m", on_error);
  ASSERT_TRUE(s);
  EXPECT_EQ(s->task->id, "humaneval-3");
  EXPECT_EQ(s->source, tasks[1].prompt + "    return False\n");

  RawSample e;  // ENAMEL body without the header gets the prompt; a full function does not
  e.enamel_index = 3;
  e.text = "def below_zero(ops):\n    return False\n";
  s = pj::harness::resolve_sample(std::move(e), index, "m", on_error);
  ASSERT_TRUE(s);
  EXPECT_EQ(s->source, "def below_zero(ops):\n    return False\n");
  EXPECT_TRUE(errors.empty());

  RawSample x;
  x.task_ref = "sum";
  x.text = "print(1)";
  x.extension = ".py";
  s = pj::harness::resolve_sample(std::move(x), index, "m", on_error);
  ASSERT_TRUE(s);
  EXPECT_EQ(s->language, "python");
}

// A raw completion continues the prompt only when it is a bare body, by the rule `perfjudge
// sanitize` also uses; an empty raw response is the model's answer (NO_CODE later), not bad input.
TEST(SamplesResolve, RawCompletionsAndEmptyRawResponses) {
  const auto tasks = two_tasks();
  const pj::harness::TaskIndex index(tasks);
  std::vector<std::string> errors;
  auto on_error = [&](const std::string& e) { errors.push_back(e); };
  auto raw_completion = [](std::string text) {
    RawSample r;
    r.task_ref = "HumanEval/3";
    r.text = std::move(text);
    r.completion = true;
    r.raw = true;
    r.origin = "f:3";
    return r;
  };
  auto s = pj::harness::resolve_sample(raw_completion("    return False\n\nprint(1)\n"), index, "m",
                                       on_error);
  ASSERT_TRUE(s);
  EXPECT_EQ(s->source, tasks[1].prompt + "    return False\n\nprint(1)\n");
  s = pj::harness::resolve_sample(raw_completion("Here:\n```python\ndef below_zero(o):\n```\n"),
                                  index, "m", on_error);
  ASSERT_TRUE(s);
  EXPECT_EQ(s->source, "Here:\n```python\ndef below_zero(o):\n```\n");
  EXPECT_TRUE(pj::harness::continues_prompt(tasks[1], "    return 1\n", true));
  EXPECT_FALSE(pj::harness::continues_prompt(tasks[1], "def below_zero(ops):\n  pass\n", true));
  EXPECT_FALSE(pj::harness::continues_prompt(tasks[0], "    return 1\n", true));  // a program

  RawSample empty;
  empty.task_ref = "sum";
  empty.text = " \n";
  empty.raw = true;
  s = pj::harness::resolve_sample(std::move(empty), index, "m", on_error);
  ASSERT_TRUE(s);
  EXPECT_TRUE(s->raw);
  EXPECT_TRUE(errors.empty()) << errors.front();
}

TEST(SamplesResolve, BadSamplesAreOneLineErrors) {
  const auto tasks = two_tasks();
  const pj::harness::TaskIndex index(tasks);
  std::vector<std::string> errors;
  auto on_error = [&](const std::string& e) { errors.push_back(e); };
  auto make = [](std::string task, std::string text, std::optional<std::string> lang) {
    RawSample r;
    r.task_ref = std::move(task);
    r.text = std::move(text);
    r.language = std::move(lang);
    r.origin = "f.jsonl:9";
    return r;
  };
  EXPECT_FALSE(pj::harness::resolve_sample(make("nope\x1b", "x", {}), index, "m", on_error));
  EXPECT_FALSE(pj::harness::resolve_sample(make("sum", "x", "cobol"), index, "m", on_error));
  EXPECT_FALSE(pj::harness::resolve_sample(make("sum", "  \n", {}), index, "m", on_error));
  EXPECT_FALSE(pj::harness::resolve_sample(make("sum", "\xc0\xaf", {}), index, "m", on_error));
  EXPECT_FALSE(pj::harness::resolve_sample(make("sum", "x", "rust"), index, "m", on_error));
  ASSERT_EQ(errors.size(), 5u);
  EXPECT_EQ(errors[0], "f.jsonl:9: unknown task 'nope\\x1b'");
  EXPECT_EQ(errors[1], "f.jsonl:9: unknown language 'cobol'");
  EXPECT_EQ(errors[2], "f.jsonl:9: empty solution");
  EXPECT_EQ(errors[3], "f.jsonl:9: not valid UTF-8");
  EXPECT_EQ(errors[4], "f.jsonl:9: language 'rust' is not allowed for task sum");
}

TEST(SamplesHash, ChangesWithContent) {
  pj::TempDir dir;
  write(dir.path() / "m" / "t" / "0.py", "a");
  const std::string h1 = pj::harness::samples_hash(dir.path());
  write(dir.path() / "m" / "t" / "0.py", "b");
  EXPECT_NE(pj::harness::samples_hash(dir.path()), h1);
}

}  // namespace
