// Each subcommand lives in its own cmd_<name>.cpp and only wires library calls together.
// A callback stores the command's exit status in `status`; errors are thrown as pj::Error.
#pragma once

#include <CLI/CLI.hpp>

namespace pj::cli {

void add_sandbox(CLI::App& app, int& status);
void add_estimate(CLI::App& app, int& status);
void add_tasks(CLI::App& app, int& status);
void add_import(CLI::App& app, int& status);
void add_run(CLI::App& app, int& status);
void add_sanitize(CLI::App& app, int& status);
void add_report(CLI::App& app, int& status);
void add_gate(CLI::App& app, int& status);
void add_compare(CLI::App& app, int& status);

}  // namespace pj::cli
