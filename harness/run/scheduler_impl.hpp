// Template body of run_workers (scheduler.hpp).
#pragma once

#include <exception>
#include <mutex>

namespace pj::harness {

void pin_this_thread(int cpu);
void return_free_memory();

template <typename Unit>
void run_workers(int jobs, const std::vector<int>& cpus, const std::atomic<bool>& stop,
                 const std::function<std::optional<Unit>()>& next,
                 const std::function<void(Unit&, int worker)>& work) {
  std::mutex mu;
  std::exception_ptr error;
  std::atomic<bool> failed{false};
  auto body = [&](int w) {
    if (!cpus.empty()) pin_this_thread(cpus[static_cast<std::size_t>(w) % cpus.size()]);
    while (!stop && !failed) {
      std::optional<Unit> unit;
      try {
        std::lock_guard lock(mu);
        unit = next();
      } catch (...) {
        std::lock_guard lock(mu);
        if (!error) error = std::current_exception();
        failed = true;
        return;
      }
      if (!unit) return;
      try {
        work(*unit, w);
        return_free_memory();
      } catch (...) {
        std::lock_guard lock(mu);
        if (!error) error = std::current_exception();
        failed = true;
        return;
      }
    }
  };
  if (jobs <= 1) {
    body(0);
  } else {
    std::vector<std::thread> threads;
    for (int w = 0; w < jobs; ++w) threads.emplace_back(body, w);
    for (auto& t : threads) t.join();
  }
  if (error) std::rethrow_exception(error);
}

}  // namespace pj::harness
