#include "sandbox/output_pump.hpp"

#include <unistd.h>

#include <algorithm>
#include <cerrno>

namespace pj::sandbox {

bool OutputPump::pump(std::span<char> buffer) {
  const ssize_t n = ::read(pipe_.get(), buffer.data(), buffer.size());
  if (n < 0) {
    if (errno == EINTR || errno == EAGAIN) return true;
    pipe_.reset();
    return true;
  }
  if (n == 0) {
    pipe_.reset();
    return true;
  }
  const std::uint64_t before = bytes_;
  bytes_ += static_cast<std::uint64_t>(n);
  if (!file_ || before >= cap_) return true;
  std::size_t todo = static_cast<std::size_t>(std::min<std::uint64_t>(cap_ - before, n));
  const char* p = buffer.data();
  while (todo > 0) {
    const ssize_t w = ::write(file_.get(), p, todo);
    if (w < 0 && errno == EINTR) continue;
    if (w <= 0) return false;
    p += w;
    todo -= static_cast<std::size_t>(w);
  }
  return true;
}

}  // namespace pj::sandbox
