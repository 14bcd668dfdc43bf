#include "sandbox/launcher.hpp"

#include <fcntl.h>
#include <grp.h>
#include <linux/sched.h>
#include <sched.h>
#include <signal.h>
#include <sys/personality.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <fmt/format.h>

#include <cerrno>
#include <cstring>
#include <fstream>

#include "core/error.hpp"
#include "sandbox/report.h"
#include "sandbox/seccomp_filter.hpp"
#include "sandbox/workdir_fs.hpp"

namespace pj::sandbox {
namespace {

constexpr int kInitFd = 5;  // the init helper's O_PATH fd, exec'd with execveat

std::string fmt_map(unsigned inner, unsigned outer) {
  return std::to_string(inner) + " " + std::to_string(outer) + " 1\n";
}

[[noreturn]] void fail_setup(int report_fd, int step, int err) {
  pj_report r{};
  r.kind = PJ_REPORT_SETUP_FAILED;
  r.step = step;
  r.err = err;
  [[maybe_unused]] ssize_t n = ::write(report_fd, &r, sizeof r);
  ::_exit(1);
}

// Moves the standard fds of the init helper into place (and the call channel, when there is
// one); first lifts every source above the targets so no dup2 clobbers a source that is still
// needed.
int arrange_fds(const ChildPlan& p, int init_fd) {
  const int src[] = {p.stdin_fd, p.stdout_fd, p.stderr_fd, p.report_fd,
                     p.go_fd,    init_fd,     p.calls_fd};
  int high[7] = {-1, -1, -1, -1, -1, -1, -1};
  for (int i = 0; i < 7; ++i) {
    if (src[i] < 0) continue;  // only the call channel is optional
    high[i] = ::fcntl(src[i], F_DUPFD_CLOEXEC, 16);
    if (high[i] < 0) return errno;
  }
  for (int i = 0; i < 5; ++i)
    if (::dup2(high[i], i) < 0) return errno;
  if (::dup3(high[5], kInitFd, O_CLOEXEC) < 0) return errno;
  if (high[6] >= 0 ? ::dup2(high[6], PJ_FD_CALLS) < 0 : (::close(PJ_FD_CALLS), false)) return errno;
  if (::close_range(PJ_FD_CALLS + 1, ~0U, 0) != 0) return errno;
  return 0;
}

// Publishes the step the child is in, so that a supervisor that times out can say where the
// start stalled. The page is MAP_SHARED (see StartProgress); exec of the init helper unmaps
// it, so the candidate never sees it.
void at_step(const ChildPlan& p, int step) {
  if (p.progress != nullptr) __atomic_store_n(p.progress, step, __ATOMIC_RELEASE);
}

// Raw syscalls, not glibc's setresuid/setresgid/setgroups: in a multi-threaded process those
// broadcast the change to every thread (nptl's setxid), first taking the thread-list lock and
// waiting for threads still being created. This child is a raw clone of such a process: if
// another supervisor thread was inside pthread_create at the instant of the clone, the lock
// stays held forever in the copy and the start hung until the 20 s timeout. The child is
// single-threaded, so changing the calling thread's credentials is all that is needed.
int drop_to_sandbox_user(bool drop_groups) {
  if (drop_groups && ::syscall(SYS_setgroups, 0, nullptr) != 0) return errno;
  if (::syscall(SYS_setresgid, kInnerId, kInnerId, kInnerId) != 0) return errno;
  if (::syscall(SYS_setresuid, kInnerId, kInnerId, kInnerId) != 0) return errno;
  return 0;
}

// Kills this child when the supervisor's thread dies. Set again after every credential
// change, which clears it; the go pipe covers the window between (EOF there ends the run).
int die_with_supervisor() {
  return ::prctl(PR_SET_PDEATHSIG, SIGKILL) == 0 ? 0 : errno;
}

[[noreturn]] void child_main(const ChildPlan& p) {
  const int rfd = p.report_fd;
  at_step(p, kStepDeathSignal);
  if (int err = die_with_supervisor()) fail_setup(rfd, kStepDeathSignal, err);
  at_step(p, kStepSync);
  char sync = 0;
  if (::read(p.go_fd, &sync, 1) != 1) fail_setup(rfd, kStepSync, errno);

  // A session of its own: no controlling terminal, so TIOCSTI cannot push keystrokes into
  // the caller's shell and the caller's job-control signals do not reach the run.
  at_step(p, kStepSession);
  if (::setsid() < 0) fail_setup(rfd, kStepSession, errno);

  // Opened with the caller's credentials, before dropping to the sandbox user.
  at_step(p, kStepOpenInit);
  const int init_fd = ::open(p.init_path, O_PATH | O_CLOEXEC);
  if (init_fd < 0) fail_setup(rfd, kStepOpenInit, errno);
  int step = 0;
  at_step(p, kStepOpenBind);
  if (int err = open_bind_sources(*p.mounts, p.bind_fds, &step))
    fail_setup(rfd, kStepMount + step, err);

  at_step(p, kStepCredentials);
  if (int err = drop_to_sandbox_user(p.drop_groups)) fail_setup(rfd, kStepCredentials, err);
  if (int err = die_with_supervisor()) fail_setup(rfd, kStepDeathSignal, err);

  at_step(p, kStepScratch);
  // Scratch space: after the switch, so the program owns its directories.
  int scratch_fd = -1;
  if (int err = mount_scratch(p.scratch_options, p.scratch_sock, &scratch_fd))
    fail_setup(rfd, kStepScratch, err);
  at_step(p, kStepMounting);
  if (int err = apply_mount_plan(*p.mounts, p.bind_fds, scratch_fd, &step))
    fail_setup(rfd, step < 0 ? kStepMountPrivate : kStepMount + step, err);
  at_step(p, kStepHostname);
  if (::sethostname("perfjudge", 9) != 0) fail_setup(rfd, kStepHostname, errno);
  at_step(p, kStepWorkdir);
  if (::chdir(p.workdir) != 0) fail_setup(rfd, kStepWorkdir, errno);
  at_step(p, kStepRlimits);
  if (int err = apply_rlimits(p.rlimits)) fail_setup(rfd, kStepRlimits, err);
  at_step(p, kStepPersonality);
  if (p.disable_aslr && ::personality(ADDR_NO_RANDOMIZE) < 0)
    fail_setup(rfd, kStepPersonality, errno);
  if (p.pin_cpu >= 0) {
    at_step(p, kStepAffinity);
    cpu_set_t set;
    CPU_ZERO(&set);
    CPU_SET(p.pin_cpu, &set);
    if (::sched_setaffinity(0, sizeof set, &set) != 0) fail_setup(rfd, kStepAffinity, errno);
  }
  at_step(p, kStepFds);
  if (int err = arrange_fds(p, init_fd)) fail_setup(rfd, kStepFds, err);
  at_step(p, kStepSeccomp);
  if (int err = load_seccomp(*p.seccomp)) fail_setup(PJ_FD_REPORT, kStepSeccomp, err);
  at_step(p, kStepExecInit);
  ::syscall(SYS_execveat, kInitFd, "", p.init_argv, p.envp, AT_EMPTY_PATH);
  fail_setup(PJ_FD_REPORT, kStepExecInit, errno);
}

}  // namespace

void give_to_sandbox_user(const std::filesystem::path& dir, const HostIds& ids) {
  if (!ids.caller_is_root) return;
  if (::chown(dir.c_str(), ids.uid, ids.gid) != 0)
    fail_internal(
        fmt::format("cannot hand {} to the sandbox user: {}", dir.string(), std::strerror(errno)));
}

HostIds sandbox_host_ids() {
  if (::geteuid() == 0) {
    // Never the host's root: the kernel exempts root from RLIMIT_NPROC, and root-owned files
    // would be the candidate's own. 65534 is nobody/nogroup.
    return {65534, 65534, true};
  }
  return {::geteuid(), ::getegid(), false};
}

Launched launch(const ChildPlan& plan) {
  int pidfd = -1;
  // A raw clone without a new stack behaves like fork: the child continues on a copy of
  // this stack. glibc's clone() wrapper would need a separate stack, fork() has no flags.
  const long flags = CLONE_NEWUSER | CLONE_NEWPID | CLONE_NEWNS | CLONE_NEWNET | CLONE_NEWIPC |
                     CLONE_NEWUTS | CLONE_PIDFD | SIGCHLD;
  const long pid = ::syscall(SYS_clone, flags, nullptr, &pidfd, nullptr, nullptr);
  if (pid < 0) fail_internal(std::string("clone: ") + std::strerror(errno));
  if (pid == 0) child_main(plan);
  Launched l;
  l.pid = static_cast<pid_t>(pid);
  l.pidfd.reset(pidfd);
  return l;
}

std::string write_id_maps(pid_t pid, const HostIds& ids) {
  const std::string base = "/proc/" + std::to_string(pid) + "/";
  auto write_file = [&](const char* name, const std::string& text) -> std::string {
    const int fd = ::open((base + name).c_str(), O_WRONLY | O_CLOEXEC);
    if (fd < 0) return std::string(name) + ": " + std::strerror(errno);
    const ssize_t n = ::write(fd, text.data(), text.size());
    const int err = errno;
    ::close(fd);
    if (n != static_cast<ssize_t>(text.size()))
      return std::string(name) + ": " + std::strerror(err);
    return {};
  };
  // Without CAP_SETGID in the parent namespace, setgroups must be denied before gid_map.
  if (!ids.caller_is_root) {
    if (auto err = write_file("setgroups", "deny"); !err.empty()) return err;
  }
  if (auto err = write_file("uid_map", fmt_map(kInnerId, ids.uid)); !err.empty()) return err;
  return write_file("gid_map", fmt_map(kInnerId, ids.gid));
}

std::string describe_step(int step, const std::vector<MountOp>& mounts) {
  if (step >= kStepMount) {
    const auto i = static_cast<std::size_t>(step - kStepMount);
    if (i == mounts.size()) return "pivot_root into the new root";
    if (i < mounts.size()) {
      std::string target = mounts[i].target.substr(std::strlen(kStagingRoot));
      return "preparing " + (target.empty() ? std::string("/") : target) +
             (mounts[i].source.empty() ? "" : " from " + mounts[i].source);
    }
  }
  switch (step) {
    case kStepClone:
      return "creating the namespaces (clone)";
    case kStepIdMaps:
      return "writing the uid map";
    case kStepDeathSignal:
      return "setting the parent-death signal";
    case kStepSession:
      return "starting a new session";
    case kStepOpenBind:
      return "opening the bind sources";
    case kStepMounting:
      return "building the filesystem view (mounts and pivot_root)";
    case kStepInitStarted:
      return "the init helper starting the candidate";
    case PJ_STEP_INIT_DUMPABLE:
      return "making the init helper non-dumpable";
    case kStepSync:
      return "waiting for the uid map";
    case kStepOpenInit:
      return "opening the init helper";
    case kStepCredentials:
      return "switching to the sandbox user";
    case kStepMountPrivate:
      return "making mounts private";
    case kStepHostname:
      return "setting the hostname";
    case kStepWorkdir:
      return "entering the workdir";
    case kStepRlimits:
      return "setting rlimits";
    case kStepPersonality:
      return "disabling ASLR";
    case kStepAffinity:
      return "pinning the CPU";
    case kStepFds:
      return "arranging file descriptors";
    case kStepSeccomp:
      return "loading the seccomp filter";
    case kStepExecInit:
      return "starting the init helper";
    case kStepScratch:
      return "mounting the scratch tmpfs of the workdir and /tmp";
    default:
      return "setup step " + std::to_string(step);
  }
}

}  // namespace pj::sandbox
