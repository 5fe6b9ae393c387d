// The selective scan against the full parser (the reference), on the real
// fixture and on hand-made edge cases, and its promise to allocate nothing.
#include "bench/facts/metrics/metric_scan.h"

#include <string>
#include <vector>

#include "bench/facts/metrics/metrics_facts.h"
#include "bench/facts/metrics/prometheus_text.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "testing/allocation_count.h"
#include "testing/files.h"

namespace servebench {
namespace {

using ::testing::ElementsAre;
using ::testing::Optional;

struct Seen {
  std::string name, labels;
  double value;
  bool operator==(const Seen& o) const {
    return name == o.name && labels == o.labels &&
           (value == o.value || (value != value && o.value != o.value));
  }
};

std::vector<Seen> Scan(std::string_view text,
                       const std::vector<std::string_view>& names,
                       size_t* malformed = nullptr) {
  std::vector<Seen> seen;
  const size_t bad = ScanSeries(text, names, [&](const SampleLine& s) {
    seen.push_back({std::string(s.name), std::string(s.labels), s.value});
  });
  if (malformed != nullptr) *malformed = bad;
  return seen;
}

TEST(MetricScanTest, AgreesWithTheFullParserOnTheFixture) {
  const std::string text = test::ReadFileOrFail(
      "bench/facts/metrics/testdata/metrics_names_and_samples.txt");
  PromParseOptions lenient;
  lenient.lenient = true;
  auto parsed = ParsePrometheusText(text, lenient);
  ASSERT_TRUE(parsed.ok()) << parsed.error();
  ASSERT_FALSE(parsed->samples.empty());
  for (const PromSample& sample : parsed->samples) {
    std::vector<double> expected;
    for (const PromSample* same : FindSamples(parsed->samples, sample.name)) {
      expected.push_back(same->value);
    }
    std::vector<double> values;
    for (const Seen& seen : Scan(text, {sample.name})) {
      values.push_back(seen.value);
    }
    EXPECT_EQ(values, expected) << sample.name;
  }
  // The table-export lines the full parser skips are skipped here too, and
  // counted.
  size_t malformed = 0;
  EXPECT_TRUE(Scan(text,
                   {"vllm:spec_decode_num_accepted_tokens_per_pos_created"},
                   &malformed)
                  .empty());
  EXPECT_EQ(malformed, 2u);
}

TEST(MetricScanTest, ReadsOnlyTheWantedSeriesWithLabelsAndEdgeValues) {
  const std::string text =
      "# HELP a:x_total not a sample\n"
      "# TYPE a:x_total counter\n"
      "a:x_total 1\n"
      "a:x_total_created 99\n"
      "b{gpu=\"0\",modelName=\"NVIDIA \\\"H100\\\"\"} 2.5e+02 1700000000000\n"
      "  b{gpu=\"1\"} +Inf\r\n"
      "b{gpu=\"2\"} nan\n"
      "c{} -3\n"
      "b{gpu=\"3\" 4\n"        // malformed: no closing brace
      "b{gpu=\"4\"} 5 six\n";  // malformed: a timestamp that is no number
  size_t malformed = 0;
  const std::vector<Seen> seen =
      Scan(text, {"a:x_total", "b", "c"}, &malformed);
  EXPECT_THAT(
      seen,
      ElementsAre(Seen{"a:x_total", "", 1},
                  Seen{"b", "gpu=\"0\",modelName=\"NVIDIA \\\"H100\\\"\"", 250},
                  Seen{"b", "gpu=\"1\"", INFINITY}, Seen{"b", "gpu=\"2\"", NAN},
                  Seen{"c", "", -3}));
  EXPECT_EQ(malformed, 2u);
}

TEST(MetricScanTest, FindsLabelsWithoutUndoingEscapes) {
  const std::string_view labels =
      "gpu=\"0\", UUID=\"GPU-aaa\",modelName=\"A \\\"B\\\"\"";
  EXPECT_THAT(FindLabel(labels, "gpu"), Optional(std::string_view("0")));
  EXPECT_THAT(FindLabel(labels, "UUID"), Optional(std::string_view("GPU-aaa")));
  EXPECT_THAT(FindLabel(labels, "modelName"),
              Optional(std::string_view("A \\\"B\\\"")));
  EXPECT_EQ(FindLabel(labels, "Hostname"), std::nullopt);
  EXPECT_EQ(FindLabel("", "gpu"), std::nullopt);
}

TEST(MetricScanTest, RefusesOversizedText) {
  const std::string huge(kMaxMetricsBytes + 1, '\n');
  EXPECT_TRUE(Scan(huge, {"a"}).empty());
}

TEST(MetricScanTest, TheWatchScanAllocatesNothing) {
  // A vLLM-sized body: hundreds of lines, the gauge near the end.
  std::string text;
  for (int i = 0; i < 500; ++i) {
    text += "vllm:some_histogram_bucket{le=\"" + std::to_string(i) +
            "\",engine=\"0\"} " + std::to_string(i * 3) + ".0\n";
  }
  text += "vllm:kv_cache_usage_perc{engine=\"0\"} 0.375\n";
  const long before = test::AllocationCount();
  const std::optional<double> pct = KvCacheUsagePct(text);
  const long after = test::AllocationCount();
  EXPECT_THAT(pct, Optional(37.5));
  EXPECT_EQ(after - before, 0);
}

}  // namespace
}  // namespace servebench
