// SQLite connections, statements and transactions with errors as values.
#include "bench/history/sqlite_db.h"

#include <sqlite3.h>

#include <chrono>
#include <thread>
#include <utility>

namespace servebench::history {
namespace {

std::string Hint(int code) {
  switch (code & 0xff) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return " (another process held the write lock for longer than the "
             "busy timeout; try again when it has finished)";
    case SQLITE_NOTADB:
      return " (the file is not a SQLite database: point BENCH_HISTORY or "
             "--db at a history file or at a new path)";
    case SQLITE_CANTOPEN:
      return " (check that the folder exists and is writable)";
    case SQLITE_READONLY:
      return " (the file or its folder is read-only; the history needs to "
             "write beside it, e.g. its -wal file)";
    case SQLITE_FULL:
      return " (the disk is full)";
    default:
      return "";
  }
}

}  // namespace

Result<Database> Database::Open(const std::string& path,
                                const OpenOptions& options) {
  if (path.empty()) {
    return Error{
        "no history database path given: set BENCH_HISTORY or pass "
        "--db PATH"};
  }
  sqlite3* db = nullptr;
  const int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX |
                    (options.create ? SQLITE_OPEN_CREATE : 0);
  const int code = sqlite3_open_v2(path.c_str(), &db, flags, nullptr);
  if (code != SQLITE_OK) {
    std::string message = db != nullptr ? sqlite3_errmsg(db) : "out of memory";
    sqlite3_close(db);
    if (!options.create && (code & 0xff) == SQLITE_CANTOPEN) {
      return Error{"history database " + path +
                   ": cannot open it: there is no such file (`history "
                   "import` or a suite run with BENCH_HISTORY creates one)"};
    }
    return Error{"history database " + path + ": cannot open it: " + message +
                 Hint(code)};
  }
  Database database(db, path);
  sqlite3_busy_timeout(db, options.busy_timeout_ms);
  // Readers never block the writer and the writer never blocks readers;
  // writers queue on the busy timeout. The setting is stored in the file.
  // Switching a new file to WAL takes an exclusive lock, and SQLite answers
  // SQLITE_BUSY at once, without its busy handler, while another process is
  // creating or switching the same file: retry within the busy timeout.
  const auto deadline = std::chrono::steady_clock::now() +
                        std::chrono::milliseconds(options.busy_timeout_ms);
  for (;;) {
    Result<Statement> wal = database.Prepare("PRAGMA journal_mode=WAL");
    Result<bool> row = wal.ok() ? wal->Step() : Result<bool>(wal);
    const bool busy = !row.ok() && (sqlite3_errcode(db) & 0xff) == SQLITE_BUSY;
    if (busy && std::chrono::steady_clock::now() < deadline) {
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
      continue;
    }
    if (!row.ok()) return row;
    if (!*row || wal->Text(0) != "wal") {
      return Error{"history database " + path +
                   ": cannot switch to WAL journaling (is it on a network "
                   "file system? use a local disk)"};
    }
    break;
  }
  SB_RETURN_IF_ERROR(database.Exec("PRAGMA foreign_keys=ON"));
  return database;
}

Database::Database(Database&& other) noexcept
    : db_(std::exchange(other.db_, nullptr)), path_(std::move(other.path_)) {}

Database& Database::operator=(Database&& other) noexcept {
  if (this != &other) {
    sqlite3_close(db_);
    db_ = std::exchange(other.db_, nullptr);
    path_ = std::move(other.path_);
  }
  return *this;
}

Database::~Database() { sqlite3_close(db_); }

Error Database::Fail(const std::string& what) const {
  const int code = db_ != nullptr ? sqlite3_extended_errcode(db_) : 0;
  const std::string message =
      db_ != nullptr ? sqlite3_errmsg(db_) : "no connection";
  return Error{"history database " + path_ + ": " + what +
               " failed: " + message + Hint(code)};
}

Status Database::Exec(const std::string& sql) {
  char* message = nullptr;
  const int code = sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &message);
  if (code != SQLITE_OK) {
    const std::string text = message != nullptr ? message : "unknown error";
    sqlite3_free(message);
    return Error{"history database " + path_ + ": " +
                 sql.substr(0, sql.find_first_of("(\n")) + " failed: " + text +
                 Hint(code)};
  }
  return Ok{};
}

