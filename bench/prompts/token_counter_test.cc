// Calibration against a real /tokenize: the simulator's, for every ISL of
// the seed's core and extended matrices.
#include "bench/prompts/token_counter.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdlib>

#include "bench/prompts/prompt_calibrator.h"
#include "testing/simulator.h"

namespace servebench {
namespace {

TEST(TokenCounterTest, CalibrationHitsEverySeedIslExactlyWithTokenize) {
  auto sim = test::StartSimulator("--max-model-len 70000", "sim");
  ASSERT_TRUE(sim.ok()) << sim.error();
  HttpClient client(ClientOptions{});
  CountingMethod method =
      ChooseTokenCounter(client, sim->url(), "servebench/sim-llama-8b",
                         Endpoint::kChatCompletions);
  EXPECT_EQ(method.name, "/tokenize");
  EXPECT_TRUE(method.server_tokenizer);
  PromptSynthesizer prompts(7);
  PromptCalibrator calibrator(prompts, method.counter, method.name);
  for (int64_t isl : {128, 256, 1024, 4096, 8192, 16384, 32768, 65536}) {
    auto c = calibrator.For(isl);
    ASSERT_TRUE(c.ok()) << c.error();
    EXPECT_TRUE(c->exact())
        << "ISL " << isl << " counted " << c->counted_tokens;
    EXPECT_LE(c->counts, 3) << "ISL " << isl;
    // A fresh prompt with that filler counts the same: the tag is fixed-size.
    auto again = method.counter(prompts.Next(c->filler_words));
    ASSERT_TRUE(again.ok());
    EXPECT_EQ(*again, isl);
  }
}

TEST(TokenCounterTest, WithoutTokenizeProbeRequestsCount) {
  // A server whose /tokenize is not there: the simulator answers 404 for an
  // unknown path, so point the counter at a sub-path.
  auto sim = test::StartSimulator("", "sim_probe");
  ASSERT_TRUE(sim.ok()) << sim.error();
  HttpClient client(ClientOptions{});
  CountingMethod method =
      ChooseTokenCounter(client, sim->url() + "/nothing-here",
                         "servebench/sim-llama-8b", Endpoint::kChatCompletions);
  EXPECT_EQ(method.name, "probe requests");
  EXPECT_FALSE(method.server_tokenizer);
}

TEST(TokenCountFromTokenizeTest, ReadsTheCountAndRejectsWhatIsNot) {
  const std::string url = "http://h/tokenize";
  EXPECT_EQ(*TokenCountFromTokenize({200, R"({"count":12,"tokens":[]})"}, url),
            12);
  EXPECT_THAT(TokenCountFromTokenize({404, "no"}, url).error(),
              testing::HasSubstr("HTTP 404 from http://h/tokenize"));
  EXPECT_THAT(TokenCountFromTokenize({200, R"({"tokens":[]})"}, url).error(),
              testing::HasSubstr("without a \"count\""));
  const std::string deep =
      "{\"count\":" + std::string(100000, '[') + std::string(100000, ']') + "}";
  const Result<int64_t> nested = TokenCountFromTokenize({200, deep}, url);
  ASSERT_FALSE(nested.ok());
  EXPECT_THAT(nested.error(), testing::HasSubstr("nested deeper than 64"));
  EXPECT_LT(nested.error().size(), 1000u);
}

}  // namespace
}  // namespace servebench
