// The doctor's probes, one finding each, reading only the HostView. Internal to
// harness/doctor*.cpp and their tests.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "harness/machine/doctor.hpp"

namespace pj::harness::doctor {

// The first line of root/rel, "" when absent.
std::string read_line(const HostView& host, const std::filesystem::path& rel);
// The first executable `name` on host.path (an absolute name is taken as is).
std::optional<std::filesystem::path> find_tool(const HostView& host, const std::string& name);

std::optional<int> perf_event_paranoid(const HostView& host);
Finding probe_paranoid(const HostView& host);
// Markers found: "/.dockerenv", "/run/.containerenv", "cgroup: docker" and the like.
std::vector<std::string> container_markers(const HostView& host);
Finding probe_container(const HostView& host);
Finding probe_pmu(const HostView& host);
Finding probe_pmu_events(const HostView& host);
Finding probe_namespaces(const HostView& host);
Finding probe_seccomp(const HostView& host);
Finding probe_cgroup(const HostView& host);
Finding probe_valgrind(const HostView& host);
std::vector<Finding> probe_languages(const HostView& host);
Finding probe_governor(const HostView& host);
Finding probe_turbo(const HostView& host);
Finding probe_load(const HostView& host);
Finding probe_sandbox_run(const SandboxProbe& probe);

}  // namespace pj::harness::doctor
