// The history schema and its migrations.
#include "bench/history/schema.h"

namespace servebench::history {
namespace {

constexpr char kVersion1[] = R"sql(
CREATE TABLE schema_version (version INTEGER NOT NULL);
INSERT INTO schema_version (version) VALUES (0);
CREATE TABLE runs (
  id INTEGER PRIMARY KEY,
  suite TEXT NOT NULL DEFAULT '',
  model TEXT NOT NULL DEFAULT '',
  engine TEXT NOT NULL DEFAULT '',
  engine_version TEXT NOT NULL DEFAULT '',
  host TEXT NOT NULL DEFAULT '',
  git_commit TEXT NOT NULL DEFAULT '',
  started_at TEXT NOT NULL,
  max_model_len INTEGER,
  gpu_memory_utilization REAL,
  source TEXT NOT NULL DEFAULT '',
  recorded_at TEXT NOT NULL
);
CREATE INDEX runs_by_start ON runs (started_at, id);
CREATE INDEX runs_by_suite_model ON runs (suite, model);
CREATE TABLE run_labels (
  run_id INTEGER NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
  key TEXT NOT NULL,
  value TEXT NOT NULL,
  PRIMARY KEY (run_id, key)
);
CREATE TABLE run_context (
  run_id INTEGER NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
  key TEXT NOT NULL,
  value TEXT NOT NULL,
  PRIMARY KEY (run_id, key)
);
CREATE TABLE run_server (
  run_id INTEGER NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
  metric TEXT NOT NULL,
  value REAL NOT NULL,
  PRIMARY KEY (run_id, metric)
);
CREATE TABLE cases (
  id INTEGER PRIMARY KEY,
  run_id INTEGER NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  isl INTEGER NOT NULL,
  osl INTEGER NOT NULL,
  level REAL NOT NULL DEFAULT 0,
  status TEXT NOT NULL,
  verdict TEXT NOT NULL DEFAULT '',
  message TEXT NOT NULL DEFAULT '',
  recorded_at TEXT NOT NULL,
  UNIQUE (run_id, name)
);
CREATE TABLE case_figures (
  case_id INTEGER NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
  metric TEXT NOT NULL,
  mean REAL NOT NULL,
  PRIMARY KEY (case_id, metric)
);
CREATE TABLE case_samples (
  case_id INTEGER NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
  metric TEXT NOT NULL,
  position INTEGER NOT NULL,
  value REAL NOT NULL,
  PRIMARY KEY (case_id, metric, position)
);
)sql";

Result<bool> HasTable(Database& db, const std::string& name) {
  Result<Statement> query = db.Prepare(
      "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = ?");
  if (!query.ok()) return query;
  query->Bind(1, name);
  Result<bool> row = query->Step();
  if (!row.ok()) return row;
  return *row && query->Int(0) > 0;
}

}  // namespace

const std::vector<Migration>& Migrations() {
  static const std::vector<Migration> kMigrations = {{1, kVersion1}};
  return kMigrations;
}

Result<int> ReadSchemaVersion(Database& db) {
  Result<bool> has_version = HasTable(db, "schema_version");
  if (!has_version.ok()) return has_version;
  if (!*has_version) {
    Result<Statement> tables =
        db.Prepare("SELECT count(*) FROM sqlite_master WHERE type = 'table'");
    if (!tables.ok()) return tables;
    Result<bool> row = tables->Step();
    if (!row.ok()) return row;
    if (*row && tables->Int(0) > 0) {
      return Error{"history database " + db.path() +
                   " is a SQLite database but not a servebench history (it "
                   "has tables but no schema_version); use a new file"};
    }
    return 0;
  }
  Result<Statement> version = db.Prepare("SELECT version FROM schema_version");
  if (!version.ok()) return version;
  Result<bool> row = version->Step();
  if (!row.ok()) return row;
  if (!*row) {
    return Error{"history database " + db.path() +
                 ": its schema_version table is empty; the file is damaged"};
  }
  return static_cast<int>(version->Int(0));
}

Status Migrate(Database& db, const std::vector<Migration>& migrations) {
  const int latest = migrations.empty() ? 0 : migrations.back().to_version;
  // Reading the version inside the write transaction: a second process that
  // waited for the lock sees the first one's migration and does nothing.
  Result<WriteTransaction> transaction = WriteTransaction::Begin(db);
  if (!transaction.ok()) return transaction;
  Result<int> version = ReadSchemaVersion(db);
  if (!version.ok()) return version;
  if (*version > latest) {
    return Error{"history database " + db.path() + " has schema version " +
                 std::to_string(*version) + ", newer than this servebench (" +
                 std::to_string(latest) +
                 ") knows; use the servebench that wrote it, or a newer one"};
  }
  if (*version == latest) return Ok{};  // the transaction rolls back: nothing
  for (const Migration& migration : migrations) {
    if (migration.to_version <= *version) continue;
    if (Status applied = db.Exec(migration.sql); !applied.ok()) {
      return Error{"migrating to schema version " +
                   std::to_string(migration.to_version) + ": " +
                   applied.error()};
    }
    Result<Statement> update =
        db.Prepare("UPDATE schema_version SET version = ?");
    if (!update.ok()) return update;
    update->Bind(1, static_cast<int64_t>(migration.to_version));
    if (Status s = update->Run(); !s.ok()) return s;
  }
  return transaction->Commit();
}

}  // namespace servebench::history
