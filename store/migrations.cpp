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

std::vector<Migration> migrations() {
  return {
      {1, read_schema_file()},
  };
}

int user_version(Db& db) {
  Statement st = db.prepare("PRAGMA user_version");
  return st.step() ? static_cast<int>(st.int64(0)) : 0;
}

}  // namespace

int current_schema_version() {
  return 1;
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
