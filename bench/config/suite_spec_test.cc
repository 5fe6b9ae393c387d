#include "bench/config/suite_spec.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace servebench {
namespace {

using testing::HasSubstr;

constexpr char kValid[] = R"([suite]
name = "mini"
warmup_runs = 1
runs = 4

[[case]]
isl = 1024
osl = 128
category = "prefill-heavy"
label = "vLLM default"
)";

TEST(SuiteSpecTest, ParsesSuiteAndCases) {
  auto spec = ParseSuiteSpec(kValid, "mini.toml");
  ASSERT_TRUE(spec.ok()) << spec.error();
  EXPECT_EQ(spec->name, "mini");
  EXPECT_EQ(spec->warmup_runs, 1);
  EXPECT_EQ(spec->runs, 4);
  ASSERT_EQ(spec->cases.size(), 1u);
  EXPECT_EQ(spec->cases[0].Name(), "Isl1024Osl128");
  EXPECT_EQ(spec->cases[0].Regime(), "prefill_heavy");
  EXPECT_EQ(spec->cases[0].label, "vLLM default");
}

struct BadSuite {
  const char* text;
  const char* expected;
};

class BadSuiteTest : public testing::TestWithParam<BadSuite> {};

TEST_P(BadSuiteTest, ReportsFileLineAndProblem) {
  auto spec = ParseSuiteSpec(GetParam().text, "bad.toml");
  ASSERT_FALSE(spec.ok());
  EXPECT_THAT(spec.error(), HasSubstr(GetParam().expected));
}

INSTANTIATE_TEST_SUITE_P(
    Mistakes, BadSuiteTest,
    testing::Values(BadSuite{"[suite\nname = 1", "bad.toml:1:"},
                    BadSuite{
                        "[suite]\nname = \"x\"\nrusn = "
                        "3\n[[case]]\nisl=1\nosl=1\ncategory=\"balanced\"\n"
                        "label=\"a\"\n",
                        "bad.toml:3: unknown key \"rusn\" in [suite] (did you "
                        "mean \"runs\"?)"},
                    BadSuite{"[suite]\nname = \"x\"\n[[case]]\nisl = -5\nosl = "
                             "1\ncategory = \"balanced\"\n"
                             "label = \"a\"\n",
                             "bad.toml:4: \"isl\" in [[case]] #1 is -5; it "
                             "must be a whole number of at least 1"},
                    BadSuite{"[suite]\nname = \"x\"\n[[case]]\nisl = "
                             "\"128\"\nosl = 1\ncategory = \"balanced\"\n"
                             "label = \"a\"\n",
                             "\"isl\" in [[case]] #1 is \"128\""},
                    BadSuite{"[suite]\nname = \"x\"\n[[case]]\nisl = 0\nosl = "
                             "1\ncategory = \"balanced\"\n"
                             "label = \"a\"\n",
                             "bad.toml:4:"},
                    BadSuite{"[suite]\nname = \"x\"\n", "no [[case]] entries"},
                    // The issue's absurd ISL: refused before any allocation.
                    BadSuite{"[suite]\nname = \"x\"\n[[case]]\nisl = "
                             "9223372036854775807\nosl = 1\n"
                             "category = \"balanced\"\nlabel = \"a\"\n",
                             "bad.toml:4: \"isl\" in [[case]] #1 is "
                             "9223372036854775807; servebench takes at most "
                             "4194304"},
                    BadSuite{"[suite]\nname = \"x\"\n[[case]]\nisl = 1\n"
                             "osl = 4194305\ncategory = \"balanced\"\n"
                             "label = \"a\"\n",
                             "\"osl\" in [[case]] #1 is 4194305; servebench "
                             "takes at most 4194304"},
                    BadSuite{"[suite]\nname = \"x\"\nruns = 1001\n[[case]]\n"
                             "isl = 1\nosl = 1\ncategory = \"balanced\"\n"
                             "label = \"a\"\n",
                             "\"runs\" in [suite] is 1001; servebench takes "
                             "at most 1000"},
                    BadSuite{"[suite]\nname = \"x\"\n[[case]]\nisl = 1\nosl = "
                             "1\ncategory = \"chatty\"\n"
                             "label = \"a\"\n",
                             "bad.toml:6: category \"chatty\""},
                    BadSuite{"[suite]\nname = \"x\"\n[[case]]\nisl = 1\nosl = "
                             "1\ncategory = \"balanced\"\n"
                             "label = \"a\"\n[[case]]\nisl = 1\nosl = "
                             "1\ncategory = \"balanced\"\nlabel = \"b\"\n",
                             "repeats ISL 1 / OSL 1"},
                    BadSuite{"[suite]\nname = \"x\"\n[[case]]\nosl = "
                             "1\ncategory = \"balanced\"\nlabel = \"a\"\n",
                             "[[case]] #1 has no \"isl\""}));

