#pragma once

#include <filesystem>
#include <string>
#include <string_view>

namespace pj {

// Stable content hashes (SHA-1, hex) for cache keys: build cache, generator inputs, run identity.
std::string sha1_hex(std::string_view data);
std::string sha1_file(const std::filesystem::path& file);

// Incremental form, for keys made of several parts.
class Hasher {
 public:
  Hasher();
  ~Hasher();
  Hasher(const Hasher&) = delete;
  Hasher& operator=(const Hasher&) = delete;
  // Each part is length-prefixed so ("ab","c") and ("a","bc") differ.
  Hasher& add(std::string_view part);
  Hasher& add_file(const std::filesystem::path& file);
  std::string hex();

 private:
  struct Impl;
  Impl* impl_;
};

}  // namespace pj
