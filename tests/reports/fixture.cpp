#include "fixture.hpp"

#include <fmt/format.h>

#include <fstream>
#include <sstream>

namespace pj::reports::test {

FixtureDb::FixtureDb(const std::filesystem::path& file) : db_(file, store::Db::Mode::ReadWrite) {
  std::ifstream in(std::filesystem::path(PJ_SOURCE_DIR) / "store" / "schema.sql");
  std::stringstream ss;
  ss << in.rdbuf();
  db_.exec(ss.str());
}

std::int64_t FixtureDb::add_run(const std::string& settings_json) {
  db_.prepare(
         "INSERT INTO runs(run_key, status, started_at, finished_at, command_line, "
         "perfjudge_version, git_hash, host_json, settings_json) VALUES ('k', 'complete', "
         "'2026-11-26T08:00:00Z', '2026-11-26T08:01:00Z', '[]', '0.1.0', 'abc', "
         "'{\"cores\":2}', ?)")
      .bind(1, settings_json)
      .run();
  return db_.last_insert_id();
}

void FixtureDb::set_host(std::int64_t run, const std::string& host_json) {
  db_.prepare("UPDATE runs SET host_json = ? WHERE id = ?").bind(1, host_json).bind(2, run).run();
}

void FixtureDb::add_task(std::int64_t run, const std::string& id, const std::vector<Level>& levels,
                         double alpha) {
  std::string lj = "[";
  for (const auto& l : levels) {
    if (lj.size() > 1) lj += ",";
    lj += fmt::format("{{\"level\":{},\"hardness\":{},\"seeds\":[{}],\"args\":[]}}", l.level,
                      l.hardness, fmt::join(l.seeds, ","));
  }
  lj += "]";
  db_.prepare("INSERT INTO tasks VALUES (?, ?, 'program', 'sha', ?, ?)")
      .bind(1, run)
      .bind(2, id)
      .bind(3, alpha)
      .bind(4, lj)
      .run();
}

std::int64_t FixtureDb::add_reference(std::int64_t run, const std::string& task,
                                      const std::string& name, const std::string& level, int rank,
                                      const std::string& language) {
  db_.prepare(
         "INSERT INTO programs(run_id, task_id, role, model, sample_id, ref_level, ref_rank, "
         "language, source_sha1, source) VALUES (?, ?, 'reference', '', ?, ?, ?, ?, 's', "
         "'ref')")
      .bind(1, run)
      .bind(2, task)
      .bind(3, name)
      .bind(4, level)
      .bind(5, std::int64_t{rank})
      .bind(6, language)
      .run();
  const auto id = db_.last_insert_id();
  add_result(id, "OK", true);
  return id;
}

std::int64_t FixtureDb::add_sample(std::int64_t run, const std::string& task,
                                   const std::string& model, const std::string& sample_id,
                                   const std::string& source, const std::string& language) {
  db_.prepare(
         "INSERT INTO programs(run_id, task_id, role, model, sample_id, language, source_sha1, "
         "source, raw_response, sanitize_json, origin) VALUES (?, ?, 'sample', ?, ?, ?, 's', "
         "?, ?, '{\"blocks\":1}', 'samples.jsonl:1')")
      .bind(1, run)
      .bind(2, task)
      .bind(3, model)
      .bind(4, sample_id)
      .bind(5, language)
      .bind(6, source)
      .bind(7, "```" + language + "\n" + source + "\n```")
      .run();
  return db_.last_insert_id();
}

void FixtureDb::add_result(std::int64_t program, const std::string& verdict, bool passed,
                           const std::string& excerpt) {
  db_.prepare(
         "INSERT INTO program_results(program_id, verdict, passed, failed_test, message, "
         "output_excerpt) VALUES (?, ?, ?, ?, ?, ?)")
      .bind(1, program)
      .bind(2, verdict)
      .bind(3, std::int64_t{passed ? 1 : 0})
      .bind(4, passed ? std::optional<std::string>() : std::optional<std::string>("small"))
      .bind(5, passed ? std::optional<std::string>() : std::optional<std::string>("wrong answer"))
      .bind(6, excerpt)
      .run();
}

void FixtureDb::add_stress(std::int64_t program, int level, std::int64_t seed,
                           std::optional<double> cpu_s, const std::string& verdict, bool censored,
                           std::optional<double> instructions, double rss_kib, double mem_time) {
  db_.prepare("INSERT INTO stress_results VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
      .bind(1, program)
      .bind(2, std::int64_t{level})
      .bind(3, seed)
      .bind(4, verdict)
      .bind(5, std::int64_t{censored ? 1 : 0})
      .bind(6, instructions)
      .bind(7, cpu_s)
      .bind(8, cpu_s)
      .bind(9, static_cast<std::int64_t>(rss_kib))
      .bind(10, mem_time)
      .run();
}

void FixtureDb::add_repeats(std::int64_t program, int level, std::int64_t seed,
                            const std::vector<double>& cpu_s,
                            const std::vector<double>& instructions) {
  for (std::size_t i = 0; i < cpu_s.size(); ++i) {
    const auto ns = static_cast<std::int64_t>(cpu_s[i] * 1e9);
    db_.prepare(
           "INSERT INTO executions(program_id, phase, test_name, level, seed, repeat, verdict, "
           "exit_code, wall_ns, cpu_user_ns, cpu_sys_ns, max_rss_kib, mem_time_mib_s, "
           "stdout_bytes) VALUES (?, 'stress', 't', ?, ?, ?, 'OK', 0, ?, ?, 0, 1000, 0.1, 10)")
        .bind(1, program)
        .bind(2, std::int64_t{level})
        .bind(3, seed)
        .bind(4, static_cast<std::int64_t>(i))
        .bind(5, ns)
        .bind(6, ns)
        .run();
    if (i < instructions.size()) {
      db_.prepare("INSERT INTO counters VALUES (?, 'instructions', ?, 'valgrind', NULL, NULL)")
          .bind(1, db_.last_insert_id())
          .bind(2, instructions[i])
          .run();
    }
  }
}

}  // namespace pj::reports::test
