// update: figures replaced, curated parts kept, bad runs refused untouched.
#include "tools/baseline/update.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>
#include <ostream>
#include <string>
#include <vector>

#include "bench/gating/baseline.h"
#include "bench/results/run_record.h"
#include "testing/files.h"
#include "tools/baseline/test_files.h"

namespace servebench::baseline_tool {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Pair;
using ::testing::StartsWith;
using ::testing::UnorderedElementsAre;

Baseline Load(const std::string& path) {
  Result<Baseline> baseline = LoadBaseline(path);
  EXPECT_TRUE(baseline.ok()) << baseline.error();
  return baseline.ok() ? *baseline : Baseline{};
}

UpdateOptions From(const std::string& run, bool force = false) {
  UpdateOptions options;
  options.force = force;
  options.recorded_from = run;
  return options;
}

TEST(UpdateBaselineFile,
     KeepsContextTolerancesAndOverridesWhileReplacingFigures) {
  const std::string path = ScratchCopy(TestData("existing.toml"));
  const std::string run = TestData("run_core.xml");
  Result<UpdateOutcome> outcome = UpdateBaselineFile(run, path, From(run));
  ASSERT_TRUE(outcome.ok()) << outcome.error();
  const Baseline updated = Load(path);

  const BaselineContext& c = updated.context;
  EXPECT_EQ(c.engine_version, "servebench simulator");
  EXPECT_EQ(c.gpu, "none (simulated)");
  EXPECT_EQ(c.notes, "Hand-written notes that must survive an update.");
  EXPECT_EQ(c.max_model_len, 8192);
  EXPECT_EQ(c.suite, "core");
  EXPECT_EQ(c.recorded_at, "2026-03-01T09:15:00.020");  // the run's
  EXPECT_EQ(c.recorded_from, run);

  // The file's tolerances stay as written: no defaults are added.
  ASSERT_EQ(updated.tolerances.size(), 2u);
  EXPECT_EQ(updated.tolerances.at(Metric::kTtftMs).kind,
            Tolerance::Kind::kAbsolute);
  EXPECT_EQ(updated.tolerances.at(Metric::kTtftMs).value, 20);
  EXPECT_DOUBLE_EQ(updated.tolerances.at(Metric::kE2eTps).value, 0.20);

  const BaselineCase* micro = updated.FindCase(128, 128);
  ASSERT_NE(micro, nullptr);
  EXPECT_THAT(micro->figures, ElementsAre(Pair(Metric::kTtftMs, 27.278),
                                          Pair(Metric::kTpotMs, 0.997),
                                          Pair(Metric::kDecodeTps, 1010.947),
                                          Pair(Metric::kE2eTps, 831.754)));
  ASSERT_EQ(micro->tolerances.count(Metric::kTtftMs), 1u);
  EXPECT_DOUBLE_EQ(micro->tolerances.at(Metric::kTtftMs).value, 0.40);
  // The old samples belonged to the old mean.
  EXPECT_TRUE(micro->samples.empty());

  EXPECT_EQ(updated.FindCase(256, 256)->label, "a label someone edited");
  EXPECT_EQ(updated.FindCase(256, 256)->figures.at(Metric::kTtftMs), 33.513);

  // Skipped in the run: old figures and override kept.
  const BaselineCase* chat = updated.FindCase(1024, 1024);
  ASSERT_NE(chat, nullptr);
  EXPECT_EQ(chat->figures.at(Metric::kTtftMs), 80.0);
  EXPECT_EQ(chat->tolerances.at(Metric::kDecodeTps).value, 3);

  // New in the run: appended last.
  ASSERT_EQ(updated.cases.size(), 5u);
  EXPECT_EQ(updated.cases.back().Name(), "Isl128Osl1024");
  EXPECT_EQ(updated.cases.back().label, "code generation");
  EXPECT_EQ(updated.cases.back().category, "decode-heavy");
  EXPECT_EQ(updated.cases.back().figures.at(Metric::kDecodeTps), 997.1);

  // Memory facts from the run replace the old one.
  EXPECT_THAT(updated.server,
              UnorderedElementsAre(Pair(Metric::kModelMemoryGib, 15.2),
                                   Pair(Metric::kKvCacheGib, 58.75),
                                   Pair(Metric::kKvCacheTokens, 481280)));

  EXPECT_THAT(outcome->refreshed,
              ElementsAre("Isl128Osl128", "Isl256Osl256", "Isl1024Osl128"));
  EXPECT_THAT(outcome->added, ElementsAre("Isl128Osl1024"));
  EXPECT_THAT(outcome->kept, ElementsAre("Isl1024Osl1024"));
  EXPECT_FALSE(outcome->created);
  // The file's opening comment explains it; a refresh keeps it.
  EXPECT_THAT(test::ReadFileOrEmpty(path),
              StartsWith("# A baseline someone curated by hand: update must "
                         "keep everything but the\n# measured figures.\n\n"
                         "[context]\n"));
}

TEST(UpdateBaselineFile, CreatesANewBaselineWithContextAndDefaultTolerances) {
  const std::string path = ScratchPath("new.toml");
  const std::string run = TestData("run_core.xml");
  Result<UpdateOutcome> outcome = UpdateBaselineFile(run, path, From(run));
  ASSERT_TRUE(outcome.ok()) << outcome.error();
  EXPECT_TRUE(outcome->created);
  const Baseline created = Load(path);
  EXPECT_EQ(created.context.model, "servebench/sim-llama-8b");
  EXPECT_EQ(created.context.engine, "vLLM");
  EXPECT_EQ(created.context.suite, "core");
  EXPECT_EQ(created.context.max_model_len, 8192);
  EXPECT_EQ(created.context.gpu_memory_utilization, 0.9);
  // Written out, so that a reader of the file sees what the gate allows.
  EXPECT_EQ(created.tolerances.size(), DefaultTolerances().size());
  EXPECT_THAT(test::ReadFileOrEmpty(path),
              HasSubstr("[tolerances]\nttft_ms = \"25%\"\n"));
  ASSERT_EQ(created.cases.size(), 4u);  // the skipped case has no figures
  EXPECT_EQ(created.FindCase(1024, 1024), nullptr);
  EXPECT_EQ(created.FindCase(1024, 128)->figures.at(Metric::kE2eTps), 551.055);
}

// A refused update says why and leaves the baseline file as it was.
struct Refusal {
  std::string name;      // the test's name
  std::string baseline;  // in testdata/, copied to a scratch path
  std::string run;       // in testdata/
  std::vector<std::string> says;
  std::string at_line;  // e.g. ":5:", after the baseline's path; or ""
};

// A failure names the case, not the struct's bytes.
void PrintTo(const Refusal& refusal, std::ostream* os) { *os << refusal.name; }

class RefusedUpdate : public ::testing::TestWithParam<Refusal> {};

TEST_P(RefusedUpdate, SaysWhyAndLeavesTheFileAlone) {
  const Refusal& refusal = GetParam();
  const std::string path = ScratchCopy(TestData(refusal.baseline));
  const std::string before = test::ReadFileOrEmpty(path);
  const std::string run = TestData(refusal.run);
  Result<UpdateOutcome> outcome = UpdateBaselineFile(run, path, From(run));
  ASSERT_FALSE(outcome.ok());
  for (const std::string& part : refusal.says) {
    EXPECT_THAT(outcome.error(), HasSubstr(part));
  }
  if (!refusal.at_line.empty()) {
    EXPECT_THAT(outcome.error(), HasSubstr(path + refusal.at_line));
  }
  EXPECT_EQ(test::ReadFileOrEmpty(path), before);
}

INSTANTIATE_TEST_SUITE_P(
    UpdateBaselineFile, RefusedUpdate,
    ::testing::Values(
        Refusal{"RunWithFailedCases",
                "existing.toml",
                "run_core_failed.xml",
                {"case Isl128Osl1024 failed: the stream ended after 17 tokens",
                 "--force"}},
        Refusal{"AnotherMaxModelLen",
                "existing.toml",
                "run_core_max_len_4096.xml",
                {"max_model_len differs: the run used 4096, the baseline was "
                 "recorded with 8192",
                 "Use --force"}},
        // A broken baseline is named with its line, and nothing is written.
        Refusal{"BrokenBaseline", "broken.toml", "run_core.xml", {}, ":5:"}),
    [](const ::testing::TestParamInfo<Refusal>& info) {
      return info.param.name;
    });

TEST(UpdateBaselineFile, ForceOverridesARefusal) {
  const std::string path = ScratchCopy(TestData("existing.toml"));
  const std::string run = TestData("run_core_max_len_4096.xml");
  Result<UpdateOutcome> outcome =
      UpdateBaselineFile(run, path, From(run, /*force=*/true));
  ASSERT_TRUE(outcome.ok()) << outcome.error();
  EXPECT_THAT(outcome->problems, ElementsAre(HasSubstr("max_model_len")));
  const Baseline updated = Load(path);
  EXPECT_EQ(updated.FindCase(128, 128)->figures.at(Metric::kTtftMs), 27.278);
  // The context is the file's: the forced run does not rewrite it.
  EXPECT_EQ(updated.context.max_model_len, 8192);
}

TEST(UpdateBaselineFile, ForcedRunKeepsTheFailedCasesOldFigures) {
  const std::string path = ScratchCopy(TestData("existing.toml"));
  const std::string run = TestData("run_core_failed.xml");
  Result<UpdateOutcome> outcome =
      UpdateBaselineFile(run, path, From(run, /*force=*/true));
  ASSERT_TRUE(outcome.ok()) << outcome.error();
  EXPECT_EQ(Load(path).FindCase(128, 1024), nullptr);
  EXPECT_THAT(DescribeUpdate(*outcome, path),
              HasSubstr("warning: updated despite (--force): case "
                        "Isl128Osl1024 failed"));
}

TEST(UpdateBaselineFile, ReportsAnUnreadableRunAndCreatesNothing) {
  const std::string path = ScratchPath("never.toml");
  const std::string run = TestData("no_such_run.xml");
  Result<UpdateOutcome> outcome = UpdateBaselineFile(run, path, From(run));
  ASSERT_FALSE(outcome.ok());
  EXPECT_THAT(outcome.error(), HasSubstr(run));
  EXPECT_FALSE(std::ifstream(path).good());
}

TEST(MergeRun, StoresSamplesOnlyWhenAsked) {
  Result<RunRecord> run = LoadRunRecord(TestData("run_with_samples.json"));
  ASSERT_TRUE(run.ok()) << run.error();
  const Baseline existing = Load(TestData("existing.toml"));

  UpdateOptions options = From("run_with_samples.json");
  Result<UpdateOutcome> without = MergeRun(*run, &existing, options);
  ASSERT_TRUE(without.ok()) << without.error();
  EXPECT_TRUE(without->baseline.FindCase(128, 128)->samples.empty());

  options.samples = true;
  Result<UpdateOutcome> with = MergeRun(*run, &existing, options);
  ASSERT_TRUE(with.ok()) << with.error();
  const BaselineCase* micro = with->baseline.FindCase(128, 128);
  EXPECT_THAT(micro->samples.at(Metric::kTtftMs),
              ElementsAre(26.0, 26.5, 27.0));
  EXPECT_THAT(micro->samples.at(Metric::kDecodeTps),
              ElementsAre(1010.0, 1000.0, 990.0));
  EXPECT_EQ(micro->figures.at(Metric::kTtftMs), 26.5);
  // And they survive the file format.
  Result<Baseline> reread =
      ParseBaseline(SerializeBaseline(with->baseline), "reread.toml");
  ASSERT_TRUE(reread.ok()) << reread.error();
  EXPECT_EQ(reread->FindCase(128, 128)->samples,
            with->baseline.FindCase(128, 128)->samples);
}

TEST(MergeRun, ListsEveryContextDifference) {
  Result<RunRecord> run = LoadRunRecord(TestData("run_core_max_len_4096.xml"));
  ASSERT_TRUE(run.ok()) << run.error();
  Baseline existing = Load(TestData("existing.toml"));
  existing.context.gpu_memory_utilization = 0.85;
  existing.context.suite = "extended";
  Result<UpdateOutcome> outcome = MergeRun(*run, &existing, From("run.xml"));
  ASSERT_FALSE(outcome.ok());
  EXPECT_THAT(outcome.error(), HasSubstr("max_model_len differs"));
  EXPECT_THAT(outcome.error(),
              HasSubstr("gpu_memory_utilization differs: the run used 0.9, "
                        "the baseline was recorded with 0.85"));
  EXPECT_THAT(outcome.error(),
              HasSubstr("suite differs: the run is \"core\", the baseline is "
                        "\"extended\""));
}

TEST(MergeRun, FillsContextTheBaselineLacksButKeepsWhatItHas) {
  Result<RunRecord> run = LoadRunRecord(TestData("run_core.xml"));
  ASSERT_TRUE(run.ok()) << run.error();
  Baseline existing = Load(TestData("existing.toml"));
  existing.context.model = "a curated model name";
  existing.context.max_model_len.reset();
  existing.context.suite.clear();
  Result<UpdateOutcome> outcome = MergeRun(*run, &existing, From("run.xml"));
  ASSERT_TRUE(outcome.ok()) << outcome.error();
  EXPECT_EQ(outcome->baseline.context.model, "a curated model name");
  EXPECT_EQ(outcome->baseline.context.max_model_len, 8192);
  EXPECT_EQ(outcome->baseline.context.suite, "core");
}

TEST(MergeRun, RefusesARunThatMeasuredNothingEvenWithForce) {
  RunRecord run;
  run.source = "empty.xml";
  run.cases.push_back(RunCase{
      .name = "Isl128Osl128", .isl = 128, .osl = 128, .status = "skipped"});
  Result<UpdateOutcome> outcome =
      MergeRun(run, nullptr, From("empty.xml", /*force=*/true));
  ASSERT_FALSE(outcome.ok());
  EXPECT_THAT(outcome.error(), HasSubstr("no case passed with figures"));
}

TEST(UpdateBaselineFile, LoadLevelsBecomeLoadEntriesAndASweepItsCurve) {
  const std::string path = ScratchPath("load.toml");
  const std::string run = TestData("run_load.xml");
  Result<UpdateOutcome> outcome = UpdateBaselineFile(run, path, From(run));
  ASSERT_TRUE(outcome.ok()) << outcome.error();
  EXPECT_TRUE(outcome->created);
  EXPECT_THAT(outcome->added,
              ElementsAre("Isl128Osl32Conc4", "Isl128Osl32Rate10",
                          "Isl128Osl32Sweep", "Isl256Osl16Rate8"));
  const Baseline written = Load(path);
  EXPECT_TRUE(written.cases.empty());
  ASSERT_EQ(written.loads.size(), 4u);
  const BaselineLoad* rate = written.FindLoad(128, 32, "Rate10");
  ASSERT_NE(rate, nullptr);
  EXPECT_EQ(rate->request_rate, 10);
  EXPECT_GT(rate->figures.at(Metric::kOutputTps), 0);
  EXPECT_GT(rate->figures.at(Metric::kGoodputRps), 0);
  EXPECT_GT(rate->figures.at(Metric::kTtftP99Ms), 0);
  EXPECT_EQ(written.FindLoad(128, 32, "Conc4")->concurrency, 4);
  const BaselineLoad* sweep = written.FindLoad(128, 32, "Sweep");
  ASSERT_NE(sweep, nullptr);
  EXPECT_GT(sweep->figures.at(Metric::kKneeRps), 0);
  ASSERT_EQ(sweep->curve.count("output_tps"), 1u);
  EXPECT_EQ(sweep->curve.at("output_tps").size(),
            sweep->curve.at("ttft_ms_p99").size());
  EXPECT_GE(sweep->curve.at("output_tps").size(), 3u);
  // The gate's defaults are written out for a reader to see.
  EXPECT_EQ(written.tolerances.count(Metric::kGoodputRps), 1u);
}

TEST(UpdateBaselineFile, ALoadLevelsOverridesSurviveARefresh) {
  const std::string path = ScratchPath("load.toml");
  const std::string run = TestData("run_load.xml");
  ASSERT_TRUE(UpdateBaselineFile(run, path, From(run)).ok());
  Baseline edited = Load(path);
  BaselineLoad* rate = nullptr;
  for (BaselineLoad& load : edited.loads) {
    if (load.Level() == "Rate10") rate = &load;
  }
  ASSERT_NE(rate, nullptr);
  rate->figures[Metric::kOutputTps] = 1;  // stale
  rate->tolerances[Metric::kTtftP99Ms] = {Tolerance::Kind::kAbsolute, 30};
  {
    std::ofstream out(path);
    out << SerializeBaseline(edited);
  }
  Result<UpdateOutcome> outcome = UpdateBaselineFile(run, path, From(run));
  ASSERT_TRUE(outcome.ok()) << outcome.error();
  EXPECT_THAT(outcome->refreshed, testing::Contains("Isl128Osl32Rate10"));
  const Baseline written = Load(path);
  const BaselineLoad* refreshed = written.FindLoad(128, 32, "Rate10");
  ASSERT_NE(refreshed, nullptr);
  EXPECT_GT(refreshed->figures.at(Metric::kOutputTps), 1);
  EXPECT_EQ(refreshed->tolerances.at(Metric::kTtftP99Ms).value, 30);
}

}  // namespace
}  // namespace servebench::baseline_tool
