// sanitize(): from a raw model response to the program to judge. Fences and block choice are
// decided here; Python code is cut with Python's own parser in the sandbox
// (share/sanitize/python_sanitize.py). Behaviour is documented in README.md, "Raw responses".
#include "harness/samples/sanitize.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <regex>
#include <string>
#include <tuple>
#include <vector>

#include "harness/samples/sanitize_detail.hpp"

namespace pj::harness {

namespace {

using nlohmann::json;

struct Resolved {
  std::size_t index = 0;  // into the extracted blocks
  std::string language;   // "" when the block is not code
};

struct Work {
  std::vector<CodeBlock> blocks;
  std::vector<std::string> languages;  // resolved, one per block
  std::vector<std::string> notes;
  json report;
};

std::string join(const std::vector<std::string>& items, std::string_view sep) {
  std::string out;
  for (const auto& item : items) {
    if (!out.empty()) out += sep;
    out += item;
  }
  return out;
}

bool contains(const std::vector<std::string>& items, std::string_view item) {
  return std::find(items.begin(), items.end(), item) != items.end();
}

int line_count(std::string_view code) {
  return static_cast<int>(std::count(code.begin(), code.end(), '\n'));
}

// A fence tag wins; untagged code is detected; an untagged fence whose content matches no
// rule is still code, in the sample's declared language (or the task's only one).
std::string resolve_language(const CodeBlock& block, const Task& task, const std::string& hint,
                             std::vector<std::string>& notes, std::size_t index) {
  if (detail::is_known_language(block.language)) return block.language;
  if (!block.language.empty()) {
    notes.push_back(
        fmt::format("block {}: tagged '{}', not a candidate", index + 1, block.language));
    return "";
  }
  if (auto detected = detail::detect_language(block.code); !detected.empty()) {
    // Untagged C that a C++-only task would refuse is judged as C++, which accepts almost
    // all C; the guess between the two is weak anyway.
    if (detected == "c" && !contains(task.languages, "c") && contains(task.languages, "cpp")) {
      detected = "cpp";
    }
    notes.push_back(fmt::format("block {}: untagged, detected as {}", index + 1, detected));
    return detected;
  }
  if (!block.fenced) return "";  // prose
  std::string assumed;
  if (detail::is_known_language(hint)) {
    assumed = hint;
  } else if (task.kind == TaskKind::Function) {
    assumed = "python";
  } else if (task.languages.size() == 1) {
    assumed = task.languages.front();
  }
  if (!assumed.empty()) {
    notes.push_back(
        fmt::format("block {}: untagged and unrecognised, assumed {}", index + 1, assumed));
  }
  return assumed;
}

SanitizeResult finish(Work& w, bool ok, std::string program, std::string language,
                      std::string reason) {
  w.report["notes"] = w.notes;
  w.report["language"] = ok ? json(language) : json(nullptr);
  w.report["reason"] = reason;
  if (!ok) {
    w.report["block_chosen"] = nullptr;
    if (!w.report.contains("lines_removed")) w.report["lines_removed"] = json::array();
  }
  SanitizeResult r;
  r.ok = ok;
  r.program = ok ? std::move(program) : "";
  r.language = ok ? std::move(language) : "";
  r.reason = std::move(reason);
  r.report = std::move(w.report);
  return r;
}

std::string languages_in(const Work& w) {
  std::vector<std::string> seen;
  for (const auto& language : w.languages) {
    if (!language.empty() && !contains(seen, language)) seen.push_back(language);
  }
  return join(seen, ", ");
}

json python_request(const Work& w, const std::vector<std::size_t>& chosen, std::string mode,
                    const std::string& entry_point) {
  json blocks = json::array();
  for (const auto i : chosen) {
    const CodeBlock& b = w.blocks[i];
    blocks.push_back({{"code", b.code},
                      {"line_offset", b.fenced ? b.first_line : b.first_line - 1},
                      {"fenced", b.fenced},
                      {"closed", b.closed}});
  }
  return {{"mode", std::move(mode)}, {"entry_point", entry_point}, {"blocks", blocks}};
}

void take_python_notes(Work& w, const json& reply) {
  for (const auto& note : reply.value("notes", json::array())) {
    w.notes.push_back(note.get<std::string>());
  }
}

SanitizeResult sanitize_function(Work& w, const Task& task) {
  std::vector<std::size_t> python;
  for (std::size_t i = 0; i < w.blocks.size(); ++i) {
    if (w.languages[i] == "python") python.push_back(i);
  }
  if (python.empty()) {
    const std::string found = languages_in(w);
    if (!found.empty()) {
      return finish(w, false, "", "",
                    fmt::format("language mismatch: the response is {}; function tasks take "
                                "Python",
                                found));
    }
    return finish(w, false, "", "", "no code in the response");
  }
  const json reply =
      detail::run_python_sanitizer(python_request(w, python, "function", task.entry_point));
  take_python_notes(w, reply);
  if (!reply.value("ok", false)) {
    return finish(w, false, "", "", reply.value("reason", "the Python step found no code"));
  }
  const auto chosen = reply.at("block_chosen").get<std::size_t>();
  w.report["block_chosen"] = python.at(chosen) + 1;
  w.report["lines_removed"] = reply.value("lines_removed", json::array());
  w.report["kept_defs"] = reply.value("kept_defs", json::array());
  json merged = json::array();
  for (auto m : reply.value("merged", json::array())) {
    m["block"] = python.at(m.at("block").get<std::size_t>()) + 1;
    merged.push_back(m);
  }
  w.report["merged"] = merged;
  return finish(w, true, reply.at("program").get<std::string>(), "python", "");
}

// Unfenced C-family, Rust, Java or JavaScript code: prose before the first line that can start
// a program and after the last line that can end one is dropped.
std::string trim_prose(const CodeBlock& block, json& lines_removed) {
  static const std::regex start(
      R"(^\s*(#\s*include|#\s*define|#\s*import|using\s|import\s|package\s|use\s|pub\s|public\s|class\s|struct\s|template\s*<|typedef\s|int\s|long\s|void\s|static\s|fn\s|mod\s|const\s|let\s|var\s|function\s|async\s|['"]use strict|//|/\*))");
  std::vector<std::string> lines;
  std::size_t pos = 0;
  while (pos < block.code.size()) {
    auto nl = block.code.find('\n', pos);
    if (nl == std::string::npos) nl = block.code.size();
    lines.push_back(block.code.substr(pos, nl - pos));
    pos = nl + 1;
  }
  std::size_t first = 0;
  auto starts_program = [&](const std::string& line) {
    const std::string_view clipped = detail::clip_line(line);
    return std::regex_search(clipped.begin(), clipped.end(), start);
  };
  while (first < lines.size() && !starts_program(lines[first])) ++first;
  std::size_t last = lines.size();
  while (last > first) {
    const auto t = lines[last - 1].find_last_not_of(" \t");
    if (t != std::string::npos && (lines[last - 1][t] == '}' || lines[last - 1][t] == ';')) break;
    --last;
  }
  if (first >= last) return block.code;  // nothing recognisable: keep it whole
  std::string code;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    if (i >= first && i < last) {
      code += lines[i] + "\n";
    } else if (lines[i].find_first_not_of(" \t") != std::string::npos) {
      lines_removed.push_back(static_cast<int>(i) + 1);
    }
  }
  return code;
}

// Java runs `Main`: a lone public class with main under another name is renamed.
std::string java_main_class(std::string code, std::vector<std::string>& notes) {
  static const std::regex main_class(R"(\bclass[ \t]+Main\b)");
  static const std::regex public_class(R"(\bpublic[ \t]+(final[ \t]+)?class[ \t]+(\w+))");
  std::string name;
  for (std::size_t pos = 0; pos < code.size();) {
    std::size_t nl = code.find('\n', pos);
    if (nl == std::string::npos) nl = code.size();
    const std::string_view line = detail::clip_line(std::string_view(code).substr(pos, nl - pos));
    std::match_results<std::string_view::const_iterator> m;
    if (std::regex_search(line.begin(), line.end(), main_class)) return code;
    if (name.empty() && std::regex_search(line.begin(), line.end(), m, public_class)) {
      name = m[2].str();
    }
    pos = nl + 1;
  }
  if (name.empty()) return code;
  notes.push_back(fmt::format("renamed public class {} to Main", name));
  return std::regex_replace(code, std::regex("\\b" + name + "\\b"), "Main");
}

SanitizeResult sanitize_program(Work& w, const Task& task, const std::string& hint) {
  std::vector<std::size_t> code, allowed, programs;
  for (std::size_t i = 0; i < w.blocks.size(); ++i) {
    const auto& language = w.languages[i];
    if (language.empty()) continue;
    code.push_back(i);
    if (!contains(task.languages, language)) continue;
    allowed.push_back(i);
    if (detail::looks_like_program(language, w.blocks[i].code)) programs.push_back(i);
  }
  if (programs.empty()) {
    if (code.empty()) return finish(w, false, "", "", "no code in the response");
    if (allowed.empty()) {
      return finish(w, false, "", "",
                    fmt::format("language mismatch: the response is {}; this task allows {}",
                                languages_in(w), join(task.languages, ", ")));
    }
    return finish(w, false, "", "",
                  fmt::format("no complete program: block {} ({}) has no entry point (main or "
                              "code reading stdin); a program task needs a whole program",
                              allowed.front() + 1, w.languages[allowed.front()]));
  }
  if (std::any_of(programs.begin(), programs.end(),
                  [&](std::size_t i) { return w.languages[i] == hint; })) {
    std::erase_if(programs, [&](std::size_t i) { return w.languages[i] != hint; });
  }
  auto rank = [&](std::size_t i) {
    const CodeBlock& b = w.blocks[i];
    return std::make_tuple(b.closed, detail::reads_input(b.code), line_count(b.code), i);
  };
  const std::size_t chosen =
      *std::max_element(programs.begin(), programs.end(),
                        [&](std::size_t a, std::size_t b) { return rank(a) < rank(b); });
  if (programs.size() > 1) {
    w.notes.push_back(
        fmt::format("{} complete programs; chose block {}", programs.size(), chosen + 1));
  }
  const CodeBlock& block = w.blocks[chosen];
  const std::string language = w.languages[chosen];
  w.report["block_chosen"] = chosen + 1;
  json removed = json::array();
  std::string program = block.code;
  if (language == "python" && (!block.closed || !block.fenced)) {
    const json reply = detail::run_python_sanitizer(python_request(w, {chosen}, "program", ""));
    take_python_notes(w, reply);
    if (!reply.value("ok", false)) {
      return finish(w, false, "", "", reply.value("reason", "the Python code does not parse"));
    }
    program = reply.at("program").get<std::string>();
    removed = reply.value("lines_removed", json::array());
  } else if (!block.fenced) {
    program = trim_prose(block, removed);
  }
  if (language == "java") program = java_main_class(std::move(program), w.notes);
  w.report["lines_removed"] = removed;
  return finish(w, true, std::move(program), language, "");
}

}  // namespace

SanitizeResult sanitize(std::string_view response, const Task& task,
                        std::optional<std::string> language_hint) {
  Work w;
  w.blocks = extract_blocks(response);
  const std::string hint = language_hint ? detail::normalise_fence_tag(*language_hint) : "";
  json blocks = json::array();
  for (std::size_t i = 0; i < w.blocks.size(); ++i) {
    const CodeBlock& b = w.blocks[i];
    w.languages.push_back(resolve_language(b, task, hint, w.notes, i));
    blocks.push_back({{"index", i + 1},
                      {"tag", b.language},
                      {"language", w.languages.back()},
                      {"first_line", b.first_line},
                      {"lines", line_count(b.code)},
                      {"fenced", b.fenced},
                      {"closed", b.closed}});
    if (!b.closed) w.notes.push_back(fmt::format("block {}: the fence never closed", i + 1));
  }
  w.report = {{"blocks_found", w.blocks.size()}, {"blocks", blocks}};
  if (w.blocks.empty()) return finish(w, false, "", "", "empty response");
  if (task.kind == TaskKind::Function) return sanitize_function(w, task);
  return sanitize_program(w, task, hint);
}

}  // namespace pj::harness
