// The seed's four result files as history: the decode-throughput trend of
// every pair across the seed's configurations, with the figures read
// straight from the files.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <rapidjson/document.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "bench/history/store.h"
#include "testing/files.h"
#include "tools/history/cli.h"
#include "tools/history/trend.h"

namespace servebench::history_tool {
namespace {

using ::testing::HasSubstr;

const std::vector<std::string> kSeedFiles = {
    "bench/results/testdata/runs/bench_v22_marlin_baseline.json",
    "bench/results/testdata/runs/bench_v8_sparse_results.json",
    "bench/results/testdata/runs/bench_v23_cutlass_fp8_results.json",
    "bench/results/testdata/runs/bench_minimax_m25_ep_marlin.json"};

// One seed file as its own JSON says: timestamp, model, and per ISL/OSL
// pair the decode throughput average.
struct SeedFile {
  std::string timestamp, model;
  std::map<std::string, double> decode_tps;  // "Isl1024Osl128" -> avg
};

SeedFile ReadSeedFile(const std::string& path) {
  rapidjson::Document doc;
  const std::string text = test::ReadFileOrFail(path);
  doc.Parse(text.data(), text.size());
  EXPECT_TRUE(doc.IsObject()) << path;
  SeedFile file;
  file.timestamp = doc["timestamp"].GetString();
  file.model = doc["model"].GetString();
  for (const auto& r : doc["results"].GetArray()) {
    const std::string name = "Isl" + std::to_string(r["isl_target"].GetInt()) +
                             "Osl" + std::to_string(r["osl_target"].GetInt());
    file.decode_tps[name] = r["decode_throughput"]["avg"].GetDouble();
  }
  return file;
}

class SeedTrendTest : public testing::Test {
 protected:
  static void SetUpTestSuite() {
    db_ = new std::string(::testing::TempDir() + "/seed_trend.db");
    std::filesystem::remove(*db_);
    std::vector<const char*> argv = {"history", "import", "--db", db_->c_str()};
    for (const std::string& f : kSeedFiles) argv.push_back(f.c_str());
    std::ostringstream out, err;
    import_status_ = RunHistoryTool(static_cast<int>(argv.size()), argv.data(),
                                    {}, out, err);
    import_err_ = new std::string(err.str());
  }
  static std::string* db_;
  static std::string* import_err_;
  static int import_status_;
};
std::string* SeedTrendTest::db_ = nullptr;
std::string* SeedTrendTest::import_err_ = nullptr;
int SeedTrendTest::import_status_ = -1;

TEST_F(SeedTrendTest, DecodeThroughputOfEveryPairFollowsTheFiles) {
  ASSERT_EQ(import_status_, kExitOk) << *import_err_;
  std::vector<SeedFile> files;
  for (const std::string& f : kSeedFiles) files.push_back(ReadSeedFile(f));
  // The history orders runs by start time, as the seed ran them.
  std::sort(files.begin(), files.end(),
            [](const SeedFile& a, const SeedFile& b) {
              return a.timestamp < b.timestamp;
            });
  auto store = history::HistoryStore::Open(*db_);
  ASSERT_TRUE(store.ok()) << store.error();
  const std::vector<history::StoredRun> runs = store->LoadRuns({}).value();
  ASSERT_EQ(runs.size(), files.size());

  size_t pairs_checked = 0;
  for (const auto& [name, ignored] : files.front().decode_tps) {
    std::vector<const SeedFile*> having;
    for (const SeedFile& f : files) {
      if (f.decode_tps.count(name) > 0) having.push_back(&f);
    }
    Result<Trend> trend = BuildTrend(runs, name, "decode_tps", {});
    ASSERT_TRUE(trend.ok()) << name << ": " << trend.error();
    ASSERT_EQ(trend->rows.size(), having.size()) << name;
    for (size_t i = 0; i < having.size(); ++i) {
      const TrendRow& row = trend->rows[i];
      EXPECT_EQ(row.started_at, having[i]->timestamp) << name;
      EXPECT_EQ(row.model, having[i]->model) << name;
      EXPECT_EQ(row.point.Value(), having[i]->decode_tps.at(name)) << name;
    }
    pairs_checked += having.size() == files.size();
  }
  // The seed's five core pairs were measured in every configuration.
  EXPECT_EQ(pairs_checked, 5u);
}

TEST_F(SeedTrendTest, TheTrendCommandPrintsEveryConfiguration) {
  ASSERT_EQ(import_status_, kExitOk) << *import_err_;
  const char* argv[] = {"history", "trend",          "--db",     db_->c_str(),
                        "--case",  "Isl1024Osl1024", "--metric", "decode_tps"};
  std::ostringstream out, err;
  ASSERT_EQ(RunHistoryTool(8, argv, {}, out, err), kExitOk) << err.str();
  EXPECT_THAT(out.str(), HasSubstr("4 runs, oldest first"));
  for (const std::string& f : kSeedFiles) {
    const SeedFile file = ReadSeedFile(f);
    char figure[32];
    std::snprintf(figure, sizeof figure, "%.1f",
                  file.decode_tps.at("Isl1024Osl1024"));
    EXPECT_THAT(out.str(),
                HasSubstr("| " + file.timestamp + " | " + file.model + " |"));
    EXPECT_THAT(out.str(), HasSubstr(" | " + std::string(figure) + " | "));
  }
}

}  // namespace
}  // namespace servebench::history_tool
