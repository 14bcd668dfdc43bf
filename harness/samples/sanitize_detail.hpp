// Private pieces of sanitize (harness/samples/sanitize.hpp), exposed for the tests.
#pragma once

#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace pj::harness::detail {

// The language named by a fence info string or a sample's language field: "python", "c",
// "cpp", "rust", "java", "javascript" (aliases such as py, python3, c++, rs, js, node
// accepted, any case); any other tag comes back lower-cased ("bash", "text"); "" for none.
std::string normalise_fence_tag(std::string_view info);

bool is_known_language(std::string_view language);

// std::regex (libstdc++) recurses once per character it matches, so one hostile line of a few
// hundred KB overflows the stack. Every heuristic only needs the start of a line, so it
// matches at most this many bytes of each.
inline constexpr std::size_t kMaxMatchedLine = 1000;
inline std::string_view clip_line(std::string_view line) {
  return line.substr(0, kMaxMatchedLine);
}

// Guesses the language of untagged code from characteristic lines; "" when nothing matches
// (prose). Rules are documented in README.md ("Raw responses").
std::string detect_language(std::string_view code);

// A whole program in `language`: C/C++ `main`, Rust `fn main`, Java `static void main`,
// JavaScript reading stdin, Python reading stdin from top-level code.
bool looks_like_program(std::string_view language, std::string_view code);

// Reads its input somewhere (used to rank several complete programs).
bool reads_input(std::string_view code);

// Runs share/sanitize/python_sanitize.py on `request` inside the sandbox and returns its JSON
// reply. A reply with "ok": false and a reason is returned when the candidate's code makes the
// step fail (limits exceeded); pj::Error(Internal) when the sandbox itself fails.
nlohmann::json run_python_sanitizer(const nlohmann::json& request);

}  // namespace pj::harness::detail
