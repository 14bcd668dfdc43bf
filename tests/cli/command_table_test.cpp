// Which subcommands main() builds for a command line: only the named one, or all of them.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "cli/commands.hpp"

namespace {

const std::vector<std::string> all_commands = {"sandbox",  "estimate", "tasks", "import",  "run",
                                               "sanitize", "report",   "gate",  "compare", "noise",
                                               "doctor",   "merge",    "slurm"};

std::vector<std::string> registered(std::string_view first_arg) {
  CLI::App app{"test"};
  int status = 0;
  pj::cli::add_commands(app, status, first_arg);
  std::vector<std::string> names;
  for (const CLI::App* sub : app.get_subcommands([](CLI::App*) { return true; }))
    names.push_back(sub->get_name());
  return names;
}

TEST(CommandTable, ANamedSubcommandIsTheOnlyOneBuilt) {
  for (const std::string& name : all_commands)
    EXPECT_EQ(registered(name), std::vector<std::string>{name}) << name;
}

TEST(CommandTable, AnythingElseBuildsAllSoHelpAndErrorsListThem) {
  for (const char* first : {"", "--help", "--version", "sandboxx", "Sandbox", "-h"})
    EXPECT_EQ(registered(first), all_commands) << first;
}

}  // namespace
