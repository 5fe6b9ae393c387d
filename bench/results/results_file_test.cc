#include "bench/results/results_file.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <rapidjson/document.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "bench/results/run_record.h"
#include "testing/files.h"

namespace servebench {
namespace {

RequestFigures Sample(double ttft, double tpot, int64_t tokens) {
  RequestFigures f;
  f.ttft_ms = ttft;
  f.tpot_ms = tpot;
  f.decode_tps = 1000.0 / tpot;
  f.e2e_tps = tokens / ((ttft + tpot * (tokens - 1)) / 1000.0);
  f.prompt_tokens = 1030;
  f.completion_tokens = tokens;
  return f;
}

RunContext Context() {
  RunContext c;
  c.suite = "core";
  c.model = "sim";
  c.max_model_len = 4096;
  c.runs = 2;
  c.warmup_runs = 1;
  c.facts = ServerFacts{};
  c.facts->engine = Engine::kVllm;
  c.facts->model_memory_gib = 44.2;
  c.facts->kv_cache_tokens = 1131008;
  c.matrix = {CaseSpec{1024, 128, "prefill-heavy", "vLLM default"},
              CaseSpec{4096, 4096, "balanced", "4k balanced"}};
  return c;
}

TEST(ResultsFileTest, WritesSeedFieldsAndExtras) {
  const std::string path = test::TempPath("results.json");
  ResultsFile file(path, Context());
  CaseRecord passed;
  passed.outcome.spec = Context().matrix[0];
  passed.outcome.runs = 2;
  passed.outcome.warmup_runs = 1;
  passed.outcome.samples = {Sample(100, 20, 128), Sample(300, 22, 128)};
  ASSERT_TRUE(file.Record(passed).ok());
  CaseRecord skipped;
  skipped.outcome.spec = Context().matrix[1];
  skipped.status = CaseStatus::kSkipped;
  skipped.message = "ISL + OSL = 8192 exceeds the max model length 4096";
  ASSERT_TRUE(file.Record(skipped).ok());

  rapidjson::Document doc;
  const std::string text = test::ReadFileOrFail(path);
  doc.Parse(text.data(), text.size());
  ASSERT_FALSE(doc.HasParseError());
  EXPECT_EQ(doc["schema_version"].GetInt(), 1);
  EXPECT_STREQ(doc["model"].GetString(), "sim");
  EXPECT_EQ(doc["max_model_len"].GetInt(), 4096);
  EXPECT_EQ(doc["bench_runs"].GetInt(), 2);
  EXPECT_EQ(doc["test_matrix"].Size(), 2u);
  EXPECT_TRUE(doc["timestamp"].IsString());
  EXPECT_STREQ(doc["context"]["suite"].GetString(), "core");
  EXPECT_STREQ(doc["server"]["engine"].GetString(), "vLLM");
  EXPECT_DOUBLE_EQ(doc["server"]["model_memory_gib"].GetDouble(), 44.2);
  EXPECT_EQ(doc["server"]["kv_cache_tokens"].GetInt64(), 1131008);
  EXPECT_FALSE(doc["server"].HasMember("kv_cache_gib"));  // unknown: absent

  const auto& r = doc["results"][0];
  EXPECT_STREQ(r["regime"].GetString(), "prefill_heavy");
  EXPECT_EQ(r["isl_target"].GetInt(), 1024);
  EXPECT_EQ(r["osl_target"].GetInt(), 128);
  EXPECT_EQ(r["isl_actual"].GetInt(), 1030);
  EXPECT_EQ(r["osl_actual"].GetInt(), 128);
  EXPECT_DOUBLE_EQ(r["ttft_ms"]["avg"].GetDouble(), 200);
  EXPECT_DOUBLE_EQ(r["ttft_ms"]["min"].GetDouble(), 100);
  EXPECT_DOUBLE_EQ(r["ttft_ms"]["max"].GetDouble(), 300);
  EXPECT_DOUBLE_EQ(r["tpot_ms"]["median"].GetDouble(), 21);
  EXPECT_TRUE(r["decode_throughput"]["stddev"].IsNumber());
  EXPECT_TRUE(r["e2e_throughput"]["avg"].IsNumber());
  EXPECT_STREQ(r["status"].GetString(), "passed");
  EXPECT_TRUE(r["error"].IsNull());
  ASSERT_EQ(r["runs"].Size(), 2u);
  EXPECT_DOUBLE_EQ(r["runs"][1]["ttft_ms"].GetDouble(), 300);

  const auto& s = doc["results"][1];
  EXPECT_STREQ(s["status"].GetString(), "skipped");
  EXPECT_THAT(s["error"].GetString(),
              testing::HasSubstr("exceeds the max model length"));
  EXPECT_TRUE(s["ttft_ms"].IsNull());
}

TEST(ResultsFileTest, ServerClockGpusAndNotesRoundTripToTheTools) {
  const std::string path = test::TempPath("energy.json");
  RunContext context = Context();
  context.gpu_count = 2;
  context.gpu_names = {"NVIDIA H100 80GB HBM3", "NVIDIA H100 80GB HBM3"};
  context.gpu_source = "DCGM exporter http://gpu-box:9400/metrics";
  ResultsFile file(path, context);
  CaseRecord record;
  record.outcome.spec = Context().matrix[0];
  record.outcome.runs = 2;
  record.outcome.samples = {Sample(100, 20, 128), Sample(300, 22, 128)};
  record.server_figures = {{"server_ttft_ms", 95.5},
                           {"ttft_overhead_ms", 104.5},
                           {"gpu_energy_j", 38.4},
                           {"energy_per_output_token_j", 0.15}};
  record.server_notes = {{"server_clock_source", "response timings"},
                         {"gpu_energy_method", "energy counter"}};
  ASSERT_TRUE(file.Record(record).ok());

  rapidjson::Document doc;
  const std::string text = test::ReadFileOrFail(path);
  doc.Parse(text.data(), text.size());
  ASSERT_FALSE(doc.HasParseError());
  EXPECT_EQ(doc["server"]["gpu_count"].GetInt(), 2);
  EXPECT_EQ(doc["server"]["gpu_names"].Size(), 2u);
  EXPECT_STREQ(doc["server"]["gpu_source"].GetString(),
               "DCGM exporter http://gpu-box:9400/metrics");
  const auto& server = doc["results"][0]["server"];
  EXPECT_DOUBLE_EQ(server["energy_per_output_token_j"].GetDouble(), 0.15);
  EXPECT_STREQ(server["server_clock_source"].GetString(), "response timings");

  // The report and baseline tools read the once-per-case figures back.
  auto run = LoadRunRecord(path);
  ASSERT_TRUE(run.ok()) << run.error();
  const RunCase& c = run->cases[0];
  EXPECT_EQ(c.means.at(Metric::kEnergyPerOutputTokenJ), 0.15);
  EXPECT_EQ(c.means.at(Metric::kServerTtftMs), 95.5);
  EXPECT_EQ(c.means.at(Metric::kTtftOverheadMs), 104.5);
  EXPECT_EQ(c.means.at(Metric::kGpuEnergyJ), 38.4);
  EXPECT_EQ(c.samples.count(Metric::kGpuEnergyJ), 0u);
}

TEST(ResultsFileTest, RecordingTheSameCaseReplacesIt) {
  const std::string path = test::TempPath("replace.json");
  ResultsFile file(path, Context());
  CaseRecord record;
  record.outcome.spec = Context().matrix[0];
  record.status = CaseStatus::kFailed;
  ASSERT_TRUE(file.Record(record).ok());
  record.status = CaseStatus::kPassed;
  ASSERT_TRUE(file.Record(record).ok());
  ASSERT_EQ(file.records().size(), 1u);
  EXPECT_EQ(file.records()[0].status, CaseStatus::kPassed);
}

TEST(ResultsFileTest, AnUnwritableFolderNamesTheSetting) {
  ResultsFile file("/nonexistent-dir/x.json", Context());
  Status bad = file.Write();
  ASSERT_FALSE(bad.ok());
  EXPECT_THAT(bad.error(), testing::HasSubstr("/nonexistent-dir/x.json.tmp"));
  EXPECT_THAT(bad.error(), testing::HasSubstr("BENCH_RESULTS_FILE"));
}

}  // namespace
}  // namespace servebench
