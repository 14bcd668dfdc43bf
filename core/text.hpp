#pragma once

#include <string>
#include <string_view>

namespace pj {

bool is_valid_utf8(std::string_view s);

// Makes untrusted bytes (program output, names from sample files) safe to show on one
// terminal line: invalid UTF-8 and C0 control bytes become \xNN escapes; C1 controls and
// bidirectional overrides become \u{NNNN}.
std::string printable(std::string_view s, std::size_t max_bytes = 4096);

// The first `lines` lines of s, each made printable, joined with '\n'.
std::string first_lines(std::string_view s, std::size_t lines, std::size_t max_bytes = 4096);

// The last line of s that is not blank, made printable (a traceback's exception line).
std::string last_line(std::string_view s, std::size_t max_bytes = 4096);

}  // namespace pj
