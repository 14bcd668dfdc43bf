// The one way tests start a program, above all the built `perfjudge`: argv without a shell
// (unless a test asks for one), stdin from /dev/null, stdout and stderr captured apart or
// together, and an exit status that tells a signal apart from an exit code.
#pragma once

#include <sys/types.h>

#include <filesystem>
#include <string>
#include <utility>
#include <vector>

namespace pj::test {

struct Launch {
  // Set in the child's environment, on top of the test's own.
  std::vector<std::pair<std::string, std::string>> env;
  bool merge_stderr = false;  // stderr into `out` too, interleaved as written
};

// stdout and stderr together, as a terminal shows them.
inline Launch merged_output() {
  Launch how;
  how.merge_stderr = true;
  return how;
}

struct Finished {
  int status = -1;  // the exit code, or 128 + N when signal N ended it
  std::string out;
  std::string err;  // empty with merge_stderr
};

// Runs argv[0] (a path; no PATH search) to its end.
Finished run_process(const std::vector<std::string>& argv, const Launch& how = {});

// The built perfjudge with `args`.
Finished perfjudge(const std::vector<std::string>& args, const Launch& how = {});

// Same, with `args` as /bin/sh words (quotes, variables): for tests written as command lines.
Finished perfjudge_sh(const std::string& args, const Launch& how = {});

// Starts the built perfjudge in a process group of its own (the test's signals do not reach
// it; a signal to -pid reaches it and every child it left), stdout and stderr to `log`.
// Returns its pid, for wait_exit.
pid_t spawn_perfjudge(const std::vector<std::string>& args, const std::filesystem::path& log,
                      const Launch& how = {});

// Waits for pid: its exit code, or 128 + N when signal N ended it.
int wait_exit(pid_t pid);

// `s` as one /bin/sh word.
std::string shell_quote(const std::string& s);

}  // namespace pj::test
