#include "cli/commands.hpp"
#include "core/error.hpp"

namespace pj::cli {

// Placeholder until the owning issue lands; it refuses to run rather than pretend.
void add_tasks(CLI::App& app, int& /*status*/) {
  app.add_subcommand("tasks", "(not available yet)")
      ->callback([] { fail_usage("'tasks' is not available in this build yet"); });
}

}  // namespace pj::cli
