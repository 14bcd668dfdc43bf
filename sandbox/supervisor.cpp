// run(): prepares a launch, supervises it (output, limits, memory sampling) and turns what
// happened into a meta record.
#include <fcntl.h>
#include <linux/openat2.h>
#include <poll.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fmt/format.h>
#include <algorithm>
#include <array>
#include <chrono>
#include <cmath>
#include <cstring>
#include <memory>
#include <optional>
#include <vector>

#include "core/error.hpp"
#include "core/fd.hpp"
#include "core/temp_dir.hpp"
#include "core/text.hpp"
#include "sandbox/call_channel.hpp"
#include "sandbox/launcher.hpp"
#include "sandbox/measurement.hpp"
#include "sandbox/output_pump.hpp"
#include "sandbox/process_tree.hpp"
#include "sandbox/report.h"
#include "sandbox/sandbox.hpp"
#include "sandbox/seccomp_filter.hpp"
#include "sandbox/tree_clock.hpp"
#include "sandbox/verdict_rules.hpp"
#include "sandbox/workdir_fs.hpp"

#ifndef PJ_SANDBOX_INIT_PATH
#error "PJ_SANDBOX_INIT_PATH must name the pj-sandbox-init executable"
#endif

namespace pj::sandbox {
namespace {

using Clock = std::chrono::steady_clock;
constexpr const char* kFixedPath = "PATH=/usr/local/bin:/usr/bin:/bin";
constexpr auto kSetupTimeout = std::chrono::seconds(20);
constexpr auto kFirstSample = std::chrono::microseconds(1000);
constexpr auto kMaxSample = std::chrono::microseconds(10000);

std::uint64_t ns_between(Clock::time_point a, Clock::time_point b) {
  return static_cast<std::uint64_t>(std::max<std::int64_t>(
      0, std::chrono::duration_cast<std::chrono::nanoseconds>(b - a).count()));
}

std::uint64_t tv_ns(const timeval& tv) {
  return static_cast<std::uint64_t>(tv.tv_sec) * 1'000'000'000ULL +
         static_cast<std::uint64_t>(tv.tv_usec) * 1000ULL;
}

// NUL-terminated argv/envp arrays that stay valid while the object lives.
class CStrings {
 public:
  explicit CStrings(std::vector<std::string> v) : storage_(std::move(v)) {
    for (auto& s : storage_) ptrs_.push_back(s.data());
    ptrs_.push_back(nullptr);
  }
  char* const* data() const { return ptrs_.data(); }

