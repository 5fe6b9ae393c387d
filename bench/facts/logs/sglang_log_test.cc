// SGLang log parsing on logs built in the test (excerpts pasted together).
// Whole fixtures and excerpts are checked in fixture_facts_test.cc.
#include <string>

#include "bench/facts/logs/fixture_text.h"
#include "bench/facts/logs/server_facts.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace servebench::server_logs {
namespace {

TEST(SglangLogTest, DraftWeightsAddToTargetWeights) {
  // Target 3.76 GiB (Source B) + NextN draft 1.00 GiB on two ranks
  // (Source E): the second rank replaces, so 4.76.
  const std::string log = FixtureExcerpt("sglang_2026.log", "Source B") +
                          FixtureExcerpt("sglang_2026.log", "Source E");
  EXPECT_THAT(ParseServerLog(log).model_memory_gib,
              ::testing::Optional(::testing::DoubleNear(4.76, 1e-9)));
}

}  // namespace
}  // namespace servebench::server_logs
