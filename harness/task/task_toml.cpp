#include "harness/task/task_toml.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace pj::harness::detail {

void ManifestReader::error(int line, std::string_view what) {
  if (line > 0) {
    errors_.push_back(fmt::format("{}:{}: {}", file_.string(), line, what));
  } else {
    errors_.push_back(fmt::format("{}: {}", file_.string(), what));
  }
}

void ManifestReader::error_at(const toml::node& node, std::string_view what) {
  error(static_cast<int>(node.source().begin.line), what);
}

int ManifestReader::line_of(const toml::table& t, std::string_view key) const {
  if (const toml::node* n = t.get(key)) return static_cast<int>(n->source().begin.line);
  return static_cast<int>(t.source().begin.line);
}

void ManifestReader::check_keys(const toml::table& t, std::initializer_list<std::string_view> known,
                                std::string_view where) {
  for (auto&& [key, node] : t) {
    if (std::find(known.begin(), known.end(), key.str()) == known.end()) {
      error_at(node, fmt::format("unknown key '{}' in {}", key.str(), where));
    }
  }
}

std::optional<std::string> ManifestReader::get_string(const toml::table& t, std::string_view key) {
  const toml::node* n = t.get(key);
  if (n == nullptr) return std::nullopt;
  if (const auto* s = n->as_string()) return s->get();
  error_at(*n, fmt::format("'{}' must be a string", key));
  return std::nullopt;
}

std::optional<double> ManifestReader::get_number(const toml::table& t, std::string_view key) {
  const toml::node* n = t.get(key);
  if (n == nullptr) return std::nullopt;
  if (const auto* f = n->as_floating_point()) return f->get();
  if (const auto* i = n->as_integer()) return static_cast<double>(i->get());
  error_at(*n, fmt::format("'{}' must be a number", key));
  return std::nullopt;
}

std::optional<std::int64_t> ManifestReader::get_integer(const toml::table& t,
                                                        std::string_view key) {
  const toml::node* n = t.get(key);
  if (n == nullptr) return std::nullopt;
  if (const auto* i = n->as_integer()) return i->get();
  error_at(*n, fmt::format("'{}' must be an integer", key));
  return std::nullopt;
}

std::optional<bool> ManifestReader::get_bool(const toml::table& t, std::string_view key) {
  const toml::node* n = t.get(key);
  if (n == nullptr) return std::nullopt;
  if (const auto* b = n->as_boolean()) return b->get();
  error_at(*n, fmt::format("'{}' must be true or false", key));
  return std::nullopt;
}

std::optional<std::vector<std::string>> ManifestReader::get_strings(const toml::table& t,
                                                                    std::string_view key) {
  const toml::node* n = t.get(key);
  if (n == nullptr) return std::nullopt;
  const auto* arr = n->as_array();
  if (arr == nullptr) {
    error_at(*n, fmt::format("'{}' must be an array of strings", key));
    return std::nullopt;
  }
  std::vector<std::string> out;
  for (const toml::node& el : *arr) {
    if (const auto* s = el.as_string()) {
      out.push_back(s->get());
    } else if (const auto* i = el.as_integer()) {
      out.push_back(std::to_string(i->get()));  // args = [1000] reads as naturally as ["1000"]
    } else {
      error_at(el, fmt::format("'{}' must be an array of strings", key));
      return std::nullopt;
    }
  }
  return out;
}

std::optional<std::vector<std::uint64_t>> ManifestReader::get_seeds(const toml::table& t,
                                                                    std::string_view key) {
  const toml::node* n = t.get(key);
  if (n == nullptr) return std::nullopt;
  const auto* arr = n->as_array();
  if (arr == nullptr) {
    error_at(*n, fmt::format("'{}' must be an array of non-negative integers", key));
    return std::nullopt;
  }
  std::vector<std::uint64_t> out;
  for (const toml::node& el : *arr) {
    const auto* i = el.as_integer();
    if (i == nullptr || i->get() < 0) {
      error_at(el, fmt::format("'{}' must be an array of non-negative integers", key));
      return std::nullopt;
    }
    out.push_back(static_cast<std::uint64_t>(i->get()));
  }
  return out;
}

}  // namespace pj::harness::detail
