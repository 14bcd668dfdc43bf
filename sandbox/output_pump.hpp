// One captured stream of the candidate (stdout or stderr): drained from its pipe into a file
// or nowhere, counted, and never held in memory beyond one read buffer.
#pragma once

#include <cstdint>
#include <span>

#include "core/fd.hpp"

namespace pj::sandbox {

class OutputPump {
 public:
  OutputPump(UniqueFd pipe, UniqueFd file, std::uint64_t cap_bytes)
      : pipe_(std::move(pipe)), file_(std::move(file)), cap_(cap_bytes) {}

  int fd() const { return pipe_.get(); }
  bool open() const { return static_cast<bool>(pipe_); }
  std::uint64_t bytes() const { return bytes_; }
  bool over_cap() const { return bytes_ > cap_; }

  // One read. Closes the pipe at EOF. Bytes beyond the cap are counted but not written.
  // Returns false if writing the file failed (disk full...), which is the sandbox's problem.
  bool pump(std::span<char> buffer);

 private:
  UniqueFd pipe_;
  UniqueFd file_;
  std::uint64_t cap_;
  std::uint64_t bytes_ = 0;
};

}  // namespace pj::sandbox
