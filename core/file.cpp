#include "core/file.hpp"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <iterator>

#include "core/error.hpp"

namespace pj {

std::string read_file(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  if (!in) fail_input(p.string() + ": cannot read: " + std::strerror(errno));
  std::string s{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  if (in.bad()) fail_input(p.string() + ": cannot read: " + std::strerror(errno));
  return s;
}

std::string read_head(const std::filesystem::path& p, std::size_t bytes) {
  std::ifstream in(p, std::ios::binary);
  if (!in) return {};
  std::string s(bytes, '\0');
  in.read(s.data(), static_cast<std::streamsize>(bytes));
  s.resize(static_cast<std::size_t>(in.gcount()));
  return s;
}

void write_file(const std::filesystem::path& p, std::string_view data) {
  std::ofstream out(p, std::ios::binary | std::ios::trunc);
  out.write(data.data(), static_cast<std::streamsize>(data.size()));
  out.flush();
  if (!out) fail_input(p.string() + ": cannot write: " + std::strerror(errno));
}

}  // namespace pj
