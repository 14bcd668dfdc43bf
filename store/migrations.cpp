// Schema migrations. Version 1 is store/schema.sql as written; each later version appends a
// migration here and never edits an earlier one, so any older database can be brought forward.
#include <sqlite3.h>

#include <fmt/format.h>

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "store/store.hpp"

namespace pj::store {

namespace {

struct Migration {
  int version;
  std::string sql;
};

std::string read_schema_file() {
  const std::filesystem::path file = std::filesystem::path(PJ_STORE_DIR) / "schema.sql";
  std::ifstream in(file);
  if (!in) fail_internal(fmt::format("{}: cannot read the store schema", file.string()));
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// Version 2: program tasks are reported net of their language's start-up too, so every
// stress_results row says what it is net of and keeps the gross figures beside the net ones.
constexpr const char* kGrossColumns = R"sql(
ALTER TABLE stress_results ADD COLUMN gross_instructions REAL;  -- before the baseline is subtracted
ALTER TABLE stress_results ADD COLUMN gross_cpu_s REAL;
ALTER TABLE stress_results ADD COLUMN gross_wall_s REAL;
-- the baseline program subtracted (role baseline, same task and language); NULL: costs are gross
ALTER TABLE stress_results ADD COLUMN baseline_id INTEGER REFERENCES programs(id);
)sql";

// Version 3: a function task's repeats are spread over several sessions of the program, and
// each call row says which one made it (the session's own bias is visible per call).
constexpr const char* kSessionColumn = R"sql(
ALTER TABLE executions ADD COLUMN session INTEGER;  -- function tasks: 0, 1, ...; NULL otherwise
)sql";

// Version 4: `run --shard I/N` records which shard a run is, and every run gets a unique id
// that `merge` keeps, so that merging the same shard twice is recognised as one run.
constexpr const char* kShardColumns = R"sql(
ALTER TABLE runs ADD COLUMN uid TEXT;           -- unique per run; merge copies it unchanged
ALTER TABLE runs ADD COLUMN shard_index INTEGER;  -- --shard I/N: I; NULL when not sharded
ALTER TABLE runs ADD COLUMN shard_count INTEGER;  -- N
ALTER TABLE runs ADD COLUMN shard_job_id TEXT;    -- the scheduler's job id; NULL when none
ALTER TABLE runs ADD COLUMN shard_host TEXT;      -- host name of the machine that ran it
ALTER TABLE runs ADD COLUMN shard_group TEXT;     -- hash of the scoring settings the shards share
CREATE INDEX runs_by_shard ON runs(shard_group, shard_index);
)sql";

std::vector<Migration> migrations() {
  return {
      {1, read_schema_file()},
      {2, kGrossColumns},
      {3, kSessionColumn},
      {4, kShardColumns},
  };
}

int user_version(Db& db) {
  Statement st = db.prepare("PRAGMA user_version");
  return st.step() ? static_cast<int>(st.int64(0)) : 0;
}

}  // namespace

int current_schema_version() {
  return 4;
}

void migrate(Db& db) {
  const int have = user_version(db);
  if (have > current_schema_version()) {
    fail_input(fmt::format(
        "{}: database written by a newer perfjudge (schema version {}, this build knows up to "
        "{}); use a newer perfjudge or another --db",
        db.file().string(), have, current_schema_version()));
  }
  for (const Migration& m : migrations()) {
    if (m.version <= have) continue;
    Transaction tx(db);
    if (user_version(db) >= m.version) continue;  // another process migrated meanwhile
    db.exec(m.sql);
    db.exec(fmt::format("PRAGMA user_version = {}", m.version));
    tx.commit();
  }
}

}  // namespace pj::store
