#include "bench/history/from_suite.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace servebench::history {
namespace {

using testing::ElementsAre;
using testing::Pair;

TEST(FromSuiteTest, TheRunKeepsIdentityFactsLabelsAndCommit) {
  RunContext context;
  context.suite = "core";
  context.model = "m";
  context.host = "h";
  context.started_at = "2026-11-30T10:00:00";
  context.max_model_len = 8192;
  context.endpoint = "chat";
  context.facts = ServerFacts{};
  context.facts->engine = Engine::kVllm;
  context.facts->gpu_memory_utilization = 0.9;
  context.facts->kv_cache_gib = 62.2;
  context.facts->cudagraph_mode = "FULL";
  context.facts->sources["kv_cache_gib"] =
      "Available KV cache memory: 62.2 GiB";
  const HistoryRun run =
      HistoryRunOf(context, {{"kernel", "marlin"}}, std::string("abc123"));
  EXPECT_EQ(run.suite, "core");
  EXPECT_EQ(run.engine, "vLLM");
  EXPECT_EQ(run.commit, "abc123");
  EXPECT_EQ(run.max_model_len, 8192);
  EXPECT_EQ(run.gpu_memory_utilization, 0.9);
  EXPECT_EQ(run.labels.at("kernel"), "marlin");
  EXPECT_DOUBLE_EQ(run.server.at("kv_cache_gib"), 62.2);
  EXPECT_EQ(run.context.at("cudagraph_mode"), "FULL");
  EXPECT_EQ(run.context.at("fact_source_kv_cache_gib"),
            "Available KV cache memory: 62.2 GiB");
  EXPECT_EQ(run.context.at("endpoint"), "chat");
  EXPECT_EQ(run.source, "suite");
}

TEST(FromSuiteTest, TheCaseKeepsMeansSamplesAndServerFigures) {
  CaseRecord record;
  record.outcome.spec = CaseSpec{1024, 128, "prefill-heavy", "x", 8};
  RequestFigures a, b;
  a.ttft_ms = 100, b.ttft_ms = 300;
  a.tpot_ms = 4;  // b has none: left out, not 0
  a.prompt_tokens = b.prompt_tokens = 1024;
  a.completion_tokens = b.completion_tokens = 128;
  record.outcome.samples = {a, b};
  record.status = CaseStatus::kFailed;
  record.verdict = "regression";
  record.message = "slow";
  record.server_figures = {{"output_tps", 1234.5}};
  const HistoryCase c = HistoryCaseOf(record);
  EXPECT_EQ(c.name, "Isl1024Osl128Conc8");
  EXPECT_EQ(c.level, 8);
  EXPECT_EQ(c.status, "failed");
  EXPECT_EQ(c.verdict, "regression");
  EXPECT_DOUBLE_EQ(c.means.at("ttft_ms"), 200);
  EXPECT_THAT(c.samples.at("ttft_ms"), ElementsAre(100, 300));
  EXPECT_THAT(c.samples.at("tpot_ms"), ElementsAre(4));
  EXPECT_DOUBLE_EQ(c.means.at("osl_actual"), 128);
  EXPECT_DOUBLE_EQ(c.means.at("output_tps"), 1234.5);
  EXPECT_EQ(c.means.count("decode_tps"), 0u);
}

}  // namespace
}  // namespace servebench::history