TEST(SuiteSpecTest, MeasurementOptionsDefaultsAndOverrides) {
  auto defaults = ParseSuiteSpec(kValid, "mini.toml");
  ASSERT_TRUE(defaults.ok());
  EXPECT_TRUE(defaults->exact_output_length);
  EXPECT_FALSE(defaults->allow_short_outputs);
  EXPECT_TRUE(defaults->continuous_usage);
  EXPECT_FALSE(defaults->isl_tolerance_pct.has_value());
  EXPECT_EQ(defaults->tpot_disagreement_limit_pct, 2.0);
  EXPECT_EQ(defaults->history_min_tolerance_pct, 2.0);

  auto set = ParseSuiteSpec(
      "[suite]\nname = \"x\"\nexact_output_length = false\n"
      "allow_short_outputs = true\ncontinuous_usage = false\n"
      "isl_tolerance_pct = 1\ntpot_disagreement_limit_pct = 0.5\n"
      "history_min_tolerance_pct = 10\n"
      "[[case]]\nisl = 1\nosl = 1\n"
      "category = \"balanced\"\nlabel = \"a\"\n",
      "set.toml");
  ASSERT_TRUE(set.ok()) << set.error();
  EXPECT_FALSE(set->exact_output_length);
  EXPECT_TRUE(set->allow_short_outputs);
  EXPECT_FALSE(set->continuous_usage);
  EXPECT_EQ(set->isl_tolerance_pct, 1.0);
  EXPECT_EQ(set->tpot_disagreement_limit_pct, 0.5);
  EXPECT_EQ(set->history_min_tolerance_pct, 10.0);
  // Percentages outside their range, each named with file:line.
  for (const auto& [line, message] : std::vector<std::pair<const char*,
                                                           const char*>>{
           {"tpot_disagreement_limit_pct = -1",
            "pct.toml:3: \"tpot_disagreement_limit_pct\" in [suite] is -1; it "
            "must be a percentage from 0 to 1000, e.g. 2"},
           {"history_min_tolerance_pct = 150",
            "pct.toml:3: \"history_min_tolerance_pct\" in [suite] is 150; it "
            "must be a percentage from 0 to 100, e.g. 2"},
           {"isl_tolerance_pct = \"1\"",
            "pct.toml:3: \"isl_tolerance_pct\" in [suite] is \"1\"; it must "
            "be a percentage from 0 to 100, e.g. 0.5"}}) {
    auto out_of_range = ParseSuiteSpec(
        std::string("[suite]\nname = \"x\"\n") + line +
            "\n[[case]]\nisl = 1\nosl = 1\ncategory = \"balanced\"\n"
            "label = \"a\"\n",
        "pct.toml");
    ASSERT_FALSE(out_of_range.ok()) << line;
    EXPECT_THAT(out_of_range.error(), HasSubstr(message));
  }

  auto bad = ParseSuiteSpec(
      "[suite]\nname = \"x\"\nexact_output_length = \"yes\"\n[[case]]\n"
      "isl = 1\nosl = 1\ncategory = \"balanced\"\nlabel = \"a\"\n",
      "bad.toml");
  ASSERT_FALSE(bad.ok());
  EXPECT_THAT(bad.error(), HasSubstr("bad.toml:3: \"exact_output_length\" in "
                                     "[suite] is \"yes\"; it must be true or "
                                     "false"));
}

