#include "sandbox/counters_valgrind.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <memory>
#include <string_view>

#include "core/fd.hpp"
#include "core/temp_dir.hpp"
#include "sandbox/measurement.hpp"

namespace pj::sandbox {

Limits valgrind_limits(const Limits& limits) {
  Limits l = limits;
  l.cpu_seconds = limits.cpu_seconds * kValgrindTimeFactor + kValgrindTimeExtraSeconds;
  l.wall_seconds =
      limits.effective_wall_seconds() * kValgrindTimeFactor + kValgrindTimeExtraSeconds;
  l.memory_mib = limits.memory_mib * 2 + kValgrindExtraMemoryMib;
  return l;
}

std::vector<std::string> valgrind_argv(const std::vector<std::string>& argv,
                                       const std::filesystem::path& out_dir) {
  std::vector<std::string> out = {kValgrind, "--tool=cachegrind", "--cache-sim=no",
                                  "--trace-children=yes", "--vgdb=no", "-q",
                                  // valgrind's own notes must not mix with the program's stderr
                                  "--log-file=" + (out_dir / "log.%p").string(),
                                  "--cachegrind-out-file=" + (out_dir / "cg.%p").string()};
  out.insert(out.end(), argv.begin(), argv.end());
  return out;
}

namespace {

// The cg.* files are written by the candidate's processes (cachegrind runs inside them), so
// the supervisor, as root, reads them as hostile input: nothing but a regular file is opened,
// nothing is read without a bound, and no number is trusted to fit.
constexpr std::size_t kMaxCachegrindFiles = 4096;
constexpr off_t kMaxCachegrindFileBytes = 64 << 20;
constexpr std::size_t kMaxCachegrindLineBytes = 64 << 10;

// cachegrind names its files cg.<pid>: anything else in the directory is not counted.
bool is_cachegrind_name(std::string_view name) {
  constexpr std::string_view prefix = "cg.";
  if (name.size() <= prefix.size() || name.size() > prefix.size() + 10) return false;
  if (name.substr(0, prefix.size()) != prefix) return false;
  return std::all_of(name.begin() + prefix.size(), name.end(),
                     [](char c) { return c >= '0' && c <= '9'; });
}

// The count of a `summary:` line: blanks, decimal digits, blanks, nothing else, no overflow.
std::optional<std::uint64_t> parse_summary(std::string_view rest) {
  std::size_t i = 0;
  while (i < rest.size() && rest[i] == ' ') ++i;
  std::uint64_t value = 0;
  const std::size_t first_digit = i;
  for (; i < rest.size() && rest[i] >= '0' && rest[i] <= '9'; ++i) {
    if (__builtin_mul_overflow(value, 10, &value) ||
        __builtin_add_overflow(value, static_cast<std::uint64_t>(rest[i] - '0'), &value)) {
      return std::nullopt;
    }
  }
  if (i == first_digit) return std::nullopt;
  while (i < rest.size() && (rest[i] == ' ' || rest[i] == '\r')) ++i;
  if (i != rest.size()) return std::nullopt;
  return value;
}

// Opens name beneath dir only if it is a regular file of one link and of bounded size: a FIFO
// must not block, a symlink or hard link must not reach a file the candidate cannot read, a
// device must not feed endless bytes.
UniqueFd open_regular(int dir, const std::string& name, std::string& why) {
  UniqueFd fd(::openat(dir, name.c_str(), O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC));
  if (!fd) {
    why = "valgrind: cannot open " + name + ": " + std::strerror(errno);
    return {};
  }
  struct stat st {};
  if (::fstat(fd.get(), &st) != 0 || !S_ISREG(st.st_mode) || st.st_nlink != 1) {
    why = "valgrind: " + name + " is not a regular file";
    return {};
  }
  if (st.st_size > kMaxCachegrindFileBytes) {
    why = "valgrind: " + name + " is larger than " + std::to_string(kMaxCachegrindFileBytes >> 20) +
          " MiB";
    return {};
  }
  return fd;
}

// The Ir of one cachegrind file, read in bounded chunks and lines.
std::optional<std::uint64_t> file_ir(int dir, const std::string& name, std::string& why) {
  UniqueFd fd = open_regular(dir, name, why);
  if (!fd) return std::nullopt;
  std::optional<std::uint64_t> summary;
  std::string line;
  char buf[1 << 16];
  off_t total = 0;
  auto end_line = [&]() -> bool {
    constexpr std::string_view key = "summary:";
    if (std::string_view(line).substr(0, key.size()) == key) {
      auto v = parse_summary(std::string_view(line).substr(key.size()));
      if (!v || summary) {
        why = "valgrind: malformed summary line in " + name;
        return false;
      }
      summary = v;
    }
    line.clear();
    return true;
  };
  for (;;) {
    const ssize_t n = ::read(fd.get(), buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      why = "valgrind: cannot read " + name + ": " + std::strerror(errno);
      return std::nullopt;
    }
    if (n == 0) break;
    total += n;
    if (total > kMaxCachegrindFileBytes) {  // it grew after fstat
      why = "valgrind: " + name + " grew past " + std::to_string(kMaxCachegrindFileBytes >> 20) +
            " MiB";
      return std::nullopt;
    }
    for (ssize_t i = 0; i < n; ++i) {
      if (buf[i] == '\n') {
        if (!end_line()) return std::nullopt;
      } else if (line.size() < kMaxCachegrindLineBytes) {
        line.push_back(buf[i]);
      } else {
        why = "valgrind: a line longer than " + std::to_string(kMaxCachegrindLineBytes) +
              " bytes in " + name;
        return std::nullopt;
      }
    }
  }
  if (!line.empty() && !end_line()) return std::nullopt;
  if (!summary) {
    why = "valgrind: no summary in " + name + " (the process was killed before it finished)";
  }
  return summary;
}

// The names of the cachegrind files in dir, sorted so a failure names the same file each time.
std::optional<std::vector<std::string>> cachegrind_names(int dir, std::string& why) {
  const int dup = ::fcntl(dir, F_DUPFD_CLOEXEC, 0);
  DIR* d = dup < 0 ? nullptr : ::fdopendir(dup);
  if (d == nullptr) {
    if (dup >= 0) ::close(dup);
    why = std::string("valgrind: cannot list the output directory: ") + std::strerror(errno);
    return std::nullopt;
  }
  std::unique_ptr<DIR, int (*)(DIR*)> owned(d, ::closedir);
  std::vector<std::string> names;
  while (const dirent* e = ::readdir(d)) {
    if (!is_cachegrind_name(e->d_name)) continue;
    if (names.size() == kMaxCachegrindFiles) {
      why = "valgrind: more than " + std::to_string(kMaxCachegrindFiles) + " cachegrind files";
      return std::nullopt;
    }
    names.emplace_back(e->d_name);
  }
  std::sort(names.begin(), names.end());
  return names;
}

}  // namespace

std::optional<std::uint64_t> sum_cachegrind_ir(const std::filesystem::path& out_dir,
                                               std::string& why) {
  UniqueFd dir(::open(out_dir.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
  if (!dir) {
    why = "valgrind: cannot open the output directory: " + std::string(std::strerror(errno));
    return std::nullopt;
  }
  const auto names = cachegrind_names(dir.get(), why);
  if (!names) return std::nullopt;
  if (names->empty()) {
    why = "valgrind: no cachegrind output (the program did not run under valgrind)";
    return std::nullopt;
  }
  std::uint64_t total = 0;
  for (const std::string& name : *names) {
    const auto ir = file_ir(dir.get(), name, why);
    if (!ir) return std::nullopt;
    if (__builtin_add_overflow(total, *ir, &total)) {
      why = "valgrind: the summed instruction count overflows 64 bits";
      return std::nullopt;
    }
  }
  return total;
}

namespace {

class ValgrindMeasurement final : public Measurement {
 public:
  ValgrindMeasurement(std::vector<std::string> names, const HostIds& ids)
      : names_(std::move(names)), ids_(ids) {}

  void wrap(std::vector<std::string>& argv, Limits& limits,
            std::vector<std::filesystem::path>& rw_binds) override {
    dir_.emplace("perfjudge-valgrind");
    give_to_sandbox_user(dir_->path(), ids_);
    rw_binds.push_back(dir_->path());
    argv = valgrind_argv(argv, dir_->path());
    limits = valgrind_limits(limits);
  }

  // Cachegrind counts inside the candidate's processes; there is nothing to attach to. The
  // time is kept so that the count says over how long it was taken, as perf's do.
  void attach(std::optional<pid_t>, const std::string&) override {
    started_ = std::chrono::steady_clock::now();
  }

  // Its counts exist only once a process exits.
  std::map<std::string, double> snapshot() const override { return {}; }

  void read(std::map<std::string, Counter>& out,
            std::map<std::string, std::string>& unavailable) override {
    for (const auto& name : names_) {
      if (name != "instructions") {
        unavailable[name] = "not measured under the valgrind backend";
        continue;
      }
      std::string why = "valgrind: the program never started";
      const auto ir = dir_ ? sum_cachegrind_ir(dir_->path(), why) : std::nullopt;
      if (ir)
        out[name] = Counter{static_cast<double>(*ir), "valgrind", counted_ns(), counted_ns()};
      else
        unavailable[name] = why;
    }
  }

 private:
  std::vector<std::string> names_;
  HostIds ids_;
  std::optional<TempDir> dir_;
  std::optional<std::chrono::steady_clock::time_point> started_;

  std::uint64_t counted_ns() const {
    if (!started_) return 0;
    return static_cast<std::uint64_t>(std::chrono::duration_cast<std::chrono::nanoseconds>(
                                          std::chrono::steady_clock::now() - *started_)
                                          .count());
  }
};

}  // namespace

std::unique_ptr<Measurement> valgrind_measurement(std::vector<std::string> names,
                                                  const HostIds& ids) {
  return std::make_unique<ValgrindMeasurement>(std::move(names), ids);
}

}  // namespace pj::sandbox
