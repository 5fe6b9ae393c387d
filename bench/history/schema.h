// The history's tables and how a database file gets from any earlier
// schema version to the current one.
//
// Version 1:
//   schema_version(version)                      one row
//   runs(id, suite, model, engine, engine_version, host, git_commit,
//        started_at, max_model_len, gpu_memory_utilization, source,
//        recorded_at)
//   run_labels(run_id, key, value)               BENCH_LABELS
//   run_context(run_id, key, value)              server flags and facts
//   run_server(run_id, metric, value)            memory facts
//   cases(id, run_id, name, isl, osl, level, status, verdict, message,
//         recorded_at)                           unique (run_id, name)
//   case_figures(case_id, metric, mean)
//   case_samples(case_id, metric, position, value)
//
// A migration is the SQL that takes a file from version N-1 to N; they run
// in order inside one write transaction, so a file is either fully migrated
// or untouched, and two processes opening an old file at once migrate it
// once.
#ifndef SERVEBENCH_BENCH_HISTORY_SCHEMA_H_
#define SERVEBENCH_BENCH_HISTORY_SCHEMA_H_

#include <string>
#include <vector>

#include "bench/history/sqlite_db.h"
#include "bench/base/result.h"

namespace servebench::history {

struct Migration {
  int to_version;   // 1, 2, ...: consecutive from 1
  std::string sql;  // statements taking version to_version - 1 to it
};

// This build's migrations; the last one's version is kSchemaVersion.
const std::vector<Migration>& Migrations();
constexpr int kSchemaVersion = 1;

// The version recorded in the file: 0 for a new, empty file. Fails for a
// database that has tables but no schema_version (not a history).
Result<int> ReadSchemaVersion(Database& db);

// Brings the file to the last version of `migrations`. Fails, leaving the
// file as it was, when the file is newer than `migrations` know (written by
// a later servebench) or a migration fails.
Status Migrate(Database& db, const std::vector<Migration>& migrations);

}  // namespace servebench::history

#endif  // SERVEBENCH_BENCH_HISTORY_SCHEMA_H_
