#include "sandbox/counters_perf.hpp"

#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>
#include <cmath>
#include <cstring>
#include <map>
#include <mutex>
#include <sstream>

#include "core/error.hpp"
#include "sandbox/measurement.hpp"
#include "sandbox/pfm_helper.hpp"

namespace pj::sandbox {
namespace {

// pj-pfm's answer for one name: the user-level encoding, or libpfm4's reason why there is none.
std::variant<perf_event_attr, std::string> ask_encoding(const std::string& name) {
  const PfmAnswer a = ask_pj_pfm({"encode", name});
  std::string text = a.out;
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.pop_back();
  if (a.status == 3) return text;  // no encoding: libpfm4's reason, one line
  if (a.status != 0) fail_internal("pj-pfm encode " + name + ": " + text);
  if (a.out.size() != sizeof(perf_event_attr))
    fail_internal("pj-pfm encode " + name + ": " + std::to_string(a.out.size()) +
                  " bytes, not a perf_event_attr");
  perf_event_attr attr{};
  std::memcpy(&attr, a.out.data(), sizeof attr);
  attr.size = sizeof attr;
  attr.exclude_kernel = 1;
  attr.exclude_hv = 1;
  return attr;
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
  // An encoding depends only on the name and this CPU, so each is asked once per process:
  // the memo is the one state shared by the workers, and the mutex serialises it.
  static std::mutex mutex;
  static std::map<std::string, std::variant<perf_event_attr, std::string>> known;
  std::unique_lock lock(mutex);
  auto it = known.find(name);
  if (it == known.end()) it = known.emplace(name, ask_encoding(name)).first;
  return it->second;
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
  const PfmAnswer a = ask_pj_pfm({"list", std::to_string(sample_size)});
  if (a.status != 0) fail_internal("pj-pfm list: " + a.out);
  PmuEvents out;
  std::istringstream lines(a.out);
  for (std::string line; std::getline(lines, line);) {
    const auto space = line.find(' ');
    const std::string key = line.substr(0, space);
    const std::string value = space == std::string::npos ? "" : line.substr(space + 1);
    if (key == "count")
      out.count = static_cast<std::size_t>(std::stoull(value));
    else if (key == "pmu")
      out.pmus.push_back(value);
    else if (key == "event")
      out.sample.push_back(value);
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
