#include <fmt/format.h>

#include "reports/format.hpp"
#include "reports/noise.hpp"

namespace pj::reports {

namespace {

std::string cell(const Score& s) {
  if (!s.value) return "n/a";
  if (!s.ci) return format_number(*s.value);
  return fmt::format("{} [{}, {}]", format_number(*s.value), format_number(s.ci->lo),
                     format_number(s.ci->hi));
}

std::string opt_num(const std::optional<double>& v) {
  return v ? format_number(*v) : "–";
}

}  // namespace

std::string format_markdown(const Dataset& ds, const Leaderboard& lb) {
  std::string out = fmt::format(
      "## perfjudge leaderboard\n\n{} run(s), cost `{}`; brackets are 95% bootstrap intervals "
      "over tasks.\n\n",
      ds.runs.size(), to_string(lb.cost));
  // Numbers only, nothing from the run: no escaping needed.
  for (const auto& n : run_noise(ds, lb.cost))
    out += "- " + noise_line(n) + "\n- " + load_line(n) + "\n";
  out += "\n| model | tasks | samples |";
  for (const auto& n : lb.table_metric_names) out += " " + n + " |";
  out += "\n| --- | ---: | ---: |";
  for (std::size_t i = 0; i < lb.table_metric_names.size(); ++i) out += " ---: |";
  out += "\n";
  std::vector<std::string> notes;
  for (const auto& row : lb.rows) {
    out += fmt::format("| {} | {} | {} |", md_escape(row.model), row.n_tasks, row.n_samples);
    for (const auto& name : lb.table_metric_names) {
      const Score& s = *row.find(name);
      out += " " + cell(s) + " |";
      if (!s.value) {
        notes.push_back(
            fmt::format("- {} / {}: {}", md_escape(row.model), name, md_escape(s.unavailable)));
      }
    }
    out += "\n";
  }
  if (!notes.empty())
    out += "\nUnavailable:\n\n" + fmt::format("{}", fmt::join(notes, "\n")) + "\n";
  out +=
      "\n### Per task\n\n| task | scoring level | references (cost) | model | n | pass | eff | "
      "cost/best |\n| --- | ---: | --- | --- | ---: | ---: | ---: | ---: |\n";
  for (const auto& t : lb.tasks) {
    std::vector<std::string> refs;
    for (const auto& r : t.ladder) {
      refs.push_back(fmt::format("{} {}", md_escape(r.name), opt_num(r.cost)));
    }
    const auto lvl = t.scoring_level ? std::to_string(*t.scoring_level) : "–";
    if (t.models.empty()) {
      out += fmt::format("| {} | {} | {} | | | | | |\n", md_escape(t.task_id), lvl,
                         fmt::join(refs, ", "));
    }
    for (const auto& m : t.models) {
      out += fmt::format("| {} | {} | {} | {} | {} | {} | {} | {} |\n", md_escape(t.task_id), lvl,
                         fmt::join(refs, ", "), md_escape(m.model), m.n, format_number(m.pass_rate),
                         opt_num(m.eff), opt_num(m.cost_ratio));
    }
  }
  return out;
}

}  // namespace pj::reports
