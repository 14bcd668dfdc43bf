#include "core/version.hpp"

#include <cstdlib>

#include "git_hash.inc"  // generated at build time: PJ_GIT_HASH

namespace pj {

std::string version() {
  return PJ_VERSION;
}
std::string git_hash() {
  return PJ_GIT_HASH;
}

std::filesystem::path share_dir() {
  if (const char* env = std::getenv("PERFJUDGE_SHARE"); env != nullptr && *env != '\0') {
    return env;
  }
  return std::filesystem::path(PJ_SOURCE_DIR) / "share";
}

}  // namespace pj
