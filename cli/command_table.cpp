#include <array>

#include "cli/commands.hpp"

namespace pj::cli {
namespace {

struct Command {
  std::string_view name;
  void (*add)(CLI::App&, int&);
};

// Every subcommand, in the order `perfjudge --help` lists them.
constexpr std::array<Command, 13> commands{{
    {"sandbox", add_sandbox},
    {"estimate", add_estimate},
    {"tasks", add_tasks},
    {"import", add_import},
    {"run", add_run},
    {"sanitize", add_sanitize},
    {"report", add_report},
    {"gate", add_gate},
    {"compare", add_compare},
    {"noise", add_noise},
    {"doctor", add_doctor},
    {"merge", add_merge},
    {"slurm", add_slurm},
}};

}  // namespace

void add_commands(CLI::App& app, int& status, std::string_view first_arg) {
  for (const Command& c : commands) {
    if (c.name == first_arg) {
      c.add(app, status);
      return;
    }
  }
  for (const Command& c : commands) c.add(app, status);
}

}  // namespace pj::cli
