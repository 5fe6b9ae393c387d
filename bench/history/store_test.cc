// The history store: appending, reading back, filters and errors.
#include "bench/history/store.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>

#include "bench/history/test_runs.h"
#include "testing/files.h"

namespace servebench::history {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::SizeIs;

std::vector<int64_t> Ids(const std::vector<StoredRun>& runs) {
  std::vector<int64_t> ids;
  for (const StoredRun& r : runs) ids.push_back(r.id);
  return ids;
}

TEST(HistoryStoreTest, ARunAndItsCasesReadBackAsWritten) {
  const std::string path = test::FreshTempPath("roundtrip.db");
  Result<HistoryStore> store = HistoryStore::Open(path);
  ASSERT_TRUE(store.ok()) << store.error();
  EXPECT_EQ(store->SchemaVersion().value(), kSchemaVersion);

  HistoryRun run = TestRun(5);
  run.commit = "0123456789abcdef0123456789abcdef01234567";
  run.labels = {{"kernel", "marlin"}, {"mtp", "2"}};
  run.context = {{"endpoint", "chat"}, {"cudagraph_mode", "FULL"}};
  run.server = {{"kv_cache_gib", 62.2}, {"model_memory_gib", 44.2}};
  Result<int64_t> id = store->BeginRun(run);
  ASSERT_TRUE(id.ok()) << id.error();

  HistoryCase passed =
      TestCase("Isl1024Osl128", {{"tpot_ms", 4.0}, {"decode_tps", 250.0}},
               {99, 100, 101});
  HistoryCase failed;
  failed.name = "Isl128Osl1024Conc8";
  failed.isl = 128;
  failed.osl = 1024;
  failed.level = 8;
  failed.status = "failed";
  failed.verdict = "regression";
  failed.message = "decode_tps 208.3 tok/s is 17.4% below baseline";
  ASSERT_TRUE(store->AppendCase(*id, passed).ok());
  ASSERT_TRUE(store->AppendCase(*id, failed).ok());

  Result<std::vector<StoredRun>> runs = store->LoadRuns({});
  ASSERT_TRUE(runs.ok()) << runs.error();
  ASSERT_THAT(*runs, SizeIs(1));
  const StoredRun& stored = (*runs)[0];
  EXPECT_EQ(stored.id, *id);
  EXPECT_EQ(stored.run.suite, "core");
  EXPECT_EQ(stored.run.model, "m");
  EXPECT_EQ(stored.run.engine_version, "0.11.0");
  EXPECT_EQ(stored.run.commit, run.commit);
  EXPECT_EQ(stored.run.started_at, "2026-03-01T00:05:00");
  EXPECT_EQ(stored.run.max_model_len, 4096);
  EXPECT_EQ(stored.run.gpu_memory_utilization, 0.9);
  EXPECT_EQ(stored.run.labels, run.labels);
  EXPECT_EQ(stored.run.context, run.context);
  EXPECT_EQ(stored.run.server, run.server);
  EXPECT_FALSE(stored.recorded_at.empty());
  ASSERT_THAT(stored.cases, SizeIs(2));
  EXPECT_EQ(stored.cases[0].name, "Isl1024Osl128");
  EXPECT_EQ(stored.cases[0].means, passed.means);
  EXPECT_EQ(stored.cases[0].samples, passed.samples);
  EXPECT_EQ(stored.cases[1].level, 8);
  EXPECT_EQ(stored.cases[1].status, "failed");
  EXPECT_EQ(stored.cases[1].verdict, "regression");
  EXPECT_EQ(stored.cases[1].message, failed.message);
}

TEST(HistoryStoreTest, AppendingACaseAgainReplacesIt) {
  const std::string path = test::FreshTempPath("replace.db");
  auto store = HistoryStore::Open(path);
  const int64_t id = store->BeginRun(TestRun(1)).value();
  ASSERT_TRUE(store
                  ->AppendCase(
                      id, TestCase("Isl128Osl128", {{"tpot_ms", 4}}, {90, 110}))
                  .ok());
  ASSERT_TRUE(
      store->AppendCase(id, TestCase("Isl128Osl128", {{"tpot_ms", 5}})).ok());
  const auto runs = store->LoadRuns({}).value();
  ASSERT_THAT(runs[0].cases, SizeIs(1));
  EXPECT_EQ(runs[0].cases[0].means.at("tpot_ms"), 5);
  EXPECT_TRUE(runs[0].cases[0].samples.empty());
}

TEST(HistoryStoreTest, RunsComeOldestFirstAndFiltersApply) {
  const std::string path = test::FreshTempPath("filters.db");
  auto store = HistoryStore::Open(path);
  // Appended out of order: reading sorts by start time.
  for (int minute : {30, 10, 20, 40}) {
    HistoryRun run = TestRun(minute);
    if (minute == 20) run.suite = "extended";
    if (minute == 40) run.model = "other";
    if (minute >= 20)
      run.labels = {{"kernel", minute == 30 ? "marlin" : "cutlass"}};
    ASSERT_TRUE(store
                    ->AppendRun(run,
                                {TestCase("Isl128Osl128", {{"tpot_ms", 4}})},
                                false)
                    .ok());
  }
  auto all = store->LoadRuns({}).value();
  std::vector<std::string> starts;
  for (const StoredRun& r : all)
    starts.push_back(r.run.started_at.substr(11, 5));
  EXPECT_THAT(starts, ElementsAre("00:10", "00:20", "00:30", "00:40"));

  RunFilter suite;
  suite.suite = "core";
  EXPECT_THAT(Ids(store->LoadRuns(suite).value()), ElementsAre(2, 1, 4));
  RunFilter model;
  model.model = "other";
  EXPECT_THAT(Ids(store->LoadRuns(model).value()), ElementsAre(4));
  RunFilter label;
  label.labels = {{"kernel", "cutlass"}};
  EXPECT_THAT(Ids(store->LoadRuns(label).value()), ElementsAre(3, 4));
  RunFilter last;
  last.last = 2;
  EXPECT_THAT(Ids(store->LoadRuns(last).value()), ElementsAre(1, 4));
  RunFilter range;
  range.since = "2026-03-01T00:15";
  range.until = "2026-03-01T00:30";
  EXPECT_THAT(Ids(store->LoadRuns(range).value()), ElementsAre(3, 1));
  RunFilter day;
  day.until = "2026-03-01";  // the whole day
  EXPECT_THAT(store->LoadRuns(day).value(), SizeIs(4));
  RunFilter bad;
  bad.since = "last week";
  EXPECT_THAT(store->LoadRuns(bad).error(),
              HasSubstr("\"last week\" is not a date"));
}

TEST(HistoryStoreTest, AppendRunSkipsARunAlreadyThere) {
  const std::string path = test::FreshTempPath("duplicate.db");
  auto store = HistoryStore::Open(path);
  const std::vector<HistoryCase> cases = {
      TestCase("Isl128Osl128", {{"tpot_ms", 4}})};
  const AppendOutcome first = store->AppendRun(TestRun(1), cases, true).value();
  EXPECT_TRUE(first.inserted);
  const AppendOutcome again = store->AppendRun(TestRun(1), cases, true).value();
  EXPECT_FALSE(again.inserted);
  EXPECT_EQ(again.run_id, first.run_id);
  EXPECT_TRUE(store->AppendRun(TestRun(1), cases, false).value().inserted);
  EXPECT_THAT(store->LoadRuns({}).value(), SizeIs(2));
}

TEST(HistoryStoreTest, AFailedAppendLeavesNothingBehind) {
  const std::string path = test::FreshTempPath("atomic.db");
  auto store = HistoryStore::Open(path);
  HistoryCase bad = TestCase("Isl256Osl256", {{"tpot_ms", 4}});
  bad.status = "sort of";
  auto outcome = store->AppendRun(
      TestRun(1), {TestCase("Isl128Osl128", {{"tpot_ms", 4}}), bad}, false);
  ASSERT_FALSE(outcome.ok());
  EXPECT_THAT(outcome.error(), HasSubstr("history database " + path));
  EXPECT_THAT(outcome.error(), HasSubstr("status \"sort of\""));
  EXPECT_THAT(store->LoadRuns({}).value(), SizeIs(0));
}

TEST(HistoryStoreTest, ErrorsNameTheFile) {
  const std::string path = test::FreshTempPath("errors.db");
  auto store = HistoryStore::Open(path);
  EXPECT_THAT(store->AppendCase(99, TestCase("Isl1Osl1", {})).error(),
              HasSubstr("history database " + path + ": there is no run 99"));

  StoreOptions no_create;
  no_create.create = false;
  EXPECT_THAT(
      HistoryStore::Open(test::FreshTempPath("missing.db"), no_create).error(),
      HasSubstr("missing.db: cannot open it: there is no such file"));

  const std::string text_file = test::FreshTempPath("not_a_db.db");
  std::ofstream(text_file) << std::string(4096, 'x');
  EXPECT_THAT(HistoryStore::Open(text_file).error(), HasSubstr("not_a_db.db"));
  EXPECT_THAT(HistoryStore::Open(text_file).error(),
              HasSubstr("not a SQLite database"));

  EXPECT_THAT(
      HistoryStore::Open(::testing::TempDir() + "/no/such/dir/h.db").error(),
      HasSubstr("no/such/dir/h.db: cannot open it"));
}

TEST(HistoryStoreTest, ReadersSeeAnotherConnectionsWrites) {
  const std::string path = test::FreshTempPath("two_connections.db");
  auto writer = HistoryStore::Open(path);
  auto reader = HistoryStore::Open(path);
  ASSERT_TRUE(writer.ok() && reader.ok());
  ASSERT_TRUE(writer->AppendRun(TestRun(1), {}, false).ok());
  EXPECT_THAT(reader->LoadRuns({}).value(), SizeIs(1));
}

}  // namespace
}  // namespace servebench::history
