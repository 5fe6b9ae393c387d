// Apples-to-apples and what differs between two runs.
#include "bench/history/comparable.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "bench/history/test_runs.h"

namespace servebench::history {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

TEST(IncomparabilitiesTest, NamesEveryApplesToApplesKey) {
  HistoryRun a = TestRun(1), b = TestRun(2);
  EXPECT_THAT(Incomparabilities(a, b, true), IsEmpty());
  b.suite = "extended";
  b.model = "other";
  b.max_model_len = 8192;
  b.gpu_memory_utilization = 0.85;
  b.labels = {{"kernel", "marlin"}};
  EXPECT_THAT(Incomparabilities(a, b, true),
              ElementsAre("suite \"core\" vs \"extended\"", "model m vs other",
                          "max_model_len 4096 vs 8192",
                          "gpu_memory_utilization 0.9 vs 0.85",
                          "label kernel (none) vs marlin"));
  EXPECT_THAT(Incomparabilities(a, b, false), testing::SizeIs(4));
}

TEST(IncomparabilitiesTest, UnknownOnOneSideIsNoMismatch) {
  HistoryRun a = TestRun(1), b = TestRun(2);
  b.suite.clear();
  b.max_model_len.reset();
  b.gpu_memory_utilization.reset();
  EXPECT_THAT(Incomparabilities(a, b, true), IsEmpty());
}

TEST(SameRunTest, StartHostModelAndSuite) {
  HistoryRun a = TestRun(1), b = TestRun(1);
  b.source = "results.json";
  EXPECT_TRUE(SameRun(a, b));
  b.host = "other";
  EXPECT_FALSE(SameRun(a, b));
  EXPECT_FALSE(SameRun(HistoryRun{}, HistoryRun{}));
}

TEST(ContextDifferencesTest, LabelsVersionCommitFirstAndVolatileKeysLeftOut) {
  HistoryRun before = TestRun(1), after = TestRun(2);
  before.labels = {{"kernel", "marlin"}};
  after.labels = {{"kernel", "cutlass"}, {"mtp", "2"}};
  after.engine_version = "0.11.1";
  before.commit = "0123456789abcdef0123456789abcdef01234567";
  after.commit = "89abcdef0123456789abcdef0123456789abcdef";
  before.context = {{"cudagraph_mode", "FULL"}, {"server_log", "/tmp/a.log"}};
  after.context = {{"cudagraph_mode", "PIECEWISE"},
                   {"server_log", "/tmp/b.log"}};
  after.server = {{"kv_cache_gib", 60.5}};
  const auto diffs = ContextDifferences(before, after);
  EXPECT_EQ(DescribeDifferences(diffs),
            "label kernel marlin \u2192 cutlass; label mtp (none) \u2192 2; "
            "engine_version 0.11.0 \u2192 0.11.1; commit 0123456789ab \u2192 "
            "89abcdef0123; cudagraph_mode FULL \u2192 PIECEWISE; "
            "kv_cache_gib (none) \u2192 60.5");
  EXPECT_THAT(ContextDifferences(before, before), IsEmpty());
}

}  // namespace
}  // namespace servebench::history
