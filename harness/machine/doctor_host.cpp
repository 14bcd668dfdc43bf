// real_host(): the HostView of this machine.
#include <sys/wait.h>
#include <unistd.h>

#include <boost/process.hpp>
#include <cerrno>
#include <cstdlib>
#include <thread>

#include "harness/machine/doctor.hpp"

namespace pj::harness {

namespace {

// In a forked child, so that this process keeps its namespaces. Between fork and _exit the
// child calls only unshare (async-signal-safe), since this process may have threads.
int try_unshare_in_child(int flags) {
  const pid_t pid = ::fork();
  if (pid < 0) return errno;
  if (pid == 0) ::_exit(::unshare(flags) == 0 ? 0 : (errno & 0xff));
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  return WIFEXITED(status) ? WEXITSTATUS(status) : ECHILD;
}

// A trusted tool of the machine (valgrind --version, gcc --version); never a candidate.
std::string first_output_line(const std::vector<std::string>& argv) {
  namespace bp = boost::process;
  if (argv.empty()) return "";
  bp::ipstream out;
  std::error_code ec;
  bp::child c(argv[0], bp::args(std::vector<std::string>(argv.begin() + 1, argv.end())),
              (bp::std_out & bp::std_err) > out, bp::std_in.close(), ec);
  if (ec) return "";
  std::string first;
  for (std::string line; std::getline(out, line);) {
    if (first.empty() && line.find_first_not_of(" \t\r") != std::string::npos) first = line;
  }
  c.wait(ec);
  while (!first.empty() && (first.back() == '\r' || first.back() == ' ')) first.pop_back();
  return first;
}

}  // namespace

HostView real_host() {
  HostView h;
  const char* path = std::getenv("PATH");
  h.path = path ? path : "/usr/local/bin:/usr/bin:/bin";
  h.privileged = ::geteuid() == 0;
  h.cores = std::thread::hardware_concurrency();
  h.open_event = sandbox::probe_perf_event;
  h.pmu_events = [] { return sandbox::pmu_events(4); };
  h.try_unshare = try_unshare_in_child;
  h.first_output_line = first_output_line;
  h.sandbox = probe_sandbox;
  return h;
}

}  // namespace pj::harness
