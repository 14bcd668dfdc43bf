#include "sandbox/tree_clock.hpp"

#include <linux/perf_event.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace pj::sandbox {
namespace {

long open_task_clock(pid_t pid, bool exclude_kernel) {
  perf_event_attr attr{};
  attr.size = sizeof attr;
  attr.type = PERF_TYPE_SOFTWARE;
  attr.config = PERF_COUNT_SW_TASK_CLOCK;
  attr.disabled = 1;
  attr.enable_on_exec = 1;
  attr.inherit = 1;
  attr.exclude_kernel = exclude_kernel ? 1 : 0;
  attr.exclude_hv = 1;
  return ::syscall(SYS_perf_event_open, &attr, pid, -1, -1, PERF_FLAG_FD_CLOEXEC);
}

}  // namespace

std::string TreeClock::open(pid_t pid) {
  long fd = open_task_clock(pid, false);
  // perf_event_paranoid 2 refuses kernel-inclusive events to unprivileged callers; the
  // task-clock still counts the task's whole run time either way.
  if (fd < 0 && errno == EACCES) fd = open_task_clock(pid, true);
  if (fd < 0) return std::string("task-clock: perf_event_open: ") + std::strerror(errno);
  fd_.reset(static_cast<int>(fd));
  return {};
}

std::optional<std::uint64_t> TreeClock::read_ns() const {
  if (!fd_) return std::nullopt;
  std::uint64_t v = 0;
  if (::read(fd_.get(), &v, sizeof v) != static_cast<ssize_t>(sizeof v)) return std::nullopt;
  return v;
}

}  // namespace pj::sandbox
