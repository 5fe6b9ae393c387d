// A thin RAII layer over SQLite's C API for the history store: one
// connection, prepared statements with typed binds, and write transactions
// that take the database's write lock up front (BEGIN IMMEDIATE), so two
// processes appending at once queue on the busy timeout instead of failing
// half-way through.
//
// Every error message names the database file, so a user with several
// histories knows which one to look at.
#ifndef SERVEBENCH_BENCH_HISTORY_SQLITE_DB_H_
#define SERVEBENCH_BENCH_HISTORY_SQLITE_DB_H_

#include <cstdint>
#include <optional>
#include <string>
#include <utility>

#include "bench/base/result.h"

struct sqlite3;
struct sqlite3_stmt;

namespace servebench::history {

class Statement;

class Database {
 public:
  struct OpenOptions {
    bool create = true;  // false: the file must exist already
    int busy_timeout_ms = 30000;
  };

  // Opens (or creates) `path`, sets the busy timeout, WAL journaling and
  // foreign keys.
  static Result<Database> Open(const std::string& path,
                               const OpenOptions& options);

  Database(Database&& other) noexcept;
  Database& operator=(Database&& other) noexcept;
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;
  ~Database();

  // Runs one or more statements that return no rows.
  Status Exec(const std::string& sql);
  Result<Statement> Prepare(const std::string& sql);
  int64_t LastInsertId() const;
  const std::string& path() const { return path_; }

  // "history database PATH: WHAT failed: SQLITE MESSAGE", with a hint for
  // a locked database or a file that is not SQLite.
  Error Fail(const std::string& what) const;

 private:
  Database(sqlite3* db, std::string path) : db_(db), path_(std::move(path)) {}
  friend class Statement;
  sqlite3* db_ = nullptr;
  std::string path_;
};

class Statement {
 public:
  Statement(Statement&& other) noexcept;
  Statement& operator=(Statement&& other) noexcept;
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;
  ~Statement();

  // Parameters are numbered from 1, as in SQLite. A failed bind is kept and
  // reported by the next Step or Run.
  Statement& Bind(int index, int64_t value);
  Statement& Bind(int index, double value);
  Statement& Bind(int index, const std::string& value);
  Statement& BindNull(int index);
  template <typename T>
  Statement& Bind(int index, const std::optional<T>& value) {
    return value ? Bind(index, *value) : BindNull(index);
  }

  // true: a row is available; false: the statement is done.
  Result<bool> Step();
  // Steps to the end, ignoring rows.
  Status Run();
  // Makes the statement ready to bind and run again.
  void Reset();

  bool IsNull(int column) const;
  int64_t Int(int column) const;
  double Double(int column) const;
  std::string Text(int column) const;

 private:
  friend class Database;
  Statement(Database* db, sqlite3_stmt* stmt) : db_(db), stmt_(stmt) {}
  Database* db_ = nullptr;
  sqlite3_stmt* stmt_ = nullptr;
  int bind_error_ = 0;  // SQLite code of the first failed bind, 0 if none
};

// An open transaction: Begin runs `begin` ("BEGIN IMMEDIATE"), and `end`
// ("ROLLBACK", "COMMIT") runs on destruction unless Finish ran `finish`
// first. Move-only.
class Transaction {
 public:
  Transaction(Transaction&& other) noexcept;
  Transaction& operator=(Transaction&&) = delete;
  Transaction(const Transaction&) = delete;
  ~Transaction();

 protected:
  static Result<Transaction> Begin(Database& db, const char* begin,
                                   const char* end);
  // Runs `sql` now instead of the end on destruction.
  Status Finish(const char* sql);

 private:
  Transaction(Database* db, const char* end) : db_(db), end_(end) {}
  Database* db_ = nullptr;  // null once finished or moved from
  const char* end_ = nullptr;
};

// A write transaction: BEGIN IMMEDIATE on construction (Begin), ROLLBACK on
// destruction unless Commit succeeded.
class WriteTransaction : public Transaction {
 public:
  static Result<WriteTransaction> Begin(Database& db);
  Status Commit() { return Finish("COMMIT"); }

 private:
  explicit WriteTransaction(Transaction t) : Transaction(std::move(t)) {}
};

// A read transaction (BEGIN DEFERRED): in WAL mode every query inside it
// sees the same snapshot, even while another process appends.
class ReadTransaction : public Transaction {
 public:
  static Result<ReadTransaction> Begin(Database& db);

 private:
  explicit ReadTransaction(Transaction t) : Transaction(std::move(t)) {}
};

}  // namespace servebench::history

#endif  // SERVEBENCH_BENCH_HISTORY_SQLITE_DB_H_
