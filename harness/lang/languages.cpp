#include "harness/lang/languages.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <boost/process.hpp>
#include <cctype>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <sstream>

#include "core/error.hpp"
#include "core/file.hpp"
#include "core/hash.hpp"
#include "core/temp_dir.hpp"
#include "core/text.hpp"
#include "harness/lang/languages_config.hpp"

namespace pj::harness {

namespace fs = std::filesystem;
using detail::LanguageSpec;

namespace {

std::string lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

// A trusted tool of the machine (compiler --version, rustc --print sysroot); never a candidate.
std::string capture(const fs::path& exe, const std::vector<std::string>& args) {
  namespace bp = boost::process;
  bp::ipstream out;
  std::error_code ec;
  bp::child c(exe.string(), bp::args(args), (bp::std_out & bp::std_err) > out, bp::std_in.close(),
              ec);
  if (ec) fail_internal(fmt::format("cannot run {}: {}", exe.string(), ec.message()));
  std::string text((std::istreambuf_iterator<char>(out)), std::istreambuf_iterator<char>());
  c.wait();
  if (c.exit_code() != 0) {
    fail_internal(
        fmt::format("{} exited with {}: {}", exe.string(), c.exit_code(), first_lines(text, 2)));
  }
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) text.pop_back();
  return text;
}

// The first executable named `name` on PATH (an absolute name is taken as is).
fs::path find_on_path(const std::string& name) {
  if (fs::path(name).is_absolute()) {
    if (::access(name.c_str(), X_OK) == 0) return name;
    fail_internal(fmt::format("toolchain program {} is missing", name));
  }
  const char* path = std::getenv("PATH");
  std::stringstream dirs(path ? path : "/usr/local/bin:/usr/bin:/bin");
  for (std::string dir; std::getline(dirs, dir, ':');) {
    const fs::path cand = fs::path(dir.empty() ? "." : dir) / name;
    if (::access(cand.c_str(), X_OK) == 0 && fs::is_regular_file(cand)) return cand;
  }
  fail_internal(fmt::format("toolchain program '{}' is not on PATH", name));
}

const LanguageSpec& spec_of(std::string_view language) {
  const auto* spec = detail::languages_config().find(language);
  if (spec == nullptr) fail_usage(fmt::format("unknown language '{}'", printable(language)));
  return *spec;
}

}  // namespace

// What a language's toolchain resolves to on this machine, computed once per Builder.
struct ResolvedTools {
  fs::path compiler;
  fs::path runtime;
  std::string version;
  std::vector<fs::path> build_bind_ro;
};

struct Builder::Tools {
  std::mutex mu;
  std::map<std::string, ResolvedTools, std::less<>> resolved;
};

namespace {

ResolvedTools resolve_tools(const LanguageSpec& spec) {
  ResolvedTools t;
  if (!spec.compiler.empty()) {
    const fs::path found = find_on_path(spec.compiler);
    if (!spec.sysroot_query.empty()) {
      // A rustup proxy needs ~/.rustup at run time; use the toolchain's own binary instead.
      const fs::path sysroot = capture(found, spec.sysroot_query);
      t.compiler = sysroot / "bin" / fs::path(spec.compiler).filename();
      t.build_bind_ro.push_back(sysroot);
    } else {
      t.compiler = fs::canonical(found);
    }
  }
  if (!spec.runtime.empty()) t.runtime = fs::canonical(find_on_path(spec.runtime));
  const fs::path versioned = t.compiler.empty() ? t.runtime : t.compiler;
  if (!versioned.empty() && !spec.version.empty()) t.version = capture(versioned, spec.version);
  return t;
}

std::vector<std::string> substitute(const std::vector<std::string>& tmpl, const ResolvedTools& t,
                                    const fs::path& dir) {
  std::vector<std::string> out;
  for (std::string arg : tmpl) {
    auto replace = [&](std::string_view key, const std::string& value) {
      for (auto pos = arg.find(key); pos != std::string::npos; pos = arg.find(key, pos)) {
        arg.replace(pos, key.size(), value);
        pos += value.size();
      }
    };
    replace("{compiler}", t.compiler.string());
    replace("{runtime}", t.runtime.string());
    replace("{dir}", dir.string());
    out.push_back(std::move(arg));
  }
  return out;
}

Runnable runnable_for(const LanguageSpec& spec, const ResolvedTools& t, const fs::path& entry) {
  Runnable r;
  r.argv = substitute(spec.run, t, r.bind_fixed(entry, fs::path("build") / entry.filename()));
  r.env = spec.env;
  return r;
}

std::string cache_key(const LanguageSpec& spec, const ResolvedTools& t, std::string_view source) {
  Hasher h;
  h.add("perfjudge-build-v1").add(spec.name).add(source).add(t.version);
  h.add(t.compiler.string()).add(t.runtime.string()).add(spec.source);
  for (const auto& a : spec.build) h.add(a);
  for (const auto& a : spec.run) h.add(a);
  for (const auto& [k, v] : spec.env) h.add(k).add(v);
  return h.hex();
}

// Compiles inside the sandbox; returns whether it succeeded and the compiler's messages.
std::pair<bool, std::string> compile(const LanguageSpec& spec, const ResolvedTools& t,
                                     const fs::path& workdir) {
  TempDir logs("perfjudge-build");
  sandbox::Config cfg;
  cfg.argv = substitute(spec.build, t, workdir);
  cfg.limits = detail::languages_config().build_limits;
  cfg.workdir = workdir;
  cfg.stdout_path = logs.path() / "stdout";
  cfg.stderr_path = logs.path() / "stderr";
  cfg.bind_ro = t.build_bind_ro;
  cfg.env = spec.env;
  cfg.env.emplace_back("TMPDIR", workdir.string());  // compilers' scratch files stay inside
  cfg.sample_memory = false;
  const sandbox::Result res = sandbox::run(cfg);
  // A compiler's diagnostics, bounded: a hostile source can make them enormous.
  std::string diag = read_head(cfg.stderr_path, 1 << 20) + read_head(cfg.stdout_path, 1 << 20);
  const bool ok = res.verdict == sandbox::Verdict::OK && res.exit_code == 0;
  if (!ok && res.verdict != sandbox::Verdict::OK) {
    diag += fmt::format("\n[build {}: {}]", sandbox::to_string(res.verdict), res.message);
  }
  return {ok, diag};
}

BuildResult read_entry(const LanguageSpec& spec, const ResolvedTools& t, const fs::path& entry,
                       const std::string& key) {
  const auto status = nlohmann::json::parse(read_file(entry / "status.json"));
  BuildResult r;
  r.ok = status.at("ok").get<bool>();
  r.diagnostics = status.at("diagnostics").get<std::string>();
  r.cache_key = key;
  if (r.ok) r.runnable = runnable_for(spec, t, entry);
  return r;
}

}  // namespace

