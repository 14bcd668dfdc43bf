// The filesystem view of a run: a fresh tmpfs root holding read-only binds of the system
// directories a compiled program or an interpreter needs, a minimal /dev, a fresh /proc, a
// private /tmp and the read-write workdir. The plan is built in the supervisor (strings,
// allocation); the child only walks it with plain syscalls.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "sandbox/sandbox.hpp"

namespace pj::sandbox {

enum class MountKind {
  Mkdir,    // target directory (existing is fine)
  Touch,    // empty file to bind a file onto
  BindRo,   // source bound read-only at target
  BindRw,   // source bound read-write at target (workdir, devices)
  Tmpfs,    // fresh tmpfs at target with `data` options
  Proc,     // fresh /proc of the run's pid namespace
  Symlink,  // target -> source
  // Scratch space (sandbox/workdir_fs.hpp):
  ScratchBind,  // the scratch tmpfs's directory `source` bound at target (/tmp, a private workdir)
  Overlay,      // overlay at target: lower = source (the host workdir), upper on the scratch
  RemountRo,    // the mount at target made read-only
};

struct MountOp {
  MountKind kind;
  std::string target;  // absolute, already prefixed with the staging directory
  std::string source;  // bind source on the host, or symlink contents
  std::string data;    // tmpfs options
};

// Directory on which the child mounts the new root before pivot_root.
inline constexpr const char* kStagingRoot = "/tmp";

struct MountPlanInput {
  std::filesystem::path workdir;               // bound read-write at the same path
  std::vector<std::filesystem::path> bind_ro;  // bound read-only at the same path
  std::vector<BindAt> bind_ro_at;              // bound read-only at their targets
  std::vector<std::filesystem::path> bind_rw;  // internal extra read-write binds
  bool workdir_overlay = false;    // a caller's workdir (overlay) rather than a private one
  bool read_only_scratch = false;  // /tmp and a private workdir bound read-only
};

// Throws pj::Error(Usage) when a --bind-ro path or the workdir does not exist.
std::vector<MountOp> mount_plan(const MountPlanInput& in);

// Child side, async-signal-safe. Opens every bind source (O_PATH) while the child still has
// the caller's credentials, so binds work even below directories the sandbox user cannot
// traverse. `fds` must have plan.size() slots. Returns 0 or an errno; *failed_step = index.
int open_bind_sources(const std::vector<MountOp>& plan, int* fds, int* failed_step);

// Child side, async-signal-safe: builds the root in kStagingRoot, pivots into it, makes the
// root read-only. `scratch_fd`: the scratch tmpfs (mount_scratch). Returns 0 or an errno;
// *failed_step = index (plan.size() = pivot stage).
int apply_mount_plan(const std::vector<MountOp>& plan, const int* fds, int scratch_fd,
                     int* failed_step);

}  // namespace pj::sandbox
