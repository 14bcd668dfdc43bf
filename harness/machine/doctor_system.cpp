// The doctor's probes of the kernel and the CPU: namespaces, cgroups, governor, turbo, load.
#include <fmt/format.h>
#include <sched.h>
#include <unistd.h>

#include <cstring>
#include <fstream>
#include <sstream>

#include "harness/machine/doctor_probes.hpp"

namespace pj::harness::doctor {

namespace fs = std::filesystem;

namespace {

struct NamespaceKind {
  const char* name;
  int flags;  // with CLONE_NEWUSER, as the sandbox creates them (no root needed)
};
constexpr NamespaceKind kNamespaces[] = {{"user", CLONE_NEWUSER},
                                         {"pid", CLONE_NEWUSER | CLONE_NEWPID},
                                         {"net", CLONE_NEWUSER | CLONE_NEWNET},
                                         {"mount", CLONE_NEWUSER | CLONE_NEWNS}};

// The sysctl that refuses unprivileged user namespaces, when one does.
std::string userns_fix(const HostView& host) {
  if (read_line(host, "/proc/sys/user/max_user_namespaces") == "0")
    return "sudo sysctl user.max_user_namespaces=15000";
  if (read_line(host, "/proc/sys/kernel/unprivileged_userns_clone") == "0")
    return "sudo sysctl kernel.unprivileged_userns_clone=1";
  if (read_line(host, "/proc/sys/kernel/apparmor_restrict_unprivileged_userns") == "1")
    return "sudo sysctl kernel.apparmor_restrict_unprivileged_userns=0";
  if (!container_markers(host).empty())
    return "the container's seccomp profile refuses unshare: start it with --security-opt "
           "seccomp=unconfined (docker, podman)";
  return "allow unprivileged user namespaces on this host";
}

}  // namespace

Finding probe_namespaces(const HostView& host) {
  Finding f{"namespaces", "namespaces", Status::Ok, "", "", nlohmann::json::object()};
  std::string failed;
  for (const NamespaceKind& ns : kNamespaces) {
    const int err = host.try_unshare(ns.flags);
    f.data[ns.name] = err == 0 ? "ok" : strerrorname_np(err);
    f.value += fmt::format("{}{} {}", f.value.empty() ? "" : ", ", ns.name,
                           err == 0 ? "ok" : strerrorname_np(err));
    if (err != 0) failed += (failed.empty() ? "" : ", ") + std::string(ns.name);
  }
  if (!failed.empty()) {
    f.status = Status::Gap;
    f.fix = userns_fix(host);
  }
  return f;
}

Finding probe_cgroup(const HostView& host) {
  Finding f{"cgroup", "cgroup v2", Status::Info, "", "", {}};
  std::error_code ec;
  const bool v2 = fs::exists(host.root / "sys/fs/cgroup/cgroup.controllers", ec);
  // "0::/path" is this process's cgroup in the unified hierarchy.
  std::ifstream in(host.root / "proc/self/cgroup");
  std::string own;
  for (std::string line; std::getline(in, line);)
    if (line.rfind("0::", 0) == 0) own = line.substr(3);
  const fs::path dir = host.root / "sys/fs/cgroup" / fs::path(own).relative_path();
  // read_line takes the path below the root, not `dir`, which is already beneath it.
  const std::string controllers = read_line(
      host, fs::path("/sys/fs/cgroup") / fs::path(own).relative_path() / "cgroup.controllers");
  // Read only: access(2) tells whether we could write, without writing.
  const bool delegated = v2 && !own.empty() &&
                         ::access((dir / "cgroup.procs").c_str(), W_OK) == 0 &&
                         ::access((dir / "cgroup.subtree_control").c_str(), W_OK) == 0;
  f.data = {{"v2", v2}, {"cgroup", own}, {"controllers", controllers}, {"delegated", delegated}};
  if (!v2) {
    f.value = "not mounted at /sys/fs/cgroup (v1 or none); perfjudge does not need it";
    return f;
  }
  f.value = fmt::format("{} {}; controllers: {}", own.empty() ? "/" : own,
                        delegated ? "is delegated (writable)" : "is not delegated",
                        controllers.empty() ? "none" : controllers);
  return f;
}

Finding probe_governor(const HostView& host) {
  const std::string gov = read_line(host, "/sys/devices/system/cpu/cpu0/cpufreq/scaling_governor");
  Finding f{
      "governor", "CPU governor",
      Status::Ok, gov.empty() ? "unknown" : gov,
      "",         nlohmann::json{{"value", gov.empty() ? nlohmann::json() : nlohmann::json(gov)}}};
  if (gov.empty()) {
    f.status = Status::Info;
  } else if (gov != "performance") {
    f.status = Status::Warn;
    f.fix = "sudo cpupower frequency-set -g performance (time costs vary with the clock)";
  }
  return f;
}

Finding probe_turbo(const HostView& host) {
  // intel_pstate says no_turbo; acpi-cpufreq and amd-pstate say boost.
  const std::string no_turbo = read_line(host, "/sys/devices/system/cpu/intel_pstate/no_turbo");
  const std::string boost = read_line(host, "/sys/devices/system/cpu/cpufreq/boost");
  std::optional<bool> on;
  if (no_turbo == "0" || no_turbo == "1")
    on = no_turbo == "0";
  else if (boost == "0" || boost == "1")
    on = boost == "1";
  Finding f{"turbo",      "turbo",
            Status::Info, "unknown",
            "",           nlohmann::json{{"on", on ? nlohmann::json(*on) : nlohmann::json()}}};
  if (!on) return f;
  f.value = *on ? "on" : "off";
  f.status = *on ? Status::Warn : Status::Ok;
  if (*on)
    f.fix = no_turbo.empty() ? "echo 0 | sudo tee /sys/devices/system/cpu/cpufreq/boost"
                             : "echo 1 | sudo tee /sys/devices/system/cpu/intel_pstate/no_turbo";
  return f;
}

Finding probe_load(const HostView& host) {
  std::istringstream in(read_line(host, "/proc/loadavg"));
  double l1 = -1, l5 = -1, l15 = -1;
  in >> l1 >> l5 >> l15;
  Finding f{"load", "load and cores", Status::Ok, "", "", {}};
  f.data = {{"cores", host.cores}};
  if (!in) {
    f.status = Status::Info;
    f.value = fmt::format("load unknown; {} cores", host.cores);
    f.data["loadavg"] = nullptr;
    return f;
  }
  f.data["loadavg"] = {l1, l5, l15};
  f.value = fmt::format("load {:.2f} {:.2f} {:.2f} on {} cores", l1, l5, l15, host.cores);
  // Half the cores busy already: CPU and wall times will spread more than on an idle machine.
  if (host.cores > 0 && l1 > 0.5 * host.cores) {
    f.status = Status::Warn;
    f.fix =
        "a busy machine: time costs are noisier (instructions are not); measure when idle "
        "or use --cost instructions";
  }
  return f;
}

}  // namespace pj::harness::doctor

namespace pj::harness {

nlohmann::json machine_state(const HostView& host) {
  return {{"loadavg", doctor::probe_load(host).data["loadavg"]},
          {"governor", doctor::probe_governor(host).data["value"]},
          {"turbo", doctor::probe_turbo(host).data["on"]}};
}

}  // namespace pj::harness
