// The one place where a sandboxed process is created: clone(2) into fresh user, pid, mount,
// net, ipc and uts namespaces, then (in the child, with plain syscalls only, because the
// supervisor may be multi-threaded) build the filesystem view, drop to the sandbox user,
// apply rlimits and seccomp, and exec the init helper that becomes pid 1.
#pragma once

#include <filesystem>

#include <linux/filter.h>
#include <sys/types.h>

#include <string>
#include <vector>

#include "core/fd.hpp"
#include "sandbox/limits.hpp"
#include "sandbox/mounts.hpp"

namespace pj::sandbox {

// Setup steps reported by the child when they fail (mount steps: kStepMount + index).
// Steps up to kStepIdMaps are the supervisor's; kStepInitStarted means the init helper runs
// and has not reported the fork yet.
enum SetupStep : int {
  kStepClone = 1,
  kStepIdMaps,
  kStepDeathSignal,
  kStepSync,
  kStepSession,
  kStepOpenInit,
  kStepOpenBind,
  kStepCredentials,
  kStepMountPrivate,
  kStepMounting,
  kStepHostname,
  kStepWorkdir,
  kStepRlimits,
  kStepPersonality,
  kStepAffinity,
  kStepFds,
  kStepSeccomp,
  kStepExecInit,
  kStepInitStarted,
  kStepScratch,
  kStepMount = 1000,
};

// Everything the child needs, prepared by the supervisor. Pointers stay valid until launch()
// returns (the child works on its own copy of memory).
struct ChildPlan {
  const std::vector<MountOp>* mounts = nullptr;
  int* bind_fds = nullptr;  // mounts->size() slots, filled in the child
  RlimitPlan rlimits{};
  const std::vector<sock_filter>* seccomp = nullptr;
  bool disable_aslr = true;
  int pin_cpu = -1;
  const char* workdir = nullptr;
  const char* init_path = nullptr;
  char* const* init_argv = nullptr;
  char* const* envp = nullptr;
  int stdin_fd = -1, stdout_fd = -1, stderr_fd = -1, report_fd = -1, go_fd = -1;
  int calls_fd = -1;         // the program's end of the call channel, or -1 (sandbox.hpp, CallPlan)
  bool drop_groups = false;  // only possible when the caller is root
  int* progress = nullptr;   // a MAP_SHARED int the child writes its current SetupStep to
  // The run's scratch tmpfs (sandbox/workdir_fs.hpp): its mount options and the socket its fd
  // is sent to the supervisor through.
  const char* scratch_options = nullptr;
  int scratch_sock = -1;
};

// Uid/gid of the candidate inside its namespace, and the host ids they map to.
inline constexpr uid_t kInnerId = 1000;
struct HostIds {
  uid_t uid;
  gid_t gid;
  bool caller_is_root;
};
HostIds sandbox_host_ids();

// The sandbox user must be able to write its workdir (and valgrind's output directory): when
// perfjudge runs as root the candidate runs as nobody, so the directory (not its contents) is
// handed over. Throws pj::Error(Internal) when it cannot be.
void give_to_sandbox_user(const std::filesystem::path& dir, const HostIds& ids);

struct Launched {
  pid_t pid = -1;
  UniqueFd pidfd;
};

// Throws pj::Error(Internal) if clone fails.
Launched launch(const ChildPlan& plan);

// Writes uid_map/gid_map of the child's user namespace. Returns "" or what failed.
std::string write_id_maps(pid_t pid, const HostIds& ids);

// Human-readable name of a SetupStep for IE messages.
std::string describe_step(int step, const std::vector<MountOp>& mounts);

}  // namespace pj::sandbox
