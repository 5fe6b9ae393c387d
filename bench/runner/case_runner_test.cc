// CaseRunner's pure parts: the work check on every measured request, the
// summaries of a case and the progress line.
#include "bench/runner/case_runner.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace servebench {
namespace {

using testing::AllOf;
using testing::HasSubstr;

CaseOutcome Outcome(int64_t isl, int64_t osl) {
  CaseOutcome outcome;
  outcome.spec = CaseSpec{isl, osl, "balanced", ""};
  outcome.calibration_method = "/tokenize";
  return outcome;
}

RequestFigures Counted(int64_t prompt, int64_t completion,
                       std::optional<int64_t> cached = std::nullopt) {
  RequestFigures f;
  f.prompt_tokens = prompt;
  f.completion_tokens = completion;
  f.cached_tokens = cached;
  return f;
}

TEST(CheckWorkTest, ExactLengthsPass) {
  CaseRunnerConfig config;
  EXPECT_EQ(CheckWork(config, Outcome(1024, 128), Counted(1024, 128)),
            std::nullopt);
}

TEST(CheckWorkTest, APromptOffByOneTokenFailsWhenExactIsRequired) {
  CaseRunnerConfig config;
  auto problem = CheckWork(config, Outcome(1024, 128), Counted(1025, 128));
  ASSERT_TRUE(problem);
  EXPECT_THAT(
      *problem,
      AllOf(HasSubstr("counted 1025 prompt tokens for ISL 1024"),
            HasSubstr("allowed: exact"), HasSubstr("calibrated with /tokenize"),
            HasSubstr("isl_tolerance_pct")));
}

TEST(CheckWorkTest, TheToleranceAcceptsSmallDifferencesOnly) {
  CaseRunnerConfig config;
  config.isl_tolerance = 0.005;  // 0.5%: 5 tokens of 1000
  EXPECT_EQ(CheckWork(config, Outcome(1000, 16), Counted(1005, 16)),
            std::nullopt);
  EXPECT_EQ(CheckWork(config, Outcome(1000, 16), Counted(995, 16)),
            std::nullopt);
  auto problem = CheckWork(config, Outcome(1000, 16), Counted(1006, 16));
  ASSERT_TRUE(problem);
  EXPECT_THAT(*problem, HasSubstr("allowed: 0.50%"));
}

TEST(CheckWorkTest, ShortOutputsFailUnlessAllowed) {
  CaseRunnerConfig config;
  config.request_options.exact_output_length = true;
  auto problem = CheckWork(config, Outcome(128, 128), Counted(128, 100));
  ASSERT_TRUE(problem);
  EXPECT_THAT(*problem, AllOf(HasSubstr("generated 100 of OSL 128"),
                              HasSubstr("the server ignores them"),
                              HasSubstr("allow_short_outputs")));
  config.request_options.exact_output_length = false;
  EXPECT_THAT(*CheckWork(config, Outcome(128, 128), Counted(128, 100)),
              HasSubstr("exact_output_length is off"));
  config.allow_short_outputs = true;
  EXPECT_EQ(CheckWork(config, Outcome(128, 128), Counted(128, 100)),
            std::nullopt);
}

TEST(CheckWorkTest, APromptServedMostlyFromCacheMeasuredTheCache) {
  CaseRunnerConfig config;
  EXPECT_EQ(CheckWork(config, Outcome(1024, 16), Counted(1024, 16, 512)),
            std::nullopt);  // exactly half: still prefill
  auto problem = CheckWork(config, Outcome(1024, 16), Counted(1024, 16, 513));
  ASSERT_TRUE(problem);
  EXPECT_THAT(*problem, HasSubstr("513 of 1024 prompt tokens from its prefix "
                                  "cache"));
}

TEST(SummarizeTest, MeansOverSamplesAndPercentilesOverEveryToken) {
  CaseOutcome outcome = Outcome(128, 4);
  RequestFigures a = Counted(128, 4), b = Counted(130, 4);
  a.ttft_ms = 10, b.ttft_ms = 30;
  a.tpot_ms = 2, b.tpot_ms = std::nullopt;  // absent, not 0
  a.itl_ms = {1, 2, 3};
  b.itl_ms = {4};
  a.cached_tokens = 0;
  outcome.samples = {a, b};
  const CaseSummary s = Summarize(outcome);
  ASSERT_TRUE(s.ttft_ms && s.tpot_ms && s.prompt_tokens && s.itl_p50);
  EXPECT_DOUBLE_EQ(s.ttft_ms->mean, 20);
  EXPECT_DOUBLE_EQ(s.ttft_ms->min, 10);
  EXPECT_DOUBLE_EQ(s.tpot_ms->mean, 2);  // one sample
  EXPECT_DOUBLE_EQ(s.prompt_tokens->mean, 129);
  EXPECT_DOUBLE_EQ(*s.itl_p50, 2.5);  // over 1, 2, 3, 4
  ASSERT_TRUE(s.cached_tokens);
  EXPECT_DOUBLE_EQ(s.cached_tokens->mean, 0);
  EXPECT_FALSE(s.ttfc_ms);
}

TEST(SummarizeTest, NoSamplesNoFigures) {
  const CaseSummary s = Summarize(Outcome(128, 4));
  EXPECT_FALSE(s.ttft_ms);
  EXPECT_FALSE(s.itl_p99);
}

TEST(DescribeRequestTest, OneProgressLine) {
  RequestFigures f = Counted(1030, 128);
  f.ttft_ms = 123.44;
  f.tpot_ms = 20.011;
  f.decode_tps = 49.94;
  EXPECT_EQ(DescribeRequest(f),
            "TTFT 123.4 ms, TPOT 20.01 ms, decode 49.9 tok/s, 1030 prompt / "
            "128 completion tokens");
}

}  // namespace
}  // namespace servebench
