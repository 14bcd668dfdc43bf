// A function task's inputs are converted once per task into marshals (convert_requests), which
// the session driver decodes inside each call's window: a candidate must get the same
// arguments from a marshal as from the JSON text, and a value that marshal would not rebuild
// alike (a set) or an input that is no argument list stays JSON.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "core/temp_dir.hpp"
#include "harness/task/execute.hpp"
#include "harness/task/function_stress.hpp"
#include "task_test_util.hpp"

namespace pj::harness {
namespace {

// Every argument's exact type and value, nested: tuples, dicts with non-string keys, bytes,
// big integers, a complex and a nan come back as what they were.
const char* kShowArgs =
    "def f(*args):\n"
    "    def shape(v):\n"
    "        if isinstance(v, (list, tuple)):\n"
    "            return [type(v).__name__, [shape(x) for x in v]]\n"
    "        if isinstance(v, dict):\n"
    "            return ['dict', [[shape(k), shape(x)] for k, x in v.items()]]\n"
    "        return [type(v).__name__, repr(v)]\n"
    "    return shape(list(args))\n";

const std::string kPlain =
    R"([[1, 2, 3], {"$tuple": [1, "a"]}, {"$dict": [[5, "five"], [{"$tuple": [1, 2]}, null]]},)"
    R"( {"k": [true, 2.5]}, {"$bytes": "00ff"}, 123456789012345678901234567890,)"
    R"( {"$float": "nan"}, {"$complex": [1.0, -2.0]}, "h\u00e9llo"])";
const std::string kWithSet = R"([{"$set": [3, 1, 2]}])";
const std::string kTooDeep = "[" + std::string(3000, '[') + std::string(3001, ']');
const std::string kNotAList = R"({"a": 1})";

class SessionConvert : public ::testing::Test {
 protected:
  std::vector<std::string> converted(std::vector<std::string> requests,
                                     const std::string& extra_argument = "") {
    std::vector<std::vector<std::string>> levels{std::move(requests)};
    Runnable baseline = baseline_runnable(task_, builder_);
    if (!extra_argument.empty()) baseline.argv.push_back(extra_argument);
    convert_requests(task_, baseline, 20, scratch_.path(), levels);
    return levels.front();
  }
  // The outputs of one session of kShowArgs over the requests, each called once.
  std::vector<std::string> outputs(const std::vector<std::string>& requests) {
    const BuildResult b = prepare(task_, builder_, "python", kShowArgs);
    EXPECT_TRUE(b.ok) << b.diagnostics;
    sandbox::CallPlan plan;
    plan.call_cpu_seconds = 20;
    plan.requests = requests;
    ExecOptions eo;
    const sandbox::Result r = run_session(b.runnable, eo, std::move(plan), 20, scratch_.path());
    EXPECT_EQ(r.verdict, sandbox::Verdict::OK) << r.message;
    std::vector<std::string> out;
    for (const auto& c : r.calls) out.push_back(c.output ? *c.output : "(none)");
    return out;
  }
  Task task_ = testing::python_function_task();
  TempDir cache_;
  TempDir scratch_;
  Builder builder_{cache_.path()};
};

TEST_F(SessionConvert, PlainValuesBecomeMarshalsTheRestStayJson) {
  const std::vector<std::string> in{kPlain, kWithSet, kTooDeep, kNotAList};
  const std::vector<std::string> out = converted(in);
  ASSERT_EQ(out.size(), 4u);
  ASSERT_FALSE(out[0].empty());
  EXPECT_EQ(out[0][0], '\0') << "the plain input was not converted";
  EXPECT_EQ(out[1], kWithSet);
  EXPECT_EQ(out[2], kTooDeep);
  EXPECT_EQ(out[3], kNotAList);
}

TEST_F(SessionConvert, ACandidateGetsTheSameArgumentsFromTheMarshalAsFromTheJson) {
  const std::vector<std::string> marshalled = converted({kPlain});
  ASSERT_EQ(marshalled.front()[0], '\0');
  const std::vector<std::string> out = outputs({kPlain, marshalled.front()});
  ASSERT_EQ(out.size(), 2u);
  ASSERT_EQ(out[0][0], '\0') << out[0];
  EXPECT_EQ(out[0], out[1]);
  // The shapes are really there: the tuple, the int key, the bytes, the big integer, the nan
  // and the complex.
  for (const char* part : {"\"tuple\"", "[\"int\", \"5\"]", "b'\\\\x00\\\\xff'",
                           "123456789012345678901234567890", "nan", "(1-2j)"})
    EXPECT_NE(out[0].find(part), std::string::npos) << part << " in " << out[0];
}

TEST_F(SessionConvert, AFailedConversionLeavesEveryRequestAsItWas) {
  const std::vector<std::string> in{kPlain};
  // The driver refuses its command line: the session ends at once, with status 2.
  EXPECT_EQ(converted(in, "--no-such-option"), in);
}

}  // namespace
}  // namespace pj::harness
