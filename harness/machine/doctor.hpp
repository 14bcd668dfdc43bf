// `perfjudge doctor`: what this machine can measure and, for each gap, the fix. Every probe
// reads the machine through a HostView, so that tests can fake a host without a PMU, with
// perf_event_paranoid = 3, without valgrind, inside a container or on a powersave governor.
#pragma once

#include <filesystem>
#include <functional>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "core/cost.hpp"
#include "harness/machine/cost_choice.hpp"
#include "sandbox/perf_probe.hpp"

namespace pj::harness {

// Where the probes look. real_host() is this machine; a test replaces what it fakes.
struct HostView {
  std::filesystem::path root = "/";  // /proc, /sys, /.dockerenv, /run/.containerenv beneath it
  std::string path;                  // PATH, searched for valgrind and the toolchains
  bool privileged = false;           // effective uid 0 (perf_event_paranoid does not apply)
  unsigned cores = 0;
  std::function<sandbox::EventProbe(const std::string& event)> open_event;
  std::function<sandbox::PmuEvents()> pmu_events;
  // 0, or the errno of unshare(flags) in a forked child (the caller's namespaces never change).
  std::function<int(int flags)> try_unshare;
  // The first non-empty line a trusted tool prints (stdout and stderr); "" when it cannot run.
  std::function<std::string(const std::vector<std::string>& argv)> first_output_line;
  std::function<SandboxProbe()> sandbox;
};
HostView real_host();

// ok: nothing to do; warn: measurements work but are noisier or slower than they could be;
// gap: something is missing (needed or not: `required` says); info: a fact, no judgement.
enum class Status { Ok, Warn, Gap, Info };
std::string_view to_string(Status s);

struct Finding {
  std::string key;    // the JSON key, e.g. "pmu"
  std::string label;  // the text label, e.g. "hardware PMU"
  Status status = Status::Info;
  std::string value;    // one line
  std::string fix;      // "" when there is nothing to do
  nlohmann::json data;  // the same facts, machine-readable (an object)
};

struct DoctorReport {
  std::vector<Finding> findings;   // in the order the text prints them
  std::vector<Finding> languages;  // one per language of share/languages.toml
  std::vector<std::string> cost_modes;
  CostChoice auto_choice;  // what `--cost auto` chooses, with run's note
  std::string auto_line;   // auto_cost_line of the sandbox probe
  bool can_measure = false;
};

DoctorReport run_doctor(const HostView& host);

// What changes a time measurement while a run goes on, read with the doctor's probes (only
// host.root and host.cores are used): {"loadavg": [1, 5, 15 min] or null, "governor": string
// or null, "turbo": bool or null}. `perfjudge run` records it in runs.host_json as "start" and
// "end".
nlohmann::json machine_state(const HostView& host);

// Exit codes of `perfjudge doctor`: exit_code::ok (0) when a measured evaluation can run (the
// sandbox starts a program and at least one language has its toolchain), exit_code::negative
// (1) when it cannot; 2 for a usage error.
int doctor_exit_code(const DoctorReport& r);

std::string format_doctor_text(const DoctorReport& r);
nlohmann::json doctor_json(const DoctorReport& r);

// The doctor's line on what `--cost auto` chooses from a sandbox probe: `perfjudge run` and
// `tasks validate` print it (prefixed "perfjudge: ") when they choose.
std::string auto_cost_line(const SandboxProbe& probe);

// The doctor's line on what a run measuring `cost` needs and `host` lacks, "" when nothing:
// instructions without a PMU need valgrind. `perfjudge run` prints it before measuring.
std::string missing_for_cost(Cost cost, const SandboxProbe& probe, const HostView& host);

}  // namespace pj::harness