 private:
  std::vector<std::string> storage_;
  std::vector<char*> ptrs_;
};

void validate(const Config& cfg) {
  if (cfg.argv.empty() || cfg.argv[0].empty()) fail_usage("sandbox: no command to run");
  const Limits& l = cfg.limits;
  if (!(l.cpu_seconds > 0) || !std::isfinite(l.cpu_seconds))
    fail_usage("sandbox: the time limit must be a positive number of seconds");
  if (l.wall_seconds && (!(*l.wall_seconds > 0) || !std::isfinite(*l.wall_seconds)))
    fail_usage("sandbox: the wall limit must be a positive number of seconds");
  if (l.memory_mib == 0) fail_usage("sandbox: the memory limit must be at least 1 MiB");
  if (l.output_mib == 0) fail_usage("sandbox: the output limit must be at least 1 MiB");
  if (l.disk_mib == 0) fail_usage("sandbox: the disk limit must be at least 1 MiB");
  if (l.processes < 1) fail_usage("sandbox: the process limit must be at least 1");
  if (l.open_files < 4) fail_usage("sandbox: the open-files limit must be at least 4");
  for (const auto& [k, v] : cfg.env) {
    if (k.empty() || k.find_first_of("=\0", 0, 2) != std::string::npos ||
        v.find('\0') != std::string::npos)
      fail_usage("sandbox: invalid environment variable name '" + printable(k) + "'");
  }
  for (const auto& a : cfg.argv)
    if (a.find('\0') != std::string::npos) fail_usage("sandbox: an argument contains a NUL byte");
  if (cfg.pin_cpu && (*cfg.pin_cpu < 0 || *cfg.pin_cpu >= CPU_SETSIZE))
    fail_usage("sandbox: invalid CPU to pin to: " + std::to_string(*cfg.pin_cpu));
  if (cfg.calls) {
    const CallPlan& p = *cfg.calls;
    for (const std::size_t i : p.order)
      if (i >= p.requests.size()) fail_usage("sandbox: a call's request index is out of range");
    if (!p.call_cpu_limits.empty() && p.call_cpu_limits.size() != p.calls())
      fail_usage("sandbox: the per-call CPU limits do not match the calls");
  }
}

// `p` relative to `dir` when it names something below it (lexically: a symlink planted below
// `dir` must not be resolved first), else nullopt.
std::optional<std::filesystem::path> below(const std::filesystem::path& p,
                                           const std::filesystem::path& dir) {
  const auto rel = std::filesystem::absolute(p).lexically_normal().lexically_relative(dir);
  if (rel.empty() || *rel.begin() == "..") return std::nullopt;
  return rel;
}

// Opens a --stdin/--stdout/--stderr file. A file below the workdir may have been planted by an
// earlier run's candidate, and perfjudge may run as root: it is opened beneath the workdir with
// no symlink followed, must be a regular file, and is never a hard link to something else.
UniqueFd open_checked(const std::filesystem::path& p, int flags, const char* what,
                      const std::filesystem::path& workdir) {
  const auto fail = [&](const std::string& why) -> UniqueFd {
    fail_usage(fmt::format("sandbox: cannot open {} {}: {}", what, p.string(), why));
  };
  std::optional<std::filesystem::path> rel;
  if (!workdir.empty()) rel = below(p, workdir);
  if (!rel) {
    UniqueFd fd(::open(p.c_str(), flags | O_CLOEXEC, 0644));
    return fd ? std::move(fd) : fail(std::strerror(errno));
  }
  UniqueFd dir(::open(workdir.c_str(), O_PATH | O_DIRECTORY | O_CLOEXEC));
  if (!dir) return fail(std::strerror(errno));
  open_how how{};
  how.flags = static_cast<std::uint64_t>(flags | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK);
  how.mode = (flags & O_CREAT) ? 0644 : 0;
  how.resolve = RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS | RESOLVE_NO_MAGICLINKS;
  UniqueFd fd(static_cast<int>(::syscall(SYS_openat2, dir.get(), rel->c_str(), &how, sizeof how)));
  if (!fd) {
    return fail(errno == ELOOP || errno == EXDEV
                    ? "a symbolic link below the workdir (left by an earlier run?)"
                    : std::strerror(errno));
  }
  struct stat st {};
  if (::fstat(fd.get(), &st) != 0 || !S_ISREG(st.st_mode))
    return fail("not a regular file below the workdir");
  if (st.st_nlink > 1) return fail("a hard link below the workdir");
  // O_NONBLOCK only guarded the open against a FIFO; the file itself is read normally.
  ::fcntl(fd.get(), F_SETFL, ::fcntl(fd.get(), F_GETFL) & ~O_NONBLOCK);
  return fd;
}

// One shared page the launched child writes its current setup step to. A fork keeps
// MAP_SHARED mappings shared; the init helper's exec drops it, so the candidate never has it.
class SharedStep {
 public:
  SharedStep() {
    void* m =
        ::mmap(nullptr, sizeof(int), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    if (m == MAP_FAILED) fail_internal(std::string("mmap: ") + std::strerror(errno));
    step_ = static_cast<int*>(m);
    *step_ = kStepClone;
  }
  SharedStep(const SharedStep&) = delete;
  SharedStep& operator=(const SharedStep&) = delete;
  ~SharedStep() { ::munmap(step_, sizeof(int)); }
  int* get() const { return step_; }
  int load() const { return __atomic_load_n(step_, __ATOMIC_ACQUIRE); }
  void store(int v) const { __atomic_store_n(step_, v, __ATOMIC_RELEASE); }

 private:
  int* step_ = nullptr;
};

std::pair<UniqueFd, UniqueFd> make_pipe() {
  int p[2];
  if (::pipe2(p, O_CLOEXEC) != 0) fail_internal(std::string("pipe2: ") + std::strerror(errno));
  return {UniqueFd(p[0]), UniqueFd(p[1])};
}

// Turns the periodic samples into a curve over [0, wall]: samples taken after the end (while
// the supervisor drained the exit) are dropped, the first measurement is held back to 0 and the
// last one to the end. A run that ended before the first sample holds its peak throughout.
void close_memory_curve(std::vector<MemorySample>& s, double wall_s,
                        std::uint64_t peak_kib_if_unsampled) {
  std::erase_if(s, [&](const MemorySample& m) { return m.t_s > wall_s; });
  const std::uint64_t first = s.empty() ? peak_kib_if_unsampled : s.front().rss_kib;
  const std::uint64_t last = s.empty() ? peak_kib_if_unsampled : s.back().rss_kib;
  if (s.empty() || s.front().t_s > 0) s.insert(s.begin(), {0.0, first});
  if (s.back().t_s < wall_s) s.push_back({wall_s, last});
}

class Supervisor {
 public:
  explicit Supervisor(const Config& cfg) : cfg_(cfg), limits_(cfg.limits) {}
  Supervisor(const Supervisor&) = delete;
  Supervisor& operator=(const Supervisor&) = delete;
  ~Supervisor() {
    // Only reached with a live child when the supervisor itself failed mid-run.
    if (child_.pid > 0 && !reaped_) {
      ::syscall(SYS_pidfd_send_signal, child_.pidfd.get(), SIGKILL, nullptr, 0);
      ::waitpid(child_.pid, nullptr, 0);
    }
  }

