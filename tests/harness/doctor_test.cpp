// perfjudge doctor: each finding that a fake host can show (fake /proc and /sys under a temp
// root, a fake PATH, faked perf_event_open and unshare results).
#include "harness/machine/doctor.hpp"

#include <gtest/gtest.h>
#include <sched.h>
#include <sys/stat.h>

#include <cerrno>

#include "common/files.hpp"
#include "core/temp_dir.hpp"
#include "harness/machine/doctor_probes.hpp"

namespace pj::harness {
namespace {

namespace fs = std::filesystem;
using test::write_text;

sandbox::EventProbe opened() {
  return {true, 0, ""};
}

class DoctorTest : public ::testing::Test {
 protected:
  DoctorTest() {
    fs::create_directories(bin());
    host_.root = root_.path();
    host_.path = bin().string();
    host_.cores = 2;
    host_.open_event = [](const std::string&) { return opened(); };
    host_.pmu_events = [] {
      return sandbox::PmuEvents{300, {"skx", "perf (generic)"}, {"skx::INST_RETIRED"}};
    };
    host_.try_unshare = [](int) { return 0; };
    host_.first_output_line = [](const std::vector<std::string>& argv) {
      return "version of " + fs::path(argv.at(0)).filename().string();
    };
    host_.sandbox = [] { return SandboxProbe{true, "", true, ""}; };
  }
  fs::path bin() const { return root_.path() / "bin"; }
  void put(const std::string& rel, const std::string& text) {
    write_text(root_.path() / rel, text);
  }
  void put_tool(const std::string& name) {
    put("bin/" + name, "#!/bin/sh\n");
    ::chmod((bin() / name).c_str(), 0755);
  }
  // Hardware events fail with `err`, software ones open.
  void fail_hardware(int err) {
    host_.open_event = [err](const std::string& name) {
      if (name == "task-clock") return opened();
      return sandbox::EventProbe{
          false, err,
          err == ENOENT ? "no hardware PMU (perf_event_open: ENOENT)" : "perf_event_open: EACCES"};
    };
  }

