// The model x metric table: every score computed by metrics/ from one or more runs, with a 95%
// bootstrap interval over tasks, plus the per-task view (pass rate, efficiency, reference ladder).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/cost.hpp"
#include "metrics/metrics.hpp"
#include "reports/dataset.hpp"

namespace pj::reports {

// `k` is never Auto here: choose_cost resolves it for the data.
std::optional<double> cost_of(const StressCell& c, Cost k);

// A score, or the reason it cannot be computed (never a silent 0).
struct Score {
  std::optional<double> value;
  std::optional<metrics::Interval> ci;
  std::string unavailable;  // set when value is empty
};

struct ModelRow {
  std::string model;
  std::int64_t n_tasks = 0;
  std::int64_t n_samples = 0;
  std::vector<std::pair<std::string, Score>> metrics;  // in Leaderboard::metric_names order
  const Score* find(std::string_view name) const;
};

struct ReferenceCost {
  std::string name;
  std::string level;
  int rank = 0;
  std::optional<double> cost;                                    // at the task's scoring level
  std::vector<std::pair<int, std::optional<double>>> per_level;  // worst seed per level
};

struct TaskModelCell {
  std::string model;
  std::int64_t n = 0;
  std::int64_t correct = 0;
  double pass_rate = 0;
  std::optional<double> eff;         // mean ENAMEL sample score
  std::optional<double> cost_ratio;  // geometric mean over correct samples of cost / best ref
};

struct TaskRow {
  std::string task_id;
  // The highest stress level every reference finished; costs of DPS, PIE, EffiBench and the
  // cost ratio are sums over its seeds (COFFE's over every level every reference finished).
  // Empty: the task has no usable stress level.
  std::optional<int> scoring_level;
  std::vector<ReferenceCost> ladder;  // slowest tier first
  std::vector<TaskModelCell> models;
};

struct Leaderboard {
  Cost cost = Cost::CpuTime;
  std::vector<std::int64_t> ks;
  std::vector<std::string> metric_names;  // every metric, in ModelRow::metrics order (JSON, CSV)
  // The headline subset the human-readable tables show (text, Markdown, HTML): the PIE
  // thresholds and %Correct and the EffiBench ratios of sums would make them unreadable.
  std::vector<std::string> table_metric_names;
  std::vector<ModelRow> rows;  // sorted by the chosen metric, best first
  std::vector<TaskRow> tasks;
  // Said once under the table: tasks whose samples had no reference in their own language.
  std::vector<std::string> notes;
};

struct LeaderboardOptions {
  std::vector<std::int64_t> ks{1};
  std::optional<Cost> cost;  // empty: the runs' setting, else instructions when recorded
  std::string sort_by = "pass@1";
  // Correct samples a task needs to count in DPS; empty: metrics::dps_default_min_correct of
  // the task's number of samples (EvalPerf's 10 of 100).
  std::optional<std::size_t> dps_min_correct;
  metrics::BootstrapOptions bootstrap;
  // The best reference of a sample is the cheapest in its language where the task has one
  // (else the cheapest in any language, with a note); true: always the cheapest in any.
  bool any_reference_language = false;
};

// One leaderboard column: a metric of the metric table (leaderboard.cpp) at one k.
struct MetricColumn {
  std::string name;
  bool lower_is_better = false;
  bool headline = false;  // in table_metric_names (text, Markdown, HTML)
};

// Every column for `ks`, in Leaderboard::metric_names order: the table's headline metrics,
// then the details only JSON and CSV carry.
std::vector<MetricColumn> metric_columns(const std::vector<std::int64_t>& ks);

// From the metric table: true for metrics where a lower value is better (cost ratios,
// EffiBench NET/NMU/NTMU and their ratios of sums); false for a name it does not hold.
bool lower_is_better(std::string_view metric);

Leaderboard compute_leaderboard(const Dataset& ds, const LeaderboardOptions& opt = {});

}  // namespace pj::reports
