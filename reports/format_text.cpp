#include <fmt/format.h>

#include <algorithm>
#include <map>

#include "core/text.hpp"
#include "reports/format.hpp"
#include "reports/noise.hpp"
#include "reports/text_table.hpp"

namespace pj::reports {

namespace {

std::string compact(double v) {
  std::string s = format_number(v);
  if (s.rfind("0.", 0) == 0) return s.substr(1);
  if (s.rfind("-0.", 0) == 0) return "-" + s.substr(2);
  return s;
}

struct Footnotes {
  std::map<std::string, int> index;
  std::vector<std::string> lines;
  int add(const std::string& metric, const std::string& why) {
    const auto key = metric + ": " + why;
    auto [it, fresh] = index.emplace(key, static_cast<int>(lines.size()) + 1);
    if (fresh) lines.push_back(key);
    return it->second;
  }
};

std::string run_list(const Dataset& ds) {
  std::vector<std::string> ids;
  for (const auto& r : ds.runs) ids.push_back(fmt::format("#{}", r.id));
  return fmt::format("{}", fmt::join(ids, ", "));
}

void leaderboard(const Dataset& ds, const Leaderboard& lb, int width, std::string& out) {
  out += fmt::format(
      "perfjudge leaderboard · runs {} · cost {} · [lo,hi] = 95% bootstrap CI "
      "over tasks\n",
      run_list(ds), to_string(lb.cost));
  for (const auto& n : run_noise(ds, lb.cost)) out += noise_line(n) + "\n" + load_line(n) + "\n";
  if (lb.rows.empty()) {
    out += "(no samples in the selected runs)\n";
    return;
  }
  Footnotes notes;
  std::vector<std::string> models;
  for (const auto& r : lb.rows) models.push_back(truncate_cols(printable(r.model, 256), 20));
  const std::size_t model_w = std::max<std::size_t>(5, max_cols(models));
  const std::size_t left_w = model_w + 2 + 5 + 2 + 7;
  // Cells: value line and CI line per metric.
  struct Col {
    std::string name;
    std::vector<std::string> value, ci;
    std::size_t w = 0;
  };
  std::vector<Col> cols;
  for (const auto& name : lb.table_metric_names) {
    Col c{name, {}, {}, 0};
    for (const auto& r : lb.rows) {
      const auto& s = *r.find(name);
      if (s.value) {
        c.value.push_back(format_number(*s.value));
        c.ci.push_back(s.ci ? fmt::format("[{},{}]", compact(s.ci->lo), compact(s.ci->hi)) : "");
      } else {
        c.value.push_back(fmt::format("n/a[{}]", notes.add(c.name, s.unavailable)));
        c.ci.push_back("");
      }
    }
    c.w = std::max({c.name.size(), max_cols(c.value), max_cols(c.ci)});
    cols.push_back(std::move(c));
  }
  for (std::size_t first = 0; first < cols.size();) {
    std::size_t last = first, used = left_w;
    while (last < cols.size() && (last == first || used + 2 + cols[last].w <= std::size_t(width))) {
      used += 2 + cols[last].w;
      ++last;
    }
    out += "\n" + pad_right("model", model_w) + "  tasks  samples";
    for (auto i = first; i < last; ++i) out += "  " + pad_left(cols[i].name, cols[i].w);
    out += "\n";
    for (std::size_t r = 0; r < lb.rows.size(); ++r) {
      out += pad_right(models[r], model_w) + "  " +
             pad_left(std::to_string(lb.rows[r].n_tasks), 5) + "  " +
             pad_left(std::to_string(lb.rows[r].n_samples), 7);
      std::string ci_line(left_w, ' ');
      bool any_ci = false;
      for (auto i = first; i < last; ++i) {
        out += "  " + pad_left(cols[i].value[r], cols[i].w);
        ci_line += "  " + pad_left(cols[i].ci[r], cols[i].w);
        any_ci = any_ci || !cols[i].ci[r].empty();
      }
      out += "\n";
      if (any_ci) out += rtrim(ci_line) + "\n";
    }
    first = last;
  }
  if (!lb.notes.empty()) {
    out += "\nbest reference:\n";
    for (const auto& n : lb.notes) out += "  " + printable(n, 512) + "\n";
  }
  if (!notes.lines.empty()) {
    out += "\nunavailable:\n";
    for (std::size_t i = 0; i < notes.lines.size(); ++i) {
      out += fmt::format("  [{}] {}\n", i + 1, printable(notes.lines[i], 512));
    }
  }
}

std::string opt_num(const std::optional<double>& v) {
  return v ? format_number(*v) : "-";
}

void per_task(const Leaderboard& lb, std::string& out) {
  out += fmt::format(
      "\nper task · cost {} at the scoring level (highest level every reference "
      "finished)\n",
      to_string(lb.cost));
  for (const auto& t : lb.tasks) {
    out += fmt::format("\n{}  scoring level {}\n", printable(t.task_id, 128),
                       t.scoring_level ? std::to_string(*t.scoring_level) : "none");
    for (const auto& r : t.ladder) {
      std::string levels;
      for (const auto& [l, c] : r.per_level) levels += fmt::format(" L{}={}", l, opt_num(c));
      out += fmt::format("  ref {:<20} {:<8} cost {:>9}  worst seed:{}\n",
                         truncate_cols(printable(r.name, 128), 20),
                         truncate_cols(printable(r.level, 64), 8), opt_num(r.cost), levels);
    }
    if (!t.models.empty()) {
      out += fmt::format("  {:<24} {:>5} {:>5} {:>6} {:>9}\n", "model", "n", "pass", "eff",
                         "cost/best");
    }
    for (const auto& m : t.models) {
      out += fmt::format("  {} {:>5} {:>5} {:>6} {:>9}\n",
                         pad_right(truncate_cols(printable(m.model, 256), 24), 24), m.n,
                         format_number(m.pass_rate), opt_num(m.eff), opt_num(m.cost_ratio));
    }
  }
}

}  // namespace

std::string format_text(const Dataset& ds, const Leaderboard& lb, int width) {
  std::string out;
  leaderboard(ds, lb, width, out);
  per_task(lb, out);
  return out;
}

}  // namespace pj::reports
