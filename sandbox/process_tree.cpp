#include "sandbox/process_tree.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <linux/magic.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/vfs.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
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

// One shared mapping of a file, as /proc/PID/maps describes it.
struct Mapping {
  std::uint64_t start = 0, end = 0, inode = 0;
  unsigned major = 0, minor = 0;
  const char* name = "";
};

// PROCMAP_QUERY (Linux 6.11, include/uapi/linux/fs.h; Debian 12's headers predate it): the
// kernel finds the next shared mapping itself, without formatting every line of maps, which
// cost 60 us of CPU per small process and sample here, against 15 us with the query.
struct ProcmapQuery {
  std::uint64_t size, query_flags, query_addr;
  std::uint64_t vma_start, vma_end, vma_flags, vma_page_size, vma_offset, inode;
  std::uint32_t dev_major, dev_minor, vma_name_size, build_id_size;
  std::uint64_t vma_name_addr, build_id_addr;
};
constexpr unsigned long kProcmapQuery = _IOWR('f', 17, ProcmapQuery);
constexpr std::uint64_t kQueryShared = 0x08, kQueryCoveringOrNext = 0x10, kQueryFileBacked = 0x20;

bool unnamed(int maps, ProcmapQuery& q) {
  q.vma_name_size = 0;
  q.vma_name_addr = 0;
  return ::ioctl(maps, kProcmapQuery, &q) == 0;
}

// Calls `f` on each shared file mapping of the process open as `maps`; false if the kernel
// has no PROCMAP_QUERY (then maps is read as text).
template <class F>
bool query_shared_mappings(int maps, F&& f) {
  char name[256];
  for (std::uint64_t addr = 0;;) {
    ProcmapQuery q{};
    q.size = sizeof q;
    q.query_flags = kQueryShared | kQueryCoveringOrNext | kQueryFileBacked;
    q.query_addr = addr;
    q.vma_name_size = sizeof name;
    q.vma_name_addr = reinterpret_cast<std::uintptr_t>(name);
    // A name longer than the buffer (any path can be) must not end the walk early: the
    // mapping is asked for again without it, as only the unprivileged fallback uses names.
    if (::ioctl(maps, kProcmapQuery, &q) != 0 && (errno != ENAMETOOLONG || !unnamed(maps, q)))
      return errno != ENOTTY && errno != EINVAL;
    if (q.vma_name_size == 0) name[0] = '\0';
    f(Mapping{q.vma_start, q.vma_end, q.inode, q.dev_major, q.dev_minor, name});
    if (q.vma_end <= addr) return true;  // never loops, whatever the kernel answers
    addr = q.vma_end;
  }
}

// The same from the text of maps: "start-end perms offset major:minor inode name".
template <class F>
bool read_shared_mappings(int maps, F&& f) {
  std::string text;
  char buf[65536];
  for (ssize_t n; (n = ::read(maps, buf, sizeof buf)) != 0;) {
    if (n < 0) return false;
    text.append(buf, static_cast<std::size_t>(n));
  }
  for (std::size_t at = 0; at < text.size();) {
    const std::size_t nl = text.find('\n', at);
    const std::size_t next = nl == std::string::npos ? text.size() : nl + 1;
    const std::size_t perms = text.find(' ', at);
    if (perms != std::string::npos && perms + 4 < next && text[perms + 4] == 's') {
      const std::string line(text, at, next - at);
      std::uintmax_t start = 0, end = 0, offset = 0, inode = 0;
      Mapping m;
      int name_at = 0;
      char p[5] = {};
      if (std::sscanf(line.c_str(), "%jx-%jx %4s %jx %x:%x %ju %n", &start, &end, p, &offset,
                      &m.major, &m.minor, &inode, &name_at) >= 7 &&
          inode != 0) {
        m.start = start;
        m.end = end;
        m.inode = inode;
        m.name = line.c_str() + name_at;
        f(m);
      }
    }
    at = next;
  }
  return true;
}

// The shmem objects (tmpfs files) the tree maps shared, each counted once per sample.
//
// Resident memory misses a shared object's pages that no page table maps: fill a
// MAP_SHARED|MAP_ANONYMOUS region (or a MAP_SHARED mapping of /dev/zero), then MADV_DONTNEED
// it or unmap all of it but one page, and the object keeps every page while RSS drops to
// nothing. Such an object lives as long as one mapping of it does (memfd_create and SysV shm,
// which hold one without a mapping, are refused by seccomp), so the shared mappings of the
// live processes find every one of them.
//
// Objects on the run's scratch tmpfs (files in the workdir, /tmp and /dev/shm that are also
// mapped) are charged too: they are already bounded by the disk limit, but telling them apart
// would need the scratch's device here, and a mapped file is memory the program uses.
class SharedObjects {
 public:
  // Records the shared tmpfs mappings of `pid`; returns whether there was one.
  bool add_process(pid_t pid);
  std::uint64_t kib() const;

 private:
  struct Object {
    dev_t dev;
    ino_t ino;
    std::uint64_t bytes;
  };
  bool add_mapping(pid_t pid, const Mapping& m);
  bool on_tmpfs(const std::string& path, dev_t dev);
  void add(dev_t dev, ino_t ino, std::uint64_t bytes);

  std::vector<Object> objects_;
  std::vector<std::pair<dev_t, bool>> tmpfs_;  // st_dev -> is it a tmpfs, per sample
};

bool SharedObjects::add_process(pid_t pid) {
  UniqueFd maps(::open(("/proc/" + std::to_string(pid) + "/maps").c_str(), O_RDONLY | O_CLOEXEC));
  if (!maps) return false;
  bool found = false;
  auto on_mapping = [&](const Mapping& m) { found = add_mapping(pid, m) || found; };
  if (!query_shared_mappings(maps.get(), on_mapping)) read_shared_mappings(maps.get(), on_mapping);
  return found;
}

