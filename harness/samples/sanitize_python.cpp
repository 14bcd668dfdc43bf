// The Python step of sanitize runs Python's own parser on untrusted code, so it runs in the
// sandbox like any candidate: a pathological response can only exhaust the step's limits.
#include <fmt/format.h>

#include <fstream>
#include <iterator>
#include <string>

#include "core/error.hpp"
#include "core/text.hpp"
#include "core/version.hpp"
#include "harness/samples/sanitize_detail.hpp"
#include "harness/samples/share_helper.hpp"
#include "sandbox/sandbox.hpp"

namespace pj::harness::detail {

nlohmann::json run_python_sanitizer(const nlohmann::json& request) {
  const auto script = share_dir() / "sanitize" / "python_sanitize.py";
  if (!std::filesystem::is_regular_file(script)) {
    fail_internal(fmt::format("sanitize: {} is missing (set PERFJUDGE_SHARE?)", script.string()));
  }
  const ShareHelperRun run = run_share_helper(
      script, {}, {script.parent_path()}, request,
      ShareHelperLimits{.cpu_seconds = 20, .memory_mib = 1024, .output_mib = 64}, "pj-sanitize");
  const sandbox::Result& result = run.result;

  if (result.verdict == sandbox::Verdict::IE) {
    fail_internal(fmt::format("sanitize: the sandbox failed: {}", printable(result.message)));
  }
  if (result.verdict != sandbox::Verdict::OK) {
    return {
        {"ok", false},
        {"reason", fmt::format("the Python sanitize step failed ({}): {}",
                               sandbox::to_string(result.verdict), first_lines(run.errors(), 3))},
        {"notes", nlohmann::json::array()},
        {"block_chosen", nullptr}};
  }
  auto reply = nlohmann::json::parse(run.reply(), nullptr, false);
  if (reply.is_discarded() || !reply.is_object() || !reply.contains("ok")) {
    fail_internal("sanitize: python_sanitize.py gave no valid JSON reply");
  }
  return reply;
}

}  // namespace pj::harness::detail
