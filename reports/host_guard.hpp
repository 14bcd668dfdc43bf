// The host guard of `gate`, `compare` and `report` (issues 15 and 16): time costs measured on
// different CPU models do not compare, so a comparison or a pooled score over them is refused
// unless the user allows it; instruction counts compare within one CPU model and are only
// warned about across models.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "core/cost.hpp"
#include "reports/dataset.hpp"

namespace pj::reports {

// Where a run comes from ("baseline a.sqlite run 3") and the CPU model it ran on
// (runs.host_json "cpu_model"; "" when the run did not record one, which never mismatches).
struct RunHost {
  std::string where;
  std::string cpu_model;
};

// Every run of ds, each named "<label> <db> run <id>" ("<db> run <id>" when label is "").
std::vector<RunHost> hosts_of(const Dataset& ds, const std::string& label = "");
// The "runs" of a `report --format json` file, each named "<label> <where> run <id>".
std::vector<RunHost> hosts_of_report_json(const nlohmann::json& report, const std::string& label,
                                          const std::string& where);

// The guard for costs of `cost` (resolved, never Auto) measured on `hosts`, for `command`
// ("gate", "compare", "report"). Same CPU model (or unknown): "". Different CPU models and a
// time cost: throws pj::Error(Input) naming both hosts (exit code 2) unless `allow`, when it
// returns a warning naming them; instruction counts: the warning.
std::string check_hosts(const std::vector<RunHost>& hosts, Cost cost, bool allow,
                        std::string_view command);

}  // namespace pj::reports
