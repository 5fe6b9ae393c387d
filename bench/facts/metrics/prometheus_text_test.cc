// The parser against real /metrics text (testdata/) and hand-made edge
// cases of the text format.
#include "bench/facts/metrics/prometheus_text.h"

#include <cmath>
#include <fstream>
#include <sstream>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "testing/files.h"

namespace servebench {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Pair;
using ::testing::SizeIs;
using ::testing::StartsWith;

std::string ReadTestdata(const std::string& file) {
  return test::ReadFileOrFail("bench/facts/metrics/testdata/" + file);
}

PromText ParseOk(std::string_view text) {
  auto parsed = ParsePrometheusText(text);
  EXPECT_TRUE(parsed.ok()) << parsed.error();
  return parsed.ok() ? *parsed : PromText();
}

std::string ParseError(std::string_view text) {
  auto parsed = ParsePrometheusText(text);
  EXPECT_FALSE(parsed.ok()) << "parsed: " << text;
  return parsed.ok() ? "" : parsed.error();
}

// The fixture mixes prose ('#' comments to the format) with real sample
// lines; lines 8 and 9 are a table export with "| value" in place of a
// value, which a strict parse must refuse by line number.
TEST(PrometheusFixtureTest, StrictParseNamesTheFirstTableLine) {
  EXPECT_THAT(ParseError(ReadTestdata("metrics_names_and_samples.txt")),
              StartsWith("line 8: expected a value for "
                         "vllm:spec_decode_num_accepted_tokens_per_pos_"
                         "created, got \"|\""));
}

TEST(PrometheusFixtureTest, LenientParseKeepsTheRealSamples) {
  PromParseOptions options;
  options.lenient = true;
  auto parsed = ParsePrometheusText(
      ReadTestdata("metrics_names_and_samples.txt"), options);
  ASSERT_TRUE(parsed.ok()) << parsed.error();
  EXPECT_THAT(parsed->warnings,
              ElementsAre(StartsWith("line 8: "), StartsWith("line 9: ")));
  ASSERT_THAT(parsed->samples, SizeIs(5));

  const PromSample& config = parsed->samples[0];
  EXPECT_EQ(config.name, "vllm:cache_config_info");
  EXPECT_EQ(config.value, 1.0);
  EXPECT_THAT(config.labels, SizeIs(12));
  EXPECT_EQ(config.labels.at("num_gpu_blocks"), "573");
  EXPECT_EQ(config.labels.at("block_size"), "16");
  EXPECT_EQ(config.labels.at("num_gpu_blocks_override"), "None");

  EXPECT_EQ(parsed->samples[1].name, "llamacpp:prompt_tokens_total");
  EXPECT_EQ(parsed->samples[1].value, 6886);
  EXPECT_THAT(parsed->samples[1].labels, IsEmpty());
  EXPECT_EQ(parsed->samples[2].value, 2903.63);
  EXPECT_EQ(parsed->samples[4].name, "llamacpp:tokens_predicted_seconds_total");
  EXPECT_EQ(parsed->samples[4].value, 3544.27);
  EXPECT_EQ(parsed->types.at("llamacpp:prompt_tokens_total"), "counter");
  EXPECT_EQ(parsed->help.at("llamacpp:prompt_seconds_total"),
            "Prompt process time");
}

// The table lines with their "|" column separator removed are valid text
// format, with blanks after the commas between labels.
TEST(PrometheusFixtureTest, TableLinesWithoutTheSeparatorParse) {
  std::string text = ReadTestdata("metrics_names_and_samples.txt");
  for (size_t at; (at = text.find("} | ")) != std::string::npos;) {
    text.replace(at, 4, "} ");
  }
  PromText parsed = ParseOk(text);
  auto created = FindSamples(
      parsed.samples, "vllm:spec_decode_num_accepted_tokens_per_pos_created");
  ASSERT_THAT(created, SizeIs(2));
  EXPECT_EQ(created[1]->labels.at("engine"), "1");
  EXPECT_EQ(created[1]->labels.at("model_name"), "/home/models/Qwen3-0.6B");
  EXPECT_EQ(created[1]->labels.at("position"), "3");
  EXPECT_DOUBLE_EQ(created[1]->value, 1756736798.7343478);
}

TEST(PrometheusTextTest, ParsesHistogramSeries) {
  PromText parsed = ParseOk(
      "# HELP vllm:e2e_request_latency_seconds Histogram of e2e latency.\n"
      "# TYPE vllm:e2e_request_latency_seconds histogram\n"
      "vllm:e2e_request_latency_seconds_bucket{engine=\"0\",le=\"0.3\"} 2.0\n"
      "vllm:e2e_request_latency_seconds_bucket{engine=\"0\",le=\"+Inf\"} 7.0\n"
      "vllm:e2e_request_latency_seconds_sum{engine=\"0\"} 12.5\n"
      "vllm:e2e_request_latency_seconds_count{engine=\"0\"} 7.0\n");
  ASSERT_THAT(parsed.samples, SizeIs(4));
  EXPECT_EQ(parsed.samples[1].labels.at("le"), "+Inf");
  EXPECT_EQ(parsed.samples[3].name, "vllm:e2e_request_latency_seconds_count");
  EXPECT_EQ(parsed.types.at("vllm:e2e_request_latency_seconds"), "histogram");
  EXPECT_EQ(parsed.help.at("vllm:e2e_request_latency_seconds"),
            "Histogram of e2e latency.");
}

TEST(PrometheusTextTest, ParsesSpecialAndExponentValues) {
  PromText parsed = ParseOk(
      "a NaN\nb +Inf\nc -Inf\nd 1.5e3\ne -2E-2\nf +7\ng inf\nh 1e999\n");
  ASSERT_THAT(parsed.samples, SizeIs(8));
  EXPECT_TRUE(std::isnan(parsed.samples[0].value));
  EXPECT_EQ(parsed.samples[1].value, INFINITY);
  EXPECT_EQ(parsed.samples[2].value, -INFINITY);
  EXPECT_EQ(parsed.samples[3].value, 1500);
  EXPECT_EQ(parsed.samples[4].value, -0.02);
  EXPECT_EQ(parsed.samples[5].value, 7);
  EXPECT_EQ(parsed.samples[6].value, INFINITY);
  EXPECT_EQ(parsed.samples[7].value, INFINITY);
}

TEST(PrometheusTextTest, UnescapesLabelValues) {
  PromText parsed =
      ParseOk(R"(m{path="C:\\dir",quote="say \"hi\"",nl="a\nb"} 1)");
  ASSERT_THAT(parsed.samples, SizeIs(1));
  EXPECT_THAT(parsed.samples[0].labels,
              ElementsAre(Pair("nl", "a\nb"), Pair("path", "C:\\dir"),
                          Pair("quote", "say \"hi\"")));
}

