// Each subcommand lives in its own cmd_<name>.cpp and only wires library calls together.
// A callback stores the command's exit status in `status`; errors are thrown as pj::Error.
#pragma once

#include <CLI/CLI.hpp>
#include <string_view>

namespace pj::cli {

// Registers the subcommands on APP. Only the one FIRST_ARG names when it names one: each
// subcommand costs dozens of CLI11 options to build, which `perfjudge sandbox`, called once
// per execution by other harnesses, would pay on every run for nothing. Any other first
// argument (--help, --version, a typo) gets all of them, so that help and errors list them.
void add_commands(CLI::App& app, int& status, std::string_view first_arg);

void add_sandbox(CLI::App& app, int& status);
void add_estimate(CLI::App& app, int& status);
void add_tasks(CLI::App& app, int& status);
void add_import(CLI::App& app, int& status);
void add_import_coffe(CLI::App& import_command);  // cmd_import_coffe.cpp
void add_import_evalperf(CLI::App& import_command);  // cmd_import_evalperf.cpp
void add_run(CLI::App& app, int& status);
void add_sanitize(CLI::App& app, int& status);
void add_report(CLI::App& app, int& status);
void add_gate(CLI::App& app, int& status);
void add_compare(CLI::App& app, int& status);
void add_doctor(CLI::App& app, int& status);
void add_merge(CLI::App& app, int& status);
void add_slurm(CLI::App& app, int& status);
void add_noise(CLI::App& app, int& status);

}  // namespace pj::cli
