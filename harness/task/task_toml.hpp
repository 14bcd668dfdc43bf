// Reading a task.toml with toml++ while collecting every problem as "FILE:LINE: what".
// Internal to the task loader.
#pragma once

#include <cstdint>
#include <filesystem>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <toml++/toml.h>

namespace pj::harness::detail {

class ManifestReader {
 public:
  explicit ManifestReader(std::filesystem::path file) : file_(std::move(file)) {}

  const std::filesystem::path& file() const { return file_; }
  const std::vector<std::string>& errors() const { return errors_; }
  bool ok() const { return errors_.empty(); }

  // "FILE:LINE: what"; line 0 means "no line" (the file itself is at fault).
  void error(int line, std::string_view what);
  void error_at(const toml::node& node, std::string_view what);

  // Unknown keys are errors: they are usually typos of known ones.
  void check_keys(const toml::table& t, std::initializer_list<std::string_view> known,
                  std::string_view where);

  // Each getter reports a type error and returns nullopt; a missing key is not an error here.
  std::optional<std::string> get_string(const toml::table& t, std::string_view key);
  std::optional<double> get_number(const toml::table& t, std::string_view key);
  std::optional<std::int64_t> get_integer(const toml::table& t, std::string_view key);
  std::optional<bool> get_bool(const toml::table& t, std::string_view key);
  std::optional<std::vector<std::string>> get_strings(const toml::table& t, std::string_view key);
  std::optional<std::vector<std::uint64_t>> get_seeds(const toml::table& t, std::string_view key);

  int line_of(const toml::table& t, std::string_view key) const;

 private:
  std::filesystem::path file_;
  std::vector<std::string> errors_;
};

}  // namespace pj::harness::detail
