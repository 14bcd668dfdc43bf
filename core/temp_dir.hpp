#pragma once

#include <filesystem>
#include <string_view>

namespace pj {

// A fresh private directory, removed with everything in it when the object dies.
class TempDir {
 public:
  explicit TempDir(std::string_view prefix = "perfjudge");
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  TempDir(TempDir&& o) noexcept;
  TempDir& operator=(TempDir&&) = delete;
  ~TempDir();

  const std::filesystem::path& path() const noexcept { return path_; }

 private:
  std::filesystem::path path_;
};

}  // namespace pj
