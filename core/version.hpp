#pragma once

#include <filesystem>
#include <string>

namespace pj {

std::string version();   // e.g. "0.1.0"
std::string git_hash();  // short hash of the build's commit, or "unknown"

// Directory holding perfjudge's own data files (Python drivers, language config).
// $PERFJUDGE_SHARE overrides the compiled-in source tree location.
std::filesystem::path share_dir();

}  // namespace pj
