#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "core/hash.hpp"
#include "core/temp_dir.hpp"

namespace {

TEST(Hash, IsStableAndSeparatesParts) {
  EXPECT_EQ(pj::sha1_hex("abc"), pj::sha1_hex("abc"));
  EXPECT_NE(pj::sha1_hex("abc"), pj::sha1_hex("abd"));
  pj::Hasher a, b;
  a.add("ab").add("c");
  b.add("a").add("bc");
  EXPECT_NE(a.hex(), b.hex());
  EXPECT_EQ(pj::sha1_hex("abc").size(), 40u);
}

TEST(TempDir, IsRemovedWithItsContents) {
  std::filesystem::path kept;
  {
    pj::TempDir dir("pjtest");
    kept = dir.path();
    ASSERT_TRUE(std::filesystem::is_directory(kept));
    std::filesystem::create_directories(kept / "a" / "b");
    std::ofstream(kept / "a" / "b" / "f") << "x";
    std::filesystem::permissions(kept / "a", std::filesystem::perms::owner_read |
                                                  std::filesystem::perms::owner_exec);
  }
  EXPECT_FALSE(std::filesystem::exists(kept));
}

TEST(Hash, FileHashFollowsContent) {
  pj::TempDir dir("pjtest");
  std::ofstream(dir.path() / "f", std::ios::binary) << "hello\n";
  pj::Hasher h;
  h.add_file(dir.path() / "f");
  EXPECT_EQ(pj::sha1_file(dir.path() / "f"), h.hex());
  std::ofstream(dir.path() / "f", std::ios::binary) << "hello!\n";
  EXPECT_NE(pj::sha1_file(dir.path() / "f"), h.hex());
}

}  // namespace
