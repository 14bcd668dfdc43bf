// `perfjudge tasks ...` and `perfjudge import enamel`, run as the built CLI.
#include <gtest/gtest.h>

#include "common/launch.hpp"
#include "core/temp_dir.hpp"
#include "harness/task/inputs.hpp"
#include "task_test_util.hpp"

namespace pj::harness {
namespace {

using Cli = pj::test::Finished;

Cli perfjudge(const std::string& args) {
  return pj::test::perfjudge_sh(args);
}

std::string fx(std::string_view rel) {
  return testing::fixture(rel).string();
}

TEST(TasksCli, ListShowsTasksAndManifestErrors) {
  const Cli good = perfjudge("tasks list --tasks " + fx("good"));
  EXPECT_EQ(good.status, 0) << good.err;
  EXPECT_NE(good.out.find("pair-products"), std::string::npos) << good.out;
  EXPECT_NE(good.out.find("pair-sum-fn"), std::string::npos);
  EXPECT_NE(good.out.find("2 tasks, 0 manifest errors"), std::string::npos);
  const Cli all = perfjudge("tasks list --tasks " + fx(""));
  EXPECT_EQ(all.status, 1);
  EXPECT_NE(all.err.find("malformed-toml/task.toml:4:"), std::string::npos) << all.err;
}

TEST(TasksCli, ShowFindsAliases) {
  const Cli r = perfjudge("tasks show Fixture/1 --tasks " + fx("good"));
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_NE(r.out.find("id:        pair-sum-fn"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("entry:     has_pair"), std::string::npos);
  const Cli missing = perfjudge("tasks show nope --tasks " + fx("good"));
  EXPECT_EQ(missing.status, 2);
  EXPECT_NE(missing.err.find("perfjudge: error: no task 'nope'"), std::string::npos) << missing.err;
}

TEST(TasksCli, GenPrintsTheGeneratorOutput) {
  TempDir cache;
  const Cli r = perfjudge("tasks gen pair-products --level 0 --seed 1 --tasks " + fx("good") +
                          " --cache " + cache.path().string());
  EXPECT_EQ(r.status, 0) << r.err;
  const auto direct =
      pj::test::run_process({"/usr/bin/python3", fx("good/pair-products/gen.py"), "1", "20"});
  EXPECT_EQ(r.out, direct.out);
  const Cli bad = perfjudge("tasks gen pair-products --level 9 --seed 1 --tasks " + fx("good"));
  EXPECT_EQ(bad.status, 2);
}

TEST(TasksCli, GenPrintsExactlyWhatTheLevelsBatchProduced) {
  TempDir batch_cache, cli_cache;
  Builder builder(batch_cache.path() / "builds");
  InputCache inputs(batch_cache.path() / "inputs", builder);
  const Task t = load_task(testing::fixture("good/pair-products"));
  const auto batched = inputs.stress_inputs(t, 0);  // seeds 1 and 2, one generator process
  ASSERT_EQ(batched.size(), 2u);
  for (int seed : {1, 2}) {
    const Cli r = perfjudge("tasks gen pair-products --level 0 --seed " + std::to_string(seed) +
                            " --tasks " + fx("good") + " --cache " + cli_cache.path().string());
    EXPECT_EQ(r.status, 0) << r.err;
    EXPECT_EQ(r.out, testing::slurp(batched[static_cast<std::size_t>(seed - 1)])) << seed;
  }
}

TEST(TasksCli, ValidateExitsOneAndPrintsEveryError) {
  TempDir cache;
  const std::string common = " --quick --cost cpu_time -j 2 --cache " + cache.path().string();
  const Cli good = perfjudge("tasks validate " + fx("good") + common);
  EXPECT_EQ(good.status, 0) << good.out << good.err;
  EXPECT_NE(good.out.find("validated 2 tasks (quick, cost cpu_time): 0 errors"), std::string::npos)
      << good.out;
  const Cli broken = perfjudge("tasks validate " + fx("broken") + common);
  EXPECT_EQ(broken.status, 1);
  EXPECT_NE(broken.out.find("error: "), std::string::npos);
  EXPECT_NE(broken.out.find("nondeterministic-generator/gen.py: not deterministic"),
            std::string::npos)
      << broken.out;
  EXPECT_NE(broken.out.find("inverted-ladder/ref/fast.py: ladder:"), std::string::npos);
  const Cli usage = perfjudge("tasks validate " + fx("good") + " --cost cycles");
  EXPECT_EQ(usage.status, 2);
}

TEST(TasksCli, ValidateTakesTasksLikeTheOtherSubcommands) {
  TempDir cache;
  const std::string common = " --quick --cost cpu_time --cache " + cache.path().string();
  const Cli r = perfjudge("tasks validate --tasks " + fx("good/pair-products") + common);
  EXPECT_EQ(r.status, 0) << r.out << r.err;
  EXPECT_NE(r.out.find("validated 1 tasks"), std::string::npos) << r.out;
  const Cli both = perfjudge("tasks validate " + fx("good") + " --tasks " + fx("good") + common);
  EXPECT_EQ(both.status, 2) << both.out << both.err;
}

TEST(ImportCli, EnamelWritesTasks) {
  TempDir out;
  const Cli r = perfjudge("import enamel " + std::string(PJ_SOURCE_DIR) +
                          "/tests/fixtures/enamel/mini.csv --out " + out.path().string());
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_NE(r.out.find("imported 2 ENAMEL problems"), std::string::npos) << r.out;
  EXPECT_TRUE(std::filesystem::is_regular_file(out.path() / "humaneval-0/task.toml"));
  const Cli missing = perfjudge("import enamel /nonexistent.csv --out " + out.path().string());
  EXPECT_EQ(missing.status, 2);
  EXPECT_NE(missing.err.find("perfjudge: error: /nonexistent.csv: cannot read"), std::string::npos)
      << missing.err;
}

}  // namespace
}  // namespace pj::harness