Result<Statement> Database::Prepare(const std::string& sql) {
  sqlite3_stmt* stmt = nullptr;
  if (sqlite3_prepare_v2(db_, sql.c_str(), static_cast<int>(sql.size()), &stmt,
                         nullptr) != SQLITE_OK) {
    return Fail("preparing \"" + sql.substr(0, 60) + "\"");
  }
  return Statement(this, stmt);
}

int64_t Database::LastInsertId() const {
  return sqlite3_last_insert_rowid(db_);
}

Statement::Statement(Statement&& other) noexcept
    : db_(other.db_),
      stmt_(std::exchange(other.stmt_, nullptr)),
      bind_error_(other.bind_error_) {}

Statement& Statement::operator=(Statement&& other) noexcept {
  if (this != &other) {
    sqlite3_finalize(stmt_);
    db_ = other.db_;
    stmt_ = std::exchange(other.stmt_, nullptr);
    bind_error_ = other.bind_error_;
  }
  return *this;
}

Statement::~Statement() { sqlite3_finalize(stmt_); }

Statement& Statement::Bind(int index, int64_t value) {
  const int code = sqlite3_bind_int64(stmt_, index, value);
  if (code != SQLITE_OK && bind_error_ == 0) bind_error_ = code;
  return *this;
}

Statement& Statement::Bind(int index, double value) {
  const int code = sqlite3_bind_double(stmt_, index, value);
  if (code != SQLITE_OK && bind_error_ == 0) bind_error_ = code;
  return *this;
}

Statement& Statement::Bind(int index, const std::string& value) {
  const int code =
      sqlite3_bind_text(stmt_, index, value.data(),
                        static_cast<int>(value.size()), SQLITE_TRANSIENT);
  if (code != SQLITE_OK && bind_error_ == 0) bind_error_ = code;
  return *this;
}

Statement& Statement::BindNull(int index) {
  const int code = sqlite3_bind_null(stmt_, index);
  if (code != SQLITE_OK && bind_error_ == 0) bind_error_ = code;
  return *this;
}

Result<bool> Statement::Step() {
  const char* sql = sqlite3_sql(stmt_);
  const std::string what =
      "\"" + std::string(sql != nullptr ? sql : "").substr(0, 60) + "\"";
  if (bind_error_ != 0) {
    return Error{"history database " + db_->path() + ": binding a value of " +
                 what + " failed: " + sqlite3_errstr(bind_error_)};
  }
  const int code = sqlite3_step(stmt_);
  if (code == SQLITE_ROW) return true;
  if (code == SQLITE_DONE) return false;
  return db_->Fail(what);
}

Status Statement::Run() {
  while (true) {
    Result<bool> row = Step();
    if (!row.ok()) return row;
    if (!*row) return Ok{};
  }
}

void Statement::Reset() {
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
  bind_error_ = 0;
}

bool Statement::IsNull(int column) const {
  return sqlite3_column_type(stmt_, column) == SQLITE_NULL;
}

int64_t Statement::Int(int column) const {
  return sqlite3_column_int64(stmt_, column);
}

double Statement::Double(int column) const {
  return sqlite3_column_double(stmt_, column);
}

std::string Statement::Text(int column) const {
  const unsigned char* text = sqlite3_column_text(stmt_, column);
  if (text == nullptr) return "";
  return std::string(reinterpret_cast<const char*>(text),
                     static_cast<size_t>(sqlite3_column_bytes(stmt_, column)));
}

Result<Transaction> Transaction::Begin(Database& db, const char* begin,
                                       const char* end) {
  SB_RETURN_IF_ERROR(db.Exec(begin));
  return Transaction(&db, end);
}

Transaction::Transaction(Transaction&& other) noexcept
    : db_(std::exchange(other.db_, nullptr)), end_(other.end_) {}

Transaction::~Transaction() {
  if (db_ != nullptr) (void)db_->Exec(end_);
}

Status Transaction::Finish(const char* sql) {
  if (db_ == nullptr) return Error{"the transaction is already finished"};
  Status finished = db_->Exec(sql);
  if (finished.ok()) db_ = nullptr;
  return finished;
}

Result<WriteTransaction> WriteTransaction::Begin(Database& db) {
  Result<Transaction> t = Transaction::Begin(db, "BEGIN IMMEDIATE", "ROLLBACK");
  if (!t.ok()) return t;
  return WriteTransaction(std::move(*t));
}

Result<ReadTransaction> ReadTransaction::Begin(Database& db) {
  Result<Transaction> t = Transaction::Begin(db, "BEGIN DEFERRED", "COMMIT");
  if (!t.ok()) return t;
  return ReadTransaction(std::move(*t));
}

}  // namespace servebench::history
