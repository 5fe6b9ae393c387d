#include "bench/gating/case_gate.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "bench/gating/apples_to_apples.h"
#include "bench/gating/baseline_location.h"

namespace servebench {
namespace {

using testing::ElementsAre;
using testing::HasSubstr;

TEST(ContextMismatchesTest, NamesEachDifferenceWhereBothAreKnown) {
  BaselineContext baseline;
  baseline.max_model_len = 65536;
  baseline.gpu_memory_utilization = 0.9;
  baseline.suite = "extended";
  RunIdentity run{"core", 4096, "BENCH_MAX_MODEL_LEN", 0.85};
  EXPECT_THAT(
      ContextMismatches(run, baseline),
      ElementsAre("max_model_len 4096 (this run, BENCH_MAX_MODEL_LEN) vs "
                  "65536 (baseline)",
                  "gpu_memory_utilization 0.85 (this run) vs 0.9 (baseline)",
                  "suite core (this run) vs extended (baseline)"));
}

TEST(ContextMismatchesTest, UnknownOnEitherSideIsNoMismatch) {
  BaselineContext baseline;  // nothing known
  RunIdentity run{"core", 4096, "/v1/models", std::nullopt};
  EXPECT_TRUE(ContextMismatches(run, baseline).empty());
  baseline.gpu_memory_utilization = 0.9;  // run's is unknown
  baseline.max_model_len = 4096;          // equal
  baseline.suite = "core";                // equal
  EXPECT_TRUE(ContextMismatches(run, baseline).empty());
}

TEST(MeasurementOfTest, MeansAndSamplesPlusMemory) {
  CaseOutcome outcome;
  RequestFigures a, b;
  a.ttft_ms = 100, a.tpot_ms = 20, a.decode_tps = 50, a.e2e_tps = 40;
  b.ttft_ms = 300, b.tpot_ms = std::nullopt, b.decode_tps = 60, b.e2e_tps = 44;
  outcome.samples = {a, b};
  const CaseMeasurement m =
      MeasurementOf(outcome, {{Metric::kKvCacheGib, 62.2}});
  EXPECT_DOUBLE_EQ(m.at(Metric::kTtftMs).mean, 200);
  EXPECT_THAT(m.at(Metric::kTtftMs).samples, ElementsAre(100, 300));
  // A run without TPOT (one token) is left out, not counted as 0.
  EXPECT_THAT(m.at(Metric::kTpotMs).samples, ElementsAre(20));
  EXPECT_DOUBLE_EQ(m.at(Metric::kDecodeTps).mean, 55);
  EXPECT_DOUBLE_EQ(m.at(Metric::kKvCacheGib).mean, 62.2);
  EXPECT_TRUE(m.at(Metric::kKvCacheGib).samples.empty());
}

TEST(ExpectationForTest, CaseFiguresServerFiguresAndTolerances) {
  auto baseline = LoadBaseline(*ResolveBaseline("sim"));
  ASSERT_TRUE(baseline.ok()) << baseline.error();
  baseline->source = "sim";
  const BaselineCase* c = baseline->FindCase(1024, 128);
  ASSERT_NE(c, nullptr);
  const BaselineExpectation e = ExpectationFor(*baseline, *c, false);
  EXPECT_EQ(e.source, "sim [Isl1024Osl128]");
  EXPECT_DOUBLE_EQ(e.figures.at(Metric::kDecodeTps),
                   c->figures.at(Metric::kDecodeTps));
  EXPECT_DOUBLE_EQ(e.figures.at(Metric::kKvCacheGib), 62.2);
  EXPECT_EQ(e.tolerances.at(Metric::kTtftMs).kind, Tolerance::Kind::kAbsolute);
  EXPECT_DOUBLE_EQ(e.tolerances.at(Metric::kTtftMs).value, 20);
  EXPECT_FALSE(e.inconclusive_fails);
}

TEST(ResolveBaselineTest, UnknownNameListsShippedBaselines) {
  auto path = ResolveBaseline("no-such-baseline");
  ASSERT_FALSE(path.ok());
  EXPECT_THAT(path.error(), HasSubstr("BENCH_BASELINE=no-such-baseline"));
  EXPECT_THAT(path.error(), HasSubstr("shipped: "));
  EXPECT_THAT(path.error(), HasSubstr("sim"));
}

// TTFT held to 100 ms with a 10% tolerance (threshold 110 ms).
BaselineExpectation TtftExpectation(bool inconclusive_fails) {
  BaselineExpectation e;
  e.source = "test";
  e.figures[Metric::kTtftMs] = 100;
  e.tolerances[Metric::kTtftMs] = Tolerance{Tolerance::Kind::kRelative, 0.10};
  e.inconclusive_fails = inconclusive_fails;
  return e;
}

CaseOutcome WithTtfts(std::vector<double> ttfts) {
  CaseOutcome outcome;
  for (double t : ttfts) {
    RequestFigures f;
    f.ttft_ms = t;
    outcome.samples.push_back(f);
  }
  outcome.runs = static_cast<int>(ttfts.size());
  return outcome;
}

TEST(GateCaseTest, AClearPassMeasuresNothingMore) {
  CaseOutcome outcome = WithTtfts({99, 100, 101});
  int extra = 0;
  GateReport report = GateCase(TtftExpectation(true), outcome, {}, 10, [&] {
    ++extra;
    return Status(Ok{});
  });
  EXPECT_EQ(extra, 0);
  EXPECT_FALSE(report.failed);
  EXPECT_EQ(report.comparison.Overall(), Verdict::kPass);
}

TEST(GateCaseTest, AnUnclearVerdictMeasuresUntilItIsClear) {
  // The spread straddles 110 ms; more runs at 100 ms narrow it to a pass.
  CaseOutcome outcome = WithTtfts({80, 140});
  int extra = 0;
  GateReport report = GateCase(TtftExpectation(true), outcome, {}, 30, [&] {
    ++extra;
    RequestFigures f;
    f.ttft_ms = 100;
    outcome.samples.push_back(f);
    return Status(Ok{});
  });
  EXPECT_GT(extra, 0);
  EXPECT_LT(outcome.samples.size(), 30u);  // it stopped once clear
  EXPECT_EQ(report.comparison.Overall(), Verdict::kPass);
  EXPECT_FALSE(report.failed);
}

TEST(GateCaseTest, StillUnclearAtTheBoundIsInconclusive) {
  CaseOutcome outcome = WithTtfts({60, 160});
  const auto add_wide = [&] {
    RequestFigures f;
    f.ttft_ms = outcome.samples.size() % 2 ? 60 : 160;
    outcome.samples.push_back(f);
    return Status(Ok{});
  };
  GateReport fails = GateCase(TtftExpectation(true), outcome, {}, 4, add_wide);
  EXPECT_EQ(outcome.samples.size(), 4u);
  EXPECT_EQ(fails.comparison.Overall(), Verdict::kInconclusive);
  EXPECT_TRUE(fails.failed);
  GateReport passes =
      GateCase(TtftExpectation(false), outcome, {}, 4, add_wide);
  EXPECT_FALSE(passes.failed);
}

TEST(GateCaseTest, AFailedExtraRunEndsTheRepeats) {
  CaseOutcome outcome = WithTtfts({80, 140});
  int extra = 0;
  GateReport report = GateCase(TtftExpectation(true), outcome, {}, 10, [&] {
    ++extra;
    return Status(Error{"the server went away"});
  });
  EXPECT_EQ(extra, 1);
  EXPECT_EQ(report.comparison.Overall(), Verdict::kInconclusive);
}

TEST(GateCaseTest, AClearRegressionFails) {
  CaseOutcome outcome = WithTtfts({150, 151, 149});
  GateReport report = GateCase(TtftExpectation(true), outcome, {}, 10,
                               [] { return Status(Ok{}); });
  EXPECT_TRUE(report.failed);
  EXPECT_EQ(report.comparison.Overall(), Verdict::kRegression);
}

}  // namespace
}  // namespace servebench