TEST(SuiteSpecTest, ConcurrencyLevelsBecomeCasesOfTheirOwn) {
  auto spec = ParseSuiteSpec(
      "[suite]\nname = \"c\"\nconcurrency = [1, 8]\n"
      "[[case]]\nisl = 128\nosl = 128\ncategory = \"balanced\"\nlabel = \"a\"\n"
      "[[case]]\nisl = 1024\nosl = 128\ncategory = \"prefill-heavy\"\n"
      "label = \"b\"\nconcurrency = [32]\n",
      "c.toml");
  ASSERT_TRUE(spec.ok()) << spec.error();
  std::vector<std::string> names;
  for (const auto& c : spec->cases) names.push_back(c.Name());
  EXPECT_THAT(names, testing::ElementsAre("Isl128Osl128", "Isl128Osl128Conc8",
                                          "Isl1024Osl128Conc32"));
  EXPECT_EQ(spec->cases[1].concurrency, 8);

  auto bad = ParseSuiteSpec(
      "[suite]\nname = \"c\"\nconcurrency = [1, 0]\n[[case]]\nisl = 1\n"
      "osl = 1\ncategory = \"balanced\"\nlabel = \"a\"\n",
      "bad.toml");
  ASSERT_FALSE(bad.ok());
  EXPECT_THAT(bad.error(), HasSubstr("bad.toml:3: concurrency level 0"));
}

TEST(SuiteSpecTest, MalformedTableHeadersAreErrorsNotAborts) {
  // Found by fuzzing: Debian's TOML++ 3.3.0 asserted on these.
  for (const char* text :
       {"[)x]\n", "[[[a]]]\n", "[suite]\nname = \"x\"\n[)x]\n"}) {
    auto spec = ParseSuiteSpec(text, "typo.toml");
    ASSERT_FALSE(spec.ok()) << text;
    EXPECT_THAT(spec.error(), HasSubstr("typo.toml:"));
    EXPECT_THAT(spec.error(), HasSubstr("expected bare key"));
  }
}

TEST(SuiteSpecTest, TextThatCrashedTomlppGetsAMessage) {
  // Found by fuzzing: Debian's TOML++ 3.3.0 reached unreachable code (upstream
  // issue 295) on each of these; the text check now stops them first.
  using namespace std::string_view_literals;
  const struct {
    std::string_view text;
    const char* message_start;
  } kCrashes[] = {
      {"\xCF\x88"sv, "crash.toml:1: U+03C8 is not allowed outside strings"},
      {" \xCD\xA0\x00"sv, "crash.toml:1: U+0360 is not allowed"},
      {"\xCC\x8E\x00;n"sv, "crash.toml:1: U+030E is not allowed"},
      {"q.sq.de\xCB\x8En"sv, "crash.toml:1: U+02CE is not allowed"},
      {"\n[\xEF\xBB\xBB("sv, "crash.toml:2: U+FEFB is not allowed"},
      {"\xEF\xB3\xBFsnn"sv, "crash.toml:1: U+FCFF is not allowed"},
      {"[[c]]\n\xEF\xBB\xBE = -1\n"sv, "crash.toml:2: U+FEFE is not allowed"},
      {"# core\n[suite]\nname = \"core\"\nwarmup_runs = 2\nruns = 3\n\n"
       "[[case]]\nisl = 1\xCE\xBE\nosl = 128\n"sv,
       "crash.toml:8: U+03BE is not allowed outside strings and comments"},
      // Inside values that start with a digit, which TOML++ reads ahead.
      {"[[case]]\nisl =069-isl_runs_\"\xCD\xA0\x0Ei3"sv,
       "crash.toml:2: U+0360 is not allowed"},
      {"ne =0\"\xEF\xBB\xBC# Th]]\n"sv, "crash.toml:1: U+FEFC is not allowed"},
      // TOML++ issue 190: valid TOML, but it crashed TOML++ all the same.
      {"[suite]\nname = \"\"\"\\\n\xC2\xA7\"\"\"\n"sv,
       "crash.toml:3: U+00A7 right after a line-ending backslash"},
  };
  for (const auto& crash : kCrashes) {
    auto spec = ParseSuiteSpec(std::string(crash.text), "crash.toml");
    ASSERT_FALSE(spec.ok()) << crash.text;
    EXPECT_THAT(spec.error(), testing::StartsWith(crash.message_start));
  }
}

TEST(SuiteSpecTest, MissingFileSaysSo) {
  auto spec = LoadSuiteSpec("no/such/suite.toml");
  ASSERT_FALSE(spec.ok());
  EXPECT_THAT(spec.error(), HasSubstr("no/such/suite.toml: cannot read"));
}

}  // namespace
}  // namespace servebench
