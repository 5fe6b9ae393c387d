// Writing baselines: what is written reads back the same, in a readable
// order, whatever the strings hold.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

#include "bench/gating/baseline.h"
#include "testing/files.h"

namespace servebench {

// For comparing maps of tolerances; found by argument-dependent lookup, so it
// lives in the namespace of Tolerance rather than the anonymous one.
bool operator==(const Tolerance& a, const Tolerance& b) {
  return a.kind == b.kind && a.value == b.value;
}

namespace {

using testing::HasSubstr;

// The layout documented in baseline.h.
std::string Example() {
  return test::ReadFileOrFail("bench/gating/testdata/example.toml");
}

// Field by field, so that a failure names the field that differs.
void ExpectSameBaseline(const Baseline& got, const Baseline& want) {
  EXPECT_EQ(got.context.model, want.context.model);
  EXPECT_EQ(got.context.engine, want.context.engine);
  EXPECT_EQ(got.context.engine_version, want.context.engine_version);
  EXPECT_EQ(got.context.gpu, want.context.gpu);
  EXPECT_EQ(got.context.max_model_len, want.context.max_model_len);
  EXPECT_EQ(got.context.gpu_memory_utilization,
            want.context.gpu_memory_utilization);
  EXPECT_EQ(got.context.suite, want.context.suite);
  EXPECT_EQ(got.context.recorded_at, want.context.recorded_at);
  EXPECT_EQ(got.context.recorded_from, want.context.recorded_from);
  EXPECT_EQ(got.context.notes, want.context.notes);
  EXPECT_EQ(got.tolerances, want.tolerances);
  EXPECT_EQ(got.server, want.server);
  ASSERT_EQ(got.cases.size(), want.cases.size());
  for (size_t i = 0; i < got.cases.size(); ++i) {
    SCOPED_TRACE("case #" + std::to_string(i + 1));
    EXPECT_EQ(got.cases[i].isl, want.cases[i].isl);
    EXPECT_EQ(got.cases[i].osl, want.cases[i].osl);
    EXPECT_EQ(got.cases[i].label, want.cases[i].label);
    EXPECT_EQ(got.cases[i].category, want.cases[i].category);
    EXPECT_EQ(got.cases[i].figures, want.cases[i].figures);
    EXPECT_EQ(got.cases[i].samples, want.cases[i].samples);
    EXPECT_EQ(got.cases[i].tolerances, want.cases[i].tolerances);
  }
}

// A baseline with everything set, and strings a naive writer would break.
Baseline Awkward() {
  Baseline b;
  b.context.model = "org/model \"quoted\" with \\backslash\\";
  b.context.engine = "vllm";
  b.context.engine_version = "0.11.0+cu128";
  b.context.gpu = "RTX PRO 6000 Blackwell \u2013 \u00fcber \U0001F680";
  b.context.max_model_len = 32768;
  b.context.gpu_memory_utilization = 0.9;
  b.context.suite = "it's a 'suite'";
  b.context.recorded_at = "2026-02-21T17:31:02";
  b.context.recorded_from = "C:\\runs\\bench.json";
  b.context.notes = "\nfirst line\nsecond\tline\r\n\"\"\"triple\"\"\" '''\x01";
  b.tolerances[Metric::kTtftMs] = {Tolerance::Kind::kRelative, 0.25};
  b.tolerances[Metric::kTpotMs] = {Tolerance::Kind::kAbsolute, 1.5};
  b.tolerances[Metric::kKvCacheTokens] = {Tolerance::Kind::kAbsolute, 1000};
  b.tolerances[Metric::kDecodeTps] =
      *ParseTolerance("7%", Info(Metric::kDecodeTps));
  b.tolerances[Metric::kE2eTps] =
      *ParseTolerance("33.3%", Info(Metric::kE2eTps));
  b.server[Metric::kModelMemoryGib] = 44.2;
  b.server[Metric::kKvCacheGib] = 0.1 + 0.2;  // 0.30000000000000004
  b.server[Metric::kKvCacheTokens] = 1131008;
  BaselineCase a;
  a.isl = 1024;
  a.osl = 1024;
  a.label = "standard \"chat\"";
  a.category = "balanced";
  a.figures[Metric::kTtftMs] = 714.9;
  a.figures[Metric::kTpotMs] = 1.0 / 3;
  a.figures[Metric::kDecodeTps] = 42;
  a.figures[Metric::kE2eTps] = 1e-300;
  a.samples[Metric::kTtftMs] = {695.9, 697.1, 751.7};
  a.samples[Metric::kDecodeTps] = {41, 42.5, 1e20};
  a.tolerances[Metric::kTtftMs] =
      *ParseTolerance("0.1%", Info(Metric::kTtftMs));
  BaselineCase c;  // figures only
  c.isl = 32768;
  c.osl = 128;
  c.figures[Metric::kTtftMs] = 11482.6;
  b.cases = {a, c};
  return b;
}

TEST(BaselineTest, SerializedBaselineReadsBackTheSame) {
  const Baseline original = Awkward();
  const std::string text = SerializeBaseline(original);
  auto parsed = ParseBaseline(text, "round.toml");
  ASSERT_TRUE(parsed.ok()) << parsed.error() << "\n" << text;
  SCOPED_TRACE(text);
  ExpectSameBaseline(*parsed, original);
  EXPECT_EQ(SerializeBaseline(*parsed), text);
}

TEST(BaselineTest, ParsedExampleSurvivesARoundTrip) {
  auto first = ParseBaseline(Example(), "example.toml");
  ASSERT_TRUE(first.ok()) << first.error();
  auto second = ParseBaseline(SerializeBaseline(*first), "again.toml");
  ASSERT_TRUE(second.ok()) << second.error();
  ExpectSameBaseline(*second, *first);
}

TEST(BaselineTest, RelativeTolerancesRoundTripExactly) {
  // Percentages are stored as fractions; writing fraction * 100 naively
  // would give e.g. "7.000000000000001%" or read back a different double.
  for (int tenths = 0; tenths <= 1000; ++tenths) {
    const std::string text =
        std::to_string(tenths / 10) + "." + std::to_string(tenths % 10) + "%";
    Baseline b;
    b.tolerances[Metric::kTtftMs] =
        *ParseTolerance(text, Info(Metric::kTtftMs));
    const std::string written = SerializeBaseline(b);
    auto parsed = ParseBaseline(written, "t.toml");
    ASSERT_TRUE(parsed.ok()) << parsed.error();
    ASSERT_EQ(parsed->tolerances, b.tolerances) << text << " -> " << written;
  }
}

TEST(BaselineTest, WritesSectionsInAReadableOrder) {
  Baseline b;
  b.context.model = "m";
  b.context.max_model_len = 4096;
  b.context.gpu_memory_utilization = 0.9;
  b.context.suite = "core";
  b.tolerances[Metric::kDecodeTps] = {Tolerance::Kind::kRelative, 0.05};
  b.tolerances[Metric::kTtftMs] = {Tolerance::Kind::kAbsolute, 2};
  b.server[Metric::kKvCacheTokens] = 1131008;
  b.server[Metric::kModelMemoryGib] = 44;
  BaselineCase later;
  later.isl = 2048;
  later.osl = 128;
  later.figures[Metric::kDecodeTps] = 41.8;
  BaselineCase earlier;
  earlier.isl = 128;
  earlier.osl = 128;
  earlier.label = "short";
  earlier.figures[Metric::kTtftMs] = 50;
  earlier.tolerances[Metric::kTtftMs] = {Tolerance::Kind::kRelative, 0.4};
  earlier.samples[Metric::kTtftMs] = {49, 51.5};
  b.cases = {later, earlier};  // file order, not sorted
  EXPECT_EQ(SerializeBaseline(b),
            "[context]\n"
            "model = \"m\"\n"
            "max_model_len = 4096\n"
            "gpu_memory_utilization = 0.9\n"
            "suite = \"core\"\n"
            "\n"
            "[tolerances]\n"
            "ttft_ms = \"2 ms\"\n"
            "decode_tps = \"5%\"\n"
            "\n"
            "[server]\n"
            "model_memory_gib = 44.0\n"
            "kv_cache_tokens = 1131008\n"
            "\n"
            "[[case]]\n"
            "isl = 2048\n"
            "osl = 128\n"
            "decode_tps = 41.8\n"
            "\n"
            "[[case]]\n"
            "isl = 128\n"
            "osl = 128\n"
            "label = \"short\"\n"
            "ttft_ms = 50.0\n"
            "[case.tolerances]\n"
            "ttft_ms = \"40%\"\n"
            "[case.samples]\n"
            "ttft_ms = [49.0, 51.5]\n");
}

}  // namespace
}  // namespace servebench
