#include "sandbox/call_channel.hpp"

#include <fmt/format.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>

namespace pj::sandbox {
namespace {

constexpr std::size_t kHeader = 5;  // type byte + 32-bit little-endian length

std::uint32_t length_of(std::string_view buf) {
  std::uint32_t n = 0;
  for (int i = 4; i >= 1; --i) n = (n << 8) | static_cast<unsigned char>(buf[i]);
  return n;
}

std::optional<std::uint64_t> minus(const std::optional<std::uint64_t>& a,
                                   const std::optional<std::uint64_t>& b) {
  if (!a || !b || *a < *b) return std::nullopt;
  return *a - *b;
}

std::uint64_t ns_between(const Snapshot& a, const Snapshot& b) {
  const auto d = std::chrono::duration_cast<std::chrono::nanoseconds>(b.t - a.t).count();
  return d > 0 ? static_cast<std::uint64_t>(d) : 0;
}

// Adds each counter that `a` and `b` both hold, as b - a, to `out`, unless `out` has it already
// (a backend that counts per process has nothing at 'e', and its counts come at 'E').
void add_deltas(const Snapshot& a, const Snapshot& b, std::map<std::string, double>& out) {
  for (const auto& [name, v] : b.counters) {
    const auto before = a.counters.find(name);
    if (before != a.counters.end() && v >= before->second && !out.count(name))
      out[name] = v - before->second;
  }
}

std::string printable_type(char c) {
  return c >= 0x21 && c < 0x7f ? fmt::format("'{}'", c)
                               : fmt::format("byte {:#04x}", static_cast<unsigned char>(c));
}

}  // namespace

CallChannel::CallChannel(const CallPlan& plan, UniqueFd fd, std::uint64_t output_cap_bytes,
                         bool returned_mark)
    : plan_(plan), fd_(std::move(fd)), cap_(output_cap_bytes), returned_mark_(returned_mark) {}

void CallChannel::fail(std::string what) {
  if (breach_.empty()) breach_ = "the call protocol was broken: " + what;
  state_ = State::Done;
}

void CallChannel::reply(char type, std::string_view payload) {
  Pending p{{}, payload};
  const auto n = static_cast<std::uint32_t>(payload.size());
  p.head[0] = type;
  for (int i = 0; i < 4; ++i) p.head[1 + i] = static_cast<char>((n >> (8 * i)) & 0xff);
  pending_.push_back(p);
  on_writable();
}

void CallChannel::on_writable() {
  while (!pending_.empty() && fd_) {
    Pending& p = pending_.front();
    const std::size_t head_left = p.head.size() - std::min(p.sent, p.head.size());
    const std::size_t body_from = p.sent - (p.head.size() - head_left);
    iovec iov[2] = {{p.head.data() + (p.head.size() - head_left), head_left},
                    {const_cast<char*>(p.body.data()) + body_from, p.body.size() - body_from}};
    msghdr msg{};
    msg.msg_iov = head_left ? iov : iov + 1;
    msg.msg_iovlen = head_left ? 2 : 1;
    const ssize_t n = ::sendmsg(fd_.get(), &msg, MSG_NOSIGNAL | MSG_DONTWAIT);
    if (n > 0) {
      p.sent += static_cast<std::size_t>(n);
      if (p.sent == p.head.size() + p.body.size()) pending_.pop_front();
    } else if (n < 0 && errno == EINTR) {
      continue;
    } else {
      if (n < 0 && errno != EAGAIN) pending_.clear();  // the program closed its end
      return;
    }
  }
}

void CallChannel::on_readable(const Snap& snap, const LiveProcesses& live) {
  std::array<char, 65536> buf;
  const ssize_t n = ::recv(fd_.get(), buf.data(), buf.size(), MSG_DONTWAIT);
  if (n == 0 || (n < 0 && errno != EAGAIN && errno != EINTR)) {
    fd_.reset();  // every holder of the program's end is gone
    return;
  }
  if (n < 0) return;
  in_.append(buf.data(), static_cast<std::size_t>(n));
  std::size_t used = 0;  // parsed bytes of in_, dropped once below rather than frame by frame
  while (in_.size() - used >= kHeader && breach_.empty()) {
    const std::string_view frame = std::string_view(in_).substr(used);
    const std::uint32_t len = length_of(frame);
    // Only 'O' frames carry a payload: each call's output is capped, as one run's stdout is.
    if (len > cap_) {
      over_cap_ = true;
      return;
    }
    if (frame.size() < kHeader + len) break;
    used += kHeader + len;
    handle(frame[0], std::string(frame.substr(kHeader, len)), snap, live);
  }
  in_.erase(0, used);  // what is left is the start of a frame
}

// Each snapshot is taken before the answer is queued: the program blocks on the answer, so
// nothing it does after the mark is counted before it.
void CallChannel::handle(char type, std::string payload, const Snap& snap,
                         const LiveProcesses& live) {
  const std::size_t call = records_.size();
  if (type != 'O' && !payload.empty())
    return fail(fmt::format("a {} frame with a payload", printable_type(type)));
  switch (type) {
    case 'L':
      if (state_ != State::Loading) return fail("a second 'L'");
      loaded_ = last_end_ = snap();
      state_ = State::Idle;
      return;
    case 'B': {
      if (state_ != State::Idle) return fail(fmt::format("'B' inside call {}", call));
      Snapshot s = snap();
      if (call == plan_.calls()) {
        state_ = State::Done;
        return reply('Q');
      }
      CallRecord r;
      r.gap_cpu_ns = minus(s.cpu_ns, last_end_->cpu_ns);
      records_.push_back(std::move(r));
      begun_ = std::move(s);
      state_ = State::Begun;
      return reply('G');
    }
    case 'b':
      // The request travels only inside the measured window: no code of the program outside
      // it ever holds the input it answers.
      if (state_ != State::Begun) return fail("'b' outside a call's start");
      inner_ = snap();
      returned_.reset();
      state_ = State::Inner;
      return reply('I', plan_.request(call - 1));
    case 'd':
      if (state_ != State::Inner) return fail("'d' outside a call's window");
      state_ = State::Decoded;
      return reply(plan_.is_noop(call - 1) ? 'N' : 'R');
    case 'r':
      if (state_ != State::Decoded) return fail("'r' outside a call's window");
      returned_ = snap();
      state_ = State::Returned;
      return reply('o');
    case 'e': {
      if (state_ != State::Output) return fail("'e' before the call's output");
      const Snapshot s = snap();
      CallRecord& r = records_.back();
      r.cpu_ns = minus(s.cpu_ns, inner_->cpu_ns);
      r.wall_ns = ns_between(*inner_, s);
      add_deltas(*inner_, s, r.counters);
      if (returned_) {
        r.encode_cpu_ns = minus(s.cpu_ns, returned_->cpu_ns);
        r.encode_wall_ns = ns_between(*returned_, s);
        add_deltas(*returned_, s, r.encode_counters);
      }
      state_ = State::Measured;
      return reply('a');
    }
    case 'O':
      if (state_ == State::Inner) return fail("'O' before the request was decoded ('d')");
      if (state_ == State::Decoded && returned_mark_)
        return fail("'O' before the call returned ('r')");
      if (state_ != State::Returned && state_ != State::Decoded)
        return fail("'O' outside a call's window");
      records_.back().output = keep_output(plan_.request_index(call - 1), std::move(payload));
      state_ = State::Output;
      return;
    case 'E': {
      if (state_ == State::Loading || state_ == State::Idle || state_ == State::Done)
        return fail("'E' outside a call");
      Snapshot s = snap();
      CallRecord& r = records_.back();
      r.outer_cpu_ns = minus(s.cpu_ns, begun_->cpu_ns);
      r.complete = state_ == State::Measured;
      // A backend that counts per process has nothing at 'e': its counts came at 'b' (the
      // marker the call's process forked) and here (that process, reaped before 'E').
      if (r.complete) {
        add_deltas(*inner_, s, r.counters);
        if (returned_) add_deltas(*returned_, s, r.encode_counters);
      }
      if (const int n = live(); n > 1) {
        breach_ = fmt::format(
            "call {} ended with {} process(es) it started still running: work that outlives "
            "a call would escape its count",
            call - 1, n - 1);
        state_ = State::Done;
        return;
      }
      last_end_ = std::move(s);
      state_ = State::Idle;
      return reply('A');
    }
    default:
      return fail("an unknown frame " + printable_type(type));
  }
}

std::shared_ptr<const std::string> CallChannel::keep_output(std::size_t request,
                                                            std::string payload) {
  auto& seen = outputs_[request];
  for (const auto& o : seen)
    if (*o == payload) return o;
  seen.push_back(std::make_shared<const std::string>(std::move(payload)));
  return seen.back();
}

bool CallChannel::in_call() const {
  return state_ == State::Begun || state_ == State::Inner || state_ == State::Decoded ||
         state_ == State::Returned || state_ == State::Measured || state_ == State::Output;
}

std::optional<std::uint64_t> CallChannel::call_start_cpu_ns() const {
  return in_call() ? begun_->cpu_ns : std::nullopt;
}

std::optional<std::chrono::steady_clock::time_point> CallChannel::call_start_time() const {
  if (!in_call()) return std::nullopt;
  return begun_->t;
}

void CallChannel::finish(std::optional<std::uint64_t> end_cpu_ns, Result& r) {
  r.calls = std::move(records_);
  if (loaded_) r.load_cpu_ns = loaded_->cpu_ns;
  if (last_end_ && state_ == State::Done) r.tail_cpu_ns = minus(end_cpu_ns, last_end_->cpu_ns);
}

}  // namespace pj::sandbox
