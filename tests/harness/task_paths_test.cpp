// Every path a task.toml names must stay beneath the task directory, symlinks included: a
// task is data, and must not make perfjudge (as root) read, hash or cache other files.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>

#include "core/temp_dir.hpp"
#include "harness/task/task.hpp"
#include "harness/task/task_paths.hpp"
#include "task_test_util.hpp"

namespace pj::harness {
namespace {

namespace fs = std::filesystem;
using testing::copy_fixture;
using testing::write;

// A copy of a valid task, with a file and a directory just outside it that an escaping path
// could reach (so the error is about escaping, not about a missing file).
struct Fixture {
  TempDir tmp;
  fs::path task = copy_fixture("good/pair-products", tmp.path(), "t");
  fs::path toml = task / "task.toml";
  Fixture() {
    write(tmp.path() / "outside.md", "secret\n");
    write(tmp.path() / "evil.py", "print(1)\n");
    write(tmp.path() / "other/small.in", "1\n");
  }
  void replace(const std::string& from, const std::string& to) {
    std::string text = testing::slurp(toml);
    const auto at = text.find(from);
    ASSERT_NE(at, std::string::npos) << from;
    text.replace(at, from.size(), to);
    write(toml, text);
  }
  // The single error of loading the task; empty when it loaded.
  std::string error() const {
    const LoadReport r = load_suite(tmp.path());
    if (r.errors.empty()) return "";
    EXPECT_EQ(r.errors.size(), 1u) << r.errors.front() << " | " << r.errors.back();
    return r.errors.front();
  }
};

void expect_error(const std::string& err, const std::string& what) {
  EXPECT_NE(err.find("t/task.toml:"), std::string::npos) << err;
  EXPECT_NE(err.find(what), std::string::npos) << err;
}

TEST(TaskPaths, TheUnchangedFixtureLoads) {
  Fixture f;
  EXPECT_EQ(f.error(), "");
}

TEST(TaskPaths, StatementCannotClimbOut) {
  Fixture f;
  f.replace("statement = \"statement.md\"", "statement = \"../outside.md\"");
  expect_error(f.error(), "statement '../outside.md' leaves the task directory");
  f.replace("statement = \"../outside.md\"", "statement = \"../../../x\"");
  expect_error(f.error(), "statement '../../../x' leaves the task directory");
  f.replace("statement = \"../../../x\"", "statement = \"/etc/passwd\"");
  expect_error(f.error(), "statement '/etc/passwd' must be a path relative");
}

TEST(TaskPaths, ReferenceFileCannotClimbOut) {
  Fixture f;
  f.replace("file = \"ref/naive.py\"", "file = \"ref/../../evil.py\"");
  expect_error(f.error(), "file 'ref/../../evil.py' leaves the task directory");
}

TEST(TaskPaths, ReferenceSymlinkedOutsideIsRejected) {
  Fixture f;
  fs::remove(f.task / "ref/naive.py");
  fs::create_symlink("/etc/shadow", f.task / "ref/naive.py");
  expect_error(f.error(), "file 'ref/naive.py' leaves the task directory");
  fs::remove(f.task / "ref/naive.py");
  fs::create_symlink("../../evil.py", f.task / "ref/naive.py");
  expect_error(f.error(), "file 'ref/naive.py' leaves the task directory");
}

TEST(TaskPaths, SymlinksThatStayInsideAreFine) {
  Fixture f;
  fs::remove(f.task / "ref/naive.py");
  fs::create_symlink("fast.py", f.task / "ref/naive.py");
  EXPECT_EQ(f.error(), "");
}

TEST(TaskPaths, TestsDirectoryCannotBeElsewhere) {
  Fixture f;
  f.replace("[tests]\n", "[tests]\ndir = \"/etc\"\n");
  expect_error(f.error(), "tests.dir '/etc' must be a path relative");
  f.replace("dir = \"/etc\"", "dir = \"../other\"");
  expect_error(f.error(), "tests.dir '../other' leaves the task directory");
}

TEST(TaskPaths, DefaultTestsDirectorySymlinkedOutsideIsRejected) {
  Fixture f;
  fs::remove_all(f.task / "tests");
  fs::create_directory_symlink(f.tmp.path() / "other", f.task / "tests");
  expect_error(f.error(), "tests.dir 'tests' leaves the task directory");
}

TEST(TaskPaths, ATestFileSymlinkedOutsideIsRejected) {
  Fixture f;
  fs::create_symlink("/etc/shadow", f.task / "tests/leak.in");
  expect_error(f.error(), "tests/leak.in leaves the task directory");
}

TEST(TaskPaths, ResolvesBeneathComparesWholeComponents) {
  TempDir tmp;
  fs::create_directories(tmp.path() / "task");
  fs::create_directories(tmp.path() / "task-evil");
  write(tmp.path() / "task-evil/x", "");
  EXPECT_FALSE(resolves_beneath(tmp.path() / "task", tmp.path() / "task/../task-evil/x"));
  EXPECT_TRUE(resolves_beneath(tmp.path() / "task", tmp.path() / "task/not-yet-there"));
}

}  // namespace
}  // namespace pj::harness
