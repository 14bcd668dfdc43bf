#include "sandbox/pfm_helper.hpp"

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "core/error.hpp"
#include "core/fd.hpp"

#ifndef PJ_PFM_HELPER_PATH
#error "PJ_PFM_HELPER_PATH must name the pj-pfm executable"
#endif

extern char** environ;

namespace pj::sandbox {
namespace {

[[noreturn]] void fail(const std::string& why) {
  fail_internal(std::string("pj-pfm (") + PJ_PFM_HELPER_PATH + "): " + why);
}

// Reaps the helper on every path out of ask_pj_pfm, exceptions included.
class Child {
 public:
  explicit Child(pid_t pid) : pid_(pid) {}
  Child(const Child&) = delete;
  Child& operator=(const Child&) = delete;
  ~Child() {
    if (pid_ > 0) wait();
  }
  int wait() {
    int status = 0;
    while (::waitpid(pid_, &status, 0) < 0 && errno == EINTR) {
    }
    pid_ = -1;
    return status;
  }

 private:
  pid_t pid_;
};

}  // namespace

PfmAnswer ask_pj_pfm(const std::vector<std::string>& args) {
  int p[2];
  if (::pipe2(p, O_CLOEXEC) != 0) fail(std::string("pipe: ") + std::strerror(errno));
  UniqueFd read_end(p[0]), write_end(p[1]);
  // posix_spawn rather than fork: the supervisor may be large and threaded, and spawn copies
  // none of its page tables.
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_adddup2(&fa, write_end.get(), STDOUT_FILENO);
  posix_spawn_file_actions_addopen(&fa, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
  std::vector<char*> argv{const_cast<char*>("pj-pfm")};
  for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  pid_t pid = -1;
  const int rc = ::posix_spawn(&pid, PJ_PFM_HELPER_PATH, &fa, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&fa);
  if (rc != 0) fail(std::string("cannot start: ") + std::strerror(rc));
  Child child(pid);
  write_end.reset();
  PfmAnswer answer;
  char buf[4096];
  for (;;) {
    const ssize_t n = ::read(read_end.get(), buf, sizeof buf);
    if (n > 0) {
      answer.out.append(buf, static_cast<std::size_t>(n));
    } else if (n == 0) {
      break;
    } else if (errno != EINTR) {
      fail(std::string("read: ") + std::strerror(errno));
    }
  }
  const int status = child.wait();
  if (!WIFEXITED(status)) fail("ended by signal " + std::to_string(WTERMSIG(status)));
  answer.status = WEXITSTATUS(status);
  return answer;
}

}  // namespace pj::sandbox
