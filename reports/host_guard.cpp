#include "reports/host_guard.hpp"

#include <fmt/format.h>

#include "core/error.hpp"
#include "core/text.hpp"

namespace pj::reports {

namespace {

std::string cpu_model_of(const nlohmann::json& host) {
  if (!host.is_object() || !host.contains("cpu_model") || !host["cpu_model"].is_string()) return "";
  const std::string model = host["cpu_model"].get<std::string>();
  return model == "unknown" ? "" : model;
}

std::string named(const std::string& label, const std::string& where, std::int64_t id) {
  return fmt::format("{}{}{} run {}", label, label.empty() ? "" : " ", where, id);
}

}  // namespace

std::vector<RunHost> hosts_of(const Dataset& ds, const std::string& label) {
  std::vector<RunHost> out;
  for (const auto& r : ds.runs) {
    const auto host = nlohmann::json::parse(r.host_json, nullptr, false);
    out.push_back({named(label, r.db, r.id), host.is_discarded() ? "" : cpu_model_of(host)});
  }
  return out;
}

std::vector<RunHost> hosts_of_report_json(const nlohmann::json& report, const std::string& label,
                                          const std::string& where) {
  std::vector<RunHost> out;
  if (!report.is_object() || !report.contains("runs") || !report["runs"].is_array()) return out;
  for (const auto& r : report["runs"]) {
    if (!r.is_object()) continue;
    const std::int64_t id =
        r.contains("id") && r["id"].is_number_integer() ? r["id"].get<std::int64_t>() : 0;
    out.push_back({named(label, where, id), r.contains("host") ? cpu_model_of(r["host"]) : ""});
  }
  return out;
}

std::string check_hosts(const std::vector<RunHost>& hosts, Cost cost, bool allow,
                        std::string_view command) {
  const RunHost* first = nullptr;
  const RunHost* other = nullptr;
  for (const auto& h : hosts) {
    if (h.cpu_model.empty()) continue;
    if (!first)
      first = &h;
    else if (h.cpu_model != first->cpu_model) {
      other = &h;
      break;
    }
  }
  if (!other) return "";
  const std::string pair = fmt::format(
      "{} ran on '{}', {} on '{}'", printable(first->where, 512), printable(first->cpu_model, 256),
      printable(other->where, 512), printable(other->cpu_model, 256));
  if (cost == Cost::Instructions) {
    return fmt::format(
        "{}: warning: instruction counts from different CPU models: {}; they compare only "
        "within one CPU model",
        command, pair);
  }
  if (!allow) {
    fail_input(fmt::format(
        "{}: {} measured on different CPU models: {}; time costs do not compare across CPU "
        "models (pass --allow-host-mismatch to {} anyway, or use --cost instructions)",
        command, to_string(cost), pair, command == "report" ? "pool them" : "compare them"));
  }
  return fmt::format("{}: warning: --allow-host-mismatch: {} measured on different CPU models: {}",
                     command, to_string(cost), pair);
}

}  // namespace pj::reports
