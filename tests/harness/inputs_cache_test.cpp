#include <gtest/gtest.h>

#include <thread>

#include "core/error.hpp"
#include "core/temp_dir.hpp"
#include "harness/task/inputs.hpp"
#include "task_test_util.hpp"

namespace pj::harness {
namespace {

using testing::fixture;
using testing::slurp;

class InputsTest : public ::testing::Test {
 protected:
  std::string error_of(const std::function<void()>& f) {
    try {
      f();
    } catch (const Error& e) {
      EXPECT_EQ(e.kind(), ErrorKind::Input);
      return e.what();
    }
    ADD_FAILURE() << "no error";
    return "";
  }
  TempDir cache_;
  Builder builder_{cache_.path() / "builds"};
  InputCache inputs_{cache_.path() / "inputs", builder_};
};

TEST_F(InputsTest, StressInputIsTheGeneratorOutputAndIsCached) {
  const Task t = load_task(fixture("good/pair-products"));
  const auto a = inputs_.stress_input(t, 0, 1);
  const std::string text = slurp(a);
  EXPECT_EQ(text.substr(0, 3), "20\n");
  EXPECT_EQ(std::count(text.begin(), text.end(), ' '), 19);
  const auto mtime = std::filesystem::last_write_time(a);
  EXPECT_EQ(inputs_.stress_input(t, 0, 1), a);
  EXPECT_EQ(std::filesystem::last_write_time(a), mtime);  // not regenerated
  const auto b = inputs_.stress_input(t, 0, 2);
  EXPECT_NE(a, b);
  EXPECT_NE(slurp(a), slurp(b));
  EXPECT_THROW(inputs_.stress_input(t, 5, 1), Error);
}

TEST_F(InputsTest, KeyCoversTheGeneratorSource) {
  TempDir tmp;
  const auto dir = testing::copy_fixture("good/pair-products", tmp.path(), "t");
  const auto before = inputs_.stress_input(load_task(dir), 0, 1);
  testing::write(dir / "gen.py", slurp(dir / "gen.py") + "print('extra')\n");
  const auto after = inputs_.stress_input(load_task(dir), 0, 1);
  EXPECT_NE(before, after);
  EXPECT_NE(slurp(after).find("extra"), std::string::npos);
}

TEST_F(InputsTest, CrashingGeneratorNamesTaskAndFile) {
  const Task t = load_task(fixture("broken/crashing-generator"));
  const std::string e = error_of([&] { inputs_.stress_input(t, 0, 1); });
  EXPECT_NE(e.find("crashing-generator: "), std::string::npos) << e;
  EXPECT_NE(e.find("crashing-generator/gen.py: seed 1 args [20]"), std::string::npos) << e;
  EXPECT_NE(e.find("generator exploded on purpose"), std::string::npos) << e;
  EXPECT_EQ(e.find('\n'), std::string::npos);
}

TEST_F(InputsTest, NondeterministicGeneratorIsCaught) {
  const Task t = load_task(fixture("broken/nondeterministic-generator"));
  const std::vector<std::string> args50{"50"}, args20{"20"}, args30{"30"};
  const GenRun bad[] = {{&args50, 3}};
  const std::string e = error_of([&] { inputs_.generate_verified(t, bad); });
  EXPECT_NE(e.find("nondeterministic-generator/gen.py: not deterministic: seed 3 args [50]"),
            std::string::npos)
      << e;
  const Task good = load_task(fixture("good/pair-products"));
  // One pair of batches for runs of several argument lists; a run listed twice is made once.
  const GenRun runs[] = {{&args20, 1}, {&args30, 5}, {&args20, 2}, {&args20, 1}};
  const auto p = inputs_.generate_verified(good, runs);
  ASSERT_EQ(p.size(), 4u);
  EXPECT_EQ(p[0], inputs_.stress_input(good, 0, 1));  // and the verified outputs are cached
  EXPECT_EQ(p[2], inputs_.stress_input(good, 0, 2));
  EXPECT_EQ(p[3], p[0]);
  EXPECT_NE(p[1], p[0]);
  EXPECT_TRUE(std::filesystem::is_regular_file(p[1]));
}

TEST_F(InputsTest, ExpectedOutputsComeFromTestsOrTheBestReference) {
  const Task t = load_task(fixture("good/pair-products"));
  const TestCase& small = t.tests[1];
  ASSERT_EQ(small.name, "small");
  EXPECT_EQ(inputs_.test_input(t, small), small.input);
  EXPECT_EQ(inputs_.expected_output(t, small.input, &small), *small.expected);
  const TestCase& generated = t.tests[2];
  const auto in = inputs_.test_input(t, generated);
  const auto out = inputs_.expected_output(t, in, &generated);
  // 5 numbers from gen.py seed 7; the fast reference's answer is one number.
  EXPECT_EQ(slurp(in).substr(0, 2), "5\n");
  const std::string answer = slurp(out);
  ASSERT_FALSE(answer.empty());
  EXPECT_EQ(answer.back(), '\n');
  EXPECT_EQ(inputs_.expected_output(t, in, &generated), out);
}

TEST_F(InputsTest, FunctionTestsSplitArgumentsFromExpected) {
  const Task t = load_task(fixture("good/pair-sum-fn"));
  const TestCase& no = t.tests[0];
  const TestCase& yes = t.tests[1];
  const auto in_yes = inputs_.test_input(t, yes);
  EXPECT_EQ(slurp(in_yes), "[[1,2,3],5]\n");
  EXPECT_EQ(slurp(inputs_.expected_output(t, in_yes, &yes)), "{\"$tuple\":[true,5]}\n");
  const auto in_no = inputs_.test_input(t, no);
  EXPECT_EQ(slurp(in_no), "[[1,2,3],7]\n");
  EXPECT_EQ(slurp(inputs_.expected_output(t, in_no, &no)), "{\"$tuple\": [false, 7]}\n");
}

TEST_F(InputsTest, FailingBestReferenceNamesTaskAndFile) {
  TempDir tmp;
  const auto dir = testing::copy_fixture("good/pair-products", tmp.path(), "t");
  testing::write(dir / "ref/fast.py", "raise SystemExit(3)\n");
  const Task t = load_task(dir);
  const auto in = inputs_.stress_input(t, 0, 1);
  const std::string e = error_of([&] { inputs_.expected_output(t, in); });
  EXPECT_NE(e.find("pair-products: "), std::string::npos) << e;
  EXPECT_NE(e.find("ref/fast.py: the best reference fails on"), std::string::npos) << e;
  EXPECT_NE(e.find("exited with code 3"), std::string::npos) << e;
}

TEST_F(InputsTest, ConcurrentCallersShareOneInput) {
  const Task t = load_task(fixture("good/pair-products"));
  std::vector<std::filesystem::path> got(4);
  {
    std::vector<std::jthread> threads;
    for (std::size_t i = 0; i < got.size(); ++i) {
      threads.emplace_back([&, i] { got[i] = inputs_.stress_input(t, 1, 1); });
    }
  }
  for (const auto& p : got) EXPECT_EQ(p, got[0]);
  EXPECT_EQ(slurp(got[0]).substr(0, 5), "1500\n");
  // No temporary files are left behind.
  for (const auto& e : std::filesystem::recursive_directory_iterator(inputs_.root())) {
    EXPECT_EQ(e.path().filename().string().rfind(".tmp-", 0), std::string::npos) << e.path();
  }
}

}  // namespace
}  // namespace pj::harness
