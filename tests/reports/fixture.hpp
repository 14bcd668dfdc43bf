// Builds small stores row by row, following store/schema.sql, for tests that need exact,
// hand-checkable numbers (the real-run fixture is in real_run_test.cpp).
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "store/db.hpp"

namespace pj::reports::test {

struct Level {
  int level;
  double hardness;
  std::vector<std::int64_t> seeds;
};

class FixtureDb {
 public:
  explicit FixtureDb(const std::filesystem::path& file);
  std::int64_t add_run(const std::string& settings_json = "{}");
  void add_task(std::int64_t run, const std::string& id, const std::vector<Level>& levels,
                double alpha = 2.0);
  std::int64_t add_reference(std::int64_t run, const std::string& task, const std::string& name,
                             const std::string& level, int rank,
                             const std::string& language = "cpp");
  std::int64_t add_sample(std::int64_t run, const std::string& task, const std::string& model,
                          const std::string& sample_id, const std::string& source = "int main(){}",
                          const std::string& language = "cpp");
  void add_result(std::int64_t program, const std::string& verdict, bool passed,
                  const std::string& excerpt = "");
  void add_stress(std::int64_t program, int level, std::int64_t seed, std::optional<double> cpu_s,
                  const std::string& verdict = "OK", bool censored = false,
                  std::optional<double> instructions = std::nullopt, double rss_kib = 2048,
                  double mem_time = 0.5);
  // Measured repeats of one (level, seed); instruction counts when given.
  void add_repeats(std::int64_t program, int level, std::int64_t seed,
                   const std::vector<double>& cpu_s, const std::vector<double>& instructions = {});
  // Replaces the run's host_json (add_run records {"cores":2}).
  void set_host(std::int64_t run, const std::string& host_json);
  store::Db& db() { return db_; }

 private:
  store::Db db_;
};

}  // namespace pj::reports::test
