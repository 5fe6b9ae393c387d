// import: the seed's results JSON becomes a baseline with the seed's figures.
#include "tools/baseline/import.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "bench/config/suite_spec.h"

namespace servebench::baseline_tool {
namespace {

using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Pair;
using ::testing::UnorderedElementsAre;

RunRecord Seed(const std::string& name) {
  Result<RunRecord> run = LoadRunRecord("tools/baseline/testdata/" + name);
  EXPECT_TRUE(run.ok()) << run.error();
  return run.ok() ? *run : RunRecord{};
}

TEST(ImportRun, TakesTheSeedsFiguresAndContext) {
  ImportOptions options;
  options.model_memory_gib = 35.2;
  options.kv_cache_gib = 70.1;
  options.notes = "Sparse FP4 kernel";
  Result<Baseline> baseline =
      ImportRun(Seed("bench_v8_sparse_results.json"), options);
  ASSERT_TRUE(baseline.ok()) << baseline.error();

  const BaselineContext& c = baseline->context;
  EXPECT_EQ(c.model, "nvidia/Qwen3-Next-80B-A3B-Instruct-NVFP4");
  EXPECT_EQ(c.engine, "vLLM");
  EXPECT_EQ(c.max_model_len, 4096);
  EXPECT_FALSE(c.gpu_memory_utilization.has_value());
  EXPECT_EQ(c.suite, "core");
  EXPECT_EQ(c.recorded_at, "2026-02-21T13:28:19");
  EXPECT_EQ(c.recorded_from, "bench_v8_sparse_results.json");
  EXPECT_EQ(c.notes, "Sparse FP4 kernel");
  EXPECT_EQ(baseline->tolerances.size(), DefaultTolerances().size());
  EXPECT_THAT(baseline->server,
              UnorderedElementsAre(Pair(Metric::kModelMemoryGib, 35.2),
                                   Pair(Metric::kKvCacheGib, 70.1)));

  // Read by hand from the JSON's "avg" fields.
  ASSERT_EQ(baseline->cases.size(), 5u);
  const BaselineCase* prefill = baseline->FindCase(1024, 128);
  ASSERT_NE(prefill, nullptr);
  EXPECT_EQ(prefill->figures.at(Metric::kTtftMs), 5970.2);
  EXPECT_EQ(prefill->figures.at(Metric::kTpotMs), 21.5);
  EXPECT_EQ(prefill->figures.at(Metric::kDecodeTps), 46.9);
  EXPECT_EQ(prefill->figures.at(Metric::kE2eTps), 19.6);
  EXPECT_EQ(prefill->label, "vLLM default");
  EXPECT_EQ(prefill->category, "prefill-heavy");
  const BaselineCase* chat = baseline->FindCase(1024, 1024);
  ASSERT_NE(chat, nullptr);
  EXPECT_EQ(chat->figures.at(Metric::kDecodeTps), 41.2);
  EXPECT_EQ(chat->figures.at(Metric::kTtftMs), 2311.9);
  EXPECT_EQ(chat->label, "standard chat (vLLM/SGLang)");
  EXPECT_EQ(chat->category, "balanced");
}

TEST(ImportRun, LeavesTheSuiteOfAMixedRunEmptyAndSaysWhy) {
  ImportOptions options;
  options.notes = "NVFP4 via Marlin W4A16 dequant";
  Result<Baseline> baseline =
      ImportRun(Seed("bench_v22_marlin_baseline.json"), options);
  ASSERT_TRUE(baseline.ok()) << baseline.error();
  EXPECT_EQ(baseline->context.suite, "");
  EXPECT_EQ(baseline->context.max_model_len, 65536);
  EXPECT_THAT(baseline->context.notes,
              HasSubstr("NVFP4 via Marlin W4A16 dequant"));
  EXPECT_THAT(baseline->context.notes, HasSubstr("Suite left empty"));
  ASSERT_EQ(baseline->cases.size(), 14u);
  // The seed table's primary comparison point: 41.8 tok/s at 1024/1024.
  EXPECT_EQ(baseline->FindCase(1024, 1024)->figures.at(Metric::kDecodeTps),
            41.8);
  EXPECT_EQ(baseline->FindCase(32768, 256)->figures.at(Metric::kTtftMs),
            11482.6);
  EXPECT_EQ(baseline->FindCase(1024, 8192)->label,
            "1k\u21928k decode (SemiAnalysis)");
  EXPECT_THAT(baseline->server, IsEmpty());
}

TEST(ImportRun, RefusesAJunitXml) {
  Result<RunRecord> run = LoadRunRecord("tools/baseline/testdata/run_core.xml");
  ASSERT_TRUE(run.ok()) << run.error();
  Result<Baseline> baseline = ImportRun(*run, ImportOptions{});
  ASSERT_FALSE(baseline.ok());
  EXPECT_THAT(baseline.error(), HasSubstr("baseline update"));
}

TEST(ImportRun, ReadsBackThroughTheBaselineFormat) {
  Result<Baseline> baseline =
      ImportRun(Seed("bench_minimax_m25_ep_marlin.json"), ImportOptions{});
  ASSERT_TRUE(baseline.ok()) << baseline.error();
  Result<Baseline> reread =
      ParseBaseline(SerializeBaseline(*baseline), "minimax.toml");
  ASSERT_TRUE(reread.ok()) << reread.error();
  EXPECT_EQ(reread->context.model, "lukealonso/MiniMax-M2.5-NVFP4");
  EXPECT_EQ(reread->FindCase(128, 128)->figures.at(Metric::kTpotMs), 60.29);
  EXPECT_EQ(reread->context.suite, "core");
}

TEST(SuiteOfPairs, NamesCoreExtendedOrNeither) {
  EXPECT_EQ(
      SuiteOfPairs(
          {{128, 128}, {256, 256}, {1024, 1024}, {1024, 128}, {128, 1024}}),
      "core");
  EXPECT_EQ(SuiteOfPairs({{128, 128}, {256, 256}}), "");  // part of core
  EXPECT_EQ(SuiteOfPairs({{4096, 256}, {256, 65536}}), "extended");
  EXPECT_EQ(SuiteOfPairs({{128, 128}, {4096, 256}}), "");
  EXPECT_EQ(SuiteOfPairs({}), "");
}

// The lists in import.cc copy the suites; they must not drift apart.
TEST(SuiteOfPairs, AgreesWithTheSuiteFiles) {
  for (const char* name : {"core", "extended"}) {
    Result<SuiteSpec> suite =
        LoadSuiteSpec(std::string("suites/") + name + ".toml");
    ASSERT_TRUE(suite.ok()) << suite.error();
    std::vector<std::pair<int64_t, int64_t>> pairs;
    for (const CaseSpec& c : suite->cases) pairs.emplace_back(c.isl, c.osl);
    EXPECT_EQ(SuiteOfPairs(pairs), name);
  }
}

}  // namespace
}  // namespace servebench::baseline_tool
