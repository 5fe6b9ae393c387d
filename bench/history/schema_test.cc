// Schema versions and migrations, from version 1 on.
#include "bench/history/schema.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "bench/history/sqlite_db.h"
#include "bench/history/store.h"
#include "testing/files.h"

namespace servebench::history {
namespace {

using ::testing::HasSubstr;

// A hypothetical version 2: a column on runs, with a default for old rows.
std::vector<Migration> WithVersion2() {
  std::vector<Migration> migrations = Migrations();
  migrations.push_back(
      {2, "ALTER TABLE runs ADD COLUMN gpu TEXT NOT NULL DEFAULT 'unknown';"});
  return migrations;
}

Result<std::string> GpuOfRun(const std::string& path, int64_t id) {
  auto db = Database::Open(path, {});
  if (!db.ok()) return db;
  auto query = db->Prepare("SELECT gpu FROM runs WHERE id = ?");
  if (!query.ok()) return query;
  query->Bind(1, id);
  auto row = query->Step();
  if (!row.ok()) return row;
  if (!*row) return Error{"no row"};
  return query->Text(0);
}

TEST(SchemaTest, ANewFileIsCreatedAtTheCurrentVersion) {
  const std::string path = test::FreshTempPath("new.db");
  auto store = HistoryStore::Open(path);
  ASSERT_TRUE(store.ok()) << store.error();
  EXPECT_EQ(store->SchemaVersion().value(), 1);
  EXPECT_EQ(Migrations().back().to_version, kSchemaVersion);
  // Opening again migrates nothing and keeps the data.
  HistoryRun run;
  run.started_at = "2026-03-01T10:00:00";
  ASSERT_TRUE(store->BeginRun(run).ok());
  auto again = HistoryStore::Open(path);
  ASSERT_TRUE(again.ok()) << again.error();
  EXPECT_EQ(again->LoadRuns({}).value().size(), 1u);
}

TEST(SchemaTest, AVersion1FileMigratesToVersion2KeepingItsRuns) {
  const std::string path = test::FreshTempPath("v1.db");
  int64_t id = 0;
  {
    auto v1 = HistoryStore::Open(path);
    ASSERT_TRUE(v1.ok()) << v1.error();
    HistoryRun run;
    run.model = "m";
    run.started_at = "2026-03-01T10:00:00";
    id = v1->BeginRun(run).value();
  }
  const std::vector<Migration> migrations = WithVersion2();
  StoreOptions options;
  options.migrations = &migrations;
  auto v2 = HistoryStore::Open(path, options);
  ASSERT_TRUE(v2.ok()) << v2.error();
  EXPECT_EQ(v2->SchemaVersion().value(), 2);
  const auto runs = v2->LoadRuns({}).value();
  ASSERT_EQ(runs.size(), 1u);
  EXPECT_EQ(runs[0].run.model, "m");
  EXPECT_EQ(GpuOfRun(path, id).value(), "unknown");
}

TEST(SchemaTest, AFileFromANewerServebenchIsRefusedUntouched) {
  const std::string path = test::FreshTempPath("newer.db");
  const std::vector<Migration> migrations = WithVersion2();
  StoreOptions options;
  options.migrations = &migrations;
  ASSERT_TRUE(HistoryStore::Open(path, options).ok());
  auto old = HistoryStore::Open(path);  // this build: version 1
  ASSERT_FALSE(old.ok());
  EXPECT_THAT(old.error(), HasSubstr(path + " has schema version 2, newer "
                                            "than this servebench (1) knows"));
  EXPECT_EQ(HistoryStore::Open(path, options)->SchemaVersion().value(), 2);
}

TEST(SchemaTest, AFailingMigrationLeavesTheFileAsItWas) {
  const std::string path = test::FreshTempPath("broken_migration.db");
  ASSERT_TRUE(HistoryStore::Open(path).ok());
  std::vector<Migration> migrations = Migrations();
  migrations.push_back({2,
                        "ALTER TABLE runs ADD COLUMN x TEXT; "
                        "THIS IS NOT SQL;"});
  StoreOptions options;
  options.migrations = &migrations;
  auto failed = HistoryStore::Open(path, options);
  ASSERT_FALSE(failed.ok());
  EXPECT_THAT(failed.error(), HasSubstr("migrating to schema version 2"));
  auto db = Database::Open(path, {});
  EXPECT_EQ(ReadSchemaVersion(*db).value(), 1);
  // The first statement of the failed migration was rolled back too.
  EXPECT_FALSE(db->Prepare("SELECT x FROM runs").ok());
}

TEST(SchemaTest, SomeoneElsesDatabaseIsNotTakenOver) {
  const std::string path = test::FreshTempPath("foreign.db");
  {
    auto db = Database::Open(path, {});
    ASSERT_TRUE(db->Exec("CREATE TABLE invoices (id INTEGER)").ok());
  }
  EXPECT_THAT(HistoryStore::Open(path).error(),
              HasSubstr("is a SQLite database but not a servebench history"));
}

}  // namespace
}  // namespace servebench::history
