#include "real_run.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/file.h>
#include <unistd.h>

#include <algorithm>
#include <functional>
#include <nlohmann/json.hpp>
#include <stdexcept>

#include "common/files.hpp"
#include "common/launch.hpp"
#include "core/fd.hpp"
#include "standard_fixture.hpp"

namespace pj::reports::test {

const char* const kFastSum =
    "import sys\n"
    "d = sys.stdin.buffer.read().split()\n"
    "print(sum(map(int, d[1:])))\n";

const char* const kSlowSum =
    "import sys\n"
    "d = sys.stdin.buffer.read().split()\n"
    "t = 0\n"
    "for _ in range(3):\n"
    "    t = 0\n"
    "    for x in d[1:]:\n"
    "        t += int(x)\n"
    "print(t)\n";

namespace {

using pj::test::write_text;

// Builds the store `db` once for every test process of this ctest invocation: under an
// exclusive lock, into a temporary name renamed into place only when the run succeeded, so a
// test that dies mid-build never leaves a half-written store for the next one.
std::filesystem::path build_once(const std::filesystem::path& db,
                                 const std::function<void(const std::filesystem::path&)>& build) {
  std::filesystem::create_directories(db.parent_path());
  const std::string lock_path = db.string() + ".lock";
  const UniqueFd lock(::open(lock_path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644));
  if (!lock || ::flock(lock.get(), LOCK_EX) != 0)
    throw std::runtime_error("cannot lock " + lock_path);  // closing the fd unlocks
  if (std::filesystem::exists(db)) return db;
  const std::filesystem::path tmp = db.string() + ".building";
  for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(tmp.string() + suffix);
  build(tmp);
  std::filesystem::rename(tmp, db);
  return db;
}

}  // namespace

int run_cli(const std::vector<std::string>& args, std::string* out, std::string* err) {
  const auto r = pj::test::perfjudge(args);
  if (out) *out = r.out;
  if (err) *err = r.err;
  return r.status;
}

std::filesystem::path tiny_task(const std::filesystem::path& dir) {
  const auto root = dir / "tasks";
  if (std::filesystem::exists(root)) return root;
  // Written aside and renamed into place: test processes running at once never see half a task.
  const auto staging = dir / fmt::format("tasks.{}", ::getpid());
  const auto t = staging / "sum-n";
  write_text(t / "task.toml",
             "id = \"sum-n\"\n"
             "title = \"Sum of n numbers\"\n"
             "statement = \"statement.md\"\n"
             "kind = \"program\"\n"
             "languages = [\"python\"]\n"
             "[limits]\ncpu_seconds = 10.0\nmemory_mib = 512\n"
             "[tests]\ndir = \"tests\"\n"
             "[stress]\ngenerator = \"gen.py\"\n"
             "[[stress.levels]]\nargs = [\"1000\"]\nseeds = [1]\nhardness = 0\n"
             "[[stress.levels]]\nargs = [\"60000\"]\nseeds = [1]\nhardness = 1\n"
             "[[references]]\nname = \"naive-py\"\nfile = \"ref/naive.py\"\nlevel = \"naive\"\n"
             "[[references]]\nname = \"fast-py\"\nfile = \"ref/fast.py\"\nlevel = \"expert\"\n");
  write_text(t / "statement.md", "Print the sum of the n numbers that follow n.\n");
  write_text(t / "tests" / "small.in", "3\n1 2 3\n");
  write_text(t / "tests" / "small.out", "6\n");
  write_text(t / "gen.py",
             "import random, sys\n"
             "r = random.Random(int(sys.argv[1]))\n"
             "n = int(sys.argv[2])\n"
             "print(n)\n"
             "print(' '.join(str(r.randint(-10**6, 10**6)) for _ in range(n)))\n");
  write_text(t / "ref" / "naive.py", kSlowSum);
  write_text(t / "ref" / "fast.py", kFastSum);
  std::error_code lost_the_race;  // another process renamed its copy first: same content
  std::filesystem::rename(staging, root, lost_the_race);
  if (lost_the_race) std::filesystem::remove_all(staging);
  return root;
}

std::filesystem::path real_leaderboard_db(const std::filesystem::path& dir) {
  return build_once(dir / "leaderboard.sqlite", [&](const std::filesystem::path& db) {
    const auto tasks = tiny_task(dir);
    std::string lines;
    auto add = [&](const std::string& model, const std::string& id, const std::string& src) {
      lines += nlohmann::json{{"task_id", "sum-n"},
                              {"model", model},
                              {"sample_id", id},
                              {"language", "python"},
                              {"solution", src}}
                   .dump() +
               "\n";
    };
    add("good", "0", kFastSum);
    add("good", "1", kSlowSum);
    add(kXss, "0", kFastSum);
    add(kXss, "1", "print(0)\n");
    write_text(dir / "samples.jsonl", lines);
    std::string err;
    const int rc = run_cli(
        {"run", "--tasks", tasks.string(), "--samples", (dir / "samples.jsonl").string(), "--db",
         db.string(), "--cost", "cpu_time", "--repeats", "3", "--cache", (dir / "cache").string()},
        nullptr, &err);
    if (rc != 0) throw std::runtime_error(fmt::format("perfjudge run failed ({}): {}", rc, err));
  });
}

std::filesystem::path real_program_db(const std::filesystem::path& dir, const std::string& name,
                                      const std::string& program_source, int repeats) {
  return build_once(dir / (name + ".sqlite"), [&](const std::filesystem::path& db) {
    // Instruction counts (valgrind here, perf where a PMU exists): separate runs of the same
    // program must compare equal, which times from runs minutes apart on a loaded CI machine
    // do not. Only the large level: valgrind makes every execution cost seconds.
    const auto tasks = tiny_task(dir);
    const auto prog = dir / name / "solver.py";
    write_text(prog, program_source);
    std::string err;
    const int rc = run_cli(
        {"run", "--tasks", tasks.string(), "--samples", prog.string(), "--model", "prog", "--db",
         db.string(), "--cost", "instructions", "--repeats", std::to_string(std::min(repeats, 1)),
         "--warmup", "0", "--levels", "1", "--cache", (dir / "cache").string()},
        nullptr, &err);
    if (rc != 0) throw std::runtime_error(fmt::format("perfjudge run failed ({}): {}", rc, err));
  });
}

}  // namespace pj::reports::test
