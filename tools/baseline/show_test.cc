// show: every part of a baseline appears, figures exactly as stored.
#include "tools/baseline/show.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tools/baseline/test_files.h"

namespace servebench::baseline_tool {
namespace {

using ::testing::ContainsRegex;
using ::testing::HasSubstr;
using ::testing::Not;

std::string Shown(const std::string& name) {
  Result<Baseline> baseline = LoadBaseline(TestData(name));
  EXPECT_TRUE(baseline.ok()) << baseline.error();
  return baseline.ok() ? FormatBaseline(*baseline) : "";
}

TEST(FormatBaseline, PrintsContextToleranceAndServerLines) {
  const std::string text = Shown("existing.toml");
  EXPECT_THAT(text,
              HasSubstr("Baseline tools/baseline/testdata/existing.toml"));
  EXPECT_THAT(text, ContainsRegex("model +servebench/sim-llama-8b\n"));
  EXPECT_THAT(text, ContainsRegex("max_model_len +8192\n"));
  EXPECT_THAT(text, ContainsRegex("gpu_memory_utilization +0.9\n"));
  EXPECT_THAT(text, ContainsRegex("suite +core\n"));
  // The file's tolerances, and the built-in ones it leaves in force.
  EXPECT_THAT(text, ContainsRegex("ttft_ms +±20 ms\n"));
  EXPECT_THAT(text, ContainsRegex("e2e_tps +±20%\n"));
  EXPECT_THAT(text, ContainsRegex("tpot_ms +±5% +\\(built-in default\\)\n"));
  EXPECT_THAT(text, ContainsRegex("model_memory_gib +44.2 GiB\n"));
  EXPECT_THAT(text, ContainsRegex("kv_cache_tokens +n/a\n"));
}

TEST(FormatBaseline, PrintsOneRowPerCaseWithOverriddenTolerances) {
  const std::string text = Shown("existing.toml");
  EXPECT_THAT(text, ContainsRegex("ISL +OSL +Label +TTFT ms +TPOT ms +Decode "
                                  "tok/s +E2E tok/s\n"));
  EXPECT_THAT(text,
              ContainsRegex("128 +128 +micro-benchmark baseline \\(peak "
                            "decode speed\\) +30.0 \\(±40%\\) +1.5 +600.0 "
                            "+500.0\n"));
  EXPECT_THAT(text, ContainsRegex("1024 +1024 +standard chat --- primary "
                                  "comparison point +80.0 +1.5 +600.0 "
                                  "\\(±3 tok/s\\) +550.0\n"));
  EXPECT_THAT(text, ContainsRegex("1024 +128 +vLLM default +80.0 +1.5 +600.0 "
                                  "+400.0\n"));
}

TEST(FormatBaseline, SaysNaForWhatIsUnknown) {
  Baseline baseline;
  baseline.source = "sparse.toml";
  BaselineCase c;
  c.isl = 4096;
  c.osl = 256;
  c.figures[Metric::kDecodeTps] = 43.4;
  baseline.cases.push_back(c);
  const std::string text = FormatBaseline(baseline);
  EXPECT_THAT(text, ContainsRegex("model +n/a\n"));
  EXPECT_THAT(text, ContainsRegex("model_memory_gib +n/a\n"));
  EXPECT_THAT(text, ContainsRegex("4096 +256 +- +n/a +n/a +43.4 +n/a\n"));
  EXPECT_THAT(text, Not(HasSubstr("±25% (built-in")));  // no stray columns
}

TEST(FormatBaseline, AlignsColumnsAroundMultiByteCharacters) {
  Baseline baseline;
  for (const char* label : {"1k\u21928k decode", "plain label"}) {
    BaselineCase c;
    c.isl = 1024;
    c.osl = label[0] == '1' ? 8192 : 128;
    c.label = label;
    c.figures[Metric::kTtftMs] = 659.4;
    baseline.cases.push_back(c);
  }
  const std::string text = FormatBaseline(baseline);
  const size_t first = text.find("1k\u21928k decode");
  const size_t second = text.find("plain label");
  ASSERT_NE(first, std::string::npos);
  ASSERT_NE(second, std::string::npos);
  // "→" is three bytes but one column: both rows end at the same column.
  const auto line_of = [&](size_t at) {
    const size_t begin = text.rfind('\n', at) + 1;
    return text.substr(begin, text.find('\n', at) - begin);
  };
  EXPECT_EQ(line_of(first).size() - 2, line_of(second).size());
}

TEST(FormatBaseline, PrintsOneRowPerLoadLevel) {
  const std::string text = Shown("loads.toml");
  EXPECT_THAT(text, HasSubstr("Cases: none"));
  EXPECT_THAT(text, HasSubstr("Load levels (2)"));
  EXPECT_THAT(text, ContainsRegex("goodput_rps +±10% +\\(built-in default\\)"));
  EXPECT_THAT(
      text, ContainsRegex(
                "Isl128Osl32Rate10 +320.5 +9.9 +36.0 \\(±10 ms\\) +2.2 +n/a"));
  EXPECT_THAT(text,
              ContainsRegex("Isl128Osl32Sweep +n/a +n/a +n/a +n/a +35.6"));
}

}  // namespace
}  // namespace servebench::baseline_tool
