#include "harness/run/progress.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include "core/text.hpp"

namespace pj::harness {

Progress::Progress(std::FILE* out, Style style) : out_(out), style_(style) {}

Progress::Style Progress::style_for(std::FILE* out, bool quiet) {
  if (quiet) return Style::Quiet;
  return ::isatty(::fileno(out)) ? Style::Live : Style::Lines;
}

void Progress::finished_unit(bool sample_passed) {
  ++done_;
  if (sample_passed) ++passes_;
}

void Progress::set_current(const std::string& task) {
  std::lock_guard lock(mu_);
  current_ = task;
}

void Progress::set_phase(const std::string& phase, Counting counting) {
  std::lock_guard lock(mu_);
  phase_ = phase;
  counting_ = counting;
  total_ = 0;
  done_ = 0;
  passes_ = 0;
  start_ = std::chrono::steady_clock::now();
}

std::string Progress::render_line() {
  const double secs =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  const std::int64_t done = done_;
  const std::int64_t total = total_;
  const double rate = secs > 0 ? static_cast<double>(done) / secs : 0;
  std::string eta = "--";
  if (rate > 0 && total >= done) {
    const auto left = static_cast<std::int64_t>(static_cast<double>(total - done) / rate);
    eta = fmt::format("{}:{:02}", left / 60, left % 60);
  }
  if (counting_ == Counting::Open) {
    return fmt::format("{:<11} {} read  {:.2f}/s  {}", phase_, done, rate, printable(current_, 60));
  }
  const int width = 24;
  const int filled = total > 0 ? static_cast<int>(width * done / total) : 0;
  const std::string passed =
      counting_ == Counting::Samples ? fmt::format("  passed {}", passes_.load()) : "";
  return fmt::format("{:<11} [{}{}] {}/{}  {:.2f}/s  ETA {}{}  {}", phase_,
                     std::string(static_cast<std::size_t>(filled), '#'),
                     std::string(static_cast<std::size_t>(width - filled), '.'), done, total, rate,
                     eta, passed, printable(current_, 60));
}

void Progress::tick() {
  if (style_ == Style::Quiet) return;
  std::lock_guard lock(mu_);
  const auto now = std::chrono::steady_clock::now();
  const auto every = style_ == Style::Live ? std::chrono::milliseconds(100) : line_interval;
  if (now - last_render_ < every) return;
  last_render_ = now;
  if (style_ == Style::Live) {
    fmt::print(out_, "\r\x1b[K{}", render_line());
    live_dirty_ = true;
  } else {
    fmt::print(out_, "{}\n", render_line());
  }
  std::fflush(out_);
}

void Progress::finish() {
  if (style_ == Style::Quiet) return;
  std::lock_guard lock(mu_);
  if (style_ == Style::Live) {
    fmt::print(out_, "\r\x1b[K{}\n", render_line());
  } else {
    fmt::print(out_, "{}\n", render_line());
  }
  live_dirty_ = false;
  std::fflush(out_);
}

void Progress::message(const std::string& line) {
  std::lock_guard lock(mu_);
  if (live_dirty_) fmt::print(out_, "\r\x1b[K");
  fmt::print(out_, "{}\n", line);
  live_dirty_ = false;
  std::fflush(out_);
}

}  // namespace pj::harness
