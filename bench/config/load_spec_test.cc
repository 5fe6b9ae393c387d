// The load keys of suite files: levels, inheritance, defaults, SLOs and the
// mistakes they are refused for.
#include "bench/config/load_spec.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "bench/config/suite_spec.h"

namespace servebench {
namespace {

using testing::ElementsAre;
using testing::HasSubstr;

// A suite with `suite_keys` in [suite] and one 1024/128 pair with
// `case_keys`.
std::string Suite(const std::string& suite_keys,
                  const std::string& case_keys = "") {
  return "[suite]\nname = \"load\"\n" + suite_keys +
         "\n[[case]]\nisl = 1024\nosl = 128\ncategory = \"balanced\"\n"
         "label = \"x\"\n" +
         case_keys + "\n";
}

std::vector<std::string> Names(const SuiteSpec& spec) {
  std::vector<std::string> names;
  for (const CaseSpec& c : spec.cases) names.push_back(c.Name());
  return names;
}

TEST(LoadLevelsTest, RatesAreCasesOfTheirOwnAndReplaceTheSequentialOne) {
  auto spec = ParseSuiteSpec(Suite("request_rate = [2, 0.5, 32]"), "s.toml");
  ASSERT_TRUE(spec.ok()) << spec.error();
  EXPECT_THAT(Names(*spec),
              ElementsAre("Isl1024Osl128Rate2", "Isl1024Osl128Rate0p5",
                          "Isl1024Osl128Rate32"));
  EXPECT_EQ(spec->cases[1].mode(), LoadMode::kRate);
  EXPECT_EQ(spec->cases[1].request_rate, 0.5);
  EXPECT_EQ(spec->cases[1].Level(), "Rate0p5");
}

TEST(LoadLevelsTest, ConcurrencyRatesAndASweepTogether) {
  auto spec = ParseSuiteSpec(
      Suite("concurrency = [1, 8]\nrequest_rate = [4]\nsweep = true"), "s");
  ASSERT_TRUE(spec.ok()) << spec.error();
  EXPECT_THAT(Names(*spec),
              ElementsAre("Isl1024Osl128", "Isl1024Osl128Conc8",
                          "Isl1024Osl128Rate4", "Isl1024Osl128Sweep"));
  EXPECT_EQ(spec->cases[0].mode(), LoadMode::kSequential);
  EXPECT_EQ(spec->cases[1].mode(), LoadMode::kConcurrency);
  EXPECT_EQ(spec->cases[3].mode(), LoadMode::kSweep);
}

TEST(LoadLevelsTest, ASweepAloneIsTheOnlyCase) {
  auto spec = ParseSuiteSpec(Suite("", "sweep = true"), "s");
  ASSERT_TRUE(spec.ok()) << spec.error();
  EXPECT_THAT(Names(*spec), ElementsAre("Isl1024Osl128Sweep"));
}

TEST(LoadLevelsTest, ASharedPrefixRunsThroughTheLoadDriverAtOneStream) {
  auto spec = ParseSuiteSpec(Suite("", "prefix_tokens = 512"), "s");
  ASSERT_TRUE(spec.ok()) << spec.error();
  EXPECT_THAT(Names(*spec), ElementsAre("Isl1024Osl128Conc1"));
  EXPECT_EQ(spec->cases[0].mode(), LoadMode::kConcurrency);
  EXPECT_EQ(spec->cases[0].load.prefix_tokens, 512);
  EXPECT_EQ(spec->cases[0].load.prefix_group, 8);
}

TEST(LoadSpecTest, DefaultsWhenNothingIsWritten) {
  auto spec = ParseSuiteSpec(Suite("request_rate = [2]"), "s");
  ASSERT_TRUE(spec.ok()) << spec.error();
  const LoadSpec& load = spec->cases[0].load;
  EXPECT_EQ(load.arrivals, Arrivals::kPoisson);
  EXPECT_EQ(load.burstiness, 1);
  EXPECT_EQ(load.seed, 1u);
  EXPECT_EQ(load.max_concurrency, 0);
  EXPECT_EQ(load.duration_s, 30);
  EXPECT_FALSE(load.requests.has_value());
  EXPECT_EQ(load.Conversations(2), 60);
  EXPECT_EQ(load.warmup_s, 0);
  EXPECT_EQ(load.turns, 1);
  EXPECT_FALSE(load.slo.any());
}

TEST(LoadSpecTest, ACaseOverridesTheSuiteKeyByKey) {
  auto spec = ParseSuiteSpec(
      Suite(
          "request_rate = [2]\narrivals = \"gamma\"\nburstiness = 0.5\n"
          "requests = 100\nmax_concurrency = 16\n"
          "[suite.slo]\nttft_ms = 500\ntpot_ms = 50",
          "duration_s = 5\nseed = 9\n[case.slo]\ntpot_ms = 40\ne2e_ms = 9000"),
      "s");
  ASSERT_TRUE(spec.ok()) << spec.error();
  const LoadSpec& load = spec->cases[0].load;
  EXPECT_EQ(load.arrivals, Arrivals::kGamma);
  EXPECT_EQ(load.burstiness, 0.5);
  EXPECT_EQ(load.seed, 9u);
  EXPECT_EQ(load.max_concurrency, 16);
  // The case's duration replaces the suite's request count.
  EXPECT_FALSE(load.requests.has_value());
  EXPECT_EQ(load.duration_s, 5);
  EXPECT_EQ(load.Conversations(2), 10);
  EXPECT_EQ(load.slo.ttft_ms, 500);
  EXPECT_EQ(load.slo.tpot_ms, 40);
  EXPECT_EQ(load.slo.e2e_ms, 9000);
  EXPECT_EQ(load.slo.Describe(),
            "ttft_ms <= 500, tpot_ms <= 40, e2e_ms <= 9000");
}

TEST(RateTextTest, RatesSpellWithoutADot) {
  EXPECT_EQ(RateText(2), "2");
  EXPECT_EQ(RateText(0.5), "0p5");
  EXPECT_EQ(RateText(12.25), "12p25");
  EXPECT_EQ(RateText(100000), "100000");
  EXPECT_EQ(RateText(0.001), "0p001");
}

struct BadLoad {
  const char* suite_keys;
  const char* case_keys;
  const char* expected;
};

class BadLoadTest : public testing::TestWithParam<BadLoad> {};

TEST_P(BadLoadTest, IsRefusedWithFileLineAndTheRule) {
  auto spec = ParseSuiteSpec(Suite(GetParam().suite_keys, GetParam().case_keys),
                             "bad.toml");
  ASSERT_FALSE(spec.ok());
  EXPECT_THAT(spec.error(), HasSubstr("bad.toml:"));
  EXPECT_THAT(spec.error(), HasSubstr(GetParam().expected));
}

INSTANTIATE_TEST_SUITE_P(
    Mistakes, BadLoadTest,
    testing::Values(
        BadLoad{"request_rate = [0]", "", "a rate in requests per second"},
        BadLoad{"request_rate = [2, 2]", "", "is repeated"},
        BadLoad{"request_rate = []", "", "a list, e.g. [2, 8, 32]"},
        BadLoad{"request_rate = [1e9]", "", "to 100000"},
        BadLoad{"arrivals = \"bursty\"", "",
                "\"poisson\", \"constant\" or \"gamma\""},
        BadLoad{"burstiness = 0.5", "", "set arrivals = \"gamma\""},
        BadLoad{"arrivals = \"gamma\"\nburstiness = 0", "", "above 0"},
        BadLoad{"requests = 10", "duration_s = 5\nrequests = 20",
                "requests or duration_s, not both"},
        BadLoad{"duration_s = 5\nwarmup_s = 5", "", "must be shorter"},
        BadLoad{"max_concurrency = 0", "", "from 1 to 4096"},
        BadLoad{"", "prefix_tokens = 1020", "leaves no room in ISL 1024"},
        BadLoad{"", "prefix_group = 4", "needs prefix_tokens"},
        BadLoad{"turns = 0", "", "from 1 to 100"},
        BadLoad{"sweep = 1", "", "true or false"},
        BadLoad{"[suite.slo]\nttft = 5", "", "unknown key \"ttft\""},
        BadLoad{"[suite.slo]\nttft_ms = -5", "", "a limit in milliseconds"},
        BadLoad{"slo = 5", "", "must be a table"},
        BadLoad{"request_rate = [100000]\nduration_s = 86000", "",
                "more than 1000000 requests"}));

}  // namespace
}  // namespace servebench
