// Calibration against a real /tokenize: the simulator's, for every ISL of
// the seed's core and extended matrices.
#include "bench/prompts/token_counter.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <rapidjson/document.h>

#include <cstdlib>

#include "bench/prompts/prompt_calibrator.h"
#include "testing/files.h"
#include "testing/simulator.h"
#include "testing/tiny_http_server.h"

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

// llama-server's counting as its README describes it: /apply-template
// wraps the messages in the chat template, /tokenize counts "content" (here
// one token per word, plus BOS with add_special) and ignores a body without
// it, and a chat request counts its templated prompt with BOS. `request_bias`
// makes the requests count differently from /tokenize.
class FakeLlamaCpp {
 public:
  explicit FakeLlamaCpp(int request_bias = 0)
      : server_([this, request_bias](const test::HttpExchange& r, int) {
          rapidjson::Document body;
          body.Parse(r.body.data(), r.body.size());
          if (r.path == "/apply-template") {
            const std::string user = body["messages"][0]["content"].GetString();
            return Json("{\"prompt\":\"<|user|> " + user + " <|end|>\"}");
          }
          if (r.path == "/tokenize") {
            if (!body.HasMember("content")) return Json("{\"tokens\":[]}");
            const bool bos =
                body.HasMember("add_special") && body["add_special"].GetBool();
            std::string ids;
            for (int i = 0; i < Words(body["content"].GetString()) + bos; ++i) {
              ids += (ids.empty() ? "" : ",") + std::to_string(i);
            }
            return Json("{\"tokens\":[" + ids + "]}");
          }
          if (r.path == "/v1/chat/completions") {
            const std::string user = body["messages"][0]["content"].GetString();
            const int prompt =
                Words("<|user|> " + user + " <|end|>") + 1 + request_bias;
            return test::Answer{
                200,
                "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":"
                "\"Hi\"},\"finish_reason\":\"length\"}]}\n\n"
                "data: {\"choices\":[],\"usage\":{\"prompt_tokens\":" +
                    std::to_string(prompt) +
                    ",\"completion_tokens\":1,\"total_tokens\":" +
                    std::to_string(prompt + 1) + "}}\n\ndata: [DONE]\n\n",
                "text/event-stream"};
          }
          return test::Answer{404, "{}", "application/json"};
        }) {}
  std::string url() const { return server_.url(); }

  static int Words(const std::string& text) {
    int n = 0;
    bool in = false;
    for (char c : text) {
      if (c == ' ') {
        in = false;
      } else if (!in) {
        in = true;
        ++n;
      }
    }
    return n;
  }

 private:
  static test::Answer Json(std::string body) {
    return test::Answer{200, std::move(body), "application/json"};
  }
  test::TinyHttpServer server_;
};

TEST(TokenCounterTest, LlamaCppChatCountsTheTemplatedPromptWithBos) {
  FakeLlamaCpp server;
  HttpClient client(ClientOptions{});
  CountingMethod method =
      ChooseTokenCounter(client, server.url(), "m", Endpoint::kChatCompletions);
  EXPECT_EQ(method.name, "/apply-template + /tokenize");
  EXPECT_TRUE(method.server_tokenizer);
  EXPECT_EQ(method.note, "");
  // 5 words, 2 template tokens, BOS.
  auto count = method.counter("one two three four five");
  ASSERT_TRUE(count.ok()) << count.error();
  EXPECT_EQ(*count, 8);
}

TEST(TokenCounterTest, LlamaCppCountingThatDisagreesFallsBackToProbes) {
  FakeLlamaCpp server(/*request_bias=*/1);
  HttpClient client(ClientOptions{});
  CountingMethod method =
      ChooseTokenCounter(client, server.url(), "m", Endpoint::kChatCompletions);
  EXPECT_EQ(method.name, "probe requests");
  EXPECT_FALSE(method.server_tokenizer);
  EXPECT_THAT(method.note, testing::HasSubstr("counted 9 tokens"));
  EXPECT_THAT(method.note, testing::HasSubstr("a request counted as 10"));
  auto count = method.counter("one two three four five");
  ASSERT_TRUE(count.ok()) << count.error();
  EXPECT_EQ(*count, 9);  // what the server counts for a request
}

TEST(TokenCountFromTokenizeTest, RealVllmAnswerAndLlamaCppArrays) {
  // The first answer of vllm PR #5054's transcript.
  const std::string transcript = test::ReadFileOrFail(
      "bench/prompts/testdata/vllm_tokenize_2024-05_pr5054.txt");
  const size_t at = transcript.find("\n{");
  ASSERT_NE(at, std::string::npos);
  const std::string answer =
      transcript.substr(at + 1, transcript.find('\n', at + 1) - at - 1);
  const std::string url = "http://h/tokenize";
  EXPECT_EQ(*TokenCountFromTokenize({200, answer}, url), 2);
  EXPECT_EQ(
      *TokenCountFromTokensArray({200, R"({"tokens":[128000,1985]})"}, url), 2);
  EXPECT_EQ(
      *TokenCountFromTokensArray(
          {200, R"({"tokens":[{"id":1,"piece":"He"},{"id":2,"piece":[195]}]})"},
          url),
      2);
  EXPECT_THAT(TokenCountFromTokensArray({200, R"({"count":2})"}, url).error(),
              testing::HasSubstr("without a \"tokens\" array"));
  EXPECT_THAT(TemplatedPrompt({200, R"({"prompt":7})"}, url).error(),
              testing::HasSubstr("without a string \"prompt\""));
  EXPECT_EQ(*TemplatedPrompt({200, R"({"prompt":"<s>x"})"}, url), "<s>x");
}

}  // namespace
}  // namespace servebench
