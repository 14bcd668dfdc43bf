// share/languages.toml, parsed once: per-language build and run commands.
// Internal to harness/lang/languages.cpp (and its tests).
#pragma once

#include <filesystem>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "sandbox/sandbox.hpp"

namespace pj::harness::detail {

struct LanguageSpec {
  std::string name;
  std::vector<std::string> aliases;
  std::vector<std::string> extensions;  // with the dot
  std::string source;                   // file name of the source in the build directory
  std::string compiler;                 // empty: interpreted, "built" by copying
  std::string runtime;
  std::vector<std::string> version;  // arguments printing the tool's version
  std::vector<std::string> sysroot_query;
  std::vector<std::string> build;  // empty: no build step
  std::vector<std::string> run;
  std::vector<std::pair<std::string, std::string>> env;
  std::string empty;  // a program that does nothing: its run is the language's start-up cost
};

struct LanguagesConfig {
  std::filesystem::path file;
  sandbox::Limits build_limits;
  std::vector<LanguageSpec> languages;

  const LanguageSpec* find(std::string_view name) const;  // canonical name only
};

LanguagesConfig parse_languages_config(const std::filesystem::path& file);

// share_dir()/languages.toml, loaded on first use; throws pj::Error(Input) "FILE:LINE: what".
const LanguagesConfig& languages_config();

}  // namespace pj::harness::detail
