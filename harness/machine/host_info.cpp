#include "harness/machine/host_info.hpp"

#include <linux/perf_event.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <unistd.h>

#include <cstring>
#include <fstream>
#include <thread>

#include "core/fd.hpp"

namespace pj::harness {

namespace {

std::string first_line_of(const char* file) {
  std::ifstream in(file);
  std::string line;
  std::getline(in, line);
  return line;
}

std::string cpu_model() {
  std::ifstream in("/proc/cpuinfo");
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("model name", 0) == 0) {
      const auto colon = line.find(':');
      if (colon != std::string::npos) return line.substr(line.find_first_not_of(" \t", colon + 1));
    }
  }
  return "unknown";
}

}  // namespace

std::string instructions_backend() {
  perf_event_attr attr;
  std::memset(&attr, 0, sizeof attr);
  attr.size = sizeof attr;
  attr.type = PERF_TYPE_HARDWARE;
  attr.config = PERF_COUNT_HW_INSTRUCTIONS;
  attr.disabled = 1;
  attr.exclude_kernel = 1;
  attr.exclude_hv = 1;
  UniqueFd fd(static_cast<int>(::syscall(SYS_perf_event_open, &attr, 0, -1, -1, 0)));
  return fd ? "perf" : "valgrind";
}

nlohmann::json host_info() {
  utsname u{};
  ::uname(&u);
  nlohmann::json j;
  j["cpu_model"] = cpu_model();
  j["kernel"] = std::string(u.sysname) + " " + u.release;
  j["cores"] = std::thread::hardware_concurrency();
  j["counter_backend"] = instructions_backend();
  const std::string gov = first_line_of("/sys/devices/system/cpu/cpu0/cpufreq/scaling_governor");
  j["governor"] = gov.empty() ? nlohmann::json() : nlohmann::json(gov);
  j["aslr_host"] = first_line_of("/proc/sys/kernel/randomize_va_space");
  return j;
}

}  // namespace pj::harness
