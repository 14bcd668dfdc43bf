// Runnable: what the sandbox runs for a built program, and the binds that make it visible.
#include <algorithm>

#include "core/error.hpp"
#include "harness/lang/languages.hpp"

namespace pj::harness {
namespace fs = std::filesystem;

fs::path Runnable::bind_fixed(const fs::path& host_dir, const fs::path& name) {
  const fs::path target = fs::path(kFixedRoot) / name;
  const sandbox::BindAt b{host_dir, target};
  const auto same_target = [&](const sandbox::BindAt& o) { return o.target == target; };
  const auto it = std::find_if(bind_ro_at.begin(), bind_ro_at.end(), same_target);
  if (it == bind_ro_at.end()) {
    bind_ro_at.push_back(b);
  } else if (!(*it == b)) {
    fail_internal("two directories bound at " + target.string() + ": " + it->source.string() +
                  " and " + host_dir.string());
  }
  return target;
}

void Runnable::add_binds_of(const Runnable& other) {
  for (const auto& p : other.bind_ro) {
    if (std::find(bind_ro.begin(), bind_ro.end(), p) == bind_ro.end()) bind_ro.push_back(p);
  }
  for (const auto& b : other.bind_ro_at)
    bind_fixed(b.source, b.target.lexically_relative(kFixedRoot));
  env.insert(env.end(), other.env.begin(), other.env.end());
}

void Runnable::configure(sandbox::Config& cfg) const {
  cfg.argv = argv;
  cfg.bind_ro = bind_ro;
  cfg.bind_ro_at = bind_ro_at;
  cfg.env = env;
}

}  // namespace pj::harness
