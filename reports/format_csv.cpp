#include <fmt/format.h>

#include "reports/format.hpp"

namespace pj::reports {

namespace {

std::string num(const std::optional<double>& v) {
  return v ? fmt::format("{}", *v) : "";
}

}  // namespace

std::string format_csv(const Leaderboard& lb, bool by_task) {
  std::string out;
  if (by_task) {
    out += "model,task,n,correct,pass_rate,eff,cost_ratio,best_reference_cost,cost\n";
    for (const auto& t : lb.tasks) {
      std::optional<double> best;
      if (!t.ladder.empty()) best = t.ladder.back().cost;
      for (const auto& m : t.models) {
        out += fmt::format("{},{},{},{},{},{},{},{},{}\n", csv_field(m.model), csv_field(t.task_id),
                           m.n, m.correct, m.pass_rate, num(m.eff), num(m.cost_ratio), num(best),
                           to_string(lb.cost));
      }
    }
    return out;
  }
  out += "model,n_tasks,n_samples";
  for (const auto& name : lb.metric_names) {
    out += fmt::format(",{0},{0}_ci_lo,{0}_ci_hi,{0}_unavailable", csv_field(name));
  }
  out += "\n";
  for (const auto& row : lb.rows) {
    out += fmt::format("{},{},{}", csv_field(row.model), row.n_tasks, row.n_samples);
    for (const auto& [name, s] : row.metrics) {
      out += fmt::format(",{},{},{},{}", num(s.value), s.ci ? num(s.ci->lo) : "",
                         s.ci ? num(s.ci->hi) : "", csv_field(s.unavailable));
    }
    out += "\n";
  }
  return out;
}

}  // namespace pj::reports
