// `gate --confirm N` on real measurements of a tiny Python task: a stored candidate whose times
// were made to look three times slower (the seam: an UPDATE of its executions) is re-measured
// with the programs the stores hold. The same fast program on both sides does not confirm the
// regression; a candidate whose stored source is really slower does. Generous margins
// (--min-effect 50% against a true ratio far above 2) keep it independent of the machine's load.
#include <gtest/gtest.h>

#include "common/files.hpp"
#include "common/launch.hpp"
#include "core/temp_dir.hpp"
#include "real_run.hpp"
#include "store/db.hpp"

namespace pj::reports {
namespace {

namespace fs = std::filesystem;

struct GateConfirmCli : ::testing::Test {
  TempDir dir{"pj-confirm-cli"};
  fs::path base, cand;
  pj::test::Launch how;

  void SetUp() override {
    const auto tasks = test::tiny_task(dir.path());
    const auto prog = dir.path() / "solver.py";
    pj::test::write_text(prog, test::kFastSum);
    base = dir.path() / "base.sqlite";
    cand = dir.path() / "cand.sqlite";
    how.env = {{"PERFJUDGE_CACHE", (dir.path() / "cache").string()}};
    const auto r =
        pj::test::perfjudge({"run", "--tasks", tasks.string(), "--samples", prog.string(),
                             "--model", "prog", "--db", base.string(), "--cost", "cpu_time",
                             "--repeats", "5", "--warmup", "0", "--levels", "1", "--quiet"},
                            how);
    ASSERT_EQ(r.status, 0) << r.err;
    fs::copy_file(base, cand);
    store::Db db(cand, store::Db::Mode::ReadWrite);
    db.exec(
        "UPDATE executions SET cpu_user_ns = cpu_user_ns * 3, cpu_sys_ns = cpu_sys_ns * 3, "
        "wall_ns = wall_ns * 3 WHERE phase = 'stress'");
  }

  pj::test::Finished gate(std::vector<std::string> extra) {
    std::vector<std::string> args{"gate",        "--baseline",    base.string(), "--candidate",
                                  cand.string(), "--min-repeats", "5",           "--min-effect",
                                  "50%",         "--cost",        "cpu_time"};
    args.insert(args.end(), extra.begin(), extra.end());
    return pj::test::perfjudge(args, how);
  }
};

TEST_F(GateConfirmCli, AFakedRegressionIsNotConfirmedAndARealOneIs) {
  const auto first = gate({});
  EXPECT_EQ(first.status, 1) << first.out << first.err;  // the stored numbers say 3x
  const auto same = gate({"--confirm", "5"});
  EXPECT_EQ(same.status, 0) << same.out << same.err;
  EXPECT_NE(same.out.find("not confirmed: first measured +"), std::string::npos) << same.out;
  EXPECT_NE(same.err.find("--confirm: re-measuring sum-n/L1/s1/prog/"), std::string::npos)
      << same.err;
  {
    store::Db db(cand, store::Db::Mode::ReadWrite);
    db.prepare("UPDATE programs SET source = ? WHERE role = 'sample'")
        .bind(1, std::string(test::kSlowSum))
        .run();
  }
  const auto slow = gate({"--confirm", "5"});
  EXPECT_EQ(slow.status, 1) << slow.out << slow.err;
  EXPECT_NE(slow.out.find("confirmed by 5 interleaved re-measurements per side"), std::string::npos)
      << slow.out;
}

TEST_F(GateConfirmCli, ConfirmNeedsEnoughRepeatsAndDatabases) {
  const auto few = gate({"--confirm", "3"});
  EXPECT_EQ(few.status, 2);
  EXPECT_NE(few.err.find("--confirm 3: the time rule needs at least --min-repeats 5"),
            std::string::npos)
      << few.err;
  const auto json = dir.path() / "base.json";
  const auto rep = pj::test::perfjudge(
      {"report", "--db", base.string(), "--format", "json", "-o", json.string()});
  ASSERT_EQ(rep.status, 0) << rep.err;
  const auto r = pj::test::perfjudge(
      {"gate", "--baseline", json.string(), "--candidate", cand.string(), "--min-repeats", "5",
       "--min-effect", "50%", "--cost", "cpu_time", "--confirm", "5"},
      how);
  EXPECT_EQ(r.status, 2) << r.out << r.err;
  EXPECT_NE(r.err.find("--confirm: the baseline is report JSON; it needs a database"),
            std::string::npos)
      << r.err;
}

}  // namespace
}  // namespace pj::reports
