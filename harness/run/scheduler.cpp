#include "harness/run/scheduler.hpp"

#include <malloc.h>
#include <poll.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <sys/eventfd.h>
#include <sys/signalfd.h>
#include <unistd.h>

#include <fmt/format.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>

#include "core/error.hpp"

namespace pj::harness {

std::vector<int> allowed_cpus() {
  cpu_set_t set;
  CPU_ZERO(&set);
  std::vector<int> out;
  if (::sched_getaffinity(0, sizeof set, &set) != 0) return out;
  for (int c = 0; c < CPU_SETSIZE; ++c) {
    if (CPU_ISSET(c, &set)) out.push_back(c);
  }
  return out;
}

void pin_this_thread(int cpu) {
  cpu_set_t set;
  CPU_ZERO(&set);
  CPU_SET(cpu, &set);
  // Thread id 0 = the calling thread; children it forks inherit the mask.
  if (::sched_setaffinity(0, sizeof set, &set) != 0) {
    fail_internal(fmt::format("sched_setaffinity(cpu {}): {}", cpu, std::strerror(errno)));
  }
}

// A unit frees what it held (a session's inputs and outputs, megabytes each), but malloc keeps
// freed memory inside each worker's arena. Every sandbox start copies this process's page
// tables (launcher.cpp: the clone behaves like fork), so resident memory that holds nothing
// is paid again at each start. In the ENAMEL run (up to 650 MiB resident), copying and
// dropping those tables took 7 % of all CPU (docs/PERFORMANCE.md).
void return_free_memory() {
#if defined(__SANITIZE_ADDRESS__)
  // ASan's allocator replaces glibc's, whose arenas then stay uninitialised: malloc_trim would
  // initialise them, racily when two workers call it at once (it crashed a CI run), and free
  // nothing of ASan's.
#else
  ::malloc_trim(0);
#endif
}

void kill_descendants(pid_t root) {
  // Parent links from /proc; a breadth-first walk from root finds the whole tree.
  std::multimap<pid_t, pid_t> children;
  std::error_code ec;
  for (const auto& e : std::filesystem::directory_iterator("/proc", ec)) {
    const std::string name = e.path().filename().string();
    if (name.empty() || name.find_first_not_of("0123456789") != std::string::npos) continue;
    std::ifstream in(e.path() / "stat");
    std::string stat;
    std::getline(in, stat);
    const auto close = stat.rfind(')');
    if (close == std::string::npos) continue;
    char state = 0;
    int ppid = 0;
    if (std::sscanf(stat.c_str() + close + 1, " %c %d", &state, &ppid) != 2) continue;
    children.emplace(ppid, std::stoi(name));
  }
  std::vector<pid_t> todo{root};
  while (!todo.empty()) {
    const pid_t p = todo.back();
    todo.pop_back();
    auto [b, e] = children.equal_range(p);
    for (auto it = b; it != e; ++it) {
      ::kill(it->second, SIGKILL);
      todo.push_back(it->second);
    }
  }
}

InterruptWatcher::InterruptWatcher(std::atomic<bool>& stop, std::function<void()> on_tick)
    : stop_(stop), on_tick_(std::move(on_tick)) {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  // Blocked before any worker starts, so every thread inherits the mask and only the
  // signalfd sees the signals.
  ::pthread_sigmask(SIG_BLOCK, &set, &old_mask_);
  sfd_ = UniqueFd(::signalfd(-1, &set, SFD_CLOEXEC | SFD_NONBLOCK));
  quit_ = UniqueFd(::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK));
  if (!sfd_ || !quit_) fail_internal(fmt::format("signalfd: {}", std::strerror(errno)));
  thread_ = std::thread([this] { loop(); });
}

InterruptWatcher::~InterruptWatcher() {
  const std::uint64_t one = 1;
  [[maybe_unused]] auto n = ::write(quit_.get(), &one, sizeof one);
  thread_.join();
  // A signal that arrived while blocked stays pending; drain it so unblocking does not kill us.
  signalfd_siginfo info;
  while (::read(sfd_.get(), &info, sizeof info) == sizeof info) {
  }
  ::pthread_sigmask(SIG_SETMASK, &old_mask_, nullptr);
}

void InterruptWatcher::loop() {
  pollfd fds[2] = {{sfd_.get(), POLLIN, 0}, {quit_.get(), POLLIN, 0}};
  for (;;) {
    const int n = ::poll(fds, 2, 100);
    if (n > 0 && (fds[1].revents & POLLIN)) return;
    if (n > 0 && (fds[0].revents & POLLIN)) {
      signalfd_siginfo info;
      while (::read(sfd_.get(), &info, sizeof info) == sizeof info) {
        if (++signals_ >= 2) {
          kill_descendants(::getpid());
          static constexpr char msg[] = "\nperfjudge: interrupted again, exiting now\n";
          [[maybe_unused]] auto w = ::write(2, msg, sizeof msg - 1);
          ::_exit(130);
        }
        stop_ = true;
        static constexpr char msg[] =
            "\nperfjudge: interrupted; stopping (stored work is kept; Ctrl-C again to quit "
            "at once)\n";
        [[maybe_unused]] auto w = ::write(2, msg, sizeof msg - 1);
        kill_descendants(::getpid());
      }
    }
    if (stop_ && signals_ > 0) kill_descendants(::getpid());  // children started meanwhile
    if (on_tick_) on_tick_();
  }
}

}  // namespace pj::harness