  Result run() {
    prepare();
    launch_and_watch();
    return finish();
  }

 private:
  void prepare();
  void launch_and_watch();
  void on_report(const pj_report& r);
  void breach(std::string what);
  void on_forked();
  void on_setup_timeout();
  void on_calls();
  Snapshot snapshot() const;
  std::uint64_t tree_cpu_ns(std::uint64_t fallback) const;
  void sample(Clock::time_point now);
  void kill(Outcome::Kill reason);
  void drain_after_exit();
  void finish_scratch();
  Result finish();

  const Config& cfg_;
  Limits limits_;
  HostIds ids_ = sandbox_host_ids();
  std::optional<TempDir> own_workdir_;
  std::filesystem::path workdir_;
  std::unique_ptr<Measurement> measurement_;
  TreeClock tree_clock_;
  Result result_;
  Outcome outcome_;

  std::vector<MountOp> mounts_;
  std::vector<int> bind_fds_;
  std::unique_ptr<CStrings> init_argv_, envp_;
  UniqueFd stdin_fd_, report_r_, report_w_, go_r_, go_w_, out_w_, err_w_;
  std::optional<OutputPump> out_, err_;
  std::optional<Scratch> scratch_;  // the workdir's and /tmp's size-limited tmpfs
  std::optional<CallChannel> calls_;
  UniqueFd calls_child_;  // the program's end, until the launch

