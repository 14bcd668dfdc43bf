#include "harness/task/task_paths.hpp"

#include <algorithm>
#include <system_error>

namespace pj::harness {

namespace fs = std::filesystem;

bool resolves_beneath(const fs::path& dir, const fs::path& p) {
  std::error_code ec;
  const fs::path root = fs::canonical(dir, ec);
  if (ec) return false;
  // weakly_canonical resolves every symlink of the part that exists, so a link anywhere on the
  // way (tests -> /etc, ref.py -> /etc/shadow) is judged by where it really leads.
  const fs::path real = fs::weakly_canonical(p, ec);
  if (ec) return false;
  const auto [r, q] = std::mismatch(root.begin(), root.end(), real.begin(), real.end());
  return r == root.end();
}

std::optional<fs::path> path_beneath(const fs::path& dir, const std::string& rel,
                                     std::string& why) {
  const fs::path p(rel);
  if (rel.empty() || p.is_absolute()) {
    why = "must be a path relative to the task directory";
    return std::nullopt;
  }
  const fs::path full = (dir / p).lexically_normal();
  if (!resolves_beneath(dir, full)) {
    why = "leaves the task directory";
    return std::nullopt;
  }
  return full;
}

}  // namespace pj::harness
