#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <exception>

#include "cli/commands.hpp"
#include "core/error.hpp"
#include "core/version.hpp"

int main(int argc, char** argv) {
  CLI::App app{"perfjudge: judge and measure the efficiency of untrusted programs"};
  app.name("perfjudge");
  app.set_version_flag("--version",
                       fmt::format("perfjudge {} ({})", pj::version(), pj::git_hash()));
  app.require_subcommand(1);

  int status = pj::exit_code::ok;
  pj::cli::add_commands(app, status, argc > 1 ? argv[1] : "");

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int rc = app.exit(e);  // prints help/version (rc 0) or the usage error
    return rc == 0 ? pj::exit_code::ok : pj::exit_code::error;
  } catch (const pj::Error& e) {
    fmt::print(stderr, "perfjudge: error: {}\n", e.what());
    return pj::exit_code::error;
  } catch (const std::exception& e) {
    fmt::print(stderr, "perfjudge: internal error: {}\n", e.what());
    return pj::exit_code::error;
  }
  return status;
}
