#include <gtest/gtest.h>

#include <cstdlib>

#include "core/error.hpp"
#include "core/temp_dir.hpp"
#include "harness/lang/languages.hpp"
#include "harness/lang/languages_config.hpp"
#include "task_test_util.hpp"

namespace pj::harness {
namespace {

TEST(Languages, NamesAndAliases) {
  EXPECT_EQ(language_from_name("cpp"), "cpp");
  EXPECT_EQ(language_from_name("C++"), "cpp");
  EXPECT_EQ(language_from_name("Python3"), "python");
  EXPECT_EQ(language_from_name("js"), "javascript");
  EXPECT_EQ(language_from_name("rs"), "rust");
  EXPECT_EQ(language_from_name("java"), "java");
  EXPECT_EQ(language_from_name("c"), "c");
  EXPECT_FALSE(language_from_name("cobol").has_value());
}

TEST(Languages, Extensions) {
  EXPECT_EQ(language_from_extension(".cc"), "cpp");
  EXPECT_EQ(language_from_extension(".PY"), "python");
  EXPECT_EQ(language_from_extension(".rs"), "rust");
  EXPECT_EQ(language_from_extension(".java"), "java");
  EXPECT_EQ(language_from_extension(".js"), "javascript");
  EXPECT_EQ(language_from_extension(".c"), "c");
  EXPECT_FALSE(language_from_extension(".txt").has_value());
  EXPECT_EQ(extension_of("cpp"), ".cpp");
  EXPECT_EQ(extension_of("python"), ".py");
  EXPECT_EQ(extension_of("nope"), "");
}

TEST(Languages, BundledConfigUsesTheRealPythonAndBuildLimits) {
  const auto& cfg = detail::languages_config();
  const auto* py = cfg.find("python");
  ASSERT_NE(py, nullptr);
  EXPECT_EQ(py->runtime, "/usr/bin/python3");
  EXPECT_TRUE(py->build.empty());
  const auto* rust = cfg.find("rust");
  ASSERT_NE(rust, nullptr);
  EXPECT_FALSE(rust->sysroot_query.empty());
  EXPECT_GT(cfg.build_limits.cpu_seconds, 0);
  EXPECT_EQ(cfg.languages.size(), 6u);
}

TEST(Languages, ConfigErrorsNameFileAndLine) {
  TempDir tmp;
  const auto file = tmp.path() / "languages.toml";
  testing::write(file, "[languages.x]\nsource = \"a\"\nrun = \"not an array\"\n");
  try {
    detail::parse_languages_config(file);
    FAIL() << "accepted";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("languages.toml:3: 'run' must be an array"),
              std::string::npos)
        << e.what();
  }
  testing::write(file, "[languages\n");
  EXPECT_THROW(detail::parse_languages_config(file), Error);
}

TEST(Languages, DefaultCacheDirHonoursEnvironment) {
  const char* old = std::getenv("PERFJUDGE_CACHE");
  const std::string saved = old ? old : "";
  ::setenv("PERFJUDGE_CACHE", "/tmp/pj-cache-test", 1);
  EXPECT_EQ(default_cache_dir(), "/tmp/pj-cache-test");
  ::unsetenv("PERFJUDGE_CACHE");
  EXPECT_NE(default_cache_dir().string().find("perfjudge"), std::string::npos);
  if (old) ::setenv("PERFJUDGE_CACHE", saved.c_str(), 1);
}

}  // namespace
}  // namespace pj::harness
