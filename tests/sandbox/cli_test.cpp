// `perfjudge sandbox` as a process: exit codes, JSON on stdout or in --meta.
#include <nlohmann/json.hpp>

#include "common/launch.hpp"
#include "sandbox_test_util.hpp"

namespace pj::sandbox::test {
namespace {

using CliRun = pj::test::Finished;

CliRun cli(const std::string& args) {
  return pj::test::perfjudge_sh("sandbox " + args);
}

const std::string kBind = "--bind-ro " + hostile_dir().string() + " ";

TEST(Cli, OkRunPrintsMetaRecordAndExitsZero) {
  const CliRun r = cli("-- /bin/true");
  ASSERT_EQ(r.status, 0) << r.out;
  const auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j.at("verdict"), "OK");
  EXPECT_EQ(j.at("exit_code"), 0);
  for (const char* f : {"signal", "wall_ns", "cpu_user_ns", "cpu_sys_ns", "max_rss_kib",
                        "stdout_bytes", "stderr_bytes", "killed_by_sandbox", "message", "counters",
                        "counters_unavailable", "mem_time_mib_s"})
    EXPECT_TRUE(j.contains(f)) << f;
}

TEST(Cli, MetaRecordCarriesTheMemoryTimeIntegral) {
  // 64 MiB held for 300 ms: at least 64 MiB x 0.2 s, at most the peak over the whole run.
  const CliRun r = cli(kBind + "-- " + hostile("alloc") + " 64 300");
  ASSERT_EQ(r.status, 0) << r.out;
  const auto j = nlohmann::json::parse(r.out);
  const double integral = j.at("mem_time_mib_s").get<double>();
  EXPECT_GT(integral, 64 * 0.2);
  EXPECT_LE(integral,
            j.at("max_rss_kib").get<double>() / 1024 * j.at("wall_ns").get<double>() / 1e9);
}

TEST(Cli, DiskLimitReachesTheRun) {
  const CliRun r = cli(kBind + "--disk-limit 8 -- " + hostile("fill_disk") + " write big 64");
  EXPECT_EQ(r.status, 1) << r.out;
  const auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j.at("verdict"), "OLE");
  EXPECT_EQ(j.at("message"), "the workdir and /tmp reached the disk limit of 8 MiB");
}

TEST(Cli, NonOkVerdictExitsOne) {
  const CliRun r = cli(kBind + "--wall-limit 0.3 -- " + hostile("sleeper"));
  EXPECT_EQ(r.status, 1);
  EXPECT_EQ(nlohmann::json::parse(r.out).at("verdict"), "TLE_WALL");
  const CliRun s = cli(kBind + "-- " + hostile("forbidden") + " ptrace");
  EXPECT_EQ(s.status, 1);
  EXPECT_EQ(nlohmann::json::parse(s.out).at("verdict"), "SECURITY");
}

TEST(Cli, BadUsageExitsTwo) {
  EXPECT_EQ(cli("--time-limit nope -- /bin/true").status, 2);
  EXPECT_EQ(cli("--counter-backend papi -- /bin/true").status, 2);
  EXPECT_EQ(cli("--bind-ro /nonexistent/pj -- /bin/true").status, 2);
  EXPECT_EQ(cli("--env NOEQUALS -- /bin/true").status, 2);
  EXPECT_EQ(cli("").status, 2);
}

TEST(Cli, OptionsReachTheRun) {
  TempDir dir("pj-cli");
  { std::ofstream(dir.path() / "in") << "from stdin"; }
  const auto meta = dir.path() / "meta.json";
  const auto out = dir.path() / "out";
  const CliRun r = cli("--stdin " + (dir.path() / "in").string() + " --stdout " + out.string() +
                       " --env GREETING=hello --counters task-clock --counter-backend perf" +
                       " --meta " + meta.string() + " -- /bin/sh -c 'cat; echo \" $GREETING\"'");
  EXPECT_EQ(r.status, 0);
  EXPECT_EQ(r.out, "");  // the record went to --meta
  const auto j = nlohmann::json::parse(slurp(meta));
  EXPECT_EQ(j.at("verdict"), "OK");
  EXPECT_EQ(slurp(out), "from stdin hello\n");
  EXPECT_EQ(j.at("counters").at("task-clock").at("backend"), "perf");
}

}  // namespace
}  // namespace pj::sandbox::test
