// Reading, checking and writing baselines.
#include "bench/gating/baseline.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>

#include "testing/files.h"

namespace servebench {

// For comparing maps of tolerances; found by argument-dependent lookup, so it
// lives in the namespace of Tolerance rather than the anonymous one.
bool operator==(const Tolerance& a, const Tolerance& b) {
  return a.kind == b.kind && a.value == b.value;
}

namespace {

using testing::ElementsAre;
using testing::HasSubstr;
using testing::Pair;

// The layout documented in baseline.h.
std::string Example() {
  return test::ReadFileOrFail("bench/gating/testdata/example.toml");
}

TEST(BaselineTest, ParsesTheDocumentedLayout) {
  auto b = ParseBaseline(Example(), "example.toml");
  ASSERT_TRUE(b.ok()) << b.error();
  EXPECT_EQ(b->source, "example.toml");
  EXPECT_EQ(b->context.model, "nvidia/Qwen3-Next-80B-A3B-Instruct-NVFP4");
  EXPECT_EQ(b->context.engine, "vllm");
  EXPECT_EQ(b->context.engine_version, "0.11.0");
  EXPECT_EQ(b->context.gpu, "RTX PRO 6000 Blackwell");
  EXPECT_EQ(b->context.max_model_len, 4096);
  EXPECT_EQ(b->context.gpu_memory_utilization, 0.9);
  EXPECT_EQ(b->context.suite, "core");
  EXPECT_EQ(b->context.recorded_at, "2026-02-21T17:31:02");
  EXPECT_EQ(b->context.recorded_from, "bench_v23_cutlass_fp8_results.json");
  EXPECT_EQ(b->context.notes, "free text");

  EXPECT_THAT(b->tolerances,
              ElementsAre(Pair(Metric::kTtftMs,
                               Tolerance{Tolerance::Kind::kRelative, 0.25}),
                          Pair(Metric::kDecodeTps,
                               Tolerance{Tolerance::Kind::kRelative, 0.05})));
  EXPECT_THAT(b->server, ElementsAre(Pair(Metric::kModelMemoryGib, 44.2),
                                     Pair(Metric::kKvCacheGib, 62.2),
                                     Pair(Metric::kKvCacheTokens, 1131008)));

  ASSERT_EQ(b->cases.size(), 2u);
  const BaselineCase& chat = b->cases[0];
  EXPECT_EQ(chat.Name(), "Isl1024Osl1024");
  EXPECT_EQ(chat.label, "standard chat");
  EXPECT_EQ(chat.category, "balanced");
  EXPECT_THAT(
      chat.figures,
      ElementsAre(Pair(Metric::kTtftMs, 714.9), Pair(Metric::kTpotMs, 23.98),
                  Pair(Metric::kDecodeTps, 42.1), Pair(Metric::kE2eTps, 34.1)));
  EXPECT_THAT(chat.tolerances,
              ElementsAre(Pair(Metric::kTtftMs,
                               Tolerance{Tolerance::Kind::kRelative, 0.40})));
  EXPECT_THAT(
      chat.samples,
      ElementsAre(Pair(Metric::kTtftMs, ElementsAre(695.9, 697.1, 751.7))));

  const BaselineCase& decode = b->cases[1];
  EXPECT_EQ(decode.Name(), "Isl128Osl1024");
  EXPECT_EQ(decode.label, "");
  EXPECT_THAT(decode.figures, ElementsAre(Pair(Metric::kDecodeTps, 44.0)));
  EXPECT_TRUE(decode.tolerances.empty());
  EXPECT_TRUE(decode.samples.empty());
}

TEST(BaselineTest, EverySectionIsOptional) {
  auto b = ParseBaseline("", "empty.toml");
  ASSERT_TRUE(b.ok()) << b.error();
  EXPECT_TRUE(b->cases.empty());
  EXPECT_TRUE(b->server.empty());
  EXPECT_FALSE(b->context.max_model_len.has_value());
  EXPECT_FALSE(b->context.gpu_memory_utilization.has_value());
}

TEST(BaselineTest, AcceptsIntegersForFiguresAndAnUnquotedDate) {
  auto b = ParseBaseline(
      "[context]\ngpu_memory_utilization = 1\nrecorded_at = "
      "2026-02-21T17:31:02\n[server]\nmodel_memory_gib = 44\n[[case]]\n"
      "isl = 1\nosl = 2\ntpot_ms = 24\n[case.samples]\ntpot_ms = [23, 24.5]\n",
      "ints.toml");
  ASSERT_TRUE(b.ok()) << b.error();
  EXPECT_EQ(b->context.gpu_memory_utilization, 1.0);
  EXPECT_EQ(b->context.recorded_at, "2026-02-21T17:31:02");
  EXPECT_THAT(b->server, ElementsAre(Pair(Metric::kModelMemoryGib, 44.0)));
  ASSERT_EQ(b->cases.size(), 1u);
  EXPECT_THAT(b->cases[0].figures, ElementsAre(Pair(Metric::kTpotMs, 24.0)));
  EXPECT_THAT(b->cases[0].samples,
              ElementsAre(Pair(Metric::kTpotMs, ElementsAre(23.0, 24.5))));
}

TEST(BaselineTest, FindsCasesByPair) {
  auto b = ParseBaseline(Example(), "example.toml");
  ASSERT_TRUE(b.ok()) << b.error();
  const BaselineCase* found = b->FindCase(128, 1024);
  ASSERT_NE(found, nullptr);
  EXPECT_EQ(found, &b->cases[1]);
  EXPECT_EQ(b->FindCase(1024, 128), nullptr);  // the pair is ordered
  EXPECT_EQ(b->FindCase(1024, 1024), &b->cases[0]);
}

TEST(BaselineTest, DefaultTolerancesAsDocumented) {
  const auto rel = [](double v) {
    return Tolerance{Tolerance::Kind::kRelative, v};
  };
  const auto abs = [](double v) {
    return Tolerance{Tolerance::Kind::kAbsolute, v};
  };
  EXPECT_THAT(DefaultTolerances(),
              ElementsAre(Pair(Metric::kTtftMs, rel(0.25)),
                          Pair(Metric::kTpotMs, rel(0.05)),
                          Pair(Metric::kDecodeTps, rel(0.05)),
                          Pair(Metric::kE2eTps, rel(0.10)),
                          Pair(Metric::kServerTtftMs, rel(0.25)),
                          Pair(Metric::kServerTpotMs, rel(0.05)),
                          Pair(Metric::kTtftOverheadMs, abs(5)),
                          Pair(Metric::kTpotClientServerPct, abs(2)),
                          Pair(Metric::kGpuPowerWAvg, rel(0.05)),
                          Pair(Metric::kGpuPowerWMax, rel(0.10)),
                          Pair(Metric::kGpuEnergyJ, rel(0.05)),
                          Pair(Metric::kEnergyPerOutputTokenJ, rel(0.05)),
                          Pair(Metric::kGpuMemoryUsedGibMax, rel(0.02)),
                          Pair(Metric::kModelMemoryGib, rel(0.02)),
                          Pair(Metric::kKvCacheGib, rel(0.02)),
                          Pair(Metric::kKvCacheTokens, rel(0.02))));
}

TEST(BaselineTest, DifferencesMayBeNegativeOtherFiguresNot) {
  auto b = ParseBaseline(
      "[[case]]\nisl = 1\nosl = 1\nttft_overhead_ms = -0.4\n"
      "tpot_client_server_pct = -0.01\n",
      "signed.toml");
  ASSERT_TRUE(b.ok()) << b.error();
  EXPECT_EQ(b->cases[0].figures.at(Metric::kTpotClientServerPct), -0.01);
  auto bad = ParseBaseline(
      "[[case]]\nisl = 1\nosl = 1\nenergy_per_output_token_j = -1\n",
      "bad.toml");
  ASSERT_FALSE(bad.ok());
  EXPECT_THAT(bad.error(), HasSubstr("at least 0"));
}

TEST(BaselineTest, CaseOverrideBeatsFileDefaultBeatsBuiltIn) {
  auto b = ParseBaseline(
      "[tolerances]\nttft_ms = \"30%\"\ntpot_ms = \"2 ms\"\n"
      "kv_cache_gib = \"1 GiB\"\n"
      "[[case]]\nisl = 1\nosl = 1\n[case.tolerances]\nttft_ms = \"40%\"\n",
      "t.toml");
  ASSERT_TRUE(b.ok()) << b.error();
  const auto for_case = b->TolerancesFor(&b->cases[0]);
  ASSERT_EQ(for_case.size(), AllMetrics().size());
  EXPECT_EQ(for_case.at(Metric::kTtftMs),
            (Tolerance{Tolerance::Kind::kRelative, 0.40}));  // override
  EXPECT_EQ(for_case.at(Metric::kTpotMs),
            (Tolerance{Tolerance::Kind::kAbsolute, 2}));  // file default
  EXPECT_EQ(for_case.at(Metric::kE2eTps),
            (Tolerance{Tolerance::Kind::kRelative, 0.10}));  // built in

  const auto server_wide = b->TolerancesFor(nullptr);
  EXPECT_EQ(server_wide.at(Metric::kTtftMs),
            (Tolerance{Tolerance::Kind::kRelative, 0.30}));
  EXPECT_EQ(server_wide.at(Metric::kKvCacheGib),
            (Tolerance{Tolerance::Kind::kAbsolute, 1}));
  EXPECT_EQ(server_wide.at(Metric::kModelMemoryGib),
            (Tolerance{Tolerance::Kind::kRelative, 0.02}));
}

struct BadBaseline {
  const char* name;
  const char* text;
  const char* expected;
};

class BadBaselineTest : public testing::TestWithParam<BadBaseline> {};

TEST_P(BadBaselineTest, ReportsFileLineAndProblem) {
  auto b = ParseBaseline(GetParam().text, "bad.toml");
  ASSERT_FALSE(b.ok()) << GetParam().text;
  EXPECT_THAT(b.error(), HasSubstr(GetParam().expected));
}

INSTANTIATE_TEST_SUITE_P(
    Mistakes, BadBaselineTest,
    testing::Values(
        BadBaseline{"Syntax", "[context]\nmodel = \"x\"\nengine = \n",
                    "bad.toml:3: "},
        BadBaseline{"UnknownSection", "[context]\nmodel = \"m\"\n[[cases]]\n",
                    "bad.toml:3: unknown key \"cases\" in the file (did you "
                    "mean \"case\"?)"},
        BadBaseline{"UnknownContextKey",
                    "[context]\nengine = \"vllm\"\nmodle = \"m\"\n",
                    "bad.toml:3: unknown key \"modle\" in [context] (did you "
                    "mean \"model\"?)"},
        BadBaseline{"UnknownContextKeyFarFromAll", "[context]\nbananas = 1\n",
                    "bad.toml:2: unknown key \"bananas\" in [context]; known "
                    "keys: model, engine"},
        BadBaseline{"MaxModelLenQuoted",
                    "[context]\nmax_model_len = \"4096\"\n",
                    "bad.toml:2: \"max_model_len\" in [context] is \"4096\"; "
                    "expected a whole number of at least 1"},
        BadBaseline{"MaxModelLenFloat", "[context]\nmax_model_len = 4096.5\n",
                    "bad.toml:2: \"max_model_len\" in [context] is 4096.5; "
                    "expected a whole number"},
        BadBaseline{"UtilizationQuoted",
                    "[context]\n\ngpu_memory_utilization = \"0.9\"\n",
                    "bad.toml:3: \"gpu_memory_utilization\" in [context] is "
                    "\"0.9\"; expected a number"},
        BadBaseline{"ModelNotText", "[context]\nmodel = 5\n",
                    "bad.toml:2: \"model\" in [context] is 5; expected a "
                    "string"},
        BadBaseline{"ContextNotATable", "context = \"x\"\n",
                    "bad.toml:1: \"context\" in the file is \"x\"; expected a "
                    "table ([context])"},
        BadBaseline{"ToleranceNotAMetric", "[tolerances]\nttft = \"25%\"\n",
                    "bad.toml:2: unknown key \"ttft\" in [tolerances] (did you "
                    "mean \"ttft_ms\"?)"},
        BadBaseline{"ToleranceWrongUnit",
                    "[tolerances]\ndecode_tps = \"5%\"\nttft_ms = \"2 GiB\"\n",
                    "bad.toml:3: tolerance \"2 GiB\" for ttft_ms has unit "
                    "\"GiB\": write a percentage (\"5%\") or ms (\"2 ms\")"},
        BadBaseline{"ToleranceNegative", "[tolerances]\ntpot_ms = \"-5%\"\n",
                    "bad.toml:2: tolerance \"-5%\" for tpot_ms must be zero or "
                    "more"},
        BadBaseline{"ToleranceNotText", "[tolerances]\nttft_ms = 25\n",
                    "bad.toml:2: \"ttft_ms\" in [tolerances] is 25; expected a "
                    "string such as \"5%\" or \"2 ms\""},
        BadBaseline{"ServerPerCaseMetric", "[server]\nttft_ms = 700\n",
                    "bad.toml:2: unknown key \"ttft_ms\" in [server]; ttft_ms "
                    "is measured per case: give it in a [[case]]"},
        BadBaseline{"ServerTypo", "[server]\nkv_cache = 62.2\n",
                    "bad.toml:2: unknown key \"kv_cache\" in [server] (did you "
                    "mean \"kv_cache_gib\"?)"},
        BadBaseline{"ServerFigureQuoted", "[server]\nkv_cache_gib = \"62.2\"\n",
                    "bad.toml:2: \"kv_cache_gib\" in [server] is \"62.2\"; "
                    "expected a number"},
        BadBaseline{"ServerFigureNegative", "[server]\nkv_cache_gib = -1.5\n",
                    "bad.toml:2: \"kv_cache_gib\" in [server] is -1.5; "
                    "expected a finite number of at least 0"},
        BadBaseline{"ServerFigureNan", "[server]\nkv_cache_gib = nan\n",
                    "bad.toml:2: \"kv_cache_gib\" in [server] is nan; "
                    "expected a finite number"},
        BadBaseline{"CaseMemoryFact",
                    "[[case]]\nisl = 1\nosl = 1\nkv_cache_gib = 3\n",
                    "bad.toml:4: unknown key \"kv_cache_gib\" in [[case]] #1; "
                    "kv_cache_gib is a server-wide memory fact: give it in "
                    "[server]"},
        BadBaseline{"CaseTypo",
                    "[[case]]\nisl = 1\nosl = 1\n\n[[case]]\nisl = 2\nosl = "
                    "2\ndecode_tsp = 3\n",
                    "bad.toml:8: unknown key \"decode_tsp\" in [[case]] #2 "
                    "(did you mean \"decode_tps\"?)"},
        BadBaseline{"CaseWithoutIsl", "\n[[case]]\nosl = 1\n",
                    "bad.toml:2: [[case]] #1 has no \"isl\""},
        BadBaseline{"CaseWithoutOsl", "[[case]]\nisl = 1\n",
                    "bad.toml:1: [[case]] #1 has no \"osl\""},
        BadBaseline{"IslZero", "[[case]]\nisl = 0\nosl = 1\n",
                    "bad.toml:2: \"isl\" in [[case]] #1 is 0; expected a whole "
                    "number of at least 1"},
        BadBaseline{"OslQuoted", "[[case]]\nisl = 1\nosl = \"128\"\n",
                    "bad.toml:3: \"osl\" in [[case]] #1 is \"128\"; expected a "
                    "whole number"},
        BadBaseline{"CaseFigureQuoted",
                    "[[case]]\nisl = 1\nosl = 1\ntpot_ms = \"24\"\n",
                    "bad.toml:4: \"tpot_ms\" in [[case]] #1 is \"24\"; "
                    "expected a number"},
        BadBaseline{"CaseLabelNotText",
                    "[[case]]\nisl = 1\nosl = 1\nlabel = "
                    "true\n",
                    "bad.toml:4: \"label\" in [[case]] #1 is true; expected a "
                    "string"},
        BadBaseline{"RepeatedPair",
                    "[[case]]\nisl = 1024\nosl = 128\n\n[[case]]\nisl = "
                    "1024\nosl = 128\n",
                    "bad.toml:5: [[case]] #2 repeats ISL 1024 / OSL 128 (first "
                    "at line 1)"},
        BadBaseline{"CaseAsSingleTable", "[case]\nisl = 1\nosl = 1\n",
                    "bad.toml:1: write each case as [[case]]"},
        BadBaseline{"CaseToleranceTypo",
                    "[[case]]\nisl = 1\nosl = 1\n[case.tolerances]\ntpot = "
                    "\"5%\"\n",
                    "bad.toml:5: unknown key \"tpot\" in [case.tolerances] of "
                    "[[case]] #1 (did you mean \"tpot_ms\"?)"},
        BadBaseline{"CaseToleranceMemoryFact",
                    "[[case]]\nisl = 1\nosl = 1\n[case.tolerances]\n"
                    "kv_cache_tokens = \"1000 tokens\"\n",
                    "bad.toml:5: unknown key \"kv_cache_tokens\" in "
                    "[case.tolerances] of [[case]] #1; kv_cache_tokens is a "
                    "server-wide memory fact"},
        BadBaseline{"CaseToleranceBadUnit",
                    "[[case]]\nisl = 1\nosl = 1\n[case.tolerances]\n"
                    "decode_tps = \"3 tok\"\n",
                    "bad.toml:5: tolerance \"3 tok\" for decode_tps has unit "
                    "\"tok\""},
        BadBaseline{"CaseTolerancesNotATable",
                    "[[case]]\nisl = 1\nosl = 1\ntolerances = \"5%\"\n",
                    "bad.toml:4: \"tolerances\" in [[case]] #1 is \"5%\"; "
                    "expected a table"},
        BadBaseline{"SamplesNotAList",
                    "[[case]]\nisl = 1\nosl = 1\n[case.samples]\nttft_ms = "
                    "700\n",
                    "bad.toml:5: \"ttft_ms\" in [case.samples] of [[case]] #1 "
                    "is 700; expected a non-empty list of numbers"},
        BadBaseline{"SamplesEmpty",
                    "[[case]]\nisl = 1\nosl = 1\n[case.samples]\nttft_ms = "
                    "[]\n",
                    "bad.toml:5: \"ttft_ms\" in [case.samples] of [[case]] #1 "
                    "is an array; expected a non-empty list"},
        BadBaseline{"SampleQuoted",
                    "[[case]]\nisl = 1\nosl = 1\n[case.samples]\nttft_ms = "
                    "[700, \"701\"]\n",
                    "bad.toml:5: \"ttft_ms\" in [case.samples] of [[case]] #1 "
                    "is \"701\"; expected a number"},
        BadBaseline{"SampleTypo",
                    "[[case]]\nisl = 1\nosl = 1\n[case.samples]\nttft_mss = "
                    "[700]\n",
                    "bad.toml:5: unknown key \"ttft_mss\" in [case.samples] of "
                    "[[case]] #1 (did you mean \"ttft_ms\"?)"}),
    [](const testing::TestParamInfo<BadBaseline>& info) {
      return info.param.name;
    });

TEST(BaselineTest, TextThatCrashedTomlppGetsAMessage) {
  // Found by fuzzing: Debian's TOML++ 3.3.0 reached unreachable code (upstream
  // issue 295) on these; the text check now stops them first.
  auto bom_like = ParseBaseline("\xEF\xBA\xBF", "crash.toml");
  ASSERT_FALSE(bom_like.ok());
  EXPECT_THAT(bom_like.error(),
              testing::StartsWith("crash.toml:1: U+FEBF is not allowed "
                                  "outside strings and comments"));
  auto before_key =
      ParseBaseline("\xEF\xBB\xB7mtokens = \"2%\"\n", "crash.toml");
  ASSERT_FALSE(before_key.ok());
  EXPECT_THAT(before_key.error(),
              testing::StartsWith("crash.toml:1: U+FEF7 is not allowed"));
  auto notes = ParseBaseline(
      "[context]\nnotes = \"\"\"GPU \\\n  \xC3\xA9t\xC3\xA9\"\"\"\n",
      "crash.toml");
  ASSERT_FALSE(notes.ok());
  EXPECT_THAT(notes.error(),
              testing::StartsWith("crash.toml:3: U+00E9 right after a "
                                  "line-ending backslash"));
}

TEST(BaselineTest, NonAsciiNotesAreFine) {
  auto b = ParseBaseline(
      "[context]\nnotes = \"M\xC3\xBCller \xC2\xA7 \xE2\x80\x94 caf\xC3\xA9\"  "
      "# \xC2\xA7\n",
      "notes.toml");
  ASSERT_TRUE(b.ok()) << b.error();
  EXPECT_EQ(b->context.notes,
            "M\xC3\xBCller \xC2\xA7 \xE2\x80\x94 caf\xC3\xA9");
}

TEST(BaselineTest, MissingFileSaysSo) {
  auto b = LoadBaseline("no/such/baseline.toml");
  ASSERT_FALSE(b.ok());
  EXPECT_EQ(b.error(),
            "no/such/baseline.toml: cannot read (No such file or "
            "directory); is it the baseline you meant?");
}

TEST(BaselineTest, LoadsAFileAndNamesItInErrors) {
  const std::string good = test::TempPath("good.toml");
  std::ofstream(good) << Example();
  auto b = LoadBaseline(good);
  ASSERT_TRUE(b.ok()) << b.error();
  EXPECT_EQ(b->source, good);
  EXPECT_EQ(b->cases.size(), 2u);

  const std::string bad = test::TempPath("bad.toml");
  std::ofstream(bad) << "[server]\nkv_cache_gb = 1\n";
  auto failed = LoadBaseline(bad);
  ASSERT_FALSE(failed.ok());
  EXPECT_THAT(failed.error(),
              HasSubstr(bad + ":2: unknown key \"kv_cache_gb\" in [server] "
                              "(did you mean \"kv_cache_gib\"?)"));
}

}  // namespace
}  // namespace servebench
