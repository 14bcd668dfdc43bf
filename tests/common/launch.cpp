#include "common/launch.hpp"

#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstring>
#include <stdexcept>

#include "common/files.hpp"
#include "core/temp_dir.hpp"

extern char** environ;

namespace pj::test {

namespace {

// The test's environment with `how.env` set on top, built before fork so that the child only
// calls async-signal-safe functions.
std::vector<std::string> environment(const Launch& how) {
  std::vector<std::string> out;
  for (char** e = environ; *e != nullptr; ++e) {
    const std::string entry(*e);
    const auto key = entry.substr(0, entry.find('='));
    bool replaced = false;
    for (const auto& [k, v] : how.env) replaced = replaced || k == key;
    if (!replaced) out.push_back(entry);
  }
  for (const auto& [k, v] : how.env) out.push_back(k + "=" + v);
  return out;
}

std::vector<char*> pointers(std::vector<std::string>& strings) {
  std::vector<char*> out;
  for (auto& s : strings) out.push_back(s.data());
  out.push_back(nullptr);
  return out;
}

pid_t start(const std::vector<std::string>& argv, const std::filesystem::path& out,
            const std::filesystem::path& err, const Launch& how, bool own_group) {
  if (argv.empty()) throw std::invalid_argument("run_process: empty argv");
  std::vector<std::string> args = argv;
  std::vector<std::string> env = environment(how);
  const auto argp = pointers(args);
  const auto envp = pointers(env);
  const pid_t pid = ::fork();
  if (pid < 0) throw std::runtime_error(std::string("fork: ") + std::strerror(errno));
  if (pid == 0) {
    if (own_group) ::setpgid(0, 0);
    const int in = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
    const int o = ::open(out.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    const int e =
        how.merge_stderr ? o : ::open(err.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (in < 0 || o < 0 || e < 0) ::_exit(127);
    ::dup2(in, 0);
    ::dup2(o, 1);
    ::dup2(e, 2);
    ::execve(argp[0], argp.data(), envp.data());
    ::_exit(127);
  }
  return pid;
}

}  // namespace

int wait_exit(pid_t pid) {
  int st = 0;
  while (::waitpid(pid, &st, 0) < 0) {
    if (errno != EINTR) return -1;
  }
  if (WIFEXITED(st)) return WEXITSTATUS(st);
  return 128 + WTERMSIG(st);
}

Finished run_process(const std::vector<std::string>& argv, const Launch& how) {
  const TempDir dir("pj-test-launch");
  const auto out = dir.path() / "out", err = dir.path() / "err";
  Finished r;
  r.status = wait_exit(start(argv, out, err, how, false));
  r.out = read_text(out);
  if (!how.merge_stderr) r.err = read_text(err);
  return r;
}

Finished perfjudge(const std::vector<std::string>& args, const Launch& how) {
  std::vector<std::string> argv{PJ_PERFJUDGE_EXE};
  argv.insert(argv.end(), args.begin(), args.end());
  return run_process(argv, how);
}

Finished perfjudge_sh(const std::string& args, const Launch& how) {
  return run_process({"/bin/sh", "-c", "exec " + shell_quote(PJ_PERFJUDGE_EXE) + " " + args}, how);
}

pid_t spawn_perfjudge(const std::vector<std::string>& args, const std::filesystem::path& log,
                      const Launch& how) {
  std::vector<std::string> argv{PJ_PERFJUDGE_EXE};
  argv.insert(argv.end(), args.begin(), args.end());
  Launch merged = how;
  merged.merge_stderr = true;
  return start(argv, log, log, merged, true);
}

std::string shell_quote(const std::string& s) {
  std::string out = "'";
  for (const char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

}  // namespace pj::test
