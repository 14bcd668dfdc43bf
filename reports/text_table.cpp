#include "reports/text_table.hpp"

#include <algorithm>

namespace pj::reports {

namespace {
bool continuation(char c) {
  return (static_cast<unsigned char>(c) & 0xC0) == 0x80;
}
}  // namespace

std::size_t cols(std::string_view s) {
  return static_cast<std::size_t>(
      std::count_if(s.begin(), s.end(), [](char c) { return !continuation(c); }));
}

std::size_t max_cols(const std::vector<std::string>& v) {
  std::size_t w = 0;
  for (const auto& s : v) w = std::max(w, cols(s));
  return w;
}

std::string truncate_cols(std::string_view s, std::size_t n) {
  if (cols(s) <= n || n == 0) return std::string(s);
  std::size_t seen = 0, i = 0;
  for (; i < s.size(); ++i) {
    if (!continuation(s[i])) {
      if (seen == n - 1) break;
      ++seen;
    }
  }
  return std::string(s.substr(0, i)) + "…";
}

std::string pad_right(std::string_view s, std::size_t n) {
  const auto c = cols(s);
  return std::string(s) + std::string(c < n ? n - c : 0, ' ');
}

std::string pad_left(std::string_view s, std::size_t n) {
  const auto c = cols(s);
  return std::string(c < n ? n - c : 0, ' ') + std::string(s);
}

std::string rtrim(std::string_view s) {
  const auto e = s.find_last_not_of(' ');
  return e == std::string_view::npos ? std::string() : std::string(s.substr(0, e + 1));
}

}  // namespace pj::reports