TEST(PrometheusTextTest, AcceptsBlanksEmptyLabelsTimestampsAndCrlf) {
  PromText parsed = ParseOk(
      "\n   \n"
      "m1{} 1\r\n"
      "m2 { a = \"x\" , b=\"y\", } 2 1700000000000\n"
      "m3{a=\"\"}\t3\t-5  \n"
      "# a comment that is neither HELP nor TYPE\n"
      "#\n"
      "# HELP m4\n");
  ASSERT_THAT(parsed.samples, SizeIs(3));
  EXPECT_THAT(parsed.samples[0].labels, IsEmpty());
  EXPECT_EQ(parsed.samples[0].value, 1);
  EXPECT_THAT(parsed.samples[1].labels,
              ElementsAre(Pair("a", "x"), Pair("b", "y")));
  EXPECT_EQ(parsed.samples[1].timestamp_ms, 1700000000000);
  EXPECT_EQ(parsed.samples[2].labels.at("a"), "");
  EXPECT_EQ(parsed.samples[2].timestamp_ms, -5);
  EXPECT_EQ(parsed.help.at("m4"), "");
}

TEST(PrometheusTextTest, HelpTextIsUnescaped) {
  PromText parsed = ParseOk("# HELP m Line one\\nback\\\\slash \"q\"\n");
  EXPECT_EQ(parsed.help.at("m"), "Line one\nback\\slash \"q\"");
}

TEST(PrometheusTextTest, MalformedLinesAreErrorsWithTheirNumber) {
  EXPECT_EQ(ParseError("ok 1\nbroken\n"),
            "line 2: expected a value for broken, got \"\"");
  EXPECT_THAT(ParseError("m{a=\"x\\t\"} 1"),
              HasSubstr("line 1: invalid escape \\t"));
  EXPECT_THAT(ParseError("m{a=\"x} 1"), HasSubstr("not closed"));
  EXPECT_THAT(ParseError("m{a=x} 1"), HasSubstr("expected '\"'"));
  EXPECT_THAT(ParseError("m{a=\"1\",a=\"2\"} 1"), HasSubstr("appears twice"));
  EXPECT_THAT(ParseError("m{a=\"1\" b=\"2\"} 1"),
              HasSubstr("expected ',' or '}'"));
  EXPECT_THAT(ParseError("m{1a=\"1\"} 1"), HasSubstr("expected a label name"));
  EXPECT_THAT(ParseError("m 1 12.5"), HasSubstr("integer timestamp"));
  EXPECT_THAT(ParseError("m 1 2 3"), HasSubstr("integer timestamp"));
  EXPECT_THAT(ParseError("m 1x"), HasSubstr("expected a value"));
  EXPECT_THAT(ParseError("m --1"), HasSubstr("expected a value"));
  EXPECT_THAT(ParseError("9m 1"), HasSubstr("expected a metric name"));
  EXPECT_THAT(ParseError("# TYPE m gauges"),
              HasSubstr("unknown metric type \"gauges\""));
  EXPECT_THAT(ParseError("# TYPE {x} gauge"),
              HasSubstr("expected a metric name after # TYPE"));
}

TEST(PrometheusTextTest, LenientModeSkipsAndCountsBadLines) {
  std::string text = "good 1\n";
  for (int i = 0; i < 30; ++i) text += "bad{\n";
  PromParseOptions options;
  options.lenient = true;
  auto parsed = ParsePrometheusText(text, options);
  ASSERT_TRUE(parsed.ok()) << parsed.error();
  EXPECT_THAT(parsed->samples, SizeIs(1));
  ASSERT_THAT(parsed->warnings, SizeIs(21));
  EXPECT_THAT(parsed->warnings[0], StartsWith("line 2: "));
  EXPECT_THAT(parsed->warnings[0], HasSubstr("(line skipped)"));
  EXPECT_EQ(parsed->warnings[20], "10 more malformed lines skipped");
}

TEST(PrometheusTextTest, RefusesOversizedInput) {
  PromParseOptions options;
  options.max_bytes = 8;
  options.lenient = true;
  auto parsed = ParsePrometheusText("metric 1.0\n", options);
  ASSERT_FALSE(parsed.ok());
  EXPECT_THAT(parsed.error(), HasSubstr("over the 8-byte limit"));
}

}  // namespace
}  // namespace servebench
