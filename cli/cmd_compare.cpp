#include "cli/commands.hpp"
#include "core/error.hpp"

namespace pj::cli {

// Placeholder until the owning issue lands; it refuses to run rather than pretend.
void add_compare(CLI::App& app, int& /*status*/) {
  app.add_subcommand("compare", "(not available yet)")
      ->callback([] { fail_usage("'compare' is not available in this build yet"); });
}

}  // namespace pj::cli
