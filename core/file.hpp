// Whole-file reads and writes: the one helper every module uses, with one failure rule.
#pragma once

#include <cstddef>
#include <filesystem>
#include <string>
#include <string_view>

namespace pj {

// The whole file. Throws pj::Error(Input) "PATH: cannot read: why" when it cannot be opened
// or read: a missing file is never silently "".
std::string read_file(const std::filesystem::path& p);

// At most `bytes` from the start, for excerpts in messages (a candidate's stderr, say): what
// can be read, "" when the file does not exist. Never throws for a missing or unreadable file,
// because an excerpt must not turn a verdict into an error.
std::string read_head(const std::filesystem::path& p, std::size_t bytes);

// Replaces the file's contents. Throws pj::Error(Input) "PATH: cannot write: why".
void write_file(const std::filesystem::path& p, std::string_view data);

}  // namespace pj
