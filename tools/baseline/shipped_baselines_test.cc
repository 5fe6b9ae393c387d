// The baselines in baselines/ load, and the imported ones still hold the
// seed's figures (a hand edit that changed a measurement would show here).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>

#include "bench/gating/baseline.h"
#include "bench/results/run_record.h"

namespace servebench {
namespace {

using ::testing::Contains;
using ::testing::IsSupersetOf;

TEST(ShippedBaselines, AllLoad) {
  std::vector<std::string> names;
  for (const auto& entry : std::filesystem::directory_iterator("baselines")) {
    if (entry.path().extension() != ".toml") continue;
    names.push_back(entry.path().stem().string());
    Result<Baseline> baseline = LoadBaseline(entry.path().string());
    EXPECT_TRUE(baseline.ok()) << baseline.error();
    if (baseline.ok()) {
      // Every baseline gates something: sequential cases or load levels.
      EXPECT_FALSE(baseline->cases.empty() && baseline->loads.empty())
          << entry.path();
    }
  }
  EXPECT_THAT(names,
              IsSupersetOf({"sim", "sim.load", "v22_marlin", "v8_sparse",
                            "v23_cutlass_fp8", "minimax_m25_ep_marlin"}));
}

struct Imported {
  const char* baseline;
  const char* seed;
  std::optional<double> model_memory_gib;
  std::optional<double> kv_cache_gib;
  const char* suite;
};

class ImportedBaseline : public ::testing::TestWithParam<Imported> {};

TEST_P(ImportedBaseline, HoldsTheSeedsFigures) {
  const Imported& p = GetParam();
  Result<Baseline> baseline =
      LoadBaseline(std::string("baselines/") + p.baseline + ".toml");
  ASSERT_TRUE(baseline.ok()) << baseline.error();
  Result<RunRecord> seed =
      LoadRunRecord(std::string("tools/baseline/testdata/") + p.seed);
  ASSERT_TRUE(seed.ok()) << seed.error();

  const BaselineContext& c = baseline->context;
  EXPECT_EQ(c.model, seed->model);
  EXPECT_EQ(c.max_model_len, seed->max_model_len);
  EXPECT_EQ(c.recorded_at, seed->timestamp);
  EXPECT_EQ(c.recorded_from, p.seed);
  EXPECT_EQ(c.engine, "vLLM");
  EXPECT_EQ(c.suite, p.suite);
  EXPECT_FALSE(c.notes.empty());
  EXPECT_EQ(baseline->tolerances.size(), DefaultTolerances().size());

  const auto server = [&](Metric metric) -> std::optional<double> {
    const auto it = baseline->server.find(metric);
    if (it == baseline->server.end()) return std::nullopt;
    return it->second;
  };
  EXPECT_EQ(server(Metric::kModelMemoryGib), p.model_memory_gib);
  EXPECT_EQ(server(Metric::kKvCacheGib), p.kv_cache_gib);

  ASSERT_EQ(baseline->cases.size(), seed->cases.size());
  for (const RunCase& run_case : seed->cases) {
    const BaselineCase* entry = baseline->FindCase(run_case.isl, run_case.osl);
    ASSERT_NE(entry, nullptr) << run_case.name;
    EXPECT_EQ(entry->figures, run_case.means) << run_case.name;
    EXPECT_EQ(entry->label, run_case.label) << run_case.name;
  }
}

INSTANTIATE_TEST_SUITE_P(
    Seed, ImportedBaseline,
    ::testing::Values(Imported{"v22_marlin", "bench_v22_marlin_baseline.json",
                               44.2, 62.2, ""},
                      Imported{"v8_sparse", "bench_v8_sparse_results.json",
                               35.2, 70.1, "core"},
                      Imported{"v23_cutlass_fp8",
                               "bench_v23_cutlass_fp8_results.json",
                               std::nullopt, std::nullopt, "core"},
                      Imported{"minimax_m25_ep_marlin",
                               "bench_minimax_m25_ep_marlin.json", std::nullopt,
                               std::nullopt, "core"}),
    [](const ::testing::TestParamInfo<Imported>& info) {
      std::string name;
      for (const char* p = info.param.baseline; *p != '\0'; ++p) {
        if (std::isalnum(static_cast<unsigned char>(*p))) name += *p;
      }
      return name;
    });

}  // namespace
}  // namespace servebench
