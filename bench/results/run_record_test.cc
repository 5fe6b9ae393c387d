// LoadRunRecord on the three formats (checked-in files) and on bad input.
#include "bench/results/run_record.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <tuple>

#include "bench/base/files.h"
#include "testing/files.h"

namespace servebench {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Pair;
using ::testing::StartsWith;

const std::string kDir = "bench/results/testdata/runs/";

// The simulator's memory facts, which both its JSON and JUnit XML record.
auto SimServerFacts() {
  return ElementsAre(Pair(Metric::kModelMemoryGib, 15.2),
                     Pair(Metric::kKvCacheGib, 58.75),
                     Pair(Metric::kKvCacheTokens, 481280));
}

RunRecord MustLoad(const std::string& name) {
  Result<RunRecord> record = LoadRunRecord(kDir + name);
  EXPECT_TRUE(record.ok()) << record.error();
  return record.ok() ? *record : RunRecord{};
}

TEST(LoadRunRecordTest, ReadsSeedJson) {
  const RunRecord r = MustLoad("bench_v23_cutlass_fp8_results.json");
  EXPECT_EQ(r.format, "seed-json");
  EXPECT_EQ(r.source, kDir + "bench_v23_cutlass_fp8_results.json");
  EXPECT_EQ(r.model, "nvidia/Qwen3-Next-80B-A3B-Instruct-NVFP4");
  EXPECT_EQ(r.timestamp, "2026-02-21T17:31:02");
  EXPECT_EQ(r.max_model_len, 4096);
  EXPECT_EQ(r.suite, "");
  EXPECT_FALSE(r.gpu_memory_utilization.has_value());
  EXPECT_THAT(r.server, IsEmpty());
  ASSERT_EQ(r.cases.size(), 5u);
  const RunCase& first = r.cases[0];
  EXPECT_EQ(first.name, "Isl1024Osl128");
  EXPECT_EQ(first.category, "prefill-heavy");
  EXPECT_EQ(first.label, "vLLM default");
  EXPECT_EQ(first.status, "passed");
  EXPECT_EQ(first.isl_actual, 945);
  EXPECT_EQ(first.osl_actual, 128);
  EXPECT_THAT(
      first.means,
      ElementsAre(Pair(Metric::kTtftMs, 714.9), Pair(Metric::kTpotMs, 23.98),
                  Pair(Metric::kDecodeTps, 42.1), Pair(Metric::kE2eTps, 34.1)));
  EXPECT_THAT(first.samples, IsEmpty());
  EXPECT_EQ(r.cases[4].category, "decode-heavy");
  EXPECT_FALSE(r.HasFailures());
}

TEST(LoadRunRecordTest, ReadsEverySeedFile) {
  for (const char* name :
       {"bench_v22_marlin_baseline.json", "bench_v8_sparse_results.json",
        "bench_minimax_m25_ep_marlin.json"}) {
    const RunRecord r = MustLoad(name);
    EXPECT_EQ(r.format, "seed-json") << name;
    EXPECT_GE(r.cases.size(), 5u) << name;
    for (const RunCase& c : r.cases) {
      EXPECT_EQ(c.means.size(), 4u) << name << " " << c.name;
    }
  }
  const RunRecord v22 = MustLoad("bench_v22_marlin_baseline.json");
  ASSERT_NE(v22.FindCase(32768, 256), nullptr);
  EXPECT_EQ(v22.FindCase(32768, 256)->name, "Isl32768Osl256");
  EXPECT_EQ(v22.FindCase(1, 1), nullptr);
}

TEST(LoadRunRecordTest, ReadsServebenchJsonWithSamplesAndServerFacts) {
  const RunRecord r = MustLoad("servebench_results.json");
  EXPECT_EQ(r.format, "servebench-json");
  EXPECT_EQ(r.suite, "core");
  EXPECT_EQ(r.engine, "vLLM");
  EXPECT_EQ(r.timestamp, "2026-03-02T10:00:05");
  EXPECT_EQ(r.gpu_memory_utilization, 0.9);
  EXPECT_THAT(r.server, SimServerFacts());
  ASSERT_EQ(r.cases.size(), 2u);
  EXPECT_THAT(r.cases[0].samples.at(Metric::kDecodeTps),
              ElementsAre(1010.0, 1000.0, 990.0));
  EXPECT_EQ(r.cases[0].samples.size(), 4u);
  const RunCase& failed = r.cases[1];
  EXPECT_EQ(failed.status, "failed");
  EXPECT_EQ(failed.message,
            "the stream ended after 17 tokens: connection reset by peer");
  EXPECT_THAT(failed.means, IsEmpty());
  EXPECT_FALSE(failed.isl_actual.has_value());
  EXPECT_TRUE(r.HasFailures());
}

TEST(LoadRunRecordTest, ReadsJunitXml) {
  const RunRecord r = MustLoad("core_sim_junit.xml");
  EXPECT_EQ(r.format, "junit-xml");
  EXPECT_EQ(r.model, "servebench/sim-llama-8b");
  EXPECT_EQ(r.suite, "core");
  EXPECT_EQ(r.engine, "vLLM");
  EXPECT_EQ(r.timestamp, "2026-03-01T09:15:00.020");
  EXPECT_EQ(r.max_model_len, 1500);
  EXPECT_EQ(r.gpu_memory_utilization, 0.9);
  EXPECT_THAT(r.server, SimServerFacts());
  // "ReportsServerFacts" is not an ISL/OSL pair and is left out.
  ASSERT_EQ(r.cases.size(), 5u);
  const RunCase& first = r.cases[0];
  EXPECT_EQ(first.name, "Isl128Osl128");
  EXPECT_EQ(first.isl, 128);
  EXPECT_EQ(first.category, "balanced");
  EXPECT_EQ(first.status, "passed");
  EXPECT_EQ(first.isl_actual, 132);
  // Summary statistics and baseline properties are not means.
  EXPECT_THAT(first.means, ElementsAre(Pair(Metric::kTtftMs, 27.278),
                                       Pair(Metric::kTpotMs, 0.997),
                                       Pair(Metric::kDecodeTps, 1010.947),
                                       Pair(Metric::kE2eTps, 831.754)));
  EXPECT_EQ(r.cases[2].status, "skipped");
  EXPECT_EQ(r.cases[2].message,
            "ISL + OSL = 2048 exceeds the max model length 1500 "
            "(BENCH_MAX_MODEL_LEN)");
  EXPECT_EQ(r.cases[4].status, "failed");
  EXPECT_EQ(r.cases[4].message,
            "the stream ended after 17 tokens: connection reset by peer");
  EXPECT_TRUE(r.HasFailures());
}

// A file LoadRunRecord must refuse, and how its message must start after the
// file's path: which line, where there is one, and what is wrong.
struct BadRecordFile {
  const char* test_name;
  const char* file;
  const char* after_path;
};

class LoadRunRecordErrorTest : public ::testing::TestWithParam<BadRecordFile> {
};

TEST_P(LoadRunRecordErrorTest, MessageNamesThePathAndLine) {
  const BadRecordFile& bad = GetParam();
  Result<RunRecord> r = LoadRunRecord(kDir + bad.file);
  ASSERT_FALSE(r.ok());
  EXPECT_THAT(r.error(), StartsWith(kDir + bad.file + bad.after_path));
}

INSTANTIATE_TEST_SUITE_P(
    BadFiles, LoadRunRecordErrorTest,
    ::testing::Values(
        BadRecordFile{"MissingFile", "no_such.json", ": cannot read"},
        BadRecordFile{"BrokenXml", "broken.xml", ":5: not valid XML: "},
        BadRecordFile{"BrokenJson", "broken.json", ":4: not valid JSON: "},
        BadRecordFile{"NoCases", "empty_results.json",
                      ": no test cases found"}),
    [](const ::testing::TestParamInfo<BadRecordFile>& info) {
      return std::string(info.param.test_name);
    });

TEST(LoadRunRecordTest, WrongTypesAreErrorsNotCrashes) {
  // The JSON directory of a missing key must not reach operator[].
  const std::string path = ::testing::TempDir() + "/odd.json";
  FILE* f = std::fopen(path.c_str(), "w");
  ASSERT_NE(f, nullptr);
  std::fputs(R"({"model": 7, "results": [{"isl_target": "x"}]})", f);
  std::fclose(f);
  Result<RunRecord> r = LoadRunRecord(path);
  ASSERT_FALSE(r.ok());
  EXPECT_THAT(r.error(), HasSubstr("results[0] has no numeric isl_target"));
}

TEST(LoadRunRecordTest, DeeplyNestedFilesAreErrorsNotCrashes) {
  const std::string dir = test::TempDir("deep");
  std::string objects = "{\"results\":";
  for (int i = 0; i < 100000; ++i) objects += "{\"a\":";
  objects += "1" + std::string(100001, '}');
  const std::string arrays = "{\"results\":" + std::string(100000, '[') +
                             std::string(100000, ']') + "}";
  for (const auto& [name, text] :
       {std::pair{"objects.json", objects}, std::pair{"arrays.json", arrays}}) {
    const std::string path = dir + "/" + name;
    ASSERT_TRUE(WriteFileAtomically(path, text).ok());
    Result<RunRecord> r = LoadRunRecord(path);
    ASSERT_FALSE(r.ok()) << name;
    EXPECT_THAT(r.error(), HasSubstr("nested deeper than 64 levels")) << name;
  }
  // XML too: pugixml parses without recursion; the record reader walks only
  // the levels it knows.
  std::string xml = "<testsuites><testsuite name=\"s\">";
  for (int i = 0; i < 100000; ++i) xml += "<a>";
  for (int i = 0; i < 100000; ++i) xml += "</a>";
  xml += "</testsuite></testsuites>";
  ASSERT_TRUE(WriteFileAtomically(dir + "/deep.xml", xml).ok());
  Result<RunRecord> r = LoadRunRecord(dir + "/deep.xml");
  ASSERT_FALSE(r.ok());
  EXPECT_THAT(r.error(), HasSubstr("no test cases found"));
}

TEST(LoadRunRecordTest, LoadLevelsFromXmlAndJsonAgree) {
  // A real run of load_sim_suite.toml against the simulator.
  const RunRecord xml = MustLoad("load_sim_junit.xml");
  const RunRecord json = MustLoad("load_sim_results.json");
  for (const RunRecord* r : {&xml, &json}) {
    ASSERT_EQ(r->cases.size(), 4u) << r->format;
    EXPECT_EQ(r->FindCase(128, 32), nullptr)
        << "levels are not the pair's case";
    std::vector<std::string> levels;
    for (const RunCase& c : r->cases) {
      levels.push_back(c.level);
      EXPECT_TRUE(c.is_load());
      EXPECT_THAT(c.means, IsEmpty()) << c.name;
    }
    EXPECT_THAT(levels, ElementsAre("Conc4", "Rate10", "Sweep", "Rate8"));
  }
  for (const auto& [isl, osl, level] :
       std::vector<std::tuple<int, int, std::string>>{
           {128, 32, "Conc4"}, {128, 32, "Rate10"}, {256, 16, "Rate8"}}) {
    const RunCase* from_xml = xml.FindLoad(isl, osl, level);
    const RunCase* from_json = json.FindLoad(isl, osl, level);
    ASSERT_NE(from_xml, nullptr) << level;
    ASSERT_NE(from_json, nullptr) << level;
    for (Metric m :
         {Metric::kOutputTps, Metric::kRequestTps, Metric::kPerUserTps,
          Metric::kGoodputRps, Metric::kTtftP50Ms, Metric::kTtftP99Ms,
          Metric::kTpotP50Ms, Metric::kTpotP99Ms}) {
      ASSERT_EQ(from_xml->load.count(m), 1u) << level << " " << Info(m).name;
      EXPECT_NEAR(from_xml->load.at(m), from_json->load.at(m), 0.0006)
          << level << " " << Info(m).name;
    }
    EXPECT_NEAR(from_xml->figures.at("slo_attainment_pct"),
                from_json->figures.at("slo_attainment_pct"), 0.0006);
  }
  const RunCase* rate = xml.FindLoad(128, 32, "Rate10");
  EXPECT_EQ(rate->figures.at("offered_rps"), 10);
  EXPECT_GT(rate->figures.at("sent_rps"), 0);
  const RunCase* sweep = json.FindLoad(128, 32, "Sweep");
  ASSERT_NE(sweep, nullptr);
  EXPECT_GT(sweep->load.at(Metric::kKneeRps), 0);
  EXPECT_EQ(sweep->figures.at("level1_streams"), 1);
  EXPECT_NEAR(sweep->figures.at("knee_rps"),
              xml.FindLoad(128, 32, "Sweep")->figures.at("knee_rps"), 0.0006);
}

}  // namespace
}  // namespace servebench
