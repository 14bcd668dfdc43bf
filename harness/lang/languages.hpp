// Languages a candidate may be written in: how to build it (cached) and how to run it.
// Flags live in share/languages.toml, documented in README.md.
#pragma once

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sandbox/sandbox.hpp"

namespace pj::harness {

// "python", "c", "cpp", "rust", "java", "javascript"; nullopt for anything else.
std::optional<std::string> language_from_name(std::string_view name);      // accepts aliases
std::optional<std::string> language_from_extension(std::string_view ext);  // ".cpp" etc.
std::string_view extension_of(std::string_view language);
// The language's program that does nothing (`empty` in share/languages.toml; "" when unset, which
// is an empty script): program tasks subtract its run, the start-up, from every cost.
std::string_view empty_program(std::string_view language);

// What the sandbox runs for a built program.
struct Runnable {
  std::vector<std::string> argv;               // absolute paths, as the sandbox sees them
  std::vector<std::filesystem::path> bind_ro;  // paths the sandbox must make visible
  std::vector<sandbox::BindAt> bind_ro_at;     // ... and ones it sees at fixed paths
  std::vector<std::pair<std::string, std::string>> env;

  // Binds host_dir at kFixedRoot/name and returns that path. A build, the driver and the
  // runner run from paths that do not depend on the cache's or the install's location, so
  // an interpreter's start-up (which handles those paths) counts the same on every machine.
  std::filesystem::path bind_fixed(const std::filesystem::path& host_dir,
                                   const std::filesystem::path& name);
  // Binds the directory holding host_file at kFixedRoot/dir_name; returns the file's path there.
  std::filesystem::path bind_fixed_file(const std::filesystem::path& host_file,
                                        const std::filesystem::path& dir_name) {
    return bind_fixed(host_file.parent_path(), dir_name) / host_file.filename();
  }
  // Adds other's binds and environment to these (argv stays).
  void add_binds_of(const Runnable& other);
  // The sandbox's argv, binds and environment for this.
  void configure(sandbox::Config& cfg) const;
};
inline constexpr const char* kFixedRoot = "/pj";

struct BuildResult {
  bool ok = false;
  Runnable runnable;
  std::string diagnostics;  // compiler output (untrusted), for CE
  bool cached = false;
  std::string cache_key;
};

// Builds sources into cache_dir/<key>/ (key = hash of source, compiler version and flags),
// sandboxed with the language's build limits. Interpreted languages are "built" by copying.
class Builder {
 public:
  explicit Builder(std::filesystem::path cache_dir);
  // Thread-safe. Throws pj::Error(Usage) for an unknown language, pj::Error(Internal) when a
  // toolchain is missing; a compile error is a BuildResult with ok = false.
  BuildResult build(std::string_view language, std::string_view source);
  const std::filesystem::path& cache_dir() const { return cache_dir_; }

  // Version text of the language's compiler (or interpreter), as used in cache keys.
  std::string tool_version(std::string_view language);

 private:
  struct Tools;  // resolved compiler paths and versions, shared by copies of the Builder
  std::filesystem::path cache_dir_;
  std::shared_ptr<Tools> tools_;
};

// Default cache root: $PERFJUDGE_CACHE or ~/.cache/perfjudge.
std::filesystem::path default_cache_dir();

}  // namespace pj::harness
