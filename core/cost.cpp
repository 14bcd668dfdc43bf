#include "core/cost.hpp"

#include <string>

#include "core/error.hpp"
#include "core/text.hpp"

namespace pj {

std::string_view to_string(Cost c) {
  switch (c) {
    case Cost::Auto:
      return "auto";
    case Cost::Instructions:
      return "instructions";
    case Cost::CpuTime:
      return "cpu_time";
    case Cost::WallTime:
      return "wall_time";
  }
  return "auto";
}

std::optional<Cost> cost_from_string(std::string_view s) {
  if (s == "auto") return Cost::Auto;
  if (s == "instructions" || s == "instr") return Cost::Instructions;
  if (s == "cpu_time" || s == "cpu" || s == "cpu-time") return Cost::CpuTime;
  if (s == "wall_time" || s == "wall" || s == "wall-time") return Cost::WallTime;
  return std::nullopt;
}

Cost parse_cost(std::string_view s, std::string_view option) {
  if (auto c = cost_from_string(s)) return *c;
  fail_usage(std::string(option) + " " + printable(s) + ": expected " + kCostHelp);
}

}  // namespace pj
