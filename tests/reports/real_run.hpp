// Stores built by real `perfjudge run` invocations on a tiny Python task (sum of n numbers),
// shared by the report, gate and compare tests that must run on measured data.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace pj::reports::test {

// Runs the built CLI; returns its exit status and fills out with stdout.
int run_cli(const std::vector<std::string>& args, std::string* out = nullptr,
            std::string* err = nullptr);

// The task directory (created once per process under dir).
std::filesystem::path tiny_task(const std::filesystem::path& dir);

// A store holding models "good" (2 correct samples) and "<script>alert(1)</script>" (one
// correct, one wrong) measured on the tiny task with --cost cpu_time.
std::filesystem::path real_leaderboard_db(const std::filesystem::path& dir);

// A store holding one run of one program file (model "prog"), `repeats` measured repeats.
std::filesystem::path real_program_db(const std::filesystem::path& dir, const std::string& name,
                                      const std::string& program_source, int repeats = 9);

// Python programs for the sum task: the fast one, and one doing the same work three times.
extern const char* const kFastSum;
extern const char* const kSlowSum;

}  // namespace pj::reports::test
