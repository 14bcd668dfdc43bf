// Builds and runs real programs in the sandbox, one per language.
#include <gtest/gtest.h>

#include "core/error.hpp"
#include "core/temp_dir.hpp"
#include "harness/lang/languages.hpp"
#include "harness/task/execute.hpp"
#include "task_test_util.hpp"

namespace pj::harness {
namespace {

class BuildTest : public ::testing::Test {
 protected:
  // Builds `source`, runs it on `input`, returns its stdout.
  std::string build_and_run(std::string_view lang, std::string_view source,
                            std::string_view input) {
    const BuildResult b = builder_.build(lang, source);
    EXPECT_TRUE(b.ok) << lang << ": " << b.diagnostics;
    if (!b.ok) return "";
    testing::write(scratch_.path() / "input", input);
    ExecOptions opt;
    opt.cpu_seconds = 10;
    const Execution ex = execute(b.runnable, scratch_.path() / "input", opt, scratch_.path());
    EXPECT_EQ(ex.result.verdict, sandbox::Verdict::OK)
        << lang << ": " << ex.result.message << " " << ex.stderr_head;
    return testing::slurp(ex.stdout_file);
  }
  TempDir cache_;
  TempDir scratch_;
  Builder builder_{cache_.path()};
};

TEST_F(BuildTest, Cpp) {
  EXPECT_EQ(build_and_run("cpp",
                          "#include <iostream>\nint main(){long a,b;std::cin>>a>>b;std::cout<<a+b<<"
                          "'\\n';}\n",
                          "2 40\n"),
            "42\n");
}

TEST_F(BuildTest, C) {
  EXPECT_EQ(build_and_run("c",
                          "#include <stdio.h>\nint main(void){int a;scanf(\"%d\",&a);"
                          "printf(\"%d\\n\",a*2);return 0;}\n",
                          "21"),
            "42\n");
}

TEST_F(BuildTest, PythonRunsTheRealInterpreter) {
  const BuildResult b = builder_.build("python", "print(1)\n");
  ASSERT_TRUE(b.ok);
  // /usr/bin/python3 resolved (e.g. to /usr/bin/python3.11): never a shim found on PATH.
  EXPECT_EQ(b.runnable.argv.front(), std::filesystem::canonical("/usr/bin/python3").string());
  EXPECT_EQ(build_and_run("python", "import sys\nprint(sum(map(int, sys.stdin.read().split())))\n",
                          "40 2\n"),
            "42\n");
}

// Exact counts must not depend on where the cache lives: the interpreter's start-up handles
// the program's path, so a build runs from a path inside the sandbox that names only its key.
TEST_F(BuildTest, AProgramCountsTheSameWhereverTheCacheLives) {
  const std::string source = "import sys\nprint(sum(map(int, sys.stdin.read().split())))\n";
  testing::write(scratch_.path() / "input", "40 2\n");
  ExecOptions opt;
  opt.cpu_seconds = 60;
  opt.counters = {"instructions"};
  opt.backend = sandbox::CounterBackend::Valgrind;
  const auto count = [&](const std::filesystem::path& cache_dir) {
    Builder builder(cache_dir);
    const BuildResult b = builder.build("python", source);
    EXPECT_TRUE(b.ok) << b.diagnostics;
    const Execution ex = execute(b.runnable, scratch_.path() / "input", opt, scratch_.path());
    EXPECT_EQ(ex.result.verdict, sandbox::Verdict::OK) << ex.result.message << ex.stderr_head;
    EXPECT_TRUE(ex.result.counters.count("instructions")) << ex.result.message;
    return ex.result.counters.count("instructions") ? ex.result.counters.at("instructions").value
                                                    : -1.0;
  };
  const double near = count(cache_.path());
  const double far = count(cache_.path() / "a-much-longer-cache-directory-name" / "and-deeper");
  EXPECT_GT(near, 0);
  EXPECT_EQ(near, far);
}

TEST_F(BuildTest, Rust) {
  EXPECT_EQ(build_and_run("rust",
                          "use std::io::Read;\nfn main(){let mut s=String::new();std::io::stdin()"
                          ".read_to_string(&mut s).unwrap();let n:i64=s.trim().parse().unwrap();"
                          "println!(\"{}\",n+1);}\n",
                          "41\n"),
            "42\n");
}

TEST_F(BuildTest, Java) {
  EXPECT_EQ(
      build_and_run("java",
                    "import java.util.*;\npublic class Main{public static void main(String[] "
                    "a){Scanner s=new Scanner(System.in);System.out.println(s.nextInt()*2);}}\n",
                    "21\n"),
      "42\n");
}

TEST_F(BuildTest, JavaScript) {
  EXPECT_EQ(build_and_run(
                "javascript",
                "const s=require('fs').readFileSync(0,'utf8');console.log(Number(s)+1);\n", "41"),
            "42\n");
}

TEST_F(BuildTest, CompileErrorKeepsDiagnosticsAndIsCached) {
  const BuildResult first = builder_.build("cpp", "int main() { return undefined_name; }\n");
  EXPECT_FALSE(first.ok);
  EXPECT_FALSE(first.cached);
  EXPECT_NE(first.diagnostics.find("undefined_name"), std::string::npos) << first.diagnostics;
  const BuildResult again = builder_.build("cpp", "int main() { return undefined_name; }\n");
  EXPECT_FALSE(again.ok);
  EXPECT_TRUE(again.cached);
  EXPECT_EQ(again.cache_key, first.cache_key);
}

TEST_F(BuildTest, CacheKeyDependsOnSourceAndLanguage) {
  const BuildResult a = builder_.build("cpp", "int main() {}\n");
  const BuildResult b = builder_.build("cpp", "int main() {}\n");
  const BuildResult c = builder_.build("cpp", "int main() { return 0; }\n");
  const BuildResult d = builder_.build("c", "int main() {}\n");
  ASSERT_TRUE(a.ok && b.ok && c.ok && d.ok);
  EXPECT_FALSE(a.cached);
  EXPECT_TRUE(b.cached);
  EXPECT_EQ(a.cache_key, b.cache_key);
  EXPECT_NE(a.cache_key, c.cache_key);
  EXPECT_NE(a.cache_key, d.cache_key);
  EXPECT_EQ(a.runnable.argv, b.runnable.argv);
  EXPECT_FALSE(builder_.tool_version("cpp").empty());
}

TEST_F(BuildTest, UnknownLanguageIsAUsageError) {
  EXPECT_THROW(builder_.build("cobol", "x"), Error);
}

}  // namespace
}  // namespace pj::harness
