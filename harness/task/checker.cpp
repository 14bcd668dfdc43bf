#include "harness/task/checker.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <vector>

#include "core/error.hpp"
#include "core/file.hpp"
#include "core/temp_dir.hpp"
#include "core/text.hpp"
#include "harness/task/execute.hpp"

namespace pj::harness {

namespace fs = std::filesystem;

namespace {

std::vector<std::string_view> tokens(std::string_view s) {
  std::vector<std::string_view> out;
  std::size_t i = 0;
  auto space = [](char c) {
    return c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\f' || c == '\v';
  };
  while (i < s.size()) {
    while (i < s.size() && space(s[i])) ++i;
    const std::size_t start = i;
    while (i < s.size() && !space(s[i])) ++i;
    if (i > start) out.push_back(s.substr(start, i - start));
  }
  return out;
}

CheckOutcome accept() {
  return {CheckVerdict::Accepted, ""};
}
CheckOutcome reject(std::string m) {
  return {CheckVerdict::WrongAnswer, std::move(m)};
}

std::string shown(std::string_view s) {
  return printable(s, 40);
}

CheckOutcome check_exact(std::string_view expected, std::string_view actual) {
  if (expected == actual) return accept();
  std::size_t i = 0;
  while (i < expected.size() && i < actual.size() && expected[i] == actual[i]) ++i;
  return reject(fmt::format("outputs differ at byte {} (expected {} bytes, got {})", i,
                            expected.size(), actual.size()));
}

std::optional<double> number(std::string_view tok) {
  double v = 0;
  const auto [end, ec] = std::from_chars(tok.data(), tok.data() + tok.size(), v);
  if (ec != std::errc() || end != tok.data() + tok.size()) return std::nullopt;
  return v;
}

bool close_enough(double e, double a, const Checker& c) {
  if (std::isnan(e) || std::isnan(a)) return std::isnan(e) && std::isnan(a);
  const double diff = std::fabs(a - e);
  return diff <= c.abs_tol || diff <= c.rel_tol * std::fabs(e);
}

// tokens, and with `floats`, numeric tokens compared with the checker's tolerances.
CheckOutcome check_tokens(std::string_view expected, std::string_view actual,
                          const Checker* floats) {
  const auto e = tokens(expected);
  const auto a = tokens(actual);
  for (std::size_t i = 0; i < e.size() && i < a.size(); ++i) {
    if (e[i] == a[i]) continue;
    if (floats != nullptr) {
      const auto ev = number(e[i]);
      const auto av = number(a[i]);
      if (ev && av && close_enough(*ev, *av, *floats)) continue;
    }
    return reject(fmt::format("token {}: expected {}, got {}", i + 1, shown(e[i]), shown(a[i])));
  }
  if (e.size() != a.size()) {
    return reject(fmt::format("expected {} tokens, got {}", e.size(), a.size()));
  }
  return accept();
}

// JSON values: equal as values; with `floats`, numbers within the tolerances.
bool json_equal(const nlohmann::json& e, const nlohmann::json& a, const Checker* floats) {
  if (floats != nullptr && e.is_number() && a.is_number()) {
    return close_enough(e.get<double>(), a.get<double>(), *floats);
  }
  if (e.is_array() && a.is_array()) {
    if (e.size() != a.size()) return false;
    for (std::size_t i = 0; i < e.size(); ++i) {
      if (!json_equal(e[i], a[i], floats)) return false;
    }
    return true;
  }
  if (e.is_object() && a.is_object()) {
    if (e.size() != a.size()) return false;
    for (auto it = e.begin(); it != e.end(); ++it) {
      auto other = a.find(it.key());
      if (other == a.end() || !json_equal(*it, *other, floats)) return false;
    }
    return true;
  }
  // Booleans are not numbers here (JSON keeps them apart, and so does Python's type()).
  if (e.is_boolean() != a.is_boolean()) return false;
  return e == a;
}

CheckOutcome check_json(std::string_view expected, std::string_view actual, const Checker* floats) {
  const auto e = nlohmann::json::parse(expected, nullptr, false);
  if (e.is_discarded()) return {CheckVerdict::CheckerError, "expected output is not valid JSON"};
  const auto a = nlohmann::json::parse(actual, nullptr, false);
  if (a.is_discarded()) return reject("output is not valid JSON: " + shown(actual));
  if (json_equal(e, a, floats)) return accept();
  return reject(
      fmt::format("expected {}, got {}",
                  shown(e.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace)),
                  shown(a.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace))));
}

// COFFE compares printed outputs with every whitespace character and square bracket removed,
// so `[1, 2]` and `1, 2` or `[1,2]\n` are the same answer.
std::string loose_text(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (const char c : s) {
    const bool skip = c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\f' || c == '\v' ||
                      c == '[' || c == ']';
    if (!skip) out += c;
  }
  return out;
}

