#include "core/text.hpp"

#include <fmt/format.h>

namespace pj {

namespace {

struct CodePoint {
  std::size_t length = 0;  // bytes; 0 when the sequence is invalid
  unsigned value = 0;
};

// The valid UTF-8 sequence starting at s[i].
CodePoint decode_utf8(std::string_view s, std::size_t i) {
  const auto c = static_cast<unsigned char>(s[i]);
  std::size_t len = 0;
  unsigned min_cp = 0;
  unsigned cp = 0;
  if (c < 0x80) return {1, c};
  if ((c & 0xE0) == 0xC0) {
    len = 2, min_cp = 0x80, cp = c & 0x1F;
  } else if ((c & 0xF0) == 0xE0) {
    len = 3, min_cp = 0x800, cp = c & 0x0F;
  } else if ((c & 0xF8) == 0xF0) {
    len = 4, min_cp = 0x10000, cp = c & 0x07;
  } else {
    return {};
  }
  if (i + len > s.size()) return {};
  for (std::size_t k = 1; k < len; ++k) {
    const auto cc = static_cast<unsigned char>(s[i + k]);
    if ((cc & 0xC0) != 0x80) return {};
    cp = (cp << 6) | (cc & 0x3F);
  }
  if (cp < min_cp || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return {};
  return {len, cp};
}

// Code points a terminal acts on rather than shows: C0 and C1 controls (U+009B alone starts
// an escape sequence on many terminals) and the bidirectional overrides and isolates that
// make text display in another order than it is read ("Trojan Source").
bool acts_on_terminal(unsigned cp) {
  return (cp < 0x20 && cp != '\t') || (cp >= 0x7F && cp <= 0x9F) || cp == 0x061C || cp == 0x200E ||
         cp == 0x200F || (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069);
}

}  // namespace

bool is_valid_utf8(std::string_view s) {
  for (std::size_t i = 0; i < s.size();) {
    const std::size_t n = decode_utf8(s, i).length;
    if (n == 0) return false;
    i += n;
  }
  return true;
}

std::string printable(std::string_view s, std::size_t max_bytes) {
  std::string out;
  std::size_t i = 0;
  for (; i < s.size() && out.size() < max_bytes;) {
    const CodePoint cp = decode_utf8(s, i);
    const std::size_t n = cp.length;
    if (n == 0 || (n == 1 && acts_on_terminal(cp.value))) {
      out += fmt::format("\\x{:02x}", static_cast<unsigned char>(s[i]));
      ++i;
    } else if (acts_on_terminal(cp.value)) {
      out += fmt::format("\\u{{{:04x}}}", cp.value);
      i += n;
    } else {
      out.append(s.substr(i, n));
      i += n;
    }
  }
  if (i < s.size()) out += "…";
  return out;
}

std::string first_lines(std::string_view s, std::size_t lines, std::size_t max_bytes) {
  std::string out;
  std::size_t start = 0;
  for (std::size_t k = 0; k < lines && start < s.size(); ++k) {
    std::size_t end = s.find('\n', start);
    if (end == std::string_view::npos) end = s.size();
    if (!out.empty()) out += '\n';
    out += printable(s.substr(start, end - start), max_bytes);
    if (out.size() >= max_bytes) break;
    start = end + 1;
  }
  return out;
}

std::string last_line(std::string_view s, std::size_t max_bytes) {
  const auto blank = [](char c) { return c == '\n' || c == '\r' || c == ' ' || c == '\t'; };
  std::size_t end = s.size();
  while (end > 0 && blank(s[end - 1])) --end;
  const std::size_t nl = s.substr(0, end).rfind('\n');
  const std::size_t start = nl == std::string_view::npos ? 0 : nl + 1;
  return printable(s.substr(start, end - start), max_bytes);
}

}  // namespace pj
