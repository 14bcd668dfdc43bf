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

double valgrind_seconds(double seconds) {
  return seconds * kValgrindTimeFactor + kValgrindTimeExtraSeconds;
}

Limits valgrind_limits(const Limits& limits) {
  Limits l = limits;
  l.cpu_seconds = valgrind_seconds(limits.cpu_seconds);
  l.wall_seconds = valgrind_seconds(limits.effective_wall_seconds());
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

// Every name in dir but . and .., at most kMaxCachegrindFiles of them.
std::optional<std::vector<std::string>> entry_names(int dir, std::string& why) {
  const int dup = ::fcntl(dir, F_DUPFD_CLOEXEC, 0);
  DIR* d = dup < 0 ? nullptr : ::fdopendir(dup);
  if (d == nullptr) {
    if (dup >= 0) ::close(dup);
    why = std::string("valgrind: cannot list the output directory: ") + std::strerror(errno);
    return std::nullopt;
  }
  std::unique_ptr<DIR, int (*)(DIR*)> owned(d, ::closedir);
  ::rewinddir(d);  // the duplicate shares its position with dir, which an earlier listing moved
  std::vector<std::string> names;
  while (const dirent* e = ::readdir(d)) {
    const std::string_view name = e->d_name;
    if (name == "." || name == "..") continue;
    if (names.size() == kMaxCachegrindFiles) {
      why = "valgrind: more than " + std::to_string(kMaxCachegrindFiles) +
            " files in the output directory";
      return std::nullopt;
    }
    names.emplace_back(name);
  }
  std::sort(names.begin(), names.end());
  return names;
}

// The names of the cachegrind files in dir, sorted so a failure names the same file each time.
std::optional<std::vector<std::string>> cachegrind_names(int dir, std::string& why) {
  auto names = entry_names(dir, why);
  if (names) std::erase_if(*names, [](const std::string& n) { return !is_cachegrind_name(n); });
  return names;
}

// The cachegrind files in out_dir, each with its count; nullopt (and why) when one of them
// cannot be read or the directory cannot be listed.
std::optional<std::vector<std::pair<std::string, std::uint64_t>>> cachegrind_counts(
    int dir, std::string& why) {
  const auto names = cachegrind_names(dir, why);
  if (!names) return std::nullopt;
  std::vector<std::pair<std::string, std::uint64_t>> out;
  for (const std::string& name : *names) {
    const auto ir = file_ir(dir, name, why);
    if (!ir) return std::nullopt;
    out.emplace_back(name, *ir);
  }
  return out;
}

UniqueFd open_out_dir(const std::filesystem::path& out_dir, std::string& why) {
  UniqueFd dir(::open(out_dir.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
  if (!dir)
    why = "valgrind: cannot open the output directory: " + std::string(std::strerror(errno));
  return dir;
}

bool add_checked(std::uint64_t& total, std::uint64_t v, std::string& why) {
  if (!__builtin_add_overflow(total, v, &total)) return true;
  why = "valgrind: the summed instruction count overflows 64 bits";
  return false;
}

}  // namespace

std::optional<std::uint64_t> sum_cachegrind_ir(const std::filesystem::path& out_dir,
                                               std::string& why) {
  const UniqueFd dir = open_out_dir(out_dir, why);
  if (!dir) return std::nullopt;
  const auto counts = cachegrind_counts(dir.get(), why);
  if (!counts) return std::nullopt;
  if (counts->empty()) {
    why = "valgrind: no cachegrind output (the program did not run under valgrind)";
    return std::nullopt;
  }
  std::uint64_t total = 0;
  for (const auto& [name, ir] : *counts)
    if (!add_checked(total, ir, why)) return std::nullopt;
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

  bool counts_at_exit() const override { return true; }

  // Valgrind writes its temporary files (its emulation of /proc/self/cmdline and auxv) under
  // TMPDIR at start: /tmp is read-only in a call-channel run.
  std::vector<std::pair<std::string, std::string>> env() const override {
    if (!dir_) return {};
    return {{"TMPDIR", dir_->path().string()}};
  }
  double scaled_seconds(double seconds) const override { return valgrind_seconds(seconds); }

  // A count exists only once a process exits: the one file that appeared since the last
  // snapshot is that process's count (a call-channel program's marker, or its call's
  // process). Each file is read once and removed, so a later process given the same pid
  // (the namespace's pids wrap over a long session) cannot be mistaken for it; read() adds
  // what was removed. Several new files give nothing: which one a count belongs to is then
  // unknown, and the call's count is reported missing.
  std::map<std::string, double> snapshot() override {
    if (!dir_ || !wants_instructions() || !error_.empty()) return {};
    const UniqueFd dir = open_out_dir(dir_->path(), error_);
    if (!dir) return {};
    const auto counts = cachegrind_counts(dir.get(), error_);
    if (!counts) return {};
    for (const auto& [name, ir] : *counts) {
      if (!add_checked(removed_ir_, ir, error_)) return {};
      if (::unlinkat(dir.get(), name.c_str(), 0) != 0) {
        error_ = "valgrind: cannot remove " + name + ": " + std::strerror(errno);
        return {};
      }
      ++removed_files_;
    }
    if (!remove_the_rest(dir.get())) return {};
    if (counts->size() != 1) return {};
    return {{"instructions", static_cast<double>(counts->front().second)}};
  }

  void read(std::map<std::string, Counter>& out,
            std::map<std::string, std::string>& unavailable) override {
    for (const auto& name : names_) {
      if (name != "instructions") {
        unavailable[name] = "not measured under the valgrind backend";
        continue;
      }
      std::string why = error_;
      const auto ir = why.empty() ? total_ir(why) : std::nullopt;
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
  std::uint64_t removed_ir_ = 0;  // the files snapshot() read and removed
  std::size_t removed_files_ = 0;
  std::string error_;  // a snapshot that failed: the total is then unknown too

  // Whatever else is in the directory (valgrind's notes, a file a call wrote: the directory
  // is the one place a call-channel run may write) is removed too, so no call hands a later
  // one anything through it.
  bool remove_the_rest(int dir) {
    std::string why;
    const auto names = entry_names(dir, why);
    if (!names) {
      error_ = why;
      return false;
    }
    for (const std::string& name : *names) {
      // Only files: a directory there is not valgrind's, and is not walked as root.
      if (::unlinkat(dir, name.c_str(), 0) != 0) {
        error_ = "valgrind: cannot remove " + name +
                 " from the output directory: " + std::strerror(errno);
        return false;
      }
    }
    return true;
  }

  bool wants_instructions() const {
    return std::find(names_.begin(), names_.end(), "instructions") != names_.end();
  }

  // Every process's count: the files still there and those snapshots removed.
  std::optional<std::uint64_t> total_ir(std::string& why) const {
    why = "valgrind: the program never started";
    if (!dir_) return std::nullopt;
    std::uint64_t total = removed_ir_;
    if (removed_files_ == 0) return sum_cachegrind_ir(dir_->path(), why);
    const UniqueFd dir = open_out_dir(dir_->path(), why);
    if (!dir) return std::nullopt;
    const auto counts = cachegrind_counts(dir.get(), why);
    if (!counts) return std::nullopt;
    for (const auto& [name, ir] : *counts)
      if (!add_checked(total, ir, why)) return std::nullopt;
    return total;
  }

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
