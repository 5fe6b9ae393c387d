// The JUnit mapping: every name and format in one place, checked here
// without running a suite.
#include "suites/junit_properties.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <map>

namespace servebench {
namespace {

using testing::Contains;
using testing::ElementsAre;
using testing::IsSupersetOf;
using testing::Key;
using testing::Not;
using testing::Pair;

std::map<std::string, std::string> AsMap(const Properties& properties) {
  std::map<std::string, std::string> out;
  for (const Property& p : properties) {
    EXPECT_TRUE(out.emplace(p.name, p.value).second)
        << p.name << " is recorded twice";
  }
  return out;
}

RequestFigures Figures(double ttft, std::optional<double> tpot,
                       int64_t completion) {
  RequestFigures f;
  f.ttft_ms = ttft;
  f.tpot_ms = tpot;
  f.decode_tps = tpot ? std::optional<double>(1000 / *tpot) : std::nullopt;
  f.e2e_tps = 10;
  f.prompt_tokens = 1024;
  f.completion_tokens = completion;
  return f;
}

TEST(SuitePropertiesTest, NamesEachFactOnceWithItsSource) {
  SuiteDescription run;
  run.suite = "core";
  run.model = "m";
  run.max_model_len = 8192;
  run.max_model_len_source = "/v1/models";
  run.server = "http://127.0.0.1:1";
  run.endpoint = "chat";
  run.isl_calibration = "/tokenize";
  run.server_log = "file sim.log";
  run.facts = ServerFacts{};
  run.facts->engine = Engine::kVllm;
  run.facts->model_memory_gib = 44.2;
  run.facts->kv_cache_tokens = 1131008;
  run.facts->sources["model_memory_gib"] = "Model loading took 44.2 GiB";
  const auto p = AsMap(SuiteProperties(run));
  EXPECT_THAT(
      p,
      IsSupersetOf({Pair("suite", "core"), Pair("max_model_len", "8192"),
                    Pair("exact_output_length", "true"), Pair("engine", "vLLM"),
                    Pair("server_log", "file sim.log"),
                    Pair("model_memory_gib", "44.20"),
                    Pair("kv_cache_tokens", "1131008"),
                    Pair("fact_source_model_memory_gib",
                         "Model loading took 44.2 GiB")}));
  // Unknown facts are absent, never 0; no baseline, no property.
  EXPECT_THAT(p, Not(Contains(Key("kv_cache_gib"))));
  EXPECT_THAT(p, Not(Contains(Key("baseline"))));
}

TEST(SuitePropertiesTest, WithoutFactsOnlyTheRun) {
  SuiteDescription run;
  run.baseline = "sim";
  const auto p = AsMap(SuiteProperties(run));
  EXPECT_THAT(p, Contains(Pair("baseline", "sim")));
  EXPECT_THAT(p, Not(Contains(Key("engine"))));
}

TEST(SuitePropertiesTest, GpusWhenASourceReported) {
  SuiteDescription run;
  run.gpu_count = 2;
  run.gpu_names = {"Fake GPU A", "Fake GPU B"};
  run.gpu_source = "command fake_nvidia_smi.sh -lms 50";
  const auto p = AsMap(SuiteProperties(run));
  EXPECT_THAT(p, IsSupersetOf({Pair("gpu_count", "2"),
                               Pair("gpu_names", "Fake GPU A; Fake GPU B"),
                               Pair("gpu_source",
                                    "command fake_nvidia_smi.sh -lms 50")}));
  EXPECT_THAT(AsMap(SuiteProperties(SuiteDescription{})),
              Not(Contains(Key("gpu_count"))));
}

TEST(SequentialCasePropertiesTest, ServerClockAndGpuFiguresWithNotes) {
  CaseRecord record;
  record.outcome.spec = CaseSpec{128, 128, "balanced", ""};
  record.outcome.runs = 1;
  record.outcome.samples = {Figures(50, 4, 128)};
  record.server_figures = {{"server_ttft_ms", 45.1234},
                           {"tpot_client_server_pct", 0.41234},
                           {"gpu_power_w_avg", 412.3456},
                           {"energy_per_output_token_j", 0.0123456789},
                           {"gpu_memory_used_gib_max", 72.5}};
  record.server_notes = {{"server_clock_source", "response timings"},
                         {"tpot_disagreement_warning", "the client's TPOT..."}};
  const auto p = AsMap(SequentialCaseProperties(record));
  EXPECT_THAT(p, IsSupersetOf({Pair("server_ttft_ms", "45.123"),
                               Pair("tpot_client_server_pct", "0.41"),
                               Pair("gpu_power_w_avg", "412.35"),
                               Pair("energy_per_output_token_j", "0.012346"),
                               Pair("gpu_memory_used_gib_max", "72.50"),
                               Pair("server_clock_source", "response timings"),
                               Pair("tpot_disagreement_warning",
                                    "the client's TPOT...")}));
}

TEST(CaseIdentityPropertiesTest, IslOslLabelCategoryInOrder) {
  CaseSpec spec{1024, 128, "prefill-heavy", "vLLM default"};
  EXPECT_THAT(CaseIdentityProperties(spec),
              ElementsAre(Property{"isl", "1024"}, Property{"osl", "128"},
                          Property{"label", "vLLM default"},
                          Property{"category", "prefill-heavy"}));
}

TEST(SequentialCasePropertiesTest, StatsPerFigureAndAbsentOnesLeftOut) {
  CaseRecord record;
  record.outcome.spec = CaseSpec{1024, 1, "prefill-heavy", ""};
  record.outcome.warmup_runs = 2;
  record.outcome.runs = 2;
  // One-token answers: no TPOT, no decode throughput.
  record.outcome.samples = {Figures(100, std::nullopt, 1),
                            Figures(300, std::nullopt, 1)};
  record.outcome.calibrated_tokens = 1024;
  record.server_figures = {{"spec_acceptance_rate", 0.71234},
                           {"kv_cache_tokens", 1131008},
                           {"model_memory_gib", 44.2}};
  const auto p = AsMap(SequentialCaseProperties(record));
  EXPECT_THAT(
      p, IsSupersetOf(
             {Pair("runs", "2"), Pair("warmup_runs", "2"),
              Pair("isl_actual", "1024"), Pair("osl_actual", "1"),
              Pair("ttft_ms", "200.000"), Pair("ttft_ms_min", "100.000"),
              Pair("ttft_ms_max", "300.000"), Pair("ttft_ms_median", "200.000"),
              Pair("ttft_ms_stddev", "141.421"), Pair("isl_calibrated", "1024"),
              Pair("spec_acceptance_rate", "0.7123"),
              Pair("kv_cache_tokens", "1131008"),
              Pair("model_memory_gib", "44.20")}));
  EXPECT_THAT(p, Not(Contains(Key("tpot_ms"))));
  EXPECT_THAT(p, Not(Contains(Key("decode_tps_min"))));
}

TEST(ComparisonPropertiesTest, PerMetricAndOverallVerdict) {
  Comparison comparison;
  MetricComparison m;
  m.metric = Metric::kDecodeTps;
  m.baseline = 250;
  m.change_pct = -16.5;
  m.verdict = Verdict::kRegression;
  comparison.metrics.push_back(m);
  EXPECT_THAT(ComparisonProperties(comparison),
              ElementsAre(Property{"decode_tps_baseline", "250.000"},
                          Property{"decode_tps_change_pct", "-16.50"},
                          Property{"decode_tps_verdict", "regression"},
                          Property{"verdict", "regression"}));
}

}  // namespace
}  // namespace servebench
