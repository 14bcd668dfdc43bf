// Names of verdicts and backends, and the JSON form of the meta record.
#include <array>
#include <nlohmann/json.hpp>

#include "core/error.hpp"
#include "sandbox/sandbox.hpp"

namespace pj::sandbox {
namespace {

constexpr std::array<std::pair<Verdict, std::string_view>, 8> kVerdicts{{
    {Verdict::OK, "OK"},
    {Verdict::RE, "RE"},
    {Verdict::TLE, "TLE"},
    {Verdict::TLE_WALL, "TLE_WALL"},
    {Verdict::MLE, "MLE"},
    {Verdict::OLE, "OLE"},
    {Verdict::SECURITY, "SECURITY"},
    {Verdict::IE, "IE"},
}};

constexpr std::array<std::pair<CounterBackend, std::string_view>, 3> kBackends{{
    {CounterBackend::Perf, "perf"},
    {CounterBackend::Valgrind, "valgrind"},
    {CounterBackend::Auto, "auto"},
}};

template <typename T>
std::optional<T> optional_field(const nlohmann::json& j, const char* key) {
  if (!j.contains(key) || j.at(key).is_null()) return std::nullopt;
  return j.at(key).get<T>();
}

}  // namespace

std::string_view to_string(Verdict v) {
  for (const auto& [verdict, name] : kVerdicts)
    if (verdict == v) return name;
  return "IE";
}

std::optional<Verdict> verdict_from_string(std::string_view s) {
  for (const auto& [verdict, name] : kVerdicts)
    if (name == s) return verdict;
  return std::nullopt;
}

std::string_view to_string(CounterBackend b) {
  for (const auto& [backend, name] : kBackends)
    if (backend == b) return name;
  return "auto";
}

std::optional<CounterBackend> backend_from_string(std::string_view s) {
  for (const auto& [backend, name] : kBackends)
    if (name == s) return backend;
  return std::nullopt;
}

nlohmann::json to_json(const Result& r) {
  nlohmann::json counters = nlohmann::json::object();
  for (const auto& [name, c] : r.counters) {
    counters[name] = {{"value", c.value},
                      {"backend", c.backend},
                      {"time_enabled_ns", c.time_enabled_ns},
                      {"time_running_ns", c.time_running_ns}};
  }
  nlohmann::json j = {
      {"verdict", std::string(to_string(r.verdict))},
      {"exit_code", r.exit_code ? nlohmann::json(*r.exit_code) : nlohmann::json(nullptr)},
      {"signal", r.signal ? nlohmann::json(*r.signal) : nlohmann::json(nullptr)},
      {"wall_ns", r.wall_ns},
      {"cpu_user_ns", r.cpu_user_ns},
      {"cpu_sys_ns", r.cpu_sys_ns},
      {"max_rss_kib", r.max_rss_kib},
      {"stdout_bytes", r.stdout_bytes},
      {"stderr_bytes", r.stderr_bytes},
      {"killed_by_sandbox", r.killed_by_sandbox},
      {"message", r.message},
      {"counters", counters},
      {"counters_unavailable", r.counters_unavailable},
  };
  return j;
}

Result result_from_json(const nlohmann::json& j) {
  try {
    Result r;
    const auto verdict = verdict_from_string(j.at("verdict").get<std::string>());
    if (!verdict) fail_input("meta record: unknown verdict " + j.at("verdict").dump());
    r.verdict = *verdict;
    r.exit_code = optional_field<int>(j, "exit_code");
    r.signal = optional_field<int>(j, "signal");
    r.wall_ns = j.at("wall_ns").get<std::uint64_t>();
    r.cpu_user_ns = j.at("cpu_user_ns").get<std::uint64_t>();
    r.cpu_sys_ns = j.at("cpu_sys_ns").get<std::uint64_t>();
    r.max_rss_kib = j.at("max_rss_kib").get<std::uint64_t>();
    r.stdout_bytes = j.at("stdout_bytes").get<std::uint64_t>();
    r.stderr_bytes = j.at("stderr_bytes").get<std::uint64_t>();
    r.killed_by_sandbox = j.at("killed_by_sandbox").get<bool>();
    r.message = j.value("message", std::string());
    const nlohmann::json counters = j.value("counters", nlohmann::json::object());
    for (const auto& [name, c] : counters.items()) {
      r.counters[name] = Counter{c.at("value").get<double>(), c.at("backend").get<std::string>(),
                                 c.at("time_enabled_ns").get<std::uint64_t>(),
                                 c.at("time_running_ns").get<std::uint64_t>()};
    }
    r.counters_unavailable = j.value("counters_unavailable", std::map<std::string, std::string>());
    return r;
  } catch (const nlohmann::json::exception& e) {
    fail_input(std::string("meta record: ") + e.what());
  }
}

}  // namespace pj::sandbox
