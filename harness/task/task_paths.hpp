// Paths a task.toml names are resolved beneath the task's directory: a task is data, and it
// must not make perfjudge (running as root) read, hash or cache files from elsewhere.
#pragma once

#include <filesystem>
#include <optional>
#include <string>

namespace pj::harness {

// dir / rel when rel is relative and, with every symlink resolved, stays inside dir; else
// nullopt and `why` says what is wrong ("is absolute", "leaves the task directory", ...).
// dir must be an existing directory. The result is lexically normal, symlinks unresolved.
std::optional<std::filesystem::path> path_beneath(const std::filesystem::path& dir,
                                                  const std::string& rel, std::string& why);

// Whether p, with every symlink resolved, lies inside dir (dir itself included).
bool resolves_beneath(const std::filesystem::path& dir, const std::filesystem::path& p);

}  // namespace pj::harness
