// Two models (or runs) side by side: per-task deltas, with wins, losses and ties decided by
// the gate's own tests (run_gate on each task's paired benchmarks).
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "reports/dataset.hpp"
#include "reports/gate.hpp"

namespace pj::reports {

struct CompareSide {
  std::string label;  // shown in headers
  const Dataset* ds = nullptr;
  std::string model;  // the model whose samples are compared
};

struct TaskDelta {
  std::string task;
  std::int64_t n_a = 0, correct_a = 0, n_b = 0, correct_b = 0;
  std::optional<double> median_change;  // median over benchmarks of b / a - 1
  int regressions = 0;                  // benchmarks where b is worse
  int improvements = 0;                 // benchmarks where b is better
  std::string verdict;                  // win (b better) | loss | tie | only-a | only-b
};

struct Comparison {
  std::string a, b, metric;
  std::vector<TaskDelta> tasks;
  int wins = 0, losses = 0, ties = 0;
};

// Samples of each side pair by their order within a task (the i-th sample of a with the i-th of
// b), then by (level, seed).
Comparison compare(const CompareSide& a, const CompareSide& b, const GateOptions& opt);
std::string format_compare_text(const Comparison& c);
std::string format_compare_markdown(const Comparison& c);
nlohmann::json compare_to_json(const Comparison& c);

}  // namespace pj::reports
