// Appending runs and cases to the history, and reading them back.
#include "bench/history/store.h"

#include <algorithm>
#include <ctime>

#include "bench/history/validate.h"

namespace servebench::history {
namespace {

std::string TimeText(bool utc) {
  const std::time_t now = std::time(nullptr);
  std::tm parts{};
  if (utc) {
    gmtime_r(&now, &parts);
  } else {
    localtime_r(&now, &parts);
  }
  char buf[32];
  std::strftime(buf, sizeof buf,
                utc ? "%Y-%m-%dT%H:%M:%SZ" : "%Y-%m-%dT%H:%M:%S", &parts);
  return buf;
}

// The statements that read a run's details, prepared once per LoadRuns.
struct DetailQueries {
  Statement labels, context, server, cases, figures, samples;
};

Result<DetailQueries> PrepareDetails(Database& db) {
  const char* sql[] = {
      "SELECT key, value FROM run_labels WHERE run_id = ?",
      "SELECT key, value FROM run_context WHERE run_id = ?",
      "SELECT metric, value FROM run_server WHERE run_id = ?",
      "SELECT id, name, isl, osl, level, status, verdict, message FROM cases "
      "WHERE run_id = ? ORDER BY id",
      "SELECT metric, mean FROM case_figures WHERE case_id = ?",
      "SELECT metric, value FROM case_samples WHERE case_id = ? "
      "ORDER BY metric, position"};
  std::vector<Statement> prepared;
  for (const char* text : sql) {
    Result<Statement> s = db.Prepare(text);
    if (!s.ok()) return s;
    prepared.push_back(std::move(*s));
  }
  return DetailQueries{std::move(prepared[0]), std::move(prepared[1]),
                       std::move(prepared[2]), std::move(prepared[3]),
                       std::move(prepared[4]), std::move(prepared[5])};
}

// Runs `query` bound to `id` and calls `row` for every result row.
template <typename RowFn>
Status ForEachRow(Statement& query, int64_t id, RowFn row) {
  query.Reset();
  query.Bind(1, id);
  while (true) {
    Result<bool> more = query.Step();
    if (!more.ok()) return more;
    if (!*more) return Ok{};
    row(query);
  }
}

Status LoadDetails(DetailQueries& q, StoredRun& stored) {
  HistoryRun& run = stored.run;
  Status s = ForEachRow(q.labels, stored.id, [&](Statement& r) {
    run.labels[r.Text(0)] = r.Text(1);
  });
  if (!s.ok()) return s;
  s = ForEachRow(q.context, stored.id,
                 [&](Statement& r) { run.context[r.Text(0)] = r.Text(1); });
  if (!s.ok()) return s;
  s = ForEachRow(q.server, stored.id,
                 [&](Statement& r) { run.server[r.Text(0)] = r.Double(1); });
  if (!s.ok()) return s;
  std::vector<int64_t> case_ids;
  s = ForEachRow(q.cases, stored.id, [&](Statement& r) {
    case_ids.push_back(r.Int(0));
    HistoryCase c;
    c.name = r.Text(1);
    c.isl = r.Int(2);
    c.osl = r.Int(3);
    c.level = r.Double(4);
    c.status = r.Text(5);
    c.verdict = r.Text(6);
    c.message = r.Text(7);
    stored.cases.push_back(std::move(c));
  });
  if (!s.ok()) return s;
  for (size_t i = 0; i < case_ids.size(); ++i) {
    HistoryCase& c = stored.cases[i];
    s = ForEachRow(q.figures, case_ids[i],
                   [&](Statement& r) { c.means[r.Text(0)] = r.Double(1); });
    if (!s.ok()) return s;
    s = ForEachRow(q.samples, case_ids[i], [&](Statement& r) {
      c.samples[r.Text(0)].push_back(r.Double(1));
    });
    if (!s.ok()) return s;
  }
  return Ok{};
}

// Runs `sql` (parameters: the owner's id, a key, its value) once per entry
// of `entries`.
template <typename Map>
Status InsertEach(Database& db, const char* sql, int64_t owner,
                  const Map& entries) {
  Result<Statement> statement = db.Prepare(sql);
  if (!statement.ok()) return statement;
  for (const auto& [key, value] : entries) {
    statement->Reset();
    statement->Bind(1, owner).Bind(2, key).Bind(3, value);
    SB_RETURN_IF_ERROR(statement->Run());
  }
  return Ok{};
}

}  // namespace

Result<HistoryStore> HistoryStore::Open(const std::string& path,
                                        const StoreOptions& options) {
  Result<Database> db = Database::Open(
      path, Database::OpenOptions{options.create, options.busy_timeout_ms});
  if (!db.ok()) return db;
  const std::vector<Migration>& migrations =
      options.migrations != nullptr ? *options.migrations : Migrations();
  SB_RETURN_IF_ERROR(Migrate(*db, migrations));
  return HistoryStore(std::move(*db));
}

Result<int> HistoryStore::SchemaVersion() { return ReadSchemaVersion(db_); }

Result<int64_t> HistoryStore::InsertRun(const HistoryRun& raw) {
  Result<HistoryRun> checked = ValidatedRun(raw);
  if (!checked.ok()) {
    return Error{"history database " + path() +
                 ": not recorded: " + checked.error()};
  }
  const HistoryRun& run = *checked;
  Result<Statement> insert = db_.Prepare(
      "INSERT INTO runs (suite, model, engine, engine_version, host, "
      "git_commit, started_at, max_model_len, gpu_memory_utilization, source, "
      "recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  if (!insert.ok()) return insert;
  insert->Bind(1, run.suite)
      .Bind(2, run.model)
      .Bind(3, run.engine)
      .Bind(4, run.engine_version)
      .Bind(5, run.host)
      .Bind(6, run.commit)
      .Bind(7, run.started_at.empty() ? TimeText(false) : run.started_at)
      .Bind(8, run.max_model_len)
      .Bind(9, run.gpu_memory_utilization)
      .Bind(10, run.source)
      .Bind(11, TimeText(true));
  SB_RETURN_IF_ERROR(insert->Run());
  const int64_t id = db_.LastInsertId();

  SB_RETURN_IF_ERROR(InsertEach(
      db_, "INSERT INTO run_labels (run_id, key, value) VALUES (?, ?, ?)", id,
      run.labels));
  SB_RETURN_IF_ERROR(InsertEach(
      db_, "INSERT INTO run_context (run_id, key, value) VALUES (?, ?, ?)", id,
      run.context));
  SB_RETURN_IF_ERROR(InsertEach(
      db_, "INSERT INTO run_server (run_id, metric, value) VALUES (?, ?, ?)",
      id, run.server));
  return id;
}

Status HistoryStore::InsertCase(int64_t run_id, const HistoryCase& raw) {
  Result<HistoryCase> checked = ValidatedCase(raw);
  if (!checked.ok()) {
    return Error{"history database " + path() + ": run " +
                 std::to_string(run_id) + ": not recorded: " + checked.error()};
  }
  const HistoryCase& c = *checked;
  Result<Statement> exists = db_.Prepare("SELECT 1 FROM runs WHERE id = ?");
  if (!exists.ok()) return exists;
  exists->Bind(1, run_id);
  Result<bool> found = exists->Step();
  if (!found.ok()) return found;
  if (!*found) {
    return Error{"history database " + path() + ": there is no run " +
                 std::to_string(run_id) + " to add case " + c.name +
                 " to; call BeginRun first"};
  }
  // Replacing a case: its figures and samples go with it (ON DELETE CASCADE).
  Result<Statement> remove =
      db_.Prepare("DELETE FROM cases WHERE run_id = ? AND name = ?");
  if (!remove.ok()) return remove;
  remove->Bind(1, run_id).Bind(2, c.name);
  if (Status s = remove->Run(); !s.ok()) return s;

  Result<Statement> insert = db_.Prepare(
      "INSERT INTO cases (run_id, name, isl, osl, level, status, verdict, "
      "message, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
  if (!insert.ok()) return insert;
  insert->Bind(1, run_id)
      .Bind(2, c.name)
      .Bind(3, c.isl)
      .Bind(4, c.osl)
      .Bind(5, c.level)
      .Bind(6, c.status)
      .Bind(7, c.verdict)
      .Bind(8, c.message)
      .Bind(9, TimeText(true));
  if (Status s = insert->Run(); !s.ok()) return s;
  const int64_t case_id = db_.LastInsertId();

  SB_RETURN_IF_ERROR(InsertEach(
      db_, "INSERT INTO case_figures (case_id, metric, mean) VALUES (?, ?, ?)",
      case_id, c.means));
  Result<Statement> sample = db_.Prepare(
      "INSERT INTO case_samples (case_id, metric, position, value) "
      "VALUES (?, ?, ?, ?)");
  if (!sample.ok()) return sample;
  for (const auto& [metric, values] : c.samples) {
    for (size_t i = 0; i < values.size(); ++i) {
      sample->Reset();
      sample->Bind(1, case_id)
          .Bind(2, metric)
          .Bind(3, static_cast<int64_t>(i))
          .Bind(4, values[i]);
      if (Status s = sample->Run(); !s.ok()) return s;
    }
  }
  return Ok{};
}

Result<int64_t> HistoryStore::BeginRun(const HistoryRun& run) {
  Result<WriteTransaction> transaction = WriteTransaction::Begin(db_);
  if (!transaction.ok()) return transaction;
  Result<int64_t> id = InsertRun(run);
  if (!id.ok()) return id;
  SB_RETURN_IF_ERROR(transaction->Commit());
  return id;
}

Status HistoryStore::AppendCase(int64_t run_id, const HistoryCase& c) {
  Result<WriteTransaction> transaction = WriteTransaction::Begin(db_);
  if (!transaction.ok()) return transaction;
  if (Status s = InsertCase(run_id, c); !s.ok()) return s;
  return transaction->Commit();
}

Result<std::optional<int64_t>> HistoryStore::FindDuplicate(
    const HistoryRun& run) {
  if (run.started_at.empty()) return std::optional<int64_t>();
  Result<Statement> query = db_.Prepare(
      "SELECT id FROM runs WHERE started_at = ? AND host = ? AND model = ? "
      "AND suite = ? ORDER BY id LIMIT 1");
  if (!query.ok()) return query;
  // The stored texts went through SafeText; compare like with like.
  query->Bind(1, run.started_at)
      .Bind(2, SafeText(run.host, kMaxShortText))
      .Bind(3, SafeText(run.model, kMaxShortText))
      .Bind(4, SafeText(run.suite, kMaxShortText));
  Result<bool> row = query->Step();
  if (!row.ok()) return row;
  if (!*row) return std::optional<int64_t>();
  return std::optional<int64_t>(query->Int(0));
}

Result<AppendOutcome> HistoryStore::AppendRun(
    const HistoryRun& run, const std::vector<HistoryCase>& cases,
    bool skip_duplicate) {
  if (cases.size() > kMaxCasesPerRun) {
    return Error{"history database " + path() + ": a run of " +
                 std::to_string(cases.size()) + " cases is more than the " +
                 std::to_string(kMaxCasesPerRun) + " kept per run"};
  }
  // The check and the insert share the write lock: two processes importing
  // the same file at once still keep one copy.
  Result<WriteTransaction> transaction = WriteTransaction::Begin(db_);
  if (!transaction.ok()) return transaction;
  if (skip_duplicate) {
    Result<std::optional<int64_t>> duplicate = FindDuplicate(run);
    if (!duplicate.ok()) return duplicate;
    if (*duplicate) return AppendOutcome{**duplicate, false};
  }
  Result<int64_t> id = InsertRun(run);
  if (!id.ok()) return id;
  for (const HistoryCase& c : cases) {
    SB_RETURN_IF_ERROR(InsertCase(*id, c));
  }
  SB_RETURN_IF_ERROR(transaction->Commit());
  return AppendOutcome{*id, true};
}

Result<std::vector<StoredRun>> HistoryStore::LoadRuns(const RunFilter& filter) {
  for (const auto& [key, value] : filter.labels) {
    SB_RETURN_IF_ERROR(CheckKey(key, "label key"));
  }
  for (const std::string* bound : {&filter.since, &filter.until}) {
    if (!bound->empty() && !IsTimestamp(*bound)) {
      return Error{"\"" + SafeText(*bound, 80) +
                   "\" is not a date or time like 2026-02-22 or "
                   "2026-02-22T10:32:42"};
    }
  }
  std::string sql =
      "SELECT id, suite, model, engine, engine_version, host, git_commit, "
      "started_at, max_model_len, gpu_memory_utilization, source, recorded_at "
      "FROM runs WHERE (?1 = '' OR suite = ?1) AND (?2 = '' OR model = ?2) "
      "AND (?3 = '' OR started_at >= ?3) "
      "AND (?4 = '' OR substr(started_at, 1, length(?4)) <= ?4)";
  for (size_t i = 0; i < filter.labels.size(); ++i) {
    const std::string key = std::to_string(6 + 2 * i);
    const std::string value = std::to_string(7 + 2 * i);
    sql +=
        " AND EXISTS (SELECT 1 FROM run_labels l WHERE l.run_id = runs.id "
        "AND l.key = ?" +
        key + " AND l.value = ?" + value + ")";
  }
  sql += " ORDER BY started_at DESC, id DESC LIMIT ?5";

  Result<ReadTransaction> snapshot = ReadTransaction::Begin(db_);
  if (!snapshot.ok()) return snapshot;
  Result<Statement> query = db_.Prepare(sql);
  if (!query.ok()) return query;
  const size_t limit = filter.last > 0
                           ? std::min(filter.last, kMaxLoadedRuns + 1)
                           : kMaxLoadedRuns + 1;
  query->Bind(1, filter.suite)
      .Bind(2, filter.model)
      .Bind(3, filter.since)
      .Bind(4, filter.until)
      .Bind(5, static_cast<int64_t>(limit));
  int index = 6;
  for (const auto& [key, value] : filter.labels) {
    query->Bind(index, key);
    query->Bind(index + 1, value);
    index += 2;
  }
  std::vector<StoredRun> runs;
  while (true) {
    Result<bool> row = query->Step();
    if (!row.ok()) return row;
    if (!*row) break;
    if (runs.size() == kMaxLoadedRuns) {
      return Error{"history database " + path() + ": more than " +
                   std::to_string(kMaxLoadedRuns) +
                   " runs match; narrow the selection (--last N, --since, "
                   "--suite, --model or --label)"};
    }
    StoredRun stored;
    stored.id = query->Int(0);
    HistoryRun& run = stored.run;
    run.suite = query->Text(1);
    run.model = query->Text(2);
    run.engine = query->Text(3);
    run.engine_version = query->Text(4);
    run.host = query->Text(5);
    run.commit = query->Text(6);
    run.started_at = query->Text(7);
    if (!query->IsNull(8)) run.max_model_len = query->Int(8);
    if (!query->IsNull(9)) run.gpu_memory_utilization = query->Double(9);
    run.source = query->Text(10);
    stored.recorded_at = query->Text(11);
    runs.push_back(std::move(stored));
  }
  std::reverse(runs.begin(), runs.end());
  Result<DetailQueries> details = PrepareDetails(db_);
  if (!details.ok()) return details;
  for (StoredRun& stored : runs) {
    SB_RETURN_IF_ERROR(LoadDetails(*details, stored));
  }
  return runs;
}

}  // namespace servebench::history
