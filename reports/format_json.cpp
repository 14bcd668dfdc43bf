#include "reports/format.hpp"
#include "reports/gate.hpp"
#include "reports/noise.hpp"

namespace pj::reports {

namespace {

nlohmann::json parsed_or_text(const std::string& s) {
  auto j = nlohmann::json::parse(s, nullptr, false);
  return j.is_discarded() ? nlohmann::json(s) : j;
}

nlohmann::json opt(const std::optional<double>& v) {
  return v ? nlohmann::json(*v) : nullptr;
}

nlohmann::json score_json(const Score& s) {
  if (!s.value) return {{"value", nullptr}, {"unavailable", s.unavailable}};
  nlohmann::json j = {{"value", *s.value}};
  j["ci"] = s.ci ? nlohmann::json::array({s.ci->lo, s.ci->hi}) : nlohmann::json(nullptr);
  return j;
}

nlohmann::json task_json(const TaskRow& t) {
  nlohmann::json refs = nlohmann::json::array();
  for (const auto& r : t.ladder) {
    nlohmann::json per = nlohmann::json::object();
    for (const auto& [l, c] : r.per_level) per[std::to_string(l)] = opt(c);
    refs.push_back({{"name", r.name},
                    {"level", r.level},
                    {"rank", r.rank},
                    {"cost", opt(r.cost)},
                    {"worst_seed_cost_per_level", per}});
  }
  nlohmann::json models = nlohmann::json::array();
  for (const auto& m : t.models) {
    models.push_back({{"model", m.model},
                      {"n", m.n},
                      {"correct", m.correct},
                      {"pass_rate", m.pass_rate},
                      {"eff", opt(m.eff)},
                      {"cost_ratio", opt(m.cost_ratio)}});
  }
  return {{"task", t.task_id},
          {"scoring_level", t.scoring_level ? nlohmann::json(*t.scoring_level) : nullptr},
          {"references", refs},
          {"models", models}};
}

}  // namespace

nlohmann::json to_json(const Dataset& ds, const Leaderboard& lb) {
  nlohmann::json runs = nlohmann::json::array();
  const auto noise = run_noise(ds, lb.cost);
  for (std::size_t i = 0; i < ds.runs.size(); ++i) {
    const RunInfo& r = ds.runs[i];
    runs.push_back({{"id", r.id},
                    {"db", r.db},
                    {"status", r.status},
                    {"started_at", r.started_at},
                    {"finished_at", r.finished_at},
                    {"perfjudge_version", r.perfjudge_version},
                    {"git_hash", r.git_hash},
                    {"host", parsed_or_text(r.host_json)},
                    {"settings", parsed_or_text(r.settings_json)},
                    {"noise", noise_json(noise[i])}});
  }
  nlohmann::json models = nlohmann::json::array();
  for (const auto& row : lb.rows) {
    nlohmann::json m = nlohmann::json::object();
    for (const auto& [name, s] : row.metrics) m[name] = score_json(s);
    models.push_back({{"model", row.model},
                      {"n_tasks", row.n_tasks},
                      {"n_samples", row.n_samples},
                      {"metrics", m}});
  }
  nlohmann::json tasks = nlohmann::json::array();
  for (const auto& t : lb.tasks) tasks.push_back(task_json(t));
  return {{"format", "perfjudge-report/1"},
          {"cost", to_string(lb.cost)},
          {"ks", lb.ks},
          {"metric_names", lb.metric_names},
          {"runs", runs},
          {"models", models},
          {"tasks", tasks},
          {"notes", lb.notes},
          {"benchmarks", benchmarks_to_json(benchmarks_of(ds))}};
}

std::string format_json(const Dataset& ds, const Leaderboard& lb) {
  // ensure_ascii: C1 controls in names (U+009B starts an escape sequence on some terminals)
  // become \u escapes too, so `cat report.json` is as safe as the text report.
  return to_json(ds, lb).dump(2, ' ', true, nlohmann::json::error_handler_t::replace) + "\n";
}

}  // namespace pj::reports
