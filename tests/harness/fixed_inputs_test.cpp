// Fixed stress inputs (docs/TASK_FORMAT.md, "Fixed stress inputs"): a level that lists files
// stored in the task instead of generator arguments. The fixture tests/fixtures/tasks/fixed/
// pair-sum-fixed has two such levels and no generator.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>

#include "core/error.hpp"
#include "core/temp_dir.hpp"
#include "harness/task/inputs.hpp"
#include "harness/task/task.hpp"
#include "run_test_util.hpp"
#include "store/store.hpp"
#include "task_test_util.hpp"

namespace pj::harness {
namespace {

namespace fs = std::filesystem;
using testing::copy_fixture;
using testing::fixture;
using testing::load_error;
using testing::slurp;
using testing::write;

constexpr std::string_view kTask = "fixed/pair-sum-fixed";

// A copy of the fixture with `from` replaced by `to` in its task.toml.
fs::path edited(const TempDir& tmp, std::string_view from, std::string_view to) {
  const auto dir = copy_fixture(kTask, tmp.path(), "t");
  std::string toml = slurp(dir / "task.toml");
  const auto at = toml.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  if (at != std::string::npos) toml.replace(at, from.size(), to);
  write(dir / "task.toml", toml);
  return dir;
}

int line_of(const fs::path& toml, std::string_view needle) {
  const std::string text = slurp(toml);
  return static_cast<int>(std::count(text.begin(), text.begin() + text.find(needle), '\n')) + 1;
}

TEST(FixedInputs, LevelsLoadWithSeedsOneToN) {
  const Task t = load_task(fixture(kTask));
  EXPECT_TRUE(t.generator.empty());  // every level is fixed: no generator needed
  ASSERT_EQ(t.levels.size(), 2u);
  const StressLevel& l0 = t.levels[0];
  EXPECT_TRUE(l0.fixed());
  EXPECT_TRUE(l0.args.empty());
  EXPECT_EQ(l0.seeds, (std::vector<std::uint64_t>{1, 2}));
  ASSERT_EQ(l0.inputs.size(), 2u);
  EXPECT_EQ(l0.inputs[1], fixture(kTask) / "stress/l0-2.json");
  EXPECT_EQ(l0.input_file(2), l0.inputs[1]);
  EXPECT_THROW(l0.input_file(0), Error);
  EXPECT_THROW(l0.input_file(3), Error);
  EXPECT_EQ(t.levels[1].seeds, std::vector<std::uint64_t>{1});
  EXPECT_DOUBLE_EQ(t.levels[1].hardness, 3);
}

TEST(FixedInputs, MixedLevelIsAnErrorNamingFileAndLevel) {
  TempDir tmp;
  const auto dir = edited(tmp, "inputs = [\"stress/l1-1.json\"]",
                          "inputs = [\"stress/l1-1.json\"]\nseeds = [1]");
  const std::string err = load_error(dir);
  EXPECT_NE(err.find(fmt::format("t/task.toml:{}: stress level 1: 'inputs' cannot be combined "
                                 "with 'args' or 'seeds'",
                                 line_of(dir / "task.toml", "inputs = [\"stress/l1-1.json\"]"))),
            std::string::npos)
      << err;
  TempDir tmp2;
  const auto args = edited(tmp2, "hardness = 0", "args = [\"5\"]\nhardness = 0");
  EXPECT_NE(load_error(args).find("stress level 0: 'inputs' cannot be combined"),
            std::string::npos);
}

TEST(FixedInputs, BadListsAndMissingFilesAreErrors) {
  TempDir a, b, c;
  EXPECT_NE(load_error(edited(a, "\"stress/l1-1.json\"", "\"stress/nope.json\""))
                .find("inputs 'stress/nope.json' does not exist"),
            std::string::npos);
  EXPECT_NE(load_error(edited(b, "[\"stress/l1-1.json\"]", "[]"))
                .find("stress level 1: 'inputs' must not be empty"),
            std::string::npos);
  EXPECT_NE(load_error(edited(c, "\"stress/l1-1.json\"", "\"../../etc/passwd\""))
                .find("inputs '../../etc/passwd'"),
            std::string::npos);
}

TEST(FixedInputs, AGeneratedLevelStillNeedsAGenerator) {
  TempDir tmp;
  const auto dir = edited(tmp, "inputs = [\"stress/l1-1.json\"]", "args = [\"5\"]\nseeds = [1]");
  EXPECT_NE(load_error(dir).find("[stress] needs 'generator'"), std::string::npos)
      << load_error(dir);
}

TEST(FixedInputs, ManifestHashCoversTheInputFiles) {
  TempDir tmp;
  const auto dir = copy_fixture(kTask, tmp.path(), "t");
  const std::string before = load_task(dir).manifest_sha1;
  EXPECT_EQ(load_task(dir).manifest_sha1, before);
  write(dir / "stress/l0-2.json", "[[1, 3, 5], 9]\n");
  EXPECT_NE(load_task(dir).manifest_sha1, before);
}

class FixedInputsCache : public ::testing::Test {
 protected:
  TempDir cache_;
  Builder builder_{cache_.path() / "builds"};
  InputCache inputs_{cache_.path() / "inputs", builder_};
};

TEST_F(FixedInputsCache, SeedSIsFileSCachedByContent) {
  TempDir tmp;
  const auto dir = copy_fixture(kTask, tmp.path(), "t");
  const Task t = load_task(dir);
  const auto one = inputs_.stress_input(t, 0, 1);
  const auto two = inputs_.stress_input(t, 0, 2);
  EXPECT_EQ(slurp(one), slurp(dir / "stress/l0-1.json"));
  EXPECT_EQ(slurp(two), slurp(dir / "stress/l0-2.json"));
  EXPECT_TRUE(one.string().starts_with(inputs_.root().string())) << one;  // a cached copy
  EXPECT_EQ(inputs_.stress_inputs(t, 0), (std::vector<fs::path>{one, two}));
  EXPECT_THROW(inputs_.stress_input(t, 0, 3), Error);
  inputs_.prepare_inputs(t, {0, 1});  // nothing to generate, and no generator to fail
  // The key is the content: an edited file is a new input, an identical one the same. (Of
  // another size: a digest is reused while a file's path, size and mtime stay the same.)
  write(dir / "stress/l0-2.json", "[[1, 3, 5, 7], 9]\n");
  const auto edited_two = inputs_.stress_input(load_task(dir), 0, 2);
  EXPECT_NE(edited_two, two);
  EXPECT_EQ(slurp(edited_two), "[[1, 3, 5, 7], 9]\n");
  write(dir / "stress/l1-1.json", slurp(dir / "stress/l0-1.json"));
  EXPECT_EQ(inputs_.stress_input(load_task(dir), 1, 1), one);
}

// A task may mix generated and fixed levels: only the generated ones run the generator.
TEST_F(FixedInputsCache, GeneratedAndFixedLevelsMix) {
  TempDir tmp;
  const auto dir = copy_fixture("good/pair-sum-fn", tmp.path(), "t");
  write(dir / "stress/big.json", "[[2, 4], 1]\n");
  write(dir / "task.toml", slurp(dir / "task.toml") +
                               "[[stress.levels]]\ninputs = [\"stress/big.json\"]\nhardness = 4\n");
  const Task t = load_task(dir);
  ASSERT_EQ(t.levels.size(), 3u);
  EXPECT_FALSE(t.levels[1].fixed());
  EXPECT_TRUE(t.levels[2].fixed());
  inputs_.prepare_inputs(t, {0, 1, 2});
  EXPECT_EQ(slurp(inputs_.stress_input(t, 2, 1)), "[[2, 4], 1]\n");
  EXPECT_EQ(slurp(inputs_.stress_input(t, 1, 3)).substr(0, 2), "[[");  // the generator's
}

using Cli = pj::test::Finished;

TEST(FixedInputsCli, GenPrintsFileS) {
  TempDir cache;
  const std::string tasks = fixture("fixed").string();
  for (int seed : {1, 2}) {
    const Cli r = pj::test::perfjudge_sh(
        fmt::format("tasks gen pair-sum-fixed --level 0 --seed {} --tasks {} --cache {}", seed,
                    tasks, cache.path().string()));
    EXPECT_EQ(r.status, 0) << r.err;
    EXPECT_EQ(r.out, slurp(fixture(kTask) / fmt::format("stress/l0-{}.json", seed)));
  }
  const Cli bad = pj::test::perfjudge_sh(
      fmt::format("tasks gen pair-sum-fixed --level 0 --seed 3 --tasks {} --cache {}", tasks,
                  cache.path().string()));
  EXPECT_EQ(bad.status, 2);
  EXPECT_NE(bad.err.find("perfjudge: error: task pair-sum-fixed level 0 has no seed 3: its fixed "
                         "inputs are seeds 1 to 2"),
            std::string::npos)
      << bad.err;
  const Cli show = pj::test::perfjudge_sh("tasks show pair-sum-fixed --tasks " + tasks);
  EXPECT_NE(show.out.find("level 0: fixed inputs [stress/l0-1.json stress/l0-2.json] seeds [1 2]"),
            std::string::npos)
      << show.out;
}

TEST(FixedInputsCli, ValidateRunsAndChecksTheFiles) {
  TempDir cache;
  const std::string common = " --cost cpu_time --cache " + cache.path().string();
  const Cli good = pj::test::perfjudge_sh("tasks validate " + fixture("fixed").string() + common);
  EXPECT_EQ(good.status, 0) << good.out << good.err;
  EXPECT_NE(good.out.find("validated 1 tasks"), std::string::npos) << good.out;
  TempDir tmp;
  const auto dir = copy_fixture(kTask, tmp.path(), "t");
  write(dir / "stress/l0-1.json", "\n");
  write(dir / "stress/l0-2.json", "{\"args\": [1]}\n");
  const Cli bad = pj::test::perfjudge_sh("tasks validate " + tmp.path().string() + common);
  EXPECT_EQ(bad.status, 1) << bad.out << bad.err;
  EXPECT_NE(bad.out.find((dir / "stress/l0-1.json").string() +
                         ": level 0 seed 1 (fixed input): the file is empty"),
            std::string::npos)
      << bad.out;
  EXPECT_NE(bad.out.find((dir / "stress/l0-2.json").string() +
                         ": level 0 seed 2 (fixed input): not a JSON argument list"),
            std::string::npos)
      << bad.out;
  // A bad input of the largest level leaves the ladder unmeasured rather than wrong.
  write(dir / "stress/l1-1.json", "[[1, 2], 3");
  const Cli last = pj::test::perfjudge_sh("tasks validate " + tmp.path().string() + common);
  EXPECT_EQ(last.status, 1);
  EXPECT_NE(last.out.find("l1-1.json: level 1 seed 1 (fixed input): not JSON"), std::string::npos)
      << last.out;
  EXPECT_EQ(last.out.find("ladder:"), std::string::npos) << last.out;
}

// `run` end to end: the stored rows of a fixed level carry seeds 1..N, and the programs were
// given the files (a candidate wrong on file 1 alone fails there).
TEST(FixedInputsRun, StressRowsUseTheFilesAsSeeds) {
  TempDir dir;
  const fs::path samples = dir.path() / "samples.jsonl";
  std::ofstream(samples)
      << R"({"task_id": "pair-sum-fixed", "model": "m", "sample_id": "honest", "solution": )"
      << R"("def has_pair(nums, target):\n    seen = set()\n    for x in nums:\n        if )"
      << R"(target - x in seen:\n            return True, target\n        seen.add(x)\n    )"
      << R"(return False, target\n"})"
      << "\n"
      << R"({"task_id": "pair-sum-fixed", "model": "m", "sample_id": "wrong-on-four", )"
      << R"("solution": "def has_pair(nums, target):\n    if len(nums) == 4:\n        return )"
      << R"(True, target\n    return any(nums[i] + nums[j] == target for i in range(len(nums)) )"
      << R"(for j in range(i + 1, len(nums))), target\n"})"
      << "\n";
  const fs::path db = dir.path() / "db.sqlite";
  const int rc = pj::test::run_perfjudge(
      pj::test::quick_run_args(samples, db, dir.path() / "cache", fixture("fixed")),
      dir.path() / "log");
  ASSERT_EQ(rc, 0) << slurp(dir.path() / "log");
  store::Store s(db);
  auto st = s.db().prepare(
      "SELECT p.sample_id, r.seed, r.verdict FROM stress_results r JOIN programs p ON p.id = "
      "r.program_id WHERE p.role = 'sample' AND r.level = 0 ORDER BY p.sample_id, r.seed");
  std::vector<std::string> rows;
  while (st.step()) rows.push_back(fmt::format("{} {} {}", st.text(0), st.int64(1), st.text(2)));
  EXPECT_EQ(std::count(rows.begin(), rows.end(), "honest 1 OK"), 1)
      << fmt::format("{}", fmt::join(rows, "; "));
  EXPECT_EQ(std::count(rows.begin(), rows.end(), "honest 2 OK"), 1);
  EXPECT_TRUE(std::any_of(rows.begin(), rows.end(), [](const std::string& r) {
    return r.starts_with("wrong-on-four 1 ") && !r.ends_with(" OK");
  })) << fmt::format("{}", fmt::join(rows, "; "));
}

}  // namespace
}  // namespace pj::harness