std::optional<std::string> language_from_name(std::string_view name) {
  const std::string n = lower(name);
  for (const auto& l : detail::languages_config().languages) {
    if (l.name == n || std::find(l.aliases.begin(), l.aliases.end(), n) != l.aliases.end()) {
      return l.name;
    }
  }
  return std::nullopt;
}

std::optional<std::string> language_from_extension(std::string_view ext) {
  const std::string e = lower(ext);
  for (const auto& l : detail::languages_config().languages) {
    if (std::find(l.extensions.begin(), l.extensions.end(), e) != l.extensions.end()) {
      return l.name;
    }
  }
  return std::nullopt;
}

std::string_view extension_of(std::string_view language) {
  const auto* spec = detail::languages_config().find(language);
  if (spec == nullptr || spec->extensions.empty()) return "";
  return spec->extensions.front();
}

std::string_view empty_program(std::string_view language) {
  const auto* spec = detail::languages_config().find(language);
  if (spec == nullptr) fail_usage(fmt::format("unknown language '{}'", printable(language)));
  return spec->empty;
}

std::filesystem::path default_cache_dir() {
  if (const char* env = std::getenv("PERFJUDGE_CACHE"); env != nullptr && *env != '\0') {
    return env;
  }
  if (const char* home = std::getenv("HOME"); home != nullptr && *home != '\0') {
    return fs::path(home) / ".cache" / "perfjudge";
  }
  return fs::temp_directory_path() / "perfjudge-cache";
}

Builder::Builder(std::filesystem::path cache_dir)
    : cache_dir_(std::move(cache_dir)), tools_(std::make_shared<Tools>()) {
  fs::create_directories(cache_dir_);
  cache_dir_ = fs::canonical(cache_dir_);
}

namespace {
const ResolvedTools& tools_for(std::mutex& mu,
                               std::map<std::string, ResolvedTools, std::less<>>& resolved,
                               const LanguageSpec& spec) {
  std::lock_guard lock(mu);
  auto it = resolved.find(spec.name);
  if (it == resolved.end()) it = resolved.emplace(spec.name, resolve_tools(spec)).first;
  return it->second;  // map nodes are stable; entries are never erased
}
}  // namespace

std::string Builder::tool_version(std::string_view language) {
  return tools_for(tools_->mu, tools_->resolved, spec_of(language)).version;
}

BuildResult Builder::build(std::string_view language, std::string_view source) {
  const LanguageSpec& spec = spec_of(language);
  const ResolvedTools& t = tools_for(tools_->mu, tools_->resolved, spec);
  const std::string key = cache_key(spec, t, source);
  const fs::path entry = cache_dir_ / key;
  if (fs::is_regular_file(entry / "status.json")) {
    BuildResult r = read_entry(spec, t, entry, key);
    r.cached = true;
    return r;
  }
  // Build in a private directory and rename it into place, so that concurrent builders of the
  // same source never see a half-built entry; the loser of the race discards its copy.
  std::string tmpl = (cache_dir_ / (".tmp-" + key + "-XXXXXX")).string();
  if (::mkdtemp(tmpl.data()) == nullptr) {
    fail_internal(fmt::format("cannot create a build directory in {}: {}", cache_dir_.string(),
                              std::strerror(errno)));
  }
  const fs::path work = tmpl;
  // Programs run as the sandbox's unprivileged user: the entry must be readable by everyone.
  fs::permissions(work, fs::perms::owner_all | fs::perms::group_read | fs::perms::group_exec |
                            fs::perms::others_read | fs::perms::others_exec);
  write_file(work / spec.source, source);
  bool ok = true;
  std::string diag;
  if (!spec.build.empty()) std::tie(ok, diag) = compile(spec, t, work);
  write_file(work / "status.json", nlohmann::json{{"ok", ok}, {"diagnostics", diag}}.dump(
                                       -1, ' ', false, nlohmann::json::error_handler_t::replace));
  std::error_code ec;
  fs::rename(work, entry, ec);
  if (ec) fs::remove_all(work, ec);  // another builder won; its entry is identical
  return read_entry(spec, t, entry, key);
}

}  // namespace pj::harness
