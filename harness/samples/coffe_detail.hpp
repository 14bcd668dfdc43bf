// Internals shared by the COFFE task import and the samples conversion.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace pj::harness::detail {

// Parses a JSON file; a syntax error is "FILE:LINE: what".
nlohmann::json read_coffe_json(const std::filesystem::path& file);

// "FILE: KEY: what", KEY being a prompt text (shortened and made printable) or a "[N]" index.
[[noreturn]] void fail_coffe(const std::filesystem::path& file, std::string_view key,
                             std::string_view what);
std::string coffe_where(const std::filesystem::path& file, std::string_view key);

}  // namespace pj::harness::detail
