// Workers pinned to CPUs, sharing one queue of units; and the Ctrl-C handling of a run.
#pragma once

#include <signal.h>
#include <sys/types.h>

#include <atomic>
#include <functional>
#include <optional>
#include <thread>
#include <vector>

#include "core/fd.hpp"

namespace pj::harness {

// CPUs this process may run on (sched_getaffinity), in order.
std::vector<int> allowed_cpus();

// Runs `work(unit, worker_index)` on `jobs` threads until `next()` returns nullopt or `stop` is
// set. next() is called under one lock, so it may page through a database. Worker i is pinned
// to cpus[i % cpus.size()] and should pin its children there too. The first exception thrown
// by a worker stops the others and is rethrown here.
template <typename Unit>
void run_workers(int jobs, const std::vector<int>& cpus, const std::atomic<bool>& stop,
                 const std::function<std::optional<Unit>()>& next,
                 const std::function<void(Unit&, int worker)>& work);

// Kills every process below `root` (children sandboxed in their own namespaces included).
void kill_descendants(pid_t root);

// Owns the Ctrl-C handling of a run without global state: SIGINT and SIGTERM are blocked and
// read from a signalfd by a watcher thread. The first signal sets `stop` and kills running
// children (stored work stays); the second exits the process at once with 130.
class InterruptWatcher {
 public:
  InterruptWatcher(std::atomic<bool>& stop, std::function<void()> on_tick);
  InterruptWatcher(const InterruptWatcher&) = delete;
  InterruptWatcher& operator=(const InterruptWatcher&) = delete;
  ~InterruptWatcher();
  bool interrupted() const { return signals_ > 0; }

 private:
  void loop();
  std::atomic<bool>& stop_;
  std::function<void()> on_tick_;
  UniqueFd sfd_;
  UniqueFd quit_;  // eventfd that ends the loop
  std::atomic<int> signals_{0};
  sigset_t old_mask_{};
  std::thread thread_;
};

}  // namespace pj::harness

#include "harness/run/scheduler_impl.hpp"
