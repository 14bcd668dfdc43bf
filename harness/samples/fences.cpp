// Fence extraction: CommonMark-style ``` and ~~~ fences, tolerant of what models write
// (indented fences inside lists, unclosed last fence, no fence at all).
#include <algorithm>
#include <cctype>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "harness/samples/sanitize.hpp"
#include "harness/samples/sanitize_detail.hpp"

namespace pj::harness {

namespace {

struct Fence {
  char ch = '`';
  std::size_t length = 0;
  std::size_t indent = 0;
  std::string info;
};

std::string_view trim(std::string_view s) {
  const auto first = s.find_first_not_of(" \t");
  if (first == std::string_view::npos) return {};
  const auto last = s.find_last_not_of(" \t");
  return s.substr(first, last - first + 1);
}

std::vector<std::string_view> split_lines(std::string_view text) {
  std::vector<std::string_view> lines;
  std::size_t pos = 0;
  while (pos <= text.size()) {
    auto nl = text.find('\n', pos);
    if (nl == std::string_view::npos) nl = text.size();
    std::string_view line = text.substr(pos, nl - pos);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    lines.push_back(line);
    pos = nl + 1;
  }
  if (!lines.empty() && lines.back().empty()) lines.pop_back();  // text ended with '\n'
  return lines;
}

std::optional<Fence> opening_fence(std::string_view line) {
  const auto indent = line.find_first_not_of(" \t");
  if (indent == std::string_view::npos) return std::nullopt;
  const char ch = line[indent];
  if (ch != '`' && ch != '~') return std::nullopt;
  auto end = line.find_first_not_of(ch, indent);
  if (end == std::string_view::npos) end = line.size();
  if (end - indent < 3) return std::nullopt;
  const std::string_view info = trim(line.substr(end));
  // A backtick run followed by more backticks on the line is inline code, not a fence.
  if (ch == '`' && info.find('`') != std::string_view::npos) return std::nullopt;
  return Fence{ch, end - indent, indent, std::string(info)};
}

// "Sure! ```cpp": models open a fence after prose on the same line. Taken as a fence only when
// the run ends the line, bare or with one known language tag, so inline code in prose
// ("use ``` to fence") stays prose.
std::optional<Fence> trailing_fence(std::string_view line) {
  for (const char ch : {'`', '~'}) {
    const auto at = line.rfind(std::string(3, ch));
    if (at == std::string_view::npos) continue;
    std::size_t start = at;
    while (start > 0 && line[start - 1] == ch) --start;
    const std::size_t end = std::min(line.find_first_not_of(ch, at), line.size());
    const std::string_view info = trim(line.substr(end));
    const std::string_view before = trim(line.substr(0, start));
    // Empty: a fence at the start, not this case. With the fence character: inline code.
    if (before.empty() || before.find(ch) != std::string_view::npos) continue;
    if (!info.empty() && (info.find_first_of(" \t`~") != std::string_view::npos ||
                          !detail::is_known_language(detail::normalise_fence_tag(info)))) {
      continue;
    }
    return Fence{ch, end - start, 0, std::string(info)};
  }
  return std::nullopt;
}

bool closes(const Fence& fence, std::string_view line) {
  const std::string_view t = trim(line);
  if (t.size() < fence.length) return false;
  return std::all_of(t.begin(), t.end(), [&](char c) { return c == fence.ch; });
}

// Content lines lose the fence's own indentation, as in CommonMark.
std::string_view dedent(std::string_view line, std::size_t indent) {
  std::size_t i = 0;
  while (i < indent && i < line.size() && (line[i] == ' ' || line[i] == '\t')) ++i;
  return line.substr(i);
}

}  // namespace

std::vector<CodeBlock> extract_blocks(std::string_view response) {
  const auto lines = split_lines(response);
  std::vector<CodeBlock> blocks;
  std::optional<Fence> open;
  CodeBlock current;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    if (!open) {
      auto fence = opening_fence(lines[i]);
      if (!fence) fence = trailing_fence(lines[i]);
      if (fence) {
        open = fence;
        current = CodeBlock{};
        current.language = detail::normalise_fence_tag(fence->info);
        current.first_line = static_cast<int>(i) + 1;
      }
      continue;
    }
    if (closes(*open, lines[i])) {
      blocks.push_back(std::move(current));
      open.reset();
      continue;
    }
    current.code.append(dedent(lines[i], open->indent));
    current.code.push_back('\n');
  }
  // An unclosed fence with nothing in it is a stray closing fence after unfenced code (or a
  // response cut right after its opening): it holds no block, so the whole response is read.
  if (open && current.code.find_first_not_of(" \t\r\n") != std::string::npos) {
    current.closed = false;
    blocks.push_back(std::move(current));
  }
  if (blocks.empty() && response.find_first_not_of(" \t\r\n") != std::string_view::npos) {
    CodeBlock whole;
    whole.fenced = false;
    whole.first_line = 1;
    for (const auto line : lines) {
      whole.code.append(line);
      whole.code.push_back('\n');
    }
    blocks.push_back(std::move(whole));
  }
  return blocks;
}

namespace detail {

std::string normalise_fence_tag(std::string_view info) {
  std::string_view word = trim(info);
  word = word.substr(0, std::min(word.find_first_of(" \t,{}"), word.size()));
  if (word.empty() && !trim(info).empty() && trim(info).front() == '{') {
    word = trim(info).substr(1);  // pandoc style: {.python}
    word = word.substr(0, std::min(word.find_first_of(" \t,}"), word.size()));
  }
  std::string tag(word);
  std::transform(tag.begin(), tag.end(), tag.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (tag.starts_with('.')) tag.erase(0, 1);
  if (tag.starts_with("language-")) tag.erase(0, 9);
  static constexpr std::pair<std::string_view, std::string_view> aliases[] = {
      {"python", "python"},
      {"py", "python"},
      {"python3", "python"},
      {"py3", "python"},
      {"cpp", "cpp"},
      {"c++", "cpp"},
      {"cc", "cpp"},
      {"cxx", "cpp"},
      {"hpp", "cpp"},
      {"cplusplus", "cpp"},
      {"c", "c"},
      {"h", "c"},
      {"rust", "rust"},
      {"rs", "rust"},
      {"java", "java"},
      {"javascript", "javascript"},
      {"js", "javascript"},
      {"node", "javascript"},
      {"nodejs", "javascript"},
      {"mjs", "javascript"},
      {"cjs", "javascript"}};
  for (const auto& [alias, language] : aliases) {
    if (tag == alias) return std::string(language);
  }
  return tag;
}

bool is_known_language(std::string_view language) {
  static constexpr std::string_view known[] = {"python", "c", "cpp", "rust", "java", "javascript"};
  return std::find(std::begin(known), std::end(known), language) != std::end(known);
}

}  // namespace detail

}  // namespace pj::harness
