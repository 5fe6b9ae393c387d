// Bounds and clean-up of what the history stores.
#include "bench/history/validate.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>

namespace servebench::history {
namespace {

using ::testing::HasSubstr;

TEST(SafeTextTest, KeepsValidUtf8AndNewlines) {
  EXPECT_EQ(SafeText("caf\xC3\xA9\nline\ttab", 100), "caf\xC3\xA9\nline\ttab");
}

TEST(SafeTextTest, ReplacesInvalidBytesAndControls) {
  EXPECT_EQ(SafeText("a\xFF"
                     "b\x01"
                     "c",
                     100),
            "a\xEF\xBF\xBD"
            "b c");
  EXPECT_EQ(SafeText("\xC3", 100), "\xEF\xBF\xBD");  // truncated sequence
  EXPECT_EQ(SafeText("\xED\xA0\x80", 100),           // a surrogate
            "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");
}

TEST(SafeTextTest, CutsOnACharacterBoundaryWithAnEllipsis) {
  const std::string cut = SafeText("\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9", 6);
  EXPECT_EQ(cut, "\xC3\xA9\xE2\x80\xA6");
  EXPECT_LE(cut.size(), 6u);
  EXPECT_EQ(SafeText("abcdef", 6), "abcdef");
  EXPECT_EQ(SafeText(std::string(10000, 'x'), 4096).size(), 4096u);
}

TEST(CheckKeyTest, AcceptsNamesAndRefusesOthers) {
  EXPECT_TRUE(CheckKey("decode_tps", "metric name").ok());
  EXPECT_TRUE(CheckKey("fact_source.kv-cache", "context key").ok());
  EXPECT_THAT(CheckKey("", "label key").error(), HasSubstr("1 to 64"));
  EXPECT_THAT(CheckKey(std::string(65, 'k'), "label key").error(),
              HasSubstr("1 to 64"));
  EXPECT_THAT(CheckKey("a b", "label key").error(),
              HasSubstr("label key \"a b\" may hold only"));
}

TEST(IsTimestampTest, DatesAndTimesOnly) {
  EXPECT_TRUE(IsTimestamp("2026-02-22"));
  EXPECT_TRUE(IsTimestamp("2026-02-22T10:32:42"));
  EXPECT_TRUE(IsTimestamp("2026-03-01T09:15:00.020"));
  EXPECT_TRUE(IsTimestamp("2026-03-01T09:15:00+01:00"));
  EXPECT_FALSE(IsTimestamp("22/02/2026"));
  EXPECT_FALSE(IsTimestamp("2026-02-22T10:32:42; DROP"));
  EXPECT_FALSE(IsTimestamp(""));
}

TEST(ValidatedRunTest, CleansTextAndChecksNumbers) {
  HistoryRun run;
  run.model = "m\xFF";
  run.labels = {{"kernel", "marlin"}};
  run.context = {{"endpoint", std::string(5000, 'e')}};
  Result<HistoryRun> ok = ValidatedRun(run);
  ASSERT_TRUE(ok.ok()) << ok.error();
  EXPECT_EQ(ok->model, "m\xEF\xBF\xBD");
  EXPECT_LE(ok->context.at("endpoint").size(), kMaxLongText);

  run.max_model_len = 0;
  EXPECT_THAT(ValidatedRun(run).error(), HasSubstr("max_model_len 0"));
  run.max_model_len = 4096;
  run.gpu_memory_utilization = NAN;
  EXPECT_THAT(ValidatedRun(run).error(), HasSubstr("not a finite number"));
  run.gpu_memory_utilization = 0.9;
  run.started_at = "yesterday";
  EXPECT_THAT(ValidatedRun(run).error(), HasSubstr("\"yesterday\""));
  run.started_at = "";
  run.labels = {{"bad key", "x"}};
  EXPECT_THAT(ValidatedRun(run).error(), HasSubstr("label key \"bad key\""));
  run.labels.clear();
  for (int i = 0; i < 33; ++i) run.labels["k" + std::to_string(i)] = "v";
  EXPECT_THAT(ValidatedRun(run).error(), HasSubstr("33 labels"));
}

TEST(ValidatedCaseTest, RefusesWhatWouldCorruptAFigure) {
  HistoryCase c;
  c.name = "Isl128Osl128";
  c.status = "passed";
  c.means = {{"tpot_ms", 4.0}};
  c.samples = {{"tpot_ms", {3.9, 4.1}}};
  EXPECT_TRUE(ValidatedCase(c).ok());

  HistoryCase bad = c;
  bad.status = "ok";
  EXPECT_THAT(ValidatedCase(bad).error(),
              HasSubstr("status \"ok\" is not passed, failed or skipped"));
  bad = c;
  bad.means["tpot_ms"] = INFINITY;
  EXPECT_THAT(ValidatedCase(bad).error(),
              HasSubstr("case Isl128Osl128: tpot_ms mean is not a finite"));
  bad = c;
  bad.samples["tpot_ms"].push_back(NAN);
  EXPECT_THAT(ValidatedCase(bad).error(), HasSubstr("a tpot_ms sample"));
  bad = c;
  bad.samples["tpot_ms"].assign(kMaxSamplesPerMetric + 1, 1.0);
  EXPECT_THAT(ValidatedCase(bad).error(), HasSubstr("10001 samples"));
  bad = c;
  bad.level = -1;
  EXPECT_THAT(ValidatedCase(bad).error(), HasSubstr("level"));
  bad = c;
  bad.name = "Isl128 Osl128";
  EXPECT_THAT(ValidatedCase(bad).error(), HasSubstr("case name"));
}

}  // namespace
}  // namespace servebench::history
