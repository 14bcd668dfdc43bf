// The hand-checked synthetic store most report tests share; numbers are worked out in the
// comments of standard_fixture.cpp.
#pragma once

#include <filesystem>
#include <string>

namespace pj::reports::test {

inline const std::string kXss = "<script>alert(1)</script>";

// Run 1: tasks "sum" (levels 0 and 1) and "prod" (level 0); models "alpha" and kXss.
void build_standard(const std::filesystem::path& file);

}  // namespace pj::reports::test
