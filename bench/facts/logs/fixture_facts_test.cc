// Every checked-in log fixture (and excerpt of one) against the facts worked
// out by hand from its quoted lines: one table per engine in
// fixture_log_cases.cc. Behaviour that needs a log built in the test (a
// second start, a cut excerpt) is tested in <engine>_log_test.cc.
#include <ostream>
#include <string>

#include "bench/facts/logs/facts_matchers.h"
#include "bench/facts/logs/fixture_log_cases.h"
#include "bench/facts/logs/fixture_text.h"
#include "bench/facts/logs/server_facts.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace servebench::server_logs {

// Names the case, not its bytes, in gtest's output (beside LogCase, where
// gtest looks for it).
void PrintTo(const LogCase& log_case, std::ostream* os) {
  *os << log_case.name;
}

namespace {

class FixtureFactsTest : public ::testing::TestWithParam<LogCase> {};

TEST_P(FixtureFactsTest, HasTheFactsWorkedOutByHand) {
  const LogCase& c = GetParam();
  std::string log;
  for (const LogPiece& piece : c.log) {
    log += piece.text != nullptr ? std::string(piece.text)
           : piece.excerpt == nullptr
               ? FixtureLog(piece.file)
               : FixtureExcerpt(piece.file, piece.excerpt);
  }
  const ServerFacts facts = ParseServerLog(log);
  EXPECT_THAT(facts, FactsAre(c.facts));
  if (c.fact_with_source != nullptr) {
    EXPECT_THAT(facts.sources, ::testing::Contains(::testing::Pair(
                                   c.fact_with_source, c.source_line)));
  }
}

std::string CaseName(const ::testing::TestParamInfo<LogCase>& info) {
  return info.param.name;
}

INSTANTIATE_TEST_SUITE_P(Vllm, FixtureFactsTest,
                         ::testing::ValuesIn(VllmFixtureCases()), CaseName);
INSTANTIATE_TEST_SUITE_P(Sglang, FixtureFactsTest,
                         ::testing::ValuesIn(SglangFixtureCases()), CaseName);
INSTANTIATE_TEST_SUITE_P(Trtllm, FixtureFactsTest,
                         ::testing::ValuesIn(TrtllmFixtureCases()), CaseName);
INSTANTIATE_TEST_SUITE_P(LlamaCpp, FixtureFactsTest,
                         ::testing::ValuesIn(LlamaCppFixtureCases()), CaseName);

}  // namespace
}  // namespace servebench::server_logs