  TempDir root_{"pj-doctor"};
  HostView host_;
};

TEST_F(DoctorTest, AbsentPmuNamesTheEventTheErrorAndTheFix) {
  fail_hardware(ENOENT);
  const Finding f = doctor::probe_pmu(host_);
  EXPECT_EQ(f.status, Status::Gap);
  EXPECT_NE(f.value.find("instructions: no hardware PMU (perf_event_open: ENOENT)"),
            std::string::npos)
      << f.value;
  EXPECT_NE(f.value.find("task-clock: opens"), std::string::npos) << f.value;
  EXPECT_NE(f.fix.find("valgrind"), std::string::npos) << f.fix;
  EXPECT_EQ(f.data["present"], false);
  EXPECT_EQ(f.data["events"]["instructions"]["errno"], "ENOENT");
}

TEST_F(DoctorTest, PresentPmuIsOk) {
  const Finding f = doctor::probe_pmu(host_);
  EXPECT_EQ(f.status, Status::Ok);
  EXPECT_TRUE(f.fix.empty());
}

TEST_F(DoctorTest, ParanoidThreeRefusesUserOnlyCountingAndSaysTheSysctl) {
  put("proc/sys/kernel/perf_event_paranoid", "3\n");
  const Finding f = doctor::probe_paranoid(host_);
  EXPECT_EQ(f.status, Status::Gap);
  EXPECT_NE(f.value.find("refused"), std::string::npos) << f.value;
  EXPECT_EQ(f.fix, "sudo sysctl kernel.perf_event_paranoid=2");
  EXPECT_EQ(f.data["value"], 3);
  EXPECT_EQ(f.data["user_only_allowed"], false);
  // The PMU's EACCES is then blamed on paranoid, not on seccomp.
  fail_hardware(EACCES);
  EXPECT_NE(doctor::probe_pmu(host_).fix.find("perf_event_paranoid=2"), std::string::npos);
}

TEST_F(DoctorTest, ParanoidTwoAllowsUserOnlyCounting) {
  put("proc/sys/kernel/perf_event_paranoid", "2\n");
  const Finding f = doctor::probe_paranoid(host_);
  EXPECT_EQ(f.status, Status::Ok);
  EXPECT_EQ(f.data["user_only_allowed"], true);
}

TEST_F(DoctorTest, ContainerMarkersAreFound) {
  EXPECT_EQ(doctor::probe_container(host_).value, "no");
  put(".dockerenv", "");
  put("run/.containerenv", "");
  put("proc/1/cgroup", "0::/kubepods/besteffort/pod1\n");
  const Finding f = doctor::probe_container(host_);
  EXPECT_EQ(f.value, "yes (/.dockerenv, /run/.containerenv, cgroup: kubepods)");
  EXPECT_EQ(f.data["inside"], true);
}

TEST_F(DoctorTest, EpermInAContainerWhereParanoidAllowsItIsItsSeccompProfile) {
  put("proc/sys/kernel/perf_event_paranoid", "2\n");
  put(".dockerenv", "");
  host_.open_event = [](const std::string&) {
    return sandbox::EventProbe{false, EPERM, "perf_event_open: EPERM"};
  };
  const Finding f = doctor::probe_pmu(host_);
  EXPECT_EQ(f.status, Status::Gap);
  EXPECT_NE(f.fix.find("--security-opt seccomp=unconfined"), std::string::npos) << f.fix;
}

TEST_F(DoctorTest, NoValgrindOnPath) {
  const Finding f = doctor::probe_valgrind(host_);
  EXPECT_EQ(f.status, Status::Gap);
  EXPECT_EQ(f.fix, "sudo apt-get install valgrind");
  const DoctorReport r = run_doctor(host_);
  for (const auto& m : r.cost_modes) EXPECT_EQ(m.find("valgrind"), std::string::npos) << m;
}

TEST_F(DoctorTest, ValgrindOnPathWithItsVersion) {
  put_tool("valgrind");
  const Finding f = doctor::probe_valgrind(host_);
  EXPECT_EQ(f.status, Status::Ok);
  EXPECT_EQ(f.data["version"], "version of valgrind");
  EXPECT_EQ(f.data["path"], (bin() / "valgrind").string());
}

TEST_F(DoctorTest, PowersaveGovernorIsAWarningWithTheFix) {
  EXPECT_EQ(doctor::probe_governor(host_).value, "unknown");
  put("sys/devices/system/cpu/cpu0/cpufreq/scaling_governor", "powersave\n");
  const Finding f = doctor::probe_governor(host_);
  EXPECT_EQ(f.status, Status::Warn);
  EXPECT_EQ(f.value, "powersave");
  EXPECT_NE(f.fix.find("cpupower frequency-set -g performance"), std::string::npos);
}

TEST_F(DoctorTest, TurboFromIntelPstateOrBoostElseUnknown) {
  EXPECT_EQ(doctor::probe_turbo(host_).value, "unknown");
  put("sys/devices/system/cpu/cpufreq/boost", "0\n");
  EXPECT_EQ(doctor::probe_turbo(host_).value, "off");
  put("sys/devices/system/cpu/intel_pstate/no_turbo", "0\n");
  const Finding f = doctor::probe_turbo(host_);
  EXPECT_EQ(f.value, "on");
  EXPECT_EQ(f.status, Status::Warn);
  EXPECT_NE(f.fix.find("intel_pstate/no_turbo"), std::string::npos);
}

TEST_F(DoctorTest, LoadAboveHalfTheCoresIsAWarning) {
  put("proc/loadavg", "0.50 0.40 0.30 1/100 123\n");
  EXPECT_EQ(doctor::probe_load(host_).status, Status::Ok);
  EXPECT_EQ(doctor::probe_load(host_).value, "load 0.50 0.40 0.30 on 2 cores");
  put("proc/loadavg", "1.80 1.20 1.00 3/100 123\n");
  EXPECT_EQ(doctor::probe_load(host_).status, Status::Warn);
}

TEST_F(DoctorTest, MachineStateIsTheLoadGovernorAndTurboOfTheProbes) {
  EXPECT_EQ(machine_state(host_),
            nlohmann::json::parse(R"({"loadavg":null,"governor":null,"turbo":null})"));
  put("proc/loadavg", "0.50 0.25 0.125 1/100 123\n");
  put("sys/devices/system/cpu/cpu0/cpufreq/scaling_governor", "powersave\n");
  put("sys/devices/system/cpu/intel_pstate/no_turbo", "1\n");
  EXPECT_EQ(machine_state(host_),
            nlohmann::json::parse(
                R"({"loadavg":[0.5,0.25,0.125],"governor":"powersave","turbo":false})"));
}

TEST_F(DoctorTest, RefusedUserNamespacesNameTheSysctl) {
  put("proc/sys/user/max_user_namespaces", "0\n");
  host_.try_unshare = [](int flags) { return (flags & CLONE_NEWUSER) != 0 ? ENOSPC : 0; };
  const Finding f = doctor::probe_namespaces(host_);
  EXPECT_EQ(f.status, Status::Gap);
  EXPECT_EQ(f.data["user"], "ENOSPC");
  EXPECT_EQ(f.fix, "sudo sysctl user.max_user_namespaces=15000");
}

TEST_F(DoctorTest, NamespacesAllOk) {
  const Finding f = doctor::probe_namespaces(host_);
  EXPECT_EQ(f.status, Status::Ok);
  EXPECT_EQ(f.value, "user ok, pid ok, net ok, mount ok");
}

TEST_F(DoctorTest, SeccompFromProcStatus) {
  EXPECT_EQ(doctor::probe_seccomp(host_).status, Status::Gap);
  put("proc/self/status", "Name:\tx\nSeccomp:\t2\nSeccomp_filters:\t1\n");
  const Finding f = doctor::probe_seccomp(host_);
  EXPECT_EQ(f.status, Status::Ok);
  EXPECT_EQ(f.data["mode"], "2");
  EXPECT_NE(f.value.find("1 filter(s)"), std::string::npos) << f.value;
}

TEST_F(DoctorTest, CgroupV2IsReadNotWritten) {
  EXPECT_EQ(doctor::probe_cgroup(host_).data["v2"], false);
  put("sys/fs/cgroup/cgroup.controllers", "cpu memory pids\n");
  put("sys/fs/cgroup/user.slice/cgroup.controllers", "memory pids\n");
  put("proc/self/cgroup", "0::/user.slice\n");
  const Finding f = doctor::probe_cgroup(host_);
  EXPECT_EQ(f.data["v2"], true);
  EXPECT_EQ(f.data["controllers"], "memory pids");
  EXPECT_EQ(f.data["delegated"], false);  // no cgroup.procs there
}

TEST_F(DoctorTest, MissingToolchainIsAGapWithTheToolName) {
  put_tool("gcc");
  const std::vector<Finding> langs = doctor::probe_languages(host_);
  bool saw_c = false, saw_cpp = false;
  for (const Finding& l : langs) {
    if (l.key == "c") {
      saw_c = true;
      EXPECT_EQ(l.status, Status::Ok);
      EXPECT_EQ(l.value, "version of gcc");
    }
    if (l.key == "cpp") {
      saw_cpp = true;
      EXPECT_EQ(l.status, Status::Gap);
      EXPECT_EQ(l.value, "g++ not found");
    }
  }
  EXPECT_TRUE(saw_c && saw_cpp);
}

TEST_F(DoctorTest, NoSandboxMeansNoMeasuredEvaluation) {
  put_tool("gcc");
  EXPECT_EQ(doctor_exit_code(run_doctor(host_)), 0);
  host_.sandbox = [] { return SandboxProbe{false, "clone: EPERM", false, "clone: EPERM"}; };
  const DoctorReport r = run_doctor(host_);
  EXPECT_FALSE(r.can_measure);
  EXPECT_EQ(doctor_exit_code(r), 1);
  EXPECT_TRUE(r.cost_modes.empty());
}

TEST_F(DoctorTest, CostModesAndTheAutoChoice) {
  put_tool("gcc");
  put_tool("valgrind");
  DoctorReport r = run_doctor(host_);
  EXPECT_EQ(r.cost_modes,
            (std::vector<std::string>{"instructions (perf)", "instructions (valgrind)", "cpu_time",
                                      "wall_time"}));
  EXPECT_EQ(r.auto_choice.cost, Cost::Instructions);
  host_.sandbox = [] { return SandboxProbe{true, "", false, "no hardware PMU (ENOENT)"}; };
  r = run_doctor(host_);
  EXPECT_EQ(r.auto_choice.cost, Cost::CpuTime);
  EXPECT_NE(r.auto_line.find("(no hardware PMU (ENOENT))"), std::string::npos) << r.auto_line;
  const nlohmann::json j = doctor_json(r);
  EXPECT_EQ(j["cost"]["auto"], "cpu_time");
  EXPECT_EQ(j["can_measure"], true);
  EXPECT_NE(format_doctor_text(r).find(r.auto_line), std::string::npos);
}

TEST_F(DoctorTest, RunsCostNoteIsTheDoctorsLine) {
  const SandboxProbe no_pmu{true, "", false, "no hardware PMU (perf_event_open: ENOENT)"};
  EXPECT_EQ(choose_cost(Cost::Auto, no_pmu).note, "perfjudge: " + auto_cost_line(no_pmu));
  const SandboxProbe pmu{true, "", true, ""};
  EXPECT_EQ(choose_cost(Cost::Auto, pmu).note, "perfjudge: " + auto_cost_line(pmu));
  EXPECT_TRUE(choose_cost(Cost::CpuTime, no_pmu).note.empty());
}

TEST_F(DoctorTest, InstructionsWithoutPmuOrValgrindSayWhatIsMissing) {
  const SandboxProbe no_pmu{true, "", false, "no hardware PMU (perf_event_open: ENOENT)"};
  EXPECT_EQ(missing_for_cost(Cost::Instructions, no_pmu, host_),
            "valgrind: not on PATH: no exact instruction counts without a PMU; fix: sudo "
            "apt-get install valgrind");
  EXPECT_EQ(missing_for_cost(Cost::CpuTime, no_pmu, host_), "");
  EXPECT_EQ(missing_for_cost(Cost::Instructions, {true, "", true, ""}, host_), "");
  put_tool("valgrind");
  EXPECT_EQ(missing_for_cost(Cost::Instructions, no_pmu, host_), "");
}

}  // namespace
}  // namespace pj::harness
