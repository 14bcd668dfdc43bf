#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "core/text.hpp"
#include "reports/format.hpp"
#include "reports/noise.hpp"
#include "reports/text_table.hpp"

namespace pj::reports {

namespace {

// Everything a run stored is untrusted: always through esc().
std::string esc(std::string_view s) {
  return html_escape(printable(s, 100000));
}
std::string esc_block(std::string_view s) {
  return html_escape(first_lines(s, 200, 20000));
}

constexpr const char* kStyle = R"(
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:24px;color:#1d2330;background:#fafbfc}
h1{font-size:22px;margin:0 0 4px}h2{font-size:17px;margin:28px 0 8px}
.meta{color:#5b6577;margin-bottom:16px}
.scroll{overflow-x:auto;background:#fff;border:1px solid #dde2ea;border-radius:6px}
table{border-collapse:collapse;font-variant-numeric:tabular-nums}
th,td{padding:5px 9px;border-bottom:1px solid #eef1f5;text-align:right;white-space:nowrap;vertical-align:top}
th{background:#f2f4f8;position:sticky;top:0}
#leaderboard th{cursor:pointer;user-select:none}
#leaderboard th:hover{background:#e3e8f1}
th.sorted-desc::after{content:" \25BC"}th.sorted-asc::after{content:" \25B2"}
td.name,th.name{text-align:left}
#leaderboard td:first-child,#leaderboard th:first-child{position:sticky;left:0;z-index:1;background:#fff;box-shadow:1px 0 0 #dde2ea}
#leaderboard th:first-child{background:#f2f4f8;z-index:2}
small{color:#6b7588;display:block}
.na{color:#a0472f}
.charts{display:flex;flex-wrap:wrap;gap:24px}
.chart{background:#fff;border:1px solid #dde2ea;border-radius:6px;padding:8px}
details{background:#fff;border:1px solid #dde2ea;border-radius:6px;margin:6px 0;padding:6px 10px}
summary{cursor:pointer;font-weight:600}
pre{background:#f4f6f9;padding:6px;overflow-x:auto;max-height:240px;font-size:12px}
)";

constexpr const char* kScript = R"(
(function(){
  var table=document.getElementById('leaderboard');
  var dir={};
  table.querySelectorAll('th').forEach(function(th,i){
    th.addEventListener('click',function(){
      var body=table.tBodies[0];
      var rows=Array.prototype.slice.call(body.rows);
      var numeric=th.dataset.type!=='text';
      var d=dir[i]=(dir[i]===undefined?(th.dataset.lower==='1'?1:-1):-dir[i]);
      rows.sort(function(a,b){
        var x=a.cells[i].dataset.value,y=b.cells[i].dataset.value;
        if(!numeric)return d*x.localeCompare(y);
        var fx=x===''?NaN:parseFloat(x),fy=y===''?NaN:parseFloat(y);
        if(isNaN(fx)&&isNaN(fy))return 0;if(isNaN(fx))return 1;if(isNaN(fy))return -1;
        return d*(fx-fy);
      });
      rows.forEach(function(r){body.appendChild(r);});
      table.querySelectorAll('th').forEach(function(h){h.classList.remove('sorted-asc','sorted-desc');});
      th.classList.add(d>0?'sorted-asc':'sorted-desc');
    });
  });
  var data=JSON.parse(document.getElementById('report-data').textContent);
  document.getElementById('data-summary').textContent=
    data.models.length+' model(s), '+data.tasks.length+' task(s) in the embedded data';
})();
)";

std::string score_cell(const Score& s) {
  if (!s.value) {
    return fmt::format("<td data-value=\"\" class=\"na\" title=\"{0}\">n/a<small>{0}</small></td>",
                       esc(s.unavailable));
  }
  std::string ci;
  if (s.ci)
    ci = fmt::format("<small>[{}, {}]</small>", format_number(s.ci->lo), format_number(s.ci->hi));
  return fmt::format("<td data-value=\"{}\">{}{}</td>", *s.value, format_number(*s.value), ci);
}

void leaderboard(const Leaderboard& lb, std::string& out) {
  out +=
      "<h2>Leaderboard</h2><p class=\"meta\">Click a column header to sort. Brackets: 95% "
      "bootstrap interval over tasks.</p><div class=\"scroll\"><table id=\"leaderboard\">"
      "<thead><tr><th class=\"name\" data-type=\"text\">model</th><th>tasks</th>"
      "<th>samples</th>";
  for (const auto& n : lb.table_metric_names) {
    out += fmt::format("<th data-lower=\"{}\">{}</th>", lower_is_better(n) ? 1 : 0, esc(n));
  }
  out += "</tr></thead><tbody>";
  for (const auto& r : lb.rows) {
    out += fmt::format(
        "<tr><td class=\"name\" data-value=\"{0}\">{0}</td><td data-value=\"{1}\">{1}"
        "</td><td data-value=\"{2}\">{2}</td>",
        esc(r.model), r.n_tasks, r.n_samples);
    for (const auto& n : lb.table_metric_names) out += score_cell(*r.find(n));
    out += "</tr>";
  }
  out += "</tbody></table></div>";
}

void scatter(const Leaderboard& lb, std::string& out) {
  const double w = 520, h = 360, l = 56, b = 44, t = 16, r = 24;
  const std::string xm = lb.ks.empty() ? "pass@1" : fmt::format("pass@{}", lb.ks.front());
  const std::string ym = lb.ks.empty() ? "eff@1" : fmt::format("eff@{}", lb.ks.front());
  out += fmt::format(
      "<div class=\"chart\"><svg id=\"scatter\" xmlns=\"http://www.w3.org/2000/svg\" width=\"{0}\" "
      "height=\"{1}\" viewBox=\"0 0 {0} {1}\" role=\"img\" aria-label=\"{2} versus {3}\">",
      w, h, esc(xm), esc(ym));
  auto X = [&](double v) { return l + v * (w - l - r); };
  auto Y = [&](double v) { return h - b - v * (h - b - t); };
  for (int i = 0; i <= 4; ++i) {
    const double v = i / 4.0;
    out += fmt::format(
        "<line x1=\"{0}\" y1=\"{1}\" x2=\"{2}\" y2=\"{1}\" stroke=\"#e6e9ef\"/>"
        "<text x=\"{3}\" y=\"{4}\" font-size=\"11\" text-anchor=\"end\" "
        "fill=\"#5b6577\">{5}</text>",
        X(0), Y(v), X(1), l - 6, Y(v) + 4, v);
    out += fmt::format(
        "<line x1=\"{0}\" y1=\"{1}\" x2=\"{0}\" y2=\"{2}\" stroke=\"#e6e9ef\"/>"
        "<text x=\"{0}\" y=\"{3}\" font-size=\"11\" text-anchor=\"middle\" "
        "fill=\"#5b6577\">{4}</text>",
        X(v), Y(0), Y(1), h - b + 16, v);
  }
  out += fmt::format("<text x=\"{}\" y=\"{}\" font-size=\"12\" text-anchor=\"middle\">{}</text>",
                     (l + w - r) / 2, h - 8, esc(xm));
  out += fmt::format(
      "<text x=\"14\" y=\"{0}\" font-size=\"12\" text-anchor=\"middle\" "
      "transform=\"rotate(-90 14 {0})\">{1}</text>",
      (t + h - b) / 2, esc(ym));
  static const char* colors[] = {"#3366cc", "#dc3912", "#ff9900", "#109618", "#990099", "#0099c6"};
  std::size_t i = 0;
  for (const auto& row : lb.rows) {
    const auto* x = row.find(xm);
    const auto* y = row.find(ym);
    if (!x || !y || !x->value || !y->value) continue;
    const auto* c = colors[i++ % 6];
    out += fmt::format(
        "<g class=\"point\"><circle cx=\"{:.1f}\" cy=\"{:.1f}\" r=\"6\" fill=\"{}\" "
        "fill-opacity=\"0.8\"><title>{}: {} {}, {} {}</title></circle>"
        "<text x=\"{:.1f}\" y=\"{:.1f}\" font-size=\"11\" text-anchor=\"{}\">{}</text></g>",
        X(*x->value), Y(*y->value), c, esc(row.model), esc(xm), format_number(*x->value), esc(ym),
        // Labels of points near the right edge go to their left, inside the plot.
        format_number(*y->value), *x->value > 0.6 ? X(*x->value) - 9 : X(*x->value) + 9,
        Y(*y->value) + 4, *x->value > 0.6 ? "end" : "start", esc(truncate_cols(row.model, 24)));
  }
  out += "</svg></div>";
}

std::string heat_color(double v) {
  v = std::clamp(v, 0.0, 1.0);
  // red (low) to green (high) through pale yellow.
  const int r = v < 0.5 ? 220 : static_cast<int>(220 - (v - 0.5) * 2 * 160);
  const int g =
      v < 0.5 ? static_cast<int>(80 + v * 2 * 140) : 220 - static_cast<int>((v - 0.5) * 40);
  return fmt::format("rgb({},{},110)", r, g);
}

void heatmap(const Leaderboard& lb, std::string& out) {
  std::vector<std::string> models;
  for (const auto& r : lb.rows) models.push_back(r.model);
  const double cw = 90, ch = 24, lw = 150, th = 28;
  const double w = lw + cw * std::max<std::size_t>(1, models.size()) + 8;
  const double h = th + ch * std::max<std::size_t>(1, lb.tasks.size()) + 8;
  out += fmt::format(
      "<div class=\"chart\"><svg id=\"heatmap\" xmlns=\"http://www.w3.org/2000/svg\" "
      "width=\"{0}\" height=\"{1}\" viewBox=\"0 0 {0} {1}\" role=\"img\" "
      "aria-label=\"mean ENAMEL efficiency per task and model\">",
      w, h);
  for (std::size_t m = 0; m < models.size(); ++m) {
    out += fmt::format(
        "<text x=\"{}\" y=\"18\" font-size=\"11\" text-anchor=\"middle\">{}<title>"
        "{}</title></text>",
        lw + cw * m + cw / 2, esc(truncate_cols(models[m], 12)), esc(models[m]));
  }
  for (std::size_t t = 0; t < lb.tasks.size(); ++t) {
    const auto& task = lb.tasks[t];
    const double y = th + ch * t;
    out += fmt::format("<text x=\"{}\" y=\"{}\" font-size=\"11\" text-anchor=\"end\">{}</text>",
                       lw - 8, y + 16, esc(truncate_cols(task.task_id, 22)));
    for (std::size_t m = 0; m < models.size(); ++m) {
      const TaskModelCell* cell = nullptr;
      for (const auto& c : task.models) {
        if (c.model == models[m]) cell = &c;
      }
      const bool has = cell && cell->eff;
      const auto label = has ? format_number(*cell->eff) : (cell ? "n/a" : "–");
      out += fmt::format(
          "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{}\" "
          "stroke=\"#fff\"><title>{} · {}: eff {}</title></rect>"
          "<text x=\"{}\" y=\"{}\" font-size=\"11\" text-anchor=\"middle\">{}</text>",
          lw + cw * m, y, cw, ch, has ? heat_color(*cell->eff) : "#e4e7ec", esc(task.task_id),
          esc(models[m]), label, lw + cw * m + cw / 2, y + 16, label);
    }
  }
  out += "</svg></div>";
}

std::string opt_num(const std::optional<double>& v) {
  return v ? format_number(*v) : "–";
}

void sample_rows(const Dataset& ds, const std::string& task, Cost k, std::string& out) {
  out +=
      "<table><thead><tr><th class=\"name\">program</th><th class=\"name\">verdict</th>"
      "<th class=\"name\">stress (level/seed: cost)</th><th class=\"name\">details</th>"
      "</tr></thead><tbody>";
  for (const auto& p : ds.programs) {
    if (p.task_id != task) continue;
    const auto who = p.role == "reference" ? fmt::format("reference {} ({})", esc(p.sample_id),
                                                         esc(p.ref_level.value_or("")))
                                           : fmt::format("{} / {}", esc(p.model), esc(p.sample_id));
    std::string stress;
    for (const auto& c : p.stress) {
      const auto v = cost_of(c, k);
      stress += fmt::format("L{} s{}: {} {}<br>", c.level, c.seed, esc(c.verdict), opt_num(v));
    }
    std::string details;
    if (const auto why = stress_failure_text(p); !why.empty()) {
      details += "failed: " + esc(why) + " (fails the sample for every metric)";
    }
    if (p.result && !p.result->passed) {
      details += fmt::format("failed test {}: {}", esc(p.result->failed_test.value_or("?")),
                             esc(p.result->message.value_or("")));
      if (p.result->output_excerpt)
        details += "<pre>" + esc_block(*p.result->output_excerpt) + "</pre>";
    }
    if (p.role == "sample") {
      if (p.raw_response) {
        details += "<details><summary>raw response</summary><pre>" + esc_block(*p.raw_response) +
                   "</pre></details>";
      }
      details +=
          "<details><summary>program</summary><pre>" + esc_block(p.source) + "</pre></details>";
      if (p.sanitize_json) {
        details += "<details><summary>sanitize report</summary><pre>" +
                   esc_block(*p.sanitize_json) + "</pre></details>";
      }
    }
    out += fmt::format(
        "<tr><td class=\"name\">{}</td><td class=\"name\">{}</td><td class=\"name\">"
        "{}</td><td class=\"name\">{}</td></tr>",
        who, p.result ? esc(p.result->verdict) : "not judged", stress, details);
  }
  out += "</tbody></table>";
}

void drilldown(const Dataset& ds, const Leaderboard& lb, std::string& out) {
  out += "<h2>Per task</h2>";
  for (const auto& t : lb.tasks) {
    out +=
        fmt::format("<details class=\"task\"><summary>{} <small>scoring level {}</small></summary>",
                    esc(t.task_id), t.scoring_level ? std::to_string(*t.scoring_level) : "none");
    out +=
        "<table><thead><tr><th class=\"name\">reference</th><th class=\"name\">level</th>"
        "<th>cost</th></tr></thead><tbody>";
    for (const auto& r : t.ladder) {
      out += fmt::format("<tr><td class=\"name\">{}</td><td class=\"name\">{}</td><td>{}</td></tr>",
                         esc(r.name), esc(r.level), opt_num(r.cost));
    }
    out +=
        "</tbody></table><table><thead><tr><th class=\"name\">model</th><th>n</th><th>pass</th>"
        "<th>eff</th><th>cost / best</th></tr></thead><tbody>";
    for (const auto& m : t.models) {
      out += fmt::format(
          "<tr><td class=\"name\">{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}"
          "</td></tr>",
          esc(m.model), m.n, format_number(m.pass_rate), opt_num(m.eff), opt_num(m.cost_ratio));
    }
    out += "</tbody></table>";
    sample_rows(ds, t.task_id, lb.cost, out);
    out += "</details>";
  }
}

}  // namespace

std::string format_html(const Dataset& ds, const Leaderboard& lb) {
  std::vector<std::string> runs;
  for (const auto& r : ds.runs) runs.push_back(fmt::format("#{} ({})", r.id, esc(r.started_at)));
  auto data = to_json(ds, lb);
  data.erase("benchmarks");  // per-repeat data belongs in --format json, not in the page
  std::string out =
      "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
      "<title>perfjudge report</title><style>";
  out += kStyle;
  out += "</style></head><body><h1>perfjudge report</h1>";
  out += fmt::format(
      "<div class=\"meta\">runs {} · cost <b>{}</b> · <span id=\"data-summary\">"
      "</span></div>",
      fmt::join(runs, ", "), to_string(lb.cost));
  for (const auto& n : run_noise(ds, lb.cost))
    out +=
        "<div class=\"meta noise\">" + esc(noise_line(n)) + "<br>" + esc(load_line(n)) + "</div>";
  leaderboard(lb, out);
  out += "<h2>Correctness versus efficiency, and efficiency per task</h2><div class=\"charts\">";
  scatter(lb, out);
  heatmap(lb, out);
  out += "</div>";
  drilldown(ds, lb, out);
  out += "<script type=\"application/json\" id=\"report-data\">" + script_safe_json(data) +
         "</script><script>";
  out += kScript;
  out += "</script></body></html>\n";
  return out;
}

}  // namespace pj::reports