bool SharedObjects::add_mapping(pid_t pid, const Mapping& m) {
  char link[96];
  std::snprintf(link, sizeof link, "/proc/%d/map_files/%jx-%jx", static_cast<int>(pid),
                static_cast<std::uintmax_t>(m.start), static_cast<std::uintmax_t>(m.end));
  struct stat st {};
  if (::stat(link, &st) == 0) {
    if (!on_tmpfs(link, st.st_dev)) return false;
    add(st.st_dev, st.st_ino, static_cast<std::uint64_t>(st.st_blocks) * 512);
    return true;
  }
  if (errno != EPERM) return false;  // the mapping or the process went away meanwhile
  // map_files needs CAP_SYS_ADMIN (or CAP_CHECKPOINT_RESTORE) in the initial user namespace,
  // which only a root supervisor has. Without it, the objects that no path reaches (anonymous
  // shared memory, SysV, memfd: the kernel names them) are charged their mapped length: the
  // MADV_DONTNEED case is caught, an object unmapped down to one page is not. Files on the
  // scratch tmpfs stay bounded by the disk limit.
  static constexpr const char* kUnnamed[] = {"/dev/zero (deleted)", "/SYSV", "/memfd:"};
  if (std::none_of(std::begin(kUnnamed), std::end(kUnnamed),
                   [&](const char* p) { return std::strncmp(m.name, p, std::strlen(p)) == 0; }))
    return false;
  add(makedev(m.major, m.minor), static_cast<ino_t>(m.inode), m.end - m.start);
  return true;
}

bool SharedObjects::on_tmpfs(const std::string& path, dev_t dev) {
  for (const auto& [d, yes] : tmpfs_)
    if (d == dev) return yes;
  struct statfs fs {};
  // TMPFS_MAGIC also covers the kernel's internal shmem mount (anonymous shared memory).
  const bool yes = ::statfs(path.c_str(), &fs) == 0 && fs.f_type == TMPFS_MAGIC;
  tmpfs_.emplace_back(dev, yes);
  return yes;
}

void SharedObjects::add(dev_t dev, ino_t ino, std::uint64_t bytes) {
  for (auto& o : objects_)
    if (o.dev == dev && o.ino == ino) {
      o.bytes = std::max(o.bytes, bytes);
      return;
    }
  objects_.push_back({dev, ino, bytes});
}

std::uint64_t SharedObjects::kib() const {
  std::uint64_t bytes = 0;
  for (const auto& o : objects_) bytes += o.bytes;
  return bytes / 1024;
}

// RssShmem of /proc/PID/status: the shmem pages the process's page tables map.
std::uint64_t resident_shmem_kib(pid_t pid) {
  char buf[4096];
  if (read_small("/proc/" + std::to_string(pid) + "/status", buf, sizeof buf) <= 0) return 0;
  const char* p = std::strstr(buf, "\nRssShmem:");
  return p == nullptr ? 0 : std::strtoull(p + std::strlen("\nRssShmem:"), nullptr, 10);
}

struct Walk {
  TreeSample sample;
  SharedObjects objects;
  std::uint64_t resident_shmem_kib = 0;  // of the processes that map a shared object
};

void visit(pid_t pid, Walk& w, int depth) {
  StatFields f;
  if (!read_stat(pid, f)) return;
  static const long page_kib = ::sysconf(_SC_PAGESIZE) / 1024;
  TreeSample& s = w.sample;
  s.rss_kib += static_cast<std::uint64_t>(f.rss_pages) * static_cast<std::uint64_t>(page_kib);
  s.cpu_ns += ticks_to_ns(f.utime + f.stime + f.cutime + f.cstime);
  ++s.processes;
  if (w.objects.add_process(pid)) w.resident_shmem_kib += resident_shmem_kib(pid);
  if (depth > 64) return;  // a pathological chain; its members still count once found
  for (pid_t c : children_of(pid)) visit(c, w, depth + 1);
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

int count_processes(pid_t init) {
  int n = 0;
  const auto walk = [&n](const auto& self, pid_t pid, int depth) -> void {
    StatFields f;
    if (!read_stat(pid, f)) return;  // gone meanwhile, as visit() skips it
    ++n;
    if (depth > 64) return;  // as visit()
    for (pid_t c : children_of(pid)) self(self, c, depth + 1);
  };
  for (pid_t c : children_of(init)) walk(walk, c, 0);
  return n;
}

TreeSample sample_tree(pid_t init) {
  Walk w;
  StatFields f;
  if (read_stat(init, f)) w.sample.cpu_ns += ticks_to_ns(f.cutime + f.cstime);
  for (pid_t c : children_of(init)) visit(c, w, 0);
  // RSS already counts the resident pages of the shared objects (once per process mapping
  // them, as before); the objects add only what they hold beyond that. This charges
  // max(RssShmem, object sizes): never less than RSS alone, and a fully resident object is
  // not counted twice. The subtraction is per tree rather than per object (per-mapping RSS
  // would need smaps, a page-table walk of every mapping at each sample): resident shmem of
  // private mappings (a binary run from the workdir) offsets a hidden object by as much, which
  // is memory the run pays for anyway, on a file the disk limit bounds.
  const std::uint64_t objects = w.objects.kib();
  if (objects > w.resident_shmem_kib) w.sample.rss_kib += objects - w.resident_shmem_kib;
  return w.sample;
}

}  // namespace pj::sandbox
