// The one way the importers and sanitize run a trusted Python helper script of share/: in the
// sandbox, with a JSON request on stdin, its JSON reply on stdout and its stderr kept.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/temp_dir.hpp"
#include "sandbox/sandbox.hpp"

namespace pj::harness::detail {

// The limits a caller sets; the others are the sandbox's defaults.
struct ShareHelperLimits {
  double cpu_seconds;
  std::uint64_t memory_mib;
  std::uint64_t output_mib;  // stdout and stderr, each
};

// One finished run; the files live as long as it does.
struct ShareHelperRun {
  TempDir tmp;
  sandbox::Result result;

  // The script's stdout and stderr, whole; pj::Error(Input) when the file is not there.
  std::string reply() const;
  std::string errors() const;
};

// Runs `/usr/bin/python3 -S -B SCRIPT ARGS...` sandboxed, with `request` dumped to its stdin,
// only `binds` visible read-only beyond the sandbox's own, within `limits` and without memory
// sampling. Its files are in a TempDir named after tmp_prefix. The caller checks that the
// script exists and judges the result, each in its own words.
ShareHelperRun run_share_helper(const std::filesystem::path& script,
                                const std::vector<std::string>& args,
                                const std::vector<std::filesystem::path>& binds,
                                const nlohmann::json& request, const ShareHelperLimits& limits,
                                std::string_view tmp_prefix);

}  // namespace pj::harness::detail
