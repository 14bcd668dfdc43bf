#include "harness/machine/doctor.hpp"

#include <fmt/format.h>

#include "core/error.hpp"
#include "harness/machine/doctor_probes.hpp"

namespace pj::harness {

std::string_view to_string(Status s) {
  switch (s) {
    case Status::Ok:
      return "ok";
    case Status::Warn:
      return "warn";
    case Status::Gap:
      return "gap";
    case Status::Info:
      return "info";
  }
  return "info";
}

std::string auto_cost_line(const SandboxProbe& probe) {
  if (probe.instructions) return "--cost auto: instructions, counted by the hardware PMU";
  return fmt::format(
      "--cost auto: cpu_time, since perf cannot count instructions here ({}); "
      "--cost instructions counts them exactly under valgrind, about 12-50x "
      "slower; `perfjudge doctor` says how to get the PMU",
      probe.why_not);
}

namespace {

std::string finding_line(const Finding& f) {
  return fmt::format("{}: {}{}", f.label, f.value, f.fix.empty() ? "" : "; fix: " + f.fix);
}

}  // namespace

std::string missing_for_cost(Cost cost, const SandboxProbe& probe, const HostView& host) {
  if (cost != Cost::Instructions || probe.instructions) return "";
  const Finding valgrind = doctor::probe_valgrind(host);
  return valgrind.status == Status::Ok ? "" : finding_line(valgrind);
}

namespace doctor {

Finding probe_sandbox_run(const SandboxProbe& probe) {
  Finding f{"sandbox", "sandbox", Status::Ok,
            "",        "",        nlohmann::json{{"runs", probe.ran}, {"message", probe.message}}};
  if (probe.ran) {
    f.value = "runs a program (/bin/true, isolated and measured)";
    return f;
  }
  f.status = Status::Gap;
  f.value = fmt::format("cannot run a program: {}", probe.message);
  f.fix = "see namespaces and seccomp below";
  return f;
}

}  // namespace doctor

namespace {

std::vector<std::string> cost_modes(const SandboxProbe& probe, bool valgrind) {
  if (!probe.ran) return {};
  std::vector<std::string> modes;
  if (probe.instructions) modes.emplace_back("instructions (perf)");
  if (valgrind) modes.emplace_back("instructions (valgrind)");
  modes.emplace_back("cpu_time");
  modes.emplace_back("wall_time");
  return modes;
}

const Finding* find(const std::vector<Finding>& fs, std::string_view key) {
  for (const Finding& f : fs)
    if (f.key == key) return &f;
  return nullptr;
}

nlohmann::json finding_json(const Finding& f) {
  nlohmann::json j = {{"status", to_string(f.status)},
                      {"value", f.value},
                      {"fix", f.fix.empty() ? nlohmann::json() : nlohmann::json(f.fix)}};
  if (f.data.is_object()) j["data"] = f.data;
  return j;
}

std::string finding_lines(const Finding& f) {
  std::string out = fmt::format("  {:<5} {:<20} {}\n", to_string(f.status), f.label, f.value);
  if (!f.fix.empty()) out += fmt::format("  {:<5} {:<20} fix: {}\n", "", "", f.fix);
  return out;
}

}  // namespace

DoctorReport run_doctor(const HostView& host) {
  using namespace doctor;
  DoctorReport r;
  const SandboxProbe probe = host.sandbox();
  r.findings = {probe_sandbox_run(probe), probe_pmu(host),        probe_paranoid(host),
                probe_container(host),    probe_pmu_events(host), probe_namespaces(host),
                probe_seccomp(host),      probe_cgroup(host),     probe_valgrind(host),
                probe_governor(host),     probe_turbo(host),      probe_load(host)};
  r.languages = probe_languages(host);
  const Finding* valgrind = find(r.findings, "valgrind");
  r.cost_modes = cost_modes(probe, valgrind != nullptr && valgrind->status == Status::Ok);
  r.auto_choice = choose_cost(Cost::Auto, probe);
  r.auto_line = auto_cost_line(probe);
  bool some_language = false;
  for (const Finding& l : r.languages) some_language |= l.status == Status::Ok;
  r.can_measure = probe.ran && some_language;
  return r;
}

int doctor_exit_code(const DoctorReport& r) {
  return r.can_measure ? exit_code::ok : exit_code::negative;
}

std::string format_doctor_text(const DoctorReport& r) {
  std::string out = "perfjudge doctor: what this machine can measure\n";
  for (const Finding& f : r.findings) out += finding_lines(f);
  out += "languages:\n";
  for (const Finding& f : r.languages) out += finding_lines(f);
  std::string modes;
  for (const auto& m : r.cost_modes) modes += (modes.empty() ? "" : ", ") + m;
  out += fmt::format("cost modes: {}\n", modes.empty() ? "none" : modes);
  out += r.auto_line + "\n";
  out += r.can_measure ? "a measured evaluation can run here (exit 0)\n"
                       : "no measured evaluation can run here: fix the gaps above (exit 1)\n";
  return out;
}

nlohmann::json doctor_json(const DoctorReport& r) {
  nlohmann::json j = nlohmann::json::object();
  for (const Finding& f : r.findings) j[f.key] = finding_json(f);
  j["languages"] = nlohmann::json::object();
  for (const Finding& f : r.languages) j["languages"][f.key] = finding_json(f);
  j["cost"] = {
      {"modes", r.cost_modes}, {"auto", to_string(r.auto_choice.cost)}, {"line", r.auto_line}};
  j["can_measure"] = r.can_measure;
  j["exit_code"] = doctor_exit_code(r);
  return j;
}

}  // namespace pj::harness
