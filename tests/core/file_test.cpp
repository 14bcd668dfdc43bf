// The one file helper: one failure rule for every module.
#include "core/file.hpp"

#include <gtest/gtest.h>

#include "core/error.hpp"
#include "core/temp_dir.hpp"

namespace pj {
namespace {

TEST(File, WriteThenReadRoundTripsBytes) {
  TempDir d("pj-file");
  const std::string data("a\0b\nc", 5);
  write_file(d.path() / "x", data);
  EXPECT_EQ(read_file(d.path() / "x"), data);
  write_file(d.path() / "x", "short");
  EXPECT_EQ(read_file(d.path() / "x"), "short");  // replaced, not appended
}

TEST(File, MissingFileIsAnInputErrorNamingIt) {
  TempDir d("pj-file");
  const auto p = d.path() / "absent.txt";
  try {
    read_file(p);
    FAIL() << "a missing file read as \"\"";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::Input);
    EXPECT_NE(std::string(e.what()).find(p.string() + ": cannot read"), std::string::npos)
        << e.what();
  }
}

TEST(File, UnwritablePathIsAnInputErrorNamingIt) {
  TempDir d("pj-file");
  try {
    write_file(d.path(), "x");  // a directory
    FAIL() << "wrote to a directory";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::Input);
    EXPECT_NE(std::string(e.what()).find("cannot write"), std::string::npos) << e.what();
  }
}

TEST(File, HeadIsBoundedAndEmptyForAMissingFile) {
  TempDir d("pj-file");
  write_file(d.path() / "x", std::string(10000, 'z'));
  EXPECT_EQ(read_head(d.path() / "x", 100), std::string(100, 'z'));
  EXPECT_EQ(read_head(d.path() / "x", 1 << 20).size(), 10000u);
  EXPECT_EQ(read_head(d.path() / "absent", 100), "");
}

}  // namespace
}  // namespace pj
