// The doctor's probes of tools on PATH: valgrind and every language's toolchain.
#include <fmt/format.h>
#include <unistd.h>

#include <sstream>

#include "harness/lang/languages_config.hpp"
#include "harness/machine/doctor_probes.hpp"

namespace pj::harness::doctor {

namespace fs = std::filesystem;

std::optional<fs::path> find_tool(const HostView& host, const std::string& name) {
  if (fs::path(name).is_absolute())
    return ::access(name.c_str(), X_OK) == 0 ? std::optional<fs::path>(name) : std::nullopt;
  std::stringstream dirs(host.path);
  for (std::string dir; std::getline(dirs, dir, ':');) {
    if (dir.empty()) continue;  // never the current directory
    const fs::path cand = fs::path(dir) / name;
    std::error_code ec;
    if (::access(cand.c_str(), X_OK) == 0 && fs::is_regular_file(cand, ec)) return cand;
  }
  return std::nullopt;
}

Finding probe_valgrind(const HostView& host) {
  Finding f{"valgrind", "valgrind", Status::Ok, "", "", {}};
  const auto exe = find_tool(host, "valgrind");
  const std::string version = exe ? host.first_output_line({exe->string(), "--version"}) : "";
  f.data = {{"path", exe ? nlohmann::json(exe->string()) : nlohmann::json()}, {"version", version}};
  if (!exe) {
    f.status = Status::Gap;
    f.value = "not on PATH: no exact instruction counts without a PMU";
    f.fix = "sudo apt-get install valgrind";
    return f;
  }
  f.value = fmt::format("{} ({})", version.empty() ? "no version printed" : version, exe->string());
  return f;
}

namespace {

Finding probe_language(const HostView& host, const detail::LanguageSpec& spec) {
  Finding f{spec.name, spec.name, Status::Ok, "", "", nlohmann::json::object()};
  std::string missing;
  std::optional<fs::path> versioned;
  for (const std::string* tool : {&spec.compiler, &spec.runtime}) {
    if (tool->empty()) continue;
    const auto exe = find_tool(host, *tool);
    f.data["tools"][*tool] = exe ? nlohmann::json(exe->string()) : nlohmann::json();
    if (!exe)
      missing += (missing.empty() ? "" : ", ") + *tool;
    else if (!versioned)
      versioned = exe;
  }
  if (!missing.empty()) {
    f.status = Status::Gap;
    f.value = fmt::format("{} not found", missing);
    f.fix = fmt::format("install {} (scripts/bootstrap installs every toolchain)", missing);
    return f;
  }
  std::vector<std::string> argv{versioned ? versioned->string() : std::string()};
  argv.insert(argv.end(), spec.version.begin(), spec.version.end());
  const std::string version = versioned ? host.first_output_line(argv) : "";
  f.data["version"] = version;
  f.value = version.empty() ? "found (no version printed)" : version;
  return f;
}

}  // namespace

std::vector<Finding> probe_languages(const HostView& host) {
  std::vector<Finding> out;
  for (const detail::LanguageSpec& spec : detail::languages_config().languages)
    out.push_back(probe_language(host, spec));
  return out;
}

}  // namespace pj::harness::doctor