CheckOutcome check_loose_text(std::string_view expected, std::string_view actual) {
  const std::string e = loose_text(expected), a = loose_text(actual);
  if (e == a) return accept();
  std::size_t i = 0;
  while (i < e.size() && i < a.size() && e[i] == a[i]) ++i;
  return reject(fmt::format(
      "outputs differ without whitespace and brackets at character {}: expected {}, got {}", i + 1,
      shown(std::string_view(e).substr(i)), shown(std::string_view(a).substr(i))));
}

// COFFE's expected values are JSON, which has no tuples: a tuple answers as the list it holds.
nlohmann::json tuples_as_lists(const nlohmann::json& v) {
  if (v.is_object() && v.size() == 1 && v.contains("$tuple")) return tuples_as_lists(v["$tuple"]);
  if (v.is_array() || v.is_object()) {
    nlohmann::json out = v;
    for (auto& item : out) item = tuples_as_lists(item);
    return out;
  }
  return v;
}

CheckOutcome check_loose_json(std::string_view expected, std::string_view actual) {
  const auto e = nlohmann::json::parse(expected, nullptr, false);
  if (e.is_discarded()) return {CheckVerdict::CheckerError, "expected output is not valid JSON"};
  const auto a = nlohmann::json::parse(actual, nullptr, false);
  if (a.is_discarded()) return reject("output is not valid JSON: " + shown(actual));
  const auto le = tuples_as_lists(e), la = tuples_as_lists(a);
  if (json_equal(le, la, nullptr)) return accept();
  return reject(
      fmt::format("expected {}, got {}",
                  shown(le.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace)),
                  shown(la.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace))));
}

CheckOutcome check_program(const Task& task, Builder& builder, const fs::path& input,
                           const fs::path& expected, const fs::path& actual) {
  const auto lang = language_from_extension(task.checker.file.extension().string());
  if (!lang) return {CheckVerdict::CheckerError, "checker has no known language"};
  const BuildResult built = builder.build(*lang, read_file(task.checker.file));
  if (!built.ok) {
    return {CheckVerdict::CheckerError,
            "checker does not build: " + first_lines(built.diagnostics, 3)};
  }
  Runnable r = built.runnable;
  for (const fs::path& p : {input, expected, actual}) {
    const fs::path abs = fs::absolute(p);
    r.argv.push_back(abs.string());
    // The same file may be passed twice (validate checks a reference's own answer).
    if (std::find(r.bind_ro.begin(), r.bind_ro.end(), abs) == r.bind_ro.end()) {
      r.bind_ro.push_back(abs);
    }
  }
  TempDir scratch("perfjudge-check");
  ExecOptions opt;
  opt.cpu_seconds = std::max(10.0, task.limits.cpu_seconds);
  opt.memory_mib = std::max<std::uint64_t>(2048, task.limits.memory_mib);
  const Execution ex = execute(r, "", opt, scratch.path());
  const auto& res = ex.result;
  const std::string said = first_lines(read_file(ex.stdout_file), 1);
  if (res.verdict == sandbox::Verdict::OK && res.exit_code == 0) return accept();
  if (res.verdict == sandbox::Verdict::RE && res.exit_code == 1) {
    return reject(said.empty() ? "rejected by the checker" : said);
  }
  return {CheckVerdict::CheckerError,
          fmt::format("checker {} failed: {} {} {}", task.checker.file.filename().string(),
                      sandbox::to_string(res.verdict), printable(res.message, 200),
                      first_lines(ex.stderr_head, 2))};
}

// exact, tokens, float and loose: no program to run.
CheckOutcome check_builtin(const Task& task, const fs::path& expected, const fs::path& actual) {
  const Checker& c = task.checker;
  const std::string e = read_file(expected);
  const std::string a = read_file(actual);
  if (c.type == CheckerType::Loose) {
    return task.kind == TaskKind::Function ? check_loose_json(e, a) : check_loose_text(e, a);
  }
  const Checker* floats = c.type == CheckerType::Float ? &c : nullptr;
  if (task.kind == TaskKind::Function) return check_json(e, a, floats);
  if (c.type == CheckerType::Exact) return check_exact(e, a);
  return check_tokens(e, a, floats);
}

}  // namespace

CheckOutcome check_output(const Task& task, Builder& builder, const fs::path& input,
                          const fs::path& expected, const fs::path& actual) {
  if (task.checker.type == CheckerType::Program) {
    return check_program(task, builder, input, expected, actual);
  }
  return check_builtin(task, expected, actual);
}

}  // namespace pj::harness
