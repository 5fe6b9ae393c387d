// End to end: the core suite (two short pairs) against each of the
// simulator's engine personalities (BENCH_SIM_FLAGS=--engine X), with the
// startup log silent about memory (--no-log-memory, as llama.cpp at its
// default verbosity): every case passes, the max model length comes from
// where that engine states it, the server's own clock is recorded beside
// the client's with their differences, and the memory facts the engine's
// API states are present, each with its source.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <map>
#include <memory>
#include <string>

#include "suites/suite_run_test_util.h"

namespace servebench {
namespace {

using testing::HasSubstr;
using testing::StartsWith;

// TTFT = 20 ms + 10 us per prompt token, a token every 4 ms (the truth the
// server's clock must tell); the context is 4096 tokens.
constexpr char kTiming[] =
    "--ttft-base-ms 20 --prefill-us-per-token 10 --tpot-ms 4 "
    "--max-model-len 4096 --no-log-memory";
constexpr double kTpotMs = 4;

struct Personality {
  const char* engine;               // --engine
  const char* engine_name;          // the engine property
  const char* length_source;        // in max_model_len_source
  const char* clock_source;         // server_clock_source (its start)
  const char* kv_tokens_source;     // in fact_source_kv_cache_tokens
  const char* model_memory_source;  // fact_source_model_memory_gib, or ""
};

class EngineTest : public testing::TestWithParam<Personality> {
 protected:
  static std::map<std::string, std::unique_ptr<SuiteRunOutput>>& Runs() {
    static std::map<std::string, std::unique_ptr<SuiteRunOutput>> runs;
    return runs;
  }
  // One suite run per personality, shared by its tests.
  const SuiteRunOutput& Run() {
    auto& slot = Runs()[GetParam().engine];
    if (!slot) {
      const std::string dir =
          test::TempDir(std::string("engine_") + GetParam().engine);
      slot = std::make_unique<SuiteRunOutput>();
      slot->exit_code = RunCoreSuite(
          dir, {{"BENCH_SIM", "1"},
                {"BENCH_SIM_FLAGS",
                 std::string("--engine ") + GetParam().engine + " " + kTiming},
                {"BENCH_SUITE_FILE", WriteSuite(dir, {{256, 48}, {128, 32}})},
                {"BENCH_WARMUP_RUNS", "1"},
                {"BENCH_RUNS", "2"}});
      ReadSuiteRunOutput(dir, *slot);
    }
    return *slot;
  }
};

TEST_P(EngineTest, CoreSuitePassesWithTheLengthFromWhereTheEngineStatesIt) {
  const SuiteRunOutput& out = Run();
  ASSERT_EQ(out.exit_code, 0) << out.Everything();
  auto suite = Attributes(out.Suite());
  EXPECT_EQ(suite["engine"], GetParam().engine_name);
  EXPECT_EQ(suite["max_model_len"], "4096");
  EXPECT_THAT(suite["max_model_len_source"],
              HasSubstr(GetParam().length_source));
  if (GetParam().engine == std::string("trtllm")) {
    EXPECT_THAT(suite["max_model_len_source"], StartsWith("server log: "));
  }
  for (const char* test : {"Measure/Isl256Osl48", "Measure/Isl128Osl32"}) {
    auto p = Properties(out.Case(test));
    EXPECT_EQ(p["osl_actual"],
              test == std::string("Measure/Isl256Osl48") ? "48" : "32");
  }
}

TEST_P(EngineTest, TheServersClockIsRecordedBesideTheClients) {
  const SuiteRunOutput& out = Run();
  ASSERT_EQ(out.exit_code, 0) << out.Everything();
  for (const auto& [test, isl] : std::vector<std::pair<std::string, int>>{
           {"Measure/Isl256Osl48", 256}, {"Measure/Isl128Osl32", 128}}) {
    auto p = Properties(out.Case(test));
    ASSERT_TRUE(p.count("server_ttft_ms")) << test << "\n" << out.Everything();
    ASSERT_TRUE(p.count("server_tpot_ms")) << test;
    EXPECT_THAT(p["server_clock_source"], StartsWith(GetParam().clock_source))
        << test;
    // The simulator's clock is its plan: exactly the configured TPOT, and a
    // TTFT of the base plus prefill (from the request's arrival; llama.cpp's
    // timings and the histograms agree on that).
    EXPECT_NEAR(std::stod(p["server_tpot_ms"]), kTpotMs, kTpotMs * 0.01)
        << test;
    EXPECT_NEAR(std::stod(p["server_ttft_ms"]), 20 + 0.010 * isl, 1.0) << test;
    // The differences are the client's figures minus the server's.
    EXPECT_NEAR(std::stod(p["ttft_overhead_ms"]),
                std::stod(p["ttft_ms"]) - std::stod(p["server_ttft_ms"]), 0.002)
        << test;
    const double pct =
        (std::stod(p["tpot_ms"]) - std::stod(p["server_tpot_ms"])) /
        std::stod(p["server_tpot_ms"]) * 100;
    EXPECT_NEAR(std::stod(p["tpot_client_server_pct"]), pct, 0.06) << test;
  }
  // The results JSON carries the same figures.
  const rapidjson::Value* result = out.Result(256, 48);
  ASSERT_NE(result, nullptr);
  EXPECT_TRUE((*result)["server"].HasMember("server_tpot_ms"));
  EXPECT_TRUE((*result)["server"].HasMember("tpot_client_server_pct"));
}

TEST_P(EngineTest, MemoryFactsTheEngineStatesArePresent) {
  const SuiteRunOutput& out = Run();
  ASSERT_EQ(out.exit_code, 0) << out.Everything();
  auto suite = Attributes(out.Suite());
  // The simulator's default KV cache: 1131008 tokens.
  EXPECT_EQ(suite["kv_cache_tokens"], "1131008");
  EXPECT_THAT(suite["fact_source_kv_cache_tokens"],
              HasSubstr(GetParam().kv_tokens_source));
  if (*GetParam().model_memory_source != '\0') {
    EXPECT_EQ(suite["model_memory_gib"], "44.20");
    EXPECT_THAT(suite["fact_source_model_memory_gib"],
                StartsWith(GetParam().model_memory_source));
  }
  // The log was silent about them: nothing claims to come from a memory
  // line.
  EXPECT_EQ(suite.count("kv_cache_gib"), 0u);
}

INSTANTIATE_TEST_SUITE_P(
    Personalities, EngineTest,
    testing::Values(Personality{"vllm", "vLLM", "/v1/models max_model_len",
                                "vllm:time_to_first_token_seconds",
                                "GPU KV cache size", ""},
                    Personality{"sglang", "SGLang", "/v1/models max_model_len",
                                "sglang:time_to_first_token_seconds",
                                "max_total_num_tokens=", ""},
                    Personality{"llamacpp", "llama.cpp",
                                "/props default_generation_settings.n_ctx",
                                "response timings", "llama_context: n_ctx",
                                "/v1/models meta.size"},
                    // trtllm-serve states its length only in its log.
                    Personality{"trtllm", "TensorRT-LLM", "max_seq_len=4096",
                                "trtllm_time_to_first_token_seconds",
                                "/metrics kvCacheStats", ""}),
    [](const testing::TestParamInfo<Personality>& info) {
      return std::string(info.param.engine);
    });

TEST(TpotDisagreementTest, BeyondTheSuitesLimitIsAWarningAndAProperty) {
  // A limit of 0%: any difference at all between the clocks is beyond it.
  const std::string dir = test::TempDir("tpot_limit");
  SuiteRunOutput out;
  out.exit_code = RunCoreSuite(
      dir,
      {{"BENCH_SIM", "1"},
       {"BENCH_SIM_FLAGS", kTiming},
       {"BENCH_SUITE_FILE", WriteSuite(dir, {{128, 32}}, "suite.toml",
                                       "tpot_disagreement_limit_pct = 0\n")},
       {"BENCH_WARMUP_RUNS", "1"},
       {"BENCH_RUNS", "2"}});
  ReadSuiteRunOutput(dir, out);
  ASSERT_EQ(out.exit_code, 0) << out.Everything();  // a warning, not a failure
  auto p = Properties(out.Case("Measure/Isl128Osl32"));
  EXPECT_THAT(p["tpot_disagreement_warning"],
              HasSubstr("the server's own 4.000 ms"));
  EXPECT_THAT(p["tpot_disagreement_warning"],
              HasSubstr("tpot_disagreement_limit_pct"));
  EXPECT_THAT(out.stderr_text, HasSubstr("warning: the client's TPOT"));
}

}  // namespace
}  // namespace servebench
