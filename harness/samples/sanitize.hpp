// Turns a raw model response (prose, fenced blocks, truncated output) into the program to
// judge. See README.md, "Raw responses".
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "harness/task/task.hpp"

namespace pj::harness {

struct CodeBlock {
  std::string language;  // from the fence tag, normalised; "" when untagged
  std::string code;
  int first_line = 0;  // 1-based line of the fence in the response
  bool closed = true;  // false: truncated, the fence never closed
  bool fenced = true;  // false: the response had no fence and is taken whole
};

// Fenced blocks in order; a response with no fence is one untagged block.
std::vector<CodeBlock> extract_blocks(std::string_view response);

struct SanitizeResult {
  bool ok = false;  // false: NO_CODE
  std::string program;
  std::string language;
  std::string reason;     // why NO_CODE, or a note
  nlohmann::json report;  // blocks found, block chosen, lines removed: stored as sanitize_json
};

// language_hint: the sample's language field, if any.
SanitizeResult sanitize(std::string_view response, const Task& task,
                        std::optional<std::string> language_hint);

}  // namespace pj::harness
