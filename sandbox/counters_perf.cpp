#include "sandbox/counters_perf.hpp"

#include <perfmon/pfmlib_perf_event.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>
#include <cmath>
#include <cstring>
#include <mutex>

#include "core/error.hpp"
#include "sandbox/measurement.hpp"

namespace pj::sandbox {
namespace {

// libpfm4 keeps global tables; it is initialised once, and encodings are serialised because
// the library does not document itself as thread-safe.
std::mutex& pfm_mutex() {
  static std::mutex m;
  return m;
}

void ensure_pfm() {
  static const int rc = pfm_initialize();
  if (rc != PFM_SUCCESS) fail_internal(std::string("libpfm4: ") + pfm_strerror(rc));
}

long perf_event_open(perf_event_attr* attr, pid_t pid) {
  return ::syscall(SYS_perf_event_open, attr, pid, -1, -1, PERF_FLAG_FD_CLOEXEC);
}

std::string open_error(const perf_event_attr& attr, int err) {
  std::string why = std::string("perf_event_open: ") + strerrorname_np(err);
  if (err == ENOENT && (attr.type == PERF_TYPE_HARDWARE || attr.type == PERF_TYPE_RAW ||
                        attr.type == PERF_TYPE_HW_CACHE))
    return "no hardware PMU (" + why + ")";
  return why;
}

}  // namespace

std::variant<perf_event_attr, std::string> encode_event(const std::string& name) {
  std::lock_guard lock(pfm_mutex());
  ensure_pfm();
  perf_event_attr attr{};
  pfm_perf_encode_arg_t arg{};
  arg.attr = &attr;
  arg.size = sizeof arg;
  const int rc = pfm_get_os_event_encoding(name.c_str(), PFM_PLM3, PFM_OS_PERF_EVENT_EXT, &arg);
  if (rc != PFM_SUCCESS) return std::string("libpfm4: ") + pfm_strerror(rc);
  attr.size = sizeof attr;
  attr.exclude_kernel = 1;
  attr.exclude_hv = 1;
  return attr;
}

EventProbe probe_perf_event(const std::string& name) {
  auto enc = encode_event(name);
  auto* attr = std::get_if<perf_event_attr>(&enc);
  if (attr == nullptr) return {false, 0, std::get<std::string>(enc)};
  attr->disabled = 1;
  const long fd = perf_event_open(attr, 0);
  if (fd < 0) {
    const int err = errno;
    return {false, err, open_error(*attr, err)};
  }
  ::close(static_cast<int>(fd));
  return {true, 0, {}};
}

bool perf_event_available(const std::string& name) {
  return probe_perf_event(name).opened;
}

PmuEvents pmu_events(std::size_t sample_size) {
  std::lock_guard lock(pfm_mutex());
  ensure_pfm();
  PmuEvents out;
  int pmu = 0;
  pfm_for_all_pmus(pmu) {
    pfm_pmu_info_t info{};
    info.size = sizeof info;
    if (pfm_get_pmu_info(static_cast<pfm_pmu_t>(pmu), &info) != PFM_SUCCESS || !info.is_present)
      continue;
    const bool hardware = info.type == PFM_PMU_TYPE_CORE || info.type == PFM_PMU_TYPE_UNCORE;
    out.pmus.push_back(std::string(info.name) + (hardware ? "" : " (generic)"));
    out.count += static_cast<std::size_t>(info.nevents);
    // The sample: the CPU's own events first, since the generic ones exist everywhere.
    for (int e = info.first_event; e != -1 && hardware && out.sample.size() < sample_size;
         e = pfm_get_event_next(e)) {
      pfm_event_info_t ev{};
      ev.size = sizeof ev;
      if (pfm_get_event_info(e, PFM_OS_NONE, &ev) == PFM_SUCCESS)
        out.sample.push_back(std::string(info.name) + "::" + ev.name);
    }
  }
  return out;
}

void PerfCounters::open(pid_t pid, const std::vector<std::string>& names,
                        std::map<std::string, std::string>& unavailable) {
  for (const auto& name : names) {
    auto enc = encode_event(name);
    if (auto* why = std::get_if<std::string>(&enc)) {
      unavailable[name] = *why;
      continue;
    }
    perf_event_attr attr = std::get<perf_event_attr>(enc);
    attr.disabled = 1;
    attr.enable_on_exec = 1;
    attr.inherit = 1;
    attr.read_format = PERF_FORMAT_TOTAL_TIME_ENABLED | PERF_FORMAT_TOTAL_TIME_RUNNING;
    const long fd = perf_event_open(&attr, pid);
    if (fd < 0) {
      unavailable[name] = open_error(attr, errno);
      continue;
    }
    fds_.emplace_back(name, UniqueFd(static_cast<int>(fd)));
  }
}

void PerfCounters::read(std::map<std::string, Counter>& out,
                        std::map<std::string, std::string>& unavailable) const {
  for (const auto& [name, fd] : fds_) {
    std::uint64_t v[3] = {};
    if (::read(fd.get(), v, sizeof v) != static_cast<ssize_t>(sizeof v)) {
      unavailable[name] = std::string("read: ") + strerrorname_np(errno);
      continue;
    }
    Counter c;
    c.backend = "perf";
    c.time_enabled_ns = v[1];
    c.time_running_ns = v[2];
    if (v[2] == 0) {
      // Never scheduled: no measurement, which is not the same as zero.
      unavailable[name] = "counter never ran (multiplexed out or the program never started)";
      continue;
    }
    c.value = v[2] == v[1] ? static_cast<double>(v[0])
                           : std::round(static_cast<double>(v[0]) * static_cast<double>(v[1]) /
                                        static_cast<double>(v[2]));
    out[name] = c;
  }
}

namespace {

class PerfMeasurement final : public Measurement {
 public:
  explicit PerfMeasurement(std::vector<std::string> names) : names_(std::move(names)) {}

  void wrap(std::vector<std::string>&, Limits&, std::vector<std::filesystem::path>&) override {}

  void attach(std::optional<pid_t> candidate, const std::string& why) override {
    attached_ = true;
    if (!candidate) {
      for (const auto& n : names_) unavailable_[n] = why;
      return;
    }
    if (!names_.empty()) counters_.open(*candidate, names_, unavailable_);
  }

  std::map<std::string, double> snapshot() override { return counters_.snapshot(); }

  void read(std::map<std::string, Counter>& out,
            std::map<std::string, std::string>& unavailable) override {
    counters_.read(out, unavailable);
    unavailable.insert(unavailable_.begin(), unavailable_.end());
    for (const auto& n : names_)
      if (!attached_ && !out.count(n)) unavailable.emplace(n, "the program never started");
  }

 private:
  std::vector<std::string> names_;
  PerfCounters counters_;
  std::map<std::string, std::string> unavailable_;
  bool attached_ = false;
};

}  // namespace

std::unique_ptr<Measurement> perf_measurement(std::vector<std::string> names) {
  return std::make_unique<PerfMeasurement>(std::move(names));
}

std::map<std::string, double> PerfCounters::snapshot() const {
  std::map<std::string, Counter> read_now;
  std::map<std::string, std::string> unreadable;
  read(read_now, unreadable);
  std::map<std::string, double> out;
  for (const auto& [name, c] : read_now) out[name] = c.value;
  return out;
}

}  // namespace pj::sandbox
