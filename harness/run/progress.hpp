// Progress of a run: a live bar on a terminal, a plain line every few seconds otherwise.
// Counters are atomics so workers update them without locks; one thread renders.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <mutex>
#include <string>

namespace pj::harness {

class Progress {
 public:
  enum class Style { Live, Lines, Quiet };
  Progress(std::FILE* out, Style style);

  static Style style_for(std::FILE* out, bool quiet);  // Live when out is a terminal

  void add_total(std::int64_t n) { total_ += n; }
  void finished_unit(bool sample_passed = false);
  void set_current(const std::string& task);  // the task being worked on
  // What a phase counts. Open: items whose number is not known ahead (ingest shows "N read");
  // Units: done/total; Samples: done/total and how many samples passed.
  enum class Counting { Open, Units, Samples };
  // Starts a phase with its counters at zero, so no phase shows another's work.
  void set_phase(const std::string& phase, Counting counting = Counting::Units);

  // Renders when due: a live bar at most 10 times a second, a line every `line_interval`.
  void tick();
  void finish();  // final render and newline for the live bar

  // One line (bad input, warnings) without tearing the live bar.
  void message(const std::string& line);

  std::int64_t done() const { return done_; }
  std::int64_t total() const { return total_; }
  std::int64_t passes() const { return passes_; }
  // "phase [bar] done/total  rate/s  ETA  passed N  task", or "phase  N read  rate/s  task".
  std::string render_line();

  std::chrono::milliseconds line_interval{5000};

 private:
  std::FILE* out_;
  Style style_;
  std::atomic<std::int64_t> total_{0};
  std::atomic<std::int64_t> done_{0};
  std::atomic<std::int64_t> passes_{0};
  std::mutex mu_;  // current_, phase_ and the output stream
  std::string current_;
  std::string phase_;
  Counting counting_ = Counting::Units;
  std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now();
  std::chrono::steady_clock::time_point last_render_{};
  bool live_dirty_ = false;
};

}  // namespace pj::harness
