#include "sandbox/verdict_rules.hpp"

#include <fmt/format.h>
#include <signal.h>

#include <cstring>

namespace pj::sandbox {
namespace {

std::string signal_text(int sig) {
  const char* abbrev = sigabbrev_np(sig);
  const char* desc = sigdescr_np(sig);
  return fmt::format("SIG{} ({})", abbrev ? abbrev : std::to_string(sig).c_str(),
                     desc ? desc : "unknown signal");
}

}  // namespace

std::pair<Verdict, std::string> decide(const Outcome& o, const Limits& limits) {
  using K = Outcome::Kill;
  if (!o.breach.empty()) return {Verdict::SECURITY, o.breach};
  if (!o.call_breach.empty()) return {Verdict::SECURITY, o.call_breach};
  if (!o.internal_error.empty()) return {Verdict::IE, o.internal_error};
  // SIGXCPU is RLIMIT_CPU's soft limit: under contention it can fire before the supervisor's
  // own sample sees the tree over the limit, and it is a time limit all the same.
  if (o.signal == SIGXCPU)
    return {Verdict::TLE, fmt::format("CPU time limit hit (RLIMIT_CPU, SIGXCPU) at {:.3f} s",
                                      static_cast<double>(o.cpu_ns) / 1e9)};
  if (o.kill == K::Cpu && !o.cpu_message.empty()) return {Verdict::TLE, o.cpu_message};
  if (o.kill == K::Cpu || static_cast<double>(o.cpu_ns) > limits.cpu_seconds * 1e9)
    return {Verdict::TLE, fmt::format("CPU time {:.3f} s exceeded the limit of {} s",
                                      static_cast<double>(o.cpu_ns) / 1e9, limits.cpu_seconds)};
  if (o.kill == K::Wall && !o.wall_message.empty()) return {Verdict::TLE_WALL, o.wall_message};
  if (o.kill == K::Wall)
    return {Verdict::TLE_WALL,
            fmt::format("wall time exceeded the limit of {} s", limits.effective_wall_seconds())};
  if (o.kill == K::Memory || o.max_rss_kib > limits.memory_mib * 1024)
    return {Verdict::MLE, fmt::format("peak memory {} MiB exceeded the limit of {} MiB",
                                      o.max_rss_kib / 1024, limits.memory_mib)};
  const std::uint64_t cap = limits.output_mib << 20;
  if (o.kill == K::Output || o.stdout_bytes > cap || o.stderr_bytes > cap) {
    const char* stream = !o.output_stream.empty() ? o.output_stream.c_str()
                         : o.stdout_bytes > cap   ? "stdout"
                                                  : "stderr";
    return {Verdict::OLE,
            fmt::format("{} exceeded the limit of {} MiB", stream, limits.output_mib)};
  }
  // Writes beyond the limit fail with ENOSPC; a program that reached it is judged for it
  // even if it handled the error, and so is one whose files could not all be copied back.
  if (o.disk_full || !o.copy_back_error.empty())
    return {Verdict::OLE,
            fmt::format("the workdir and /tmp reached the disk limit of {} MiB{}", limits.disk_mib,
                        o.copy_back_error.empty() ? "" : " (" + o.copy_back_error + ")")};
  if (o.signal == SIGSYS)
    return {Verdict::SECURITY, "killed by the seccomp filter (SIGSYS): a forbidden system call"};
  if (o.signal) return {Verdict::RE, "killed by signal " + signal_text(*o.signal)};
  if (o.exit_code && *o.exit_code != 0)
    return {Verdict::RE, fmt::format("exited with code {}", *o.exit_code)};
  return {Verdict::OK, ""};
}

}  // namespace pj::sandbox
