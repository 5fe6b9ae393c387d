// Result files of all three kinds as history runs.
#include "bench/history/from_run_record.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

namespace servebench::history {
namespace {

using ::testing::Contains;
using ::testing::HasSubstr;
using ::testing::Key;
using ::testing::Not;
using ::testing::Pair;
using ::testing::SizeIs;

const std::string kRuns = "bench/results/testdata/runs/";

ImportedRun Import(const std::string& path) {
  Result<RunRecord> record = LoadRunRecord(path);
  EXPECT_TRUE(record.ok()) << record.error();
  Result<std::map<std::string, std::string>> context = ReadRunContext(path);
  EXPECT_TRUE(context.ok()) << context.error();
  return FromRunRecord(*record, *context);
}

TEST(FromRunRecordTest, ServebenchJsonKeepsItsContext) {
  const std::string path = kRuns + "servebench_results.json";
  const ImportedRun imported = Import(path);
  const HistoryRun& run = imported.run;
  EXPECT_EQ(run.suite, "core");
  EXPECT_EQ(run.model, "servebench/sim-llama-8b");
  EXPECT_EQ(run.engine, "vLLM");
  EXPECT_EQ(run.host, "ci-runner");
  EXPECT_EQ(run.started_at, "2026-03-02T10:00:00");  // context.started_at
  EXPECT_EQ(run.max_model_len, 4096);
  EXPECT_EQ(run.gpu_memory_utilization, 0.9);
  EXPECT_EQ(run.source, path);
  EXPECT_THAT(run.context, Contains(Pair("endpoint", "chat")));
  EXPECT_THAT(run.context,
              Contains(Pair("max_model_len_source", "BENCH_MAX_MODEL_LEN")));
  EXPECT_THAT(run.context, Contains(Pair("bench_runs", "3")));
  EXPECT_THAT(run.context, Contains(Pair("format", "servebench-json")));
  // Fields of their own are not repeated in the context.
  EXPECT_THAT(run.context, Not(Contains(Key("host"))));
  EXPECT_THAT(run.context, Not(Contains(Key("suite"))));
  EXPECT_THAT(run.context, Not(Contains(Key("kv_cache_gib"))));
  EXPECT_THAT(run.server, Contains(Pair("kv_cache_gib", 58.75)));

  const RunRecord record = LoadRunRecord(path).value();
  ASSERT_THAT(imported.cases, SizeIs(record.cases.size()));
  const HistoryCase& passed = imported.cases[0];
  EXPECT_EQ(passed.name, "Isl1024Osl128");
  EXPECT_EQ(passed.status, "passed");
  EXPECT_EQ(passed.means.at("decode_tps"),
            record.cases[0].means.at(Metric::kDecodeTps));
  EXPECT_EQ(passed.samples.at("ttft_ms"),
            record.cases[0].samples.at(Metric::kTtftMs));
  EXPECT_EQ(imported.cases[1].status, "failed");
  EXPECT_THAT(imported.cases[1].message, HasSubstr("connection reset by peer"));
}

TEST(FromRunRecordTest, SeedJsonTakesItsTimestampAndCudaGraphFacts) {
  const std::string path = kRuns + "bench_v22_marlin_baseline.json";
  const ImportedRun imported = Import(path);
  const RunRecord record = LoadRunRecord(path).value();
  EXPECT_EQ(imported.run.started_at, record.timestamp);
  EXPECT_EQ(imported.run.model, record.model);
  EXPECT_EQ(imported.run.max_model_len, record.max_model_len);
  EXPECT_THAT(imported.run.context,
              Contains(Pair("compilation_mode", "VLLM_COMPILE")));
  EXPECT_THAT(imported.run.context, Contains(Pair("num_graphs", "35")));
  EXPECT_THAT(imported.run.context,
              Not(Contains(Key("cudagraph_mode_actual"))));  // null
  ASSERT_THAT(imported.cases, SizeIs(record.cases.size()));
  for (size_t i = 0; i < record.cases.size(); ++i) {
    EXPECT_EQ(imported.cases[i].means.at("decode_tps"),
              record.cases[i].means.at(Metric::kDecodeTps));
  }
}

TEST(FromRunRecordTest, JunitXmlKeepsSuitePropertiesNotGoogleTestsOwn) {
  const ImportedRun imported = Import(kRuns + "core_sim_junit.xml");
  const HistoryRun& run = imported.run;
  EXPECT_EQ(run.started_at, "2026-03-01T09:15:00.020");
  EXPECT_EQ(run.suite, "core");
  EXPECT_EQ(run.max_model_len, 1500);
  EXPECT_THAT(run.context, Contains(Pair("server_log", "sim_server.log")));
  EXPECT_THAT(run.context,
              Contains(Pair("max_model_len_source", "BENCH_MAX_MODEL_LEN")));
  EXPECT_THAT(run.context, Not(Contains(Key("tests"))));
  EXPECT_THAT(run.context, Not(Contains(Key("failures"))));
  std::map<std::string, std::string> statuses;
  for (const HistoryCase& c : imported.cases) statuses[c.name] = c.status;
  EXPECT_EQ(statuses["Isl128Osl128"], "passed");
  EXPECT_EQ(statuses["Isl1024Osl1024"], "skipped");
}

TEST(FromRunRecordTest, ConcurrencyLevelFromTheCaseName) {
  RunRecord record;
  record.source = "x.json";
  RunCase c;
  c.name = "Isl1024Osl128Conc32";
  c.isl = 1024;
  c.osl = 128;
  c.status = "passed";
  record.cases.push_back(c);
  c.name = "Isl128Osl128";
  record.cases.push_back(c);
  const ImportedRun imported = FromRunRecord(record, {});
  EXPECT_EQ(imported.cases[0].level, 32);
  EXPECT_EQ(imported.cases[1].level, 0);
}

TEST(FromRunRecordTest, HostileContextIsBoundedAndOddKeysDropped) {
  const std::string path = ::testing::TempDir() + "/hostile.json";
  std::string big(10000, 'v');
  std::ofstream(path)
      << "{\"schema_version\": 1, \"model\": \"m\", \"context\": "
         "{\"host\": \"h\", \"bad key\": \"x\", \"note\": \""
      << big << "\", \"started_at\": \"not a time\"}, "
      << "\"timestamp\": \"2026-03-02T10:00:05\", \"results\": []}";
  auto context = ReadRunContext(path);
  ASSERT_TRUE(context.ok()) << context.error();
  EXPECT_THAT(*context, Not(Contains(Key("bad key"))));
  EXPECT_LE(context->at("note").size(), 4096u);
  RunRecord record;
  record.timestamp = "2026-03-02T10:00:05";
  // A started_at that is not a time falls back on the file's timestamp.
  EXPECT_EQ(FromRunRecord(record, *context).run.started_at,
            "2026-03-02T10:00:05");
}

TEST(FromRunRecordTest, UnreadableFilesSayWhich) {
  EXPECT_THAT(ReadRunContext(kRuns + "nope.json").error(),
              HasSubstr("nope.json: cannot read"));
  EXPECT_THAT(ReadRunContext(kRuns + "broken.json").error(),
              HasSubstr("broken.json: not a results JSON"));
}

}  // namespace
}  // namespace servebench::history
