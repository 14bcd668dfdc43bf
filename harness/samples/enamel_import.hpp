// `perfjudge import enamel CSV --out DIR`: ENAMEL's 164 HumanEval problems as function tasks.
// See README.md, "Importing ENAMEL", for the layout of an imported task.
#pragma once

#include <array>
#include <filesystem>
#include <set>
#include <string>
#include <vector>

namespace pj::harness {

// One row of ENAMEL's enamel.csv.
struct EnamelProblem {
  int index = 0;                    // the n of HumanEval/n
  std::string task_id;              // "HumanEval/n"
  std::string prompt;               // signature and docstring
  std::string generator;            // defines generate_input(size, lid, cid)
  std::vector<std::string> levels;  // the four level sizes
  std::string reference;            // the reference solution's body (a completion of the prompt)
  std::string checker;              // defines __check(input, answer, output)
  std::string entry_point;
  int line = 0;  // first line of the row in the CSV, for messages
};

// Reads and checks the CSV; throws pj::Error(Input) "FILE:LINE: what".
std::vector<EnamelProblem> read_enamel_csv(const std::filesystem::path& csv);

// ENAMEL's defaults (its paper and code).
struct EnamelOptions {
  std::array<int, 4> tests_per_level = {8, 4, 4, 4};
  std::array<double, 4> hardness = {0, 3, 3, 4};
  double alpha = 2;
  std::uint64_t seed = 998244353;
  double cpu_seconds = 20;  // absolute cap of one execution
  std::uint64_t memory_mib = 2048;
  // The 22 problems ENAMEL excludes because every correct solution is Theta(1).
  std::set<int> excluded = {2,   23,  41,  45,  53,  60,  71,  92,  97,  99,  102,
                            123, 124, 135, 137, 138, 144, 148, 156, 157, 159, 160};
};

struct EnamelImport {
  std::vector<std::filesystem::path> task_dirs;  // one per problem, in CSV order
  std::size_t excluded = 0;
};

// Writes one task directory per problem under out_dir (created; existing task files are
// overwritten, so re-importing is idempotent). Uses share_dir()/enamel/enamel_helpers.py and
// share_dir()/driver/pjcodec.py, copied into each task so that it is self-contained.
EnamelImport import_enamel(const std::filesystem::path& csv, const std::filesystem::path& out_dir,
                           const EnamelOptions& opt = {});

}  // namespace pj::harness
