#include "core/hash.hpp"

#include <array>
#include <boost/uuid/detail/sha1.hpp>
#include <cstdint>
#include <fstream>

#include <fmt/format.h>

#include "core/error.hpp"

namespace pj {

// Boost's SHA-1 is used because it ships with Boost; no other listed library offers a
// stable content hash.
struct Hasher::Impl {
  boost::uuids::detail::sha1 sha;
};

Hasher::Hasher() : impl_(new Impl) {}
Hasher::~Hasher() { delete impl_; }

Hasher& Hasher::add(std::string_view part) {
  const std::uint64_t n = part.size();
  impl_->sha.process_bytes(&n, sizeof n);
  impl_->sha.process_bytes(part.data(), part.size());
  return *this;
}

Hasher& Hasher::add_file(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) fail_input(fmt::format("{}: cannot read file", file.string()));
  std::array<char, 65536> buf{};
  while (in) {
    in.read(buf.data(), buf.size());
    impl_->sha.process_bytes(buf.data(), static_cast<std::size_t>(in.gcount()));
  }
  return *this;
}

std::string Hasher::hex() {
  boost::uuids::detail::sha1::digest_type digest;
  impl_->sha.get_digest(digest);
  std::string out;
  for (unsigned word : digest) out += fmt::format("{:08x}", word);
  return out;
}

std::string sha1_hex(std::string_view data) {
  Hasher h;
  h.add(data);
  return h.hex();
}

std::string sha1_file(const std::filesystem::path& file) {
  Hasher h;
  h.add_file(file);
  return h.hex();
}

}  // namespace pj
