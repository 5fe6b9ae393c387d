// End to end against the simulator: measurements that must match the
// simulator's known truth (speculative chunks, reasoning, output length,
// concurrency) and server facts (present from the log, absent without one).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <ostream>
#include <string>
#include <vector>

#include "suites/suite_run_test_util.h"

namespace servebench {
namespace {

using testing::HasSubstr;

// Decode steps every 4 ms: slow enough to measure, fast enough for CI.
constexpr char kSim[] =
    "--ttft-base-ms 20 --prefill-us-per-token 10 --tpot-ms 4";
constexpr double kTpotMs = 4;

void RunSim(const std::string& dir, const std::string& sim_flags,
            const std::vector<std::pair<int, int>>& pairs, SuiteRunOutput& out,
            EnvOverrides extra = {}, const std::string& suite_keys = "") {
  EnvOverrides env = {
      {"BENCH_SIM", "1"},
      {"BENCH_SIM_FLAGS", std::string(kSim) + " " + sim_flags},
      {"BENCH_SUITE_FILE", WriteSuite(dir, pairs, "suite.toml", suite_keys)},
      {"BENCH_WARMUP_RUNS", "1"},
      {"BENCH_RUNS", "2"}};
  for (auto& [k, v] : extra) env[k] = v;
  out.exit_code = RunCoreSuite(dir, env, 120);
  ReadSuiteRunOutput(dir, out);
}

double Prop(const SuiteRunOutput& out, const std::string& test,
            const std::string& name) {
  auto props = Properties(out.Case(test));
  EXPECT_TRUE(props.count(name)) << test << " has no property " << name;
  return props.count(name) ? std::stod(props[name]) : -1;
}

TEST(MeasurementTest, PerTokenItlWithThreeTokenChunks) {
  // Every draft accepted: each 4 ms step sends a chunk of 3 tokens.
  SuiteRunOutput out;
  RunSim(test::TempDir("spec"), "--spec-tokens 2 --spec-acceptance 1",
         {{128, 96}}, out);
  ASSERT_EQ(out.exit_code, 0) << out.Everything();
  const std::string test = "Measure/Isl128Osl96";
  EXPECT_NEAR(Prop(out, test, "tokens_per_chunk"), 96.0 / 32, 1e-6);
  EXPECT_NEAR(Prop(out, test, "chunk_itl_ms_p50"), kTpotMs, 1.5);
  EXPECT_NEAR(Prop(out, test, "itl_ms_p50"), kTpotMs / 3, 0.5);
  // TPOT is unchanged by chunking: 31 steps over 95 token gaps.
  EXPECT_NEAR(Prop(out, test, "tpot_ms"), kTpotMs * 31 / 95, 0.5);
  // The server's own counters agree with what the stream showed.
  EXPECT_NEAR(Prop(out, test, "spec_acceptance_rate"), 1.0, 1e-9);
  EXPECT_NEAR(Prop(out, test, "spec_mean_acceptance_length"), 3.0, 1e-9);
}

TEST(MeasurementTest, TtfcTrailsTtftByTheReasoningTime) {
  // 25 reasoning tokens at 4 ms before the first answer token.
  SuiteRunOutput out;
  RunSim(test::TempDir("reasoning"), "--reasoning-tokens 25", {{128, 64}}, out);
  ASSERT_EQ(out.exit_code, 0) << out.Everything();
  const std::string test = "Measure/Isl128Osl64";
  const double gap = Prop(out, test, "ttfc_ms") - Prop(out, test, "ttft_ms");
  // A late stamp on the first token shortens the gap; the bound still
  // tells 25 reasoning tokens from none.
  EXPECT_GE(gap, 25 * kTpotMs - 50);
  EXPECT_LE(gap, 25 * kTpotMs + 50);
}

// A server that does not do what the suite asks: the case fails with a
// message that names the cause and the suite key that turns the demand off.
struct UnmetDemand {
  const char* name;  // the test's name: ASCII letters and digits only
  const char* sim_flags;
  int isl, osl;
  std::vector<const char*> message_says;
};

void PrintTo(const UnmetDemand& demand, std::ostream* os) {
  *os << demand.name;
}

class UnmetDemandTest : public testing::TestWithParam<UnmetDemand> {};

TEST_P(UnmetDemandTest, FailsNamingTheSuiteKeyToTurnOff) {
  const UnmetDemand& demand = GetParam();
  SuiteRunOutput out;
  RunSim(test::TempDir(demand.name), demand.sim_flags,
         {{demand.isl, demand.osl}}, out);
  EXPECT_EQ(out.exit_code, 1);
  const std::string message =
      out.FailureMessage("Measure/Isl" + std::to_string(demand.isl) + "Osl" +
                         std::to_string(demand.osl));
  for (const char* words : demand.message_says) {
    EXPECT_THAT(message, HasSubstr(words));
  }
}

INSTANTIATE_TEST_SUITE_P(
    MeasurementTest, UnmetDemandTest,
    testing::Values(
        UnmetDemand{"ServerIgnoringIgnoreEosFailsWithTheOslMessage",
                    "--ignore-ignore-eos --early-stop-fraction 1",
                    128,
                    64,
                    {"of OSL 64 tokens", "ignore_eos and min_tokens",
                     "allow_short_outputs"}},
        UnmetDemand{"RejectedFieldsAreNamedWithTheSuiteKeyToTurnOff",
                    "--reject-fields min_tokens",
                    128,
                    16,
                    {"HTTP 400", "rejected min_tokens",
                     "exact_output_length = false"}}),
    [](const testing::TestParamInfo<UnmetDemand>& info) {
      return std::string(info.param.name);
    });

TEST(MeasurementTest, PrefixCacheNeverServesSuitePrompts) {
  SuiteRunOutput out;
  RunSim(test::TempDir("cache"), "--prefix-cache", {{512, 16}}, out);
  ASSERT_EQ(out.exit_code, 0) << out.Everything();
  // Unique from their first words: at most one 16-token block (the chat
  // template's start) can ever match.
  EXPECT_LE(Prop(out, "Measure/Isl512Osl16", "cached_tokens"), 16);
  EXPECT_EQ(Prop(out, "Measure/Isl512Osl16", "isl_actual"), 512);
}

TEST(MeasurementTest, ConcurrencyEightRecordsTheAggregates) {
  SuiteRunOutput out;
  // The self-check's limit as in load_sim_test: other builds beside this
  // test delay the client by tens of ms, which is not what it checks.
  RunSim(test::TempDir("conc"), "", {{128, 64}}, out,
         {{"BENCH_CLIENT_LAG_LIMIT_MS", "50"}}, "concurrency = [8]\n");
  ASSERT_EQ(out.exit_code, 0) << out.Everything();
  const std::string test = "Measure/Isl128Osl64Conc8";
  EXPECT_EQ(Prop(out, test, "concurrency"), 8);
  EXPECT_EQ(Prop(out, test, "max_in_flight"), 8);
  // 8 streams decoding at 250 tok/s each: at most 2000 tok/s in the window.
  const double output_tps = Prop(out, test, "output_tps");
  EXPECT_GT(output_tps, 0.4 * 8 * 1000 / kTpotMs);
  EXPECT_LT(output_tps, 1.05 * 8 * 1000 / kTpotMs);
  for (const char* name : {"per_user_tps", "request_tps", "ttft_ms_p99",
                           "tpot_ms_p50", "itl_ms_p99", "client_lag_p99_ms"}) {
    EXPECT_GE(Prop(out, test, name), 0) << name;
  }
}

TEST(ServerFactsTest, LogFactsArePresentAndAFailingLogCommandOnlyWarns) {
  SuiteRunOutput out;
  RunSim(test::TempDir("facts"), "", {{128, 16}}, out);
  ASSERT_EQ(out.exit_code, 0) << out.Everything();
  auto suite = Attributes(out.Suite());
  EXPECT_EQ(suite["model_memory_gib"], "44.20");
  EXPECT_EQ(suite["kv_cache_gib"], "62.20");
  EXPECT_EQ(suite["kv_cache_tokens"], "1131008");
  EXPECT_THAT(suite["fact_source_kv_cache_gib"],
              HasSubstr("Available KV cache memory: 62.20 GiB"));
  EXPECT_GE(Prop(out, "Measure/Isl128Osl16", "kv_cache_usage_peak_pct"), 0);

  SuiteRunOutput failing;
  RunSim(test::TempDir("facts_cmd"), "", {{128, 16}}, failing,
         {{"BENCH_LOG_CMD", "/bin/false"}});
  ASSERT_EQ(failing.exit_code, 0) << failing.Everything();
  EXPECT_THAT(failing.stderr_text, HasSubstr("warning: "));
  EXPECT_THAT(failing.stderr_text, HasSubstr("/bin/false"));
  // Without the log, /metrics still gives the KV cache size...
  auto facts = Attributes(failing.Suite());
  EXPECT_EQ(facts["kv_cache_tokens"], "1131008");
  // ...and the rest is absent, never 0.
  EXPECT_EQ(facts.count("model_memory_gib"), 0u);
  EXPECT_EQ(facts.count("kv_cache_gib"), 0u);
}

TEST(ServerFactsTest, WithoutLogOrMetricsMemoryFactsAreAbsent) {
  SuiteRunOutput out;
  RunSim(test::TempDir("nofacts"), "", {{128, 16}}, out,
         {{"BENCH_LOG_CMD", "/bin/true"}, {"BENCH_METRICS", "0"}});
  ASSERT_EQ(out.exit_code, 0) << out.Everything();
  auto suite = Attributes(out.Suite());
  for (const char* name :
       {"model_memory_gib", "kv_cache_gib", "kv_cache_tokens"}) {
    EXPECT_EQ(suite.count(name), 0u) << name;
  }
  // An empty log names no engine; /v1/models does (owned_by), and says so.
  EXPECT_EQ(suite["engine"], "vLLM");
  EXPECT_EQ(suite["fact_source_engine"], "/v1/models owned_by");
  EXPECT_THAT(out.stdout_text, HasSubstr("n/a"));
}

}  // namespace
}  // namespace servebench
