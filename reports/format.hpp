// Rendering a leaderboard (and the per-task and per-sample views) in every output format.
// Every string that comes from a run (model names, sample ids, program output) is escaped for
// the target format.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "reports/dataset.hpp"
#include "reports/leaderboard.hpp"

namespace pj::reports {

enum class Format { Text, Markdown, Html, Csv, Json };
Format parse_format(std::string_view s);  // text | md | html | csv | json; else Usage error

// Numbers as shown in tables: 3 significant digits, no exponent below 1e6.
std::string format_number(double v);

// Aligned leaderboard that fits `width` columns (metric columns wrap into blocks), then the
// per-task view. Reasons for unavailable metrics are footnotes.
std::string format_text(const Dataset& ds, const Leaderboard& lb, int width = 100);
std::string format_markdown(const Dataset& ds, const Leaderboard& lb);
// One row per model, or per (model, task) when by_task.
std::string format_csv(const Leaderboard& lb, bool by_task);
// The machine-readable contract (README, section "Reports"); `benchmarks` holds the per-repeat
// stress measurements the gate reads back, present when ds was loaded with repeats.
nlohmann::json to_json(const Dataset& ds, const Leaderboard& lb);
std::string format_json(const Dataset& ds, const Leaderboard& lb);
// One self-contained offline page: inline CSS, JS and SVG only.
std::string format_html(const Dataset& ds, const Leaderboard& lb);

// Per-sample view of one task (`report --task ID`): verdicts, per-level costs and repeats with
// their CV (flagged unstable above metrics::kUnstableCv), failure excerpts, raw response,
// sanitized program and sanitize report. `with_calls` (`--calls`) also lists every repeat's
// gross cost, grouped by session, modified-z outliers starred. The JSON always carries them.
std::string format_task_text(const Dataset& ds, const Leaderboard& lb, const std::string& task,
                             bool with_calls = false);
nlohmann::json task_to_json(const Dataset& ds, const Leaderboard& lb, const std::string& task);

// Why a sample that passed its correctness tests still fails (a WA, RE, ... on a stress input),
// e.g. "WA on stress level 1 seed 2"; empty when it does not.
std::string stress_failure_text(const Program& p);

// Escaping helpers, public for tests.
std::string html_escape(std::string_view s);
// JSON text safe to embed inside <script>: <, >, &, U+2028 and U+2029 become \u escapes.
std::string script_safe_json(const nlohmann::json& j);
std::string csv_field(std::string_view s);
std::string md_escape(std::string_view s);

}  // namespace pj::reports
