// Heuristics for code without a language tag. A fence tag always wins over these; they only
// decide untagged blocks, so each rule is a line that is characteristic of one language.
#include <array>
#include <regex>
#include <string>
#include <string_view>
#include <vector>

#include "harness/samples/sanitize_detail.hpp"

namespace pj::harness::detail {

namespace {

struct Rule {
  std::string_view language;  // "cfamily" is split into c and cpp afterwards
  std::regex pattern;
};

const std::vector<Rule>& rules() {
  static const std::vector<Rule> all = [] {
    const std::pair<std::string_view, const char*> spec[] = {
        {"rust", R"(^\s*(pub\s+)?fn\s+\w+\s*(<[^>]*>)?\s*\()"},
        {"rust", R"(^\s*use\s+std::|\blet\s+mut\b|\bprintln!\(|^\s*impl\b)"},
        {"java", R"(\bSystem\.(out|in)\b|^\s*import\s+java\.|\bpublic\s+static\s+void\s+main\b)"},
        {"java", R"(^\s*public\s+(final\s+)?class\s+\w+)"},
        {"cfamily", R"(^\s*#\s*include\b|\bint\s+main\s*\(|^\s*using\s+namespace\b|\bstd::)"},
        {"cfamily", R"(\b(printf|scanf)\s*\(.*;\s*$)"},
        {"javascript", R"(\bconsole\.log\(|\brequire\(|\bprocess\.stdin\b|=>\s*[{(\w])"},
        {"javascript", R"(^\s*(const|let|var)\s+\w+\s*=|^\s*function\s*\w*\s*\()"},
        {"python", R"(^\s*(async\s+)?def\s+\w+\s*\(.*\)\s*(->.*)?:\s*$)"},
        {"python",
         R"(^\s*(from\s+[\w.]+\s+import\s+.+|import\s+[\w.]+(\s+as\s+\w+)?(\s*,\s*[\w.]+)*)\s*$)"},
        {"python", R"(^\s*class\s+\w+\s*(\(.*\))?\s*:\s*$|^\s*if\s+__name__\s*==)"},
        {"python", R"(^\s*(for\s+.+\s+in\s+.+|while\s+.+|elif\s+.+|else|try|except.*)\s*:\s*$)"},
        {"python", R"(^\s*print\(.*\)\s*$|\binput\(\))"},
    };
    std::vector<Rule> out;
    for (const auto& [language, pattern] : spec) out.push_back({language, std::regex(pattern)});
    return out;
  }();
  return all;
}

std::vector<std::string> lines_of(std::string_view code) {
  std::vector<std::string> lines;
  std::size_t pos = 0;
  while (pos < code.size()) {
    auto nl = code.find('\n', pos);
    if (nl == std::string_view::npos) nl = code.size();
    lines.emplace_back(clip_line(code.substr(pos, nl - pos)));
    pos = nl + 1;
  }
  return lines;
}

bool any_line_matches(std::string_view code, const std::regex& re) {
  for (const auto& line : lines_of(code)) {
    if (std::regex_search(line, re)) return true;
  }
  return false;
}

// C unless a construct only C++ has appears.
std::string c_or_cpp(std::string_view code) {
  static const std::regex cpp_only(
      R"(\bstd::|^\s*using\s+namespace\b|#\s*include\s*<(bits/stdc\+\+\.h|[a-z_]+)>|\b(cin|cout)\b|^\s*template\s*<|^\s*class\s+\w+|\bauto\s+\w+\s*=|\bvector\s*<)");
  return any_line_matches(code, cpp_only) ? "cpp" : "c";
}

// Python top-level code (not a definition, import, decorator or comment) that would run.
bool has_top_level_statement(std::string_view code) {
  static const std::regex statement(
      R"(^((if|for|while|with|try)\b|(?!(def|async|class|import|from|elif|else|except|finally)\b)[A-Za-z_][\w.]*\s*([(=\[.,:]|\+=|$)))");
  return any_line_matches(code, statement);
}

}  // namespace

std::string detect_language(std::string_view code) {
  std::array<std::pair<std::string_view, int>, 5> score = {
      {{"rust", 0}, {"java", 0}, {"cfamily", 0}, {"javascript", 0}, {"python", 0}}};
  for (const auto& line : lines_of(code)) {
    for (auto& [language, count] : score) {
      for (const auto& rule : rules()) {
        if (rule.language == language && std::regex_search(line, rule.pattern)) {
          ++count;
          break;
        }
      }
    }
  }
  const auto* best = &score[0];
  for (const auto& entry : score) {
    if (entry.second > best->second) best = &entry;
  }
  if (best->second == 0) return "";
  if (best->first == "cfamily") return c_or_cpp(code);
  return std::string(best->first);
}

bool looks_like_program(std::string_view language, std::string_view code) {
  static const std::regex c_main(R"(\b(int|signed|void)\s+main\s*\()");
  static const std::regex rust_main(R"(\bfn\s+main\s*\()");
  static const std::regex java_main(R"(\bstatic\s+void\s+main\s*\()");
  static const std::regex js_stdin(
      R"(\bprocess\.stdin\b|readFileSync\s*\(|require\(\s*['"](node:)?readline['"]\s*\))");
  static const std::regex py_stdin(
      R"(\binput\s*\(|\bsys\.stdin\b|\bopen\s*\(\s*0\b|\bfileinput\b)");
  if (language == "c" || language == "cpp") return any_line_matches(code, c_main);
  if (language == "rust") return any_line_matches(code, rust_main);
  if (language == "java") return any_line_matches(code, java_main);
  if (language == "javascript") return any_line_matches(code, js_stdin);
  if (language == "python")
    return any_line_matches(code, py_stdin) && has_top_level_statement(code);
  return false;
}

bool reads_input(std::string_view code) {
  static const std::regex reads(
      R"(\b(cin|scanf|getchar|fread|getline|stdin|Scanner|BufferedReader|input|readFileSync|read_line|read_to_string|readline)\b)");
  return any_line_matches(code, reads);
}

}  // namespace pj::harness::detail
