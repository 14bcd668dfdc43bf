// Building fixtures: files written into a test's temp dir, read back, and the paths of the
// checked-in fixtures under tests/fixtures.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

namespace pj::test {

// Writes `text` to `p`, creating its parent directories.
void write_text(const std::filesystem::path& p, std::string_view text);

// The file's contents; "" when it does not exist (a test then fails on the contents).
std::string read_text(const std::filesystem::path& p);

// PJ_SOURCE_DIR / rel, and PJ_SOURCE_DIR / tests / fixtures / rel.
std::filesystem::path source_path(std::string_view rel);
std::filesystem::path fixture_path(std::string_view rel);

}  // namespace pj::test
