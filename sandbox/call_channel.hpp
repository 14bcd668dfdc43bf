// The supervisor's side of a CallPlan run's call channel (sandbox.hpp, "CallPlan"): parses the
// program's frames, enforces their order, answers them, and records each call's counters at
// its marks. It owns no counters: the supervisor passes a function that reads them.
#pragma once

#include <array>
#include <chrono>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/fd.hpp"
#include "sandbox/sandbox.hpp"

namespace pj::sandbox {

// The counters at one instant.
struct Snapshot {
  std::optional<std::uint64_t> cpu_ns;  // the tree's task-clock
  std::chrono::steady_clock::time_point t;
  std::map<std::string, double> counters;
};

class CallChannel {
 public:
  using Snap = std::function<Snapshot()>;
  using LiveProcesses = std::function<int()>;  // processes of the run besides its init

  // `returned_mark`: the program must send 'r' before each output (sandbox.hpp, "CallPlan");
  // otherwise 'r' is optional.
  CallChannel(const CallPlan& plan, UniqueFd fd, std::uint64_t output_cap_bytes,
              bool returned_mark);

  int fd() const { return fd_.get(); }
  bool open() const { return static_cast<bool>(fd_); }
  bool wants_write() const { return !pending_.empty(); }

  // Reads and handles whatever arrived. Afterwards breach() or over_cap() may be set.
  void on_readable(const Snap& snap, const LiveProcesses& live);
  void on_writable();

  // The call in progress ('B' seen, 'E' not yet): the tree CPU and the time when it began.
  std::optional<std::uint64_t> call_start_cpu_ns() const;
  std::optional<std::chrono::steady_clock::time_point> call_start_time() const;
  std::size_t calls_begun() const { return records_.size(); }

  const std::string& breach() const { return breach_; }
  bool over_cap() const { return over_cap_; }

  // Called once the run ended: the calls that began, and the load and tail CPU.
  void finish(std::optional<std::uint64_t> end_cpu_ns, Result& r);

 private:
  enum class State { Loading, Idle, Begun, Inner, Decoded, Returned, Output, Measured, Done };
  void handle(char type, std::string payload, const Snap& snap, const LiveProcesses& live);
  bool in_call() const;
  // `payload` must outlive the sending: only requests, which the plan holds, are answered
  // with one, and they are sent from the plan's copy (an input may be tens of MB).
  void reply(char type, std::string_view payload = {});
  void fail(std::string what);
  std::shared_ptr<const std::string> keep_output(std::size_t request, std::string payload);

  // One frame on its way out: the header and the payload, and how much of both left.
  struct Pending {
    std::array<char, 5> head;
    std::string_view body;
    std::size_t sent = 0;
  };

  const CallPlan& plan_;
  UniqueFd fd_;
  std::uint64_t cap_;
  bool over_cap_ = false;
  bool returned_mark_;
  std::string in_, breach_;
  std::deque<Pending> pending_;
  // Per request, the distinct outputs its calls gave, which later calls that answer alike share.
  std::map<std::size_t, std::vector<std::shared_ptr<const std::string>>> outputs_;
  State state_ = State::Loading;
  std::optional<Snapshot> loaded_, last_end_, begun_, inner_, returned_;
  std::vector<CallRecord> records_;
};

}  // namespace pj::sandbox
