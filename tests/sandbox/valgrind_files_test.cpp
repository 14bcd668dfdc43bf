// The valgrind backend reads cg.* files that the candidate's own processes write: each test
// plants what a hostile candidate could leave in that directory and checks that perfjudge
// neither blocks, nor reads without bound, nor follows links, nor stores a wrapped count.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "core/temp_dir.hpp"
#include "sandbox/counters_valgrind.hpp"
#include "sandbox_test_util.hpp"

namespace pj::sandbox::test {
namespace {

namespace fs = std::filesystem;

void write_file(const fs::path& p, const std::string& text) {
  std::ofstream(p, std::ios::binary) << text;
}

std::string cg_text(const std::string& count) {
  return "desc: I1 cache:\ncmd: ./prog\nevents: Ir\nfl=prog.c\nfn=main\n3 10\nsummary: " + count +
         "\n";
}

struct Sum {
  std::optional<std::uint64_t> ir;
  std::string why;
};

Sum sum(const fs::path& dir) {
  Sum s;
  s.ir = sum_cachegrind_ir(dir, s.why);
  return s;
}

TEST(ValgrindFiles, HonestFilesAreSummed) {
  TempDir dir("pj-cg");
  write_file(dir.path() / "cg.10", cg_text("1000"));
  write_file(dir.path() / "cg.11", cg_text("234"));
  const Sum s = sum(dir.path());
  ASSERT_TRUE(s.ir) << s.why;
  EXPECT_EQ(*s.ir, 1234u);
}

TEST(ValgrindFiles, OnlyCachegrindNamesAreCounted) {
  TempDir dir("pj-cg");
  write_file(dir.path() / "cg.10", cg_text("1000"));
  write_file(dir.path() / "cg.10.old", cg_text("5"));
  write_file(dir.path() / "cg.x", cg_text("5"));
  write_file(dir.path() / "log.10", cg_text("5"));
  const Sum s = sum(dir.path());
  ASSERT_TRUE(s.ir) << s.why;
  EXPECT_EQ(*s.ir, 1000u);
}

TEST(ValgrindFiles, MissingOutputIsUnavailableNeverZero) {
  TempDir dir("pj-cg");
  EXPECT_FALSE(sum(dir.path()).ir);
  write_file(dir.path() / "cg.10", "desc: I1 cache:\nevents: Ir\n");  // killed before the end
  const Sum s = sum(dir.path());
  EXPECT_FALSE(s.ir);
  EXPECT_NE(s.why.find("no summary in cg.10"), std::string::npos) << s.why;
}

TEST(ValgrindFiles, AFifoDoesNotBlock) {
  TempDir dir("pj-cg");
  ASSERT_EQ(::mkfifo((dir.path() / "cg.10").c_str(), 0666), 0);
  const Sum s = sum(dir.path());  // blocked forever in open() before the fix
  EXPECT_FALSE(s.ir);
  EXPECT_NE(s.why.find("cg.10 is not a regular file"), std::string::npos) << s.why;
}

TEST(ValgrindFiles, ALinkToAnEndlessDeviceIsNotRead) {
  TempDir dir("pj-cg");
  fs::create_symlink("/dev/zero", dir.path() / "cg.10");
  const Sum s = sum(dir.path());
  EXPECT_FALSE(s.ir);
  EXPECT_NE(s.why.find("cg.10"), std::string::npos) << s.why;
}

TEST(ValgrindFiles, LinksToAnotherFileAreNotFollowed) {
  TempDir secret_dir("pj-cg-secret");
  const fs::path secret = secret_dir.path() / "root-only";
  write_file(secret, cg_text("777"));
  fs::permissions(secret, fs::perms::owner_read | fs::perms::owner_write);
  TempDir dir("pj-cg");
  fs::create_symlink(secret, dir.path() / "cg.10");
  Sum s = sum(dir.path());
  EXPECT_FALSE(s.ir) << "read through a symlink: " << *s.ir;
  fs::remove(dir.path() / "cg.10");
  fs::create_hard_link(secret, dir.path() / "cg.11");
  s = sum(dir.path());
  EXPECT_FALSE(s.ir) << "read through a hard link: " << *s.ir;
  EXPECT_NE(s.why.find("cg.11 is not a regular file"), std::string::npos) << s.why;
}

TEST(ValgrindFiles, ADirectoryNamedLikeAFileIsRejected) {
  TempDir dir("pj-cg");
  fs::create_directory(dir.path() / "cg.10");
  EXPECT_FALSE(sum(dir.path()).ir);
}

TEST(ValgrindFiles, ACountThatWrapsIsUnavailableNotWrapped) {
  TempDir dir("pj-cg");
  // 2^64 + 7,100,000: a wrapping parser stores 7.1 M.
  write_file(dir.path() / "cg.10", cg_text("18446744073716651616"));
  Sum s = sum(dir.path());
  EXPECT_FALSE(s.ir) << "stored " << *s.ir;
  EXPECT_NE(s.why.find("malformed summary line in cg.10"), std::string::npos) << s.why;
  // Two counts that fit alone but not together.
  write_file(dir.path() / "cg.10", cg_text("18446744073709551000"));
  write_file(dir.path() / "cg.11", cg_text("72100000"));
  s = sum(dir.path());
  EXPECT_FALSE(s.ir) << "stored " << *s.ir;
  EXPECT_NE(s.why.find("overflows"), std::string::npos) << s.why;
}

TEST(ValgrindFiles, MalformedSummariesAreRejected) {
  for (const std::string bad : {"-5", "12abc", "", "1e9", "0x10", "5 6"}) {
    TempDir dir("pj-cg");
    write_file(dir.path() / "cg.10", cg_text(bad));
    EXPECT_FALSE(sum(dir.path()).ir) << "summary: " << bad;
  }
  TempDir dir("pj-cg");  // a second summary line cannot add to the first
  write_file(dir.path() / "cg.10", cg_text("5") + "summary: 1000000\n");
  EXPECT_FALSE(sum(dir.path()).ir);
}

TEST(ValgrindFiles, SizeAndLineLengthAreBounded) {
  TempDir dir("pj-cg");
  {
    std::ofstream out(dir.path() / "cg.10", std::ios::binary);
    out << std::string(100 << 10, 'x') << "\nsummary: 5\n";
  }
  Sum s = sum(dir.path());
  EXPECT_FALSE(s.ir);
  EXPECT_NE(s.why.find("longer than"), std::string::npos) << s.why;
  fs::remove(dir.path() / "cg.10");
  write_file(dir.path() / "cg.11", cg_text("5"));
  fs::resize_file(dir.path() / "cg.11", std::uintmax_t{65} << 20);  // sparse: no disk used
  s = sum(dir.path());
  EXPECT_FALSE(s.ir);
  EXPECT_NE(s.why.find("larger than"), std::string::npos) << s.why;
}

// End to end: a candidate that plants a FIFO and a /dev/zero link in its own cachegrind
// directory gets its instructions reported unavailable, and the run still ends.
TEST(ValgrindFiles, ACandidatePlantingFilesGetsNoCount) {
  auto cfg = config({"/bin/sh", "-c",
                     "for d in /tmp/perfjudge-valgrind.*; do mkfifo \"$d/cg.1\"; "
                     "ln -s /dev/zero \"$d/cg.2\"; done"});
  cfg.counters = {"instructions"};
  cfg.backend = CounterBackend::Valgrind;
  const Result r = run(cfg);
  ASSERT_EQ(r.verdict, Verdict::OK) << r.message;
  EXPECT_EQ(r.counters.count("instructions"), 0u);
  ASSERT_EQ(r.counters_unavailable.count("instructions"), 1u);
  EXPECT_NE(r.counters_unavailable.at("instructions").find("cg.1 is not a regular file"),
            std::string::npos)
      << r.counters_unavailable.at("instructions");
}

}  // namespace
}  // namespace pj::sandbox::test
