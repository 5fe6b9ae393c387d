// The history store: every run and case kept in one SQLite file
// (BENCH_HISTORY=path/to/history.db).
//
// Writes are transactions that take the write lock first (BEGIN IMMEDIATE)
// in WAL mode with a busy timeout: two suites appending to the same file at
// once queue for a few milliseconds each and lose nothing; readers see a
// consistent snapshot while a suite writes. Every error is one sentence that
// names the database file.
//
// A suite appends as it goes:
//
//   Result<HistoryStore> store = HistoryStore::Open(path);
//   Result<int64_t> run = store->BeginRun(run_context);
//   ... after every case:  store->AppendCase(*run, case_record);
//
// and an import writes a whole run at once with AppendRun.
#ifndef SERVEBENCH_BENCH_HISTORY_STORE_H_
#define SERVEBENCH_BENCH_HISTORY_STORE_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "bench/history/history_types.h"
#include "bench/history/schema.h"
#include "bench/history/sqlite_db.h"
#include "bench/base/result.h"

namespace servebench::history {

struct StoreOptions {
  bool create = true;  // false: fail when the file does not exist
  // How long a writer waits for another's transaction to finish.
  int busy_timeout_ms = 30000;
  // The migrations to apply on open; tests substitute their own.
  const std::vector<Migration>* migrations = nullptr;  // null: Migrations()
};

struct AppendOutcome {
  int64_t run_id = 0;
  bool inserted = true;  // false: an identical run was there already
};

// The most runs one LoadRuns returns; narrow with RunFilter::last.
constexpr size_t kMaxLoadedRuns = 20000;

class HistoryStore {
 public:
  // Opens or creates the file and migrates it to the current schema.
  static Result<HistoryStore> Open(const std::string& path,
                                   const StoreOptions& options = {});

  // Records a run's context; returns its id for AppendCase. An empty
  // started_at becomes the current local time.
  Result<int64_t> BeginRun(const HistoryRun& run);

  // Records one case of run `run_id` with its figures and samples; a case
  // of the same name already recorded for that run is replaced.
  Status AppendCase(int64_t run_id, const HistoryCase& c);

  // A whole run in one transaction. With `skip_duplicate`, a run with the
  // same started_at, host, model and suite already in the history is not
  // added again (importing the same file twice keeps one copy).
  Result<AppendOutcome> AppendRun(const HistoryRun& run,
                                  const std::vector<HistoryCase>& cases,
                                  bool skip_duplicate);

  // Matching runs, oldest first (by started_at, then id), with every case.
  // Fails when more than kMaxLoadedRuns match.
  Result<std::vector<StoredRun>> LoadRuns(const RunFilter& filter);

  Result<int> SchemaVersion();
  const std::string& path() const { return db_.path(); }

 private:
  explicit HistoryStore(Database db) : db_(std::move(db)) {}
  Result<int64_t> InsertRun(const HistoryRun& run);
  Status InsertCase(int64_t run_id, const HistoryCase& c);
  Result<std::optional<int64_t>> FindDuplicate(const HistoryRun& run);

  Database db_;
};

}  // namespace servebench::history

#endif  // SERVEBENCH_BENCH_HISTORY_STORE_H_
