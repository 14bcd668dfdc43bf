// The seccomp policy of every sandboxed process, compiled once to classic BPF.
#pragma once

#include <linux/filter.h>

#include <vector>

namespace pj::sandbox {

// The compiled filter (built with libseccomp when perfjudge is built), loaded in the child
// with a bare prctl(), which does not allocate.
const std::vector<sock_filter>& seccomp_program();

// Async-signal-safe: no_new_privs, then the filter. Returns 0 or an errno.
int load_seccomp(const std::vector<sock_filter>& prog);

}  // namespace pj::sandbox
