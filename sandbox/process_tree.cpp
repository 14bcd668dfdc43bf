#include "sandbox/process_tree.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <unistd.h>

#include <cstdlib>
#include <cstring>
#include <string>

#include "core/fd.hpp"

namespace pj::sandbox {
namespace {

std::uint64_t ticks_to_ns(unsigned long long ticks) {
  static const long hz = ::sysconf(_SC_CLK_TCK);
  return static_cast<std::uint64_t>(ticks) * 1'000'000'000ULL / static_cast<std::uint64_t>(hz);
}

// Reads a small /proc file into buf; returns its length or -1 (process gone).
ssize_t read_small(const std::string& path, char* buf, std::size_t size) {
  UniqueFd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (!fd) return -1;
  const ssize_t n = ::read(fd.get(), buf, size - 1);
  if (n < 0) return -1;
  buf[n] = '\0';
  return n;
}

struct StatFields {
  unsigned long long utime = 0, stime = 0, cutime = 0, cstime = 0;
  long long rss_pages = 0;
};

bool read_stat(pid_t pid, StatFields& out) {
  char buf[1024];
  if (read_small("/proc/" + std::to_string(pid) + "/stat", buf, sizeof buf) <= 0) return false;
  // The command name may contain spaces and parentheses: fields start after the last ')'.
  const char* p = std::strrchr(buf, ')');
  if (p == nullptr) return false;
  p += 2;
  // Field 3 is the state; utime..cstime are fields 14..17, rss is 24.
  unsigned long long v[22] = {};
  int field = 3;
  for (char* end = nullptr; field <= 24 && *p; ++field) {
    if (field == 3) {
      p += 2;
      continue;
    }
    v[field - 3] = std::strtoull(p, &end, 10);
    if (end == p) return false;
    p = end;
  }
  out.utime = v[14 - 3];
  out.stime = v[15 - 3];
  out.cutime = v[16 - 3];
  out.cstime = v[17 - 3];
  out.rss_pages = static_cast<long long>(v[24 - 3]);
  return true;
}

void visit(pid_t pid, TreeSample& s, int depth) {
  StatFields f;
  if (!read_stat(pid, f)) return;
  static const long page_kib = ::sysconf(_SC_PAGESIZE) / 1024;
  s.rss_kib += static_cast<std::uint64_t>(f.rss_pages) * static_cast<std::uint64_t>(page_kib);
  s.cpu_ns += ticks_to_ns(f.utime + f.stime + f.cutime + f.cstime);
  ++s.processes;
  if (depth > 64) return;  // a pathological chain; its members still count once found
  for (pid_t c : children_of(pid)) visit(c, s, depth + 1);
}

}  // namespace

std::vector<pid_t> children_of(pid_t pid) {
  std::vector<pid_t> out;
  const std::string task_dir = "/proc/" + std::to_string(pid) + "/task";
  DIR* d = ::opendir(task_dir.c_str());
  if (d == nullptr) return out;
  char buf[4096];
  while (const dirent* e = ::readdir(d)) {
    if (e->d_name[0] == '.') continue;
    if (read_small(task_dir + "/" + e->d_name + "/children", buf, sizeof buf) <= 0) continue;
    for (char* p = buf; *p;) {
      char* end = nullptr;
      const long c = std::strtol(p, &end, 10);
      if (end == p) break;
      out.push_back(static_cast<pid_t>(c));
      p = end;
    }
  }
  ::closedir(d);
  return out;
}

TreeSample sample_tree(pid_t init) {
  TreeSample s;
  StatFields f;
  if (read_stat(init, f)) s.cpu_ns += ticks_to_ns(f.cutime + f.cstime);
  for (pid_t c : children_of(init)) visit(c, s, 0);
  return s;
}

}  // namespace pj::sandbox
