// End to end: the core suite binary against the simulated server, checked
// through what users consume (JUnit XML properties, the results JSON), and
// against nothing at all (every case must fail with the reason).
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <rapidjson/document.h>

#include <map>
#include <memory>
#include <pugixml.hpp>
#include <string>

#include "suites/suite_run_test_util.h"

namespace servebench {
namespace {

using testing::HasSubstr;
using testing::IsSupersetOf;

// Attribute or property values by name, as a test expects them.
using Texts = std::map<std::string, std::string>;

// The simulator's timing for this test: TTFT = 40 ms + 20 us per prompt
// token, then one token every 3 ms. The max model length of 2000 makes the
// 1024/1024 pair too long.
constexpr char kSimFlags[] =
    "--max-model-len 2000 --ttft-base-ms 40 --prefill-us-per-token 20 "
    "--tpot-ms 3 "
    "--early-stop-fraction 0";
constexpr double kTtftBaseMs = 40, kPrefillMsPerToken = 0.020, kTpotMs = 3;

// One run of the core suite, read once and shared by the tests below.
class CoreSuiteOnSimulatorTest : public testing::Test {
 protected:
  static void SetUpTestSuite() {
    const std::string dir = test::TempDir("sim");
    out_ = std::make_unique<SuiteRunOutput>();
    out_->exit_code = RunCoreSuite(dir, {{"BENCH_SIM", "1"},
                                         {"BENCH_SIM_FLAGS", kSimFlags},
                                         {"BENCH_WARMUP_RUNS", "1"},
                                         {"BENCH_RUNS", "2"}});
    ReadSuiteRunOutput(dir, *out_);
  }
  static void TearDownTestSuite() { out_.reset(); }
  static inline std::unique_ptr<SuiteRunOutput> out_;
};

TEST_F(CoreSuiteOnSimulatorTest, EveryCasePassesAndTheTooLongPairIsSkipped) {
  ASSERT_EQ(out_->exit_code, 0) << out_->stderr_text;
  ASSERT_TRUE(out_->xml_ok);
  const pugi::xml_node suite = out_->Suite();
  EXPECT_STREQ(suite.attribute("name").value(), "Suite/ServingSuite");
  EXPECT_EQ(suite.attribute("tests").as_int(), 5);
  EXPECT_EQ(suite.attribute("failures").as_int(), 0);
  EXPECT_EQ(suite.attribute("skipped").as_int(), 1);

  std::map<std::string, std::string> results;
  for (const auto& test : suite.children("testcase")) {
    results[test.attribute("name").value()] = test.attribute("result").value();
  }
  EXPECT_THAT(results, IsSupersetOf(Texts{
                           {"Measure/Isl128Osl128", "completed"},
                           {"Measure/Isl256Osl256", "completed"},
                           {"Measure/Isl1024Osl128", "completed"},
                           {"Measure/Isl128Osl1024", "completed"},
                           {"Measure/Isl1024Osl1024", "skipped"},
                       }));
  const auto skipped = suite.find_child_by_attribute("testcase", "name",
                                                     "Measure/Isl1024Osl1024");
  EXPECT_THAT(skipped.child("skipped").attribute("message").value(),
              HasSubstr("exceeds the max model length 2000 "
                        "(/v1/models max_model_len)"));
}

TEST_F(CoreSuiteOnSimulatorTest, SuiteAndCasePropertiesAreAllRecorded) {
  ASSERT_EQ(out_->exit_code, 0);
  ASSERT_TRUE(out_->xml_ok);
  const pugi::xml_node suite = out_->Suite();
  auto suite_props = Attributes(suite);
  EXPECT_THAT(suite_props,
              IsSupersetOf(Texts{
                  {"model", "servebench/sim-llama-8b"},
                  {"max_model_len", "2000"},
                  {"max_model_len_source", "/v1/models max_model_len"},
                  {"suite", "core"},
                  {"endpoint", "chat"},
                  // Memory facts read from the simulator's vLLM-style log
                  // (its defaults).
                  {"engine", "vLLM"},
                  {"model_memory_gib", "44.20"},
                  {"kv_cache_gib", "62.20"},
                  {"kv_cache_tokens", "1131008"},
              }));
  EXPECT_THAT(suite_props["server"], HasSubstr("http://127.0.0.1:"));

  const auto test = suite.find_child_by_attribute("testcase", "name",
                                                  "Measure/Isl1024Osl128");
  EXPECT_STREQ(test.attribute("value_param").value(),
               "ISL 1024 / OSL 128 (prefill-heavy): vLLM default");
  auto props = Properties(test);
  for (const char* name : {"isl", "osl", "label", "category", "runs",
                           "isl_actual", "osl_actual"}) {
    EXPECT_TRUE(props.count(name)) << name;
  }
  for (const std::string metric :
       {"ttft_ms", "tpot_ms", "decode_tps", "e2e_tps"}) {
    for (const std::string suffix :
         {"", "_min", "_max", "_median", "_stddev"}) {
      EXPECT_TRUE(props.count(metric + suffix)) << metric + suffix;
    }
  }
  EXPECT_EQ(props["isl"], "1024");
  EXPECT_EQ(props["osl"], "128");
  EXPECT_EQ(props["label"], "vLLM default");
  EXPECT_EQ(props["category"], "prefill-heavy");
  EXPECT_EQ(props["runs"], "2");
  // Figures are formatted strings, not 17-digit doubles.
  EXPECT_THAT(props["tpot_ms"], testing::MatchesRegex("[0-9]+\\.[0-9]{3}"));
}

TEST_F(CoreSuiteOnSimulatorTest,
       MeasuredTimingMatchesTheSimulatorWithinGenerousBounds) {
  ASSERT_EQ(out_->exit_code, 0);
  ASSERT_TRUE(out_->xml_ok);
  const pugi::xml_node suite = out_->Suite();
  for (const char* name : {"Measure/Isl1024Osl128", "Measure/Isl128Osl1024"}) {
    auto props =
        Properties(suite.find_child_by_attribute("testcase", "name", name));
    const double prompt_tokens = std::stod(props["isl_actual"]);
    const double expected_ttft =
        kTtftBaseMs + kPrefillMsPerToken * prompt_tokens;
    const double ttft = std::stod(props["ttft_ms"]);
    const double tpot = std::stod(props["tpot_ms"]);
    // The server cannot answer sooner than configured; a loaded machine may
    // make it much later, so the upper bounds are wide.
    EXPECT_GE(ttft, expected_ttft * 0.95) << name;
    EXPECT_LE(ttft, expected_ttft + 1000) << name;
    EXPECT_GE(tpot, kTpotMs * 0.9) << name;
    EXPECT_LE(tpot, kTpotMs + 20) << name;
    // The seed's formulas tie the figures together.
    EXPECT_NEAR(std::stod(props["decode_tps"]), 1000.0 / tpot,
                1000.0 / tpot * 0.05)
        << name;
    EXPECT_EQ(props["osl_actual"],
              std::string(name).substr(std::string(name).rfind("Osl") + 3));
  }
}

TEST_F(CoreSuiteOnSimulatorTest, ResultsJsonCarriesTheSeedSchema) {
  ASSERT_EQ(out_->exit_code, 0);
  const rapidjson::Document& doc = out_->json;
  ASSERT_TRUE(doc.IsObject());
  for (const char* field :
       {"model", "max_model_len", "bench_runs", "test_matrix", "results",
        "timestamp", "schema_version", "context"}) {
    EXPECT_TRUE(doc.HasMember(field)) << field;
  }
  EXPECT_EQ(doc["bench_runs"].GetInt(), 2);
  EXPECT_EQ(doc["test_matrix"].Size(), 5u);
  ASSERT_EQ(doc["results"].Size(), 5u);
  int passed = 0, skipped = 0;
  for (const auto& r : doc["results"].GetArray()) {
    for (const char* field : {"regime", "label", "isl_target", "osl_target",
                              "isl_actual", "osl_actual", "ttft_ms", "tpot_ms",
                              "decode_throughput", "e2e_throughput"}) {
      EXPECT_TRUE(r.HasMember(field)) << field;
    }
    const std::string status = r["status"].GetString();
    if (status == "passed") {
      ++passed;
      EXPECT_EQ(r["runs"].Size(), 2u);
      EXPECT_TRUE(r["ttft_ms"]["avg"].IsNumber());
    }
    if (status == "skipped") ++skipped;
  }
  EXPECT_EQ(passed, 4);
  EXPECT_EQ(skipped, 1);
}

TEST_F(CoreSuiteOnSimulatorTest, PrintsTheResultsTableAndProgressLines) {
  ASSERT_EQ(out_->exit_code, 0);
  const std::string& out = out_->stdout_text;
  EXPECT_THAT(out, HasSubstr("Decode tok/s"));
  EXPECT_THAT(out, HasSubstr("KV cache GiB"));
  EXPECT_THAT(out, HasSubstr("Isl128Osl1024"));
  EXPECT_THAT(out, HasSubstr("44.2"));     // model memory column
  EXPECT_THAT(out, HasSubstr("1131008"));  // KV cache tokens column
  const std::string& err = out_->stderr_text;
  EXPECT_THAT(err, HasSubstr("[Isl1024Osl128] run 2/2: TTFT"));
  EXPECT_THAT(err, HasSubstr("[Isl1024Osl128] warm-up 1/1: TTFT"));
}

// Gating against baselines/sim.toml. A two-pair suite named "core" keeps
// these runs short; its pairs are in sim.toml.

// Runs that two-pair suite on the simulator (with `sim_flags`, if any) gated
// against `baseline`, expecting it to fail: returns what its failures say.
std::string FailuresOfGatedRun(const std::string& dir,
                               const std::string& baseline,
                               const std::string& sim_flags = "") {
  EnvOverrides env = {{"BENCH_SIM", "1"},
                      {"BENCH_BASELINE", baseline},
                      {"BENCH_SUITE_FILE", MiniCoreSuite(dir)}};
  if (!sim_flags.empty()) env["BENCH_SIM_FLAGS"] = sim_flags;
  EXPECT_EQ(RunCoreSuite(dir, env), 1);
  return FirstFailure(dir + "/test.xml");
}

TEST(CoreSuiteGateTest, DefaultProfilePassesWithSimBaseline) {
  const std::string dir = test::TempDir("gate_pass");
  const int exit_code = RunCoreSuite(dir, {{"BENCH_SIM", "1"},
                                           {"BENCH_BASELINE", "sim"},
                                           {"BENCH_WARMUP_RUNS", "1"},
                                           {"BENCH_RUNS", "2"}});
  SuiteRunOutput out;
  ReadSuiteRunOutput(dir, out);
  ASSERT_EQ(exit_code, 0) << FirstFailure(dir + "/test.xml") << out.stderr_text;
  const pugi::xml_node suite = out.Suite();
  EXPECT_STREQ(suite.attribute("baseline").value(), "sim");
  auto props = Properties(suite.find_child_by_attribute(
      "testcase", "name", "Measure/Isl1024Osl128"));
  // The simulator decodes at ~250 tok/s (TPOT 4 ms).
  EXPECT_THAT(props["decode_tps_baseline"],
              testing::MatchesRegex("25[0-9]\\.[0-9]{3}"));
  EXPECT_TRUE(props.count("decode_tps_change_pct"));
  EXPECT_EQ(props["kv_cache_gib_verdict"], "pass");
  EXPECT_THAT(props["verdict"], testing::AnyOf("pass", "improved"));
}

TEST(CoreSuiteGateTest, SlowerDecodeFailsNamingDecodeAndTpot) {
  const std::string dir = test::TempDir("gate_slow");
  // TPOT 4.8 ms instead of 4: decode 20% slower.
  const std::string failures = FailuresOfGatedRun(dir, "sim", "--tpot-ms 4.8");
  EXPECT_THAT(failures, HasSubstr("decode_tps"));
  EXPECT_THAT(failures,
              testing::ContainsRegex("below baseline 25[0-9]\\.[0-9]"));
  EXPECT_THAT(failures, HasSubstr("tpot_ms"));
  EXPECT_THAT(failures, HasSubstr("above baseline 4.00"));
  // TTFT did not change, so it is no regression. (With two runs its
  // interval may still straddle the threshold: reported as inconclusive.)
  EXPECT_THAT(failures, testing::Not(testing::ContainsRegex(
                            "ttft_ms [^;]*allowed: 20 ms\\)(;|\n|$)")));
  EXPECT_THAT(failures, HasSubstr("overall regression"));
  SuiteRunOutput out;
  ReadSuiteRunOutput(dir, out);
  const rapidjson::Document& doc = out.json;
  ASSERT_TRUE(doc.IsObject());
  EXPECT_STREQ(doc["results"][0]["baseline"]["verdict"].GetString(),
               "regression");
  EXPECT_STREQ(doc["results"][0]["status"].GetString(), "failed");
}

TEST(CoreSuiteGateTest, DifferentMaxModelLenIsNotComparable) {
  const std::string dir = test::TempDir("gate_mismatch");
  const std::string failures =
      FailuresOfGatedRun(dir, "sim", "--max-model-len 4096");
  EXPECT_THAT(failures, HasSubstr("not comparable with baseline sim"));
  EXPECT_THAT(failures, HasSubstr("max_model_len 4096 (this run, /v1/models "
                                  "max_model_len) vs 8192 (baseline)"));
  EXPECT_THAT(failures, HasSubstr("BENCH_ALLOW_MISMATCH=1"));
  // The figures were still measured and kept.
  SuiteRunOutput out;
  ReadSuiteRunOutput(dir, out);
  const rapidjson::Document& doc = out.json;
  ASSERT_TRUE(doc.IsObject());
  EXPECT_EQ(doc["results"][0]["runs"].Size(), 2u);
}

TEST(CoreSuiteGateTest, UnknownBaselineNameListsShippedOnes) {
  const std::string dir = test::TempDir("gate_unknown");
  const std::string failures = FailuresOfGatedRun(dir, "simm");
  EXPECT_THAT(failures, HasSubstr("BENCH_BASELINE=simm is neither a file nor"));
  EXPECT_THAT(failures, HasSubstr("sim"));
}

// Runs the core suite in <name> with `env`, which must fail all five of its
// cases; returns what the run left.
SuiteRunOutput RunFailingEveryCase(const std::string& name,
                                   const EnvOverrides& env) {
  const std::string dir = test::TempDir(name);
  SuiteRunOutput out;
  out.exit_code = RunCoreSuite(dir, env);
  ReadSuiteRunOutput(dir, out);
  EXPECT_EQ(out.exit_code, 1);
  EXPECT_TRUE(out.xml_ok);
  EXPECT_EQ(out.Suite().attribute("failures").as_int(), 5);
  return out;
}

TEST(CoreSuiteBadLogFileTest, UnreadableLogFailsEveryCaseBeforeMeasuring) {
  const SuiteRunOutput out =
      RunFailingEveryCase("badlog", {{"BENCH_SIM", "1"},
                                     {"BENCH_SIM_FLAGS", kSimFlags},
                                     {"BENCH_LOG_FILE", "/no/such/vllm.log"}});
  EXPECT_THAT(out.Suite()
                  .child("testcase")
                  .child("failure")
                  .attribute("message")
                  .value(),
              HasSubstr("cannot read BENCH_LOG_FILE=/no/such/vllm.log"));
  EXPECT_THAT(out.stderr_text, testing::Not(HasSubstr("run 1/")));
}

TEST(CoreSuiteWithoutServerTest, EveryCaseFailsWithTheReason) {
  const SuiteRunOutput out =
      RunFailingEveryCase("nothing", {{"BENCH_URL", "http://127.0.0.1:9"},
                                      {"BENCH_READY_TIMEOUT", "1"},
                                      {"BENCH_SIM", "0"}});
  for (const auto& test : out.Suite().children("testcase")) {
    EXPECT_THAT(test.child("failure").attribute("message").value(),
                HasSubstr("was not ready within 1 s (BENCH_READY_TIMEOUT)"));
  }
}

}  // namespace
}  // namespace servebench
