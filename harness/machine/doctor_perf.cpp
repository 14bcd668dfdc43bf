// The doctor's probes of perf: the PMU, perf_event_paranoid, containers and seccomp.
#include <fmt/format.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

#include "harness/machine/doctor_probes.hpp"

namespace pj::harness::doctor {

namespace fs = std::filesystem;

std::string read_line(const HostView& host, const fs::path& rel) {
  std::ifstream in(host.root / rel.relative_path());
  std::string line;
  std::getline(in, line);
  return line;
}

namespace {

std::string read_all(const HostView& host, const fs::path& rel) {
  std::ifstream in(host.root / rel.relative_path());
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

// The value of "Name:\tvalue" in a /proc status file, "" when absent.
std::string status_field(const std::string& text, std::string_view name) {
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    if (line.rfind(name, 0) == 0 && line.size() > name.size() && line[name.size()] == ':') {
      const auto v = line.find_first_not_of(" \t", name.size() + 1);
      return v == std::string::npos ? "" : line.substr(v);
    }
  }
  return "";
}

nlohmann::json probe_json(const sandbox::EventProbe& p) {
  return {{"opened", p.opened},
          {"errno", p.error == 0 ? nlohmann::json() : nlohmann::json(strerrorname_np(p.error))},
          {"message", p.message}};
}

bool user_only_allowed(const HostView& host) {
  const auto p = perf_event_paranoid(host);
  return host.privileged || (p && *p <= 2);
}

// Why instructions did not open, as the fix a user can apply.
std::string pmu_fix(const HostView& host, const sandbox::EventProbe& instr) {
  if (instr.error == EACCES || instr.error == EPERM) {
    if (!user_only_allowed(host))
      return "sudo sysctl kernel.perf_event_paranoid=2 (user-only counting of your own "
             "processes; persist it in /etc/sysctl.d/)";
    if (!container_markers(host).empty())
      return "the container's seccomp profile blocks perf_event_open: start it with "
             "--security-opt seccomp=unconfined (docker, podman) or --cap-add PERFMON";
    return "perf_event_open is refused although perf_event_paranoid allows it: a seccomp "
           "filter or an LSM policy of this host blocks it";
  }
  // ENOENT, EOPNOTSUPP or no encoding: a VM without a virtual PMU, or a sandboxed runtime.
  return "run on bare metal or enable the VM's PMU (KVM/QEMU: -cpu host,pmu=on); meanwhile "
         "--cost instructions counts exactly under valgrind";
}

}  // namespace

std::optional<int> perf_event_paranoid(const HostView& host) {
  const std::string line = read_line(host, "/proc/sys/kernel/perf_event_paranoid");
  try {
    return line.empty() ? std::nullopt : std::optional<int>(std::stoi(line));
  } catch (const std::exception&) {
    return std::nullopt;
  }
}

Finding probe_paranoid(const HostView& host) {
  Finding f{"perf_event_paranoid", "perf_event_paranoid", Status::Ok, "", "", {}};
  const auto p = perf_event_paranoid(host);
  const bool user_only = user_only_allowed(host);
  f.data = {{"value", p ? nlohmann::json(*p) : nlohmann::json()}, {"user_only_allowed", user_only}};
  if (!p) {
    f.status = host.privileged ? Status::Info : Status::Gap;
    f.value = "unknown (no /proc/sys/kernel/perf_event_paranoid: no perf events in this kernel?)";
    return f;
  }
  f.value =
      fmt::format("{}: user-only counting (:u) {}", *p,
                  user_only ? (host.privileged && *p > 2 ? "allowed (running as root)" : "allowed")
                            : "refused");
  if (!user_only) {
    f.status = Status::Gap;
    f.fix = "sudo sysctl kernel.perf_event_paranoid=2";
  }
  return f;
}

std::vector<std::string> container_markers(const HostView& host) {
  std::vector<std::string> found;
  for (const char* marker : {"/.dockerenv", "/run/.containerenv"}) {
    std::error_code ec;
    if (fs::exists(host.root / fs::path(marker).relative_path(), ec)) found.emplace_back(marker);
  }
  const std::string cgroup = read_all(host, "/proc/1/cgroup");
  for (const char* hint : {"docker", "kubepods", "containerd", "libpod", "lxc"}) {
    if (cgroup.find(hint) != std::string::npos) found.push_back(fmt::format("cgroup: {}", hint));
  }
  return found;
}

Finding probe_container(const HostView& host) {
  const auto markers = container_markers(host);
  std::string list;
  for (const auto& m : markers) list += (list.empty() ? "" : ", ") + m;
  return {"container",  "container",
          Status::Info, markers.empty() ? "no" : "yes (" + list + ")",
          "",           nlohmann::json{{"inside", !markers.empty()}, {"markers", markers}}};
}

Finding probe_pmu(const HostView& host) {
  Finding f{"pmu", "hardware PMU", Status::Ok, "", "", {}};
  const auto instr = host.open_event("instructions");
  const auto cycles = host.open_event("cycles");
  const auto clock = host.open_event("task-clock");
  f.data = {{"present", instr.opened},
            {"events",
             {{"instructions", probe_json(instr)},
              {"cycles", probe_json(cycles)},
              {"task-clock", probe_json(clock)}}}};
  if (instr.opened) {
    f.value = fmt::format("yes: instructions open{}", cycles.opened ? ", cycles open" : "");
    return f;
  }
  f.status = Status::Gap;
  f.value = fmt::format("no: instructions: {}; task-clock: {}", instr.message,
                        clock.opened ? "opens (software events work)" : clock.message);
  f.fix = pmu_fix(host, instr);
  return f;
}

Finding probe_pmu_events(const HostView& host) {
  const sandbox::PmuEvents ev = host.pmu_events();
  std::string pmus, sample;
  for (const auto& p : ev.pmus) pmus += (pmus.empty() ? "" : ", ") + p;
  for (const auto& s : ev.sample) sample += (sample.empty() ? "" : ", ") + s;
  Finding f{
      "pmu_events", "libpfm4 events",
      Status::Info, "",
      "",           nlohmann::json{{"count", ev.count}, {"pmus", ev.pmus}, {"sample", ev.sample}}};
  f.value = fmt::format("{} on {}{}", ev.count, pmus.empty() ? "no detected PMU" : pmus,
                        sample.empty() ? "" : " (e.g. " + sample + ")");
  return f;
}

Finding probe_seccomp(const HostView& host) {
  Finding f{"seccomp", "seccomp", Status::Ok, "", "", {}};
  const std::string status = read_all(host, "/proc/self/status");
  const std::string mode = status_field(status, "Seccomp");
  const std::string filters = status_field(status, "Seccomp_filters");
  const std::string actions = read_line(host, "/proc/sys/kernel/seccomp/actions_avail");
  f.data = {
      {"available", !mode.empty()}, {"mode", mode}, {"filters", filters}, {"actions", actions}};
  if (mode.empty()) {
    f.status = Status::Gap;
    f.value = "unavailable (no Seccomp line in /proc/self/status)";
    f.fix = "a kernel with CONFIG_SECCOMP_FILTER: the sandbox filters every candidate's syscalls";
    return f;
  }
  f.value = mode == "0" ? "available; this process runs unfiltered"
                        : fmt::format(
                              "available; this process already runs under {} filter(s) "
                              "(a container's profile?)",
                              filters.empty() ? "some" : filters);
  return f;
}

}  // namespace pj::harness::doctor
