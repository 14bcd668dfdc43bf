#include "sandbox/seccomp_filter.hpp"

#include <linux/seccomp.h>
#include <sys/prctl.h>

#include <cerrno>
#include <iterator>

namespace pj::sandbox {
namespace {

// The policy, compiled to BPF by libseccomp at build time: sandbox/seccomp/pj_seccomp_bpf.c
// holds the rules, and why each, and why they are not compiled here.
constexpr sock_filter kProgram[] = {
#include "seccomp_bpf.inc"
};

}  // namespace

const std::vector<sock_filter>& seccomp_program() {
  static const std::vector<sock_filter> prog(std::begin(kProgram), std::end(kProgram));
  return prog;
}

int load_seccomp(const std::vector<sock_filter>& prog) {
  if (::prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0) return errno;
  sock_fprog fprog{static_cast<unsigned short>(prog.size()), const_cast<sock_filter*>(prog.data())};
  if (::prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &fprog) != 0) return errno;
  return 0;
}

}  // namespace pj::sandbox
