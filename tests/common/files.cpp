#include "common/files.hpp"

#include <fstream>
#include <iterator>

namespace pj::test {

void write_text(const std::filesystem::path& p, std::string_view text) {
  if (p.has_parent_path()) std::filesystem::create_directories(p.parent_path());
  std::ofstream(p, std::ios::binary | std::ios::trunc) << text;
}

std::string read_text(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

std::filesystem::path source_path(std::string_view rel) {
  return std::filesystem::path(PJ_SOURCE_DIR) / rel;
}

std::filesystem::path fixture_path(std::string_view rel) {
  return source_path("tests/fixtures") / rel;
}

}  // namespace pj::test
