// `perfjudge doctor`: what this machine can measure, and the fix for each gap.
#include <fmt/format.h>

#include <memory>

#include "cli/commands.hpp"
#include "harness/machine/doctor.hpp"

namespace pj::cli {

void add_doctor(CLI::App& app, int& status) {
  auto json = std::make_shared<bool>(false);
  auto* cmd = app.add_subcommand(
      "doctor", "what this machine can measure (PMU, sandbox, toolchains) and how to fix gaps");
  cmd->add_flag("--json", *json, "print one JSON object");
  cmd->callback([json, &status] {
    const harness::DoctorReport r = harness::run_doctor(harness::real_host());
    if (*json)
      fmt::print("{}\n", harness::doctor_json(r).dump(2));
    else
      fmt::print("{}", harness::format_doctor_text(r));
    status = harness::doctor_exit_code(r);
  });
}

}  // namespace pj::cli