  Launched child_;
  SharedStep step_;
  std::uint64_t clone_ns_ = 0, id_maps_ns_ = 0;
  // The report protocol (report.h): FORKED, at most one EXEC_FAILED, DONE.
  bool forked_seen_ = false, exec_failed_seen_ = false;
  Clock::time_point t_launch_, t_start_, t_end_, next_sample_;
  std::chrono::microseconds interval_ = kFirstSample;
  bool started_ = false, exited_ = false, reaped_ = false;
  std::optional<pj_report> done_;
};

void Supervisor::prepare() {
  validate(cfg_);
  if (cfg_.workdir.empty()) {
    own_workdir_.emplace("perfjudge-sandbox");
    workdir_ = own_workdir_->path();
    give_to_sandbox_user(workdir_, ids_);
  } else {
    std::error_code ec;
    workdir_ = std::filesystem::canonical(cfg_.workdir, ec);
    if (ec || !std::filesystem::is_directory(workdir_))
      fail_usage("sandbox: --workdir " + cfg_.workdir.string() + " is not a directory");
    give_to_sandbox_user(workdir_, ids_);
  }

  std::vector<std::string> argv = cfg_.argv;
  std::vector<std::filesystem::path> rw_binds;
  measurement_ = make_measurement(cfg_, ids_);
  measurement_->wrap(argv, limits_, rw_binds);

  mounts_ = mount_plan({workdir_, cfg_.bind_ro, cfg_.bind_ro_at, rw_binds, !cfg_.workdir.empty(),
                        cfg_.read_only_scratch});
  scratch_.emplace(limits_.disk_mib);
  bind_fds_.assign(mounts_.size(), -1);
  std::vector<std::string> init_argv = {"pj-sandbox-init"};
  init_argv.insert(init_argv.end(), argv.begin(), argv.end());
  init_argv_ = std::make_unique<CStrings>(std::move(init_argv));
  std::vector<std::string> env = {kFixedPath};
  for (const auto& [k, v] : cfg_.env) env.push_back(k + "=" + v);
  for (const auto& [k, v] : measurement_->env()) env.push_back(k + "=" + v);
  if (cfg_.calls && measurement_->counts_at_exit()) env.push_back(kCountAtExitEnv);
  envp_ = std::make_unique<CStrings>(std::move(env));

  stdin_fd_ = cfg_.stdin_path.empty()
                  ? open_checked("/dev/null", O_RDONLY, "stdin", {})
                  : open_checked(cfg_.stdin_path, O_RDONLY, "--stdin", workdir_);
  UniqueFd out_file, err_file;
  if (!cfg_.stdout_path.empty())
    out_file = open_checked(cfg_.stdout_path, O_WRONLY | O_CREAT | O_TRUNC, "--stdout", workdir_);
  if (!cfg_.stderr_path.empty())
    err_file = open_checked(cfg_.stderr_path, O_WRONLY | O_CREAT | O_TRUNC, "--stderr", workdir_);
  const std::uint64_t cap = limits_.output_mib << 20;
  auto [out_r, out_w] = make_pipe();
  auto [err_r, err_w] = make_pipe();
  out_.emplace(std::move(out_r), std::move(out_file), cap);
  err_.emplace(std::move(err_r), std::move(err_file), cap);
  out_w_ = std::move(out_w);
  err_w_ = std::move(err_w);
  if (cfg_.calls) {
    int sv[2];
    if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) != 0)
      fail_internal(std::string("socketpair: ") + std::strerror(errno));
    calls_.emplace(*cfg_.calls, UniqueFd(sv[0]), limits_.output_mib << 20,
                   measurement_->counts_at_exit());
    calls_child_.reset(sv[1]);
  }
  std::tie(report_r_, report_w_) = make_pipe();
  std::tie(go_r_, go_w_) = make_pipe();
  if (::access(PJ_SANDBOX_INIT_PATH, X_OK) != 0)
    fail_internal(std::string("sandbox init helper missing: ") + PJ_SANDBOX_INIT_PATH);
}

void Supervisor::launch_and_watch() {
  ChildPlan plan;
  plan.mounts = &mounts_;
  plan.bind_fds = bind_fds_.data();
  plan.rlimits = rlimit_plan(limits_);
  plan.seccomp = &seccomp_program();
  plan.disable_aslr = cfg_.disable_aslr;
  plan.pin_cpu = cfg_.pin_cpu.value_or(-1);
  plan.workdir = workdir_.c_str();
  plan.init_path = PJ_SANDBOX_INIT_PATH;
  plan.init_argv = init_argv_->data();
  plan.envp = envp_->data();
  plan.stdin_fd = stdin_fd_.get();
  plan.stdout_fd = out_w_.get();
  plan.stderr_fd = err_w_.get();
  plan.report_fd = report_w_.get();
  plan.go_fd = go_r_.get();
  plan.calls_fd = calls_child_ ? calls_child_.get() : -1;
  plan.drop_groups = ids_.caller_is_root;
  plan.progress = step_.get();
  plan.scratch_options = scratch_->tmpfs_options();
  plan.scratch_sock = scratch_->child_end();

  t_launch_ = Clock::now();
  child_ = launch(plan);
  const auto t_cloned = Clock::now();
  clone_ns_ = ns_between(t_launch_, t_cloned);
  // Only the child may hold these now; our copies would keep the pipes from reaching EOF.
  for (UniqueFd* fd : {&stdin_fd_, &out_w_, &err_w_, &report_w_, &go_r_, &calls_child_})
    fd->reset();
  scratch_->close_child_end();

  const std::string err = write_id_maps(child_.pid, ids_);
  id_maps_ns_ = ns_between(t_cloned, Clock::now());
  if (!err.empty()) {
    outcome_.internal_error = "cannot write the sandbox's uid map: " + err;
    kill(Outcome::Kill::None);
  } else {
    const char m = 'M';
    [[maybe_unused]] auto n = ::write(go_w_.get(), &m, 1);
  }

  std::array<char, 65536> buffer;
  while (!exited_) {
    const auto now = Clock::now();
    if (started_ && now >= next_sample_) sample(now);
    Clock::time_point deadline =
        started_ ? std::min(next_sample_, t_start_ + std::chrono::duration_cast<Clock::duration>(
                                                         std::chrono::duration<double>(
                                                             limits_.effective_wall_seconds())))
                 : t_launch_ + kSetupTimeout;
    if (started_ && !outcome_.kill &&
        Clock::now() >=
            t_start_ + std::chrono::duration_cast<Clock::duration>(
                           std::chrono::duration<double>(limits_.effective_wall_seconds()))) {
      kill(Outcome::Kill::Wall);
    }
    if (!started_ && now >= t_launch_ + kSetupTimeout && !outcome_.kill) on_setup_timeout();
    const int timeout_ms = static_cast<int>(std::clamp<std::int64_t>(
        std::chrono::duration_cast<std::chrono::microseconds>(deadline - Clock::now()).count() /
                1000 +
            1,
        0, 1000));
    const bool calls_open = calls_ && calls_->open();
    pollfd fds[5] = {
        {child_.pidfd.get(), POLLIN, 0},
        {report_r_.get(), POLLIN, 0},
        {out_->open() ? out_->fd() : -1, POLLIN, 0},
        {err_->open() ? err_->fd() : -1, POLLIN, 0},
        {calls_open ? calls_->fd() : -1,
         static_cast<short>(POLLIN | (calls_open && calls_->wants_write() ? POLLOUT : 0)), 0}};
    const int rc = ::poll(fds, 5, timeout_ms);
    if (rc < 0 && errno != EINTR) fail_internal(std::string("poll: ") + std::strerror(errno));
    if (rc <= 0) continue;
    if (fds[1].revents) {
      pj_report r{};
      const ssize_t n = ::read(report_r_.get(), &r, sizeof r);
      if (n == static_cast<ssize_t>(sizeof r))
        on_report(r);
      else if (n == 0)
        report_r_.reset();
    }
    for (int i : {2, 3}) {
      if (!fds[i].revents) continue;
      OutputPump& p = i == 2 ? *out_ : *err_;
      if (!p.pump(buffer)) outcome_.internal_error = "cannot write the captured output";
      if (p.over_cap() && !outcome_.kill) {
        outcome_.output_stream = i == 2 ? "stdout" : "stderr";
        kill(Outcome::Kill::Output);
      }
    }
    if (fds[4].revents & POLLOUT) calls_->on_writable();
    if (fds[4].revents & (POLLIN | POLLHUP | POLLERR)) on_calls();
    if (fds[0].revents) exited_ = true;
  }
  t_end_ = done_ ? t_end_ : Clock::now();
  drain_after_exit();
}

// Each report is accepted once and in order (report.h). Only the launcher and the
// non-dumpable init write the pipe, so a report out of order means the candidate reached it:
// nothing the run reported can be trusted.
void Supervisor::on_report(const pj_report& r) {
  switch (r.kind) {
    case PJ_REPORT_SETUP_FAILED:
      if (forked_seen_) return breach("a setup failure reported after the candidate started");
      outcome_.internal_error = fmt::format("sandbox setup failed while {}: {}",
                                            describe_step(r.step, mounts_), std::strerror(r.err));
      break;
    case PJ_REPORT_EXEC_FAILED:
      if (!forked_seen_ || exec_failed_seen_ || done_)
        return breach("an exec failure reported out of order");
      exec_failed_seen_ = true;
      outcome_.internal_error =
          fmt::format("cannot execute '{}': {}", printable(cfg_.argv[0]), std::strerror(r.err));
      break;
    case PJ_REPORT_FORKED:
      if (forked_seen_) return breach("a second fork report");
      forked_seen_ = true;
      on_forked();
      break;
    case PJ_REPORT_DONE:
      if (!forked_seen_ || done_) return breach("an end report out of order");
      done_ = r;
      t_end_ = Clock::now();
      break;
    default:
      return breach(fmt::format("an unknown report kind {}", r.kind));
  }
}

void Supervisor::breach(std::string what) {
  if (outcome_.breach.empty()) outcome_.breach = "the sandbox's report channel was forged: " + what;
  kill(Outcome::Kill::None);
}

void Supervisor::on_setup_timeout() {
  // Called only before the fork report; the init helper's exec succeeded when the child's
  // last published step is the exec itself (the page is gone with the exec).
  const int step = step_.load();
  outcome_.internal_error = fmt::format(
      "the sandbox did not start within {} s: stalled while {} (clone took {:.1f} ms, the uid "
      "map {:.1f} ms)",
      kSetupTimeout.count(),
      describe_step(step == kStepExecInit ? kStepInitStarted : step, mounts_),
      static_cast<double>(clone_ns_) / 1e6, static_cast<double>(id_maps_ns_) / 1e6);
  kill(Outcome::Kill::None);
}

// The tree's CPU time: the task-clock where it could be opened (it also sees descendants
// that were never waited for), never less than what rusage or /proc sampling saw.
std::uint64_t Supervisor::tree_cpu_ns(std::uint64_t fallback) const {
  return std::max(fallback, tree_clock_.read_ns().value_or(0));
}

void Supervisor::on_forked() {
  const auto kids = children_of(child_.pid);
  if (kids.size() == 1) {
    // Without it the run is still measured, by rusage and sampling, as before the clock.
    (void)tree_clock_.open(kids[0]);
    measurement_->attach(kids[0], {});
  } else {
    measurement_->attach(std::nullopt, "could not find the candidate process to count");
  }
  // The clock starts before the release: on a loaded machine this thread may be descheduled
  // right after the write while the candidate runs to completion.
  // Without memory-time, sample only as often as the limits need.
  if (!cfg_.sample_memory) interval_ = kMaxSample;
  started_ = true;
  t_start_ = Clock::now();
  next_sample_ = t_start_ + interval_;
  const char g = 'G';
  [[maybe_unused]] auto n = ::write(go_w_.get(), &g, 1);
  go_w_.reset();
}

Snapshot Supervisor::snapshot() const {
  return Snapshot{tree_clock_.read_ns(), Clock::now(), measurement_->snapshot()};
}

void Supervisor::on_calls() {
  calls_->on_readable([this] { return snapshot(); },
                      [this] { return count_processes(child_.pid); });
  if (!calls_->breach().empty() && outcome_.call_breach.empty()) {
    outcome_.call_breach = calls_->breach();
    kill(Outcome::Kill::None);
  } else if (calls_->over_cap() && !outcome_.kill) {
    outcome_.output_stream = "the call channel";
    kill(Outcome::Kill::Output);
  }
}

void Supervisor::sample(Clock::time_point now) {
  const TreeSample s = sample_tree(child_.pid);
  if (cfg_.sample_memory)
    result_.memory_samples.push_back(
        {std::chrono::duration<double>(now - t_start_).count(), s.rss_kib});
  outcome_.peak_rss_kib = std::max(outcome_.peak_rss_kib, s.rss_kib);
  const std::uint64_t cpu_ns = tree_cpu_ns(s.cpu_ns);
  outcome_.sampled_cpu_ns = std::max(outcome_.sampled_cpu_ns, cpu_ns);
  interval_ = std::min(kMaxSample, interval_ + interval_ / 4);
  next_sample_ = now + interval_;
  if (scratch_->full()) outcome_.disk_full = true;
  if (outcome_.kill) return;
  const auto call_start = calls_ ? calls_->call_start_cpu_ns() : std::nullopt;
  const std::size_t call = calls_ ? calls_->calls_begun() - 1 : 0;
  const double call_limit =
      call_start ? measurement_->scaled_seconds(cfg_.calls->call_limit(call)) : 0;
  // A call's wall limit is derived from its CPU limit as a run's is (Limits): a call that
  // sleeps or blocks would otherwise hold its session until the session's own wall limit, the
  // sum over all its calls.
  const double call_wall_limit = 3 * call_limit + 1;
  if (static_cast<double>(cpu_ns) > limits_.cpu_seconds * 1e9) {
    kill(Outcome::Kill::Cpu);
  } else if (call_start &&
             static_cast<double>(cpu_ns - std::min(cpu_ns, *call_start)) > call_limit * 1e9) {
    outcome_.cpu_message =
        fmt::format("call {} used more CPU time than its limit of {} s", call, call_limit);
    kill(Outcome::Kill::Cpu);
  } else if (call_start &&
             now - *calls_->call_start_time() > std::chrono::duration<double>(call_wall_limit)) {
    outcome_.wall_message =
        fmt::format("call {} took more wall time than its limit of {} s", call, call_wall_limit);
    kill(Outcome::Kill::Wall);
  } else if (s.rss_kib > limits_.memory_mib * 1024)
    kill(Outcome::Kill::Memory);
}

void Supervisor::kill(Outcome::Kill reason) {
  if (!outcome_.kill) outcome_.kill = reason;
  // pidfd: never signals a recycled pid. Killing pid 1 of the namespace kills every
  // process in it, including double-forked and setsid ones.
  ::syscall(SYS_pidfd_send_signal, child_.pidfd.get(), SIGKILL, nullptr, 0);
}

void Supervisor::drain_after_exit() {
  int status = 0;
  rusage ru{};
  ::wait4(child_.pid, &status, 0, &ru);
  reaped_ = true;
  outcome_.init_cpu_ns = tv_ns(ru.ru_utime) + tv_ns(ru.ru_stime);
  // Every process of the run is gone, so the pipes end soon; a sibling run being cloned at
  // this instant may briefly hold a copy of a write end, hence a bounded wait.
  std::array<char, 65536> buffer;
  const auto give_up = Clock::now() + std::chrono::seconds(2);
  while ((out_->open() || err_->open() || report_r_) && Clock::now() < give_up) {
    pollfd fds[3] = {{report_r_ ? report_r_.get() : -1, POLLIN, 0},
                     {out_->open() ? out_->fd() : -1, POLLIN, 0},
                     {err_->open() ? err_->fd() : -1, POLLIN, 0}};
    if (::poll(fds, 3, 100) <= 0) continue;
    if (fds[0].revents) {
      pj_report r{};
      const ssize_t n = ::read(report_r_.get(), &r, sizeof r);
      if (n == static_cast<ssize_t>(sizeof r))
        on_report(r);
      else
        report_r_.reset();
    }
    if (fds[1].revents) out_->pump(buffer);
    if (fds[2].revents) err_->pump(buffer);
  }
  if (!done_ && !outcome_.kill && outcome_.internal_error.empty())
    outcome_.internal_error =
        fmt::format("the sandbox's init ended unexpectedly (status {:#x})", status);
}

// Every process of the run is gone: whether it reached the disk limit, and for a caller's
// workdir, what it created or changed there copied back.
void Supervisor::finish_scratch() {
  if (!started_) return;
  if (scratch_->full()) outcome_.disk_full = true;
  if (cfg_.workdir.empty()) return;
  const auto copied = scratch_->copy_back(workdir_, ids_.caller_is_root, ids_.uid, ids_.gid);
  if (copied.over_limit)
    outcome_.copy_back_error = copied.error;
  else if (!copied.error.empty() && outcome_.internal_error.empty())
    outcome_.internal_error = copied.error;
}

Result Supervisor::finish() {
  finish_scratch();
  Result& r = result_;
  r.wall_ns = started_ ? ns_between(t_start_, t_end_) : 0;
  r.stdout_bytes = out_->bytes();
  r.stderr_bytes = err_->bytes();
  if (started_ && cfg_.sample_memory)
    close_memory_curve(r.memory_samples, static_cast<double>(r.wall_ns) / 1e9,
                       done_ ? static_cast<std::uint64_t>(done_->maxrss_kib) : 0);
  if (done_) {
    r.cpu_user_ns = static_cast<std::uint64_t>(done_->utime_ns);
    r.cpu_sys_ns = static_cast<std::uint64_t>(done_->stime_ns);
    r.max_rss_kib = std::max<std::uint64_t>(outcome_.peak_rss_kib,
                                            static_cast<std::uint64_t>(done_->maxrss_kib));
    if (WIFEXITED(done_->status)) r.exit_code = WEXITSTATUS(done_->status);
    if (WIFSIGNALED(done_->status)) r.signal = WTERMSIG(done_->status);
  } else {
    // Killed before init could report: the kernel's account of init's whole namespace
    // (includes the sandbox's own setup, about a millisecond).
    r.cpu_user_ns = outcome_.init_cpu_ns;
    r.cpu_sys_ns = 0;
    r.max_rss_kib = outcome_.peak_rss_kib;
    if (outcome_.kill) r.signal = SIGKILL;
  }
  r.cpu_user_ns = std::max(r.cpu_user_ns, done_ ? 0 : outcome_.sampled_cpu_ns);
  // CPU that no rusage saw (auto-reaped descendants) is user time as far as the split goes.
  if (const auto tree = tree_clock_.read_ns(); tree && *tree > r.cpu_user_ns + r.cpu_sys_ns)
    r.cpu_user_ns = *tree - r.cpu_sys_ns;
  r.killed_by_sandbox = outcome_.kill.has_value();
  outcome_.cpu_ns = r.cpu_user_ns + r.cpu_sys_ns;
  outcome_.max_rss_kib = r.max_rss_kib;
  outcome_.exit_code = r.exit_code;
  outcome_.signal = r.signal;
  outcome_.stdout_bytes = r.stdout_bytes;
  outcome_.stderr_bytes = r.stderr_bytes;

  // Counters are read once every process of the run is gone (cachegrind writes its files at
  // each process's exit), after the call channel's last boundary.
  if (calls_) calls_->finish(tree_clock_.read_ns(), r);
  if (measurement_) measurement_->read(r.counters, r.counters_unavailable);
  const auto [verdict, message] = decide(outcome_, limits_);
  r.verdict = verdict;
  r.message = message;
  return r;
}

}  // namespace

Result run(const Config& cfg) {
  try {
    Supervisor s(cfg);
    return s.run();
  } catch (const Error& e) {
    if (e.kind() != ErrorKind::Internal) throw;  // an invalid Config
    Result r;
    r.verdict = Verdict::IE;
    r.message = e.what();
    return r;
  }
}

}  // namespace pj::sandbox
