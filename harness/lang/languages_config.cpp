#include "harness/lang/languages_config.hpp"

#include <fmt/format.h>

#include <toml++/toml.h>

#include "core/error.hpp"
#include "core/version.hpp"

namespace pj::harness::detail {

namespace {

[[noreturn]] void bad(const std::filesystem::path& file, const toml::node& n,
                      std::string_view what) {
  fail_input(fmt::format("{}:{}: {}", file.string(), n.source().begin.line, what));
}

std::string str(const std::filesystem::path& file, const toml::table& t, std::string_view key,
                bool required) {
  const toml::node* n = t.get(key);
  if (n == nullptr) {
    if (required) bad(file, t, fmt::format("missing key '{}'", key));
    return {};
  }
  if (!n->is_string()) bad(file, *n, fmt::format("'{}' must be a string", key));
  return n->as_string()->get();
}

std::vector<std::string> strs(const std::filesystem::path& file, const toml::table& t,
                              std::string_view key) {
  std::vector<std::string> out;
  const toml::node* n = t.get(key);
  if (n == nullptr) return out;
  const auto* arr = n->as_array();
  if (arr == nullptr) bad(file, *n, fmt::format("'{}' must be an array of strings", key));
  for (const toml::node& el : *arr) {
    if (!el.is_string()) bad(file, el, fmt::format("'{}' must be an array of strings", key));
    out.push_back(el.as_string()->get());
  }
  return out;
}

LanguageSpec parse_spec(const std::filesystem::path& file, std::string name, const toml::table& t) {
  LanguageSpec s;
  s.name = std::move(name);
  s.aliases = strs(file, t, "aliases");
  s.extensions = strs(file, t, "extensions");
  s.source = str(file, t, "source", true);
  s.compiler = str(file, t, "compiler", false);
  s.runtime = str(file, t, "runtime", false);
  s.version = strs(file, t, "version");
  s.sysroot_query = strs(file, t, "sysroot_query");
  s.build = strs(file, t, "build");
  s.run = strs(file, t, "run");
  s.empty = str(file, t, "empty", false);
  if (s.run.empty()) bad(file, t, fmt::format("language '{}' needs 'run'", s.name));
  if (!s.build.empty() && s.compiler.empty()) {
    bad(file, t, fmt::format("language '{}' has 'build' but no 'compiler'", s.name));
  }
  if (const toml::node* env = t.get("env")) {
    const auto* et = env->as_table();
    if (et == nullptr) bad(file, *env, "'env' must be a table of strings");
    for (auto&& [k, v] : *et) {
      if (!v.is_string()) bad(file, v, "'env' must be a table of strings");
      s.env.emplace_back(std::string(k.str()), v.as_string()->get());
    }
  }
  return s;
}

}  // namespace

const LanguageSpec* LanguagesConfig::find(std::string_view name) const {
  for (const auto& l : languages) {
    if (l.name == name) return &l;
  }
  return nullptr;
}

LanguagesConfig parse_languages_config(const std::filesystem::path& file) {
  toml::table root;
  try {
    root = toml::parse_file(file.string());
  } catch (const toml::parse_error& e) {
    fail_input(fmt::format("{}:{}: {}", file.string(), e.source().begin.line, e.description()));
  }
  LanguagesConfig cfg;
  cfg.file = file;
  if (const auto* bl = root["build_limits"].as_table()) {
    cfg.build_limits.cpu_seconds = (*bl)["cpu_seconds"].value_or(60.0);
    cfg.build_limits.wall_seconds = (*bl)["wall_seconds"].value_or(120.0);
    cfg.build_limits.memory_mib = (*bl)["memory_mib"].value_or(std::uint64_t{4096});
    cfg.build_limits.processes = (*bl)["processes"].value_or(64);
  }
  const auto* langs = root["languages"].as_table();
  if (langs == nullptr) bad(file, root, "missing table [languages]");
  for (auto&& [name, node] : *langs) {
    const auto* t = node.as_table();
    if (t == nullptr) bad(file, node, "each [languages.NAME] must be a table");
    cfg.languages.push_back(parse_spec(file, std::string(name.str()), *t));
  }
  return cfg;
}

const LanguagesConfig& languages_config() {
  // Read-only after the first call; the file is part of perfjudge's installation.
  static const LanguagesConfig cfg = parse_languages_config(share_dir() / "languages.toml");
  return cfg;
}

}  // namespace pj::harness::detail
