// The one vocabulary for what a score measures, shared by every command (`--cost`).
#pragma once

#include <optional>
#include <string_view>

namespace pj {

// Auto: on `run` and `tasks validate`, choose for this machine (instructions by perf where a
// PMU counts them, CPU time otherwise); on `report`, `gate` and `compare`, choose for the
// stored data (instructions where every side recorded them, CPU time otherwise).
enum class Cost { Auto, Instructions, CpuTime, WallTime };

// Canonical names: auto, instructions, cpu_time, wall_time.
std::string_view to_string(Cost c);

// Accepts the canonical names and the aliases instr, cpu, cpu-time, wall, wall-time.
std::optional<Cost> cost_from_string(std::string_view s);

// cost_from_string or a Usage error naming the option and the accepted names.
Cost parse_cost(std::string_view s, std::string_view option = "--cost");

// The --help text every command gives its --cost option.
inline constexpr const char* kCostHelp =
    "auto | instructions | cpu_time | wall_time (aliases: instr, cpu, wall)";

}  // namespace pj
