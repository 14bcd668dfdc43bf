// Every command that takes a cost takes the same names, aliases and --help text (issue 13).
#include <gtest/gtest.h>

#include <string>

#include "common/launch.hpp"
#include "core/temp_dir.hpp"

namespace {

using CliResult = pj::test::Finished;

// stdout and stderr together.
CliResult perfjudge(const std::string& args) {
  return pj::test::perfjudge_sh(args, pj::test::merged_output());
}

// Each command with arguments that fail later for another reason (a missing database or
// task directory), so that only the cost option's own parsing is under test.
struct Command {
  std::string name, args;
};

std::vector<Command> commands(const std::string& missing) {
  return {
      {"run", "run --tasks " + missing + " --samples " + missing + " --db " + missing + "/db"},
      {"tasks validate", "tasks validate --tasks " + missing},
      {"report", "report --db " + missing + "/db"},
      {"gate", "gate --baseline " + missing + "/a --candidate " + missing + "/b"},
      {"compare", "compare --db " + missing + "/a --db " + missing + "/b"},
      {"noise", "noise --tasks " + missing + " --samples " + missing + " --db " + missing + "/db"},
  };
}

TEST(CostOption, EveryCommandAcceptsAutoAndTheAliases) {
  pj::TempDir dir("pj-cost-option");
  const std::string missing = (dir.path() / "missing").string();
  for (const auto& c : commands(missing)) {
    for (const char* name : {"auto", "instructions", "instr", "cpu", "cpu_time", "wall"}) {
      const CliResult r = perfjudge(c.args + " --cost " + name);
      EXPECT_EQ(r.out.find(": expected auto | instructions"), std::string::npos)
          << c.name << " --cost " << name << ": " << r.out;
      EXPECT_EQ(r.out.find("The following argument"), std::string::npos) << c.name << r.out;
    }
  }
}

TEST(CostOption, EveryCommandRejectsAnUnknownCostTheSameWay) {
  pj::TempDir dir("pj-cost-option");
  const std::string missing = (dir.path() / "missing").string();
  for (const auto& c : commands(missing)) {
    const CliResult r = perfjudge(c.args + " --cost cycles");
    EXPECT_EQ(r.status, 2) << c.name << ": " << r.out;
    EXPECT_NE(r.out.find("--cost cycles: expected auto | instructions | cpu_time | wall_time"),
              std::string::npos)
        << c.name << ": " << r.out;
  }
}

TEST(CostOption, EveryCommandDocumentsTheSameNames) {
  for (const char* cmd : {"run", "tasks validate", "report", "gate", "compare", "noise"}) {
    const CliResult r = perfjudge(std::string(cmd) + " --help");
    EXPECT_NE(r.out.find("auto | instructions | cpu_time | wall_time (aliases: instr, cpu, wall)"),
              std::string::npos)
        << cmd << ": " << r.out;
  }
}

}  // namespace
